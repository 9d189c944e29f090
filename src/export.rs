//! The ledger's stable JSON shapes, as `serde_json::Value` for the listings.
//! The shapes themselves live in `contested_store::dto`, shared with the HTTP
//! API so that both always agree: add fields there, never rename or remove one.

use contested_core::{Attribution, ControlRecord, Document, Event, Finding, Paragraph, Party, PlaceMention, TimeExpr};
use contested_store::dto::{ClaimDto, DocumentDto, DocumentSummaryDto, ParagraphDto};
use contested_store::{DocumentSummary, StoredClaim};
use serde_json::{json, Value};

fn value(shape: impl serde::Serialize) -> Value {
    serde_json::to_value(shape).expect("DTOs have string keys and finite or null numbers")
}

pub fn document(doc: &Document) -> Value {
    value(DocumentDto::from(doc))
}

pub fn document_summary(doc: &DocumentSummary) -> Value {
    value(DocumentSummaryDto::from(doc))
}

pub fn paragraph(doc: &str, paragraph: &Paragraph) -> Value {
    value(ParagraphDto::new(doc, paragraph))
}

/// `text` is the claim's document text, for the evidence slices.
pub fn claim(stored: &StoredClaim, text: &str) -> Value {
    value(ClaimDto::new(stored, text))
}

fn time(text: &str, t: &TimeExpr) -> Value {
    json!({
        "start": t.start.to_string(),
        "end": t.end.to_string(),
        "text": t.span.slice(text),
        "span": [t.span.start, t.span.end],
        "precision": t.precision.as_str(),
        "inferred": t.inferred,
        "open_end": t.open_end,
    })
}

pub fn finding(f: &Finding) -> Value {
    json!({
        "type": "finding",
        "id": f.id,
        "kind": f.kind.as_str(),
        "scope": f.scope,
        "significance": (f.significance * 1000.0).round() / 1000.0,
        "summary": f.summary,
        "explanation": f.explanation,
        "figures": f.figures.iter().map(|(name, value)| json!({"name": name, "value": value})).collect::<Vec<_>>(),
        "sources": f.sources.iter().map(|s| json!({
            "source": s.source,
            "low": s.low,
            "high": s.high,
            "unit": s.unit.as_str(),
            "stance": s.stance.as_str(),
            "claims": s.claims,
            "independent_reports": s.independent_reports,
        })).collect::<Vec<_>>(),
        "evidence": f.evidence.iter().map(|e| json!({
            "claim": e.claim,
            "doc": e.doc,
            "span": [e.span.start, e.span.end],
            "sentence_span": [e.sentence_span.start, e.sentence_span.end],
            "role": e.role,
            "source": e.source,
        })).collect::<Vec<_>>(),
    })
}

fn party(p: &Option<Party>) -> Value {
    p.as_ref().map_or(Value::Null, |p| json!({"id": p.id, "name": p.name, "span": [p.span.start, p.span.end], "inferred": p.inferred}))
}

fn places(places: &[PlaceMention]) -> Value {
    places.iter().map(|p| json!({"name": p.name, "span": [p.span.start, p.span.end], "place_id": p.place_id})).collect()
}

fn chain(links: &[Attribution]) -> Value {
    links
        .iter()
        .map(|a| json!({"speaker": a.speaker, "span": a.span.map(|s| [s.start, s.end]), "cue": a.cue, "stance": a.stance.as_str()}))
        .collect()
}

/// `text` is the event's document text, for the evidence slices.
pub fn event(e: &Event, text: &str) -> Value {
    json!({
        "type": "event",
        "id": e.id,
        "doc": e.doc,
        "span": [e.span.start, e.span.end],
        "text": e.span.slice(text),
        "sentence_span": [e.sentence_span.start, e.sentence_span.end],
        "sentence": e.sentence_span.slice(text),
        "event_type": e.event_type.as_str(),
        "sub_event_type": e.sub_event_type.as_str(),
        "trigger": e.trigger,
        "actor1": party(&e.actor1),
        "actor2": party(&e.actor2),
        "places": places(&e.places),
        "time": e.time.as_ref().map(|t| time(text, t)),
        "attribution": chain(&e.attribution),
        "claims": e.claims,
    })
}

pub fn control(c: &ControlRecord, text: &str) -> Value {
    json!({
        "type": "control",
        "id": c.id,
        "doc": c.doc,
        "span": [c.span.start, c.span.end],
        "text": c.span.slice(text),
        "kind": c.kind.as_str(),
        "place": {"name": c.place.name, "span": [c.place.span.start, c.place.span.end], "place_id": c.place.place_id},
        "before": party(&c.before),
        "after": party(&c.after),
        "wording": c.wording,
        "wording_span": [c.wording_span.start, c.wording_span.end],
        "time": c.time.as_ref().map(|t| time(text, t)),
        "area": c.area.as_ref().map(|q| json!({"low": q.low, "high": q.high, "unit": q.unit.as_str(), "qualifier": q.qualifier.as_str()})),
        "claim": c.claim,
        "attribution": chain(&c.attribution),
    })
}
