//! Writing batches and resolving paragraph roles across the ledger: the
//! SQLite backend's logic, with each table written in one statement per
//! batch (arrays unnested server-side) instead of one per row, because here
//! every statement is a network round trip.

use crate::schema::id_prefix;
use crate::{AnalyzedDocument, Result, StoreError};
use contested_clean::{copies, Fingerprint, Occurrence, Zone};
use contested_core::{CopyOf, Paragraph, Role, Span};
use ::postgres::Transaction;
use std::collections::{BTreeSet, HashMap};

/// Same bounds as the SQLite backend (see there for why).
const CANDIDATES_PER_KEY: i64 = 32;
const LATER_PER_KEY: i64 = 64;

fn title_index(paragraphs: &[Paragraph]) -> Option<usize> {
    paragraphs.iter().position(|p| p.role == Role::Title)
}

/// Column arrays for one multi-row insert.
#[derive(Default)]
struct Documents {
    id: Vec<String>,
    outlet: Vec<Option<String>>,
    url: Vec<Option<String>>,
    title: Vec<Option<String>>,
    published: Vec<Option<String>>,
    origin: Vec<String>,
    text: Vec<String>,
    order_key: Vec<String>,
    id_prefix: Vec<i64>,
}

#[derive(Default)]
struct Paragraphs {
    doc: Vec<String>,
    idx: Vec<i64>,
    start: Vec<i64>,
    end: Vec<i64>,
    role: Vec<String>,
    before_title: Vec<bool>,
    tokens: Vec<i64>,
    text: Vec<String>,
}

#[derive(Default)]
struct Chunks {
    key: Vec<i64>,
    /// The document's `id_prefix`.
    doc: Vec<i64>,
    idx: Vec<i64>,
    ord: Vec<i64>,
}

/// Writes the documents of a batch (all new) with their paragraphs, index
/// keys, claims, events and control records, and marks them pending
/// reconciliation in the same transaction.
pub(super) fn insert_documents(tx: &mut Transaction, batch: &[&AnalyzedDocument]) -> Result<()> {
    let now = jiff::Timestamp::now().to_string();
    let mut docs = Documents::default();
    let mut paragraphs = Paragraphs::default();
    let mut chunks = Chunks::default();
    let no_fingerprint = Fingerprint::default();
    for analyzed in batch {
        let doc = &analyzed.document;
        docs.id.push(doc.id.clone());
        docs.outlet.push(doc.outlet.clone());
        docs.url.push(doc.url.clone());
        docs.title.push(doc.title.clone());
        docs.published.push(doc.published.map(|t| t.to_string()));
        docs.origin.push(doc.origin.clone());
        docs.text.push(doc.text.clone());
        docs.order_key.push(copies::order_key(doc));
        docs.id_prefix.push(id_prefix(&doc.id));
        let title = title_index(&analyzed.paragraphs);
        let rank = copies::order_rank(doc);
        for (idx, paragraph) in analyzed.paragraphs.iter().enumerate() {
            let fingerprint = analyzed.fingerprints.get(idx).unwrap_or(&no_fingerprint);
            paragraphs.doc.push(doc.id.clone());
            paragraphs.idx.push(idx as i64);
            paragraphs.start.push(paragraph.span.start as i64);
            paragraphs.end.push(paragraph.span.end as i64);
            paragraphs.role.push(paragraph.role.as_str().to_string());
            paragraphs.before_title.push(title.is_some_and(|t| idx < t));
            paragraphs.tokens.push(fingerprint.tokens as i64);
            paragraphs.text.push(paragraph.span.slice(&doc.text).to_string());
            for key in fingerprint.keys() {
                // BIGINT is signed; the bit pattern is what matters.
                chunks.key.push(key as i64);
                chunks.doc.push(id_prefix(&doc.id));
                chunks.idx.push(idx as i64);
                chunks.ord.push(rank);
            }
        }
    }
    tx.execute(
        "INSERT INTO documents (id, outlet, url, title, published, origin, text, order_key, id_prefix, ingested_at)
         SELECT u.*, $10 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                     $7::text[], $8::text[], $9::bigint[]) AS u",
        &[
            &docs.id,
            &docs.outlet,
            &docs.url,
            &docs.title,
            &docs.published,
            &docs.origin,
            &docs.text,
            &docs.order_key,
            &docs.id_prefix,
            &now,
        ],
    )?;
    tx.execute(
        r#"INSERT INTO paragraphs (doc, idx, start, "end", base_role, role, before_title, tokens, tsv)
           SELECT d, i, s, e, r, r, b, t, to_tsvector('contested_search', x)
           FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::boolean[],
                       $7::bigint[], $8::text[]) AS u(d, i, s, e, r, b, t, x)"#,
        &[
            &paragraphs.doc,
            &paragraphs.idx,
            &paragraphs.start,
            &paragraphs.end,
            &paragraphs.role,
            &paragraphs.before_title,
            &paragraphs.tokens,
            &paragraphs.text,
        ],
    )?;
    tx.execute(
        "INSERT INTO paragraph_chunks (key, doc, idx, ord)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[])",
        &[&chunks.key, &chunks.doc, &chunks.idx, &chunks.ord],
    )?;
    insert_claims(tx, batch)?;
    insert_events(tx, batch)?;
    // Findings are recomputed after the batch; recording the debt in the same
    // transaction means a run killed in between still settles it next time.
    tx.execute(
        "INSERT INTO pending_reconcile (doc) SELECT * FROM unnest($1::text[]) ON CONFLICT DO NOTHING",
        &[&docs.id],
    )?;
    Ok(())
}

fn insert_claims(tx: &mut Transaction, batch: &[&AnalyzedDocument]) -> Result<()> {
    // Claims have 27 columns: build them as rows of a JSON array and let
    // the server take it apart, rather than 27 parallel arrays. Rows go in
    // in batch order, so `seq` orders claims as SQLite's rowid does.
    let mut claims = Vec::new();
    let mut places = Vec::new();
    let mut links = Vec::new();
    for analyzed in batch {
        for claim in &analyzed.claims {
            let paragraph = analyzed.paragraphs.iter().position(|p| p.span.contains(claim.span)).map(|i| i as i64);
            let value = &claim.value;
            let time = claim.time.as_ref();
            claims.push(serde_json::json!([
                claim.id,
                claim.doc,
                paragraph,
                claim.span.start,
                claim.span.end,
                claim.sentence_span.start,
                claim.sentence_span.end,
                claim.kind.as_str(),
                claim.measure,
                claim.verb,
                value.low,
                value.high,
                value.unit.as_str(),
                value.unit_text,
                value.qualifier.as_str(),
                value.number_span.start,
                value.number_span.end,
                value.counted.as_ref().map(|(_, c)| c.as_str()),
                value.counted.as_ref().map(|(s, _)| s.start),
                value.counted.as_ref().map(|(s, _)| s.end),
                time.map(|t| t.start.to_string()),
                time.map(|t| t.end.to_string()),
                time.map(|t| t.span.start),
                time.map(|t| t.span.end),
                time.map(|t| t.precision.as_str()),
                time.map(|t| t.inferred),
                time.map(|t| t.open_end),
            ]));
            for (idx, place) in claim.places.iter().enumerate() {
                places.push(serde_json::json!([claim.id, idx, place.span.start, place.span.end, place.name, place.place_id]));
            }
            for (depth, link) in claim.attribution.iter().enumerate() {
                links.push(serde_json::json!([
                    claim.id,
                    depth,
                    link.speaker,
                    link.span.map(|s| s.start),
                    link.span.map(|s| s.end),
                    link.cue,
                    link.stance.as_str()
                ]));
            }
        }
    }
    if claims.is_empty() {
        return Ok(());
    }
    // JSON numbers for floats: serde_json writes f64 so that it reads back
    // exactly (shortest round-trip form), and ::float8 parses it exactly.
    let claims = serde_json::Value::Array(claims).to_string();
    tx.execute(
        r#"INSERT INTO claims (id, doc, paragraph, start, "end", sentence_start, sentence_end, kind, measure, verb,
              low, high, unit, unit_text, qualifier, number_start, number_end, counted, counted_start, counted_end,
              time_start, time_end, time_span_start, time_span_end, time_precision, time_inferred, time_open_end)
           SELECT r->>0, r->>1, (r->>2)::bigint, (r->>3)::bigint, (r->>4)::bigint, (r->>5)::bigint, (r->>6)::bigint,
                  r->>7, r->>8, r->>9, (r->>10)::float8, (r->>11)::float8, r->>12, r->>13, r->>14,
                  (r->>15)::bigint, (r->>16)::bigint, r->>17, (r->>18)::bigint, (r->>19)::bigint,
                  r->>20, r->>21, (r->>22)::bigint, (r->>23)::bigint, r->>24, (r->>25)::boolean, (r->>26)::boolean
           FROM jsonb_array_elements($1::text::jsonb) WITH ORDINALITY AS e(r, n)
           ORDER BY n
           ON CONFLICT DO NOTHING"#,
        &[&claims],
    )?;
    if !places.is_empty() {
        tx.execute(
            r#"INSERT INTO claim_places (claim, idx, start, "end", name, place_id)
               SELECT r->>0, (r->>1)::bigint, (r->>2)::bigint, (r->>3)::bigint, r->>4, r->>5
               FROM jsonb_array_elements($1::text::jsonb) AS r ON CONFLICT DO NOTHING"#,
            &[&serde_json::Value::Array(places).to_string()],
        )?;
    }
    if !links.is_empty() {
        tx.execute(
            r#"INSERT INTO claim_attribution (claim, depth, speaker, start, "end", cue, stance)
               SELECT r->>0, (r->>1)::bigint, r->>2, (r->>3)::bigint, (r->>4)::bigint, r->>5, r->>6
               FROM jsonb_array_elements($1::text::jsonb) AS r ON CONFLICT DO NOTHING"#,
            &[&serde_json::Value::Array(links).to_string()],
        )?;
    }
    Ok(())
}

fn insert_events(tx: &mut Transaction, batch: &[&AnalyzedDocument]) -> Result<()> {
    let mut events = Vec::new();
    let mut control = Vec::new();
    for analyzed in batch {
        for event in &analyzed.events {
            events.push(serde_json::json!([
                event.id,
                event.doc,
                event.span.start,
                event.span.end,
                event.sentence_span.start,
                event.sentence_span.end,
                event.event_type.as_str(),
                event.sub_event_type.as_str(),
                event.trigger,
                event.time.as_ref().map(|t| t.start.to_string()),
                event.time.as_ref().map(|t| t.end.to_string()),
                crate::events::event_detail(event),
            ]));
        }
        for record in &analyzed.control {
            control.push(serde_json::json!([
                record.id,
                record.doc,
                record.span.start,
                record.span.end,
                record.place.place_id,
                record.place.name,
                record.kind.as_str(),
                record.wording,
                record.time.as_ref().map(|t| t.start.to_string()),
                record.time.as_ref().map(|t| t.end.to_string()),
                crate::events::control_detail(record),
            ]));
        }
    }
    if !events.is_empty() {
        tx.execute(
            r#"INSERT INTO events (id, doc, start, "end", sentence_start, sentence_end, event_type, sub_event_type,
                  trigger_text, time_start, time_end, detail)
               SELECT r->>0, r->>1, (r->>2)::bigint, (r->>3)::bigint, (r->>4)::bigint, (r->>5)::bigint, r->>6, r->>7,
                      r->>8, r->>9, r->>10, r->>11
               FROM jsonb_array_elements($1::text::jsonb) AS r ON CONFLICT DO NOTHING"#,
            &[&serde_json::Value::Array(events).to_string()],
        )?;
    }
    if !control.is_empty() {
        tx.execute(
            r#"INSERT INTO control_records (id, doc, start, "end", place_id, place_name, kind, wording, time_start,
                  time_end, detail)
               SELECT r->>0, r->>1, (r->>2)::bigint, (r->>3)::bigint, r->>4, r->>5, r->>6, r->>7, r->>8, r->>9, r->>10
               FROM jsonb_array_elements($1::text::jsonb) AS r ON CONFLICT DO NOTHING"#,
            &[&serde_json::Value::Array(control).to_string()],
        )?;
    }
    Ok(())
}

type ParagraphKey = (String, i64);

/// A stored paragraph as read for relinking: idx, start, end, base role, role.
type ParagraphRow = (i64, i64, i64, String, String);

struct StoredParagraph {
    span: Span,
    base_role: Role,
    role: Role,
    zone: Zone,
    fingerprint: Option<Fingerprint>,
}

struct StoredDocument {
    order: String,
    rank: i64,
    outlet: Option<String>,
    text: String,
    paragraphs: Vec<StoredParagraph>,
}

/// The part of the ledger one relink has looked at, read at most once.
/// Reads are batched (many documents, many paragraphs' keys per query):
/// here each query is a round trip, and a batch has hundreds of paragraphs.
struct Neighbourhood<'a, 't> {
    tx: &'a mut Transaction<'t>,
    docs: HashMap<String, StoredDocument>,
    candidates: HashMap<ParagraphKey, Vec<ParagraphKey>>,
}

impl<'a, 't> Neighbourhood<'a, 't> {
    /// Loads every listed document not loaded yet, in two queries.
    fn load_many<'d>(&mut self, docs: impl IntoIterator<Item = &'d String>) -> Result<()> {
        let missing: BTreeSet<&String> = docs.into_iter().filter(|d| !self.docs.contains_key(*d)).collect();
        if missing.is_empty() {
            return Ok(());
        }
        let missing: Vec<&String> = missing.into_iter().collect();
        let heads = self.tx.query("SELECT id, order_key, outlet, text, published FROM documents WHERE id = ANY($1)", &[&missing])?;
        let mut paragraphs: HashMap<String, Vec<ParagraphRow>> = HashMap::new();
        for r in self.tx.query(
            r#"SELECT doc, idx, start, "end", base_role, role FROM paragraphs WHERE doc = ANY($1) ORDER BY doc, idx"#,
            &[&missing],
        )? {
            paragraphs.entry(r.get(0)).or_default().push((r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)));
        }
        if heads.len() != missing.len() {
            return Err(StoreError::Corrupt(format!("{} of {} documents missing", missing.len() - heads.len(), missing.len())));
        }
        for r in heads {
            let id: String = r.get(0);
            let rows = paragraphs.remove(&id).unwrap_or_default();
            let doc = build_document(&id, r.get(1), r.get(2), r.get(3), r.get(4), rows)?;
            self.docs.insert(id, doc);
        }
        Ok(())
    }

    fn paragraph(&self, (doc, idx): &ParagraphKey) -> &StoredParagraph {
        &self.docs[doc].paragraphs[*idx as usize]
    }

    /// Computes the fingerprint of a paragraph of a loaded document.
    fn prepare(&mut self, key: &ParagraphKey) -> Result<()> {
        let doc = self.docs.get_mut(&key.0).ok_or_else(|| StoreError::Corrupt(format!("document {} not loaded", key.0)))?;
        let paragraph = doc
            .paragraphs
            .get_mut(key.1 as usize)
            .ok_or_else(|| StoreError::Corrupt(format!("paragraph {} of {} missing", key.1, key.0)))?;
        if paragraph.fingerprint.is_none() {
            paragraph.fingerprint = Some(copies::fingerprint(paragraph.span.slice(&doc.text)));
        }
        Ok(())
    }

    fn index_keys(&mut self, key: &ParagraphKey) -> Result<Vec<i64>> {
        self.prepare(key)?;
        // BIGINT is signed; the bit pattern is what matters.
        Ok(self.paragraph(key).fingerprint.as_ref().expect("prepared").keys().into_iter().map(|k| k as i64).collect())
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
            fingerprint: paragraph.fingerprint.as_ref().expect("prepared before use"),
        }
    }

    /// For each paragraph (of loaded documents), the paragraphs sharing an
    /// index key with it: per key, the earliest sharers by document order,
    /// all paragraphs' keys in one query. Ties in order are broken by
    /// document id so that which sharers are read never depends on the
    /// order documents arrived in. Loads and fingerprints the sharers.
    fn find_candidates(&mut self, keys: &[ParagraphKey]) -> Result<()> {
        let wanted: Vec<&ParagraphKey> = keys.iter().filter(|k| !self.candidates.contains_key(*k)).collect();
        if wanted.is_empty() {
            return Ok(());
        }
        let mut owner = Vec::new();
        let mut index_key = Vec::new();
        for (i, key) in wanted.iter().enumerate() {
            for k in self.index_keys(key)? {
                owner.push(i as i64);
                index_key.push(k);
            }
        }
        let rows = self.tx.query(
            "SELECT DISTINCT u.owner, pc.id, pc.idx FROM unnest($1::bigint[], $2::bigint[]) AS u(owner, key)
             CROSS JOIN LATERAL (SELECT d.id, c.idx FROM paragraph_chunks c JOIN documents d ON d.id_prefix = c.doc
                                 WHERE c.key = u.key ORDER BY c.ord, c.doc, c.idx LIMIT $3) pc",
            &[&owner, &index_key, &CANDIDATES_PER_KEY],
        )?;
        let mut found: Vec<BTreeSet<ParagraphKey>> = vec![BTreeSet::new(); wanted.len()];
        for r in rows {
            found[r.get::<_, i64>(0) as usize].insert((r.get(1), r.get(2)));
        }
        self.load_many(found.iter().flatten().map(|(doc, _)| doc))?;
        for (key, mut sharers) in wanted.into_iter().zip(found) {
            sharers.remove(key);
            // Two documents whose ids share their first 60 bits both answer
            // for that prefix's rows; only one has the paragraph, if either.
            let sharers: Vec<ParagraphKey> =
                sharers.into_iter().filter(|(doc, idx)| self.docs[doc].paragraphs.len() > *idx as usize).collect();
            for sharer in &sharers {
                self.prepare(sharer)?;
            }
            self.candidates.insert(key.clone(), sharers);
        }
        Ok(())
    }

    fn candidates(&mut self, key: &ParagraphKey) -> Result<Vec<ParagraphKey>> {
        self.find_candidates(std::slice::from_ref(key))?;
        Ok(self.candidates[key].clone())
    }

    /// Earlier-stored paragraphs whose role the new paragraphs may change
    /// (see the SQLite backend's `affected_by`): later documents sharing a
    /// key with one of them, and not-yet-template blocks in the same chrome
    /// zone of the same outlet.
    fn affected_by(&mut self, news: &[ParagraphKey]) -> Result<BTreeSet<ParagraphKey>> {
        self.find_candidates(news)?;
        let mut affected = BTreeSet::new();
        let mut owner = Vec::new();
        let mut index_key = Vec::new();
        let mut rank = Vec::new();
        let mut doc = Vec::new();
        for (i, new) in news.iter().enumerate() {
            let outlet = &self.docs[&new.0].outlet;
            let zone = self.paragraph(new).zone;
            if zone != Zone::Body {
                for candidate in &self.candidates[new] {
                    let paragraph = self.paragraph(candidate);
                    if paragraph.zone == zone && paragraph.role != Role::Template && &self.docs[&candidate.0].outlet == outlet {
                        affected.insert(candidate.clone());
                    }
                }
            }
            let new_rank = self.docs[&new.0].rank;
            for k in self.index_keys(new)? {
                owner.push(i as i64);
                index_key.push(k);
                rank.push(new_rank);
                doc.push(new.0.as_str());
            }
        }
        let rows = self.tx.query(
            "SELECT u.owner, pc.doc, pc.idx, pc.order_key
             FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[]) AS u(owner, key, rank, doc)
             CROSS JOIN LATERAL (SELECT d.id AS doc, c.idx, d.order_key FROM paragraph_chunks c
                                 JOIN documents d ON d.id_prefix = c.doc
                                 WHERE c.key = u.key AND c.ord >= u.rank AND d.id != u.doc
                                 ORDER BY c.ord, c.doc, c.idx LIMIT $5) pc",
            &[&owner, &index_key, &rank, &doc, &LATER_PER_KEY],
        )?;
        for r in rows {
            let new = &news[r.get::<_, i64>(0) as usize];
            let sharer_order: &str = r.get(3);
            if sharer_order > self.docs[&new.0].order.as_str() {
                affected.insert((r.get(1), r.get(2)));
            }
        }
        Ok(affected)
    }
}

fn build_document(
    doc: &str,
    order: String,
    outlet: Option<String>,
    text: String,
    published: Option<String>,
    rows: Vec<ParagraphRow>,
) -> Result<StoredDocument> {
    let rank = match published {
        Some(p) => p.parse::<jiff::Timestamp>().map_err(|e| StoreError::Corrupt(format!("timestamp {p}: {e}")))?.as_second(),
        None => i64::MAX,
    };
    let role = |name: &str| Role::parse(name).ok_or_else(|| StoreError::Corrupt(format!("paragraph role {name}")));
    let title = rows.iter().position(|row| row.3 == Role::Title.as_str());
    let count = rows.len();
    let mut paragraphs = Vec::with_capacity(count);
    for (position, (idx, start, end, base_role, current)) in rows.into_iter().enumerate() {
        let span = Span::new(start as usize, end as usize);
        if idx != position as i64 || text.get(span.start..span.end).is_none() {
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
    Ok(StoredDocument { order, rank, outlet, text, paragraphs })
}

/// Re-decides the role of every paragraph that a batch could have changed,
/// as the SQLite backend does, then writes all decisions at once. Returns
/// how many paragraphs of earlier documents changed.
pub(super) fn relink(tx: &mut Transaction, batch: &[&AnalyzedDocument]) -> Result<usize> {
    let new_docs: Vec<String> = batch.iter().map(|a| a.document.id.clone()).collect();
    let mut ledger = Neighbourhood { tx, docs: HashMap::new(), candidates: HashMap::new() };
    ledger.load_many(&new_docs)?;
    let mut new_paragraphs = Vec::new();
    for analyzed in batch {
        let doc = analyzed.document.id.as_str();
        // The pipeline fingerprinted these paragraphs already; reuse them.
        let stored = ledger.docs.get_mut(doc).expect("loaded above");
        if stored.paragraphs.len() == analyzed.fingerprints.len() {
            for (paragraph, fingerprint) in stored.paragraphs.iter_mut().zip(&analyzed.fingerprints) {
                paragraph.fingerprint = Some(fingerprint.clone());
            }
        }
        new_paragraphs.extend((0..stored.paragraphs.len() as i64).map(|idx| (doc.to_string(), idx)));
    }
    let mut affected = ledger.affected_by(&new_paragraphs)?;
    affected.extend(new_paragraphs);
    let affected: Vec<ParagraphKey> = affected.into_iter().collect();
    // Earlier paragraphs named above need their documents and sharers too.
    ledger.load_many(affected.iter().map(|(doc, _)| doc))?;
    // As in `find_candidates`: a shared id prefix can name a document without the paragraph.
    let affected: Vec<ParagraphKey> =
        affected.into_iter().filter(|(doc, idx)| ledger.docs[doc].paragraphs.len() > *idx as usize).collect();
    ledger.find_candidates(&affected)?;

    // Decisions depend on base roles, zones and text, never on the roles
    // being written, so they can all be made before any is written.
    let mut roles = RoleUpdates::default();
    for target_key in &affected {
        let candidate_keys = ledger.candidates(target_key)?;
        let target = ledger.occurrence(target_key);
        let candidates: Vec<Occurrence> = candidate_keys.iter().map(|k| ledger.occurrence(k)).collect();
        let resolved = copies::resolve_roles(&target, &candidates);
        roles.push(target_key, resolved.role, resolved.copy_of.as_ref());
    }
    let changed = roles.write(ledger.tx)?;
    let earlier: Vec<String> = changed.into_iter().filter(|doc| !new_docs.contains(doc)).collect();
    // Their claims now count differently (a copy, not an original): their
    // findings must be recomputed too.
    ledger.tx.execute(
        "INSERT INTO pending_reconcile (doc) SELECT DISTINCT * FROM unnest($1::text[]) ON CONFLICT DO NOTHING",
        &[&earlier],
    )?;
    Ok(earlier.len())
}

#[derive(Default)]
struct RoleUpdates {
    doc: Vec<String>,
    idx: Vec<i64>,
    role: Vec<String>,
    copy_doc: Vec<Option<String>>,
    copy_start: Vec<Option<i64>>,
    copy_end: Vec<Option<i64>>,
    similarity: Vec<Option<f64>>,
}

impl RoleUpdates {
    fn push(&mut self, (doc, idx): &ParagraphKey, role: Role, copy_of: Option<&CopyOf>) {
        self.doc.push(doc.clone());
        self.idx.push(*idx);
        self.role.push(role.as_str().to_string());
        self.copy_doc.push(copy_of.map(|c| c.doc.clone()));
        self.copy_start.push(copy_of.map(|c| c.span.start as i64));
        self.copy_end.push(copy_of.map(|c| c.span.end as i64));
        self.similarity.push(copy_of.map(|c| c.similarity));
    }

    /// Stores the roles that differ from what is stored and re-points the
    /// claims inside those paragraphs at the claims they repeat. Returns the
    /// document of each paragraph that changed.
    fn write(&self, tx: &mut Transaction) -> Result<Vec<String>> {
        let changed = tx.query(
            "UPDATE paragraphs p SET role = u.role, copy_doc = u.copy_doc, copy_start = u.copy_start,
                    copy_end = u.copy_end, similarity = u.similarity
             FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::float8[])
                  AS u(doc, idx, role, copy_doc, copy_start, copy_end, similarity)
             WHERE p.doc = u.doc AND p.idx = u.idx
               AND (p.role IS DISTINCT FROM u.role OR p.copy_doc IS DISTINCT FROM u.copy_doc
                    OR p.copy_start IS DISTINCT FROM u.copy_start OR p.copy_end IS DISTINCT FROM u.copy_end
                    OR p.similarity IS DISTINCT FROM u.similarity)
             RETURNING p.doc, p.idx, p.copy_doc, p.copy_start, p.copy_end",
            &[&self.doc, &self.idx, &self.role, &self.copy_doc, &self.copy_start, &self.copy_end, &self.similarity],
        )?;
        if changed.is_empty() {
            return Ok(Vec::new());
        }
        let mut doc = Vec::new();
        let mut idx = Vec::new();
        let mut copy_doc = Vec::new();
        let mut copy_start = Vec::new();
        let mut copy_end = Vec::new();
        for row in &changed {
            doc.push(row.get::<_, String>(0));
            idx.push(row.get::<_, i64>(1));
            copy_doc.push(row.get::<_, Option<String>>(2));
            copy_start.push(row.get::<_, Option<i64>>(3));
            copy_end.push(row.get::<_, Option<i64>>(4));
        }
        // A claim in a copy stands for the claim with the same figure in the
        // paragraph it copies; with no such claim it stays its own.
        tx.execute(
            r#"UPDATE claims c SET original = (
                   SELECT o.id FROM claims o
                   WHERE u.copy_doc IS NOT NULL AND o.doc = u.copy_doc AND o.start >= u.copy_start
                     AND o."end" <= u.copy_end AND o.kind = c.kind AND o.unit = c.unit
                     AND o.low IS NOT DISTINCT FROM c.low AND o.high IS NOT DISTINCT FROM c.high
                   ORDER BY o.start LIMIT 1)
               FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[])
                    AS u(doc, idx, copy_doc, copy_start, copy_end)
               WHERE c.doc = u.doc AND c.paragraph = u.idx"#,
            &[&doc, &idx, &copy_doc, &copy_start, &copy_end],
        )?;
        Ok(doc)
    }
}
