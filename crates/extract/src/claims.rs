//! Assembles claims: each figure joined to its sentence, time, places and
//! attribution chain.

use crate::attribution::DocAttribution;
use crate::gazetteer::{Gazetteer, PlaceKind, PlaceMatch};
use contested_core::{
    Attribution, Claim, ClaimKind, Diagnostic, Document, PlaceMention, Qualifier, Quantity, Span, Stance, TimeExpr, Unit,
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

/// "two police officials said", "three witnesses told": people counted
/// right before a reporting verb are who speaks, not a figure anyone states.
fn names_speakers(text: &str, quantity: &Quantity) -> bool {
    if quantity.unit != Unit::People || quantity.qualifier != Qualifier::Exact {
        return false;
    }
    let next_word: String = text[quantity.span.end..]
        .trim_start_matches([' ', '\u{a0}'])
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    matches!(next_word.as_str(), "said" | "say" | "says" | "told" | "tell" | "reported" | "stated" | "confirmed")
}

/// How specific a kind of place is: lower is finer.
fn coarseness(kind: PlaceKind) -> u8 {
    match kind {
        PlaceKind::Town | PlaceKind::Village | PlaceKind::Feature => 0,
        PlaceKind::District => 1,
        PlaceKind::Region => 2,
        PlaceKind::Country => 3,
    }
}

/// A name that tells where a speaker sits, not where the figure happened:
/// "the Britain-based monitor", or one inside a speaker's own name.
fn names_a_speaker(text: &str, place: Span, speakers: &[Span]) -> bool {
    let after = &text[place.end..];
    let based = ["-based", "–based", " based"].iter().any(|suffix| {
        after.get(..suffix.len()).is_some_and(|head| head.eq_ignore_ascii_case(suffix))
    });
    based || speakers.iter().any(|speaker| speaker.overlaps(place))
}

/// The places a figure is about: those named in its clause, else in its
/// sentence, else in the sentence before it in the same paragraph. Names of
/// a speaker's base or outlet are left out, and only the most specific
/// places are kept ("Rastan" rather than "Rastan, Homs, Syria").
fn places_for(text: &str, matches: &[PlaceMatch], scopes: &[Span], speakers: &[Span], share: bool) -> Vec<PlaceMention> {
    for &scope in scopes {
        let found: Vec<&PlaceMatch> = matches
            .iter()
            .filter(|m| scope.contains(m.span) && !names_a_speaker(text, m.span, speakers))
            .collect();
        // "20 percent of Azerbaijan, including Nagorno-Karabakh": a share is
        // of the whole, so every level named stays.
        let Some(finest) = found.iter().map(|m| coarseness(m.kind)).min() else { continue };
        let mut places: Vec<PlaceMention> = Vec::new();
        for m in found.into_iter().filter(|m| coarseness(m.kind) == finest || share) {
            if !places.iter().any(|p| p.place_id.as_deref() == Some(m.place_id.as_str())) {
                places.push(PlaceMention { span: m.span, name: m.name.clone(), place_id: Some(m.place_id.clone()) });
            }
        }
        return places;
    }
    Vec::new()
}

/// The sentence before `sentence` when both are in one paragraph (no line
/// break between them).
fn previous_in_paragraph(text: &str, sentences: &[Span], sentence: Span) -> Option<Span> {
    let before = sentences.iter().copied().filter(|s| s.end <= sentence.start).max_by_key(|s| s.end)?;
    (!text[before.start..sentence.start].contains('\n')).then_some(before)
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
    let mut sentence_tokens = None;
    for quantity in &recognized.quantities {
        let Some(kind) = kind_of(&quantity.unit) else { continue };
        // "a rocket", "an Azerbaijani tank": the recogniser reads the article
        // as one, rightly, but nobody states a figure there; as claims they
        // would drown the figures people dispute.
        if matches!(quantity.number_span.slice(&doc.text).to_ascii_lowercase().as_str(), "a" | "an") {
            continue;
        }
        if names_speakers(&doc.text, quantity) {
            continue;
        }
        let sentence = sentences.iter().copied().find(|s| s.contains(quantity.span)).unwrap_or(quantity.span);
        let clause = clause_around(&doc.text, sentence, quantity.span);
        let measured = match crate::measure::measured_sentence(&doc.text, sentence, quantity.span) {
            Some(measured_span) => {
                // Figures of one sentence come one after another: tokenize it once for all.
                if !matches!(&sentence_tokens, Some((span, _)) if *span == measured_span) {
                    sentence_tokens =
                        Some((measured_span, crate::measure::sentence_tokens(&doc.text, measured_span)));
                }
                let tokens = sentence_tokens.as_ref().map_or(&[][..], |(_, tokens)| &tokens[..]);
                crate::measure::measure_in(&doc.text, measured_span, quantity.span, tokens)
            }
            None => crate::measure::Measure::default(),
        };
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
            places: {
                let speakers: Vec<Span> = chain.iter().filter_map(|link| link.span).collect();
                let mut scopes = vec![clause, sentence];
                scopes.extend(previous_in_paragraph(&doc.text, sentences, sentence));
                places_for(&doc.text, place_matches, &scopes, &speakers, kind == ClaimKind::Share)
            },
            attribution: chain,
        });
    }
    (claims, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims_of(text: &str) -> Vec<Claim> {
        let doc = Document::new(text.to_string(), None, Some("Test Wire".into()), None, None, "test".into());
        let recognized = contested_recognize::recognize(&doc.text, None);
        build_claims(&doc, &recognized, Gazetteer::builtin()).0
    }

    fn place_names(text: &str, claim: &Claim) -> Vec<String> {
        claim.places.iter().map(|p| text[p.span.start..p.span.end].to_string()).collect()
    }

    #[test]
    fn places_are_the_finest_named_and_not_the_speakers_base() {
        let text = "The London-based monitor said 14 civilians were killed in Aleppo, Syria.";
        let claims = claims_of(text);
        assert_eq!(claims.len(), 1);
        assert_eq!(place_names(text, &claims[0]), ["Aleppo"]);
    }

    #[test]
    fn a_share_keeps_the_whole_it_is_a_share_of() {
        let text = "Rebels hold 20 percent of Syria, including Idlib.";
        let claims = claims_of(text);
        assert_eq!(claims.len(), 1);
        assert_eq!(place_names(text, &claims[0]), ["Syria", "Idlib"]);
    }

    #[test]
    fn a_figure_without_a_place_takes_the_previous_sentence_of_its_paragraph() {
        let text = "Heavy shelling hit Idlib overnight. Medics said 9 people were killed.\nIn other news, 3 tanks were seen.";
        let claims = claims_of(text);
        let killed = claims.iter().find(|c| c.span.slice(text).starts_with('9')).expect("the 9 killed");
        assert_eq!(place_names(text, killed), ["Idlib"]);
        let tanks = claims.iter().find(|c| c.span.slice(text).starts_with('3')).expect("the 3 tanks");
        assert!(tanks.places.is_empty(), "a new paragraph does not inherit places: {:?}", tanks.places);
    }

    #[test]
    fn people_who_speak_are_not_a_figure() {
        let text = "Two police officials said 17 people were killed in the blast.";
        let figures: Vec<&str> = claims_of(text).iter().map(|c| c.span.slice(text)).collect();
        assert_eq!(figures, ["17 people"]);
    }

    #[test]
    fn clause_stops_at_semicolons() {
        let text = "A: may 1, 1992, area 5 km2; B: june 2, 1993, area 7 km2.";
        let sentence = Span::new(0, text.len());
        let figure = Span::new(text.find("7 km2").unwrap(), text.find("7 km2").unwrap() + 5);
        assert_eq!(clause_around(text, sentence, figure).slice(text), " B: june 2, 1993, area 7 km2.");
    }
}
