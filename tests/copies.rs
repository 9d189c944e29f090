//! Copy roles end to end: real Reuters paragraphs (read from ../shared at run
//! time), edited the way outlets edit what they take, ingested one document
//! at a time in different orders.

use assert_cmd::Command;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn contested(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("contested").expect("binary built");
    cmd.arg("--db").arg(db).env_remove("CONTESTED_DB");
    cmd
}

fn export(db: &Path) -> Vec<Value> {
    let out = contested(db).args(["export", "--format", "jsonl"]).output().expect("runs");
    assert!(out.status.success(), "export failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8").lines().map(|l| serde_json::from_str(l).expect("JSON")).collect()
}

/// Reuters articles with at least `min` paragraphs of at least three sentences' worth of words.
fn articles(min: usize) -> Option<Vec<Vec<String>>> {
    let path = contested_testkit::shared("data/corpus/reuters_2016/conflict_2016.jsonl")?;
    let text = std::fs::read_to_string(path).expect("reads");
    Some(
        text.lines()
            .map(|l| serde_json::from_str::<Value>(l).expect("JSON"))
            .map(|r| {
                r["text"]
                    .as_str()
                    .unwrap_or("")
                    .lines()
                    .filter(|p| p.split_whitespace().count() >= 25 && p.matches(". ").count() >= 1)
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .filter(|ps| ps.len() >= min)
            .take(5)
            .collect(),
    )
}

/// One word in the middle of every sentence replaced.
fn touch_every_sentence(paragraph: &str) -> String {
    paragraph
        .split_inclusive(". ")
        .map(|sentence| {
            let mut words: Vec<&str> = sentence.split(' ').collect();
            let middle = words.len() / 2;
            words[middle] = "reportedly";
            words.join(" ")
        })
        .collect()
}

struct Doc {
    name: &'static str,
    outlet: &'static str,
    date: &'static str,
    paragraphs: Vec<String>,
}

/// Paragraph rows as (file, paragraph text, role, copied file, copied text, similarity).
type RoleRow = (String, String, String, Option<String>, Option<String>, Option<f64>);

fn roles(rows: &[Value]) -> Vec<RoleRow> {
    let docs: Vec<&Value> = rows.iter().filter(|r| r["type"] == "document").collect();
    let doc = |id: &Value| docs.iter().find(|d| d["id"] == *id).copied().expect("document row");
    let name = |d: &Value| {
        let origin = d["origin"].as_str().unwrap().split('#').next().unwrap();
        Path::new(origin).file_name().unwrap().to_string_lossy().into_owned()
    };
    let slice = |d: &Value, span: &Value| {
        let text = d["text"].as_str().unwrap();
        text[span[0].as_u64().unwrap() as usize..span[1].as_u64().unwrap() as usize].to_string()
    };
    let mut out: Vec<RoleRow> = rows
        .iter()
        .filter(|r| r["type"] == "paragraph")
        .map(|p| {
            let d = doc(&p["doc"]);
            let copy = p["copy_of"].as_object().map(|c| (doc(&c["doc"]), c["span"].clone(), c["similarity"].as_f64()));
            (
                name(d),
                slice(d, &p["span"]),
                p["role"].as_str().unwrap().to_string(),
                copy.as_ref().map(|(cd, _, _)| name(cd)),
                copy.as_ref().map(|(cd, span, _)| slice(cd, span)),
                copy.and_then(|(_, _, s)| s),
            )
        })
        .collect();
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    out
}

fn ingest_in_order(dir: &Path, db_name: &str, files: &[PathBuf]) -> Vec<RoleRow> {
    let db = dir.join(db_name);
    for file in files {
        contested(&db).arg("ingest").arg(file).assert().success();
    }
    roles(&export(&db))
}

#[test]
fn edited_merged_and_stock_paragraphs_get_the_same_roles_in_any_ingest_order() {
    let Some(source) = articles(6) else { return };
    assert!(source.len() >= 4, "enough long Reuters articles");
    let (a, b, c, d) = (&source[0], &source[1], &source[2], &source[3]);
    // Closing stock paragraph of one outlet; our own words, not the corpus's.
    let sign_off = "Wire Example is an independent news service covering the region since 1999, with offices in five capitals.";
    // The closing sentences (ten words or more) of one paragraph of `a`,
    // followed by the whole next paragraph.
    let (m, cut) = (1..4)
        .find_map(|m| {
            let cut = a[m]
                .match_indices(". ")
                .map(|(i, _)| i + 2)
                .filter(|&i| a[m][i..].split_whitespace().count() >= 10)
                .last()?;
            Some((m, cut))
        })
        .expect("a paragraph of several sentences");
    let merged = format!("{} {}", &a[m][cut..], a[m + 1]);
    let docs = vec![
        Doc { name: "a.jsonl", outlet: "first.example", date: "2016-03-01T08:00:00Z", paragraphs: a[..5].to_vec() },
        Doc {
            name: "b.jsonl",
            outlet: "wire.example",
            date: "2016-03-01T09:00:00Z",
            paragraphs: [&b[..4], &[sign_off.to_string()]].concat(),
        },
        Doc {
            name: "c.jsonl",
            outlet: "wire.example",
            date: "2016-03-02T09:00:00Z",
            paragraphs: vec![
                c[0].clone(),
                touch_every_sentence(&a[0]),
                touch_every_sentence(&a[3]),
                c[1].clone(),
                c[2].clone(),
                sign_off.to_string(),
            ],
        },
        Doc {
            name: "d.jsonl",
            outlet: "third.example",
            date: "2016-03-03T09:00:00Z",
            paragraphs: vec![d[0].clone(), merged.clone(), b[2].replace(", ", " "), d[1].clone(), d[2].clone()],
        },
    ];
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = docs
        .iter()
        .map(|doc| {
            let path = dir.path().join(doc.name);
            let record = json!({"outlet": doc.outlet, "date": doc.date, "text": doc.paragraphs.join("\n\n")});
            std::fs::write(&path, format!("{record}\n")).unwrap();
            path
        })
        .collect();

    let forward = ingest_in_order(dir.path(), "forward.db", &files);
    let backward = ingest_in_order(dir.path(), "backward.db", &files.iter().rev().cloned().collect::<Vec<_>>());
    let mixed = ingest_in_order(dir.path(), "mixed.db", &[2, 0, 3, 1].map(|i| files[i].clone()));
    assert_eq!(forward, backward);
    assert_eq!(forward, mixed);

    let row = |file: &str, text: &str| {
        forward.iter().find(|r| r.0 == file && r.1 == text).unwrap_or_else(|| panic!("{file}: {text:?}\n{forward:#?}"))
    };
    for r in forward.iter().filter(|r| r.0 == "a.jsonl") {
        assert_eq!(r.2, "body", "the earliest document copies nothing");
    }
    // A word changed in every sentence: still a copy of the original paragraph.
    for (edited, original) in [(touch_every_sentence(&a[0]), &a[0]), (touch_every_sentence(&a[3]), &a[3])] {
        let r = row("c.jsonl", &edited);
        assert_eq!((r.2.as_str(), r.3.as_deref(), r.4.as_deref()), ("copy", Some("a.jsonl"), Some(original.as_str())));
        assert!(r.5.unwrap() >= 0.5 && r.5.unwrap() < 1.0, "{:?}", r.5);
    }
    // One sentence of one paragraph and the whole next: explained by both.
    let r = row("d.jsonl", &merged);
    assert_eq!((r.2.as_str(), r.3.as_deref()), ("copy", Some("a.jsonl")));
    let source = r.4.as_deref().unwrap();
    assert!(source.starts_with(a[m].as_str()) && source.ends_with(a[m + 1].as_str()), "{merged:?} copies {source:?}");
    assert!(r.5.unwrap() >= 0.99, "similarity against the union: {:?}", r.5);
    // Punctuation changed, copied across outlets from a middle paragraph.
    let r = row("d.jsonl", &b[2].replace(", ", " "));
    assert_eq!((r.2.as_str(), r.3.as_deref(), r.5), ("copy", Some("b.jsonl"), Some(1.0)));
    // The outlet's stock closing paragraph is template on both its pages.
    assert_eq!(row("b.jsonl", sign_off).2, "template");
    let r = row("c.jsonl", sign_off);
    assert_eq!((r.2.as_str(), r.3.as_deref()), ("template", Some("b.jsonl")));
    for file in ["b.jsonl", "c.jsonl", "d.jsonl"] {
        let own = forward.iter().filter(|r| r.0 == file && r.2 == "body").count();
        assert!(own >= 2, "{file} keeps its own reporting as body");
    }
}
