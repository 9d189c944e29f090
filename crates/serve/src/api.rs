//! The JSON API under `/api`, described by the OpenAPI document at
//! `/api/openapi.json`. Lists page by opaque cursor: pass a page's
//! `next_cursor` back as `cursor` until it is `null`.

use crate::cache::page_json;
use crate::error::ApiError;
use crate::{exports, AppState};
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use contested_core::Document;
use contested_store::dto::{
    AreaDto, AttributionDto, ClaimDto, ControlDto, DocumentDto, DocumentSummaryDto, EventDto, EvidenceDto, FigureDto,
    FindingDto, ParagraphDto, PartyDto, PlaceDto, SourceFigureDto, TimeDto,
};
use contested_store::{ClaimEvidence, ClaimQuery, FindingFilter, SearchQuery, Store, MATCH_END, MATCH_START};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use utoipa::{IntoParams, OpenApi, ToSchema};

type AppResult<T> = Result<T, ApiError>;
type Shared = State<Arc<AppState>>;

pub const DEFAULT_PAGE: u64 = 50;

#[derive(OpenApi)]
#[openapi(
    info(title = "contested", description = "A ledger of attributed claims from conflict reporting: who says what, about which place and time, with the exact text as evidence."),
    paths(stats, documents, document, claims, claim, search, facets, places, events, control, findings,
          export_claims_csv, export_claims_jsonl, export_places, export_events, export_events_acled, export_claimreview,
          post_documents),
    components(schemas(ApiError, StatsDto, DocumentsPage, DocumentDetail, ClaimsPage, SearchPage, SearchHitDto,
                       FacetsDto, EventsPage, ControlPage, FindingsPage, IngestDocument, IngestOutcome,
                       DocumentDto, DocumentSummaryDto, ParagraphDto, ClaimDto, EventDto, ControlDto, FindingDto,
                       PartyDto, PlaceDto, TimeDto, AttributionDto, AreaDto, FigureDto, SourceFigureDto, EvidenceDto)),
    modifiers(&BearerToken)
)]
pub struct ApiDoc;

/// Declares the write token's scheme, which `POST /api/documents` requires.
struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/openapi.json", get(openapi))
        .route("/api/stats", get(stats))
        .route("/api/documents", get(documents).post(post_documents))
        .route("/api/documents/{id}", get(document))
        .route("/api/claims", get(claims))
        .route("/api/claims/{id}", get(claim))
        .route("/api/search", get(search))
        .route("/api/facets", get(facets))
        .route("/api/places", get(places))
        .route("/api/events", get(events))
        .route("/api/control", get(control))
        .route("/api/findings", get(findings))
        .route("/api/export/claims.csv", get(export_claims_csv))
        .route("/api/export/claims.jsonl", get(export_claims_jsonl))
        .route("/api/export/places.geojson", get(export_places))
        .route("/api/export/events.geojson", get(export_events))
        .route("/api/export/events.acled.csv", get(export_events_acled))
        .route("/api/export/claimreview.jsonld", get(export_claimreview))
        .route("/api/{*rest}", get(api_not_found).post(api_not_found))
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], ApiDoc::openapi().to_pretty_json().unwrap_or_default()).into_response()
}

async fn api_not_found() -> ApiError {
    ApiError::not_found("no such API endpoint; see /api/openapi.json")
}

fn query<T>(q: Result<Query<T>, QueryRejection>) -> AppResult<T> {
    q.map(|Query(v)| v).map_err(|e| ApiError::bad_request(e.body_text()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatsDto {
    pub documents: u64,
    pub paragraphs: u64,
    pub paragraphs_by_role: BTreeMap<String, u64>,
    pub claims: u64,
    pub claims_by_kind: BTreeMap<String, u64>,
    /// Claims that are a document's own reporting (not a copy or template).
    pub independent_claims: u64,
}

pub fn stats_of(store: &dyn Store) -> AppResult<StatsDto> {
    let s = store.stats()?;
    Ok(StatsDto {
        documents: s.documents,
        paragraphs: s.paragraphs_by_role.iter().map(|(_, n)| n).sum(),
        paragraphs_by_role: s.paragraphs_by_role.into_iter().collect(),
        claims: s.claims_by_kind.iter().map(|(_, n)| n).sum(),
        claims_by_kind: s.claims_by_kind.into_iter().collect(),
        independent_claims: s.independent_claims,
    })
}

/// Counts of documents, paragraphs by role and claims by kind.
#[utoipa::path(get, path = "/api/stats", responses((status = 200, body = StatsDto)))]
async fn stats(State(state): Shared) -> AppResult<Json<StatsDto>> {
    state.readers.read(|store| stats_of(store)).await.map(Json)
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct PageParams {
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Rows per page (1–500, default 50).
    pub limit: Option<u64>,
    /// `oldest` (default) or `newest` first.
    pub order: Option<String>,
}

fn newest_first(order: &Option<String>) -> AppResult<bool> {
    match order.as_deref() {
        None | Some("oldest") => Ok(false),
        Some("newest") => Ok(true),
        Some(other) => Err(ApiError::bad_request(format!("order must be 'oldest' or 'newest', not '{other}'"))),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentsPage {
    pub items: Vec<DocumentSummaryDto>,
    pub next_cursor: Option<String>,
}

/// Documents without their text, in publication order.
#[utoipa::path(get, path = "/api/documents", params(PageParams), responses((status = 200, body = DocumentsPage), (status = 400, body = ApiError)))]
async fn documents(State(state): Shared, q: Result<Query<PageParams>, QueryRejection>) -> AppResult<Json<DocumentsPage>> {
    let q = query(q)?;
    let newest = newest_first(&q.order)?;
    let limit = q.limit.unwrap_or(DEFAULT_PAGE);
    state
        .readers
        .read(move |store| {
            let page = store.document_page(q.cursor.as_deref(), limit, newest)?;
            Ok(DocumentsPage { items: page.documents.iter().map(DocumentSummaryDto::from).collect(), next_cursor: page.next })
        })
        .await
        .map(Json)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentDetail {
    pub document: DocumentDto,
    pub paragraphs: Vec<ParagraphDto>,
    pub claims: Vec<ClaimDto>,
}

pub fn claim_dto(c: &ClaimEvidence) -> ClaimDto {
    let time = c.stored.claim.time.as_ref().map(|t| TimeDto {
        start: t.start.to_string(),
        end: t.end.to_string(),
        text: c.time_text.clone().unwrap_or_default(),
        span: [t.span.start, t.span.end],
        precision: t.precision.as_str(),
        inferred: t.inferred,
        open_end: t.open_end,
    });
    ClaimDto::with_evidence(&c.stored, c.text.clone(), c.sentence.clone(), time)
}

/// Every claim of one document, however many: a document is one page.
pub fn all_claims_of(store: &dyn Store, doc: &str) -> AppResult<Vec<ClaimEvidence>> {
    let mut query = ClaimQuery { doc: Some(doc.to_string()), limit: contested_store::MAX_PAGE, ..Default::default() };
    let mut out = Vec::new();
    loop {
        let page = store.claim_page(&query)?;
        out.extend(page.claims);
        match page.next {
            Some(next) => query.after = Some(next),
            None => return Ok(out),
        }
    }
}

/// One document with its text, its paragraphs (roles, copy_of) and its claims.
#[utoipa::path(get, path = "/api/documents/{id}", params(("id" = String, Path, description = "Document id or an unambiguous prefix")),
    responses((status = 200, body = DocumentDetail), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
async fn document(State(state): Shared, Path(id): Path<String>) -> AppResult<Json<DocumentDetail>> {
    state
        .readers
        .read(move |store| {
            let id = store.resolve_id(&id)?;
            let doc = store.document(&id)?;
            Ok(DocumentDetail {
                paragraphs: store.paragraphs(&id)?.iter().map(|p| ParagraphDto::new(&id, p)).collect(),
                claims: all_claims_of(store, &id)?.iter().map(claim_dto).collect(),
                document: DocumentDto::from(&doc),
            })
        })
        .await
        .map(Json)
}

#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
pub struct ClaimParams {
    /// area, share, people, count, length, money or ratio.
    pub kind: Option<String>,
    /// What is measured: territory, killed, wounded…
    pub measure: Option<String>,
    pub outlet: Option<String>,
    /// A gazetteer id or a place name as written.
    pub place: Option<String>,
    /// Part of a speaker's name anywhere in the attribution chain.
    pub actor: Option<String>,
    /// Claims about time after this date or RFC 3339 instant.
    pub from: Option<String>,
    /// Claims about time up to this date (inclusive) or before this RFC 3339 instant.
    pub to: Option<String>,
    /// Words that must occur in the claim's paragraph.
    pub q: Option<String>,
    /// Document id or prefix.
    pub doc: Option<String>,
    /// Only independent claims: copies and templates folded into their original.
    pub independent: Option<bool>,
    pub cursor: Option<String>,
    /// Rows per page (1–500, default 50).
    pub limit: Option<u64>,
    /// `oldest` (default) or `newest` first.
    pub order: Option<String>,
}

fn blank_to_none(v: &Option<String>) -> Option<String> {
    v.as_ref().map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// A date means the whole day: `from` its start, `to` through its end.
fn instant(value: &str, end_of_day: bool) -> AppResult<String> {
    contested_store::instant_bound(value, end_of_day)
        .ok_or_else(|| ApiError::bad_request(format!("'{value}' is neither a date (2016-04-02) nor an RFC 3339 instant")))
}

/// Turns request parameters into a store query; `doc` must already be resolved.
pub fn claim_query(p: &ClaimParams, default_limit: u64) -> AppResult<ClaimQuery> {
    let after = match blank_to_none(&p.cursor) {
        Some(c) => Some(c.parse::<i64>().map_err(|_| ApiError::bad_request(format!("cursor '{c}' is not one this server gave")))?),
        None => None,
    };
    if let Some(kind) = blank_to_none(&p.kind) {
        if contested_core::ClaimKind::parse(&kind).is_none() {
            return Err(ApiError::bad_request(format!(
                "kind must be one of area, share, people, count, length, money, ratio; not '{kind}'"
            )));
        }
    }
    Ok(ClaimQuery {
        id: None,
        doc: blank_to_none(&p.doc),
        kind: blank_to_none(&p.kind),
        measure: blank_to_none(&p.measure),
        outlet: blank_to_none(&p.outlet),
        place: blank_to_none(&p.place),
        actor: blank_to_none(&p.actor),
        from: blank_to_none(&p.from).map(|v| instant(&v, false)).transpose()?,
        to: blank_to_none(&p.to).map(|v| instant(&v, true)).transpose()?,
        text: blank_to_none(&p.q),
        keys: None,
        independent_only: p.independent.unwrap_or(false),
        after,
        newest_first: newest_first(&p.order)?,
        limit: p.limit.unwrap_or(default_limit),
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClaimsPage {
    pub items: Vec<ClaimDto>,
    pub next_cursor: Option<String>,
}

/// Runs a claims query on a store, resolving a document prefix first.
pub fn claim_page_for(store: &dyn Store, mut query: ClaimQuery) -> AppResult<contested_store::ClaimPage> {
    if let Some(doc) = query.doc.take() {
        query.doc = Some(store.resolve_id(&doc)?);
    }
    Ok(store.claim_page(&query)?)
}

/// Claims, filtered, each with its evidence (the figure's text and its sentence).
#[utoipa::path(get, path = "/api/claims", params(ClaimParams), responses((status = 200, body = ClaimsPage), (status = 400, body = ApiError)))]
async fn claims(
    State(state): Shared,
    uri: axum::http::Uri,
    q: Result<Query<ClaimParams>, QueryRejection>,
) -> AppResult<Response> {
    let query = claim_query(&query(q)?, DEFAULT_PAGE)?;
    let key = uri.query().unwrap_or("").to_string();
    if !state.claim_pages.watches() {
        // PostgreSQL: reading the version is a round trip like any query, so
        // dating, looking up and building all happen on a blocking thread,
        // with one pooled connection.
        let shared = Arc::clone(&state);
        let body = state
            .readers
            .read(move |store| {
                let version = store.data_version().ok();
                if let Some(body) = version.and_then(|v| shared.claim_pages.get(&key, v)) {
                    return Ok(body);
                }
                let body = claims_json(store, &shared, query, version)?;
                if let Some(v) = version {
                    shared.claim_pages.put(key, body.clone(), v);
                }
                Ok(body)
            })
            .await?;
        return Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response());
    }
    // One connection dates the cache: `data_version` values are per
    // connection, so readers' own would not compare.
    let version = state.claim_pages.version();
    if let Some(body) = version.and_then(|v| state.claim_pages.get(&key, v)) {
        return Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response());
    }
    // Fast path, on this thread with an idle reader: when every claim of the
    // page is cached, the page is one indexed key query and a copy. Such a
    // page is not kept whole: assembling it again is cheaper than keeping
    // (and evicting) a copy of every page anyone scrolls to.
    if let Some(v) = version {
        if let Some(Some(body)) = state.readers.try_read_inline(|store| cached_claims_json(store, &state, &query, v)) {
            return Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response());
        }
    }
    let shared = Arc::clone(&state);
    let body = state.readers.read(move |store| claims_json(store, &shared, query, version)).await?;
    if let Some(v) = version {
        state.claim_pages.put(key, body.clone(), v);
    }
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// Builds a page of claims as JSON, identical to serialising [`ClaimsPage`],
/// from claims' cached JSON where the ledger has not changed since they were
/// built, fetching only the rest. Runs on a blocking thread: the hottest
/// response should not hold up the async workers.
fn claims_json(store: &dyn Store, state: &AppState, query: ClaimQuery, version: Option<i64>) -> AppResult<Bytes> {
    let to_json = |claim: &contested_store::ClaimEvidence| {
        serde_json::to_vec(&claim_dto(claim))
            .map(Vec::into_boxed_slice)
            .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
    };
    let Some(version) = version else {
        // No way to tell whether a cached claim is current: build it all.
        let page = claim_page_for(store, query)?;
        let items = page.claims.iter().map(to_json).collect::<AppResult<Vec<_>>>()?;
        return Ok(page_json(&items.iter().map(|i| &**i).collect::<Vec<_>>(), page.next));
    };
    let mut query = query;
    if let Some(doc) = query.doc.take() {
        query.doc = Some(store.resolve_id(&doc)?);
    }
    let (keys, next) = store.claim_keys(&query)?;
    let mut items = state.claim_pages.claims(&keys, version);
    let missing: Vec<i64> = keys.iter().zip(&items).filter(|(_, item)| item.is_none()).map(|(k, _)| *k).collect();
    if !missing.is_empty() {
        let fetched = store.claim_page(&ClaimQuery { limit: missing.len() as u64, keys: Some(missing), ..Default::default() })?;
        let mut built = HashMap::with_capacity(fetched.claims.len());
        for claim in &fetched.claims {
            built.insert(claim.key, to_json(claim)?);
        }
        for (key, item) in keys.iter().zip(items.iter_mut()) {
            if item.is_none() {
                *item = built.get(key).cloned();
            }
        }
        state.claim_pages.put_claims(built, version);
    }
    // A key whose claim vanished between the two queries (a concurrent
    // rewrite) is left out rather than failing the page.
    let items: Vec<&[u8]> = items.iter().flatten().map(|i| &**i).collect();
    Ok(page_json(&items, next))
}

/// The page from cached claims alone, or `None` when any claim of it is not
/// cached (or the query fails: the full path will report it).
fn cached_claims_json(store: &dyn Store, state: &AppState, query: &ClaimQuery, version: i64) -> Option<Bytes> {
    // Only filters whose key query is an index range scan: the others
    // (text, place, actor, measure, time, outlet) may scan far for a rare
    // value, which must not happen on an async worker. A document needs its
    // prefix resolved first.
    let cheap = query.doc.is_none()
        && query.text.is_none()
        && query.place.is_none()
        && query.actor.is_none()
        && query.measure.is_none()
        && query.outlet.is_none()
        && query.from.is_none()
        && query.to.is_none()
        && query.id.is_none();
    if !cheap {
        return None;
    }
    let (keys, next) = store.claim_keys(query).ok()?;
    state.claim_pages.claims_page(&keys, next, version)
}

/// One claim by id.
#[utoipa::path(get, path = "/api/claims/{id}", params(("id" = String, Path, description = "Claim id")),
    responses((status = 200, body = ClaimDto), (status = 404, body = ApiError)))]
async fn claim(State(state): Shared, Path(id): Path<String>) -> AppResult<Json<ClaimDto>> {
    state
        .readers
        .read(move |store| {
            let page = store.claim_page(&ClaimQuery { id: Some(id.clone()), limit: 1, ..Default::default() })?;
            page.claims.first().map(claim_dto).ok_or_else(|| ApiError::not_found(format!("no claim with id '{id}'")))
        })
        .await
        .map(Json)
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct SearchParams {
    /// Words to find in paragraphs (all must occur; the last may be a prefix).
    pub q: Option<String>,
    pub cursor: Option<String>,
    /// Hits per page (1–500, default 20).
    pub limit: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHitDto {
    pub doc: String,
    /// Paragraph index in the document.
    pub paragraph: u64,
    pub span: [usize; 2],
    pub role: &'static str,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    /// The text around the match.
    pub snippet: String,
    /// The same, HTML-escaped, with each match in `<mark>`.
    pub snippet_html: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchPage {
    pub query: String,
    pub items: Vec<SearchHitDto>,
    pub next_cursor: Option<String>,
}

/// Escapes a snippet and turns the store's match marks into `<mark>`.
pub fn snippet_html(snippet: &str) -> String {
    let escaped = crate::pages::escape(snippet);
    escaped.replace(MATCH_START, "<mark>").replace(MATCH_END, "</mark>")
}

pub fn run_search(store: &dyn Store, text: &str, cursor: Option<&str>, limit: u64) -> AppResult<SearchPage> {
    let offset = match cursor.filter(|c| !c.is_empty()) {
        Some(c) => c.parse::<u64>().map_err(|_| ApiError::bad_request(format!("cursor '{c}' is not one this server gave")))?,
        None => 0,
    };
    let page = store.search(&SearchQuery { text: text.to_string(), offset, limit })?;
    Ok(SearchPage {
        query: text.to_string(),
        items: page
            .hits
            .iter()
            .map(|h| SearchHitDto {
                doc: h.doc.clone(),
                paragraph: h.paragraph,
                span: [h.span.start, h.span.end],
                role: h.role.as_str(),
                title: h.title.clone(),
                outlet: h.outlet.clone(),
                published: h.published.clone(),
                snippet: h.snippet.replace([MATCH_START, MATCH_END], ""),
                snippet_html: snippet_html(&h.snippet),
            })
            .collect(),
        next_cursor: page.next.map(|n| n.to_string()),
    })
}

/// Full-text search over paragraphs (SQLite FTS5), best match first, with snippets.
#[utoipa::path(get, path = "/api/search", params(SearchParams), responses((status = 200, body = SearchPage), (status = 400, body = ApiError)))]
async fn search(State(state): Shared, q: Result<Query<SearchParams>, QueryRejection>) -> AppResult<Json<SearchPage>> {
    let q = query(q)?;
    let text = q.q.unwrap_or_default();
    let limit = q.limit.unwrap_or(20);
    state.readers.read(move |store| run_search(store, &text, q.cursor.as_deref(), limit)).await.map(Json)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FacetsDto {
    pub kinds: Vec<String>,
    pub measures: Vec<String>,
    pub outlets: Vec<String>,
}

/// The values claims can be filtered by.
#[utoipa::path(get, path = "/api/facets", responses((status = 200, body = FacetsDto)))]
async fn facets(State(state): Shared) -> AppResult<Json<FacetsDto>> {
    state
        .readers
        .read(|store| {
            let f = store.facets()?;
            Ok(FacetsDto { kinds: f.kinds, measures: f.measures, outlets: f.outlets })
        })
        .await
        .map(Json)
}

/// Districts and places as GeoJSON, each with how many claims name it.
#[utoipa::path(get, path = "/api/places", responses((status = 200, description = "GeoJSON FeatureCollection", content_type = "application/geo+json")))]
async fn places(State(state): Shared) -> AppResult<Response> {
    export_places(State(state)).await
}

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct RecordParams {
    /// Document id or an unambiguous prefix.
    pub doc: Option<String>,
    /// Events: an ACLED event or sub-event type ("Battles", "Armed clash").
    /// Control: `standing` or `change`. Findings: `contradiction`, `group`,
    /// `denial`, `dispute`, `revision`, `parts_vs_total`, `share_vs_area`,
    /// `double_count` or `part_exceeds_total`.
    pub kind: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Rows per page (1–500, default 50).
    pub limit: Option<u64>,
}


fn resolve_doc(store: &dyn Store, doc: &Option<String>) -> AppResult<Option<String>> {
    blank_to_none(doc).map(|d| store.resolve_id(&d)).transpose().map_err(Into::into)
}

/// Document texts by id, loaded once each, for cutting evidence out of them.
pub struct Texts<'s> {
    store: &'s dyn Store,
    loaded: HashMap<String, String>,
}

impl<'s> Texts<'s> {
    pub fn new(store: &'s dyn Store) -> Self {
        Texts { store, loaded: HashMap::new() }
    }

    pub fn of(&mut self, doc: &str) -> AppResult<&str> {
        if !self.loaded.contains_key(doc) {
            let text = self.store.document(doc)?.text;
            self.loaded.insert(doc.to_string(), text);
        }
        Ok(self.loaded[doc].as_str())
    }
}

/// A store page of records, with a cursor this ledger did not give
/// answered as the client's mistake.
fn record_page<T>(page: contested_store::Result<contested_store::RecordPage<T>>) -> AppResult<contested_store::RecordPage<T>> {
    page.map_err(|e| match e {
        contested_store::StoreError::BadCursor(c) => ApiError::bad_request(format!("cursor '{c}' is not one this server gave")),
        other => other.into(),
    })
}

/// What a records list was asked for, as the store pages it.
fn record_query(p: &RecordParams, doc: Option<String>) -> contested_store::RecordQuery {
    contested_store::RecordQuery {
        doc,
        kind: blank_to_none(&p.kind),
        after: blank_to_none(&p.cursor),
        limit: p.limit.unwrap_or(DEFAULT_PAGE).clamp(1, contested_store::MAX_PAGE),
    }
}

/// One page of events filtered by document and ACLED type, in ledger order.
pub fn event_page_of(store: &dyn Store, query: &contested_store::RecordQuery) -> AppResult<contested_store::RecordPage<contested_core::Event>> {
    if let Some(kind) = &query.kind {
        let known = contested_core::SubEventType::ALL
            .iter()
            .any(|t| t.as_str().eq_ignore_ascii_case(kind) || t.event_type().as_str().eq_ignore_ascii_case(kind));
        if !known {
            return Err(ApiError::bad_request(format!("kind must be an ACLED event or sub-event type, not '{kind}'")));
        }
    }
    record_page(store.event_page(query))
}

/// One page of control records filtered by document and kind (`standing`, `change`).
pub fn control_page_of(store: &dyn Store, query: &contested_store::RecordQuery) -> AppResult<contested_store::RecordPage<contested_core::ControlRecord>> {
    if let Some(kind) = &query.kind {
        if kind != "standing" && kind != "change" {
            return Err(ApiError::bad_request(format!("kind must be 'standing' or 'change', not '{kind}'")));
        }
    }
    record_page(store.control_page(query))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventsPage {
    pub items: Vec<EventDto>,
    pub next_cursor: Option<String>,
}

/// Events (a clash, a shelling, a handover) in ACLED's types, each with its evidence and claims.
#[utoipa::path(get, path = "/api/events", params(RecordParams), responses((status = 200, body = EventsPage), (status = 400, body = ApiError), (status = 404, body = ApiError)))]
async fn events(State(state): Shared, q: Result<Query<RecordParams>, QueryRejection>) -> AppResult<Json<EventsPage>> {
    let q = query(q)?;
    state
        .readers
        .read(move |store| {
            let doc = resolve_doc(store, &q.doc)?;
            let page = event_page_of(store, &record_query(&q, doc))?;
            let mut texts = Texts::new(store);
            let items = page.items.iter().map(|e| Ok(EventDto::new(e, texts.of(&e.doc)?))).collect::<AppResult<_>>()?;
            Ok(EventsPage { items, next_cursor: page.next })
        })
        .await
        .map(Json)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ControlPage {
    pub items: Vec<ControlDto>,
    pub next_cursor: Option<String>,
}

/// Territorial control records: who says which place is held by whom, or changed hands when.
#[utoipa::path(get, path = "/api/control", params(RecordParams), responses((status = 200, body = ControlPage), (status = 400, body = ApiError), (status = 404, body = ApiError)))]
async fn control(State(state): Shared, q: Result<Query<RecordParams>, QueryRejection>) -> AppResult<Json<ControlPage>> {
    let q = query(q)?;
    state
        .readers
        .read(move |store| {
            let doc = resolve_doc(store, &q.doc)?;
            let page = control_page_of(store, &record_query(&q, doc))?;
            let mut texts = Texts::new(store);
            let items = page.items.iter().map(|c| Ok(ControlDto::new(c, texts.of(&c.doc)?))).collect::<AppResult<_>>()?;
            Ok(ControlPage { items, next_cursor: page.next })
        })
        .await
        .map(Json)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FindingsPage {
    pub items: Vec<FindingDto>,
    pub next_cursor: Option<String>,
}

/// Findings: contradictions between sources and arithmetic checks, most significant first.
#[utoipa::path(get, path = "/api/findings", params(RecordParams), responses((status = 200, body = FindingsPage), (status = 400, body = ApiError), (status = 404, body = ApiError)))]
async fn findings(State(state): Shared, q: Result<Query<RecordParams>, QueryRejection>) -> AppResult<Json<FindingsPage>> {
    let q = query(q)?;
    let after = match blank_to_none(&q.cursor) {
        Some(c) => Some(
            contested_store::parse_finding_cursor(&c)
                .ok_or_else(|| ApiError::bad_request(format!("cursor '{c}' is not one this server gave")))?,
        ),
        None => None,
    };
    let limit = q.limit.unwrap_or(DEFAULT_PAGE).clamp(1, contested_store::MAX_PAGE);
    if let Some(k) = blank_to_none(&q.kind) {
        if contested_core::FindingKind::parse(&k).is_none() {
            let known: Vec<&str> = contested_core::FindingKind::ALL.iter().map(|k| k.as_str()).collect();
            return Err(ApiError::bad_request(format!("kind must be one of {}; not '{k}'", known.join(", "))));
        }
    }
    state
        .readers
        .read(move |store| {
            let doc = resolve_doc(store, &q.doc)?;
            // One more than the page tells whether another page follows;
            // only the page's findings are read whole.
            let filter = FindingFilter { kind: blank_to_none(&q.kind), doc, limit: Some(limit + 1), after };
            let mut page = store.findings(&filter)?;
            let more = page.len() as u64 > limit;
            page.truncate(limit as usize);
            let next_cursor =
                page.last().filter(|_| more).map(|f| contested_store::finding_cursor(f.significance, &f.id));
            Ok(FindingsPage { items: page.iter().map(FindingDto::from).collect(), next_cursor })
        })
        .await
        .map(Json)
}

fn attachment(content_type: &'static str, filename: &'static str, body: Vec<u8>) -> Response {
    (
        [(header::CONTENT_TYPE, content_type), (header::CONTENT_DISPOSITION, if filename.is_empty() { "inline" } else { filename })],
        body,
    )
        .into_response()
}

/// Every claim as CSV (one row per claim, evidence included).
#[utoipa::path(get, path = "/api/export/claims.csv", responses((status = 200, content_type = "text/csv")))]
async fn export_claims_csv(State(state): Shared) -> AppResult<Response> {
    let body = state.readers.read(|store| Ok(exports::claims_csv(store, Vec::new())?)).await?;
    Ok(attachment("text/csv; charset=utf-8", "attachment; filename=\"claims.csv\"", body))
}

/// Every claim as JSON Lines, in the stable export schema.
#[utoipa::path(get, path = "/api/export/claims.jsonl", responses((status = 200, content_type = "application/x-ndjson")))]
async fn export_claims_jsonl(State(state): Shared) -> AppResult<Response> {
    let body = state.readers.read(|store| Ok(exports::claims_jsonl(store, Vec::new())?)).await?;
    Ok(attachment("application/x-ndjson", "attachment; filename=\"claims.jsonl\"", body))
}

/// Places as GeoJSON (districts from geoBoundaries, with claim counts).
#[utoipa::path(get, path = "/api/export/places.geojson", responses((status = 200, content_type = "application/geo+json")))]
async fn export_places(State(state): Shared) -> AppResult<Response> {
    let state2 = Arc::clone(&state);
    let body = state.readers.read(move |store| Ok(exports::places_geojson(store, &state2.map)?)).await?;
    Ok(attachment("application/geo+json", "", body))
}

/// Events as GeoJSON points at the finest gazetteer place each names.
#[utoipa::path(get, path = "/api/export/events.geojson", responses((status = 200, content_type = "application/geo+json")))]
async fn export_events(State(state): Shared) -> AppResult<Response> {
    let gazetteer = contested_extract::gazetteer::Gazetteer::builtin();
    let body = state.readers.read(move |store| Ok(exports::events_geojson(store, gazetteer)?)).await?;
    Ok(attachment("application/geo+json", "", body))
}

/// Events as CSV with ACLED's columns.
#[utoipa::path(get, path = "/api/export/events.acled.csv", responses((status = 200, content_type = "text/csv")))]
async fn export_events_acled(State(state): Shared) -> AppResult<Response> {
    let gazetteer = contested_extract::gazetteer::Gazetteer::builtin();
    let body = state.readers.read(move |store| Ok(exports::events_acled_csv(store, gazetteer, Vec::new())?)).await?;
    Ok(attachment("text/csv; charset=utf-8", "attachment; filename=\"events.acled.csv\"", body))
}

/// The address this server is reached at, for absolute links in exports.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    format!("http://{host}")
}

/// Contradictions as schema.org ClaimReview JSON-LD (rated in words, never true or false).
#[utoipa::path(get, path = "/api/export/claimreview.jsonld", responses((status = 200, content_type = "application/ld+json")))]
async fn export_claimreview(State(state): Shared, headers: HeaderMap) -> AppResult<Response> {
    let base = base_url(&headers);
    let body = state.readers.read(move |store| Ok(exports::claimreview_jsonld(store, &base)?)).await?;
    Ok(attachment("application/ld+json", "", body))
}

/// A document to ingest over HTTP.
#[derive(Debug, Deserialize, ToSchema)]
pub struct IngestDocument {
    pub text: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// RFC 3339 publication time.
    pub published: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum IngestBody {
    One(IngestDocument),
    Many(Vec<IngestDocument>),
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IngestOutcome {
    pub inserted: usize,
    pub unchanged: usize,
    /// Paragraphs of earlier documents whose role changed.
    pub relinked: usize,
    /// Ids of the documents posted, in order.
    pub ids: Vec<String>,
    /// Findings written or updated by reconciling the posted documents.
    pub findings: usize,
}

/// Whether the request carries the write token. Both sides are hashed first,
/// and `blake3::Hash` compares in constant time, so neither the token nor its
/// length leaks through timing.
fn authorised(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = state.write_token else {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "this server is read-only; start it with --write-token to accept documents"));
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "send the write token as 'Authorization: Bearer TOKEN'"))?;
    if blake3::hash(presented.as_bytes()) == expected {
        Ok(())
    } else {
        Err(ApiError::new(StatusCode::UNAUTHORIZED, "wrong write token"))
    }
}

/// Ingests one document or an array of documents (one transaction). Needs the write token.
#[utoipa::path(post, path = "/api/documents", request_body = IngestDocument,
    responses((status = 200, body = IngestOutcome), (status = 400, body = ApiError), (status = 401, body = ApiError),
              (status = 403, body = ApiError), (status = 413, body = ApiError)),
    security(("bearer" = [])))]
async fn post_documents(State(state): Shared, headers: HeaderMap, body: Bytes) -> AppResult<Json<IngestOutcome>> {
    authorised(&state, &headers)?;
    let body: IngestBody = serde_json::from_slice(&body).map_err(|e| ApiError::bad_request(format!("body: {e}")))?;
    let posted = match body {
        IngestBody::One(d) => vec![d],
        IngestBody::Many(ds) => ds,
    };
    let mut documents = Vec::with_capacity(posted.len());
    for (i, d) in posted.into_iter().enumerate() {
        if d.text.trim().is_empty() {
            return Err(ApiError::bad_request(format!("document {i}: text is empty")));
        }
        let published = d
            .published
            .as_deref()
            .map(|p| p.parse::<jiff::Timestamp>())
            .transpose()
            .map_err(|e| ApiError::bad_request(format!("document {i}: published: {e}")))?;
        documents.push(Document::new(d.text, d.title, d.outlet, d.url, published, format!("http#{i}")));
    }
    let analyzer = state
        .analyzer
        .clone()
        .ok_or_else(|| ApiError::new(StatusCode::NOT_IMPLEMENTED, "this server was started without a pipeline"))?;
    let ids: Vec<String> = documents.iter().map(|d| d.id.clone()).collect();
    let writer = state.writer.as_ref().ok_or_else(|| ApiError::new(StatusCode::FORBIDDEN, "read-only"))?;
    let mut store = Arc::clone(writer).lock_owned().await;
    let reconciler = state.reconciler.clone();
    let (outcome, findings) = tokio::task::spawn_blocking(move || {
        let analyzed: Vec<_> = documents.into_iter().map(|d| analyzer(d)).collect();
        let outcome = store.put_batch(&analyzed)?;
        // The batch is committed either way: a failed reconciliation leaves
        // the documents pending for the next write or ingest, never lost.
        let findings = match reconciler {
            Some(reconcile) => reconcile(&mut **store)
                .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("stored, but reconciling failed: {e}")))?,
            None => 0,
        };
        Ok::<_, ApiError>((outcome, findings))
    })
    .await
    .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("ingest failed: {e}")))??;
    Ok(Json(IngestOutcome { inserted: outcome.inserted, unchanged: outcome.unchanged, relinked: outcome.relinked, ids, findings }))
}
