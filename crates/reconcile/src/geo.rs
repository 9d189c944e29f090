//! What reconciliation needs to know about places, and a table-backed
//! implementation the caller fills from its gazetteer.

use std::collections::HashMap;

/// Place knowledge reconciliation relies on. Implemented by the caller over
/// its gazetteer; reconciliation itself does no IO.
pub trait Geography {
    /// Area of a country in km² (GeoNames countryInfo), by ISO 3166 alpha-2.
    fn country_area_km2(&self, iso2: &str) -> Option<f64>;
    /// Whether `inner_place_id` lies inside `outer_place_id` (a place does not
    /// contain itself).
    fn contains(&self, outer_place_id: &str, inner_place_id: &str) -> bool;
    /// ISO 3166 alpha-2 code of the country a place lies in.
    fn country_of(&self, place_id: &str) -> Option<String>;
    /// The place's preferred name, for explanations.
    fn name(&self, place_id: &str) -> Option<String>;
    /// The next larger unit the place lies in. Used to find, among many open
    /// groups, the few a claim's place can join without comparing it with
    /// all of them; without it, places join only groups of the same place.
    fn parent(&self, _place_id: &str) -> Option<String> {
        None
    }
}

/// One row of a [`TableGeography`].
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceRow {
    pub id: String,
    pub name: String,
    /// ISO2 of the country the place lies in.
    pub country: Option<String>,
    /// The next larger unit, as the gazetteer records it.
    pub parent: Option<String>,
}

/// A [`Geography`] over plain tables: places with their parents, country
/// areas, and containments the parent chain does not express (a historical
/// region whose districts today belong to other units).
#[derive(Debug, Clone, Default)]
pub struct TableGeography {
    places: HashMap<String, PlaceRow>,
    country_areas: HashMap<String, f64>,
    /// Extra containments, by the inner place.
    containers_of: HashMap<String, Vec<String>>,
}

impl TableGeography {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add_place(&mut self, row: PlaceRow) -> &mut Self {
        self.places.insert(row.id.clone(), row);
        self
    }

    pub fn add_country_area(&mut self, iso2: &str, km2: f64) -> &mut Self {
        self.country_areas.insert(iso2.to_string(), km2);
        self
    }

    /// Adds the rows of a gazetteer table in the format of
    /// `crates/extract/data/places.tsv` and `supplement.tsv` (tab-separated
    /// `id, kind, country, lat, lon, population, area_km2, parent,
    /// admin_code, flags, names…`; `#` comments; `alias` rows skipped).
    /// Country rows also give the country's area. Returns the rows read.
    pub fn add_gazetteer_table(&mut self, tsv: &str) -> usize {
        let mut added = 0;
        for line in tsv.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 11 || cols[1] == "alias" {
                continue;
            }
            let name = cols[10].split('|').next().unwrap_or("").trim_start_matches('!').to_string();
            let country = (!cols[2].is_empty()).then(|| cols[2].to_string());
            if cols[1] == "country" {
                if let (Some(code), Ok(area)) = (&country, cols[6].parse::<f64>()) {
                    self.add_country_area(code, area);
                }
            }
            let parent = (!cols[7].is_empty()).then(|| cols[7].to_string());
            self.add_place(PlaceRow { id: cols[0].to_string(), name, country, parent });
            added += 1;
        }
        added
    }

    /// Records that `inner` lies inside `outer` whatever the parent chain says.
    pub fn add_containment(&mut self, outer: &str, inner: &str) -> &mut Self {
        let containers = self.containers_of.entry(inner.to_string()).or_default();
        if !containers.iter().any(|c| c == outer) {
            containers.push(outer.to_string());
        }
        self
    }
}

impl Geography for TableGeography {
    fn country_area_km2(&self, iso2: &str) -> Option<f64> {
        self.country_areas.get(iso2).copied()
    }

    fn contains(&self, outer: &str, inner: &str) -> bool {
        if outer == inner {
            return false;
        }
        // Walk up from the inner place through parents and extra containers.
        // Bounded so a cycle in user data cannot hang reconciliation.
        let mut stack: Vec<&str> = vec![inner];
        let mut steps = 0;
        while let Some(current) = stack.pop() {
            steps += 1;
            if steps > 64 {
                break;
            }
            if let Some(parent) = self.places.get(current).and_then(|row| row.parent.as_deref()) {
                if parent == outer {
                    return true;
                }
                stack.push(parent);
            }
            if let Some(containers) = self.containers_of.get(current) {
                for container in containers {
                    if container == outer {
                        return true;
                    }
                    stack.push(container);
                }
            }
        }
        false
    }

    fn country_of(&self, place_id: &str) -> Option<String> {
        self.places.get(place_id).and_then(|row| row.country.clone())
    }

    fn name(&self, place_id: &str) -> Option<String> {
        self.places.get(place_id).map(|row| row.name.clone())
    }

    fn parent(&self, place_id: &str) -> Option<String> {
        self.places.get(place_id).and_then(|row| row.parent.clone())
    }
}

/// Districts of Azerbaijan that lay wholly or largely inside the former
/// Nagorno-Karabakh Autonomous Oblast, by the gazetteer's geoBoundaries ids
/// (see crates/extract/data/DATA.md). The gazetteer's parent of these is
/// Azerbaijan itself, so a sum of "Nagorno-Karabakh" plus "Shusha" is only
/// seen as a double count with these containments added. General
/// knowledge (the NKAO comprised the Shusha, Askeran/Khojaly,
/// Martuni/Khojavend, Mardakert/Agdere and Hadrut districts).
pub const NAGORNO_KARABAKH_PARTS: &[(&str, &str)] = &[
    ("gb:AZE-ADM2-54616110B50193456", "Shusha District"),
    ("gb:AZE-ADM2-54616110B39808892", "Shusha City"),
    ("geonames:147105", "Shusha (town)"),
    ("gb:AZE-ADM2-54616110B630209", "Khojaly District"),
    ("gb:AZE-ADM2-54616110B37997880", "Khankendi City"),
    ("geonames:146970", "Stepanakert/Khankendi (town)"),
    ("contested:agdere-district", "Agdere (Mardakert) district"),
    ("contested:hadrut", "Hadrut"),
];

/// The gazetteer's id for Nagorno-Karabakh (crates/extract/data/supplement.tsv).
pub const NAGORNO_KARABAKH: &str = "contested:nagorno-karabakh";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gazetteer_rows_give_parents_countries_and_areas() {
        let table = "# comment\n\
geonames:587116\tcountry\tAZ\t40.1\t47.5\t1\t86600\t\tAZ\ta\tAzerbaijan\n\
gb:X\tdistrict\tAZ\t39.7\t46.6\t\t296.1\tgeonames:587116\tAZ-SUS\ta\tShusha District|Shusha\n\
gb:X\talias\t\t\t\t\t\t\t\t\tShushi\n";
        let mut geo = TableGeography::new();
        assert_eq!(geo.add_gazetteer_table(table), 2);
        assert_eq!(geo.country_area_km2("AZ"), Some(86_600.0));
        assert_eq!(geo.name("gb:X").as_deref(), Some("Shusha District"));
        assert!(geo.contains("geonames:587116", "gb:X"));
        assert!(!geo.contains("gb:X", "geonames:587116"));
        assert!(!geo.contains(NAGORNO_KARABAKH, "gb:X"));
        geo.add_containment(NAGORNO_KARABAKH, "gb:X");
        assert!(geo.contains(NAGORNO_KARABAKH, "gb:X"));
        assert_eq!(geo.parent("gb:X").as_deref(), Some("geonames:587116"));
    }
}
