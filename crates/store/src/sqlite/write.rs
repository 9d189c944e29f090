//! Writing batches and resolving paragraph roles across the ledger.

use crate::schema::id_prefix;
use crate::{AnalyzedDocument, Result, StoreError};
use contested_clean::{copies, Fingerprint, Occurrence, Zone};
use contested_core::{Claim, CopyOf, Paragraph, Role, Span};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// Most candidates read per index key. A key carried by thousands of pages
/// (a wire-service sign-off) would otherwise make every new page compare
/// against all of them; the earliest ones are the ones that matter for
/// deciding what is original, and the (key, ord) index returns them first.
const CANDIDATES_PER_KEY: i64 = 32;

/// Most later sharers re-examined per key when a batch brings a document
/// that is earlier than some already stored (ingest out of publication
/// order). Bounds the work a key on thousands of pages can cause; such keys
/// are templates or sign-offs, already resolved among their earliest sharers.
const LATER_PER_KEY: i64 = 64;

pub(super) fn exists(tx: &Connection, id: &str) -> Result<bool> {
    Ok(tx.query_row("SELECT 1 FROM documents WHERE id = ?1", [id], |_| Ok(())).optional()?.is_some())
}

fn title_index(paragraphs: &[Paragraph]) -> Option<usize> {
    paragraphs.iter().position(|p| p.role == Role::Title)
}

pub(super) fn insert_document(tx: &Transaction, analyzed: &AnalyzedDocument) -> Result<()> {
    let doc = &analyzed.document;
    let now = jiff::Timestamp::now().to_string();
    tx.prepare_cached(
        "INSERT INTO documents (id, outlet, url, title, published, origin, text, order_key, ingested_at, id_prefix)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        doc.id,
        doc.outlet,
        doc.url,
        doc.title,
        doc.published.map(|t| t.to_string()),
        doc.origin,
        doc.text,
        copies::order_key(doc),
        now,
        id_prefix(&doc.id)
    ])?;

    for claim in &analyzed.claims {
        insert_claim(tx, claim, &analyzed.paragraphs)?;
    }
    for event in &analyzed.events {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO events (id, doc, start, end, sentence_start, sentence_end, event_type, sub_event_type,
                trigger_text, time_start, time_end, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            event.id,
            event.doc,
            event.span.start as i64,
            event.span.end as i64,
            event.sentence_span.start as i64,
            event.sentence_span.end as i64,
            event.event_type.as_str(),
            event.sub_event_type.as_str(),
            event.trigger,
            event.time.as_ref().map(|t| t.start.to_string()),
            event.time.as_ref().map(|t| t.end.to_string()),
            crate::events::event_detail(event),
        ])?;
    }
    for record in &analyzed.control {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO control_records (id, doc, start, end, place_id, place_name, kind, wording, time_start,
                time_end, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            record.id,
            record.doc,
            record.span.start as i64,
            record.span.end as i64,
            record.place.place_id,
            record.place.name,
            record.kind.as_str(),
            record.wording,
            record.time.as_ref().map(|t| t.start.to_string()),
            record.time.as_ref().map(|t| t.end.to_string()),
            crate::events::control_detail(record),
        ])?;
    }
    // Findings are recomputed after the batch; recording the debt in the same
    // transaction means a run killed in between still settles it next time.
    tx.prepare_cached("INSERT OR IGNORE INTO pending_reconcile (doc) VALUES (?1)")?.execute([&doc.id])?;
    Ok(())
}

/// Adds the paragraphs of the documents just inserted, all in one statement.
/// Each INSERT into `paragraphs` fires the trigger that feeds the FTS5 index
/// and so runs in a statement savepoint, and FTS5 writes its pending terms
/// out as a new segment at every savepoint (then merges the segments): one
/// statement per paragraph made a segment per paragraph. One statement per
/// batch makes one. Rows go in the order they did before, document by
/// document, paragraph by paragraph, so the FTS rowids are the same.
pub(super) fn insert_paragraphs(tx: &Transaction, batch: &[&AnalyzedDocument]) -> Result<()> {
    let no_fingerprint = Fingerprint::default();
    let mut rows: Vec<serde_json::Value> = Vec::new();
    for analyzed in batch {
        let title = title_index(&analyzed.paragraphs);
        for (idx, paragraph) in analyzed.paragraphs.iter().enumerate() {
            let fingerprint = analyzed.fingerprints.get(idx).unwrap_or(&no_fingerprint);
            let before_title = title.is_some_and(|t| idx < t);
            rows.push(serde_json::json!([
                analyzed.document.id,
                idx,
                paragraph.span.start,
                paragraph.span.end,
                paragraph.role.as_str(),
                i64::from(before_title),
                fingerprint.tokens
            ]));
        }
    }
    if rows.is_empty() {
        return Ok(());
    }
    // The search index's rowids continue from the last, as FTS5 numbered
    // them when it kept its own copy (see migration 10).
    let last_fts_rowid: i64 =
        tx.prepare_cached("SELECT COALESCE(MAX(fts_rowid), 0) FROM paragraphs")?.query_row([], |r| r.get(0))?;
    tx.prepare_cached(
        "INSERT INTO paragraphs (doc, idx, start, end, base_role, role, before_title, tokens, fts_rowid)
         SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 4, value ->> 5, value ->> 6,
                ?2 + key + 1
         FROM json_each(?1) ORDER BY key",
    )?
    .execute(params![serde_json::Value::Array(rows).to_string(), last_fts_rowid])?;
    Ok(())
}

/// The recent part of the copy index is merged into the big one once it
/// holds more than this share of the big part's rows (and at least
/// `recent_min`, by default [`RECENT_MIN_ROWS`]): each merge rewrites about every page of the big
/// part, so its cost per batch stays near `MERGE_RATIO` times the batch's
/// own rows, while the recent part, which every batch writes all over,
/// stays an eighth of the index.
const MERGE_RATIO: i64 = 8;
/// About four batches of 256 news pages.
pub(super) const RECENT_MIN_ROWS: i64 = 1 << 17;

/// Adds the copy-detection index rows of the documents just inserted to
/// the recent part of the index, and merges that into the big part when
/// it has grown enough (see migration 9). The keys are hashes, so inserting
/// them document by document writes all over the index; in key order each
/// index page is visited once. Row order within a key does not matter to
/// relinking: its queries break ties in `ord` by (doc, idx).
pub(super) fn insert_chunks(tx: &Transaction, batch: &[&AnalyzedDocument], recent_min: i64) -> Result<()> {
    let no_fingerprint = Fingerprint::default();
    let mut rows: Vec<(i64, i64, i64, i64)> = Vec::new();
    for analyzed in batch {
        let doc = &analyzed.document;
        let rank = copies::order_rank(doc);
        let doc_prefix = id_prefix(&doc.id);
        for idx in 0..analyzed.paragraphs.len() {
            let fingerprint = analyzed.fingerprints.get(idx).unwrap_or(&no_fingerprint);
            for key in fingerprint.keys() {
                // SQLite integers are signed; the bit pattern is what matters.
                rows.push((key as i64, rank, doc_prefix, idx as i64));
            }
        }
    }
    // Sorted as stored.
    rows.sort_unstable();
    let mut insert_key =
        tx.prepare_cached("INSERT OR IGNORE INTO paragraph_chunks_recent (key, ord, doc, idx) VALUES (?1, ?2, ?3, ?4)")?;
    let mut inserted = 0;
    for (key, rank, doc_prefix, idx) in rows {
        inserted += insert_key.execute(params![key, rank, doc_prefix, idx])? as i64;
    }
    let (recent, merged): (i64, i64) = tx
        .prepare_cached("UPDATE paragraph_chunk_counts SET recent = recent + ?1 RETURNING recent, merged")?
        .query_row([inserted], |r| Ok((r.get(0)?, r.get(1)?)))?;
    if recent > recent_min.max(merged / MERGE_RATIO) {
        // Read in key order from a b-tree in key order: each page of the
        // big part is written once, however many rows land on it.
        let moved = tx.execute(
            "INSERT OR IGNORE INTO paragraph_chunks (key, ord, doc, idx)
             SELECT key, ord, doc, idx FROM paragraph_chunks_recent ORDER BY key, ord, doc, idx",
            [],
        )? as i64;
        tx.execute("DELETE FROM paragraph_chunks_recent", [])?;
        tx.execute("UPDATE paragraph_chunk_counts SET recent = 0, merged = merged + ?1", [moved])?;
    }
    Ok(())
}

fn insert_claim(tx: &Transaction, claim: &Claim, paragraphs: &[Paragraph]) -> Result<()> {
    let paragraph = paragraphs.iter().position(|p| p.span.contains(claim.span)).map(|i| i as i64);
    let value = &claim.value;
    let time = claim.time.as_ref();
    tx.prepare_cached(
        "INSERT OR IGNORE INTO claims (id, doc, paragraph, start, end, sentence_start, sentence_end, kind, measure, verb,
            low, high, unit, unit_text, qualifier, number_start, number_end, counted, counted_start, counted_end,
            time_start, time_end, time_span_start, time_span_end, time_precision, time_inferred, time_open_end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                 ?21, ?22, ?23, ?24, ?25, ?26, ?27)",
    )?
    .execute(params![
        claim.id,
        claim.doc,
        paragraph,
        claim.span.start as i64,
        claim.span.end as i64,
        claim.sentence_span.start as i64,
        claim.sentence_span.end as i64,
        claim.kind.as_str(),
        claim.measure,
        claim.verb,
        value.low,
        value.high,
        value.unit.as_str(),
        value.unit_text,
        value.qualifier.as_str(),
        value.number_span.start as i64,
        value.number_span.end as i64,
        value.counted.as_ref().map(|(_, c)| c.as_str()),
        value.counted.as_ref().map(|(s, _)| s.start as i64),
        value.counted.as_ref().map(|(s, _)| s.end as i64),
        time.map(|t| t.start.to_string()),
        time.map(|t| t.end.to_string()),
        time.map(|t| t.span.start as i64),
        time.map(|t| t.span.end as i64),
        time.map(|t| t.precision.as_str()),
        time.map(|t| t.inferred),
        time.map(|t| t.open_end),
    ])?;
    let mut insert_place = tx.prepare_cached(
        "INSERT INTO claim_places (claim, idx, start, end, name, place_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (idx, place) in claim.places.iter().enumerate() {
        insert_place.execute(params![
            claim.id,
            idx as i64,
            place.span.start as i64,
            place.span.end as i64,
            place.name,
            place.place_id
        ])?;
    }
    let mut insert_link = tx.prepare_cached(
        "INSERT INTO claim_attribution (claim, depth, speaker, start, end, cue, stance) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (depth, link) in claim.attribution.iter().enumerate() {
        insert_link.execute(params![
            claim.id,
            depth as i64,
            link.speaker,
            link.span.map(|s| s.start as i64),
            link.span.map(|s| s.end as i64),
            link.cue,
            link.stance.as_str()
        ])?;
    }
    Ok(())
}

type ParagraphKey = (String, i64);

/// Fingerprints of stored paragraphs, kept from one batch to the next.
///
/// Relinking compares each new paragraph with the earliest sharers of its
/// keys, and those are the same few originals batch after batch (the first
/// printing of a wire story, an outlet's first page with its template).
/// Without this, every batch re-read their text and re-tokenised them: two
/// fifths of a copy-heavy ingest. A fingerprint depends only on the text of
/// an immutable document, so a kept one is never stale, even when other
/// processes write to the same ledger.
///
/// Bounded: two generations, the older dropped whole when the newer fills,
/// so memory stays under `capacity` fingerprints however large the ledger
/// grows, and what was used in the last generation survives.
pub(crate) struct FingerprintCache {
    recent: HashMap<ParagraphKey, Arc<Fingerprint>>,
    older: HashMap<ParagraphKey, Arc<Fingerprint>>,
    capacity: usize,
}

/// About 1 KB per fingerprint of a news paragraph: some 100 MB at most.
const FINGERPRINT_CACHE_CAPACITY: usize = 100_000;

impl Default for FingerprintCache {
    fn default() -> Self {
        FingerprintCache::with_capacity(FINGERPRINT_CACHE_CAPACITY)
    }
}

impl FingerprintCache {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        FingerprintCache { recent: HashMap::new(), older: HashMap::new(), capacity: capacity.max(2) }
    }

    fn get(&mut self, key: &ParagraphKey) -> Option<Arc<Fingerprint>> {
        if let Some(found) = self.recent.get(key) {
            return Some(Arc::clone(found));
        }
        let found = self.older.remove(key)?;
        self.put(key.clone(), Arc::clone(&found));
        Some(found)
    }

    fn put(&mut self, key: ParagraphKey, fingerprint: Arc<Fingerprint>) {
        if self.recent.len() >= self.capacity / 2 {
            self.older = std::mem::take(&mut self.recent);
        }
        self.recent.insert(key, fingerprint);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.recent.len() + self.older.len()
    }
}

/// One stored paragraph as the resolver needs it. The fingerprint is
/// recomputed from the text when first needed rather than stored: it is
/// cheap, and the ledger then never holds a stale copy of it.
struct StoredParagraph {
    span: Span,
    base_role: Role,
    role: Role,
    zone: Zone,
    fingerprint: Option<Arc<Fingerprint>>,
}

struct StoredDocument {
    order: String,
    /// [`copies::order_rank`] of the document, as its index rows carry it.
    rank: i64,
    outlet: Option<String>,
    /// Read only when a paragraph's fingerprint is not in the cache.
    text: Option<String>,
    paragraphs: Vec<StoredParagraph>,
}

/// The part of the ledger one relink has looked at, read at most once.
struct Neighbourhood<'t> {
    tx: &'t Connection,
    fingerprints: &'t mut FingerprintCache,
    docs: HashMap<String, StoredDocument>,
    candidates: HashMap<ParagraphKey, Vec<ParagraphKey>>,
    /// Documents of this batch whose index rows were written from the very
    /// fingerprints the relink holds: a key of theirs found once in the
    /// index is their own row.
    own_rows: HashSet<String>,
    /// Per paragraph of `own_rows`, the index keys some other row shares.
    shared: HashMap<ParagraphKey, Vec<u64>>,
    /// Documents by the id prefix copy index rows name them by.
    by_prefix: HashMap<i64, Vec<(String, String)>>,
}

impl<'t> Neighbourhood<'t> {
    fn new(tx: &'t Connection, fingerprints: &'t mut FingerprintCache) -> Self {
        Neighbourhood {
            tx,
            fingerprints,
            docs: HashMap::new(),
            candidates: HashMap::new(),
            own_rows: HashSet::new(),
            shared: HashMap::new(),
            by_prefix: HashMap::new(),
        }
    }

    /// The paragraph's index keys that can lead to another paragraph. Nearly
    /// every key of a new paragraph is on its own row only; one probe of the
    /// (key, ord) index, which covers it, tells so without the two lookups
    /// (earlier and later sharers, each reading table rows) that would both
    /// come back with nothing but the paragraph itself.
    fn keys_to_follow(&mut self, key: &ParagraphKey) -> Result<Vec<u64>> {
        let index_keys = self.fingerprint(key)?.keys();
        if !self.own_rows.contains(&key.0) {
            return Ok(index_keys);
        }
        if let Some(shared) = self.shared.get(key) {
            return Ok(shared.clone());
        }
        // The paragraph's own row is in either part (the recent one, unless
        // its batch merged it), and so may a second row be.
        let mut rows_of_key = self.tx.prepare_cached(
            "SELECT (SELECT count(*) FROM (SELECT 1 FROM paragraph_chunks_recent WHERE key = ?1 LIMIT 2))
                  + (SELECT count(*) FROM (SELECT 1 FROM paragraph_chunks WHERE key = ?1 LIMIT 2))",
        )?;
        let mut shared = Vec::new();
        for index_key in index_keys {
            // SQLite integers are signed; the bit pattern is what matters.
            if rows_of_key.query_row([index_key as i64], |r| r.get::<_, i64>(0))? > 1 {
                shared.push(index_key);
            }
        }
        self.shared.insert(key.clone(), shared.clone());
        Ok(shared)
    }

    /// The id and order key of the document (almost always one) whose id
    /// starts with `prefix`, as named by copy index rows.
    fn documents_by_prefix(&mut self, prefix: i64) -> Result<Vec<(String, String)>> {
        if let Some(found) = self.by_prefix.get(&prefix) {
            return Ok(found.clone());
        }
        let found: Vec<(String, String)> = self
            .tx
            .prepare_cached("SELECT id, order_key FROM documents WHERE id_prefix = ?1 ORDER BY id")?
            .query_map([prefix], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        self.by_prefix.insert(prefix, found.clone());
        Ok(found)
    }

    fn load(&mut self, doc: &str) -> Result<&StoredDocument> {
        if !self.docs.contains_key(doc) {
            let loaded = load_document(self.tx, doc)?;
            self.docs.insert(doc.to_string(), loaded);
        }
        Ok(&self.docs[doc])
    }

    fn paragraph(&self, (doc, idx): &ParagraphKey) -> &StoredParagraph {
        &self.docs[doc].paragraphs[*idx as usize]
    }

    /// Loads the paragraph's document and finds its fingerprint: kept from
    /// an earlier batch, or computed from the text.
    fn prepare(&mut self, key: &ParagraphKey) -> Result<()> {
        self.load(&key.0)?;
        let doc = self.docs.get_mut(&key.0).expect("loaded above");
        let paragraph = doc
            .paragraphs
            .get(key.1 as usize)
            .ok_or_else(|| StoreError::Corrupt(format!("paragraph {} of {} missing", key.1, key.0)))?;
        if paragraph.fingerprint.is_some() {
            return Ok(());
        }
        let fingerprint = match self.fingerprints.get(key) {
            Some(kept) => kept,
            None => {
                if doc.text.is_none() {
                    doc.text = Some(
                        self.tx
                            .prepare_cached("SELECT text FROM documents WHERE id = ?1")?
                            .query_row([&key.0], |r| r.get(0))?,
                    );
                }
                let text = doc.text.as_deref().expect("read above");
                let slice = text
                    .get(paragraph.span.start..paragraph.span.end)
                    .ok_or_else(|| StoreError::Corrupt(format!("paragraph {} of {}", key.1, key.0)))?;
                let computed = Arc::new(copies::fingerprint(slice));
                self.fingerprints.put(key.clone(), Arc::clone(&computed));
                computed
            }
        };
        doc.paragraphs[key.1 as usize].fingerprint = Some(fingerprint);
        Ok(())
    }

    fn fingerprint(&mut self, key: &ParagraphKey) -> Result<&Fingerprint> {
        self.prepare(key)?;
        Ok(self.paragraph(key).fingerprint.as_ref().expect("prepared"))
    }

    fn occurrence(&self, key: &ParagraphKey) -> Occurrence<'_> {
        let (id, doc) = self.docs.get_key_value(&key.0).expect("loaded before use");
        let paragraph = self.paragraph(key);
        Occurrence {
            doc: id,
            span: paragraph.span,
            order: &doc.order,
            outlet: doc.outlet.as_deref(),
            base_role: paragraph.base_role,
            zone: paragraph.zone,
            fingerprint: paragraph.fingerprint.as_deref().expect("prepared before use"),
        }
    }

    /// Paragraphs sharing an index key with `key`: per key, the earliest
    /// sharers by document order, which are the ones that can be its
    /// original. Bounded per key, so a key on thousands of pages costs the
    /// same as a rare one. Ties in order are broken by document and index,
    /// as on PostgreSQL: rowid order would make the sharers read depend on
    /// the order documents arrived in.
    fn candidates(&mut self, key: &ParagraphKey) -> Result<Vec<ParagraphKey>> {
        if let Some(found) = self.candidates.get(key) {
            return Ok(found.clone());
        }
        let index_keys = self.keys_to_follow(key)?;
        let mut found: BTreeSet<ParagraphKey> = BTreeSet::new();
        for index_key in index_keys {
            for (_, prefix, idx) in earliest_sharers(self.tx, index_key, i64::MIN, None, CANDIDATES_PER_KEY)? {
                for (id, _) in self.documents_by_prefix(prefix)? {
                    found.insert((id, idx));
                }
            }
        }
        found.remove(key);
        let mut kept = Vec::with_capacity(found.len());
        for candidate in found {
            // Two documents whose ids share their first 60 bits both answer
            // for that prefix's rows; only one has the paragraph, if either.
            if self.load(&candidate.0)?.paragraphs.len() <= candidate.1 as usize {
                continue;
            }
            self.prepare(&candidate)?;
            kept.push(candidate);
        }
        let found = kept;
        self.candidates.insert(key.clone(), found.clone());
        Ok(found)
    }

    /// Earlier-stored paragraphs whose role a new paragraph may change:
    /// later documents sharing a key with it (it may be their earlier
    /// original), and blocks in the same chrome zone of the same outlet not
    /// yet marked template (it may be their second printing).
    fn affected_by(&mut self, new: &ParagraphKey) -> Result<Vec<ParagraphKey>> {
        let candidates = self.candidates(new)?;
        let (order, outlet, zone) = {
            let doc = &self.docs[&new.0];
            (doc.order.clone(), doc.outlet.clone(), self.paragraph(new).zone)
        };
        let mut affected = Vec::new();
        if zone != Zone::Body {
            for candidate in candidates {
                let paragraph = self.paragraph(&candidate);
                if paragraph.zone == zone
                    && paragraph.role != Role::Template
                    && self.docs[&candidate.0].outlet == outlet
                {
                    affected.push(candidate);
                }
            }
        }
        let rank = self.docs[&new.0].rank;
        let index_keys = self.keys_to_follow(new)?;
        // The document's own rows are left out by its id prefix: a later
        // document sharing all 60 bits of it would be missed here, which
        // only delays its re-examination to the next document sharing a key.
        let own_prefix = id_prefix(&new.0);
        for index_key in index_keys {
            for (_, prefix, idx) in earliest_sharers(self.tx, index_key, rank, Some(own_prefix), LATER_PER_KEY)? {
                for (id, sharer_order) in self.documents_by_prefix(prefix)? {
                    if sharer_order > order && id != new.0 {
                        affected.push((id, idx));
                    }
                }
            }
        }
        // As in `candidates`: a shared id prefix can name a document
        // without the paragraph.
        let mut kept = Vec::with_capacity(affected.len());
        for sharer in affected {
            if self.load(&sharer.0)?.paragraphs.len() > sharer.1 as usize {
                kept.push(sharer);
            }
        }
        Ok(kept)
    }
}

/// The first `limit` rows of the copy index under `index_key` in (ord,
/// doc, idx) order, from `ord` on and, when given, not of the document with
/// id prefix `except`: each part's first `limit`, then the first of those,
/// which are the first of the whole index. Two plain range reads and a
/// merge here cost less than one compound statement, which SQLite answers
/// with three temporary sorts.
fn earliest_sharers(tx: &Connection, index_key: u64, ord: i64, except: Option<i64>, limit: i64) -> Result<Vec<(i64, i64, i64)>> {
    let mut rows = Vec::new();
    for part in [
        "SELECT ord, doc, idx FROM paragraph_chunks WHERE key = ?1 AND ord >= ?2 AND doc IS NOT ?3 ORDER BY ord, doc, idx LIMIT ?4",
        "SELECT ord, doc, idx FROM paragraph_chunks_recent WHERE key = ?1 AND ord >= ?2 AND doc IS NOT ?3 ORDER BY ord, doc, idx LIMIT ?4",
    ] {
        let mut stmt = tx.prepare_cached(part)?;
        // SQLite integers are signed; the bit pattern is what matters.
        let found = stmt.query_map(params![index_key as i64, ord, except, limit], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        for row in found {
            rows.push(row?);
        }
    }
    rows.sort_unstable();
    rows.truncate(limit as usize);
    Ok(rows)
}

fn load_document(tx: &Connection, doc: &str) -> Result<StoredDocument> {
    let (order, outlet, text_length, published): (String, Option<String>, i64, Option<String>) = tx
        .prepare_cached("SELECT order_key, outlet, length(CAST(text AS BLOB)), published FROM documents WHERE id = ?1")?
        .query_row([doc], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    let rank = match published {
        Some(p) => p.parse::<jiff::Timestamp>().map_err(|e| StoreError::Corrupt(format!("timestamp {p}: {e}")))?.as_second(),
        None => i64::MAX,
    };
    let rows: Vec<(i64, i64, i64, String, String)> = tx
        .prepare_cached("SELECT idx, start, end, base_role, role FROM paragraphs WHERE doc = ?1 ORDER BY idx")?
        .query_map([doc], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let role = |name: &str| Role::parse(name).ok_or_else(|| StoreError::Corrupt(format!("paragraph role {name}")));
    let title = rows.iter().position(|row| row.3 == Role::Title.as_str());
    let count = rows.len();
    let mut paragraphs = Vec::with_capacity(count);
    for (position, (idx, start, end, base_role, current)) in rows.into_iter().enumerate() {
        let span = Span::new(start as usize, end as usize);
        if idx != position as i64 || span.start > span.end || span.end as i64 > text_length {
            return Err(StoreError::Corrupt(format!("paragraph {idx} of {doc}")));
        }
        paragraphs.push(StoredParagraph {
            span,
            base_role: role(&base_role)?,
            role: role(&current)?,
            zone: Zone::of(position, count, title),
            fingerprint: None,
        });
    }
    Ok(StoredDocument { order, rank, outlet, text: None, paragraphs })
}

/// Re-decides the role of every paragraph that a batch could have changed:
/// the new paragraphs and the stored ones [`Neighbourhood::affected_by`]
/// names. Returns how many paragraphs of earlier documents changed.
pub(super) fn relink(
    tx: &Transaction,
    batch: &[&AnalyzedDocument],
    fingerprints: &mut FingerprintCache,
) -> Result<usize> {
    let new_docs: Vec<&str> = batch.iter().map(|a| a.document.id.as_str()).collect();
    let mut ledger = Neighbourhood::new(tx, fingerprints);
    let mut affected: BTreeSet<ParagraphKey> = BTreeSet::new();
    for analyzed in batch {
        let doc = analyzed.document.id.as_str();
        ledger.load(doc)?;
        // The pipeline fingerprinted these paragraphs already; reuse them.
        let stored = ledger.docs.get_mut(doc).expect("loaded above");
        if stored.paragraphs.len() == analyzed.fingerprints.len() {
            for (idx, (paragraph, fingerprint)) in stored.paragraphs.iter_mut().zip(&analyzed.fingerprints).enumerate() {
                let fingerprint = Arc::new(fingerprint.clone());
                ledger.fingerprints.put((doc.to_string(), idx as i64), Arc::clone(&fingerprint));
                paragraph.fingerprint = Some(fingerprint);
            }
            ledger.own_rows.insert(doc.to_string());
        }
        let count = stored.paragraphs.len();
        for idx in 0..count as i64 {
            let key = (doc.to_string(), idx);
            affected.extend(ledger.affected_by(&key)?);
            affected.insert(key);
        }
    }

    let mut changed_earlier = 0;
    for target_key in &affected {
        let candidate_keys = ledger.candidates(target_key)?;
        let target = ledger.occurrence(target_key);
        let candidates: Vec<Occurrence> = candidate_keys.iter().map(|k| ledger.occurrence(k)).collect();
        let resolved = copies::resolve_roles(&target, &candidates);
        let changed = write_role(tx, target_key, resolved.role, resolved.copy_of.as_ref())?;
        if changed && !new_docs.contains(&target_key.0.as_str()) {
            changed_earlier += 1;
            // Its claims now count differently (a copy, not an original):
            // its findings must be recomputed too.
            tx.prepare_cached("INSERT OR IGNORE INTO pending_reconcile (doc) VALUES (?1)")?.execute([&target_key.0])?;
        }
    }
    Ok(changed_earlier)
}

/// Stores a paragraph's role and re-points the claims inside it at the claims
/// they repeat. Returns whether anything changed.
fn write_role(tx: &Transaction, (doc, idx): &ParagraphKey, role: Role, copy_of: Option<&CopyOf>) -> Result<bool> {
    let changed = tx.prepare_cached(
        "UPDATE paragraphs SET role = ?3, copy_doc = ?4, copy_start = ?5, copy_end = ?6, similarity = ?7
         WHERE doc = ?1 AND idx = ?2
           AND (role IS NOT ?3 OR copy_doc IS NOT ?4 OR copy_start IS NOT ?5 OR copy_end IS NOT ?6
                OR similarity IS NOT ?7)",
    )?
    .execute(params![
        doc,
        idx,
        role.as_str(),
        copy_of.map(|c| c.doc.as_str()),
        copy_of.map(|c| c.span.start as i64),
        copy_of.map(|c| c.span.end as i64),
        copy_of.map(|c| c.similarity),
    ])? > 0;
    if !changed {
        return Ok(false);
    }
    // A claim in a copy stands for the claim with the same figure in the
    // paragraph it copies; with no such claim it stays its own.
    tx.prepare_cached(
        "UPDATE claims SET original = (
            SELECT o.id FROM claims o
            WHERE ?3 IS NOT NULL AND o.doc = ?3 AND o.start >= ?4 AND o.end <= ?5
              AND o.kind = claims.kind AND o.unit = claims.unit
              AND o.low IS claims.low AND o.high IS claims.high
            ORDER BY o.start LIMIT 1)
         WHERE doc = ?1 AND paragraph = ?2",
    )?
    .execute(params![
        doc,
        idx,
        copy_of.map(|c| c.doc.as_str()),
        copy_of.map(|c| c.span.start as i64),
        copy_of.map(|c| c.span.end as i64),
    ])?;
    Ok(true)
}


#[cfg(test)]
mod fingerprint_cache_tests {
    use super::*;

    fn key(i: i64) -> ParagraphKey {
        (format!("doc{i}"), 0)
    }

    #[test]
    fn stays_within_capacity_and_keeps_what_is_used() {
        let mut cache = FingerprintCache::with_capacity(10);
        let original = Arc::new(copies::fingerprint("The ministry said 2,000 hectares were regained on Monday."));
        cache.put(key(0), Arc::clone(&original));
        for i in 1..1000 {
            cache.put(key(i), Arc::new(Fingerprint::default()));
            // An original looked up batch after batch survives every turnover.
            assert_eq!(cache.get(&key(0)).as_deref(), Some(&*original), "lost after {i} insertions");
            assert!(cache.len() <= 10, "{} fingerprints kept", cache.len());
        }
        // One never looked up again is dropped.
        assert!(cache.get(&key(1)).is_none());
    }
}
