use super::*;

const SHUSHA_DISTRICT: &str = "gb:AZE-ADM2-54616110B50193456";
const LACHIN_DISTRICT: &str = "gb:AZE-ADM2-54616110B64627190";
const KALBAJAR_DISTRICT: &str = "gb:AZE-ADM2-54616110B71777131";
const AGHDAM_DISTRICT: &str = "gb:AZE-ADM2-54616110B74307796";
const FUZULI_DISTRICT: &str = "gb:AZE-ADM2-54616110B70488291";
const JABRAYIL_DISTRICT: &str = "gb:AZE-ADM2-54616110B51569828";
const QUBADLI_DISTRICT: &str = "gb:AZE-ADM2-54616110B38588730";
const ZANGILAN_DISTRICT: &str = "gb:AZE-ADM2-54616110B35620946";

fn seeds() -> Vec<String> {
    let Some(dir) = contested_testkit::shared("seeds") else {
        return Vec::new();
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// Byte offsets of `word` in `text` where it stands as a whole word.
fn word_positions(text: &str, word: &str) -> Vec<usize> {
    text.match_indices(word)
        .map(|(i, _)| i)
        .filter(|&i| {
            let before = text[..i].chars().next_back();
            let after = text[i + word.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
        .collect()
}

fn match_at(matches: &[PlaceMatch], start: usize) -> &PlaceMatch {
    matches
        .iter()
        .find(|m| m.span.start == start)
        .unwrap_or_else(|| panic!("no match at byte {start}"))
}

#[test]
fn seeds_resolve_the_occupation_figures_to_districts() {
    let seeds = seeds();
    if seeds.is_empty() {
        return;
    }
    let g = Gazetteer::builtin();
    let expected = [
        ("Nagorno-Karabakh", "contested:nagorno-karabakh"),
        ("Shusha", SHUSHA_DISTRICT),
        ("Lachin", LACHIN_DISTRICT),
        ("Kalbajar", KALBAJAR_DISTRICT),
        ("Aghdam", AGHDAM_DISTRICT),
        ("Fizuli", FUZULI_DISTRICT),
        ("Jabrayil", JABRAYIL_DISTRICT),
        ("Gubadli", QUBADLI_DISTRICT),
        ("Zangilan", ZANGILAN_DISTRICT),
    ];
    for text in &seeds {
        let matches = g.find(text);
        for (name, id) in expected {
            let start = word_positions(text, name)[0];
            let m = match_at(&matches, start);
            assert_eq!(&text[m.span.start..m.span.end], name);
            assert_eq!(m.name, name);
            assert_eq!(m.place_id, id, "{name}");
            assert!(m.kind.is_areal(), "{name} resolved to a {:?}", m.kind);
            assert!(m.confidence > 0.5, "{name}: {}", m.confidence);
            let place = g.get(&m.place_id).unwrap();
            assert_eq!(place.country, "AZ");
            assert!(
                place.area_km2.is_some_and(|a| a > 100.0),
                "{name} has an area"
            );
        }
        // The districts come with their boundary; the region with its area.
        let shusha = g.get(SHUSHA_DISTRICT).unwrap();
        assert!(shusha
            .boundary
            .as_deref()
            .is_some_and(|b| b.contains("\"Polygon\"") || b.contains("MultiPolygon")));
    }
}

#[test]
fn seeds_resolve_agdere_fizuli_and_jabrail_districts() {
    let seeds = seeds();
    let Some(text) = seeds.iter().find(|t| t.contains("Agdere")) else {
        assert!(seeds.is_empty(), "a seed mentions Agdere");
        return;
    };
    let g = Gazetteer::builtin();
    let matches = g.find(text);
    let agdere = match_at(&matches, word_positions(text, "Agdere")[0]);
    assert_eq!(agdere.span.slice(text), "Agdere");
    assert_eq!(agdere.place_id, "contested:agdere-district");
    assert!(agdere
        .alternatives
        .iter()
        .any(|a| a.place_id == "contested:agdere-town"));
    // "in the Fizuli and Jabrail districts": the plural names both.
    let fizuli = *word_positions(text, "Fizuli").last().unwrap();
    assert_eq!(match_at(&matches, fizuli).place_id, FUZULI_DISTRICT);
    let jabrail = match_at(&matches, word_positions(text, "Jabrail")[0]);
    assert_eq!(jabrail.span.slice(text), "Jabrail");
    assert_eq!(jabrail.place_id, JABRAYIL_DISTRICT);
    assert!(
        jabrail
            .alternatives
            .iter()
            .any(|a| a.kind == PlaceKind::Town),
        "the town was considered"
    );
}

#[test]
fn seeds_find_every_mention_of_the_countries() {
    let seeds = seeds();
    let g = Gazetteer::builtin();
    let mut seen = 0;
    for text in &seeds {
        let matches = g.find(text);
        for (name, iso) in [("Azerbaijan", "AZ"), ("Armenia", "AM"), ("Russia", "RU")] {
            for start in word_positions(text, name) {
                let m = match_at(&matches, start);
                // "Azerbaijan's" is matched without the possessive.
                assert_eq!(m.span.slice(text), name);
                assert_eq!(m.kind, PlaceKind::Country);
                assert_eq!(g.get(&m.place_id).unwrap().country, iso);
                seen += 1;
            }
        }
        // Demonyms are actors, not places: "Azerbaijani", "Armenian" never match.
        for m in &matches {
            assert!(
                demonym_country(m.span.slice(text)).is_none(),
                "{:?}",
                m.name
            );
        }
    }
    if !seeds.is_empty() {
        assert!(seen >= 30, "only {seen} country mentions");
    }
}

#[test]
fn nothing_in_the_seeds_is_a_false_match() {
    // Every name found in the seeds is one a reader sees as a place: these
    // texts name no village and no person that shares a village's name.
    let g = Gazetteer::builtin();
    for text in seeds() {
        for m in g.find(&text) {
            let place = g.get(&m.place_id).unwrap();
            assert!(
                !matches!(place.kind, PlaceKind::Village | PlaceKind::Town),
                "{:?} at {:?} resolved to {} {}",
                m.name,
                m.span,
                place.id,
                place.name
            );
        }
    }
}

#[test]
fn spellings_with_diacritics_and_transliterations_meet() {
    let g = Gazetteer::builtin();
    let text =
        "Shelling hit Kəlbəcər and Füzuli, then Şuşa; Stepanakert and Khankendi are one town.";
    let matches = g.find(text);
    let names: Vec<&str> = matches.iter().map(|m| m.span.slice(text)).collect();
    assert_eq!(
        names,
        ["Kəlbəcər", "Füzuli", "Şuşa", "Stepanakert", "Khankendi"]
    );
    assert_eq!(matches[0].place_id, "geonames:586268");
    assert_eq!(matches[1].place_id, "geonames:148106");
    assert_eq!(matches[2].place_id, "geonames:147105");
    assert_eq!(matches[3].place_id, matches[4].place_id);
    // Datelines in capitals keep their big places; a shouted short word is no village.
    let text = "HOMS, Syria (Reuters) - IRAN and IRAQ said; MEGA SALE in BAR.";
    let found: Vec<&str> = g.find(text).iter().map(|m| m.span.slice(text)).collect();
    assert_eq!(found, ["HOMS", "Syria", "IRAN", "IRAQ"]);
    // A name at the very start or end of the text.
    assert_eq!(g.find("KELBAJAR")[0].place_id, "geonames:586268");
    assert_eq!(g.find("Aleppo")[0].span, contested_core::Span::new(0, 6));
    assert_eq!(g.find("Kelbajar district")[0].place_id, KALBAJAR_DISTRICT);
}

#[test]
fn common_words_and_person_names_are_not_places() {
    let g = Gazetteer::builtin();
    // Each of these words is also a name in the data (a village "Bar" in
    // Ukraine, "Tartar" in Azerbaijan, "Police" in Ukraine, "Ramadan" and
    // "New York" as alternate names of Ukrainian villages).
    let text = "The bar near the police station was shut during Ramadan; Police said a union of \
                tartar sellers from New York would sue us.";
    let found: Vec<&str> = g
        .find(text)
        .iter()
        .map(|m| &text[m.span.start..m.span.end])
        .collect();
    assert!(found.is_empty(), "{found:?}");
    // With a place word next to them they are places again.
    let text = "Shells fell on the town of Tartar, and on the village of Bar in Ukraine.";
    let matches = g.find(text);
    let found: Vec<&str> = matches.iter().map(|m| m.span.slice(text)).collect();
    assert_eq!(found, ["Tartar", "Bar", "Ukraine"]);
    assert_eq!(matches[0].place_id, "geonames:584871");
    assert_eq!(matches[1].kind, PlaceKind::Town);
    assert!(matches[1].confidence < 0.9);
    let district = g.find("Shells fell on the Tartar district.");
    assert_eq!(
        district[0]
            .span
            .slice("Shells fell on the Tartar district."),
        "Tartar district"
    );
    assert_eq!(district[0].kind, PlaceKind::District);
}

#[test]
fn context_decides_between_places_of_the_same_name() {
    let g = Gazetteer::builtin();
    // Martuni is a town in Armenia and the Armenian name of Khojavend in Azerbaijan.
    let armenian = g.find("Martuni lies in Armenia, east of Yerevan on Lake Sevan.");
    assert_eq!(g.get(&armenian[0].place_id).unwrap().country, "AM");
    let karabakh = g.find("Shelling was reported near Martuni and Hadrut in Nagorno-Karabakh.");
    assert_eq!(g.get(&karabakh[0].place_id).unwrap().country, "AZ");
    assert!(!karabakh[0].alternatives.is_empty());
}

#[test]
fn country_areas_are_those_of_geonames() {
    let path = contested_testkit::require_shared!("data/geo/geonames/countryInfo.txt");
    let g = Gazetteer::builtin();
    assert_eq!(g.country_area_km2("AZ"), Some(86600.0));
    assert_eq!(g.country_area_km2("am"), Some(29800.0));
    assert_eq!(g.country_area_km2("XX"), None);
    let info = std::fs::read_to_string(path).unwrap();
    let mut checked = 0;
    for line in info
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with('\u{feff}'))
    {
        let f: Vec<&str> = line.split('\t').collect();
        let (Some(iso), Some(area)) = (f.first(), f.get(6).and_then(|a| a.parse::<f64>().ok()))
        else {
            continue;
        };
        if let Some(ours) = g.country_area_km2(iso) {
            assert_eq!(ours, area, "{iso}");
            checked += 1;
        }
    }
    assert!(checked > 200, "{checked}");
}

/// Ray casting over the outer rings of a GeoJSON (Multi)Polygon.
fn geometry_contains(geometry: &str, lon: f64, lat: f64) -> bool {
    let value: serde_json::Value = serde_json::from_str(geometry).unwrap();
    let polygons: Vec<&serde_json::Value> = match value["type"].as_str().unwrap() {
        "Polygon" => vec![&value["coordinates"]],
        "MultiPolygon" => value["coordinates"].as_array().unwrap().iter().collect(),
        other => panic!("unexpected geometry {other}"),
    };
    polygons.iter().any(|polygon| {
        let ring: Vec<(f64, f64)> = polygon[0]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
            .collect();
        let mut inside = false;
        for (a, b) in ring.iter().zip(ring.iter().skip(1).chain(ring.first())) {
            if (a.1 > lat) != (b.1 > lat) && lon < a.0 + (lat - a.1) * (b.0 - a.0) / (b.1 - a.1) {
                inside = !inside;
            }
        }
        inside
    })
}

#[test]
fn district_boundaries_contain_their_towns() {
    let g = Gazetteer::builtin();
    let districts: Vec<&Place> = g
        .places()
        .iter()
        .filter(|p| p.id.starts_with("gb:"))
        .collect();
    assert_eq!(districts.len(), 78);
    assert!(districts
        .iter()
        .all(|d| d.boundary.is_some() && d.area_km2.is_some()));
    for (town, district) in [
        ("geonames:147625", LACHIN_DISTRICT),
        ("geonames:586268", KALBAJAR_DISTRICT),
        ("geonames:148106", FUZULI_DISTRICT),
        ("geonames:148141", JABRAYIL_DISTRICT),
        ("geonames:147305", QUBADLI_DISTRICT),
    ] {
        let town = g.get(town).unwrap();
        let district = g.get(district).unwrap();
        assert!(
            geometry_contains(district.boundary.as_deref().unwrap(), town.lon, town.lat),
            "{}",
            town.name
        );
        assert_eq!(town.parent.as_deref(), Some(district.id.as_str()));
    }
    // The simplified polygons miss some seats by a little: the town of
    // Shusha (a city with district status of its own), Zangilan on the border.
    for (town, district) in [
        ("geonames:147105", "Shusha City"),
        ("geonames:146901", "Zangilan District"),
    ] {
        let town = g.get(town).unwrap();
        let parent = g.get(town.parent.as_deref().unwrap()).unwrap();
        assert_eq!(parent.name, district);
        assert!(distance_km(town, parent) < 25.0, "{}", town.name);
    }
}

#[test]
fn fakes_locations_resolve_to_syrian_places() {
    let path = contested_testkit::require_shared!("data/corpus/fakes/FA-KES-Dataset.csv");
    let g = Gazetteer::builtin();
    // The corpus labels each article with the governorate it is about, in
    // its own spelling; these are the spellings the articles use for it.
    let spellings: &[(&str, &[&str])] = &[
        ("aleppo", &["aleppo", "halab"]),
        (
            "damascus",
            &["damascus", "rural damascus", "damascus countryside"],
        ),
        ("idlib", &["idlib", "idleb"]),
        (
            "deir ezzor",
            &[
                "deir ez zor",
                "deir ezzor",
                "deir ezour",
                "deir al zor",
                "deir al zour",
                "deir el zor",
            ],
        ),
        ("raqqa", &["raqqa", "raqqah"]),
        ("homs", &["homs"]),
        ("hasakeh", &["hasakeh", "hasaka", "hasakah", "hassakeh"]),
        ("hama", &["hama", "hamah"]),
        ("daraa", &["daraa", "deraa", "dara'a"]),
        ("lattakia", &["lattakia", "latakia"]),
        ("quneitra", &["quneitra"]),
        ("tartous", &["tartous", "tartus"]),
    ];
    let mut reader = csv::Reader::from_path(path).unwrap();
    let (mut articles, mut found, mut resolved) = (0, 0, 0);
    for record in reader.records() {
        let record = record.unwrap();
        let Some((_, names)) = spellings.iter().find(|(label, _)| *label == &record[5]) else {
            continue;
        };
        articles += 1;
        let text = format!("{}\n{}", &record[1], &record[2]);
        let hits: Vec<PlaceMatch> = g
            .find(&text)
            .into_iter()
            .filter(|m| names.contains(&fold::fold(&m.name).as_str()))
            .collect();
        if hits.is_empty() {
            continue;
        }
        found += 1;
        for m in &hits {
            let place = g.get(&m.place_id).unwrap();
            assert_eq!(
                place.country, "SY",
                "{:?} in article {} resolved to {}",
                m.name, &record[0], place.id
            );
            assert!(
                matches!(place.kind, PlaceKind::Town | PlaceKind::Region),
                "{:?}",
                place.kind
            );
        }
        resolved += 1;
    }
    assert!(articles > 700, "{articles}");
    // Some articles never name the place they are labelled with.
    assert!(
        found as f64 > 0.9 * articles as f64,
        "found {found} of {articles}"
    );
    assert_eq!(found, resolved);
}

#[test]
fn fakes_sentences_name_syrian_places() {
    let path = contested_testkit::require_shared!("data/corpus/fakes/FA-KES-Dataset.csv");
    let g = Gazetteer::builtin();
    let mut reader = csv::Reader::from_path(path).unwrap();
    let mut readings: HashMap<String, HashMap<String, usize>> = HashMap::new();
    let (mut cued, mut cued_right) = (0, 0);
    // A bare "Aleppo" is the city: the province is named as such.
    let (mut bare, mut bare_town) = (0, 0);
    for record in reader.records() {
        let record = record.unwrap();
        let text = &record[2];
        for m in g.find(text) {
            assert_eq!(m.span.slice(text), m.name);
            *readings
                .entry(m.name.clone())
                .or_default()
                .entry(m.place_id.clone())
                .or_default() += 1;
            // "Idlib province" is the governorate, "Aleppo city" the town.
            let next = text[m.span.end..]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_lowercase();
            let want = match next.trim_matches(|c: char| !c.is_alphabetic()) {
                "province" | "governorate" | "countryside" => Some(PlaceKind::Region),
                "city" => Some(PlaceKind::Town),
                _ => None,
            };
            let before = text[..m.span.start].trim_end().to_lowercase();
            let cue_before = [
                "province of",
                "governorate of",
                "countryside of",
                "city of",
                "district of",
            ]
            .iter()
            .any(|c| before.ends_with(c));
            if want.is_none()
                && !cue_before
                && ["Aleppo", "Idlib", "Homs", "Hama", "Damascus", "Daraa"]
                    .contains(&m.name.as_str())
            {
                bare += 1;
                bare_town += usize::from(m.kind == PlaceKind::Town);
            }
            if let Some(kind) = want {
                if g.get(&m.place_id).unwrap().country == "SY" && !m.alternatives.is_empty() {
                    cued += 1;
                    cued_right += usize::from(m.kind == kind);
                }
            }
        }
    }
    for (name, expected) in [
        ("Aleppo", "geonames:170063"),
        ("Damascus", "geonames:170654"),
        ("Idlib", "geonames:169389"),
        ("Homs", "geonames:169577"),
        ("Douma", "geonames:170592"),
        ("Palmyra", "geonames:163808"),
        ("Eastern Ghouta", "contested:eastern-ghouta"),
        ("Ghouta", "contested:eastern-ghouta"),
    ] {
        let counts = readings
            .get(name)
            .unwrap_or_else(|| panic!("{name} never found"));
        let (most, _) = counts.iter().max_by_key(|(_, &n)| n).unwrap();
        assert_eq!(most, expected, "{name}: {counts:?}");
    }
    assert!(cued > 50, "{cued}");
    assert!(
        cued_right as f64 >= 0.95 * cued as f64,
        "{cued_right} of {cued}"
    );
    assert!(bare > 1000, "{bare}");
    assert!(
        bare_town as f64 >= 0.95 * bare as f64,
        "{bare_town} of {bare}"
    );
}

#[test]
fn geonames_dump_round_trips() {
    let path = contested_testkit::require_shared!("data/geo/geonames/cities500_AZ_AM_GE_SY_UA.tsv");
    // Rewrite the shared extract (9 columns) in allCountries.txt's 19, as
    // GeoNames ships it, and read it back.
    let source = std::fs::read_to_string(path).unwrap();
    let mut dump = String::new();
    let mut rows = Vec::new();
    for line in source.lines().skip(1).filter(|l| l.contains("\tAZ\t")) {
        let f: Vec<&str> = line.split('\t').collect();
        let alternates = f[8].replace('|', ",");
        dump.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\tP\tPPL\t{}\t\t{}\t\t\t\t{}\t\t0\t{}\t2020-01-01\n",
            f[0], f[1], f[1], alternates, f[2], f[3], f[4], f[5], f[6], f[7]
        ));
        rows.push(f.iter().map(|s| s.to_string()).collect::<Vec<String>>());
    }
    let places = parse_geonames(std::io::Cursor::new(dump)).unwrap();
    assert_eq!(places.len(), rows.len());
    for (place, row) in places.iter().zip(&rows) {
        assert_eq!(place.id, format!("geonames:{}", row[0]));
        assert_eq!(place.name, row[1]);
        assert_eq!(place.lat, row[2].parse::<f64>().unwrap());
        assert_eq!(place.lon, row[3].parse::<f64>().unwrap());
        assert_eq!(place.country, "AZ");
        assert_eq!(
            place.parent.as_deref(),
            Some(format!("admin1:AZ.{}", row[5]).as_str())
        );
        let population: u64 = row[6].parse().unwrap_or(0);
        assert_eq!(
            place.kind,
            if population >= 5000 {
                PlaceKind::Town
            } else {
                PlaceKind::Village
            }
        );
    }
    let kalbajar = places.iter().find(|p| p.id == "geonames:586268").unwrap();
    assert!(kalbajar.alt_names.iter().any(|n| n == "Kəlbəcər"));
    assert!(!kalbajar
        .alt_names
        .iter()
        .any(|n| n.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))));
    // The parsed places work as a gazetteer of their own.
    let g = Gazetteer::with_extra(places);
    let text = "Residents returned to Kəlbəcər.";
    assert_eq!(g.find(text)[0].place_id, "geonames:586268");
    // A malformed line is reported with its number.
    let err = parse_geonames(std::io::Cursor::new(
        "1\tx\tx\t\tnorth\t47\tP\tPPL\tAZ\t\t01\t\t\t\t0\t\t\t\t\n",
    ))
    .unwrap_err();
    assert!(
        matches!(err, GazetteerError::Parse { line: 1, .. }),
        "{err}"
    );
}

#[test]
fn users_csv_places_round_trip_and_match() {
    let csv = "name,lat,lon,kind,country,alt_names\n\
               Madagiz Heights,40.2,46.7,feature,AZ,Madagiz heights|Mataghis Heights\n\
               Nerkin Hand,39.25,46.4,village,am,\n";
    let places = parse_places_csv(csv.as_bytes()).unwrap();
    assert_eq!(places.len(), 2);
    assert_eq!(places[0].id, "user:az:madagiz-heights");
    assert_eq!(places[0].kind, PlaceKind::Feature);
    assert_eq!(
        places[0].alt_names,
        ["Mataghis Heights"],
        "a spelling that folds to the name is not repeated"
    );
    assert_eq!(places[1].country, "AM");
    assert!(places[1].alt_names.is_empty());
    let g = Gazetteer::with_extra(places.clone());
    let text = "Fighting resumed near Mataghis Heights and in Nerkin Hand, Armenia.";
    let matches = g.find(text);
    let found: Vec<(&str, &str)> = matches
        .iter()
        .map(|m| (m.span.slice(text), m.place_id.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("Mataghis Heights", "user:az:madagiz-heights"),
            ("Nerkin Hand", "user:am:nerkin-hand"),
            ("Armenia", "geonames:174982")
        ]
    );
    assert_eq!(g.get("user:am:nerkin-hand"), Some(&places[1]));
    // The built-in gazetteer is untouched.
    assert!(Gazetteer::builtin().get("user:am:nerkin-hand").is_none());
    for bad in [
        "name,lat,lon,kind\nX,1,2,town\n",
        "name,lat,lon,kind,country\nX,north,2,town,AZ\n",
        "name,lat,lon,kind,country\nX,1,2,hamlet,AZ\n",
    ] {
        assert!(
            matches!(
                parse_places_csv(bad.as_bytes()),
                Err(GazetteerError::Parse { .. })
            ),
            "{bad}"
        );
    }
}

#[test]
fn supplement_places_are_marked_approximate_and_explained() {
    let g = Gazetteer::builtin();
    for id in [
        "contested:nagorno-karabakh",
        "contested:agdere-district",
        "contested:talysh",
        "contested:seysulan",
    ] {
        let place = g.get(id).unwrap();
        assert!(place.approximate, "{id}");
        assert!(place.note.as_deref().is_some_and(|n| n.len() > 20), "{id}");
    }
    let nk = g.get("contested:nagorno-karabakh").unwrap();
    for alias in ["Karabakh", "Artsakh", "NKR"] {
        let matches = g.find(&format!("Officials in {alias} said so."));
        assert_eq!(matches.len(), 1, "{alias}");
        assert_eq!(matches[0].place_id, nk.id, "{alias}");
    }
    // Acronyms only match as written.
    assert!(g.find("the nkr said").is_empty());
    let talysh = g.find("Armenian forces retreated from Talysh and Seysulan, Azerbaijan said.");
    let ids: Vec<&str> = talysh.iter().map(|m| m.place_id.as_str()).collect();
    assert_eq!(
        ids,
        ["contested:talysh", "contested:seysulan", "geonames:587116"]
    );
}
#[test]
fn first_names_surnames_and_longer_unknown_names_are_not_places() {
    let g = Gazetteer::builtin();
    // Volodymyr and Vladimir are old names of Volodymyr-Volynskyi, Nadiya and
    // Shevchenko are Ukrainian villages, Khan and Tal start longer Syrian names.
    let text = "In Ukraine, Vladimir Putin met Volodymyr Groysman while Nadiya Savchenko flew to Kiev. \
                A Ukrainian historian, Taras Shevchenko, agreed. Shevchenko said so. In Syria, rebels took \
                the village of Khan al-Assal and the town of Tal Rafaat near Aleppo.";
    let found: Vec<&str> = g.find(text).iter().map(|m| m.span.slice(text)).collect();
    assert_eq!(found, ["Ukraine", "Kiev", "Syria", "Aleppo"]);
    // A headline is title-cased: its capitals say nothing about names.
    let text = "Shelling Hits Madaya As Talks Stall\nThe Syrian town of Madaya was shelled.";
    let found: Vec<&str> = g.find(text).iter().map(|m| m.span.slice(text)).collect();
    assert_eq!(found, ["Madaya", "Madaya"]);
}
#[test]
fn wikipedia_karabakh_articles_resolve_to_karabakh() {
    let dir = contested_testkit::require_shared!("data/corpus/wikipedia_caucasus_2022");
    let g = Gazetteer::builtin();
    let mut by_name: HashMap<&str, HashMap<String, usize>> = HashMap::new();
    let mut total = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        // These files carry emoji flags and other multi-byte text next to names.
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for m in g.find(&text) {
            total += 1;
            assert_eq!(m.span.slice(&text), m.name);
            assert!(m.confidence > 0.0 && m.confidence <= 1.0);
            assert!(m.alternatives.iter().all(|a| a.place_id != m.place_id));
            assert!(m
                .alternatives
                .windows(2)
                .all(|w| w[0].confidence >= w[1].confidence));
            for name in ["Stepanakert", "Shushi", "Martuni", "Hadrut", "Lachin"] {
                if m.name == name {
                    let country = g.get(&m.place_id).unwrap().country.clone();
                    *by_name.entry(name).or_default().entry(country).or_default() += 1;
                }
            }
        }
    }
    assert!(total > 1000, "{total}");
    // Martuni is also a town in Armenia; in these articles it is the one in Karabakh.
    for (name, countries) in &by_name {
        let az = countries.get("AZ").copied().unwrap_or(0);
        let all: usize = countries.values().sum();
        assert!(az as f64 >= 0.9 * all as f64, "{name}: {countries:?}");
    }
    assert_eq!(by_name.len(), 5, "{by_name:?}");
}
#[test]
fn user_places_survive_a_csv_round_trip() {
    let g = Gazetteer::builtin();
    // Built-in places of every kind, written out and read back.
    let originals: Vec<Place> = [
        "contested:talysh",
        "geonames:586268",
        "geonames:587116",
        "admin1:SY.09",
        SHUSHA_DISTRICT,
        "geonames:584871",
    ]
    .iter()
    .map(|id| g.get(id).unwrap().clone())
    .collect();
    let mut csv = Vec::new();
    write_places_csv(&originals, &mut csv).unwrap();
    let back = parse_places(std::io::Cursor::new(&csv)).unwrap();
    assert_eq!(back.len(), originals.len());
    for (a, b) in originals.iter().zip(&back) {
        assert_eq!(a.id, b.id);
        assert_eq!(
            (&a.name, &a.alt_names, &a.cue_only_names),
            (&b.name, &b.alt_names, &b.cue_only_names),
            "{}",
            a.id
        );
        assert_eq!(
            (a.kind, &a.country, a.lat, a.lon),
            (b.kind, &b.country, b.lat, b.lon)
        );
        assert_eq!(
            (a.population, a.area_km2, &a.parent, a.approximate),
            (b.population, b.area_km2, &b.parent, b.approximate)
        );
        assert_eq!(a.note, b.note);
    }
    // Tartar keeps its common-word mark through the file.
    assert!(back[5].cue_only_names.iter().any(|n| n == "Tartar"));
    // The same reader takes a GeoNames dump.
    let dump = "585220\tQusar\tQusar\tKusary,Qusar\t41.42668\t48.43455\tP\tPPLA\tAZ\t\t44\t\t\t\t16022\t\t0\tAsia/Baku\t2020-01-01\n";
    let places = parse_places(std::io::Cursor::new(dump)).unwrap();
    assert_eq!(places[0].id, "geonames:585220");
    assert_eq!(places[0].alt_names, ["Kusary"]);
}

#[test]
fn uncertain_readings_come_with_a_diagnostic() {
    let g = Gazetteer::builtin();
    // Nothing says which Martuni: the Armenian town or Khojavend in Karabakh.
    let text = "Shelling was reported in Martuni.";
    let (matches, diagnostics) = g.find_with_diagnostics(text);
    assert_eq!(matches.len(), 1);
    assert!(
        matches[0].confidence < AMBIGUOUS_BELOW,
        "{}",
        matches[0].confidence
    );
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].span, Some(matches[0].span));
    assert!(
        diagnostics[0].message.contains("Martuni"),
        "{}",
        diagnostics[0].message
    );
    let mention = matches[0].to_mention();
    assert_eq!(mention.span.slice(text), "Martuni");
    assert_eq!(
        mention.place_id.as_deref(),
        Some(matches[0].place_id.as_str())
    );
    // A clear text raises nothing.
    let (_, diagnostics) = g.find_with_diagnostics("Azerbaijan and Armenia agreed.");
    assert!(diagnostics.is_empty());
}
#[test]
fn ruwa_ukraine_war_headlines_name_ukrainian_places() {
    use std::io::Read;
    let path = contested_testkit::require_shared!("data/corpus/ruwa/RUWA_01.08.23.csv.zip");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut csv_text = String::new();
    archive
        .by_name("RUWA_04.08.23.csv")
        .unwrap()
        .read_to_string(&mut csv_text)
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (title, desc) = (column("title"), column("desc"));
    let g = Gazetteer::builtin();
    let mut counts: HashMap<String, usize> = HashMap::new();
    let (mut places, mut in_ukraine) = (0, 0);
    for record in reader.records() {
        let record = record.unwrap();
        let text = format!("{}\n{}", &record[title], &record[desc]);
        for m in g.find(&text) {
            assert_eq!(m.span.slice(&text), m.name);
            let place = g.get(&m.place_id).unwrap();
            // The Azov regiment and sea, Zelensky's and Putin's first names,
            // Russia's Duma: none of them is a settlement.
            assert!(
                !["Azov", "Volodymyr", "Vladimir", "Duma"].contains(&m.name.as_str()),
                "{:?} read as {} in {text:?}",
                m.name,
                place.id
            );
            if place.kind != PlaceKind::Country {
                places += 1;
                in_ukraine += usize::from(place.country == "UA");
                *counts
                    .entry(format!("{} {}", m.name, place.country))
                    .or_default() += 1;
            }
        }
    }
    for name in [
        "Mariupol UA",
        "Bucha UA",
        "Kramatorsk UA",
        "Bakhmut UA",
        "Kherson UA",
        "Zaporizhzhia UA",
        "Crimea UA",
    ] {
        assert!(
            counts.get(name).copied().unwrap_or(0) > 100,
            "{name}: {:?}",
            counts.get(name)
        );
    }
    assert!(places > 10_000, "{places}");
    assert!(
        in_ukraine as f64 > 0.99 * places as f64,
        "{in_ukraine} of {places}"
    );
}
#[test]
fn places_know_what_encloses_them() {
    let g = Gazetteer::builtin();
    let chain: Vec<&str> = g
        .ancestors("contested:talysh")
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(
        chain,
        [
            "contested:agdere-district",
            "contested:nagorno-karabakh",
            "geonames:587116"
        ]
    );
    let chain: Vec<&str> = g
        .ancestors("geonames:586268")
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(chain, [KALBAJAR_DISTRICT, "geonames:587116"]);
    // Aleppo the city lies in Aleppo province, in Syria.
    let chain: Vec<&str> = g
        .ancestors("geonames:170063")
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(chain, ["admin1:SY.09", "geonames:163843"]);
    assert!(g.ancestors("geonames:587116").is_empty());
    assert!(g.ancestors("no:such").is_empty());
}
use proptest::strategy::Strategy as _;

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Whatever the text (names glued to marks, emoji, decomposed letters,
    /// punctuation), find never panics and every span is the name on
    /// character boundaries.
    #[test]
    fn find_survives_any_text(
        parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::sample::select(vec![
                    "Aleppo", "Şuşa", "S\u{0327}us\u{0327}a", "Kəlbəcər", "Nagorno-Karabakh", "Azerbaijan's",
                    "U.S.", "NKR", "al-Bab", "Tartar", "district", "village of", "territory 289 km2", "\u{1F1E6}\u{1F1FF}",
                    "ß", "İ", "—", "\n", " ", ",", "'", "\u{0301}",
                ]).prop_map(str::to_string),
                "\\PC{0,6}",
            ],
            0..24,
        )
    ) {
        let text = parts.concat();
        for m in Gazetteer::builtin().find(&text) {
            proptest::prop_assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
            proptest::prop_assert!(m.span.start < m.span.end);
            proptest::prop_assert_eq!(m.span.slice(&text), m.name.as_str());
            proptest::prop_assert!(m.confidence > 0.0 && m.confidence <= 1.0);
        }
    }
}
