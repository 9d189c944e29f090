//! The work queue on PostgreSQL, and the `Store` impl that ties the
//! backend together.

use super::read::put_batch;
use super::{PostgresStore, LEDGER_LOCK};
use crate::{
    AnalyzedDocument, BatchOutcome, ClaimFilter, ClaimPage, ClaimQuery, DocumentPage, DocumentSummary, Facets,
    FindingFilter, FindingsUpdate, PlaceCount, Result, SearchPage, SearchQuery, Stats, Store, StoredClaim,
};
use contested_core::{Document, Finding, Paragraph};
use std::time::Duration;

impl PostgresStore {
    fn write_enqueue(&mut self, docs: &[Document]) -> Result<usize> {
        let mut id = Vec::new();
        let mut outlet = Vec::new();
        let mut url = Vec::new();
        let mut title = Vec::new();
        let mut published = Vec::new();
        let mut origin = Vec::new();
        let mut text = Vec::new();
        for doc in docs {
            id.push(doc.id.as_str());
            outlet.push(doc.outlet.as_deref());
            url.push(doc.url.as_deref());
            title.push(doc.title.as_deref());
            published.push(doc.published.map(|t| t.to_string()));
            origin.push(doc.origin.as_str());
            text.push(doc.text.as_str());
        }
        let queued = self.client.get_mut().execute(
            "INSERT INTO work_queue (id, outlet, url, title, published, origin, text)
             SELECT u.id, u.outlet, u.url, u.title, u.published, u.origin, u.text FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
                 WITH ORDINALITY AS u(id, outlet, url, title, published, origin, text, n)
             WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = u.id)
             ORDER BY n
             ON CONFLICT (id) DO NOTHING",
            &[&id, &outlet, &url, &title, &published, &origin, &text],
        )?;
        Ok(queued as usize)
    }

    fn write_claim_work(&mut self, worker: &str, max: usize) -> Result<Vec<Document>> {
        let lease = self.lease.as_secs_f64();
        // SKIP LOCKED: workers claiming at the same moment take different
        // rows instead of queueing behind each other's row locks.
        let rows = self.client.get_mut().query(
            "UPDATE work_queue q SET claimed_by = $1, lease_until = now() + make_interval(secs => $3)
             FROM (SELECT id FROM work_queue WHERE lease_until IS NULL OR lease_until < now()
                   ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED) pick
             WHERE q.id = pick.id
             RETURNING q.seq, q.id, q.outlet, q.url, q.title, q.published, q.origin, q.text",
            &[&worker, &(max.min(i64::MAX as usize) as i64), &lease],
        )?;
        let mut claimed: Vec<(i64, Document)> = rows
            .iter()
            .map(|r| {
                let published = r
                    .get::<_, Option<&str>>(5)
                    .map(|p| p.parse().map_err(|e| crate::StoreError::Corrupt(format!("timestamp {p}: {e}"))))
                    .transpose()?;
                Ok((
                    r.get(0),
                    Document {
                        id: r.get(1),
                        outlet: r.get(2),
                        url: r.get(3),
                        title: r.get(4),
                        published,
                        origin: r.get(6),
                        text: r.get(7),
                    },
                ))
            })
            .collect::<Result<_>>()?;
        claimed.sort_by_key(|(seq, _)| *seq);
        Ok(claimed.into_iter().map(|(_, doc)| doc).collect())
    }
}

impl Store for PostgresStore {
    fn put_batch(&mut self, batch: &[AnalyzedDocument]) -> Result<BatchOutcome> {
        put_batch(self, batch, false)
    }
    fn contains(&self, id: &str) -> Result<bool> {
        self.read_contains(id)
    }
    fn resolve_id(&self, prefix: &str) -> Result<String> {
        self.read_resolve_id(prefix)
    }
    fn document(&self, id: &str) -> Result<Document> {
        self.read_document(id)
    }
    fn paragraphs(&self, doc: &str) -> Result<Vec<Paragraph>> {
        self.read_paragraphs(doc)
    }
    fn documents(&self) -> Result<Vec<DocumentSummary>> {
        self.read_documents()
    }
    fn claims(&self, filter: &ClaimFilter) -> Result<Vec<StoredClaim>> {
        self.read_claims(filter)
    }
    fn stats(&self) -> Result<Stats> {
        self.read_stats()
    }
    fn pending_reconcile(&self) -> Result<Vec<String>> {
        self.read_pending()
    }
    fn docs_in_scopes(&self, scopes: &[String]) -> Result<Vec<String>> {
        self.read_docs_in_scopes(scopes)
    }
    fn replace_findings(&mut self, update: &FindingsUpdate) -> Result<()> {
        self.write_findings(update)
    }
    fn findings(&self, filter: &FindingFilter) -> Result<Vec<Finding>> {
        self.read_findings(filter)
    }
    fn finding_counts(&self) -> Result<Vec<(String, u64)>> {
        let rows = self.query("SELECT kind, COUNT(*) FROM findings GROUP BY kind ORDER BY kind", &[])?;
        Ok(rows.iter().map(|r| (r.get::<_, String>(0), r.get::<_, i64>(1) as u64)).collect())
    }
    fn add_user_places(&mut self, places: &[(String, String)]) -> Result<usize> {
        self.write_user_places(places)
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
    fn claim_page(&self, query: &ClaimQuery) -> Result<ClaimPage> {
        self.read_claim_page(query)
    }
    fn claim_keys(&self, query: &ClaimQuery) -> Result<(Vec<i64>, Option<i64>)> {
        self.read_claim_keys(query)
    }
    fn event_page(&self, query: &crate::RecordQuery) -> Result<crate::RecordPage<contested_core::Event>> {
        self.read_event_page(query)
    }
    fn control_page(&self, query: &crate::RecordQuery) -> Result<crate::RecordPage<contested_core::ControlRecord>> {
        self.read_control_page(query)
    }
    fn search(&self, query: &SearchQuery) -> Result<SearchPage> {
        self.read_search(query)
    }
    fn document_page(&self, after: Option<&str>, limit: u64, newest_first: bool) -> Result<DocumentPage> {
        self.read_document_page(after, limit, newest_first)
    }
    fn facets(&self) -> Result<Facets> {
        self.read_facets()
    }
    fn place_counts(&self) -> Result<Vec<PlaceCount>> {
        self.read_place_counts()
    }

    fn enqueue(&mut self, docs: &[Document]) -> Result<usize> {
        self.write_enqueue(docs)
    }
    fn claim_work(&mut self, worker: &str, max: usize) -> Result<Vec<Document>> {
        self.write_claim_work(worker, max)
    }
    fn put_batch_completing(&mut self, batch: &[AnalyzedDocument]) -> Result<BatchOutcome> {
        put_batch(self, batch, true)
    }
    fn complete_work(&mut self, ids: &[String]) -> Result<usize> {
        Ok(self.client.get_mut().execute("DELETE FROM work_queue WHERE id = ANY($1)", &[&ids])? as usize)
    }
    fn release_work(&mut self, worker: &str) -> Result<usize> {
        Ok(self
            .client
            .get_mut()
            .execute("UPDATE work_queue SET claimed_by = NULL, lease_until = NULL WHERE claimed_by = $1", &[&worker])?
            as usize)
    }
    fn queue_depth(&self) -> Result<u64> {
        Ok(self.query("SELECT COUNT(*) FROM work_queue", &[])?[0].get::<_, i64>(0) as u64)
    }
    fn set_lease(&mut self, lease: Duration) {
        self.lease = lease;
    }
    fn lock_ledger(&mut self) -> Result<()> {
        self.client.get_mut().execute("SELECT pg_advisory_lock($1)", &[&LEDGER_LOCK])?;
        Ok(())
    }
    fn unlock_ledger(&mut self) -> Result<()> {
        self.client.get_mut().execute("SELECT pg_advisory_unlock($1)", &[&LEDGER_LOCK])?;
        Ok(())
    }
    fn data_version(&self) -> Result<i64> {
        Ok(self.query("SELECT version FROM ledger_version", &[])?.first().map_or(0, |r| r.get(0)))
    }
}
