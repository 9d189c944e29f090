//! Load-test helper for `bench/serve/run.sh`.
//!
//!   bench_ledger gen DB CLAIMS     writes a synthetic ledger (our own sentences, ten claims per document; DB: a path or postgres:// URL)
//!   bench_ledger serve DB ADDR     serves it (the same app `contested serve` runs)
//!   bench_ledger findings DB N     replaces the ledger's findings with N synthetic ones of every kind,
//!                                  each citing two claims of different documents (for the /findings page)
//!   bench_ledger get URL [N]       times N sequential GETs of one URL (p50, p99, max, bytes)
//!
//! DB is a SQLite path or, for gen and serve, a postgres:// URL.
//!   bench_ledger query DB [N]      times N claims queries of each shape through the Store trait, single-threaded
//!                                  (DB: a SQLite path or a postgres:// URL)
//!
//! The ledger is written through `Store::put_batch`, so it has the real
//! schema, indexes and FTS triggers; only the analysis is skipped.

use contested_core::{
    Attribution, Claim, ClaimKind, Document, PlaceMention, Precision, Qualifier, Quantity, Span, Stance, TimeExpr, Unit,
};
use contested_store::{AnalyzedDocument, Store};

const SIDES: &[&str] = &["The Defence Ministry", "The opposing ministry", "Local officials", "Observers"];
const PLACES: &[&str] = &["Agdam", "Fuzuli", "Jabrayil", "Kalbajar", "Lachin", "Qubadli", "Zangilan", "Tartar"];
const RARE_SIDE: &str = "The Red Crescent";
const RARE_PLACE: &str = "Hadrut";
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
        // One claim in about a thousand has a rare place, speaker or
        // wording, so that the benchmark also times filters whose matches
        // are sparse: those are the ones an index must find without reading
        // the ledger in key order.
        let side = if k % 991 == 3 { RARE_SIDE } else { SIDES[k % SIDES.len()] };
        let place = if k % 997 == 5 { RARE_PLACE } else { PLACES[(k / 3) % PLACES.len()] };
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
        let rare_words = if k % 983 == 11 { " near the old hospital" } else { "" };
        text.push_str(&format!("{rare_words}, in report {k}."));
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
            // A file path or a postgres:// URL, like `serve`.
            let db = &args[2];
            let claims: usize = args[3].parse().expect("claim count");
            let mut store = contested_store::open_store(db).expect("ledger");
            let docs = claims.div_ceil(10);
            for batch in (0..docs).collect::<Vec<_>>().chunks(500) {
                let analyzed: Vec<_> = batch.iter().map(|&n| document(n)).collect();
                store.put_batch(&analyzed).expect("write");
            }
            let stats = store.stats().expect("stats");
            let total: u64 = stats.claims_by_kind.iter().map(|(_, n)| n).sum();
            eprintln!("ledger {}: {} documents, {total} claims", contested_store::redacted_url(db), stats.documents);
        }
        Some("serve") => {
            let mut config = contested_serve::ServeConfig::new(args[2].clone(), args[3].parse().expect("address"));
            if let Some(readers) = args.get(4) {
                config.readers = readers.parse().expect("reader count");
            }
            contested_serve::serve_blocking(config).expect("serve");
        }
        Some("findings") => {
            let mut store = contested_store::open_store(&args[2]).expect("ledger");
            let n: usize = args[3].parse().expect("finding count");
            let written = synthetic_findings(store.as_mut(), n);
            eprintln!("{written} findings written");
        }
        Some("get") => get_latency(&args[2], args.get(3).map_or(20, |n| n.parse().expect("count"))),
        Some("query") => query_latency(
            contested_store::open_store(&args[2]).expect("open").as_ref(),
            args.get(3).map_or(200, |n| n.parse().expect("count")),
        ),
        _ => eprintln!(
            "usage: bench_ledger gen DB CLAIMS | serve DB ADDR [READERS] | findings DB N | get URL [N] | query DB [N]"
        ),
    }
}

/// Latency of the claims queries a dashboard or the CLI makes, on whatever
/// ledger is given (the scale benchmark's, or a generated one): p50, p99 and
/// max over `n` runs per shape, each at a different random cursor.
fn query_latency(store: &dyn Store, n: usize) {
    use contested_store::ClaimQuery;
    let last = store
        .claim_page(&ClaimQuery { newest_first: true, limit: 1, ..Default::default() })
        .expect("query")
        .claims
        .first()
        .map_or(1, |c| c.key);
    let facets = store.facets().expect("facets");
    let outlet = facets.outlets.get(facets.outlets.len() / 2).cloned();
    let page = |q: ClaimQuery| ClaimQuery { limit: 50, ..q };
    let cursor = |q: ClaimQuery| ClaimQuery { after: Some(0), ..page(q) };
    let newest = |q: ClaimQuery| ClaimQuery { newest_first: true, ..cursor(q) };
    let some = |s: &str| Some(s.to_string());
    let place = |p: &str| ClaimQuery { place: some(p), ..Default::default() };
    let actor = |a: &str| ClaimQuery { actor: some(a), ..Default::default() };
    let words = |t: &str| ClaimQuery { text: some(t), ..Default::default() };
    // Every filter the API offers, first page and at a random cursor in
    // both directions; "Aleppo", "ministry", "killed civilians" are dense
    // in real corpora, "Hadrut", "Red Crescent", "old hospital" sparse in
    // the generated one (one claim in ~1000).
    let shapes: Vec<(&str, ClaimQuery)> = vec![
        ("first page", page(ClaimQuery::default())),
        ("random cursor", cursor(ClaimQuery::default())),
        ("random cursor, newest first", newest(ClaimQuery::default())),
        ("kind=area, random cursor", cursor(ClaimQuery { kind: some("area"), ..Default::default() })),
        ("measure=killed, random cursor", cursor(ClaimQuery { measure: some("killed"), ..Default::default() })),
        ("outlet", page(ClaimQuery { outlet: outlet.clone(), ..Default::default() })),
        ("outlet, random cursor", cursor(ClaimQuery { outlet: outlet.clone(), ..Default::default() })),
        ("place=Aleppo", page(place("Aleppo"))),
        ("place=Agdam, random cursor", cursor(place("Agdam"))),
        ("place=Hadrut (sparse)", page(place("Hadrut"))),
        ("place=Hadrut, random cursor, newest", newest(place("Hadrut"))),
        ("actor=ministry", page(actor("ministry"))),
        ("actor=ministry, random cursor", cursor(actor("ministry"))),
        ("actor=red cresc (sparse)", page(actor("red cresc"))),
        ("actor=red cresc, random cursor", cursor(actor("red cresc"))),
        ("text=killed civilians", page(words("killed civilians"))),
        ("text=killed, random cursor", cursor(words("killed"))),
        ("text=old hospital (sparse)", page(words("old hospital"))),
        ("text=old hospital, random cursor, newest", newest(words("old hospital"))),
        ("since 2016-03-01 until 2016-03-31", page(ClaimQuery {
            from: some("2016-03-01T00:00:00Z"),
            to: some("2016-04-01T00:00:00Z"),
            ..Default::default()
        })),
        ("independent, newest first", page(ClaimQuery { independent_only: true, newest_first: true, ..Default::default() })),
        ("place+kind+independent (sparse)", page(ClaimQuery { kind: some("people"), independent_only: true, ..place("Hadrut") })),
        ("text+place (sparse)", page(ClaimQuery { place: some("Hadrut"), ..words("killed") })),
    ];
    println!("# claims query latency, {n} runs per shape, key range 1..{last}");
    println!("{:<42} {:>9} {:>9} {:>9} {:>6}", "shape", "p50 ms", "p99 ms", "max ms", "rows");
    let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
    for (name, shape) in shapes {
        let mut times = Vec::with_capacity(n);
        let mut rows = 0;
        for _ in 0..n {
            let mut q = shape.clone();
            if q.after.is_some() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                q.after = Some((seed % last.max(1) as u64) as i64);
            }
            let started = std::time::Instant::now();
            let page = store.claim_page(&q).expect("query");
            times.push(started.elapsed().as_secs_f64() * 1e3);
            rows = page.claims.len();
        }
        times.sort_by(|a, b| a.total_cmp(b));
        let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
        println!("{:<42} {:>9.2} {:>9.2} {:>9.2} {:>6}", name, at(0.5), at(0.99), times[times.len() - 1], rows);
    }
}

/// Writes `n` findings spread over every kind, in the shapes reconcile
/// writes (two sources side by side, the arithmetic, evidence spans into
/// real documents), replacing whatever the ledger held. Claims are read
/// in ledger order and paired across neighbouring documents, so the
/// findings cite about as many distinct documents as they have evidence.
fn synthetic_findings(store: &mut dyn Store, n: usize) -> usize {
    use contested_core::{Evidence, Finding, FindingKind, SourceFigure};
    use contested_store::{ClaimQuery, FindingsUpdate};
    let mut claims = Vec::with_capacity(2 * n);
    let mut query = ClaimQuery { limit: contested_store::MAX_PAGE, ..Default::default() };
    while claims.len() < 2 * n {
        let page = store.claim_page(&query).expect("claims");
        claims.extend(page.claims.into_iter().map(|c| c.stored.claim));
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
    }
    assert!(claims.len() >= 20, "the ledger needs claims first (bench_ledger gen)");
    let half = claims.len() / 2;
    // Most findings are contradictions, as in real ledgers; every kind has some.
    let kinds: Vec<FindingKind> = [
        (FindingKind::Contradiction, 8),
        (FindingKind::Group, 4),
        (FindingKind::Denial, 2),
        (FindingKind::Dispute, 2),
        (FindingKind::Revision, 2),
        (FindingKind::PartsVsTotal, 1),
        (FindingKind::ShareVsArea, 1),
        (FindingKind::DoubleCount, 1),
        (FindingKind::PartExceedsTotal, 1),
    ]
    .iter()
    .flat_map(|&(kind, weight)| (0..weight).map(move |_| kind))
    .collect();
    let source_of = |c: &Claim| c.attribution.last().map_or_else(|| "unknown".to_string(), |a| a.speaker.clone());
    let figure = |c: &Claim| SourceFigure {
        source: source_of(c),
        low: c.value.low,
        high: c.value.high,
        unit: c.value.unit.clone(),
        stance: Stance::Asserts,
        claims: vec![c.id.clone()],
        independent_reports: 1,
    };
    let evidence = |c: &Claim, role: &str| Evidence {
        claim: c.id.clone(),
        doc: c.doc.clone(),
        span: c.span,
        sentence_span: c.sentence_span,
        role: role.to_string(),
        source: source_of(c),
    };
    let mut update = FindingsUpdate::default();
    for i in 0..n {
        // Claim i of the first half against claim i of the second: two documents far apart.
        let (a, b) = (&claims[i % half], &claims[half + i % half]);
        let kind = kinds[i % kinds.len()];
        let (low, high) = (a.value.low.unwrap_or(1.0), b.value.low.unwrap_or(1.0));
        let ratio = (low.max(high) / low.min(high).max(1.0) * 100.0).round() / 100.0;
        let scope = format!("bench:{}", i / 4);
        update.scopes.push(scope.clone());
        update.findings.push(Finding {
            id: format!("bench-{kind}-{i:07}", kind = kind.as_str()),
            kind,
            scope,
            // Spread over (0, 1] with ties, so the cursor's id tie-break is exercised.
            significance: ((i * 7919) % 1000 + 1) as f64 / 1000.0,
            summary: format!("{} says {low}, {} says {high}", source_of(a), source_of(b)),
            explanation: format!("{} / {} = ratio {ratio}", low.max(high), low.min(high)),
            figures: vec![("ratio".to_string(), ratio)],
            sources: vec![figure(a), figure(b)],
            evidence: vec![evidence(a, "figure"), evidence(b, "figure")],
        });
    }
    update.scopes.sort();
    update.scopes.dedup();
    store.replace_findings(&update).expect("write findings");
    n
}

/// Latency of one URL fetched `n` times in a row (after one warm-up), over
/// plain HTTP/1.1 on loopback: for pages too heavy for a load test.
fn get_latency(url: &str, n: usize) {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").expect("an http:// URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let fetch = || {
        let mut stream = std::net::TcpStream::connect(host).expect("connect");
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").expect("send");
        let mut body = Vec::new();
        stream.read_to_end(&mut body).expect("read");
        assert!(body.starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&body[..body.len().min(200)]));
        body.len()
    };
    fetch();
    let mut times = Vec::with_capacity(n);
    let mut bytes = 0;
    for _ in 0..n {
        let started = std::time::Instant::now();
        bytes = fetch();
        times.push(started.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!("{url}: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, {bytes} bytes, {n} runs", at(0.5), at(0.99), times[n - 1]);
}
