//! `contested serve`: a JSON API with an OpenAPI document, and a dashboard of
//! server-rendered pages, over one ledger file.
//!
//! Read-only unless started with a write token. Everything the pages need
//! (styles, scripts, the base map) is compiled into the binary: it works on a
//! machine with no network.

mod api;
mod assets;
mod cache;
mod error;
pub mod exports;
pub mod geo;
mod pages;
mod pool;

pub use api::ApiDoc;
pub use error::ServeError;

use axum::extract::DefaultBodyLimit;
use axum::Router;
use contested_core::Document;
use contested_store::{AnalyzedDocument, SqliteStore};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Runs the pure pipeline stages on a document posted over HTTP. The binary
/// owns the pipeline, so it hands it in.
pub type Analyzer = Arc<dyn Fn(Document) -> AnalyzedDocument + Send + Sync>;

/// Brings findings up to date after a write (the binary's incremental
/// reconciliation); returns how many findings it wrote, or why it failed.
pub type Reconciler = Arc<dyn Fn(&mut dyn contested_store::Store) -> Result<usize, String> + Send + Sync>;

#[derive(Clone)]
pub struct ServeConfig {
    pub db: PathBuf,
    pub addr: SocketAddr,
    /// Enables `POST /api/documents` for requests carrying this bearer token.
    pub write_token: Option<String>,
    /// Needed for writing; without it the write endpoint answers 501.
    pub analyzer: Option<Analyzer>,
    /// Run after each write so posted documents show in findings at once;
    /// without it they wait (as pending) for the next `ingest`.
    pub reconciler: Option<Reconciler>,
    /// Read connections to the ledger (each query holds one).
    pub readers: usize,
    pub request_timeout: Duration,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
}

impl ServeConfig {
    pub fn new(db: PathBuf, addr: SocketAddr) -> Self {
        ServeConfig {
            db,
            addr,
            write_token: None,
            analyzer: None,
            reconciler: None,
            readers: 4,
            request_timeout: Duration::from_secs(10),
            body_limit: 8 * 1024 * 1024,
        }
    }
}

pub(crate) struct AppState {
    pub readers: Arc<pool::Pool>,
    /// Blake3 hash of the write token: comparing hashes (which `blake3::Hash`
    /// does in constant time) hides both the token and its length.
    pub write_token: Option<blake3::Hash>,
    pub writer: Option<Arc<tokio::sync::Mutex<SqliteStore>>>,
    pub analyzer: Option<Analyzer>,
    pub reconciler: Option<Reconciler>,
    pub map: geo::BaseMap,
    pub claim_pages: cache::PageCache,
}

/// Builds the whole application (API, pages, assets) over the ledger in
/// `config.db`, applying any pending migration first.
pub fn app(config: &ServeConfig) -> Result<Router, ServeError> {
    // Opening applies migrations; the readers then find the schema current.
    let first = SqliteStore::open(&config.db)?;
    let readers = Arc::new(pool::Pool::open(&config.db, config.readers.max(1), first)?);
    let writer = match &config.write_token {
        Some(_) => Some(Arc::new(tokio::sync::Mutex::new(SqliteStore::open(&config.db)?))),
        None => None,
    };
    let state = Arc::new(AppState {
        readers,
        write_token: config.write_token.as_ref().map(|t| blake3::hash(t.as_bytes())),
        writer,
        analyzer: config.analyzer.clone(),
        reconciler: config.reconciler.clone(),
        map: geo::BaseMap::load(),
        claim_pages: cache::PageCache::new(SqliteStore::open(&config.db)?, 4096),
    });
    Ok(Router::new()
        .merge(api::routes())
        .merge(pages::routes())
        .merge(assets::routes())
        .layer(DefaultBodyLimit::max(config.body_limit))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            config.request_timeout,
        ))
        .with_state(state))
}

/// Serves until Ctrl-C. Prints the address it listens on.
pub async fn serve(config: ServeConfig) -> Result<(), ServeError> {
    let app = app(&config)?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServeError::Bind { addr: config.addr, source })?;
    let addr = listener.local_addr().map_err(|source| ServeError::Bind { addr: config.addr, source })?;
    eprintln!(
        "serving {} on http://{addr}/ ({}); Ctrl-C stops",
        config.db.display(),
        if config.write_token.is_some() { "writes allowed with the token" } else { "read-only" }
    );
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(ServeError::Io)
}

/// [`serve`] on its own multi-threaded runtime, for a synchronous caller.
pub fn serve_blocking(config: ServeConfig) -> Result<(), ServeError> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(ServeError::Io)?.block_on(serve(config))
}
