//! The pipeline's pure stages (clean, recognize, extract) run on one
//! document, giving what the store writes. No IO, never fails: what a stage
//! could not read shows up as fewer results, not as an error. The binary's
//! ingest and workers, `serve`'s POSTed documents, and the store's and
//! serve's tests all analyse through here, so they build the same ledger.

use contested_core::Document;
use contested_extract::gazetteer::Gazetteer;
use contested_store::AnalyzedDocument;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Runs every pure stage on one document. Never fails: what a stage could not
/// read shows up as fewer results, not as an error.
pub fn analyze(document: Document, gazetteer: &Gazetteer) -> AnalyzedDocument {
    analyze_timed(document, gazetteer, &StageClocks::default())
}

/// [`analyze`], adding the time each stage took to `clocks`.
pub fn analyze_timed(document: Document, gazetteer: &Gazetteer, clocks: &StageClocks) -> AnalyzedDocument {
    let started = Instant::now();
    let paragraphs = contested_clean::segment(&document.text, document.title.as_deref());
    let fingerprints =
        paragraphs.iter().map(|p| contested_clean::fingerprint(p.span.slice(&document.text))).collect();
    let cleaned = Instant::now();
    let recognized = contested_recognize::recognize(&document.text, document.published);
    let recognised = Instant::now();
    let extraction = contested_extract::extract_document(&document, &recognized, gazetteer);
    let extracted = Instant::now();
    clocks.clean.add(cleaned - started);
    clocks.recognize.add(recognised - cleaned);
    clocks.extract.add(extracted - recognised);
    AnalyzedDocument {
        document,
        paragraphs,
        fingerprints,
        claims: extraction.claims,
        events: extraction.events,
        control: extraction.control,
    }
}

/// Time summed over every thread that ran a stage. Kept in nanoseconds in
/// atomics so that the parallel analysis can add to it without a lock; two
/// clock reads per stage and document cost well under a microsecond.
#[derive(Debug, Default)]
pub struct Clock(AtomicU64);

impl Clock {
    pub fn add(&self, elapsed: Duration) {
        self.0.fetch_add(elapsed.as_nanos() as u64, Ordering::Relaxed);
    }

    pub fn total(&self) -> Duration {
        Duration::from_nanos(self.0.load(Ordering::Relaxed))
    }

    /// Runs `work` and adds its duration.
    pub fn time<T>(&self, work: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let out = work();
        self.add(started.elapsed());
        out
    }
}

/// Where an ingest spent its time, stage by stage (`ingest --timings`).
#[derive(Debug, Default)]
pub struct StageClocks {
    /// Building the gazetteer (built-in plus the ledger's own places).
    pub gazetteer: Clock,
    /// Reading and decoding inputs into documents.
    pub read: Clock,
    /// Paragraph segmentation and copy fingerprints.
    pub clean: Clock,
    pub recognize: Clock,
    /// Claims, events and control records.
    pub extract: Clock,
    /// Skipping known documents, writing batches, relinking copies.
    pub store: Clock,
    /// Findings after the last batch: claims read back, reconciled, written.
    pub reconcile: Clock,
    /// Wall-clock time of the whole ingest.
    pub wall: Clock,
}

impl StageClocks {
    /// One line per stage: seconds (summed over threads), share of the sum.
    pub fn report(&self, documents: usize, bytes: u64) -> String {
        let stages = [
            ("gazetteer", &self.gazetteer),
            ("read", &self.read),
            ("clean", &self.clean),
            ("recognize", &self.recognize),
            ("extract", &self.extract),
            ("store", &self.store),
            ("reconcile", &self.reconcile),
        ];
        let sum: f64 = stages.iter().map(|(_, c)| c.total().as_secs_f64()).sum();
        let mut out = String::from("stage       seconds  share  (thread time, summed over threads)\n");
        for (name, clock) in stages {
            let secs = clock.total().as_secs_f64();
            let share = if sum > 0.0 { 100.0 * secs / sum } else { 0.0 };
            out.push_str(&format!("{name:<10} {secs:8.3} {share:5.1}%\n"));
        }
        let wall = self.wall.total().as_secs_f64();
        out.push_str(&format!("{:<10} {sum:8.3}\n", "sum"));
        if wall > 0.0 {
            out.push_str(&format!(
                "{:<10} {wall:8.3}  {:.1} documents/s, {:.2} MB/s\n",
                "wall",
                documents as f64 / wall,
                bytes as f64 / 1e6 / wall
            ));
        }
        out
    }
}
