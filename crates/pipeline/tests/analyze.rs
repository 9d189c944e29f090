//! `analyze` on real articles (FA-KES, from ../shared): every stage's output
//! points into the document's own text, and one fingerprint per paragraph.

use contested_extract::gazetteer::Gazetteer;
use contested_pipeline::{analyze, analyze_timed, StageClocks};

#[test]
fn every_span_cuts_the_document_text_and_each_paragraph_has_its_fingerprint() {
    let corpus = contested_testkit::require_shared!("data/corpus/fakes/FA-KES-Dataset.csv");
    let documents: Vec<_> = contested_ingest::read(&contested_ingest::Input::Path(corpus), &Default::default())
        .filter_map(Result::ok)
        .take(40)
        .collect();
    assert_eq!(documents.len(), 40);
    let mut claims = 0;
    for document in documents {
        let text = document.text.clone();
        let analyzed = analyze(document, Gazetteer::builtin());
        assert_eq!(analyzed.document.text, text);
        assert!(!analyzed.paragraphs.is_empty());
        assert_eq!(analyzed.fingerprints.len(), analyzed.paragraphs.len());
        for paragraph in &analyzed.paragraphs {
            assert!(text.get(paragraph.span.start..paragraph.span.end).is_some_and(|p| !p.trim().is_empty()));
        }
        for claim in &analyzed.claims {
            assert_eq!(claim.doc, analyzed.document.id);
            let figure = &text[claim.value.number_span.start..claim.value.number_span.end];
            assert!(figure.chars().any(|c| c.is_ascii_digit() || c.is_alphabetic()), "{figure:?}");
            assert!(claim.sentence_span.contains(claim.span), "claim outside its sentence");
            claims += 1;
        }
        for record in &analyzed.control {
            assert_eq!(&text[record.place.span.start..record.place.span.end], record.place.name);
        }
    }
    assert!(claims > 40, "FA-KES articles carry figures: {claims} claims in 40");
}

#[test]
fn timed_analysis_gives_the_same_result_and_counts_each_stage() {
    let corpus = contested_testkit::require_shared!("data/corpus/fakes/FA-KES-Dataset.csv");
    let document = contested_ingest::read(&contested_ingest::Input::Path(corpus), &Default::default())
        .find_map(Result::ok)
        .expect("one readable article");
    let clocks = StageClocks::default();
    let timed = analyze_timed(document.clone(), Gazetteer::builtin(), &clocks);
    let plain = analyze(document, Gazetteer::builtin());
    assert_eq!(format!("{:?}", timed.claims), format!("{:?}", plain.claims));
    assert_eq!(timed.paragraphs, plain.paragraphs);
    for (stage, clock) in [("clean", &clocks.clean), ("recognize", &clocks.recognize), ("extract", &clocks.extract)] {
        assert!(!clock.total().is_zero(), "{stage} took no time");
    }
    assert!(clocks.store.total().is_zero());
}
