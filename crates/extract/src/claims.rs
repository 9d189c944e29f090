//! Assembles claims: each figure joined to its sentence, time, places and
//! attribution chain.

use crate::attribution::DocAttribution;
use crate::gazetteer::{Gazetteer, PlaceMatch};
use crate::measure::measure;
use contested_core::{
    Attribution, Claim, ClaimKind, Diagnostic, Document, PlaceMention, Span, Stance, TimeExpr, Unit,
};
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

/// Places named in the figure's clause, else in its sentence: in
/// "Shusha: may 08, 1992, territory 289 km2; Lachin: …" each figure gets its
/// own district, not every district of the list.
fn places_for(matches: &[PlaceMatch], clause: Span, sentence: Span) -> Vec<PlaceMention> {
    let within = |scope: Span| -> Vec<PlaceMention> {
        matches
            .iter()
            .filter(|m| scope.contains(m.span))
            .map(|m| PlaceMention { span: m.span, name: m.name.clone(), place_id: Some(m.place_id.clone()) })
            .collect()
    };
    let in_clause = within(clause);
    if in_clause.is_empty() {
        within(sentence)
    } else {
        in_clause
    }
}

/// Turns the recognised figures of a document into claims. Figures without a
/// unit or counted noun are not claims. Every claim's attribution chain starts
/// with the outlet (the least a claim can say is who published it), then each
/// speaker the text nests it in.
pub fn build_claims(doc: &Document, recognized: &Recognized, gazetteer: &Gazetteer) -> (Vec<Claim>, Vec<Diagnostic>) {
    let attribution = DocAttribution::analyze(&doc.text, doc.outlet.as_deref());
    let place_matches = gazetteer.find(&doc.text);
    claims_from(doc, recognized, &attribution, &place_matches)
}

/// Everything extraction yields for one document.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub claims: Vec<Claim>,
    pub events: Vec<contested_core::Event>,
    pub control: Vec<contested_core::ControlRecord>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Claims, events and control records of a document, sharing one attribution
/// analysis and one gazetteer pass (the two costly steps).
pub fn extract_document(doc: &Document, recognized: &Recognized, gazetteer: &Gazetteer) -> Extraction {
    let attribution = DocAttribution::analyze(&doc.text, doc.outlet.as_deref());
    let (place_matches, mut diagnostics) = gazetteer.find_with_diagnostics(&doc.text);
    let (claims, claim_diagnostics) = claims_from(doc, recognized, &attribution, &place_matches);
    diagnostics.extend(claim_diagnostics);
    let events = crate::events::events(doc, recognized, &attribution, &place_matches, &claims);
    let control = crate::control::control_records(doc, recognized, &attribution, &place_matches, &claims);
    Extraction { claims, events, control, diagnostics }
}

fn claims_from(
    doc: &Document,
    recognized: &Recognized,
    attribution: &DocAttribution,
    place_matches: &[PlaceMatch],
) -> (Vec<Claim>, Vec<Diagnostic>) {
    let sentences = attribution.sentences();
    let mut claims = Vec::new();
    let diagnostics = Vec::new();
    for quantity in &recognized.quantities {
        let Some(kind) = kind_of(&quantity.unit) else { continue };
        // "a rocket", "an Azerbaijani tank": the recogniser reads the article
        // as one, rightly, but nobody states a figure there; as claims they
        // would drown the figures people dispute.
        if matches!(quantity.number_span.slice(&doc.text).to_ascii_lowercase().as_str(), "a" | "an") {
            continue;
        }
        let sentence = sentences.iter().copied().find(|s| s.contains(quantity.span)).unwrap_or(quantity.span);
        let clause = clause_around(&doc.text, sentence, quantity.span);
        let measured = measure(&doc.text, sentence, quantity.span);
        let mut chain = attribution.chain_for(quantity.span);
        if chain.is_empty() {
            chain.push(Attribution {
                speaker: doc.outlet.clone().unwrap_or_else(|| UNKNOWN_OUTLET.to_string()),
                span: None,
                cue: None,
                stance: Stance::Asserts,
            });
        }
        claims.push(Claim {
            id: Claim::make_id(&doc.id, quantity.span),
            doc: doc.id.clone(),
            span: quantity.span,
            sentence_span: sentence,
            kind,
            measure: measured.measure.map(str::to_string),
            verb: measured.verb.map(|(_, verb)| verb),
            value: quantity.clone(),
            time: time_for(&recognized.times, clause, sentence, quantity.span),
            places: places_for(place_matches, clause, sentence),
            attribution: chain,
        });
    }
    (claims, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_stops_at_semicolons() {
        let text = "A: may 1, 1992, area 5 km2; B: june 2, 1993, area 7 km2.";
        let sentence = Span::new(0, text.len());
        let figure = Span::new(text.find("7 km2").unwrap(), text.find("7 km2").unwrap() + 5);
        assert_eq!(clause_around(text, sentence, figure).slice(text), " B: june 2, 1993, area 7 km2.");
    }
}
