//! Clean-stage throughput on FA-KES (../shared/data/corpus/fakes): segment
//! every article into paragraphs and fingerprint each paragraph, as ingest
//! does. Prints MB/s; run by bench/copies/run.sh beside a Python peer.

use std::time::Instant;

fn main() {
    let root = contested_testkit::shared_root();
    let path = root.join("data/corpus/fakes/FA-KES-Dataset.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = reader.headers().expect("header row").clone();
    let content = headers.iter().position(|h| h == "article_content").expect("article_content column");
    let texts: Vec<String> = reader.records().map(|r| r.expect("record")[content].to_string()).collect();
    let bytes: usize = texts.iter().map(String::len).sum();

    let mut best = f64::INFINITY;
    let mut checksum = 0u64;
    for _ in 0..10 {
        let started = Instant::now();
        for text in &texts {
            for paragraph in contested_clean::segment(text, None) {
                let fp = contested_clean::fingerprint(paragraph.span.slice(text));
                checksum = checksum.wrapping_add(fp.keys().len() as u64 + fp.shingles.len() as u64);
            }
        }
        best = best.min(started.elapsed().as_secs_f64());
    }
    println!(
        "{{\"articles\": {}, \"bytes\": {bytes}, \"seconds\": {best:.4}, \"mb_per_s\": {:.2}, \"checksum\": {checksum}}}",
        texts.len(),
        bytes as f64 / 1e6 / best
    );
}
