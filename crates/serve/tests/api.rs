//! The API and the pages, driven through the router as a client would, on
//! ledgers built by the real pipeline stages from real articles.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use contested_core::Document;
use contested_serve::{app, Analyzer, ServeConfig};
use contested_store::{AnalyzedDocument, SqliteStore, Store};
use http_body_util::BodyExt;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower::ServiceExt;

fn analyze(document: Document) -> AnalyzedDocument {
    contested_pipeline::analyze(document, contested_extract::gazetteer::Gazetteer::builtin())
}

fn read_all(paths: &[PathBuf]) -> Vec<Document> {
    let args: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let (inputs, errors) = contested_ingest::expand(&args);
    assert!(errors.is_empty(), "{errors:?}");
    inputs.iter().flat_map(|i| contested_ingest::read(i, &Default::default())).map(|d| d.expect("readable")).collect()
}

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles")
}

fn ledger(dir: &Path, documents: Vec<Document>) -> PathBuf {
    let path = dir.join("ledger.db");
    let mut store = SqliteStore::open(&path).unwrap();
    let analyzed: Vec<_> = documents.into_iter().map(analyze).collect();
    store.put_batch(&analyzed).unwrap();
    path
}

fn router(db: &Path, token: Option<&str>) -> Router {
    router_on(&db.display().to_string(), token)
}

/// The app over a SQLite path or a `postgres://` URL.
fn router_on(db: &str, token: Option<&str>) -> Router {
    let mut config = ServeConfig::new(db, "127.0.0.1:0".parse().unwrap());
    config.write_token = token.map(str::to_string);
    config.analyzer = Some(Arc::new(analyze) as Analyzer);
    config.body_limit = 64 * 1024;
    app(&config).unwrap()
}

async fn send(app: &Router, request: Request<Body>) -> (StatusCode, String, String) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let content_type =
        response.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, content_type, String::from_utf8(body.to_vec()).unwrap())
}

async fn get(app: &Router, uri: &str) -> (StatusCode, String, String) {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn get_json(app: &Router, uri: &str) -> Value {
    let (status, content_type, body) = get(app, uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    assert!(content_type.starts_with("application/json") || content_type.contains("+json"), "{uri}: {content_type}");
    serde_json::from_str(&body).unwrap()
}

/// Follows cursors to the end, checking that pages neither repeat nor skip.
async fn all_pages(app: &Router, base: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..1000 {
        let sep = if base.contains('?') { '&' } else { '?' };
        let uri = match &cursor {
            Some(c) => format!("{base}{sep}cursor={c}"),
            None => base.to_string(),
        };
        let page = get_json(app, &uri).await;
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return items,
        }
    }
    panic!("cursor never ended");
}

fn span_text<'t>(text: &'t str, span: &Value) -> &'t str {
    &text[span[0].as_u64().unwrap() as usize..span[1].as_u64().unwrap() as usize]
}

#[tokio::test]
async fn claims_page_by_cursor_with_evidence_that_slices_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger(dir.path(), read_all(&[examples()]));
    let app = router(&db, None);
    let stats = get_json(&app, "/api/stats").await;
    let total = stats["claims"].as_u64().unwrap();
    assert!(total >= 10, "the examples carry many figures: {stats}");

    let claims = all_pages(&app, "/api/claims?limit=3").await;
    assert_eq!(claims.len() as u64, total);
    let mut ids: Vec<&str> = claims.iter().map(|c| c["id"].as_str().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len() as u64, total, "no claim twice across pages");

    let newest = all_pages(&app, "/api/claims?limit=4&order=newest").await;
    let mut reversed: Vec<&str> = newest.iter().map(|c| c["id"].as_str().unwrap()).collect();
    reversed.reverse();
    assert_eq!(reversed, claims.iter().map(|c| c["id"].as_str().unwrap()).collect::<Vec<_>>());

    for claim in &claims {
        let detail = get_json(&app, &format!("/api/documents/{}", claim["doc"].as_str().unwrap())).await;
        let text = detail["document"]["text"].as_str().unwrap();
        assert_eq!(span_text(text, &claim["span"]), claim["text"], "{claim}");
        assert_eq!(span_text(text, &claim["sentence_span"]), claim["sentence"], "{claim}");
        if claim["time"].is_object() {
            assert_eq!(span_text(text, &claim["time"]["span"]), claim["time"]["text"], "{claim}");
        }
    }
    // The API and the CLI export share one shape.
    let one = get_json(&app, &format!("/api/claims/{}", claims[0]["id"].as_str().unwrap())).await;
    assert_eq!(one, claims[0]);
}

#[tokio::test]
async fn filters_narrow_claims_to_what_they_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger(dir.path(), read_all(&[examples()]));
    let app = router(&db, None);
    let all = all_pages(&app, "/api/claims?limit=500").await;

    let area = all_pages(&app, "/api/claims?kind=area").await;
    assert!(!area.is_empty());
    assert!(area.iter().all(|c| c["kind"] == "area"));
    assert_eq!(area.len(), all.iter().filter(|c| c["kind"] == "area").count());

    let hectares = all_pages(&app, "/api/claims?q=hectares").await;
    assert!(hectares.iter().any(|c| c["text"].as_str().unwrap().contains("2,000 hectares")), "{hectares:?}");
    for c in &hectares {
        let detail = get_json(&app, &format!("/api/documents/{}", c["doc"].as_str().unwrap())).await;
        let text = detail["document"]["text"].as_str().unwrap();
        let paragraph = detail["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["span"][0].as_u64() <= c["span"][0].as_u64() && c["span"][1].as_u64() <= p["span"][1].as_u64())
            .unwrap();
        assert!(span_text(text, &paragraph["span"]).to_lowercase().contains("hectare"));
    }

    let outlet = all.iter().find_map(|c| c["outlet"].as_str()).expect("the examples name outlets").to_string();
    let by_outlet = all_pages(&app, &format!("/api/claims?outlet={outlet}")).await;
    assert!(!by_outlet.is_empty() && by_outlet.iter().all(|c| c["outlet"] == outlet.as_str()));

    // A time window keeps exactly the claims whose interval meets it.
    let in_april = all_pages(&app, "/api/claims?from=2016-04-01&to=2016-04-30").await;
    let expected = all
        .iter()
        .filter(|c| {
            c["time"].is_object()
                && c["time"]["end"].as_str().unwrap() > "2016-04-01T00:00:00Z"
                && c["time"]["start"].as_str().unwrap() < "2016-05-01T00:00:00Z"
        })
        .count();
    assert!(expected > 0);
    assert_eq!(in_april.len(), expected);

    let independent = all_pages(&app, "/api/claims?independent=true").await;
    assert!(independent.iter().all(|c| c["original"].is_null()));
    assert!(independent.len() < all.len(), "the examples repeat a template block");
}

#[tokio::test]
async fn errors_are_json_with_status_and_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger(dir.path(), read_all(&[examples()]));
    let app = router(&db, None);
    for (uri, status) in [
        ("/api/claims?kind=rumour", 400),
        ("/api/claims?cursor=abc", 400),
        ("/api/claims?limit=many", 400),
        ("/api/claims?from=yesterday", 400),
        ("/api/documents/ffffffffffffffff", 404),
        ("/api/claims/nope", 404),
        ("/api/nothing/here", 404),
    ] {
        let (got, content_type, body) = get(&app, uri).await;
        assert_eq!(got.as_u16(), status, "{uri}: {body}");
        assert!(content_type.starts_with("application/json"), "{uri}");
        let error: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(error["status"], status, "{uri}");
        assert!(!error["message"].as_str().unwrap().is_empty());
    }
}

#[tokio::test]
async fn search_finds_paragraphs_with_marked_snippets() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger(dir.path(), read_all(&[examples()]));
    let app = router(&db, None);
    let results = get_json(&app, "/api/search?q=Seysulan").await;
    let hits = results["items"].as_array().unwrap();
    assert!(!hits.is_empty());
    for hit in hits {
        assert!(hit["snippet"].as_str().unwrap().contains("Seysulan"));
        assert!(hit["snippet_html"].as_str().unwrap().contains("<mark>Seysulan</mark>"));
    }
    // FTS syntax typed into a search box is just words, never an error.
    for odd in ["\"unbalanced", "AND OR NOT", "*", "x NEAR(", "'; DROP TABLE claims; --"] {
        let (status, _, body) = get(&app, &format!("/api/search?q={}", urlencode(odd))).await;
        assert_eq!(status, StatusCode::OK, "{odd}: {body}");
    }
    let page = get(&app, "/search?q=hectares").await;
    assert_eq!(page.0, StatusCode::OK);
    assert!(page.2.contains("<mark>hectares</mark>"), "the page marks matches");
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// Article text, titles, outlets and URLs are attacker-controlled: every page
/// and API response must carry them as text, never as markup.
#[tokio::test]
async fn article_text_with_script_is_escaped_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let evil = Document::new(
        "<script>alert('text')</script> The ministry said on April 3, 2016 that more than 2,000 hectares \
         were regained near <img src=x onerror=alert(1)>.\n\nIt said 12 servicemen had died."
            .to_string(),
        Some("<script>alert('title')</script> Heights".to_string()),
        Some("<b>outlet</b>\"'".to_string()),
        Some("javascript:alert('url')".to_string()),
        Some("2016-04-03T09:30:00Z".parse().unwrap()),
        "test".to_string(),
    );
    let id = evil.id.clone();
    let db = ledger(dir.path(), vec![evil]);
    let app = router(&db, None);
    let claims = get_json(&app, &format!("/api/claims?doc={id}")).await;
    assert!(!claims["items"].as_array().unwrap().is_empty(), "the article has figures to highlight");
    for uri in [
        format!("/documents/{id}"),
        "/".to_string(),
        "/claims".to_string(),
        "/claims?outlet=%3Cb%3Eoutlet%3C%2Fb%3E%22'".to_string(),
        "/documents".to_string(),
        "/search?q=script".to_string(),
        "/search?q=%3Cscript%3E".to_string(),
        "/timeline".to_string(),
        "/map".to_string(),
    ] {
        let (status, content_type, body) = get(&app, &uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(content_type.starts_with("text/html"), "{uri}");
        assert!(!body.contains("<script>alert"), "{uri} carries a live script");
        assert!(!body.contains("<img src=x"), "{uri} carries a live image");
        assert!(!body.contains("<b>outlet"), "{uri} carries live markup");
        assert!(!body.contains("href=\"javascript:"), "{uri} links to javascript:");
    }
    let (_, _, page) = get(&app, &format!("/documents/{id}")).await;
    assert!(page.contains("&lt;script&gt;alert"), "the text is shown, escaped");
    assert!(page.contains("<mark class=\"claim"), "and its figures are highlighted");
}

#[tokio::test]
async fn assets_are_served_only_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger(dir.path(), vec![]);
    let app = router(&db, None);
    let (status, content_type, css) = get(&app, "/assets/app.css").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/css") && css.contains("mark.claim"));
    for uri in [
        "/assets/../Cargo.toml",
        "/assets/..%2F..%2FCargo.toml",
        "/assets/%2e%2e/%2e%2e/Cargo.toml",
        "/assets//etc/passwd",
        "/assets/..\\..\\Cargo.toml",
        "/assets/app.css/../../../Cargo.toml",
    ] {
        let (status, _, body) = get(&app, uri).await;
        assert_ne!(status, StatusCode::OK, "{uri}");
        assert!(!body.contains("[package]") && !body.contains("root:"), "{uri} leaked a file");
    }
}

#[tokio::test]
async fn empty_ledger_pages_and_not_yet_endpoints_work() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger(dir.path(), vec![]);
    let app = router(&db, None);
    for uri in ["/", "/claims", "/documents", "/timeline", "/map", "/findings", "/search?q=x"] {
        let (status, _, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    }
    for uri in ["/api/events", "/api/control", "/api/findings"] {
        let page = get_json(&app, uri).await;
        assert_eq!(page["items"].as_array().unwrap().len(), 0);
        assert!(page["next_cursor"].is_null());
    }
    let places = get_json(&app, "/api/places").await;
    assert_eq!(places["type"], "FeatureCollection");
    assert_eq!(places["features"].as_array().unwrap().len(), 79, "geoBoundaries' 79 districts and cities");
    let (status, _, _) = get(&app, "/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn openapi_document_lists_every_endpoint() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger(dir.path(), vec![]);
    let app = router(&db, None);
    let doc = get_json(&app, "/api/openapi.json").await;
    assert!(doc["openapi"].as_str().unwrap().starts_with('3'));
    for path in [
        "/api/claims", "/api/claims/{id}", "/api/documents", "/api/documents/{id}", "/api/search", "/api/places",
        "/api/events", "/api/control", "/api/findings", "/api/stats", "/api/export/claims.csv",
        "/api/export/events.acled.csv",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing from the OpenAPI document");
    }
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    assert!(doc["paths"]["/api/documents"]["post"].is_object());
    let params: Vec<&str> = doc["paths"]["/api/claims"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for p in ["kind", "measure", "outlet", "place", "actor", "from", "to", "q", "cursor", "limit"] {
        assert!(params.contains(&p), "claims filter {p} undocumented: {params:?}");
    }
}

#[tokio::test]
async fn writing_needs_the_token_and_respects_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger(dir.path(), vec![]);
    let body = r#"{"text": "The ministry said 12 servicemen died on April 2, 2016.", "title": "Losses", "outlet": "posted.test"}"#;
    let post = |token: Option<&str>, body: String| {
        let mut request = Request::post("/api/documents").header("content-type", "application/json");
        if let Some(t) = token {
            request = request.header("authorization", format!("Bearer {t}"));
        }
        request.body(Body::from(body)).unwrap()
    };
    let read_only = router(&db, None);
    // Asked before the write, so a cached empty page must not outlive it.
    let before = get_json(&read_only, "/api/claims?outlet=posted.test").await;
    assert_eq!(before["items"].as_array().unwrap().len(), 0);
    assert_eq!(send(&read_only, post(Some("s3cret"), body.to_string())).await.0, StatusCode::FORBIDDEN);

    let app = router(&db, Some("s3cret"));
    assert_eq!(send(&app, post(None, body.to_string())).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(send(&app, post(Some("s3cre"), body.to_string())).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(send(&app, post(Some("s3cret!"), body.to_string())).await.0, StatusCode::UNAUTHORIZED);
    let (status, _, answer) = send(&app, post(Some("s3cret"), body.to_string())).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let outcome: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(outcome["inserted"], 1);
    let (_, _, again) = send(&app, post(Some("s3cret"), format!("[{body}]"))).await;
    assert_eq!(serde_json::from_str::<Value>(&again).unwrap()["unchanged"], 1);

    for reader in [&app, &read_only] {
        let claims = get_json(reader, "/api/claims?outlet=posted.test").await;
        assert!(claims["items"].as_array().unwrap().iter().any(|c| c["text"].as_str().unwrap().contains("12 servicemen")));
    }
    let claims = get_json(&app, "/api/claims?outlet=posted.test").await;
    assert!(claims["items"].as_array().unwrap().iter().any(|c| c["text"].as_str().unwrap().contains("12 servicemen")));

    let huge = format!(r#"{{"text": "{}"}}"#, "x".repeat(100 * 1024));
    assert_eq!(send(&app, post(Some("s3cret"), huge)).await.0, StatusCode::PAYLOAD_TOO_LARGE);
    let (status, _, body) = send(&app, post(Some("s3cret"), "{not json".to_string())).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

#[tokio::test]
async fn seeds_render_on_every_view_with_claims_linking_to_their_span() {
    let seeds = contested_testkit::require_shared!("seeds");
    let dir = tempfile::tempdir().unwrap();
    let db = ledger(dir.path(), read_all(&[seeds, examples()]));
    let app = router(&db, None);
    let claims = all_pages(&app, "/api/claims?limit=500").await;
    assert!(claims.len() > 20);
    let (_, _, table) = get(&app, "/claims?limit=500").await;
    let store = SqliteStore::open(&db).unwrap();
    for claim in claims.iter().take(40) {
        let (doc, id) = (claim["doc"].as_str().unwrap(), claim["id"].as_str().unwrap());
        assert!(table.contains(&format!("/documents/{doc}#claim-{id}")), "claims table links {id}");
        let (_, _, page) = get(&app, &format!("/documents/{doc}")).await;
        let text = store.document(doc).unwrap().text;
        let figure = span_text(&text, &claim["span"]);
        let escaped = figure.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
        let mark = format!("id=\"claim-{id}\"");
        let at = page.find(&mark).unwrap_or_else(|| panic!("document page marks claim {id}"));
        let after_tag = &page[at..];
        let inner = &after_tag[after_tag.find('>').unwrap() + 1..];
        assert!(inner.starts_with(&escaped), "mark of {id} holds '{figure}', not '{}'", &inner[..figure.len().min(inner.len())]);
    }
}

#[test]
fn acled_columns_are_the_codebook_s() {
    let codebook = contested_testkit::require_shared!("data/taxonomy/acled_codebook.csv");
    let mut reader = csv::Reader::from_path(codebook).unwrap();
    let variables: Vec<String> = reader.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert_eq!(variables, contested_serve::exports::ACLED_COLUMNS);
}

/// Every event and control record the seeds yield, through the API: pages
/// neither repeat nor skip, filters narrow, and each span slices its document.
#[tokio::test]
async fn events_and_control_page_with_spans_into_their_documents() {
    let seeds = contested_testkit::require_shared!("seeds");
    let dir = tempfile::tempdir().unwrap();
    let db = ledger(dir.path(), read_all(&[seeds, examples()]));
    let store = SqliteStore::open(&db).unwrap();
    let stored_events = store.events(None).unwrap();
    let stored_control = store.control_records(None).unwrap();
    assert!(stored_events.len() >= 3, "the seeds report clashes and shelling: {}", stored_events.len());
    assert!(!stored_control.is_empty(), "the seeds say who holds places");
    let app = router(&db, None);

    let events = all_pages(&app, "/api/events?limit=2").await;
    assert_eq!(events.len(), stored_events.len());
    let ids: std::collections::BTreeSet<&str> = events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), events.len(), "no event twice across pages");
    let in_order: Vec<&str> = events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    let stored_order: Vec<&str> = stored_events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(in_order, stored_order, "keyset pages keep ledger order");
    for e in &events {
        let text = store.document(e["doc"].as_str().unwrap()).unwrap().text;
        assert_eq!(span_text(&text, &e["span"]), e["text"], "{e}");
        assert_eq!(span_text(&text, &e["sentence_span"]), e["sentence"], "{e}");
        let sub = contested_core::SubEventType::parse(e["sub_event_type"].as_str().unwrap()).expect("an ACLED sub-event type");
        assert_eq!(sub.event_type().as_str(), e["event_type"]);
        for place in e["places"].as_array().unwrap() {
            assert_eq!(span_text(&text, &place["span"]), place["name"], "{place}");
        }
    }
    let kind = events[0]["event_type"].as_str().unwrap();
    let of_kind = all_pages(&app, &format!("/api/events?kind={}", urlencode(kind))).await;
    assert_eq!(of_kind.len(), events.iter().filter(|e| e["event_type"] == kind).count());
    let doc = events[0]["doc"].as_str().unwrap();
    let of_doc = all_pages(&app, &format!("/api/events?doc={}", &doc[..10])).await;
    assert_eq!(of_doc.len(), events.iter().filter(|e| e["doc"] == doc).count());
    assert!(of_doc.iter().all(|e| e["doc"] == doc));

    let control = all_pages(&app, "/api/control?limit=1").await;
    assert_eq!(control.len(), stored_control.len());
    for c in &control {
        let text = store.document(c["doc"].as_str().unwrap()).unwrap().text;
        assert_eq!(span_text(&text, &c["span"]), c["text"], "{c}");
        assert_eq!(span_text(&text, &c["place"]["span"]), c["place"]["name"], "{c}");
        assert_eq!(span_text(&text, &c["wording_span"]), c["wording"], "{c}");
        assert!(c["kind"] == "standing" || c["kind"] == "change");
    }
    let standing = all_pages(&app, "/api/control?kind=standing").await;
    let change = all_pages(&app, "/api/control?kind=change").await;
    assert_eq!(standing.len() + change.len(), control.len());
    assert!(standing.iter().all(|c| c["kind"] == "standing"));

    for bad in ["/api/events?kind=Picnic", "/api/control?kind=sometimes", "/api/findings?kind=verdict", "/api/events?cursor=x", "/api/control?cursor=12", "/api/findings?cursor=12"] {
        let (status, _, body) = get(&app, bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
    }
}

/// The event exports carry the same events as the API: GeoJSON points at
/// gazetteer coordinates, ACLED rows under the codebook's header.
#[tokio::test]
async fn event_exports_hold_every_event() {
    let seeds = contested_testkit::require_shared!("seeds");
    let dir = tempfile::tempdir().unwrap();
    let db = ledger(dir.path(), read_all(&[seeds, examples()]));
    let app = router(&db, None);
    let events = all_pages(&app, "/api/events?limit=500").await;
    let gazetteer = contested_extract::gazetteer::Gazetteer::builtin();

    let geojson = get_json(&app, "/api/export/events.geojson").await;
    let features = geojson["features"].as_array().unwrap();
    assert_eq!(features.len() as u64 + geojson["unlocated"].as_u64().unwrap(), events.len() as u64);
    assert!(!features.is_empty(), "some seed events name a place the gazetteer knows");
    for f in features {
        let place = gazetteer.get(f["properties"]["place_id"].as_str().unwrap()).expect("a gazetteer place");
        assert_eq!(f["geometry"]["coordinates"][0].as_f64().unwrap(), place.lon);
        assert_eq!(f["geometry"]["coordinates"][1].as_f64().unwrap(), place.lat);
        let event = events.iter().find(|e| e["id"] == f["id"]).expect("the API lists it");
        assert!(event["places"].as_array().unwrap().iter().any(|p| p["place_id"] == f["properties"]["place_id"]));
    }

    let (status, content_type, csv_text) = get(&app, "/api/export/events.acled.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/csv"));
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), contested_serve::exports::ACLED_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), events.len());
    let col = |name: &str| contested_serve::exports::ACLED_COLUMNS.iter().position(|c| *c == name).unwrap();
    for (row, event) in rows.iter().zip(&events) {
        assert_eq!(&row[col("event_id_cnty")], event["id"].as_str().unwrap());
        assert_eq!(&row[col("event_type")], event["event_type"].as_str().unwrap());
        assert_eq!(&row[col("sub_event_type")], event["sub_event_type"].as_str().unwrap());
        let date = &row[col("event_date")];
        assert!(date.is_empty() || date.parse::<jiff::civil::Date>().is_ok(), "{date}");
        let actor1 = event["actor1"]["name"].as_str().unwrap_or("");
        assert_eq!(&row[col("actor1")], actor1);
        let notes = &row[col("notes")];
        let words: Vec<&str> = event["sentence"].as_str().unwrap().split_whitespace().collect();
        assert_eq!(notes, words.join(" "));
        if let Some(f) = features.iter().find(|f| f["id"] == event["id"]) {
            assert_eq!(row[col("latitude")].parse::<f64>().unwrap(), (f["geometry"]["coordinates"][1].as_f64().unwrap() * 1e4).round() / 1e4);
            assert_eq!(&row[col("location")], f["properties"]["location"].as_str().unwrap());
        }
    }
}

/// The dashboard shows events on the timeline and control records on the
/// map, each linking to its span in its document, which the document page
/// then highlights.
#[tokio::test]
async fn timeline_and_map_show_events_and_control_linking_to_highlighted_spans() {
    let seeds = contested_testkit::require_shared!("seeds");
    let dir = tempfile::tempdir().unwrap();
    let db = ledger(dir.path(), read_all(&[seeds, examples()]));
    let app = router(&db, None);
    let store = SqliteStore::open(&db).unwrap();

    let (_, _, timeline) = get(&app, "/timeline").await;
    let events = store.events(None).unwrap();
    let drawn = timeline.matches("data-event=").count();
    let datable = events.iter().filter(|e| e.time.is_some() || store.document(&e.doc).unwrap().published.is_some()).count();
    assert_eq!(drawn, datable, "every datable event is on the timeline");
    assert!(!timeline.contains(contested_serve::exports::NO_EVENTS));

    let (_, _, map) = get(&app, "/map").await;
    let control = store.control_records(None).unwrap();
    for c in &control {
        assert!(map.contains(&format!("data-control-id=\"{}\"", c.id)), "map lists control record {}", c.id);
    }
    assert!(map.contains("data-control="), "some control record colours a district");
    assert!(!map.contains("disabled"), "the time slider is live");

    let c = &control[0];
    let (status, _, page) = get(&app, &format!("/documents/{}?hl={}-{}", c.doc, c.span.start, c.span.end)).await;
    assert_eq!(status, StatusCode::OK);
    let text = store.document(&c.doc).unwrap().text;
    let at = page.find("data-hl=\"true\"").expect("the span is marked");
    let inner = &page[at..];
    let inner = &inner[inner.find('>').unwrap() + 1..];
    let evidence = c.span.slice(&text);
    let escaped = evidence.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let claim_inside = store.claims(&Default::default()).unwrap().into_iter().any(|s| s.claim.span.contains(c.span));
    if !claim_inside {
        assert!(inner.starts_with(&escaped[..escaped.len().min(20)]), "highlight holds '{evidence}'");
    }
}

// The same ledger on PostgreSQL: identical answers, a cache that follows
// writes from other connections, a pool that survives dropped connections.

/// Runs blocking PostgreSQL client work on a plain thread: the client runs a
/// runtime of its own, which tokio refuses inside a test's runtime.
fn blocking<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| scope.spawn(work).join().unwrap())
}

/// A PostgreSQL ledger holding `documents`, or `None` (skip) without PostgreSQL.
fn pg_ledger(documents: Vec<Document>) -> Option<String> {
    let url = contested_testkit::postgres()?;
    blocking(|| {
        let mut store = contested_store::PostgresStore::open(&url).unwrap();
        let analyzed: Vec<_> = documents.into_iter().map(analyze).collect();
        store.put_batch(&analyzed).unwrap();
    });
    Some(url)
}

/// Every read endpoint's answer, for comparing two servers.
async fn answers(app: &Router, uris: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for uri in uris {
        let (status, _, body) = get(app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
        out.push((uri.clone(), body));
    }
    out
}

#[tokio::test]
async fn both_backends_answer_the_same() {
    let seeds = contested_testkit::require_shared!("seeds");
    let documents = read_all(&[seeds, examples()]);
    let Some(url) = pg_ledger(documents.clone()) else { return };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = router(&ledger(dir.path(), documents), None);
    let postgres = router_on(&url, None);

    let claims = all_pages(&sqlite, "/api/claims?limit=500").await;
    assert!(claims.len() > 20);
    let docs: Vec<String> =
        all_pages(&sqlite, "/api/documents?limit=500").await.iter().map(|d| d["id"].as_str().unwrap().to_string()).collect();
    let mut uris: Vec<String> = [
        "/api/stats",
        "/api/facets",
        "/api/claims?limit=7",
        "/api/claims?limit=7&order=newest",
        "/api/claims?kind=area",
        "/api/claims?independent=true&limit=500",
        "/api/claims?q=hectares",
        "/api/claims?measure=killed&order=newest",
        "/api/claims?from=2016-04-01&to=2016-04-30",
        "/api/documents?limit=5",
        "/api/documents?order=newest&limit=500",
        "/api/events?limit=500",
        "/api/findings?limit=500",
        "/api/export/claims.jsonl",
        "/api/export/claims.csv",
    ]
    .iter()
    .map(|u| u.to_string())
    .collect();
    uris.extend(docs.iter().map(|d| format!("/api/documents/{d}")));
    uris.extend(claims.iter().step_by(5).map(|c| format!("/api/claims/{}", c["id"].as_str().unwrap())));
    // The claims again, now assembled from cached claims.
    uris.push("/api/claims?limit=500".into());
    uris.push("/api/claims?limit=7&cursor=7".into());
    let (expected, got) = (answers(&sqlite, &uris).await, answers(&postgres, &uris).await);
    let differ: Vec<&String> = expected.iter().zip(&got).filter(|((_, want), (_, have))| want != have).map(|((uri, _), _)| uri).collect();
    for ((uri, want), (_, have)) in expected.iter().zip(&got) {
        assert_eq!(want, have, "{uri}: SQLite vs PostgreSQL; all that differ: {differ:?}");
    }
    assert_eq!(all_pages(&postgres, "/api/claims?limit=3").await, claims, "paging by cursor on PostgreSQL");

    // Where the backends may order differently, the same items all the same.
    // Search ranks by each engine's own score (FTS5's bm25, ts_rank), and
    // control records at one position have no order between them.
    let sorted = |mut items: Vec<Value>, key: fn(&Value) -> String| {
        items.sort_by_key(key);
        items
    };
    for q in ["hectares", "Seysulan", "killed"] {
        let uri = format!("/api/search?q={q}&limit=500");
        let (want, have) = (get_json(&sqlite, &uri).await, get_json(&postgres, &uri).await);
        let strip = |page: &Value| -> Vec<Value> {
            page["items"].as_array().unwrap().iter().map(|h| serde_json::json!([h["doc"], h["paragraph"], h["span"], h["role"]])).collect()
        };
        assert!(!strip(&want).is_empty(), "{uri}");
        assert_eq!(sorted(strip(&want), |h| h.to_string()), sorted(strip(&have), |h| h.to_string()), "{uri}");
    }
    let control = |page: Value| page["items"].as_array().unwrap().clone();
    let (want, have) =
        (control(get_json(&sqlite, "/api/control?limit=500").await), control(get_json(&postgres, "/api/control?limit=500").await));
    assert!(!want.is_empty());
    let id = |c: &Value| c["id"].as_str().unwrap().to_string();
    assert_eq!(sorted(want, id), sorted(have, id), "control records");
}

#[tokio::test]
async fn postgres_cache_never_serves_a_page_older_than_a_committed_write() {
    let mut documents = read_all(&[examples()]);
    let later = documents.split_off(documents.len() / 2);
    let Some(url) = pg_ledger(documents) else { return };
    let app = router_on(&url, None);
    let before = get_json(&app, "/api/claims?limit=500").await;
    assert_eq!(get_json(&app, "/api/claims?limit=500").await, before, "served again, from the cache");
    let count = before["items"].as_array().unwrap().len();

    // Another connection (as another process would) writes more.
    let (total, versions) = blocking(|| {
        let mut other = contested_store::PostgresStore::open(&url).unwrap();
        let before = other.data_version().unwrap();
        other.put_batch(&later.into_iter().map(analyze).collect::<Vec<_>>()).unwrap();
        let written = other.data_version().unwrap();
        other.put_batch(&[]).unwrap();
        let total = other.stats().unwrap().claims_by_kind.iter().map(|(_, n)| n).sum::<u64>() as usize;
        (total, [before, written, other.data_version().unwrap()])
    });
    assert!(total > count);

    let after = get_json(&app, "/api/claims?limit=500").await;
    assert_eq!(after["items"].as_array().unwrap().len(), total, "the next request sees the new claims");
    assert!(versions[1] > versions[0], "a committing write moves the version: {versions:?}");
    assert_eq!(versions[2], versions[1], "a write that changes nothing does not");
    let ids: Vec<&Value> = before["items"].as_array().unwrap().iter().map(|c| &c["id"]).collect();
    assert!(ids.iter().all(|id| after["items"].as_array().unwrap().iter().any(|c| &&c["id"] == id)));
}

#[tokio::test]
async fn postgres_pool_replaces_connections_the_server_dropped() {
    let Some(url) = pg_ledger(read_all(&[examples()])) else { return };
    let app = router_on(&url, None);
    let first = get_json(&app, "/api/claims?limit=5").await;
    let stats = get_json(&app, "/api/stats").await;
    // Every other connection to this database goes, as on a server restart.
    let killed: i64 = blocking(|| {
        postgres::Client::connect(&url, postgres::NoTls)
            .unwrap()
            .query_one(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                 WHERE datname = current_database() AND pid <> pg_backend_pid()",
                &[],
            )
            .unwrap()
            .get(0)
    });
    assert!(killed >= 1, "the pool held connections");
    // More requests than the pool has connections: each dead one is replaced.
    for _ in 0..6 {
        assert_eq!(get_json(&app, "/api/stats").await, stats);
        assert_eq!(get_json(&app, "/api/claims?limit=5&fresh=1").await["items"], first["items"]);
    }
}

#[tokio::test]
async fn an_unreachable_postgres_ledger_is_named_without_its_password() {
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    let config = ServeConfig::new("postgres://reader:s3cret@127.0.0.1:1/ledger", "127.0.0.1:0".parse().unwrap());
    let error = app(&config).err().expect("no server to connect to").to_string();
    assert!(error.contains("postgres://reader:***@127.0.0.1:1/ledger"), "{error}");
    assert!(!error.contains("s3cret"), "{error}");
}

/// The values of `attribute` on every tag of `html` that carries `marker`
/// (a class or attribute text), in page order, with `&amp;` undone.
fn attribute_values(html: &str, marker: &str, attribute: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in html.match_indices(marker) {
        let tag_start = html[..at].rfind('<').unwrap();
        let tag = &html[tag_start..tag_start + html[tag_start..].find('>').unwrap()];
        let key = format!(" {attribute}=\"");
        if let Some(v) = tag.find(&key).map(|i| &tag[i + key.len()..]) {
            out.push(v[..v.find('"').unwrap()].replace("&amp;", "&"));
        }
    }
    out
}

/// Ids of the finding cards on a /findings page, in page order.
fn finding_ids(html: &str) -> Vec<String> {
    html.match_indices("<article class=\"finding\" id=\"finding-")
        .map(|(at, m)| {
            let rest = &html[at + m.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

#[tokio::test]
async fn findings_page_is_bounded_per_kind_with_more_links_that_page_to_the_end() {
    use contested_core::{Evidence, Finding, FindingKind, SourceFigure, Stance};
    let dir = tempfile::tempdir().unwrap();
    let db = ledger(dir.path(), read_all(&[examples()]));
    let claims = {
        let store = SqliteStore::open(&db).unwrap();
        let page = store.claim_page(&contested_store::ClaimQuery { limit: 500, ..Default::default() }).unwrap();
        page.claims.into_iter().map(|c| c.stored.claim).collect::<Vec<_>>()
    };
    assert!(claims.len() >= 10, "the examples carry many figures");
    // Findings shaped as reconcile writes them, each citing two real claims,
    // more contradictions than the page shows and a few denials. Several
    // share a significance, so paging must break ties by id.
    let finding = |kind: FindingKind, i: usize| {
        let n = claims.len();
        // Two different claims: b is 1..n-1 places after a.
        let (a, b) = (&claims[i % n], &claims[(i % n + 1 + (i * 7) % (n - 1)) % n]);
        let side = |c: &contested_core::Claim| SourceFigure {
            source: format!("source of {}", c.id),
            low: c.value.low,
            high: c.value.high,
            unit: c.value.unit.clone(),
            stance: Stance::Asserts,
            claims: vec![c.id.clone()],
            independent_reports: 1,
        };
        let cite = |c: &contested_core::Claim| Evidence {
            claim: c.id.clone(),
            doc: c.doc.clone(),
            span: c.span,
            sentence_span: c.sentence_span,
            role: "figure".into(),
            source: format!("source of {}", c.id),
        };
        Finding {
            id: format!("{}-{i:03}", kind.as_str()),
            kind,
            scope: format!("test:{i}"),
            significance: (i % 9) as f64 / 10.0 + 0.05,
            summary: format!("finding {i}"),
            explanation: "a / b = ratio 2".into(),
            figures: vec![("ratio".into(), 2.0)],
            sources: vec![side(a), side(b)],
            evidence: vec![cite(a), cite(b)],
        }
    };
    let mut update = contested_store::FindingsUpdate::default();
    update.findings.extend((0..75).map(|i| finding(FindingKind::Contradiction, i)));
    update.findings.extend((0..3).map(|i| finding(FindingKind::Denial, i)));
    SqliteStore::open(&db).unwrap().replace_findings(&update).unwrap();
    let app = router(&db, None);

    // The ranking the API pages through: what the page must show, in order.
    let ranked = |kind: &str| {
        let app = app.clone();
        let kind = kind.to_string();
        async move {
            all_pages(&app, &format!("/api/findings?kind={kind}&limit=500"))
                .await
                .iter()
                .map(|f| f["id"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    let (contradictions, denials) = (ranked("contradiction").await, ranked("denial").await);
    assert_eq!((contradictions.len(), denials.len()), (75, 3));

    let (status, _, page) = get(&app, "/findings").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let shown = finding_ids(&page);
    // Each kind's first ten, contradictions first, then the denials.
    let expected: Vec<String> = contradictions.iter().take(10).chain(&denials).cloned().collect();
    assert_eq!(shown, expected, "a bounded page: each kind's most significant first");
    assert!(page.contains("contradiction (75)") && page.contains("denial (3)"), "counts per kind");
    assert!(page.contains("data-count=\"78\""), "the total of the ledger's findings");
    let more = attribute_values(&page, "class=\"more\"", "href");
    assert_eq!(more.len(), 1, "only contradictions have more than the page shows: {more:?}");

    // Evidence is cut from the documents the page loads: each shown
    // sentence marks its claim's figure exactly.
    let store = SqliteStore::open(&db).unwrap();
    let spans = attribute_values(&page, "class=\"evidence-link\"", "data-span");
    let docs = attribute_values(&page, "class=\"evidence-link\"", "data-doc");
    assert_eq!(spans.len(), 2 * shown.len());
    for (span, doc) in spans.iter().zip(&docs) {
        let (start, end) = span.split_once('-').unwrap();
        let text = store.document(doc).unwrap().text;
        let figure = &text[start.parse::<usize>().unwrap()..end.parse::<usize>().unwrap()];
        let escaped = figure.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
        assert!(page.contains(&format!("<mark>{escaped}</mark>")), "the figure '{figure}' is marked");
    }

    // "More" pages through the rest by the API's cursor, to the end.
    let mut seen = shown[..10].to_vec();
    let mut next = more.into_iter().next();
    let mut pages = 0;
    while let Some(href) = next {
        let (status, _, page) = get(&app, &href).await;
        assert_eq!(status, StatusCode::OK, "{href}: {page}");
        let ids = finding_ids(&page);
        assert!(!ids.is_empty() && ids.len() <= 50, "{href}: a bounded page of one kind, not {}", ids.len());
        assert!(ids.iter().all(|id| id.starts_with("contradiction-")), "{href}: only contradictions");
        seen.extend(ids);
        next = attribute_values(&page, "class=\"more\"", "href").into_iter().next();
        pages += 1;
    }
    assert_eq!(pages, 2, "75 contradictions: 10 first, then 50 and 15");
    assert_eq!(seen, contradictions, "every contradiction once, in the API's order");

    // The page is cached until the ledger changes, and no longer.
    let (_, _, again) = get(&app, "/findings").await;
    assert_eq!(again, page, "the same page while the ledger stands still");
    let more_denials = contested_store::FindingsUpdate { findings: vec![finding(FindingKind::Denial, 3)], ..Default::default() };
    SqliteStore::open(&db).unwrap().replace_findings(&more_denials).unwrap();
    let (_, _, after_write) = get(&app, "/findings").await;
    assert!(after_write.contains("denial (4)") && finding_ids(&after_write).contains(&"denial-003".to_string()), "a write shows at once");

    for bad in ["/findings?kind=verdict", "/findings?kind=denial&cursor=12", "/findings?cursor=3fb999999999999acontradiction-001"] {
        let (status, _, _) = get(&app, bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    }
}
