//! Writing real articles into the ledger: PostgreSQL against SQLite (the
//! peer) in the same run, and whether COPY pays over the one-statement
//! unnest INSERT the PostgreSQL backend uses, measured on the biggest
//! table (the chunk index: dozens of rows per paragraph).
//!
//! Needs ../shared (FA-KES) and PostgreSQL (a private server, as the tests
//! start). Run: `cargo bench -p contested-store --bench postgres_write`.

use contested_core::Document;
use contested_extract::gazetteer::Gazetteer;
use contested_store::{open_store, AnalyzedDocument};
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;
use postgres::{Client, NoTls};
use std::time::{Duration, Instant};

const BATCH: usize = 256;
const ROUNDS: usize = 3;

fn analyze(document: Document) -> AnalyzedDocument {
    contested_pipeline::analyze(document, Gazetteer::builtin())
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn write_all(db: &str, docs: &[AnalyzedDocument]) -> Duration {
    let mut store = open_store(db).expect("opens");
    let started = Instant::now();
    for batch in docs.chunks(BATCH) {
        store.put_batch(batch).expect("writes");
    }
    started.elapsed()
}

struct ChunkRows {
    key: Vec<i64>,
    doc: Vec<String>,
    idx: Vec<i64>,
    tokens: Vec<i64>,
    ord: Vec<i64>,
}

fn chunk_rows(docs: &[AnalyzedDocument]) -> ChunkRows {
    let mut rows = ChunkRows { key: vec![], doc: vec![], idx: vec![], tokens: vec![], ord: vec![] };
    for a in docs {
        let rank = contested_clean::copies::order_rank(&a.document);
        for (idx, f) in a.fingerprints.iter().enumerate() {
            for key in f.keys() {
                rows.key.push(key as i64);
                rows.doc.push(a.document.id.clone());
                rows.idx.push(idx as i64);
                rows.tokens.push(f.tokens as i64);
                rows.ord.push(rank);
            }
        }
    }
    rows
}

fn fresh_chunks_table(client: &mut Client) {
    client
        .batch_execute(
            r#"DROP TABLE IF EXISTS chunks;
               CREATE TABLE chunks (key BIGINT NOT NULL, doc TEXT COLLATE "C" NOT NULL, idx BIGINT NOT NULL,
                                    tokens BIGINT NOT NULL, ord BIGINT NOT NULL);
               CREATE INDEX chunks_key_ord ON chunks(key, ord);"#,
        )
        .expect("creates");
}

fn insert_unnest(client: &mut Client, batches: &[ChunkRows]) -> Duration {
    fresh_chunks_table(client);
    let started = Instant::now();
    for rows in batches {
        let mut tx = client.transaction().unwrap();
        tx.execute(
            "INSERT INTO chunks (key, doc, idx, tokens, ord)
             SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[])",
            &[&rows.key, &rows.doc, &rows.idx, &rows.tokens, &rows.ord],
        )
        .unwrap();
        tx.commit().unwrap();
    }
    started.elapsed()
}

fn insert_copy(client: &mut Client, batches: &[ChunkRows]) -> Duration {
    fresh_chunks_table(client);
    let started = Instant::now();
    for rows in batches {
        let mut tx = client.transaction().unwrap();
        let sink = tx.copy_in("COPY chunks (key, doc, idx, tokens, ord) FROM STDIN BINARY").unwrap();
        let mut writer = BinaryCopyInWriter::new(sink, &[Type::INT8, Type::TEXT, Type::INT8, Type::INT8, Type::INT8]);
        for i in 0..rows.key.len() {
            writer.write(&[&rows.key[i], &rows.doc[i], &rows.idx[i], &rows.tokens[i], &rows.ord[i]]).unwrap();
        }
        writer.finish().unwrap();
        tx.commit().unwrap();
    }
    started.elapsed()
}

fn main() {
    let Some(corpus) = contested_testkit::shared("data/corpus/fakes/FA-KES-Dataset.csv") else { return };
    let docs: Vec<Document> = contested_ingest::read(&contested_ingest::Input::Path(corpus), &Default::default())
        .filter_map(Result::ok)
        .collect();
    let analyzed: Vec<AnalyzedDocument> = docs.into_iter().map(analyze).collect();
    let dir = tempfile::tempdir().unwrap();

    let mut sqlite = Vec::new();
    let mut postgres = Vec::new();
    for round in 0..ROUNDS {
        let path = dir.path().join(format!("ledger-{round}.db"));
        sqlite.push(write_all(path.to_str().unwrap(), &analyzed));
        let Some(url) = contested_testkit::postgres() else { return };
        postgres.push(write_all(&url, &analyzed));
    }
    let (s, p) = (median(sqlite), median(postgres));
    let per_s = |d: Duration| analyzed.len() as f64 / d.as_secs_f64();
    println!("put_batch, {} FA-KES documents in batches of {BATCH}, median of {ROUNDS}:", analyzed.len());
    println!("  SQLite (peer)  {:>8.1} ms  {:>8.0} docs/s", s.as_secs_f64() * 1e3, per_s(s));
    println!("  PostgreSQL     {:>8.1} ms  {:>8.0} docs/s", p.as_secs_f64() * 1e3, per_s(p));
    println!("  PostgreSQL / SQLite time: {:.2}", p.as_secs_f64() / s.as_secs_f64());

    let batches: Vec<ChunkRows> = analyzed.chunks(BATCH).map(chunk_rows).collect();
    let rows: usize = batches.iter().map(|b| b.key.len()).sum();
    let url = contested_testkit::postgres().unwrap();
    let mut client = Client::connect(&url, NoTls).unwrap();
    let mut unnest = Vec::new();
    let mut copy = Vec::new();
    for _ in 0..ROUNDS {
        unnest.push(insert_unnest(&mut client, &batches));
        copy.push(insert_copy(&mut client, &batches));
    }
    let (u, c) = (median(unnest), median(copy));
    println!("chunk index rows ({rows}), median of {ROUNDS}:");
    println!("  unnest INSERT (used)  {:>8.1} ms", u.as_secs_f64() * 1e3);
    println!("  COPY BINARY           {:>8.1} ms", c.as_secs_f64() * 1e3);
    println!("  COPY / unnest time: {:.2}", c.as_secs_f64() / u.as_secs_f64());
}
