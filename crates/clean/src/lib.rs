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

/// Writes [`normalized_tokens`] joined by single spaces into `out` (cleared
/// first) and the byte range of each word there into `words` (cleared too).
/// Fingerprints and repeat keys run this over every paragraph: ASCII text
/// (most paragraphs) is split byte by byte, since for ASCII
/// `char::is_alphanumeric` is `u8::is_ascii_alphanumeric`; other text goes
/// through `str::to_lowercase` word by word, as `normalized_tokens` does.
fn normalized_text(text: &str, out: &mut String, words: &mut Vec<std::ops::Range<usize>>) {
    out.clear();
    words.clear();
    if text.is_ascii() {
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            if !bytes[at].is_ascii_alphanumeric() {
                at += 1;
                continue;
            }
            let start = at;
            while at < bytes.len() && bytes[at].is_ascii_alphanumeric() {
                at += 1;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            let word_start = out.len();
            out.push_str(&text[start..at]);
            out[word_start..].make_ascii_lowercase();
            words.push(word_start..out.len());
        }
        return;
    }
    for token in text.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        let word_start = out.len();
        if token.is_ascii() {
            out.push_str(token);
            out[word_start..].make_ascii_lowercase();
        } else {
            out.push_str(&token.to_lowercase());
        }
        words.push(word_start..out.len());
    }
}
