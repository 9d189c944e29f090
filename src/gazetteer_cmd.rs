//! `contested gazetteer`: add places the built-in gazetteer lacks (front-line
//! villages, other countries), and check what a text resolves to.

use anyhow::{Context, Result};
use contested_extract::gazetteer::{parse_places, parse_places_csv, write_places_csv, Gazetteer, Place};
use contested_store::Store;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum GazetteerCommand {
    /// Add places from a GeoNames dump (allCountries.txt format, any country) or a CSV of
    /// your own (name,lat,lon,kind,country[,alt_names] with alt names separated by |).
    ///
    /// The places are kept in the ledger and used for documents ingested from now on.
    Add {
        file: PathBuf,
    },
    /// Show which places a text resolves to (with the ledger's added places).
    Find {
        /// The text to look in.
        text: String,
    },
}

/// The built-in gazetteer plus the ledger's added places. Built once per run:
/// adding places rebuilds the matcher.
pub fn for_store(store: &dyn Store) -> Result<&'static Gazetteer> {
    let records = store.user_places()?;
    if records.is_empty() {
        return Ok(Gazetteer::builtin());
    }
    let mut places: Vec<Place> = Vec::with_capacity(records.len());
    for record in &records {
        places.extend(parse_places_csv(record.as_bytes()).context("reading the ledger's added places")?);
    }
    // One gazetteer per process; leaking it gives the 'static lifetime the
    // parallel analysis wants without threading a lifetime through it.
    Ok(Box::leak(Box::new(Gazetteer::with_extra(places))))
}

pub fn run(command: &GazetteerCommand, store: &mut dyn Store, out: &mut dyn Write) -> Result<()> {
    match command {
        GazetteerCommand::Add { file } => {
            let reader = std::io::BufReader::new(
                std::fs::File::open(file).with_context(|| format!("{}: cannot open", file.display()))?,
            );
            let places = parse_places(reader).with_context(|| format!("{}: not a GeoNames dump or places CSV", file.display()))?;
            let mut records = Vec::with_capacity(places.len());
            for place in &places {
                let mut record = Vec::new();
                write_places_csv(std::slice::from_ref(place), &mut record)?;
                records.push((place.id.clone(), String::from_utf8(record).expect("CSV writer emits UTF-8")));
            }
            let added = store.add_user_places(&records)?;
            writeln!(out, "{}: {} place(s) read, {} new, {} updated", file.display(), places.len(), added, places.len() - added)?;
        }
        GazetteerCommand::Find { text } => {
            let gazetteer = for_store(store)?;
            for m in gazetteer.find(text) {
                let place = gazetteer.get(&m.place_id);
                writeln!(
                    out,
                    "{}..{}\t{}\t{}\t{}\t{}\t{:.2}",
                    m.span.start,
                    m.span.end,
                    m.name,
                    m.place_id,
                    m.kind.as_str(),
                    place.map(|p| format!("{:.4},{:.4}", p.lat, p.lon)).unwrap_or_default(),
                    m.confidence
                )?;
            }
        }
    }
    Ok(())
}
