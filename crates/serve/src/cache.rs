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
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};

pub struct PageCache {
    /// SQLite only: the connection whose `data_version` dates the cache.
    /// `None` for PostgreSQL, where the version comes from any connection.
    watch: Option<Mutex<SqliteStore>>,
    /// Read-locked by every lookup, written only to store or to start over:
    /// the async workers assemble pages from it side by side.
    pages: RwLock<Pages>,
    capacity: usize,
}

struct Pages {
    version: Option<i64>,
    entries: HashMap<String, Bytes>,
    /// Each claim's JSON by ledger key. Plain bytes rather than `Bytes`: a
    /// page copies them out, while a `Bytes` clone would also touch (and
    /// count up and down) a reference count elsewhere in memory, one cache
    /// miss per claim on a ledger too big for the CPU caches. Keys are
    /// integers from the ledger, so FxHash (not DoS-resistant SipHash).
    claims: FxHashMap<i64, Box<[u8]>>,
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
        let pages = Pages { version: None, entries: HashMap::new(), claims: FxHashMap::default(), claim_bytes: 0 };
        PageCache { watch: None, pages: RwLock::new(pages), capacity }
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

    /// Runs `read` on the cache as of `version`: under the shared lock when
    /// it holds that version already (every lookup but the first after a
    /// write), else after starting over under the exclusive one. `None`
    /// when the cache holds a newer version.
    fn read_at<T>(&self, version: i64, read: impl FnOnce(&Pages) -> T) -> Option<T> {
        {
            let pages = self.pages.read().ok()?;
            if pages.version == Some(version) {
                return Some(read(&pages));
            }
        }
        let mut pages = self.pages.write().ok()?;
        let pages = pages.at(version)?;
        Some(read(pages))
    }

    pub fn get(&self, key: &str, version: i64) -> Option<Bytes> {
        self.read_at(version, |pages| pages.entries.get(key).cloned()).flatten()
    }

    /// Copies of the cached JSON of each claim key (in order), `None` where
    /// it is not cached.
    pub fn claims(&self, keys: &[i64], version: i64) -> Vec<Option<Box<[u8]>>> {
        self.read_at(version, |pages| keys.iter().map(|k| pages.claims.get(k).cloned()).collect())
            .unwrap_or_else(|| vec![None; keys.len()])
    }

    /// The page of `keys` as JSON, copied straight from the cached claims
    /// into one buffer, or `None` unless every claim is cached at `version`.
    pub fn claims_page(&self, keys: &[i64], next: Option<i64>, version: i64) -> Option<Bytes> {
        self.read_at(version, |pages| {
            let mut items = Vec::with_capacity(keys.len());
            for key in keys {
                items.push(&**pages.claims.get(key)?);
            }
            Some(page_json(&items, next))
        })
        .flatten()
    }

    /// Keeps claims' JSON built from the ledger at `built_at`.
    pub fn put_claims(&self, claims: impl IntoIterator<Item = (i64, Box<[u8]>)>, built_at: i64) {
        if !self.still_current(built_at) {
            return;
        }
        let Ok(mut pages) = self.pages.write() else { return };
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
        let Ok(mut pages) = self.pages.write() else { return };
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

/// A page of claims, byte for byte what serialising `ClaimsPage` gives,
/// from each claim's JSON: one allocation of the exact size.
pub fn page_json(items: &[&[u8]], next: Option<i64>) -> Bytes {
    const OPEN: &[u8] = b"{\"items\":[";
    const CLOSE: &[u8] = b"],\"next_cursor\":";
    let quoted = next.map(|n| format!("\"{n}\""));
    let next: &[u8] = quoted.as_deref().map_or(b"null", str::as_bytes);
    let length = OPEN.len() + items.iter().map(|i| i.len() + 1).sum::<usize>() + CLOSE.len() + next.len() + 1;
    let mut out = Vec::with_capacity(length);
    out.extend_from_slice(OPEN);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(item);
    }
    out.extend_from_slice(CLOSE);
    out.extend_from_slice(next);
    out.push(b'}');
    Bytes::from(out)
}
