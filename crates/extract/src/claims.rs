//! Assembles claims: each figure joined to its sentence, time, places and
//! attribution chain.

use contested_core::{Attribution, Claim, ClaimKind, Diagnostic, Document, Span, Stance, TimeExpr, Unit};
use contested_recognize::Recognized;

/// Speaker name used for the outer link of a chain when the outlet is unknown.
pub const UNKNOWN_OUTLET: &str = "unknown outlet";

fn kind_of(unit: &Unit) -> Option<ClaimKind> {
    Some(match unit {
        Unit::Number => return None,
        Unit::Area => ClaimKind::Area,
        Unit::Length => ClaimKind::Length,
        Unit::Percent => ClaimKind::Share,
        Unit::People => ClaimKind::People,
        Unit::Items => ClaimKind::Count,
        Unit::Money(_) => ClaimKind::Money,
        Unit::Ratio => ClaimKind::Ratio,
    })
}

/// Sentence spans: a sentence ends at `.`, `!` or `?` followed by white space
/// and a capital or a quote, or at a line break.
fn sentence_spans(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let end_here = if b == b'\n' {
            Some(i)
        } else if matches!(b, b'.' | b'!' | b'?') {
            let mut j = i + 1;
            while j < bytes.len() && matches!(bytes[j], b'"' | b'\'') {
                j += 1;
            }
            let followed = bytes.get(j).is_none_or(|c| c.is_ascii_whitespace());
            let next_word = bytes[j..].iter().find(|c| !c.is_ascii_whitespace());
            let capital_next = next_word.is_none_or(|c| c.is_ascii_uppercase() || *c == b'"' || !c.is_ascii());
            let abbreviation = text[start..i].rsplit(|c: char| c.is_whitespace()).next().is_some_and(|w| {
                matches!(w, "Apr" | "Jan" | "Feb" | "Mar" | "Jun" | "Jul" | "Aug" | "Sep" | "Sept" | "Oct" | "Nov" | "Dec" | "Mr" | "Mrs" | "Dr" | "St" | "Gen" | "Col" | "Lt" | "No")
                    || (w.len() == 1 && w.chars().all(|c| c.is_ascii_uppercase()))
            });
            (followed && capital_next && !abbreviation).then_some(j)
        } else {
            None
        };
        if let Some(end) = end_here {
            push_trimmed(text, start, end, &mut spans);
            start = end;
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    push_trimmed(text, start, bytes.len(), &mut spans);
    spans
}

fn push_trimmed(text: &str, start: usize, end: usize, spans: &mut Vec<Span>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        spans.push(Span::new(start + lead, start + lead + trimmed.len()));
    }
}

/// The clause of `sentence` around `at`: list items such as
/// "Shusha: may 08, 1992, territory 289 km2; Lachin: …" are separated by
/// semicolons, and each item's date belongs to its own figure only.
fn clause_around(text: &str, sentence: Span, at: Span) -> Span {
    let before = &text[sentence.start..at.start];
    let after = &text[at.end..sentence.end];
    let start = before.rfind(';').map(|i| sentence.start + i + 1).unwrap_or(sentence.start);
    let end = after.find(';').map(|i| at.end + i).unwrap_or(sentence.end);
    Span::new(start, end)
}

/// The time a figure is stated for: a time expression in the same clause
/// (the nearest one before the figure, else after it), else in the sentence.
fn time_for(times: &[TimeExpr], clause: Span, sentence: Span, figure: Span) -> Option<TimeExpr> {
    let nearest = |scope: Span| {
        let before = times.iter().filter(|t| scope.contains(t.span) && t.span.end <= figure.start).max_by_key(|t| t.span.end);
        let after = times.iter().filter(|t| scope.contains(t.span) && t.span.start >= figure.end).min_by_key(|t| t.span.start);
        before.or(after).cloned()
    };
    nearest(clause).or_else(|| nearest(sentence))
}

/// Turns the recognised figures of a document into claims. Figures without a
/// unit or counted noun are not claims. The attribution chain starts with the
/// outlet: the least a claim can say is who published it.
pub fn build_claims(doc: &Document, recognized: &Recognized) -> (Vec<Claim>, Vec<Diagnostic>) {
    let sentences = sentence_spans(&doc.text);
    let mut claims = Vec::new();
    let diagnostics = Vec::new();
    for quantity in &recognized.quantities {
        let Some(kind) = kind_of(&quantity.unit) else { continue };
        let sentence = sentences
            .iter()
            .copied()
            .find(|s| s.contains(quantity.span))
            .unwrap_or(quantity.span);
        let clause = clause_around(&doc.text, sentence, quantity.span);
        let outlet = Attribution {
            speaker: doc.outlet.clone().unwrap_or_else(|| UNKNOWN_OUTLET.to_string()),
            span: None,
            cue: None,
            stance: Stance::Asserts,
        };
        claims.push(Claim {
            id: Claim::make_id(&doc.id, quantity.span),
            doc: doc.id.clone(),
            span: quantity.span,
            sentence_span: sentence,
            kind,
            measure: None,
            verb: None,
            value: quantity.clone(),
            time: time_for(&recognized.times, clause, sentence, quantity.span),
            places: Vec::new(),
            attribution: vec![outlet],
        });
    }
    (claims, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_respect_abbreviations_and_quotes() {
        let text = "Fighting stopped on Apr. 5 at noon. \"We hold the line.\" He said so.\nNext line";
        let got: Vec<&str> = sentence_spans(text).iter().map(|s| s.slice(text)).collect();
        assert_eq!(got, vec!["Fighting stopped on Apr. 5 at noon.", "\"We hold the line.\"", "He said so.", "Next line"]);
    }

    #[test]
    fn clause_stops_at_semicolons() {
        let text = "A: may 1, 1992, area 5 km2; B: june 2, 1993, area 7 km2.";
        let sentence = Span::new(0, text.len());
        let figure = Span::new(text.find("7 km2").unwrap(), text.find("7 km2").unwrap() + 5);
        assert_eq!(clause_around(text, sentence, figure).slice(text), " B: june 2, 1993, area 7 km2.");
    }
}
