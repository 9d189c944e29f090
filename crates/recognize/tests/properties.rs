//! Properties over arbitrary and hostile input: no panic, spans on char
//! boundaries that slice to the reported text, ordered bounds and intervals.

use contested_recognize::{find_numbers, find_ranges, recognize, Recognized};
use proptest::prelude::*;

fn check(text: &str, r: &Recognized) {
    for q in &r.quantities {
        let whole = text.get(q.span.start..q.span.end).expect("quantity span on char boundaries");
        assert!(!whole.is_empty());
        assert!(q.span.contains(q.number_span), "number span inside the mention");
        assert!(text.get(q.number_span.start..q.number_span.end).is_some());
        if let Some((span, noun)) = &q.counted {
            assert_eq!(&text[span.start..span.end], noun.as_str());
            assert!(q.span.contains(*span));
        }
        if let Some(u) = &q.unit_text {
            assert!(whole.contains(u.as_str()), "unit text {u:?} is in {whole:?}");
        }
        for v in [q.low, q.high].into_iter().flatten() {
            assert!(v.is_finite());
        }
        if let (Some(lo), Some(hi)) = (q.low, q.high) {
            assert!(lo <= hi, "low {lo} > high {hi} in {whole:?}");
        }
    }
    for t in &r.times {
        assert!(text.get(t.span.start..t.span.end).is_some_and(|s| !s.is_empty()));
        assert!(t.start <= t.end, "{t:?}");
    }
    for n in &r.numbers {
        assert!(text.get(n.span.start..n.span.end).is_some());
        assert!(n.value.is_finite());
    }
    // Items never overlap one another.
    let mut spans: Vec<_> = r.quantities.iter().map(|q| q.span).chain(r.times.iter().map(|t| t.span)).chain(r.numbers.iter().map(|n| n.span)).collect();
    spans.sort();
    for w in spans.windows(2) {
        assert!(w[0].end <= w[1].start, "overlap {:?} {:?}", w[0], w[1]);
    }
}

fn words() -> impl Strategy<Value = String> {
    // Text made of the pieces the recognisers care about, glued at random.
    let piece = prop_oneof![
        Just("more than".to_string()),
        Just("between".to_string()),
        Just(" and ".to_string()),
        Just("km2".to_string()),
        Just("hectares".to_string()),
        Just("%".to_string()),
        Just("May".to_string()),
        Just("april".to_string()),
        Just("Apr.".to_string()),
        Just("early".to_string()),
        Just("mid-".to_string()),
        Just("since".to_string()),
        Just("the night of".to_string()),
        Just("UTC/GMT + 4 hours".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("-".to_string()),
        Just("–".to_string()),
        Just(",".to_string()),
        Just(".".to_string()),
        Just(":".to_string()),
        Just("/".to_string()),
        Just("^".to_string()),
        Just("e".to_string()),
        Just("twenty-".to_string()),
        Just("thirds".to_string()),
        Just("dozens of".to_string()),
        Just("times higher".to_string()),
        Just("killed".to_string()),
        Just("servicemen".to_string()),
        Just("a".to_string()),
        Just("ago".to_string()),
        Just("days".to_string()),
        Just("\n".to_string()),
        Just("\u{a0}".to_string()),
        Just("½".to_string()),
        Just("é".to_string()),
        "[0-9]{1,25}",
        "[0-9]{1,3}(,[0-9]{3}){0,3}(\\.[0-9]{1,3})?",
        "[a-zA-Z]{1,8}",
        "\\PC{1,3}",
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_strings_never_panic(text in "\\PC*") {
        check(&text, &recognize(&text, None));
        let _ = find_numbers(&text);
        let _ = find_ranges(&text);
    }

    #[test]
    fn recogniser_shaped_text_keeps_its_invariants(text in words(), secs in 0i64..4_000_000_000) {
        check(&text, &recognize(&text, None));
        let reference = jiff::Timestamp::from_second(secs).ok();
        check(&text, &recognize(&text, reference));
        for n in find_numbers(&text) {
            prop_assert!(text.get(n.span.start..n.span.end).is_some());
        }
        for q in find_ranges(&text) {
            prop_assert!(text.get(q.span.start..q.span.end).is_some());
        }
    }
}

#[test]
fn absurd_numbers_become_diagnostics_not_values() {
    for text in ["10^400 km2", "99999999999999999999 km2", "1e999 hectares", &"9".repeat(400), "1.5^99999"] {
        let r = recognize(text, None);
        check(text, &r);
        for q in &r.quantities {
            assert!(q.low.iter().all(|v| v.is_finite()));
        }
    }
    let r = recognize(&format!("{} km2", "9".repeat(400)), None);
    assert!(r.quantities.is_empty());
    assert!(r.diagnostics.iter().any(|d| d.message.contains("too large")));
}

#[test]
fn long_and_repetitive_lines_finish() {
    // Millions of digits, separators and date words in one line: the scans
    // are linear, so this completes quickly even unoptimised.
    let digits = "1234567890".repeat(200_000);
    check(&digits, &recognize(&digits, None));
    let groups = "1,000,".repeat(100_000);
    check(&groups, &recognize(&groups, None));
    let dates = "May 18, 2016 to April 2, 2016 - ".repeat(20_000);
    let r = recognize(&dates, None);
    check(&dates, &r);
    assert!(r.times.len() >= 20_000);
    let words = "more than twenty-five thousand and a half ".repeat(20_000);
    check(&words, &recognize(&words, None));
}

#[test]
fn arbitrary_bytes_lossily_decoded() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let text = String::from_utf8_lossy(&bytes);
    check(&text, &recognize(&text, None));
}
