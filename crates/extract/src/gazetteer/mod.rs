//! A built-in gazetteer of the places conflict news names, and a matcher
//! that finds them in text and decides which place each name means.
//!
//! The data (crates/extract/data, see DATA.md there) covers every country,
//! the populated places, first-level regions and alternate spellings of
//! Azerbaijan, Armenia, Georgia, Syria and Ukraine, Azerbaijan's districts
//! with their boundaries, and a hand-written supplement for names news uses
//! that GeoNames lacks (Nagorno-Karabakh, Agdere, front-line villages).
//!
//! Vague places keep their vagueness: a district or region comes with its
//! area and, where we have it, its boundary; its `lat`/`lon` is only a
//! representative point, and `approximate` says so.
//!
//! ```
//! use contested_extract::gazetteer::{Gazetteer, PlaceKind};
//! let text = "Azerbaijani forces advanced in the Fizuli and Jabrail districts.";
//! let matches = Gazetteer::builtin().find(text);
//! assert_eq!(&text[matches[0].span.start..matches[0].span.end], "Fizuli");
//! assert_eq!(matches[0].kind, PlaceKind::District);
//! ```
//!
//! Call [`Gazetteer::find`] on a whole document rather than sentence by
//! sentence: the other names in the text are the context that decides
//! between places of the same name. Matching: the text and every name are
//! folded (case, diacritics, hyphens, "ə" → "e"), searched with one
//! Aho-Corasick automaton at word starts, and the longest name at the
//! leftmost position wins. Names that are common English words, first names
//! or the first word of a longer unknown name, and small places in countries
//! nothing else in the text points to, are dropped; what remains is scored by
//! kind and size, the countries the text names (also by demonym), places
//! nearby, and place words ("district", "village of", "territory 289 km2").

mod demonyms;
mod fold;
mod load;
mod resolve;

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use contested_core::{Diagnostic, PlaceMention, Span};

pub use demonyms::demonym_country;
pub use load::{parse_geonames, parse_places, parse_places_csv, write_places_csv};

/// What sort of place a name refers to, coarsest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlaceKind {
    Country,
    /// A first-level unit (oblast, governorate, province) or a named area
    /// without an administration of its own (Nagorno-Karabakh, Eastern Ghouta).
    Region,
    /// A second-level unit: Azerbaijan's rayons and cities with district status.
    District,
    Town,
    Village,
    /// Hills, rivers, lines: anything that is not a settlement or a unit.
    Feature,
}

impl PlaceKind {
    pub const ALL: [PlaceKind; 6] = [
        PlaceKind::Country,
        PlaceKind::Region,
        PlaceKind::District,
        PlaceKind::Town,
        PlaceKind::Village,
        PlaceKind::Feature,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            PlaceKind::Country => "country",
            PlaceKind::Region => "region",
            PlaceKind::District => "district",
            PlaceKind::Town => "town",
            PlaceKind::Village => "village",
            PlaceKind::Feature => "feature",
        }
    }

    pub fn parse(s: &str) -> Option<PlaceKind> {
        PlaceKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the place is an area rather than a settlement.
    pub fn is_areal(&self) -> bool {
        matches!(
            self,
            PlaceKind::Country | PlaceKind::Region | PlaceKind::District
        )
    }
}

/// One place of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// `geonames:587084`, `gb:AZE-ADM2-…` (geoBoundaries), `admin1:SY.09`
    /// (GeoNames admin-1 code), `contested:nagorno-karabakh` (our
    /// supplement) or `user:<cc>:<name>` (a user's CSV).
    pub id: String,
    /// The preferred name.
    pub name: String,
    /// Other spellings and transliterations that are matched anywhere.
    pub alt_names: Vec<String>,
    /// Names that are also common English words ("Bar", "Tartar"): matched
    /// only next to a place word ("Tartar district", "the village of Bar").
    pub cue_only_names: Vec<String>,
    pub kind: PlaceKind,
    /// ISO 3166-1 alpha-2 code of the country the place is in (for a
    /// disputed place, the internationally recognised one).
    pub country: String,
    /// A representative point; for areas only that (see `approximate`).
    pub lat: f64,
    pub lon: f64,
    /// The point is rough: an area's centroid or a position from general
    /// knowledge, not a surveyed location.
    pub approximate: bool,
    pub population: Option<u64>,
    pub area_km2: Option<f64>,
    /// Id of the enclosing place (district, region or country).
    pub parent: Option<String>,
    /// ISO 3166-2 code (`AZ-KAL`) or GeoNames admin-1 code (`SY.09`).
    pub admin_code: Option<String>,
    /// The boundary as a GeoJSON geometry object (Polygon or MultiPolygon).
    pub boundary: Option<String>,
    /// What the place is and what the name resolves to, where that is not obvious.
    pub note: Option<String>,
    /// Checked by hand for news use (our supplement, a user's own file):
    /// matched even when nothing else in the text points to its country.
    pub curated: bool,
}

impl Place {
    /// Every name the place may be matched by, preferred name first.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.alt_names.iter().map(String::as_str))
            .chain(self.cue_only_names.iter().map(String::as_str))
    }

    fn add_name(&mut self, name: String, cue_only: bool) {
        let key = fold::fold(&name);
        if cue_only {
            // Our supplement may demote a spelling to needing a place word.
            self.alt_names.retain(|n| !fold::folds_to(n, &key));
        }
        if fold::folds_to(&self.name, &key) && !cue_only {
            // Adding a name as plainly matchable lifts a common-word mark.
            self.cue_only_names.retain(|n| !fold::folds_to(n, &key));
            return;
        }
        if self.alt_names.iter().any(|n| fold::folds_to(n, &key)) {
            return;
        }
        if cue_only {
            if !self.cue_only_names.iter().any(|n| fold::folds_to(n, &key)) {
                self.cue_only_names.push(name);
            }
        } else {
            self.cue_only_names.retain(|n| !fold::folds_to(n, &key));
            self.alt_names.push(name);
        }
    }
}

/// Another reading of a matched name that was considered and scored lower.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub place_id: String,
    pub kind: PlaceKind,
    /// Share of the evidence for this reading, as `PlaceMatch::confidence`.
    pub confidence: f64,
}

/// A place name found in text and the place it was resolved to.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMatch {
    /// The name's bytes in the text (without a possessive "'s").
    pub span: Span,
    /// The name as written.
    pub name: String,
    pub place_id: String,
    pub kind: PlaceKind,
    /// The other places this name could mean, best first.
    pub alternatives: Vec<Candidate>,
    /// How much of the evidence favours `place_id` over the alternatives,
    /// in (0, 1]; lower for names that are also common words.
    pub confidence: f64,
}

impl PlaceMatch {
    /// The mention as the claim types carry it.
    pub fn to_mention(&self) -> PlaceMention {
        PlaceMention {
            span: self.span,
            name: self.name.clone(),
            place_id: Some(self.place_id.clone()),
        }
    }
}

/// Below this confidence a match gets a diagnostic: the name has another
/// reading nearly as likely.
pub const AMBIGUOUS_BELOW: f64 = 0.6;

/// Errors reading user-supplied place files.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("reading places: {0}")]
    Io(#[from] std::io::Error),
    #[error("line {line}: {message}")]
    Parse { line: usize, message: String },
}

impl GazetteerError {
    fn parse(line: usize, message: impl Into<String>) -> GazetteerError {
        GazetteerError::Parse {
            line,
            message: message.into(),
        }
    }
}

/// How a name is matched for one place.
#[derive(Debug, Clone, Copy)]
struct NameEntry {
    place: usize,
    /// Matched only next to a place word.
    cue_only: bool,
    /// An acronym ("NKR", "US"): matched only as written, case and all.
    acronym: bool,
    /// The place's preferred name (rather than an alternate spelling).
    preferred: bool,
    /// The name as stored starts with a capital; a lowercase occurrence in
    /// text is then a common word, not this name.
    capitalised: bool,
}

/// The places and an automaton over all their folded names.
pub struct Gazetteer {
    places: Vec<Place>,
    by_id: HashMap<String, usize>,
    country_by_iso: HashMap<String, usize>,
    automaton: AhoCorasick,
    /// For each automaton pattern, the places that bear that name.
    entries: Vec<Vec<NameEntry>>,
    /// Acronym patterns in their written form, by pattern index.
    acronyms: HashMap<usize, Vec<String>>,
    /// Folded name to pattern index.
    pattern_index: HashMap<String, usize>,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("places", &self.places.len())
            .field("names", &self.entries.len())
            .finish()
    }
}

impl Gazetteer {
    /// The built-in gazetteer, parsed from the compiled-in data on first use.
    pub fn builtin() -> &'static Gazetteer {
        static BUILTIN: OnceLock<Gazetteer> = OnceLock::new();
        BUILTIN.get_or_init(|| Gazetteer::from_places(load::builtin_places()))
    }

    /// The built-in places plus `places`; a user place with the id of a
    /// built-in one replaces it. Builds a new automaton (about as long as
    /// [`builtin`](Self::builtin) takes the first time): build once per run.
    pub fn with_extra(places: Vec<Place>) -> Gazetteer {
        let mut all = Gazetteer::builtin().places.clone();
        let mut index: HashMap<String, usize> = all
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        for place in places {
            match index.get(&place.id) {
                Some(&i) => all[i] = place,
                None => {
                    index.insert(place.id.clone(), all.len());
                    all.push(place);
                }
            }
        }
        Gazetteer::from_places(all)
    }

    fn from_places(places: Vec<Place>) -> Gazetteer {
        let mut pattern_index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut entries: Vec<Vec<NameEntry>> = Vec::new();
        let mut acronyms: HashMap<usize, Vec<String>> = HashMap::new();
        for (place_index, place) in places.iter().enumerate() {
            let names = std::iter::once((place.name.as_str(), true, false))
                .chain(place.alt_names.iter().map(|n| (n.as_str(), false, false)))
                .chain(
                    place
                        .cue_only_names
                        .iter()
                        .map(|n| (n.as_str(), false, true)),
                );
            let mut seen: Vec<usize> = Vec::new();
            for (name, preferred, cue_only) in names {
                let key = fold::fold(name.trim());
                // "Kazakh" is an old spelling of Gazakh, but in news it is an adjective.
                if key.trim().is_empty() || (!preferred && demonym_country(name).is_some()) {
                    continue;
                }
                let short_alternate = !preferred
                    && !is_acronym(name)
                    && key.chars().filter(|c| c.is_alphabetic()).count() <= 3;
                // A spelling the supplement demoted demotes the preferred name
                // that folds the same ("Duma" and "Dūmā").
                let demoted =
                    preferred && place.cue_only_names.iter().any(|n| fold::folds_to(n, &key));
                let pattern = *pattern_index.entry(key.clone()).or_insert_with(|| {
                    patterns.push(key);
                    entries.push(Vec::new());
                    patterns.len() - 1
                });
                let acronym = is_acronym(name);
                if acronym {
                    acronyms.entry(pattern).or_default().push(name.to_string());
                }
                // Very short alternate spellings ("Tal" for At Tall, "Bab" for
                // al-Bab) are mostly the first word of a longer name we lack.
                let cue_only = cue_only || short_alternate || demoted;
                if seen.contains(&pattern) {
                    // The same folded name twice (Şuşa and Susa): keep the
                    // more permissive reading.
                    if let Some(e) = entries[pattern].iter_mut().find(|e| e.place == place_index) {
                        e.cue_only &= cue_only;
                        e.acronym &= acronym;
                        e.preferred |= preferred;
                    }
                    continue;
                }
                seen.push(pattern);
                entries[pattern].push(NameEntry {
                    place: place_index,
                    cue_only,
                    acronym,
                    preferred,
                    capitalised: significant_initial(name).is_some_and(char::is_uppercase),
                });
            }
        }
        // Overlapping search reports every name at every position; the
        // leftmost-longest choice is made after word-boundary checks, so a
        // long name that ends inside a word cannot hide a shorter one that
        // does not.
        // Each name is searched with a space in front, in a text folded so
        // that every non-word character is a space: names then only match
        // where a word starts, which keeps the overlapping search from
        // reporting every name hidden inside a longer word.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(patterns.iter().map(|p| format!(" {p}")))
            .expect("gazetteer names fit the automaton");
        let by_id = places
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        let country_by_iso = places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind == PlaceKind::Country)
            .map(|(i, p)| (p.country.clone(), i))
            .collect();
        Gazetteer {
            places,
            by_id,
            country_by_iso,
            automaton,
            entries,
            acronyms,
            pattern_index,
        }
    }

    /// Every place, in no particular order.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    pub fn get(&self, id: &str) -> Option<&Place> {
        self.by_id.get(id).map(|&i| &self.places[i])
    }

    /// The enclosing places, nearest first: a village's district, its
    /// region or country. Stops at an id it does not know or at a loop.
    pub fn ancestors(&self, id: &str) -> Vec<&Place> {
        let mut chain: Vec<&Place> = Vec::new();
        let mut next = self.get(id).and_then(|p| p.parent.as_deref());
        while let Some(parent) = next.and_then(|id| self.get(id)) {
            if chain.iter().any(|p| p.id == parent.id) {
                break;
            }
            chain.push(parent);
            next = parent.parent.as_deref();
        }
        chain
    }

    /// The country with this ISO 3166-1 alpha-2 code.
    pub fn country(&self, iso2: &str) -> Option<&Place> {
        self.country_by_iso
            .get(&iso2.to_ascii_uppercase())
            .map(|&i| &self.places[i])
    }

    /// A country's area in km² (GeoNames countryInfo), for turning "20
    /// percent of Azerbaijan" into an area.
    pub fn country_area_km2(&self, iso2: &str) -> Option<f64> {
        self.country(iso2).and_then(|p| p.area_km2)
    }

    /// Finds place names in `text`: non-overlapping, the longest name at the
    /// leftmost position, each resolved to one place using the rest of the
    /// text (countries it mentions, places near the other names, "district"
    /// or "village" next to the name, an area stated for it).
    pub fn find(&self, text: &str) -> Vec<PlaceMatch> {
        resolve::find(self, text)
    }

    /// [`find`](Self::find), plus a diagnostic for each name whose reading
    /// is uncertain (confidence below [`AMBIGUOUS_BELOW`]), naming the
    /// runner-up, so that a reviewer can check it.
    pub fn find_with_diagnostics(&self, text: &str) -> (Vec<PlaceMatch>, Vec<Diagnostic>) {
        let matches = self.find(text);
        let diagnostics = matches
            .iter()
            .filter(|m| m.confidence < AMBIGUOUS_BELOW)
            .map(|m| {
                let runner_up = m
                    .alternatives
                    .first()
                    .map(|a| format!("; or {} ({:.2})", self.describe(&a.place_id), a.confidence))
                    .unwrap_or_default();
                Diagnostic::new(
                    "gazetteer",
                    Some(m.span),
                    format!(
                        "place name {:?} read as {} ({:.2}){runner_up}",
                        m.name,
                        self.describe(&m.place_id),
                        m.confidence
                    ),
                )
            })
            .collect();
        (matches, diagnostics)
    }

    /// "Martuni (town, AM)" for messages.
    fn describe(&self, id: &str) -> String {
        match self.get(id) {
            Some(p) => format!("{} ({}, {}, {})", p.name, p.kind.as_str(), p.country, p.id),
            None => id.to_string(),
        }
    }
}

/// Romanised Arabic articles that start place names ("al-Bab", "Deir ez-Zor").
const ARABIC_ARTICLES: [&str; 13] = [
    "al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "es", "ez", "ul",
];

/// The first letter that says whether a name is written as a name: after an
/// Arabic article, which news writes either way ("al-Bab", "Al Bab").
fn significant_initial(name: &str) -> Option<char> {
    let rest = name
        .split_once([' ', '-'])
        .filter(|(first, _)| {
            ARABIC_ARTICLES
                .iter()
                .any(|a| a.eq_ignore_ascii_case(first))
        })
        .map(|(_, rest)| rest)
        .unwrap_or(name);
    rest.chars().next()
}

/// "NKR", "US", "U.S.": all letters capitals, at least two of them.
fn is_acronym(name: &str) -> bool {
    // Counted rather than collected: this runs twice for every name while
    // the gazetteer is built.
    let mut letters = 0;
    let mut all_capitals = true;
    for c in name.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        all_capitals &= c.is_uppercase();
    }
    (2..=5).contains(&letters) && all_capitals && name.chars().all(|c| c.is_alphabetic() || c == '.')
}

/// Great-circle distance in km.
fn distance_km(a: &Place, b: &Place) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.lat.to_radians(),
        a.lon.to_radians(),
        b.lat.to_radians(),
        b.lon.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

#[cfg(test)]
mod tests;
