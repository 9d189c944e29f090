//! Property tests: no text, however odd, makes events or control records
//! panic or point outside the text.

use contested_core::Document;
use contested_extract::gazetteer::Gazetteer;
use contested_extract::{build_claims, control_records, events, DocAttribution};
use proptest::prelude::*;

/// Pieces that reach every path: triggers, list items, speakers, dates,
/// places, semicolons, line breaks and multibyte letters next to triggers.
fn conflictish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Shusha: may 08, 1992, territory 289 km2; ".to_string()),
        Just("Key Figures of the Front\n".to_string()),
        Just("Armenian armed forces occupied ".to_string()),
        Just("the occupied territories".to_string()),
        Just(" liberated ".to_string()),
        Just("captured the village of Kəlbəcər".to_string()),
        Just(" heavy fire from the Armenian side".to_string()),
        Just(" airstrikes on Aleppo".to_string()),
        Just("chemical gas attack".to_string()),
        Just("Ignoring the agreement, ".to_string()),
        Just(" violating the ceasefire".to_string()),
        Just("Apr. 5 at 12:00 (UTC/GMT + 4 hours)".to_string()),
        Just(", the defense ministry said. ".to_string()),
        Just("it carried out ".to_string()),
        Just("from the occupation".to_string()),
        Just("20 percent of Azerbaijan".to_string()),
        Just("ü".to_string()),
        Just("—".to_string()),
        Just("; ".to_string()),
        Just(". ".to_string()),
        Just("\n".to_string()),
        "[A-Za-z0-9 ,.;:()-]{0,12}",
    ];
    prop::collection::vec(piece, 0..30).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn events_and_records_stay_inside_the_text(text in conflictish()) {
        let doc = Document::new(text, None, None, None, None, "prop".to_string());
        let recognized = contested_recognize::recognize(&doc.text, None);
        let gazetteer = Gazetteer::builtin();
        let (claims, _) = build_claims(&doc, &recognized, gazetteer);
        let attribution = DocAttribution::analyze(&doc.text, None);
        let places = gazetteer.find(&doc.text);
        for event in events(&doc, &recognized, &attribution, &places, &claims) {
            prop_assert_eq!(doc.text.get(event.span.start..event.span.end), Some(event.trigger.as_str()));
            prop_assert!(event.sentence_span.contains(event.span));
            prop_assert!(doc.text.get(event.sentence_span.start..event.sentence_span.end).is_some());
        }
        for record in control_records(&doc, &recognized, &attribution, &places, &claims) {
            prop_assert_eq!(doc.text.get(record.wording_span.start..record.wording_span.end), Some(record.wording.as_str()));
            prop_assert!(doc.text.get(record.span.start..record.span.end).is_some());
            prop_assert_eq!(doc.text.get(record.place.span.start..record.place.span.end), Some(record.place.name.as_str()));
        }
    }
}
