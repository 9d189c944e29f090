//! Reading the ledger back, with the SQLite backend's semantics: the same
//! orders, filters, cursors and counts.

use super::write::{insert_documents, relink};
use super::{PostgresStore, LEDGER_LOCK};
use crate::{
    AnalyzedDocument, BatchOutcome, ClaimEvidence, ClaimFilter, ClaimPage, ClaimQuery, DocumentPage, DocumentSummary,
    Facets, PlaceCount, Result, SearchHit, SearchPage, SearchQuery, Stats, StoreError, StoredClaim, MAX_PAGE,
};
use contested_core::{
    Attribution, Claim, ClaimKind, CopyOf, Document, Paragraph, PlaceMention, Precision, Qualifier, Quantity, Role,
    Span, Stance, TimeExpr, Unit,
};
use ::postgres::types::ToSql;
use ::postgres::Row;
use std::collections::HashMap;

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

const CLAIM_COLUMNS: &str = r#"c.id, c.doc, c.start, c."end", c.sentence_start, c.sentence_end, c.kind, c.measure, c.verb,
    c.low, c.high, c.unit, c.unit_text, c.qualifier, c.number_start, c.number_end, c.counted, c.counted_start,
    c.counted_end, c.time_start, c.time_end, c.time_span_start, c.time_span_end, c.time_precision, c.time_inferred,
    c.time_open_end, d.outlet, COALESCE(p.role, 'body'), c.original"#;

/// A byte slice of a document's text, cut in the server so a page of claims
/// never ships whole articles. Spans are byte offsets, so the cut is on the
/// UTF-8 bytes.
fn evidence(start: &str, end: &str) -> String {
    format!("convert_from(substr(convert_to(d.text, 'UTF8'), ({start} + 1)::int, ({end} - {start})::int), 'UTF8')")
}

struct ClaimRow {
    claim: Claim,
    outlet: Option<String>,
    role: String,
    original: Option<String>,
}

fn claim_from_row(r: &Row) -> Result<ClaimRow> {
    let span = |a: usize, b: usize| Span::new(r.get::<_, i64>(a) as usize, r.get::<_, i64>(b) as usize);
    let counted = r.get::<_, Option<String>>(16).map(|text| (span(17, 18), text));
    let kind: String = r.get(6);
    let qualifier: String = r.get(13);
    let time = match r.get::<_, Option<bool>>(24) {
        Some(inferred) => {
            let time_span = match (r.get::<_, Option<i64>>(21), r.get::<_, Option<i64>>(22)) {
                (Some(s), Some(e)) => Span::new(s as usize, e as usize),
                _ => Span::default(),
            };
            Some(TimeExpr {
                span: time_span,
                start: parse_timestamp(r.get::<_, Option<&str>>(19).unwrap_or_default())?,
                end: parse_timestamp(r.get::<_, Option<&str>>(20).unwrap_or_default())?,
                precision: precision_from(r.get::<_, Option<&str>>(23).unwrap_or_default())?,
                inferred,
                open_end: r.get::<_, Option<bool>>(25).unwrap_or(false),
            })
        }
        None => None,
    };
    let claim = Claim {
        id: r.get(0),
        doc: r.get(1),
        span: span(2, 3),
        sentence_span: span(4, 5),
        kind: ClaimKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("claim kind {kind}")))?,
        measure: r.get(7),
        verb: r.get(8),
        value: Quantity {
            span: span(2, 3),
            number_span: span(14, 15),
            low: r.get(9),
            high: r.get(10),
            unit: Unit::parse(r.get::<_, Option<&str>>(11).unwrap_or("number")),
            unit_text: r.get(12),
            qualifier: Qualifier::parse(&qualifier).ok_or_else(|| StoreError::Corrupt(format!("qualifier {qualifier}")))?,
            counted,
        },
        time,
        places: Vec::new(),
        attribution: Vec::new(),
    };
    Ok(ClaimRow { claim, outlet: r.get(26), role: r.get(27), original: r.get(28) })
}

/// Turns what a person typed into a tsquery that cannot be a syntax error:
/// every word quoted, all required, the last one also as a prefix (as the
/// SQLite backend's FTS5 query does).
pub(crate) fn ts_query(text: &str) -> Option<String> {
    let words: Vec<String> = crate::typed_words(text)
        .map(|w| format!("'{w}'"))
        .collect();
    let (last, rest) = words.split_last()?;
    let mut query = rest.join(" & ");
    if !query.is_empty() {
        query.push_str(" & ");
    }
    query.push_str(&format!("{last}:*"));
    Some(query)
}

/// The claims filter's words as a tsquery: every word quoted and required,
/// whole words only, as the SQLite backend's `fts_words`.
pub(crate) fn ts_words(text: &str) -> Option<String> {
    let words: Vec<String> = crate::typed_words(text)
        .map(|w| format!("'{w}'"))
        .collect();
    (!words.is_empty()).then(|| words.join(" & "))
}

impl PostgresStore {
    pub(super) fn query(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>> {
        Ok(self.client.borrow_mut().query(sql, params)?)
    }

    fn places_of(&self, ids: &[String]) -> Result<HashMap<String, Vec<PlaceMention>>> {
        let mut out: HashMap<String, Vec<PlaceMention>> = HashMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        for r in self.query(
            r#"SELECT claim, start, "end", name, place_id FROM claim_places WHERE claim = ANY($1) ORDER BY claim, idx"#,
            &[&ids],
        )? {
            out.entry(r.get(0)).or_default().push(PlaceMention {
                span: Span::new(r.get::<_, i64>(1) as usize, r.get::<_, i64>(2) as usize),
                name: r.get(3),
                place_id: r.get(4),
            });
        }
        Ok(out)
    }

    fn attribution_of(&self, ids: &[String]) -> Result<HashMap<String, Vec<Attribution>>> {
        let mut out: HashMap<String, Vec<Attribution>> = HashMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        for r in self.query(
            r#"SELECT claim, speaker, start, "end", cue, stance FROM claim_attribution WHERE claim = ANY($1)
               ORDER BY claim, depth"#,
            &[&ids],
        )? {
            let span = match (r.get::<_, Option<i64>>(2), r.get::<_, Option<i64>>(3)) {
                (Some(s), Some(e)) => Some(Span::new(s as usize, e as usize)),
                _ => None,
            };
            let stance: String = r.get(5);
            let stance = Stance::parse(&stance).ok_or_else(|| StoreError::Corrupt(format!("stance {stance}")))?;
            out.entry(r.get(0)).or_default().push(Attribution { speaker: r.get(1), span, cue: r.get(4), stance });
        }
        Ok(out)
    }

    /// For each independent claim id: how many documents and distinct
    /// outlets carry it (itself plus every claim pointing at it).
    fn spreads_of(&self, keys: &[String]) -> Result<HashMap<String, (u64, u64)>> {
        let mut unique = keys.to_vec();
        unique.sort_unstable();
        unique.dedup();
        if unique.is_empty() {
            return Ok(HashMap::new());
        }
        Ok(self
            .query(
                "SELECT COALESCE(c.original, c.id), COUNT(DISTINCT c.doc), COUNT(DISTINCT COALESCE(d.outlet, ''))
                 FROM claims c JOIN documents d ON d.id = c.doc
                 WHERE c.id = ANY($1) OR c.original = ANY($1)
                 GROUP BY 1",
                &[&unique],
            )?
            .iter()
            .map(|r| (r.get(0), (r.get::<_, i64>(1) as u64, r.get::<_, i64>(2) as u64)))
            .collect())
    }

    /// Places, attribution and spread for a list of claims in three queries.
    fn complete(&self, rows: Vec<ClaimRow>) -> Result<Vec<StoredClaim>> {
        self.complete_with(rows, true)
    }

    fn complete_with(&self, rows: Vec<ClaimRow>, with_spread: bool) -> Result<Vec<StoredClaim>> {
        let ids: Vec<String> = rows.iter().map(|row| row.claim.id.clone()).collect();
        let keys: Vec<String> = rows.iter().map(|row| row.original.clone().unwrap_or_else(|| row.claim.id.clone())).collect();
        let mut places = self.places_of(&ids)?;
        let mut chains = self.attribution_of(&ids)?;
        let spreads = if with_spread { self.spreads_of(&keys)? } else { HashMap::new() };
        let unknown = if with_spread { (1, 1) } else { (0, 0) };
        Ok(rows
            .into_iter()
            .zip(keys)
            .map(|(mut row, key)| {
                row.claim.places = places.remove(&row.claim.id).unwrap_or_default();
                row.claim.attribution = chains.remove(&row.claim.id).unwrap_or_default();
                let (documents, outlets) = spreads.get(&key).copied().unwrap_or(unknown);
                StoredClaim {
                    role: Role::parse(&row.role).unwrap_or(Role::Body),
                    outlet: row.outlet,
                    original: row.original,
                    documents,
                    outlets,
                    claim: row.claim,
                }
            })
            .collect())
    }
}

pub(super) fn put_batch(store: &mut PostgresStore, batch: &[AnalyzedDocument], complete_work: bool) -> Result<BatchOutcome> {
    let client = store.client.get_mut();
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LEDGER_LOCK])?;
    let ids: Vec<String> = batch.iter().map(|a| a.document.id.clone()).collect();
    let present: std::collections::HashSet<String> =
        tx.query("SELECT id FROM documents WHERE id = ANY($1)", &[&ids])?.iter().map(|r| r.get(0)).collect();
    let mut outcome = BatchOutcome::default();
    let mut seen = std::collections::HashSet::new();
    let mut fresh: Vec<&AnalyzedDocument> = Vec::new();
    for analyzed in batch {
        let id = analyzed.document.id.as_str();
        if present.contains(id) || !seen.insert(id) {
            outcome.unchanged += 1;
            continue;
        }
        fresh.push(analyzed);
        outcome.inserted += 1;
    }
    if !fresh.is_empty() {
        insert_documents(&mut tx, &fresh)?;
        outcome.relinked = relink(&mut tx, &fresh)?;
        super::bump_version(&mut tx)?;
    }
    if complete_work {
        tx.execute("DELETE FROM work_queue WHERE id = ANY($1)", &[&ids])?;
    }
    tx.commit()?;
    Ok(outcome)
}

impl PostgresStore {
    pub(super) fn read_contains(&self, id: &str) -> Result<bool> {
        Ok(!self.query("SELECT 1 FROM documents WHERE id = $1", &[&id])?.is_empty())
    }

    pub(super) fn read_resolve_id(&self, prefix: &str) -> Result<String> {
        // LIKE with the wildcards taken out of what was typed, as in SQLite.
        let pattern = format!("{}%", prefix.replace(['%', '_', '\\'], ""));
        let ids: Vec<String> =
            self.query("SELECT id FROM documents WHERE id LIKE $1 LIMIT 2", &[&pattern])?.iter().map(|r| r.get(0)).collect();
        match ids.len() {
            0 => Err(StoreError::NoSuchDocument(prefix.to_string())),
            1 => Ok(ids.into_iter().next().expect("one id")),
            _ => {
                let count: i64 = self.query("SELECT COUNT(*) FROM documents WHERE id LIKE $1", &[&pattern])?[0].get(0);
                Err(StoreError::AmbiguousId { prefix: prefix.to_string(), count: count as usize })
            }
        }
    }

    pub(super) fn read_document(&self, id: &str) -> Result<Document> {
        let rows = self.query("SELECT id, outlet, url, title, published, origin, text FROM documents WHERE id = $1", &[&id])?;
        let r = rows.first().ok_or_else(|| StoreError::NoSuchDocument(id.to_string()))?;
        let published = r.get::<_, Option<&str>>(4).map(parse_timestamp).transpose()?;
        Ok(Document {
            id: r.get(0),
            outlet: r.get(1),
            url: r.get(2),
            title: r.get(3),
            published,
            origin: r.get(5),
            text: r.get(6),
        })
    }

    pub(super) fn read_paragraphs(&self, doc: &str) -> Result<Vec<Paragraph>> {
        self.query(
            r#"SELECT start, "end", role, copy_doc, copy_start, copy_end, similarity FROM paragraphs
               WHERE doc = $1 ORDER BY idx"#,
            &[&doc],
        )?
        .iter()
        .map(|r| {
            let role: String = r.get(2);
            let role = Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("paragraph role {role}")))?;
            let copy_of = match (r.get::<_, Option<String>>(3), r.get::<_, Option<i64>>(4), r.get::<_, Option<i64>>(5)) {
                (Some(doc), Some(s), Some(e)) => Some(CopyOf {
                    doc,
                    span: Span::new(s as usize, e as usize),
                    similarity: r.get::<_, Option<f64>>(6).unwrap_or(1.0),
                }),
                _ => None,
            };
            Ok(Paragraph { span: Span::new(r.get::<_, i64>(0) as usize, r.get::<_, i64>(1) as usize), role, copy_of })
        })
        .collect()
    }

    fn summary(r: &Row) -> DocumentSummary {
        DocumentSummary {
            id: r.get(0),
            outlet: r.get(1),
            url: r.get(2),
            title: r.get(3),
            published: r.get(4),
            origin: r.get(5),
            paragraphs: r.get::<_, i64>(6) as u64,
            claims: r.get::<_, i64>(7) as u64,
        }
    }

    pub(super) fn read_documents(&self) -> Result<Vec<DocumentSummary>> {
        Ok(self
            .query(
                "SELECT d.id, d.outlet, d.url, d.title, d.published, d.origin,
                    (SELECT COUNT(*) FROM paragraphs p WHERE p.doc = d.id),
                    (SELECT COUNT(*) FROM claims c WHERE c.doc = d.id)
                 FROM documents d ORDER BY d.order_key",
                &[],
            )?
            .iter()
            .map(Self::summary)
            .collect())
    }

    /// Ordered to the id so that ties (claims at one start) never come in
    /// heap order, which differs between ledgers with the same rows.
    pub(super) fn read_claims(&self, filter: &ClaimFilter) -> Result<Vec<StoredClaim>> {
        let sql = format!(
            "SELECT {CLAIM_COLUMNS} FROM claims c JOIN documents d ON d.id = c.doc
             LEFT JOIN paragraphs p ON p.doc = c.doc AND p.idx = c.paragraph
             WHERE ($1::text IS NULL OR c.doc = $1) AND ($2::text IS NULL OR c.kind = $2)
               AND ($3::text IS NULL OR d.outlet = $3) AND (NOT $4 OR c.original IS NULL)
             ORDER BY d.order_key, c.start, c.\"end\", c.id LIMIT $5"
        );
        let limit = filter.limit.map(|l| l.min(i64::MAX as u64) as i64);
        let rows = self.query(&sql, &[&filter.doc, &filter.kind, &filter.outlet, &filter.independent_only, &limit])?;
        let rows = rows.iter().map(claim_from_row).collect::<Result<Vec<_>>>()?;
        self.complete_with(rows, !filter.skip_spread)
    }

    pub(super) fn read_stats(&self) -> Result<Stats> {
        let documents: i64 = self.query("SELECT COUNT(*) FROM documents", &[])?[0].get(0);
        let count_by = |sql: &str| -> Result<Vec<(String, u64)>> {
            Ok(self.query(sql, &[])?.iter().map(|r| (r.get(0), r.get::<_, i64>(1) as u64)).collect())
        };
        let independent: i64 = self.query("SELECT COUNT(*) FROM claims WHERE original IS NULL", &[])?[0].get(0);
        Ok(Stats {
            documents: documents as u64,
            paragraphs_by_role: count_by("SELECT role, COUNT(*) FROM paragraphs GROUP BY role ORDER BY 2 DESC, 1")?,
            claims_by_kind: count_by("SELECT kind, COUNT(*) FROM claims GROUP BY kind ORDER BY 2 DESC, 1")?,
            independent_claims: independent as u64,
        })
    }

    /// Speakers whose name contains `part` (case-insensitive, ASCII folding
    /// as `lower` under "C" does), at most `MAX_SPEAKER_ARMS + 1` of them.
    fn speakers_matching(&self, part: &str) -> Result<Vec<String>> {
        Ok(self
            .query(
                "SELECT name FROM speakers WHERE strpos(lower(name), lower($1::text)) > 0 ORDER BY name LIMIT $2",
                &[&part, &(MAX_SPEAKER_ARMS as i64 + 1)],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    /// How many entries `filter`'s index ranges hold, counting at most `PROBE`.
    fn probe(&self, filter: &Ranged) -> Result<usize> {
        let limit = PROBE as i64;
        let count = |sql: &str, key: &(dyn ToSql + Sync)| -> Result<usize> {
            Ok(self.query(sql, &[key, &limit])?[0].get::<_, i64>(0) as usize)
        };
        let place = "SELECT count(*) FROM (SELECT 1 FROM claim_place_keys WHERE place = $1::text LIMIT $2) x";
        Ok(match filter {
            Ranged::Words(tsq) => count(
                "SELECT count(*) FROM (SELECT 1 FROM claim_words WHERE tsv @@ to_tsquery('contested_search', $1::text) LIMIT $2) x",
                tsq,
            )?,
            Ranged::Place(by_id, by_name) => count(place, by_id)? + count(place, by_name)?,
            Ranged::Speakers(speakers) => count(
                "SELECT count(*) FROM (SELECT 1 FROM claim_speaker_keys WHERE speaker = ANY($1::text[]) LIMIT $2) x",
                speakers,
            )?,
        })
    }

    /// How a claims query reads the ledger (see the SQLite backend's
    /// `claim_plan`): from an index ordered by (term, seq) when a place,
    /// speaker or words filter is given, else the claims in seq order.
    fn claim_plan(&self, q: &ClaimQuery) -> Result<ClaimPlan> {
        let mut plan = ClaimPlan::default();
        let text = |s: &Option<String>| s.clone().map(|v| Box::new(v) as Box<dyn ToSql + Sync>);
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
            plan.check("c.seq = ANY(?)", Box::new(keys.clone()));
        }
        let by_keys = q.keys.is_some();
        let mut ranged: Vec<(usize, Ranged)> = Vec::new();
        if let Some(words) = q.text.as_deref() {
            match ts_words(words) {
                Some(tsq) => ranged.push((0, Ranged::Words(tsq))),
                // Nothing searchable was typed (only punctuation): nothing can match.
                None => plan.conditions.push("false".to_string()),
            }
        }
        if let Some(place) = &q.place {
            // The two keys a place filter matches, as claim_place_keys holds them.
            ranged.push((0, Ranged::Place(format!("={place}"), format!("~{}", place.to_ascii_lowercase()))));
        }
        if let Some(part) = &q.actor {
            let speakers = if by_keys { Vec::new() } else { self.speakers_matching(part)? };
            if !by_keys && speakers.is_empty() {
                plan.conditions.push("false".to_string());
            } else if by_keys || speakers.len() > MAX_SPEAKER_ARMS {
                // Many speakers match: such a common name matches claims
                // densely, so reading claims in key order finds a page soon.
                plan.check(
                    "EXISTS (SELECT 1 FROM claim_attribution ca WHERE ca.claim = c.id AND strpos(lower(ca.speaker), lower(?::text)) > 0)",
                    Box::new(part.clone()),
                );
            } else {
                ranged.push((0, Ranged::Speakers(speakers)));
            }
        }
        // The sparsest range drives; the others are checked on each claim
        // it yields (as in the SQLite backend).
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
                    Ranged::Words(tsq) => {
                        let at = plan.bind(Box::new(tsq));
                        vec![Driver {
                            from: "claim_words w".into(),
                            key: "w.claim".into(),
                            condition: format!("w.tsv @@ to_tsquery('contested_search', ${at}::text)"),
                        }]
                    }
                    Ranged::Place(by_id, by_name) => [by_id, by_name]
                        .into_iter()
                        .map(|key| {
                            let at = plan.bind(Box::new(key));
                            Driver { from: "claim_place_keys pk".into(), key: "pk.claim".into(), condition: format!("pk.place = ${at}::text") }
                        })
                        .collect(),
                    Ranged::Speakers(speakers) => speakers
                        .into_iter()
                        .map(|speaker| {
                            let at = plan.bind(Box::new(speaker));
                            Driver { from: "claim_speaker_keys sk".into(), key: "sk.claim".into(), condition: format!("sk.speaker = ${at}::text") }
                        })
                        .collect(),
                };
                plan.drivers = Some(arms);
            }
        }
        for filter in ranged {
            match filter {
                Ranged::Words(tsq) => plan.check(
                    "EXISTS (SELECT 1 FROM claim_words cw WHERE cw.claim = c.seq AND cw.tsv @@ to_tsquery('contested_search', ?::text))",
                    Box::new(tsq),
                ),
                Ranged::Place(by_id, by_name) => {
                    let (a, b) = (plan.bind(Box::new(by_id)), plan.bind(Box::new(by_name)));
                    plan.conditions.push(format!(
                        "EXISTS (SELECT 1 FROM claim_place_keys pk WHERE pk.place IN (${a}::text, ${b}::text) AND pk.claim = c.seq)"
                    ));
                }
                Ranged::Speakers(speakers) => {
                    let at = plan.bind(Box::new(speakers));
                    plan.conditions.push(format!(
                        "EXISTS (SELECT 1 FROM claim_speaker_keys sk WHERE sk.speaker = ANY(${at}::text[]) AND sk.claim = c.seq)"
                    ));
                }
            }
        }
        if let Some(after) = q.after {
            plan.after = Some(plan.bind(Box::new(after)));
        }
        Ok(plan)
    }

    /// Ledger keys of the claims one page holds, and the cursor after them.
    pub(super) fn read_claim_keys(&self, q: &ClaimQuery) -> Result<(Vec<i64>, Option<i64>)> {
        let mut plan = self.claim_plan(q)?;
        let limit = q.limit.clamp(1, MAX_PAGE);
        let sql = plan.key_query(q.newest_first, limit);
        let params: Vec<&(dyn ToSql + Sync)> = plan.values.iter().map(|v| v.as_ref()).collect();
        let mut keys: Vec<i64> = self.query(&sql, &params)?.iter().map(|r| r.get(0)).collect();
        let more = keys.len() as u64 > limit;
        keys.truncate(limit as usize);
        let next = if more { keys.last().copied() } else { None };
        Ok((keys, next))
    }

    /// The SQL `read_claim_keys` runs for `q` and its parameters, for tests that hold its plan.
    #[doc(hidden)]
    pub fn claim_key_sql(&self, q: &ClaimQuery) -> Result<(String, Vec<Box<dyn ToSql + Sync>>)> {
        let mut plan = self.claim_plan(q)?;
        let sql = plan.key_query(q.newest_first, q.limit.clamp(1, MAX_PAGE));
        Ok((sql, plan.values))
    }

    pub(super) fn read_claim_page(&self, q: &ClaimQuery) -> Result<ClaimPage> {
        // The key query and the rows in one statement: every statement is a
        // round trip. The filters run on indexes only, and documents' text
        // is read for the page's claims alone.
        let mut plan = self.claim_plan(q)?;
        let limit = q.limit.clamp(1, MAX_PAGE);
        let keys = plan.key_query(q.newest_first, limit);
        let sql = format!(
            "WITH page(k) AS ({keys})
             SELECT {CLAIM_COLUMNS}, c.seq, {}, {},
                CASE WHEN c.time_span_start IS NULL THEN NULL ELSE {} END
             FROM page JOIN claims c ON c.seq = page.k JOIN documents d ON d.id = c.doc
             LEFT JOIN paragraphs p ON p.doc = c.doc AND p.idx = c.paragraph
             ORDER BY c.seq {}",
            evidence("c.start", r#"c."end""#),
            evidence("c.sentence_start", "c.sentence_end"),
            evidence("c.time_span_start", "c.time_span_end"),
            if q.newest_first { "DESC" } else { "ASC" },
        );
        let params: Vec<&(dyn ToSql + Sync)> = plan.values.iter().map(|v| v.as_ref()).collect();
        let mut rows = self.query(&sql, &params)?;
        let more = rows.len() as u64 > limit;
        rows.truncate(limit as usize);
        let next = if more { rows.last().map(|r| r.get::<_, i64>(29)) } else { None };
        let mut claims = Vec::with_capacity(rows.len());
        let mut extra = Vec::with_capacity(rows.len());
        for r in &rows {
            claims.push(claim_from_row(r)?);
            extra.push((r.get::<_, i64>(29), r.get::<_, Option<String>>(30), r.get::<_, Option<String>>(31), r.get::<_, Option<String>>(32)));
        }
        let mut page = ClaimPage { claims: Vec::with_capacity(rows.len()), next };
        for (stored, (seq, text, sentence, time_text)) in self.complete(claims)?.into_iter().zip(extra) {
            page.claims.push(ClaimEvidence {
                key: seq,
                stored,
                text: text.unwrap_or_default(),
                sentence: sentence.unwrap_or_default(),
                time_text,
            });
        }
        Ok(page)
    }

    pub(super) fn read_search(&self, q: &SearchQuery) -> Result<SearchPage> {
        let Some(tsq) = ts_query(&q.text) else { return Ok(SearchPage::default()) };
        let limit = q.limit.clamp(1, MAX_PAGE);
        // The marks are the store's MATCH_START/MATCH_END control characters.
        let sql = format!(
            "WITH q AS (SELECT to_tsquery('contested_search', $1) AS q),
             hits AS (
                SELECT p.doc, p.idx, p.start, p.\"end\", p.role, d.title, d.outlet, d.published, d.text,
                       ts_rank(p.tsv, q.q) AS rank, d.order_key
                FROM paragraphs p JOIN documents d ON d.id = p.doc, q
                WHERE p.tsv @@ q.q
                ORDER BY rank DESC, d.order_key, p.idx LIMIT $2 OFFSET $3)
             SELECT doc, idx, start, \"end\", role, title, outlet, published,
                    ts_headline('contested_search',
                        convert_from(substr(convert_to(text, 'UTF8'), (start + 1)::int, (\"end\" - start)::int), 'UTF8'),
                        q.q, 'StartSel=\"{}\", StopSel=\"{}\", MaxWords=24, MinWords=8, ShortWord=0')
             FROM hits, q ORDER BY rank DESC, order_key, idx",
            crate::MATCH_START,
            crate::MATCH_END
        );
        let rows = self.query(&sql, &[&tsq, &(limit as i64 + 1), &(q.offset.min(i64::MAX as u64) as i64)])?;
        let more = rows.len() as u64 > limit;
        let hits = rows
            .iter()
            .take(limit as usize)
            .map(|r| {
                let role: String = r.get(4);
                Ok(SearchHit {
                    doc: r.get(0),
                    paragraph: r.get::<_, i64>(1) as u64,
                    span: Span::new(r.get::<_, i64>(2) as usize, r.get::<_, i64>(3) as usize),
                    role: Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("paragraph role {role}")))?,
                    title: r.get(5),
                    outlet: r.get(6),
                    published: r.get(7),
                    snippet: r.get(8),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(SearchPage { hits, next: more.then_some(q.offset + limit) })
    }

    pub(super) fn read_document_page(&self, after: Option<&str>, limit: u64, newest_first: bool) -> Result<DocumentPage> {
        let limit = limit.clamp(1, MAX_PAGE);
        let (op, order) = if newest_first { ("<", "DESC") } else { (">", "ASC") };
        let sql = format!(
            "SELECT d.id, d.outlet, d.url, d.title, d.published, d.origin,
                (SELECT COUNT(*) FROM paragraphs p WHERE p.doc = d.id),
                (SELECT COUNT(*) FROM claims c WHERE c.doc = d.id),
                d.order_key
             FROM documents d WHERE ($1::text IS NULL OR d.order_key {op} $1)
             ORDER BY d.order_key {order} LIMIT $2"
        );
        let rows = self.query(&sql, &[&after, &(limit as i64 + 1)])?;
        let more = rows.len() as u64 > limit;
        let mut page = DocumentPage::default();
        for r in rows.iter().take(limit as usize) {
            page.next = Some(r.get(8));
            page.documents.push(Self::summary(r));
        }
        if !more {
            page.next = None;
        }
        Ok(page)
    }

    pub(super) fn read_facets(&self) -> Result<Facets> {
        let column = |sql: &str| -> Result<Vec<String>> { Ok(self.query(sql, &[])?.iter().map(|r| r.get(0)).collect()) };
        Ok(Facets {
            kinds: column("SELECT DISTINCT kind FROM claims ORDER BY 1")?,
            measures: column("SELECT DISTINCT measure FROM claims WHERE measure IS NOT NULL ORDER BY 1")?,
            outlets: column("SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL ORDER BY 1")?,
        })
    }

    pub(super) fn read_place_counts(&self) -> Result<Vec<PlaceCount>> {
        Ok(self
            .query(
                "SELECT MIN(place_id), MIN(name), COUNT(DISTINCT claim) FROM claim_places
                 GROUP BY COALESCE(place_id, lower(name)) ORDER BY 3 DESC, COALESCE(place_id, lower(name))",
                &[],
            )?
            .iter()
            .map(|r| PlaceCount { place_id: r.get(0), name: r.get(1), claims: r.get::<_, i64>(2) as u64 })
            .collect())
    }
}

/// A filter answered by an index ordered by (term, seq).
enum Ranged {
    /// A tsquery over the claim's paragraph.
    Words(String),
    /// The place-id key and the name key.
    Place(String, String),
    Speakers(Vec<String>),
}

/// Most index entries counted to tell which filter of a query is sparsest.
const PROBE: usize = 4000;

/// Most speakers an actor filter reads in key order side by side (one index
/// range each). A part of a name more speakers share is common enough that
/// reading claims in key order and checking each finds a page soon.
const MAX_SPEAKER_ARMS: usize = 24;

/// One index range read in key order: `key` is the claim's `seq` in `from`.
struct Driver {
    from: String,
    key: String,
    condition: String,
}

/// A claims key query under construction; see `PostgresStore::claim_plan`.
#[derive(Default)]
struct ClaimPlan {
    conditions: Vec<String>,
    values: Vec<Box<dyn ToSql + Sync>>,
    drivers: Option<Vec<Driver>>,
    after: Option<usize>,
}

impl ClaimPlan {
    fn bind(&mut self, value: Box<dyn ToSql + Sync>) -> usize {
        self.values.push(value);
        self.values.len()
    }

    /// Adds a condition whose every `?` is the one value.
    fn check(&mut self, sql: &str, value: Box<dyn ToSql + Sync>) {
        let at = self.bind(value);
        self.conditions.push(sql.replace('?', &format!("${at}")));
    }

    /// The statement returning up to `limit + 1` keys in page order. Each
    /// range is its own subquery with ORDER BY and LIMIT, which the planner
    /// answers by walking the (term, seq) index and stopping; the union of
    /// at most `ranges x (limit + 1)` keys is then sorted, a bounded cost.
    fn key_query(&mut self, newest_first: bool, limit: u64) -> String {
        let (op, order) = if newest_first { ("<", "DESC") } else { (">", "ASC") };
        let limit_at = self.bind(Box::new(limit as i64 + 1));
        let join = if self.conditions.iter().any(|c| c.contains("d.")) { "JOIN documents d ON d.id = c.doc" } else { "" };
        match &self.drivers {
            None => {
                let mut conditions = self.conditions.clone();
                if let Some(at) = self.after {
                    conditions.push(format!("c.seq {op} ${at}"));
                }
                let filter = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
                format!("SELECT c.seq FROM claims c {join} {filter} ORDER BY c.seq {order} LIMIT ${limit_at}")
            }
            Some(drivers) => {
                let arms: Vec<String> = drivers
                    .iter()
                    .map(|driver| {
                        let mut all = vec![driver.condition.clone()];
                        if let Some(at) = self.after {
                            all.push(format!("{} {op} ${at}", driver.key));
                            // Stated on the claims side too: the planner does
                            // not carry a range across the join, and a merge
                            // join would otherwise read claims from the start.
                            if !self.conditions.is_empty() {
                                all.push(format!("c.seq {op} ${at}"));
                            }
                        }
                        all.extend(self.conditions.iter().cloned());
                        // Every key in these tables is a claim's: join claims
                        // only to check conditions on them.
                        let claims = if self.conditions.is_empty() {
                            String::new()
                        } else {
                            format!("JOIN claims c ON c.seq = {} {join}", driver.key)
                        };
                        format!(
                            "(SELECT {key} AS k FROM {from} {claims} WHERE {} ORDER BY {key} {order} LIMIT ${limit_at})",
                            all.join(" AND "),
                            key = driver.key,
                            from = driver.from,
                        )
                    })
                    .collect();
                if arms.len() == 1 {
                    arms.into_iter().next().expect("one arm")
                } else {
                    format!("SELECT k FROM ({}) u ORDER BY k {order} LIMIT ${limit_at}", arms.join(" UNION "))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn typed_text_becomes_a_query_that_cannot_be_a_syntax_error() {
        assert_eq!(super::ts_query("more than 2,000 hectares").as_deref(), Some("'more' & 'than' & '2' & '000' & 'hectares':*"));
        assert_eq!(super::ts_query("'AND' | !NEAR(").as_deref(), Some("'AND' & 'NEAR':*"));
        assert_eq!(super::ts_query(" ;-* "), None);
    }
}

/// Which records a page of events or control records reads.
struct RecordTable {
    table: &'static str,
    columns: &'static str,
    /// The condition a `kind` filter adds, its `?` the kind.
    kind: &'static str,
}

const EVENTS: RecordTable = RecordTable {
    table: "events",
    columns: r#"r.id, r.doc, r.start, r."end", r.sentence_start, r.sentence_end, r.sub_event_type, r.trigger_text, r.detail"#,
    kind: "(lower(r.event_type) = lower(?::text) OR lower(r.sub_event_type) = lower(?::text))",
};

const CONTROL: RecordTable = RecordTable {
    table: "control_records",
    columns: r#"r.id, r.doc, r.start, r."end", r.kind, r.wording, r.detail"#,
    kind: "lower(r.kind) = lower(?::text)",
};

impl PostgresStore {
    /// One keyset page of `table`'s rows in ledger order (as the SQLite
    /// backend's `record_page`): documents by order_key, each one's rows by
    /// (start, id), resuming after the cursor's row.
    fn record_page<T>(
        &self,
        table: &RecordTable,
        q: &crate::RecordQuery,
        read: impl Fn(&Row) -> Result<T>,
    ) -> Result<crate::RecordPage<T>> {
        let limit = q.limit.clamp(1, MAX_PAGE);
        let mut conditions: Vec<String> = Vec::new();
        let mut values: Vec<Box<dyn ToSql + Sync>> = Vec::new();
        let mut bind = |conditions: &mut Vec<String>, sql: &str, value: Box<dyn ToSql + Sync>| {
            values.push(value);
            conditions.push(sql.replace('?', &format!("${}", values.len())));
        };
        if let Some(doc) = &q.doc {
            bind(&mut conditions, "d.id = ?", Box::new(doc.clone()));
        }
        if let Some(kind) = &q.kind {
            bind(&mut conditions, table.kind, Box::new(kind.clone()));
        }
        if let Some(cursor) = &q.after {
            let (order_key, start, id) =
                crate::parse_record_cursor(cursor).ok_or_else(|| StoreError::BadCursor(cursor.clone()))?;
            bind(&mut conditions, "d.order_key >= ?", Box::new(order_key));
            let k = values.len();
            values.push(Box::new(start));
            values.push(Box::new(id));
            conditions.push(format!("(d.order_key > ${k} OR (r.start, r.id) > (${}, ${}))", k + 1, k + 2));
        }
        values.push(Box::new(limit as i64 + 1));
        let filter = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
        let sql = format!(
            "SELECT {columns}, d.order_key FROM documents d JOIN {table} r ON r.doc = d.id {filter}
             ORDER BY d.order_key, r.start, r.id LIMIT ${limit_at}",
            columns = table.columns,
            table = table.table,
            limit_at = values.len(),
        );
        let params: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v.as_ref()).collect();
        let rows = self.query(&sql, &params)?;
        let more = rows.len() as u64 > limit;
        let mut page = crate::RecordPage::default();
        for r in rows.iter().take(limit as usize) {
            page.items.push(read(r)?);
            let order_key: String = r.get(r.len() - 1);
            page.next = Some(crate::record_cursor(&order_key, r.get(2), r.get::<_, &str>(0)));
        }
        if !more {
            page.next = None;
        }
        Ok(page)
    }

    pub(super) fn read_event_page(&self, q: &crate::RecordQuery) -> Result<crate::RecordPage<contested_core::Event>> {
        self.record_page(&EVENTS, q, super::findings::event_from_row)
    }

    pub(super) fn read_control_page(&self, q: &crate::RecordQuery) -> Result<crate::RecordPage<contested_core::ControlRecord>> {
        self.record_page(&CONTROL, q, super::findings::control_from_row)
    }
}
