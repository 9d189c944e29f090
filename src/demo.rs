//! `contested demo`: the built-in example articles, embedded in the binary so
//! the demo works from any directory and with no network.

use crate::pipeline::{self, IngestSummary};
use anyhow::{Context, Result};
use contested_store::Store;

pub const EXAMPLES: &[(&str, &str)] = &[
    ("example-a.jsonl", include_str!("../examples/articles/example-a.jsonl")),
    ("example-b.html", include_str!("../examples/articles/example-b.html")),
    ("example-c.csv", include_str!("../examples/articles/example-c.csv")),
];

pub fn run(store: &mut dyn Store) -> Result<IngestSummary> {
    // The readers take paths, so the examples go through exactly the code a
    // user's files do.
    let dir = tempfile::tempdir().context("creating a temporary folder for the examples")?;
    let mut paths = Vec::new();
    for (name, text) in EXAMPLES {
        let path = dir.path().join(name);
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        paths.push(path.display().to_string());
    }
    let (inputs, errors) = contested_ingest::expand(&paths);
    let mut summary = pipeline::ingest(store, &inputs, &Default::default(), false)?;
    summary.skipped.extend(errors.iter().map(|e| e.to_string()));
    Ok(summary)
}
