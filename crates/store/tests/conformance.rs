//! The store's semantics, asserted on every backend: each test runs against
//! a SQLite file and against a PostgreSQL database (a private server from
//! `contested_testkit::postgres`; skipped with a message when PostgreSQL is
//! not installed, a failure under CI=true). Where the two can be compared
//! directly, the test also asserts that they hold the same ledger.

use contested_core::{Document, Evidence, Finding, FindingKind, Role, SourceFigure, Span, Stance, Unit};
use contested_extract::gazetteer::Gazetteer;
use contested_store::{
    open_store, AnalyzedDocument, ClaimFilter, ClaimQuery, FindingFilter, FindingsUpdate, SearchQuery, Store,
    StoreError, MATCH_END, MATCH_START,
};
use std::fmt::Write as _;
use std::time::Duration;

/// Runs `test` on a fresh SQLite ledger, then on a fresh PostgreSQL one.
/// It gets the `--db` value, so it can open as many connections as it needs.
/// Returns what each run returned, SQLite first.
fn each_backend<T>(test: impl Fn(&str) -> T) -> Vec<T> {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("ledger.db");
    let mut results = vec![test(sqlite.to_str().unwrap())];
    if let Some(url) = contested_testkit::postgres() {
        results.push(test(&url));
    }
    results
}

fn assert_same_everywhere(results: Vec<String>) {
    for other in &results[1..] {
        assert_same(&results[0], other, "SQLite and PostgreSQL ledgers differ");
    }
}

/// Equality of two dumps, reporting the first line that differs rather
/// than both whole ledgers.
fn assert_same(left: &str, right: &str, what: &str) {
    if left == right {
        return;
    }
    let (l, r): (Vec<&str>, Vec<&str>) = (left.lines().collect(), right.lines().collect());
    let at = l.iter().zip(&r).position(|(a, b)| a != b).unwrap_or(l.len().min(r.len()));
    let cut = |s: Option<&&str>| s.map(|s| s.chars().take(1500).collect::<String>()).unwrap_or_default();
    panic!("{what}: line {at} of {}/{}:\n  left: {}\n right: {}", l.len(), r.len(), cut(l.get(at)), cut(r.get(at)));
}

/// The pipeline's analysis with the built-in gazetteer, for real batches.
fn analyze(document: Document) -> AnalyzedDocument {
    contested_pipeline::analyze(document, Gazetteer::builtin())
}

// Articles written for these tests. `later` repeats the second paragraph
// of `earlier` word for word, as a wire copy would.
const MARKET: &str = "The health ministry said on Saturday that 45 people were killed and 120 wounded when shells \
struck a market in eastern Aleppo, the third such attack this month according to local doctors who treated the injured.";

fn doc(title: &str, paragraphs: &[&str], outlet: &str, published: &str) -> Document {
    let text = format!("{title}\n\n{}", paragraphs.join("\n\n"));
    Document::new(
        text,
        Some(title.to_string()),
        Some(outlet.to_string()),
        None,
        Some(published.parse().unwrap()),
        format!("test/{outlet}"),
    )
}

fn earlier() -> Document {
    doc(
        "Fighting near Aleppo",
        &[
            MARKET,
            "Rebel commanders denied the account and said only 12 fighters had died in the clashes, adding that \
             government forces had lost control of 300 hectares of farmland south of the city.",
        ],
        "Northern Herald",
        "2016-04-02T10:00:00Z",
    )
}

fn later() -> Document {
    doc(
        "Market attack toll rises",
        &[MARKET, "Officials in Damascus later raised the toll to 52 dead, a spokesman told reporters on Sunday evening."],
        "Coast Daily",
        "2016-04-03T08:00:00Z",
    )
}

fn unrelated() -> Document {
    doc(
        "Families leave the north",
        &["Aid groups said 3,000 families had fled Idlib province and the outskirts of Hôms since January, and that \
           40 percent of the shelters were full."],
        "Northern Herald",
        "2016-04-05T12:00:00Z",
    )
}

/// Everything the trait can read back, as text: two ledgers are the same
/// when their dumps are.
fn dump(store: &dyn Store) -> String {
    let mut out = String::new();
    for summary in store.documents().unwrap() {
        let doc = store.document(&summary.id).unwrap();
        writeln!(out, "{doc:?} {summary:?}").unwrap();
        for p in store.paragraphs(&doc.id).unwrap() {
            writeln!(out, "  {p:?} {:?}", p.span.slice(&doc.text)).unwrap();
        }
        for c in store.claims(&ClaimFilter { doc: Some(doc.id.clone()), ..Default::default() }).unwrap() {
            writeln!(out, "  {c:?}").unwrap();
        }
        for e in store.events(Some(&doc.id)).unwrap() {
            writeln!(out, "  {e:?}").unwrap();
        }
        for r in store.control_records(Some(&doc.id)).unwrap() {
            writeln!(out, "  {r:?}").unwrap();
        }
    }
    for f in store.findings(&FindingFilter::default()).unwrap() {
        writeln!(out, "{f:?}").unwrap();
    }
    let stats = store.stats().unwrap();
    writeln!(out, "{:?} {:?} {:?} {}", stats.documents, stats.paragraphs_by_role, stats.claims_by_kind, stats.independent_claims)
        .unwrap();
    writeln!(out, "pending {:?}", store.pending_reconcile().unwrap()).unwrap();
    out
}

#[test]
fn put_batch_is_idempotent_and_spans_cut_the_stored_text() {
    let results = each_backend(|db| {
        let mut store = open_store(db).unwrap();
        let batch: Vec<AnalyzedDocument> = [earlier(), later(), unrelated()].into_iter().map(analyze).collect();
        let first = store.put_batch(&batch).unwrap();
        assert_eq!((first.inserted, first.unchanged), (3, 0));
        let before = dump(store.as_ref());
        let again = store.put_batch(&batch).unwrap();
        assert_eq!((again.inserted, again.unchanged, again.relinked), (0, 3, 0));
        // The same document twice in one batch is written once.
        let doubled = vec![analyze(earlier()), analyze(earlier())];
        assert_eq!(store.put_batch(&doubled).unwrap().unchanged, 2);
        assert_eq!(dump(store.as_ref()), before, "rewriting a batch changed the ledger");

        assert!(store.contains(&earlier().id).unwrap());
        let stored = store.document(&earlier().id).unwrap();
        assert_eq!(stored, earlier());
        let claims = store.claims(&ClaimFilter::default()).unwrap();
        assert!(claims.len() >= 5, "{claims:?}");
        let figures: Vec<String> = claims
            .iter()
            .map(|c| {
                let text = store.document(&c.claim.doc).unwrap().text;
                let span = c.claim.value.number_span;
                text[span.start..span.end].to_string()
            })
            .collect();
        for number in ["45", "120", "12", "300", "52"] {
            assert!(figures.iter().any(|f| f == number), "{number} missing from {figures:?}");
        }
        for c in &claims {
            let text = store.document(&c.claim.doc).unwrap().text;
            assert!(text[c.claim.span.start..c.claim.span.end].contains(&text[c.claim.value.number_span.start..c.claim.value.number_span.end]));
            assert!(text[c.claim.sentence_span.start..c.claim.sentence_span.end].contains(&text[c.claim.span.start..c.claim.span.end]));
        }
        before
    });
    assert_same_everywhere(results);
}

#[test]
fn copies_are_linked_whatever_order_documents_arrive_in() {
    let results = each_backend(|db| {
        type Batches<'a> = &'a [&'a [fn() -> Document]];
        let orders: [Batches; 3] = [
            &[&[earlier], &[later], &[unrelated]],
            &[&[unrelated, later], &[earlier]],
            &[&[later, unrelated, earlier]],
        ];
        let mut dumps = Vec::new();
        for (i, batches) in orders.iter().enumerate() {
            // One ledger per order: a second database for PostgreSQL would
            // need the server, so SQLite orders use files beside the first.
            let db = if db.starts_with("postgres") {
                contested_testkit::postgres().unwrap()
            } else {
                format!("{db}.{i}")
            };
            let mut store = open_store(&db).unwrap();
            let mut relinked = 0;
            for batch in batches.iter() {
                let analyzed: Vec<AnalyzedDocument> = batch.iter().map(|make| analyze(make())).collect();
                relinked += store.put_batch(&analyzed).unwrap().relinked;
            }
            let copy = store.paragraphs(&later().id).unwrap();
            let market = copy.iter().find(|p| p.span.slice(&later().text) == MARKET).expect("market paragraph");
            assert_eq!(market.role, Role::Copy, "order {i}");
            let source = market.copy_of.as_ref().expect("copy_of");
            assert_eq!(source.doc, earlier().id);
            assert_eq!(source.span.slice(&earlier().text), MARKET);
            // Arriving in a later batch than its copy, the original relinks it.
            assert_eq!(relinked > 0, i == 1, "order {i}: relinked {relinked}");
            // The copy's figures stand for the original's.
            let copied = store
                .claims(&ClaimFilter { doc: Some(later().id), ..Default::default() })
                .unwrap()
                .into_iter()
                .find(|c| c.claim.value.low == Some(45.0))
                .expect("45 in the copy");
            let original = copied.original.clone().expect("points at the original");
            assert!(store.claims(&ClaimFilter { doc: Some(earlier().id), ..Default::default() }).unwrap().iter().any(
                |c| c.claim.id == original && c.claim.value.low == Some(45.0) && c.documents == 2 && c.outlets == 2
            ));
            let independent = store.claims(&ClaimFilter { independent_only: true, ..Default::default() }).unwrap();
            assert!(independent.iter().all(|c| c.original.is_none()));
            assert!(!independent.iter().any(|c| c.claim.id == copied.claim.id));
            dumps.push(dump(store.as_ref()));
        }
        for other in &dumps[1..] {
            assert_same(&dumps[0], other, "arrival order changed the ledger");
        }
        dumps.swap_remove(0)
    });
    assert_same_everywhere(results);
}

fn filled(db: &str) -> Box<dyn Store + Send> {
    let mut store = open_store(db).unwrap();
    let batch: Vec<AnalyzedDocument> = [earlier(), later(), unrelated()].into_iter().map(analyze).collect();
    store.put_batch(&batch).unwrap();
    store
}

#[test]
fn claim_filters_narrow_as_documented() {
    let results = each_backend(|db| {
        let store = filled(db);
        let all = store.claims(&ClaimFilter::default()).unwrap();
        let mut seen = String::new();
        let herald = store.claims(&ClaimFilter { outlet: Some("Northern Herald".into()), ..Default::default() }).unwrap();
        assert!(!herald.is_empty() && herald.iter().all(|c| c.outlet.as_deref() == Some("Northern Herald")));
        assert!(herald.len() < all.len());
        let people = store.claims(&ClaimFilter { kind: Some("people".into()), ..Default::default() }).unwrap();
        assert!(!people.is_empty() && people.iter().all(|c| c.claim.kind.as_str() == "people"));
        let one_doc = store.claims(&ClaimFilter { doc: Some(unrelated().id), ..Default::default() }).unwrap();
        assert!(!one_doc.is_empty() && one_doc.iter().all(|c| c.claim.doc == unrelated().id));
        let limited = store.claims(&ClaimFilter { limit: Some(2), ..Default::default() }).unwrap();
        assert_eq!(limited.iter().map(|c| &c.claim.id).collect::<Vec<_>>(), all.iter().take(2).map(|c| &c.claim.id).collect::<Vec<_>>());
        // Ledger order: earliest publication first, then position.
        let docs: Vec<String> = all.iter().map(|c| c.claim.doc.clone()).collect();
        let first_later = docs.iter().position(|d| *d == later().id).unwrap();
        assert!(docs[..first_later].iter().all(|d| *d == earlier().id));
        for c in &all {
            writeln!(seen, "{} {} {:?} {:?}", c.claim.id, c.claim.kind.as_str(), c.role, c.original).unwrap();
        }
        assert_eq!(store.resolve_id(&earlier().id[..10]).unwrap(), earlier().id);
        assert!(matches!(store.resolve_id("zzzz"), Err(StoreError::NoSuchDocument(_))));
        assert!(matches!(store.resolve_id(""), Err(StoreError::AmbiguousId { count: 3, .. })));
        let facets = store.facets().unwrap();
        assert_eq!(facets.outlets, ["Coast Daily", "Northern Herald"]);
        assert!(facets.kinds.contains(&"people".to_string()));
        let mut places: Vec<String> =
            store.place_counts().unwrap().into_iter().map(|p| format!("{:?} {} {}", p.place_id, p.name, p.claims)).collect();
        places.sort();
        writeln!(seen, "{places:?} {facets:?}").unwrap();
        seen
    });
    assert_same_everywhere(results);
}

#[test]
fn claim_pages_concatenate_to_the_whole_listing_in_both_directions() {
    let results = each_backend(|db| {
        let store = filled(db);
        let whole = store.claim_page(&ClaimQuery { limit: 500, ..Default::default() }).unwrap();
        assert!(whole.next.is_none());
        assert!(whole.claims.len() >= 5);
        for newest_first in [false, true] {
            let mut query = ClaimQuery { limit: 2, newest_first, ..Default::default() };
            let mut paged = Vec::new();
            loop {
                let page = store.claim_page(&query).unwrap();
                assert!(page.claims.len() <= 2);
                paged.extend(page.claims.into_iter().map(|c| c.stored.claim.id));
                match page.next {
                    Some(next) => query.after = Some(next),
                    None => break,
                }
            }
            let mut expected: Vec<String> = whole.claims.iter().map(|c| c.stored.claim.id.clone()).collect();
            if newest_first {
                expected.reverse();
            }
            assert_eq!(paged, expected, "newest_first {newest_first}");
        }
        let mut seen = String::new();
        for c in &whole.claims {
            // The evidence cut in the query is the span of the stored text.
            let text = store.document(&c.stored.claim.doc).unwrap().text;
            let claim = &c.stored.claim;
            assert_eq!(c.text, &text[claim.span.start..claim.span.end]);
            assert_eq!(c.sentence, &text[claim.sentence_span.start..claim.sentence_span.end]);
            assert_eq!(c.time_text.as_deref(), claim.time.as_ref().map(|t| &text[t.span.start..t.span.end]));
            writeln!(seen, "{} {:?} {} {}", claim.id, c.text, c.stored.documents, c.stored.outlets).unwrap();
        }
        let text_filter =
            store.claim_page(&ClaimQuery { text: Some("shelters".into()), limit: 50, ..Default::default() }).unwrap();
        assert!(!text_filter.claims.is_empty());
        assert!(text_filter.claims.iter().all(|c| c.stored.claim.doc == unrelated().id));
        let nothing = store.claim_page(&ClaimQuery { text: Some(" ;-* ".into()), limit: 50, ..Default::default() }).unwrap();
        assert!(nothing.claims.is_empty());
        let place = store.claim_page(&ClaimQuery { place: Some("ALEPPO".into()), limit: 50, ..Default::default() }).unwrap();
        let by_id = store.place_counts().unwrap().into_iter().find(|p| p.name.eq_ignore_ascii_case("aleppo"));
        if let Some(id) = by_id.and_then(|p| p.place_id) {
            let by_place_id = store.claim_page(&ClaimQuery { place: Some(id), limit: 50, ..Default::default() }).unwrap();
            assert_eq!(by_place_id.claims.len(), place.claims.len());
        }
        assert!(!place.claims.is_empty());
        let from = contested_store::instant_bound("2016-04-03", false);
        let dated = store.claim_page(&ClaimQuery { from, limit: 50, ..Default::default() }).unwrap();
        assert!(dated.claims.iter().all(|c| c.stored.claim.time.as_ref().is_some_and(|t| t.end.to_string().as_str() > "2016-04-03")));
        writeln!(seen, "{} {} {}", text_filter.claims.len(), place.claims.len(), dated.claims.len()).unwrap();
        seen
    });
    assert_same_everywhere(results);
}

/// What serve's claim cache relies on: `claim_keys` names the claims
/// `claim_page` returns, in order, with the same cursor, under every filter;
/// and `ClaimQuery::keys` fetches exactly those claims back.
#[test]
fn claim_keys_match_claim_pages_and_fetch_them_back() {
    each_backend(|db| {
        let store = filled(db);
        let queries = [
            ClaimQuery { limit: 3, ..Default::default() },
            ClaimQuery { limit: 3, newest_first: true, ..Default::default() },
            ClaimQuery { limit: 50, kind: Some("people".into()), ..Default::default() },
            ClaimQuery { limit: 50, outlet: Some("Northern Herald".into()), ..Default::default() },
            ClaimQuery { limit: 50, place: Some("aleppo".into()), ..Default::default() },
            ClaimQuery { limit: 50, text: Some("shelters".into()), ..Default::default() },
            ClaimQuery { limit: 50, independent_only: true, ..Default::default() },
        ];
        for query in queries {
            let mut query = query;
            loop {
                let page = store.claim_page(&query).unwrap();
                let (keys, next) = store.claim_keys(&query).unwrap();
                assert_eq!(keys, page.claims.iter().map(|c| c.key).collect::<Vec<_>>(), "{query:?}");
                assert_eq!(next, page.next, "{query:?}");
                // Fetched by key, in any order asked, they come back in the page's order and whole.
                let mut shuffled = keys.clone();
                shuffled.reverse();
                let fetched = store
                    .claim_page(&ClaimQuery {
                        keys: Some(shuffled),
                        limit: keys.len().max(1) as u64,
                        newest_first: query.newest_first,
                        ..Default::default()
                    })
                    .unwrap();
                let ids = |p: &contested_store::ClaimPage| p.claims.iter().map(|c| (c.key, c.stored.claim.id.clone(), c.sentence.clone())).collect::<Vec<_>>();
                assert_eq!(ids(&fetched), ids(&page), "{query:?}");
                match next {
                    Some(n) => query.after = Some(n),
                    None => break,
                }
            }
        }
        let none = store.claim_page(&ClaimQuery { keys: Some(Vec::new()), limit: 10, ..Default::default() }).unwrap();
        assert!(none.claims.is_empty());
    });
}

#[test]
fn search_finds_words_prefixes_and_folded_diacritics() {
    let results = each_backend(|db| {
        let store = filled(db);
        let page = store.search(&SearchQuery { text: "shelters".into(), offset: 0, limit: 10 }).unwrap();
        assert_eq!(page.hits.len(), 1);
        let hit = &page.hits[0];
        assert_eq!(hit.doc, unrelated().id);
        assert_eq!(hit.role, Role::Body);
        let text = unrelated().text;
        assert!(text[hit.span.start..hit.span.end].contains("shelters"));
        assert!(hit.snippet.contains(&format!("{MATCH_START}shelters{MATCH_END}")), "{}", hit.snippet);
        // The last word is a prefix; all words are required.
        let prefix = store.search(&SearchQuery { text: "market struc".into(), offset: 0, limit: 10 }).unwrap();
        assert_eq!(prefix.hits.len(), 2, "the paragraph and its copy");
        assert!(store.search(&SearchQuery { text: "market shelters".into(), offset: 0, limit: 10 }).unwrap().hits.is_empty());
        let folded = store.search(&SearchQuery { text: "homs".into(), offset: 0, limit: 10 }).unwrap();
        assert_eq!(folded.hits.len(), 1, "diacritics are folded");
        assert!(folded.hits[0].snippet.contains("Hôms"), "{}", folded.hits[0].snippet);
        assert!(store.search(&SearchQuery { text: "\"AND\" OR NEAR(".into(), offset: 0, limit: 10 }).unwrap().hits.is_empty());
        assert!(store.search(&SearchQuery { text: " ;-* ".into(), offset: 0, limit: 10 }).unwrap().hits.is_empty());
        // Paging by offset.
        let first = store.search(&SearchQuery { text: "said".into(), offset: 0, limit: 1 }).unwrap();
        assert_eq!(first.next, Some(1));
        let all = store.search(&SearchQuery { text: "said".into(), offset: 0, limit: 50 }).unwrap();
        assert!(all.next.is_none() && all.hits.len() >= 3);
        let mut hits: Vec<String> = all.hits.iter().map(|h| format!("{} {}", h.doc, h.paragraph)).collect();
        hits.sort();
        hits.join("\n")
    });
    assert_same_everywhere(results);
}

fn finding(id: &str, scope: &str, significance: f64, doc: &str, claim: &str) -> Finding {
    Finding {
        id: id.into(),
        kind: FindingKind::Contradiction,
        scope: scope.into(),
        significance,
        summary: format!("summary of {id}"),
        explanation: "two sources\ndisagree".into(),
        figures: vec![("gap".into(), 0.1 + significance)],
        sources: vec![SourceFigure {
            source: "Health ministry".into(),
            low: Some(45.0),
            high: None,
            unit: Unit::Number,
            stance: Stance::Asserts,
            claims: vec![claim.into(), "other".into()],
            independent_reports: 2,
        }],
        evidence: vec![Evidence {
            claim: claim.into(),
            doc: doc.into(),
            span: Span::new(3, 9),
            sentence_span: Span::new(0, 20),
            role: "body".into(),
            source: "Health ministry".into(),
        }],
    }
}

#[test]
fn findings_are_replaced_per_scope_and_settle_pending_documents() {
    let results = each_backend(|db| {
        let mut store = filled(db);
        let mut pending = store.pending_reconcile().unwrap();
        pending.sort();
        let mut ids = vec![earlier().id, later().id, unrelated().id];
        ids.sort();
        assert_eq!(pending, ids, "a written batch awaits reconciliation");
        let (a, b) = (earlier().id, unrelated().id);
        store
            .replace_findings(&FindingsUpdate {
                reconciled_docs: vec![a.clone()],
                scopes: vec!["aleppo".into(), "idlib".into()],
                claim_scopes: vec![("c1".into(), a.clone(), "aleppo".into()), ("c2".into(), b.clone(), "idlib".into())],
                findings: vec![finding("f1", "aleppo", 0.9, &a, "c1"), finding("f2", "idlib", 0.5, &b, "c2")],
            })
            .unwrap();
        assert!(!store.pending_reconcile().unwrap().contains(&a));
        assert_eq!(store.docs_in_scopes(&["aleppo".into()]).unwrap(), std::slice::from_ref(&a));
        let ranked = store.findings(&FindingFilter::default()).unwrap();
        assert_eq!(ranked.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(), ["f1", "f2"]);
        assert_eq!(ranked[0], finding("f1", "aleppo", 0.9, &a, "c1"), "a finding reads back whole");
        // Recomputing one scope replaces its findings and leaves the other's.
        store
            .replace_findings(&FindingsUpdate {
                reconciled_docs: vec![b.clone()],
                scopes: vec!["aleppo".into()],
                claim_scopes: vec![("c1".into(), a.clone(), "aleppo-east".into())],
                findings: vec![finding("f3", "aleppo", 0.2, &a, "c1"), finding("f3", "aleppo", 0.3, &a, "c1")],
            })
            .unwrap();
        let ranked = store.findings(&FindingFilter::default()).unwrap();
        assert_eq!(ranked.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(), ["f2", "f3"]);
        assert_eq!(ranked[1].significance, 0.3, "the last of a repeated id wins");
        assert!(store.docs_in_scopes(&["aleppo".into()]).unwrap().is_empty(), "c1 moved scope");
        assert_eq!(store.docs_in_scopes(&["aleppo-east".into(), "idlib".into()]).unwrap(), {
            let mut v = vec![a.clone(), b.clone()];
            v.sort();
            v
        });
        let only_b = store.findings(&FindingFilter { doc: Some(b.clone()), ..Default::default() }).unwrap();
        assert_eq!(only_b.len(), 1);
        let none = store.findings(&FindingFilter { kind: Some("denial".into()), ..Default::default() }).unwrap();
        assert!(none.is_empty());
        assert_eq!(store.findings(&FindingFilter { limit: Some(1), ..Default::default() }).unwrap().len(), 1);
        assert_eq!(store.pending_reconcile().unwrap(), [later().id]);
        // User places: added once, replaced after.
        assert_eq!(store.add_user_places(&[("p1".into(), "a".into()), ("p2".into(), "b".into())]).unwrap(), 2);
        assert_eq!(store.add_user_places(&[("p1".into(), "c".into())]).unwrap(), 0);
        assert_eq!(store.user_places().unwrap(), ["c", "b"]);
        format!("{ranked:?}")
    });
    assert_same_everywhere(results);
}

/// Recomputing a scope keeps findings that did not change and rewrites
/// whatever changed in one, even a part (a source's count, an evidence
/// span) under the same id; findings gone from the scope go.
#[test]
fn recomputed_scopes_rewrite_exactly_the_findings_that_changed() {
    let results = each_backend(|db| {
        let mut store = filled(db);
        let a = earlier().id;
        let update = |findings: Vec<Finding>| FindingsUpdate {
            reconciled_docs: vec![],
            scopes: vec!["aleppo".into()],
            claim_scopes: vec![],
            findings,
        };
        let f1 = finding("f1", "aleppo", 0.9, &a, "c1");
        let f2 = finding("f2", "aleppo", 0.5, &a, "c2");
        store.replace_findings(&update(vec![f1.clone(), f2.clone()])).unwrap();
        let all = |store: &dyn Store| store.findings(&FindingFilter::default()).unwrap();
        assert_eq!(all(&*store), [f1.clone(), f2.clone()]);
        // Same findings again: nothing to do, nothing lost.
        store.replace_findings(&update(vec![f1.clone(), f2.clone()])).unwrap();
        assert_eq!(all(&*store), [f1.clone(), f2.clone()]);
        // f1 changes only in a source's independent count and an evidence
        // span; f2 leaves the scope; f3 arrives.
        let mut f1_changed = f1.clone();
        f1_changed.sources[0].independent_reports = 1;
        f1_changed.evidence[0].span = Span::new(4, 9);
        let f3 = finding("f3", "aleppo", 0.2, &a, "c3");
        store.replace_findings(&update(vec![f3.clone(), f1_changed.clone()])).unwrap();
        assert_eq!(all(&*store), [f1_changed.clone(), f3.clone()]);
        // And back: a finding changed twice reads back as last written.
        store.replace_findings(&update(vec![f1.clone(), f3.clone()])).unwrap();
        assert_eq!(all(&*store), [f1.clone(), f3.clone()]);
        format!("{:?}", all(&*store))
    });
    assert_same_everywhere(results);
}

/// Findings page by (significance, id) cursor to exactly the ranked
/// listing, ties in significance included, filtered or not, on every backend.
#[test]
fn finding_pages_concatenate_to_the_ranked_listing() {
    let results = each_backend(|db| {
        let mut store = filled(db);
        let (a, b) = (earlier().id, unrelated().id);
        // Seven findings, three of them tied at 0.5, in two kinds and two documents.
        let mut findings: Vec<Finding> = (0..7)
            .map(|i| {
                let significance = [0.9, 0.5, 0.5, 0.5, 0.25, 0.1, 0.0][i];
                let doc = if i % 2 == 0 { &a } else { &b };
                finding(&format!("f{}", 7 - i), &format!("scope{}", i % 3), significance, doc, "c1")
            })
            .collect();
        findings[3].kind = FindingKind::Denial;
        let scopes = (0..3).map(|i| format!("scope{i}")).collect();
        store
            .replace_findings(&FindingsUpdate { reconciled_docs: vec![], scopes, claim_scopes: vec![], findings })
            .unwrap();
        let mut seen = String::new();
        for (kind, doc) in [(None, None), (Some("contradiction"), None), (None, Some(b.clone()))] {
            let base = FindingFilter { kind: kind.map(String::from), doc: doc.clone(), ..Default::default() };
            let whole: Vec<String> = store.findings(&base).unwrap().into_iter().map(|f| f.id).collect();
            for limit in [1, 2, 3] {
                let mut paged = Vec::new();
                let mut after = None;
                loop {
                    let page = store.findings(&FindingFilter { limit: Some(limit), after: after.clone(), ..base.clone() }).unwrap();
                    if page.is_empty() {
                        break;
                    }
                    let last = page.last().unwrap();
                    // The cursor round-trips through its text form.
                    let cursor = contested_store::finding_cursor(last.significance, &last.id);
                    after = Some(contested_store::parse_finding_cursor(&cursor).unwrap());
                    paged.extend(page.into_iter().map(|f| f.id));
                    assert!(paged.len() <= whole.len(), "{kind:?} {doc:?} limit {limit}: pages repeat {paged:?}");
                }
                assert_eq!(paged, whole, "{kind:?} {doc:?} limit {limit}");
            }
            seen.push_str(&format!("{kind:?} {} {whole:?}\n", doc.is_some()));
        }
        assert_eq!(
            seen,
            "None false [\"f7\", \"f4\", \"f5\", \"f6\", \"f3\", \"f2\", \"f1\"]\n\
             Some(\"contradiction\") false [\"f7\", \"f5\", \"f6\", \"f3\", \"f2\", \"f1\"]\n\
             None true [\"f4\", \"f6\", \"f2\"]\n"
        );
        seen
    });
    assert_same_everywhere(results);
}

#[test]
fn the_queue_hands_each_document_to_one_worker_and_takes_back_expired_leases() {
    each_backend(|db| {
        let mut one = open_store(db).unwrap();
        let mut two = open_store(db).unwrap();
        one.put_batch(&[analyze(unrelated())]).unwrap();
        let docs = vec![earlier(), later(), unrelated()];
        // Already in the ledger: not queued. Queuing again: nothing new.
        assert_eq!(one.enqueue(&docs).unwrap(), 2);
        assert_eq!(one.enqueue(&docs).unwrap(), 0);
        assert_eq!(two.queue_depth().unwrap(), 2);

        let a = one.claim_work("a", 1).unwrap();
        let b = two.claim_work("b", 5).unwrap();
        assert_eq!(a, [earlier()], "oldest first, whole documents");
        assert_eq!(b, [later()], "what a holds is not handed to b");
        assert!(two.claim_work("b", 5).unwrap().is_empty());

        // b dies holding its claim; a gives its own back.
        assert_eq!(one.release_work("a").unwrap(), 1);
        assert_eq!(two.claim_work("c", 5).unwrap(), [earlier()]);

        // Writing a batch completes it in the same transaction.
        let outcome = two.put_batch_completing(&[analyze(earlier())]).unwrap();
        assert_eq!(outcome.inserted, 1);
        assert_eq!(one.queue_depth().unwrap(), 1, "b's item is still held");
        assert!(one.claim_work("d", 5).unwrap().is_empty());

        // Short leases: b's item comes back once its lease has run out.
        one.set_lease(Duration::from_millis(300));
        two.set_lease(Duration::from_millis(300));
        assert_eq!(two.release_work("b").unwrap(), 1);
        assert_eq!(two.claim_work("e", 5).unwrap(), [later()]);
        assert!(one.claim_work("f", 5).unwrap().is_empty());
        std::thread::sleep(Duration::from_millis(500));
        assert_eq!(one.claim_work("f", 5).unwrap(), [later()], "expired lease is claimable");
        // e comes back late and writes anyway: one copy in the ledger, queue empty.
        assert_eq!(two.put_batch_completing(&[analyze(later())]).unwrap().inserted, 1);
        assert_eq!(one.put_batch_completing(&[analyze(later())]).unwrap().unchanged, 1);
        assert_eq!(one.queue_depth().unwrap(), 0);
        assert_eq!(one.stats().unwrap().documents, 3);
        assert_eq!(one.complete_work(&[later().id]).unwrap(), 0);
    });
}

#[test]
fn the_ledger_lock_keeps_other_writers_out_until_released() {
    each_backend(|db| {
        let mut holder = open_store(db).unwrap();
        holder.lock_ledger().unwrap();
        let db = db.to_string();
        let (sent, received) = std::sync::mpsc::channel();
        let writer = std::thread::spawn(move || {
            let mut other = open_store(&db).unwrap();
            other.put_batch(&[analyze(unrelated())]).unwrap();
            sent.send(()).unwrap();
        });
        assert!(received.recv_timeout(Duration::from_millis(700)).is_err(), "a batch was written under the lock");
        // The holder can write findings while it holds the lock.
        holder
            .replace_findings(&FindingsUpdate { scopes: vec!["s".into()], ..Default::default() })
            .unwrap();
        holder.unlock_ledger().unwrap();
        received.recv_timeout(Duration::from_secs(20)).expect("the batch went through after unlock");
        writer.join().unwrap();
        assert!(holder.contains(&unrelated().id).unwrap());
    });
}

/// Real articles (FA-KES, from ../shared) in batches, in two orders: the
/// same ledger either way and on either backend.
#[test]
fn real_articles_give_the_same_ledger_in_any_batch_order_on_any_backend() {
    let corpus = contested_testkit::require_shared!("data/corpus/fakes/FA-KES-Dataset.csv");
    let docs: Vec<Document> = contested_ingest::read(&contested_ingest::Input::Path(corpus), &Default::default())
        .filter_map(Result::ok)
        .take(120)
        .collect();
    assert_eq!(docs.len(), 120);
    let analyzed: Vec<AnalyzedDocument> = docs.into_iter().map(analyze).collect();
    let results = each_backend(|db| {
        let mut dumps = Vec::new();
        for reversed in [false, true] {
            let db = if db.starts_with("postgres") {
                contested_testkit::postgres().unwrap()
            } else {
                format!("{db}.{reversed}")
            };
            let mut store = open_store(&db).unwrap();
            let mut order = analyzed.clone();
            if reversed {
                order.reverse();
            }
            for batch in order.chunks(25) {
                store.put_batch(batch).unwrap();
            }
            dumps.push(dump(store.as_ref()));
        }
        assert_same(&dumps[0], &dumps[1], "batch order changed the ledger");
        dumps.swap_remove(0)
    });
    assert_same_everywhere(results);
}

/// Rewrites a table's rows in the reverse of their physical order (heap
/// order on PostgreSQL, rowid on SQLite) and returns the ids in physical
/// order after. What a killed worker's rolled-back batch does by chance
/// (later rows fill the space it freed), done on purpose.
fn reverse_physical_order(db: &str, table: &str) -> Vec<String> {
    let reinsert = |position: &str| {
        format!(
            "BEGIN;
             CREATE TEMP TABLE moved AS SELECT * FROM {table} ORDER BY {position} DESC;
             DELETE FROM {table};
             INSERT INTO {table} SELECT * FROM moved;
             DROP TABLE moved;
             COMMIT;"
        )
    };
    let physical_order = |position: &str| format!("SELECT id FROM {table} ORDER BY {position}");
    if db.starts_with("postgres") {
        let mut client = postgres::Client::connect(db, postgres::NoTls).unwrap();
        client.batch_execute(&reinsert("ctid")).unwrap();
        client.query(&physical_order("ctid"), &[]).unwrap().iter().map(|r| r.get(0)).collect()
    } else {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.execute_batch(&reinsert("rowid")).unwrap();
        let mut ids = conn.prepare(&physical_order("rowid")).unwrap();
        ids.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
    }
}

/// The killed-workers difference (tests/crash.rs): one FA-KES sentence gives
/// several control records at one span, one per place, and those came back
/// in the rows' physical order, which a killed worker's rolled-back batch
/// changes. Here the rows of real articles with such ties are put in
/// another physical order; the ledger must read back the same.
#[test]
fn records_at_one_span_read_back_the_same_whatever_the_rows_physical_order() {
    let corpus = contested_testkit::require_shared!("data/corpus/fakes/FA-KES-Dataset.csv");
    let mut analyzed = Vec::new();
    // Ids of control records sharing a document and a start, in the order
    // extraction gave them (and the first ingest stored them).
    let mut ties: Vec<Vec<String>> = Vec::new();
    for document in contested_ingest::read(&contested_ingest::Input::Path(corpus), &Default::default()).filter_map(Result::ok) {
        let one = analyze(document);
        let mut by_start: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
        for record in &one.control {
            by_start.entry(record.span.start).or_default().push(record.id.clone());
        }
        ties.extend(by_start.into_values().filter(|ids| ids.len() > 1));
        analyzed.push(one);
        if ties.len() >= 2 {
            break;
        }
    }
    assert!(ties.len() >= 2, "FA-KES has documents with several control records at one span");
    let results = each_backend(|db| {
        let mut store = open_store(db).unwrap();
        store.put_batch(&analyzed).unwrap();
        let before = dump(store.as_ref());
        drop(store);
        reverse_physical_order(db, "events");
        let stored = reverse_physical_order(db, "control_records");
        let position = |id: &String| stored.iter().position(|s| s == id).expect("stored");
        assert!(
            ties.iter().any(|ids| ids.windows(2).any(|w| position(&w[0]) > position(&w[1]))),
            "{db}: no tied records changed places; the test would prove nothing"
        );
        let store = open_store(db).unwrap();
        assert_same(&before, &dump(store.as_ref()), "the rows' physical order changed the ledger");
        before
    });
    assert_same_everywhere(results);
}

/// Every filter the claims API offers, paged with a small limit in both
/// directions, gives exactly the claims the documented rule picks out of
/// the whole listing, in ledger order, on every backend, and the same pages
/// on both. The rule is applied here in Rust to what the store returned
/// unfiltered, so the indexes behind each filter are checked against the
/// claims themselves.
#[test]
fn every_claim_filter_pages_to_what_its_rule_selects_on_every_backend() {
    let results = each_backend(|db| {
        let mut store = open_store(db).unwrap();
        // Two batches, so keys written by a later batch's triggers are
        // paged together with the first batch's.
        store.put_batch(&[analyze(earlier())]).unwrap();
        store.put_batch(&[later(), unrelated()].into_iter().map(analyze).collect::<Vec<_>>()).unwrap();
        let whole = store.claim_page(&ClaimQuery { limit: 500, ..Default::default() }).unwrap().claims;
        assert!(whole.len() >= 8, "{} claims", whole.len());
        let place_id = whole.iter().flat_map(|c| &c.stored.claim.places).find_map(|p| p.place_id.clone());
        let place_id = place_id.expect("the gazetteer resolves some place");
        let speakers: Vec<String> = whole.iter().flat_map(|c| &c.stored.claim.attribution).map(|a| a.speaker.clone()).collect();
        assert!(!speakers.is_empty());
        let first_speaker = speakers[0].to_ascii_uppercase();
        let search_hits = |words: &str| store.search(&SearchQuery { text: words.into(), offset: 0, limit: 500 }).unwrap().hits;
        let in_hits = |c: &contested_store::ClaimEvidence, words: &str| {
            search_hits(words).iter().any(|h| h.doc == c.stored.claim.doc && h.span.contains(c.stored.claim.span))
        };
        let some = |s: &str| Some(s.to_string());
        type Rule<'a> = Box<dyn Fn(&contested_store::ClaimEvidence) -> bool + 'a>;
        let filters: Vec<(ClaimQuery, Rule)> = vec![
            (ClaimQuery { place: some("aLePPo"), ..Default::default() }, Box::new(|c| {
                c.stored.claim.places.iter().any(|p| p.name.eq_ignore_ascii_case("aleppo") || p.place_id.as_deref() == Some("aLePPo"))
            })),
            (ClaimQuery { place: Some(place_id.clone()), ..Default::default() }, Box::new(|c| {
                c.stored.claim.places.iter().any(|p| p.place_id.as_deref() == Some(place_id.as_str()) || p.name.eq_ignore_ascii_case(&place_id))
            })),
            (ClaimQuery { place: some("Atlantis"), ..Default::default() }, Box::new(|_| false)),
            (ClaimQuery { actor: Some(first_speaker.clone()), ..Default::default() }, Box::new(|c| {
                c.stored.claim.attribution.iter().any(|a| a.speaker.to_ascii_lowercase().contains(&first_speaker.to_ascii_lowercase()))
            })),
            (ClaimQuery { actor: some("MINIST"), ..Default::default() }, Box::new(|c| {
                c.stored.claim.attribution.iter().any(|a| a.speaker.to_ascii_lowercase().contains("minist"))
            })),
            (ClaimQuery { actor: some("e"), ..Default::default() }, Box::new(|c| {
                c.stored.claim.attribution.iter().any(|a| a.speaker.to_ascii_lowercase().contains('e'))
            })),
            (ClaimQuery { actor: some("nobody at all"), ..Default::default() }, Box::new(|_| false)),
            (ClaimQuery { text: some("killed"), ..Default::default() }, Box::new(|c| in_hits(c, "killed"))),
            (ClaimQuery { text: some("market aleppo"), ..Default::default() }, Box::new(|c| in_hits(c, "market aleppo"))),
            (ClaimQuery { text: some("homs"), ..Default::default() }, Box::new(|c| in_hits(c, "homs"))),
            (ClaimQuery { kind: some("people"), ..Default::default() }, Box::new(|c| c.stored.claim.kind.as_str() == "people")),
            (ClaimQuery { measure: some("killed"), ..Default::default() }, Box::new(|c| c.stored.claim.measure.as_deref() == Some("killed"))),
            (ClaimQuery { outlet: some("Coast Daily"), ..Default::default() }, Box::new(|c| c.stored.outlet.as_deref() == Some("Coast Daily"))),
            (ClaimQuery { independent_only: true, ..Default::default() }, Box::new(|c| c.stored.original.is_none())),
            (
                ClaimQuery { from: contested_store::instant_bound("2016-04-03", false), to: contested_store::instant_bound("2016-04-04", true), ..Default::default() },
                Box::new(|c| {
                    c.stored.claim.time.as_ref().is_some_and(|t| {
                        t.end.to_string().as_str() > "2016-04-03T00:00:00Z" && t.start.to_string().as_str() < "2016-04-05T00:00:00Z"
                    })
                }),
            ),
            (ClaimQuery { place: some("aleppo"), kind: some("people"), independent_only: true, ..Default::default() }, Box::new(|c| {
                c.stored.claim.places.iter().any(|p| p.name.eq_ignore_ascii_case("aleppo"))
                    && c.stored.claim.kind.as_str() == "people"
                    && c.stored.original.is_none()
            })),
            (ClaimQuery { text: some("killed"), place: some("aleppo"), actor: some("minist"), ..Default::default() }, Box::new(|c| {
                in_hits(c, "killed")
                    && c.stored.claim.places.iter().any(|p| p.name.eq_ignore_ascii_case("aleppo"))
                    && c.stored.claim.attribution.iter().any(|a| a.speaker.to_ascii_lowercase().contains("minist"))
            })),
            (ClaimQuery { actor: some("minist"), outlet: some("Northern Herald"), ..Default::default() }, Box::new(|c| {
                c.stored.outlet.as_deref() == Some("Northern Herald")
                    && c.stored.claim.attribution.iter().any(|a| a.speaker.to_ascii_lowercase().contains("minist"))
            })),
        ];
        let mut seen = String::new();
        let mut nonempty = 0;
        for (filter, rule) in &filters {
            let expected: Vec<i64> = whole.iter().filter(|c| rule(c)).map(|c| c.key).collect();
            nonempty += usize::from(!expected.is_empty());
            for newest_first in [false, true] {
                let mut query = ClaimQuery { limit: 2, newest_first, ..filter.clone() };
                let mut paged: Vec<i64> = Vec::new();
                loop {
                    let page = store.claim_page(&query).unwrap();
                    let (keys, next) = store.claim_keys(&query).unwrap();
                    assert_eq!(keys, page.claims.iter().map(|c| c.key).collect::<Vec<_>>(), "{query:?}");
                    assert_eq!(next, page.next, "{query:?}");
                    for c in &page.claims {
                        let text = store.document(&c.stored.claim.doc).unwrap().text;
                        assert_eq!(c.text, &text[c.stored.claim.span.start..c.stored.claim.span.end]);
                    }
                    paged.extend(keys);
                    match next {
                        Some(n) => query.after = Some(n),
                        None => break,
                    }
                }
                let mut expected = expected.clone();
                if newest_first {
                    expected.reverse();
                }
                assert_eq!(paged, expected, "{filter:?} newest_first {newest_first}");
            }
            let ids: Vec<&str> = whole.iter().filter(|c| rule(c)).map(|c| c.stored.claim.id.as_str()).collect();
            writeln!(seen, "{:?} {:?} {:?} {:?} -> {ids:?}", filter.place, filter.actor, filter.text, filter.kind).unwrap();
        }
        assert!(nonempty >= 12, "only {nonempty} filters match anything");
        seen
    });
    assert_same_everywhere(results);
}

/// More documents share a paragraph and a publication second than relinking
/// reads per index key (32): which 32 it reads must not depend on arrival
/// order. SQLite read them in rowid order, PostgreSQL by document id.
#[test]
fn sharers_past_the_candidate_bound_give_the_same_roles_in_any_arrival_order() {
    let shared = "Shelling struck the grain market in the old town before dawn on Tuesday, and 14 people were \
                  killed and 30 wounded, the district governor told reporters at the hospital gates.";
    let docs: Vec<Document> = (0..40)
        .map(|i| {
            let own = format!(
                "Correspondent number {i} added that the road to the river crossing number {i} stayed closed \
                 to traffic through the afternoon while crews cleared debris."
            );
            doc(&format!("Market shelled, report {i}"), &[shared, &own], &format!("Outlet {i:02}"), "2016-04-02T10:00:00Z")
        })
        .collect();
    let analyzed: Vec<AnalyzedDocument> = docs.into_iter().map(analyze).collect();
    let results = each_backend(|db| {
        let mut dumps = Vec::new();
        for reversed in [false, true] {
            let db = if db.starts_with("postgres") {
                contested_testkit::postgres().unwrap()
            } else {
                format!("{db}.{reversed}")
            };
            let mut store = open_store(&db).unwrap();
            let mut order = analyzed.clone();
            if reversed {
                order.reverse();
            }
            for batch in order.chunks(4) {
                store.put_batch(batch).unwrap();
            }
            let copies = order
                .iter()
                .flat_map(|a| store.paragraphs(&a.document.id).unwrap())
                .filter(|p| p.role == Role::Copy)
                .count();
            assert!(copies >= 32, "the shared paragraph is a copy in most documents: {copies}");
            dumps.push(dump(store.as_ref()));
        }
        assert_same(&dumps[0], &dumps[1], "arrival order changed the roles");
        dumps.swap_remove(0)
    });
    assert_same_everywhere(results);
}

/// The SQLite copy index is in two parts, a small one each batch writes
/// and a big one it is merged into now and then; relinking reads both.
/// Merging whenever the recent part passes an eighth of the big one (from
/// the first batch on), so that sharers sit in either part and keys past
/// the candidate bound span both, leaves every role and claim as the
/// default ledger (which merges only past some 130,000 rows) and
/// PostgreSQL have them, in either arrival order.
#[test]
fn merging_the_copy_index_changes_no_role() {
    let corpus = contested_testkit::require_shared!("data/corpus/fakes/FA-KES-Dataset.csv");
    let mut docs: Vec<Document> = contested_ingest::read(&contested_ingest::Input::Path(corpus), &Default::default())
        .filter_map(Result::ok)
        .take(80)
        .collect();
    assert_eq!(docs.len(), 80);
    let shared = "Shelling struck the grain market in the old town before dawn on Tuesday, and 14 people were \
                  killed and 30 wounded, the district governor told reporters at the hospital gates.";
    docs.extend((0..40).map(|i| {
        let own = format!("Correspondent number {i} said the road to crossing number {i} stayed closed all afternoon.");
        doc(&format!("Market shelled, report {i}"), &[shared, &own], &format!("Outlet {i:02}"), "2016-04-02T10:00:00Z")
    }));
    let analyzed: Vec<AnalyzedDocument> = docs.into_iter().map(analyze).collect();
    let results = each_backend(|db| {
        let mut dumps = Vec::new();
        for (reversed, merging) in [(false, false), (false, true), (true, true)] {
            let db = if db.starts_with("postgres") {
                if merging {
                    continue;
                }
                contested_testkit::postgres().unwrap()
            } else {
                format!("{db}.{reversed}.{merging}")
            };
            let mut store: Box<dyn Store> = if merging {
                let mut store = contested_store::SqliteStore::open(std::path::Path::new(&db)).unwrap();
                store.merge_copy_index_past(0);
                Box::new(store)
            } else {
                open_store(&db).unwrap()
            };
            let mut order = analyzed.clone();
            if reversed {
                order.reverse();
            }
            for batch in order.chunks(7) {
                store.put_batch(batch).unwrap();
            }
            dumps.push(dump(store.as_ref()));
        }
        for other in &dumps[1..] {
            assert_same(&dumps[0], other, "merging the copy index changed the ledger");
        }
        dumps.swap_remove(0)
    });
    assert_same_everywhere(results);
}

/// Events and control records page by cursor to exactly the full listing,
/// filtered by document and kind, on every backend; a cursor this ledger
/// did not give is refused.
#[test]
fn event_and_control_pages_concatenate_to_the_filtered_listing() {
    use contested_store::RecordQuery;
    let results = each_backend(|db| {
        let mut store = open_store(db).unwrap();
        store.put_batch(&[analyze(later())]).unwrap();
        store.put_batch(&[earlier(), unrelated()].into_iter().map(analyze).collect::<Vec<_>>()).unwrap();
        let events = store.events(None).unwrap();
        let control = store.control_records(None).unwrap();
        assert!(!events.is_empty(), "the articles hold events");
        let mut seen = String::new();
        let mut kinds: Vec<Option<String>> = vec![None];
        kinds.extend(events.iter().map(|e| Some(e.event_type.as_str().to_ascii_uppercase())).take(1));
        kinds.extend(events.iter().map(|e| Some(e.sub_event_type.as_str().to_string())).take(1));
        for doc in [None, Some(earlier().id)] {
            for kind in &kinds {
                let expected: Vec<String> = events
                    .iter()
                    .filter(|e| doc.as_ref().is_none_or(|d| e.doc == *d))
                    .filter(|e| {
                        kind.as_ref().is_none_or(|k| {
                            e.event_type.as_str().eq_ignore_ascii_case(k) || e.sub_event_type.as_str().eq_ignore_ascii_case(k)
                        })
                    })
                    .map(|e| format!("{e:?}"))
                    .collect();
                let mut query = RecordQuery { doc: doc.clone(), kind: kind.clone(), after: None, limit: 1 };
                let mut paged = Vec::new();
                loop {
                    let page = store.event_page(&query).unwrap();
                    assert!(page.items.len() <= 1);
                    paged.extend(page.items.iter().map(|e| format!("{e:?}")));
                    match page.next {
                        Some(next) => query.after = Some(next),
                        None => break,
                    }
                }
                assert_eq!(paged, expected, "events doc {doc:?} kind {kind:?}");
                writeln!(seen, "{doc:?} {kind:?} {}", paged.len()).unwrap();
            }
        }
        for kind in [None, Some("standing"), Some("change")] {
            let expected: Vec<String> =
                control.iter().filter(|r| kind.is_none_or(|k| r.kind.as_str() == k)).map(|r| format!("{r:?}")).collect();
            let mut query = RecordQuery { kind: kind.map(str::to_string), limit: 2, ..Default::default() };
            let mut paged = Vec::new();
            loop {
                let page = store.control_page(&query).unwrap();
                paged.extend(page.items.iter().map(|r| format!("{r:?}")));
                match page.next {
                    Some(next) => query.after = Some(next),
                    None => break,
                }
            }
            assert_eq!(paged, expected, "control kind {kind:?}");
            writeln!(seen, "control {kind:?} {}", paged.len()).unwrap();
        }
        let bad = store.event_page(&RecordQuery { after: Some("12".into()), limit: 5, ..Default::default() });
        assert!(matches!(bad, Err(StoreError::BadCursor(_))), "{bad:?}");
        seen
    });
    assert_same_everywhere(results);
}
