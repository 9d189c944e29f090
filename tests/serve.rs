//! `contested serve` as a user starts it: the binary on a real ledger,
//! answering over loopback HTTP.

use assert_cmd::cargo::CommandCargoExt;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn contested(db: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut cmd = Command::cargo_bin("contested").expect("binary built");
    cmd.arg("--db").arg(db).env_remove("CONTESTED_DB").env_remove("CONTESTED_WRITE_TOKEN");
    cmd
}

/// One HTTP/1.1 request over a fresh connection; returns status and body.
fn http(addr: &str, method: &str, path: &str, headers: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n{headers}\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

fn start(db: impl AsRef<std::ffi::OsStr>, extra: &[&str]) -> (Server, String) {
    let mut child = contested(db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(extra)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.split("http://").nth(1).and_then(|r| r.split('/').next()).expect("address announced").to_string();
    (Server(child), addr)
}

#[test]
fn serve_answers_on_the_demo_ledger_and_writes_only_with_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = contested(&db).args(["demo", "--no-serve"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let (_server, addr) = start(&db, &[]);
    let (status, stats) = http(&addr, "GET", "/api/stats", "", "");
    assert_eq!(status, 200);
    let stats: serde_json::Value = serde_json::from_str(&stats).unwrap();
    let cli = String::from_utf8(contested(&db).arg("stats").output().unwrap().stdout).unwrap();
    assert!(cli.starts_with(&format!("documents: {}\n", stats["documents"])), "{cli} vs {stats}");
    let (status, page) = http(&addr, "GET", "/", "", "");
    assert_eq!(status, 200);
    assert!(page.contains("The ledger at a glance"));
    let doc = r#"{"text": "Officials said 40 houses were destroyed on May 3, 2016."}"#;
    let (status, _) = http(&addr, "POST", "/api/documents", "Content-Type: application/json\r\n", doc);
    assert_eq!(status, 403, "read-only by default");

    let (_writer, addr) = start(&db, &["--write-token", "tok-123"]);
    let (status, _) = http(&addr, "POST", "/api/documents", "Authorization: Bearer nope\r\n", doc);
    assert_eq!(status, 401);
    let (status, body) = http(&addr, "POST", "/api/documents", "Authorization: Bearer tok-123\r\n", doc);
    assert_eq!(status, 200, "{body}");
    let (_, claims) = http(&addr, "GET", "/api/claims?q=houses", "", "");
    assert!(claims.contains("40 houses"), "{claims}");
}

/// On the seeds as `ingest` reconciles them, the API and the ClaimReview
/// export both carry the contradiction between 2,000 and 800 hectares, each
/// side's evidence span slicing its document.
#[test]
fn seeds_contradiction_is_served_with_its_spans_and_as_a_claim_review() {
    let seeds = contested_testkit::require_shared!("seeds");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seeds.db");
    let out = contested(&db).arg("ingest").arg(&seeds).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let (_server, addr) = start(&db, &[]);
    let get = |path: &str| {
        let (status, body) = http(&addr, "GET", path, "", "");
        assert_eq!(status, 200, "{path}: {body}");
        body
    };
    let page: serde_json::Value = serde_json::from_str(&get("/api/findings?kind=contradiction")).unwrap();
    let items = page["items"].as_array().unwrap();
    assert!(items.iter().all(|f| f["kind"] == "contradiction"));
    // Pages of one finding, cursor to cursor, list exactly what one page of all does.
    let ids = |page: &serde_json::Value| -> Vec<String> {
        page["items"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_string()).collect()
    };
    let whole: serde_json::Value = serde_json::from_str(&get("/api/findings?limit=500")).unwrap();
    assert!(whole["next_cursor"].is_null() && ids(&whole).len() > 1, "{whole}");
    let (mut paged, mut cursor) = (Vec::new(), String::new());
    loop {
        let page: serde_json::Value = serde_json::from_str(&get(&format!("/api/findings?limit=1&cursor={cursor}"))).unwrap();
        paged.extend(ids(&page));
        assert!(paged.len() <= ids(&whole).len(), "pages repeat: {paged:?}");
        match page["next_cursor"].as_str() {
            Some(next) => cursor = next.to_string(),
            None => break,
        }
    }
    assert_eq!(paged, ids(&whole));
    let text_of = |doc: &str| -> String {
        let detail: serde_json::Value = serde_json::from_str(&get(&format!("/api/documents/{doc}"))).unwrap();
        detail["document"]["text"].as_str().unwrap().to_string()
    };
    let slice = |text: &str, span: &serde_json::Value| {
        text[span[0].as_u64().unwrap() as usize..span[1].as_u64().unwrap() as usize].to_string()
    };
    let hectares = items
        .iter()
        .find(|f| {
            let figures: Vec<String> =
                f["evidence"].as_array().unwrap().iter().map(|e| slice(&text_of(e["doc"].as_str().unwrap()), &e["span"])).collect();
            figures.iter().any(|t| t.ends_with("2,000 hectares")) && figures.iter().any(|t| t == "800 hectares")
        })
        .expect("the 2,000 vs 800 hectares contradiction");
    let ratio = hectares["figures"].as_array().unwrap().iter().find(|f| f["name"] == "ratio").unwrap()["value"].as_f64().unwrap();
    assert_eq!(ratio, 2.5);
    let mut lows: Vec<f64> = hectares["sources"].as_array().unwrap().iter().map(|s| s["low"].as_f64().unwrap()).collect();
    lows.sort_by(f64::total_cmp);
    assert_eq!(lows, [8.0, 20.0], "each side's figure in km², never merged");

    let reviews: serde_json::Value = serde_json::from_str(&get("/api/export/claimreview.jsonld")).unwrap();
    assert_eq!(reviews["@context"], "https://schema.org");
    let graph = reviews["@graph"].as_array().unwrap();
    assert_eq!(graph.len(), items.len(), "one ClaimReview per contradiction");
    let review = graph.iter().find(|r| r["@id"].as_str().unwrap().ends_with(hectares["id"].as_str().unwrap())).unwrap();
    assert_eq!(review["@type"], "ClaimReview");
    assert_eq!(review["reviewRating"]["alternateName"], "Contradicted by another source");
    assert!(review["reviewRating"].get("ratingValue").is_none(), "no true/false scale");
    assert_eq!(review["contested:ratio"], 2.5);
    let appearances = review["itemReviewed"]["appearance"].as_array().unwrap();
    assert_eq!(appearances.len(), hectares["evidence"].as_array().unwrap().len());
    for (appearance, evidence) in appearances.iter().zip(hectares["evidence"].as_array().unwrap()) {
        let text = text_of(evidence["doc"].as_str().unwrap());
        assert_eq!(appearance["text"].as_str().unwrap(), slice(&text, &evidence["sentence_span"]));
    }
}

/// Pages of claims are assembled from each claim's cached JSON once it has
/// been built: walking the ledger in small pages, twice (cold, then warm),
/// and asking for it in one page must give the same claims, in the same
/// order, byte for byte, for every filter and order.
#[test]
fn claim_pages_from_cached_claims_match_pages_built_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = contested(&db).args(["demo", "--no-serve"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (_server, addr) = start(&db, &[]);
    let items = |body: &str| -> (Vec<serde_json::Value>, Option<String>) {
        let page: serde_json::Value = serde_json::from_str(body).unwrap();
        (page["items"].as_array().unwrap().clone(), page["next_cursor"].as_str().map(str::to_string))
    };
    for filter in ["", "kind=area", "independent=true", "order=newest", "measure=killed&order=newest"] {
        let walk = |pass: &str| {
            let mut all = Vec::new();
            let mut cursor: Option<String> = None;
            loop {
                let mut path = format!("/api/claims?limit=3&pass={pass}&{filter}");
                if let Some(c) = &cursor {
                    path.push_str(&format!("&cursor={c}"));
                }
                let (status, body) = http(&addr, "GET", &path, "", "");
                assert_eq!(status, 200, "{path}: {body}");
                let (page, next) = items(&body);
                assert!(page.len() <= 3);
                all.extend(page);
                match next {
                    Some(n) => cursor = Some(n),
                    None => break all,
                }
            }
        };
        let cold = walk("cold");
        let warm = walk("warm");
        let (status, body) = http(&addr, "GET", &format!("/api/claims?limit=500&{filter}"), "", "");
        assert_eq!(status, 200);
        let (whole, next) = items(&body);
        assert!(next.is_none());
        assert!(!whole.is_empty(), "the demo ledger has claims for '{filter}'");
        assert_eq!(cold, whole, "filter '{filter}': small pages vs one page");
        assert_eq!(warm, whole, "filter '{filter}': cached claims vs built afresh");
        let ids: std::collections::HashSet<_> = whole.iter().map(|c| c["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), whole.len(), "no claim twice");
    }
}

/// Documents posted to the write endpoint are reconciled in the same
/// request: two outlets' figures for one event show up as a contradiction
/// at once, not after the next `ingest`.
#[test]
fn posted_documents_are_reconciled_at_once() {
    let dir = tempfile::tempdir().unwrap();
    posted_documents_are_reconciled_at_once_on(dir.path().join("posted.db").as_os_str());
}

#[test]
fn posted_documents_are_reconciled_at_once_on_postgres() {
    let url = contested_testkit::require_postgres!();
    posted_documents_are_reconciled_at_once_on(url.as_ref());
}

fn posted_documents_are_reconciled_at_once_on(db: &std::ffi::OsStr) {
    let (_server, addr) = start(db, &["--write-token", "tok-9"]);
    let docs = r#"[
      {"text": "Agdam report\n\nThe Defence Ministry said on Monday that its forces regained 2,000 hectares near Agdam on April 2, 2016.",
       "outlet": "first.example", "published": "2016-04-04T09:00:00Z"},
      {"text": "Agdam figures\n\nThe opposing ministry said on Monday that only 200 hectares near Agdam changed hands on April 2, 2016.",
       "outlet": "second.example", "published": "2016-04-04T10:00:00Z"}
    ]"#;
    let (status, body) = http(&addr, "POST", "/api/documents", "Authorization: Bearer tok-9\r\n", docs);
    assert_eq!(status, 200, "{body}");
    let outcome: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(outcome["inserted"], 2);
    assert!(outcome["findings"].as_u64().unwrap() >= 1, "{outcome}");
    let (status, findings) = http(&addr, "GET", "/api/findings", "", "");
    assert_eq!(status, 200);
    let findings: serde_json::Value = serde_json::from_str(&findings).unwrap();
    let ids: Vec<&str> = outcome["ids"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    let spans_both = findings["items"].as_array().unwrap().iter().any(|f| {
        let text = f.to_string();
        ids.iter().all(|id| text.contains(id))
    });
    assert!(spans_both, "a finding cites both posted documents: {findings}");
}

/// The seeds as `ingest` writes and reconciles them, served from a SQLite file
/// and from PostgreSQL: the same answers, byte for byte. Then another process
/// ingests more into the PostgreSQL ledger while it is served, and the next
/// request sees it: the cache never serves a page older than a committed write.
#[test]
fn postgres_serves_what_sqlite_serves_and_follows_other_processes_writes() {
    let seeds = contested_testkit::require_shared!("seeds");
    let url = contested_testkit::require_postgres!();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seeds.db");
    for ledger in [db.as_os_str(), url.as_ref()] {
        let out = contested(ledger).arg("ingest").arg(&seeds).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let (_sqlite, sqlite) = start(&db, &[]);
    let (_postgres, postgres) = start(&url, &["--readers", "3"]);
    let get = |addr: &str, path: &str| {
        let (status, body) = http(addr, "GET", path, "", "");
        assert_eq!(status, 200, "{path}: {body}");
        body
    };
    let documents: serde_json::Value = serde_json::from_str(&get(&sqlite, "/api/documents?limit=500")).unwrap();
    let mut paths: Vec<String> = [
        "/api/stats",
        "/api/claims?limit=500",
        "/api/claims?limit=4&cursor=4",
        "/api/claims?independent=true&order=newest",
        "/api/findings?limit=500",
        "/api/findings?kind=contradiction",
        "/api/documents?limit=500",
        "/api/export/claimreview.jsonld",
        "/findings",
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    paths.extend(documents["items"].as_array().unwrap().iter().map(|d| format!("/api/documents/{}", d["id"].as_str().unwrap())));
    // (Search is left out: each engine ranks and cuts snippets its own way;
    // crates/serve/tests/api.rs compares the hits as sets.)
    // Exports link to the server they came from.
    let answer = |addr: &str, path: &str| get(addr, path).replace(addr, "HOST");
    for path in &paths {
        assert_eq!(answer(&sqlite, path), answer(&postgres, path), "{path}: SQLite vs PostgreSQL");
    }

    let claims = |body: &str| serde_json::from_str::<serde_json::Value>(body).unwrap()["items"].as_array().unwrap().len();
    let before = claims(&get(&postgres, "/api/claims?limit=500"));
    assert_eq!(claims(&get(&postgres, "/api/claims?limit=500")), before);
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/articles");
    let out = contested(&url).arg("ingest").arg(&examples).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stats: serde_json::Value = serde_json::from_str(&get(&postgres, "/api/stats")).unwrap();
    let after = claims(&get(&postgres, "/api/claims?limit=500"));
    assert!(after > before, "the examples add claims");
    assert_eq!(after as u64, stats["claims"].as_u64().unwrap().min(500), "the next request sees every claim");
}

/// A server that cannot reach its PostgreSQL ledger says which one, without the password.
#[test]
fn an_unreachable_postgres_ledger_is_named_without_its_password() {
    let out = contested("postgres://reader:s3cret@127.0.0.1:1/ledger").args(["serve", "--addr", "127.0.0.1:0"]).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("postgres://reader:***@127.0.0.1:1/ledger"), "{stderr}");
    assert!(!stderr.contains("s3cret"), "{stderr}");
}

/// Every other command names an unreachable ledger without its password too.
#[test]
fn commands_name_an_unreachable_postgres_ledger_without_its_password() {
    for command in [&["stats"][..], &["claims"], &["ingest", "-"]] {
        let out = contested("postgres://reader:s3cret@127.0.0.1:1/ledger").args(command).output().unwrap();
        assert!(!out.status.success(), "{command:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("postgres://reader:***@127.0.0.1:1/ledger"), "{command:?}: {stderr}");
        assert!(!stderr.contains("s3cret"), "{command:?}: {stderr}");
    }
}
