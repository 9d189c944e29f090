//! The ledger. Only this crate knows SQL.
//!
//! [`Store`] is what every other part of contested talks to; [`SqliteStore`]
//! is the default backend (one file, no setup), [`PostgresStore`] the one for
//! a ledger shared by several processes (workers draining a queue). A write
//! is one transaction per batch, so a killed ingest leaves either the whole
//! batch or none of it, and re-running it ends with the same ledger.

mod events;
pub mod dto;
mod postgres;
mod schema;
mod sqlite;

pub use postgres::{redacted_url, PostgresStore, DEFAULT_LEASE};
pub use sqlite::SqliteStore;

/// Whether `db` names a PostgreSQL ledger (a `postgres://` or
/// `postgresql://` URL) rather than a SQLite file.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// Opens a ledger: a `postgres://` or `postgresql://` URL opens a
/// PostgreSQL database, anything else is a SQLite file path.
pub fn open_store(db: &str) -> Result<Box<dyn Store + Send>> {
    if is_postgres_url(db) {
        Ok(Box::new(PostgresStore::open(db)?))
    } else {
        Ok(Box::new(SqliteStore::open(std::path::Path::new(db))?))
    }
}

use contested_clean::Fingerprint;
use contested_core::{Claim, Document, Finding, Paragraph, Role, Span};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("ledger {path}: {source}")]
    Open { path: String, source: rusqlite::Error },
    #[error("ledger {path} has schema version {found}, newer than this contested understands ({supported}); upgrade contested")]
    TooNew { path: String, found: i64, supported: i64 },
    #[error("ledger query failed: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("ledger {url}: {source}")]
    OpenPostgres { url: String, source: ::postgres::Error },
    #[error("ledger query failed: {0}")]
    Postgres(#[from] ::postgres::Error),
    #[error("no document matches id '{0}'")]
    NoSuchDocument(String),
    #[error("id prefix '{prefix}' matches {count} documents; give more characters")]
    AmbiguousId { prefix: String, count: usize },
    #[error("cursor '{0}' is not one this ledger gave")]
    BadCursor(String),
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
    /// Leave `documents` and `outlets` at 0 instead of counting every copy
    /// of each figure: reconciliation has no use for them, and a figure
    /// copied a thousand times costs a thousand rows to count.
    pub skip_spread: bool,
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
    /// Only findings ranked after this one, given as its (significance,
    /// id): findings are listed by significance, highest first, then id.
    pub after: Option<(f64, String)>,
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
    /// How many findings there are of each kind (by `FindingKind::as_str`),
    /// in kind order; kinds with none are left out.
    fn finding_counts(&self) -> Result<Vec<(String, u64)>>;
    /// Adds or replaces user gazetteer places, as (place id, CSV record). Returns how many were new.
    fn add_user_places(&mut self, places: &[(String, String)]) -> Result<usize>;
    /// The CSV records of every user place, in id order.
    fn user_places(&self) -> Result<Vec<String>>;
    /// Events in ledger order, optionally of one document.
    fn events(&self, doc: Option<&str>) -> Result<Vec<contested_core::Event>>;
    /// Territorial-control records in ledger order, optionally of one document.
    fn control_records(&self, doc: Option<&str>) -> Result<Vec<contested_core::ControlRecord>>;

    // Reads for `serve`: pages with cursors and evidence cut out in the
    // query, so that a page costs the same on a ledger of any size.

    /// One page of claims matching `query`, in ledger order, each with its
    /// evidence text.
    fn claim_page(&self, query: &ClaimQuery) -> Result<ClaimPage>;
    /// The ledger keys of the claims `claim_page(query)` would return, in the
    /// same order, with the same cursor: lets a caller that caches claims by
    /// key fetch only the ones it lacks (`ClaimQuery::keys`).
    fn claim_keys(&self, query: &ClaimQuery) -> Result<(Vec<i64>, Option<i64>)> {
        let page = self.claim_page(query)?;
        Ok((page.claims.iter().map(|c| c.key).collect(), page.next))
    }
    /// Full-text search over paragraphs, best match first.
    fn search(&self, query: &SearchQuery) -> Result<SearchPage>;
    /// One page of documents, in ledger order (earliest publication first).
    fn document_page(&self, after: Option<&str>, limit: u64, newest_first: bool) -> Result<DocumentPage>;
    /// Distinct values the claims can be filtered by.
    fn facets(&self) -> Result<Facets>;
    /// How many claims name each place, by place id when resolved, else by name as written.
    fn place_counts(&self) -> Result<Vec<PlaceCount>>;
    /// One page of events in ledger order (document order, then position),
    /// keyset-paged: a page reads ~`limit` rows however deep it is.
    fn event_page(&self, query: &RecordQuery) -> Result<RecordPage<contested_core::Event>>;
    /// One page of territorial-control records, in the same order and paging as [`Store::event_page`].
    fn control_page(&self, query: &RecordQuery) -> Result<RecordPage<contested_core::ControlRecord>>;

    // The work queue: `ingest --queue` fills it, `contested worker`
    // processes drain it, several at once.

    /// Queues documents for workers. Idempotent by id: documents already in
    /// the ledger or in the queue are left alone. Returns how many were queued.
    fn enqueue(&mut self, docs: &[Document]) -> Result<usize>;
    /// Claims up to `max` queued documents for `worker`, oldest first, for
    /// the lease time ([`Store::set_lease`]). An item whose lease ran out
    /// (its worker died) is claimable again.
    fn claim_work(&mut self, worker: &str, max: usize) -> Result<Vec<Document>>;
    /// [`Store::put_batch`], also removing the batch's documents from the
    /// queue in the same transaction: a document is either queued or in the
    /// ledger, never both nor neither.
    fn put_batch_completing(&mut self, batch: &[AnalyzedDocument]) -> Result<BatchOutcome>;
    /// Removes documents from the queue. Returns how many were there.
    fn complete_work(&mut self, ids: &[String]) -> Result<usize>;
    /// Gives back every item `worker` holds, claimable again at once.
    fn release_work(&mut self, worker: &str) -> Result<usize>;
    /// Documents queued and not yet written, claimed or not.
    fn queue_depth(&self) -> Result<u64>;
    /// How long claims made from now on last (default [`DEFAULT_LEASE`]).
    fn set_lease(&mut self, lease: std::time::Duration);
    /// Holds the ledger's writer lock until [`Store::unlock_ledger`]: no
    /// other process writes batches or findings meanwhile. Reconciliation
    /// runs under it when several workers share a ledger, because it reads
    /// the ledger, computes, and writes what it computed.
    fn lock_ledger(&mut self) -> Result<()>;
    fn unlock_ledger(&mut self) -> Result<()>;

    /// A number that moves whenever a write others can see has been
    /// committed, for dating cached answers: a cache built when it read `v`
    /// is current while it still reads `v`.
    ///
    /// The two backends differ in scope. SQLite: `PRAGMA data_version`, per
    /// connection: it moves when *another* connection commits (not this
    /// one's own writes), and values from two connections do not compare.
    /// PostgreSQL: the ledger's `ledger_version` row, which every committing
    /// write that changes what reads return bumps in its own transaction:
    /// one counter for the whole ledger, comparable across connections and
    /// processes, that never goes back.
    fn data_version(&self) -> Result<i64>;
}

/// A bound for `ClaimQuery::from`/`to` as the store compares it: an RFC 3339
/// instant, or a date (`2016-04-02`) meaning the start of that day, or with
/// `end_of_day` the start of the next, so that `--until 2016-04-02` includes
/// the whole day. `None` when the value is neither.
pub fn instant_bound(value: &str, end_of_day: bool) -> Option<String> {
    if let Ok(ts) = value.parse::<jiff::Timestamp>() {
        return Some(ts.to_string());
    }
    let date: jiff::civil::Date = value.parse().ok()?;
    let date = if end_of_day { date.tomorrow().ok()? } else { date };
    format!("{date}T00:00:00Z").parse::<jiff::Timestamp>().ok().map(|ts| ts.to_string())
}

/// A filter over claims for paged reading. Every field narrows; `None` lets all through.
/// Most rows one page returns, whatever a caller asks for.
pub const MAX_PAGE: u64 = 500;

#[derive(Debug, Clone, Default)]
pub struct ClaimQuery {
    pub id: Option<String>,
    pub doc: Option<String>,
    pub kind: Option<String>,
    pub measure: Option<String>,
    pub outlet: Option<String>,
    /// A gazetteer id, or a place name as written (case-insensitive).
    pub place: Option<String>,
    /// Part of a speaker's name anywhere in the attribution chain (case-insensitive).
    pub actor: Option<String>,
    /// Claims whose time interval ends after this instant (RFC 3339).
    pub from: Option<String>,
    /// Claims whose time interval starts before this instant (RFC 3339).
    pub to: Option<String>,
    /// Words that must all occur in the claim's paragraph, whole (plain words, not FTS syntax;
    /// unlike [`SearchQuery::text`], the last is not a prefix).
    pub text: Option<String>,
    /// Only claims with these ledger keys ([`ClaimEvidence::key`]).
    pub keys: Option<Vec<i64>>,
    pub independent_only: bool,
    /// Cursor: the `next` of the previous page.
    pub after: Option<i64>,
    pub newest_first: bool,
    pub limit: u64,
}

/// A claim with the evidence cut out of its document.
#[derive(Debug, Clone)]
pub struct ClaimEvidence {
    /// The claim's place in ledger order: what page cursors count in.
    pub key: i64,
    pub stored: StoredClaim,
    /// `text[span]`
    pub text: String,
    /// `text[sentence_span]`
    pub sentence: String,
    /// `text[time.span]`, when the claim has a time.
    pub time_text: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ClaimPage {
    pub claims: Vec<ClaimEvidence>,
    /// Cursor for the next page; `None` on the last page.
    pub next: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// Plain words; all must occur (the last may be a prefix).
    pub text: String,
    pub offset: u64,
    pub limit: u64,
}

#[derive(Debug, Clone)]
pub struct SearchHit {
    pub doc: String,
    pub paragraph: u64,
    pub span: Span,
    pub role: Role,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    /// Text around the match with each matched term between `\u{2}` and `\u{3}`.
    pub snippet: String,
}

#[derive(Debug, Clone, Default)]
pub struct SearchPage {
    pub hits: Vec<SearchHit>,
    /// Offset of the next page; `None` on the last page.
    pub next: Option<u64>,
}

/// Marks around a matched term in [`SearchHit::snippet`]: control characters
/// cannot occur in clean text, so they survive escaping and are replaced by
/// the renderer.
pub const MATCH_START: char = '\u{2}';
pub const MATCH_END: char = '\u{3}';

/// A filter and cursor over events or control records.
#[derive(Debug, Clone, Default)]
pub struct RecordQuery {
    pub doc: Option<String>,
    /// Events: an ACLED event or sub-event type; control records: `standing`
    /// or `change`. Compared ignoring ASCII case.
    pub kind: Option<String>,
    /// Cursor: the `next` of the previous page, as given.
    pub after: Option<String>,
    pub limit: u64,
}

#[derive(Debug, Clone)]
pub struct RecordPage<T> {
    pub items: Vec<T>,
    /// Cursor for the next page; `None` on the last page. Opaque: the
    /// position of the page's last row, which later writes cannot shift.
    pub next: Option<String>,
}

impl<T> Default for RecordPage<T> {
    fn default() -> Self {
        RecordPage { items: Vec::new(), next: None }
    }
}

/// A record's place in ledger order, as a cursor: its document's order
/// key, its start offset and its id, hex-encoded so that it travels in a
/// URL untouched. `None` when the text is not one this encoding made.
pub fn record_cursor(order_key: &str, start: i64, id: &str) -> String {
    let raw = format!("{order_key}\u{1f}{start}\u{1f}{id}");
    raw.bytes().map(|b| format!("{b:02x}")).collect()
}

/// The words a person typed into a search box or a claims filter, as both
/// backends' full-text queries take them: runs of letters and digits, at
/// most 16 (a query stays cheap however much is pasted in).
pub(crate) fn typed_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(16)
}

/// A finding's whole content (figures, sources and evidence too) as a hash:
/// recomputing a scope leaves the findings whose digest is unchanged where
/// they are, instead of deleting and rewriting them and every index entry
/// of their parts. After 512 documents joined a 20,000-document ledger,
/// one finding in nine of the recomputed scopes had changed.
pub(crate) fn finding_digest(finding: &Finding) -> String {
    contested_core::content_id(&[format!("{finding:?}").as_bytes()])
}

/// A finding's place in the ranking (significance, highest first, then id)
/// as a cursor. The significance travels as its exact bits, so the next
/// page starts exactly after the last one shown.
pub fn finding_cursor(significance: f64, id: &str) -> String {
    format!("{:016x}{id}", significance.to_bits())
}

/// The parts of a [`finding_cursor`].
pub fn parse_finding_cursor(cursor: &str) -> Option<(f64, String)> {
    let (bits, id) = (cursor.get(..16)?, cursor.get(16..)?);
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b':') {
        return None;
    }
    let significance = f64::from_bits(u64::from_str_radix(bits, 16).ok()?);
    significance.is_finite().then(|| (significance, id.to_string()))
}

/// The parts of a [`record_cursor`].
pub fn parse_record_cursor(cursor: &str) -> Option<(String, i64, String)> {
    if !cursor.len().is_multiple_of(2) || !cursor.is_ascii() {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..cursor.len()).step_by(2).map(|i| u8::from_str_radix(&cursor[i..i + 2], 16).ok()).collect();
    let raw = String::from_utf8(bytes?).ok()?;
    let mut parts = raw.split('\u{1f}');
    let (order_key, start, id) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    Some((order_key.to_string(), start.parse().ok()?, id.to_string()))
}

#[derive(Debug, Clone, Default)]
pub struct DocumentPage {
    pub documents: Vec<DocumentSummary>,
    pub next: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Facets {
    pub kinds: Vec<String>,
    pub measures: Vec<String>,
    pub outlets: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct PlaceCount {
    pub place_id: Option<String>,
    pub name: String,
    pub claims: u64,
}
