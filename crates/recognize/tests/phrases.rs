//! The conflict-news phrase table (`tests/phrases.tsv`, our own sentences):
//! every line names one item the recognisers must find, with its exact text
//! and its value. All failures are reported together.

use contested_core::{Quantity, Span, TimeExpr};
use contested_recognize::{recognize, NumberMention, Recognized};

const TABLE: &str = include_str!("phrases.tsv");

fn ts(s: &str) -> jiff::Timestamp {
    let full = if s.len() == 10 { format!("{s}T00:00:00Z") } else { format!("{s}:00Z") };
    full.parse().unwrap_or_else(|e| panic!("bad timestamp {s}: {e}"))
}

fn close(a: Option<f64>, expected: &str) -> bool {
    match (a, expected) {
        (None, "-") => true,
        (Some(a), e) => e.parse::<f64>().is_ok_and(|e| (a - e).abs() <= 1e-9 * e.abs().max(1.0)),
        _ => false,
    }
}

fn check_quantity(q: &Quantity, text: &str, spec: &[&str]) -> Result<(), String> {
    let (unit, low, high, qualifier) = (spec[0], spec[1], spec[2], spec[3]);
    let mut problems = Vec::new();
    if q.unit.as_str() != unit {
        problems.push(format!("unit {} != {unit}", q.unit.as_str()));
    }
    if !close(q.low, low) || !close(q.high, high) {
        problems.push(format!("bounds {:?}..{:?} != {low}..{high}", q.low, q.high));
    }
    if q.qualifier.as_str() != qualifier {
        problems.push(format!("qualifier {} != {qualifier}", q.qualifier.as_str()));
    }
    match (spec.get(4), &q.counted) {
        (Some(noun), Some((span, written))) if written != noun || &text[span.start..span.end] != *noun => {
            problems.push(format!("counted {written:?} != {noun:?}"));
        }
        (Some(noun), None) => problems.push(format!("nothing counted, expected {noun:?}")),
        (None, Some((_, written))) if unit != "person" && unit != "item" => problems.push(format!("unexpected counted {written:?}")),
        _ => {}
    }
    if problems.is_empty() { Ok(()) } else { Err(problems.join("; ")) }
}

fn check_time(t: &TimeExpr, spec: &[&str]) -> Result<(), String> {
    let mut problems = Vec::new();
    if t.start != ts(spec[0]) || t.end != ts(spec[1]) {
        problems.push(format!("interval {}..{} != {}..{}", t.start, t.end, spec[0], spec[1]));
    }
    if t.precision.as_str() != spec[2] {
        problems.push(format!("precision {} != {}", t.precision.as_str(), spec[2]));
    }
    let inferred = spec[3..].contains(&"inferred");
    let open = spec[3..].contains(&"open");
    if t.inferred != inferred {
        problems.push(format!("inferred {} != {inferred}", t.inferred));
    }
    if t.open_end != open {
        problems.push(format!("open_end {} != {open}", t.open_end));
    }
    if problems.is_empty() { Ok(()) } else { Err(problems.join("; ")) }
}

fn check_number(n: &NumberMention, spec: &[&str]) -> Result<(), String> {
    if !close(Some(n.value), spec[0]) || n.kind.as_str() != spec[1] {
        return Err(format!("{} {} != {} {}", n.value, n.kind.as_str(), spec[0], spec[1]));
    }
    Ok(())
}

fn found_list(r: &Recognized, text: &str) -> String {
    let q = r.quantities.iter().map(|q| format!("Q{:?}", &text[q.span.start..q.span.end]));
    let t = r.times.iter().map(|t| format!("T{:?}", &text[t.span.start..t.span.end]));
    let n = r.numbers.iter().map(|n| format!("N{:?}", &text[n.span.start..n.span.end]));
    q.chain(t).chain(n).collect::<Vec<_>>().join(" ")
}

#[test]
fn phrase_table() {
    let reference = ts("2016-04-10");
    let mut cases = 0;
    let mut failures = Vec::new();
    for line in TABLE.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let fields: Vec<&str> = line.split(" | ").collect();
        assert!(fields.len() >= 4, "malformed line: {line}");
        let (text, kind, written, value) = (fields[0], fields[1], fields[2], fields[3]);
        let no_reference = fields.get(4) == Some(&"noref");
        let start = text.find(written).unwrap_or_else(|| panic!("{written:?} is not in {text:?}"));
        let span = Span::new(start, start + written.len());
        let r = recognize(text, if no_reference { None } else { Some(reference) });
        let spec: Vec<&str> = value.split_whitespace().collect();
        cases += 1;
        let outcome = match kind {
            "Q" => match r.quantities.iter().find(|q| q.span == span) {
                Some(q) => check_quantity(q, text, &spec),
                None => Err("no quantity with this span".into()),
            },
            "T" => match r.times.iter().find(|t| t.span == span) {
                Some(t) => check_time(t, &spec),
                None => Err("no time with this span".into()),
            },
            "N" => match r.numbers.iter().find(|n| n.span == span) {
                Some(n) => check_number(n, &spec),
                None => Err("no bare number with this span".into()),
            },
            "N-" => {
                let as_quantity = r.quantities.iter().any(|q| q.span.overlaps(span));
                let as_number = r.numbers.iter().any(|n| n.span == span);
                if as_quantity || as_number { Err("reported as a figure".into()) } else { Ok(()) }
            }
            other => panic!("unknown kind {other} in {line}"),
        };
        if let Err(why) = outcome {
            failures.push(format!("{text:?} [{written}]: {why}\n    found: {}", found_list(&r, text)));
        }
    }
    assert!(cases >= 150, "the table should hold at least 150 phrases, has {cases}");
    assert!(failures.is_empty(), "{} of {cases} phrases failed:\n{}", failures.len(), failures.join("\n"));
}
