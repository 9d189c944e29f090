//! Paragraphs and their roles.
//!
//! Two steps. [`segment`] looks at one document alone: where its paragraphs
//! are, which is the headline and which lines repeat inside it. [`copies`]
//! then compares paragraphs across the ledger through fingerprints the store
//! keeps, so that a background paragraph copied into ten articles counts as
//! one source, and an outlet's page template as the outlet's standing claim.

pub mod copies;
mod segment;

pub use copies::{containment, fingerprint, resemblance, resolve_roles, Fingerprint, Occurrence, Resolved, Zone};
pub use segment::segment;

/// Lowercased word tokens with punctuation dropped: the form in which two
/// paragraphs are compared, so quote style, dashes or spacing never hide a copy.
pub fn normalized_tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(|t| t.to_lowercase())
}
