//! A small pool of read connections. SQLite connections are not shareable
//! between threads, and WAL mode lets many readers work beside one writer, so
//! each request borrows one connection on a blocking thread.

use crate::error::ApiError;
use contested_store::{SqliteStore, StoreError};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tokio::sync::Semaphore;

pub struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<SqliteStore>>,
    available: Semaphore,
}

impl Pool {
    pub fn open(path: &Path, size: usize, first: SqliteStore) -> Result<Pool, StoreError> {
        let mut idle = vec![first];
        while idle.len() < size {
            idle.push(SqliteStore::open(path)?);
        }
        Ok(Pool { path: path.to_path_buf(), available: Semaphore::new(idle.len()), idle: Mutex::new(idle) })
    }

    /// Runs `work` with a connection on a blocking thread.
    pub async fn read<T: Send + 'static>(
        self: &std::sync::Arc<Self>,
        work: impl FnOnce(&SqliteStore) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let _permit = self.available.acquire().await.expect("the pool's semaphore is never closed");
        let store = self.idle.lock().expect("no panic while holding the lock").pop().expect("a permit means a connection");
        let pool = std::sync::Arc::clone(self);
        match tokio::task::spawn_blocking(move || {
            let result = work(&store);
            (store, result)
        })
        .await
        {
            Ok((store, result)) => {
                pool.idle.lock().expect("no panic while holding the lock").push(store);
                result
            }
            Err(failure) => {
                // The connection died with the work; replace it so that the
                // permits and the connections stay equal in number.
                let fresh = SqliteStore::open(&pool.path)?;
                pool.idle.lock().expect("no panic while holding the lock").push(fresh);
                Err(ApiError::new(axum::http::StatusCode::INTERNAL_SERVER_ERROR, format!("reader failed: {failure}")))
            }
        }
    }
}
