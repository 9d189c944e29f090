//! `contested recognize`: the recognisers on lines of stdin, for checking
//! what they make of a phrase.

use anyhow::{Context, Result};
use serde_json::{json, Value};
use std::io::{BufRead, Write};

#[derive(clap::Args)]
pub struct RecognizeArgs {
    /// Reference time for relative and year-less expressions ("May 18", "last week"),
    /// RFC 3339, e.g. 2016-05-20T00:00:00Z. Without it, years come from other dates in the line.
    #[arg(long, value_name = "RFC3339")]
    reference_time: Option<String>,
    /// One JSON object per input line instead of text.
    #[arg(long)]
    json: bool,
}

pub fn items(line: &str, reference: Option<jiff::Timestamp>) -> Vec<Value> {
    let recognized = contested_recognize::recognize(line, reference);
    let mut items: Vec<Value> = Vec::new();
    for q in &recognized.quantities {
        items.push(json!({
            "kind": "quantity",
            "text": q.span.slice(line),
            "start": q.span.start,
            "end": q.span.end,
            "low": q.low,
            "high": q.high,
            "unit": q.unit.as_str(),
            "qualifier": q.qualifier.as_str(),
            "counted": q.counted.as_ref().map(|(_, c)| c),
        }));
    }
    for t in &recognized.times {
        items.push(json!({
            "kind": "time",
            "text": t.span.slice(line),
            "start": t.span.start,
            "end": t.span.end,
            "interval": [t.start.to_string(), t.end.to_string()],
            "precision": t.precision.as_str(),
            "inferred": t.inferred,
        }));
    }
    items.sort_by_key(|i| i["start"].as_u64());
    items
}

pub fn run(args: &RecognizeArgs, input: impl BufRead, out: &mut dyn Write) -> Result<()> {
    let reference = args
        .reference_time
        .as_deref()
        .map(|s| s.parse::<jiff::Timestamp>().with_context(|| format!("--reference-time {s}: not an RFC 3339 time")))
        .transpose()?;
    for (number, line) in input.lines().enumerate() {
        let line = line.with_context(|| format!("reading line {} of stdin", number + 1))?;
        let items = items(&line, reference);
        if args.json {
            serde_json::to_writer(&mut *out, &json!({"line": number + 1, "text": line, "items": items}))?;
            writeln!(out)?;
        } else {
            writeln!(out, "line {}: {line}", number + 1)?;
            for item in &items {
                let value = if item["kind"] == "quantity" {
                    format!(
                        "low={} high={} unit={} qualifier={}",
                        item["low"], item["high"], item["unit"].as_str().unwrap_or(""), item["qualifier"].as_str().unwrap_or("")
                    )
                } else {
                    format!("[{}, {}) precision={}{}", item["interval"][0].as_str().unwrap_or(""), item["interval"][1].as_str().unwrap_or(""),
                        item["precision"].as_str().unwrap_or(""), if item["inferred"] == true { " inferred" } else { "" })
                };
                writeln!(out, "  {:<8} {:>4}..{:<4} {:?} {value}", item["kind"].as_str().unwrap_or(""), item["start"], item["end"], item["text"].as_str().unwrap_or(""))?;
            }
        }
    }
    Ok(())
}
