//! Milestone constructions, one assertion each, spans checked.

use contested_core::{Qualifier, Unit};
use contested_recognize::recognize;

fn one(text: &str) -> contested_core::Quantity {
    let r = recognize(text, None);
    assert_eq!(r.quantities.len(), 1, "{text:?}: {:?}", r.quantities);
    r.quantities[0].clone()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() <= 1e-9 * b.abs().max(1.0))
}

#[test]
fn area_units_normalise_to_km2() {
    let cases = [
        ("an area of 12 km² was taken", "12 km²", 12.0),
        ("some 300 sq km of farmland", "some 300 sq km", 300.0),
        ("5 sq. km", "5 sq. km", 5.0),
        ("about 40 square kilometres", "about 40 square kilometres", 40.0),
        ("10 square miles of forest", "10 square miles", 25.899_881_103_36),
        ("3 sq mi", "3 sq mi", 7.769_964_331_008),
        ("450 ha of land", "450 ha", 4.5),
        ("1,000 acres", "1,000 acres", 4.046_856_422_4),
    ];
    for (text, written, km2) in cases {
        let q = one(text);
        assert_eq!(&text[q.span.start..q.span.end], written, "{text}");
        assert_eq!(q.unit, Unit::Area, "{text}");
        assert!(close(q.low, km2) && close(q.high, km2), "{text}: {:?}", q.low);
    }
}

#[test]
fn percentages() {
    for (text, written, v) in [("rose by 20%", "20%", 20.0), ("nearly 45 per cent of", "nearly 45 per cent", 45.0), ("7.5 percent", "7.5 percent", 7.5)] {
        let q = one(text);
        assert_eq!(&text[q.span.start..q.span.end], written);
        assert_eq!(q.unit, Unit::Percent);
        assert!(close(q.low, v));
    }
}

#[test]
fn counts_of_people() {
    let q = one("12 servicemen were killed");
    assert_eq!((&q.unit, q.low, q.counted.as_ref().map(|c| c.1.as_str())), (&Unit::People, Some(12.0), Some("servicemen")));
    let q = one("with 18 killed on both sides");
    assert_eq!((&q.unit, q.low, q.counted.as_ref().map(|c| c.1.as_str())), (&Unit::People, Some(18.0), Some("killed")));
    let text = "more than 100 Armenian servicemen killed and injured";
    let q = one(text);
    assert_eq!(&text[q.span.start..q.span.end], "more than 100 Armenian servicemen");
    assert_eq!((q.low, q.high, q.qualifier), (Some(100.0), None, Qualifier::MoreThan));
    let (span, noun) = q.counted.unwrap();
    assert_eq!((&text[span.start..span.end], noun.as_str()), ("servicemen", "servicemen"));
}

#[test]
fn years_and_clock_times_are_not_quantities() {
    for text in ["in 1992 the war", "April 2, 2016", "at 12:00 local time", "the 1994 ceasefire"] {
        let r = recognize(text, None);
        assert!(r.quantities.is_empty(), "{text}: {:?}", r.quantities);
    }
}
