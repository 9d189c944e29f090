//! End-to-end tests of the `contested` binary on real inputs.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn contested(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("contested").expect("binary built");
    cmd.arg("--db").arg(db).env_remove("CONTESTED_DB");
    cmd
}

fn export(db: &Path) -> Vec<Value> {
    let out = contested(db).args(["export", "--format", "jsonl"]).output().expect("runs");
    assert!(out.status.success(), "export failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

fn of_type<'a>(rows: &'a [Value], kind: &str) -> Vec<&'a Value> {
    rows.iter().filter(|r| r["type"] == kind).collect()
}

fn seed_files() -> Option<Vec<PathBuf>> {
    let dir = contested_testkit::shared("seeds")?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).ok()?.map(|e| e.unwrap().path()).collect();
    files.sort();
    Some(files)
}

/// Every span in an export slices its document's text to the reported text.
fn assert_spans_slice(rows: &[Value]) {
    let texts: std::collections::HashMap<&str, &str> = of_type(rows, "document")
        .iter()
        .map(|d| (d["id"].as_str().unwrap(), d["text"].as_str().unwrap()))
        .collect();
    for claim in of_type(rows, "claim") {
        let text = texts[claim["doc"].as_str().unwrap()];
        let (s, e) = (claim["span"][0].as_u64().unwrap() as usize, claim["span"][1].as_u64().unwrap() as usize);
        assert_eq!(&text[s..e], claim["text"].as_str().unwrap(), "claim span {claim}");
        let (s, e) = (
            claim["sentence_span"][0].as_u64().unwrap() as usize,
            claim["sentence_span"][1].as_u64().unwrap() as usize,
        );
        assert!(text[s..e].contains(claim["text"].as_str().unwrap()), "sentence contains the claim: {claim}");
    }
    for p in of_type(rows, "paragraph") {
        let text = texts[p["doc"].as_str().unwrap()];
        let (s, e) = (p["span"][0].as_u64().unwrap() as usize, p["span"][1].as_u64().unwrap() as usize);
        assert!(!text[s..e].trim().is_empty());
    }
}

#[test]
fn seeds_yield_the_occupation_figures_and_the_hectares_claim() {
    let Some(files) = seed_files() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    contested(&db).arg("ingest").args(&files).assert().success();
    let rows = export(&db);
    assert_eq!(of_type(&rows, "document").len(), 2);
    assert_spans_slice(&rows);

    let claims = of_type(&rows, "claim");
    for doc in of_type(&rows, "document") {
        let areas: Vec<f64> = claims
            .iter()
            .filter(|c| c["doc"] == doc["id"] && c["kind"] == "area" && c["value"]["unit"] == "km2")
            .filter_map(|c| c["value"]["low"].as_f64())
            .collect();
        for expected in [4400.0, 289.0, 1840.0, 3054.0, 1150.0, 1390.0, 1050.0, 802.0, 707.0] {
            assert!(areas.contains(&expected), "area {expected} km2 missing in {}: {areas:?}", doc["origin"]);
        }
    }
    let hectares = claims
        .iter()
        .find(|c| c["text"].as_str().is_some_and(|t| t.contains("2,000 hectares")))
        .expect("the 2,000 hectares claim");
    assert_eq!(hectares["value"]["low"].as_f64(), Some(20.0));
    assert!(hectares["value"]["high"].is_null());
    assert_eq!(hectares["value"]["unit"], "km2");
    assert_eq!(hectares["qualifier"], "more_than");
}

#[test]
fn ingesting_again_changes_nothing() {
    let Some(files) = seed_files() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    contested(&db).arg("ingest").args(&files).assert().success();
    let first = export(&db);
    let out = contested(&db).arg("ingest").args(&files).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 new document(s), 2 unchanged"));
    assert_eq!(first, export(&db));
}

/// Paragraph roles as (origin file name, span, role, copied-from file name).
fn roles(rows: &[Value]) -> Vec<(String, Value, String, Option<String>)> {
    let name_of = |id: &Value| -> String {
        let doc = of_type(rows, "document").into_iter().find(|d| d["id"] == *id).unwrap();
        Path::new(doc["origin"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned()
    };
    let mut out: Vec<_> = of_type(rows, "paragraph")
        .iter()
        .map(|p| {
            (
                name_of(&p["doc"]),
                p["span"].clone(),
                p["role"].as_str().unwrap().to_string(),
                p["copy_of"].get("doc").map(&name_of),
            )
        })
        .collect();
    out.sort_by(|a, b| (&a.0, a.1.to_string()).cmp(&(&b.0, b.1.to_string())));
    out
}

#[test]
fn seed_roles_do_not_depend_on_ingest_order() {
    let Some(files) = seed_files() else { return };
    let dir = tempfile::tempdir().unwrap();
    let forward = dir.path().join("forward.db");
    let backward = dir.path().join("backward.db");
    for f in &files {
        contested(&forward).arg("ingest").arg(f).assert().success();
    }
    for f in files.iter().rev() {
        contested(&backward).arg("ingest").arg(f).assert().success();
    }
    let forward_roles = roles(&export(&forward));
    assert_eq!(forward_roles, roles(&export(&backward)));

    // The "in figures" banner is page template in both; each headline's second
    // printing is a repeat; the later seed's shared paragraphs are copies of the earlier.
    let count = |file: &str, role: &str| forward_roles.iter().filter(|r| r.0.starts_with(file) && r.2 == role).count();
    assert_eq!(count("000", "template"), 2);
    assert_eq!(count("001", "template"), 2);
    assert_eq!(count("000", "repeat"), 1);
    assert_eq!(count("001", "repeat"), 1);
    assert_eq!(count("000", "title"), 1);
    assert!(count("001", "copy") >= 1);
    assert_eq!(count("000", "copy"), 0, "the earlier seed copies nothing");
    assert!(forward_roles.iter().filter(|r| r.2 == "copy").all(|r| r.3.as_deref().is_some_and(|s| s.starts_with("000"))));
}

#[test]
fn demo_ingests_the_examples_and_summarises() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = contested(&db).arg("demo").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("documents: 5"), "{stdout}");
    assert!(stdout.contains("template 4"), "{stdout}");
    assert!(stdout.contains("copy 2"), "{stdout}");
    let rows = export(&db);
    assert_spans_slice(&rows);
    // Running the demo again finds everything already there.
    let again = contested(&db).arg("demo").output().unwrap();
    assert!(String::from_utf8_lossy(&again.stderr).contains("0 new document(s), 5 unchanged"));
}

#[test]
fn a_bad_file_is_named_and_skipped_while_the_rest_goes_in() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::write(inputs.join("good.txt"), "Officials said 12 servicemen were killed on April 2, 2016.\n").unwrap();
    std::fs::write(inputs.join("empty.txt"), "").unwrap();
    std::fs::write(inputs.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    std::fs::write(inputs.join("latin1.txt"), b"Caf\xe9 report: troops withdrew.\n").unwrap();
    std::fs::write(inputs.join("noarticle.html"), "<html><head><title>x</title></head><body></body></html>").unwrap();
    std::fs::write(inputs.join("columns.csv"), "headline,when\nA,2016-01-01\n").unwrap();
    let db = dir.path().join("ledger.db");
    let out = contested(&db).arg("ingest").arg(&inputs).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "partial success has its own exit code");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for name in ["empty.txt", "binary.txt", "latin1.txt", "noarticle.html", "columns.csv"] {
        assert!(stderr.lines().any(|l| l.contains(name) && l.starts_with("skipped")), "{name} not reported: {stderr}");
    }
    assert!(stderr.contains("ingested 1 new document(s)"), "{stderr}");
    let rows = export(&db);
    assert_eq!(of_type(&rows, "document").len(), 1);
}

fn findings(rows: &[Value]) -> Vec<&Value> {
    of_type(rows, "finding")
}

#[test]
fn seed_findings_show_the_contradiction_and_the_arithmetic_checks() {
    let Some(files) = seed_files() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    contested(&db).arg("ingest").args(&files).assert().success();
    let rows = export(&db);
    let found = findings(&rows);
    let of_kind = |k: &str| found.iter().filter(|f| f["kind"] == k).collect::<Vec<_>>();

    let contradiction = of_kind("contradiction");
    assert_eq!(contradiction.len(), 1, "{found:#?}");
    let c = contradiction[0];
    let lows: Vec<f64> = c["sources"].as_array().unwrap().iter().filter_map(|s| s["low"].as_f64()).collect();
    assert!(lows.contains(&20.0) && lows.contains(&8.0), "{c}");
    assert!(c["explanation"].as_str().unwrap().contains("2.5"));
    // Its evidence slices the documents to the two figures.
    let texts: std::collections::HashMap<&str, &str> =
        of_type(&rows, "document").iter().map(|d| (d["id"].as_str().unwrap(), d["text"].as_str().unwrap())).collect();
    let evidence: Vec<&str> = c["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &texts[e["doc"].as_str().unwrap()][e["span"][0].as_u64().unwrap() as usize..e["span"][1].as_u64().unwrap() as usize])
        .collect();
    assert!(evidence.iter().any(|t| t.contains("2,000 hectares")) && evidence.iter().any(|t| t.contains("800 hectares")), "{evidence:?}");

    let share = of_kind("share_vs_area");
    assert!(share.iter().any(|f| f["explanation"].as_str().unwrap().contains("14,682") && f["explanation"].as_str().unwrap().contains("16.95%")), "{share:#?}");
    let double = of_kind("double_count");
    assert!(double.iter().any(|f| f["summary"].as_str().unwrap().contains("Shusha")), "{double:#?}");
}

#[test]
fn findings_do_not_depend_on_how_documents_arrive() {
    let Some(files) = seed_files() else { return };
    let dir = tempfile::tempdir().unwrap();
    let together = dir.path().join("together.db");
    let one_by_one = dir.path().join("one.db");
    contested(&together).arg("ingest").args(&files).assert().success();
    for f in files.iter().rev() {
        contested(&one_by_one).arg("ingest").arg(f).assert().success();
    }
    let ids = |db: &Path| {
        let mut ids: Vec<String> =
            findings(&export(db)).iter().map(|f| f["id"].as_str().unwrap().to_string()).collect();
        ids.sort();
        ids
    };
    let expected = ids(&together);
    assert!(!expected.is_empty());
    assert_eq!(ids(&one_by_one), expected);
}

#[test]
fn seed_control_records_and_events_are_exported_with_spans() {
    let Some(files) = seed_files() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    contested(&db).arg("ingest").args(&files).assert().success();
    let rows = export(&db);
    let texts: std::collections::HashMap<&str, &str> =
        of_type(&rows, "document").iter().map(|d| (d["id"].as_str().unwrap(), d["text"].as_str().unwrap())).collect();
    let slice = |r: &Value| {
        let t = texts[r["doc"].as_str().unwrap()];
        &t[r["span"][0].as_u64().unwrap() as usize..r["span"][1].as_u64().unwrap() as usize]
    };
    for row in of_type(&rows, "event").into_iter().chain(of_type(&rows, "control")) {
        assert_eq!(slice(row), row["text"].as_str().unwrap());
    }
    // The standing list: nine records per document, dated in 1988-1993, never at the article's date.
    let standing: Vec<&Value> = of_type(&rows, "control").into_iter().filter(|c| c["kind"] == "standing").collect();
    assert_eq!(standing.len(), 18, "nine per seed");
    let nk = standing.iter().find(|c| c["place"]["place_id"] == "contested:nagorno-karabakh").unwrap();
    assert_eq!(nk["time"]["start"], "1988-01-01T00:00:00Z");
    assert_eq!(nk["time"]["end"], "1993-01-01T00:00:00Z");
    assert_eq!(nk["area"]["low"].as_f64(), Some(4400.0));
    let shusha = standing.iter().find(|c| c["place"]["name"] == "Shusha").unwrap();
    assert_eq!(shusha["time"]["start"], "1992-05-08T00:00:00Z");
    // The halt of operations, with its zone applied.
    let halt = of_type(&rows, "event")
        .into_iter()
        .find(|e| e["sub_event_type"] == "Agreement" && e["time"]["start"] == "2016-04-05T08:00:00Z");
    assert!(halt.is_some(), "operations stopped on 2016-04-05T08:00Z");
}
