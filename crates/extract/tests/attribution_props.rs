//! Property tests: no text, however odd, makes a stage panic or return a
//! span that is not a slice of the text. Stages never fail a document.

use contested_core::Span;
use contested_extract::{actors, measure, sentences, DocAttribution};
use proptest::prelude::*;

/// Text built from pieces that exercise every path: quotes of both kinds,
/// abbreviations, cues, names, numbers, line breaks and multibyte letters.
fn newsish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("'s".to_string()),
        Just(". ".to_string()),
        Just(", ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just(" said ".to_string()),
        Just(" according to ".to_string()),
        Just(" the ".to_string()),
        Just("Apr. 5".to_string()),
        Just("U.S. ".to_string()),
        Just("Azerbaijan's Defense Ministry".to_string()),
        Just("the Kurdish side reports the so-called loss of ".to_string()),
        Just("Maxim Shevchenko, a Russian analyst".to_string()),
        Just(" he added".to_string()),
        Just("2,000 hectares".to_string()),
        Just("ten times higher".to_string()),
        Just("Kəlbəcər ".to_string()),
        Just("(SOHR)".to_string()),
        "[A-Za-z0-9 ,.;:!?()-]{0,12}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn sentences_are_ordered_trimmed_slices(text in newsish()) {
        let spans = sentences(&text);
        for pair in spans.windows(2) {
            prop_assert!(pair[0].end <= pair[1].start);
        }
        for s in spans {
            let piece = &text[s.start..s.end];
            prop_assert!(!piece.is_empty());
            prop_assert_eq!(piece.trim(), piece);
            prop_assert!(!piece.contains('\n'));
        }
    }

    #[test]
    fn actors_and_frames_are_slices_and_chains_start_with_the_outlet(text in newsish(), at in 0usize..400, len in 0usize..30) {
        for m in actors(&text) {
            prop_assert_eq!(&text[m.span.start..m.span.end], m.name.as_str());
        }
        let doc = DocAttribution::analyze(&text, Some("Wire"));
        for f in doc.frames() {
            prop_assert!(text.get(f.speaker_span.start..f.speaker_span.end).is_some());
            for c in &f.content {
                prop_assert!(text.get(c.start..c.end).is_some());
            }
        }
        let start = at.min(text.len());
        let span = Span::new(start, (start + len).min(text.len()));
        let chain = doc.chain_for(span);
        prop_assert_eq!(chain[0].speaker.as_str(), "Wire");
        for sentence in doc.sentences() {
            let m = measure(&text, *sentence, span);
            if let Some((verb, word)) = m.verb {
                prop_assert_eq!(&text[verb.start..verb.end], word.as_str());
            }
        }
    }
}
