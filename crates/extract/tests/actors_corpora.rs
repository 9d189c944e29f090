//! Actor ids hold across documents: the same actor, however a text names
//! it, gets one id. Checked on the seeds and on every FA-KES article, read
//! from ../shared at run time.

use std::collections::HashMap;

use contested_extract::{actors, ActorKind};

#[test]
fn the_seeds_name_the_same_actors_under_the_same_ids() {
    let mut per_seed: Vec<HashMap<String, Vec<String>>> = Vec::new();
    for name in ["000_62864c3d1b603cdf.txt", "001_74cce8bf547e5db9.txt"] {
        let Some(path) = contested_testkit::shared(&format!("seeds/{name}")) else {
            return;
        };
        let text = std::fs::read_to_string(path).expect("seed is readable");
        let mut by_id: HashMap<String, Vec<String>> = HashMap::new();
        for m in actors(&text) {
            by_id
                .entry(m.actor_id.clone())
                .or_default()
                .push(m.name.clone());
        }
        per_seed.push(by_id);
    }
    // One seed writes "Azerbaijani defense ministry", the other "Azerbaijan's Defense Ministry".
    for id in [
        "az.ministry_of_defence",
        "am.side",
        "am.armed_forces",
        "org:unsc",
        "az",
        "am",
    ] {
        assert!(
            per_seed.iter().all(|seed| seed.contains_key(id)),
            "{id} in both seeds: {per_seed:#?}"
        );
    }
    let spellings: Vec<&String> = per_seed
        .iter()
        .flat_map(|seed| &seed["az.ministry_of_defence"])
        .collect();
    assert!(
        spellings.iter().any(|n| n.contains("Azerbaijani"))
            && spellings.iter().any(|n| n.contains("Azerbaijan's"))
    );
    assert!(
        per_seed
            .iter()
            .all(|seed| !seed.keys().any(|id| id.starts_with("unknown."))),
        "every bare mention resolved"
    );
}

#[test]
fn every_fakes_spelling_of_the_observatory_and_the_syrian_army_shares_an_id() {
    let Some(path) = contested_testkit::shared("data/corpus/fakes/FA-KES-Dataset.csv") else {
        return;
    };
    let mut reader = csv::Reader::from_path(path).expect("FA-KES opens");
    let (mut observatory, mut army) = (0, 0);
    for row in reader.records() {
        let row = row.expect("row");
        let text = &row[2];
        for m in actors(text) {
            if m.name.contains("Observatory for Human Rights") || m.name == "SOHR" {
                observatory += 1;
                assert_eq!(m.actor_id, "org:sohr", "{} in {}", m.name, &row[0]);
            }
            let lower = m.name.to_lowercase();
            // (The Free Syrian Army is a rebel group, not the state's army.)
            let state_army = lower.ends_with("syrian army") || lower.ends_with("syrian arab army");
            if state_army && !lower.contains("free syrian") {
                army += 1;
                assert_eq!(
                    (m.actor_id.as_str(), m.kind),
                    ("sy.armed_forces", ActorKind::ArmedForces),
                    "{} in {}",
                    m.name,
                    &row[0]
                );
            }
            assert!(
                !m.actor_id.is_empty() && m.actor_id == m.actor_id.to_lowercase(),
                "ids are lowercase: {}",
                m.actor_id
            );
        }
    }
    assert!(observatory > 100, "{observatory} Observatory mentions");
    assert!(army > 20, "{army} Syrian army mentions");
}
