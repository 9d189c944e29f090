//! Glue: reads inputs, analyses documents in parallel, writes batches.

use anyhow::Result;
use contested_core::Document;
use contested_extract::gazetteer::Gazetteer;
use contested_ingest::{IngestError, Input, ReadOptions};
use contested_store::{AnalyzedDocument, Store};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::time::Instant;

pub use contested_pipeline::{analyze, analyze_timed, StageClocks};

#[derive(Debug, Default)]
pub struct IngestSummary {
    pub read: usize,
    pub ingested: usize,
    pub unchanged: usize,
    pub relinked: usize,
    /// Findings written by the reconciliation after the last batch.
    pub findings: usize,
    pub skipped: Vec<String>,
    /// Bytes of document text read.
    pub bytes: u64,
    pub clocks: StageClocks,
}

impl IngestSummary {
    pub fn print(&self) {
        eprintln!(
            "ingested {} new document(s), {} unchanged, {} skipped{}",
            self.ingested,
            self.unchanged,
            self.skipped.len(),
            if self.relinked > 0 { format!("; {} earlier paragraph(s) relinked as copies", self.relinked) } else { String::new() }
        );
        if self.findings > 0 {
            eprintln!("reconciled: {} finding(s) written or updated", self.findings);
        }
    }
}

/// Documents analysed and written per transaction. Large enough to amortise
/// the commit, small enough that a killed run loses little work.
pub const BATCH_SIZE: usize = 256;

pub fn ingest(store: &mut dyn Store, inputs: &[Input], options: &ReadOptions, show_progress: bool) -> Result<IngestSummary> {
    let mut summary = IngestSummary::default();
    let progress = if show_progress {
        let bar = ProgressBar::new(inputs.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} inputs, {msg}")
                .expect("static template")
                .progress_chars("=> "),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let started = Instant::now();
    let gazetteer = summary.clocks.gazetteer.time(|| crate::gazetteer_cmd::for_store(store))?;
    let mut pending: Vec<Document> = Vec::with_capacity(BATCH_SIZE);
    let mut analysed: Vec<AnalyzedDocument> = Vec::new();
    for input in inputs {
        let mut items = contested_ingest::read(input, options);
        while let Some(item) = summary.clocks.read.time(|| items.next()) {
            match item {
                Ok(doc) => {
                    summary.read += 1;
                    summary.bytes += doc.text.len() as u64;
                    pending.push(doc);
                    if pending.len() >= BATCH_SIZE {
                        analysed = flush(store, gazetteer, &mut pending, analysed, &mut summary)?;
                        progress.set_message(format!("{} new, {} unchanged", summary.ingested, summary.unchanged));
                    }
                }
                Err(error) => report_skip(&progress, &mut summary, error),
            }
        }
        progress.inc(1);
    }
    let last = flush(store, gazetteer, &mut pending, analysed, &mut summary)?;
    write_batch(store, &last, &mut summary)?;
    progress.set_message("reconciling");
    summary.findings = summary.clocks.reconcile.time(|| reconcile_locked(store))?;
    summary.clocks.wall.add(started.elapsed());
    progress.finish_and_clear();
    Ok(summary)
}

pub fn report_skip(progress: &ProgressBar, summary: &mut IngestSummary, error: IngestError) {
    let line = format!("skipped {error}");
    progress.suspend(|| eprintln!("{line}"));
    summary.skipped.push(error.to_string());
}

/// Analyses the `pending` documents while writing the batch analysed before
/// them (`previous`), and returns the new batch for the next call to write.
///
/// The analysis is pure and runs on rayon's threads; the write runs on this
/// one, which holds the ledger's connection. Overlapping them keeps both
/// cores busy while the store works: done one after the other, the cores
/// idled through every write, a third of an ingest's time and more as the
/// ledger grows. A killed run loses at most the batch in analysis, which
/// the rerun analyses again.
pub fn flush(
    store: &mut dyn Store,
    gazetteer: &Gazetteer,
    pending: &mut Vec<Document>,
    previous: Vec<AnalyzedDocument>,
    summary: &mut IngestSummary,
) -> Result<Vec<AnalyzedDocument>> {
    if pending.is_empty() {
        write_batch(store, &previous, summary)?;
        return Ok(Vec::new());
    }
    let store_started = Instant::now();
    // Skip analysis of documents already in the ledger: re-ingesting a folder
    // should cost a hash and a lookup per file, not a full extraction.
    let mut fresh = Vec::with_capacity(pending.len());
    for doc in pending.drain(..) {
        if store.contains(&doc.id)? {
            summary.unchanged += 1;
        } else {
            fresh.push(doc);
        }
    }
    summary.clocks.store.add(store_started.elapsed());
    let (analysed, written) = std::thread::scope(|scope| {
        let clocks = &summary.clocks;
        let analysis = scope
            .spawn(move || fresh.into_par_iter().map(|doc| analyze_timed(doc, gazetteer, clocks)).collect::<Vec<_>>());
        let written = clocks.store.time(|| store.put_batch(&previous));
        // An analysis that panicked is a bug, not bad input: pass it on.
        let analysed = analysis.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (analysed, written)
    });
    count_outcome(summary, written?);
    Ok(analysed)
}

/// Analyses and writes `pending` before returning, for callers that must
/// know the batch has committed (`watch` records what it has ingested).
pub fn flush_now(
    store: &mut dyn Store,
    gazetteer: &Gazetteer,
    pending: &mut Vec<Document>,
    summary: &mut IngestSummary,
) -> Result<()> {
    let analysed = flush(store, gazetteer, pending, Vec::new(), summary)?;
    write_batch(store, &analysed, summary)
}

fn write_batch(store: &mut dyn Store, batch: &[AnalyzedDocument], summary: &mut IngestSummary) -> Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let outcome = summary.clocks.store.time(|| store.put_batch(batch))?;
    count_outcome(summary, outcome);
    Ok(())
}

fn count_outcome(summary: &mut IngestSummary, outcome: contested_store::BatchOutcome) {
    summary.ingested += outcome.inserted;
    summary.unchanged += outcome.unchanged;
    summary.relinked += outcome.relinked;
}

/// Recomputes findings holding the ledger's lock, so that processes sharing
/// a ledger (workers, an ingest beside them) never reconcile at once: each
/// reads the pending documents, computes, and writes, and two interleaving
/// could each settle documents the other's findings never saw.
pub fn reconcile_locked(store: &mut dyn Store) -> Result<usize> {
    store.lock_ledger()?;
    let result = crate::findings::update(store);
    let unlocked = store.unlock_ledger();
    let written = result?;
    unlocked?;
    Ok(written)
}

#[derive(Debug, Default)]
pub struct EnqueueSummary {
    pub read: usize,
    pub queued: usize,
    pub skipped: Vec<String>,
}

/// `ingest --queue`: reads and hashes the inputs and queues the documents
/// for workers; no analysis.
pub fn enqueue(store: &mut dyn Store, inputs: &[Input], options: &ReadOptions) -> Result<EnqueueSummary> {
    let mut summary = EnqueueSummary::default();
    let mut pending: Vec<Document> = Vec::with_capacity(BATCH_SIZE);
    for input in inputs {
        for item in contested_ingest::read(input, options) {
            match item {
                Ok(doc) => {
                    summary.read += 1;
                    pending.push(doc);
                    if pending.len() >= BATCH_SIZE {
                        summary.queued += store.enqueue(&pending)?;
                        pending.clear();
                    }
                }
                Err(error) => {
                    eprintln!("skipped {error}");
                    summary.skipped.push(error.to_string());
                }
            }
        }
    }
    summary.queued += store.enqueue(&pending)?;
    Ok(summary)
}

pub struct WorkOptions {
    /// Recorded on claimed work, so that an operator can see who holds what.
    pub name: String,
    pub batch: usize,
    pub until_empty: bool,
    pub reconcile_every: usize,
}

/// A name unique among the workers on a ledger: host and process id.
pub fn worker_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "worker".to_string());
    format!("{host}-{}", std::process::id())
}

/// How long an idle worker waits before looking at the queue again.
const IDLE_POLL: std::time::Duration = std::time::Duration::from_millis(500);

/// `contested worker`: claim a batch, analyse it, write it and complete it in
/// one transaction, and recompute findings whenever the queue runs dry and
/// every `reconcile_every` batches. A worker killed mid-batch leaves its
/// claims to expire; those batches are then done by another.
///
/// As in `ingest`, the next batch is claimed and analysed on rayon's threads
/// while this one is written: with several workers on one ledger the write
/// also waits for the ledger's lock, and done one after the other the
/// worker's cores idle through both. A worker so holds at most two batches'
/// claims, the second for about one batch's write longer than before.
pub fn work(store: &mut dyn Store, options: &WorkOptions) -> Result<IngestSummary> {
    let gazetteer = crate::gazetteer_cmd::for_store(store)?;
    let mut summary = IngestSummary::default();
    let mut batches_since_reconcile = 0;
    let mut analysed: Vec<AnalyzedDocument> = Vec::new();
    loop {
        let claimed = store.claim_work(&options.name, options.batch)?;
        if claimed.is_empty() {
            if !analysed.is_empty() {
                write_completing(store, &std::mem::take(&mut analysed), &mut summary)?;
                batches_since_reconcile += 1;
                // The queue may have filled while that batch was written.
                continue;
            }
            // Settle what this worker and others wrote before idling or
            // leaving: findings are current whenever the queue is empty.
            if batches_since_reconcile > 0 || !store.pending_reconcile()?.is_empty() {
                summary.findings += reconcile_locked(store)?;
                batches_since_reconcile = 0;
            }
            if options.until_empty && store.queue_depth()? == 0 {
                break;
            }
            // Either nothing is queued, or the rest is held by other
            // workers (whose leases may yet run out): wait and look again.
            std::thread::sleep(IDLE_POLL);
            continue;
        }
        summary.read += claimed.len();
        let previous = std::mem::take(&mut analysed);
        let wrote = !previous.is_empty();
        let (next, written) = std::thread::scope(|scope| {
            let analysis =
                scope.spawn(move || claimed.into_par_iter().map(|doc| analyze(doc, gazetteer)).collect::<Vec<_>>());
            let written = if wrote { write_completing(store, &previous, &mut summary) } else { Ok(()) };
            // An analysis that panicked is a bug, not bad input: pass it on.
            (analysis.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), written)
        });
        written?;
        analysed = next;
        if wrote {
            batches_since_reconcile += 1;
        }
        if batches_since_reconcile >= options.reconcile_every {
            summary.findings += reconcile_locked(store)?;
            batches_since_reconcile = 0;
        }
    }
    Ok(summary)
}

fn write_completing(store: &mut dyn Store, batch: &[AnalyzedDocument], summary: &mut IngestSummary) -> Result<()> {
    let outcome = store.put_batch_completing(batch)?;
    count_outcome(summary, outcome);
    Ok(())
}
