//! The dashboard: server-rendered pages (maud escapes every interpolated
//! value), with a little vendored JavaScript for sorting, tooltips, zooming
//! and the map's slider. Article text is only ever interpolated as text.

use crate::api::{self, claim_page_for, claim_query, stats_of, ClaimParams, StatsDto};
use crate::error::ApiError;
use crate::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use contested_core::Span;
use contested_store::{ClaimEvidence, ClaimQuery, Facets, Store};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;

type Shared = State<Arc<AppState>>;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(overview))
        .route("/claims", get(claims))
        .route("/documents", get(documents))
        .route("/documents/{id}", get(document))
        .route("/search", get(search))
        .route("/timeline", get(timeline))
        .route("/map", get(map))
        .route("/findings", get(findings))
        .fallback(not_found)
}

/// HTML-escapes text for the few places that build markup by hand (search
/// snippets, whose match marks become `<mark>` after escaping).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

struct PageError(ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = layout(
            "Not here",
            "",
            html! {
                section.empty {
                    h1 { (status.as_u16()) " · " (status.canonical_reason().unwrap_or("error")) }
                    p { (self.0.message) }
                    p { a href="/" { "Back to the overview" } }
                }
            },
        );
        (status, Html(body.into_string())).into_response()
    }
}

type PageResult = Result<Html<String>, PageError>;

async fn not_found() -> PageError {
    PageError(ApiError::not_found("There is no page at this address."))
}

const NAV: &[(&str, &str)] = &[
    ("/", "Overview"),
    ("/claims", "Claims"),
    ("/documents", "Documents"),
    ("/timeline", "Timeline"),
    ("/map", "Map"),
    ("/findings", "Contradictions & checks"),
];

fn layout(title: &str, active: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · contested" }
                link rel="icon" href="/assets/icon.svg" type="image/svg+xml";
                link rel="stylesheet" href="/assets/app.css";
                script src="/assets/app.js" defer {}
            }
            body {
                header.top {
                    a.brand href="/" { span.logo { "⟷" } " contested" }
                    nav {
                        @for (href, label) in NAV {
                            a.active[*href == active] href=(href) { (label) }
                        }
                    }
                    form.search action="/search" method="get" role="search" {
                        input type="search" name="q" placeholder="Search the articles…" aria-label="Search";
                    }
                }
                main { (body) }
                footer {
                    "Every figure is somebody's claim, never a fact. "
                    a href="/api/openapi.json" { "API (OpenAPI)" }
                    " · map: Natural Earth, geoBoundaries (CC BY-SA 3.0)"
                }
                div #tip role="tooltip" hidden {}
            }
        }
    }
}

async fn read_page(
    state: &Arc<AppState>,
    work: impl FnOnce(&contested_store::SqliteStore, &AppState) -> Result<Markup, ApiError> + Send + 'static,
) -> PageResult {
    let shared = Arc::clone(state);
    let markup = state.readers.read(move |store| work(store, &shared)).await?;
    Ok(Html(markup.into_string()))
}

fn short(id: &str) -> &str {
    &id[..id.len().min(8)]
}

/// "> 20 km²", "~180 km", "10–15 person": a figure as a reader says it.
pub fn figure(c: &ClaimEvidence) -> String {
    let v = &c.stored.claim.value;
    let n = |x: f64| {
        if x.fract() == 0.0 && x.abs() < 1e15 {
            let digits = format!("{}", x as i64);
            let mut grouped = String::new();
            for (i, ch) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 && ch != '-' {
                    grouped.push(',');
                }
                grouped.push(ch);
            }
            grouped
        } else {
            format!("{x:.3}").trim_end_matches('0').trim_end_matches('.').to_string()
        }
    };
    let q = v.qualifier.as_str();
    let body = match (v.low, v.high) {
        (Some(l), Some(h)) if l == h => n(l),
        (Some(l), Some(h)) => format!("{}–{}", n(l), n(h)),
        (Some(l), None) if q == "more_than" => format!("> {}", n(l)),
        (Some(l), None) => format!("≥ {}", n(l)),
        (None, Some(h)) if q == "less_than" => format!("< {}", n(h)),
        (None, Some(h)) => format!("≤ {}", n(h)),
        (None, None) => "?".to_string(),
    };
    let unit = match v.unit.as_str() {
        "km2" => "km²",
        "person" => "people",
        "item" => "",
        "number" => "",
        "percent" => "%",
        other => other,
    };
    let approx = if q == "approximate" { "~" } else { "" };
    format!("{approx}{body} {unit}").trim().to_string()
}

/// Who says it: the chain of speakers, outermost first.
fn said_by(c: &ClaimEvidence) -> String {
    let chain: Vec<String> = c
        .stored
        .claim
        .attribution
        .iter()
        .map(|a| match a.stance.as_str() {
            "asserts" => a.speaker.clone(),
            stance => format!("{} ({stance})", a.speaker),
        })
        .collect();
    if chain.is_empty() {
        c.stored.outlet.clone().unwrap_or_else(|| "—".to_string())
    } else {
        chain.join(" › ")
    }
}

/// The side a claim belongs to on the timeline: the innermost speaker, else the outlet.
fn side(c: &ClaimEvidence) -> String {
    c.stored
        .claim
        .attribution
        .last()
        .map(|a| a.speaker.clone())
        .or_else(|| c.stored.outlet.clone())
        .unwrap_or_else(|| "unattributed".to_string())
}

fn tip(c: &ClaimEvidence) -> String {
    let claim = &c.stored.claim;
    let mut lines = vec![format!("{} · {}", figure(c), claim.kind.as_str())];
    if let Some(m) = &claim.measure {
        lines.push(format!("measure: {m}"));
    }
    if let Some(v) = &claim.verb {
        lines.push(format!("verb: {v}"));
    }
    if let (Some(t), Some(text)) = (&claim.time, &c.time_text) {
        lines.push(format!("when: {text} ({} → {})", t.start.strftime("%Y-%m-%d"), t.end.strftime("%Y-%m-%d")));
    }
    if !claim.places.is_empty() {
        lines.push(format!("where: {}", claim.places.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ")));
    }
    lines.push(format!("said by: {}", said_by(c)));
    lines.push(format!("paragraph: {} · carried by {} document(s), {} outlet(s)", c.stored.role.as_str(), c.stored.documents, c.stored.outlets));
    lines.join("\n")
}

/// The sentence with the figure marked.
fn evidence(c: &ClaimEvidence) -> Markup {
    let claim = &c.stored.claim;
    let start = claim.span.start.saturating_sub(claim.sentence_span.start);
    let end = claim.span.end.saturating_sub(claim.sentence_span.start);
    match (c.sentence.get(..start), c.sentence.get(start..end), c.sentence.get(end..)) {
        (Some(before), Some(fig), Some(after)) if !fig.is_empty() => html! { (before) mark { (fig) } (after) },
        _ => html! { mark { (c.text) } },
    }
}

fn kind_badge(kind: &str) -> Markup {
    html! { span class=(format!("badge kind-{kind}")) { (kind) } }
}

fn role_badge(role: &str) -> Markup {
    html! { span class=(format!("badge role-{role}")) { (role) } }
}

fn empty(title: &str, text: &str) -> Markup {
    html! { div.empty { strong { (title) } p { (text) } } }
}

// ---------------------------------------------------------------- overview

fn bars(counts: &BTreeMap<String, u64>, class_prefix: &str) -> Markup {
    let max = counts.values().copied().max().unwrap_or(0).max(1);
    html! {
        ul.bars {
            @for (name, n) in counts {
                li {
                    span.label { (name) }
                    span.bar { span class=(format!("fill {class_prefix}{name}")) style=(format!("width:{:.1}%", *n as f64 * 100.0 / max as f64)) {} }
                    span.n { (n) }
                }
            }
        }
    }
}

async fn overview(State(state): Shared) -> PageResult {
    read_page(&state, |store, _| {
        let stats: StatsDto = stats_of(store)?;
        let latest = store.document_page(None, 8, true)?;
        // Figures carried by several documents look like confirmation but are
        // often copies: the first things a reader should check.
        let mut repeated: Vec<ClaimEvidence> = store
            .claim_page(&ClaimQuery { independent_only: true, limit: 500, ..Default::default() })?
            .claims
            .into_iter()
            .filter(|c| c.stored.documents > 1)
            .collect();
        repeated.sort_by(|a, b| b.stored.documents.cmp(&a.stored.documents));
        repeated.truncate(6);
        Ok(layout(
            "Overview",
            "/",
            html! {
                h1 { "The ledger at a glance" }
                section.cards {
                    div.card { span.big { (stats.documents) } span { "documents" } }
                    div.card { span.big { (stats.claims) } span { "claims" } }
                    div.card { span.big { (stats.independent_claims) } span { "independent claims" } }
                    div.card { span.big { (stats.paragraphs) } span { "paragraphs" } }
                }
                div.grid2 {
                    section.panel {
                        h2 { "Claims by kind" }
                        @if stats.claims_by_kind.is_empty() { (empty("No claims yet", "Ingest articles with `contested ingest`.")) }
                        @else { (bars(&stats.claims_by_kind, "kind-")) }
                    }
                    section.panel {
                        h2 { "Paragraphs by role" }
                        @if stats.paragraphs_by_role.is_empty() { (empty("No paragraphs yet", "")) }
                        @else { (bars(&stats.paragraphs_by_role, "role-")) }
                    }
                }
                div.grid2 {
                    section.panel {
                        h2 { "Latest documents" }
                        @if latest.documents.is_empty() { (empty("No documents yet", "Ingest articles with `contested ingest`.")) }
                        ul.doclist {
                            @for d in &latest.documents {
                                li {
                                    a href=(format!("/documents/{}", d.id)) { (d.title.as_deref().unwrap_or("(untitled)")) }
                                    span.meta { (d.outlet.as_deref().unwrap_or("unknown outlet")) " · " (d.published.as_deref().map(|p| &p[..p.len().min(10)]).unwrap_or("undated")) " · " (d.claims) " claims" }
                                }
                            }
                        }
                    }
                    section.panel {
                        h2 { "Top findings" }
                        (empty("No contradictions or checks yet", crate::exports::NO_FINDINGS))
                        @if !repeated.is_empty() {
                            h3 { "Figures repeated across documents" }
                            p.hint { "Carried by several documents: copies and templates count once." }
                            ul.doclist {
                                @for c in &repeated {
                                    li {
                                        a href=(format!("/documents/{}#claim-{}", c.stored.claim.doc, c.stored.claim.id)) { "“" (c.text) "”" }
                                        span.meta { (c.stored.documents) " documents · " (c.stored.outlets) " outlet(s) · " (c.stored.claim.kind.as_str()) }
                                    }
                                }
                            }
                        }
                    }
                }
            },
        ))
    })
    .await
}

// ---------------------------------------------------------------- claims

fn select(name: &str, label: &str, options: &[String], current: &Option<String>) -> Markup {
    html! {
        label { (label)
            select name=(name) {
                option value="" { "any" }
                @for o in options {
                    option value=(o) selected[current.as_deref() == Some(o.as_str())] { (o) }
                }
            }
        }
    }
}

fn text_input(name: &str, label: &str, current: &Option<String>, placeholder: &str) -> Markup {
    html! { label { (label) input type="text" name=(name) value=(current.as_deref().unwrap_or("")) placeholder=(placeholder); } }
}

fn filter_form(p: &ClaimParams, facets: &Facets) -> Markup {
    let kinds: Vec<String> = contested_core::ClaimKind::ALL.iter().map(|k| k.as_str().to_string()).collect();
    html! {
        form.filters method="get" action="/claims" {
            (select("kind", "Kind", &kinds, &p.kind))
            (select("measure", "Measure", &facets.measures, &p.measure))
            (select("outlet", "Outlet", &facets.outlets, &p.outlet))
            (text_input("place", "Place", &p.place, "Kalbajar"))
            (text_input("actor", "Said by", &p.actor, "ministry"))
            label { "From" input type="date" name="from" value=(p.from.as_deref().unwrap_or("")); }
            label { "To" input type="date" name="to" value=(p.to.as_deref().unwrap_or("")); }
            (text_input("q", "Words", &p.q, "hectares"))
            label.check { input type="checkbox" name="independent" value="true" checked[p.independent == Some(true)]; "independent only" }
            button type="submit" { "Filter" }
            a.reset href="/claims" { "reset" }
        }
    }
}

fn query_string(p: &ClaimParams, cursor: &str) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    for (k, v) in [
        ("kind", &p.kind),
        ("measure", &p.measure),
        ("outlet", &p.outlet),
        ("place", &p.place),
        ("actor", &p.actor),
        ("from", &p.from),
        ("to", &p.to),
        ("q", &p.q),
        ("doc", &p.doc),
        ("order", &p.order),
    ] {
        if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
            pairs.push((k, v.clone()));
        }
    }
    if p.independent == Some(true) {
        pairs.push(("independent", "true".into()));
    }
    pairs.push(("cursor", cursor.to_string()));
    pairs.iter().map(|(k, v)| format!("{k}={}", percent(v))).collect::<Vec<_>>().join("&")
}

fn percent(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn claims_table(claims: &[ClaimEvidence]) -> Markup {
    html! {
        table.claims.sortable {
            thead { tr {
                th data-sort="num" { "Figure" } th { "Kind" } th { "Measure" } th.wide { "Evidence" }
                th { "When" } th { "Said by" } th { "Outlet" } th { "Role" } th data-sort="num" { "Carried by" }
            } }
            tbody {
                @for c in claims {
                    @let claim = &c.stored.claim;
                    tr data-claim=(claim.id) {
                        td.fig data-value=(claim.value.low.or(claim.value.high).unwrap_or(0.0)) title=(tip(c)) { (figure(c)) }
                        td { (kind_badge(claim.kind.as_str())) }
                        td { (claim.measure.as_deref().unwrap_or("—")) }
                        td.evidence { a href=(format!("/documents/{}#claim-{}", claim.doc, claim.id)) { (evidence(c)) } }
                        td.nowrap { (c.time_text.as_deref().unwrap_or("—")) }
                        td { (said_by(c)) }
                        td { (c.stored.outlet.as_deref().unwrap_or("—")) }
                        td { (role_badge(c.stored.role.as_str())) }
                        td data-value=(c.stored.documents) { (c.stored.documents) " docs / " (c.stored.outlets) " outlets" }
                    }
                }
            }
        }
    }
}

async fn claims(State(state): Shared, q: Result<Query<ClaimParams>, QueryRejection>) -> PageResult {
    let params = q.map(|Query(p)| p).map_err(|e| PageError(ApiError::bad_request(e.body_text())))?;
    let query = claim_query(&params, 100)?;
    read_page(&state, move |store, _| {
        let facets = store.facets()?;
        let page = claim_page_for(store, query)?;
        Ok(layout(
            "Claims",
            "/claims",
            html! {
                h1 { "Claims" }
                p.hint { "Each row is a figure as somebody states it. Click the evidence to see it in its article; click a column to sort this page." }
                (filter_form(&params, &facets))
                @if page.claims.is_empty() { (empty("No claims match", "Loosen the filters, or ingest more articles.")) }
                @else {
                    (claims_table(&page.claims))
                }
                @if let Some(next) = page.next {
                    p.pager { a.next href=(format!("/claims?{}", query_string(&params, &next.to_string()))) { "Next page →" } }
                }
            },
        ))
    })
    .await
}

// ---------------------------------------------------------------- documents

#[derive(Debug, Deserialize)]
struct CursorParams {
    cursor: Option<String>,
}

async fn documents(State(state): Shared, q: Result<Query<CursorParams>, QueryRejection>) -> PageResult {
    let cursor = q.ok().and_then(|Query(p)| p.cursor).filter(|c| !c.is_empty());
    read_page(&state, move |store, _| {
        let page = store.document_page(cursor.as_deref(), 100, false)?;
        Ok(layout(
            "Documents",
            "/documents",
            html! {
                h1 { "Documents" }
                @if page.documents.is_empty() { (empty("No documents yet", "Ingest articles with `contested ingest`.")) }
                @else {
                    table.sortable {
                        thead { tr { th { "Published" } th { "Outlet" } th.wide { "Title" } th data-sort="num" { "Paragraphs" } th data-sort="num" { "Claims" } } }
                        tbody {
                            @for d in &page.documents {
                                tr {
                                    td.nowrap { (d.published.as_deref().map(|p| &p[..p.len().min(10)]).unwrap_or("—")) }
                                    td { (d.outlet.as_deref().unwrap_or("—")) }
                                    td { a href=(format!("/documents/{}", d.id)) { (d.title.as_deref().unwrap_or("(untitled)")) } }
                                    td data-value=(d.paragraphs) { (d.paragraphs) }
                                    td data-value=(d.claims) { (d.claims) }
                                }
                            }
                        }
                    }
                }
                @if let Some(next) = &page.next {
                    p.pager { a.next href=(format!("/documents?cursor={}", percent(next))) { "Next page →" } }
                }
            },
        ))
    })
    .await
}

/// A paragraph's text with the claims inside it marked. Overlapping claims
/// keep the first; the rest are still listed beside the text.
fn marked_paragraph(text: &str, span: Span, claims: &[&ClaimEvidence]) -> Markup {
    let mut pieces: Vec<Markup> = Vec::new();
    let mut at = span.start;
    let mut sorted: Vec<&&ClaimEvidence> = claims.iter().collect();
    sorted.sort_by_key(|c| (c.stored.claim.span.start, std::cmp::Reverse(c.stored.claim.span.end)));
    for c in sorted {
        let s = c.stored.claim.span;
        if s.start < at || s.end > span.end {
            continue;
        }
        let (Some(before), Some(inner)) = (text.get(at..s.start), text.get(s.start..s.end)) else { continue };
        pieces.push(html! { (before) });
        let claim = &c.stored.claim;
        pieces.push(html! {
            mark class=(format!("claim kind-{}", claim.kind.as_str())) id=(format!("claim-{}", claim.id))
                 tabindex="0" data-tip=(tip(c)) { (inner) }
        });
        at = s.end;
    }
    let rest = text.get(at..span.end).unwrap_or("");
    html! { @for p in pieces { (p) } (rest) }
}

fn safe_url(url: &str) -> Option<&str> {
    (url.starts_with("https://") || url.starts_with("http://")).then_some(url)
}

async fn document(State(state): Shared, Path(id): Path<String>) -> PageResult {
    read_page(&state, move |store, _| {
        let id = store.resolve_id(&id)?;
        let doc = store.document(&id)?;
        let paragraphs = store.paragraphs(&id)?;
        let claims = api::all_claims_of(store, &id)?;
        let title = doc.title.clone().unwrap_or_else(|| "(untitled)".to_string());
        Ok(layout(
            &title,
            "/documents",
            html! {
                article.document {
                    header {
                        h1 { (title) }
                        p.meta {
                            (doc.outlet.as_deref().unwrap_or("unknown outlet")) " · "
                            (doc.published.map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_else(|| "undated".into()))
                            @if let Some(url) = doc.url.as_deref().and_then(safe_url) { " · " a href=(url) rel="noopener noreferrer" { "source" } }
                            " · id " code { (short(&doc.id)) }
                        }
                        p.legend {
                            "Paragraph roles: " (role_badge("title")) (role_badge("body")) (role_badge("template")) (role_badge("repeat")) (role_badge("copy"))
                            " · highlighted: figures (hover for what was extracted)"
                        }
                    }
                    div.doc-grid {
                        div.text {
                            @for (idx, p) in paragraphs.iter().enumerate() {
                                @let inside: Vec<&ClaimEvidence> = claims.iter().filter(|c| p.span.contains(c.stored.claim.span)).collect();
                                div class=(format!("para role-{}", p.role.as_str())) id=(format!("at-{}", p.span.start)) data-idx=(idx) {
                                    div.para-role {
                                        (role_badge(p.role.as_str()))
                                        @if let Some(copy) = &p.copy_of {
                                            a.copyof href=(format!("/documents/{}#at-{}", copy.doc, copy.span.start)) {
                                                "of " (short(&copy.doc)) " (" (format!("{:.0}", copy.similarity * 100.0)) "%)"
                                            }
                                        }
                                    }
                                    p { (marked_paragraph(&doc.text, p.span, &inside)) }
                                }
                            }
                        }
                        aside.claimlist {
                            h2 { (claims.len()) " claims" }
                            @if claims.is_empty() { p.hint { "No figures were found in this document." } }
                            ol {
                                @for c in &claims {
                                    li {
                                        a href=(format!("#claim-{}", c.stored.claim.id)) { strong { (figure(c)) } }
                                        " " (kind_badge(c.stored.claim.kind.as_str()))
                                        div.meta { (said_by(c)) @if let Some(t) = &c.time_text { " · " (t) } }
                                    }
                                }
                            }
                        }
                    }
                }
            },
        ))
    })
    .await
}

// ---------------------------------------------------------------- search

#[derive(Debug, Deserialize)]
struct SearchParams {
    q: Option<String>,
    cursor: Option<String>,
}

async fn search(State(state): Shared, q: Result<Query<SearchParams>, QueryRejection>) -> PageResult {
    let params = q.map(|Query(p)| p).map_err(|e| PageError(ApiError::bad_request(e.body_text())))?;
    let text = params.q.unwrap_or_default();
    read_page(&state, move |store, _| {
        let results = api::run_search(store, &text, params.cursor.as_deref(), 20)?;
        Ok(layout(
            "Search",
            "",
            html! {
                h1 { "Search" }
                form.bigsearch action="/search" method="get" {
                    input type="search" name="q" value=(text) placeholder="Words in the articles" autofocus;
                    button type="submit" { "Search" }
                }
                @if text.trim().is_empty() { p.hint { "Type words to find the paragraphs that contain them all." } }
                @else if results.items.is_empty() { (empty("Nothing found", "No paragraph contains all these words.")) }
                @else {
                    ol.results {
                        @for hit in &results.items {
                            li {
                                a href=(format!("/documents/{}#at-{}", hit.doc, hit.span[0])) { (hit.title.as_deref().unwrap_or("(untitled)")) }
                                " " (role_badge(hit.role))
                                p.snippet { (PreEscaped(&hit.snippet_html)) }
                                span.meta { (hit.outlet.as_deref().unwrap_or("unknown outlet")) " · " (hit.published.as_deref().map(|p| &p[..p.len().min(10)]).unwrap_or("undated")) }
                            }
                        }
                    }
                    @if let Some(next) = &results.next_cursor {
                        p.pager { a.next href=(format!("/search?q={}&cursor={}", percent(&text), next)) { "More results →" } }
                    }
                }
            },
        ))
    })
    .await
}

// ---------------------------------------------------------------- timeline

/// At most this many claims are drawn on the timeline, so the page stays light.
const TIMELINE_CLAIMS: u64 = 2000;

async fn timeline(State(state): Shared) -> PageResult {
    read_page(&state, |store, _| {
        let mut timed: Vec<ClaimEvidence> = Vec::new();
        let mut query = ClaimQuery { limit: 500, independent_only: true, ..Default::default() };
        let mut scanned = 0;
        while scanned < TIMELINE_CLAIMS * 4 {
            let page = store.claim_page(&query)?;
            scanned += page.claims.len() as u64;
            timed.extend(page.claims.into_iter().filter(|c| c.stored.claim.time.is_some()));
            match page.next {
                Some(n) if (timed.len() as u64) < TIMELINE_CLAIMS => query.after = Some(n),
                _ => break,
            }
        }
        let mut lanes: BTreeMap<String, Vec<&ClaimEvidence>> = BTreeMap::new();
        for c in &timed {
            lanes.entry(side(c)).or_default().push(c);
        }
        let ms = |t: jiff::Timestamp| t.as_millisecond();
        let t0 = timed.iter().filter_map(|c| c.stored.claim.time.as_ref()).map(|t| ms(t.start)).min().unwrap_or(0);
        let t1 = timed.iter().filter_map(|c| c.stored.claim.time.as_ref()).map(|t| ms(t.end)).max().unwrap_or(1);
        let lane_h = 46.0;
        let top = 30.0;
        let height = top + lane_h * (lanes.len() + 1) as f64 + 10.0;
        Ok(layout(
            "Timeline",
            "/timeline",
            html! {
                h1 { "Timeline" }
                p.hint { "Each side in its own lane; a bar spans the time a claim is about. Scroll or use the buttons to zoom, drag to pan; click a bar for its evidence." }
                @if timed.is_empty() { (empty("No claims with a time yet", "Claims appear here once their time is recognised.")) }
                @else {
                    div.toolbar { button data-zoom="in" { "+" } button data-zoom="out" { "−" } button data-zoom="reset" { "reset" } span #tl-range {} }
                    svg #timeline viewBox=(format!("0 0 1000 {height}")) data-t0=(t0) data-t1=(t1) data-left="170" data-right="990" preserveAspectRatio="xMinYMin meet" {
                        g.axis {}
                        g.lane {
                            rect.lane-bg x="0" y=(top) width="1000" height=(lane_h - 4.0) {}
                            text.lane-label x="8" y=(top + 26.0) { "events" }
                            text.lane-empty x="180" y=(top + 26.0) { (crate::exports::NO_EVENTS) }
                        }
                        @for (i, (name, claims)) in lanes.iter().enumerate() {
                            @let y = top + lane_h * (i + 1) as f64;
                            g.lane {
                                rect.lane-bg x="0" y=(y) width="1000" height=(lane_h - 4.0) {}
                                text.lane-label x="8" y=(y + 26.0) { title { (name) } (name.chars().take(22).collect::<String>()) }
                                @for (j, c) in claims.iter().enumerate() {
                                    @let t = c.stored.claim.time.as_ref().expect("filtered to timed claims");
                                    a href=(format!("/documents/{}#claim-{}", c.stored.claim.doc, c.stored.claim.id)) {
                                        rect class=(format!("span kind-{}", c.stored.claim.kind.as_str()))
                                            data-s=(ms(t.start)) data-e=(ms(t.end)) y=(y + 6.0 + (j % 4) as f64 * 8.0) height="7" x="0" width="1" {
                                            title { (figure(c)) " — " (c.text) " (" (c.time_text.as_deref().unwrap_or("")) ")" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    p.hint { (timed.len()) " claims with a time, in " (lanes.len()) " lanes." }
                }
            },
        ))
    })
    .await
}

// ---------------------------------------------------------------- map

async fn map(State(state): Shared) -> PageResult {
    read_page(&state, |store, app| {
        let places = store.place_counts()?;
        let counts = app.map.claim_counts(&places);
        let max = counts.values().copied().max().unwrap_or(0).max(1) as f64;
        let m = &app.map;
        let unmatched: Vec<_> = places
            .iter()
            .filter(|p| !m.districts.iter().any(|d| p.place_id.as_deref() == Some(d.id.as_str()) || d.key == crate::geo::name_key(&p.name)))
            .take(30)
            .collect();
        Ok(layout(
            "Map",
            "/map",
            html! {
                h1 { "Map" }
                p.hint { "Districts coloured by how many claims name them; hover for names, click to list their claims." }
                div.mapwrap {
                    svg #map viewBox=(format!("0 0 {} {:.0}", crate::geo::WIDTH, m.height)) role="img" aria-label="Map of the South Caucasus with districts" {
                        rect.sea x="0" y="0" width="100%" height="100%" {}
                        @for c in &m.countries { path.country d=(c.path) { title { (c.name) } } }
                        @for c in &m.countries {
                            text.country-label x=(format!("{:.0}", c.center.0)) y=(format!("{:.0}", c.center.1)) { (c.name) }
                        }
                        @for d in &m.districts {
                            @let n = counts.get(&d.id).copied().unwrap_or(0);
                            a href=(format!("/claims?place={}", percent(&d.name.replace(" District", "").replace(" City", "")))) {
                                path class=(if n > 0 { "district has-claims" } else { "district" }) d=(d.path)
                                    style=(if n > 0 { format!("fill-opacity:{:.2}", 0.25 + 0.75 * n as f64 / max) } else { String::new() })
                                    data-name=(d.name) data-claims=(n) {
                                    title { (d.name) ": " (n) " claims" }
                                }
                            }
                        }
                    }
                    div.mapside {
                        h2 { "Territorial control" }
                        label.slider { "Date " input #control-date type="range" min="0" max="100" value="100" disabled; span #control-label { "—" } }
                        (empty("No control records yet", crate::exports::NO_CONTROL))
                        h2 { "Places named in claims" }
                        @if places.is_empty() { p.hint { "No claim names a place yet: places come with the gazetteer." } }
                        ul.doclist {
                            @for p in places.iter().take(20) {
                                li { a href=(format!("/claims?place={}", percent(p.place_id.as_deref().unwrap_or(&p.name)))) { (p.name) } span.meta { (p.claims) " claims" } }
                            }
                        }
                        @if !unmatched.is_empty() { p.hint { (unmatched.len()) " of them have no district shape." } }
                        p.hint { a href="/api/export/places.geojson" { "Download as GeoJSON" } }
                    }
                }
            },
        ))
    })
    .await
}

// ---------------------------------------------------------------- findings

async fn findings() -> Html<String> {
    Html(
        layout(
            "Contradictions & checks",
            "/findings",
            html! {
                h1 { "Contradictions & checks" }
                p.hint { "Two sides' figures for the same thing, side by side, with the ratio between them and the arithmetic that checks them. Nothing is averaged away." }
                section.findings #findings data-count="0" {
                    (empty("No findings yet", crate::exports::NO_FINDINGS))
                }
                p.hint { "Exports: " a href="/api/export/claimreview.jsonld" { "ClaimReview JSON-LD" } " · " a href="/api/findings" { "JSON" } }
            },
        )
        .into_string(),
    )
}
