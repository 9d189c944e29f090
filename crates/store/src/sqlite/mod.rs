//! The SQLite backend: one file, no setup.

mod findings;
mod queue;
mod read;
mod write;

use crate::schema::MIGRATIONS;
use crate::{Result, StoreError};
use rusqlite::config::DbConfig;
use rusqlite::Connection;
use std::path::Path;

pub struct SqliteStore {
    conn: Connection,
    /// How long work claimed from the queue stays with its worker.
    lease: std::time::Duration,
    /// Copy fingerprints of stored paragraphs, kept between batches.
    fingerprints: write::FingerprintCache,
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
        // First, so that opening waits out another process's write lock
        // (a worker reconciling) instead of failing at once.
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(open_err)?;
        // WAL lets readers (serve) work while an ingest writes; NORMAL sync is
        // durable at transaction boundaries in WAL mode, which is what a batch needs.
        conn.pragma_update(None, "journal_mode", "WAL").map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(open_err)?;
        // Without the planner stability guarantee, SQLite marks any statement
        // whose plan could depend on a bound value (`col = ?`, `LIMIT ?`) to
        // be recompiled when its bindings are cleared, and rusqlite clears
        // them each time a cached statement goes back to its cache: every
        // execution re-parsed its SQL, a quarter of ingest's time. With it,
        // plans are fixed at prepare time, as `prepare_cached` means them to be.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true).map_err(open_err)?;
        // Each checkpoint costs two fsyncs, and on a busy disk an fsync can
        // stall for seconds: checkpoint every 64 MB of WAL instead of every
        // 4 MB (commits stay as durable; only the copy-back is batched). A
        // 64 MB page cache keeps the copy-detection index's hot pages in
        // memory while a batch inserts into it.
        conn.pragma_update(None, "wal_autocheckpoint", 16384).map_err(open_err)?;
        conn.pragma_update(None, "cache_size", -65536).map_err(open_err)?;
        // Reads map the file instead of copying each page through read(2):
        // a page of claims touches a few hundred b-tree pages spread over the file.
        conn.pragma_update(None, "mmap_size", 1i64 << 30).map_err(open_err)?;
        let mut store = SqliteStore { conn, lease: crate::DEFAULT_LEASE, fingerprints: Default::default() };
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

