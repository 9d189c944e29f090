//! Arbitrary bytes (lossily decoded) through every public entry point: no
//! panic, and every span slices the text on char boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let reference = jiff::Timestamp::from_second(1_459_555_200).ok();
    for r in [contested_recognize::recognize(&text, None), contested_recognize::recognize(&text, reference)] {
        for q in &r.quantities {
            assert!(text.get(q.span.start..q.span.end).is_some());
            assert!(text.get(q.number_span.start..q.number_span.end).is_some());
            if let (Some(lo), Some(hi)) = (q.low, q.high) {
                assert!(lo <= hi);
            }
        }
        for t in &r.times {
            assert!(text.get(t.span.start..t.span.end).is_some());
            assert!(t.start <= t.end);
        }
    }
    for n in contested_recognize::find_numbers(&text) {
        assert!(text.get(n.span.start..n.span.end).is_some());
    }
    let _ = contested_recognize::find_ranges(&text);
});
