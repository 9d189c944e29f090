//! Whole-ledger exports, shared by the API (`/api/export/…`) and usable by
//! the CLI: claims as CSV and JSON Lines, places and events as GeoJSON, events
//! in ACLED's columns, contradictions as ClaimReview JSON-LD.

use crate::api::claim_dto;
use crate::geo::BaseMap;
use contested_store::{ClaimQuery, Store, StoreError, MAX_PAGE};
use std::io::Write;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing the export: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing the export: {0}")]
    Json(#[from] serde_json::Error),
    #[error("writing the export: {0}")]
    Io(#[from] std::io::Error),
}

impl From<ExportError> for crate::error::ApiError {
    fn from(e: ExportError) -> Self {
        crate::error::ApiError::new(axum::http::StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
    }
}

pub const NO_EVENTS: &str = "no events yet: the ledger holds claims; events are built from them by reconcile";
pub const NO_CONTROL: &str = "no control records yet: they come with reconcile's territorial-control stage";
pub const NO_FINDINGS: &str = "no findings yet: contradictions and checks come with reconcile";

/// ACLED's export columns, in their order, from ACLED's codebook as kept in
/// `../shared/data/taxonomy/acled_codebook.csv` (dtacled/acledR; ACLED holds
/// the codebook's copyright). Column names only.
pub const ACLED_COLUMNS: &[&str] = &[
    "data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year", "time_precision",
    "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "timestamp", "iso3",
];

/// Visits every claim in ledger order, a page at a time.
fn each_claim(
    store: &dyn Store,
    mut visit: impl FnMut(&contested_store::ClaimEvidence) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let mut query = ClaimQuery { limit: MAX_PAGE, ..Default::default() };
    loop {
        let page = store.claim_page(&query)?;
        for claim in &page.claims {
            visit(claim)?;
        }
        match page.next {
            Some(next) => query.after = Some(next),
            None => return Ok(()),
        }
    }
}

pub const CLAIM_CSV_COLUMNS: &[&str] = &[
    "id", "doc", "outlet", "kind", "measure", "verb", "low", "high", "unit", "qualifier", "text", "span_start",
    "span_end", "time_start", "time_end", "time_text", "places", "attribution", "role", "original", "documents",
    "outlets", "sentence",
];

/// Claims as CSV, one row per claim; places and the attribution chain are
/// joined with `; ` and ` > `.
pub fn claims_csv<W: Write>(store: &dyn Store, out: W) -> Result<W, ExportError> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(CLAIM_CSV_COLUMNS)?;
    each_claim(store, |c| {
        let d = claim_dto(c);
        let num = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let (ts, te, tt) = match &d.time {
            Some(t) => (t.start.clone(), t.end.clone(), t.text.clone()),
            None => Default::default(),
        };
        csv.write_record([
            d.id.clone(),
            d.doc.clone(),
            opt(&d.outlet),
            d.kind.to_string(),
            opt(&d.measure),
            opt(&d.verb),
            num(d.value.low),
            num(d.value.high),
            d.value.unit.clone(),
            d.qualifier.to_string(),
            d.text.clone(),
            d.span[0].to_string(),
            d.span[1].to_string(),
            ts,
            te,
            tt,
            d.places.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join("; "),
            d.attribution.iter().map(|a| a.speaker.as_str()).collect::<Vec<_>>().join(" > "),
            d.role.to_string(),
            opt(&d.original),
            d.documents.to_string(),
            d.outlets.to_string(),
            d.sentence.clone(),
        ])?;
        Ok(())
    })?;
    csv.into_inner().map_err(|e| ExportError::Io(e.into_error()))
}

/// Claims as JSON Lines in the stable export schema (`type: claim`).
pub fn claims_jsonl<W: Write>(store: &dyn Store, mut out: W) -> Result<W, ExportError> {
    each_claim(store, |c| {
        serde_json::to_writer(&mut out, &claim_dto(c))?;
        out.write_all(b"\n")?;
        Ok(())
    })?;
    Ok(out)
}

/// The base map's districts as GeoJSON, each with the number of claims that
/// name it (matched by gazetteer id, else by name as written).
pub fn places_geojson(store: &dyn Store, map: &BaseMap) -> Result<Vec<u8>, ExportError> {
    let counts = map.claim_counts(&store.place_counts()?);
    Ok(serde_json::to_vec(&map.districts_geojson(&counts))?)
}

pub fn events_geojson() -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({"type": "FeatureCollection", "features": [], "note": NO_EVENTS}))
        .expect("static JSON")
}

/// Events in ACLED's columns (header only until events exist).
pub fn events_acled_csv<W: Write>(out: W) -> Result<W, ExportError> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(ACLED_COLUMNS)?;
    csv.into_inner().map_err(|e| ExportError::Io(e.into_error()))
}

/// Contradictions as a schema.org ClaimReview graph (empty until findings exist).
pub fn claimreview_jsonld() -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({"@context": "https://schema.org", "@graph": []})).expect("static JSON")
}
