//! Several `contested worker` processes draining one queue on one PostgreSQL
//! ledger make exactly the ledger one worker makes, and the one a plain
//! `contested ingest` into SQLite makes.

use assert_cmd::cargo::CommandCargoExt;
use std::process::{Command, Stdio};

fn contested(db: &str) -> Command {
    let mut cmd = Command::cargo_bin("contested").expect("binary built");
    cmd.arg("--db").arg(db).env_remove("CONTESTED_DB");
    cmd
}

fn run(mut cmd: Command) -> String {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn export(db: &str) -> String {
    let mut cmd = contested(db);
    cmd.args(["export", "--format", "jsonl"]);
    run(cmd)
}

fn queue(db: &str, corpus: &std::path::Path) {
    let mut cmd = contested(db);
    cmd.args(["ingest", "--queue", "--no-progress"]).arg(corpus);
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("waiting for workers"), "{said}");
}

/// Starts `n` workers at once and waits for all of them.
fn workers(db: &str, n: usize, batch: usize) {
    let children: Vec<_> = (0..n)
        .map(|i| {
            contested(db)
                .args(["worker", "--until-empty", "--batch", &batch.to_string(), "--reconcile-every", "3"])
                .args(["--name", &format!("w{i}")])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

/// Panics with the first line where two exported ledgers differ.
fn assert_same(left: &str, right: &str, what: &str) {
    if left == right {
        return;
    }
    let at = left.lines().zip(right.lines()).position(|(a, b)| a != b);
    let line = |s: &str| at.and_then(|i| s.lines().nth(i)).unwrap_or("").chars().take(800).collect::<String>();
    panic!("{what} (line {at:?} of {}/{}):\n  left: {}\n right: {}", left.lines().count(), right.lines().count(), line(left), line(right));
}

fn documents(ledger: &str) -> usize {
    ledger.lines().filter(|l| l.contains("\"type\":\"document\"")).count()
}

#[test]
fn four_workers_make_the_ledger_one_worker_and_a_plain_ingest_make() {
    let corpus = contested_testkit::require_shared!("data/corpus/fakes/FA-KES-Dataset.csv");
    let Some(many) = contested_testkit::postgres() else { return };
    let one = contested_testkit::postgres().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("plain.db").display().to_string();

    let mut plain = contested(&sqlite);
    plain.args(["ingest", "--no-progress"]).arg(&corpus);
    run(plain);
    let expected = export(&sqlite);
    assert!(documents(&expected) > 700, "{} documents", documents(&expected));
    assert!(expected.contains("\"type\":\"finding\""), "the ledger has findings to compare");

    queue(&many, &corpus);
    // Queuing again changes nothing: ids are content hashes.
    queue(&many, &corpus);
    // Small batches, so that the workers really interleave their batches
    // and their reconciliations.
    workers(&many, 4, 16);
    let by_four = export(&many);

    queue(&one, &corpus);
    workers(&one, 1, 64);
    let by_one = export(&one);

    assert_eq!(documents(&by_four), documents(&expected));
    assert_same(&by_one, &by_four, "four workers made a different ledger than one");
    assert_same(&by_one, &expected, "workers on PostgreSQL made a different ledger than ingest into SQLite");

    // Nothing is left queued, and a worker with nothing to do leaves at once.
    let mut stats = contested(&many);
    stats.arg("stats");
    assert!(run(stats).contains(&format!("documents: {}", documents(&expected))));
    workers(&many, 1, 16);
    assert_same(&export(&many), &by_four, "an idle worker changed the ledger");
}

/// The same on SQLite: workers sharing one file wait for each other's
/// write lock instead of failing.
#[test]
fn workers_share_a_sqlite_ledger_too() {
    let corpus = contested_testkit::require_shared!("data/corpus/fakes/FA-KES-Dataset.csv");
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.db").display().to_string();
    let queued = dir.path().join("queued.db").display().to_string();
    let mut ingest = contested(&plain);
    ingest.args(["ingest", "--no-progress"]).arg(&corpus);
    run(ingest);
    queue(&queued, &corpus);
    workers(&queued, 3, 32);
    assert_same(&export(&queued), &export(&plain), "workers on SQLite made a different ledger than ingest");
}
