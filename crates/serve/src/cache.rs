//! Answers to repeated claim queries, kept until the ledger changes.
//!
//! Dashboards ask for the same first pages over and over; a page costs
//! milliseconds to build and microseconds to copy. Staleness is checked on
//! every lookup with SQLite's `data_version`, which moves whenever any other
//! connection (an ingest, the write endpoint) commits, so a cached page is
//! never older than the ledger.
//!
//! Beside whole pages it keeps each claim's serialised JSON by ledger key, so
//! a page nobody asked for before (a new cursor, a new filter) costs one
//! index-only query for its keys plus the claims not seen since the last
//! write, instead of a dozen b-tree lookups per claim.

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
    claims: HashMap<i64, Bytes>,
    claim_bytes: usize,
}

impl Pages {
    /// Forgets everything built from an older ledger.
    fn at(&mut self, version: i64) -> &mut Self {
        if self.version != Some(version) {
            self.entries.clear();
            self.claims.clear();
            self.claim_bytes = 0;
            self.version = Some(version);
        }
        self
    }
}

/// Most bytes of claim JSON kept: about 300k claims, so a 100k-claim ledger
/// stays whole in memory and a larger one keeps its hot part.
const CLAIM_BUDGET: usize = 256 << 20;

impl PageCache {
    pub fn new(watch: SqliteStore, capacity: usize) -> Self {
        let pages = Pages { version: None, entries: HashMap::new(), claims: HashMap::new(), claim_bytes: 0 };
        PageCache { watch: Mutex::new(watch), pages: Mutex::new(pages), capacity }
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
        pages.at(version).entries.get(key).cloned()
    }

    /// The cached JSON of each claim key (in order), `None` where it is not cached.
    pub fn claims(&self, keys: &[i64], version: i64) -> Vec<Option<Bytes>> {
        let Ok(mut pages) = self.pages.lock() else { return vec![None; keys.len()] };
        let pages = pages.at(version);
        keys.iter().map(|k| pages.claims.get(k).cloned()).collect()
    }

    /// Keeps claims' JSON built from the ledger at `built_at`.
    pub fn put_claims(&self, claims: impl IntoIterator<Item = (i64, Bytes)>, built_at: i64) {
        if self.version() != Some(built_at) {
            return;
        }
        let Ok(mut pages) = self.pages.lock() else { return };
        if pages.version != Some(built_at) {
            return;
        }
        for (key, json) in claims {
            if pages.claim_bytes + json.len() > CLAIM_BUDGET {
                // Same policy as pages: start over rather than track recency.
                pages.claims.clear();
                pages.claim_bytes = 0;
            }
            pages.claim_bytes += json.len();
            if let Some(old) = pages.claims.insert(key, json) {
                pages.claim_bytes -= old.len();
            }
        }
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
