//! Prints what the recognisers find in a file (or stdin), for eyeballing.
use std::io::Read;

fn main() {
    let mut text = String::new();
    match std::env::args().nth(1) {
        Some(p) => text = std::fs::read_to_string(p).expect("readable file"),
        None => {
            std::io::stdin().read_to_string(&mut text).expect("stdin");
        }
    }
    let reference = std::env::args().nth(2).and_then(|s| s.parse::<jiff::Timestamp>().ok());
    let r = contested_recognize::recognize(&text, reference);
    for q in &r.quantities {
        println!(
            "Q {:>5}..{:<5} {:?} low={:?} high={:?} {} {:?} counted={:?}",
            q.span.start, q.span.end, &text[q.span.start..q.span.end], q.low, q.high, q.unit.as_str(), q.qualifier,
            q.counted.as_ref().map(|c| &c.1)
        );
    }
    for t in &r.times {
        println!(
            "T {:>5}..{:<5} {:?} {} .. {} {} inferred={} open={}",
            t.span.start, t.span.end, &text[t.span.start..t.span.end], t.start, t.end, t.precision.as_str(), t.inferred, t.open_end
        );
    }
    for n in &r.numbers {
        println!("N {:>5}..{:<5} {:?} {} {}", n.span.start, n.span.end, &text[n.span.start..n.span.end], n.value, n.kind.as_str());
    }
    for d in &r.diagnostics {
        println!("D {:?} {}", d.span, d.message);
    }
}
