//! The base map, compiled in: countries of the South Caucasus (Natural
//! Earth) and Azerbaijan's districts (geoBoundaries), projected once at start
//! into SVG paths. See `assets/geo/SOURCES.md` for provenance and licences.

use contested_extract::gazetteer::Gazetteer;
use contested_store::PlaceCount;
use serde_json::{json, Value};
use std::collections::HashMap;

const COUNTRIES: &str = include_str!("../assets/geo/countries.geojson");
const DISTRICTS: &str = include_str!("../assets/geo/districts.geojson");

/// The window drawn, in degrees: Armenia, Azerbaijan and their borders.
const LON_MIN: f64 = 43.3;
const LON_MAX: f64 = 51.0;
const LAT_MIN: f64 = 38.2;
const LAT_MAX: f64 = 42.1;
pub const WIDTH: f64 = 1000.0;

pub struct Shape {
    pub id: String,
    pub name: String,
    /// Lower-case name without "District"/"City"/"Rayon", for matching names as written.
    pub key: String,
    /// SVG path data in map pixels.
    pub path: String,
    /// Where to put a label or a marker.
    pub center: (f64, f64),
}

pub struct BaseMap {
    pub countries: Vec<Shape>,
    pub districts: Vec<Shape>,
    pub height: f64,
    districts_geojson: Value,
}

fn scale() -> f64 {
    let mid = ((LAT_MIN + LAT_MAX) / 2.0).to_radians();
    WIDTH / ((LON_MAX - LON_MIN) * mid.cos())
}

/// Equirectangular projection at the window's middle latitude: at this
/// scale it is indistinguishable from a conformal one and needs no library.
pub fn project(lon: f64, lat: f64) -> (f64, f64) {
    let mid = ((LAT_MIN + LAT_MAX) / 2.0).to_radians();
    ((lon - LON_MIN) * mid.cos() * scale(), (LAT_MAX - lat) * scale())
}

pub fn name_key(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    let mut key = lower.as_str();
    for suffix in [" district", " city", " rayon", " region"] {
        if let Some(stripped) = key.strip_suffix(suffix) {
            key = stripped;
        }
    }
    key.to_string()
}

fn shapes(geojson: &Value) -> Vec<Shape> {
    let mut out = Vec::new();
    for feature in geojson["features"].as_array().into_iter().flatten() {
        let name = feature["properties"]["name"].as_str().unwrap_or("").to_string();
        let id = feature["id"].as_str().unwrap_or(&name).to_string();
        let mut path = String::new();
        let (mut sx, mut sy, mut n) = (0.0, 0.0, 0.0);
        let mut largest = (0usize, (0.0, 0.0));
        for polygon in feature["geometry"]["coordinates"].as_array().into_iter().flatten() {
            for ring in polygon.as_array().into_iter().flatten() {
                let points: Vec<(f64, f64)> = ring
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|p| Some(project(p[0].as_f64()?, p[1].as_f64()?)))
                    .collect();
                if points.len() < 3 {
                    continue;
                }
                let (mut rx, mut ry) = (0.0, 0.0);
                for (i, (x, y)) in points.iter().enumerate() {
                    path.push_str(&format!("{}{:.1},{:.1}", if i == 0 { "M" } else { "L" }, x, y));
                    rx += x;
                    ry += y;
                }
                path.push('Z');
                let count = points.len() as f64;
                if points.len() > largest.0 {
                    largest = (points.len(), (rx / count, ry / count));
                }
                sx += rx;
                sy += ry;
                n += count;
            }
        }
        let center = if largest.0 > 0 { largest.1 } else if n > 0.0 { (sx / n, sy / n) } else { (0.0, 0.0) };
        out.push(Shape { key: name_key(&name), id, name, path, center });
    }
    out
}

impl BaseMap {
    pub fn load() -> BaseMap {
        let countries: Value = serde_json::from_str(COUNTRIES).expect("embedded countries.geojson is valid");
        let districts: Value = serde_json::from_str(DISTRICTS).expect("embedded districts.geojson is valid");
        BaseMap {
            countries: shapes(&countries),
            districts: shapes(&districts),
            height: project(LON_MIN, LAT_MIN).1,
            districts_geojson: districts,
        }
    }

    /// Claims per district id, matching a place by gazetteer id or by name.
    pub fn claim_counts(&self, places: &[PlaceCount]) -> HashMap<String, u64> {
        let mut counts = HashMap::new();
        for place in places {
            let key = name_key(&place.name);
            let district = self.districts.iter().find(|d| {
                place.place_id.as_deref() == Some(d.id.as_str()) || (!key.is_empty() && d.key == key)
            });
            if let Some(d) = district {
                *counts.entry(d.id.clone()).or_insert(0) += place.claims;
            }
        }
        counts
    }

    pub fn districts_geojson(&self, counts: &HashMap<String, u64>) -> Value {
        let mut collection = self.districts_geojson.clone();
        if let Some(features) = collection["features"].as_array_mut() {
            for f in features {
                let id = f["id"].as_str().unwrap_or("").to_string();
                f["properties"]["claims"] = json!(counts.get(&id).copied().unwrap_or(0));
                f["properties"]["kind"] = json!("district");
            }
        }
        collection["attribution"] = json!("geoBoundaries gbOpen AZE ADM2 (CC BY-SA 3.0; Runfola et al. 2020, Wikipedia)");
        collection
    }

    /// The district a place lies in: the district itself when the gazetteer
    /// id is its geoBoundaries shape (`gb:<shapeID>`), else the nearest
    /// enclosing district in the gazetteer, else one of the same name.
    pub fn district_of(&self, gazetteer: &Gazetteer, place_id: Option<&str>, name: &str) -> Option<&Shape> {
        let by_id = |id: &str| {
            let shape = id.strip_prefix("gb:").unwrap_or(id);
            self.districts.iter().find(|d| d.id == shape)
        };
        if let Some(id) = place_id {
            if let Some(d) = by_id(id) {
                return Some(d);
            }
            let enclosing = gazetteer.ancestors(id).into_iter().find_map(|p| by_id(&p.id));
            if enclosing.is_some() {
                return enclosing;
            }
            if let Some(place) = gazetteer.get(id) {
                let key = name_key(&place.name);
                if let Some(d) = self.districts.iter().find(|d| d.key == key) {
                    return Some(d);
                }
            }
        }
        let key = name_key(name);
        self.districts.iter().find(|d| !key.is_empty() && d.key == key)
    }
}
