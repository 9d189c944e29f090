//! The event types are ACLED's, spelled as in ACLED's category table
//! (../shared/data/taxonomy/acled_event_categories.csv, read at run time).

use contested_core::SubEventType;

#[test]
fn sub_event_types_are_exactly_acleds() {
    let Some(path) = contested_testkit::shared("data/taxonomy/acled_event_categories.csv") else {
        return;
    };
    let mut reader = csv::Reader::from_path(path).expect("categories open");
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.expect("row parses");
            (r[0].to_string(), r[1].to_string())
        })
        .collect();
    assert_eq!(rows.len(), SubEventType::ALL.len());
    for (event_type, sub) in &rows {
        let parsed =
            SubEventType::parse(sub).unwrap_or_else(|| panic!("{sub:?} is a sub-event type"));
        assert_eq!(parsed.event_type().as_str(), event_type, "{sub}");
    }
    for sub in SubEventType::ALL {
        assert!(
            rows.iter().any(|(_, s)| s == sub.as_str()),
            "{} is in ACLED's table",
            sub.as_str()
        );
    }
}
