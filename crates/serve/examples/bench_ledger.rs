//! Load-test helper for `bench/serve/run.sh`.
//!
//!   bench_ledger gen DB CLAIMS     writes a synthetic ledger (our own sentences, ten claims per document)
//!   bench_ledger serve DB ADDR     serves it (the same app `contested serve` runs)
//!
//! The ledger is written through `Store::put_batch`, so it has the real
//! schema, indexes and FTS triggers; only the analysis is skipped.

use contested_core::{
    Attribution, Claim, ClaimKind, Document, PlaceMention, Precision, Qualifier, Quantity, Span, Stance, TimeExpr, Unit,
};
use contested_store::{AnalyzedDocument, SqliteStore, Store};
use std::path::PathBuf;

const SIDES: &[&str] = &["The Defence Ministry", "The opposing ministry", "Local officials", "Observers"];
const PLACES: &[&str] = &["Agdam", "Fuzuli", "Jabrayil", "Kalbajar", "Lachin", "Qubadli", "Zangilan", "Tartar"];
const MEASURES: &[(&str, ClaimKind, Unit, &str)] = &[
    ("killed", ClaimKind::People, Unit::People, "servicemen were killed"),
    ("territory", ClaimKind::Area, Unit::Area, "square kilometres were taken"),
    ("destroyed", ClaimKind::Count, Unit::Items, "tanks were destroyed"),
    ("wounded", ClaimKind::People, Unit::People, "civilians were wounded"),
];

fn document(n: usize) -> AnalyzedDocument {
    let mut text = String::new();
    let mut claims = Vec::new();
    let outlet = format!("outlet-{}.test", n % 40);
    let day = jiff::civil::date(2016, 1, 1) + jiff::Span::new().days((n % 1500) as i64);
    let mut pending = Vec::new();
    for i in 0..10 {
        let k = n * 10 + i;
        let side = SIDES[k % SIDES.len()];
        let place = PLACES[(k / 3) % PLACES.len()];
        let (measure, kind, unit, phrase) = &MEASURES[k % MEASURES.len()];
        let value = 3 + (k * 7919) % 997;
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let sentence_start = text.len();
        text.push_str(&format!("{side} said that near {place} on {} ", day.strftime("%B %-d, %Y")));
        let figure_start = text.len();
        text.push_str(&format!("{value} {phrase}"));
        let figure_end = figure_start + value.to_string().len() + 1 + phrase.split(' ').next().unwrap().len();
        text.push_str(&format!(", in report {k}."));
        let place_start = sentence_start + side.len() + " said that near ".len();
        pending.push((sentence_start, text.len(), figure_start, figure_end, place_start, place, side, *measure, *kind, unit.clone(), value));
    }
    let start: jiff::Timestamp = format!("{day}T00:00:00Z").parse().expect("a valid instant");
    let doc = Document::new(text, Some(format!("Report {n}")), Some(outlet.clone()), None, Some(start), format!("bench#{n}"));
    for (s0, s1, f0, f1, p0, place, side, measure, kind, unit, value) in pending {
        let span = Span::new(f0, f1);
        claims.push(Claim {
            id: Claim::make_id(&doc.id, span),
            doc: doc.id.clone(),
            span,
            sentence_span: Span::new(s0, s1),
            kind,
            measure: Some(measure.to_string()),
            verb: None,
            value: Quantity {
                span,
                number_span: Span::new(f0, f0 + value.to_string().len()),
                low: Some(value as f64),
                high: Some(value as f64),
                unit,
                unit_text: None,
                qualifier: Qualifier::Exact,
                counted: None,
            },
            time: Some(TimeExpr {
                span: Span::new(p0 + place.len() + 4, f0 - 1),
                start,
                end: start + jiff::SignedDuration::from_hours(24),
                precision: Precision::Day,
                inferred: false,
                open_end: false,
            }),
            places: vec![PlaceMention { span: Span::new(p0, p0 + place.len()), name: place.to_string(), place_id: None }],
            attribution: vec![
                Attribution { speaker: outlet.clone(), span: None, cue: None, stance: Stance::Asserts },
                Attribution { speaker: side.to_string(), span: Some(Span::new(s0, s0 + side.len())), cue: Some("said".into()), stance: Stance::Asserts },
            ],
        });
    }
    let paragraphs = contested_clean::segment(&doc.text, doc.title.as_deref());
    let fingerprints = paragraphs.iter().map(|_| contested_clean::fingerprint("")).collect();
    AnalyzedDocument { document: doc, paragraphs, fingerprints, claims, events: Vec::new(), control: Vec::new() }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("gen") => {
            let db = PathBuf::from(&args[2]);
            let claims: usize = args[3].parse().expect("claim count");
            let mut store = SqliteStore::open(&db).expect("ledger");
            let docs = claims.div_ceil(10);
            for batch in (0..docs).collect::<Vec<_>>().chunks(500) {
                let analyzed: Vec<_> = batch.iter().map(|&n| document(n)).collect();
                store.put_batch(&analyzed).expect("write");
            }
            let stats = store.stats().expect("stats");
            let total: u64 = stats.claims_by_kind.iter().map(|(_, n)| n).sum();
            eprintln!("ledger {}: {} documents, {total} claims", db.display(), stats.documents);
        }
        Some("serve") => {
            let mut config = contested_serve::ServeConfig::new(PathBuf::from(&args[2]), args[3].parse().expect("address"));
            if let Some(readers) = args.get(4) {
                config.readers = readers.parse().expect("reader count");
            }
            contested_serve::serve_blocking(config).expect("serve");
        }
        _ => eprintln!("usage: bench_ledger gen DB CLAIMS | serve DB ADDR [READERS]"),
    }
}
