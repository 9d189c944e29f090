//! Events on FA-KES articles (../shared/data/corpus/fakes), read at run time
//! and referenced by `unit_id`: airstrikes, shelling, car bombs, clashes and
//! captures get ACLED types, places and sources that a reader would give them.

use std::collections::HashMap;

use contested_core::{ControlKind, ControlRecord, Document, Event, EventType, Span, SubEventType};
use contested_extract::gazetteer::Gazetteer;
use contested_extract::{build_claims, control_records, events, DocAttribution};

struct Analysed {
    doc: Document,
    events: Vec<Event>,
}

fn analyse(id: &str, outlet: &str, text: &str) -> Analysed {
    let doc = Document::new(
        text.to_string(),
        None,
        Some(outlet.to_string()),
        None,
        None,
        id.to_string(),
    );
    let recognized = contested_recognize::recognize(&doc.text, None);
    let gazetteer = Gazetteer::builtin();
    let (claims, _) = build_claims(&doc, &recognized, gazetteer);
    let attribution = DocAttribution::analyze(&doc.text, doc.outlet.as_deref());
    let places = gazetteer.find(&doc.text);
    let events = events(&doc, &recognized, &attribution, &places, &claims);
    // Control records must hold their spans on every article too.
    for record in control_records(&doc, &recognized, &attribution, &places, &claims) {
        assert_eq!(record.place.span.slice(&doc.text), record.place.name);
        assert_eq!(record.wording_span.slice(&doc.text), record.wording);
        assert!(
            record.span.contains(record.place.span) || record.span.contains(record.wording_span)
        );
    }
    Analysed { doc, events }
}

/// (unit_id → (outlet, text)) for all of FA-KES.
fn fakes() -> Option<HashMap<String, (String, String)>> {
    let path = contested_testkit::shared("data/corpus/fakes/FA-KES-Dataset.csv")?;
    let mut reader = csv::Reader::from_path(path).expect("FA-KES csv opens");
    Some(
        reader
            .records()
            .map(|row| {
                let row = row.expect("FA-KES row parses");
                (row[0].to_string(), (row[3].to_string(), row[2].to_string()))
            })
            .collect(),
    )
}

fn article(all: &HashMap<String, (String, String)>, id: &str) -> Analysed {
    let (outlet, text) = all.get(id).unwrap_or_else(|| panic!("FA-KES has {id}"));
    analyse(id, outlet, text)
}

/// Events whose sentence holds `phrase`.
fn in_sentence<'a>(a: &'a Analysed, phrase: &str) -> Vec<&'a Event> {
    let at = a
        .doc
        .text
        .find(phrase)
        .unwrap_or_else(|| panic!("{phrase:?} is in the article"));
    let phrase = Span::new(at, at + phrase.len());
    a.events
        .iter()
        .filter(|e| e.sentence_span.contains(phrase))
        .collect()
}

fn place_names<'a>(a: &'a Analysed, event: &Event) -> Vec<&'a str> {
    event
        .places
        .iter()
        .map(|p| p.span.slice(&a.doc.text))
        .collect()
}

#[test]
fn regime_shelling_of_jayrud_is_shelling_by_the_government_on_the_monitors_word() {
    let Some(all) = fakes() else { return };
    let a = article(&all, "1918398795");
    let text = &a.doc.text;
    let first = in_sentence(&a, "Two medics were among");
    assert_eq!(first.len(), 1, "{first:#?}");
    let shelling = first[0];
    assert_eq!(shelling.trigger, "shelling");
    assert_eq!(
        shelling.sub_event_type,
        SubEventType::ShellingArtilleryMissileAttack
    );
    assert_eq!(
        shelling.actor1.as_ref().map(|p| p.span.slice(text)),
        Some("Syrian government")
    );
    let chain: Vec<&str> = shelling
        .attribution
        .iter()
        .map(|l| l.speaker.as_str())
        .collect();
    assert_eq!(
        chain,
        vec!["dailysabah", "Syrian Observatory for Human Rights"]
    );

    // "The bombardment struck the town of Jayrud": one shelling event, located.
    let struck = in_sentence(&a, "The bombardment struck");
    let shelling: Vec<&&Event> = struck
        .iter()
        .filter(|e| e.event_type == EventType::ExplosionsRemoteViolence)
        .collect();
    assert_eq!(shelling.len(), 1, "{struck:#?}");
    assert_eq!(shelling[0].trigger, "bombardment");
    assert_eq!(
        shelling[0].sub_event_type,
        SubEventType::ShellingArtilleryMissileAttack
    );
    assert!(place_names(&a, shelling[0]).contains(&"Jayrud"));
    assert!(
        !struck
            .iter()
            .any(|e| e.sub_event_type == SubEventType::NonStateActorOvertakesTerritory),
        "a pilot 'they captured' is a person, not ground"
    );
}

#[test]
fn a_day_of_raids_car_bombs_and_clashes_in_idlib_and_aleppo() {
    let Some(all) = fakes() else { return };
    let a = article(&all, "1923102823");
    let raids = in_sentence(&a, "five separate air raids");
    let types: Vec<&str> = raids.iter().map(|e| e.sub_event_type.as_str()).collect();
    assert_eq!(
        types,
        vec!["Air/drone strike", "Remote explosive/landmine/IED"]
    );
    for event in &raids {
        assert!(place_names(&a, event).contains(&"Idlib"), "{event:#?}");
        assert_eq!(
            event.attribution.last().map(|l| l.speaker.as_str()),
            Some("Syrian Observatory for Human Rights")
        );
    }
    let clashes = in_sentence(&a, "clashes between rebels and regime fighters");
    let clash = clashes
        .iter()
        .find(|e| e.trigger == "clashes")
        .expect("the clashes");
    assert_eq!(clash.sub_event_type, SubEventType::ArmedClash);
    assert!(place_names(&a, clash).contains(&"Aleppo"));
    let announced = in_sentence(&a, "announced a nationwide ceasefire");
    assert!(announced
        .iter()
        .any(|e| e.sub_event_type == SubEventType::Agreement));
}

#[test]
fn kurdish_fighters_capture_a_hilltop_and_clash_around_kobane() {
    let Some(all) = fakes() else { return };
    let a = article(&all, "1923848202");
    let text = &a.doc.text;
    let clashes = in_sentence(&a, "flashpoint town of Kobane");
    assert_eq!(clashes.len(), 1);
    assert_eq!(clashes[0].sub_event_type, SubEventType::ArmedClash);
    assert_eq!(place_names(&a, clashes[0]), vec!["Kobane"]);
    assert_eq!(
        clashes[0].time.as_ref().map(|t| t.span.slice(text)),
        Some("Sunday")
    );
    let capture = in_sentence(&a, "capturing the strategic Tal Baghdaq hilltop");
    let capture = capture
        .iter()
        .find(|e| e.trigger == "capturing")
        .expect("the capture");
    assert_eq!(
        capture.sub_event_type,
        SubEventType::NonStateActorOvertakesTerritory
    );
    assert_eq!(
        capture.actor1.as_ref().map(|p| p.span.slice(text)),
        Some("YPG")
    );
}

#[test]
fn islamic_state_retaking_gas_fields_is_a_non_state_actor_overtaking_territory() {
    let Some(all) = fakes() else { return };
    let a = article(&all, "1924058156");
    let text = &a.doc.text;
    let taken = in_sentence(&a, "have recaptured gas fields");
    let taken = taken
        .iter()
        .find(|e| e.trigger == "recaptured")
        .expect("the recapture");
    assert_eq!(taken.event_type, EventType::Battles);
    assert_eq!(
        taken.sub_event_type,
        SubEventType::NonStateActorOvertakesTerritory
    );
    assert!(taken
        .actor1
        .as_ref()
        .is_some_and(|p| p.span.slice(text).contains("Islamic State")));
}

#[test]
fn every_event_in_fakes_holds_its_spans() {
    let Some(all) = fakes() else { return };
    let mut by_type: HashMap<&str, usize> = HashMap::new();
    for (id, (outlet, text)) in &all {
        let a = analyse(id, outlet, text);
        for event in &a.events {
            assert_eq!(event.span.slice(text), event.trigger, "{id}");
            assert!(event.sentence_span.contains(event.span), "{id}");
            assert_eq!(event.sub_event_type.event_type(), event.event_type);
            assert!(!event.attribution.is_empty());
            for place in &event.places {
                assert!(
                    event.sentence_span.contains(place.span),
                    "{id}: places come from the event's sentence"
                );
            }
            for actor in event.actor1.iter().chain(&event.actor2) {
                assert_eq!(actor.span.slice(text), actor.name);
                assert!(event.sentence_span.contains(actor.span));
            }
            if let Some(time) = &event.time {
                assert!(
                    time.inferred || event.sentence_span.contains(time.span),
                    "{id}"
                );
            }
            *by_type.entry(event.sub_event_type.as_str()).or_default() += 1;
        }
    }
    // A corpus about the Syrian war's air campaign: strikes and battles lead.
    let count = |name: &str| by_type.get(name).copied().unwrap_or(0);
    assert!(
        count("Air/drone strike") > count("Peaceful protest") * 5,
        "{by_type:?}"
    );
    assert!(count("Armed clash") > 500, "{by_type:?}");
}

#[test]
fn where_is_not_who_and_a_uk_based_monitor_is_not_in_the_uk() {
    let Some(all) = fakes() else { return };
    let a = article(&all, "1918150046");
    let clashes = in_sentence(&a, "killed in clashes with Kurdish militants");
    let clash = clashes
        .iter()
        .find(|e| e.trigger == "clashes")
        .expect("the clashes");
    assert_eq!(
        place_names(&a, clash),
        vec!["Hasaka"],
        "'UK-based' names the monitor's home, not the place"
    );

    let a = article(&all, "1923102955");
    let text = &a.doc.text;
    let clashes = in_sentence(&a, "killed in clashes outside Aleppo");
    let clash = clashes
        .iter()
        .find(|e| e.trigger == "clashes")
        .expect("the clashes");
    assert!(
        clash
            .actor1
            .iter()
            .chain(&clash.actor2)
            .all(|p| p.span.slice(text) != "Syria"),
        "'killed in Syria' says where: {clash:#?}"
    );
    assert!(place_names(&a, clash).contains(&"Aleppo"));
}

fn control_of(all: &HashMap<String, (String, String)>, id: &str) -> (String, Vec<ControlRecord>) {
    let (outlet, text) = all.get(id).expect("the article is in FA-KES");
    let doc = Document::new(
        text.clone(),
        None,
        Some(outlet.clone()),
        None,
        None,
        id.to_string(),
    );
    let recognized = contested_recognize::recognize(&doc.text, None);
    let gazetteer = Gazetteer::builtin();
    let (claims, _) = build_claims(&doc, &recognized, gazetteer);
    let attribution = DocAttribution::analyze(&doc.text, doc.outlet.as_deref());
    let places = gazetteer.find(&doc.text);
    let records = control_records(&doc, &recognized, &attribution, &places, &claims);
    (doc.text, records)
}

#[test]
fn towns_taken_in_syria_are_changes_of_control() {
    let Some(all) = fakes() else { return };
    // Passive: "The town of Ariha … was captured by opposition fighters and ISIS militants in May."
    let (text, records) = control_of(&all, "1918398790");
    let ariha: Vec<&ControlRecord> = records.iter().filter(|r| r.place.name == "Ariha").collect();
    assert_eq!(ariha.len(), 1, "{records:#?}");
    let record = ariha[0];
    assert_eq!(
        (record.kind, record.wording.as_str()),
        (ControlKind::Change, "captured")
    );
    let after = record.after.as_ref().expect("taken by");
    assert_eq!(after.span.slice(&text), after.name);
    assert!(
        after.id.starts_with("group:"),
        "a non-state party: {after:?}"
    );
    // The recogniser's span takes the sentence's full stop after "May" (left to its owner).
    let time = record.time.as_ref().expect("dated");
    assert_eq!(time.span.slice(&text).trim_end_matches('.'), "May");
    assert_eq!(time.precision, contested_core::Precision::Month);

    // "troops … seized the town of Rankus": the town, not a reference point.
    let (text, records) = control_of(&all, "1923848313");
    let rankus = records
        .iter()
        .find(|r| r.place.name == "Rankus")
        .expect("Rankus changed hands");
    assert_eq!(rankus.wording_span.slice(&text), "seized");
    assert!(rankus.span.contains(rankus.place.span) && rankus.span.contains(rankus.wording_span));

    // "captured several villages north of Aleppo from insurgents": Aleppo only locates them.
    for (id, (_, text)) in &all {
        if !text.contains("villages north of Aleppo") {
            continue;
        }
        let (text, records) = control_of(&all, id);
        let at = text.find("villages north of Aleppo").unwrap() + "villages north of ".len();
        assert!(
            !records.iter().any(|r| r.place.span.start == at),
            "{id}: {records:#?}"
        );
    }
}
