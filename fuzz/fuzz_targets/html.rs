//! Arbitrary bytes as an HTML page, through the main-text extractor and
//! through the reader a `.html` file takes: no panic, and a page either
//! yields non-blank text or an error naming it.
#![no_main]

use contested_ingest::{html, read_in_memory, Format, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(extracted) = html::extract(bytes, None) {
        assert!(!extracted.text.trim().is_empty(), "extracted blank text");
    }
    let options = ReadOptions { format: Some(Format::Html), ..Default::default() };
    for result in read_in_memory(bytes, "fuzz.html", &options) {
        if let Ok(document) = result {
            assert!(!document.text.trim().is_empty(), "html document with blank text");
        }
    }
});
