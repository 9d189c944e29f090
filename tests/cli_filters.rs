//! Claim filters and export formats of the CLI, on the seeds.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn contested(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("contested").expect("binary built");
    cmd.arg("--db").arg(db).env_remove("CONTESTED_DB");
    cmd
}

fn claims(db: &Path, filter: &[&str]) -> Vec<Value> {
    let out = contested(db).arg("claims").args(filter).args(["--format", "jsonl"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn filters_narrow_claims_by_place_actor_time_and_measure() {
    let Some(seeds) = contested_testkit::shared("seeds") else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    contested(&db).arg("ingest").arg(&seeds).assert().success();
    let all = claims(&db, &[]);

    let shusha = claims(&db, &["--place", "Shusha"]);
    assert_eq!(shusha.len(), 2, "the 289 km2 line in each seed");
    assert!(shusha.iter().all(|c| c["value"]["low"].as_f64() == Some(289.0)));

    let ministry = claims(&db, &["--actor", "defense ministry"]);
    assert!(!ministry.is_empty() && ministry.len() < all.len());
    assert!(ministry.iter().all(|c| c["attribution"].to_string().to_lowercase().contains("defense ministry")));

    let in_1993 = claims(&db, &["--since", "1993-01-01", "--until", "1993-12-31"]);
    assert!(!in_1993.is_empty());
    assert!(in_1993.iter().all(|c| c["time"]["start"].as_str().unwrap().starts_with("1993")));

    let independent = claims(&db, &["--measure", "territory", "--independent"]);
    let every = claims(&db, &["--measure", "territory"]);
    assert!(independent.len() < every.len(), "template copies fold into their original");
    assert_eq!(claims(&db, &["--limit", "3"]).len(), 3);
}

#[test]
fn exports_csv_and_geojson_for_other_tools() {
    let Some(seeds) = contested_testkit::shared("seeds") else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    contested(&db).arg("ingest").arg(&seeds).assert().success();

    let csv_file = dir.path().join("claims.csv");
    contested(&db).args(["export", "--format", "csv", "-o"]).arg(&csv_file).assert().success();
    let mut reader = csv::Reader::from_path(&csv_file).unwrap();
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), claims(&db, &[]).len());
    let text = headers.iter().position(|h| h == "text").unwrap();
    assert!(rows.iter().any(|r| &r[text] == "more than 2,000 hectares"));

    let out = contested(&db).args(["export", "--format", "geojson"]).output().unwrap();
    let geo: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    assert!(!geo["features"].as_array().unwrap().is_empty());
}

#[test]
fn exports_events_for_acled_users_and_contradictions_as_claimreview() {
    let Some(seeds) = contested_testkit::shared("seeds") else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    contested(&db).arg("ingest").arg(&seeds).assert().success();

    let out = contested(&db).args(["export", "--format", "acled"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    assert!(headers.iter().any(|h| h == "sub_event_type") && headers.iter().any(|h| h == "event_date"));
    let sub = headers.iter().position(|h| h == "sub_event_type").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert!(rows.iter().any(|r| &r[sub] == "Government regains territory"));

    let out = contested(&db).args(["export", "--format", "claimreview"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("ClaimReview") && text.contains("Contradicted by another source"), "{text}");
    assert!(!text.to_lowercase().contains("\"false\""));

    let out = contested(&db).args(["export", "--format", "events-geojson"]).output().unwrap();
    let geo: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
}
