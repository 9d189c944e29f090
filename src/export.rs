//! The ledger's stable JSON shapes. Other tools and evaluators read these:
//! add fields freely, never rename or remove one.

use contested_core::{Document, Finding, Paragraph, TimeExpr};
use contested_store::{DocumentSummary, StoredClaim};
use serde_json::{json, Value};

pub fn document(doc: &Document) -> Value {
    json!({
        "type": "document",
        "id": doc.id,
        "outlet": doc.outlet,
        "url": doc.url,
        "title": doc.title,
        "published": doc.published.map(|t| t.to_string()),
        "origin": doc.origin,
        "text": doc.text,
    })
}

pub fn document_summary(doc: &DocumentSummary) -> Value {
    json!({
        "type": "document",
        "id": doc.id,
        "outlet": doc.outlet,
        "url": doc.url,
        "title": doc.title,
        "published": doc.published,
        "origin": doc.origin,
        "paragraphs": doc.paragraphs,
        "claims": doc.claims,
    })
}

pub fn paragraph(doc: &str, paragraph: &Paragraph) -> Value {
    json!({
        "type": "paragraph",
        "doc": doc,
        "span": [paragraph.span.start, paragraph.span.end],
        "role": paragraph.role.as_str(),
        "copy_of": paragraph.copy_of.as_ref().map(|c| json!({
            "doc": c.doc,
            "span": [c.span.start, c.span.end],
            "similarity": (c.similarity * 1000.0).round() / 1000.0,
        })),
    })
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

/// `text` is the claim's document text, for the evidence slices.
pub fn claim(stored: &StoredClaim, text: &str) -> Value {
    let c = &stored.claim;
    let v = &c.value;
    json!({
        "type": "claim",
        "id": c.id,
        "doc": c.doc,
        "span": [c.span.start, c.span.end],
        "text": c.span.slice(text),
        "sentence_span": [c.sentence_span.start, c.sentence_span.end],
        "sentence": c.sentence_span.slice(text),
        "kind": c.kind.as_str(),
        "measure": c.measure,
        "verb": c.verb,
        "value": {"low": v.low, "high": v.high, "unit": v.unit.as_str()},
        "unit_text": v.unit_text,
        "qualifier": v.qualifier.as_str(),
        "counted": v.counted.as_ref().map(|(_, noun)| noun),
        "time": c.time.as_ref().map(|t| time(text, t)),
        "places": c.places.iter().map(|p| json!({
            "name": p.name,
            "span": [p.span.start, p.span.end],
            "place_id": p.place_id,
        })).collect::<Vec<_>>(),
        "attribution": c.attribution.iter().map(|a| json!({
            "speaker": a.speaker,
            "span": a.span.map(|s| [s.start, s.end]),
            "cue": a.cue,
            "stance": a.stance.as_str(),
        })).collect::<Vec<_>>(),
        "outlet": stored.outlet,
        "role": stored.role.as_str(),
        "original": stored.original,
        "documents": stored.documents,
        "outlets": stored.outlets,
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
