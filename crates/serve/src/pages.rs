//! The dashboard: server-rendered pages (maud escapes every interpolated
//! value), with a little vendored JavaScript for sorting, tooltips, zooming
//! and the map's slider. Article text is only ever interpolated as text.

use crate::api::{self, claim_page_for, claim_query, stats_of, ClaimParams, StatsDto};
use crate::error::ApiError;
use crate::AppState;
use axum::body::Bytes;
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
use std::collections::{BTreeMap, HashMap};
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
    work: impl FnOnce(&dyn contested_store::Store, &AppState) -> Result<Markup, ApiError> + Send + 'static,
) -> PageResult {
    let shared = Arc::clone(state);
    let markup = state.readers.read(move |store| work(store, &shared)).await?;
    Ok(Html(markup.into_string()))
}

/// [`read_page`] for a page built from the ledger alone, kept in the page
/// cache until the ledger changes (a dashboard reloads the same findings
/// pages, whose counts read every finding). `key` names the page; it holds
/// a space, which a request's query string (the claims pages' keys) never
/// does, so the two never meet.
async fn read_cached_page(
    state: &Arc<AppState>,
    key: String,
    work: impl FnOnce(&dyn contested_store::Store, &AppState) -> Result<Markup, ApiError> + Send + 'static,
) -> Result<Html<Bytes>, PageError> {
    let shared = Arc::clone(state);
    let page = state
        .readers
        .read(move |store| {
            // Read before building: see `PageCache::version`.
            let cache = &shared.claim_pages;
            let version = if cache.watches() { cache.version() } else { store.data_version().ok() };
            if let Some(page) = version.and_then(|v| cache.get(&key, v)) {
                return Ok(page);
            }
            let page = Bytes::from(work(store, &shared)?.into_string());
            if let Some(v) = version {
                cache.put(key, page.clone(), v);
            }
            Ok(page)
        })
        .await?;
    Ok(Html(page))
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
        repeated.sort_by_key(|c| std::cmp::Reverse(c.stored.documents));
        repeated.truncate(6);
        // The six most telling findings: each kind's top six, not every
        // finding of a ledger that may hold tens of thousands.
        let mut top = Vec::new();
        for kind in contested_core::FindingKind::ALL.into_iter().filter(|k| *k != contested_core::FindingKind::Group) {
            let filter =
                contested_store::FindingFilter { kind: Some(kind.as_str().to_string()), limit: Some(6), ..Default::default() };
            top.extend(store.findings(&filter)?);
        }
        top.sort_by(|a, b| {
            kind_order(a.kind).cmp(&kind_order(b.kind)).then(b.significance.total_cmp(&a.significance)).then(a.id.cmp(&b.id))
        });
        top.truncate(6);
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
                        @if top.is_empty() { (empty("No contradictions or checks yet", crate::exports::NO_FINDINGS)) }
                        ul.doclist {
                            @for f in &top {
                                li {
                                    a href=(format!("/findings#finding-{}", f.id)) { (f.summary) }
                                    span.meta { (f.kind.as_str().replace('_', " ")) " · significance " (format!("{:.2}", f.significance)) }
                                }
                            }
                        }
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
/// keep the first; the rest are still listed beside the text. `focus` (a
/// span a finding, event or control record points at) is marked `#hl`: on
/// the claim that covers it, else on its own.
fn marked_paragraph(text: &str, span: Span, claims: &[&ClaimEvidence], focus: Option<Span>) -> Markup {
    let focus = focus.filter(|f| span.contains(*f) && f.start < f.end);
    let covering = focus.and_then(|f| claims.iter().find(|c| c.stored.claim.span.contains(f)).map(|c| c.stored.claim.id.clone()));
    // Items to mark: claims, and the focus span when no claim covers it.
    let mut items: Vec<(Span, Option<&ClaimEvidence>)> = claims.iter().map(|c| (c.stored.claim.span, Some(*c))).collect();
    if let (Some(f), None) = (focus, &covering) {
        items.push((f, None));
    }
    items.sort_by_key(|(s, c)| (s.start, std::cmp::Reverse(s.end), c.is_some()));
    let mut pieces: Vec<Markup> = Vec::new();
    let mut at = span.start;
    for (s, c) in items {
        if s.start < at || s.end > span.end {
            continue;
        }
        let (Some(before), Some(inner)) = (text.get(at..s.start), text.get(s.start..s.end)) else { continue };
        pieces.push(html! { (before) });
        match c {
            Some(c) => {
                let claim = &c.stored.claim;
                let focused = covering.as_deref() == Some(claim.id.as_str());
                pieces.push(html! {
                    mark class=(format!("claim kind-{}{}", claim.kind.as_str(), if focused { " focus" } else { "" })) id=(format!("claim-{}", claim.id))
                         data-hl=[focused.then_some("true")] tabindex="0" data-tip=(tip(c)) { (inner) }
                });
            }
            None => pieces.push(html! { mark.focus #hl data-hl="true" { (inner) } }),
        }
        at = s.end;
    }
    let rest = text.get(at..span.end).unwrap_or("");
    html! { @for p in pieces { (p) } (rest) }
}

fn safe_url(url: &str) -> Option<&str> {
    (url.starts_with("https://") || url.starts_with("http://")).then_some(url)
}

#[derive(Debug, Deserialize)]
struct DocumentParams {
    /// A span to highlight, `start-end` in bytes (from a finding's evidence).
    hl: Option<String>,
}

fn parse_span(value: &str) -> Option<Span> {
    let (start, end) = value.split_once('-')?;
    Some(Span { start: start.trim().parse().ok()?, end: end.trim().parse().ok()? })
}

async fn document(State(state): Shared, Path(id): Path<String>, q: Result<Query<DocumentParams>, QueryRejection>) -> PageResult {
    let focus = q.ok().and_then(|Query(p)| p.hl).as_deref().and_then(parse_span);
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
                                    p { (marked_paragraph(&doc.text, p.span, &inside, focus)) }
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

/// At most this many events are drawn on the timeline.
const TIMELINE_EVENTS: usize = 2000;

struct TimelineEvent {
    id: String,
    doc: String,
    span: [usize; 2],
    start: i64,
    end: i64,
    /// CSS classes: the ACLED type, and `undated` when the day is the report's.
    class: String,
    label: String,
}

/// Events by the side that reports them (the innermost speaker, else the
/// outlet), each over the time the text gives it, else its report's day.
fn timeline_events(store: &dyn Store) -> Result<BTreeMap<String, Vec<TimelineEvent>>, ApiError> {
    let mut published: HashMap<String, Option<jiff::Timestamp>> = HashMap::new();
    let mut lanes: BTreeMap<String, Vec<TimelineEvent>> = BTreeMap::new();
    for e in store.events(None)?.into_iter().take(TIMELINE_EVENTS) {
        if !published.contains_key(&e.doc) {
            published.insert(e.doc.clone(), store.document(&e.doc)?.published);
        }
        let (start, end, dated) = match (&e.time, published[&e.doc]) {
            (Some(t), _) => (t.start.as_millisecond(), t.end.as_millisecond(), true),
            (None, Some(p)) => {
                let day = p.as_millisecond() - p.as_millisecond().rem_euclid(86_400_000);
                (day, day + 86_400_000, false)
            }
            (None, None) => continue,
        };
        let side = e.attribution.last().map(|a| a.speaker.clone()).unwrap_or_else(|| "unattributed".to_string());
        let actors = match (&e.actor1, &e.actor2) {
            (Some(a), Some(b)) => format!(" · {} → {}", a.name, b.name),
            (Some(a), None) => format!(" · by {}", a.name),
            (None, Some(b)) => format!(" · against {}", b.name),
            (None, None) => String::new(),
        };
        let places: Vec<&str> = e.places.iter().map(|p| p.name.as_str()).collect();
        let label = format!(
            "{} — {} “{}”{}{}{}",
            e.event_type.as_str(),
            e.sub_event_type.as_str(),
            e.trigger,
            actors,
            if places.is_empty() { String::new() } else { format!(" · in {}", places.join(", ")) },
            if dated { "" } else { " (undated: report's day)" }
        );
        let class = format!(
            "etype-{}{}",
            e.event_type.as_str().to_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-"),
            if dated { "" } else { " undated" }
        );
        lanes.entry(side).or_default().push(TimelineEvent {
            id: e.id,
            doc: e.doc,
            span: [e.span.start, e.span.end],
            start,
            end,
            class,
            label,
        });
    }
    Ok(lanes)
}

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
        let event_lanes = timeline_events(store)?;
        let intervals: Vec<(i64, i64)> = timed
            .iter()
            .filter_map(|c| c.stored.claim.time.as_ref())
            .map(|t| (ms(t.start), ms(t.end)))
            .chain(event_lanes.values().flatten().map(|e| (e.start, e.end)))
            .collect();
        let t0 = intervals.iter().map(|i| i.0).min().unwrap_or(0);
        let t1 = intervals.iter().map(|i| i.1).max().unwrap_or(1);
        let lane_h = 46.0;
        let top = 30.0;
        let height = top + lane_h * (lanes.len() + event_lanes.len().max(1)) as f64 + 10.0;
        Ok(layout(
            "Timeline",
            "/timeline",
            html! {
                h1 { "Timeline" }
                p.hint { "Each side in its own lane; a bar spans the time a claim is about. Scroll or use the buttons to zoom, drag to pan; click a bar for its evidence." }
                @if timed.is_empty() && event_lanes.is_empty() { (empty("No claims with a time yet", "Claims appear here once their time is recognised.")) }
                @else {
                    div.toolbar { button data-zoom="in" { "+" } button data-zoom="out" { "−" } button data-zoom="reset" { "reset" } span #tl-range {} }
                    svg #timeline viewBox=(format!("0 0 1000 {height}")) data-t0=(t0) data-t1=(t1) data-left="170" data-right="990" preserveAspectRatio="xMinYMin meet" {
                        g.axis {}
                        @if event_lanes.is_empty() {
                            g.lane {
                                rect.lane-bg x="0" y=(top) width="1000" height=(lane_h - 4.0) {}
                                text.lane-label x="8" y=(top + 26.0) { "events" }
                                text.lane-empty x="180" y=(top + 26.0) { (crate::exports::NO_EVENTS) }
                            }
                        }
                        @for (i, (name, events)) in event_lanes.iter().enumerate() {
                            @let y = top + lane_h * i as f64;
                            g.lane.events data-side=(name) {
                                rect.lane-bg x="0" y=(y) width="1000" height=(lane_h - 4.0) {}
                                text.lane-label x="8" y=(y + 18.0) { title { "events reported by " (name) } "events" }
                                text.lane-side x="8" y=(y + 32.0) { (name.chars().take(24).collect::<String>()) }
                                @for (j, e) in events.iter().enumerate() {
                                    a href=(format!("/documents/{}?hl={}-{}", e.doc, e.span[0], e.span[1])) {
                                        rect class=(format!("span event {}", e.class)) data-event=(e.id)
                                            data-s=(e.start) data-e=(e.end) y=(y + 6.0 + (j % 4) as f64 * 8.0) height="7" x="0" width="1" {
                                            title { (e.label) }
                                        }
                                    }
                                }
                            }
                        }
                        @for (i, (name, claims)) in lanes.iter().enumerate() {
                            @let y = top + lane_h * (i + event_lanes.len().max(1)) as f64;
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
                    p.hint { (event_lanes.values().map(Vec::len).sum::<usize>()) " events in " (event_lanes.len()) " lanes, " (timed.len()) " claims with a time in " (lanes.len()) " lanes. An event the text does not date sits on its report's day." }
                }
            },
        ))
    })
    .await
}

// ---------------------------------------------------------------- map

/// One control record as the map draws it.
struct MapControl {
    record: contested_core::ControlRecord,
    /// The district it colours, when the place lies in one.
    district: Option<String>,
    /// When: the text's time, else the report's publication.
    at: Option<jiff::Timestamp>,
    /// `az`, `am`… from the holder's actor id or country code, else `unknown`.
    side: String,
}

fn holder_side(party: Option<&contested_core::Party>) -> String {
    let prefix = party.map(|p| p.id.split(['.', ':']).next().unwrap_or("").to_ascii_lowercase()).unwrap_or_default();
    if prefix.len() == 2 && prefix.bytes().all(|b| b.is_ascii_lowercase()) { prefix } else { "unknown".to_string() }
}

fn map_controls(store: &dyn Store, app: &AppState) -> Result<Vec<MapControl>, ApiError> {
    let gazetteer = contested_extract::gazetteer::Gazetteer::builtin();
    let mut published: HashMap<String, Option<jiff::Timestamp>> = HashMap::new();
    let mut out = Vec::new();
    for record in store.control_records(None)? {
        if !published.contains_key(&record.doc) {
            published.insert(record.doc.clone(), store.document(&record.doc)?.published);
        }
        let district = app.map.district_of(gazetteer, record.place.place_id.as_deref(), &record.place.name).map(|d| d.id.clone());
        let at = record.time.as_ref().map(|t| t.start).or(published[&record.doc]);
        let side = holder_side(record.after.as_ref());
        out.push(MapControl { record, district, at, side });
    }
    out.sort_by_key(|c| c.at);
    Ok(out)
}

async fn map(State(state): Shared) -> PageResult {
    read_page(&state, |store, app| {
        let controls = map_controls(store, app)?;
        // Per district, its records in time order, for the slider's script.
        let mut by_district: HashMap<&str, Vec<serde_json::Value>> = HashMap::new();
        for c in &controls {
            if let (Some(d), Some(at)) = (&c.district, c.at) {
                by_district.entry(d.as_str()).or_default().push(serde_json::json!({
                    "t": at.as_millisecond(), "side": c.side, "id": c.record.id, "kind": c.record.kind.as_str(),
                }));
            }
        }
        let mut dates: Vec<i64> = controls.iter().filter(|c| c.district.is_some()).filter_map(|c| c.at.map(|t| t.as_millisecond())).collect();
        dates.sort_unstable();
        dates.dedup();
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
                p.hint { "Districts shaded by how many claims name them (red), or coloured by who holds them according to the control records up to the slider's date; hover for names, click to list their claims." }
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
                                    data-name=(d.name) data-claims=(n) data-id=(d.id)
                                    data-control=[by_district.get(d.id.as_str()).map(|records| serde_json::Value::from(records.clone()).to_string())] {
                                    title { (d.name) ": " (n) " claims" }
                                }
                            }
                        }
                    }
                    div.mapside {
                        h2 { "Territorial control" }
                        @if dates.is_empty() {
                            label.slider { "Date " input #control-date type="range" min="0" max="0" value="0" disabled; span #control-label { "—" } }
                            (empty("No control records on the map", crate::exports::NO_CONTROL))
                        } @else {
                            label.slider {
                                "Date "
                                input #control-date type="range" min="0" max=(dates.len() - 1) value=(dates.len() - 1)
                                    data-dates=(serde_json::Value::from(dates.clone()).to_string());
                                span #control-label { "—" }
                            }
                            p.hint { "Districts coloured by who holds them, according to the latest record up to the date: "
                                span.swatch.control-az {} " Azerbaijan " span.swatch.control-am {} " Armenia " span.swatch.control-unknown {} " not said" }
                        }
                        @if !controls.is_empty() {
                            ol.control-list {
                                @for c in &controls {
                                    li data-control-id=(c.record.id) data-t=[c.at.map(|t| t.as_millisecond())] class=(format!("control-{}", c.side)) {
                                        a href=(format!("/documents/{}?hl={}-{}", c.record.doc, c.record.span.start, c.record.span.end)) {
                                            strong { (c.record.place.name) } " · " (c.record.wording)
                                        }
                                        div.meta {
                                            (c.record.kind.as_str())
                                            @if let Some(a) = &c.record.after { " · held by " (a.name) }
                                            @if let Some(b) = &c.record.before { " · before: " (b.name) }
                                            " · " (c.at.map(|t| t.strftime("%Y-%m-%d").to_string()).unwrap_or_else(|| "undated".into()))
                                            @if c.district.is_none() { " · no district shape" }
                                        }
                                    }
                                }
                            }
                        }
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

/// Big numbers grouped by thousands, small ones without trailing zeros.
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        let digits = format!("{}", x.abs() as i64);
        let mut grouped = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        if x < 0.0 { format!("-{grouped}") } else { grouped }
    } else {
        format!("{x:.3}").trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn unit_label(unit: &str) -> &str {
    match unit {
        "km2" => "km²",
        "person" => "people",
        "item" | "number" => "",
        "percent" => "%",
        other => other,
    }
}

fn source_figure(s: &contested_core::SourceFigure) -> String {
    let body = match (s.low, s.high) {
        (Some(l), Some(h)) if l == h => number(l),
        (Some(l), Some(h)) => format!("{}–{}", number(l), number(h)),
        (Some(l), None) => format!("≥ {}", number(l)),
        (None, Some(h)) => format!("≤ {}", number(h)),
        (None, None) => "?".to_string(),
    };
    format!("{body} {}", unit_label(s.unit.as_str())).trim().to_string()
}

/// Where an evidence span opens: its document, the span highlighted and scrolled to.
fn evidence_href(e: &contested_core::Evidence) -> String {
    format!("/documents/{}?hl={}-{}#claim-{}", e.doc, e.span.start, e.span.end, e.claim)
}

/// The evidence sentence with its figure marked, cut from the document text.
fn evidence_sentence(text: &str, e: &contested_core::Evidence) -> Markup {
    let parts = (
        text.get(e.sentence_span.start..e.span.start),
        text.get(e.span.start..e.span.end),
        text.get(e.span.end..e.sentence_span.end),
    );
    match parts {
        (Some(before), Some(fig), Some(after)) if e.sentence_span.contains(e.span) => html! { (before) mark { (fig) } (after) },
        _ => html! { mark { (text.get(e.span.start..e.span.end).unwrap_or("")) } },
    }
}

fn evidence_item(docs: &HashMap<String, contested_core::Document>, e: &contested_core::Evidence) -> Markup {
    let doc = docs.get(&e.doc);
    html! {
        li.evidence {
            a.evidence-link href=(evidence_href(e)) data-doc=(e.doc) data-span=(format!("{}-{}", e.span.start, e.span.end)) {
                @if let Some(d) = doc { (evidence_sentence(&d.text, e)) }
            }
            div.meta {
                (e.role) " · " (e.source)
                @if let Some(d) = doc {
                    " · " (d.outlet.as_deref().unwrap_or("unknown outlet"))
                    " · " (d.published.map(|t| t.strftime("%Y-%m-%d").to_string()).unwrap_or_else(|| "undated".into()))
                }
            }
        }
    }
}

fn finding_card(f: &contested_core::Finding, docs: &HashMap<String, contested_core::Document>) -> Markup {
    let kind = f.kind.as_str();
    // Evidence a source column does not show (checks without sources) goes below.
    let unplaced: Vec<&contested_core::Evidence> =
        f.evidence.iter().filter(|e| !f.sources.iter().any(|s| s.claims.contains(&e.claim))).collect();
    html! {
        article.finding id=(format!("finding-{}", f.id)) data-kind=(kind) {
            header {
                span class=(format!("badge finding-{kind}")) { (kind.replace('_', " ")) }
                strong.summary { (f.summary) }
                span.meta { "significance " (format!("{:.2}", f.significance)) }
            }
            @if !f.sources.is_empty() {
                div.sides style=(format!("grid-template-columns: repeat({}, minmax(0, 1fr))", f.sources.len().min(4))) {
                    @for s in &f.sources {
                        div.side {
                            h3 { (s.source) }
                            div.figure { (source_figure(s)) }
                            div.meta { (s.stance.as_str()) " · " (s.independent_reports) " independent report(s)" }
                            ul.evidence-list {
                                @for e in f.evidence.iter().filter(|e| s.claims.contains(&e.claim)) { (evidence_item(docs, e)) }
                            }
                        }
                    }
                }
            }
            @if !unplaced.is_empty() {
                ul.evidence-list { @for e in &unplaced { (evidence_item(docs, e)) } }
            }
            div.arithmetic {
                @if !f.figures.is_empty() {
                    table.figures {
                        @for (name, value) in &f.figures {
                            tr data-figure=(name) { th { (name.replace('_', " ")) } td { (number(*value)) } }
                        }
                    }
                }
                p.explanation { (f.explanation) }
            }
        }
    }
}

/// Contradictions first: they are what a reader came for; then the checks.
fn kind_order(kind: contested_core::FindingKind) -> u8 {
    use contested_core::FindingKind::*;
    match kind {
        Contradiction => 0,
        Denial | Dispute => 1,
        PartsVsTotal | ShareVsArea | DoubleCount | PartExceedsTotal => 2,
        Revision => 3,
        Group => 4,
    }
}

/// Findings of each kind on the page of all kinds: enough to see what each
/// kind holds, few enough that the page, and the documents its evidence is
/// cut from, stay small however many findings the ledger holds.
const FINDINGS_PER_KIND: u64 = 10;
/// Findings on a page of one kind (what "more" opens).
const FINDINGS_PER_PAGE: u64 = 50;

#[derive(Debug, Deserialize)]
struct FindingParams {
    kind: Option<String>,
    /// `finding_cursor` of the last finding shown: the page starts after it.
    cursor: Option<String>,
}

/// Where the next findings of `kind` start, or its first page.
fn findings_href(kind: contested_core::FindingKind, cursor: Option<&str>) -> String {
    match cursor {
        Some(c) => format!("/findings?kind={}&cursor={}", kind.as_str(), percent(c)),
        None => format!("/findings?kind={}", kind.as_str()),
    }
}

/// One kind's findings on this page, and the cursor of the next ones.
struct KindSection {
    kind: contested_core::FindingKind,
    findings: Vec<contested_core::Finding>,
    next: Option<String>,
}

async fn findings(State(state): Shared, q: Result<Query<FindingParams>, QueryRejection>) -> Result<Html<Bytes>, PageError> {
    let params = q.map(|Query(p)| p).map_err(|e| PageError(ApiError::bad_request(e.body_text())))?;
    let only = match params.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => Some(contested_core::FindingKind::parse(k).ok_or_else(|| {
            let known: Vec<&str> = contested_core::FindingKind::ALL.iter().map(|k| k.as_str()).collect();
            PageError(ApiError::bad_request(format!("kind must be one of {}; not '{k}'", known.join(", "))))
        })?),
        None => None,
    };
    let after = match params.cursor.as_deref().filter(|c| !c.is_empty()) {
        Some(c) => Some(
            contested_store::parse_finding_cursor(c)
                .ok_or_else(|| PageError(ApiError::bad_request(format!("cursor '{c}' is not one this server gave"))))?,
        ),
        None => None,
    };
    if after.is_some() && only.is_none() {
        return Err(PageError(ApiError::bad_request("a cursor pages through one kind: give its kind too")));
    }
    let key = format!("findings page {}&{}", only.map_or("", |k| k.as_str()), params.cursor.as_deref().unwrap_or(""));
    read_cached_page(&state, key, move |store, _| {
        let counts: HashMap<String, u64> = store.finding_counts()?.into_iter().collect();
        let count = |kind: contested_core::FindingKind| counts.get(kind.as_str()).copied().unwrap_or(0);
        let total: u64 = counts.values().sum();
        let mut kinds: Vec<contested_core::FindingKind> = contested_core::FindingKind::ALL.to_vec();
        kinds.sort_by_key(|k| kind_order(*k));
        let shown: Vec<contested_core::FindingKind> = match only {
            Some(kind) => vec![kind],
            None => kinds.iter().copied().filter(|k| count(*k) > 0).collect(),
        };
        let limit = if only.is_some() { FINDINGS_PER_PAGE } else { FINDINGS_PER_KIND };
        let mut sections = Vec::with_capacity(shown.len());
        for kind in shown {
            // One more than shown tells whether a "more" link is due.
            let filter = contested_store::FindingFilter {
                kind: Some(kind.as_str().to_string()),
                doc: None,
                limit: Some(limit + 1),
                after: after.clone(),
            };
            let mut findings = store.findings(&filter)?;
            let more = findings.len() as u64 > limit;
            findings.truncate(limit as usize);
            let next = findings.last().filter(|_| more).map(|f| contested_store::finding_cursor(f.significance, &f.id));
            sections.push(KindSection { kind, findings, next });
        }
        // Only the documents this page's evidence is cut from.
        let mut docs: HashMap<String, contested_core::Document> = HashMap::new();
        for e in sections.iter().flat_map(|s| &s.findings).flat_map(|f| &f.evidence) {
            if !docs.contains_key(&e.doc) {
                docs.insert(e.doc.clone(), store.document(&e.doc)?);
            }
        }
        let title = match only {
            Some(kind) => format!("Contradictions & checks: {}", kind.as_str().replace('_', " ")),
            None => "Contradictions & checks".to_string(),
        };
        Ok(layout(
            &title,
            "/findings",
            html! {
                h1 { (title) }
                p.hint { "Two sources' figures for the same thing, side by side, with the ratio between them and the arithmetic that checks them. Nothing is averaged away; no figure is called true or false. Click a sentence to see it in its article." }
                @if total > 0 {
                    nav.finding-kinds {
                        @if only.is_some() { a href="/findings" { "All kinds" } " · " }
                        @for (i, kind) in kinds.iter().filter(|k| count(**k) > 0).enumerate() {
                            @if i > 0 { " · " }
                            a href=(findings_href(*kind, None)) data-kind=(kind.as_str()) data-count=(count(*kind)) {
                                (kind.as_str().replace('_', " ")) " (" (number(count(*kind) as f64)) ")"
                            }
                        }
                    }
                }
                section.findings #findings data-count=(total) {
                    @if total == 0 { (empty("No findings yet", crate::exports::NO_FINDINGS)) }
                    @else if sections.iter().all(|s| s.findings.is_empty()) {
                        (empty("No more findings of this kind", "This is past the last one."))
                    }
                    @for section in &sections {
                        @let kind = section.kind;
                        h2 id=(format!("kind-{}", kind.as_str())) {
                            (kind.as_str().replace('_', " ")) " (" (number(count(kind) as f64)) ")"
                        }
                        @for f in &section.findings { (finding_card(f, &docs)) }
                        @if let Some(next) = &section.next {
                            p.pager {
                                a.more href=(findings_href(kind, Some(next))) data-kind=(kind.as_str()) {
                                    "More " (kind.as_str().replace('_', " ")) " →"
                                }
                            }
                        }
                    }
                }
                p.hint { "Exports: " a href="/api/export/claimreview.jsonld" { "ClaimReview JSON-LD" } " · " a href="/api/findings" { "JSON" } }
            },
        ))
    })
    .await
}
