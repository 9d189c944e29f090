use crate::schema::MIGRATIONS;
use crate::{
    AnalyzedDocument, BatchOutcome, ClaimFilter, DocumentSummary, Result, Stats, Store, StoreError, StoredClaim,
};
use contested_clean::{copies, Fingerprint, Occurrence};
use contested_core::{
    Attribution, Claim, ClaimKind, CopyOf, Document, Paragraph, PlaceMention, Precision, Qualifier, Quantity, Role,
    Span, Stance, TimeExpr, Unit,
};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// Most candidates considered per shared chunk. A chunk carried by thousands
/// of pages (a wire-service sign-off) would otherwise make every new page
/// compare against all of them; the earliest ones are the ones that matter
/// for deciding what is original.
const MAX_CANDIDATES_PER_CHUNK: i64 = 200;

pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Opens (creating if needed) a ledger file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let name = path.display().to_string();
        let conn = Connection::open(path).map_err(|source| StoreError::Open { path: name.clone(), source })?;
        Self::init(conn, &name)
    }

    pub fn open_in_memory() -> Result<SqliteStore> {
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Open { path: ":memory:".into(), source })?;
        Self::init(conn, ":memory:")
    }

    fn init(conn: Connection, name: &str) -> Result<SqliteStore> {
        let open_err = |source| StoreError::Open { path: name.to_string(), source };
        // WAL lets readers (serve) work while an ingest writes; NORMAL sync is
        // durable at transaction boundaries in WAL mode, which is what a batch needs.
        conn.pragma_update(None, "journal_mode", "WAL").map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(open_err)?;
        let mut store = SqliteStore { conn };
        store.migrate(name)?;
        Ok(store)
    }

    fn migrate(&mut self, name: &str) -> Result<()> {
        let version: i64 = self.conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        let supported = MIGRATIONS.len() as i64;
        if version > supported {
            return Err(StoreError::TooNew { path: name.to_string(), found: version, supported });
        }
        for (i, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(migration)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
    }
}

fn exists(tx: &Connection, id: &str) -> Result<bool> {
    Ok(tx.query_row("SELECT 1 FROM documents WHERE id = ?1", [id], |_| Ok(())).optional()?.is_some())
}

fn title_index(paragraphs: &[Paragraph]) -> Option<usize> {
    paragraphs.iter().position(|p| p.role == Role::Title)
}

fn insert_document(tx: &Transaction, analyzed: &AnalyzedDocument) -> Result<()> {
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
fn relink(tx: &Transaction, new_docs: &[&str]) -> Result<usize> {
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
    fn load_places_and_attribution(&self, claim: &mut Claim) -> Result<()> {
        claim.places = self
            .conn
            .prepare_cached("SELECT start, end, name, place_id FROM claim_places WHERE claim = ?1 ORDER BY idx")?
            .query_map([&claim.id], |r| {
                Ok(PlaceMention {
                    span: Span::new(r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize),
                    name: r.get(2)?,
                    place_id: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let links = self
            .conn
            .prepare_cached(
                "SELECT speaker, start, end, cue, stance FROM claim_attribution WHERE claim = ?1 ORDER BY depth",
            )?
            .query_map([&claim.id], |r| {
                let span = match (r.get::<_, Option<i64>>(1)?, r.get::<_, Option<i64>>(2)?) {
                    (Some(s), Some(e)) => Some(Span::new(s as usize, e as usize)),
                    _ => None,
                };
                Ok((r.get::<_, String>(0)?, span, r.get::<_, Option<String>>(3)?, r.get::<_, String>(4)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        claim.attribution = links
            .into_iter()
            .map(|(speaker, span, cue, stance)| {
                let stance = Stance::parse(&stance).ok_or_else(|| StoreError::Corrupt(format!("stance {stance}")))?;
                Ok(Attribution { speaker, span, cue, stance })
            })
            .collect::<Result<_>>()?;
        Ok(())
    }

    /// How many documents and distinct outlets carry the figure of an
    /// independent claim (itself plus every claim pointing at it).
    fn spread(&self, id: &str) -> Result<(u64, u64)> {
        Ok(self.conn.prepare_cached(
            "SELECT COUNT(DISTINCT c.doc), COUNT(DISTINCT COALESCE(d.outlet, '')) FROM claims c
             JOIN documents d ON d.id = c.doc WHERE c.id = ?1 OR c.original = ?1",
        )?
        .query_row([id], |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)))?)
    }
}

impl Store for SqliteStore {
    fn put_batch(&mut self, batch: &[AnalyzedDocument]) -> Result<BatchOutcome> {
        let tx = self.conn.transaction()?;
        let mut outcome = BatchOutcome::default();
        let mut new_docs: Vec<&str> = Vec::new();
        for analyzed in batch {
            let id = analyzed.document.id.as_str();
            if exists(&tx, id)? || new_docs.contains(&id) {
                outcome.unchanged += 1;
                continue;
            }
            insert_document(&tx, analyzed)?;
            new_docs.push(id);
            outcome.inserted += 1;
        }
        if !new_docs.is_empty() {
            outcome.relinked = relink(&tx, &new_docs)?;
        }
        tx.commit()?;
        Ok(outcome)
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
        let sql = format!(
            "SELECT {CLAIM_COLUMNS} FROM claims c JOIN documents d ON d.id = c.doc
             LEFT JOIN paragraphs p ON p.doc = c.doc AND p.idx = c.paragraph
             WHERE (?1 IS NULL OR c.doc = ?1) AND (?2 IS NULL OR c.kind = ?2) AND (?3 IS NULL OR d.outlet = ?3)
               AND (?4 = 0 OR c.original IS NULL)
             ORDER BY d.order_key, c.start LIMIT ?5"
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
        let mut out = Vec::with_capacity(rows.len());
        for (mut row, raw) in rows {
            finish_claim(&mut row, raw)?;
            self.load_places_and_attribution(&mut row.claim)?;
            let (documents, outlets) = self.spread(row.original.as_deref().unwrap_or(&row.claim.id))?;
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
            paragraphs_by_role: count_by("SELECT role, COUNT(*) FROM paragraphs GROUP BY role ORDER BY 2 DESC")?,
            claims_by_kind: count_by("SELECT kind, COUNT(*) FROM claims GROUP BY kind ORDER BY 2 DESC")?,
            independent_claims: independent as u64,
        })
    }
}
