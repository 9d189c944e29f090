//! Copy detection on real reporting (FA-KES, read from ../shared at run time).

use contested_clean::{containment, fingerprint, Fingerprint};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// FA-KES articles come as one block each; cut them into paragraphs of three
/// sentences so the test works at the size the ledger compares.
fn fakes_paragraphs(path: &Path) -> Vec<(usize, String)> {
    let mut reader = csv::Reader::from_path(path).expect("FA-KES reads");
    let headers = reader.headers().expect("header row").clone();
    let content = headers.iter().position(|h| h == "article_content").expect("article_content column");
    let mut out = Vec::new();
    for (article, record) in reader.records().enumerate() {
        let record = record.expect("record");
        let text = &record[content];
        let sentences: Vec<&str> = text.split_inclusive(". ").collect();
        for group in sentences.chunks(3).filter(|g| g.len() == 3) {
            out.push((article, group.concat().trim().to_string()));
        }
    }
    out
}

/// One word in the middle of every sentence replaced: no sentence hash
/// survives, so only the MinHash bands can find the pair.
fn touch_every_sentence(paragraph: &str) -> String {
    paragraph
        .split_inclusive(". ")
        .map(|sentence| {
            let mut words: Vec<&str> = sentence.split(' ').collect();
            let middle = words.len() / 2;
            words[middle] = "altered";
            words.join(" ")
        })
        .collect()
}

fn shares_key(a: &Fingerprint, b: &Fingerprint) -> bool {
    let keys: HashSet<u64> = a.keys().into_iter().collect();
    b.keys().iter().any(|k| keys.contains(k))
}

#[test]
fn minhash_bands_find_copies_with_a_word_changed_in_every_sentence() {
    let path = contested_testkit::require_shared!("data/corpus/fakes/FA-KES-Dataset.csv");
    let paragraphs = fakes_paragraphs(&path);
    assert!(paragraphs.len() > 1000, "{} paragraphs", paragraphs.len());
    let mut found = 0;
    let mut over_threshold = 0;
    for (_, text) in &paragraphs {
        let original = fingerprint(text);
        let edited = fingerprint(&touch_every_sentence(text));
        assert_ne!(original.exact, edited.exact);
        found += usize::from(shares_key(&original, &edited));
        over_threshold += usize::from(containment(&edited, &original) >= contested_clean::copies::COPY_THRESHOLD);
    }
    let recall = found as f64 / paragraphs.len() as f64;
    let similar = over_threshold as f64 / paragraphs.len() as f64;
    eprintln!("{} paragraphs: candidate recall {recall:.3}, over threshold {similar:.3}", paragraphs.len());
    assert!(recall >= 0.98, "band keys found only {recall:.3} of edited copies");
    assert!(similar >= 0.98, "only {similar:.3} of edited copies stay over the copy threshold");
}

/// Paragraphs of different articles rarely share a band key unless they
/// really share text: a band hit between unrelated paragraphs costs a
/// wasted comparison in the store, so it must stay rare.
#[test]
fn band_keys_rarely_join_unrelated_paragraphs() {
    let path = contested_testkit::require_shared!("data/corpus/fakes/FA-KES-Dataset.csv");
    let paragraphs = fakes_paragraphs(&path);
    let fingerprints: Vec<Fingerprint> = paragraphs.iter().map(|(_, t)| fingerprint(t)).collect();
    let mut by_band: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, fp) in fingerprints.iter().enumerate() {
        for band in &fp.bands {
            by_band.entry(*band).or_default().push(i);
        }
    }
    let mut pairs: HashSet<(usize, usize)> = HashSet::new();
    for members in by_band.values() {
        for (n, &a) in members.iter().enumerate() {
            for &b in &members[n + 1..] {
                if paragraphs[a].0 != paragraphs[b].0 {
                    pairs.insert((a.min(b), a.max(b)));
                }
            }
        }
    }
    let unrelated = pairs
        .iter()
        .filter(|&&(a, b)| {
            containment(&fingerprints[a], &fingerprints[b]).max(containment(&fingerprints[b], &fingerprints[a])) < 0.3
        })
        .count();
    let per_paragraph = unrelated as f64 / paragraphs.len() as f64;
    eprintln!("{} band-sharing pairs across articles, {unrelated} of them unrelated ({per_paragraph:.4} per paragraph)", pairs.len());
    // About 0.01 on FA-KES, whose articles all report the same war in the
    // same stock phrases; twice that would double the wasted comparisons.
    assert!(per_paragraph < 0.02, "{unrelated} unrelated pairs share a band key");
}
