//! Finding names in text and choosing, for each, the place it means.

use std::collections::HashSet;

use contested_core::Span;

use super::fold::Folded;
use super::{distance_km, Candidate, Gazetteer, NameEntry, PlaceKind, PlaceMatch};

/// A name occurrence that passed the boundary and case checks.
struct Occurrence {
    span: Span,
    entries: Vec<NameEntry>,
}

/// What the words around a name say about the kind of place it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    /// "district", "region", "province", "oblast", "governorate", or an area
    /// stated for the place ("territory 289 km2").
    Area,
    /// "city", "town".
    Town,
    /// "village", "settlement".
    Village,
}

pub(super) fn find(gazetteer: &Gazetteer, text: &str) -> Vec<PlaceMatch> {
    let folded = Folded::for_search(text);
    let mut occurrences = Vec::new();
    for m in gazetteer.automaton.find_overlapping_iter(&folded.text) {
        // The pattern's leading space is a space of the folded text; the
        // name itself is folded bytes [start, end).
        let (fs, fe) = (m.start() + 1, m.end());
        // A match must start and end on whole original characters.
        // (Byte 0 is the added space, which shares its origin with byte 1.)
        if (fs > 1 && folded.same_character(fs - 1, fs))
            || (fe < folded.text.len() && folded.same_character(fe - 1, fe))
        {
            continue;
        }
        let span = Span::new(
            folded.original(fs),
            extend_over_marks(text, folded.original(fe)),
        );
        if !is_word_bounded(text, span) {
            continue;
        }
        let written = span.slice(text);
        let pattern = m.pattern().as_usize();
        let first_is_lower = super::significant_initial(written).is_some_and(char::is_lowercase);
        // "MEGA" or "BAR" in capitals is a word shouted, not a village.
        let shouted_short = written.chars().filter(|c| c.is_alphabetic()).count() <= 4
            && written
                .chars()
                .all(|c| !c.is_alphabetic() || c.is_uppercase());
        let mut entries: Vec<NameEntry> = gazetteer.entries[pattern]
            .iter()
            .copied()
            .filter(|e| !(e.capitalised && first_is_lower))
            .filter(|e| !e.acronym || gazetteer.acronyms[&pattern].iter().any(|a| a == written))
            // Datelines shout big names too: "HOMS, Syria", "KIEV (Reuters)".
            .filter(|e| e.acronym || !shouted_short || stands_alone(gazetteer, e))
            .collect();
        if entries.iter().any(|e| e.cue_only) && place_word_near(text, span).is_none() {
            entries.retain(|e| !e.cue_only);
        }
        if !entries.is_empty() {
            occurrences.push(Occurrence { span, entries });
        }
    }
    let occurrences = leftmost_longest(occurrences);
    let occurrences = drop_person_names(gazetteer, text, occurrences);
    let demonym_countries = super::demonyms::countries_by_demonym(text);
    let occurrences = drop_out_of_context(gazetteer, occurrences, &demonym_countries);
    resolve(gazetteer, text, occurrences, &demonym_countries)
}

/// A match that ends on a letter followed by combining marks (decomposed
/// text) takes the marks along.
fn extend_over_marks(text: &str, end: usize) -> usize {
    let rest = &text[end..];
    let marks = rest
        .char_indices()
        .find(|&(_, c)| !unicode_normalization::char::is_combining_mark(c))
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    end + marks
}

fn is_word_bounded(text: &str, span: Span) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

fn leftmost_longest(mut occurrences: Vec<Occurrence>) -> Vec<Occurrence> {
    occurrences.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(b.span.end.cmp(&a.span.end))
    });
    let mut chosen: Vec<Occurrence> = Vec::new();
    for occurrence in occurrences {
        if chosen
            .last()
            .is_some_and(|last| last.span.end > occurrence.span.start)
        {
            continue;
        }
        chosen.push(occurrence);
    }
    chosen
}

/// Capitalised words that may stand before a place name without making it
/// part of a person's name ("In Aleppo", "Al Raqqa", "Rural Damascus").
const NOT_A_FIRST_NAME: &[&str] = &[
    "a",
    "an",
    "the",
    "in",
    "at",
    "on",
    "of",
    "from",
    "to",
    "near",
    "into",
    "outside",
    "inside",
    "across",
    "around",
    "and",
    "or",
    "but",
    "for",
    "with",
    "by",
    "via",
    "toward",
    "towards",
    "through",
    "over",
    "under",
    "between",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "greater",
    "upper",
    "lower",
    "old",
    "new",
    "liberated",
    "occupied",
    "besieged",
    "rebel",
    "held",
    "while",
    "when",
    "after",
    "before",
    "since",
    "if",
    "where",
    "both",
    "all",
    "as",
    "including",
    "like",
    "than",
    "then",
    "also",
    "meanwhile",
    "rural",
    "city",
    "town",
    "village",
    "district",
    "province",
    "region",
    "governorate",
    "countryside",
    "al",
    "el",
    "ad",
    "ar",
    "ash",
    "at",
    "az",
    "is",
    "was",
    "were",
    "are",
    "has",
    "had",
    "his",
    "her",
    "their",
    "its",
    "our",
    "that",
    "this",
    "these",
    "those",
    "today",
    "yesterday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const ARABIC_ARTICLES: [&str; 13] = super::ARABIC_ARTICLES;

/// Cities this big are never taken for a surname.
const NEVER_A_SURNAME: u64 = 500_000;

/// A settlement name right after a capitalised word that is neither a
/// place nor a function word ("says Maxim Shevchenko") is a surname; so is
/// every later bare use of the same name ("Shevchenko believes"). In a
/// title-cased headline ("Rebels Shell Idlib") every word is capitalised,
/// so there the rule does not apply.
fn drop_person_names(
    gazetteer: &Gazetteer,
    text: &str,
    occurrences: Vec<Occurrence>,
) -> Vec<Occurrence> {
    let settlement_only = |o: &Occurrence| {
        o.entries.iter().all(|e| {
            let place = &gazetteer.places[e.place];
            !place.curated
                && matches!(place.kind, PlaceKind::Village | PlaceKind::Town)
                && place.population.unwrap_or(0) < NEVER_A_SURNAME
        })
    };
    // "Syrias Raqqa" (apostrophe lost) is a place's possessive, not a first name.
    let is_place_word = |word: &str| {
        let key = super::fold::fold(word);
        let singular = key
            .strip_suffix("'s")
            .or_else(|| key.strip_suffix('s'))
            .unwrap_or(&key);
        [key.as_str(), singular].iter().any(|k| {
            gazetteer.pattern_index.get(*k).is_some_and(|&p| {
                gazetteer.entries[p]
                    .iter()
                    .any(|e| stands_alone(gazetteer, e))
            })
        })
    };
    let mut surnames: HashSet<String> = HashSet::new();
    // Headline detection looks at a whole line; remember it per line.
    let title_lines: std::cell::RefCell<std::collections::HashMap<usize, bool>> =
        Default::default();
    let in_title_line = |span: Span| {
        let line_start = text[..span.start].rfind('\n').map(|p| p + 1).unwrap_or(0);
        *title_lines
            .borrow_mut()
            .entry(line_start)
            .or_insert_with(|| in_title_line(text, span))
    };
    for o in &occurrences {
        if !settlement_only(o) || in_title_line(o.span) {
            continue;
        }
        let Some(stripped) = text[..o.span.start].strip_suffix(' ') else {
            continue;
        };
        let word_start = last_word_start(stripped, |c| c.is_alphabetic() || c == '\'');
        let word = &stripped[word_start..];
        let Some(first) = word.chars().next() else {
            continue;
        };
        let before_word = stripped[..word_start].trim_end();
        let sentence_start =
            before_word.is_empty() || before_word.ends_with(['.', '!', '?', '\n', ':', '"']);
        if !first.is_uppercase()
            || word.chars().count() < 2
            || word.chars().all(char::is_uppercase)
            || sentence_start
            || NOT_A_FIRST_NAME.contains(&word.to_lowercase().as_str())
            || is_place_word(word)
        {
            continue;
        }
        surnames.insert(super::fold::fold(o.span.slice(text)));
    }
    // A settlement name followed by a capitalised word is a first name
    // ("Vladimir Putin", "Nadiya Savchenko") or the first word of a longer
    // name we lack ("Khan Touman", "Tal Rafaat").
    // A list without commas ("Aleppo Homs") puts two places side by side;
    // a strong place next to the name proves it is a list.
    let strong_starts: HashSet<usize> = occurrences
        .iter()
        .filter(|o| o.entries.iter().any(|e| stands_alone(gazetteer, e)))
        .map(|o| o.span.start)
        .collect();
    let first_names: HashSet<usize> = occurrences
        .iter()
        // In a headline only an alternate spelling is suspect ("Volodymyr
        // Zelensky Visits Bucha"), not a place's own name ("Bucha Mourns Its Dead").
        .filter(|o| {
            settlement_only(o) && (!in_title_line(o.span) || o.entries.iter().all(|e| !e.preferred))
        })
        .filter(|o| {
            let rest = &text[o.span.end..];
            let Some(rest) = rest.strip_prefix(' ').or_else(|| rest.strip_prefix('-')) else {
                return false;
            };
            let len = rest
                .find(|c: char| !c.is_alphabetic() && c != '\'')
                .unwrap_or(rest.len());
            let word = &rest[..len];
            // "Khan al-Assal", "Rasm al-Sabaa": an Arabic article joins the name.
            let article = ARABIC_ARTICLES.contains(&word) && rest[len..].starts_with('-');
            article
                || word.chars().next().is_some_and(char::is_uppercase)
                    && word.chars().count() >= 2
                    && !word.chars().all(char::is_uppercase)
                    && cue_word(&word.to_lowercase()).is_none()
                    && !strong_starts.contains(&(o.span.end + 1))
                    && !is_place_word(word)
        })
        .map(|o| o.span.start)
        .collect();
    occurrences
        .into_iter()
        .filter(|o| {
            !(settlement_only(o) && surnames.contains(&super::fold::fold(o.span.slice(text))))
        })
        .filter(|o| !first_names.contains(&o.span.start))
        .collect()
}

/// Where the run of word characters that ends `s` begins.
fn last_word_start(s: &str, is_word: impl Fn(char) -> bool) -> usize {
    s.char_indices()
        .rev()
        .find(|&(_, c)| !is_word(c))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0)
}

/// Whether the span sits in a title-cased line (a headline), where
/// capitals say nothing about names.
fn in_title_line(text: &str, span: Span) -> bool {
    let line_start = text[..span.start].rfind('\n').map(|p| p + 1).unwrap_or(0);
    let line_end = text[span.end..]
        .find('\n')
        .map(|p| span.end + p)
        .unwrap_or(text.len());
    let words: Vec<&str> = text[line_start..line_end]
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 4)
        .collect();
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    words.len() >= 3 && capitalised * 10 >= words.len() * 8
}

/// Countries, regions, districts, big towns and curated places are places
/// whatever else the text says.
fn stands_alone(gazetteer: &Gazetteer, entry: &NameEntry) -> bool {
    let place = &gazetteer.places[entry.place];
    place.curated
        || matches!(
            place.kind,
            PlaceKind::Country | PlaceKind::Region | PlaceKind::District
        )
        || place.population.unwrap_or(0) >= 100_000
}

/// Drops names whose every reading is a small settlement in a country that
/// nothing else in the text points to: a Ukrainian village called "Ramadan"
/// in a report from Syria. Countries, regions, districts, big towns and
/// curated places stand on their own.
fn drop_out_of_context(
    gazetteer: &Gazetteer,
    occurrences: Vec<Occurrence>,
    demonym_countries: &HashSet<&'static str>,
) -> Vec<Occurrence> {
    let evidence: Vec<HashSet<&str>> = occurrences
        .iter()
        .map(|o| {
            let places: Vec<_> = o
                .entries
                .iter()
                .map(|e| &gazetteer.places[e.place])
                .collect();
            if let Some(country) = places.iter().find(|p| p.kind == PlaceKind::Country) {
                HashSet::from([country.country.as_str()])
            } else if places.iter().all(|p| p.country == places[0].country) {
                HashSet::from([places[0].country.as_str()])
            } else {
                HashSet::new()
            }
        })
        .collect();
    let stands_alone = |e: &NameEntry| stands_alone(gazetteer, e);
    // Only names that stand alone vouch for a country: two villages of a
    // far-away country ("Ramadan", "New York") must not vouch for each other.
    // "The Syrian town of Madaya" points to Syria as well as "Syria" does.
    let mut counts: std::collections::HashMap<&str, usize> =
        demonym_countries.iter().map(|&c| (c, 1)).collect();
    for (o, countries) in occurrences.iter().zip(&evidence) {
        if o.entries.iter().any(stands_alone) {
            for c in countries {
                *counts.entry(c).or_default() += 1;
            }
        }
    }
    occurrences
        .into_iter()
        .zip(&evidence)
        .filter(|(o, own)| {
            let strong = o.entries.iter().any(stands_alone);
            o.entries.iter().any(|e| {
                let country = gazetteer.places[e.place].country.as_str();
                let own = usize::from(strong && own.contains(country));
                stands_alone(e) || counts.get(country).copied().unwrap_or(0) > own
            })
        })
        .map(|(o, _)| o)
        .collect()
}

/// The next and previous words around a span, lowercased.
fn word_after(text: &str, end: usize) -> Option<(usize, String)> {
    let rest = &text[end..];
    // A possessive belongs to the name: "Azerbaijan's Fizuli district" is
    // about Fizuli, not about a district named Azerbaijan.
    let rest_trimmed = rest.trim_start_matches([' ', '\t']);
    let skipped = rest.len() - rest_trimmed.len();
    let len = rest_trimmed
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest_trimmed.len());
    (len > 0).then(|| (end + skipped + len, rest_trimmed[..len].to_lowercase()))
}

fn cue_word(word: &str) -> Option<Cue> {
    match word {
        "district" | "districts" | "rayon" | "rayons" | "region" | "regions" | "province"
        | "provinces" | "governorate" | "governorates" | "oblast" | "oblasts" | "raion"
        | "countryside" => Some(Cue::Area),
        "city" | "cities" | "town" | "towns" => Some(Cue::Town),
        "village" | "villages" | "settlement" | "settlements" | "hamlet" => Some(Cue::Village),
        _ => None,
    }
}

/// A place word right after the name ("Fizuli district") or a naming
/// phrase before it ("the village of Talysh"); "the Salah al-Din district
/// of Aleppo" names a part of Aleppo, not a district called Aleppo.
fn place_word_near(text: &str, span: Span) -> Option<Cue> {
    if let Some(cue) = word_after(text, span.end).and_then(|(_, w)| cue_word(&w)) {
        return Some(cue);
    }
    let before = text[..span.start].trim_end();
    let before = before.strip_suffix("of")?.trim_end();
    let word_start = last_word_start(before, char::is_alphabetic);
    let cue = cue_word(&before[word_start..].to_lowercase())?;
    let previous = before[..word_start].trim_end();
    let previous_start = last_word_start(previous, char::is_alphabetic);
    let names_a_part = previous[previous_start..]
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
        && !previous[..previous_start].trim_end().ends_with(['.', '\n']);
    (!names_a_part).then_some(cue)
}

/// An area stated for the place in the same clause: "Kalbajar: april 2,
/// 1993, territory 3054 km2". A town has no territory of its own to state.
fn area_stated_after(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let mut clause_end = rest.find([';', '\n', '.']).unwrap_or(rest.len()).min(80);
    // `str::floor_char_boundary` is not stable on our minimum Rust.
    while !rest.is_char_boundary(clause_end) {
        clause_end -= 1;
    }
    let clause = rest[..clause_end].to_lowercase();
    [
        "territory",
        "km2",
        "km²",
        "sq km",
        "square kilomet",
        "hectare",
    ]
    .iter()
    .any(|w| clause.contains(w))
}

/// Cues for each occurrence, shared along lists: in "the Fizuli and
/// Jabrail districts" both names get the district cue.
fn cues(text: &str, occurrences: &[Occurrence]) -> Vec<Option<Cue>> {
    let mut cues: Vec<Option<Cue>> = occurrences
        .iter()
        .map(|o| {
            // A name that ends in a place word ("Khojaly District") cues itself.
            let own_last_word = o.span.slice(text).rsplit(' ').next().map(str::to_lowercase);
            own_last_word
                .and_then(|w| cue_word(&w))
                .or_else(|| place_word_near(text, o.span))
                .or_else(|| area_stated_after(text, o.span.end).then_some(Cue::Area))
        })
        .collect();
    for i in (0..occurrences.len().saturating_sub(1)).rev() {
        if cues[i].is_some() {
            continue;
        }
        let gap = &text[occurrences[i].span.end..occurrences[i + 1].span.start];
        let is_list_gap = gap
            .split(|c: char| c == ',' || c.is_whitespace())
            .all(|w| w.is_empty() || w == "and" || w == "or" || w == "&");
        let plural_next = word_after(text, occurrences[i + 1].span.end)
            .is_some_and(|(_, w)| w.ends_with('s') && cue_word(&w).is_some());
        if is_list_gap && plural_next {
            cues[i] = cues[i + 1];
        }
    }
    cues
}

fn prior(gazetteer: &Gazetteer, entry: &NameEntry) -> f64 {
    let place = &gazetteer.places[entry.place];
    let population = place.population.unwrap_or(0) as f64;
    let mut score = match place.kind {
        PlaceKind::Country => 6.0,
        PlaceKind::Region => 4.0,
        // Below a small town's prior: "the capture of Lachin" is the town,
        // "Lachin district" or "Lachin: territory 1840 km2" the district.
        PlaceKind::District => 2.5,
        PlaceKind::Town => 2.0 + 0.5 * (population + 1.0).log10(),
        PlaceKind::Village => 1.0 + 0.5 * (population + 1.0).log10(),
        PlaceKind::Feature => 2.0,
    };
    if place.id.starts_with("contested:") || place.id.starts_with("user:") {
        // Curated for news by us or by the user.
        score += 1.0;
    }
    if entry.preferred {
        score += 0.5;
    }
    score
}

fn cue_bonus(kind: PlaceKind, cue: Option<Cue>) -> f64 {
    match (cue, kind) {
        (None, _) => 0.0,
        (Some(Cue::Area), PlaceKind::District | PlaceKind::Region) => 5.0,
        (Some(Cue::Area), PlaceKind::Town | PlaceKind::Village) => -2.0,
        (Some(Cue::Town), PlaceKind::Town) => 3.0,
        (Some(Cue::Village), PlaceKind::Village) => 3.0,
        (
            Some(Cue::Town | Cue::Village),
            PlaceKind::District | PlaceKind::Region | PlaceKind::Country,
        ) => -2.0,
        _ => 0.0,
    }
}

fn resolve(
    gazetteer: &Gazetteer,
    text: &str,
    occurrences: Vec<Occurrence>,
    demonym_countries: &HashSet<&'static str>,
) -> Vec<PlaceMatch> {
    let cues = cues(text, &occurrences);
    // Countries the text names, and countries of names that can only be in one.
    let mut countries: HashSet<&str> = demonym_countries.clone();
    for o in &occurrences {
        let places: Vec<_> = o
            .entries
            .iter()
            .map(|e| &gazetteer.places[e.place])
            .collect();
        if let Some(country) = places.iter().find(|p| p.kind == PlaceKind::Country) {
            countries.insert(country.country.as_str());
        } else if places.iter().all(|p| p.country == places[0].country) {
            countries.insert(places[0].country.as_str());
        }
    }
    let score_without_neighbours = |i: usize, e: &NameEntry| {
        let place = &gazetteer.places[e.place];
        let mut score = prior(gazetteer, e) + cue_bonus(place.kind, cues[i]);
        if countries.contains(place.country.as_str()) && place.kind != PlaceKind::Country {
            score += 2.5;
        }
        score
    };
    // First round: countries and cues alone.
    let first: Vec<Vec<(f64, NameEntry)>> = occurrences
        .iter()
        .enumerate()
        .map(|(i, o)| {
            ranked(
                o.entries
                    .iter()
                    .map(|e| (score_without_neighbours(i, e), *e))
                    .collect(),
            )
        })
        .collect();
    // The places the first round was sure of, weighted by how often and how
    // surely they are named; unsure readings vouch for nothing.
    let mut anchors: std::collections::HashMap<usize, f64> = std::collections::HashMap::new();
    let mut own_anchor: Vec<Option<(usize, f64)>> = vec![None; first.len()];
    for (i, scored) in first.iter().enumerate() {
        let (place, sure) = (scored[0].1.place, share(scored, 0));
        if sure >= 0.7 && gazetteer.places[place].kind != PlaceKind::Country {
            *anchors.entry(place).or_default() += sure;
            own_anchor[i] = Some((place, sure));
        }
    }
    // Second round, only where there is a choice: near the places the text
    // is about. Every mention counts, with diminishing returns: a text about
    // Karabakh names many places there.
    let mut result = Vec::with_capacity(occurrences.len());
    for (i, (o, scored)) in occurrences.iter().zip(first).enumerate() {
        let scored = if scored.len() > 1 {
            ranked(
                scored
                    .into_iter()
                    .map(|(_, e)| {
                        let place = &gazetteer.places[e.place];
                        let mut score = score_without_neighbours(i, &e);
                        if place.kind != PlaceKind::Country {
                            let support: f64 = anchors
                                .iter()
                                // A name does not vouch for its own readings;
                                // other mentions of the same place do.
                                .map(|(&a, &weight)| match own_anchor[i] {
                                    Some((own, sure)) if own == a => (a, weight - sure),
                                    _ => (a, weight),
                                })
                                .map(|(a, weight)| {
                                    weight
                                        * (-distance_km(place, &gazetteer.places[a]) / 75.0).exp()
                                })
                                .sum();
                            score += 1.2 * support.ln_1p();
                        }
                        (score, e)
                    })
                    .collect(),
            )
        } else {
            scored
        };
        let best = scored[0].1;
        let place = &gazetteer.places[best.place];
        let mut confidence = share(&scored, 0);
        if best.cue_only {
            confidence *= 0.8;
        }
        let alternatives = (1..scored.len())
            .map(|k| {
                let alt = &gazetteer.places[scored[k].1.place];
                Candidate {
                    place_id: alt.id.clone(),
                    kind: alt.kind,
                    confidence: share(&scored, k),
                }
            })
            .collect();
        result.push(PlaceMatch {
            span: o.span,
            name: o.span.slice(text).to_string(),
            place_id: place.id.clone(),
            kind: place.kind,
            alternatives,
            confidence,
        });
    }
    result
}

/// Candidates best first.
fn ranked(mut scored: Vec<(f64, NameEntry)>) -> Vec<(f64, NameEntry)> {
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored
}

/// The softmax share of candidate `k` among ranked candidates.
fn share(scored: &[(f64, NameEntry)], k: usize) -> f64 {
    let top = scored[0].0;
    let total: f64 = scored.iter().map(|(s, _)| (s - top).exp()).sum();
    (scored[k].0 - top).exp() / total
}
