//! `contested gazetteer add`: user places persist in the ledger and resolve in claims.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn contested(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("contested").expect("binary built");
    cmd.arg("--db").arg(db).env_remove("CONTESTED_DB");
    cmd
}

#[test]
fn added_places_resolve_in_later_claims() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    // Villages invented for the test, so no built-in place can answer for them.
    let csv = dir.path().join("places.csv");
    std::fs::write(&csv, "name,lat,lon,kind,country,alt_names\nZorvanik,40.1,46.5,village,AZ,Zorvaniq|Zorvanyk\n").unwrap();
    let geonames = dir.path().join("geonames.txt");
    let row = [
        "9990001", "Qeltepe", "Qeltepe", "Keltepe,Qəltəpə", "40.2", "46.6", "P", "PPL", "AZ", "", "", "", "", "", "120", "",
        "900", "Asia/Baku", "2020-01-01",
    ];
    std::fs::write(&geonames, format!("{}\n", row.join("\t"))).unwrap();

    for file in [&csv, &geonames] {
        let out = contested(&db).args(["gazetteer", "add"]).arg(file).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("1 new"));
    }
    // Adding again updates, not duplicates.
    let again = contested(&db).args(["gazetteer", "add"]).arg(&csv).output().unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 new, 1 updated"));

    let article = dir.path().join("report.txt");
    std::fs::write(
        &article,
        "Troops shelled Zorvaniq overnight.\n\nThe ministry said 12 soldiers were wounded near Zorvaniq and 3 near Keltepe on April 2, 2016.\n",
    )
    .unwrap();
    contested(&db).arg("ingest").arg(&article).assert().success();
    let out = contested(&db).args(["claims", "--format", "jsonl"]).output().unwrap();
    let claims: Vec<Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let place_ids: Vec<&str> = claims
        .iter()
        .flat_map(|c| c["places"].as_array().unwrap().iter().filter_map(|p| p["place_id"].as_str()))
        .collect();
    assert!(place_ids.iter().any(|id| id.contains("zorvanik")), "{place_ids:?}");
    assert!(place_ids.contains(&"geonames:9990001"), "{place_ids:?}");

    let found = contested(&db).args(["gazetteer", "find", "Clashes near Zorvanyk"]).output().unwrap();
    assert!(String::from_utf8_lossy(&found.stdout).contains("Zorvanyk"));
}
