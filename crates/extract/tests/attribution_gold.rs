//! A small hand-labelled set of who asserts a figure, scored for precision
//! and recall of the innermost speaker and for whole-chain accuracy.
//!
//! How the set was kept independent of the rules: items were drawn by a fixed
//! rule before looking at any output (every 11th Reuters-2016 article from the
//! 4th and every 67th FA-KES row from the 5th; the first two numbers in each
//! that are not part of a date, clock time or year) and labelled from the
//! text alone. Nothing was dropped or relabelled after running the system,
//! including items known to be hard (headlines run into the lead sentence,
//! a speaker continuing after ", while").
//!
//! Texts stay in ../shared: an item is (document id, byte offset, figure as
//! written) and the expected chain under the outlet, each link either an
//! actor id or `~word`, an unnamed speaker whose reference contains `word`.

use std::collections::HashMap;

use contested_core::Span;
use contested_extract::{DocAttribution, Link};

struct Item {
    doc: &'static str,
    at: usize,
    figure: &'static str,
    expected: &'static [&'static str],
}

const REUTERS: &[Item] = &[
    Item { doc: "2016-01-12-explosion-reported-in-central-istanbul-cnn", at: 114, figure: "100", expected: &[] },
    Item { doc: "2016-01-12-explosion-reported-in-central-istanbul-cnn", at: 842, figure: "240", expected: &[] },
    Item { doc: "2016-01-16-iran-says-international-sanctions-to-be-lifted-on-saturday-reuters", at: 511, figure: "80", expected: &[] },
    Item { doc: "2016-01-16-iran-says-international-sanctions-to-be-lifted-on-saturday-reuters", at: 4908, figure: "10", expected: &[] },
    Item { doc: "2016-01-22-more-than-20-dead-as-somali-forces-end-restaurant-siege-usa-today", at: 168, figure: "20", expected: &["~official"] },
    Item { doc: "2016-02-03-obama-in-mosque-visit-denounces-anti-muslim-bias-new-york-times", at: 2940, figure: "130", expected: &[] },
    Item { doc: "2016-02-03-obama-in-mosque-visit-denounces-anti-muslim-bias-new-york-times", at: 3050, figure: "14", expected: &[] },
    Item { doc: "2016-02-10-scant-hope-of-syria-peace-breakthrough-as-russia-pounds-rebels", at: 2381, figure: "500", expected: &["~group"] },
    Item { doc: "2016-02-10-scant-hope-of-syria-peace-breakthrough-as-russia-pounds-rebels", at: 4190, figure: "30", expected: &["~officials"] },
    Item { doc: "2016-02-21-twin-bomb-blasts-kill-25-in-syrias-homs-monitoring-group", at: 16, figure: "25", expected: &["~group"] },
    Item { doc: "2016-02-21-twin-bomb-blasts-kill-25-in-syrias-homs-monitoring-group", at: 188, figure: "100", expected: &["org:sohr"] },
    Item { doc: "2016-03-04-syria-rebels-say-government-mobilizes-despite-truce", at: 2185, figure: "40", expected: &["~head"] },
    Item { doc: "2016-03-04-syria-rebels-say-government-mobilizes-despite-truce", at: 2551, figure: "250,000", expected: &[] },
    Item { doc: "2016-03-14-u-n-aims-for-syria-talks-to-produce-roadmap-no-plan-b-but-war", at: 954, figure: "5", expected: &[] },
    Item { doc: "2016-03-14-u-n-aims-for-syria-talks-to-produce-roadmap-no-plan-b-but-war", at: 985, figure: "250,000", expected: &[] },
    Item { doc: "2016-03-20-istanbul-bomber-identified-as-turkish-member-of-islamic-state", at: 1000, figure: "36", expected: &[] },
    Item { doc: "2016-03-20-istanbul-bomber-identified-as-turkish-member-of-islamic-state", at: 1198, figure: "12", expected: &[] },
    Item { doc: "2016-03-26-obama-u-s-ramps-up-intelligence-cooperation-to-review-isis-fight-at-summit", at: 557, figure: "14", expected: &["~obama"] },
    Item { doc: "2016-04-23-germany-seeking-safe-zones-in-syria-to-shelter-refugees", at: 297, figure: "2.7", expected: &[] },
    Item { doc: "2016-04-23-germany-seeking-safe-zones-in-syria-to-shelter-refugees", at: 1894, figure: "150", expected: &["~migration"] },
    Item { doc: "2016-04-30-iraq-protesters-storm-parliament-demanding-end-to-corruption-new-york-times", at: 3430, figure: "21", expected: &["~police"] },
    Item { doc: "2016-04-30-iraq-protesters-storm-parliament-demanding-end-to-corruption-new-york-times", at: 3456, figure: "42", expected: &["~police"] },
    Item { doc: "2016-05-04-dozens-killed-in-aleppo-battle", at: 904, figure: "40", expected: &["~fighter"] },
    Item { doc: "2016-05-04-dozens-killed-in-aleppo-battle", at: 972, figure: "10", expected: &["~fighter"] },
    Item { doc: "2016-05-25-jailed-ukraine-pilot-heads-home-under-prisoner-swap-with-russia-sources-reuters", at: 1620, figure: "22", expected: &[] },
    Item { doc: "2016-06-07-drones-emerge-from-shadows-to-become-key-cog-in-u-s-war-machine", at: 228, figure: "15", expected: &[] },
    Item { doc: "2016-06-07-drones-emerge-from-shadows-to-become-key-cog-in-u-s-war-machine", at: 1594, figure: "9,800", expected: &[] },
    Item { doc: "2016-06-12-russia-and-england-could-be-expelled-from-euro-2016-if-violence-persists", at: 1463, figure: "40", expected: &[] },
    Item { doc: "2016-06-12-russia-and-england-could-be-expelled-from-euro-2016-if-violence-persists", at: 1470, figure: "25", expected: &[] },
    Item { doc: "2016-06-16-post-islamic-state-iraq-should-be-split-in-three-top-kurdish-official", at: 3023, figure: "2", expected: &[] },
    Item { doc: "2016-06-25-huge-explosion-at-hotel-in-somali-capital-gunmen-inside-washington-post", at: 1254, figure: "11", expected: &["~yusuf ali"] },
    Item { doc: "2016-07-03-bangladesh-says-gunmen-behind-restaurant-killings-local-some-known", at: 37, figure: "20", expected: &["~police"] },
    Item { doc: "2016-07-03-bangladesh-says-gunmen-behind-restaurant-killings-local-some-known", at: 345, figure: "18", expected: &[] },
    Item { doc: "2016-07-10-renewed-fighting-breaks-out-in-south-sudan", at: 690, figure: "272", expected: &["~source"] },
    Item { doc: "2016-07-10-renewed-fighting-breaks-out-in-south-sudan", at: 1035, figure: "33", expected: &["~source"] },
];

const FAKES: &[Item] = &[
    Item {
        doc: "1914947535",
        at: 16,
        figure: "29",
        expected: &[],
    },
    Item {
        doc: "1914947535",
        at: 79,
        figure: "29",
        expected: &["~monitor"],
    },
    Item {
        doc: "1923102846",
        at: 129,
        figure: "30",
        expected: &[],
    },
    Item {
        doc: "1923102846",
        at: 259,
        figure: "30",
        expected: &[],
    },
    Item {
        doc: "1923848127",
        at: 55,
        figure: "126",
        expected: &["org:sohr"],
    },
    Item {
        doc: "1923848127",
        at: 165,
        figure: "126",
        expected: &["org:sohr"],
    },
    Item {
        doc: "1923848226",
        at: 29,
        figure: "14",
        expected: &[],
    },
    Item {
        doc: "1923848226",
        at: 42,
        figure: "5",
        expected: &[],
    },
    Item {
        doc: "1923848308",
        at: 30,
        figure: "12",
        expected: &["~media"],
    },
    Item {
        doc: "1923848308",
        at: 40,
        figure: "50",
        expected: &["~media"],
    },
    Item {
        doc: "1924058110",
        at: 20,
        figure: "17",
        expected: &[],
    },
    Item {
        doc: "1926478910",
        at: 0,
        figure: "8",
        expected: &[],
    },
    Item {
        doc: "1926478910",
        at: 17,
        figure: "58",
        expected: &[],
    },
    Item {
        doc: "1926479297",
        at: 51,
        figure: "25",
        expected: &[],
    },
    Item {
        doc: "1926479297",
        at: 182,
        figure: "7",
        expected: &["~correspondent"],
    },
    Item {
        doc: "1962495686",
        at: 27,
        figure: "83",
        expected: &[],
    },
    Item {
        doc: "1962495686",
        at: 38,
        figure: "100",
        expected: &[],
    },
];

/// A second sample, drawn after the rule changes above by another fixed rule
/// (every 13th Reuters-2016 article from the 7th, every 71st FA-KES row from
/// the 10th; the same number filter, items already in the first set and
/// dates written as 16-12-2014 left out) and labelled before any run. It
/// is held out: no rule is to be changed because of it.
const HELD_OUT: &[(&str, Item)] = &[
    ("r", Item { doc: "2016-01-13-president-obamas-final-state-of-the-union-address", at: 1624, figure: "761,000", expected: &[] }),
    ("r", Item { doc: "2016-01-13-president-obamas-final-state-of-the-union-address", at: 1668, figure: "500,000", expected: &[] }),
    ("r", Item { doc: "2016-01-17-suicide-bomber-kills-13-people-in-eastern-afghanistan-officials-reuters", at: 47, figure: "13", expected: &["~officials"] }),
    ("r", Item { doc: "2016-01-17-suicide-bomber-kills-13-people-in-eastern-afghanistan-officials-reuters", at: 270, figure: "14", expected: &["~khogyani"] }),
    ("r", Item { doc: "2016-01-30-turkey-says-russia-violated-its-airspace-bbc-news", at: 145, figure: "34", expected: &["~ministry"] }),
    ("r", Item { doc: "2016-01-30-turkey-says-russia-violated-its-airspace-bbc-news", at: 439, figure: "34", expected: &["~ministry"] }),
    ("r", Item { doc: "2016-02-09-u-n-fears-for-hundreds-of-thousands-if-syria-troops-encircle-aleppo", at: 552, figure: "2", expected: &[] }),
    ("r", Item { doc: "2016-02-09-u-n-fears-for-hundreds-of-thousands-if-syria-troops-encircle-aleppo", at: 669, figure: "250,000", expected: &[] }),
    ("r", Item { doc: "2016-03-16-belgian-pm-summons-security-chiefs-after-gunman-killed", at: 2136, figure: "11", expected: &[] }),
    ("r", Item { doc: "2016-03-16-belgian-pm-summons-security-chiefs-after-gunman-killed", at: 2796, figure: "26", expected: &[] }),
    ("r", Item { doc: "2016-03-26-belgian-nuclear-guard-shot-and-security-access-badge-stolen-media-reuters", at: 86, figure: "31", expected: &["~media"] }),
    ("r", Item { doc: "2016-03-26-belgian-nuclear-guard-shot-and-security-access-badge-stolen-media-reuters", at: 1235, figure: "130", expected: &[] }),
    ("r", Item { doc: "2016-04-02-video-of-military-convoy-new-evidence-russia-not-pulling-out-of-syria-fox-news", at: 1276, figure: "27", expected: &[] }),
    ("r", Item { doc: "2016-04-02-video-of-military-convoy-new-evidence-russia-not-pulling-out-of-syria-fox-news", at: 1438, figure: "20", expected: &[] }),
    ("r", Item { doc: "2016-04-24-obama-merkel-push-for-trade-deal-as-foreign-crises-weigh", at: 321, figure: "17", expected: &[] }),
    ("r", Item { doc: "2016-04-24-obama-merkel-push-for-trade-deal-as-foreign-crises-weigh", at: 2012, figure: "61", expected: &[] }),
    ("r", Item { doc: "2016-05-01-police-officers-killed-dozens-wounded-in-attacks-near-turkeys-southeast-border-reuters", at: 45, figure: "23", expected: &["~governor"] }),
    ("r", Item { doc: "2016-05-01-police-officers-killed-dozens-wounded-in-attacks-near-turkeys-southeast-border-reuters", at: 1420, figure: "14", expected: &["~statement"] }),
    ("r", Item { doc: "2016-05-11-isis-claims-responsibility-for-baghdad-bombing-that-killed-dozens-cnn", at: 14, figure: "64", expected: &["~police"] }),
    ("r", Item { doc: "2016-05-11-isis-claims-responsibility-for-baghdad-bombing-that-killed-dozens-cnn", at: 122, figure: "87", expected: &[] }),
    ("r", Item { doc: "2016-05-23-bombs-rockets-tear-through-syrian-regime-strongholds-cbs-news", at: 100, figure: "65", expected: &["~state tv"] }),
    ("r", Item { doc: "2016-05-23-bombs-rockets-tear-through-syrian-regime-strongholds-cbs-news", at: 402, figure: "20", expected: &["~official"] }),
    ("r", Item { doc: "2016-06-07-11-killed-in-car-bombing-targeting-police-bus-in-istanbul-cnn", at: 215, figure: "36", expected: &["~he"] }),
    ("r", Item { doc: "2016-06-07-11-killed-in-car-bombing-targeting-police-bus-in-istanbul-cnn", at: 2029, figure: "37", expected: &[] }),
    ("r", Item { doc: "2016-06-29-suspected-islamic-state-suicide-bombers-kill-36-at-istanbul-airport", at: 128, figure: "36", expected: &[] }),
    ("r", Item { doc: "2016-06-29-suspected-islamic-state-suicide-bombers-kill-36-at-istanbul-airport", at: 160, figure: "150", expected: &[] }),
    ("r", Item { doc: "2016-07-06-different-targets-different-countries-the-challenge-of-stopping-islamic-state", at: 1893, figure: "45", expected: &["~officials"] }),
    ("r", Item { doc: "2016-07-06-different-targets-different-countries-the-challenge-of-stopping-islamic-state", at: 1980, figure: "20", expected: &["~officials"] }),
    ("r", Item { doc: "2016-07-16-turkish-president-erdogan-declares-coup-attempt-over-cnn", at: 310, figure: "42", expected: &["~media"] }),
    ("r", Item { doc: "2016-07-16-turkish-president-erdogan-declares-coup-attempt-over-cnn", at: 2393, figure: "16", expected: &[] }),
    ("f", Item { doc: "1914947540", at: 332, figure: "40", expected: &["~correspondent"] }),
    ("f", Item { doc: "1923102866", at: 112, figure: "12", expected: &["org:sohr"] }),
    ("f", Item { doc: "1923102866", at: 327, figure: "12", expected: &[] }),
    ("f", Item { doc: "1923848151", at: 520, figure: "26", expected: &["org:sohr"] }),
    ("f", Item { doc: "1923848151", at: 850, figure: "122", expected: &["~abdurrahman"] }),
    ("f", Item { doc: "1923848248", at: 21, figure: "20", expected: &["~monitor"] }),
    ("f", Item { doc: "1923848248", at: 91, figure: "20", expected: &["org:sohr"] }),
    ("f", Item { doc: "1924058047", at: 348, figure: "24", expected: &["org:sohr"] }),
    ("f", Item { doc: "1924058047", at: 2473, figure: "24", expected: &["~observatory"] }),
    ("f", Item { doc: "1924058156", at: 205, figure: "101", expected: &["~rahman"] }),
    ("f", Item { doc: "1924058156", at: 209, figure: "102", expected: &["~rahman"] }),
    ("f", Item { doc: "1926478977", at: 30, figure: "35", expected: &[] }),
    ("f", Item { doc: "1926478977", at: 256, figure: "35", expected: &["~syrian national"] }),
    ("f", Item { doc: "1926479159", at: 116, figure: "10", expected: &["~activists"] }),
    ("f", Item { doc: "1926479159", at: 145, figure: "50", expected: &["~activists"] }),
    ("f", Item { doc: "1962495648", at: 56, figure: "5", expected: &[] }),
    ("f", Item { doc: "1962495648", at: 65, figure: "50", expected: &[] }),
    ("f", Item { doc: "1962495735", at: 35, figure: "23", expected: &[] }),
    ("f", Item { doc: "1962495735", at: 79, figure: "23", expected: &["~group"] }),
];

fn matches(expected: &str, link: &Link, text: &str) -> bool {
    match expected.strip_prefix('~') {
        Some(word) => {
            let reference = link
                .attribution
                .span
                .map(|s| s.slice(text).to_lowercase())
                .unwrap_or_default();
            reference.contains(word) || link.attribution.speaker.to_lowercase().contains(word)
        }
        None => link.actor_id.as_deref() == Some(expected),
    }
}

#[derive(Default)]
struct Score {
    items: usize,
    exact: usize,
    /// Innermost speaker named by the system (not the outlet) and right.
    true_positive: usize,
    /// Named by the system but wrong, or named where the outlet speaks.
    false_positive: usize,
    /// A speaker in the gold set the system did not name correctly.
    false_negative: usize,
}

impl Score {
    fn add(&mut self, item: &Item, text: &str, outlet: &str) {
        let at = Span::new(item.at, item.at + item.figure.len());
        assert_eq!(
            &text[at.start..at.end],
            item.figure,
            "{} @{}: the corpus changed",
            item.doc,
            item.at
        );
        let doc = DocAttribution::analyze(text, Some(outlet));
        let links = doc.links_for(at);
        let under_outlet = &links[1..];
        self.items += 1;
        let exact = under_outlet.len() == item.expected.len()
            && under_outlet
                .iter()
                .zip(item.expected)
                .all(|(l, e)| matches(e, l, text));
        if exact {
            self.exact += 1;
        }
        match (under_outlet.last(), item.expected.last()) {
            (Some(link), Some(want)) if matches(want, link, text) => self.true_positive += 1,
            (Some(_), Some(_)) => {
                self.false_positive += 1;
                self.false_negative += 1;
            }
            (Some(_), None) => self.false_positive += 1,
            (None, Some(_)) => self.false_negative += 1,
            (None, None) => {}
        }
        if !exact {
            eprintln!(
                "miss {} @{}: expected {:?}, got {:?}",
                item.doc,
                item.at,
                item.expected,
                under_outlet
                    .iter()
                    .map(|l| (l.attribution.speaker.as_str(), l.actor_id.as_deref()))
                    .collect::<Vec<_>>()
            );
        }
    }

    fn report(&self, name: &str) {
        eprintln!(
            "attribution {name}: {} items, whole chain right {}, innermost speaker precision {:.2} recall {:.2} (tp {} fp {} fn {})",
            self.items,
            self.exact,
            self.precision(),
            self.recall(),
            self.true_positive,
            self.false_positive,
            self.false_negative
        );
    }

    fn precision(&self) -> f64 {
        self.true_positive as f64 / (self.true_positive + self.false_positive).max(1) as f64
    }

    fn recall(&self) -> f64 {
        self.true_positive as f64 / (self.true_positive + self.false_negative).max(1) as f64
    }
}

#[test]
fn innermost_speaker_precision_and_recall_on_the_hand_labelled_set() {
    let Some(reuters_path) =
        contested_testkit::shared("data/corpus/reuters_2016/conflict_2016.jsonl")
    else {
        return;
    };
    let Some(fakes_path) = contested_testkit::shared("data/corpus/fakes/FA-KES-Dataset.csv") else {
        return;
    };
    let reuters: HashMap<String, (String, String)> = std::fs::read_to_string(reuters_path)
        .expect("corpus is readable")
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            (
                v["id"].as_str().unwrap().to_string(),
                (
                    v["text"].as_str().unwrap().to_string(),
                    v["outlet"].as_str().unwrap_or("").to_string(),
                ),
            )
        })
        .collect();
    let fakes: HashMap<String, (String, String)> = csv::Reader::from_path(fakes_path)
        .expect("FA-KES opens")
        .records()
        .map(|row| {
            let row = row.expect("row");
            (row[0].to_string(), (row[2].to_string(), row[3].to_string()))
        })
        .collect();

    let mut score = Score::default();
    for (items, corpus) in [(REUTERS, &reuters), (FAKES, &fakes)] {
        for item in items {
            let (text, outlet) = corpus
                .get(item.doc)
                .unwrap_or_else(|| panic!("{} in the corpus", item.doc));
            score.add(item, text, outlet);
        }
    }
    score.report("development set");
    assert_eq!(score.items, 52);
    // The first, blind run scored precision 0.88, recall 0.68, 43 whole chains. Its misses
    // then led to general rule changes (a comma ends the circumstance after a cue, speakers
    // before a relative clause or apposition, "the head of …", datelines run into the
    // text), so this set is now a development set; its floors guard those changes.
    assert!(
        score.precision() >= 0.95,
        "precision {:.2}",
        score.precision()
    );
    assert!(score.recall() >= 0.9, "recall {:.2}", score.recall());
    assert!(score.exact >= 50, "{} whole chains right", score.exact);

    let mut held_out = Score::default();
    for (corpus, item) in HELD_OUT {
        let (text, outlet) = if *corpus == "r" {
            &reuters[item.doc]
        } else {
            &fakes[item.doc]
        };
        held_out.add(item, text, outlet);
    }
    held_out.report("held-out set");
    assert_eq!(held_out.items, 49);
    // Floors from its one blind run: precision 0.81, recall 0.79, 41 whole chains.
    assert!(
        held_out.precision() >= 0.81,
        "held-out precision {:.2}",
        held_out.precision()
    );
    assert!(
        held_out.recall() >= 0.78,
        "held-out recall {:.2}",
        held_out.recall()
    );
    assert!(
        held_out.exact >= 41,
        "{} held-out chains right",
        held_out.exact
    );
}
