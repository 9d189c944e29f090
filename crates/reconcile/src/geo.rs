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
