//! Sentence boundaries for news text.
//!
//! A period ends a sentence only when what follows looks like the start of a
//! new one, so that abbreviations ("Apr. 5", "Mr. Lavrov"), initials
//! ("John F. Kennedy"), decimals ("2.5") and dotted acronyms inside a sentence
//! ("the U.N. envoy") keep their sentence whole. Line breaks always end a
//! sentence: headings, datelines and list items carry no final period, and a
//! sentence never runs across paragraphs.

use contested_core::Span;

/// Titles and other abbreviations that are followed by a name or a number and
/// so never end a sentence, whatever comes after them.
const NEVER_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cpl", "pvt",
    "adm", "brig", "cmdr", "gov", "sen", "rep", "rev", "st", "hon", "pres", "amb", "messrs", "no",
    "nos", "vs", "v", "fig", "vol", "pp", "mt", "ft", "approx", "est", "sheikh",
];

/// Abbreviations that may end a sentence ("… in the U.S. The …") but mostly do
/// not: they end one only before a word that typically starts a sentence.
const USUALLY_INNER: &[&str] = &[
    "u.s", "u.n", "u.k", "e.u", "u.s.a", "a.m", "p.m", "etc", "inc", "co", "corp", "ltd", "jr",
    "sr", "e.g", "i.e", "al",
];

/// Words that open a sentence often enough that a dotted acronym before them
/// is read as ending the previous sentence.
const SENTENCE_OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "But",
    "And",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "However",
    "Meanwhile",
    "According",
    "After",
    "Before",
    "When",
    "While",
    "Some",
    "Many",
    "Most",
    "No",
    "Earlier",
    "Later",
    "Also",
    "If",
];

/// Sentence spans over `text`, in order, trimmed of surrounding whitespace.
pub fn sentences(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' | b'\r' => {
                push_trimmed(text, start, i, &mut spans);
                start = i + 1;
                i += 1;
            }
            b'.' | b'!' | b'?' => {
                let end = after_closers(text, i + 1);
                if ends_sentence(text, start, i, end) {
                    push_trimmed(text, start, end, &mut spans);
                    start = end;
                    i = end;
                } else {
                    i += 1;
                }
            }
            b'0'..=b'9' if i == 0 || !bytes[i - 1].is_ascii_alphanumeric() => {
                let mut end = i;
                while end < bytes.len() && bytes[end].is_ascii_digit() {
                    end += 1;
                }
                if end - i == 4 && is_dateline_end(text, start, i, end) {
                    push_trimmed(text, start, end, &mut spans);
                    start = end;
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    push_trimmed(text, start, text.len(), &mut spans);
    spans
}

/// A dateline run into the text it heads, as in pages that lost their line
/// breaks: "… AFP Thursday 25 Sep 2014 A series of strikes …". The weekday,
/// day, month and year, then a capital, end a sentence after the year.
fn is_dateline_end(text: &str, sentence_start: usize, year_start: usize, year_end: usize) -> bool {
    let year = &text[year_start..year_end];
    if !year.bytes().all(|b| b.is_ascii_digit())
        || text[year_end..].starts_with(|c: char| c.is_ascii_alphanumeric())
    {
        return false;
    }
    let next = text[year_end..].trim_start_matches([' ', '\t']);
    if next.len() == text.len() - year_end || !next.starts_with(|c: char| c.is_uppercase()) {
        return false;
    }
    let before: Vec<&str> = text[sentence_start..year_start]
        .split_whitespace()
        .rev()
        .take(3)
        .collect();
    let [month, day, weekday] = before[..] else {
        return false;
    };
    let month = month.trim_end_matches('.').to_ascii_lowercase();
    let weekday = weekday.trim_end_matches([',', '.']).to_ascii_lowercase();
    crate::calendar::is_month(&month)
        && day.len() <= 2
        && day.bytes().all(|b| b.is_ascii_digit())
        && crate::calendar::is_weekday(&weekday)
}

/// Closing quotes and brackets belong to the sentence they close.
fn after_closers(text: &str, mut at: usize) -> usize {
    loop {
        let rest = &text[at..];
        let Some(c) = rest.chars().next() else {
            return at;
        };
        if matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»') {
            at += c.len_utf8();
        } else if c == '.' || c == '!' || c == '?' {
            // "...", "?!": one boundary, at the last mark
            at += 1;
        } else {
            return at;
        }
    }
}

fn ends_sentence(text: &str, sentence_start: usize, mark: usize, after: usize) -> bool {
    let bytes = text.as_bytes();
    // What follows must be space (or the end): "2.5", "U.N.-backed", "example.com" stay inside.
    let rest = &text[after..];
    let Some(first) = rest.chars().next() else {
        return true;
    };
    if !first.is_whitespace() {
        return false;
    }
    let next_word_start = after + rest.len() - rest.trim_start_matches([' ', '\t', '\u{a0}']).len();
    let next = &text[next_word_start..];
    let Some(next_char) = next.chars().next() else {
        return true;
    };
    if next_char == '\n' || next_char == '\r' {
        return true;
    }
    // A new sentence starts with a capital, a digit, a quote or a bracket.
    let starts_like_sentence = next_char.is_uppercase()
        || next_char.is_ascii_digit()
        || matches!(
            next_char,
            '"' | '“' | '\'' | '‘' | '(' | '[' | '«' | '-' | '–' | '—'
        );
    if !starts_like_sentence {
        return false;
    }
    if bytes[mark] != b'.' {
        return true;
    }
    // The word the period closes, back to whitespace or an opening bracket/quote.
    let word_start = text[sentence_start..mark]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '[' | '\''))
        .map(|(p, c)| sentence_start + p + c.len_utf8())
        .unwrap_or(sentence_start);
    let word = &text[word_start..mark];
    if word.is_empty() {
        return true;
    }
    // "1. Item" at the start of a line is a list marker, not a sentence.
    if text[sentence_start..word_start].trim().is_empty()
        && word.chars().all(|c| c.is_ascii_digit())
        && word.len() <= 2
    {
        return false;
    }
    let lower = word.to_ascii_lowercase();
    let next_word: &str = next
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if NEVER_FINAL.contains(&lower.as_str()) {
        return false;
    }
    // "Apr. 5" continues, "in Apr. The…" does not: the following word decides.
    if crate::calendar::MONTH_ABBREVIATIONS.contains(&lower.as_str()) {
        return !next_char.is_ascii_digit();
    }
    // An initial: "John F. Kennedy", "J. Smith".
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_uppercase() {
            return false;
        }
    }
    if USUALLY_INNER.contains(&lower.as_str()) || is_dotted_acronym(word) {
        return SENTENCE_OPENERS.contains(&next_word);
    }
    true
}

/// "U.S", "U.N", "N.A.T.O" (the final period is the mark itself).
fn is_dotted_acronym(word: &str) -> bool {
    word.contains('.')
        && word
            .split('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic))
}

fn push_trimmed(text: &str, start: usize, end: usize, spans: &mut Vec<Span>) {
    let piece = &text[start..end];
    let leading = piece.len() - piece.trim_start().len();
    let trailing = piece.len() - piece.trim_end().len();
    let span = Span::new(start + leading, end - trailing);
    if !span.is_empty() && span.start < span.end {
        spans.push(span);
    }
}

/// The sentence that contains `span`, if any.
pub(crate) fn sentence_containing(sentences: &[Span], span: Span) -> Option<Span> {
    let idx = sentences.partition_point(|s| s.end < span.end);
    sentences
        .get(idx)
        .copied()
        .filter(|s| s.start <= span.start && span.end <= s.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn abbreviations_decimals_and_initials_stay_inside() {
        let text = "Shelling stopped on Apr. 9 at 18:30. Mr. Smith said 2.5 km were lost. John F. Kennedy spoke. \
                    The U.N. envoy left. It came from the U.S. The talks ended.";
        assert_eq!(
            split(text),
            vec![
                "Shelling stopped on Apr. 9 at 18:30.",
                "Mr. Smith said 2.5 km were lost.",
                "John F. Kennedy spoke.",
                "The U.N. envoy left.",
                "It came from the U.S.",
                "The talks ended.",
            ]
        );
    }

    #[test]
    fn quotes_close_with_their_sentence_and_line_breaks_always_end_one() {
        let text = "\"We will answer.\" The minister left?\nA heading without a stop\n\nNext paragraph, \"quoted,\" he said.";
        assert_eq!(
            split(text),
            vec![
                "\"We will answer.\"",
                "The minister left?",
                "A heading without a stop",
                "Next paragraph, \"quoted,\" he said."
            ]
        );
    }

    #[test]
    fn multibyte_quote_before_an_abbreviation() {
        let text = "He said “U.S. forces left.” Then “Mr. Smith” spoke.";
        assert_eq!(
            split(text),
            vec!["He said “U.S. forces left.”", "Then “Mr. Smith” spoke."]
        );
    }

    #[test]
    fn a_dateline_run_into_the_text_ends_a_sentence() {
        assert_eq!(
            split("Strikes kill 9 rebels Monitor AFP Friday 24 Oct 2014 At least 9 rebels died, a monitor said."),
            vec!["Strikes kill 9 rebels Monitor AFP Friday 24 Oct 2014", "At least 9 rebels died, a monitor said."]
        );
        // A date inside a sentence is no dateline.
        assert_eq!(
            split("On Friday 24 Oct 2014 the town fell."),
            vec!["On Friday 24 Oct 2014 the town fell."]
        );
        assert_eq!(
            split("Shusha: may 08, 1992, territory 289 km2"),
            vec!["Shusha: may 08, 1992, territory 289 km2"]
        );
    }

    #[test]
    fn list_markers_stay_with_their_item() {
        assert_eq!(
            split("1. Shusha fell. 2. Lachin fell."),
            vec!["1. Shusha fell.", "2. Lachin fell."]
        );
        assert_eq!(
            split("They counted 12. Then 14."),
            vec!["They counted 12.", "Then 14."]
        );
    }

    #[test]
    fn lowercase_continuation_is_not_a_new_sentence() {
        assert_eq!(
            split("Forces, e.g. tanks, moved. Then rest."),
            vec!["Forces, e.g. tanks, moved.", "Then rest."]
        );
    }

    #[test]
    fn spans_are_trimmed_and_nonempty() {
        let text = "  One.   Two.  \n\n   ";
        let spans = sentences(text);
        assert_eq!(spans.len(), 2);
        assert_eq!(spans[0].slice(text), "One.");
        assert_eq!(spans[1].slice(text), "Two.");
    }
}
