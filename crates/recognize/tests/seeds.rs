//! The two seed articles must come out exactly right: every figure and date,
//! with the span slicing to the words as written.

use contested_core::{Precision, Qualifier, Unit};
use contested_recognize::{recognize, Recognized};

fn read(rel: &str) -> Option<String> {
    let path = contested_testkit::shared(rel)?;
    Some(std::fs::read_to_string(path).expect("seed is readable UTF-8"))
}

fn quantity<'r>(r: &'r Recognized, text: &str, written: &str, nth: usize) -> &'r contested_core::Quantity {
    r.quantities
        .iter()
        .filter(|q| &text[q.span.start..q.span.end] == written)
        .nth(nth)
        .unwrap_or_else(|| panic!("no quantity #{nth} {written:?}; have {:?}", r.quantities.iter().map(|q| &text[q.span.start..q.span.end]).collect::<Vec<_>>()))
}

fn time<'r>(r: &'r Recognized, text: &str, written: &str) -> &'r contested_core::TimeExpr {
    r.times
        .iter()
        .find(|t| &text[t.span.start..t.span.end] == written)
        .unwrap_or_else(|| panic!("no time {written:?}; have {:?}", r.times.iter().map(|t| &text[t.span.start..t.span.end]).collect::<Vec<_>>()))
}

fn ts(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

/// The "Occupation in Figures" banner both seeds open with.
fn check_banner(r: &Recognized, text: &str) {
    let areas = [("4400 km2", 4400.0), ("289 km2", 289.0), ("1840 km2", 1840.0), ("3054 km2", 3054.0), ("1150 km2", 1150.0), ("1390 km2", 1390.0), ("1050 km2", 1050.0), ("802 km2", 802.0), ("707 km2", 707.0)];
    for (written, v) in areas {
        let q = quantity(r, text, written, 0);
        assert_eq!((q.low, q.high, &q.unit, q.qualifier), (Some(v), Some(v), &Unit::Area, Qualifier::Exact), "{written}");
        assert_eq!(q.unit_text.as_deref(), Some("km2"));
        assert_eq!(&text[q.number_span.start..q.number_span.end], written.split(' ').next().unwrap());
    }
    let range = time(r, text, "1988-1992");
    assert_eq!((range.start, range.end, range.precision), (ts("1988-01-01T00:00:00Z"), ts("1993-01-01T00:00:00Z"), Precision::Year));
    let dates = [
        ("may 08, 1992", "1992-05-08"), ("may 18, 1992", "1992-05-18"), ("april 2, 1993", "1993-04-02"),
        ("july 23, 1993", "1993-07-23"), ("august 31, 1993", "1993-08-31"), ("october 29, 1993", "1993-10-29"),
    ];
    for (written, day) in dates {
        let t = time(r, text, written);
        assert_eq!(t.start, ts(&format!("{day}T00:00:00Z")), "{written}");
        assert_eq!(t.end.as_second() - t.start.as_second(), 86_400);
        assert_eq!((t.precision, t.inferred), (Precision::Day, false));
    }
    // The years of those dates never become figures.
    assert!(r.quantities.iter().all(|q| !text[q.span.start..q.span.end].contains("199")));
    // "km2" is one area unit: its "2" is not a stray number.
    assert!(r.numbers.iter().all(|n| &text[n.span.start..n.span.end] != "2"));
}

fn check_common_tail(r: &Recognized, text: &str) {
    let share = quantity(r, text, "20 percent", 0);
    assert_eq!((share.low, share.high, &share.unit), (Some(20.0), Some(20.0), &Unit::Percent));
    let districts = quantity(r, text, "seven surrounding districts", 0);
    assert_eq!((districts.low, &districts.unit), (Some(7.0), &Unit::Items));
    assert_eq!(districts.counted.as_ref().map(|c| (c.1.as_str(), &text[c.0.start..c.0.end])), Some(("districts", "districts")));
    let resolutions = quantity(r, text, "four UN Security Council resolutions", 0);
    assert_eq!(resolutions.low, Some(4.0));
    let night = time(r, text, "the night of April 2, 2016");
    assert_eq!((night.start, night.precision, night.inferred), (ts("2016-04-02T00:00:00Z"), Precision::PartOfDay, false));
    for (written, year) in [("1988", 1988), ("1992", 1992), ("1994", 1994)] {
        assert!(
            r.times.iter().any(|t| &text[t.span.start..t.span.end] == written && t.start == ts(&format!("{year}-01-01T00:00:00Z")) && t.precision == Precision::Year),
            "year {written}"
        );
    }
}

#[test]
fn seed_000_defense_ministry_message() {
    let Some(text) = read("seeds/000_62864c3d1b603cdf.txt") else { return };
    let r = recognize(&text, None);
    check_banner(&r, &text);
    check_common_tail(&r, &text);

    for nth in 0..2 {
        let q = quantity(&r, &text, "more than 2,000 hectares", nth);
        assert_eq!((q.low, q.high, &q.unit, q.qualifier), (Some(20.0), None, &Unit::Area, Qualifier::MoreThan));
        assert_eq!(&text[q.number_span.start..q.number_span.end], "2,000");
        assert_eq!(q.unit_text.as_deref(), Some("hectares"));
    }
    let alleged = quantity(&r, &text, "800 hectares", 0);
    assert_eq!((alleged.low, alleged.high), (Some(8.0), Some(8.0)));
    let ratio = r.quantities.iter().find(|q| q.unit == Unit::Ratio).expect("ten times higher");
    assert!(text[ratio.span.start..ratio.span.end].starts_with("ten times higher"));
    assert_eq!(ratio.low, Some(10.0));

    // No article date: "May 18" takes its year from "April 2, 2016".
    let may18 = time(&r, &text, "May 18");
    assert_eq!((may18.start, may18.precision, may18.inferred), (ts("2016-05-18T00:00:00Z"), Precision::Day, true));
    let early_april: Vec<_> = r.times.iter().filter(|t| &text[t.span.start..t.span.end] == "early April").collect();
    assert_eq!(early_april.len(), 2);
    for t in early_april {
        assert_eq!((t.start, t.end, t.precision, t.inferred), (ts("2016-04-01T00:00:00Z"), ts("2016-04-16T00:00:00Z"), Precision::PartOfMonth, true));
    }
}

#[test]
fn seed_000_with_a_reference_time() {
    let Some(text) = read("seeds/000_62864c3d1b603cdf.txt") else { return };
    let r = recognize(&text, Some(ts("2016-05-19T09:00:00Z")));
    let may18 = time(&r, &text, "May 18");
    assert_eq!(may18.start, ts("2016-05-18T00:00:00Z"));
}

#[test]
fn seed_001_expert_interview() {
    let Some(text) = read("seeds/001_74cce8bf547e5db9.txt") else { return };
    let r = recognize(&text, None);
    check_banner(&r, &text);
    check_common_tail(&r, &text);
    let stop = time(&r, &text, "Apr. 5 at 12:00 (UTC/GMT + 4 hours)");
    assert_eq!((stop.start, stop.precision, stop.inferred), (ts("2016-04-05T08:00:00Z"), Precision::Minute, true));
    let seven = quantity(&r, &text, "seven Azerbaijani districts", 0);
    assert_eq!(seven.low, Some(7.0));
    // "12:00" is a clock time, never a figure.
    assert!(r.quantities.iter().chain([]).all(|q| !text[q.span.start..q.span.end].contains("12")));
    assert!(r.numbers.iter().all(|n| !text[n.span.start..n.span.end].contains("12")));
}
