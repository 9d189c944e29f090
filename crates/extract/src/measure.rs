//! What a figure measures, in neutral words, beside the speaker's own verb.
//!
//! "Georgian troops recaptured 35 square kilometres" and "rebels occupied
//! 15 percent of Syria" both describe area
//! changing hands; the ledger keeps each side's verb as written and maps it
//! to a neutral measure ("territory", "share_of_territory") with the party
//! the area went to or came from when the text says so.

use contested_core::Span;

use crate::actors::tokens::{tokenize, Token, TokenKind};
use crate::actors::{country_at, find_actors, ActorKind};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Measure {
    /// Neutral name: "territory", "killed", "wounded", "killed_or_wounded",
    /// "missing", "captured", "destroyed", "displaced",
    /// "share_of_territory", "casualties", "count".
    pub measure: Option<&'static str>,
    /// The speaker's own word for it, as written: "liberated", "occupied", "loss".
    pub verb: Option<(Span, String)>,
    /// The party that gained the area, when stated: an ISO2 code ("AZ"), or
    /// the actor id of a group with no country ("group:rebels").
    pub to: Option<String>,
    /// The party that lost it, when stated, in the same form.
    pub from: Option<String>,
}

const AREA_UNITS: &[&str] = &[
    "hectares", "hectare", "ha", "km2", "km²", "sq", "square", "acres", "acre", "dunams",
];
const PERCENT_WORDS: &[&str] = &["percent", "per", "%", "pct"];
const TERRITORY_WORDS: &[&str] = &[
    "territory",
    "territories",
    "land",
    "lands",
    "area",
    "areas",
    "country",
];

/// Verbs of area changing hands: (word, whether the subject gains the area).
const TERRITORY_VERBS: &[(&str, bool)] = &[
    ("liberated", true),
    ("liberate", true),
    ("liberating", true),
    ("liberation", true),
    ("freed", true),
    ("free", true),
    ("regained", true),
    ("recaptured", true),
    ("retook", true),
    ("retaken", true),
    ("reclaimed", true),
    ("captured", true),
    ("capture", true),
    ("seized", true),
    ("took", true),
    ("taken", true),
    ("occupied", true),
    ("occupies", true),
    ("occupy", true),
    ("occupation", true),
    ("gained", true),
    ("controls", true),
    ("controlled", true),
    ("control", true),
    ("advanced", true),
    ("lost", false),
    ("loss", false),
    ("losses", false),
    ("ceded", false),
    ("surrendered", false),
    ("withdrew", false),
    ("abandoned", false),
];

const KILLED_WORDS: &[&str] = &[
    "killed",
    "kill",
    "killing",
    "dead",
    "died",
    "die",
    "deaths",
    "death",
    "lives",
    "fatalities",
    "massacred",
    "slain",
    "executed",
    "martyred",
    "martyrs",
    "bodies",
    "perished",
    "toll",
];
const WOUNDED_WORDS: &[&str] = &[
    "wounded", "injured", "injuries", "injuring", "wounding", "hurt", "injury",
];
const CASUALTY_WORDS: &[&str] = &["casualties", "casualty", "losses"];
const MISSING_WORDS: &[&str] = &["missing", "disappeared"];
const CAPTURED_WORDS: &[&str] = &[
    "captured",
    "taken prisoner",
    "prisoners",
    "prisoner",
    "detained",
    "abducted",
    "kidnapped",
    "arrested",
    "hostages",
    "seized",
    "captives",
];
const DISPLACED_WORDS: &[&str] = &[
    "displaced",
    "fled",
    "refugees",
    "evacuated",
    "homeless",
    "uprooted",
];
const DESTROYED_WORDS: &[&str] = &[
    "destroyed",
    "destroying",
    "destroy",
    "downed",
    "shot",
    "wrecked",
    "disabled",
    "demolished",
];
const EQUIPMENT: &[&str] = &[
    "tanks",
    "tank",
    "drones",
    "drone",
    "uavs",
    "helicopters",
    "helicopter",
    "aircraft",
    "planes",
    "plane",
    "jets",
    "vehicles",
    "vehicle",
    "artillery",
    "guns",
    "launchers",
    "mortars",
    "howitzers",
    "systems",
    "trucks",
    "ships",
    "boats",
    "warplanes",
    "missiles",
    "rockets",
    "positions",
];
const PEOPLE: &[&str] = &[
    "people",
    "civilians",
    "civilian",
    "persons",
    "soldiers",
    "soldier",
    "servicemen",
    "serviceman",
    "troops",
    "fighters",
    "militants",
    "rebels",
    "children",
    "women",
    "men",
    "residents",
    "refugees",
    "victims",
    "members",
    "personnel",
    "gunmen",
    "jihadists",
    "terrorists",
    "insurgents",
    "protesters",
    "migrants",
    "prisoners",
    "hostages",
    "policemen",
    "officers",
    "killed",
    "wounded",
    "injured",
    "dead",
    "others",
    "individuals",
    "troopers",
    "forces",
    "militiamen",
    "guards",
    "pilots",
    "doctors",
    "medics",
    "journalists",
    "volunteers",
    "workers",
    "students",
    "babies",
    "infants",
    "girls",
    "boys",
    "activists",
    "detainees",
    "servicemembers",
    "conscripts",
    "combatants",
];

/// Classifies the figure at `figure` inside `sentence` of `text`.
pub fn measure(text: &str, sentence: Span, figure: Span) -> Measure {
    let Some(sentence) = measured_sentence(text, sentence, figure) else {
        return Measure::default();
    };
    measure_in(text, sentence, figure, &sentence_tokens(text, sentence))
}

/// The span [`measure`] reads for `figure`: `sentence`, widened to hold the
/// figure; `None` when either span does not cut `text`.
pub(crate) fn measured_sentence(text: &str, sentence: Span, figure: Span) -> Option<Span> {
    let valid = |s: Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    if !valid(sentence) || !valid(figure) || figure.is_empty() {
        return None;
    }
    // A figure the caller's sentence does not hold widens the sentence rather than being lost.
    Some(Span::new(
        sentence.start.min(figure.start),
        sentence.end.max(figure.end),
    ))
}

/// The tokens of `sentence` (from [`measured_sentence`]) with spans into `text`.
pub(crate) fn sentence_tokens(text: &str, sentence: Span) -> Vec<Token<'_>> {
    tokenize(&text[sentence.start..sentence.end])
        .into_iter()
        .map(|t| Token {
            span: t.span.shifted(sentence.start),
            ..t
        })
        .collect()
}

/// [`measure`] over `sentence` from [`measured_sentence`] and its
/// [`sentence_tokens`], which callers measuring several figures of one
/// sentence tokenize once.
pub(crate) fn measure_in(text: &str, sentence: Span, figure: Span, tokens: &[Token<'_>]) -> Measure {
    let Some(first) = tokens.iter().position(|t| t.span.end > figure.start) else {
        return Measure::default();
    };
    let last = tokens
        .iter()
        .rposition(|t| t.span.start < figure.end)
        .unwrap_or(first);
    // The clause around the figure: a few words either side, not past a ';' or a new clause.
    let window_start = clause_start(tokens, first);
    let window_end = clause_end(tokens, last);
    let inside = &tokens[first..=last];
    let after = &tokens[last + 1..window_end];
    let near_after = &after[..after.len().min(6)];

    let has = |set: &[&str], toks: &[Token<'_>]| toks.iter().any(|t| t.is_any(set));
    if is_date_part(tokens, first, last) || is_not_a_count(tokens, first, last) {
        return Measure::default();
    }
    let unit_area =
        has(AREA_UNITS, inside) || has(AREA_UNITS, &near_after[..near_after.len().min(2)]);
    let unit_percent =
        has(PERCENT_WORDS, inside) || near_after.first().is_some_and(|t| t.is_any(PERCENT_WORDS));
    let counted_people = has(PEOPLE, inside) || has(PEOPLE, near_after);
    let counted_equipment = has(EQUIPMENT, inside) || has(EQUIPMENT, near_after);
    let window: Vec<Token<'_>> = tokens[window_start..window_end].to_vec();

    let mut result = Measure::default();
    if unit_area
        || (unit_percent
            && (has(TERRITORY_WORDS, &window)
                || of_country(tokens, last + 1, window_end).is_some()))
    {
        result.measure = Some(if unit_area {
            "territory"
        } else {
            "share_of_territory"
        });
        if let Some((idx, gains)) = territory_verb(tokens, window_start, window_end, first) {
            let verb = &tokens[idx];
            result.verb = Some((verb.span, verb.text.to_string()));
            let subject = subject_side(text, sentence, verb.span.start);
            let by = party_after(tokens, idx + 1, window_end, "by");
            let from = party_after(tokens, idx + 1, window_end, "from")
                .or_else(|| of_country(tokens, last + 1, window_end));
            if gains {
                result.to = by.or(subject);
                result.from = from;
            } else {
                result.from = subject.or(from);
            }
        } else {
            result.verb = heading_verb(text, sentence);
        }
        return result;
    }

    // A bare number counts people only beside the verb or a word that makes it a head count.
    let beside = |i: usize| {
        tokens.get(i).is_some_and(|t| {
            t.is_any(KILLED_WORDS)
                || t.is_any(WOUNDED_WORDS)
                || t.is_any(CASUALTY_WORDS)
                || t.is_any(&[
                    "including",
                    "others",
                    "among",
                    "were",
                    "have",
                    "had",
                    "people",
                ])
        })
    };
    // "ten times higher than ours": a ratio takes its measure from the words around it.
    let ratio =
        has(&["times", "fold"], inside) || near_after.first().is_some_and(|t| t.is("times"));
    // "put the death toll at at least 70".
    let toll = tokens[first.saturating_sub(5)..first]
        .iter()
        .any(|t| t.is_any(&["toll", "casualties", "deaths", "fatalities"]));
    let people_context = counted_people
        || ratio
        || toll
        || (!counted_equipment
            && (beside(last + 1)
                || (first > 0 && beside(first - 1))
                || (first > 1
                    && tokens[first - 1]
                        .is_any(&["least", "than", "about", "some", "nearly", "around", "over"])
                    && beside(first - 2))));
    // Token distance from the figure: the nearest word of each kind decides, so in "560
    // servicemen were killed … casualties were 10 times higher" 560 is killed, 10 casualties.
    let distance = |i: usize| {
        if i < first {
            first - i
        } else {
            i.saturating_sub(last)
        }
    };
    let nearest = |words: &[&str]| {
        (window_start..window_end)
            .filter(|&i| (i < first || i > last) && tokens[i].is_any(words))
            .min_by_key(|&i| distance(i))
    };
    let verb_at = |i: usize| Some((tokens[i].span, tokens[i].text.to_string()));
    let closest = |kinds: &[(&'static str, &[&str])]| {
        kinds
            .iter()
            .filter_map(|(name, words)| nearest(words).map(|i| (distance(i), *name, i)))
            .min_by_key(|(d, _, _)| *d)
    };
    // "killed or wounded", "dead and injured": one figure for both.
    let both = (window_start..window_end.saturating_sub(2)).find(|&i| {
        let (a, conj, b) = (&tokens[i], &tokens[i + 1], &tokens[i + 2]);
        conj.is_any(&["or", "and"])
            && ((a.is_any(KILLED_WORDS) && b.is_any(WOUNDED_WORDS))
                || (a.is_any(WOUNDED_WORDS) && b.is_any(KILLED_WORDS)))
            && distance(i).min(distance(i + 2)) <= 4
            // "killing 4 and wounding 9, of whom 2 dead and injured": a pair
            // past another figure belongs to that figure.
            && {
                let between = if i > last { last + 1..i } else { (i + 3).min(first)..first };
                !tokens[between].iter().any(|t| t.kind == TokenKind::Number)
            }
    });
    // "150 bodies", "15 deaths", "640 were injured": the figure's own word
    // says what happened, whatever else the sentence reports.
    let own_fate = inside.iter().enumerate().rev().find_map(|(offset, t)| {
        if t.is_any(KILLED_WORDS) {
            Some((0, "killed", first + offset))
        } else if t.is_any(WOUNDED_WORDS) {
            Some((0, "wounded", first + offset))
        } else {
            None
        }
    });
    // "the army lost 15 fighters": people lost are dead, not captured.
    let lost_people = (counted_people && !counted_equipment)
        .then(|| {
            tokens[first.saturating_sub(3)..first]
                .iter()
                .rposition(|t| t.is_any(&["lost", "lose", "losing", "loses"]))
                .map(|offset| (0, "killed", first.saturating_sub(3) + offset))
        })
        .flatten();
    // A percentage of people is a rate, not a head count; only territory shares are measured.
    if unit_percent {
        return result;
    }
    // "26 Qatari hunters kidnapped", "kidnapped 26 hunters": a plural noun right after the
    // figure with a verb of what happened to people close by.
    let plural_then_verb = !counted_equipment
        && after.iter().take(3).any(|t| is_plural_noun(t))
        && (window_start..window_end).any(|i| {
            ((i > last && i - last <= 4) || (i < first && first - i <= 3))
                && [
                    KILLED_WORDS,
                    WOUNDED_WORDS,
                    MISSING_WORDS,
                    CAPTURED_WORDS,
                    DISPLACED_WORDS,
                ]
                .iter()
                .any(|words| tokens[i].is_any(words))
        });
    let people_context = people_context || plural_then_verb || own_fate.is_some();
    let chosen = if counted_equipment && !counted_people {
        closest(&[("destroyed", DESTROYED_WORDS), ("captured", CAPTURED_WORDS)])
    } else if people_context {
        let both_inside = both.filter(|&i| i >= first && i <= last);
        match both {
            Some(i) if both_inside.is_some() || own_fate.is_none() => Some((0, "killed_or_wounded", i)),
            _ if own_fate.is_some() => own_fate,
            _ if lost_people.is_some() => lost_people,
            _ => closest(&[
                ("killed", KILLED_WORDS),
                ("wounded", WOUNDED_WORDS),
                ("casualties", CASUALTY_WORDS),
                ("missing", MISSING_WORDS),
                ("captured", CAPTURED_WORDS),
                ("displaced", DISPLACED_WORDS),
            ]),
        }
    } else {
        None
    };
    let (measure, verb) = match chosen {
        Some((_, name, i)) => (name, verb_at(i)),
        // "four UN Security Council resolutions", "158 accounts": a plural noun is counted.
        None if after
            .iter()
            .take(4)
            .take_while(|t| t.is_word())
            .any(|t| is_plural_noun(t))
            && inside
                .iter()
                .all(|t| t.kind == TokenKind::Number || t.is_word()) =>
        {
            ("count", None)
        }
        None => return result,
    };
    result.measure = Some(measure);
    result.verb = verb;
    result
}

fn is_month_token(token: &Token<'_>) -> bool {
    token.is_any(&crate::calendar::MONTHS) || token.is_any(&crate::calendar::MONTH_ABBREVIATIONS)
}

/// "24 Oct 2014", "since March 2011", "in 1992": a number that is part of a date.
fn is_date_part(tokens: &[Token<'_>], first: usize, last: usize) -> bool {
    if last > first || tokens[first].kind != TokenKind::Number {
        return false;
    }
    // "Feb. 25": the abbreviation's period is its own token.
    let prev_index = match first.checked_sub(1) {
        Some(i) if tokens[i].text == "." && i > 0 => Some(i - 1),
        other => other,
    };
    let prev = prev_index.map(|i| &tokens[i]);
    let next = tokens.get(last + 1);
    let month_beside =
        prev.is_some_and(is_month_token) || next.is_some_and(is_month_token);
    let year = tokens[first].text.len() == 4
        && tokens[first]
            .text
            .parse::<u32>()
            .is_ok_and(|y| (1900..=2100).contains(&y))
        && prev.is_some_and(|t| {
            t.is_any(&[
                "in", "since", "until", "till", "of", "from", "before", "after", "by", "year",
            ])
        })
        && !next.is_some_and(|t| t.is_any(PEOPLE) || t.is_any(EQUIPMENT) || t.is_any(AREA_UNITS));
    month_beside || year
}

fn clause_start(tokens: &[Token<'_>], from: usize) -> usize {
    let mut i = from;
    let mut words = 0;
    while i > 0 && words < 10 {
        let t = &tokens[i - 1];
        if matches!(t.text, ";" | "\n" | ":" | "(")
            || (t.text == ","
                && tokens
                    .get(i)
                    .is_some_and(|n| n.is_any(&["which", "while", "but", "whereas"])))
        {
            break;
        }
        if t.is_word() {
            words += 1;
        }
        i -= 1;
    }
    i
}

fn clause_end(tokens: &[Token<'_>], from: usize) -> usize {
    let mut i = from + 1;
    let mut words = 0;
    while i < tokens.len() && words < 10 {
        let t = &tokens[i];
        if matches!(t.text, ";" | "\n" | ")")
            || (t.text == ","
                && tokens
                    .get(i + 1)
                    .is_some_and(|n| n.is_any(&["which", "while", "but", "whereas", "and"])))
        {
            break;
        }
        if t.is_word() {
            words += 1;
        }
        i += 1;
    }
    i
}

/// A list or table of areas with no verb of its own takes its word from the
/// heading line right above it: under a heading "Areas Lost in Numbers", the
/// line "Alpha: 1994, territory 120 km2; …" is about areas lost.
fn heading_verb(text: &str, sentence: Span) -> Option<(Span, String)> {
    let line_start = text[..sentence.start].rfind('\n').map_or(0, |p| p + 1);
    if !text[line_start..sentence.start].trim().is_empty() {
        return None;
    }
    let above = text[..line_start].trim_end();
    let heading_start = above.rfind('\n').map_or(0, |p| p + 1);
    let heading = &above[heading_start..];
    if heading.is_empty() || heading.len() > 100 || heading.ends_with(['.', ',', ';', ':']) {
        return None;
    }
    tokenize(heading)
        .into_iter()
        .find(|t| TERRITORY_VERBS.iter().any(|(w, _)| t.is(w)))
        .map(|t| {
            let span = t.span.shifted(heading_start);
            (span, t.text.to_string())
        })
}

/// The territory verb nearest the figure, preferring one before it.
fn territory_verb(
    tokens: &[Token<'_>],
    start: usize,
    end: usize,
    figure: usize,
) -> Option<(usize, bool)> {
    let verb_at = |i: usize| {
        TERRITORY_VERBS
            .iter()
            .find(|(w, _)| tokens[i].is(w))
            .map(|(_, gains)| (i, *gains))
    };
    (start..figure)
        .rev()
        .find_map(verb_at)
        .or_else(|| (figure..end).find_map(verb_at))
}

/// The party that is the subject of the verb at `verb_start`: the last
/// actor before it in the sentence, as its country code, or as its id for a
/// group or body with no country ("group:rebels").
fn subject_side(text: &str, sentence: Span, verb_start: usize) -> Option<String> {
    let head = &text[sentence.start..verb_start];
    let last = find_actors(head, &tokenize(head)).pop()?;
    last.side.or_else(|| {
        matches!(last.kind, ActorKind::Group | ActorKind::Organisation).then_some(last.actor_id)
    })
}

/// "by Azerbaijan", "from Armenian occupation".
fn party_after(tokens: &[Token<'_>], from: usize, end: usize, preposition: &str) -> Option<String> {
    (from..end.saturating_sub(1)).find_map(|i| {
        if !tokens[i].is(preposition) {
            return None;
        }
        let mut j = i + 1;
        if tokens.get(j).is_some_and(|t| t.is("the")) {
            j += 1;
        }
        country_at(tokens, j).map(|(iso, _)| iso.to_string())
    })
}

/// "20 percent of Azerbaijan": the country the share is of (not "of
/// Russia's air strikes").
fn of_country(tokens: &[Token<'_>], from: usize, end: usize) -> Option<String> {
    (from..end.min(from + 3)).find_map(|i| {
        if !tokens[i].is("of") {
            return None;
        }
        let (iso, after) = country_at(tokens, i + 1)?;
        let possessive = tokens
            .get(after)
            .is_some_and(|t| t.text == "'s" || t.text == "’s");
        (!possessive).then(|| iso.to_string())
    })
}

/// Money ("$7.73 billion"), ages ("15 year-old", "a 26-year-old") and years
/// used as adjectives ("the 2003 invasion") are figures, but not counts of
/// anything a conflict ledger measures.
fn is_not_a_count(tokens: &[Token<'_>], first: usize, last: usize) -> bool {
    let money = (first > 0 && matches!(tokens[first - 1].text, "$" | "€" | "£" | "US$"))
        || tokens.get(last + 1).is_some_and(|t| {
            t.is_any(&[
                "pounds", "euros", "dollars", "rubles", "roubles", "lira", "liras", "yuan",
                "manat", "dram", "drams", "hryvnias", "usd", "eur",
            ])
        });
    let number = tokens[first].text;
    let age = number.ends_with("-year-old")
        || tokens
            .get(last + 1)
            .is_some_and(|t| t.text.starts_with("year-old") || t.text.starts_with("-year-old"))
        || (tokens
            .get(last + 1)
            .is_some_and(|t| t.is_any(&["year", "years"]))
            && tokens
                .get(last + 2)
                .is_some_and(|t| t.text.starts_with("old") || t.text == "-"));
    let year = last == first
        && number.len() == 4
        && number
            .parse::<u32>()
            .is_ok_and(|y| (1900..=2100).contains(&y))
        && first > 0
        && tokens[first - 1].is_any(&["the", "a", "its", "their", "since", "in"]);
    money || age || year
}

/// A plural noun: "resolutions", "villages", "hunters" (a heuristic: a
/// lowercase word of four or more letters ending in "s", not "was"/"has").
fn is_plural_noun(token: &Token<'_>) -> bool {
    token.is_word()
        && token.text.len() >= 4
        && token.text.ends_with('s')
        && !token.text.ends_with("ss")
        && !token.text.ends_with("us")
        && token.text.chars().next().is_some_and(|c| c.is_lowercase())
        && !token.is_any(&[
            "was", "has", "does", "this", "thus", "is", "its", "his", "hers", "whereas", "always",
            "perhaps", "across", "towards", "unless", "besides",
        ])
        || token.is_any(PEOPLE)
        || token.is_any(EQUIPMENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, figure: &str) -> Measure {
        let at = text.find(figure).expect("figure in text");
        measure(
            text,
            Span::new(0, text.len()),
            Span::new(at, at + figure.len()),
        )
    }

    fn verb(m: &Measure) -> Option<&str> {
        m.verb.as_ref().map(|(_, v)| v.as_str())
    }

    #[test]
    fn the_figures_own_word_decides_its_fate() {
        let text = "Medics recovered 40 bodies after the raid that wounded dozens.";
        assert_eq!(check(text, "40 bodies").measure, Some("killed"));
        let text = "The war cost 90,000 lives and left many more wounded.";
        assert_eq!(check(text, "90,000 lives").measure, Some("killed"));
        let text = "Shelling caused 12 deaths in the old town, where dozens were injured.";
        assert_eq!(check(text, "12 deaths").measure, Some("killed"));
        let text = "Shelling left 12 dead and injured in the old town.";
        assert_eq!(check(text, "12 dead").measure, Some("killed_or_wounded"));
        let text = "The governor said 310 were injured, while 4 killed and wounded remained unlisted.";
        assert_eq!(check(text, "310 were injured").measure, Some("wounded"));
    }

    #[test]
    fn a_pair_of_fates_belongs_to_its_own_figure() {
        let text = "Police said 7 civilians were killed, and 20 killed or wounded were soldiers.";
        assert_eq!(check(text, "7 civilians").measure, Some("killed"));
        assert_eq!(check(text, "20 killed").measure, Some("killed_or_wounded"));
        let text = "Officials said 35 people were killed or wounded in the blast.";
        assert_eq!(check(text, "35 people").measure, Some("killed_or_wounded"));
    }

    #[test]
    fn people_lost_are_killed() {
        let text = "The brigade lost 23 fighters in the assault on the hill.";
        assert_eq!(check(text, "23 fighters").measure, Some("killed"));
        let text = "The brigade lost 23 tanks in the assault on the hill.";
        assert_ne!(check(text, "23 tanks").measure, Some("killed"));
    }

    #[test]
    fn area_keeps_the_verb_and_who_gained_it() {
        let m = check(
            "Georgian troops recaptured 35 square kilometres from Russian forces on Monday.",
            "35 square kilometres",
        );
        assert_eq!(
            (m.measure, verb(&m), m.to.as_deref(), m.from.as_deref()),
            (
                Some("territory"),
                Some("recaptured"),
                Some("GE"),
                Some("RU")
            )
        );
        let m = check("Some 300 ha were seized by Ukraine overnight.", "300 ha");
        assert_eq!(
            (m.measure, verb(&m), m.to.as_deref()),
            (Some("territory"), Some("seized"), Some("UA"))
        );
        let m = check("The Turkish army lost 40 km2 in the north.", "40 km2");
        assert_eq!(
            (m.measure, verb(&m), m.to.as_deref(), m.from.as_deref()),
            (Some("territory"), Some("lost"), None, Some("TR"))
        );
    }

    #[test]
    fn a_group_without_a_country_is_named_by_its_id() {
        let m = check(
            "The rebels seized 90 square kilometres near the city.",
            "90 square kilometres",
        );
        assert_eq!(
            (m.verb.map(|(_, v)| v), m.to.as_deref()),
            (Some("seized".to_string()), Some("group:rebels"))
        );
    }

    #[test]
    fn a_table_of_areas_takes_its_word_from_the_heading() {
        let text = "Areas Lost in Numbers\nAlpha: 1994, territory 120 km2; Beta: may 2, 1995, territory 80 km2.\n\nAfter 3 years 40 km2 were freed.";
        let beta = Span::new(
            text.find("80 km2").unwrap(),
            text.find("80 km2").unwrap() + 6,
        );
        let line = Span::new(text.find("Alpha").unwrap(), text.find("km2.").unwrap() + 4);
        let m = measure(text, line, beta);
        assert_eq!(m.measure, Some("territory"));
        let (span, word) = m.verb.expect("word from the heading");
        assert_eq!((span.slice(text), word.as_str()), ("Lost", "Lost"));
        // A paragraph with its own verb, or with prose before it, does not look up.
        let freed = text.find("40 km2").unwrap();
        let last = Span::new(text.find("After").unwrap(), text.len());
        assert_eq!(
            measure(text, last, Span::new(freed, freed + 6))
                .verb
                .map(|(_, w)| w),
            Some("freed".to_string())
        );
    }

    #[test]
    fn verb_span_points_at_the_word() {
        let text = "Rebels occupied 15 percent of Syria by then.";
        let m = check(text, "15 percent");
        assert_eq!(m.measure, Some("share_of_territory"));
        let (span, word) = m.verb.unwrap();
        assert_eq!(span.slice(text), word);
        assert_eq!(word, "occupied");
        assert_eq!(m.from.as_deref(), Some("SY"));
        assert_eq!(
            check("Turnout reached 60 percent in the city.", "60 percent").measure,
            None
        );
    }

    #[test]
    fn people_figures_by_what_happened_to_them() {
        assert_eq!(
            check("Shelling killed 12 civilians in the town.", "12").measure,
            Some("killed")
        );
        assert_eq!(
            check("At least 40 people were injured in the blast.", "40").measure,
            Some("wounded")
        );
        assert_eq!(
            check(
                "Five soldiers were killed and 9 wounded near the border.",
                "9"
            )
            .measure,
            Some("wounded")
        );
        assert_eq!(
            check(
                "Some 30 soldiers were killed or wounded near the border.",
                "30"
            )
            .measure,
            Some("killed_or_wounded")
        );
        let text = "The minister said 560 servicemen were killed and their casualties were 10 times higher than ours.";
        assert_eq!(check(text, "560").measure, Some("killed"));
        assert_eq!(check(text, "10 times").measure, Some("casualties"));
        assert_eq!(
            check(
                "Officials said 91 Armenian and 31 Azerbaijani soldiers died.",
                "91"
            )
            .measure,
            Some("killed")
        );
        assert_eq!(
            check(
                "Around 200 fighters are still missing after the battle.",
                "200"
            )
            .measure,
            Some("missing")
        );
        assert_eq!(
            check("The militia captured 17 soldiers at the checkpoint.", "17").measure,
            Some("captured")
        );
        assert_eq!(
            check("More than 3000 residents fled the district.", "3000").measure,
            Some("displaced")
        );
        assert_eq!(
            check("Their casualties are 5 times higher than ours.", "5 times").measure,
            Some("casualties")
        );
    }

    #[test]
    fn equipment_and_plain_counts() {
        let m = check("Air defences destroyed 4 drones over the city.", "4");
        assert_eq!(
            (m.measure, verb(&m)),
            (Some("destroyed"), Some("destroyed"))
        );
        assert_eq!(
            check("The council passed 3 resolutions on the war.", "3").measure,
            Some("count")
        );
    }

    #[test]
    fn money_ages_years_and_rates_are_not_measured() {
        assert_eq!(
            check("Donors pledged $890 million in aid.", "890 million"),
            Measure::default()
        );
        assert_eq!(check("($1 = 0.6825 pounds)", "0.6825"), Measure::default());
        assert_eq!(
            check("A 15 year-old was detained.", "15"),
            Measure::default()
        );
        assert_eq!(
            check("The 2003 invasion toppled the government.", "2003"),
            Measure::default()
        );
        assert_eq!(
            check("Talks resume on Feb. 25 in Geneva.", "25"),
            Measure::default()
        );
        assert_eq!(
            check(
                "Fewer than 30 percent of Russia's air strikes hit militants.",
                "30 percent"
            )
            .measure,
            None
        );
        assert_eq!(
            check(
                "Casualties among women rose 37 percent last year.",
                "37 percent"
            )
            .measure,
            None
        );
        assert_eq!(
            check("Gunmen kidnapped 26 Qatari hunters in the desert.", "26").measure,
            Some("captured")
        );
        assert_eq!(
            check(
                "At least 26 Qatari hunters kidnapped last month were freed.",
                "26"
            )
            .measure,
            Some("captured")
        );
        assert_eq!(
            check("Twitter withheld 158 accounts.", "158").measure,
            Some("count")
        );
        assert_eq!(
            check("The ceasefire began at 1700 ET.", "1700").measure,
            None
        );
    }

    #[test]
    fn dates_are_not_measured() {
        assert_eq!(
            check(
                "On Friday 24 Oct 2014 the town fell and 10 were killed.",
                "24"
            ),
            Measure::default()
        );
        assert_eq!(
            check(
                "Fighting has killed many since March 2011 in the area.",
                "2011"
            ),
            Measure::default()
        );
    }
}
