//! Rendering for people (tables) and for other tools (JSON Lines, CSV, JSON).

use anyhow::Result;
use serde_json::Value;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for reading in a terminal.
    Table,
    /// One JSON object per line: the ledger's stable schema.
    Jsonl,
    /// Comma-separated values with a header row, for spreadsheets.
    Csv,
    /// One JSON array.
    Json,
}

/// Writes rows in a machine format. `columns` picks and orders the fields for
/// CSV; nested values are written as compact JSON in their cell.
pub fn write_rows(out: &mut dyn Write, format: Format, rows: &[Value], columns: &[&str]) -> Result<()> {
    match format {
        Format::Jsonl => {
            for row in rows {
                serde_json::to_writer(&mut *out, row)?;
                out.write_all(b"\n")?;
            }
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, rows)?;
            out.write_all(b"\n")?;
        }
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record(columns)?;
            for row in rows {
                writer.write_record(columns.iter().map(|c| cell(row, c)))?;
            }
            writer.flush()?;
        }
        Format::Table => {
            let mut table = comfy_table::Table::new();
            table.load_preset(comfy_table::presets::UTF8_BORDERS_ONLY);
            table.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
            table.set_header(columns.to_vec());
            for row in rows {
                table.add_row(columns.iter().map(|c| cell(row, c)));
            }
            writeln!(out, "{table}")?;
        }
    }
    Ok(())
}

/// A field as one cell: strings bare, null empty, the rest as JSON. Dotted
/// names reach into objects (`value.low`).
pub fn cell(row: &Value, column: &str) -> String {
    let mut value = row;
    for part in column.split('.') {
        value = match value.get(part) {
            Some(v) => v,
            None => return String::new(),
        };
    }
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
