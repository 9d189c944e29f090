//! The work queue on SQLite: the PostgreSQL semantics, with `BEGIN
//! IMMEDIATE` in place of row locks (SQLite has one writer at a time, so
//! claiming is taking the write lock, picking, marking).

use super::SqliteStore;
use crate::{Result, StoreError};
use contested_core::Document;
use rusqlite::{params, TransactionBehavior};

/// A queued document as stored: id, outlet, url, title, published, origin, text.
type QueuedRow = (String, Option<String>, Option<String>, Option<String>, Option<String>, String, String);

impl SqliteStore {
    pub(super) fn write_enqueue(&mut self, docs: &[Document]) -> Result<usize> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut queued = 0;
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO work_queue (id, outlet, url, title, published, origin, text)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE NOT EXISTS (SELECT 1 FROM documents WHERE id = ?1)",
            )?;
            for doc in docs {
                queued += insert.execute(params![
                    doc.id,
                    doc.outlet,
                    doc.url,
                    doc.title,
                    doc.published.map(|t| t.to_string()),
                    doc.origin,
                    doc.text
                ])?;
            }
        }
        tx.commit()?;
        Ok(queued)
    }

    pub(super) fn write_claim_work(&mut self, worker: &str, max: usize) -> Result<Vec<Document>> {
        let now = jiff::Timestamp::now().as_millisecond();
        let until = now.saturating_add(self.lease.as_millis().min(i64::MAX as u128) as i64);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let rows: Vec<QueuedRow> = tx
            .prepare_cached(
                "SELECT id, outlet, url, title, published, origin, text FROM work_queue
                 WHERE lease_until IS NULL OR lease_until < ?1 ORDER BY rowid LIMIT ?2",
            )?
            .query_map(params![now, max.min(i64::MAX as usize) as i64], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        {
            let mut claim = tx.prepare_cached("UPDATE work_queue SET claimed_by = ?2, lease_until = ?3 WHERE id = ?1")?;
            for row in &rows {
                claim.execute(params![row.0, worker, until])?;
            }
        }
        tx.commit()?;
        rows.into_iter()
            .map(|(id, outlet, url, title, published, origin, text)| {
                let published = published
                    .map(|p| p.parse().map_err(|e| StoreError::Corrupt(format!("timestamp {p}: {e}"))))
                    .transpose()?;
                Ok(Document { id, outlet, url, title, published, origin, text })
            })
            .collect()
    }

    pub(super) fn write_complete_work(&mut self, ids: &[String]) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let mut done = 0;
        {
            let mut delete = tx.prepare_cached("DELETE FROM work_queue WHERE id = ?1")?;
            for id in ids {
                done += delete.execute([id])?;
            }
        }
        tx.commit()?;
        Ok(done)
    }
}
