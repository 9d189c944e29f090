//! `contested watch` against a feed served from this test (std TcpListener,
//! our own made-up feed XML) and a folder: conditional GETs, each item taken
//! once, a state that survives restarts and is written only after commits.

use assert_cmd::cargo::CommandCargoExt;
use contested_store::{SqliteStore, Store};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn contested(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("contested").expect("binary built");
    cmd.arg("--db").arg(db).env_remove("CONTESTED_DB");
    cmd
}

fn watch_once(db: &Path, sources: &[&str]) -> Output {
    let mut cmd = contested(db);
    cmd.args(["watch", "--once"]).args(sources);
    cmd.output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ledger_urls(db: &Path) -> BTreeSet<String> {
    let store = SqliteStore::open(db).unwrap();
    store
        .documents()
        .unwrap()
        .into_iter()
        .map(|d| d.url.unwrap_or(d.origin))
        .collect()
}

fn item(n: usize) -> String {
    format!(
        r#"<item><title>Harbour report {n}</title><link>https://harbour.example/report/{n}</link><guid>harbour-{n}</guid>
<pubDate>Mon, 0{n} Jun 2031 10:00:00 GMT</pubDate>
<description>&lt;p&gt;The harbour master of Saltmere said {n}0 fishing boats had returned to port on day {n} of the storm, and that the breakwater had held.&lt;/p&gt;</description></item>"#
    )
}

fn feed(items: usize) -> String {
    let items: String = (1..=items).map(item).collect();
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Saltmere Harbour Notes</title><link>https://harbour.example/</link><description>made up</description>{items}</channel></rss>"#
    )
}

#[derive(Default)]
struct Served {
    body: String,
    etag: String,
    /// Per request: path and the If-None-Match it carried.
    requests: Vec<(String, Option<String>)>,
    /// Answer /slow.xml only after this long (to be killed while waiting).
    slow: Option<Duration>,
}

/// A feed server of our own: /feed.xml and /slow.xml serve the feed with an
/// ETag and honour If-None-Match; anything else is 404.
struct FeedServer {
    base: String,
    served: Arc<Mutex<Served>>,
}

impl FeedServer {
    fn start(items: usize) -> FeedServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let served = Arc::new(Mutex::new(Served::default()));
        let server = FeedServer {
            base,
            served: served.clone(),
        };
        server.set_items(items);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let served = served.clone();
                std::thread::spawn(move || answer(stream, &served));
            }
        });
        server
    }

    fn set_items(&self, items: usize) {
        let mut served = self.served.lock().unwrap();
        served.body = feed(items);
        served.etag = format!("\"v{items}\"");
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn requests(&self) -> Vec<(String, Option<String>)> {
        self.served.lock().unwrap().requests.clone()
    }
}

fn answer(stream: TcpStream, served: &Mutex<Served>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .to_string();
    let mut if_none_match = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("if-none-match") {
                if_none_match = Some(value.trim().to_string());
            }
        }
    }
    let (body, etag, slow) = {
        let mut served = served.lock().unwrap();
        served.requests.push((path.clone(), if_none_match.clone()));
        (served.body.clone(), served.etag.clone(), served.slow)
    };
    if path == "/slow.xml" {
        if let Some(delay) = slow {
            std::thread::sleep(delay);
        }
    }
    let mut stream = stream;
    let response = if path != "/feed.xml" && path != "/slow.xml" {
        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
    } else if if_none_match.as_deref() == Some(etag.as_str()) {
        format!("HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\nConnection: close\r\n\r\n")
    } else {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nETag: {etag}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    let _ = stream.write_all(response.as_bytes());
}

fn state(db: &Path) -> serde_json::Value {
    let path = format!("{}.watch.json", db.display());
    serde_json::from_slice(&std::fs::read(path).expect("state file beside the ledger")).unwrap()
}

#[test]
fn each_item_is_taken_once_with_conditional_gets_and_the_state_survives_restarts() {
    let server = FeedServer::start(2);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    std::fs::write(
        inbox.join("notice.txt"),
        "The ferry to Saltmere will carry 120 passengers a day from Monday, the operator said.\n",
    )
    .unwrap();
    let url = server.url("/feed.xml");
    let inbox_arg = inbox.display().to_string();
    let sources = [url.as_str(), inbox_arg.as_str()];

    let first = watch_once(&db, &sources);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("ingested 3 new document(s)"),
        "{}",
        stderr(&first)
    );
    let urls = ledger_urls(&db);
    assert!(
        urls.contains("https://harbour.example/report/1")
            && urls.contains("https://harbour.example/report/2"),
        "{urls:?}"
    );
    assert_eq!(urls.len(), 3);

    // The state is a file of its own, read back by a new process.
    let saved = state(&db);
    assert_eq!(saved["feeds"][&url]["etag"], "\"v2\"");
    let seen: Vec<&str> = saved["feeds"][&url]["seen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(seen, ["harbour-1", "harbour-2"]);
    let files = saved["folders"][&inbox_arg]["files"].as_object().unwrap();
    assert_eq!(files.len(), 1);
    let notice = files.values().next().unwrap();
    assert_eq!(
        notice["size"],
        std::fs::metadata(inbox.join("notice.txt")).unwrap().len()
    );
    assert_eq!(notice["hash"].as_str().unwrap().len(), 32);

    // Nothing changed: the GET is conditional and the server says so.
    let second = watch_once(&db, &sources);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("ingested 0 new document(s)"),
        "{}",
        stderr(&second)
    );
    assert!(
        stderr(&second).contains("2 source(s) with nothing new"),
        "{}",
        stderr(&second)
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].1, None, "first request is unconditional");
    assert_eq!(
        requests[1].1.as_deref(),
        Some("\"v2\""),
        "second sends the saved ETag"
    );
    assert_eq!(ledger_urls(&db).len(), 3);

    // One more item: exactly one new document, the old two are not re-read.
    server.set_items(3);
    let third = watch_once(&db, &sources);
    assert!(third.status.success(), "{}", stderr(&third));
    assert!(
        stderr(&third).contains("ingested 1 new document(s), 0 unchanged"),
        "{}",
        stderr(&third)
    );
    assert!(ledger_urls(&db).contains("https://harbour.example/report/3"));
    assert_eq!(state(&db)["feeds"][&url]["etag"], "\"v3\"");

    // A new file in the folder is picked up; the old one is not read again.
    std::fs::write(inbox.join("later.md"), "---\nurl: https://harbour.example/later\n---\nThe breakwater at Saltmere will be raised by 2 metres next year.\n").unwrap();
    let fourth = watch_once(&db, &sources);
    assert!(fourth.status.success(), "{}", stderr(&fourth));
    assert!(
        stderr(&fourth).contains("ingested 1 new document(s), 0 unchanged"),
        "{}",
        stderr(&fourth)
    );
    assert!(ledger_urls(&db).contains("https://harbour.example/later"));
    assert_eq!(
        state(&db)["folders"][&inbox_arg]["files"]
            .as_object()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(ledger_urls(&db).len(), 5);

    // --state puts the state elsewhere; a fresh state re-reads everything,
    // which the ledger recognises as unchanged.
    let elsewhere = dir.path().join("elsewhere.json");
    let out = contested(&db)
        .args(["watch", "--once", "--state"])
        .arg(&elsewhere)
        .args(sources)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("ingested 0 new document(s), 5 unchanged"),
        "{}",
        stderr(&out)
    );
    assert!(elsewhere.exists());
}

#[test]
fn a_failing_feed_is_reported_and_the_other_sources_go_on() {
    let server = FeedServer::start(2);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    let missing = server.url("/gone.xml");
    let good = server.url("/feed.xml");
    let nowhere = dir.path().join("no-such-folder").display().to_string();
    let out = watch_once(&db, &[&missing, &good, &nowhere]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("failed {missing}: the server answered HTTP 404")),
        "{err}"
    );
    assert!(
        err.contains(&format!("failed {nowhere}: no such file or folder")),
        "{err}"
    );
    assert_eq!(
        ledger_urls(&db).len(),
        2,
        "the good feed after the bad one is ingested"
    );
    let saved = state(&db);
    assert!(
        saved["feeds"].get(&missing).is_none(),
        "a failed feed is not recorded"
    );
    assert_eq!(saved["feeds"][&good]["seen"].as_array().unwrap().len(), 2);
}

#[test]
fn a_killed_watcher_never_marks_unread_items_as_seen_and_ctrl_c_stops_cleanly() {
    let server = FeedServer::start(2);
    server.served.lock().unwrap().slow = Some(Duration::from_secs(30));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    let fast = server.url("/feed.xml");
    let slow = server.url("/slow.xml");

    // Killed while the second feed's response is awaited: the first feed is
    // committed and recorded, the second is neither.
    let mut child = contested(&db)
        .args(["watch", "--once", &fast, &slow])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !server
        .requests()
        .iter()
        .any(|(path, _)| path == "/slow.xml")
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the watcher never asked for the slow feed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let saved = state(&db);
    assert_eq!(saved["feeds"][&fast]["seen"].as_array().unwrap().len(), 2);
    assert!(saved["feeds"].get(&slow).is_none(), "{saved}");
    assert_eq!(
        ledger_urls(&db).len(),
        2,
        "what the state vouches for is in the ledger"
    );

    // The restart takes up the slow feed (same items, so found unchanged)
    // and asks the first conditionally.
    server.served.lock().unwrap().slow = None;
    let out = watch_once(&db, &[&fast, &slow]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("ingested 0 new document(s), 2 unchanged"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        state(&db)["feeds"][&slow]["seen"].as_array().unwrap().len(),
        2
    );
    let requests = server.requests();
    assert_eq!(
        requests
            .iter()
            .filter(|(p, inm)| p == "/feed.xml" && inm.is_some())
            .count(),
        1
    );

    // A watcher polling every second ends on SIGINT with status 0.
    let mut child = contested(&db)
        .args(["watch", "--every", "1s", &fast])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let before = server.requests().len();
    let started = Instant::now();
    while server.requests().len() < before + 2 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the watcher did not poll again"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the watcher ignored Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit:?}");
}
