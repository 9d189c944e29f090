//! `contested`: a ledger of attributed claims from conflict reporting.
//!
//! Thin glue over the stage crates: argument parsing, progress, output.

mod demo;
mod export;
mod findings;
mod gazetteer_cmd;
mod output;
mod pipeline;
mod recognize_cmd;
mod watch;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use contested_store::{ClaimFilter, Store, StoredClaim};
use output::Format;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit status when the command finished but some inputs were skipped.
const EXIT_PARTIAL: u8 = 3;

const ABOUT: &str = "Turns news reporting on armed conflicts into a ledger of attributed claims.

Every figure is stored as somebody's claim, with the exact text as evidence:
who says it (the outlet, and whoever the outlet quotes), about which place and
time, with byte spans into the article. Copied paragraphs and page templates
are told apart from independent reporting.";

const AFTER_HELP: &str = "Examples:
  contested demo                          ingest the built-in examples and summarise them
  contested ingest articles/ feed.jsonl   ingest a folder and a JSON Lines file
  contested claims --kind area            figures about territory
  contested show 3f2a                     one document, paragraph roles and claims
  contested export --format jsonl > ledger.jsonl

Exit status: 0 success; 1 error (nothing partial was written: batches are
transactions); 2 bad command line; 3 finished, but some inputs were skipped
(each is named on stderr with the reason).";

#[derive(Parser)]
#[command(name = "contested", version, about = ABOUT, after_help = AFTER_HELP)]
struct Cli {
    /// Ledger: a SQLite file (created when missing) or a PostgreSQL URL
    /// (postgres://user@host/db; the database must exist, tables are created).
    #[arg(long, global = true, env = "CONTESTED_DB", value_name = "PATH|URL")]
    db: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Ingest the built-in example articles and print a summary of the ledger.
    ///
    /// Uses ./contested-demo.db unless --db is given, so it never touches your ledger.
    /// Then serves the dashboard on it, when run from a terminal, unless --no-serve.
    Demo {
        /// Only ingest and print the summary.
        #[arg(long)]
        no_serve: bool,
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
    },
    /// Serve the JSON API (/api, OpenAPI at /api/openapi.json) and the dashboard.
    ///
    /// Read-only unless a write token is given; then POST /api/documents ingests
    /// documents sent with "Authorization: Bearer TOKEN".
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        #[arg(long, env = "CONTESTED_WRITE_TOKEN", hide_env_values = true)]
        write_token: Option<String>,
        /// Read connections to the ledger: how many requests read at once
        /// (with --db postgres://…, the size of the connection pool).
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..))]
        readers: u16,
    },
    /// Process queued documents (see ingest --queue) until stopped, or until the queue is
    /// empty with --until-empty. Several workers may share one ledger (PostgreSQL, or
    /// SQLite on one machine): each document is processed once, and findings are
    /// recomputed under the ledger's lock so that workers never write them at once.
    Worker(WorkerArgs),
    /// Read articles into the ledger: files, folders (recursively), globs, or - for stdin.
    ///
    /// Formats are chosen by extension: .txt/.md (plain text), .html/.htm (main text is
    /// extracted), .jsonl/.ndjson and .csv (one article per record), .rss/.atom/.xml feeds (one
    /// per item) and .warc/.warc.gz archives (one per archived page). Ingesting the same
    /// article again changes nothing: a document's id is a hash of its content.
    Ingest(IngestArgs),
    /// List the documents in the ledger.
    Docs {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// List claims, with how many documents and outlets carry each figure.
    Claims(ClaimsArgs),
    /// Findings: contradictions between sources, disputes and denials, revisions, figures
    /// that do not add up (parts vs totals, shares vs known areas, double counts), and
    /// groups of claims about the same quantity. Most significant first.
    Findings {
        /// Only this kind: contradiction, denial, dispute, revision, parts_vs_total,
        /// share_vs_area, double_count, part_exceeds_total, group.
        #[arg(long)]
        kind: Option<String>,
        /// Only findings with evidence in this document (id or prefix).
        #[arg(long)]
        doc: Option<String>,
        #[arg(long)]
        limit: Option<u64>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Events typed with ACLED's event and sub-event types: who did what to whom, where, when,
    /// and who says so.
    Events {
        /// Only events of this document (id or prefix).
        #[arg(long)]
        doc: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Territorial-control records: place, party before/after, date, area, and the wording as
    /// said ("occupied", "liberated"), standing positions (an outlet's list) apart from reported changes.
    Control {
        /// Only records of this document (id or prefix).
        #[arg(long)]
        doc: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Places: add your own (GeoNames dumps or CSV) and check what a text resolves to.
    #[command(subcommand)]
    Gazetteer(gazetteer_cmd::GazetteerCommand),
    /// Show one document: its paragraphs with their roles, and its claims.
    Show {
        /// Document id, or an unambiguous prefix of it.
        doc: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Write the ledger for other tools: JSON Lines (everything, the stable schema), CSV of
    /// claims, or GeoJSON of places.
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
        format: ExportFormat,
        /// Write to this file instead of stdout.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Find figures and time expressions in lines of text read from stdin.
    ///
    /// Prints, per input line, each item: kind, text, byte start and end, value, unit,
    /// qualifier, interval and precision.
    Recognize(recognize_cmd::RecognizeArgs),
    /// Counts of documents, paragraphs by role and claims by kind.
    Stats,
    /// Print the main text of an HTML page (or the text of any input) as the ledger would store it.
    ///
    /// Title, byline and publication date go to stderr; the text to stdout.
    Text {
        /// An .html/.htm/.html.gz page, or any other input format.
        file: PathBuf,
    },
    /// Score a stage against a reference data set and print precision, recall and F1.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Poll RSS/Atom feed URLs and folders, ingesting what is new, every 15 minutes or --every.
    ///
    /// Feeds are fetched with conditional GETs (ETag, Last-Modified) and each item is taken
    /// once; folders are rescanned for new or changed files. What was taken is kept in a state
    /// file beside the ledger, written only after the documents are committed, so a restart
    /// resumes where the last run stopped. Ctrl-C stops after the current batch.
    Watch(watch::WatchArgs),
}

#[derive(Subcommand)]
enum EvalCommand {
    /// HTML main-text extraction against pages with hand-made truth (4-token shingle overlap).
    Html {
        /// Folder of pages (<id>.html or <id>.html.gz).
        #[arg(long, default_value = "../shared/data/article-extraction/html")]
        dir: PathBuf,
        /// JSON object {id: {"articleBody": ...}}.
        #[arg(long, default_value = "../shared/data/article-extraction/ground-truth.json")]
        truth: PathBuf,
    },
    /// Claims against the hand-made gold set (paragraphs of ../shared/data/corpus): precision and
    /// recall of claims, and of value, measure, place and attribution on matched claims.
    Claims {
        /// The shared folder holding data/corpus.
        #[arg(long, default_value = "../shared")]
        shared: PathBuf,
    },
    /// Recognisers against the Microsoft Recognizers-Text English specs (span-and-value F1).
    Recognizers {
        /// The Specs folder of Recognizers-Text.
        #[arg(long, default_value = "../shared/data/recognizers/Specs")]
        specs: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ExportFormat {
    /// The whole ledger: documents, paragraphs, claims, events, control records, findings.
    Jsonl,
    /// Claims only, one row each, for spreadsheets.
    Csv,
    /// Places and districts with how many claims name them (GeoJSON FeatureCollection).
    Geojson,
    /// Events as points at their most precise place (GeoJSON FeatureCollection).
    EventsGeojson,
    /// Events in ACLED's columns (CSV).
    Acled,
    /// One ClaimReview (JSON-LD) per contradiction, rated in words only, never true/false.
    Claimreview,
}

#[derive(Args)]
struct IngestArgs {
    /// Files, folders, glob patterns, or - for stdin.
    #[arg(required = true)]
    paths: Vec<String>,
    /// Read every input in this format instead of guessing from its extension.
    #[arg(long, value_enum)]
    format: Option<InputFormat>,
    /// Field holding the article text in JSON Lines/CSV [default: text, article_content, content, body].
    #[arg(long)]
    text_field: Option<String>,
    /// Field holding the title [default: title, article_title, headline].
    #[arg(long)]
    title_field: Option<String>,
    /// Field holding the publication date [default: date, published].
    #[arg(long)]
    date_field: Option<String>,
    /// Field holding the outlet [default: source, outlet].
    #[arg(long)]
    outlet_field: Option<String>,
    /// Field holding the URL [default: url, link].
    #[arg(long)]
    url_field: Option<String>,
    /// Outlet for every document read (wins over fields and URLs).
    #[arg(long)]
    outlet: Option<String>,
    /// Never draw a progress bar (it is drawn only on a terminal anyway).
    #[arg(long)]
    no_progress: bool,
    /// Only read and queue the documents for `contested worker` processes: no analysis.
    #[arg(long)]
    queue: bool,
    /// At the end, print the time each stage took (summed over threads) to stderr.
    #[arg(long)]
    timings: bool,
}

#[derive(Args)]
struct WorkerArgs {
    /// Documents claimed, analysed and written per transaction.
    #[arg(long, default_value_t = 64)]
    batch: usize,
    /// Exit once the queue is empty (and its findings are written) instead of waiting for more.
    #[arg(long)]
    until_empty: bool,
    /// Also recompute findings after this many batches, not only when the queue runs dry.
    #[arg(long, default_value_t = 16)]
    reconcile_every: usize,
    /// Seconds a claimed batch stays with this worker; after that (the worker died) others take it.
    #[arg(long, default_value_t = 600)]
    lease: u64,
    /// Name recorded on claimed work [default: host name and process id].
    #[arg(long)]
    name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum InputFormat {
    Text,
    Markdown,
    Html,
    Jsonl,
    Csv,
    Feed,
    Warc,
}

#[derive(Args)]
struct ClaimsArgs {
    /// Only claims of this kind: area, share, people, count, length, money, ratio.
    #[arg(long)]
    kind: Option<String>,
    /// Only claims measuring this: territory, killed, wounded, displaced, share_of_territory…
    #[arg(long)]
    measure: Option<String>,
    /// Only claims about this place: a gazetteer id (geonames:587116) or a name as written.
    #[arg(long)]
    place: Option<String>,
    /// Only claims with this speaker anywhere in their attribution chain (part of the name).
    #[arg(long)]
    actor: Option<String>,
    /// Only claims whose time ends after this date or RFC 3339 time (e.g. 2016-04-01).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Only claims whose time starts before this date or RFC 3339 time.
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// Only claims whose paragraph contains all these words.
    #[arg(long)]
    text: Option<String>,
    /// Only claims in this document (id or prefix).
    #[arg(long)]
    doc: Option<String>,
    /// Only claims published by this outlet.
    #[arg(long)]
    outlet: Option<String>,
    /// One row per independent claim: copies and repeated templates are folded
    /// into the claim they repeat.
    #[arg(long)]
    independent: bool,
    #[arg(long)]
    limit: Option<u64>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // A reader that stops early (`contested claims | head`) is not an error.
        Err(error)
            if error.chain().any(|e| {
                e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn open_store(db: &Option<String>, default: &str) -> Result<Box<dyn Store + Send>> {
    let db = db.as_deref().unwrap_or(default);
    contested_store::open_store(db).with_context(|| format!("opening ledger {}", contested_store::redacted_url(db)))
}

fn is_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

fn run(cli: Cli) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cli.command {
        Command::Demo { no_serve, addr } => {
            let mut store = open_store(&cli.db, "contested-demo.db")?;
            let summary = demo::run(&mut *store)?;
            summary.print();
            print_stats(&mut out, &*store)?;
            print_flagged(&mut out, &*store)?;
            // Scripts and tests run the demo without a terminal; they must not hang on a server.
            if !no_serve && std::io::stdin().is_terminal() {
                out.flush()?;
                let db = cli.db.clone().unwrap_or_else(|| "contested-demo.db".to_string());
                serve(db, addr, None, 4)?;
            }
            Ok(exit_for(&summary))
        }
        Command::Serve { addr, write_token, readers } => {
            let db = cli.db.clone().unwrap_or_else(|| "contested.db".to_string());
            serve(db, addr, write_token, readers.into())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Ingest(args) => {
            let mut store = open_store(&cli.db, "contested.db")?;
            let options = read_options(&args);
            let (inputs, errors) = contested_ingest::expand(&args.paths);
            let mut summary = pipeline::IngestSummary::default();
            for error in errors {
                pipeline::report_skip(&indicatif::ProgressBar::hidden(), &mut summary, error);
            }
            let show_progress = !args.no_progress && std::io::stderr().is_terminal();
            if args.queue {
                let ran = pipeline::enqueue(&mut *store, &inputs, &options)?;
                summary.skipped.extend(ran.skipped);
                eprintln!(
                    "queued {} document(s), {} already queued or in the ledger, {} skipped; {} waiting for workers",
                    ran.queued,
                    ran.read - ran.queued,
                    summary.skipped.len(),
                    store.queue_depth()?
                );
                return Ok(exit_for(&summary));
            }
            let ran = pipeline::ingest(&mut *store, &inputs, &options, show_progress)?;
            summary.skipped.extend(ran.skipped);
            summary.read += ran.read;
            summary.ingested += ran.ingested;
            summary.unchanged += ran.unchanged;
            summary.relinked += ran.relinked;
            summary.findings += ran.findings;
            summary.print();
            if args.timings {
                eprint!("{}", ran.clocks.report(ran.read, ran.bytes));
            }
            Ok(exit_for(&summary))
        }
        Command::Worker(args) => {
            let mut store = open_store(&cli.db, "contested.db")?;
            store.set_lease(std::time::Duration::from_secs(args.lease.max(1)));
            let options = pipeline::WorkOptions {
                name: args.name.clone().unwrap_or_else(pipeline::worker_name),
                batch: args.batch.max(1),
                until_empty: args.until_empty,
                reconcile_every: args.reconcile_every.max(1),
            };
            let summary = pipeline::work(&mut *store, &options)?;
            summary.print();
            Ok(exit_for(&summary))
        }
        Command::Docs { format } => {
            let store = open_store(&cli.db, "contested.db")?;
            let rows: Vec<Value> = store.documents()?.iter().map(export::document_summary).collect();
            let columns: &[&str] = if format == Format::Table {
                &["id", "outlet", "published", "title", "paragraphs", "claims"]
            } else {
                &["id", "outlet", "url", "title", "published", "origin", "paragraphs", "claims"]
            };
            let rows = if format == Format::Table { rows.into_iter().map(short_id).collect() } else { rows };
            output::write_rows(&mut out, format, &rows, columns)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Claims(args) => {
            let store = open_store(&cli.db, "contested.db")?;
            let doc = args.doc.as_deref().map(|d| store.resolve_id(d)).transpose()?;
            let mut query = contested_store::ClaimQuery {
                doc,
                kind: args.kind.clone(),
                measure: args.measure.clone(),
                outlet: args.outlet.clone(),
                place: args.place.clone(),
                actor: args.actor.clone(),
                from: args.since.as_deref().map(|v| bound(v, false)).transpose()?,
                to: args.until.as_deref().map(|v| bound(v, true)).transpose()?,
                text: args.text.clone(),
                independent_only: args.independent,
                ..Default::default()
            };
            // Pages keep memory flat on a large ledger; the listing is their concatenation.
            let mut claims = Vec::new();
            loop {
                let wanted = args.limit.map(|l| l.saturating_sub(claims.len() as u64)).unwrap_or(u64::MAX);
                if wanted == 0 {
                    break;
                }
                query.limit = wanted.min(contested_store::MAX_PAGE);
                let page = store.claim_page(&query)?;
                claims.extend(page.claims.into_iter().map(|c| c.stored));
                match page.next {
                    Some(next) => query.after = Some(next),
                    None => break,
                }
            }
            write_claims(&mut out, &*store, &claims, args.format)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Findings { kind, doc, limit, format } => {
            let store = open_store(&cli.db, "contested.db")?;
            let doc = doc.as_deref().map(|d| store.resolve_id(d)).transpose()?;
            let found = store.findings(&contested_store::FindingFilter { kind, doc, limit, after: None })?;
            let rows: Vec<Value> = found.iter().map(export::finding).collect();
            if format == Format::Table {
                for f in &found {
                    writeln!(out, "[{}] {:.2}  {}", f.kind.as_str(), f.significance, f.summary)?;
                    for line in f.explanation.lines() {
                        writeln!(out, "    {line}")?;
                    }
                }
                if found.is_empty() {
                    writeln!(out, "no findings")?;
                }
            } else {
                output::write_rows(&mut out, format, &rows, &["id", "kind", "significance", "summary", "explanation", "scope", "sources", "evidence"])?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Events { doc, format } => {
            let store = open_store(&cli.db, "contested.db")?;
            let doc = doc.as_deref().map(|d| store.resolve_id(d)).transpose()?;
            let mut texts = Texts::new(&*store);
            let mut rows = Vec::new();
            for e in store.events(doc.as_deref())? {
                rows.push(export::event(&e, texts.get(&e.doc)?));
            }
            if format == Format::Table {
                let rows: Vec<Value> = rows
                    .iter()
                    .map(|r| json!({
                        "doc": r["doc"].as_str().map(|d| &d[..d.len().min(8)]),
                        "type": format!("{} / {}", r["event_type"].as_str().unwrap_or(""), r["sub_event_type"].as_str().unwrap_or("")),
                        "text": r["text"],
                        "actors": format!("{} → {}", r["actor1"]["name"].as_str().unwrap_or("?"), r["actor2"]["name"].as_str().unwrap_or("?")),
                        "places": r["places"].as_array().map(|p| p.iter().filter_map(|x| x["name"].as_str()).collect::<Vec<_>>().join(", ")),
                        "time": r["time"]["text"],
                        "said by": chain(r),
                    }))
                    .collect();
                output::write_rows(&mut out, format, &rows, &["doc", "type", "text", "actors", "places", "time", "said by"])?;
            } else {
                output::write_rows(&mut out, format, &rows, &["id", "doc", "event_type", "sub_event_type", "text", "actor1", "actor2", "places", "time", "attribution", "claims", "sentence"])?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Control { doc, format } => {
            let store = open_store(&cli.db, "contested.db")?;
            let doc = doc.as_deref().map(|d| store.resolve_id(d)).transpose()?;
            let mut texts = Texts::new(&*store);
            let mut rows = Vec::new();
            for c in store.control_records(doc.as_deref())? {
                rows.push(export::control(&c, texts.get(&c.doc)?));
            }
            if format == Format::Table {
                let rows: Vec<Value> = rows
                    .iter()
                    .map(|r| json!({
                        "doc": r["doc"].as_str().map(|d| &d[..d.len().min(8)]),
                        "place": r["place"]["name"],
                        "kind": r["kind"],
                        "wording": r["wording"],
                        "before → after": format!("{} → {}", r["before"]["name"].as_str().unwrap_or("?"), r["after"]["name"].as_str().unwrap_or("?")),
                        "time": r["time"]["text"],
                        "area": r["area"]["low"].as_f64().map(|a| format!("{a} {}", r["area"]["unit"].as_str().unwrap_or(""))),
                        "said by": chain(r),
                    }))
                    .collect();
                output::write_rows(&mut out, format, &rows, &["doc", "place", "kind", "wording", "before → after", "time", "area", "said by"])?;
            } else {
                output::write_rows(&mut out, format, &rows, &["id", "doc", "kind", "place", "before", "after", "wording", "time", "area", "claim", "attribution", "text"])?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Gazetteer(command) => {
            let mut store = open_store(&cli.db, "contested.db")?;
            gazetteer_cmd::run(&command, &mut *store, &mut out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { doc, format } => {
            let store = open_store(&cli.db, "contested.db")?;
            let id = store.resolve_id(&doc)?;
            show(&mut out, &*store, &id, format)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { format, output } => {
            let store = open_store(&cli.db, "contested.db")?;
            let mut sink: Box<dyn Write> = match &output {
                Some(path) => Box::new(std::io::BufWriter::new(
                    std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
                )),
                None => Box::new(&mut out),
            };
            match format {
                ExportFormat::Jsonl => export_jsonl(&mut sink, &*store)?,
                ExportFormat::Csv => {
                    contested_serve::exports::claims_csv(&*store, &mut sink)?;
                }
                ExportFormat::Geojson => {
                    let map = contested_serve::geo::BaseMap::load();
                    sink.write_all(&contested_serve::exports::places_geojson(&*store, &map)?)?;
                }
                ExportFormat::EventsGeojson => {
                    let gazetteer = gazetteer_cmd::for_store(&*store)?;
                    sink.write_all(&contested_serve::exports::events_geojson(&*store, gazetteer)?)?;
                }
                ExportFormat::Acled => {
                    let gazetteer = gazetteer_cmd::for_store(&*store)?;
                    contested_serve::exports::events_acled_csv(&*store, gazetteer, &mut sink)?;
                }
                ExportFormat::Claimreview => {
                    sink.write_all(&contested_serve::exports::claimreview_jsonld(&*store, "")?)?;
                }
            }
            sink.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Recognize(args) => {
            recognize_cmd::run(&args, std::io::stdin().lock(), &mut out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Watch(args) => {
            let db = cli.db.clone().unwrap_or_else(|| "contested.db".to_string());
            if is_url(&db) {
                // A database server has no file to keep the state beside.
                let state = args.state.clone().context("watching into a PostgreSQL ledger needs --state PATH")?;
                let mut store = open_store(&cli.db, "contested.db")?;
                watch::run_with_store(&mut *store, &state, &args)
            } else {
                watch::run(std::path::Path::new(&db), &args)
            }
        }
        Command::Text { file } => {
            print_text(&mut out, &file)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval(EvalCommand::Html { dir, truth }) => {
            let report = contested_ingest::eval::evaluate(&dir, &truth)
                .with_context(|| format!("evaluating {} against {}", dir.display(), truth.display()))?;
            writeln!(out, "{report}")?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval(EvalCommand::Claims { shared }) => {
            let report = contested_extract::eval::evaluate(&shared)
                .with_context(|| format!("evaluating claims against the gold set with {}", shared.display()))?;
            writeln!(out, "{report}")?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval(EvalCommand::Recognizers { specs }) => {
            let report = contested_recognize::eval::evaluate(&specs)
                .with_context(|| format!("evaluating recognisers against {}", specs.display()))?;
            writeln!(out, "{report}")?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats => {
            let store = open_store(&cli.db, "contested.db")?;
            print_stats(&mut out, &*store)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn print_text(out: &mut dyn Write, file: &std::path::Path) -> Result<()> {
    let input = contested_ingest::Input::Path(file.to_path_buf());
    let mut any = false;
    for item in contested_ingest::read(&input, &Default::default()) {
        let doc = item?;
        any = true;
        for (label, value) in [("title", doc.title.as_deref()), ("outlet", doc.outlet.as_deref()), ("url", doc.url.as_deref())] {
            if let Some(value) = value {
                eprintln!("{label}: {value}");
            }
        }
        if let Some(published) = doc.published {
            eprintln!("published: {published}");
        }
        writeln!(out, "{}", doc.text)?;
    }
    if !any {
        anyhow::bail!("{}: no document in it", file.display());
    }
    Ok(())
}

fn serve(db: String, addr: std::net::SocketAddr, write_token: Option<String>, readers: usize) -> Result<()> {
    let mut config = contested_serve::ServeConfig::new(db, addr);
    config.write_token = write_token;
    config.readers = readers;
    // Documents posted to the API go through the same analysis as ingested
    // files, with the ledger's own gazetteer.
    let gazetteer = {
        let store = contested_store::open_store(&config.db)?;
        gazetteer_cmd::for_store(&*store)?
    };
    config.analyzer = Some(std::sync::Arc::new(move |doc| pipeline::analyze(doc, gazetteer)));
    config.reconciler = Some(std::sync::Arc::new(|store: &mut dyn contested_store::Store| {
        findings::update(store).map_err(|e| format!("{e:#}"))
    }));
    contested_serve::serve_blocking(config)?;
    Ok(())
}

fn bound(value: &str, end_of_day: bool) -> Result<String> {
    contested_store::instant_bound(value, end_of_day)
        .with_context(|| format!("'{value}' is neither a date (2016-04-02) nor an RFC 3339 time"))
}

fn exit_for(summary: &pipeline::IngestSummary) -> ExitCode {
    if summary.skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_PARTIAL)
    }
}

fn read_options(args: &IngestArgs) -> contested_ingest::ReadOptions {
    use contested_ingest::Format as F;
    contested_ingest::ReadOptions {
        format: args.format.map(|f| match f {
            InputFormat::Text => F::Text,
            InputFormat::Markdown => F::Markdown,
            InputFormat::Html => F::Html,
            InputFormat::Jsonl => F::JsonLines,
            InputFormat::Csv => F::Csv,
            InputFormat::Feed => F::Feed,
            InputFormat::Warc => F::Warc,
        }),
        text_field: args.text_field.clone(),
        title_field: args.title_field.clone(),
        date_field: args.date_field.clone(),
        outlet_field: args.outlet_field.clone(),
        url_field: args.url_field.clone(),
        outlet: args.outlet.clone(),
        ..Default::default()
    }
}

fn short_id(mut row: Value) -> Value {
    if let Some(Value::String(id)) = row.get_mut("id") {
        id.truncate(12);
    }
    row
}

/// Document texts for evidence slices, each loaded once.
struct Texts<'s> {
    store: &'s dyn Store,
    cache: HashMap<String, String>,
}

impl<'s> Texts<'s> {
    fn new(store: &'s dyn Store) -> Self {
        Texts { store, cache: HashMap::new() }
    }

    fn get(&mut self, doc: &str) -> Result<&str> {
        if !self.cache.contains_key(doc) {
            let text = self.store.document(doc)?.text;
            self.cache.insert(doc.to_string(), text);
        }
        Ok(&self.cache[doc])
    }
}

/// "> 20 km2", "8 km2", "10–15 person": a figure as a reader says it.
fn figure(claim: &Value) -> String {
    let low = claim["value"]["low"].as_f64();
    let high = claim["value"]["high"].as_f64();
    let unit = claim["value"]["unit"].as_str().unwrap_or("");
    let n = |x: f64| {
        if x.fract() == 0.0 && x.abs() < 1e15 {
            format!("{}", x as i64)
        } else {
            format!("{x:.3}").trim_end_matches('0').trim_end_matches('.').to_string()
        }
    };
    let qualifier = claim["qualifier"].as_str().unwrap_or("");
    let body = match (low, high) {
        (Some(l), Some(h)) if l == h => n(l),
        (Some(l), Some(h)) => format!("{}–{}", n(l), n(h)),
        (Some(l), None) if qualifier == "more_than" => format!("> {}", n(l)),
        (Some(l), None) => format!("≥ {}", n(l)),
        (None, Some(h)) if qualifier == "less_than" => format!("< {}", n(h)),
        (None, Some(h)) => format!("≤ {}", n(h)),
        (None, None) => "?".to_string(),
    };
    let approx = if qualifier == "approximate" { "~" } else { "" };
    format!("{approx}{body} {unit}")
}

fn chain(claim: &Value) -> String {
    claim["attribution"]
        .as_array()
        .map(|links| {
            links
                .iter()
                .map(|l| {
                    let speaker = l["speaker"].as_str().unwrap_or("?");
                    match l["stance"].as_str() {
                        Some("asserts") | None => speaker.to_string(),
                        Some(stance) => format!("{speaker} ({stance})"),
                    }
                })
                .collect::<Vec<_>>()
                .join(" › ")
        })
        .unwrap_or_default()
}

fn write_claims(out: &mut dyn Write, store: &dyn Store, claims: &[StoredClaim], format: Format) -> Result<()> {
    let mut texts = Texts::new(store);
    let mut rows = Vec::with_capacity(claims.len());
    for stored in claims {
        let text = texts.get(&stored.claim.doc)?;
        rows.push(export::claim(stored, text));
    }
    match format {
        Format::Table => {
            let rows: Vec<Value> = rows
                .into_iter()
                .map(|r| {
                    json!({
                        "doc": r["doc"].as_str().map(|d| &d[..d.len().min(8)]),
                        "kind": r["kind"],
                        "figure": figure(&r),
                        "text": r["text"],
                        "time": r["time"]["text"],
                        "said by": chain(&r),
                        "role": r["role"],
                        "docs/outlets": format!("{}/{}", r["documents"], r["outlets"]),
                    })
                })
                .collect();
            output::write_rows(out, format, &rows, &["doc", "kind", "figure", "text", "time", "said by", "role", "docs/outlets"])
        }
        _ => output::write_rows(
            out,
            format,
            &rows,
            &[
                "id", "doc", "outlet", "kind", "measure", "value.low", "value.high", "value.unit", "qualifier", "text",
                "span", "time.start", "time.end", "time.text", "places", "attribution", "role", "original",
                "documents", "outlets", "sentence",
            ],
        ),
    }
}

fn show(out: &mut dyn Write, store: &dyn Store, id: &str, format: Format) -> Result<()> {
    let doc = store.document(id)?;
    let paragraphs = store.paragraphs(id)?;
    let claims = store.claims(&ClaimFilter { doc: Some(id.to_string()), ..Default::default() })?;
    if format != Format::Table {
        let mut rows = vec![export::document(&doc)];
        rows.extend(paragraphs.iter().map(|p| export::paragraph(id, p)));
        rows.extend(claims.iter().map(|c| export::claim(c, &doc.text)));
        return output::write_rows(out, format, &rows, &["type", "id", "doc", "span", "role", "copy_of", "kind", "text"]);
    }
    writeln!(out, "document {}", doc.id)?;
    for (label, value) in [
        ("title", doc.title.clone()),
        ("outlet", doc.outlet.clone()),
        ("url", doc.url.clone()),
        ("published", doc.published.map(|t| t.to_string())),
        ("origin", Some(doc.origin.clone())),
    ] {
        writeln!(out, "  {label:<10} {}", value.unwrap_or_else(|| "—".to_string()))?;
    }
    writeln!(out)?;
    for p in &paragraphs {
        let mark = match &p.copy_of {
            Some(c) => format!("[{} of {} {}..{}, {:.0}%]", p.role.as_str(), &c.doc[..8.min(c.doc.len())], c.span.start, c.span.end, c.similarity * 100.0),
            None => format!("[{}]", p.role.as_str()),
        };
        writeln!(out, "{mark} {}..{}", p.span.start, p.span.end)?;
        writeln!(out, "    {}", p.span.slice(&doc.text).replace('\n', "\n    "))?;
    }
    writeln!(out)?;
    writeln!(out, "{} claim(s)", claims.len())?;
    write_claims(out, store, &claims, Format::Table)
}

fn export_jsonl(out: &mut dyn Write, store: &dyn Store) -> Result<()> {
    for summary in store.documents()? {
        let doc = store.document(&summary.id)?;
        serde_json::to_writer(&mut *out, &export::document(&doc))?;
        out.write_all(b"\n")?;
        for p in store.paragraphs(&doc.id)? {
            serde_json::to_writer(&mut *out, &export::paragraph(&doc.id, &p))?;
            out.write_all(b"\n")?;
        }
        for claim in store.claims(&ClaimFilter { doc: Some(doc.id.clone()), ..Default::default() })? {
            serde_json::to_writer(&mut *out, &export::claim(&claim, &doc.text))?;
            out.write_all(b"\n")?;
        }
        for event in store.events(Some(&doc.id))? {
            serde_json::to_writer(&mut *out, &export::event(&event, &doc.text))?;
            out.write_all(b"\n")?;
        }
        for record in store.control_records(Some(&doc.id))? {
            serde_json::to_writer(&mut *out, &export::control(&record, &doc.text))?;
            out.write_all(b"\n")?;
        }
    }
    for finding in store.findings(&Default::default())? {
        serde_json::to_writer(&mut *out, &export::finding(&finding))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn print_stats(out: &mut dyn Write, store: &dyn Store) -> Result<()> {
    let stats = store.stats()?;
    writeln!(out, "documents: {}", stats.documents)?;
    let paragraphs: u64 = stats.paragraphs_by_role.iter().map(|(_, n)| n).sum();
    let by_role: Vec<String> = stats.paragraphs_by_role.iter().map(|(r, n)| format!("{r} {n}")).collect();
    writeln!(out, "paragraphs: {paragraphs} ({})", by_role.join(", "))?;
    let claims: u64 = stats.claims_by_kind.iter().map(|(_, n)| n).sum();
    let by_kind: Vec<String> = stats.claims_by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
    writeln!(out, "claims: {claims} ({}); independent: {}", by_kind.join(", "), stats.independent_claims)?;
    Ok(())
}

/// What deserves a reader's attention: figures carried by more than one
/// document, which look like confirmations but may be copies.
fn print_flagged(out: &mut dyn Write, store: &dyn Store) -> Result<()> {
    let top = store.findings(&contested_store::FindingFilter { limit: Some(8), ..Default::default() })?;
    let notable: Vec<_> = top.iter().filter(|f| f.kind != contested_core::FindingKind::Group).collect();
    if !notable.is_empty() {
        writeln!(out, "flagged findings (contested findings for all):")?;
        for f in notable {
            writeln!(out, "  [{}] {}", f.kind.as_str(), f.summary)?;
        }
    }
    let claims = store.claims(&ClaimFilter { independent_only: true, ..Default::default() })?;
    let repeated: Vec<&StoredClaim> = claims.iter().filter(|c| c.documents > 1).collect();
    if repeated.is_empty() {
        return Ok(());
    }
    writeln!(out, "flagged: {} figure(s) repeated across documents (copies or templates, counted once):", repeated.len())?;
    let mut texts = Texts::new(store);
    for c in repeated {
        let text = texts.get(&c.claim.doc)?;
        writeln!(out, "  \"{}\" in {} documents from {} outlet(s)", c.claim.span.slice(text), c.documents, c.outlets)?;
    }
    Ok(())
}
