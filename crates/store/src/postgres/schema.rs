//! The PostgreSQL schema: the same tables as the SQLite ledger, applied in
//! order and recorded in `schema_migrations`. Never edit a released
//! migration: add one.
//!
//! Differences from SQLite, each for a reason:
//! - Text that is ordered or compared is `COLLATE "C"`, so it orders by bytes
//!   as SQLite does, whatever the database's locale.
//! - `end` is a reserved word here and is quoted.
//! - Claims carry `seq`, the insertion order SQLite keeps as `rowid`; pages
//!   of claims use it as their cursor.
//! - Full-text search is a `tsvector` column on paragraphs (GIN index),
//!   built with a configuration that folds diacritics like FTS5's
//!   `remove_diacritics`.

pub const MIGRATIONS: &[&str] = &[
    r#"
    CREATE EXTENSION IF NOT EXISTS unaccent;
    CREATE TEXT SEARCH CONFIGURATION contested_search (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION contested_search
        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

    CREATE TABLE documents (
        id          TEXT COLLATE "C" PRIMARY KEY,
        outlet      TEXT COLLATE "C",
        url         TEXT,
        title       TEXT,
        published   TEXT COLLATE "C",
        origin      TEXT NOT NULL,
        text        TEXT NOT NULL,
        order_key   TEXT COLLATE "C" NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX documents_outlet ON documents(outlet);
    CREATE INDEX documents_order ON documents(order_key);

    CREATE TABLE paragraphs (
        doc          TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx          BIGINT NOT NULL,
        start        BIGINT NOT NULL,
        "end"        BIGINT NOT NULL,
        base_role    TEXT COLLATE "C" NOT NULL,
        role         TEXT COLLATE "C" NOT NULL,
        before_title BOOLEAN NOT NULL,
        tokens       BIGINT NOT NULL,
        copy_doc     TEXT COLLATE "C",
        copy_start   BIGINT,
        copy_end     BIGINT,
        similarity   DOUBLE PRECISION,
        tsv          TSVECTOR NOT NULL,
        PRIMARY KEY (doc, idx)
    );
    CREATE INDEX paragraphs_copy ON paragraphs(copy_doc, copy_start);
    CREATE INDEX paragraphs_tsv ON paragraphs USING GIN (tsv);

    CREATE TABLE paragraph_chunks (
        key    BIGINT NOT NULL,
        doc    TEXT COLLATE "C" NOT NULL,
        idx    BIGINT NOT NULL,
        tokens BIGINT NOT NULL,
        ord    BIGINT NOT NULL
    );
    CREATE INDEX paragraph_chunks_key_ord ON paragraph_chunks(key, ord);
    CREATE INDEX paragraph_chunks_doc ON paragraph_chunks(doc, idx);

    CREATE TABLE claims (
        seq            BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
        id             TEXT COLLATE "C" PRIMARY KEY,
        doc            TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        paragraph      BIGINT,
        start          BIGINT NOT NULL,
        "end"          BIGINT NOT NULL,
        sentence_start BIGINT NOT NULL,
        sentence_end   BIGINT NOT NULL,
        kind           TEXT COLLATE "C" NOT NULL,
        measure        TEXT COLLATE "C",
        verb           TEXT,
        low            DOUBLE PRECISION,
        high           DOUBLE PRECISION,
        unit           TEXT COLLATE "C" NOT NULL,
        unit_text      TEXT,
        qualifier      TEXT NOT NULL,
        number_start   BIGINT NOT NULL,
        number_end     BIGINT NOT NULL,
        counted        TEXT,
        counted_start  BIGINT,
        counted_end    BIGINT,
        time_start     TEXT COLLATE "C",
        time_end       TEXT COLLATE "C",
        time_span_start BIGINT,
        time_span_end  BIGINT,
        time_precision TEXT,
        time_inferred  BOOLEAN,
        time_open_end  BOOLEAN,
        original       TEXT COLLATE "C"
    );
    CREATE INDEX claims_original ON claims(original);
    CREATE INDEX claims_doc ON claims(doc, start);
    CREATE INDEX claims_kind ON claims(kind);

    CREATE TABLE claim_places (
        claim    TEXT COLLATE "C" NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        idx      BIGINT NOT NULL,
        start    BIGINT NOT NULL,
        "end"    BIGINT NOT NULL,
        name     TEXT COLLATE "C" NOT NULL,
        place_id TEXT COLLATE "C",
        PRIMARY KEY (claim, idx)
    );
    CREATE INDEX claim_places_place ON claim_places(place_id);
    CREATE INDEX claim_places_name ON claim_places(lower(name));

    CREATE TABLE claim_attribution (
        claim   TEXT COLLATE "C" NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        depth   BIGINT NOT NULL,
        speaker TEXT COLLATE "C" NOT NULL,
        start   BIGINT,
        "end"   BIGINT,
        cue     TEXT,
        stance  TEXT NOT NULL,
        PRIMARY KEY (claim, depth)
    );
    CREATE INDEX claim_attribution_speaker ON claim_attribution(speaker);

    CREATE TABLE pending_reconcile (doc TEXT COLLATE "C" PRIMARY KEY);

    CREATE TABLE claim_scopes (
        scope TEXT COLLATE "C" NOT NULL,
        claim TEXT COLLATE "C" NOT NULL,
        doc   TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (scope, claim)
    );
    CREATE INDEX claim_scopes_doc ON claim_scopes(doc);
    CREATE INDEX claim_scopes_claim ON claim_scopes(claim);

    CREATE TABLE findings (
        id           TEXT COLLATE "C" PRIMARY KEY,
        kind         TEXT COLLATE "C" NOT NULL,
        scope        TEXT COLLATE "C" NOT NULL,
        significance DOUBLE PRECISION NOT NULL,
        summary      TEXT NOT NULL,
        explanation  TEXT NOT NULL
    );
    CREATE INDEX findings_scope ON findings(scope);
    CREATE INDEX findings_rank ON findings(significance DESC);

    CREATE TABLE finding_figures (
        finding TEXT COLLATE "C" NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
        idx     BIGINT NOT NULL,
        name    TEXT NOT NULL,
        value   DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (finding, idx)
    );

    CREATE TABLE finding_sources (
        finding TEXT COLLATE "C" NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
        idx     BIGINT NOT NULL,
        source  TEXT NOT NULL,
        low     DOUBLE PRECISION,
        high    DOUBLE PRECISION,
        unit    TEXT NOT NULL,
        stance  TEXT NOT NULL,
        claims  TEXT NOT NULL,
        independent_reports BIGINT NOT NULL,
        PRIMARY KEY (finding, idx)
    );

    CREATE TABLE finding_evidence (
        finding        TEXT COLLATE "C" NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
        idx            BIGINT NOT NULL,
        claim          TEXT NOT NULL,
        doc            TEXT COLLATE "C" NOT NULL,
        start          BIGINT NOT NULL,
        "end"          BIGINT NOT NULL,
        sentence_start BIGINT NOT NULL,
        sentence_end   BIGINT NOT NULL,
        role           TEXT NOT NULL,
        source         TEXT NOT NULL,
        PRIMARY KEY (finding, idx)
    );
    CREATE INDEX finding_evidence_doc ON finding_evidence(doc);

    CREATE TABLE user_places (id TEXT COLLATE "C" PRIMARY KEY, record TEXT NOT NULL);

    CREATE TABLE events (
        id             TEXT COLLATE "C" PRIMARY KEY,
        doc            TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start          BIGINT NOT NULL,
        "end"          BIGINT NOT NULL,
        sentence_start BIGINT NOT NULL,
        sentence_end   BIGINT NOT NULL,
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
        id         TEXT COLLATE "C" PRIMARY KEY,
        doc        TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start      BIGINT NOT NULL,
        "end"      BIGINT NOT NULL,
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

    -- Documents read by `ingest --queue` and not yet written by a worker.
    -- A claim is a lease: past `lease_until` the row is claimable again, so
    -- a killed worker's documents are not lost.
    CREATE TABLE work_queue (
        seq         BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
        id          TEXT COLLATE "C" PRIMARY KEY,
        outlet      TEXT,
        url         TEXT,
        title       TEXT,
        published   TEXT,
        origin      TEXT NOT NULL,
        text        TEXT NOT NULL,
        claimed_by  TEXT,
        lease_until TIMESTAMPTZ
    );
    CREATE INDEX work_queue_lease ON work_queue(lease_until);
    "#,
    // 2: the ledger's version, for servers' caches (SQLite's data_version
    // has no PostgreSQL equivalent). One row; every committing write that
    // changes what reads return bumps it in its own transaction.
    r#"
    CREATE TABLE ledger_version (
        only_row BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row),
        version  BIGINT NOT NULL
    );
    INSERT INTO ledger_version (only_row, version) VALUES (true, 0);
    "#,
    // 3: relinking reads (doc, idx) of a key's earliest sharers: an index
    // holding them answers from the index alone, and the (doc, idx) index
    // was never read (see the SQLite migration 6).
    r#"
    CREATE INDEX paragraph_chunks_key_ord_doc ON paragraph_chunks(key, ord, doc, idx);
    DROP INDEX paragraph_chunks_key_ord;
    DROP INDEX paragraph_chunks_doc;
    "#,
    // 4: claims queries that end in the ledger key (`seq`), as SQLite's
    // migration 7: a page filtered by place, speaker or words reads ~limit
    // entries of an index ordered by (term, seq). Kept by statement-level
    // triggers (one INSERT ... SELECT per batch statement, from its
    // transition table), so writers need not know these exist. Claims are
    // inserted after their paragraphs here (before them in SQLite), so the
    // words are taken when the claims arrive.
    r#"
    -- '=' || place_id and '~' || lower(name); lower() under "C" folds ASCII
    -- only, as the query it replaces did.
    CREATE TABLE claim_place_keys (
        place TEXT COLLATE "C" NOT NULL,
        claim BIGINT NOT NULL,
        PRIMARY KEY (place, claim)
    );
    INSERT INTO claim_place_keys (place, claim)
        SELECT '~' || lower(cp.name), c.seq FROM claim_places cp JOIN claims c ON c.id = cp.claim
        UNION
        SELECT '=' || cp.place_id, c.seq FROM claim_places cp JOIN claims c ON c.id = cp.claim WHERE cp.place_id IS NOT NULL;
    CREATE FUNCTION claim_place_keys_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO claim_place_keys (place, claim)
            SELECT '~' || lower(n.name), c.seq FROM new_rows n JOIN claims c ON c.id = n.claim
            UNION
            SELECT '=' || n.place_id, c.seq FROM new_rows n JOIN claims c ON c.id = n.claim WHERE n.place_id IS NOT NULL
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$;
    CREATE TRIGGER claim_place_keys_insert AFTER INSERT ON claim_places
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claim_place_keys_insert();

    -- Every speaker once: the actor filter (a substring) finds the few
    -- speakers it names here, then reads their claims in key order.
    CREATE TABLE speakers (name TEXT COLLATE "C" PRIMARY KEY);
    CREATE TABLE claim_speaker_keys (
        speaker TEXT COLLATE "C" NOT NULL,
        claim   BIGINT NOT NULL,
        PRIMARY KEY (speaker, claim)
    );
    INSERT INTO speakers (name) SELECT DISTINCT speaker FROM claim_attribution;
    INSERT INTO claim_speaker_keys (speaker, claim)
        SELECT DISTINCT ca.speaker, c.seq FROM claim_attribution ca JOIN claims c ON c.id = ca.claim;
    CREATE FUNCTION claim_speaker_keys_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO speakers (name) SELECT DISTINCT speaker FROM new_rows ON CONFLICT DO NOTHING;
        INSERT INTO claim_speaker_keys (speaker, claim)
            SELECT DISTINCT n.speaker, c.seq FROM new_rows n JOIN claims c ON c.id = n.claim
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$;
    CREATE TRIGGER claim_speaker_keys_insert AFTER INSERT ON claim_attribution
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claim_speaker_keys_insert();

    -- Each claim's paragraph words under its key. GIN returns matches
    -- unordered; with the key as primary key the planner can instead walk
    -- keys in order and test each, whichever its statistics say is cheaper.
    CREATE TABLE claim_words (
        claim BIGINT PRIMARY KEY,
        tsv   TSVECTOR NOT NULL
    );
    INSERT INTO claim_words (claim, tsv)
        SELECT c.seq, p.tsv FROM claims c JOIN paragraphs p ON p.doc = c.doc AND p.idx = c.paragraph;
    CREATE INDEX claim_words_tsv ON claim_words USING GIN (tsv);
    CREATE FUNCTION claim_words_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO claim_words (claim, tsv)
            SELECT n.seq, p.tsv FROM new_rows n JOIN paragraphs p ON p.doc = n.doc AND p.idx = n.paragraph
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$;
    CREATE TRIGGER claim_words_insert AFTER INSERT ON claims
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claim_words_insert();
    -- Events and control records page by (document order, start, id).
    CREATE INDEX events_doc_order ON events(doc, start, id);
    CREATE INDEX control_records_doc_order ON control_records(doc, start, id);
    ANALYZE claim_place_keys, claim_speaker_keys, claim_words;
    "#,
    // 5: the copy-detection index at half its size, as SQLite's migration
    // 8: a row names its document by the id's first 60 bits (an integer
    // that orders as the id does, so ties in `ord` still fall in id order),
    // and the token count nobody read is gone. `documents.id_prefix` leads
    // back to the id.
    r#"
    ALTER TABLE documents ADD COLUMN id_prefix BIGINT;
    UPDATE documents SET id_prefix = ('x' || lpad(substr(id, 1, 15), 16, '0'))::bit(64)::bigint;
    CREATE INDEX documents_id_prefix ON documents(id_prefix);
    CREATE TABLE paragraph_chunks_compact (
        key BIGINT NOT NULL,
        ord BIGINT NOT NULL,
        doc BIGINT NOT NULL,
        idx BIGINT NOT NULL
    );
    INSERT INTO paragraph_chunks_compact (key, ord, doc, idx)
        SELECT pc.key, pc.ord, d.id_prefix, pc.idx FROM paragraph_chunks pc JOIN documents d ON d.id = pc.doc
        ORDER BY 1, 2, 3, 4;
    DROP TABLE paragraph_chunks;
    ALTER TABLE paragraph_chunks_compact RENAME TO paragraph_chunks;
    CREATE INDEX paragraph_chunks_key_ord_doc ON paragraph_chunks(key, ord, doc, idx);
    ANALYZE documents, paragraph_chunks;
    "#,
    // 6: a digest of each finding's whole content, and one kind's findings
    // in rank order (see the SQLite schema).
    r#"
    ALTER TABLE findings ADD COLUMN digest TEXT;
    CREATE INDEX findings_kind_rank ON findings(kind, significance DESC, id);
    "#,
];

#[cfg(test)]
mod tests {
    use super::MIGRATIONS;
    use crate::schema::id_prefix;
    use ::postgres::{Client, NoTls};

    /// A ledger written before migration 5 keeps its copy index, each row
    /// now naming its document by the prefix the writer computes.
    #[test]
    fn migration_5_carries_the_copy_index_over() {
        let Some(url) = contested_testkit::postgres() else { return };
        let docs = ["00ff00000000000a1111111111111111", "abcdef0123456789abcdef0123456789"];
        let rows: [(i64, i64, &str, i64); 3] = [(-5, 1456790400, docs[0], 0), (7, 1456790400, docs[0], 2), (7, i64::MAX, docs[1], 1)];
        {
            let mut client = Client::connect(&url, NoTls).unwrap();
            client.batch_execute("CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())").unwrap();
            for (i, migration) in MIGRATIONS[..4].iter().enumerate() {
                client.batch_execute(migration).unwrap();
                client.execute("INSERT INTO schema_migrations (version) VALUES ($1)", &[&(i as i64 + 1)]).unwrap();
            }
            for id in docs {
                client
                    .execute(
                        "INSERT INTO documents (id, origin, text, order_key, ingested_at) VALUES ($1, 'o', 't', $1, 'now')",
                        &[&id],
                    )
                    .unwrap();
            }
            for (key, ord, doc, idx) in rows {
                client
                    .execute(
                        "INSERT INTO paragraph_chunks (key, doc, idx, tokens, ord) VALUES ($1, $2, $3, 12, $4)",
                        &[&key, &doc, &idx, &ord],
                    )
                    .unwrap();
            }
        }
        let store = crate::PostgresStore::open(&url).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        let mut client = Client::connect(&url, NoTls).unwrap();
        let migrated: Vec<(i64, i64, String, i64)> = client
            .query(
                "SELECT pc.key, pc.ord, d.id, pc.idx FROM paragraph_chunks pc JOIN documents d ON d.id_prefix = pc.doc
                 ORDER BY 1, 2, 3, 4",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect();
        let expected: Vec<(i64, i64, String, i64)> = rows.iter().map(|&(k, o, d, i)| (k, o, d.to_string(), i)).collect();
        assert_eq!(migrated, expected);
        for id in docs {
            let stored: i64 = client.query_one("SELECT id_prefix FROM documents WHERE id = $1", &[&id]).unwrap().get(0);
            assert_eq!(stored, id_prefix(id), "{id}");
        }
    }
}
