//! Attribution on the Reuters-and-others 2016 conflict corpus
//! (../shared/data/corpus/reuters_2016), read at run time. Unlike FA-KES
//! these texts keep their punctuation, curly quotes and multi-paragraph
//! quotations, so they test the quote and apposition paths.

use contested_core::Span;
use contested_extract::{sentences, DocAttribution};

struct Article {
    id: String,
    outlet: String,
    text: String,
}

fn articles() -> Option<Vec<Article>> {
    let path = contested_testkit::shared("data/corpus/reuters_2016/conflict_2016.jsonl")?;
    let data = std::fs::read_to_string(path).expect("corpus is readable");
    let parsed = data
        .lines()
        .map(|line| {
            let v: serde_json::Value =
                serde_json::from_str(line).expect("one JSON object per line");
            Article {
                id: v["id"].as_str().unwrap().to_string(),
                outlet: v["outlet"].as_str().unwrap_or("").to_string(),
                text: v["text"].as_str().unwrap_or("").to_string(),
            }
        })
        .collect();
    Some(parsed)
}

fn article<'a>(all: &'a [Article], id: &str) -> &'a Article {
    all.iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("article {id} in the corpus"))
}

#[test]
fn every_article_yields_wellformed_spans() {
    let Some(all) = articles() else { return };
    assert!(all.len() > 200);
    let mut frames = 0;
    for a in &all {
        let text = &a.text;
        for s in sentences(text) {
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            assert!(
                !s.slice(text).contains('\n'),
                "{}: a sentence runs over a line break",
                a.id
            );
        }
        let doc = DocAttribution::analyze(text, Some(&a.outlet));
        for f in doc.frames() {
            frames += 1;
            assert!(
                text.is_char_boundary(f.speaker_span.start)
                    && text.is_char_boundary(f.speaker_span.end)
            );
            for piece in &f.content {
                assert!(
                    text.is_char_boundary(piece.start) && text.is_char_boundary(piece.end),
                    "{}",
                    a.id
                );
                // A speaker's words never include the speaker's own reference.
                assert!(
                    !piece.contains(f.speaker_span),
                    "{}: {:?}",
                    a.id,
                    piece.slice(text)
                );
            }
        }
        for m in doc.actors() {
            assert_eq!(m.span.slice(text), m.name);
        }
    }
    assert!(frames > 1500, "{frames} frames");
}

#[test]
fn interior_minister_and_his_pronoun_carry_the_detention_figures() {
    let Some(all) = articles() else { return };
    let a = article(
        &all,
        "2016-01-13-istanbul-bomber-registered-in-turkey-but-not-on-wanted-list-reuters",
    );
    let text = &a.text;
    let doc = DocAttribution::analyze(text, Some(&a.outlet));
    // "Turkey's interior minister said on Wednesday" closes the lead.
    let lead = doc
        .frames()
        .iter()
        .find(|f| f.actor_id.as_deref() == Some("tr.interior_minister"))
        .expect("the minister speaks");
    assert_eq!(lead.cue, "said");
    // A trailing attribution: the minister's words run from the start of the sentence.
    let sentence = doc
        .sentences()
        .iter()
        .find(|s| s.contains(lead.cue_span))
        .unwrap();
    assert_eq!(lead.content[0].start, sentence.start);
    assert!(lead.content[0].end < lead.speaker_span.start);
    // Later "He said Turkey had detained 3,318 people …" is the minister, named in full in between.
    let figure = text
        .find("3,318")
        .map(|at| Span::new(at, at + 5))
        .expect("figure");
    let links = doc.links_for(figure);
    assert_eq!(links.len(), 2, "{links:#?}");
    assert_eq!(links[1].attribution.span.unwrap().slice(text), "He");
    assert!(links[1]
        .actor_id
        .as_deref()
        .is_some_and(|id| id.starts_with("person:")));
    let speaker = doc
        .actors()
        .iter()
        .find(|m| Some(&m.actor_id) == links[1].actor_id.as_ref())
        .unwrap();
    assert!(
        speaker
            .role
            .as_deref()
            .is_some_and(|r| r.contains("Minister")),
        "{speaker:?}"
    );
}

#[test]
fn bystanders_quoted_after_their_words_keep_their_ages_out_of_the_quote() {
    let Some(all) = articles() else { return };
    let a = article(
        &all,
        "2016-01-12-suicide-bomber-kills-10-people-mainly-germans-in-istanbul-reuters",
    );
    let text = &a.text;
    let doc = DocAttribution::analyze(text, Some(&a.outlet));
    // Each `"…," said NAME, AGE, who …` gives the quote to NAME; the age and the relative clause stay the outlet's.
    let quoted: Vec<_> = doc
        .frames()
        .iter()
        .filter(|f| {
            f.actor_id
                .as_deref()
                .is_some_and(|id| id.starts_with("person:"))
                && f.content.iter().any(|c| c.slice(text).starts_with('"'))
        })
        .collect();
    assert!(quoted.len() >= 2, "{quoted:#?}");
    for f in quoted {
        let after = &text[f.speaker_span.end..];
        if let Some(age) = after
            .strip_prefix(", ")
            .and_then(|rest| rest.split(',').next())
            .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
        {
            let at = f.speaker_span.end + 2;
            let age_span = Span::new(at, at + age.len());
            assert_eq!(
                doc.chain_for(age_span).len(),
                1,
                "the age {age} is the outlet's description"
            );
        }
        assert!(f
            .content
            .iter()
            .all(|c| c.end <= f.cue_span.start || c.start >= f.cue_span.end));
    }
}
