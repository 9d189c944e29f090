//! Findings, events, control records and user places on PostgreSQL.

use super::{PostgresStore, LEDGER_LOCK};
use crate::{FindingFilter, FindingsUpdate, Result, StoreError};
use contested_core::{Evidence, Finding, FindingKind, SourceFigure, Span, Stance, Unit};
use std::collections::HashMap;

impl PostgresStore {
    pub(super) fn read_pending(&self) -> Result<Vec<String>> {
        Ok(self.query("SELECT doc FROM pending_reconcile ORDER BY doc", &[])?.iter().map(|r| r.get(0)).collect())
    }

    pub(super) fn read_docs_in_scopes(&self, scopes: &[String]) -> Result<Vec<String>> {
        Ok(self
            .query("SELECT DISTINCT doc FROM claim_scopes WHERE scope = ANY($1) ORDER BY doc", &[&scopes])?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    // Events and control records are ordered to the last column, id: one
    // sentence gives several records at the same span (one per place), and
    // ties come back in the heap's order, which depends on where rolled-back
    // batches (a killed worker's) left free space. The same ledger exported
    // its records in a different order after workers were killed.
    pub(super) fn read_events(&self, doc: Option<&str>) -> Result<Vec<contested_core::Event>> {
        self.query(
            r#"SELECT e.id, e.doc, e.start, e."end", e.sentence_start, e.sentence_end, e.sub_event_type, e.trigger_text, e.detail
               FROM events e JOIN documents d ON d.id = e.doc WHERE ($1::text IS NULL OR e.doc = $1)
               ORDER BY d.order_key, e.start, e.id"#,
            &[&doc],
        )?
        .iter()
        .map(event_from_row)
        .collect()
    }

    pub(super) fn read_control(&self, doc: Option<&str>) -> Result<Vec<contested_core::ControlRecord>> {
        self.query(
            r#"SELECT c.id, c.doc, c.start, c."end", c.kind, c.wording, c.detail
               FROM control_records c JOIN documents d ON d.id = c.doc WHERE ($1::text IS NULL OR c.doc = $1)
               ORDER BY d.order_key, c.start, c.id"#,
            &[&doc],
        )?
        .iter()
        .map(control_from_row)
        .collect()
    }

    pub(super) fn write_user_places(&mut self, places: &[(String, String)]) -> Result<usize> {
        let mut tx = self.client.get_mut().transaction()?;
        let mut added = 0;
        for (id, record) in places {
            // xmax = 0 on the returned row: it was inserted, not updated.
            let inserted: bool = tx
                .query_one(
                    "INSERT INTO user_places (id, record) VALUES ($1, $2)
                     ON CONFLICT (id) DO UPDATE SET record = EXCLUDED.record RETURNING (xmax = 0)",
                    &[id, record],
                )?
                .get(0);
            added += inserted as usize;
        }
        super::bump_version(&mut tx)?;
        tx.commit()?;
        Ok(added)
    }

    pub(super) fn read_user_places(&self) -> Result<Vec<String>> {
        Ok(self.query("SELECT record FROM user_places ORDER BY id", &[])?.iter().map(|r| r.get(0)).collect())
    }

    pub(super) fn write_findings(&mut self, update: &FindingsUpdate) -> Result<()> {
        let mut tx = self.client.get_mut().transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LEDGER_LOCK])?;
        // Findings a scope keeps word for word stay as they are (the last
        // of an id in the update is the one that counts, as below).
        let digests: std::collections::HashMap<&str, String> =
            update.findings.iter().map(|f| (f.id.as_str(), crate::finding_digest(f))).collect();
        let (ids, digest_values): (Vec<&str>, Vec<&str>) = digests.iter().map(|(id, d)| (*id, d.as_str())).unzip();
        let unchanged: std::collections::HashSet<String> = tx
            .query(
                "SELECT f.id FROM findings f JOIN unnest($2::text[], $3::text[]) AS n(id, digest)
                   ON n.id = f.id AND n.digest = f.digest
                 WHERE f.scope = ANY($1)",
                &[&update.scopes, &ids, &digest_values],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let kept: Vec<&str> = unchanged.iter().map(String::as_str).collect();
        tx.execute("DELETE FROM findings WHERE scope = ANY($1) AND NOT (id = ANY($2))", &[&update.scopes, &kept])?;
        let mut claims: Vec<&str> = update.claim_scopes.iter().map(|(claim, _, _)| claim.as_str()).collect();
        claims.sort_unstable();
        claims.dedup();
        tx.execute("DELETE FROM claim_scopes WHERE claim = ANY($1)", &[&claims])?;
        let (mut scope, mut claim, mut doc) = (Vec::new(), Vec::new(), Vec::new());
        for (c, d, s) in &update.claim_scopes {
            scope.push(s.as_str());
            claim.push(c.as_str());
            doc.push(d.as_str());
        }
        tx.execute(
            "INSERT INTO claim_scopes (scope, claim, doc) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
             ON CONFLICT DO NOTHING",
            &[&scope, &claim, &doc],
        )?;
        // A finding replaced keeps its id; its old parts go with the old row (cascade).
        let ids: Vec<&str> =
            update.findings.iter().map(|f| f.id.as_str()).filter(|id| !unchanged.contains(*id)).collect();
        tx.execute("DELETE FROM findings WHERE id = ANY($1)", &[&ids])?;
        let mut findings = Vec::new();
        let mut figures = Vec::new();
        let mut sources = Vec::new();
        let mut evidence = Vec::new();
        // The same id twice in one update: the last wins wholly, parts and
        // all, as with SQLite's REPLACE (and one statement may not touch a
        // row twice).
        let mut seen = std::collections::HashSet::new();
        let last: Vec<&contested_core::Finding> =
            update.findings.iter().rev().filter(|f| seen.insert(f.id.as_str())).collect();
        for f in last.into_iter().rev().filter(|f| !unchanged.contains(&f.id)) {
            findings.push(serde_json::json!([
                f.id,
                f.kind.as_str(),
                f.scope,
                f.significance,
                f.summary,
                f.explanation,
                digests[f.id.as_str()]
            ]));
            for (i, (name, value)) in f.figures.iter().enumerate() {
                figures.push(serde_json::json!([f.id, i, name, value]));
            }
            for (i, s) in f.sources.iter().enumerate() {
                sources.push(serde_json::json!([
                    f.id,
                    i,
                    s.source,
                    s.low,
                    s.high,
                    s.unit.as_str(),
                    s.stance.as_str(),
                    s.claims.join(" "),
                    s.independent_reports
                ]));
            }
            for (i, e) in f.evidence.iter().enumerate() {
                evidence.push(serde_json::json!([
                    f.id,
                    i,
                    e.claim,
                    e.doc,
                    e.span.start,
                    e.span.end,
                    e.sentence_span.start,
                    e.sentence_span.end,
                    e.role,
                    e.source
                ]));
            }
        }
        tx.execute(
            "INSERT INTO findings (id, kind, scope, significance, summary, explanation, digest)
             SELECT r->>0, r->>1, r->>2, (r->>3)::float8, r->>4, r->>5, r->>6
             FROM jsonb_array_elements($1::text::jsonb) AS r",
            &[&serde_json::Value::Array(findings).to_string()],
        )
        ?;
        tx.execute(
            "INSERT INTO finding_figures (finding, idx, name, value)
             SELECT r->>0, (r->>1)::bigint, r->>2, (r->>3)::float8 FROM jsonb_array_elements($1::text::jsonb) AS r
             ON CONFLICT DO NOTHING",
            &[&serde_json::Value::Array(figures).to_string()],
        )?;
        tx.execute(
            "INSERT INTO finding_sources (finding, idx, source, low, high, unit, stance, claims, independent_reports)
             SELECT r->>0, (r->>1)::bigint, r->>2, (r->>3)::float8, (r->>4)::float8, r->>5, r->>6, r->>7, (r->>8)::bigint
             FROM jsonb_array_elements($1::text::jsonb) AS r ON CONFLICT DO NOTHING",
            &[&serde_json::Value::Array(sources).to_string()],
        )?;
        tx.execute(
            r#"INSERT INTO finding_evidence (finding, idx, claim, doc, start, "end", sentence_start, sentence_end, role, source)
               SELECT r->>0, (r->>1)::bigint, r->>2, r->>3, (r->>4)::bigint, (r->>5)::bigint, (r->>6)::bigint,
                      (r->>7)::bigint, r->>8, r->>9
               FROM jsonb_array_elements($1::text::jsonb) AS r ON CONFLICT DO NOTHING"#,
            &[&serde_json::Value::Array(evidence).to_string()],
        )?;
        tx.execute("DELETE FROM pending_reconcile WHERE doc = ANY($1)", &[&update.reconciled_docs])?;
        super::bump_version(&mut tx)?;
        tx.commit()?;
        Ok(())
    }

    pub(super) fn read_findings(&self, filter: &FindingFilter) -> Result<Vec<Finding>> {
        let limit = filter.limit.map(|l| l.min(i64::MAX as u64) as i64);
        let rows = self.query(
            "SELECT f.id, f.kind, f.scope, f.significance, f.summary, f.explanation FROM findings f
             WHERE ($1::text IS NULL OR f.kind = $1)
               AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM finding_evidence e WHERE e.finding = f.id AND e.doc = $2))
               AND ($4::float8 IS NULL OR f.significance < $4 OR (f.significance = $4 AND f.id > $5))
             ORDER BY f.significance DESC, f.id LIMIT $3",
            &[
                &filter.kind,
                &filter.doc,
                &limit,
                &filter.after.as_ref().map(|(significance, _)| *significance),
                &filter.after.as_ref().map(|(_, id)| id.as_str()),
            ],
        )?;
        let ids: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
        let mut figures: HashMap<String, Vec<(String, f64)>> = HashMap::new();
        for r in self.query("SELECT finding, name, value FROM finding_figures WHERE finding = ANY($1) ORDER BY finding, idx", &[&ids])? {
            figures.entry(r.get(0)).or_default().push((r.get(1), r.get(2)));
        }
        let mut sources: HashMap<String, Vec<SourceFigure>> = HashMap::new();
        for r in self.query(
            "SELECT finding, source, low, high, unit, stance, claims, independent_reports FROM finding_sources
             WHERE finding = ANY($1) ORDER BY finding, idx",
            &[&ids],
        )? {
            let stance: String = r.get(5);
            let claims: String = r.get(6);
            sources.entry(r.get(0)).or_default().push(SourceFigure {
                source: r.get(1),
                low: r.get(2),
                high: r.get(3),
                unit: Unit::parse(r.get(4)),
                stance: Stance::parse(&stance).ok_or_else(|| StoreError::Corrupt(format!("stance {stance}")))?,
                claims: claims.split_whitespace().map(str::to_string).collect(),
                independent_reports: r.get::<_, i64>(7) as usize,
            });
        }
        let mut evidence: HashMap<String, Vec<Evidence>> = HashMap::new();
        for r in self.query(
            r#"SELECT finding, claim, doc, start, "end", sentence_start, sentence_end, role, source FROM finding_evidence
               WHERE finding = ANY($1) ORDER BY finding, idx"#,
            &[&ids],
        )? {
            evidence.entry(r.get(0)).or_default().push(Evidence {
                claim: r.get(1),
                doc: r.get(2),
                span: Span::new(r.get::<_, i64>(3) as usize, r.get::<_, i64>(4) as usize),
                sentence_span: Span::new(r.get::<_, i64>(5) as usize, r.get::<_, i64>(6) as usize),
                role: r.get(7),
                source: r.get(8),
            });
        }
        rows.iter()
            .map(|r| {
                let id: String = r.get(0);
                let kind: String = r.get(1);
                let kind = FindingKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("finding kind {kind}")))?;
                Ok(Finding {
                    figures: figures.remove(&id).unwrap_or_default(),
                    sources: sources.remove(&id).unwrap_or_default(),
                    evidence: evidence.remove(&id).unwrap_or_default(),
                    id,
                    kind,
                    scope: r.get(2),
                    significance: r.get(3),
                    summary: r.get(4),
                    explanation: r.get(5),
                })
            })
            .collect()
    }
}

/// An event from a row of (id, doc, start, end, sentence_start,
/// sentence_end, sub_event_type, trigger_text, detail): the columns every
/// events read selects first.
pub(super) fn event_from_row(r: &::postgres::Row) -> Result<contested_core::Event> {
    crate::events::event_from(
        r.get(0),
        r.get(1),
        Span::new(r.get::<_, i64>(2) as usize, r.get::<_, i64>(3) as usize),
        Span::new(r.get::<_, i64>(4) as usize, r.get::<_, i64>(5) as usize),
        r.get(6),
        r.get(7),
        r.get(8),
    )
}

/// A control record from a row of (id, doc, start, end, kind, wording, detail).
pub(super) fn control_from_row(r: &::postgres::Row) -> Result<contested_core::ControlRecord> {
    crate::events::control_from(
        r.get(0),
        r.get(1),
        Span::new(r.get::<_, i64>(2) as usize, r.get::<_, i64>(3) as usize),
        r.get(4),
        r.get(5),
        r.get(6),
    )
}
