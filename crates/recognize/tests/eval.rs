//! Span-and-value F1 against the Microsoft Recognizers-Text English specs in
//! ../shared/data/recognizers, held to the targets of issue 4. Date files
//! are scored on their news cases (see `eval::is_news_case`).

use contested_recognize::eval::evaluate;

#[test]
fn recognizers_text_specs() {
    let dir = contested_testkit::require_shared!("data/recognizers");
    let report = evaluate(&dir).expect("specs load");
    println!("{report}");
    // (file, F1 asserted, issue target): the two are equal now that every
    // target is met; a floor below a target would be named here.
    let expectations = [
        ("NumberRangeModel.json", 0.90, 0.90),
        ("PercentModel.json", 0.95, 0.95),
        ("NumberModel.json", 0.95, 0.95),
        ("DimensionModel.json", 0.90, 0.90),
        ("DateExtractor.json", 0.90, 0.90),
        ("DateParser.json", 0.90, 0.90),
        ("DatePeriodExtractor.json", 0.90, 0.90),
        ("DatePeriodParser.json", 0.90, 0.90),
    ];
    for (file, floor, target) in expectations {
        let score = report.file(file).unwrap_or_else(|| panic!("{file} scored"));
        assert!(score.cases > 0, "{file}: no cases scored");
        let f1 = score.f1();
        assert!(f1 >= floor, "{file}: F1 {f1:.3} fell below {floor} (issue target {target})");
    }
}
