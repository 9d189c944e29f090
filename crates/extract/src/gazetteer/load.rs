//! Reading places: the built-in tables, GeoNames dumps and users' CSV files.

use std::collections::HashMap;
use std::io::{BufRead, Read, Write};

use super::{GazetteerError, Place, PlaceKind};

const PLACES_TSV: &str = include_str!("../../data/places.tsv");
const SUPPLEMENT_TSV: &str = include_str!("../../data/supplement.tsv");
const BOUNDARIES_GEOJSON: &str = include_str!("../../data/boundaries.geojson");

/// The built-in places: the generated table, the hand-written supplement
/// merged into it, and the district boundaries attached.
pub(crate) fn builtin_places() -> Vec<Place> {
    // The data is compiled in and checked by the tests, so a parse failure
    // here is a build defect, not a runtime condition.
    let mut places: Vec<Place> = parse_table(PLACES_TSV, false)
        .expect("built-in places.tsv is well-formed")
        .into_iter()
        .map(|r| r.place)
        .collect();
    let mut index: HashMap<String, usize> = places
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.clone(), i))
        .collect();
    for row in parse_table(SUPPLEMENT_TSV, true).expect("built-in supplement.tsv is well-formed") {
        match (row.alias_only, index.get(&row.place.id)) {
            (true, Some(&i)) => {
                let target = &mut places[i];
                let adds_plain_names = !row.place.alt_names.is_empty();
                for name in row.place.alt_names {
                    target.add_name(name, false);
                }
                for name in row.place.cue_only_names {
                    target.add_name(name, true);
                }
                if adds_plain_names {
                    target.curated = true;
                }
                if row.place.note.is_some() {
                    target.note = row.place.note;
                }
                // GeoNames' figure for some Karabakh towns is the post-1994 one.
                if let Some(population) = row.place.population {
                    target.population = Some(population);
                    if target.kind == PlaceKind::Village && population >= TOWN_POPULATION {
                        target.kind = PlaceKind::Town;
                    }
                }
            }
            (true, None) => panic!("supplement alias for unknown id {}", row.place.id),
            (false, _) => {
                index.insert(row.place.id.clone(), places.len());
                places.push(row.place);
            }
        }
    }
    for (id, geometry) in boundaries() {
        if let Some(&i) = index.get(&id) {
            places[i].boundary = Some(geometry);
        }
    }
    places
}

fn boundaries() -> Vec<(String, String)> {
    let collection: serde_json::Value = serde_json::from_str(BOUNDARIES_GEOJSON)
        .expect("built-in boundaries.geojson is valid JSON");
    collection["features"]
        .as_array()
        .map(|features| {
            features
                .iter()
                .filter_map(|f| {
                    Some((
                        f["properties"]["id"].as_str()?.to_string(),
                        f["geometry"].to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

struct TableRow {
    place: Place,
    alias_only: bool,
}

// Our own table format (see DATA.md): tab-separated, `#` comments,
// `|`-separated names, first name primary, `!` marking common-word names.
fn parse_table(text: &str, with_note: bool) -> Result<Vec<TableRow>, GazetteerError> {
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let expected = if with_note { 12 } else { 11 };
        if fields.len() != expected {
            return Err(GazetteerError::parse(
                line_no,
                format!("expected {expected} fields, found {}", fields.len()),
            ));
        }
        let bad = |what: &str| GazetteerError::parse(line_no, format!("bad {what}"));
        let alias_only = fields[1] == "alias";
        let kind = if alias_only {
            PlaceKind::Feature
        } else {
            PlaceKind::parse(fields[1]).ok_or_else(|| bad("kind"))?
        };
        let number = |s: &str, what: &str| -> Result<Option<f64>, GazetteerError> {
            if s.is_empty() {
                Ok(None)
            } else {
                s.parse::<f64>().map(Some).map_err(|_| bad(what))
            }
        };
        let optional = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let mut place = Place {
            id: fields[0].to_string(),
            name: String::new(),
            alt_names: Vec::new(),
            cue_only_names: Vec::new(),
            kind,
            country: fields[2].to_string(),
            lat: number(fields[3], "latitude")?.unwrap_or(0.0),
            lon: number(fields[4], "longitude")?.unwrap_or(0.0),
            approximate: fields[9].contains('a'),
            population: number(fields[5], "population")?.map(|p| p as u64),
            area_km2: number(fields[6], "area")?,
            parent: optional(fields[7]),
            admin_code: optional(fields[8]),
            boundary: None,
            note: if with_note {
                optional(fields[11])
            } else {
                None
            },
            // Supplement rows are ours, checked for news use, unless flagged
            // `x`: a name that needs its country named elsewhere in the text.
            curated: with_note && !fields[9].contains('x'),
        };
        for (i, name) in fields[10].split('|').filter(|n| !n.is_empty()).enumerate() {
            let (name, cue_only) = match name.strip_prefix('!') {
                Some(rest) => (rest, true),
                None => (name, false),
            };
            if i == 0 && !alias_only {
                place.name = name.to_string();
                if cue_only {
                    place.cue_only_names.push(name.to_string());
                }
            } else {
                place.add_name(name.to_string(), cue_only);
            }
        }
        if place.name.is_empty() && !alias_only {
            return Err(bad("names (none given)"));
        }
        rows.push(TableRow { place, alias_only });
    }
    Ok(rows)
}

/// Reads a GeoNames dump in the `allCountries.txt` format (any country's
/// file, or the whole world): 19 tab-separated columns, alternate names
/// comma-separated. Feature classes map to kinds: `PCL*` country, `ADM1`
/// region, `ADM2`-`ADM5` district, `P` town (population 5,000 or more, or a
/// seat of government) or village, anything else a feature. Alternate names
/// are kept when they are written in Latin script and start with a capital,
/// as names in English news do.
pub fn parse_geonames(reader: impl BufRead) -> Result<Vec<Place>, GazetteerError> {
    let mut places = Vec::new();
    for (n, line) in reader.lines().enumerate() {
        let line = line?;
        let line_no = n + 1;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 15 {
            return Err(GazetteerError::parse(
                line_no,
                format!("expected 19 tab-separated fields, found {}", f.len()),
            ));
        }
        let bad = |what: &str| {
            GazetteerError::parse(
                line_no,
                format!("bad {what}: {:?}", line.get(..60).unwrap_or(&line)),
            )
        };
        let id: u64 = f[0].parse().map_err(|_| bad("geonameid"))?;
        let lat: f64 = f[4].parse().map_err(|_| bad("latitude"))?;
        let lon: f64 = f[5].parse().map_err(|_| bad("longitude"))?;
        let population: Option<u64> = f[14].parse().ok().filter(|&p| p > 0);
        let (class, code) = (f[6], f[7]);
        let kind = match (class, code) {
            ("A", c) if c.starts_with("PCL") => PlaceKind::Country,
            ("A", "ADM1") => PlaceKind::Region,
            ("A", c) if c.starts_with("ADM") => PlaceKind::District,
            ("P", c) if c.starts_with("PPLC") || c.starts_with("PPLA") => PlaceKind::Town,
            ("P", _) if population.unwrap_or(0) >= TOWN_POPULATION => PlaceKind::Town,
            ("P", _) => PlaceKind::Village,
            _ => PlaceKind::Feature,
        };
        let country = f[8].to_string();
        let admin1 = f[10];
        let mut place = Place {
            id: format!("geonames:{id}"),
            name: f[1].to_string(),
            alt_names: Vec::new(),
            cue_only_names: Vec::new(),
            kind,
            country: country.clone(),
            lat,
            lon,
            approximate: false,
            population,
            area_km2: None,
            parent: (!admin1.is_empty()
                && admin1 != "00"
                && kind != PlaceKind::Region
                && kind != PlaceKind::Country)
                .then(|| format!("admin1:{country}.{admin1}")),
            admin_code: (!admin1.is_empty()).then(|| format!("{country}.{admin1}")),
            boundary: None,
            note: None,
            curated: false,
        };
        if f[2] != f[1] && !f[2].is_empty() {
            place.add_name(f[2].to_string(), false);
        }
        for alt in f[3].split(',') {
            if usable_alternate_name(alt) {
                place.add_name(alt.to_string(), false);
            }
        }
        places.push(place);
    }
    Ok(places)
}

/// Same threshold as tools/build-gazetteer.py: GeoNames' populated places
/// from this size up are called towns.
const TOWN_POPULATION: u64 = 5000;

fn usable_alternate_name(name: &str) -> bool {
    let len = name.chars().count();
    (3..=40).contains(&len)
        && name.chars().next().is_some_and(char::is_uppercase)
        && !name.chars().any(|c| c.is_ascii_digit() || "()[]/,;".contains(c))
        && name.chars().all(|c| !c.is_alphabetic() || is_latin(c))
        // IATA and ICAO codes are not how news names a town.
        && !(len <= 4 && name.chars().all(|c| c.is_ascii_uppercase()))
}

fn is_latin(c: char) -> bool {
    matches!(c as u32, 0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x250..=0x2AF | 0x1E00..=0x1EFF)
}

/// Reads a user's CSV of places. A header row is required and names the
/// columns, in any order (case-insensitive):
///
/// `name,lat,lon,kind,country[,alt_names]`
///
/// - `kind` is one of country, region, district, town, village, feature;
/// - `country` is the ISO 3166-1 alpha-2 code;
/// - `alt_names` (optional) lists other spellings separated by `|`; a
///   spelling written `!Bar` is also a common English word and is matched
///   only next to a place word ("the village of Bar").
///
/// Optional columns, as [`write_places_csv`] writes them: `id`,
/// `population`, `area_km2`, `parent`, `approximate` (true/false), `note`.
/// Without an `id` a place gets `user:<country>:<name folded to lowercase
/// ASCII, hyphens for spaces>`, so adding the same file twice replaces, not
/// duplicates. Coordinates are taken as approximate unless `approximate`
/// says `false`.
pub fn parse_places_csv(reader: impl Read) -> Result<Vec<Place>, GazetteerError> {
    let mut csv = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(reader);
    let headers = csv
        .headers()
        .map_err(|e| GazetteerError::parse(1, e.to_string()))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let required = |name: &str| {
        column(name).ok_or_else(|| GazetteerError::parse(1, format!("missing column {name:?}")))
    };
    let (c_name, c_lat, c_lon, c_kind, c_country) = (
        required("name")?,
        required("lat")?,
        required("lon")?,
        required("kind")?,
        required("country")?,
    );
    let c_alt = column("alt_names");
    let (c_id, c_population, c_area, c_parent, c_approximate, c_note) = (
        column("id"),
        column("population"),
        column("area_km2"),
        column("parent"),
        column("approximate"),
        column("note"),
    );
    let mut places = Vec::new();
    for (n, record) in csv.records().enumerate() {
        let line_no = n + 2;
        let record = record.map_err(|e| GazetteerError::parse(line_no, e.to_string()))?;
        let field = |i: usize| record.get(i).unwrap_or("");
        let optional = |c: Option<usize>| c.map(field).filter(|v| !v.is_empty());
        let bad = |what: &str, value: &str| {
            GazetteerError::parse(line_no, format!("bad {what}: {value:?}"))
        };
        let name = field(c_name);
        if name.is_empty() {
            return Err(bad("name", name));
        }
        let lat: f64 = field(c_lat).parse().map_err(|_| bad("lat", field(c_lat)))?;
        let lon: f64 = field(c_lon).parse().map_err(|_| bad("lon", field(c_lon)))?;
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(bad("coordinates", &format!("{lat},{lon}")));
        }
        let kind = PlaceKind::parse(&field(c_kind).to_ascii_lowercase())
            .ok_or_else(|| bad("kind", field(c_kind)))?;
        let country = field(c_country).to_ascii_uppercase();
        if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(bad("country (ISO 3166-1 alpha-2)", field(c_country)));
        }
        let id = match optional(c_id) {
            Some(id) => id.to_string(),
            None => format!("user:{}:{}", country.to_ascii_lowercase(), slug(name)),
        };
        let population = optional(c_population)
            .map(|v| v.parse::<u64>().map_err(|_| bad("population", v)))
            .transpose()?;
        let area_km2 = optional(c_area)
            .map(|v| v.parse::<f64>().map_err(|_| bad("area_km2", v)))
            .transpose()?;
        let approximate = match optional(c_approximate)
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None | Some("true") | Some("yes") | Some("1") => true,
            Some("false") | Some("no") | Some("0") => false,
            Some(other) => return Err(bad("approximate (true or false)", other)),
        };
        let mut place = Place {
            id,
            name: name.to_string(),
            alt_names: Vec::new(),
            cue_only_names: Vec::new(),
            kind,
            country,
            lat,
            lon,
            approximate,
            population,
            area_km2,
            parent: optional(c_parent).map(str::to_string),
            admin_code: None,
            boundary: None,
            note: optional(c_note).map(str::to_string),
            curated: true,
        };
        if let Some(c) = c_alt {
            for alt in field(c).split('|').map(str::trim).filter(|a| !a.is_empty()) {
                match alt.strip_prefix('!') {
                    Some(word) => place.add_name(word.to_string(), true),
                    None => place.add_name(alt.to_string(), false),
                }
            }
        }
        places.push(place);
    }
    Ok(places)
}

/// `madagiz-heights` for "Madagiz Heights".
fn slug(name: &str) -> String {
    let folded = super::fold::fold(name);
    folded.split_whitespace().collect::<Vec<_>>().join("-")
}

/// Writes places in the CSV format [`parse_places_csv`] reads, every
/// optional column included, so that a user's places can be stored and read
/// back unchanged (boundaries and admin codes are not written).
pub fn write_places_csv(places: &[Place], writer: impl Write) -> Result<(), GazetteerError> {
    let mut csv = csv::Writer::from_writer(writer);
    let io = |e: csv::Error| GazetteerError::Io(std::io::Error::other(e));
    csv.write_record([
        "id",
        "name",
        "lat",
        "lon",
        "kind",
        "country",
        "alt_names",
        "population",
        "area_km2",
        "parent",
        "approximate",
        "note",
    ])
    .map_err(io)?;
    for place in places {
        let names: Vec<String> = place
            .alt_names
            .iter()
            .cloned()
            .chain(place.cue_only_names.iter().map(|n| format!("!{n}")))
            .collect();
        csv.write_record([
            place.id.as_str(),
            &place.name,
            &place.lat.to_string(),
            &place.lon.to_string(),
            place.kind.as_str(),
            &place.country,
            &names.join("|"),
            &place.population.map(|p| p.to_string()).unwrap_or_default(),
            &place.area_km2.map(|a| a.to_string()).unwrap_or_default(),
            place.parent.as_deref().unwrap_or(""),
            if place.approximate { "true" } else { "false" },
            place.note.as_deref().unwrap_or(""),
        ])
        .map_err(io)?;
    }
    csv.flush()?;
    Ok(())
}

/// Reads a file of places in either format `contested gazetteer add`
/// accepts: a GeoNames dump (tab-separated, numeric id first) or a CSV with
/// a header row (see [`parse_places_csv`]).
pub fn parse_places(mut reader: impl BufRead) -> Result<Vec<Place>, GazetteerError> {
    let first_line_is_geonames = {
        let buffer = reader.fill_buf()?;
        let first = buffer.split(|&b| b == b'\n').next().unwrap_or(&[]);
        let first_field = first.split(|&b| b == b'\t').next().unwrap_or(&[]);
        first.contains(&b'\t')
            && !first_field.is_empty()
            && first_field.iter().all(u8::is_ascii_digit)
    };
    if first_line_is_geonames {
        parse_geonames(reader)
    } else {
        parse_places_csv(reader)
    }
}
