//! Properties of copy detection on generated text: random words, so any
//! overlap between two paragraphs is one the test put there.

use contested_clean::{containment, fingerprint, resemblance, resolve_roles, Fingerprint, Occurrence, Zone};
use contested_core::{Role, Span};
use proptest::prelude::*;

/// Sentences of at least ten words: changing one word then leaves at least
/// five of eight shingles, so an edited copy stays over the threshold by
/// construction rather than by luck.
fn sentence() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[a-z]{4,9}", 10..16)
}

fn paragraph() -> impl Strategy<Value = Vec<Vec<String>>> {
    prop::collection::vec(sentence(), 3..6)
}

fn render(sentences: &[Vec<String>]) -> String {
    sentences.iter().map(|s| format!("{}.", s.join(" "))).collect::<Vec<_>>().join(" ")
}

#[derive(Debug, Clone)]
enum Edit {
    /// Commas, quotes, capitals and other sentence-final marks.
    Punctuation,
    /// One word replaced in every sentence.
    WordPerSentence,
    AddSentence(Vec<String>),
    CutSentence(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        Just(Edit::Punctuation),
        Just(Edit::WordPerSentence),
        sentence().prop_map(Edit::AddSentence),
        (0usize..3).prop_map(Edit::CutSentence),
    ]
}

fn apply(edit: &Edit, sentences: &[Vec<String>]) -> String {
    match edit {
        Edit::Punctuation => sentences
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mut words = s.clone();
                words[0] = words[0].to_uppercase();
                words[2] = format!("\"{},", words[2]);
                words[4] = format!("{}\"", words[4]);
                format!("{}{}", words.join(" "), ["!", ";", "?"][i % 3])
            })
            .collect::<Vec<_>>()
            .join(" "),
        Edit::WordPerSentence => render(
            &sentences
                .iter()
                .map(|s| {
                    let mut words = s.clone();
                    let middle = words.len() / 2;
                    words[middle] = "zzzreplaced".to_string();
                    words
                })
                .collect::<Vec<_>>(),
        ),
        Edit::AddSentence(extra) => {
            let mut more = sentences.to_vec();
            more.insert(1, extra.clone());
            render(&more)
        }
        Edit::CutSentence(i) => {
            let mut fewer = sentences.to_vec();
            fewer.remove(i % fewer.len());
            render(&fewer)
        }
    }
}

fn occurrence<'a>(doc: &'a str, order: &'a str, fp: &'a Fingerprint) -> Occurrence<'a> {
    Occurrence { doc, span: Span::new(0, 1), order, outlet: None, base_role: Role::Body, zone: Zone::Body, fingerprint: fp }
}

proptest! {
    #[test]
    fn resemblance_is_symmetric_and_containment_counts_the_same_overlap(a in paragraph(), b in paragraph(), shared in 0usize..3) {
        // Give the two paragraphs `shared` sentences in common.
        let mut b = b;
        let shared = shared.min(a.len()).min(b.len());
        b[..shared].clone_from_slice(&a[..shared]);
        let (fa, fb) = (fingerprint(&render(&a)), fingerprint(&render(&b)));
        prop_assert_eq!(resemblance(&fa, &fb), resemblance(&fb, &fa));
        let overlap_ab = containment(&fa, &fb) * fa.shingles.len() as f64;
        let overlap_ba = containment(&fb, &fa) * fb.shingles.len() as f64;
        prop_assert!((overlap_ab - overlap_ba).abs() < 1e-6);
        prop_assert_eq!(containment(&fa, &fa), 1.0);
        prop_assert_eq!(resemblance(&fa, &fa), 1.0);
    }

    #[test]
    fn an_edited_copy_is_still_a_copy_of_the_original(original in paragraph(), edit in edit()) {
        let edited = apply(&edit, &original);
        let (fo, fe) = (fingerprint(&render(&original)), fingerprint(&edited));
        prop_assert!(containment(&fe, &fo) >= contested_clean::copies::COPY_THRESHOLD, "{edit:?}: {}", containment(&fe, &fo));
        if !matches!(edit, Edit::WordPerSentence) {
            // Sentence-level edits keep whole chunks, so the index finds the
            // pair for certain; word edits are left to MinHash, whose hit
            // rate is measured on real text in copies_real.rs.
            let keys = fo.keys();
            prop_assert!(fe.keys().iter().any(|k| keys.contains(k)), "{edit:?}: no shared key");
        }
        let earlier = occurrence("original", "1", &fo);
        let later = occurrence("edited", "2", &fe);
        let resolved = resolve_roles(&later, &[earlier]);
        prop_assert_eq!(resolved.role, Role::Copy);
        prop_assert_eq!(resolved.copy_of.unwrap().doc, "original");
    }

    #[test]
    fn unrelated_text_is_never_a_copy(a in paragraph(), b in paragraph()) {
        let (fa, fb) = (fingerprint(&render(&a)), fingerprint(&render(&b)));
        prop_assert!(containment(&fb, &fa) < 0.1);
        let resolved = resolve_roles(&occurrence("b", "2", &fb), &[occurrence("a", "1", &fa)]);
        prop_assert_eq!(resolved.role, Role::Body);
        prop_assert!(resolved.copy_of.is_none());
    }

    /// Roles of every paragraph of a small ledger (originals, edited copies,
    /// copies of copies, a shared banner) do not depend on the order in which
    /// the candidates are listed.
    #[test]
    fn roles_do_not_depend_on_candidate_order(
        originals in prop::collection::vec(paragraph(), 2..4),
        edits in prop::collection::vec((0usize..4, edit()), 1..6),
        banner in paragraph(),
        seed in any::<u64>(),
    ) {
        let mut texts: Vec<String> = originals.iter().map(|p| render(p)).collect();
        for (source, e) in &edits {
            texts.push(apply(e, &originals[source % originals.len()]));
        }
        let banner = render(&banner);
        let fingerprints: Vec<Fingerprint> = texts.iter().map(|t| fingerprint(t)).collect();
        let banner_fp = fingerprint(&banner);
        let docs: Vec<String> = (0..texts.len()).map(|i| format!("doc{i}")).collect();
        let orders: Vec<String> = (0..texts.len()).map(|i| format!("{i:03}")).collect();
        let mut all: Vec<Occurrence> = Vec::new();
        for i in 0..texts.len() {
            all.push(occurrence(&docs[i], &orders[i], &fingerprints[i]));
            let mut lead = occurrence(&docs[i], &orders[i], &banner_fp);
            lead.zone = Zone::Lead;
            lead.span = Span::new(100, 200);
            all.push(lead);
        }
        let mut shuffled = all.clone();
        // A deterministic shuffle from the generated seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        for target in &all {
            let a = resolve_roles(target, &all);
            let b = resolve_roles(target, &shuffled);
            prop_assert_eq!(&a, &b);
            if target.zone == Zone::Lead {
                prop_assert_eq!(a.role, Role::Template);
            }
        }
    }
}
