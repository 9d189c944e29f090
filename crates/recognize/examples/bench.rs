//! Throughput of `recognize` on JSON-lines files of `{"text": ...}`, one core.
//! Run through `bash bench/recognize/run.sh`, which prepares the inputs and
//! runs the Python peers on the same text.
//!
//! Prints TSV: file, engine, articles, bytes, seconds, MB/s.

use std::time::{Duration, Instant};

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
        // Warm up the word tables, then repeat passes for at least a second.
        let mut found = 0usize;
        for t in &texts {
            let r = contested_recognize::recognize(t, None);
            found += r.quantities.len() + r.times.len();
        }
        let start = Instant::now();
        let mut passes = 0u32;
        while passes == 0 || start.elapsed() < Duration::from_secs(1) {
            for t in &texts {
                std::hint::black_box(contested_recognize::recognize(std::hint::black_box(t), None));
            }
            passes += 1;
        }
        let secs = start.elapsed().as_secs_f64();
        let total = bytes as f64 * f64::from(passes);
        eprintln!("{path}: {found} quantities and times per pass, {passes} passes");
        println!("{path}\tcontested-recognize\t{}\t{bytes}\t{:.3}\t{:.4}", texts.len(), secs / f64::from(passes), total / secs / 1e6);
    }
}
