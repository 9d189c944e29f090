//! The ledger. Only this crate knows SQL.
//!
//! [`Store`] is what every other part of contested talks to; [`SqliteStore`]
//! is the default backend (one file, no setup). A write is one transaction per
//! batch, so a killed ingest leaves either the whole batch or none of it, and
//! re-running it ends with the same ledger.

mod events;
mod schema;
mod sqlite;

pub use sqlite::SqliteStore;

use contested_clean::Fingerprint;
use contested_core::{Claim, Document, Finding, Paragraph, Role};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("ledger {path}: {source}")]
    Open { path: String, source: rusqlite::Error },
    #[error("ledger {path} has schema version {found}, newer than this contested understands ({supported}); upgrade contested")]
    TooNew { path: String, found: i64, supported: i64 },
    #[error("ledger query failed: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("no document matches id '{0}'")]
    NoSuchDocument(String),
    #[error("id prefix '{prefix}' matches {count} documents; give more characters")]
    AmbiguousId { prefix: String, count: usize },
    #[error("ledger holds a value it cannot read back: {0}")]
    Corrupt(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Everything the pipeline learned about one document, ready to be written.
#[derive(Debug, Clone)]
pub struct AnalyzedDocument {
    pub document: Document,
    /// In-document roles only (title, body, repeat); cross-document roles are
    /// resolved by the store inside the write transaction.
    pub paragraphs: Vec<Paragraph>,
    pub fingerprints: Vec<Fingerprint>,
    pub claims: Vec<Claim>,
    pub events: Vec<contested_core::Event>,
    pub control: Vec<contested_core::ControlRecord>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    pub inserted: usize,
    /// Already in the ledger (same content hash): nothing was written.
    pub unchanged: usize,
    /// Paragraphs of earlier documents whose role changed because of this batch.
    pub relinked: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub documents: u64,
    pub paragraphs_by_role: Vec<(String, u64)>,
    pub claims_by_kind: Vec<(String, u64)>,
    /// Claims in body or title paragraphs: the documents' own reporting.
    pub independent_claims: u64,
}

/// A document as listed, without its text.
#[derive(Debug, Clone)]
pub struct DocumentSummary {
    pub id: String,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub origin: String,
    pub paragraphs: u64,
    pub claims: u64,
}

/// A stored claim with where it sits and how widely it is carried.
#[derive(Debug, Clone)]
pub struct StoredClaim {
    pub claim: Claim,
    pub outlet: Option<String>,
    /// Role of the paragraph the claim sits in.
    pub role: Role,
    /// For claims in copied or template paragraphs: the claim it repeats.
    pub original: Option<String>,
    /// Documents carrying this figure (the original and every copy of it).
    pub documents: u64,
    /// Distinct outlets among those documents (unknown outlets count once).
    pub outlets: u64,
}

#[derive(Debug, Clone, Default)]
pub struct ClaimFilter {
    pub doc: Option<String>,
    pub kind: Option<String>,
    pub outlet: Option<String>,
    /// Only claims that are the documents' own reporting or the first
    /// occurrence of a copy: one row per independent claim.
    pub independent_only: bool,
    pub limit: Option<u64>,
}

/// One recomputation of findings, written in one transaction.
#[derive(Debug, Clone, Default)]
pub struct FindingsUpdate {
    /// Documents whose claims this recomputation took in; no longer pending.
    pub reconciled_docs: Vec<String>,
    /// Scopes recomputed in full: their stored findings are replaced.
    pub scopes: Vec<String>,
    /// (claim, doc, scope) for every claim that took part, so the next
    /// recomputation can find the documents a scope spans.
    pub claim_scopes: Vec<(String, String, String)>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Default)]
pub struct FindingFilter {
    pub kind: Option<String>,
    /// Only findings with evidence in this document.
    pub doc: Option<String>,
    pub limit: Option<u64>,
}

/// The ledger's interface. Backends keep these semantics exactly; the store
/// test suite runs against each.
pub trait Store {
    /// Writes a batch in one transaction. Documents already present (same
    /// id) are left untouched and counted as unchanged.
    fn put_batch(&mut self, batch: &[AnalyzedDocument]) -> Result<BatchOutcome>;
    fn contains(&self, id: &str) -> Result<bool>;
    /// Finds a document by its id or an unambiguous prefix of it.
    fn resolve_id(&self, prefix: &str) -> Result<String>;
    fn document(&self, id: &str) -> Result<Document>;
    fn paragraphs(&self, doc: &str) -> Result<Vec<Paragraph>>;
    fn documents(&self) -> Result<Vec<DocumentSummary>>;
    fn claims(&self, filter: &ClaimFilter) -> Result<Vec<StoredClaim>>;
    fn stats(&self) -> Result<Stats>;
    /// Documents written but not yet reconciled (also after a killed run).
    fn pending_reconcile(&self) -> Result<Vec<String>>;
    /// Documents with claims in any of these scopes, as last reconciled.
    fn docs_in_scopes(&self, scopes: &[String]) -> Result<Vec<String>>;
    fn replace_findings(&mut self, update: &FindingsUpdate) -> Result<()>;
    /// Findings, most significant first.
    fn findings(&self, filter: &FindingFilter) -> Result<Vec<Finding>>;
    /// Adds or replaces user gazetteer places, as (place id, CSV record). Returns how many were new.
    fn add_user_places(&mut self, places: &[(String, String)]) -> Result<usize>;
    /// The CSV records of every user place, in id order.
    fn user_places(&self) -> Result<Vec<String>>;
    /// Events in ledger order, optionally of one document.
    fn events(&self, doc: Option<&str>) -> Result<Vec<contested_core::Event>>;
    /// Territorial-control records in ledger order, optionally of one document.
    fn control_records(&self, doc: Option<&str>) -> Result<Vec<contested_core::ControlRecord>>;
}
