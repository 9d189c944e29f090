//! The ledger's stable JSON shapes, as `serde_json::Value` for the listings.
//! The shapes themselves live in `contested_store::dto`, shared with the HTTP
//! API so that both always agree: add fields there, never rename or remove one.

use contested_core::{ControlRecord, Document, Event, Finding, Paragraph};
use contested_store::dto::{ClaimDto, ControlDto, DocumentDto, DocumentSummaryDto, EventDto, FindingDto, ParagraphDto};
use contested_store::{DocumentSummary, StoredClaim};
use serde_json::Value;

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

pub fn finding(f: &Finding) -> Value {
    value(FindingDto::from(f))
}

/// `text` is the event's document text, for the evidence slices.
pub fn event(e: &Event, text: &str) -> Value {
    value(EventDto::new(e, text))
}

pub fn control(c: &ControlRecord, text: &str) -> Value {
    value(ControlDto::new(c, text))
}
