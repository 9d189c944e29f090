//! Reading the ledger back: documents, paragraphs, claims, counts.

use super::write::{exists, insert_chunks, insert_document, insert_paragraphs, relink};
use super::SqliteStore;
use crate::{
    AnalyzedDocument, BatchOutcome, ClaimEvidence, ClaimFilter, ClaimPage, ClaimQuery, DocumentPage, DocumentSummary,
    Facets, PlaceCount, Result, MAX_PAGE, SearchHit, SearchPage, SearchQuery, Stats, Store, StoreError, StoredClaim,
};
use rusqlite::types::Value as SqlValue;
use std::collections::HashMap;
use contested_core::{
    Attribution, Claim, ClaimKind, CopyOf, Document, Paragraph, PlaceMention, Precision, Qualifier, Quantity, Role,
    Span, Stance, TimeExpr, Unit,
};
use rusqlite::{params, OptionalExtension};

fn parse_timestamp(s: &str) -> Result<jiff::Timestamp> {
    s.parse().map_err(|e| StoreError::Corrupt(format!("timestamp {s}: {e}")))
}

fn precision_from(s: &str) -> Result<Precision> {
    use Precision::*;
    [Decade, Year, PartOfYear, Month, PartOfMonth, Week, Day, PartOfDay, Hour, Minute, Second]
        .into_iter()
        .find(|p| p.as_str() == s)
        .ok_or_else(|| StoreError::Corrupt(format!("time precision {s}")))
}

const CLAIM_COLUMNS: &str = "c.id, c.doc, c.start, c.end, c.sentence_start, c.sentence_end, c.kind, c.measure, c.verb,
    c.low, c.high, c.unit, c.unit_text, c.qualifier, c.number_start, c.number_end, c.counted, c.counted_start,
    c.counted_end, c.time_start, c.time_end, c.time_span_start, c.time_span_end, c.time_precision, c.time_inferred,
    c.time_open_end, d.outlet, COALESCE(p.role, 'body'), c.original";

struct ClaimRow {
    claim: Claim,
    outlet: Option<String>,
    role: String,
    original: Option<String>,
}

fn read_claim_row(r: &rusqlite::Row) -> rusqlite::Result<(ClaimRow, Vec<Option<String>>)> {
    let span = |a: usize, b: usize| -> rusqlite::Result<Span> {
        Ok(Span::new(r.get::<_, i64>(a)? as usize, r.get::<_, i64>(b)? as usize))
    };
    let counted: Option<String> = r.get(16)?;
    let counted = match counted {
        Some(text) => Some((span(17, 18)?, text)),
        None => None,
    };
    let raw: Vec<Option<String>> = vec![r.get(6)?, r.get(11)?, r.get(13)?, r.get(19)?, r.get(20)?, r.get(23)?];
    let time_span = match (r.get::<_, Option<i64>>(21)?, r.get::<_, Option<i64>>(22)?) {
        (Some(s), Some(e)) => Span::new(s as usize, e as usize),
        _ => Span::default(),
    };
    let claim = Claim {
        id: r.get(0)?,
        doc: r.get(1)?,
        span: span(2, 3)?,
        sentence_span: span(4, 5)?,
        kind: ClaimKind::Area,
        measure: r.get(7)?,
        verb: r.get(8)?,
        value: Quantity {
            span: span(2, 3)?,
            number_span: span(14, 15)?,
            low: r.get(9)?,
            high: r.get(10)?,
            unit: Unit::Number,
            unit_text: r.get(12)?,
            qualifier: Qualifier::Exact,
            counted,
        },
        time: r.get::<_, Option<bool>>(24)?.map(|inferred| TimeExpr {
            span: time_span,
            start: jiff::Timestamp::UNIX_EPOCH,
            end: jiff::Timestamp::UNIX_EPOCH,
            precision: Precision::Day,
            inferred,
            open_end: false,
        }),
        places: Vec::new(),
        attribution: Vec::new(),
    };
    let open_end: Option<bool> = r.get(25)?;
    let mut claim = claim;
    if let (Some(t), Some(open)) = (claim.time.as_mut(), open_end) {
        t.open_end = open;
    }
    Ok((ClaimRow { claim, outlet: r.get(26)?, role: r.get(27)?, original: r.get(28)? }, raw))
}

/// Fills the typed fields that were read as text, so that an unreadable
/// value becomes a clear error rather than a silently wrong claim.
fn finish_claim(row: &mut ClaimRow, raw: Vec<Option<String>>) -> Result<()> {
    let text = |i: usize| raw[i].as_deref();
    let kind = text(0).unwrap_or_default();
    row.claim.kind = ClaimKind::parse(kind).ok_or_else(|| StoreError::Corrupt(format!("claim kind {kind}")))?;
    row.claim.value.unit = Unit::parse(text(1).unwrap_or("number"));
    let qualifier = text(2).unwrap_or_default();
    row.claim.value.qualifier =
        Qualifier::parse(qualifier).ok_or_else(|| StoreError::Corrupt(format!("qualifier {qualifier}")))?;
    if let Some(time) = row.claim.time.as_mut() {
        time.start = parse_timestamp(text(3).unwrap_or_default())?;
        time.end = parse_timestamp(text(4).unwrap_or_default())?;
        time.precision = precision_from(text(5).unwrap_or_default())?;
    }
    Ok(())
}

impl SqliteStore {
    /// A batch in one transaction; with `complete_work`, the batch's
    /// documents also leave the work queue in it.
    fn write_batch(&mut self, batch: &[AnalyzedDocument], complete_work: bool) -> Result<BatchOutcome> {
        // IMMEDIATE: take the write lock before reading. A deferred
        // transaction that reads, then finds another process (a second
        // worker) has written meanwhile, cannot upgrade and fails at once
        // instead of waiting.
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut outcome = BatchOutcome::default();
        let mut new_docs: Vec<&str> = Vec::new();
        let mut fresh: Vec<&AnalyzedDocument> = Vec::new();
        for analyzed in batch {
            let id = analyzed.document.id.as_str();
            if exists(&tx, id)? || new_docs.contains(&id) {
                outcome.unchanged += 1;
                continue;
            }
            insert_document(&tx, analyzed)?;
            new_docs.push(id);
            fresh.push(analyzed);
            outcome.inserted += 1;
        }
        if !new_docs.is_empty() {
            insert_paragraphs(&tx, &fresh)?;
            insert_chunks(&tx, &fresh, self.recent_chunks_min)?;
            outcome.relinked = relink(&tx, &fresh, &mut self.fingerprints)?;
        }
        if complete_work {
            let mut done = tx.prepare_cached("DELETE FROM work_queue WHERE id = ?1")?;
            for analyzed in batch {
                done.execute([&analyzed.document.id])?;
            }
        }
        tx.commit()?;
        Ok(outcome)
    }
}


impl Store for SqliteStore {
    fn put_batch(&mut self, batch: &[AnalyzedDocument]) -> Result<BatchOutcome> {
        self.write_batch(batch, false)
    }

    fn enqueue(&mut self, docs: &[Document]) -> Result<usize> {
        self.write_enqueue(docs)
    }

    fn claim_work(&mut self, worker: &str, max: usize) -> Result<Vec<Document>> {
        self.write_claim_work(worker, max)
    }

    fn put_batch_completing(&mut self, batch: &[AnalyzedDocument]) -> Result<BatchOutcome> {
        self.write_batch(batch, true)
    }

    fn complete_work(&mut self, ids: &[String]) -> Result<usize> {
        self.write_complete_work(ids)
    }

    fn release_work(&mut self, worker: &str) -> Result<usize> {
        Ok(self.conn.execute("UPDATE work_queue SET claimed_by = NULL, lease_until = NULL WHERE claimed_by = ?1", [worker])?)
    }

    fn queue_depth(&self) -> Result<u64> {
        Ok(self.conn.query_row("SELECT COUNT(*) FROM work_queue", [], |r| r.get::<_, i64>(0))? as u64)
    }

    fn set_lease(&mut self, lease: std::time::Duration) {
        self.lease = lease;
    }

    fn lock_ledger(&mut self) -> Result<()> {
        // IMMEDIATE takes SQLite's write lock now: other processes' batches
        // and findings wait (busy timeout) until unlock_ledger commits.
        Ok(self.conn.execute_batch("BEGIN IMMEDIATE")?)
    }

    fn unlock_ledger(&mut self) -> Result<()> {
        Ok(self.conn.execute_batch("COMMIT")?)
    }

    fn pending_reconcile(&self) -> Result<Vec<String>> {
        super::findings::pending(&self.conn)
    }


    fn docs_in_scopes(&self, scopes: &[String]) -> Result<Vec<String>> {
        super::findings::docs_in_scopes(&self.conn, scopes)
    }

    fn replace_findings(&mut self, update: &crate::FindingsUpdate) -> Result<()> {
        self.write_findings(update)
    }

    fn findings(&self, filter: &crate::FindingFilter) -> Result<Vec<contested_core::Finding>> {
        self.read_findings(filter)
    }

    fn finding_counts(&self) -> Result<Vec<(String, u64)>> {
        let mut statement = self.conn.prepare_cached("SELECT kind, COUNT(*) FROM findings GROUP BY kind ORDER BY kind")?;
        let rows = statement.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn add_user_places(&mut self, places: &[(String, String)]) -> Result<usize> {
        self.write_user_places(places)
    }

    fn data_version(&self) -> Result<i64> {
        // The inherent method: PRAGMA data_version, per connection.
        SqliteStore::data_version(self)
    }

    fn user_places(&self) -> Result<Vec<String>> {
        self.read_user_places()
    }

    fn events(&self, doc: Option<&str>) -> Result<Vec<contested_core::Event>> {
        self.read_events(doc)
    }

    fn control_records(&self, doc: Option<&str>) -> Result<Vec<contested_core::ControlRecord>> {
        self.read_control(doc)
    }

    fn contains(&self, id: &str) -> Result<bool> {
        exists(&self.conn, id)
    }

    fn resolve_id(&self, prefix: &str) -> Result<String> {
        let pattern = format!("{}%", prefix.replace(['%', '_'], ""));
        let ids: Vec<String> = self
            .conn
            .prepare_cached("SELECT id FROM documents WHERE id LIKE ?1 LIMIT 2")?
            .query_map([pattern], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        match ids.len() {
            0 => Err(StoreError::NoSuchDocument(prefix.to_string())),
            1 => Ok(ids.into_iter().next().expect("one id")),
            _ => {
                let count: i64 = self.conn.query_row(
                    "SELECT COUNT(*) FROM documents WHERE id LIKE ?1",
                    [format!("{prefix}%")],
                    |r| r.get(0),
                )?;
                Err(StoreError::AmbiguousId { prefix: prefix.to_string(), count: count as usize })
            }
        }
    }

    fn document(&self, id: &str) -> Result<Document> {
        let row = self
            .conn
            .prepare_cached("SELECT id, outlet, url, title, published, origin, text FROM documents WHERE id = ?1")?
            .query_row([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })
            .optional()?
            .ok_or_else(|| StoreError::NoSuchDocument(id.to_string()))?;
        let (id, outlet, url, title, published, origin, text) = row;
        let published = published.as_deref().map(parse_timestamp).transpose()?;
        Ok(Document { id, outlet, url, title, published, origin, text })
    }

    fn paragraphs(&self, doc: &str) -> Result<Vec<Paragraph>> {
        let rows = self
            .conn
            .prepare_cached(
                "SELECT start, end, role, copy_doc, copy_start, copy_end, similarity FROM paragraphs
                 WHERE doc = ?1 ORDER BY idx",
            )?
            .query_map([doc], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                    r.get::<_, Option<i64>>(5)?,
                    r.get::<_, Option<f64>>(6)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(start, end, role, copy_doc, copy_start, copy_end, similarity)| {
                let role = Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("paragraph role {role}")))?;
                let copy_of = match (copy_doc, copy_start, copy_end) {
                    (Some(doc), Some(s), Some(e)) => Some(CopyOf {
                        doc,
                        span: Span::new(s as usize, e as usize),
                        similarity: similarity.unwrap_or(1.0),
                    }),
                    _ => None,
                };
                Ok(Paragraph { span: Span::new(start as usize, end as usize), role, copy_of })
            })
            .collect()
    }

    fn documents(&self) -> Result<Vec<DocumentSummary>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT d.id, d.outlet, d.url, d.title, d.published, d.origin,
                    (SELECT COUNT(*) FROM paragraphs p WHERE p.doc = d.id),
                    (SELECT COUNT(*) FROM claims c WHERE c.doc = d.id)
                 FROM documents d ORDER BY d.order_key",
            )?
            .query_map([], |r| {
                Ok(DocumentSummary {
                    id: r.get(0)?,
                    outlet: r.get(1)?,
                    url: r.get(2)?,
                    title: r.get(3)?,
                    published: r.get(4)?,
                    origin: r.get(5)?,
                    paragraphs: r.get::<_, i64>(6)? as u64,
                    claims: r.get::<_, i64>(7)? as u64,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn claims(&self, filter: &ClaimFilter) -> Result<Vec<StoredClaim>> {
        // `?1 IS NULL OR c.doc = ?1` hides the claims_doc index from the
        // planner, which then scans every claim for each document: ingest
        // reads claims document by document, so that made it quadratic.
        let doc_test = if filter.doc.is_some() { "c.doc = ?1" } else { "?1 IS NULL" };
        let sql = format!(
            "SELECT {CLAIM_COLUMNS} FROM claims c JOIN documents d ON d.id = c.doc
             LEFT JOIN paragraphs p ON p.doc = c.doc AND p.idx = c.paragraph
             WHERE {doc_test} AND (?2 IS NULL OR c.kind = ?2) AND (?3 IS NULL OR d.outlet = ?3)
               AND (?4 = 0 OR c.original IS NULL)
             ORDER BY d.order_key, c.start, c.end, c.id LIMIT ?5"
        );
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(
                params![
                    filter.doc,
                    filter.kind,
                    filter.outlet,
                    filter.independent_only,
                    filter.limit.map(|l| l as i64).unwrap_or(-1)
                ],
                read_claim_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // One query for every claim's spread, not one per claim: reconciling
        // reads claims document by document, and a query per claim was a
        // quarter of an incremental ingest.
        let keys: Vec<&str> = rows.iter().map(|(row, _)| row.original.as_deref().unwrap_or(&row.claim.id)).collect();
        let mut spreads = HashMap::new();
        // Bound the statement's parameters (SQLite allows 32,766).
        for slice in keys.chunks(1000).filter(|_| !filter.skip_spread) {
            spreads.extend(self.spreads_of(slice)?);
        }
        let unknown = if filter.skip_spread { (0, 0) } else { (1, 1) };
        // Places and chains by the hundred, not two queries per claim: a
        // reconciliation reads tens of thousands of claims this way.
        let (mut places, mut chains) = (HashMap::new(), HashMap::new());
        let ids: Vec<&str> = rows.iter().map(|(row, _)| row.claim.id.as_str()).collect();
        for slice in ids.chunks(PARTS_PER_QUERY) {
            // Padded with its last id (harmless in an IN list) so that every
            // slice runs the one cached statement.
            let mut padded = slice.to_vec();
            padded.resize(PARTS_PER_QUERY, slice[slice.len() - 1]);
            places.extend(self.places_of(&padded)?);
            chains.extend(self.attribution_of(&padded)?);
        }
        let mut out = Vec::with_capacity(rows.len());
        for (mut row, raw) in rows {
            finish_claim(&mut row, raw)?;
            row.claim.places = places.remove(&row.claim.id).unwrap_or_default();
            row.claim.attribution = chains.remove(&row.claim.id).unwrap_or_default();
            let key = row.original.as_deref().unwrap_or(&row.claim.id);
            let (documents, outlets) = spreads.get(key).copied().unwrap_or(unknown);
            out.push(StoredClaim {
                role: Role::parse(&row.role).unwrap_or(Role::Body),
                outlet: row.outlet,
                original: row.original,
                documents,
                outlets,
                claim: row.claim,
            });
        }
        Ok(out)
    }

    fn stats(&self) -> Result<Stats> {
        let documents: i64 = self.conn.query_row("SELECT COUNT(*) FROM documents", [], |r| r.get(0))?;
        let count_by = |sql: &str| -> Result<Vec<(String, u64)>> {
            Ok(self
                .conn
                .prepare(sql)?
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)))?
                .collect::<rusqlite::Result<_>>()?)
        };
        let independent: i64 =
            self.conn.query_row("SELECT COUNT(*) FROM claims WHERE original IS NULL", [], |r| r.get(0))?;
        Ok(Stats {
            documents: documents as u64,
            paragraphs_by_role: count_by("SELECT role, COUNT(*) FROM paragraphs GROUP BY role ORDER BY 2 DESC, 1")?,
            claims_by_kind: count_by("SELECT kind, COUNT(*) FROM claims GROUP BY kind ORDER BY 2 DESC, 1")?,
            independent_claims: independent as u64,
        })
    }

    fn claim_page(&self, query: &ClaimQuery) -> Result<ClaimPage> {
        self.read_claim_page(query)
    }

    fn event_page(&self, query: &crate::RecordQuery) -> Result<crate::RecordPage<contested_core::Event>> {
        self.read_event_page(query)
    }

    fn control_page(&self, query: &crate::RecordQuery) -> Result<crate::RecordPage<contested_core::ControlRecord>> {
        self.read_control_page(query)
    }

    fn claim_keys(&self, query: &ClaimQuery) -> Result<(Vec<i64>, Option<i64>)> {
        self.read_claim_keys(query)
    }

    fn search(&self, query: &SearchQuery) -> Result<SearchPage> {
        self.read_search(query)
    }

    fn document_page(&self, after: Option<&str>, limit: u64, newest_first: bool) -> Result<DocumentPage> {
        self.read_document_page(after, limit, newest_first)
    }

    fn facets(&self) -> Result<Facets> {
        let column = |sql: &str| -> Result<Vec<String>> {
            Ok(self.conn.prepare_cached(sql)?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
        };
        Ok(Facets {
            kinds: column("SELECT DISTINCT kind FROM claims ORDER BY 1")?,
            measures: column("SELECT DISTINCT measure FROM claims WHERE measure IS NOT NULL ORDER BY 1")?,
            outlets: column("SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL ORDER BY 1")?,
        })
    }

    fn place_counts(&self) -> Result<Vec<PlaceCount>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT place_id, MIN(name), COUNT(DISTINCT claim) FROM claim_places
                 GROUP BY COALESCE(place_id, lower(name)) ORDER BY 3 DESC, COALESCE(place_id, lower(name))",
            )?
            .query_map([], |r| {
                Ok(PlaceCount { place_id: r.get(0)?, name: r.get(1)?, claims: r.get::<_, i64>(2)? as u64 })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }
}

/// A byte slice of a document's text, cut inside SQLite so a page of claims
/// never loads whole articles. `substr` on a BLOB counts bytes, as spans do.
fn evidence(start: &str, end: &str) -> String {
    format!("CAST(substr(CAST(d.text AS BLOB), {start} + 1, {end} - {start}) AS TEXT)")
}

/// Turns what a person typed into an FTS5 query that cannot be a syntax
/// error: every word quoted, all required, the last one also as a prefix
/// (so a search box finds "shell" in "shelling" while typing).
pub(crate) fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = crate::typed_words(text)
        .map(|w| format!("\"{w}\""))
        .collect();
    let (last, rest) = words.split_last()?;
    let mut query = rest.join(" ");
    if !query.is_empty() {
        query.push(' ');
    }
    query.push_str(&format!("{last}*"));
    Some(query)
}


/// The claims filter's words as an FTS5 query: every word quoted and
/// required, whole words only. Unlike the search box ([`fts_query`]), no
/// word is a prefix: FTS5 answers a prefix by merging the doclists of every
/// term it starts, all of them, before returning the first row, which would
/// make a page cost as much as all its matches.
pub(crate) fn fts_words(text: &str) -> Option<String> {
    let words: Vec<String> = crate::typed_words(text)
        .map(|w| format!("\"{w}\""))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Claims whose places and chains one query reads. A fixed size, so that a
/// full slice reuses one cached statement.
const PARTS_PER_QUERY: usize = 200;

/// `?1, ?2, …, ?n` for an `IN (…)` list.
fn placeholders(n: usize) -> String {
    (1..=n).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ")
}

impl SqliteStore {
    fn places_of(&self, ids: &[&str]) -> Result<HashMap<String, Vec<PlaceMention>>> {
        let mut out: HashMap<String, Vec<PlaceMention>> = HashMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        let sql = format!(
            "SELECT claim, start, end, name, place_id FROM claim_places WHERE claim IN ({}) ORDER BY claim, idx",
            placeholders(ids.len())
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(ids.iter()), |r| {
            Ok((
                r.get::<_, String>(0)?,
                PlaceMention {
                    span: Span::new(r.get::<_, i64>(1)? as usize, r.get::<_, i64>(2)? as usize),
                    name: r.get(3)?,
                    place_id: r.get(4)?,
                },
            ))
        })?;
        for row in rows {
            let (claim, place) = row?;
            out.entry(claim).or_default().push(place);
        }
        Ok(out)
    }

    fn attribution_of(&self, ids: &[&str]) -> Result<HashMap<String, Vec<Attribution>>> {
        let mut out: HashMap<String, Vec<Attribution>> = HashMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        let sql = format!(
            "SELECT claim, speaker, start, end, cue, stance FROM claim_attribution WHERE claim IN ({})
             ORDER BY claim, depth",
            placeholders(ids.len())
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(ids.iter()), |r| {
            let span = match (r.get::<_, Option<i64>>(2)?, r.get::<_, Option<i64>>(3)?) {
                (Some(s), Some(e)) => Some(Span::new(s as usize, e as usize)),
                _ => None,
            };
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, span, r.get::<_, Option<String>>(4)?, r.get::<_, String>(5)?))
        })?;
        for row in rows {
            let (claim, speaker, span, cue, stance) = row?;
            let stance = Stance::parse(&stance).ok_or_else(|| StoreError::Corrupt(format!("stance {stance}")))?;
            out.entry(claim).or_default().push(Attribution { speaker, span, cue, stance });
        }
        Ok(out)
    }

    /// For each independent claim id: how many documents and distinct
    /// outlets carry it (itself plus every claim pointing at it).
    fn spreads_of(&self, keys: &[&str]) -> Result<HashMap<String, (u64, u64)>> {
        let mut unique: Vec<&str> = keys.to_vec();
        unique.sort_unstable();
        unique.dedup();
        if unique.is_empty() {
            return Ok(HashMap::new());
        }
        let list = placeholders(unique.len());
        let sql = format!(
            "SELECT COALESCE(c.original, c.id), COUNT(DISTINCT c.doc), COUNT(DISTINCT COALESCE(d.outlet, ''))
             FROM claims c JOIN documents d ON d.id = c.doc
             WHERE c.id IN ({list}) OR c.original IN ({list})
             GROUP BY 1"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(unique.iter()), |r| {
            Ok((r.get::<_, String>(0)?, (r.get::<_, i64>(1)? as u64, r.get::<_, i64>(2)? as u64)))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Speakers whose name contains `part` (case-insensitive, ASCII folding
    /// as `lower` does), at most `MAX_SPEAKER_ARMS + 1` of them.
    fn speakers_matching(&self, part: &str) -> Result<Vec<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT name FROM speakers WHERE instr(lower(name), lower(?1)) > 0 ORDER BY name LIMIT ?2")?
            .query_map(params![part, MAX_SPEAKER_ARMS as i64 + 1], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// How many entries `filter`'s index ranges hold, counting at most `PROBE`.
    fn probe(&self, filter: &Ranged) -> Result<usize> {
        let count = |sql: &str, key: &str| -> Result<usize> {
            Ok(self.conn.prepare_cached(sql)?.query_row(params![key, PROBE as i64], |r| r.get::<_, i64>(0))? as usize)
        };
        let place = "SELECT count(*) FROM (SELECT 1 FROM claim_place_keys WHERE place = ?1 LIMIT ?2)";
        let speaker = "SELECT count(*) FROM (SELECT 1 FROM claim_speaker_keys WHERE speaker = ?1 LIMIT ?2)";
        Ok(match filter {
            Ranged::Words(fts) => count("SELECT count(*) FROM (SELECT 1 FROM claims_fts WHERE claims_fts MATCH ?1 LIMIT ?2)", fts)?,
            Ranged::Place(by_id, by_name) => count(place, by_id)? + count(place, by_name)?,
            Ranged::Speakers(speakers) => {
                let mut total = 0;
                for name in speakers {
                    total += count(speaker, name)?;
                }
                total
            }
        })
    }

    /// How a claims query reads the ledger: from which index, in key order,
    /// and what it checks on each claim on the way. Every key query it
    /// builds reads an index whose entries end in the claim key, so a page
    /// stops after about `limit` matches whatever the ledger's size.
    fn claim_plan(&self, q: &ClaimQuery) -> Result<ClaimPlan> {
        let mut plan = ClaimPlan::default();
        let text = |s: &Option<String>| s.as_ref().map(|v| SqlValue::Text(v.clone()));
        if let Some(v) = text(&q.id) {
            plan.check("c.id = ?", v);
        }
        if let Some(v) = text(&q.doc) {
            plan.check("c.doc = ?", v);
        }
        if let Some(v) = text(&q.kind) {
            plan.check("c.kind = ?", v);
        }
        if let Some(v) = text(&q.measure) {
            plan.check("c.measure = ?", v);
        }
        if let Some(v) = text(&q.outlet) {
            plan.check("d.outlet = ?", v);
        }
        if let Some(v) = text(&q.from) {
            plan.check("c.time_end > ?", v);
        }
        if let Some(v) = text(&q.to) {
            plan.check("c.time_start < ?", v);
        }
        if q.independent_only {
            plan.conditions.push("c.original IS NULL".to_string());
        }
        if let Some(keys) = &q.keys {
            if keys.is_empty() {
                plan.conditions.push("0".to_string());
            } else {
                let list: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
                // Integers formatted by us, never user text: safe to inline, and
                // one statement shape per page size keeps the statement cache small.
                plan.conditions.push(format!("c.rowid IN ({})", list.join(",")));
            }
        }
        // A handful of keys is cheaper to read by key than any index.
        let by_keys = q.keys.is_some();
        let mut ranged: Vec<(usize, Ranged)> = Vec::new();
        if let Some(words) = q.text.as_deref() {
            match fts_words(words) {
                Some(fts) => ranged.push((0, Ranged::Words(fts))),
                // Nothing searchable was typed (only punctuation): nothing can match.
                None => plan.conditions.push("0".to_string()),
            }
        }
        if let Some(place) = &q.place {
            // The two keys a place filter matches, as claim_place_keys holds them.
            // `to_ascii_lowercase` is SQLite's lower(): ASCII only.
            ranged.push((0, Ranged::Place(format!("={place}"), format!("~{}", place.to_ascii_lowercase()))));
        }
        if let Some(part) = &q.actor {
            let speakers = if by_keys { Vec::new() } else { self.speakers_matching(part)? };
            if !by_keys && speakers.is_empty() {
                plan.conditions.push("0".to_string());
            } else if by_keys || speakers.len() > MAX_SPEAKER_ARMS {
                // Many speakers match: such a common name matches claims
                // densely, so reading claims in key order finds a page soon.
                plan.check(
                    "EXISTS (SELECT 1 FROM claim_attribution ca WHERE ca.claim = c.id AND instr(lower(ca.speaker), lower(?)) > 0)",
                    SqlValue::Text(part.clone()),
                );
            } else {
                ranged.push((0, Ranged::Speakers(speakers)));
            }
        }
        // The sparsest range drives (read in key order); the others are
        // checked on each claim it yields. Counting up to PROBE entries of
        // each range costs well under a millisecond and avoids walking a
        // dense range in search of a sparse filter's few claims.
        if !by_keys && ranged.len() > 1 {
            for (count, filter) in ranged.iter_mut() {
                *count = self.probe(filter)?;
            }
            // On a tie (both past PROBE), a place or speaker range over words:
            // a word is usually the commoner of the two.
            ranged.sort_by_key(|(count, filter)| (*count, matches!(filter, Ranged::Words(_))));
        }
        let mut ranged = ranged.into_iter().map(|(_, filter)| filter);
        if !by_keys {
            if let Some(driver) = ranged.next() {
                let arms = match driver {
                    Ranged::Words(fts) => {
                        let at = plan.bind(SqlValue::Text(fts));
                        vec![Driver { from: "claims_fts f".into(), key: "f.rowid".into(), condition: format!("f.claims_fts MATCH ?{at}") }]
                    }
                    Ranged::Place(by_id, by_name) => [by_id, by_name]
                        .into_iter()
                        .map(|key| {
                            let at = plan.bind(SqlValue::Text(key));
                            Driver { from: "claim_place_keys pk".into(), key: "pk.claim".into(), condition: format!("pk.place = ?{at}") }
                        })
                        .collect(),
                    Ranged::Speakers(speakers) => speakers
                        .into_iter()
                        .map(|speaker| {
                            let at = plan.bind(SqlValue::Text(speaker));
                            Driver { from: "claim_speaker_keys sk".into(), key: "sk.claim".into(), condition: format!("sk.speaker = ?{at}") }
                        })
                        .collect(),
                };
                plan.drivers = Some(arms);
            }
        }
        for filter in ranged {
            match filter {
                Ranged::Words(fts) => plan.check(
                    "EXISTS (SELECT 1 FROM claims_fts WHERE claims_fts MATCH ? AND rowid = c.rowid)",
                    SqlValue::Text(fts),
                ),
                Ranged::Place(by_id, by_name) => {
                    let (a, b) = (plan.bind(SqlValue::Text(by_id)), plan.bind(SqlValue::Text(by_name)));
                    plan.conditions.push(format!(
                        "EXISTS (SELECT 1 FROM claim_place_keys pk WHERE pk.place IN (?{a}, ?{b}) AND pk.claim = c.rowid)"
                    ));
                }
                Ranged::Speakers(speakers) => {
                    let ats: Vec<String> =
                        speakers.into_iter().map(|s| format!("?{}", plan.bind(SqlValue::Text(s)))).collect();
                    plan.conditions.push(format!(
                        "EXISTS (SELECT 1 FROM claim_speaker_keys sk WHERE sk.speaker IN ({}) AND sk.claim = c.rowid)",
                        ats.join(", ")
                    ));
                }
            }
        }
        if let (Some(outlet), None, false) = (&q.outlet, &plan.drivers, by_keys) {
            // An outlet with many documents matches claims densely: reading
            // claims in key order and checking each one's document finds a
            // page soon. A small outlet's claims are few enough to read
            // through its documents and sort.
            let documents: i64 = self.conn.prepare_cached(
                "SELECT count(*) FROM (SELECT 1 FROM documents WHERE outlet = ?1 LIMIT ?2)",
            )?
            .query_row(params![outlet, OUTLET_PROBE as i64], |r| r.get(0))?;
            plan.claims_first = documents as usize >= OUTLET_PROBE;
        }
        if let Some(after) = q.after {
            plan.after = Some(plan.bind(SqlValue::Integer(after)));
        }
        Ok(plan)
    }

    /// Ledger keys of the claims one page holds, and the cursor after them:
    /// the page without its rows, from indexes and the claims table alone.
    fn read_claim_keys(&self, q: &ClaimQuery) -> Result<(Vec<i64>, Option<i64>)> {
        let mut plan = self.claim_plan(q)?;
        let limit = q.limit.clamp(1, MAX_PAGE);
        let sql = plan.key_query(q.newest_first, limit);
        let mut keys = self
            .conn
            .prepare_cached(&sql)?
            .query_map(rusqlite::params_from_iter(plan.values.iter()), |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        let more = keys.len() as u64 > limit;
        keys.truncate(limit as usize);
        let next = if more { keys.last().copied() } else { None };
        Ok((keys, next))
    }

    /// The SQL `read_claim_keys` runs for `q`, for tests that hold its plan.
    #[cfg(test)]
    pub(crate) fn claim_key_sql(&self, q: &ClaimQuery) -> Result<(String, Vec<SqlValue>)> {
        let mut plan = self.claim_plan(q)?;
        let sql = plan.key_query(q.newest_first, q.limit.clamp(1, MAX_PAGE));
        Ok((sql, plan.values))
    }

    fn read_claim_page(&self, q: &ClaimQuery) -> Result<ClaimPage> {
        // Keys first, then the rows by key: the filters run on indexes only,
        // and documents' text is read for the page's claims alone.
        let (keys, next) = self.read_claim_keys(q)?;
        if keys.is_empty() {
            return Ok(ClaimPage::default());
        }
        let list: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        let sql = format!(
            "SELECT {CLAIM_COLUMNS}, c.rowid, {}, {},
                CASE WHEN c.time_span_start IS NULL THEN NULL ELSE {} END
             FROM claims c JOIN documents d ON d.id = c.doc
             LEFT JOIN paragraphs p ON p.doc = c.doc AND p.idx = c.paragraph
             WHERE c.rowid IN ({})
             ORDER BY c.rowid {}",
            evidence("c.start", "c.end"),
            evidence("c.sentence_start", "c.sentence_end"),
            evidence("c.time_span_start", "c.time_span_end"),
            list.join(","),
            if q.newest_first { "DESC" } else { "ASC" },
        );
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map([], |r| {
                let (row, raw) = read_claim_row(r)?;
                let rowid: i64 = r.get(29)?;
                let evidence: (Option<String>, Option<String>, Option<String>) = (r.get(30)?, r.get(31)?, r.get(32)?);
                Ok((row, raw, rowid, evidence))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // Places, attribution and spread for the whole page in three
        // queries, not three per claim.
        let ids: Vec<&str> = rows.iter().map(|(row, ..)| row.claim.id.as_str()).collect();
        let originals: Vec<&str> = rows.iter().map(|(row, ..)| row.original.as_deref().unwrap_or(&row.claim.id)).collect();
        let mut places = self.places_of(&ids)?;
        let mut chains = self.attribution_of(&ids)?;
        let spreads = self.spreads_of(&originals)?;
        let mut page = ClaimPage { claims: Vec::with_capacity(rows.len()), next };
        for (mut row, raw, rowid, (text, sentence, time_text)) in rows {
            finish_claim(&mut row, raw)?;
            row.claim.places = places.remove(&row.claim.id).unwrap_or_default();
            row.claim.attribution = chains.remove(&row.claim.id).unwrap_or_default();
            let key = row.original.as_deref().unwrap_or(&row.claim.id);
            let (documents, outlets) = spreads.get(key).copied().unwrap_or((1, 1));
            page.claims.push(ClaimEvidence {
                key: rowid,
                stored: StoredClaim {
                    role: Role::parse(&row.role).unwrap_or(Role::Body),
                    outlet: row.outlet,
                    original: row.original,
                    documents,
                    outlets,
                    claim: row.claim,
                },
                text: text.unwrap_or_default(),
                sentence: sentence.unwrap_or_default(),
                time_text,
            });
        }
        Ok(page)
    }

    fn read_search(&self, q: &SearchQuery) -> Result<SearchPage> {
        let Some(fts) = fts_query(&q.text) else { return Ok(SearchPage::default()) };
        let limit = q.limit.clamp(1, MAX_PAGE);
        let rows = self
            .conn
            .prepare_cached(
                "SELECT f.doc, f.idx, p.start, p.end, p.role, d.title, d.outlet, d.published,
                        snippet(paragraphs_fts, 0, char(2), char(3), '…', 24)
                 FROM paragraphs_fts f
                 JOIN paragraphs p ON p.doc = f.doc AND p.idx = f.idx
                 JOIN documents d ON d.id = f.doc
                 WHERE paragraphs_fts MATCH ?1
                 ORDER BY rank, d.order_key LIMIT ?2 OFFSET ?3",
            )?
            .query_map(params![fts, limit as i64 + 1, q.offset as i64], |r| {
                Ok((
                    SearchHit {
                        doc: r.get(0)?,
                        paragraph: r.get::<_, i64>(1)? as u64,
                        span: Span::new(r.get::<_, i64>(2)? as usize, r.get::<_, i64>(3)? as usize),
                        role: Role::Body,
                        title: r.get(5)?,
                        outlet: r.get(6)?,
                        published: r.get(7)?,
                        snippet: r.get(8)?,
                    },
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let more = rows.len() as u64 > limit;
        let hits = rows
            .into_iter()
            .take(limit as usize)
            .map(|(mut hit, role)| {
                hit.role = Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("paragraph role {role}")))?;
                Ok(hit)
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(SearchPage { hits, next: more.then_some(q.offset + limit) })
    }

    fn read_document_page(&self, after: Option<&str>, limit: u64, newest_first: bool) -> Result<DocumentPage> {
        let limit = limit.clamp(1, MAX_PAGE);
        let sql = document_page_sql(after.is_some(), newest_first);
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![after, limit as i64 + 1], |r| {
                Ok((
                    DocumentSummary {
                        id: r.get(0)?,
                        outlet: r.get(1)?,
                        url: r.get(2)?,
                        title: r.get(3)?,
                        published: r.get(4)?,
                        origin: r.get(5)?,
                        paragraphs: r.get::<_, i64>(6)? as u64,
                        claims: r.get::<_, i64>(7)? as u64,
                    },
                    r.get::<_, String>(8)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let more = rows.len() as u64 > limit;
        let mut page = DocumentPage::default();
        for (summary, key) in rows.into_iter().take(limit as usize) {
            page.next = Some(key);
            page.documents.push(summary);
        }
        if !more {
            page.next = None;
        }
        Ok(page)
    }
}

/// A page of documents by order_key. The cursor test is spelled out rather
/// than `?1 IS NULL OR …`, which keeps the planner from seeking the
/// order_key index: each page walked every earlier one.
pub(super) fn document_page_sql(after: bool, newest_first: bool) -> String {
    let (op, order) = if newest_first { ("<", "DESC") } else { (">", "ASC") };
    let after_test = if after { format!("d.order_key {op} ?1") } else { "?1 IS NULL".to_string() };
    format!(
        "SELECT d.id, d.outlet, d.url, d.title, d.published, d.origin,
            (SELECT COUNT(*) FROM paragraphs p WHERE p.doc = d.id),
            (SELECT COUNT(*) FROM claims c WHERE c.doc = d.id),
            d.order_key
         FROM documents d WHERE {after_test}
         ORDER BY d.order_key {order} LIMIT ?2"
    )
}

#[cfg(test)]
mod tests {
    use super::fts_query;
    use crate::schema::MIGRATIONS;
    use crate::{SearchQuery, SqliteStore, Store};

    #[test]
    fn typed_text_becomes_a_query_that_cannot_be_a_syntax_error() {
        assert_eq!(fts_query("more than 2,000 hectares").as_deref(), Some("\"more\" \"than\" \"2\" \"000\" \"hectares\"*"));
        assert_eq!(fts_query("\"AND\" OR NEAR(").as_deref(), Some("\"AND\" \"OR\" \"NEAR\"*"));
        assert_eq!(fts_query(" ;-* "), None);
    }

    /// The plan SQLite chose for a claims key query: one line per step.
    fn plan_of(store: &SqliteStore, q: &crate::ClaimQuery) -> String {
        let (sql, values) = store.claim_key_sql(q).unwrap();
        let mut stmt = store.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = stmt.query_map(rusqlite::params_from_iter(values.iter()), |r| r.get::<_, String>(3)).unwrap();
        rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("\n")
    }

    /// A page filtered by place, speaker or words must read an index in
    /// claim-key order and stop after the page: any plan that sorts (a
    /// temp b-tree) or scans the claims table reads every match first, and
    /// its cost grows with the ledger.
    #[test]
    fn filtered_claim_pages_read_indexes_in_key_order_without_sorting() {
        use crate::ClaimQuery;
        let store = SqliteStore::open_in_memory().unwrap();
        // Some speakers, so that the actor filter has ranges to merge.
        store.conn.execute_batch("INSERT INTO speakers (name) VALUES ('Health Ministry'), ('Defence Ministry'), ('Observers')").unwrap();
        let some = |s: &str| Some(s.to_string());
        let cases: Vec<(ClaimQuery, &str)> = vec![
            (ClaimQuery { place: some("Aleppo"), ..Default::default() }, "SEARCH pk USING PRIMARY KEY"),
            (ClaimQuery { place: some("Aleppo"), after: Some(10), newest_first: true, ..Default::default() }, "SEARCH pk USING PRIMARY KEY"),
            (
                ClaimQuery { place: some("Aleppo"), kind: some("people"), outlet: some("Herald"), independent_only: true, after: Some(5), ..Default::default() },
                "SEARCH pk USING PRIMARY KEY",
            ),
            (ClaimQuery { actor: some("ministry"), ..Default::default() }, "SEARCH sk USING PRIMARY KEY"),
            (ClaimQuery { actor: some("ministry"), measure: some("killed"), after: Some(3), ..Default::default() }, "SEARCH sk USING PRIMARY KEY"),
            (ClaimQuery { text: some("killed civilians"), ..Default::default() }, "SCAN f VIRTUAL TABLE"),
            // Equally sparse (an empty ledger): the place drives, words are checked.
            (ClaimQuery { text: some("killed"), place: some("Aleppo"), actor: some("ministry"), newest_first: true, after: Some(9), ..Default::default() }, "SEARCH pk USING PRIMARY KEY"),
            (ClaimQuery { kind: some("area"), after: Some(7), ..Default::default() }, " c "),
        ];
        for (q, driver) in cases {
            let plan = plan_of(&store, &q);
            assert!(!plan.contains("TEMP B-TREE"), "{q:?} sorts:\n{plan}");
            assert!(!plan.contains("MATERIALIZE"), "{q:?} reads every match first:\n{plan}");
            let first = plan.lines().find(|l| l.contains("SCAN") || l.contains("SEARCH")).unwrap_or_default();
            assert!(first.contains(driver), "{q:?} should start from {driver}:\n{plan}");
            let scans_claims = plan.lines().any(|l| l == "SCAN c" || l.starts_with("SCAN c "));
            assert!(!scans_claims || driver == " c ", "{q:?} scans claims:\n{plan}");
        }
    }

    /// One document's events, control records and findings, and a
    /// document page after a cursor, seek an index: a full scan of the table
    /// per document made exports and document pages quadratic in the ledger.
    #[test]
    fn per_document_reads_and_document_pages_seek_an_index() {
        let store = SqliteStore::open_in_memory().unwrap();
        let plan = |sql: &str, values: &[&dyn rusqlite::ToSql]| -> String {
            let mut stmt = store.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let rows = stmt.query_map(values, |r| r.get::<_, String>(3)).unwrap();
            rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("\n")
        };
        let doc: &dyn rusqlite::ToSql = &"d1";
        let none: &dyn rusqlite::ToSql = &None::<String>;
        let cases = [
            (crate::sqlite::findings::events_sql(true), vec![doc], "SEARCH e USING"),
            (crate::sqlite::findings::control_sql(true), vec![doc], "SEARCH c USING"),
            (crate::sqlite::findings::findings_sql(true, false, false), vec![none, doc, &-1i64, none, none], "SEARCH finding_evidence USING"),
            (crate::sqlite::findings::findings_sql(false, true, true), vec![&"denial", none, &50i64, &0.5f64, &"f1"], "SEARCH f USING INDEX findings_kind_rank"),
            (super::document_page_sql(true, false), vec![doc, &51i64], "SEARCH d USING"),
            (super::document_page_sql(true, true), vec![doc, &51i64], "SEARCH d USING"),
        ];
        for (sql, values, seek) in cases {
            let plan = plan(&sql, &values);
            assert!(plan.contains(seek), "expected {seek}:\n{plan}\nfor {sql}");
            assert!(!plan.lines().any(|l| l.starts_with("SCAN ")), "scans a table:\n{plan}\nfor {sql}");
        }
    }

    /// Events and control pages walk documents in order and each one's
    /// rows by (start, id): no sort, whatever the cursor and filters.
    #[test]
    fn record_pages_walk_indexes_in_ledger_order_without_sorting() {
        let store = SqliteStore::open_in_memory().unwrap();
        let cursor = crate::record_cursor("2016-04-02T10:00:00Z\u{1}a\u{1}\u{1}d1", 40, "e1");
        for table in [&super::EVENTS, &super::CONTROL] {
            for q in [
                crate::RecordQuery { limit: 50, ..Default::default() },
                crate::RecordQuery { after: Some(cursor.clone()), kind: Some("change".into()), limit: 50, ..Default::default() },
                crate::RecordQuery { after: Some(cursor.clone()), doc: Some("d1".into()), limit: 50, ..Default::default() },
            ] {
                let (sql, values) = super::record_sql(table, &q).unwrap();
                let mut stmt = store.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
                let plan: Vec<String> =
                    stmt.query_map(rusqlite::params_from_iter(values.iter()), |r| r.get(3)).unwrap().map(|r| r.unwrap()).collect();
                let plan = plan.join("\n");
                assert!(!plan.contains("TEMP B-TREE"), "{q:?} sorts:\n{plan}");
                assert!(plan.contains("documents_order") || q.doc.is_some(), "{q:?}:\n{plan}");
                assert!(plan.contains("_doc_order"), "{q:?}:\n{plan}");
            }
        }
    }

    /// A ledger written before the claim-key indexes existed gets them
    /// filled when opened, and its filtered pages find its claims.
    #[test]
    fn migration_six_fills_claim_key_indexes_of_an_existing_ledger() {
        use crate::ClaimQuery;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let text = "Fighting in ALEPPO\n\nThe Health Ministry said 45 people were killed near the old market.";
        let figure = text.find("45 people").unwrap() as i64;
        let body = text.find("The").unwrap() as i64;
        {
            let conn = crate::sqlite::migrated_to(rusqlite::Connection::open(&path).unwrap(), 5);
            conn.execute(
                "INSERT INTO documents (id, origin, text, order_key, ingested_at) VALUES ('d1', 'test', ?1, 'k', 'now')",
                [text],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO paragraphs (doc, idx, start, end, base_role, role, before_title, tokens)
                 VALUES ('d1', 0, 0, 18, 'title', 'title', 0, 3), ('d1', 1, ?1, ?2, 'body', 'body', 0, 12)",
                [body, text.len() as i64],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO claims (id, doc, paragraph, start, end, sentence_start, sentence_end, kind, unit, qualifier,
                    number_start, number_end) VALUES ('c1', 'd1', 1, ?1, ?2, ?3, ?4, 'people', 'people', 'exact', ?1, ?5)",
                [figure, figure + 9, body, text.len() as i64, figure + 2],
            )
            .unwrap();
            conn.execute_batch(
                "INSERT INTO claim_places (claim, idx, start, end, name, place_id) VALUES ('c1', 0, 12, 18, 'ALEPPO', 'sy-aleppo');
                 INSERT INTO claim_attribution (claim, depth, speaker, stance) VALUES ('c1', 0, 'Health Ministry', 'asserts');",
            )
            .unwrap();
        }
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        let some = |s: &str| Some(s.to_string());
        for q in [
            ClaimQuery { place: some("aleppo"), ..Default::default() },
            ClaimQuery { place: some("sy-aleppo"), ..Default::default() },
            ClaimQuery { actor: some("MINISTRY"), ..Default::default() },
            ClaimQuery { text: some("old market"), ..Default::default() },
        ] {
            let page = store.claim_page(&ClaimQuery { limit: 10, ..q.clone() }).unwrap();
            assert_eq!(page.claims.len(), 1, "{q:?}");
            let claim = &page.claims[0];
            assert_eq!(claim.text, &text[claim.stored.claim.span.start..claim.stored.claim.span.end]);
            assert_eq!(claim.text, "45 people");
        }
        for q in [
            ClaimQuery { place: some("Sy-Aleppo"), ..Default::default() },
            ClaimQuery { actor: some("defence"), ..Default::default() },
            ClaimQuery { text: some("hospital"), ..Default::default() },
        ] {
            assert!(store.claim_page(&ClaimQuery { limit: 10, ..q.clone() }).unwrap().claims.is_empty(), "{q:?}");
        }
    }

    /// A ledger written before the search index existed gets it filled when
    /// it is opened: the migration indexes every stored paragraph.
    #[test]
    fn migration_two_indexes_paragraphs_of_an_existing_ledger() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let conn = crate::sqlite::migrated_to(rusqlite::Connection::open(&path).unwrap(), 1);
            let text = "Héadline\n\nThe ministry said 800 hectares were lost.";
            conn.execute(
                "INSERT INTO documents (id, origin, text, order_key, ingested_at) VALUES ('d1', 'test', ?1, 'k', 'now')",
                [text],
            )
            .unwrap();
            let body = text.find("The").unwrap() as i64;
            conn.execute(
                "INSERT INTO paragraphs (doc, idx, start, end, base_role, role, before_title, tokens)
                 VALUES ('d1', 0, 0, 9, 'title', 'title', 0, 1), ('d1', 1, ?1, ?2, 'body', 'body', 0, 7)",
                [body, text.len() as i64],
            )
            .unwrap();
        }
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        let page = store.search(&SearchQuery { text: "hectares".into(), offset: 0, limit: 10 }).unwrap();
        assert_eq!(page.hits.len(), 1);
        assert_eq!(page.hits[0].paragraph, 1);
        assert!(page.hits[0].snippet.contains("\u{2}hectares\u{3}"));
        // Byte offsets, not characters: the accented title must not shift the cut.
        let page = store.search(&SearchQuery { text: "headline".into(), offset: 0, limit: 10 }).unwrap();
        assert_eq!(page.hits.len(), 1, "diacritics are folded");
        assert!(page.hits[0].snippet.contains("Héadline"));
    }
}

impl SqliteStore {
    /// Changes whenever another connection commits to the ledger: a cheap
    /// way for a reader to know its cached answers are stale.
    pub fn data_version(&self) -> Result<i64> {
        // Cached: serve asks before every page, and preparing it each time
        // was 5% of a random page's cost.
        Ok(self.conn.prepare_cached("PRAGMA data_version")?.query_row([], |r| r.get(0))?)
    }
}

/// A filter answered by an index ordered by (term, claim key).
enum Ranged {
    /// An FTS5 query over the claim's paragraph.
    Words(String),
    /// The place-id key and the name key.
    Place(String, String),
    Speakers(Vec<String>),
}

/// Documents of an outlet from which its claims are read in key order
/// rather than through its documents (see `claim_plan`).
const OUTLET_PROBE: usize = 2000;

/// Most index entries counted to tell which filter of a query is sparsest.
const PROBE: usize = 4000;

/// Most speakers an actor filter reads in key order side by side (one index
/// range each, merged). A part of a name that more speakers share is common
/// enough that reading claims in key order and checking each finds a page soon.
const MAX_SPEAKER_ARMS: usize = 24;

/// One index range read in claim-key order: `key` is the claim key in `from`.
struct Driver {
    from: String,
    key: String,
    condition: String,
}

/// A claims key query under construction; see `SqliteStore::claim_plan`.
#[derive(Default)]
struct ClaimPlan {
    /// Conditions on the claim (`c`) and its document (`d`), checked on the way.
    conditions: Vec<String>,
    values: Vec<SqlValue>,
    /// Ranges merged in key order; `None` reads the claims table itself.
    drivers: Option<Vec<Driver>>,
    /// Parameter number of the cursor.
    after: Option<usize>,
    /// Read the claims table in key order even where an index on the
    /// document (outlet) could narrow first.
    claims_first: bool,
}

impl ClaimPlan {
    /// Binds a value; returns its parameter number.
    fn bind(&mut self, value: SqlValue) -> usize {
        self.values.push(value);
        self.values.len()
    }

    /// Adds a condition whose every `?` is the one value.
    fn check(&mut self, sql: &str, value: SqlValue) {
        let at = self.bind(value);
        self.conditions.push(sql.replace('?', &format!("?{at}")));
    }

    /// The statement returning up to `limit + 1` keys in page order. Each
    /// range is one `SELECT` ordered by its index; several are merged by a
    /// compound `UNION ... ORDER BY`, which SQLite runs as a merge of the
    /// ranges as they are read (no sort), stopping at the limit. CROSS JOIN
    /// keeps the range as the outer loop, so rows come out in key order.
    fn key_query(&mut self, newest_first: bool, limit: u64) -> String {
        let (op, order) = if newest_first { ("<", "DESC") } else { (">", "ASC") };
        let limit_at = self.bind(SqlValue::Integer(limit as i64 + 1));
        let join = if self.conditions.iter().any(|c| c.contains("d.")) { "CROSS JOIN documents d ON d.id = c.doc" } else { "" };
        let mut conditions = self.conditions.clone();
        match &self.drivers {
            None => {
                let join = if self.claims_first { join } else { &join.replacen("CROSS JOIN", "JOIN", 1) };
                if let Some(at) = self.after {
                    conditions.push(format!("c.rowid {op} ?{at}"));
                }
                let filter = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
                format!("SELECT c.rowid FROM claims c {join} {filter} ORDER BY c.rowid {order} LIMIT ?{limit_at}")
            }
            Some(drivers) => {
                let arms: Vec<String> = drivers
                    .iter()
                    .map(|driver| {
                        let mut all = vec![driver.condition.clone()];
                        if let Some(at) = self.after {
                            all.push(format!("{} {op} ?{at}", driver.key));
                        }
                        all.extend(conditions.iter().cloned());
                        format!(
                            "SELECT {key} FROM {from} CROSS JOIN claims c ON c.rowid = {key} {join} WHERE {}",
                            all.join(" AND "),
                            key = driver.key,
                            from = driver.from,
                        )
                    })
                    .collect();
                format!("{} ORDER BY 1 {order} LIMIT ?{limit_at}", arms.join(" UNION "))
            }
        }
    }
}

/// Which records a page of events or control records reads.
struct RecordTable {
    table: &'static str,
    columns: &'static str,
    /// The condition a `kind` filter adds, its `?` the kind.
    kind: &'static str,
}

/// The statement of one page of `table`'s rows and its values.
fn record_sql(table: &RecordTable, q: &crate::RecordQuery) -> Result<(String, Vec<SqlValue>)> {
    let limit = q.limit.clamp(1, MAX_PAGE);
    let mut conditions: Vec<String> = Vec::new();
    let mut values: Vec<SqlValue> = Vec::new();
    let mut bind = |conditions: &mut Vec<String>, sql: &str, value: SqlValue| {
        values.push(value);
        conditions.push(sql.replace('?', &format!("?{}", values.len())));
    };
    if let Some(doc) = &q.doc {
        bind(&mut conditions, "d.id = ?", SqlValue::Text(doc.clone()));
    }
    if let Some(kind) = &q.kind {
        bind(&mut conditions, table.kind, SqlValue::Text(kind.clone()));
    }
    if let Some(cursor) = &q.after {
        let (order_key, start, id) =
            crate::parse_record_cursor(cursor).ok_or_else(|| StoreError::BadCursor(cursor.clone()))?;
        bind(&mut conditions, "d.order_key >= ?", SqlValue::Text(order_key));
        let k = values.len();
        values.push(SqlValue::Integer(start));
        values.push(SqlValue::Text(id));
        conditions.push(format!("(d.order_key > ?{k} OR (r.start, r.id) > (?{}, ?{}))", k + 1, k + 2));
    }
    values.push(SqlValue::Integer(limit as i64 + 1));
    let filter = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
    let sql = format!(
        "SELECT {columns}, d.order_key FROM documents d CROSS JOIN {table} r ON r.doc = d.id {filter}
         ORDER BY d.order_key, r.start, r.id LIMIT ?{limit_at}",
        columns = table.columns,
        table = table.table,
        limit_at = values.len(),
    );
    Ok((sql, values))
}

const EVENTS: RecordTable = RecordTable {
    table: "events",
    columns: "r.id, r.doc, r.start, r.end, r.sentence_start, r.sentence_end, r.sub_event_type, r.trigger_text, r.detail",
    kind: "(lower(r.event_type) = lower(?) OR lower(r.sub_event_type) = lower(?))",
};

const CONTROL: RecordTable = RecordTable {
    table: "control_records",
    columns: "r.id, r.doc, r.start, r.end, r.kind, r.wording, r.detail",
    kind: "lower(r.kind) = lower(?)",
};

impl SqliteStore {
    /// One keyset page of `table`'s rows in ledger order: documents by
    /// order_key (its unique index), each one's rows by (start, id); the
    /// cursor resumes after the last row without counting what came before.
    fn record_page<T>(
        &self,
        table: &RecordTable,
        q: &crate::RecordQuery,
        read: impl Fn(&rusqlite::Row) -> rusqlite::Result<Result<T>>,
    ) -> Result<crate::RecordPage<T>> {
        let limit = q.limit.clamp(1, MAX_PAGE);
        let (sql, values) = record_sql(table, q)?;
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let width = stmt.column_count();
        let rows = stmt
            .query_map(rusqlite::params_from_iter(values.iter()), |r| {
                Ok((read(r)?, r.get::<_, String>(width - 1)?, r.get::<_, i64>(2)?, r.get::<_, String>(0)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let more = rows.len() as u64 > limit;
        let mut page = crate::RecordPage::default();
        for (item, order_key, start, id) in rows.into_iter().take(limit as usize) {
            page.items.push(item?);
            page.next = Some(crate::record_cursor(&order_key, start, &id));
        }
        if !more {
            page.next = None;
        }
        Ok(page)
    }

    pub(super) fn read_event_page(&self, q: &crate::RecordQuery) -> Result<crate::RecordPage<contested_core::Event>> {
        self.record_page(&EVENTS, q, |r| {
            Ok(crate::events::event_from(
                r.get(0)?,
                r.get(1)?,
                Span::new(r.get::<_, i64>(2)? as usize, r.get::<_, i64>(3)? as usize),
                Span::new(r.get::<_, i64>(4)? as usize, r.get::<_, i64>(5)? as usize),
                &r.get::<_, String>(6)?,
                r.get(7)?,
                &r.get::<_, String>(8)?,
            ))
        })
    }

    pub(super) fn read_control_page(&self, q: &crate::RecordQuery) -> Result<crate::RecordPage<contested_core::ControlRecord>> {
        self.record_page(&CONTROL, q, |r| {
            Ok(crate::events::control_from(
                r.get(0)?,
                r.get(1)?,
                Span::new(r.get::<_, i64>(2)? as usize, r.get::<_, i64>(3)? as usize),
                &r.get::<_, String>(4)?,
                r.get(5)?,
                &r.get::<_, String>(6)?,
            ))
        })
    }
}
