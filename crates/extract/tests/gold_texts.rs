//! The gold spans index the text the evaluation reads; this checks that the
//! ingest stage, which feeds the real pipeline, reads the very same documents
//! (same text, same metadata, hence the same content id). If ingest starts to
//! clean text differently, the gold spans would point elsewhere in the ledger.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use contested_extract::eval::{gold, read_document, Corpus};
use contested_ingest::{read, Input, ReadOptions};

fn ingest_ids(path: &Path) -> HashSet<String> {
    read(&Input::Path(path.to_path_buf()), &ReadOptions::default())
        .filter_map(Result::ok)
        .map(|doc| doc.id)
        .collect()
}

#[test]
fn gold_documents_are_the_documents_ingest_reads() {
    let corpus = contested_testkit::require_shared!("data/corpus");
    let shared = corpus.parent().and_then(|p| p.parent()).expect("shared root");
    let documents: BTreeSet<(Corpus, String)> = gold().unwrap().into_iter().map(|p| (p.corpus, p.doc)).collect();
    let fakes = ingest_ids(&corpus.join("fakes/FA-KES-Dataset.csv"));
    let reuters = ingest_ids(&corpus.join("reuters_2016/conflict_2016.jsonl"));
    assert!(fakes.len() > 700 && reuters.len() > 200, "ingest read the record files");
    for (which, name) in &documents {
        let ours = read_document(shared, *which, name).unwrap();
        let found = match which {
            Corpus::Fakes => fakes.contains(&ours.id),
            Corpus::Reuters => reuters.contains(&ours.id),
            Corpus::Wikipedia => {
                let path = corpus.join("wikipedia_caucasus_2022").join(name);
                let theirs: Vec<_> = read(&Input::Path(path), &ReadOptions::default()).collect();
                let theirs = theirs.into_iter().next().unwrap().unwrap();
                assert_eq!(theirs.text, ours.text, "{name}: body text differs");
                theirs.id == ours.id
            }
        };
        assert!(found, "{} {name}: ingest reads a different document (text or metadata)", which.as_str());
    }
}
