//! Whole-ledger exports, shared by the API (`/api/export/…`) and usable by
//! the CLI: claims as CSV and JSON Lines, places and events as GeoJSON, events
//! in ACLED's columns, contradictions as ClaimReview JSON-LD.

use crate::api::claim_dto;
use crate::geo::BaseMap;
use contested_core::{Document, Event, Precision};
use contested_extract::gazetteer::{Gazetteer, Place, PlaceKind};
use contested_store::dto::EventDto;
use contested_store::{ClaimFilter, ClaimQuery, FindingFilter, Store, StoreError, StoredClaim, MAX_PAGE};
use serde_json::json;
use std::collections::HashMap;
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

pub const NO_EVENTS: &str = "no events in the ledger: none of its documents reports one in words the extractor knows";
pub const NO_CONTROL: &str = "no control records in the ledger: no document says who holds a place";
pub const NO_FINDINGS: &str = "no findings: run `contested reconcile` (or `demo`) to compare the claims";

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

/// Where an event happened on the gazetteer: its finest resolved place.
struct Located<'g> {
    place: &'g Place,
    /// The place's enclosing units, nearest first.
    ancestors: Vec<&'g Place>,
}

fn locate<'g>(gazetteer: &'g Gazetteer, places: &[contested_core::PlaceMention]) -> Option<Located<'g>> {
    // The finest place named: a village says more than its district.
    let finest = places
        .iter()
        .filter_map(|m| gazetteer.get(m.place_id.as_deref()?))
        .max_by_key(|p| fineness(p.kind))?;
    Some(Located { place: finest, ancestors: gazetteer.ancestors(&finest.id) })
}

fn fineness(kind: PlaceKind) -> u8 {
    match kind {
        PlaceKind::Country => 0,
        PlaceKind::Region => 1,
        PlaceKind::District => 2,
        PlaceKind::Feature => 3,
        PlaceKind::Town => 4,
        PlaceKind::Village => 5,
    }
}

impl Located<'_> {
    fn of_kind(&self, kind: PlaceKind) -> Option<&Place> {
        std::iter::once(self.place).chain(self.ancestors.iter().copied()).find(|p| p.kind == kind)
    }

    /// ACLED's geo_precision: 1 the named town itself, 2 a part of a region
    /// (a district or a feature), 3 only a large region is known.
    fn geo_precision(&self) -> u8 {
        match self.place.kind {
            PlaceKind::Town | PlaceKind::Village if !self.place.approximate => 1,
            PlaceKind::Town | PlaceKind::Village | PlaceKind::District | PlaceKind::Feature => 2,
            PlaceKind::Region | PlaceKind::Country => 3,
        }
    }
}

/// ACLED's time_precision: 1 the day is known, 2 the week, 3 only the month or longer.
fn time_precision(p: Precision) -> u8 {
    match p {
        Precision::Day | Precision::PartOfDay | Precision::Hour | Precision::Minute | Precision::Second => 1,
        Precision::Week | Precision::PartOfMonth => 2,
        Precision::Month | Precision::PartOfYear | Precision::Year | Precision::Decade => 3,
    }
}

/// The day an event is dated to: the text's own time, else the day the
/// document was published (ACLED dates an event by its report when the
/// report gives no date), with the precision that date has.
fn event_date(event: &Event, published: Option<jiff::Timestamp>) -> Option<(jiff::civil::Date, u8)> {
    match &event.time {
        Some(t) => Some((jiff::tz::TimeZone::UTC.to_datetime(t.start).date(), time_precision(t.precision))),
        None => published.map(|p| (jiff::tz::TimeZone::UTC.to_datetime(p).date(), 2)),
    }
}

/// Every event with its document, documents loaded once each.
fn events_with_documents(store: &dyn Store) -> Result<Vec<(Event, std::rc::Rc<Document>)>, ExportError> {
    let mut docs: HashMap<String, std::rc::Rc<Document>> = HashMap::new();
    let mut out = Vec::new();
    for event in store.events(None)? {
        let doc = match docs.get(&event.doc) {
            Some(d) => d.clone(),
            None => {
                let d = std::rc::Rc::new(store.document(&event.doc)?);
                docs.insert(event.doc.clone(), d.clone());
                d
            }
        };
        out.push((event, doc));
    }
    Ok(out)
}

/// Events whose places resolve in the gazetteer, as GeoJSON points at the
/// finest place named; the rest are counted in `unlocated`.
pub fn events_geojson(store: &dyn Store, gazetteer: &Gazetteer) -> Result<Vec<u8>, ExportError> {
    let mut features = Vec::new();
    let mut unlocated = 0;
    for (event, doc) in events_with_documents(store)? {
        let Some(located) = locate(gazetteer, &event.places) else {
            unlocated += 1;
            continue;
        };
        let dto = EventDto::new(&event, &doc.text);
        let mut properties = serde_json::to_value(&dto)?;
        properties["location"] = json!(located.place.name);
        properties["place_id"] = json!(located.place.id);
        properties["approximate"] = json!(located.place.approximate);
        properties["outlet"] = json!(doc.outlet);
        features.push(json!({
            "type": "Feature",
            "id": event.id,
            "geometry": {"type": "Point", "coordinates": [located.place.lon, located.place.lat]},
            "properties": properties,
        }));
    }
    Ok(serde_json::to_vec(&json!({"type": "FeatureCollection", "features": features, "unlocated": unlocated}))?)
}

/// Fatalities in ACLED's sense: the killed figures stated with the event,
/// by their lower bound (ACLED records the most conservative report).
fn fatalities(event: &Event, claims: &HashMap<String, StoredClaim>) -> u64 {
    event
        .claims
        .iter()
        .filter_map(|id| claims.get(id))
        .filter(|c| c.claim.measure.as_deref() == Some("killed"))
        .filter_map(|c| c.claim.value.low)
        .map(|n| n.max(0.0) as u64)
        .sum()
}

/// Events in ACLED's columns, one row per event. Columns the text cannot
/// fill (ISO numeric codes, inter codes, the upload timestamp) stay empty.
pub fn events_acled_csv<W: Write>(store: &dyn Store, gazetteer: &Gazetteer, out: W) -> Result<W, ExportError> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(ACLED_COLUMNS)?;
    let mut claims_of_doc: HashMap<String, HashMap<String, StoredClaim>> = HashMap::new();
    for (row, (event, doc)) in events_with_documents(store)?.into_iter().enumerate() {
        if !claims_of_doc.contains_key(&event.doc) {
            let filter = ClaimFilter { doc: Some(event.doc.clone()), ..Default::default() };
            let claims = store.claims(&filter)?.into_iter().map(|c| (c.claim.id.clone(), c)).collect();
            claims_of_doc.insert(event.doc.clone(), claims);
        }
        let located = locate(gazetteer, &event.places);
        let name = |kind| located.as_ref().and_then(|l| l.of_kind(kind)).map(|p| p.name.clone()).unwrap_or_default();
        let (date, precision) = match event_date(&event, doc.published) {
            Some((d, p)) => (d.to_string(), p.to_string()),
            None => Default::default(),
        };
        let year = date.get(..4).unwrap_or("").to_string();
        let party = |p: &Option<contested_core::Party>| p.as_ref().map(|p| p.name.clone()).unwrap_or_default();
        // The source is who says it: the outlet, and the speaker it cites when that is someone else.
        let source = {
            let mut speakers: Vec<&str> = event.attribution.iter().map(|a| a.speaker.as_str()).collect();
            speakers.dedup();
            speakers.join("; ")
        };
        let sentence = doc.text.get(event.sentence_span.start..event.sentence_span.end).unwrap_or("");
        csv.write_record([
            (row + 1).to_string(),
            String::new(),
            event.id.clone(),
            String::new(),
            date,
            year,
            precision,
            event.event_type.as_str().to_string(),
            event.sub_event_type.as_str().to_string(),
            party(&event.actor1),
            String::new(),
            String::new(),
            party(&event.actor2),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            name(PlaceKind::Country),
            name(PlaceKind::Region),
            name(PlaceKind::District),
            String::new(),
            located.as_ref().map(|l| l.place.name.clone()).unwrap_or_else(|| {
                event.places.first().map(|p| p.name.clone()).unwrap_or_default()
            }),
            located.as_ref().map(|l| format!("{:.4}", l.place.lat)).unwrap_or_default(),
            located.as_ref().map(|l| format!("{:.4}", l.place.lon)).unwrap_or_default(),
            located.as_ref().map(|l| l.geo_precision().to_string()).unwrap_or_default(),
            source,
            String::new(),
            sentence.split_whitespace().collect::<Vec<_>>().join(" "),
            fatalities(&event, &claims_of_doc[&event.doc]).to_string(),
            String::new(),
            String::new(),
        ])?;
    }
    csv.into_inner().map_err(|e| ExportError::Io(e.into_error()))
}

/// What each review says: never true or false, only that another source
/// reports a figure the first cannot share.
pub const CONTRADICTED: &str = "Contradicted by another source";

fn figure_text(s: &contested_core::SourceFigure) -> String {
    let unit = s.unit.as_str();
    match (s.low, s.high) {
        (Some(l), Some(h)) if l == h => format!("{l} {unit}"),
        (Some(l), Some(h)) => format!("{l}–{h} {unit}"),
        (Some(l), None) => format!("at least {l} {unit}"),
        (None, Some(h)) => format!("at most {h} {unit}"),
        (None, None) => format!("an open figure in {unit}"),
    }
}

/// One schema.org ClaimReview per contradiction: the claim reviewed is the
/// first source's figure, the review cites the other's and the ratio, and
/// its rating is textual only.
pub fn claimreview_jsonld(store: &dyn Store, base_url: &str) -> Result<Vec<u8>, ExportError> {
    let filter = FindingFilter { kind: Some("contradiction".to_string()), ..Default::default() };
    let mut reviews = Vec::new();
    let mut docs: HashMap<String, Document> = HashMap::new();
    for finding in store.findings(&filter)? {
        let mut appearances = Vec::new();
        for e in &finding.evidence {
            if !docs.contains_key(&e.doc) {
                docs.insert(e.doc.clone(), store.document(&e.doc)?);
            }
            let doc = &docs[&e.doc];
            appearances.push(json!({
                "@type": "CreativeWork",
                "url": doc.url.clone().unwrap_or_else(|| format!("{base_url}/documents/{}?hl={}-{}", e.doc, e.span.start, e.span.end)),
                "headline": doc.title,
                "publisher": doc.outlet.as_ref().map(|o| json!({"@type": "Organization", "name": o})),
                "author": {"@type": "Organization", "name": e.source},
                "text": doc.text.get(e.sentence_span.start..e.sentence_span.end).unwrap_or(""),
                "datePublished": doc.published.map(|p| p.to_string()),
            }));
        }
        let ratio = finding.figures.iter().find(|(name, _)| name == "ratio").map(|(_, v)| *v);
        let first = finding.sources.first();
        reviews.push(json!({
            "@type": "ClaimReview",
            "@id": format!("{base_url}/findings#finding-{}", finding.id),
            "url": format!("{base_url}/findings#finding-{}", finding.id),
            "claimReviewed": first.map(|s| format!("{}: {}", s.source, figure_text(s))).unwrap_or_else(|| finding.summary.clone()),
            "reviewBody": finding.explanation,
            "author": {"@type": "Organization", "name": "contested"},
            "itemReviewed": {
                "@type": "Claim",
                "author": first.map(|s| json!({"@type": "Organization", "name": s.source})),
                "appearance": appearances,
            },
            "reviewRating": {"@type": "Rating", "alternateName": CONTRADICTED},
            "contested:sources": finding.sources.iter().map(|s| json!({"source": s.source, "figure": figure_text(s), "claims": s.claims})).collect::<Vec<_>>(),
            "contested:ratio": ratio,
        }));
    }
    Ok(serde_json::to_vec(&json!({"@context": "https://schema.org", "@graph": reviews}))?)
}
