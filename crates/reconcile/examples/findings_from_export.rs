//! Runs reconciliation over a ledger export, for evaluation until the CLI
//! has `contested findings`.
//!
//!     contested --db L.db export --format jsonl > ledger.jsonl
//!     cargo run -p contested-reconcile --example findings_from_export -- \
//!         ledger.jsonl crates/extract/data/places.tsv crates/extract/data/supplement.tsv
//!
//! Prints one block per finding, most significant first, with the evidence
//! sentences. The Geography is built from the gazetteer's tables (parents,
//! countries, country areas) plus the Nagorno-Karabakh containments.

use std::collections::HashMap;

use contested_core::{Attribution, Claim, ClaimKind, PlaceMention, Precision, Quantity, Qualifier, Role, Span, Stance, TimeExpr, Unit};
use contested_reconcile::{reconcile, ClaimInput, TableGeography, NAGORNO_KARABAKH, NAGORNO_KARABAKH_PARTS};
use serde_json::Value;

fn span(v: &Value) -> Span {
    Span::new(v[0].as_u64().unwrap_or(0) as usize, v[1].as_u64().unwrap_or(0) as usize)
}

fn ts(v: &Value) -> Option<jiff::Timestamp> {
    v.as_str().and_then(|s| s.parse().ok())
}

fn load_geography(paths: &[String]) -> TableGeography {
    let mut geo = TableGeography::new();
    for path in paths {
        geo.add_gazetteer_table(&std::fs::read_to_string(path).expect("gazetteer table"));
    }
    for (id, _) in NAGORNO_KARABAKH_PARTS {
        geo.add_containment(NAGORNO_KARABAKH, id);
    }
    geo
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let export = std::fs::read_to_string(&args[0]).expect("export file");
    let geo = load_geography(&args[1..]);
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut published: HashMap<String, Option<jiff::Timestamp>> = HashMap::new();
    let mut claims = Vec::new();
    for line in export.lines() {
        let v: Value = serde_json::from_str(line).expect("json line");
        match v["type"].as_str() {
            Some("document") => {
                let id = v["id"].as_str().unwrap().to_string();
                published.insert(id.clone(), ts(&v["published"]));
                texts.insert(id, v["text"].as_str().unwrap_or("").to_string());
            }
            Some("claim") => claims.push(v),
            _ => {}
        }
    }
    let inputs: Vec<ClaimInput> = claims
        .iter()
        .filter_map(|v| {
            let kind = ClaimKind::parse(v["kind"].as_str()?)?;
            let doc = v["doc"].as_str()?.to_string();
            let value = &v["value"];
            let time = (!v["time"].is_null()).then(|| TimeExpr {
                span: span(&v["time"]["span"]),
                start: ts(&v["time"]["start"]).unwrap(),
                end: ts(&v["time"]["end"]).unwrap(),
                precision: Precision::Day,
                inferred: v["time"]["inferred"].as_bool().unwrap_or(false),
                open_end: v["time"]["open_end"].as_bool().unwrap_or(false),
            });
            let claim = Claim {
                id: v["id"].as_str()?.to_string(),
                doc: doc.clone(),
                span: span(&v["span"]),
                sentence_span: span(&v["sentence_span"]),
                kind,
                measure: v["measure"].as_str().map(str::to_string),
                verb: v["verb"].as_str().map(str::to_string),
                value: Quantity {
                    span: span(&v["span"]),
                    number_span: span(&v["span"]),
                    low: value["low"].as_f64(),
                    high: value["high"].as_f64(),
                    unit: Unit::parse(value["unit"].as_str().unwrap_or("number")),
                    unit_text: v["unit_text"].as_str().map(str::to_string),
                    qualifier: v["qualifier"].as_str().and_then(Qualifier::parse).unwrap_or(Qualifier::Exact),
                    // The export gives the noun only; its span is not needed here.
                    counted: v["counted"].as_str().map(|n| (Span::default(), n.to_string())),
                },
                time,
                places: v["places"]
                    .as_array()
                    .map(|ps| {
                        ps.iter()
                            .map(|p| PlaceMention {
                                span: span(&p["span"]),
                                name: p["name"].as_str().unwrap_or("").to_string(),
                                place_id: p["place_id"].as_str().map(str::to_string),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                attribution: v["attribution"]
                    .as_array()
                    .map(|links| {
                        links
                            .iter()
                            .map(|a| Attribution {
                                speaker: a["speaker"].as_str().unwrap_or("").to_string(),
                                span: (!a["span"].is_null()).then(|| span(&a["span"])),
                                cue: a["cue"].as_str().map(str::to_string),
                                stance: a["stance"].as_str().and_then(Stance::parse).unwrap_or(Stance::Asserts),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            };
            Some(ClaimInput {
                claim,
                outlet: v["outlet"].as_str().map(str::to_string),
                published: published.get(&doc).copied().flatten(),
                role: v["role"].as_str().and_then(Role::parse).unwrap_or(Role::Body),
                original: v["original"].as_str().map(str::to_string),
            })
        })
        .collect();
    let started = std::time::Instant::now();
    let report = reconcile(&inputs, &geo);
    eprintln!("{} claims -> {} findings in {:?}", inputs.len(), report.findings.len(), started.elapsed());
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for f in &report.findings {
        *counts.entry(f.kind.as_str()).or_default() += 1;
    }
    eprintln!("{counts:?}");
    for f in &report.findings {
        println!("== {} {} sig {:.2} scope {}", f.kind.as_str(), f.id, f.significance, f.scope);
        println!("   {}", f.summary);
        println!("   {}", f.explanation);
        for e in &f.evidence {
            let text = &texts[&e.doc];
            println!(
                "   - [{}] {} «{}» in: {}",
                e.role,
                e.source,
                &text[e.span.start..e.span.end],
                &text[e.sentence_span.start..e.sentence_span.end].chars().take(300).collect::<String>()
            );
        }
    }
}
