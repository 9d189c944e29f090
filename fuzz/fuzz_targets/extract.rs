//! Arbitrary UTF-8 as a document's text through the pure stages as the
//! pipeline runs them (segment, recognise, extract with the built-in
//! gazetteer): no panic, and every span of every result slices the text.
#![no_main]

use contested_core::Document;
use contested_extract::gazetteer::Gazetteer;
use contested_fuzz::{assert_claim, assert_control, assert_event, assert_paragraphs, reference_time};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    // The first line doubles as the title, as pages' headlines do, so the
    // title-matching path of segmentation runs too.
    let title = text.lines().next().map(str::to_string);
    let document = Document::new(
        text.to_string(),
        title,
        Some("fuzz.example".to_string()),
        None,
        Some(reference_time()),
        "fuzz".to_string(),
    );
    let paragraphs = contested_clean::segment(&document.text, document.title.as_deref());
    assert_paragraphs(text, &paragraphs);
    let recognized = contested_recognize::recognize(&document.text, document.published);
    let extraction = contested_extract::extract_document(&document, &recognized, Gazetteer::builtin());
    extraction.claims.iter().for_each(|c| assert_claim(text, c));
    extraction.events.iter().for_each(|e| assert_event(text, e));
    extraction.control.iter().for_each(|r| assert_control(text, r));
    for diagnostic in &extraction.diagnostics {
        if let Some(span) = diagnostic.span {
            contested_fuzz::assert_span(text, span, "extract diagnostic");
        }
    }
});
