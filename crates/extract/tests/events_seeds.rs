//! Events and control records on the two seed articles, read from ../shared
//! at run time. Passages are located by short phrases; every check goes
//! through spans into the text.

use contested_core::{
    Claim, ControlKind, ControlRecord, Document, Event, EventType, Precision, Span, SubEventType,
};
use contested_extract::gazetteer::{Gazetteer, PlaceKind};
use contested_extract::{build_claims, control_records, events, DocAttribution};

const OUTLET: &str = "trend.az";

struct Analysed {
    doc: Document,
    claims: Vec<Claim>,
    events: Vec<Event>,
    control: Vec<ControlRecord>,
}

fn analyse(name: &str) -> Option<Analysed> {
    let path = contested_testkit::shared(&format!("seeds/{name}"))?;
    let text = std::fs::read_to_string(path).expect("seed is readable UTF-8");
    let doc = Document::new(
        text,
        None,
        Some(OUTLET.to_string()),
        None,
        None,
        name.to_string(),
    );
    let recognized = contested_recognize::recognize(&doc.text, doc.published);
    let gazetteer = Gazetteer::builtin();
    let (claims, _) = build_claims(&doc, &recognized, gazetteer);
    let attribution = DocAttribution::analyze(&doc.text, doc.outlet.as_deref());
    let places = gazetteer.find(&doc.text);
    let events = events(&doc, &recognized, &attribution, &places, &claims);
    let control = control_records(&doc, &recognized, &attribution, &places, &claims);
    Some(Analysed {
        doc,
        claims,
        events,
        control,
    })
}

const FIGURES_SEED: &str = "000_62864c3d1b603cdf.txt";
const EXPERT_SEED: &str = "001_74cce8bf547e5db9.txt";

fn span_of(text: &str, needle: &str) -> Span {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is in the seed"));
    Span::new(at, at + needle.len())
}

/// Timestamps compared in their RFC 3339 form, which keeps jiff out of this crate's dependencies.
fn utc(s: &str) -> String {
    s.to_string()
}

/// The one event whose sentence holds `phrase`, with `trigger`.
fn event_at<'a>(a: &'a Analysed, phrase: &str, trigger: &str) -> &'a Event {
    let text = &a.doc.text;
    let phrase = span_of(text, phrase);
    let found: Vec<&Event> = a
        .events
        .iter()
        .filter(|e| e.sentence_span.contains(phrase) && e.span.slice(text) == trigger)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one {trigger:?} event in the sentence of {phrase:?}: {found:#?}"
    );
    found[0]
}

fn speakers(chain: &[contested_core::Attribution]) -> Vec<&str> {
    chain.iter().map(|l| l.speaker.as_str()).collect()
}

#[test]
fn the_occupation_list_gives_nine_standing_records() {
    for name in [FIGURES_SEED, EXPERT_SEED] {
        let Some(a) = analyse(name) else { return };
        let text = &a.doc.text;
        let standing: Vec<&ControlRecord> = a
            .control
            .iter()
            .filter(|r| r.kind == ControlKind::Standing)
            .collect();
        // (place as written, place kind id prefix, first day, end, area km2)
        let expected = [
            (
                "Nagorno-Karabakh",
                "1988-01-01T00:00:00Z",
                "1993-01-01T00:00:00Z",
                4400.0,
            ),
            (
                "Shusha",
                "1992-05-08T00:00:00Z",
                "1992-05-09T00:00:00Z",
                289.0,
            ),
            (
                "Lachin",
                "1992-05-18T00:00:00Z",
                "1992-05-19T00:00:00Z",
                1840.0,
            ),
            (
                "Kalbajar",
                "1993-04-02T00:00:00Z",
                "1993-04-03T00:00:00Z",
                3054.0,
            ),
            (
                "Aghdam",
                "1993-07-23T00:00:00Z",
                "1993-07-24T00:00:00Z",
                1150.0,
            ),
            (
                "Fizuli",
                "1993-08-23T00:00:00Z",
                "1993-08-24T00:00:00Z",
                1390.0,
            ),
            (
                "Jabrayil",
                "1993-08-23T00:00:00Z",
                "1993-08-24T00:00:00Z",
                1050.0,
            ),
            (
                "Gubadli",
                "1993-08-31T00:00:00Z",
                "1993-09-01T00:00:00Z",
                802.0,
            ),
            (
                "Zangilan",
                "1993-10-29T00:00:00Z",
                "1993-10-30T00:00:00Z",
                707.0,
            ),
        ];
        assert_eq!(standing.len(), expected.len(), "{name}: {standing:#?}");
        let list_line = text.lines().nth(1).expect("the list is the second line");
        let list = span_of(text, list_line);
        for (record, (place, start, end, km2)) in standing.iter().zip(expected) {
            assert_eq!(record.place.span.slice(text), place);
            assert!(list.contains(record.span) && record.span.contains(record.place.span));
            let place_id = record.place.place_id.as_deref().expect("resolved");
            if place == "Nagorno-Karabakh" {
                assert_eq!(place_id, "contested:nagorno-karabakh", "the region itself");
            } else {
                assert!(
                    place_id.starts_with("gb:AZE-ADM2-"),
                    "{place} resolves to an Azerbaijani district: {place_id}"
                );
            }
            let resolved = Gazetteer::builtin()
                .get(place_id)
                .expect("a gazetteer place");
            let kind = if place == "Nagorno-Karabakh" {
                PlaceKind::Region
            } else {
                PlaceKind::District
            };
            assert_eq!(
                (resolved.kind, resolved.country.as_str()),
                (kind, "AZ"),
                "{place}"
            );
            let time = record.time.as_ref().expect("dated");
            assert!(record.span.contains(time.span));
            assert_eq!(
                (time.start.to_string(), time.end.to_string()),
                (utc(start), utc(end)),
                "{place}"
            );
            let precision = if place == "Nagorno-Karabakh" {
                Precision::Year
            } else {
                Precision::Day
            };
            assert_eq!(time.precision, precision);
            let area = record.area.as_ref().expect("area");
            assert_eq!((area.low, area.high), (Some(km2), Some(km2)));
            assert!(record.span.contains(area.span));
            assert_eq!(record.wording.to_lowercase(), "occupation");
            assert_eq!(record.wording_span.slice(text), record.wording);
            let after = record.after.as_ref().expect("the occupier");
            assert_eq!(after.id, "AM");
            assert!(
                after.inferred,
                "the list does not name the occupier; the body does"
            );
            assert_eq!(after.span.slice(text), after.name);
            assert_eq!(
                speakers(&record.attribution),
                vec![OUTLET],
                "the outlet's own position"
            );
            let claim = record.claim.as_deref().expect("claim id");
            assert!(a
                .claims
                .iter()
                .any(|c| c.id == claim && c.span == area.span));
        }
        // The same list in both seeds gives the same place ids: records line up across documents.
        assert!(
            standing.iter().all(|r| r.before.is_none()),
            "the list says nothing of who held them before"
        );
    }
}

#[test]
fn the_night_attack_is_shelling_by_the_armenian_side_on_azerbaijan() {
    for name in [FIGURES_SEED, EXPERT_SEED] {
        let Some(a) = analyse(name) else { return };
        let text = &a.doc.text;
        let event = event_at(&a, "all the frontier positions of Azerbaijan", "heavy fire");
        assert_eq!(event.event_type, EventType::ExplosionsRemoteViolence);
        assert_eq!(
            event.sub_event_type,
            SubEventType::ShellingArtilleryMissileAttack
        );
        assert_eq!(event.event_type.as_str(), "Explosions/Remote violence");
        assert_eq!(
            event.sub_event_type.as_str(),
            "Shelling/artillery/missile attack"
        );
        let actor1 = event.actor1.as_ref().expect("who fired");
        assert_eq!(
            (actor1.id.as_str(), actor1.span.slice(text)),
            ("am.side", "the Armenian side")
        );
        let actor2 = event.actor2.as_ref().expect("who was fired on");
        assert_eq!(
            (actor2.id.as_str(), actor2.span.slice(text)),
            ("az", "Azerbaijan")
        );
        let time = event.time.as_ref().expect("the night of April 2");
        assert_eq!(time.span.slice(text), "the night of April 2, 2016");
        assert_eq!(time.start.to_string(), utc("2016-04-02T00:00:00Z"));
        assert_eq!(time.precision, Precision::PartOfDay);
        assert_eq!(speakers(&event.attribution), vec![OUTLET]);
        assert_eq!(event.id, Event::make_id(&a.doc.id, event.span));

        // The next sentence's clashes are the same night's fighting: a battle, dated by inference.
        let clashes = event_at(&a, "resulted in deaths and injuries", "armed clashes");
        assert_eq!(clashes.sub_event_type, SubEventType::ArmedClash);
        let time = clashes.time.as_ref().expect("dated by the paragraph");
        assert!(time.inferred && time.start.to_string() == utc("2016-04-02T00:00:00Z"));
    }
}

#[test]
fn the_counter_attack_regains_territory() {
    for name in [FIGURES_SEED, EXPERT_SEED] {
        let Some(a) = analyse(name) else { return };
        let text = &a.doc.text;
        let event = event_at(&a, "responded with a counter-attack", "liberation");
        assert_eq!(event.event_type, EventType::Battles);
        assert_eq!(
            event.sub_event_type.as_str(),
            "Government regains territory"
        );
        assert_eq!(
            event.actor1.as_ref().map(|p| p.span.slice(text)),
            Some("Azerbaijan")
        );
        assert!(
            !a.events
                .iter()
                .any(|e| e.span.slice(text) == "counter-attack"),
            "the counter-attack and the liberation it led to are one event"
        );
        // Told in the night attack's paragraph it takes that night's date, as an
        // inference; told in a paragraph of its own it stays undated.
        let night = span_of(text, "the night of April 2, 2016");
        let same_paragraph = !text[night.end..event.span.start].contains('\n');
        match &event.time {
            Some(time) => assert!(
                same_paragraph && time.inferred && time.span == night,
                "{time:?}"
            ),
            None => assert!(!same_paragraph, "{name}"),
        }
    }
}

#[test]
fn the_counter_offensive_paragraph_names_three_districts_on_the_ministrys_word() {
    let Some(a) = analyse(FIGURES_SEED) else {
        return;
    };
    let text = &a.doc.text;
    let event = event_at(&a, "in Agdere district", "liberated");
    assert_eq!(
        event.sub_event_type,
        SubEventType::GovernmentRegainsTerritory
    );
    assert_eq!(
        event.actor1.as_ref().map(|p| p.id.as_str()),
        Some("az.armed_forces")
    );
    let places: Vec<(&str, &str)> = event
        .places
        .iter()
        .map(|p| (p.span.slice(text), p.place_id.as_deref().unwrap_or("")))
        .collect();
    let names: Vec<&str> = places.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, vec!["Agdere", "Fizuli", "Jabrail"]);
    assert_eq!(places[0].1, "contested:agdere-district");
    // Jabrail and the list's Jabrayil are one district, Fizuli likewise.
    let listed = |name: &str| {
        a.control
            .iter()
            .find(|r| r.place.name == name)
            .and_then(|r| r.place.place_id.clone())
    };
    assert_eq!(Some(places[1].1.to_string()), listed("Fizuli"));
    assert_eq!(Some(places[2].1.to_string()), listed("Jabrayil"));
    let chain = speakers(&event.attribution);
    assert_eq!(chain, vec![OUTLET, "Azerbaijani defense ministry"]);

    // The same sentence gives three change records: Azerbaijan's forces took them from the occupier.
    let changes: Vec<&ControlRecord> = a
        .control
        .iter()
        .filter(|r| r.kind == ControlKind::Change && r.wording_span == event.span)
        .collect();
    let names: Vec<&str> = changes.iter().map(|r| r.place.span.slice(text)).collect();
    assert_eq!(names, vec!["Agdere", "Fizuli", "Jabrail"]);
    for record in changes {
        assert_eq!(record.wording, "liberated");
        assert_eq!(record.after.as_ref().map(|p| p.id.as_str()), Some("AZ"));
        assert_eq!(
            record.before.as_ref().map(|p| p.id.as_str()),
            Some("AM"),
            "\"from the occupation\""
        );
        assert_eq!(
            speakers(&record.attribution),
            vec![OUTLET, "Azerbaijani defense ministry"]
        );
    }
}

#[test]
fn military_operations_stopped_by_agreement_on_the_ministrys_word() {
    let Some(a) = analyse(EXPERT_SEED) else {
        return;
    };
    let text = &a.doc.text;
    let event = event_at(&a, "Military operations were stopped", "were stopped");
    assert_eq!(event.event_type.as_str(), "Strategic developments");
    assert_eq!(event.sub_event_type.as_str(), "Agreement");
    let time = event.time.as_ref().expect("dated");
    assert_eq!(time.span.slice(text), "Apr. 5 at 12:00 (UTC/GMT + 4 hours)");
    assert_eq!(time.start.to_string(), utc("2016-04-05T08:00:00Z"));
    assert_eq!(time.precision, Precision::Minute);
    let ministry = event.attribution.last().expect("chain");
    assert_eq!(
        speakers(&event.attribution),
        vec![OUTLET, "Azerbaijan's Defense Ministry"]
    );
    assert_eq!(
        ministry.span.map(|s| s.slice(text)),
        Some("Azerbaijan's Defense Ministry")
    );
    assert_eq!(
        event
            .places
            .iter()
            .map(|p| p.span.slice(text))
            .collect::<Vec<_>>(),
        vec!["line of contact"]
    );

    // "Ignoring the agreement" refers back to it; the violation that follows is new fighting.
    let ignoring = span_of(text, "Ignoring the agreement");
    let in_sentence: Vec<&Event> = a
        .events
        .iter()
        .filter(|e| e.sentence_span.contains(ignoring))
        .collect();
    assert_eq!(in_sentence.len(), 1, "{in_sentence:#?}");
    let violation = in_sentence[0];
    assert_eq!(violation.trigger, "violating the ceasefire");
    assert_eq!(violation.sub_event_type, SubEventType::ArmedClash);
    assert_eq!(
        violation.actor1.as_ref().map(|p| p.id.as_str()),
        Some("am.side")
    );
    assert!(
        violation.time.is_none(),
        "the text does not say when the violations were"
    );
    assert_eq!(speakers(&violation.attribution), vec![OUTLET]);
}

#[test]
fn negotiations_are_strategic_developments_other() {
    for name in [FIGURES_SEED, EXPERT_SEED] {
        let Some(a) = analyse(name) else { return };
        let text = &a.doc.text;
        let agreement = event_at(&a, "The 1994 ceasefire agreement", "ceasefire agreement");
        assert_eq!(agreement.sub_event_type, SubEventType::Agreement);
        assert_eq!(
            agreement.time.as_ref().map(|t| t.span.slice(text)),
            Some("1994")
        );
        let talks = event_at(&a, "followed by peace negotiations", "negotiations");
        assert_eq!(talks.event_type, EventType::StrategicDevelopments);
        assert_eq!(talks.sub_event_type, SubEventType::Other);
    }
    let Some(a) = analyse(EXPERT_SEED) else {
        return;
    };
    let talks = event_at(&a, "Russia holds direct talks", "talks");
    assert_eq!(talks.sub_event_type, SubEventType::Other);
    assert_eq!(talks.actor1.as_ref().map(|p| p.id.as_str()), Some("ru"));
    assert_eq!(
        speakers(&talks.attribution),
        vec![OUTLET, "Maxim Shevchenko"]
    );
}

#[test]
fn the_1992_occupation_is_a_change_of_control_with_its_share() {
    for name in [FIGURES_SEED, EXPERT_SEED] {
        let Some(a) = analyse(name) else { return };
        let text = &a.doc.text;
        let verb = span_of(text, "occupied 20 percent");
        let verb = Span::new(verb.start, verb.start + "occupied".len());
        let records: Vec<&ControlRecord> = a
            .control
            .iter()
            .filter(|r| r.wording_span == verb)
            .collect();
        let names: Vec<&str> = records.iter().map(|r| r.place.span.slice(text)).collect();
        assert_eq!(names, vec!["Azerbaijan", "Nagorno-Karabakh"]);
        for record in &records {
            assert_eq!(record.kind, ControlKind::Change);
            assert_eq!(
                record.after.as_ref().map(|p| (p.id.as_str(), p.inferred)),
                Some(("AM", false))
            );
            assert_eq!(record.before.as_ref().map(|p| p.id.as_str()), Some("AZ"));
            assert_eq!(
                record.time.as_ref().map(|t| t.span.slice(text)),
                Some("1992")
            );
        }
        let share = records[0].area.as_ref().expect("20 percent of Azerbaijan");
        assert_eq!(
            (share.span.slice(text), share.low),
            ("20 percent", Some(20.0))
        );
        assert!(
            records[1].area.is_none(),
            "the share is Azerbaijan's, not the region's"
        );
        let event = event_at(&a, "occupied 20 percent", "occupied");
        assert_eq!(event.sub_event_type, SubEventType::ArmedClash);
        assert_eq!(event.claims.len(), 2, "the share and the seven districts");
        for id in &event.claims {
            let claim = a
                .claims
                .iter()
                .find(|c| &c.id == id)
                .expect("a claim of the document");
            assert!(event.sentence_span.contains(claim.span));
        }
        // "the country's occupied territories", "Azerbaijan's occupied regions" describe, they do not report.
        let adjective = text
            .find("occupied territories")
            .or_else(|| text.find("occupied regions"))
            .expect("adjective use");
        assert!(!a.events.iter().any(|e| e.span.start == adjective));
        assert!(!a.control.iter().any(|r| r.wording_span.start == adjective));
    }
}

#[test]
fn the_armenian_leaderships_confessed_provocation_is_its_own_act() {
    let Some(a) = analyse(FIGURES_SEED) else {
        return;
    };
    let text = &a.doc.text;
    let event = event_at(&a, "carried out an armed provocation", "armed provocation");
    assert_eq!(event.sub_event_type, SubEventType::ArmedClash);
    let actor1 = event
        .actor1
        .as_ref()
        .expect("'it' is the leadership that confirms");
    assert_eq!(actor1.span.slice(text), "Armenian leadership");
    assert_eq!(
        event.actor2.as_ref().map(|p| p.span.slice(text)),
        Some("Azerbaijan")
    );
    let time = event.time.as_ref().expect("early April");
    assert_eq!(time.span.slice(text), "early April");
    assert_eq!(time.precision, Precision::PartOfMonth);
    // The ministry reports what the leadership confirmed: both are in the chain.
    assert_eq!(
        speakers(&event.attribution),
        vec![
            OUTLET,
            "Azerbaijani defense ministry",
            "Armenian leadership"
        ]
    );
    // "the contact line" is where the changes happened.
    assert_eq!(
        event
            .places
            .iter()
            .map(|p| p.span.slice(text))
            .collect::<Vec<_>>(),
        vec!["contact line"]
    );
    for id in &event.claims {
        let claim = a
            .claims
            .iter()
            .find(|c| &c.id == id)
            .expect("a claim of the document");
        assert!(event.sentence_span.contains(claim.span));
    }
}

#[test]
fn the_liberated_hectares_are_the_events_source_claim_and_the_message_date_is_not_its_date() {
    let Some(a) = analyse(FIGURES_SEED) else {
        return;
    };
    let text = &a.doc.text;
    let event = event_at(&a, "said in a message May 18", "liberated");
    assert_eq!(
        event.sub_event_type,
        SubEventType::GovernmentRegainsTerritory
    );
    assert_eq!(
        event.actor1.as_ref().map(|p| p.id.as_str()),
        Some("az.armed_forces")
    );
    assert!(
        event.time.is_none(),
        "May 18 dates the message: {:?}",
        event.time
    );
    let figure = span_of(text, "more than 2,000 hectares");
    let claim = a
        .claims
        .iter()
        .find(|c| c.span == figure)
        .expect("the figure is a claim");
    assert_eq!(event.claims, vec![claim.id.clone()]);
    assert_eq!(
        speakers(&event.attribution),
        vec![OUTLET, "Azerbaijani defense ministry"]
    );
}
