//! The SQLite backend: one file, no setup.

mod findings;
mod queue;
mod read;
mod write;

use crate::schema::MIGRATIONS;
use crate::{Result, StoreError};
use rusqlite::Connection;
use std::path::Path;

pub struct SqliteStore {
    conn: Connection,
    /// How long work claimed from the queue stays with its worker.
    lease: std::time::Duration,
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
        // Reads map the file instead of copying each page through read(2),
        // and keep more pages per connection: a page of claims touches a few
        // hundred b-tree pages spread over the whole file.
        conn.pragma_update(None, "mmap_size", 1i64 << 30).map_err(open_err)?;
        conn.pragma_update(None, "cache_size", -32_000i64).map_err(open_err)?;
        let mut store = SqliteStore { conn, lease: crate::DEFAULT_LEASE };
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

