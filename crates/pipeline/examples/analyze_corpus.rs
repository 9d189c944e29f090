//! Analyses every document of the given inputs on one thread, `--passes N`
//! times over, and prints the per-stage thread time per document. A plain
//! profile target (`perf record`) and the before/after figure for analysis
//! speed, with no store or thread pool in the way.
//!
//!   cargo run --release -p contested-pipeline --example analyze_corpus -- /work/scale/c5k.jsonl

use contested_extract::gazetteer::Gazetteer;
use contested_pipeline::{analyze_timed, StageClocks};
use std::time::Instant;

/// CPU time of this thread: on a machine shared with other builds, the
/// stage clocks (wall time inside the thread) count the neighbours too.
fn thread_cpu_seconds() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return f64::NAN;
    }
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

fn main() {
    let mut passes = 1usize;
    let mut dump: Option<std::io::BufWriter<std::fs::File>> = None;
    let mut inputs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--passes" {
            passes = args.next().and_then(|n| n.parse().ok()).expect("--passes takes a count");
        } else if arg == "--dump" {
            let path = args.next().expect("--dump takes a file");
            dump = Some(std::io::BufWriter::new(std::fs::File::create(path).expect("writable dump file")));
        } else {
            inputs.push(arg);
        }
    }
    let (inputs, errors) = contested_ingest::expand(&inputs);
    assert!(errors.is_empty(), "bad inputs: {errors:?}");
    let documents: Vec<_> = inputs
        .iter()
        .flat_map(|input| contested_ingest::read(input, &Default::default()).filter_map(Result::ok))
        .collect();
    let bytes: usize = documents.iter().map(|d| d.text.len()).sum();
    // Built outside the clocks: a fixed cost per process, not per document.
    let gazetteer = Gazetteer::builtin();
    let clocks = StageClocks::default();
    let started = Instant::now();
    let cpu_started = thread_cpu_seconds();
    let mut claims = 0usize;
    for pass in 0..passes {
        for document in &documents {
            let analyzed = analyze_timed(document.clone(), gazetteer, &clocks);
            claims += analyzed.claims.len();
            if let (0, Some(out)) = (pass, dump.as_mut()) {
                use std::io::Write;
                writeln!(out, "{analyzed:?}").expect("dump written");
            }
        }
    }
    let wall = started.elapsed().as_secs_f64();
    let cpu = thread_cpu_seconds() - cpu_started;
    let analysed = (documents.len() * passes) as f64;
    let per_doc = |c: &contested_pipeline::Clock| c.total().as_secs_f64() * 1e3 / analysed;
    println!("{} documents x {passes} passes, {:.2} MB, {claims} claims", documents.len(), bytes as f64 / 1e6);
    println!(
        "ms/doc: clean {:.4}  recognize {:.4}  extract {:.4}  total {:.4}  (wall {:.4}, thread CPU {:.4})",
        per_doc(&clocks.clean),
        per_doc(&clocks.recognize),
        per_doc(&clocks.extract),
        per_doc(&clocks.clean) + per_doc(&clocks.recognize) + per_doc(&clocks.extract),
        wall * 1e3 / analysed,
        cpu * 1e3 / analysed
    );
}
