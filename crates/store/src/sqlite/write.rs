//! Writing batches and resolving paragraph roles across the ledger.

use crate::{AnalyzedDocument, Result, StoreError};
use contested_clean::{copies, Fingerprint, Occurrence};
use contested_core::{Claim, CopyOf, Paragraph, Role, Span};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::{BTreeSet, HashMap};

/// Most candidates considered per shared chunk. A chunk carried by thousands
/// of pages (a wire-service sign-off) would otherwise make every new page
/// compare against all of them; the earliest ones are the ones that matter
/// for deciding what is original.
const MAX_CANDIDATES_PER_CHUNK: i64 = 200;

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
        "INSERT INTO documents (id, outlet, url, title, published, origin, text, order_key, ingested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
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
        now
    ])?;

    let title = title_index(&analyzed.paragraphs);
    let mut insert_paragraph = tx.prepare_cached(
        "INSERT INTO paragraphs (doc, idx, start, end, base_role, role, before_title, tokens)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7)",
    )?;
    let mut insert_chunk =
        tx.prepare_cached("INSERT INTO paragraph_chunks (key, doc, idx, tokens) VALUES (?1, ?2, ?3, ?4)")?;
    for (idx, paragraph) in analyzed.paragraphs.iter().enumerate() {
        let fingerprint = analyzed.fingerprints.get(idx).cloned().unwrap_or_default();
        let before_title = title.is_some_and(|t| idx < t);
        insert_paragraph.execute(params![
            doc.id,
            idx as i64,
            paragraph.span.start as i64,
            paragraph.span.end as i64,
            paragraph.role.as_str(),
            before_title,
            fingerprint.tokens as i64
        ])?;
        for (key, tokens) in &fingerprint.chunks {
            // SQLite integers are signed; the bit pattern is what matters.
            insert_chunk.execute(params![*key as i64, doc.id, idx as i64, *tokens as i64])?;
        }
    }

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

/// What the resolver needs to know of one stored paragraph.
struct StoredOccurrence {
    doc: String,
    span: Span,
    order: String,
    outlet: Option<String>,
    base_role: Role,
    before_title: bool,
    fingerprint: Fingerprint,
}

impl StoredOccurrence {
    fn as_occurrence(&self) -> Occurrence<'_> {
        Occurrence {
            doc: &self.doc,
            span: self.span,
            order: &self.order,
            outlet: self.outlet.as_deref(),
            base_role: self.base_role,
            before_title: self.before_title,
            fingerprint: &self.fingerprint,
        }
    }
}

type ParagraphKey = (String, i64);

fn load_occurrence(tx: &Connection, key: &ParagraphKey) -> Result<StoredOccurrence> {
    let (doc, idx) = key;
    let (start, end, base_role, before_title, tokens, order, outlet): (i64, i64, String, bool, i64, String, Option<String>) =
        tx.prepare_cached(
            "SELECT p.start, p.end, p.base_role, p.before_title, p.tokens, d.order_key, d.outlet
             FROM paragraphs p JOIN documents d ON d.id = p.doc WHERE p.doc = ?1 AND p.idx = ?2",
        )?
        .query_row(params![doc, idx], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
        })?;
    let chunks = tx
        .prepare_cached("SELECT key, tokens FROM paragraph_chunks WHERE doc = ?1 AND idx = ?2")?
        .query_map(params![doc, idx], |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u32)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(StoredOccurrence {
        doc: doc.clone(),
        span: Span::new(start as usize, end as usize),
        order,
        outlet,
        base_role: Role::parse(&base_role).ok_or_else(|| StoreError::Corrupt(format!("paragraph role {base_role}")))?,
        before_title,
        fingerprint: Fingerprint { chunks, tokens: tokens as u32 },
    })
}

fn sharing_paragraphs(tx: &Connection, key: u64) -> Result<Vec<ParagraphKey>> {
    Ok(tx
        .prepare_cached(
            "SELECT pc.doc, pc.idx FROM paragraph_chunks pc JOIN documents d ON d.id = pc.doc
             WHERE pc.key = ?1 ORDER BY d.order_key LIMIT ?2",
        )?
        .query_map(params![key as i64, MAX_CANDIDATES_PER_CHUNK], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Re-decides the role of every paragraph that a batch could have changed:
/// the new paragraphs and those sharing a chunk with them. Returns how many
/// paragraphs of earlier documents changed.
pub(super) fn relink(tx: &Transaction, new_docs: &[&str]) -> Result<usize> {
    let mut affected: BTreeSet<ParagraphKey> = BTreeSet::new();
    let mut new_keys: BTreeSet<u64> = BTreeSet::new();
    for doc in new_docs {
        let mut stmt = tx.prepare_cached("SELECT idx FROM paragraphs WHERE doc = ?1")?;
        for idx in stmt.query_map([doc], |r| r.get::<_, i64>(0))? {
            affected.insert((doc.to_string(), idx?));
        }
        let mut stmt = tx.prepare_cached("SELECT DISTINCT key FROM paragraph_chunks WHERE doc = ?1")?;
        for key in stmt.query_map([doc], |r| r.get::<_, i64>(0))? {
            new_keys.insert(key? as u64);
        }
    }
    for key in &new_keys {
        affected.extend(sharing_paragraphs(tx, *key)?);
    }

    let mut cache: HashMap<ParagraphKey, StoredOccurrence> = HashMap::new();
    let mut changed_earlier = 0;
    for target_key in &affected {
        if !cache.contains_key(target_key) {
            cache.insert(target_key.clone(), load_occurrence(tx, target_key)?);
        }
        let mut candidate_keys: BTreeSet<ParagraphKey> = BTreeSet::new();
        for key in cache[target_key].fingerprint.keys().collect::<Vec<_>>() {
            candidate_keys.extend(sharing_paragraphs(tx, key)?);
        }
        candidate_keys.remove(target_key);
        for key in &candidate_keys {
            if !cache.contains_key(key) {
                cache.insert(key.clone(), load_occurrence(tx, key)?);
            }
        }
        let target = cache[target_key].as_occurrence();
        let candidates: Vec<Occurrence> = candidate_keys.iter().map(|k| cache[k].as_occurrence()).collect();
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
           AND (role IS NOT ?3 OR copy_doc IS NOT ?4 OR copy_start IS NOT ?5 OR copy_end IS NOT ?6)",
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

