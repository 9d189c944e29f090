//! The ledger's stable JSON shapes, as `serde_json::Value` for the listings.
//! The shapes themselves live in `contested_store::dto`, shared with the HTTP
//! API so that both always agree: add fields there, never rename or remove one.

use contested_core::{Document, Paragraph};
use contested_store::dto::{ClaimDto, DocumentDto, DocumentSummaryDto, ParagraphDto};
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
