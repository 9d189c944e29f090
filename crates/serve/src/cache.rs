//! Answers to repeated claim queries, kept until the ledger changes.
//!
//! Dashboards ask for the same first pages over and over; a page costs
//! milliseconds to build and microseconds to copy. Staleness is checked on
//! every lookup with the ledger's `Store::data_version`, read before the
//! page is looked up or built, so a cached page is never older than the
//! ledger:
//!
//! - SQLite: `PRAGMA data_version` of one connection kept for the purpose
//!   (values are per connection), which moves whenever any other connection
//!   (an ingest, the write endpoint) commits. Reading it is in-process and
//!   cheap, so it happens on the request's own thread.
//! - PostgreSQL: the ledger-wide `ledger_version` counter that every write
//!   bumps in its own transaction. Reading it is a round trip, so the caller
//!   reads it with the same pooled connection that then builds the page, on
//!   a blocking thread, and hands it in.
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
    /// SQLite only: the connection whose `data_version` dates the cache.
    /// `None` for PostgreSQL, where the version comes from any connection.
    watch: Option<Mutex<SqliteStore>>,
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
    /// Forgets everything built from an older ledger. `None` when `version`
    /// is older than what the cache holds (a request that read the version
    /// just before a write, finishing after one that read it just after):
    /// going back would throw away the newer entries for nothing.
    fn at(&mut self, version: i64) -> Option<&mut Self> {
        if self.version.is_some_and(|held| version < held) {
            return None;
        }
        if self.version != Some(version) {
            self.entries.clear();
            self.claims.clear();
            self.claim_bytes = 0;
            self.version = Some(version);
        }
        Some(self)
    }
}

/// Most bytes of claim JSON kept: about 300k claims, so a 100k-claim ledger
/// stays whole in memory and a larger one keeps its hot part.
const CLAIM_BUDGET: usize = 256 << 20;

impl PageCache {
    /// A cache dated by `watch`'s `data_version` (a SQLite ledger).
    pub fn watching(watch: SqliteStore, capacity: usize) -> Self {
        PageCache { watch: Some(Mutex::new(watch)), ..PageCache::dated_by_caller(capacity) }
    }

    /// A cache whose callers read the version themselves, with
    /// `Store::data_version` on any connection (a PostgreSQL ledger).
    pub fn dated_by_caller(capacity: usize) -> Self {
        let pages = Pages { version: None, entries: HashMap::new(), claims: HashMap::new(), claim_bytes: 0 };
        PageCache { watch: None, pages: Mutex::new(pages), capacity }
    }

    /// Whether [`PageCache::version`] reads the version in-process (SQLite);
    /// if not, callers read it from the store that builds the page.
    pub fn watches(&self) -> bool {
        self.watch.is_some()
    }

    /// The ledger's current version by the watching connection, or `None`
    /// when it cannot be read or there is none (then nothing is cached).
    /// Read it before building a page and hand it to [`PageCache::put`], so
    /// a page built from data a write has since replaced is never stored
    /// under the new version.
    pub fn version(&self) -> Option<i64> {
        self.watch.as_ref()?.lock().ok()?.data_version().ok()
    }

    /// Whether a page built at `built_at` may still be stored. With a
    /// watching connection, it must still read `built_at`. A caller-dated
    /// cache skips that round trip: its caller read the version before the
    /// page's data, and a version only becomes visible together with its
    /// write's rows, so the page is at least as new as `built_at`, and the
    /// check against the held version in `put` keeps it from a newer cache.
    fn still_current(&self, built_at: i64) -> bool {
        match &self.watch {
            Some(_) => self.version() == Some(built_at),
            None => true,
        }
    }

    pub fn get(&self, key: &str, version: i64) -> Option<Bytes> {
        let mut pages = self.pages.lock().ok()?;
        pages.at(version)?.entries.get(key).cloned()
    }

    /// The cached JSON of each claim key (in order), `None` where it is not cached.
    pub fn claims(&self, keys: &[i64], version: i64) -> Vec<Option<Bytes>> {
        let Ok(mut pages) = self.pages.lock() else { return vec![None; keys.len()] };
        let Some(pages) = pages.at(version) else { return vec![None; keys.len()] };
        keys.iter().map(|k| pages.claims.get(k).cloned()).collect()
    }

    /// Keeps claims' JSON built from the ledger at `built_at`.
    pub fn put_claims(&self, claims: impl IntoIterator<Item = (i64, Bytes)>, built_at: i64) {
        if !self.still_current(built_at) {
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
        if !self.still_current(built_at) {
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
