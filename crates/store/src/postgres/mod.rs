//! The PostgreSQL backend: one ledger shared by many processes (workers,
//! servers), with the same semantics as the SQLite file.
//!
//! The `Store` trait is synchronous, so this uses the blocking `postgres`
//! client. Reads take `&self`; the client needs `&mut` for every query, so
//! it sits in a `RefCell` (a store is used by one thread at a time, as a
//! SQLite connection is).
//!
//! Writers serialize on one advisory lock ([`LEDGER_LOCK`]): relinking
//! copies across documents and recomputing findings both read the ledger
//! and write decisions that depend on what they read, and two of them
//! interleaving could each miss the other's documents.

mod findings;
mod queue;
mod read;
mod schema;
mod write;

use crate::{Result, StoreError};
use ::postgres::{Client, NoTls};
use std::cell::RefCell;
use std::time::Duration;

/// The advisory lock key every writer of a ledger takes ("contestd" in ASCII).
pub(crate) const LEDGER_LOCK: i64 = 0x636f_6e74_6573_7464;

/// How long a claimed queue item stays with its worker unless completed.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(600);

pub struct PostgresStore {
    client: RefCell<Client>,
    lease: Duration,
}

/// The URL without a password, for messages.
pub fn redacted_url(url: &str) -> String {
    redacted(url)
}

fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.find(':') {
                Some(colon) => format!("{}{}:***{}", &url[..scheme + 3], &userinfo[..colon], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl PostgresStore {
    /// Connects to a `postgres://` URL and brings the schema up to date.
    pub fn open(url: &str) -> Result<PostgresStore> {
        let open_err = |source| StoreError::OpenPostgres { url: redacted(url), source };
        let client = Client::connect(url, NoTls).map_err(open_err)?;
        let mut store = PostgresStore { client: RefCell::new(client), lease: DEFAULT_LEASE };
        store.migrate(url)?;
        Ok(store)
    }

    /// Connects without looking at the schema, for a pool's further
    /// connections to a ledger that [`PostgresStore::open`] has already
    /// brought up to date: migrating takes the ledger's lock, which would make
    /// each new connection wait for any batch being written.
    pub fn connect(url: &str) -> Result<PostgresStore> {
        let client = Client::connect(url, NoTls).map_err(|source| StoreError::OpenPostgres { url: redacted(url), source })?;
        Ok(PostgresStore { client: RefCell::new(client), lease: DEFAULT_LEASE })
    }

    /// Whether the connection is known to be gone (the server closed it or a
    /// query found it broken). Costs nothing: no round trip.
    pub fn is_closed(&self) -> bool {
        self.client.borrow().is_closed()
    }

    /// Checks the connection with an empty round trip, failing after `timeout`.
    pub fn check(&self, timeout: Duration) -> Result<()> {
        Ok(self.client.borrow_mut().is_valid(timeout)?)
    }

    fn migrate(&mut self, url: &str) -> Result<()> {
        let client = self.client.get_mut();
        // Several workers may open a fresh database at once; one migrates,
        // the others wait and then find nothing left to do.
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LEDGER_LOCK])?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                version    BIGINT PRIMARY KEY,
                applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )",
        )?;
        let version: i64 =
            tx.query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &[])?.get(0);
        let supported = schema::MIGRATIONS.len() as i64;
        if version > supported {
            return Err(StoreError::TooNew { path: redacted(url), found: version, supported });
        }
        for (i, migration) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.batch_execute(migration)?;
            tx.execute("INSERT INTO schema_migrations (version) VALUES ($1)", &[&((i + 1) as i64)])?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.client.borrow_mut().query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &[])?.get(0))
    }
}

/// Moves the ledger's version (see `Store::data_version`) inside a write's
/// transaction, so the new version and the new rows become visible together.
/// Called at the end of the transaction: the row lock it takes is held briefly.
pub(crate) fn bump_version(tx: &mut ::postgres::Transaction<'_>) -> Result<()> {
    tx.execute("UPDATE ledger_version SET version = version + 1", &[])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(super::redacted("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(super::redacted("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(super::redacted("postgresql://h/db"), "postgresql://h/db");
    }
}
