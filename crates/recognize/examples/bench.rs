//! Throughput of `recognize` on JSON-lines files of `{"text": ...}`, one core.
//! Run through `bash bench/recognize/run.sh`, which prepares the inputs and
//! runs the Python peers on the same text.
//!
//! Prints TSV: file, engine, articles, bytes, CPU seconds per pass, MB/s of
//! CPU time, MB/s of wall time. CPU time is the thread's own
//! (CLOCK_THREAD_CPUTIME_ID): on a machine shared with other builds, wall
//! time measures the neighbours as much as the code.

use std::time::{Duration, Instant};

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
    for path in std::env::args().skip(1) {
        let raw = std::fs::read_to_string(&path).expect("readable input");
        let texts: Vec<String> = raw
            .lines()
            .filter(|l| !l.trim().is_empty())
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_string))
            .collect();
        let bytes: usize = texts.iter().map(String::len).sum();
        // Warm up the word tables, then repeat passes for at least two seconds.
        let mut found = 0usize;
        for t in &texts {
            let r = contested_recognize::recognize(t, None);
            found += r.quantities.len() + r.times.len();
        }
        let wall = Instant::now();
        let cpu = thread_cpu_seconds();
        let mut passes = 0u32;
        while passes == 0 || wall.elapsed() < Duration::from_secs(2) {
            for t in &texts {
                std::hint::black_box(contested_recognize::recognize(std::hint::black_box(t), None));
            }
            passes += 1;
        }
        let cpu_secs = thread_cpu_seconds() - cpu;
        let wall_secs = wall.elapsed().as_secs_f64();
        let total = bytes as f64 * f64::from(passes);
        eprintln!("{path}: {found} quantities and times per pass, {passes} passes");
        println!(
            "{path}\tcontested-recognize\t{}\t{bytes}\t{:.4}\t{:.4}\t{:.4}",
            texts.len(),
            cpu_secs / f64::from(passes),
            total / cpu_secs / 1e6,
            total / wall_secs / 1e6
        );
    }
}
