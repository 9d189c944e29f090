//! `contested watch`: polls RSS/Atom feeds over HTTP(S) and folders, ingests
//! what is new, and remembers what it has taken in a state file.
//!
//! The state is written (temporary file, then rename) only after the
//! documents it vouches for are committed to the ledger, so a killed watcher
//! at worst reads something again, which the ledger recognises as unchanged,
//! and never marks unread work as seen. A feed's ETag and Last-Modified are
//! saved only with the whole of that response committed: saving them early
//! would make the next conditional GET answer "not modified" for items never
//! ingested.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use contested_core::Document;
use contested_ingest::{Input, ReadOptions};
use contested_store::{SqliteStore, Store};
use serde::{Deserialize, Serialize};

use crate::pipeline::{self, IngestSummary, BATCH_SIZE};

#[derive(clap::Args)]
pub struct WatchArgs {
    /// RSS/Atom feed URLs (http:// or https://) and folders (or files) to watch.
    #[arg(required = true, value_name = "FEED_URL_OR_FOLDER")]
    sources: Vec<String>,
    /// Time between rounds, e.g. 30s, 15m, 2h.
    #[arg(long, default_value = "15m", value_parser = parse_every)]
    every: Duration,
    /// Do one round and exit (status 3 if a source failed or an item was skipped).
    #[arg(long)]
    once: bool,
    /// State file [default: <ledger>.watch.json beside the ledger].
    #[arg(long, value_name = "PATH")]
    pub state: Option<PathBuf>,
    /// Outlet for every document read (wins over what feeds and pages say).
    #[arg(long)]
    outlet: Option<String>,
}

fn parse_every(text: &str) -> Result<Duration, String> {
    let duration: jiff::SignedDuration = text
        .parse()
        .map_err(|e| format!("not a duration like 30s, 15m or 2h: {e}"))?;
    let duration =
        Duration::try_from(duration).map_err(|_| "a duration must not be negative".to_string())?;
    if duration.is_zero() {
        return Err("a duration must be longer than zero".to_string());
    }
    Ok(duration)
}

/// Set by Ctrl-C (or SIGTERM): finish the batch in hand, save, and stop.
static STOP: AtomicBool = AtomicBool::new(false);

/// Exit status when a round finished but a source failed or an item was skipped.
const EXIT_PARTIAL: u8 = 3;

/// Watches with the SQLite ledger at `db`, the state beside it unless
/// `--state` says otherwise.
pub fn run(db: &Path, args: &WatchArgs) -> Result<ExitCode> {
    let state_path = args.state.clone().unwrap_or_else(|| default_state_path(db));
    let mut store =
        SqliteStore::open(db).with_context(|| format!("opening ledger {}", db.display()))?;
    run_with_store(&mut store, &state_path, args)
}

/// Watches into any ledger; a store with no file of its own (a database
/// server) needs a `state_path` chosen by the caller.
pub fn run_with_store(
    store: &mut dyn Store,
    state_path: &Path,
    args: &WatchArgs,
) -> Result<ExitCode> {
    let mut state = State::load(state_path)?;
    let options = ReadOptions {
        outlet: args.outlet.clone(),
        ..Default::default()
    };
    let client = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .user_agent(concat!("contested/", env!("CARGO_PKG_VERSION"), " (watch)"))
        .build()
        .new_agent();
    ctrlc::set_handler(|| {
        if STOP.swap(true, Ordering::SeqCst) {
            // A second Ctrl-C means now; the state on disk is consistent anyway.
            std::process::exit(130);
        }
        eprintln!("stopping after the current batch (Ctrl-C again to stop now)");
    })
    .context("installing the Ctrl-C handler")?;
    let mut watcher = Watcher {
        store,
        state: &mut state,
        state_path,
        options: &options,
        client: &client,
    };
    loop {
        let round = watcher.round(&args.sources)?;
        round.print();
        if args.once || STOP.load(Ordering::SeqCst) {
            let partial = !round.failed.is_empty() || !round.summary.skipped.is_empty();
            return Ok(if args.once && partial {
                ExitCode::from(EXIT_PARTIAL)
            } else {
                ExitCode::SUCCESS
            });
        }
        let wake = Instant::now() + args.every;
        while Instant::now() < wake {
            if STOP.load(Ordering::SeqCst) {
                return Ok(ExitCode::SUCCESS);
            }
            std::thread::sleep(
                Duration::from_millis(200).min(wake.saturating_duration_since(Instant::now())),
            );
        }
    }
}

/// `contested.db` -> `contested.db.watch.json`.
pub fn default_state_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".watch.json");
    PathBuf::from(name)
}

/// What the watcher has taken in, per source. Sources are keyed as given on
/// the command line.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct State {
    #[serde(default)]
    pub feeds: BTreeMap<String, FeedState>,
    #[serde(default)]
    pub folders: BTreeMap<String, FolderState>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct FeedState {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Ids of the items in the feed's last response, all in the ledger.
    /// Items that dropped out of the feed are forgotten, which keeps the
    /// state small; one that comes back is read again and found unchanged.
    pub seen: BTreeSet<String>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct FolderState {
    /// By path: files whose documents are all in the ledger.
    pub files: BTreeMap<String, FileState>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileState {
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime_ns: i128,
    /// Content hash: a touched but unchanged file is not read again.
    pub hash: String,
}

impl State {
    fn load(path: &Path) -> Result<State> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).with_context(|| {
                format!(
                    "reading watch state {} (fix or delete it; deleting makes the next round re-read every source, which the ledger recognises as unchanged)",
                    path.display()
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::default()),
            Err(e) => Err(e).with_context(|| format!("reading watch state {}", path.display())),
        }
    }

    /// Replaces the state file whole: a reader (or a crash) sees the old
    /// state or the new one, never half of each.
    fn save(&self, path: &Path) -> Result<()> {
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let mut temp = tempfile::NamedTempFile::new_in(folder)
            .with_context(|| format!("creating a temporary file in {}", folder.display()))?;
        serde_json::to_writer_pretty(&mut temp, self)?;
        temp.write_all(b"\n")?;
        temp.as_file().sync_all()?;
        temp.persist(path)
            .with_context(|| format!("writing watch state {}", path.display()))?;
        Ok(())
    }
}

struct Watcher<'a> {
    store: &'a mut dyn Store,
    state: &'a mut State,
    state_path: &'a Path,
    options: &'a ReadOptions,
    client: &'a ureq::Agent,
}

#[derive(Default)]
struct Round {
    summary: IngestSummary,
    failed: Vec<String>,
    /// Sources that had nothing new (feeds answering 304 included).
    quiet: usize,
}

impl Round {
    fn print(&self) {
        for failure in &self.failed {
            eprintln!("failed {failure}");
        }
        if self.quiet > 0 {
            eprintln!("{} source(s) with nothing new", self.quiet);
        }
        self.summary.print();
    }
}

fn is_url(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

impl Watcher<'_> {
    fn round(&mut self, sources: &[String]) -> Result<Round> {
        let mut round = Round::default();
        let gazetteer = crate::gazetteer_cmd::for_store(&*self.store)?;
        for source in sources {
            if STOP.load(Ordering::SeqCst) {
                break;
            }
            let before = round.summary.read + round.summary.skipped.len();
            let outcome = if is_url(source) {
                self.feed(source, gazetteer, &mut round.summary)
            } else {
                self.folder(source, gazetteer, &mut round.summary)
            };
            match outcome {
                Ok(()) if round.summary.read + round.summary.skipped.len() == before => {
                    round.quiet += 1
                }
                Ok(()) => {}
                // One source failing (unreachable, not a feed, the ledger
                // refusing a batch) must not stop the others.
                Err(error) => round.failed.push(format!("{source}: {error:#}")),
            }
        }
        // Every round, not only those that ingested: documents a killed run
        // committed but did not reconcile wait in the ledger for this.
        match crate::findings::update(&mut *self.store) {
            Ok(findings) => round.summary.findings = findings,
            Err(error) => round.failed.push(format!("reconciling findings: {error:#}")),
        }
        Ok(round)
    }

    fn flush(
        &mut self,
        gazetteer: &contested_extract::gazetteer::Gazetteer,
        pending: &mut Vec<Document>,
        summary: &mut IngestSummary,
    ) -> Result<()> {
        pipeline::flush_now(&mut *self.store, gazetteer, pending, summary)
    }

    fn feed(
        &mut self,
        url: &str,
        gazetteer: &contested_extract::gazetteer::Gazetteer,
        summary: &mut IngestSummary,
    ) -> Result<()> {
        let known = self.state.feeds.get(url).cloned().unwrap_or_default();
        let mut request = self.client.get(url);
        if let Some(etag) = &known.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(modified) = &known.last_modified {
            request = request.header("If-Modified-Since", modified);
        }
        let mut response = request.call().context("fetching the feed")?;
        let status = response.status().as_u16();
        if status == 304 {
            return Ok(());
        }
        if !(200..300).contains(&status) {
            bail!("the server answered HTTP {status}");
        }
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let etag = header("etag");
        let last_modified = header("last-modified");
        let body = response
            .body_mut()
            .with_config()
            .limit(self.options.max_document_bytes)
            .read_to_vec()
            .context("reading the feed")?;
        let items = contested_ingest::feed::read_items(&body, url, self.options)?;
        let in_feed: BTreeSet<String> = items.iter().map(|item| item.id.clone()).collect();
        let mut pending = Vec::new();
        for item in items
            .into_iter()
            .filter(|item| !known.seen.contains(&item.id))
        {
            match item.document {
                Ok(document) => {
                    summary.read += 1;
                    pending.push(document);
                    if pending.len() >= BATCH_SIZE {
                        self.flush(gazetteer, &mut pending, summary)?;
                    }
                }
                // Reported once: the item is remembered with the others, so
                // it is not reported again every round.
                Err(error) => pipeline::report_skip(&hidden(), summary, error),
            }
        }
        self.flush(gazetteer, &mut pending, summary)?;
        self.state.feeds.insert(
            url.to_string(),
            FeedState {
                etag,
                last_modified,
                seen: in_feed,
            },
        );
        self.state.save(self.state_path)
    }

    fn folder(
        &mut self,
        source: &str,
        gazetteer: &contested_extract::gazetteer::Gazetteer,
        summary: &mut IngestSummary,
    ) -> Result<()> {
        if !Path::new(source).exists() {
            bail!("no such file or folder");
        }
        let (inputs, errors) = contested_ingest::expand(&[source.to_string()]);
        if let Some(error) = errors.into_iter().next() {
            bail!("{error}");
        }
        let known = self.state.folders.get(source).cloned().unwrap_or_default();
        let mut current: BTreeMap<String, FileState> = BTreeMap::new();
        // Files read whose documents wait in `pending`: they join the
        // state once the batch holding their last document commits.
        let mut uncommitted: Vec<(String, FileState)> = Vec::new();
        let mut pending = Vec::new();
        for input in &inputs {
            let Input::Path(path) = input else { continue };
            let key = path.display().to_string();
            let Ok(metadata) = std::fs::metadata(path) else {
                continue;
            };
            let size = metadata.len();
            let mtime_ns = metadata
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i128);
            if let Some(seen) = known.files.get(&key) {
                if seen.size == size && seen.mtime_ns == mtime_ns {
                    current.insert(key, seen.clone());
                    continue;
                }
            }
            let hash = match file_hash(path) {
                Ok(hash) => hash,
                Err(error) => {
                    summary.skipped.push(format!("{key}: {error}"));
                    eprintln!("skipped {key}: {error}");
                    continue;
                }
            };
            let file = FileState {
                size,
                mtime_ns,
                hash,
            };
            if known
                .files
                .get(&key)
                .is_some_and(|seen| seen.hash == file.hash)
            {
                current.insert(key, file);
                continue;
            }
            for item in contested_ingest::read(input, self.options) {
                match item {
                    Ok(document) => {
                        summary.read += 1;
                        pending.push(document);
                    }
                    Err(error) => pipeline::report_skip(&hidden(), summary, error),
                }
                if pending.len() >= BATCH_SIZE {
                    // Files read to the end before this batch are now wholly
                    // in the ledger; the one being read is not.
                    self.flush(gazetteer, &mut pending, summary)?;
                    current.extend(uncommitted.drain(..));
                    self.save_folder(source, &known, &current)?;
                    if STOP.load(Ordering::SeqCst) {
                        return Ok(());
                    }
                }
            }
            uncommitted.push((key, file));
        }
        self.flush(gazetteer, &mut pending, summary)?;
        current.extend(uncommitted.drain(..));
        // Files gone from the folder are forgotten with this save.
        self.state
            .folders
            .insert(source.to_string(), FolderState { files: current });
        self.state.save(self.state_path)
    }

    /// Saves a folder's progress partway: files committed so far, plus
    /// what was known of the files not reached yet.
    fn save_folder(
        &mut self,
        source: &str,
        known: &FolderState,
        committed: &BTreeMap<String, FileState>,
    ) -> Result<()> {
        let mut files = known.files.clone();
        files.extend(committed.iter().map(|(k, v)| (k.clone(), v.clone())));
        self.state
            .folders
            .insert(source.to_string(), FolderState { files });
        self.state.save(self.state_path)
    }
}

/// Streamed, so a large record file costs no more memory than a page.
fn file_hash(path: &Path) -> std::io::Result<String> {
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(std::fs::File::open(path)?)?;
    Ok(hasher.finalize().to_hex()[..32].to_string())
}

fn hidden() -> indicatif::ProgressBar {
    indicatif::ProgressBar::hidden()
}
