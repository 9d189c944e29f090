//! Read connections to the ledger, each request borrowing one on a blocking
//! thread.
//!
//! SQLite: a small pool of our own. Connections are not shareable between
//! threads, and WAL mode lets many readers work beside one writer.
//!
//! PostgreSQL: an r2d2 pool of [`PostgresStore`]s. Every query is a network
//! round trip, so it never runs on the async threads, and a connection the
//! server dropped (a restart, an idle timeout, `pg_terminate_backend`) is
//! found on checkout and replaced instead of failing requests from then on.

use crate::error::ApiError;
use axum::http::StatusCode;
use contested_store::{PostgresStore, SqliteStore, Store, StoreError};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

pub struct Pool {
    readers: Readers,
    /// One permit per connection: a request waits here, on the async side,
    /// rather than holding a blocking thread while it waits for a connection.
    available: Arc<Semaphore>,
}

enum Readers {
    /// `inline` serves [`Pool::try_read_inline`] alone: connections apart
    /// from the blocking reads' and outside their semaphore. Sharing them
    /// sent the fast path to the blocking pool under load: once a few
    /// requests waited for a permit, every released permit went to a waiter
    /// and no inline read found one free, so all requests took the slow path
    /// from then on (measured: most of the server's time in thread wake-ups).
    Sqlite { path: PathBuf, idle: Mutex<Vec<SqliteStore>>, inline: Mutex<Vec<SqliteStore>> },
    /// The pool is `None` only once the `Pool` is being dropped.
    Postgres { pool: Option<r2d2::Pool<PostgresLedger>>, redacted_url: String },
}

impl Drop for Pool {
    fn drop(&mut self) {
        if let Readers::Postgres { pool, .. } = &mut self.readers {
            // Its idle connections close as it goes, which must not happen
            // on an async thread (see `off_runtime`).
            if let Some(pool) = pool.take() {
                crate::drop_off_runtime(pool);
            }
        }
    }
}

/// Opens and checks connections for r2d2.
struct PostgresLedger {
    url: String,
}

/// How long a checkout may wait for the server before the request fails:
/// under the default request timeout (10 s), so the client hears why.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

impl r2d2::ManageConnection for PostgresLedger {
    type Connection = PostgresStore;
    type Error = StoreError;

    fn connect(&self) -> Result<PostgresStore, StoreError> {
        PostgresStore::connect(&self.url)
    }

    /// An empty round trip on every checkout: a connection the server closed
    /// while it sat idle looks healthy until used, and the request that
    /// found out would fail. The check costs a fraction of any page's queries.
    fn is_valid(&self, store: &mut PostgresStore) -> Result<(), StoreError> {
        store.check(CONNECT_TIMEOUT)
    }

    fn has_broken(&self, store: &mut PostgresStore) -> bool {
        store.is_closed()
    }
}

impl Pool {
    pub fn sqlite(path: PathBuf, size: usize, first: SqliteStore) -> Result<Pool, StoreError> {
        let mut idle = vec![first];
        while idle.len() < size {
            idle.push(SqliteStore::open(&path)?);
        }
        let available = Arc::new(Semaphore::new(idle.len()));
        // One per async worker (tokio starts one per core), each running at
        // most one inline read at a time; more open on demand.
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        let inline = (0..workers).map(|_| SqliteStore::open(&path)).collect::<Result<Vec<_>, _>>()?;
        Ok(Pool { readers: Readers::Sqlite { path, idle: Mutex::new(idle), inline: Mutex::new(inline) }, available })
    }

    /// A pool of `size` connections to a ledger whose schema is current (the
    /// caller opened it with [`PostgresStore::open`] first). Fails, naming
    /// the URL without its password, when the server cannot be reached.
    pub fn postgres(url: &str, size: usize) -> Result<Pool, crate::ServeError> {
        let redacted_url = contested_store::redacted_url(url);
        let pool = r2d2::Pool::builder()
            .max_size(size as u32)
            .connection_timeout(CONNECT_TIMEOUT)
            .test_on_check_out(true)
            .build(PostgresLedger { url: url.to_string() })
            .map_err(|source| crate::ServeError::Pool { url: redacted_url.clone(), source })?;
        Ok(Pool { readers: Readers::Postgres { pool: Some(pool), redacted_url }, available: Arc::new(Semaphore::new(size)) })
    }

    /// Runs `work` at once on the calling thread with a SQLite connection
    /// kept for inline reads, `None` if the ledger is on PostgreSQL (where every
    /// query is a round trip that must not hold up an async worker). Only
    /// for work of tens of microseconds (an indexed lookup): handing that to
    /// a blocking thread and back costs more than the work, in context
    /// switches, under load.
    pub fn try_read_inline<T>(&self, work: impl FnOnce(&dyn Store) -> T) -> Option<T> {
        let Readers::Sqlite { path, inline, .. } = &self.readers else { return None };
        let popped = inline.lock().ok()?.pop();
        // Only when more threads read inline at once than were foreseen
        // (a runtime with more workers than cores): opening is a one-off,
        // and the connection stays for the next time.
        let store = match popped {
            Some(store) => store,
            None => SqliteStore::open(path).ok()?,
        };
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&store)));
        if let Ok(mut inline) = inline.lock() {
            inline.push(store);
        }
        result.ok()
    }

    /// Runs `work` with a connection on a blocking thread.
    ///
    /// The connection goes back and the permit is released by the blocking
    /// task itself, so a request cancelled midway (client gone, timeout)
    /// cannot lose a connection.
    pub async fn read<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&dyn Store) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let permit = Arc::clone(&self.available).acquire_owned().await.expect("the pool's semaphore is never closed");
        let pool = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let result = pool.with_store(work);
            drop(permit);
            result
        })
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("reader failed: {e}")))?
    }

    fn with_store<T>(&self, work: impl FnOnce(&dyn Store) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let failed = |_| Err(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "the request failed unexpectedly"));
        match &self.readers {
            Readers::Sqlite { path, idle, .. } => {
                let store = idle.lock().expect("no panic while holding the lock").pop();
                // A permit always finds a connection unless one was lost to a
                // panic below; then open a fresh one.
                let store = match store {
                    Some(store) => store,
                    None => SqliteStore::open(path)?,
                };
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&store)));
                idle.lock().expect("no panic while holding the lock").push(store);
                result.unwrap_or_else(failed)
            }
            Readers::Postgres { pool, redacted_url } => {
                let pool = pool.as_ref().expect("a pool in use is not being dropped");
                let store = pool.get().map_err(|e| {
                    ApiError::new(StatusCode::SERVICE_UNAVAILABLE, format!("ledger {redacted_url} is unavailable: {e}"))
                })?;
                // After a panic the connection goes back like any other;
                // r2d2 drops it if it is closed, and checks it on next checkout.
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&*store))).unwrap_or_else(failed)
            }
        }
    }
}
