//! Each claim reduced to what comparison needs: who owns the figure, its
//! bounds with a tolerance for rounding, its time interval, its place and
//! region, and the scope key that buckets it.

use std::collections::HashMap;

use contested_core::{Qualifier, Role, Stance, Unit};

use crate::{ClaimInput, Geography};

const DAY: i64 = 86_400;
/// An undated claim is about the days just before its article's publication.
const UNDATED_LOOKBACK: i64 = 3 * DAY;
/// Intervals longer than this are not one event's figure but a period's.
const MONTH_WINDOW_MAX: i64 = 62 * DAY;
const YEAR_WINDOW_MAX: i64 = 400 * DAY;

/// Relative tolerance for figures that are exact as written: reporters round.
const EXACT_TOLERANCE: f64 = 0.05;
const APPROXIMATE_TOLERANCE: f64 = 0.15;

#[derive(Debug, Clone)]
pub(crate) struct Prepared<'a> {
    pub input: &'a ClaimInput,
    /// Index into the caller's slice: a stable tie-breaker.
    pub index: usize,
    /// Normalised innermost speaker: the source of the figure.
    pub owner: String,
    /// The owner as written, for explanations.
    pub owner_display: String,
    pub stance: Stance,
    /// Speakers between the outlet and the owner who deny or doubt the figure.
    pub doubters: Vec<(String, Stance)>,
    /// The first occurrence of the text: a copy, a later page carrying the
    /// same template, or a repeat inside one document is not.
    pub independent: bool,
    /// Tolerant bounds (open ends are infinite).
    pub low: f64,
    pub high: f64,
    /// The figure as a single number for ratios: the stated bound.
    pub point: f64,
    /// Time interval in Unix seconds, when known or inferable.
    pub interval: Option<(i64, i64)>,
    pub place: Option<&'a str>,
    pub measure: String,
    pub key: String,
    /// Compared only inside its document (no place below the country).
    pub broad: bool,
    /// The text states the day (not taken from the publication date).
    pub stated_day: bool,
    /// Order in which the source said things: publication, then position.
    pub said_at: Option<i64>,
}

pub(crate) fn normalise_speaker(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    if words.first().is_some_and(|w| matches!(*w, "the" | "a" | "an")) {
        words.remove(0);
    }
    let joined = words.join(" ");
    joined.trim_end_matches("'s").trim_end_matches('’').trim_end_matches(|c: char| !c.is_alphanumeric()).to_string()
}

/// The place a figure is about: the nearest resolved place named before it
/// ("Shusha: may 08, 1992, territory 289 km2"), else the nearest after it.
fn primary_place(input: &ClaimInput) -> Option<&str> {
    let figure = input.claim.span;
    let resolved = input.claim.places.iter().filter(|p| p.place_id.is_some());
    let before = resolved.clone().filter(|p| p.span.end <= figure.start).max_by_key(|p| p.span.end);
    let after = resolved.filter(|p| p.span.start >= figure.end).min_by_key(|p| p.span.start);
    before.or(after).and_then(|p| p.place_id.as_deref())
}

fn bounds(input: &ClaimInput) -> (f64, f64, f64) {
    let value = &input.claim.value;
    let tolerance = match value.qualifier {
        Qualifier::Exact | Qualifier::MoreThan | Qualifier::AtLeast | Qualifier::LessThan | Qualifier::AtMost => {
            EXACT_TOLERANCE
        }
        Qualifier::Approximate | Qualifier::Vague | Qualifier::Range => APPROXIMATE_TOLERANCE,
    };
    let low = value.low.map(|v| v * (1.0 - tolerance)).unwrap_or(0.0);
    let high = value.high.map(|v| v * (1.0 + tolerance)).unwrap_or(f64::INFINITY);
    let point = value.low.or(value.high).unwrap_or(0.0);
    (low, high, point)
}

fn interval(input: &ClaimInput) -> Option<(i64, i64)> {
    if let Some(time) = &input.claim.time {
        let start = time.start.as_second();
        let end = time.end.as_second().max(start + 1);
        return Some((start, end));
    }
    input.published.map(|p| {
        let at = p.as_second();
        (at - UNDATED_LOOKBACK, at + DAY)
    })
}

/// Days since 1970-01-01 to (year, month): Howard Hinnant's civil_from_days.
fn year_month(seconds: i64) -> (i64, u32) {
    let days = seconds.div_euclid(DAY);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month)
}

/// The time part of a scope key: the month a short interval ends in (for an
/// undated claim, its publication month), the year of a longer one, the span
/// of years of a period.
pub(crate) fn window(interval: Option<(i64, i64)>) -> String {
    let Some((start, end)) = interval else { return "undated".to_string() };
    let length = end - start;
    let middle = start + length / 2;
    if length <= MONTH_WINDOW_MAX {
        let (y, m) = year_month(end - 1);
        format!("{y:04}-{m:02}")
    } else if length <= YEAR_WINDOW_MAX {
        format!("{:04}", year_month(middle).0)
    } else {
        format!("{:04}..{:04}", year_month(start).0, year_month(end - 1).0)
    }
}

/// "Villages" and "village" are one kind of thing; "tanks" and "villages"
/// are not the same quantity.
fn counted_noun(noun: &str) -> String {
    let last = noun.split_whitespace().last().unwrap_or("").to_lowercase();
    last.strip_suffix('s').filter(|s| s.len() > 2).map(str::to_string).unwrap_or(last)
}

/// Who is counted, coarsely: "two women" and "48 people" are not the same
/// quantity, while "civilians" and "people" may be.
fn people_class(noun: &str) -> String {
    let word = noun.split_whitespace().last().unwrap_or("").to_lowercase();
    let class = match word.as_str() {
        "children" | "child" | "kids" | "babies" | "infants" | "girls" | "boys" | "minors" => "children",
        "women" | "woman" => "women",
        "soldiers" | "soldier" | "troops" | "servicemen" | "serviceman" | "officers" | "officer" | "personnel"
        | "policemen" | "guards" | "pilots" | "conscripts" | "servicemembers" => "military",
        "militants" | "terrorists" | "rebels" | "fighters" | "jihadists" | "insurgents" | "gunmen" | "militiamen"
        | "combatants" | "mercenaries" => "fighters",
        _ => "people",
    };
    class.to_string()
}

pub(crate) fn measure_of(input: &ClaimInput) -> String {
    input.claim.measure.clone().unwrap_or_else(|| input.claim.kind.as_str().to_string())
}

/// Whether the claim states a number reconciliation can compare.
pub(crate) fn has_figure(input: &ClaimInput) -> bool {
    let v = &input.claim.value;
    v.low.is_some_and(f64::is_finite) || v.high.is_some_and(f64::is_finite)
}

/// Prepares every claim that has a figure; `index` is the position among those. A claim without a place takes the country most of
/// its document's placed claims are in, so "freed more than 2,000 hectares of
/// land" meets the other figures of the same article: callers must pass
/// whole documents (see the crate docs).
pub(crate) fn prepare<'a>(claims: &'a [ClaimInput], geo: &dyn Geography) -> Vec<Prepared<'a>> {
    let mut doc_countries: HashMap<&str, HashMap<String, usize>> = HashMap::new();
    for input in claims {
        let place = primary_place(input);
        if let Some(country) = place.and_then(|p| geo.country_of(p)) {
            *doc_countries.entry(input.claim.doc.as_str()).or_default().entry(country).or_default() += 1;
        }
    }
    let doc_country: HashMap<&str, String> = doc_countries
        .into_iter()
        .filter_map(|(doc, counts)| {
            counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0))).map(|(c, _)| (doc, c))
        })
        .collect();

    // Speakers named in full once and shortened later in the same document
    // ("Azerbaijani defense ministry" ... "the defense ministry") are one source.
    let mut doc_speakers: HashMap<&str, Vec<String>> = HashMap::new();
    for input in claims {
        if let Some(last) = input.claim.attribution.last() {
            doc_speakers.entry(input.claim.doc.as_str()).or_default().push(normalise_speaker(&last.speaker));
        }
    }
    for names in doc_speakers.values_mut() {
        names.sort_unstable();
        names.dedup();
    }
    let canonical = |doc: &str, speaker: String| -> String {
        doc_speakers
            .get(doc)
            .and_then(|names| {
                names
                    .iter()
                    .filter(|n| {
                        n.len() > speaker.len()
                            && n.ends_with(speaker.as_str())
                            && n.as_bytes()[n.len() - speaker.len() - 1] == b' '
                    })
                    .min_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)))
                    .cloned()
            })
            .unwrap_or(speaker)
    };

    claims
        .iter()
        .filter(|c| has_figure(c))
        .enumerate()
        .map(|(index, input)| {
            let chain = &input.claim.attribution;
            let last = chain.last();
            let owner_display = last
                .map(|a| a.speaker.clone())
                .or_else(|| input.outlet.clone())
                .unwrap_or_else(|| "unknown source".to_string());
            let owner = canonical(&input.claim.doc, normalise_speaker(&owner_display));
            let stance = last.map(|a| a.stance).unwrap_or(Stance::Asserts);
            let doubters = chain
                .iter()
                .enumerate()
                .filter(|(i, a)| *i > 0 && *i + 1 < chain.len() && a.stance != Stance::Asserts)
                .map(|(_, a)| (a.speaker.clone(), a.stance))
                .collect();
            let (low, high, point) = bounds(input);
            let interval = interval(input);
            let place = primary_place(input);
            let region = place
                .and_then(|p| geo.country_of(p))
                .or_else(|| doc_country.get(input.claim.doc.as_str()).cloned())
                .unwrap_or_else(|| "?".to_string());
            let measure = measure_of(input);
            // Across documents only a place below the country says two
            // figures are about the same thing; a figure for a whole country
            // or for no named place is compared within its own document.
            let broad = place.is_none_or(|p| geo.parent(p).is_none());
            let unit = match (&input.claim.value.unit, &input.claim.value.counted) {
                (Unit::Items, Some((_, noun))) => format!("item:{}", counted_noun(noun)),
                (Unit::People, Some((_, noun))) => format!("person:{}", people_class(noun)),
                (unit, _) => unit.as_str().to_string(),
            };
            let mut key = format!("{measure}|{unit}|{region}|{}", window(interval));
            if broad {
                key.push_str("|doc:");
                key.push_str(&input.claim.doc);
            }
            Prepared {
                input,
                index,
                owner,
                owner_display,
                stance,
                doubters,
                independent: input.original.is_none() && input.role != Role::Repeat,
                low,
                high,
                point,
                interval,
                place,
                measure,
                key,
                broad,
                stated_day: input.claim.time.as_ref().is_some_and(|t| (t.end.as_second() - t.start.as_second()) <= 2 * DAY),
                said_at: input.published.map(|p| p.as_second()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_from_seconds() {
        assert_eq!(year_month(0), (1970, 1));
        // 2016-04-02T00:00:00Z
        assert_eq!(year_month(1_459_555_200), (2016, 4));
        // 1992-02-29T12:00:00Z, a leap day
        assert_eq!(year_month(699_364_800), (1992, 2));
    }

    #[test]
    fn speakers_lose_articles_and_case() {
        assert_eq!(normalise_speaker("the Defense Ministry"), "defense ministry");
        assert_eq!(normalise_speaker(" Armenia's "), "armenia");
    }
}
