//! Answers to repeated claim queries, kept until the ledger changes.
//!
//! Dashboards ask for the same first pages over and over; a page costs
//! milliseconds to build and microseconds to copy. Staleness is checked on
//! every lookup with SQLite's `data_version`, which moves whenever any other
//! connection (an ingest, the write endpoint) commits, so a cached page is
//! never older than the ledger.

use axum::body::Bytes;
use contested_store::SqliteStore;
use std::collections::HashMap;
use std::sync::Mutex;

pub struct PageCache {
    watch: Mutex<SqliteStore>,
    pages: Mutex<Pages>,
    capacity: usize,
}

struct Pages {
    version: Option<i64>,
    entries: HashMap<String, Bytes>,
}

impl PageCache {
    pub fn new(watch: SqliteStore, capacity: usize) -> Self {
        PageCache { watch: Mutex::new(watch), pages: Mutex::new(Pages { version: None, entries: HashMap::new() }), capacity }
    }

    /// The ledger's current version, or `None` when it cannot be read
    /// (then nothing is cached). Read it before building a page and hand it
    /// to [`PageCache::put`], so a page built from data a write has since
    /// replaced is never stored under the new version.
    pub fn version(&self) -> Option<i64> {
        self.watch.lock().ok()?.data_version().ok()
    }

    pub fn get(&self, key: &str, version: i64) -> Option<Bytes> {
        let mut pages = self.pages.lock().ok()?;
        if pages.version != Some(version) {
            pages.entries.clear();
            pages.version = Some(version);
            return None;
        }
        pages.entries.get(key).cloned()
    }

    pub fn put(&self, key: String, body: Bytes, built_at: i64) {
        if self.version() != Some(built_at) {
            return;
        }
        let Ok(mut pages) = self.pages.lock() else { return };
        if pages.version != Some(built_at) {
            return;
        }
        // Whole-cache reset when full: simpler than LRU and, for a dashboard's
        // handful of hot queries, just as good.
        if pages.entries.len() >= self.capacity {
            pages.entries.clear();
        }
        pages.entries.insert(key, body);
    }
}
