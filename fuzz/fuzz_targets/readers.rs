//! Arbitrary bytes as a CSV or JSON Lines file (the first byte picks the
//! format and a per-record size limit): no panic, every document read has
//! non-blank text, and its paragraphs slice it soundly.
#![no_main]

use contested_fuzz::assert_paragraphs;
use contested_ingest::{read_in_memory, Format, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let format = if selector & 1 == 0 { Format::Csv } else { Format::JsonLines };
    // A small limit now and then, so the too-large paths run on short inputs.
    let max_document_bytes = if selector & 2 == 0 { 1 << 20 } else { 64 };
    let options = ReadOptions { format: Some(format), max_document_bytes, ..Default::default() };
    for result in read_in_memory(bytes, "fuzz", &options) {
        let Ok(document) = result else { continue };
        assert!(!document.text.trim().is_empty(), "{}: blank text", document.origin);
        assert!(document.origin.starts_with("fuzz#"), "origin {:?}", document.origin);
        let paragraphs = contested_clean::segment(&document.text, document.title.as_deref());
        assert_paragraphs(&document.text, &paragraphs);
    }
});
