//! A small pool of read connections. SQLite connections are not shareable
//! between threads, and WAL mode lets many readers work beside one writer, so
//! each request borrows one connection on a blocking thread.

use crate::error::ApiError;
use contested_store::{SqliteStore, StoreError};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

pub struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<SqliteStore>>,
    available: Arc<Semaphore>,
}

impl Pool {
    pub fn open(path: &Path, size: usize, first: SqliteStore) -> Result<Pool, StoreError> {
        let mut idle = vec![first];
        while idle.len() < size {
            idle.push(SqliteStore::open(path)?);
        }
        Ok(Pool { path: path.to_path_buf(), available: Arc::new(Semaphore::new(idle.len())), idle: Mutex::new(idle) })
    }

    /// Runs `work` at once on the calling thread if a connection is idle,
    /// `None` if none is. Only for work of tens of microseconds (an indexed
    /// lookup): handing that to a blocking thread and back costs more than
    /// the work, in context switches, under load.
    pub fn try_read_inline<T>(&self, work: impl FnOnce(&SqliteStore) -> T) -> Option<T> {
        let permit = self.available.try_acquire().ok()?;
        let store = self.idle.lock().ok()?.pop()?;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&store)));
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(store);
        }
        drop(permit);
        result.ok()
    }

    /// Runs `work` with a connection on a blocking thread.
    ///
    /// The connection goes back and the permit is released by the blocking
    /// task itself, so a request cancelled midway (client gone, timeout)
    /// cannot lose a connection.
    pub async fn read<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&SqliteStore) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let permit = Arc::clone(&self.available).acquire_owned().await.expect("the pool's semaphore is never closed");
        let pool = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let store = pool.idle.lock().expect("no panic while holding the lock").pop();
            // A permit always finds a connection unless one was lost to a
            // panic below; then open a fresh one.
            let store = match store {
                Some(store) => store,
                None => SqliteStore::open(&pool.path)?,
            };
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&store)));
            pool.idle.lock().expect("no panic while holding the lock").push(store);
            drop(permit);
            result.unwrap_or_else(|_| {
                Err(ApiError::new(axum::http::StatusCode::INTERNAL_SERVER_ERROR, "the request failed unexpectedly"))
            })
        })
        .await
        .map_err(|e| ApiError::new(axum::http::StatusCode::INTERNAL_SERVER_ERROR, format!("reader failed: {e}")))?
    }
}
