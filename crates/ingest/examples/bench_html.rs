//! Timing and quality of HTML main-text extraction next to a peer run in the
//! same benchmark run (see bench/html/run.sh):
//! `bench_html HTML_DIR TRUTH_JSON [PEER_JSON]`, where PEER_JSON is
//! `{"name", "seconds", "predictions": {id: text}}`.

use std::time::{Duration, Instant};

use contested_ingest::eval::{load, EvalReport};
use contested_ingest::html::extract;

/// Rounds are repeated until this much time has passed, so the figure is
/// not one noisy pass on a shared machine.
const MIN_MEASURED: Duration = Duration::from_secs(3);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: bench_html HTML_DIR TRUTH_JSON [PEER_JSON]");
        std::process::exit(2);
    }
    let pages = load(args[0].as_ref(), args[1].as_ref()).unwrap_or_else(|e| panic!("{e}"));
    let bytes: Vec<(&[u8], &str)> = pages
        .iter()
        .map(|p| (p.html.as_deref().expect("page readable"), p.url.as_str()))
        .collect();

    let mut texts = Vec::new();
    let started = Instant::now();
    let mut rounds = 0usize;
    // BENCH_ROUNDS fixes the work done, for comparing instruction counts.
    let fixed_rounds: Option<usize> = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok());
    while match fixed_rounds {
        Some(fixed) => rounds < fixed,
        None => rounds == 0 || started.elapsed() < MIN_MEASURED,
    } {
        texts = bytes
            .iter()
            .map(|(html, url)| {
                extract(html, Some(url))
                    .map(|e| e.text)
                    .map_err(|e| e.to_string())
            })
            .collect();
        rounds += 1;
    }
    let ours_seconds = started.elapsed().as_secs_f64() / rounds as f64;
    let ours = EvalReport::from_predictions(
        pages
            .iter()
            .zip(texts)
            .map(|(p, t)| (p.id.clone(), p.url.clone(), p.truth.as_str(), t)),
    );
    let ours_rate = pages.len() as f64 / ours_seconds;
    println!("pages: {}  (ours: mean of {rounds} rounds)", pages.len());
    println!(
        "{:<28} {:>9} {:>9} {:>9} {:>9}",
        "extractor", "pages/s", "P", "R", "F1"
    );
    println!(
        "{:<28} {:>9.1} {:>9.4} {:>9.4} {:>9.4}",
        "contested (release)", ours_rate, ours.precision, ours.recall, ours.f1
    );
    if let Some(peer_path) = args.get(2) {
        let peer: serde_json::Value =
            serde_json::from_slice(&std::fs::read(peer_path).expect("peer output"))
                .expect("peer JSON");
        let predictions = &peer["predictions"];
        let report = EvalReport::from_predictions(pages.iter().map(|p| {
            let text = predictions[&p.id].as_str().unwrap_or("").to_string();
            (p.id.clone(), p.url.clone(), p.truth.as_str(), Ok(text))
        }));
        let peer_rate = pages.len() as f64 / peer["seconds"].as_f64().expect("seconds");
        let name = peer["name"].as_str().unwrap_or("peer");
        println!(
            "{:<28} {:>9.1} {:>9.4} {:>9.4} {:>9.4}",
            name, peer_rate, report.precision, report.recall, report.f1
        );
        println!(
            "speed ratio contested / {name}: {:.2}x",
            ours_rate / peer_rate
        );
    }
}
