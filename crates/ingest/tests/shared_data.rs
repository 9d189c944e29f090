//! Readers on the real corpora in ../shared (read at run time, never copied).

use contested_core::Document;
use contested_ingest::{expand, read, Input, ReadOptions};

fn read_all(path: &std::path::Path) -> (Vec<Document>, Vec<String>) {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for result in read(&Input::Path(path.to_path_buf()), &ReadOptions::default()) {
        match result {
            Ok(doc) => docs.push(doc),
            Err(e) => errors.push(e.to_string()),
        }
    }
    (docs, errors)
}

#[test]
fn fakes_csv_reads_every_article_with_outlet_title_and_date() {
    let path = contested_testkit::require_shared!("data/corpus/fakes/FA-KES-Dataset.csv");
    let (docs, errors) = read_all(&path);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 804);
    for (index, doc) in docs.iter().enumerate() {
        assert_eq!(doc.origin, format!("{}#row {}", path.display(), index + 1));
        assert!(
            doc.outlet.is_some() && doc.title.is_some(),
            "{}",
            doc.origin
        );
        let year = doc
            .published
            .expect("every FA-KES row has a M/D/YYYY date")
            .to_string();
        assert!(
            ("2011".."2019").contains(&&year[..4]),
            "{}: {year}",
            doc.origin
        );
        assert!(!doc.text.trim().is_empty());
    }
    let ids: std::collections::HashSet<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert!(
        ids.len() > 700,
        "ids come from content, distinct articles differ: {}",
        ids.len()
    );
}

#[test]
fn reuters_jsonl_reads_every_line_and_keeps_its_outlet_and_time() {
    let path = contested_testkit::require_shared!("data/corpus/reuters_2016/conflict_2016.jsonl");
    let lines = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    let (docs, errors) = read_all(&path);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), lines);
    let first_line: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        docs[0].text,
        first_line["text"].as_str().unwrap().replace("\r\n", "\n")
    );
    assert_eq!(docs[0].outlet.as_deref(), first_line["outlet"].as_str());
    let date = first_line["date"].as_str().unwrap();
    assert_eq!(
        docs[0].published.unwrap().to_string(),
        format!("{}Z", date.replace(' ', "T"))
    );
    assert!(docs
        .iter()
        .all(|d| d.published.is_some() && d.url.is_some()));
}

#[test]
fn wikipedia_markdown_keeps_front_matter_out_of_the_text() {
    let folder = contested_testkit::require_shared!("data/corpus/wikipedia_caucasus_2022");
    let (inputs, errors) = expand(&[folder.display().to_string()]);
    assert!(errors.is_empty());
    assert_eq!(inputs.len(), 13);
    for input in &inputs {
        let doc = read(input, &ReadOptions::default())
            .next()
            .unwrap()
            .unwrap();
        let raw = std::fs::read_to_string(match input {
            Input::Path(p) => p,
            Input::Stdin => unreachable!(),
        })
        .unwrap();
        assert!(doc.title.is_some(), "{}", doc.origin);
        assert!(doc.published.is_some(), "{}", doc.origin);
        assert!(
            !doc.text.starts_with("---") && !doc.text.contains("infoboxes:"),
            "{}",
            doc.origin
        );
        assert!(
            raw.ends_with(&doc.text),
            "the body is the file's tail, byte for byte: {}",
            doc.origin
        );
    }
}

#[test]
fn seed_texts_keep_their_layout() {
    let folder = contested_testkit::require_shared!("seeds");
    let (inputs, errors) = expand(&[folder.display().to_string()]);
    assert!(errors.is_empty());
    let docs: Vec<Document> = inputs
        .iter()
        .flat_map(|i| read(i, &ReadOptions::default()))
        .map(Result::unwrap)
        .collect();
    assert_eq!(docs.len(), 2);
    for (input, doc) in inputs.iter().zip(&docs) {
        let Input::Path(path) = input else {
            unreachable!()
        };
        let raw = std::fs::read_to_string(path).unwrap();
        assert_eq!(
            doc.text,
            raw.trim_start_matches('\u{feff}').replace("\r\n", "\n")
        );
    }
}
