//! Attribution, actors and sentences on the two seed articles, read from
//! ../shared at run time. Figures are located by the short phrase the
//! project brief names them by; every check goes through spans.

use contested_core::{Attribution, Span, Stance};
use contested_extract::{actors, measure, sentences, ActorKind, DocAttribution, Link};

const OUTLET: &str = "trend.az";

fn seed(name: &str) -> Option<String> {
    let path = contested_testkit::shared(&format!("seeds/{name}"))?;
    Some(std::fs::read_to_string(path).expect("seed is readable UTF-8"))
}

fn all_spans(text: &str, needle: &str) -> Vec<Span> {
    text.match_indices(needle)
        .map(|(at, m)| Span::new(at, at + m.len()))
        .collect()
}

/// Non-empty lines: the seeds' paragraphs, in order.
fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split('\n') {
        if !line.trim().is_empty() {
            out.push(Span::new(at, at + line.len()));
        }
        at += line.len() + 1;
    }
    out
}

fn ids(links: &[Link]) -> Vec<Option<&str>> {
    links.iter().map(|l| l.actor_id.as_deref()).collect()
}

fn assert_outlet_link(link: &Attribution) {
    assert_eq!(link.speaker, OUTLET);
    assert_eq!(link.span, None);
    assert_eq!(link.cue, None);
    assert_eq!(link.stance, Stance::Asserts);
}

#[test]
fn regained_hectares_are_the_defence_ministrys_reported_by_the_outlet() {
    let Some(text) = seed("000_62864c3d1b603cdf.txt") else {
        return;
    };
    let doc = DocAttribution::analyze(&text, Some(OUTLET));
    let figures = all_spans(&text, "more than 2,000 hectares");
    assert_eq!(figures.len(), 2, "the seed states the figure twice");
    for figure in figures {
        let links = doc.links_for(figure);
        assert_eq!(
            ids(&links),
            vec![None, Some("az.ministry_of_defence")],
            "{links:#?}"
        );
        assert_outlet_link(&links[0].attribution);
        let ministry = &links[1].attribution;
        assert_eq!(ministry.speaker, "Azerbaijani defense ministry");
        assert_eq!(ministry.stance, Stance::Asserts);
        assert_eq!(ministry.cue.as_deref(), Some("said"));
        // The speaker's span points at this sentence's own reference: the name or "the message".
        let reference = ministry.span.expect("speaker span").slice(&text);
        assert!(
            reference == "Azerbaijani defense ministry" || reference == "the message",
            "{reference}"
        );
        let sentence = doc
            .sentences()
            .iter()
            .copied()
            .find(|s| s.contains(figure))
            .expect("figure sentence");
        assert!(
            sentence.contains(ministry.span.unwrap()),
            "the speaker is named in the figure's sentence"
        );
    }
}

#[test]
fn alleged_loss_is_the_armenian_sides_figure_disputed_by_the_ministry() {
    let Some(text) = seed("000_62864c3d1b603cdf.txt") else {
        return;
    };
    let doc = DocAttribution::analyze(&text, Some(OUTLET));
    let figure = all_spans(&text, "800 hectares")[0];
    let links = doc.links_for(figure);
    assert_eq!(
        ids(&links),
        vec![None, Some("az.ministry_of_defence"), Some("am.side")],
        "{links:#?}"
    );
    let chain = doc.chain_for(figure);
    assert_outlet_link(&chain[0]);
    assert_eq!(chain[1].stance, Stance::Disputes);
    assert_eq!(chain[1].span.unwrap().slice(&text), "the defense ministry");
    assert_eq!(chain[2].stance, Stance::Asserts);
    assert_eq!(chain[2].cue.as_deref(), Some("states"));
    assert_eq!(chain[2].span.unwrap().slice(&text), "the Armenian side");
    assert_eq!(chain[2].speaker, "the Armenian side");
}

#[test]
fn casualty_ratio_is_the_ministrys_quote_across_sentences() {
    let Some(text) = seed("000_62864c3d1b603cdf.txt") else {
        return;
    };
    let doc = DocAttribution::analyze(&text, Some(OUTLET));
    let figure = all_spans(&text, "ten times higher than ours")[0];
    let links = doc.links_for(figure);
    assert_eq!(
        ids(&links),
        vec![None, Some("az.ministry_of_defence")],
        "{links:#?}"
    );
    assert_eq!(links[1].attribution.cue.as_deref(), Some("said"));
    let quote = doc.quote_containing(figure).expect("the figure is quoted");
    assert!(quote.slice(&text).starts_with('"') && quote.slice(&text).ends_with('"'));
    let sentences_in_quote = doc
        .sentences()
        .iter()
        .filter(|s| quote.contains(**s) || s.overlaps(quote))
        .count();
    assert!(
        sentences_in_quote >= 3,
        "the quotation runs over several sentences"
    );
    // The quote names no speaker itself: the one named after the previous quote carries over.
    let speaker_span = links[1].attribution.span.unwrap();
    assert!(speaker_span.end <= quote.start);
    let m = measure(
        &text,
        doc.sentences()
            .iter()
            .copied()
            .find(|s| s.contains(figure))
            .unwrap(),
        figure,
    );
    assert_eq!(m.measure, Some("casualties"));
    assert_eq!(
        m.verb.as_ref().map(|(s, v)| (s.slice(&text), v.as_str())),
        Some(("losses", "losses"))
    );
}

#[test]
fn background_paragraphs_belong_to_the_outlet() {
    let Some(text) = seed("000_62864c3d1b603cdf.txt") else {
        return;
    };
    let doc = DocAttribution::analyze(&text, Some(OUTLET));
    for needle in ["20 percent", "four UN", "4400 km2", "289 km2", "1988"] {
        for figure in all_spans(&text, needle) {
            let chain = doc.chain_for(figure);
            assert_eq!(chain.len(), 1, "{needle}: {chain:#?}");
            assert_outlet_link(&chain[0]);
        }
    }
    let without_outlet = DocAttribution::analyze(&text, None);
    assert_eq!(
        without_outlet.chain_for(all_spans(&text, "20 percent")[0])[0].speaker,
        "unknown outlet"
    );
}

#[test]
fn shevchenko_speaks_every_paragraph_that_quotes_him_with_his_role() {
    let Some(text) = seed("001_74cce8bf547e5db9.txt") else {
        return;
    };
    let doc = DocAttribution::analyze(&text, Some(OUTLET));
    let paragraphs = paragraphs(&text);
    assert_eq!(paragraphs.len(), 16);
    // Paragraphs 4..=10 are his: "says Maxim Shevchenko", "said the expert", "he added",
    // "Shevchenko believes", "he said", "said Shevchenko, adding", "The expert believes".
    let mut cues = Vec::new();
    for paragraph in &paragraphs[4..=10] {
        // A word a third of the way in: past a leading speaker, before a trailing one.
        let third = paragraph.start + paragraph.len() / 3;
        let start = text[..third].rfind(' ').unwrap() + 1;
        let word = Span::new(start, start + text[start..].find(' ').unwrap());
        let links = doc.links_for(word);
        // (The Armenians' claim quoted by him nests one level deeper; checked below.)
        assert_eq!(
            ids(&links)[..2],
            [None, Some("person:maxim-shevchenko")],
            "{:?}: {links:#?}",
            paragraph.slice(&text)
        );
        assert_eq!(links[1].attribution.speaker, "Maxim Shevchenko");
        cues.push((
            links[1].attribution.span.unwrap().slice(&text).to_string(),
            links[1].attribution.cue.clone().unwrap(),
        ));
    }
    let expected = [
        ("Maxim Shevchenko", "says"),
        ("the expert", "said"),
        ("he", "added"),
        ("Shevchenko", "believes"),
        ("he", "said"),
        ("Shevchenko", "said"),
        ("The expert", "believes"),
    ];
    assert_eq!(cues, expected.map(|(a, b)| (a.to_string(), b.to_string())));

    // His role, stated once, holds for every mention; it says he is Russian.
    let mentions: Vec<_> = doc
        .actors()
        .iter()
        .filter(|m| m.actor_id == "person:maxim-shevchenko")
        .collect();
    assert!(mentions.len() >= 4, "{mentions:#?}");
    let first = mentions[0];
    assert_eq!(first.span.slice(&text), "Maxim Shevchenko");
    let role = first.role.as_deref().expect("role from the apposition");
    assert!(
        text[first.span.end..].starts_with(&format!(", {role}")),
        "the role is the apposition as written"
    );
    for m in &mentions {
        assert_eq!(m.role.as_deref(), Some(role));
        assert_eq!(m.side.as_deref(), Some("RU"));
    }
    assert!(mentions
        .iter()
        .any(|m| m.kind == ActorKind::Expert
            && m.span.slice(&text).eq_ignore_ascii_case("the expert")));
    let fullest = doc.actor("person:maxim-shevchenko").expect("known actor");
    assert_eq!(
        (fullest.name.as_str(), fullest.role.as_deref()),
        ("Maxim Shevchenko", Some(role))
    );

    // The participle after "said Shevchenko, adding" is his alone, not the sentence subject's.
    let last_paragraph_of_his = paragraphs[9];
    let near_end = Span::new(last_paragraph_of_his.end - 3, last_paragraph_of_his.end - 1);
    assert_eq!(
        ids(&doc.links_for(near_end)),
        vec![None, Some("person:maxim-shevchenko")]
    );

    // The Armenians' claim inside his quote nests under him.
    let seven = all_spans(&text, "seven")[0];
    assert_eq!(
        ids(&doc.links_for(seven)),
        vec![None, Some("person:maxim-shevchenko"), Some("am.people")]
    );

    // The ceasefire sentence is the ministry's; the background is the outlet's.
    let ceasefire = all_spans(&text, "12:00")[0];
    assert_eq!(
        ids(&doc.links_for(ceasefire)),
        vec![None, Some("az.ministry_of_defence")]
    );
    for paragraph in [
        &paragraphs[11],
        &paragraphs[12],
        &paragraphs[14],
        &paragraphs[15],
    ] {
        let start = Span::new(paragraph.start, paragraph.start + 2);
        assert_eq!(
            doc.chain_for(start).len(),
            1,
            "{:?}",
            paragraph.slice(&text)
        );
    }
}

#[test]
fn seed_actors_are_normalised_with_sides() {
    let Some(text) = seed("000_62864c3d1b603cdf.txt") else {
        return;
    };
    let found = actors(&text);
    let with = |id: &str| {
        found
            .iter()
            .filter(|m| m.actor_id == id)
            .collect::<Vec<_>>()
    };
    let ministry = with("az.ministry_of_defence");
    assert_eq!(
        ministry.len(),
        3,
        "named once in full and twice as 'the defense ministry'"
    );
    assert!(ministry
        .iter()
        .all(|m| m.kind == ActorKind::Ministry && m.side.as_deref() == Some("AZ")));
    assert!(with("am.side")
        .iter()
        .all(|m| m.span.slice(&text) == "the Armenian side" && m.kind == ActorKind::Side));
    assert!(!with("am.side").is_empty());
    assert!(with("az.armed_forces").len() >= 3);
    assert!(with("am.armed_forces")
        .iter()
        .all(|m| m.side.as_deref() == Some("AM")));
    assert_eq!(with("org:unsc").len(), 1);
    for m in &found {
        assert_eq!(m.span.slice(&text), m.name);
    }
}

#[test]
fn seed_sentences_end_at_line_breaks_and_keep_abbreviated_dates_whole() {
    for name in ["000_62864c3d1b603cdf.txt", "001_74cce8bf547e5db9.txt"] {
        let Some(text) = seed(name) else { return };
        let spans = sentences(&text);
        for pair in spans.windows(2) {
            assert!(pair[0].end <= pair[1].start);
        }
        for s in &spans {
            let piece = s.slice(&text);
            assert!(!piece.contains('\n') && piece.trim() == piece && !piece.is_empty());
        }
        // Every paragraph is covered by whole sentences.
        for paragraph in paragraphs(&text) {
            assert!(spans.iter().any(|s| s.start == paragraph.start));
            assert!(spans.iter().any(|s| s.end == paragraph.end));
        }
        for figure in all_spans(&text, "12:00") {
            let sentence = spans
                .iter()
                .find(|s| s.contains(figure))
                .expect("in a sentence");
            let date = all_spans(&text, "Apr. 5")[0];
            assert!(sentence.contains(date), "'Apr.' does not end the sentence");
        }
    }
}

#[test]
fn seed_measures_keep_the_verb_and_the_gaining_party() {
    let Some(text) = seed("000_62864c3d1b603cdf.txt") else {
        return;
    };
    let spans = sentences(&text);
    let sentence_of = |f: Span| spans.iter().copied().find(|s| s.contains(f)).unwrap();
    let regained = all_spans(&text, "more than 2,000 hectares");
    let first = measure(&text, sentence_of(regained[0]), regained[0]);
    assert_eq!(first.measure, Some("territory"));
    assert_eq!(
        first
            .verb
            .as_ref()
            .map(|(s, v)| (s.slice(&text), v.as_str())),
        Some(("liberated", "liberated"))
    );
    assert_eq!(first.to.as_deref(), Some("AZ"));
    assert_eq!(first.from.as_deref(), Some("AM"));
    let second = measure(&text, sentence_of(regained[1]), regained[1]);
    assert_eq!(
        (
            second.measure,
            second.verb.map(|(_, v)| v),
            second.to.as_deref()
        ),
        (Some("territory"), Some("freed".to_string()), Some("AZ"))
    );

    let loss = all_spans(&text, "800 hectares")[0];
    let m = measure(&text, sentence_of(loss), loss);
    assert_eq!(
        (m.measure, m.verb.map(|(_, v)| v)),
        (Some("territory"), Some("loss".to_string()))
    );

    let share = all_spans(&text, "20 percent")[0];
    let m = measure(&text, sentence_of(share), share);
    assert_eq!(m.measure, Some("share_of_territory"));
    assert_eq!(m.verb.as_ref().map(|(_, v)| v.as_str()), Some("occupied"));
    assert_eq!(
        (m.to.as_deref(), m.from.as_deref()),
        (Some("AM"), Some("AZ"))
    );

    // The figures block under its heading: every area is territory, the heading's word kept.
    for figure in all_spans(&text, " km2").into_iter().map(|s| {
        let number_start = text[..s.start].rfind(' ').unwrap() + 1;
        Span::new(number_start, s.end)
    }) {
        let m = measure(&text, sentence_of(figure), figure);
        assert_eq!(m.measure, Some("territory"), "{}", figure.slice(&text));
        let (span, word) = m.verb.expect("the heading's word");
        assert_eq!(span.slice(&text), word);
        assert!(
            span.end < sentence_of(figure).start,
            "the word comes from the heading line"
        );
    }

    let resolutions = all_spans(&text, "four")[0];
    assert_eq!(
        measure(&text, sentence_of(resolutions), resolutions).measure,
        Some("count")
    );
}
