//! Telling copies from independent reports.
//!
//! A paragraph is fingerprinted as the hashes of its sentence-sized chunks
//! (normalised, so punctuation and case never hide a copy). Two paragraphs
//! share text when most of one's words sit in chunks the other also has; that
//! survives re-splitting paragraphs, a sentence added or cut, and changed
//! quotes, which exact paragraph hashes do not. The store indexes the chunk
//! hashes, so finding candidates is one indexed lookup per chunk whatever the
//! ledger's size; this module only decides, from candidates, what a paragraph is.

use contested_core::{CopyOf, Document, Role, Span};
use xxhash_rust::xxh3::xxh3_64;

/// Chunks shorter than this many words are too common ("He added.") to show
/// copying; they still count in a paragraph's length.
const MIN_CHUNK_TOKENS: u32 = 4;

/// Share of a paragraph's words that must come from another paragraph for it
/// to count as a copy of it.
pub const COPY_THRESHOLD: f64 = 0.5;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fingerprint {
    /// (chunk hash, words in the chunk) for chunks long enough to be telling.
    pub chunks: Vec<(u64, u32)>,
    /// Words in the whole paragraph.
    pub tokens: u32,
}

impl Fingerprint {
    pub fn keys(&self) -> impl Iterator<Item = u64> + '_ {
        self.chunks.iter().map(|(k, _)| *k)
    }
}

/// Chunks end at sentence punctuation followed by white space, or at a line break.
pub fn fingerprint(text: &str) -> Fingerprint {
    let mut chunks = Vec::new();
    let mut tokens = 0u32;
    for chunk in split_chunks(text) {
        let words: Vec<String> = crate::normalized_tokens(chunk).collect();
        let count = words.len() as u32;
        tokens += count;
        if count >= MIN_CHUNK_TOKENS {
            chunks.push((xxh3_64(words.join(" ").as_bytes()), count));
        }
    }
    Fingerprint { chunks, tokens }
}

fn split_chunks(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut cuts = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        let ends_sentence = matches!(b, b'.' | b'!' | b'?' | b';')
            && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace() || *n == b'"');
        if ends_sentence || b == b'\n' {
            cuts.push((start, i + 1));
            start = i + 1;
        }
    }
    cuts.push((start, bytes.len()));
    cuts.into_iter().map(move |(s, e)| &text[s..e])
}

/// Share of `a`'s words that lie in chunks `b` also has.
pub fn coverage(a: &Fingerprint, b: &Fingerprint) -> f64 {
    if a.tokens == 0 {
        return 0.0;
    }
    let shared: u32 = a
        .chunks
        .iter()
        .filter(|(key, _)| b.chunks.iter().any(|(other, _)| other == key))
        .map(|(_, n)| n)
        .sum();
    shared as f64 / a.tokens as f64
}

/// Total order on documents for deciding which copy came first: publication
/// time when known (documents without one sort after), then the input's file
/// name, then the id. Using the file name rather than the full path keeps the
/// order the same whether a folder is ingested by a relative or absolute path,
/// and none of it depends on the order of ingestion.
pub fn order_key(doc: &Document) -> String {
    let published = doc.published.map(|t| t.to_string()).unwrap_or_else(|| "~".to_string());
    let path = doc.origin.split('#').next().unwrap_or("");
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    format!("{published}\u{1}{name}\u{1}{}\u{1}{}", doc.origin.split('#').nth(1).unwrap_or(""), doc.id)
}

/// One paragraph as the copy resolver sees it.
#[derive(Debug, Clone)]
pub struct Occurrence<'a> {
    pub doc: &'a str,
    pub span: Span,
    pub order: &'a str,
    /// `None` for documents whose outlet is unknown; those are compared with
    /// each other as if one outlet, so a shared banner is still a template.
    pub outlet: Option<&'a str>,
    /// The role `segment` gave it inside its own document.
    pub base_role: Role,
    /// Whether it stands before the document's headline, where page chrome lives.
    pub before_title: bool,
    pub fingerprint: &'a Fingerprint,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub role: Role,
    pub copy_of: Option<CopyOf>,
}

/// Decides the role of `target` from every other paragraph that shares a
/// chunk with it. Pure and symmetric in the candidates' order, so the result
/// is the same whatever order documents arrived in.
///
/// - A headline or in-document repeat keeps its role.
/// - Template: the same block stands before the headline in another page of
///   the same outlet. Both pages' blocks are templates: neither page reports it.
/// - Copy: an earlier document (by [`order_key`]) holds most of its words;
///   linked to the earliest such paragraph.
/// - Otherwise body.
pub fn resolve_roles(target: &Occurrence<'_>, candidates: &[Occurrence<'_>]) -> Resolved {
    if matches!(target.base_role, Role::Title | Role::Repeat) {
        return Resolved { role: target.base_role, copy_of: None };
    }
    let others = || {
        candidates
            .iter()
            .filter(|c| c.doc != target.doc && c.base_role != Role::Repeat)
            .map(|c| (c, coverage(target.fingerprint, c.fingerprint)))
            .filter(|(_, share)| *share >= COPY_THRESHOLD)
    };

    let template = target.before_title
        && others().any(|(c, _)| c.before_title && c.outlet == target.outlet);
    if template {
        let earliest = others()
            .filter(|(c, _)| c.before_title && c.outlet == target.outlet && c.order < target.order)
            .min_by(|a, b| a.0.order.cmp(b.0.order));
        return Resolved {
            role: Role::Template,
            copy_of: earliest.map(|(c, share)| CopyOf { doc: c.doc.to_string(), span: c.span, similarity: share }),
        };
    }

    let earliest = others().filter(|(c, _)| c.order < target.order).min_by(|a, b| a.0.order.cmp(b.0.order));
    match earliest {
        Some((c, share)) => Resolved {
            role: Role::Copy,
            copy_of: Some(CopyOf { doc: c.doc.to_string(), span: c.span, similarity: share }),
        },
        None => Resolved { role: Role::Body, copy_of: None },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occ<'a>(doc: &'a str, order: &'a str, fp: &'a Fingerprint, before_title: bool) -> Occurrence<'a> {
        Occurrence {
            doc,
            span: Span::new(0, 10),
            order,
            outlet: None,
            base_role: Role::Body,
            before_title,
            fingerprint: fp,
        }
    }

    #[test]
    fn resplit_paragraph_is_still_a_copy() {
        let original = fingerprint(
            "Shelling hit the northern villages overnight. The governor said two schools were damaged. Talks resume on Friday in the capital.",
        );
        let part = fingerprint("The governor said two schools were damaged!");
        assert!(coverage(&part, &original) > 0.99);
        assert!(coverage(&original, &part) < 0.5);
    }

    #[test]
    fn punctuation_and_case_do_not_hide_copies() {
        let a = fingerprint("\"The army,\" he said, \"withdrew from the hills.\"");
        let b = fingerprint("The army he said WITHDREW from the hills");
        assert_eq!(coverage(&a, &b), 1.0);
    }

    #[test]
    fn earliest_document_is_the_original_whatever_the_order() {
        let fp = fingerprint("Background: the war began in 1988 when the two countries fought.");
        let a = occ("a", "1", &fp, false);
        let b = occ("b", "2", &fp, false);
        let c = occ("c", "3", &fp, false);
        for candidates in [vec![a.clone(), c.clone()], vec![c.clone(), a.clone()]] {
            let r = resolve_roles(&b, &candidates);
            assert_eq!(r.role, Role::Copy);
            assert_eq!(r.copy_of.unwrap().doc, "a");
        }
        assert_eq!(resolve_roles(&a, &[b.clone(), c.clone()]).role, Role::Body);
    }

    #[test]
    fn banner_before_headline_is_template_on_every_page() {
        let fp = fingerprint("Facts and figures box: twelve districts and their areas listed here.");
        let a = occ("a", "1", &fp, true);
        let b = occ("b", "2", &fp, true);
        assert_eq!(resolve_roles(&a, &[b.clone()]).role, Role::Template);
        let later = resolve_roles(&b, &[a.clone()]);
        assert_eq!(later.role, Role::Template);
        assert_eq!(later.copy_of.unwrap().doc, "a");
    }

    #[test]
    fn different_outlets_make_copies_not_templates() {
        let fp = fingerprint("Facts and figures box: twelve districts and their areas listed here.");
        let mut a = occ("a", "1", &fp, true);
        a.outlet = Some("one.example");
        let mut b = occ("b", "2", &fp, true);
        b.outlet = Some("two.example");
        assert_eq!(resolve_roles(&b, &[a]).role, Role::Copy);
    }

    #[test]
    fn unrelated_text_is_body() {
        let a = fingerprint("Rebels seized the airport after three days of heavy fighting nearby.");
        let b = fingerprint("The central bank raised interest rates by two points on Tuesday morning.");
        assert_eq!(coverage(&a, &b), 0.0);
    }
}
