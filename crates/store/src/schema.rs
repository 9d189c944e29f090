//! Schema migrations, applied in order; `PRAGMA user_version` records how far
//! a ledger file has come. Never edit a released migration: add one.

pub const MIGRATIONS: &[&str] = &[
    // 1: documents, paragraphs with roles, the chunk index behind copy
    // detection, claims with their places and attribution chains.
    r#"
    CREATE TABLE documents (
        id          TEXT PRIMARY KEY,
        outlet      TEXT,
        url         TEXT,
        title       TEXT,
        published   TEXT,
        origin      TEXT NOT NULL,
        text        TEXT NOT NULL,
        order_key   TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX documents_outlet ON documents(outlet);

    CREATE TABLE paragraphs (
        doc          TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx          INTEGER NOT NULL,
        start        INTEGER NOT NULL,
        end          INTEGER NOT NULL,
        base_role    TEXT NOT NULL,
        role         TEXT NOT NULL,
        before_title INTEGER NOT NULL,
        tokens       INTEGER NOT NULL,
        copy_doc     TEXT,
        copy_start   INTEGER,
        copy_end     INTEGER,
        similarity   REAL,
        PRIMARY KEY (doc, idx)
    ) WITHOUT ROWID;
    CREATE INDEX paragraphs_copy ON paragraphs(copy_doc, copy_start);

    CREATE TABLE paragraph_chunks (
        key    INTEGER NOT NULL,
        doc    TEXT NOT NULL,
        idx    INTEGER NOT NULL,
        tokens INTEGER NOT NULL
    );
    CREATE INDEX paragraph_chunks_key ON paragraph_chunks(key);
    CREATE INDEX paragraph_chunks_doc ON paragraph_chunks(doc, idx);

    CREATE TABLE claims (
        id             TEXT PRIMARY KEY,
        doc            TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        paragraph      INTEGER,
        start          INTEGER NOT NULL,
        end            INTEGER NOT NULL,
        sentence_start INTEGER NOT NULL,
        sentence_end   INTEGER NOT NULL,
        kind           TEXT NOT NULL,
        measure        TEXT,
        verb           TEXT,
        low            REAL,
        high           REAL,
        unit           TEXT NOT NULL,
        unit_text      TEXT,
        qualifier      TEXT NOT NULL,
        number_start   INTEGER NOT NULL,
        number_end     INTEGER NOT NULL,
        counted        TEXT,
        counted_start  INTEGER,
        counted_end    INTEGER,
        time_start     TEXT,
        time_end       TEXT,
        time_span_start INTEGER,
        time_span_end  INTEGER,
        time_precision TEXT,
        time_inferred  INTEGER,
        time_open_end  INTEGER,
        -- For a claim in a copied or template paragraph: the claim it repeats.
        original       TEXT
    );
    CREATE INDEX claims_original ON claims(original);
    CREATE INDEX claims_doc ON claims(doc, start);
    CREATE INDEX claims_kind ON claims(kind);

    CREATE TABLE claim_places (
        claim    TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        idx      INTEGER NOT NULL,
        start    INTEGER NOT NULL,
        end      INTEGER NOT NULL,
        name     TEXT NOT NULL,
        place_id TEXT,
        PRIMARY KEY (claim, idx)
    ) WITHOUT ROWID;
    CREATE INDEX claim_places_place ON claim_places(place_id);

    CREATE TABLE claim_attribution (
        claim   TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        depth   INTEGER NOT NULL,
        speaker TEXT NOT NULL,
        start   INTEGER,
        end     INTEGER,
        cue     TEXT,
        stance  TEXT NOT NULL,
        PRIMARY KEY (claim, depth)
    ) WITHOUT ROWID;
    CREATE INDEX claim_attribution_speaker ON claim_attribution(speaker);
    "#,
    // Findings of reconcile, the scopes each claim was reconciled in, and the
    // documents whose claims still await reconciliation.
    r#"
    CREATE TABLE pending_reconcile (doc TEXT PRIMARY KEY) WITHOUT ROWID;

    CREATE TABLE claim_scopes (
        scope TEXT NOT NULL,
        claim TEXT NOT NULL,
        doc   TEXT NOT NULL,
        PRIMARY KEY (scope, claim)
    ) WITHOUT ROWID;
    CREATE INDEX claim_scopes_doc ON claim_scopes(doc);

    CREATE TABLE findings (
        id           TEXT PRIMARY KEY,
        kind         TEXT NOT NULL,
        scope        TEXT NOT NULL,
        significance REAL NOT NULL,
        summary      TEXT NOT NULL,
        explanation  TEXT NOT NULL
    );
    CREATE INDEX findings_scope ON findings(scope);
    CREATE INDEX findings_rank ON findings(significance DESC);

    CREATE TABLE finding_figures (
        finding TEXT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
        idx     INTEGER NOT NULL,
        name    TEXT NOT NULL,
        value   REAL NOT NULL,
        PRIMARY KEY (finding, idx)
    ) WITHOUT ROWID;

    CREATE TABLE finding_sources (
        finding TEXT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
        idx     INTEGER NOT NULL,
        source  TEXT NOT NULL,
        low     REAL,
        high    REAL,
        unit    TEXT NOT NULL,
        stance  TEXT NOT NULL,
        claims  TEXT NOT NULL,
        independent_reports INTEGER NOT NULL,
        PRIMARY KEY (finding, idx)
    ) WITHOUT ROWID;

    CREATE TABLE finding_evidence (
        finding        TEXT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
        idx            INTEGER NOT NULL,
        claim          TEXT NOT NULL,
        doc            TEXT NOT NULL,
        start          INTEGER NOT NULL,
        end            INTEGER NOT NULL,
        sentence_start INTEGER NOT NULL,
        sentence_end   INTEGER NOT NULL,
        role           TEXT NOT NULL,
        source         TEXT NOT NULL,
        PRIMARY KEY (finding, idx)
    ) WITHOUT ROWID;
    CREATE INDEX finding_evidence_doc ON finding_evidence(doc);

    -- Places a user added to the gazetteer (`contested gazetteer add`), one
    -- CSV record (with its header) per place, in the gazetteer's own format.
    CREATE TABLE user_places (id TEXT PRIMARY KEY, record TEXT NOT NULL) WITHOUT ROWID;

    -- Events (ACLED types) and territorial-control records. Nested parts
    -- (parties, places, chains, time) are JSON in their columns; what lists
    -- filter on has a column of its own.
    CREATE TABLE events (
        id             TEXT PRIMARY KEY,
        doc            TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start          INTEGER NOT NULL,
        end            INTEGER NOT NULL,
        sentence_start INTEGER NOT NULL,
        sentence_end   INTEGER NOT NULL,
        event_type     TEXT NOT NULL,
        sub_event_type TEXT NOT NULL,
        trigger_text   TEXT NOT NULL,
        time_start     TEXT,
        time_end       TEXT,
        detail         TEXT NOT NULL
    );
    CREATE INDEX events_doc ON events(doc, start);
    CREATE INDEX events_type ON events(event_type, sub_event_type);

    CREATE TABLE control_records (
        id         TEXT PRIMARY KEY,
        doc        TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start      INTEGER NOT NULL,
        end        INTEGER NOT NULL,
        place_id   TEXT,
        place_name TEXT NOT NULL,
        kind       TEXT NOT NULL,
        wording    TEXT NOT NULL,
        time_start TEXT,
        time_end   TEXT,
        detail     TEXT NOT NULL
    );
    CREATE INDEX control_records_doc ON control_records(doc, start);
    CREATE INDEX control_records_place ON control_records(place_id);
    "#,
    // Copy detection at scale: each index key row carries its document's
    // coarse order (publication second, undated last) so that the earliest
    // sharers of a key are one index range away however many pages share it.
    // The index on (key, ord) replaces the one on key alone.
    r#"
    ALTER TABLE paragraph_chunks ADD COLUMN ord INTEGER NOT NULL DEFAULT 9223372036854775807;
    UPDATE paragraph_chunks SET ord = COALESCE(
        (SELECT CAST(strftime('%s', d.published) AS INTEGER) FROM documents d WHERE d.id = paragraph_chunks.doc),
        9223372036854775807);
    DROP INDEX paragraph_chunks_key;
    CREATE INDEX paragraph_chunks_key_ord ON paragraph_chunks(key, ord);
    "#,
    // 4: full-text search over paragraphs, for `serve`'s search box and the
    // claims filter `q`. The paragraph text is a span of the document, so the
    // index keeps its own copy (FTS5 needs the text to build snippets), filled
    // by triggers so that no writer has to know the index exists.
    r#"
    CREATE VIRTUAL TABLE paragraphs_fts USING fts5(
        text,
        doc UNINDEXED,
        idx UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO paragraphs_fts (text, doc, idx)
        SELECT CAST(substr(CAST(d.text AS BLOB), p.start + 1, p.end - p.start) AS TEXT), p.doc, p.idx
        FROM paragraphs p JOIN documents d ON d.id = p.doc;
    CREATE TRIGGER paragraphs_fts_insert AFTER INSERT ON paragraphs BEGIN
        INSERT INTO paragraphs_fts (text, doc, idx)
            SELECT CAST(substr(CAST(d.text AS BLOB), new.start + 1, new.end - new.start) AS TEXT), new.doc, new.idx
            FROM documents d WHERE d.id = new.doc;
    END;
    -- The claims filter by place looks names up as written, in any case.
    CREATE INDEX claim_places_name ON claim_places(name COLLATE NOCASE);
    CREATE TRIGGER paragraphs_fts_delete AFTER DELETE ON paragraphs BEGIN
        DELETE FROM paragraphs_fts WHERE doc = old.doc AND idx = old.idx;
    END;
    "#,
    // 5: the work queue of `ingest --queue` and `contested worker`. A claim
    // is a lease (`lease_until`, Unix milliseconds): once it has passed, the
    // row is claimable again, so a killed worker's documents are not lost.
    r#"
    CREATE TABLE work_queue (
        id          TEXT PRIMARY KEY,
        outlet      TEXT,
        url         TEXT,
        title       TEXT,
        published   TEXT,
        origin      TEXT NOT NULL,
        text        TEXT NOT NULL,
        claimed_by  TEXT,
        lease_until INTEGER
    );
    CREATE INDEX work_queue_lease ON work_queue(lease_until);
    "#,
    // 6: the copy-detection index as one b-tree. Relinking asks, per key,
    // for the earliest sharers' (doc, idx); with the rows in a rowid table
    // behind a (key, ord) index every answer row cost a second b-tree
    // descent into the table, and an index on (doc, idx) nobody reads cost a
    // third of the table's size again. Clustered on (key, ord, doc, idx),
    // the answer is one range scan, and equal `ord`s fall in (doc, idx)
    // order, the tie-break the PostgreSQL backend uses, instead of
    // insertion order.
    r#"
    CREATE TABLE paragraph_chunks_clustered (
        key    INTEGER NOT NULL,
        ord    INTEGER NOT NULL,
        doc    TEXT NOT NULL,
        idx    INTEGER NOT NULL,
        tokens INTEGER NOT NULL,
        PRIMARY KEY (key, ord, doc, idx)
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO paragraph_chunks_clustered (key, ord, doc, idx, tokens)
        SELECT key, ord, doc, idx, tokens FROM paragraph_chunks ORDER BY key, ord, doc, idx;
    DROP TABLE paragraph_chunks;
    ALTER TABLE paragraph_chunks_clustered RENAME TO paragraph_chunks;
    "#,
    // 7: claims queries that end in the ledger key. A page filtered by place,
    // speaker or words reads ~limit rows from an index ordered by (term,
    // claim key) instead of every match followed by a sort. Filled by
    // triggers (claims are inserted before their places, attribution and
    // paragraphs), so writers need not know these exist. Claims are never
    // deleted; a key left behind by one would find no claim in the join.
    r#"
    -- '=' || place_id and '~' || lower(name): the place filter matches either.
    -- lower() folds ASCII only, as the NOCASE comparison it replaces did.
    CREATE TABLE claim_place_keys (
        place TEXT NOT NULL,
        claim INTEGER NOT NULL,
        PRIMARY KEY (place, claim)
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO claim_place_keys (place, claim)
        SELECT '~' || lower(cp.name), c.rowid FROM claim_places cp JOIN claims c ON c.id = cp.claim;
    INSERT OR IGNORE INTO claim_place_keys (place, claim)
        SELECT '=' || cp.place_id, c.rowid FROM claim_places cp JOIN claims c ON c.id = cp.claim
        WHERE cp.place_id IS NOT NULL;
    CREATE TRIGGER claim_place_keys_insert AFTER INSERT ON claim_places BEGIN
        INSERT OR IGNORE INTO claim_place_keys (place, claim)
            SELECT '~' || lower(new.name), c.rowid FROM claims c WHERE c.id = new.claim;
        INSERT OR IGNORE INTO claim_place_keys (place, claim)
            SELECT '=' || new.place_id, c.rowid FROM claims c WHERE c.id = new.claim AND new.place_id IS NOT NULL;
    END;

    -- Every speaker once, so the actor filter (a substring) finds the few
    -- speakers it names without reading every attribution row, then reads
    -- their claims in key order.
    CREATE TABLE speakers (name TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TABLE claim_speaker_keys (
        speaker TEXT NOT NULL,
        claim   INTEGER NOT NULL,
        PRIMARY KEY (speaker, claim)
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO speakers (name) SELECT speaker FROM claim_attribution;
    INSERT OR IGNORE INTO claim_speaker_keys (speaker, claim)
        SELECT ca.speaker, c.rowid FROM claim_attribution ca JOIN claims c ON c.id = ca.claim;
    CREATE TRIGGER claim_speaker_keys_insert AFTER INSERT ON claim_attribution BEGIN
        INSERT OR IGNORE INTO speakers (name) VALUES (new.speaker);
        INSERT OR IGNORE INTO claim_speaker_keys (speaker, claim)
            SELECT new.speaker, c.rowid FROM claims c WHERE c.id = new.claim;
    END;

    -- The words filter matches a claim's paragraph. This index holds each
    -- claim's paragraph under the claim's key (no copy of the text:
    -- contentless), so a MATCH returns claim keys in order and a page stops
    -- after ~limit of them. The paragraph is inserted after its claims.
    CREATE VIRTUAL TABLE claims_fts USING fts5(
        text,
        content = '',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO claims_fts (rowid, text)
        SELECT c.rowid, CAST(substr(CAST(d.text AS BLOB), p.start + 1, p.end - p.start) AS TEXT)
        FROM claims c JOIN paragraphs p ON p.doc = c.doc AND p.idx = c.paragraph JOIN documents d ON d.id = c.doc;
    CREATE TRIGGER claims_fts_insert AFTER INSERT ON paragraphs BEGIN
        INSERT INTO claims_fts (rowid, text)
            SELECT c.rowid, CAST(substr(CAST(d.text AS BLOB), new.start + 1, new.end - new.start) AS TEXT)
            FROM claims c JOIN documents d ON d.id = c.doc WHERE c.doc = new.doc AND c.paragraph = new.idx;
    END;

    -- Events and control records page by (document order, start, id) with
    -- a cursor: documents walked in order_key order (unique: it ends in the
    -- document id), each document's records in (start, id) order.
    CREATE UNIQUE INDEX documents_order ON documents(order_key);
    CREATE INDEX events_doc_order ON events(doc, start, id);
    CREATE INDEX control_records_doc_order ON control_records(doc, start, id);
    "#,
    // 8: the copy-detection index at half its size. It was the ledger's
    // largest table and every batch rewrote most of its pages: each row
    // carried the 32-character document id and a token count nobody reads.
    // A row now names its document by the id's first 60 bits (15 hex
    // digits, an integer that orders as the id does, so ties in `ord` still
    // fall in document-id order and which sharers relinking reads never
    // depends on arrival order). `documents.id_prefix` leads back to the id
    // (and the order key relinking compares), from the index alone;
    // two ids sharing 60 bits (about 1 in 2^21 at a million documents) only
    // make relinking look at one more document.
    r#"
    ALTER TABLE documents ADD COLUMN id_prefix INTEGER;
    UPDATE documents SET id_prefix =
          ((instr('0123456789abcdef', substr(id, 1, 1)) - 1) << 56)
        | ((instr('0123456789abcdef', substr(id, 2, 1)) - 1) << 52)
        | ((instr('0123456789abcdef', substr(id, 3, 1)) - 1) << 48)
        | ((instr('0123456789abcdef', substr(id, 4, 1)) - 1) << 44)
        | ((instr('0123456789abcdef', substr(id, 5, 1)) - 1) << 40)
        | ((instr('0123456789abcdef', substr(id, 6, 1)) - 1) << 36)
        | ((instr('0123456789abcdef', substr(id, 7, 1)) - 1) << 32)
        | ((instr('0123456789abcdef', substr(id, 8, 1)) - 1) << 28)
        | ((instr('0123456789abcdef', substr(id, 9, 1)) - 1) << 24)
        | ((instr('0123456789abcdef', substr(id, 10, 1)) - 1) << 20)
        | ((instr('0123456789abcdef', substr(id, 11, 1)) - 1) << 16)
        | ((instr('0123456789abcdef', substr(id, 12, 1)) - 1) << 12)
        | ((instr('0123456789abcdef', substr(id, 13, 1)) - 1) << 8)
        | ((instr('0123456789abcdef', substr(id, 14, 1)) - 1) << 4)
        | ((instr('0123456789abcdef', substr(id, 15, 1)) - 1) << 0);
    CREATE INDEX documents_id_prefix ON documents(id_prefix, id, order_key);
    CREATE TABLE paragraph_chunks_compact (
        key INTEGER NOT NULL,
        ord INTEGER NOT NULL,
        doc INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        PRIMARY KEY (key, ord, doc, idx)
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO paragraph_chunks_compact (key, ord, doc, idx)
        SELECT pc.key, pc.ord, d.id_prefix, pc.idx FROM paragraph_chunks pc JOIN documents d ON d.id = pc.doc
        ORDER BY 1, 2, 3, 4;
    DROP TABLE paragraph_chunks;
    ALTER TABLE paragraph_chunks_compact RENAME TO paragraph_chunks;
    "#,
    // 9: the copy index in two parts, as a log-structured merge. Index
    // keys are hashes, so a batch's ~130 keys per document land on random
    // pages of the index, and once it outgrows the page cache every commit
    // rewrote most of its pages into the WAL. A batch now inserts into
    // `paragraph_chunks_recent`, small enough that its pages stay few;
    // when it passes an eighth of the merged part, it is merged into
    // `paragraph_chunks` in key order (each page of the big part written
    // once per merge, not once per batch) and emptied. Relinking reads
    // both. `paragraph_chunk_counts` keeps both parts' sizes so that
    // deciding when to merge costs no count over the index.
    r#"
    CREATE TABLE paragraph_chunks_recent (
        key INTEGER NOT NULL,
        ord INTEGER NOT NULL,
        doc INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        PRIMARY KEY (key, ord, doc, idx)
    ) WITHOUT ROWID;
    CREATE TABLE paragraph_chunk_counts (
        only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
        recent   INTEGER NOT NULL,
        merged   INTEGER NOT NULL
    );
    INSERT INTO paragraph_chunk_counts (only_row, recent, merged) VALUES (1, 0, (SELECT count(*) FROM paragraph_chunks));
    "#,
    // 10: the search index without its own copy of the text. FTS5 kept
    // every paragraph's text (and document id) in `paragraphs_fts_content`,
    // as large again as the documents' text, to build snippets. With
    // external content it reads them from `paragraph_texts`, a view that
    // cuts each paragraph out of its document, found by the paragraph's
    // `fts_rowid`. Each paragraph keeps the rowid it had in the index, so
    // ties in rank fall as before; new ones continue the sequence
    // (`insert_paragraphs`). The index is rebuilt from the view.
    r#"
    ALTER TABLE paragraphs ADD COLUMN fts_rowid INTEGER;
    CREATE TEMP TABLE paragraph_fts_rowids (doc TEXT, idx INTEGER, fts_rowid INTEGER, PRIMARY KEY (doc, idx)) WITHOUT ROWID;
    INSERT OR IGNORE INTO temp.paragraph_fts_rowids (doc, idx, fts_rowid) SELECT doc, idx, rowid FROM paragraphs_fts;
    UPDATE paragraphs SET fts_rowid = r.fts_rowid
        FROM temp.paragraph_fts_rowids r WHERE r.doc = paragraphs.doc AND r.idx = paragraphs.idx;
    DROP TABLE temp.paragraph_fts_rowids;
    CREATE UNIQUE INDEX paragraphs_fts_rowid ON paragraphs(fts_rowid);
    DROP TRIGGER paragraphs_fts_insert;
    DROP TRIGGER paragraphs_fts_delete;
    DROP TABLE paragraphs_fts;
    CREATE VIEW paragraph_texts AS
        SELECT p.fts_rowid AS fts_rowid, CAST(substr(CAST(d.text AS BLOB), p.start + 1, p.end - p.start) AS TEXT) AS text, p.doc AS doc, p.idx AS idx
        FROM paragraphs p JOIN documents d ON d.id = p.doc;
    CREATE VIRTUAL TABLE paragraphs_fts USING fts5(
        text,
        doc UNINDEXED,
        idx UNINDEXED,
        content = 'paragraph_texts',
        content_rowid = 'fts_rowid',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO paragraphs_fts (paragraphs_fts) VALUES ('rebuild');
    CREATE TRIGGER paragraphs_fts_insert AFTER INSERT ON paragraphs BEGIN
        INSERT INTO paragraphs_fts (rowid, text, doc, idx)
            SELECT new.fts_rowid, CAST(substr(CAST(d.text AS BLOB), new.start + 1, new.end - new.start) AS TEXT), new.doc, new.idx FROM documents d WHERE d.id = new.doc;
    END;
    -- External content: the index forgets a row only when told its values.
    CREATE TRIGGER paragraphs_fts_delete AFTER DELETE ON paragraphs BEGIN
        INSERT INTO paragraphs_fts (paragraphs_fts, rowid, text, doc, idx)
            SELECT 'delete', old.fts_rowid, CAST(substr(CAST(d.text AS BLOB), old.start + 1, old.end - old.start) AS TEXT), old.doc, old.idx FROM documents d WHERE d.id = old.doc;
    END;
    "#,
    // 11: a digest of each finding's whole content, so that recomputing a
    // scope rewrites only the findings that changed (NULL on older rows:
    // those are rewritten once); one kind's findings in rank order, for the
    // dashboard's page per kind and the counts beside it.
    r#"
    ALTER TABLE findings ADD COLUMN digest TEXT;
    CREATE INDEX findings_kind_rank ON findings(kind, significance DESC, id);
    "#,
];

/// A document's `id_prefix`: the first 15 hex digits of its id as an
/// integer, computed as migration 8 does in SQL (SQLite; PostgreSQL's
/// migration 5 agrees on hex ids). Ids are content hashes in lowercase hex;
/// 60 bits keep the value positive, so it orders as the id's text does.
pub(crate) fn id_prefix(id: &str) -> i64 {
    let bytes = id.as_bytes();
    (0..15).fold(0i64, |value, i| {
        let digit: i64 = match bytes.get(i) {
            // substr() past the end is '', which instr() finds at 1.
            None => 0,
            Some(byte @ b'0'..=b'9') => i64::from(byte - b'0'),
            Some(byte @ b'a'..=b'f') => i64::from(byte - b'a' + 10),
            Some(_) => -1,
        };
        value | (digit << (4 * (14 - i)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_prefix_is_the_first_sixty_bits_and_orders_as_the_id() {
        assert_eq!(id_prefix("f00000000000000a0123"), 0xf00000000000000);
        assert_eq!(id_prefix("00000000000000a9"), 0xa);
        let ids = ["0fffffffffffffff", "1000000000000000", "9fffffffffffffff", "a000000000000000", "ffffffffffffffff"];
        for pair in ids.windows(2) {
            assert!(id_prefix(pair[0]) < id_prefix(pair[1]), "{pair:?}");
        }
    }

    #[test]
    fn id_prefix_matches_the_migration_sql() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let sql = MIGRATIONS[7].split("SET id_prefix =").nth(1).unwrap().split(';').next().unwrap();
        for id in ["0123456789abcdef0123456789abcdef", "ffffffffffffffff", "abc", "", "XYZ-not-hex-at-all"] {
            let from_sql: i64 = conn.query_row(&format!("SELECT {sql} FROM (SELECT ?1 AS id)"), [id], |r| r.get(0)).unwrap();
            assert_eq!(from_sql, id_prefix(id), "{id}");
        }
    }
}
