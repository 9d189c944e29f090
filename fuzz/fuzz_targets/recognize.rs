//! Arbitrary UTF-8 through every public entry point of the recognisers: no
//! panic, every span slices the text on char boundaries, ranges are ordered.
#![no_main]

use contested_fuzz::{assert_quantity, assert_span, assert_time, reference_time};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for recognized in [
        contested_recognize::recognize(text, Some(reference_time())),
        contested_recognize::recognize(text, None),
    ] {
        recognized.quantities.iter().for_each(|q| assert_quantity(text, q));
        recognized.times.iter().for_each(|t| assert_time(text, t));
        for number in &recognized.numbers {
            assert_span(text, number.span, "number");
        }
        for diagnostic in &recognized.diagnostics {
            if let Some(span) = diagnostic.span {
                assert_span(text, span, "diagnostic");
            }
        }
    }
    for number in contested_recognize::find_numbers(text) {
        assert_span(text, number.span, "find_numbers");
    }
    for quantity in contested_recognize::find_ranges(text) {
        assert_quantity(text, &quantity);
    }
});
