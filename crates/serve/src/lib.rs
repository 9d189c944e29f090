//! `contested serve`: a JSON API with an OpenAPI document, and a dashboard of
//! server-rendered pages, over one ledger: a SQLite file or a PostgreSQL
//! database (`postgres://…`).
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
use contested_store::{AnalyzedDocument, SqliteStore, Store};
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
    /// A SQLite file path, or a `postgres://` / `postgresql://` URL.
    pub db: String,
    pub addr: SocketAddr,
    /// Enables `POST /api/documents` for requests carrying this bearer token.
    pub write_token: Option<String>,
    /// Needed for writing; without it the write endpoint answers 501.
    pub analyzer: Option<Analyzer>,
    /// Run after each write so posted documents show in findings at once;
    /// without it they wait (as pending) for the next `ingest`.
    pub reconciler: Option<Reconciler>,
    /// Read connections to the ledger (each request holds one while it reads).
    pub readers: usize,
    pub request_timeout: Duration,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
}

impl ServeConfig {
    pub fn new(db: impl Into<String>, addr: SocketAddr) -> Self {
        ServeConfig {
            db: db.into(),
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
    pub writer: Option<Arc<tokio::sync::Mutex<Box<dyn Store + Send>>>>,
    pub analyzer: Option<Analyzer>,
    pub reconciler: Option<Reconciler>,
    pub map: geo::BaseMap,
    pub claim_pages: cache::PageCache,
}

/// Builds the whole application (API, pages, assets) over the ledger in
/// `config.db`, applying any pending migration first.
pub fn app(config: &ServeConfig) -> Result<Router, ServeError> {
    let (readers, claim_pages, writer) = off_runtime(|| open_ledger(config))?;
    let state = Arc::new(AppState {
        readers: Arc::new(readers),
        write_token: config.write_token.as_ref().map(|t| blake3::hash(t.as_bytes())),
        writer: writer.map(|w| Arc::new(tokio::sync::Mutex::new(w))),
        analyzer: config.analyzer.clone(),
        reconciler: config.reconciler.clone(),
        map: geo::BaseMap::load(),
        claim_pages,
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

type Ledger = (pool::Pool, cache::PageCache, Option<Box<dyn Store + Send>>);

/// The read pool, the claim cache and the writer (with a write token).
fn open_ledger(config: &ServeConfig) -> Result<Ledger, ServeError> {
    let readers = config.readers.max(1);
    let writer = || config.write_token.as_ref().map(|_| contested_store::open_store(&config.db)).transpose();
    if contested_store::is_postgres_url(&config.db) {
        // Opening applies migrations; the pool's connections then skip them.
        let migrated = contested_store::PostgresStore::open(&config.db)?;
        drop(migrated);
        Ok((pool::Pool::postgres(&config.db, readers)?, cache::PageCache::dated_by_caller(4096), writer()?))
    } else {
        let path = PathBuf::from(&config.db);
        let first = SqliteStore::open(&path)?;
        let watch = SqliteStore::open(&path)?;
        Ok((pool::Pool::sqlite(path, readers, first)?, cache::PageCache::watching(watch, 4096), writer()?))
    }
}

/// Runs `work` where the blocking PostgreSQL client may run. That client
/// drives a tokio runtime of its own for each connection, and tokio forbids
/// starting (connecting) or stopping (dropping) one on a thread that is
/// running async tasks: such work moves to a plain thread.
pub(crate) fn off_runtime<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    if tokio::runtime::Handle::try_current().is_err() {
        return work();
    }
    std::thread::scope(|scope| match scope.spawn(work).join() {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    })
}

/// Drops `value` (which may hold PostgreSQL connections) where that is
/// allowed: see [`off_runtime`]. Does not wait for it.
pub(crate) fn drop_off_runtime<T: Send + 'static>(value: T) {
    if tokio::runtime::Handle::try_current().is_ok() {
        std::thread::spawn(move || drop(value));
    }
}

impl Drop for AppState {
    fn drop(&mut self) {
        if let Some(writer) = self.writer.take() {
            drop_off_runtime(writer);
        }
    }
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
        contested_store::redacted_url(&config.db),
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
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    // Cached claim pages are read inline, on the async threads, and each
    // read holds its thread for its SQLite key query: with one thread per
    // core, two such reads stall every other connection. Twice the cores
    // (at least four) let the OS interleave them. Measured on 2 cores, 100k
    // claims, 200 connections, a new random page each request, quiet
    // machine, alternating runs: 17.4-22.3k requests/s with 2 threads,
    // 23.0-26.6k with 4, p50 8.8-10.2 ms against 6.5-7.5 ms. TOKIO_WORKER_THREADS,
    // when set, still decides.
    if std::env::var_os("TOKIO_WORKER_THREADS").is_none() {
        let cores = std::thread::available_parallelism().map(usize::from).unwrap_or(1);
        runtime.worker_threads((2 * cores).max(4));
    }
    runtime.enable_all().build().map_err(ServeError::Io)?.block_on(serve(config))
}
