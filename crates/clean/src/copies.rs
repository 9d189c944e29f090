//! Telling copies from independent reports.
//!
//! A paragraph's [`Fingerprint`] holds three kinds of evidence, from cheapest
//! and strictest to broadest:
//!
//! 1. the hash of the whole normalised paragraph and of each sentence-sized
//!    chunk (punctuation and case never hide a copy; a re-split paragraph
//!    or a sentence added or cut keeps most chunk hashes);
//! 2. its set of word shingles, which decides: a paragraph is a copy when
//!    most of its shingles appear in an earlier document ([`containment`]);
//! 3. MinHash band keys over those shingles, which find near copies whose
//!    every sentence was touched (a word changed in each), where no chunk
//!    hash survives.
//!
//! The store indexes the keys of 1 and 3 ([`Fingerprint::keys`]), so finding
//! candidates is a few indexed lookups per paragraph whatever the ledger's
//! size; this module only decides, from candidates, what a paragraph is.

use contested_core::{CopyOf, Document, Role, Span};
use std::collections::BTreeMap;
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Chunks shorter than this many words are too common ("He added.") to show
/// copying on their own; they still count through their shingles.
const MIN_CHUNK_TOKENS: u32 = 4;

/// Words per shingle. Three keeps a paragraph with one word changed in every
/// sentence at about 80% containment, while unrelated news paragraphs share
/// only a few stock phrases.
pub const SHINGLE_WORDS: usize = 3;

/// MinHash layout: `BANDS` keys of `ROWS` hash minima each. A pair of
/// paragraphs with resemblance J shares at least one band key with
/// probability 1-(1-J^ROWS)^BANDS: 0.99 at J=0.65 (one word changed in
/// every sentence), 0.88 at J=0.5, 0.002 at J=0.05. On FA-KES that finds 99%
/// of such edited copies while about one paragraph in a hundred meets an
/// unrelated one by chance, which costs one wasted comparison.
pub const BANDS: usize = 16;
pub const ROWS: usize = 3;

/// Paragraphs with fewer shingles get no band keys: their MinHash would
/// collide by chance, and the exact and chunk keys already cover them.
const MIN_SHINGLES_FOR_BANDS: usize = 6;

/// Share of a paragraph's shingles that must come from another document for
/// it to count as a copy of it.
pub const COPY_THRESHOLD: f64 = 0.5;

/// A stock closing paragraph is reprinted whole: both occurrences must hold
/// this share of each other, so a background paragraph that merely overlaps
/// an outlet's sign-off stays body or copy.
pub const CLOSING_THRESHOLD: f64 = 0.8;

/// How many trailing paragraphs count as a page's closing zone, where stock
/// sign-offs ("X is the state news agency of ...") sit.
pub const CLOSING_PARAGRAPHS: usize = 2;

/// Documents with fewer paragraphs have no closing zone: in a three-paragraph
/// item the last paragraph is simply body.
const MIN_PARAGRAPHS_FOR_CLOSING: usize = 4;

/// A further paragraph of the source document joins a merged match only if
/// it explains at least this share (and at least [`MIN_UNION_SHINGLES`]) of
/// the target's shingles that the paragraphs taken so far do not. Low enough
/// for one short sentence taken from a neighbouring paragraph; the floor
/// keeps stock phrases ("the ministry said") from widening the span.
const MIN_UNION_GAIN: f64 = 0.05;
const MIN_UNION_SHINGLES: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fingerprint {
    /// Hash of the whole normalised paragraph (equal to its only chunk's hash
    /// when it is one sentence); `None` when it has no words.
    pub exact: Option<u64>,
    /// (chunk hash, words in the chunk) for chunks long enough to be telling.
    pub chunks: Vec<(u64, u32)>,
    /// Word-shingle hashes, sorted and without duplicates. Shingles never
    /// straddle a sentence end, so re-splitting or merging paragraphs at
    /// sentence boundaries leaves them intact.
    pub shingles: Vec<u64>,
    /// MinHash band keys; empty for paragraphs too short to band.
    pub bands: Vec<u64>,
    /// Words in the whole paragraph.
    pub tokens: u32,
}

impl Fingerprint {
    /// The keys under which the store indexes this paragraph: two paragraphs
    /// sharing any of them are candidates for each other.
    pub fn keys(&self) -> Vec<u64> {
        let mut keys: Vec<u64> =
            self.exact.into_iter().chain(self.chunks.iter().map(|(k, _)| *k)).chain(self.bands.iter().copied()).collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }
}

/// Chunks end at sentence punctuation followed by white space, or at a line break.
pub fn fingerprint(text: &str) -> Fingerprint {
    let mut chunks = Vec::new();
    let mut shingles = Vec::new();
    // The whole paragraph's words joined by spaces, built from the chunks'
    // own joined words so each word is lowercased once.
    let mut all_text = String::with_capacity(text.len());
    let mut tokens = 0u32;
    let mut chunk_text = String::new();
    let mut words = Vec::new();
    let mut word_hashes: Vec<u64> = Vec::new();
    for chunk in split_chunks(text) {
        crate::normalized_text(chunk, &mut chunk_text, &mut words);
        if words.is_empty() {
            continue;
        }
        let count = words.len() as u32;
        if count >= MIN_CHUNK_TOKENS {
            chunks.push((xxh3_64(chunk_text.as_bytes()), count));
        }
        word_hashes.clear();
        word_hashes.extend(words.iter().map(|w| xxh3_64(&chunk_text.as_bytes()[w.clone()])));
        if word_hashes.len() < SHINGLE_WORDS {
            shingles.push(combine(&word_hashes));
        } else {
            shingles.extend(word_hashes.windows(SHINGLE_WORDS).map(combine));
        }
        if !all_text.is_empty() {
            all_text.push(' ');
        }
        all_text.push_str(&chunk_text);
        tokens += count;
    }
    shingles.sort_unstable();
    shingles.dedup();
    let exact = (tokens > 0).then(|| xxh3_64(all_text.as_bytes()));
    let bands = if shingles.len() >= MIN_SHINGLES_FOR_BANDS { band_keys(&shingles) } else { Vec::new() };
    Fingerprint { exact, chunks, shingles, bands, tokens }
}

/// Hash of up to [`SHINGLE_WORDS`] word hashes, on the stack: this runs once
/// per word of every paragraph ingested.
fn combine(word_hashes: &[u64]) -> u64 {
    let mut bytes = [0u8; 8 * SHINGLE_WORDS];
    for (slot, hash) in bytes.chunks_exact_mut(8).zip(word_hashes) {
        slot.copy_from_slice(&hash.to_le_bytes());
    }
    xxh3_64(&bytes[..8 * word_hashes.len().min(SHINGLE_WORDS)])
}

/// splitmix64: spreads a counter into well-mixed 64-bit constants, so the
/// MinHash permutations are fixed by the code and every ledger agrees.
const fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// One (odd multiplier, offset) pair per MinHash function.
const PERMUTATIONS: [(u64, u64); BANDS * ROWS] = {
    let mut table = [(0u64, 0u64); BANDS * ROWS];
    let mut i = 0;
    while i < BANDS * ROWS {
        table[i] = (splitmix(2 * i as u64) | 1, splitmix(2 * i as u64 + 1));
        i += 1;
    }
    table
};

/// Band keys of the MinHash signature. The shingles are already uniform
/// 64-bit hashes, so `a·x + b` (odd `a`, compared on the well-mixed high
/// bits that dominate the order) is a good enough family of permutations.
fn band_keys(shingles: &[u64]) -> Vec<u64> {
    let mut minima = [u64::MAX; BANDS * ROWS];
    for &s in shingles {
        for (slot, (a, b)) in minima.iter_mut().zip(PERMUTATIONS.iter()) {
            let h = s.wrapping_mul(*a).wrapping_add(*b);
            if h < *slot {
                *slot = h;
            }
        }
    }
    minima
        .chunks(ROWS)
        .enumerate()
        .map(|(band, rows)| {
            let mut bytes = [0u8; 8 * ROWS];
            for (slot, hash) in bytes.chunks_exact_mut(8).zip(rows) {
                slot.copy_from_slice(&hash.to_le_bytes());
            }
            // Seeding by band number keeps equal minima in different bands apart.
            xxh3_64_with_seed(&bytes, band as u64 + 1)
        })
        .collect()
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

/// How many of `a`'s shingles `b` also has (both sorted, deduplicated).
fn shared_shingles(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// Share of `a`'s shingles that `b` also has: how much of `a` could have been
/// taken from `b`. Asymmetric on purpose: one sentence lifted from a long
/// paragraph is wholly contained in it, not the other way round.
pub fn containment(a: &Fingerprint, b: &Fingerprint) -> f64 {
    if a.shingles.is_empty() {
        return 0.0;
    }
    shared_shingles(&a.shingles, &b.shingles) as f64 / a.shingles.len() as f64
}

/// Jaccard resemblance of the two shingle sets: symmetric, 1.0 for the same
/// text up to punctuation and case.
pub fn resemblance(a: &Fingerprint, b: &Fingerprint) -> f64 {
    let shared = shared_shingles(&a.shingles, &b.shingles);
    let union = a.shingles.len() + b.shingles.len() - shared;
    if union == 0 {
        return 0.0;
    }
    shared as f64 / union as f64
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

/// A coarse integer form of [`order_key`] that an index can range over:
/// publication second, undated documents last. Never decides alone: equal
/// ranks are ordered by the full key.
pub fn order_rank(doc: &Document) -> i64 {
    doc.published.map(|t| t.as_second()).unwrap_or(i64::MAX)
}

/// Where a paragraph stands on its page, which decides whether a block
/// repeated across an outlet's pages is page furniture or reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Zone {
    /// Before the headline: banners, "in figures" boxes.
    Lead,
    Body,
    /// The last paragraphs after the headline: stock sign-offs.
    Closing,
}

impl Zone {
    /// The zone of paragraph `index` of `count`, given the headline's index.
    pub fn of(index: usize, count: usize, title: Option<usize>) -> Zone {
        if title.is_some_and(|t| index < t) {
            Zone::Lead
        } else if count >= MIN_PARAGRAPHS_FOR_CLOSING
            && index + CLOSING_PARAGRAPHS >= count
            && title.is_none_or(|t| index > t)
        {
            Zone::Closing
        } else {
            Zone::Body
        }
    }
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
    pub zone: Zone,
    pub fingerprint: &'a Fingerprint,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub role: Role,
    pub copy_of: Option<CopyOf>,
}

/// Whether `candidate` shows `target` to be the outlet's page furniture: the
/// same block in the same zone of another page of the same outlet.
fn is_template_pair(target: &Occurrence<'_>, candidate: &Occurrence<'_>, share: f64) -> bool {
    if candidate.outlet != target.outlet || candidate.zone != target.zone {
        return false;
    }
    match target.zone {
        Zone::Lead => share >= COPY_THRESHOLD,
        Zone::Closing => {
            share >= CLOSING_THRESHOLD && containment(candidate.fingerprint, target.fingerprint) >= CLOSING_THRESHOLD
        }
        Zone::Body => false,
    }
}

/// How much of `target` a set of paragraphs of one document explains
/// together, and the span they cover. A paragraph merged from two source
/// paragraphs is explained by their union; each further paragraph must add
/// new shingles, so unrelated neighbours do not widen the span.
fn merged_match(target: &Fingerprint, parts: &[&Occurrence<'_>]) -> Option<(f64, Span)> {
    let total = target.shingles.len();
    if total == 0 {
        return None;
    }
    let min_gain = (((total as f64) * MIN_UNION_GAIN).ceil() as usize).max(MIN_UNION_SHINGLES).min(total);
    // Which of the target's shingles each part holds.
    let mut held: Vec<(usize, Span, Vec<bool>)> = parts
        .iter()
        .map(|p| {
            let mask: Vec<bool> = target.shingles.iter().map(|s| p.fingerprint.shingles.binary_search(s).is_ok()).collect();
            (mask.iter().filter(|&&m| m).count(), p.span, mask)
        })
        .filter(|(count, _, _)| *count > 0)
        .collect();
    // Best part first; ties by position so the outcome never depends on the
    // candidates' order.
    held.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut covered = vec![false; total];
    let mut span: Option<Span> = None;
    for (_, part_span, mask) in &held {
        let gain = mask.iter().zip(&covered).filter(|(m, c)| **m && !**c).count();
        if span.is_some() && gain < min_gain {
            continue;
        }
        for (c, m) in covered.iter_mut().zip(mask) {
            *c |= *m;
        }
        span = Some(span.map_or(*part_span, |s| s.cover(*part_span)));
    }
    let explained = covered.iter().filter(|&&c| c).count();
    span.map(|s| (explained as f64 / total as f64, s))
}

/// Decides the role of `target` from paragraphs that share an index key
/// with it. Pure, and independent of the candidates' order, so the result
/// is the same whatever order documents arrived in.
///
/// - A headline or in-document repeat keeps its role.
/// - Template: the same block stands in the same chrome zone (before the
///   headline, or among the closing paragraphs, reprinted whole) of another
///   page of the same outlet. Every such page's block is template: none of
///   them reports it. Linked to the earliest earlier one.
/// - Copy: the earliest earlier document (by [`order_key`]) whose
///   paragraphs together hold at least [`COPY_THRESHOLD`] of its shingles;
///   linked to the span those paragraphs cover, with that share as similarity.
/// - Otherwise body.
pub fn resolve_roles(target: &Occurrence<'_>, candidates: &[Occurrence<'_>]) -> Resolved {
    if matches!(target.base_role, Role::Title | Role::Repeat) {
        return Resolved { role: target.base_role, copy_of: None };
    }
    let others: Vec<(&Occurrence<'_>, f64)> = candidates
        .iter()
        .filter(|c| c.doc != target.doc && c.base_role != Role::Repeat)
        .map(|c| (c, containment(target.fingerprint, c.fingerprint)))
        .collect();

    let template_partners: Vec<&(&Occurrence<'_>, f64)> =
        others.iter().filter(|(c, share)| is_template_pair(target, c, *share)).collect();
    if !template_partners.is_empty() {
        let earliest = template_partners
            .iter()
            .filter(|(c, _)| c.order < target.order)
            .min_by(|a, b| a.0.order.cmp(b.0.order).then(a.0.span.cmp(&b.0.span)));
        return Resolved {
            role: Role::Template,
            copy_of: earliest.map(|(c, share)| CopyOf { doc: c.doc.to_string(), span: c.span, similarity: *share }),
        };
    }

    let mut earlier_docs: BTreeMap<(&str, &str), Vec<&Occurrence<'_>>> = BTreeMap::new();
    for (c, _) in &others {
        if c.order < target.order {
            earlier_docs.entry((c.order, c.doc)).or_default().push(c);
        }
    }
    for ((_, doc), parts) in &earlier_docs {
        if let Some((share, span)) = merged_match(target.fingerprint, parts) {
            if share >= COPY_THRESHOLD {
                return Resolved {
                    role: Role::Copy,
                    copy_of: Some(CopyOf { doc: doc.to_string(), span, similarity: share }),
                };
            }
        }
    }
    Resolved { role: Role::Body, copy_of: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occ<'a>(doc: &'a str, order: &'a str, fp: &'a Fingerprint, zone: Zone) -> Occurrence<'a> {
        Occurrence { doc, span: Span::new(0, 10), order, outlet: None, base_role: Role::Body, zone, fingerprint: fp }
    }

    #[test]
    fn resplit_paragraph_is_still_a_copy() {
        let original = fingerprint(
            "Shelling hit the northern villages overnight. The governor said two schools were damaged. Talks resume on Friday in the capital.",
        );
        let part = fingerprint("The governor said two schools were damaged!");
        assert_eq!(containment(&part, &original), 1.0);
        assert!(containment(&original, &part) < 0.5);
        assert!(original.keys().iter().any(|k| part.keys().contains(k)), "a shared chunk makes them candidates");
    }

    #[test]
    fn punctuation_and_case_do_not_hide_copies() {
        let a = fingerprint("\"The army,\" he said, \"withdrew from the hills.\"");
        let b = fingerprint("The army he said WITHDREW from the hills");
        assert_eq!(containment(&a, &b), 1.0);
        assert_eq!(a.exact, b.exact);
    }

    #[test]
    fn paragraph_merged_from_two_sources_is_explained_by_their_union() {
        let first = fingerprint(
            "The war began in 1988 over the mountain region. A truce was signed in the spring of 1994 after talks.",
        );
        let second = fingerprint(
            "Four resolutions of the council on the withdrawal of forces from the districts remain unimplemented today.",
        );
        let merged = fingerprint(
            "A truce was signed in the spring of 1994 after talks. Four resolutions of the council on the withdrawal of forces from the districts remain unimplemented today.",
        );
        let mut a = occ("a", "1", &first, Zone::Body);
        a.span = Span::new(0, 100);
        let mut b = occ("a", "1", &second, Zone::Body);
        b.span = Span::new(102, 210);
        let target = occ("b", "2", &merged, Zone::Closing);
        let r = resolve_roles(&target, &[b.clone(), a.clone()]);
        assert_eq!(r.role, Role::Copy);
        let copy = r.copy_of.unwrap();
        assert_eq!(copy.span, Span::new(0, 210), "the span covers both source paragraphs");
        assert_eq!(copy.similarity, 1.0);
        assert_eq!(resolve_roles(&target, &[a, b]).copy_of.unwrap().span, Span::new(0, 210));
    }

    #[test]
    fn earliest_document_is_the_original_whatever_the_order() {
        let fp = fingerprint("Background: the war began in 1988 when the two countries fought.");
        let a = occ("a", "1", &fp, Zone::Body);
        let b = occ("b", "2", &fp, Zone::Body);
        let c = occ("c", "3", &fp, Zone::Body);
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
        let a = occ("a", "1", &fp, Zone::Lead);
        let b = occ("b", "2", &fp, Zone::Lead);
        assert_eq!(resolve_roles(&a, std::slice::from_ref(&b)).role, Role::Template);
        let later = resolve_roles(&b, std::slice::from_ref(&a));
        assert_eq!(later.role, Role::Template);
        assert_eq!(later.copy_of.unwrap().doc, "a");
    }

    #[test]
    fn stock_closing_paragraph_is_template_but_a_closing_copy_of_body_text_is_not() {
        let sign_off = fingerprint("The agency is the official news service of the republic, founded in 1920.");
        let a = occ("a", "1", &sign_off, Zone::Closing);
        let b = occ("b", "2", &sign_off, Zone::Closing);
        assert_eq!(resolve_roles(&b, std::slice::from_ref(&a)).role, Role::Template);
        assert_eq!(resolve_roles(&a, std::slice::from_ref(&b)).role, Role::Template);
        // The same words in the middle of the earlier page are reporting that was copied.
        let mid = occ("a", "1", &sign_off, Zone::Body);
        assert_eq!(resolve_roles(&b, &[mid]).role, Role::Copy);
    }

    #[test]
    fn different_outlets_make_copies_not_templates() {
        let fp = fingerprint("Facts and figures box: twelve districts and their areas listed here.");
        for zone in [Zone::Lead, Zone::Closing] {
            let mut a = occ("a", "1", &fp, zone);
            a.outlet = Some("one.example");
            let mut b = occ("b", "2", &fp, zone);
            b.outlet = Some("two.example");
            assert_eq!(resolve_roles(&b, &[a]).role, Role::Copy);
        }
    }

    #[test]
    fn unrelated_text_is_body() {
        let a = fingerprint("Rebels seized the airport after three days of heavy fighting nearby.");
        let b = fingerprint("The central bank raised interest rates by two points on Tuesday morning.");
        assert_eq!(containment(&a, &b), 0.0);
        assert!(a.keys().iter().all(|k| !b.keys().contains(k)));
    }

    #[test]
    fn zones() {
        assert_eq!(Zone::of(0, 6, Some(1)), Zone::Lead);
        assert_eq!(Zone::of(1, 6, Some(1)), Zone::Body);
        assert_eq!(Zone::of(3, 6, Some(1)), Zone::Body);
        assert_eq!(Zone::of(4, 6, Some(1)), Zone::Closing);
        assert_eq!(Zone::of(5, 6, None), Zone::Closing);
        assert_eq!(Zone::of(2, 3, None), Zone::Body, "short items have no closing zone");
    }
}
