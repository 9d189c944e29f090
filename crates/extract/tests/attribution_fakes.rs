//! Attribution on real FA-KES articles (../shared/data/corpus/fakes), read at
//! run time. Articles are referenced by their `unit_id`; FA-KES texts have
//! lost their commas and apostrophes, which makes them a hard case for
//! speaker-before-cue and trailing attributions.

use std::collections::HashMap;

use contested_core::{Span, Stance};
use contested_extract::{measure, sentences, DocAttribution};

struct Article {
    id: String,
    source: String,
    text: String,
}

fn fakes() -> Option<Vec<Article>> {
    let path = contested_testkit::shared("data/corpus/fakes/FA-KES-Dataset.csv")?;
    let mut reader = csv::Reader::from_path(path).expect("FA-KES csv opens");
    let articles = reader
        .records()
        .map(|row| {
            let row = row.expect("FA-KES row parses");
            Article {
                id: row[0].to_string(),
                source: row[3].to_string(),
                text: row[2].to_string(),
            }
        })
        .collect();
    Some(articles)
}

fn by_id(articles: &[Article]) -> HashMap<&str, &Article> {
    articles.iter().map(|a| (a.id.as_str(), a)).collect()
}

/// Spans of the number tokens (digit runs, with inner ',' or '.') in `text`.
fn numbers(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_digit()
                    || (matches!(bytes[i], b',' | b'.')
                        && i + 1 < bytes.len()
                        && bytes[i + 1].is_ascii_digit()))
            {
                i += 1;
            }
            out.push(Span::new(start, i));
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn every_article_gets_wellformed_sentences_frames_and_chains() {
    let Some(articles) = fakes() else { return };
    assert!(articles.len() > 800);
    let (mut frames, mut attributed_numbers, mut all_numbers) = (0, 0, 0);
    for article in &articles {
        let text = &article.text;
        let spans = sentences(text);
        for pair in spans.windows(2) {
            assert!(
                pair[0].end <= pair[1].start,
                "{}: sentences overlap",
                article.id
            );
        }
        for s in &spans {
            let piece = s.slice(text);
            assert!(
                !piece.is_empty() && piece.trim() == piece,
                "{}: untrimmed sentence {piece:?}",
                article.id
            );
            // A month abbreviation before a day never ends a sentence.
            for month in [
                "Jan.", "Feb.", "Apr.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
            ] {
                assert!(
                    !(piece.ends_with(month)
                        && text[s.end..]
                            .trim_start()
                            .starts_with(|c: char| c.is_ascii_digit())),
                    "{}: {piece:?}",
                    article.id
                );
            }
        }
        let doc = DocAttribution::analyze(text, Some(&article.source));
        for frame in doc.frames() {
            frames += 1;
            assert!(!frame.speaker_span.slice(text).is_empty());
            for piece in &frame.content {
                assert!(
                    !piece.is_empty() && piece.end <= text.len(),
                    "{}: bad content span",
                    article.id
                );
                assert!(
                    !piece.contains(frame.cue_span),
                    "{}: a frame's content excludes its own cue: {:?}",
                    article.id,
                    piece.slice(text)
                );
            }
        }
        for mention in doc.actors() {
            assert_eq!(mention.span.slice(text), mention.name);
        }
        for figure in numbers(text) {
            all_numbers += 1;
            let chain = doc.chain_for(figure);
            assert_eq!(chain[0].speaker, article.source);
            assert!(chain[1..]
                .iter()
                .all(|link| link.span.is_some() && link.cue.is_some()));
            if chain.len() > 1 {
                attributed_numbers += 1;
            }
            if let Some(sentence) = spans.iter().copied().find(|s| s.contains(figure)) {
                let m = measure(text, sentence, figure);
                if let Some((verb, word)) = m.verb {
                    assert_eq!(verb.slice(text), word);
                    assert!(sentence.contains(verb));
                }
            }
        }
    }
    // News figures mostly come from someone: far more than a handful are attributed.
    assert!(frames > 2000, "{frames} frames");
    assert!(
        attributed_numbers * 4 > all_numbers,
        "{attributed_numbers} of {all_numbers} numbers attributed"
    );
}

#[test]
fn who_statement_and_national_positions_in_a_chemical_attack_report() {
    let Some(articles) = fakes() else { return };
    let index = by_id(&articles);
    let article = index["1914947530"];
    let text = &article.text;
    let doc = DocAttribution::analyze(text, Some(&article.source));

    // The death toll is in the WHO's statement: `"…" WHO said in a statement putting the death toll at …`.
    let toll = numbers(text)
        .into_iter()
        .find(|n| n.slice(text) == "70")
        .expect("the toll figure");
    let links = doc.links_for(toll);
    assert_eq!(
        links
            .iter()
            .map(|l| l.actor_id.as_deref())
            .collect::<Vec<_>>(),
        vec![None, Some("org:who")]
    );
    let sentence = doc
        .sentences()
        .iter()
        .copied()
        .find(|s| s.contains(toll))
        .unwrap();
    assert_eq!(measure(text, sentence, toll).measure, Some("killed"));

    // Opposed national positions each have their own frame, and the WHO speaks under one id.
    let speakers: Vec<&str> = doc
        .frames()
        .iter()
        .filter_map(|f| f.actor_id.as_deref())
        .collect();
    for id in ["us", "ru", "org:who"] {
        assert!(speakers.contains(&id), "{id} speaks: {speakers:?}");
    }
    assert!(speakers.iter().filter(|id| **id == "org:who").count() >= 3);
    // "Russia has said it believes …" is one link, not Russia twice.
    let russia = doc
        .frames()
        .iter()
        .find(|f| f.actor_id.as_deref() == Some("ru"))
        .unwrap();
    let inside = Span::new(russia.content[0].end - 2, russia.content[0].end - 1);
    assert_eq!(doc.chain_for(inside).len(), 2);
}

#[test]
fn governor_named_with_title_then_by_surname_and_pronoun() {
    let Some(articles) = fakes() else { return };
    let index = by_id(&articles);
    let article = index["1914947532"];
    let text = &article.text;
    let doc = DocAttribution::analyze(text, Some(&article.source));
    let governor: Vec<_> = doc
        .frames()
        .iter()
        .filter(|f| f.actor_id.as_deref() == Some("person:talal-barazi"))
        .collect();
    assert!(governor.len() >= 6, "{governor:#?}");
    let references: Vec<&str> = governor
        .iter()
        .map(|f| f.speaker_span.slice(text))
        .collect();
    assert!(references.iter().any(|r| r.ends_with("Talal Barazi")));
    assert!(references.contains(&"Barazi"));
    assert!(references.iter().any(|r| r.eq_ignore_ascii_case("he")));
    let first = doc
        .actors()
        .iter()
        .find(|m| m.actor_id == "person:talal-barazi")
        .unwrap();
    assert!(first
        .role
        .as_deref()
        .is_some_and(|r| r.contains("Governor")));

    // "The Syrian government denied …" is a denial.
    let denial = doc
        .frames()
        .iter()
        .find(|f| f.stance == Stance::Denies)
        .expect("a denial");
    assert_eq!(denial.actor_id.as_deref(), Some("sy.government"));
    assert_eq!(denial.cue, "denied");
}
