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
    /// The fewest rows the recent part of the copy index holds before it
    /// is merged into the big part (see migration 9).
    recent_chunks_min: i64,
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
        let mut store = SqliteStore::over(conn);
        store.migrate(name)?;
        Ok(store)
    }

    /// A store over an open connection, not yet migrated.
    fn over(conn: Connection) -> SqliteStore {
        SqliteStore { conn, lease: crate::DEFAULT_LEASE, fingerprints: Default::default(), recent_chunks_min: write::RECENT_MIN_ROWS }
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

    /// Merges the recent part of the copy index into the big one as soon
    /// as it holds more than `rows` rows (and an eighth of the big part),
    /// instead of after some 130,000: for tests, whose ledgers are small,
    /// to hold relinking across merges to the results it gives without.
    #[doc(hidden)]
    pub fn merge_copy_index_past(&mut self, rows: i64) {
        self.recent_chunks_min = rows;
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
    }
}


/// A connection holding a ledger as an older version left it: the first
/// `version` migrations applied, for tests of the later ones.
#[cfg(test)]
pub(crate) fn migrated_to(conn: Connection, version: usize) -> Connection {
    for migration in &MIGRATIONS[..version] {
        conn.execute_batch(migration).unwrap();
    }
    conn.pragma_update(None, "user_version", version as i64).unwrap();
    conn
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ledger written before migration 8 keeps its copy index: every row
    /// comes through with its document named by the id's prefix.
    #[test]
    fn migration_8_carries_the_copy_index_over() {
        let conn = migrated_to(Connection::open_in_memory().unwrap(), 7);
        let docs = [("00ff00000000000a1111111111111111", "2016-03-01T00:00:00Z"), ("abcdef0123456789abcdef0123456789", "")];
        for (id, published) in docs {
            conn.execute(
                "INSERT INTO documents (id, published, origin, text, order_key, ingested_at) VALUES (?1, ?2, 'o', 't', ?1, 'now')",
                [id, published],
            )
            .unwrap();
        }
        let rows: [(i64, i64, &str, i64); 3] =
            [(-5, 1456790400, docs[0].0, 0), (7, 1456790400, docs[0].0, 2), (7, i64::MAX, docs[1].0, 1)];
        for (key, ord, doc, idx) in rows {
            conn.execute(
                "INSERT INTO paragraph_chunks (key, ord, doc, idx, tokens) VALUES (?1, ?2, ?3, ?4, 12)",
                rusqlite::params![key, ord, doc, idx],
            )
            .unwrap();
        }
        let mut store = SqliteStore::over(conn);
        store.migrate(":memory:").unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        let migrated: Vec<(i64, i64, String, i64)> = store
            .conn
            .prepare("SELECT pc.key, pc.ord, d.id, pc.idx FROM paragraph_chunks pc JOIN documents d ON d.id_prefix = pc.doc ORDER BY 1, 2, 3, 4")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let expected: Vec<(i64, i64, String, i64)> =
            rows.iter().map(|&(key, ord, doc, idx)| (key, ord, doc.to_string(), idx)).collect();
        assert_eq!(migrated, expected);
        for (id, _) in docs {
            let stored: i64 =
                store.conn.query_row("SELECT id_prefix FROM documents WHERE id = ?1", [id], |r| r.get(0)).unwrap();
            assert_eq!(stored, crate::schema::id_prefix(id), "{id}");
        }
    }
}

#[cfg(test)]
mod search_index_tests {
    use super::*;
    use crate::{SearchQuery, Store};

    /// A ledger whose search index kept its own copy of the text keeps
    /// each paragraph's rowid when migration 10 drops the copy, finds
    /// the same paragraphs with the same snippets, and numbers paragraphs
    /// written afterwards from where the index left off.
    #[test]
    fn migration_10_keeps_rowids_and_snippets() {
        let conn = migrated_to(Connection::open_in_memory().unwrap(), 9);
        let text = "Héadline over the market\n\nThe ministry said 800 hectares were lost near the market.";
        let body = text.find("The").unwrap() as i64;
        conn.execute(
            "INSERT INTO documents (id, origin, text, order_key, ingested_at) VALUES ('d1', 'test', ?1, 'k', 'now')",
            [text],
        )
        .unwrap();
        // Inserted in this order, the body gets rowid 1 and the title 2.
        conn.execute(
            "INSERT INTO paragraphs (doc, idx, start, end, base_role, role, before_title, tokens)
             VALUES ('d1', 1, ?1, ?2, 'body', 'body', 0, 9)",
            [body, text.len() as i64],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO paragraphs (doc, idx, start, end, base_role, role, before_title, tokens)
             VALUES ('d1', 0, 0, 25, 'title', 'title', 0, 4)",
            [],
        )
        .unwrap();
        let snippets = |conn: &Connection| -> Vec<(i64, String, i64, String)> {
            conn.prepare(
                "SELECT rowid, doc, idx, snippet(paragraphs_fts, 0, '[', ']', '…', 24) FROM paragraphs_fts
                 WHERE paragraphs_fts MATCH 'market' ORDER BY rowid",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
        };
        let before = snippets(&conn);
        assert_eq!(before.iter().map(|s| (s.0, s.2)).collect::<Vec<_>>(), [(1, 1), (2, 0)]);
        let mut store = SqliteStore::over(conn);
        store.migrate(":memory:").unwrap();
        assert_eq!(snippets(&store.conn), before);
        let no_copy: i64 = store
            .conn
            .query_row("SELECT count(*) FROM sqlite_schema WHERE name = 'paragraphs_fts_content'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(no_copy, 0, "the index keeps no copy of the text");

        let later = contested_core::Document::new(
            "Market reopens\n\nTraders returned to the market on Friday.".into(),
            Some("Market reopens".into()),
            Some("Outlet".into()),
            None,
            None,
            "test".into(),
        );
        // The pipeline's analysis is another build of this crate's types
        // here; segmenting and fingerprinting is all relinking needs.
        let paragraphs = contested_clean::segment(&later.text, later.title.as_deref());
        let fingerprints = paragraphs.iter().map(|p| contested_clean::fingerprint(p.span.slice(&later.text))).collect();
        let analyzed = crate::AnalyzedDocument {
            document: later,
            paragraphs,
            fingerprints,
            claims: Vec::new(),
            events: Vec::new(),
            control: Vec::new(),
        };
        store.put_batch(&[analyzed.clone()]).unwrap();
        let rowids: Vec<(i64, i64)> = store
            .conn
            .prepare("SELECT idx, fts_rowid FROM paragraphs WHERE doc = ?1 ORDER BY idx")
            .unwrap()
            .query_map([&analyzed.document.id], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(rowids, [(0, 3), (1, 4)]);
        let page = store.search(&SearchQuery { text: "traders".into(), offset: 0, limit: 10 }).unwrap();
        assert_eq!(page.hits.len(), 1);
        let hit = &page.hits[0];
        assert_eq!((hit.doc.as_str(), hit.paragraph), (analyzed.document.id.as_str(), 1));
        assert!(hit.snippet.contains("\u{2}Traders\u{3} returned"), "{}", hit.snippet);
    }
}
