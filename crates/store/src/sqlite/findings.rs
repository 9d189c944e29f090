//! Findings of reconcile: written per recomputed scope, read ranked.

use super::SqliteStore;
use crate::{FindingFilter, FindingsUpdate, Result, StoreError};
use contested_core::{Evidence, Finding, FindingKind, SourceFigure, Span, Stance, Unit};
use rusqlite::{params, Connection};

pub(super) fn pending(conn: &Connection) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached("SELECT doc FROM pending_reconcile ORDER BY doc")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

pub(super) fn docs_in_scopes(conn: &Connection, scopes: &[String]) -> Result<Vec<String>> {
    let mut docs = std::collections::BTreeSet::new();
    let mut stmt = conn.prepare_cached("SELECT DISTINCT doc FROM claim_scopes WHERE scope = ?1")?;
    for scope in scopes {
        for doc in stmt.query_map([scope], |r| r.get::<_, String>(0))? {
            docs.insert(doc?);
        }
    }
    Ok(docs.into_iter().collect())
}

// One document's rows are read with `doc = ?1` spelled out: the shorter
// `?1 IS NULL OR doc = ?1` hides the doc index from the planner, and every
// document's events then read the whole table (an export of 20,000
// documents took eleven minutes).
pub(super) fn events_sql(one_doc: bool) -> String {
    format!(
        "SELECT e.id, e.doc, e.start, e.end, e.sentence_start, e.sentence_end, e.sub_event_type, e.trigger_text, e.detail
         FROM events e JOIN documents d ON d.id = e.doc WHERE {}
         ORDER BY d.order_key, e.start, e.id",
        if one_doc { "e.doc = ?1" } else { "?1 IS NULL" }
    )
}

pub(super) fn control_sql(one_doc: bool) -> String {
    format!(
        "SELECT c.id, c.doc, c.start, c.end, c.kind, c.wording, c.detail
         FROM control_records c JOIN documents d ON d.id = c.doc WHERE {}
         ORDER BY d.order_key, c.start, c.id",
        if one_doc { "c.doc = ?1" } else { "?1 IS NULL" }
    )
}

/// One document's findings are found from its evidence rows (indexed by
/// doc); a join filtered with `?2 IS NULL OR e.doc = ?2` walked every
/// finding in rank order instead, on each document's page.
/// One kind's page walks the (kind, significance, id) index from its cursor.
pub(super) fn findings_sql(one_doc: bool, one_kind: bool, after: bool) -> String {
    format!(
        "SELECT f.id, f.kind, f.scope, f.significance, f.summary, f.explanation FROM findings f
         WHERE {} AND {} AND {}
         ORDER BY f.significance DESC, f.id LIMIT ?3",
        if one_kind { "f.kind = ?1" } else { "?1 IS NULL" },
        if one_doc { "f.id IN (SELECT finding FROM finding_evidence WHERE doc = ?2)" } else { "?2 IS NULL" },
        if after { "(f.significance < ?4 OR (f.significance = ?4 AND f.id > ?5))" } else { "?4 IS NULL AND ?5 IS NULL" }
    )
}

impl SqliteStore {
    // Ordered to the last column, id, as on PostgreSQL (see there): ties
    // would otherwise come in rowid order here and heap order there.
    pub(super) fn read_events(&self, doc: Option<&str>) -> Result<Vec<contested_core::Event>> {
        let rows = self
            .conn
            .prepare_cached(&events_sql(doc.is_some()))?
            .query_map([doc], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    Span::new(r.get::<_, i64>(2)? as usize, r.get::<_, i64>(3)? as usize),
                    Span::new(r.get::<_, i64>(4)? as usize, r.get::<_, i64>(5)? as usize),
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, doc, span, sentence, sub, trigger, detail)| {
                crate::events::event_from(id, doc, span, sentence, &sub, trigger, &detail)
            })
            .collect()
    }

    pub(super) fn read_control(&self, doc: Option<&str>) -> Result<Vec<contested_core::ControlRecord>> {
        let rows = self
            .conn
            .prepare_cached(&control_sql(doc.is_some()))?
            .query_map([doc], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    Span::new(r.get::<_, i64>(2)? as usize, r.get::<_, i64>(3)? as usize),
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, doc, span, kind, wording, detail)| crate::events::control_from(id, doc, span, &kind, wording, &detail))
            .collect()
    }

    pub(super) fn write_user_places(&mut self, places: &[(String, String)]) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let mut added = 0;
        {
            let mut known = tx.prepare_cached("SELECT 1 FROM user_places WHERE id = ?1")?;
            let mut upsert = tx.prepare_cached("INSERT OR REPLACE INTO user_places (id, record) VALUES (?1, ?2)")?;
            for (id, record) in places {
                if !known.exists([id])? {
                    added += 1;
                }
                upsert.execute(params![id, record])?;
            }
        }
        tx.commit()?;
        Ok(added)
    }

    pub(super) fn read_user_places(&self) -> Result<Vec<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT record FROM user_places ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    pub(super) fn write_findings(&mut self, update: &FindingsUpdate) -> Result<()> {
        // A savepoint, not a transaction: under `lock_ledger` the connection
        // is already inside one, and a savepoint nests (outside, it is one).
        let tx = self.conn.savepoint()?;
        {
            // Findings a scope keeps word for word stay as they are; the rest
            // of the scope's findings go (their parts by cascade).
            let digests: std::collections::HashMap<&str, String> =
                update.findings.iter().map(|f| (f.id.as_str(), crate::finding_digest(f))).collect();
            let mut unchanged = std::collections::HashSet::new();
            let mut stored = tx.prepare_cached("SELECT id, digest FROM findings WHERE scope = ?1")?;
            let mut delete = tx.prepare_cached("DELETE FROM findings WHERE id = ?1")?;
            for scope in &update.scopes {
                let rows = stored
                    .query_map([scope], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                for (id, digest) in rows {
                    if digest.is_some() && digests.get(id.as_str()) == digest.as_ref() {
                        unchanged.insert(id);
                    } else {
                        delete.execute([&id])?;
                    }
                }
            }
            // claim_scopes is keyed (scope, claim); by claim alone the delete
            // scans the table. A claim lives in one document, so its doc
            // narrows it through claim_scopes_doc to the same rows.
            let mut forget = tx.prepare_cached("DELETE FROM claim_scopes WHERE doc = ?2 AND claim = ?1")?;
            let mut remember =
                tx.prepare_cached("INSERT OR IGNORE INTO claim_scopes (scope, claim, doc) VALUES (?1, ?2, ?3)")?;
            let mut forgotten = std::collections::HashSet::new();
            for (claim, doc, scope) in &update.claim_scopes {
                if forgotten.insert(claim.as_str()) {
                    forget.execute(params![claim, doc])?;
                }
                remember.execute(params![scope, claim, doc])?;
            }
            let mut insert = tx.prepare_cached(
                "INSERT OR REPLACE INTO findings (id, kind, scope, significance, summary, explanation, digest)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut figure =
                tx.prepare_cached("INSERT INTO finding_figures (finding, idx, name, value) VALUES (?1, ?2, ?3, ?4)")?;
            let mut source = tx.prepare_cached(
                "INSERT INTO finding_sources (finding, idx, source, low, high, unit, stance, claims, independent_reports)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            let mut evidence = tx.prepare_cached(
                "INSERT INTO finding_evidence (finding, idx, claim, doc, start, end, sentence_start, sentence_end, role, source)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            for f in &update.findings {
                if unchanged.contains(&f.id) {
                    continue;
                }
                // REPLACE deletes the old row, and with it (cascade) its parts.
                insert.execute(params![
                    f.id,
                    f.kind.as_str(),
                    f.scope,
                    f.significance,
                    f.summary,
                    f.explanation,
                    digests[f.id.as_str()]
                ])?;
                for (i, (name, value)) in f.figures.iter().enumerate() {
                    figure.execute(params![f.id, i as i64, name, value])?;
                }
                for (i, s) in f.sources.iter().enumerate() {
                    source.execute(params![
                        f.id,
                        i as i64,
                        s.source,
                        s.low,
                        s.high,
                        s.unit.as_str(),
                        s.stance.as_str(),
                        s.claims.join(" "),
                        s.independent_reports as i64
                    ])?;
                }
                for (i, e) in f.evidence.iter().enumerate() {
                    evidence.execute(params![
                        f.id,
                        i as i64,
                        e.claim,
                        e.doc,
                        e.span.start as i64,
                        e.span.end as i64,
                        e.sentence_span.start as i64,
                        e.sentence_span.end as i64,
                        e.role,
                        e.source
                    ])?;
                }
            }
            let mut done = tx.prepare_cached("DELETE FROM pending_reconcile WHERE doc = ?1")?;
            for doc in &update.reconciled_docs {
                done.execute([doc])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    pub(super) fn read_findings(&self, filter: &FindingFilter) -> Result<Vec<Finding>> {
        let rows = self
            .conn
            .prepare_cached(&findings_sql(filter.doc.is_some(), filter.kind.is_some(), filter.after.is_some()))?
            .query_map(
                params![
                    filter.kind,
                    filter.doc,
                    filter.limit.map(|l| l as i64).unwrap_or(-1),
                    filter.after.as_ref().map(|(significance, _)| *significance),
                    filter.after.as_ref().map(|(_, id)| id.as_str())
                ],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, f64>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                    ))
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, kind, scope, significance, summary, explanation)| {
                let kind = FindingKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("finding kind {kind}")))?;
                let figures = self
                    .conn
                    .prepare_cached("SELECT name, value FROM finding_figures WHERE finding = ?1 ORDER BY idx")?
                    .query_map([&id], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                let sources = self
                    .conn
                    .prepare_cached(
                        "SELECT source, low, high, unit, stance, claims, independent_reports FROM finding_sources
                         WHERE finding = ?1 ORDER BY idx",
                    )?
                    .query_map([&id], |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, Option<f64>>(1)?,
                            r.get::<_, Option<f64>>(2)?,
                            r.get::<_, String>(3)?,
                            r.get::<_, String>(4)?,
                            r.get::<_, String>(5)?,
                            r.get::<_, i64>(6)?,
                        ))
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?
                    .into_iter()
                    .map(|(source, low, high, unit, stance, claims, independent)| {
                        Ok(SourceFigure {
                            source,
                            low,
                            high,
                            unit: Unit::parse(&unit),
                            stance: Stance::parse(&stance)
                                .ok_or_else(|| StoreError::Corrupt(format!("stance {stance}")))?,
                            claims: claims.split_whitespace().map(str::to_string).collect(),
                            independent_reports: independent as usize,
                        })
                    })
                    .collect::<Result<_>>()?;
                let evidence = self
                    .conn
                    .prepare_cached(
                        "SELECT claim, doc, start, end, sentence_start, sentence_end, role, source FROM finding_evidence
                         WHERE finding = ?1 ORDER BY idx",
                    )?
                    .query_map([&id], |r| {
                        Ok(Evidence {
                            claim: r.get(0)?,
                            doc: r.get(1)?,
                            span: Span::new(r.get::<_, i64>(2)? as usize, r.get::<_, i64>(3)? as usize),
                            sentence_span: Span::new(r.get::<_, i64>(4)? as usize, r.get::<_, i64>(5)? as usize),
                            role: r.get(6)?,
                            source: r.get(7)?,
                        })
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                Ok(Finding { id, kind, scope, significance, summary, explanation, figures, sources, evidence })
            })
            .collect()
    }
}
