//! The done-when of the reconcile issue, on claims located in the two seed
//! articles (read from ../shared at run time) and shaped like the
//! pipeline's: areas in km², the gazetteer's place ids, attribution chains
//! outermost first.

mod common;

use common::*;
use contested_core::{Claim, ClaimKind, Precision, Qualifier, Role, Stance, Unit};
use contested_reconcile::{reconcile, NAGORNO_KARABAKH, touched_scopes, ClaimInput, Finding, FindingKind, Report};

struct Seeds {
    first: String,
    second: String,
}

fn read_seeds(dir: &std::path::Path) -> Seeds {
    let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    Seeds { first: std::fs::read_to_string(&paths[0]).unwrap(), second: std::fs::read_to_string(&paths[1]).unwrap() }
}

const FIRST: &str = "seed-000";
const SECOND: &str = "seed-001";

/// The page template's nine areas, as `extract` reads them.
fn template_claims(text: &str, doc: &str) -> Vec<Claim> {
    let dates: [(i16, i8, i8, Option<i16>); 9] = [
        (1988, 1, 1, Some(1993)),
        (1992, 5, 8, None),
        (1992, 5, 18, None),
        (1993, 4, 2, None),
        (1993, 7, 23, None),
        (1993, 8, 23, None),
        (1993, 8, 23, None),
        (1993, 8, 31, None),
        (1993, 10, 29, None),
    ];
    let figures = ["4400 km2", "289 km2", "1840 km2", "3054 km2", "1150 km2", "1390 km2", "1050 km2", "802 km2", "707 km2"];
    TEMPLATE_PLACES
        .iter()
        .zip(figures)
        .zip(dates)
        .map(|(((name, id), figure), (y, m, d, until))| {
            let value: f64 = figure.trim_end_matches(" km2").parse().unwrap();
            let start = day(y, m, d);
            let (end, precision) = match until {
                Some(year) => (day(year, 1, 1), Precision::Year),
                None => (day(y, m, d) + jiff::SignedDuration::from_hours(24), Precision::Day),
            };
            let anchor = format!("{name}:");
            let mut spec = ClaimSpec::new(text, doc, &anchor, figure).exact(value);
            spec.unit_text = Some("km2");
            spec.time = Some((start, end, precision));
            spec.places = vec![(name, id)];
            spec.build(None)
        })
        .collect()
}

fn share_claim(text: &str, doc: &str) -> Claim {
    let mut spec = ClaimSpec::new(text, doc, "", "20 percent").exact(20.0);
    spec.kind = ClaimKind::Share;
    spec.measure = "share_of_territory";
    spec.unit = Unit::Percent;
    spec.unit_text = Some("percent");
    spec.time = Some((day(1992, 1, 1), day(1993, 1, 1), Precision::Year));
    spec.places = vec![("Azerbaijan", AZERBAIJAN), ("Nagorno-Karabakh", NAGORNO_KARABAKH)];
    spec.build(None)
}

/// The first seed: the template (first occurrence), the ministry's 2,000 ha
/// (twice) and the Armenian side's 800 ha it disputes, the 20 percent.
fn first_article(text: &str) -> Vec<ClaimInput> {
    let mut out: Vec<ClaimInput> =
        template_claims(text, FIRST).into_iter().map(|c| input(c, None, None, Role::Template, None)).collect();

    let mut liberated = ClaimSpec::new(text, FIRST, "", "more than 2,000 hectares");
    liberated.low = Some(20.0);
    liberated.qualifier = Qualifier::MoreThan;
    liberated.unit_text = Some("hectares");
    liberated.time = Some((day(2016, 5, 18), day(2016, 5, 19), Precision::Day));
    liberated.chain = vec![("Azerbaijani defense ministry", Stance::Asserts)];
    out.push(input(liberated.build(None), None, None, Role::Body, None));

    let mut alleged = ClaimSpec::new(text, FIRST, "", "800 hectares").exact(8.0);
    alleged.unit_text = Some("hectares");
    alleged.places = vec![("Azerbaijan", AZERBAIJAN)];
    alleged.chain = vec![("the defense ministry", Stance::Disputes), ("the Armenian side", Stance::Asserts)];
    out.push(input(alleged.build(None), None, None, Role::Body, None));

    // The ministry repeats its figure after the Armenian one.
    let mut freed = ClaimSpec::new(text, FIRST, "800 hectares", "more than 2,000 hectares");
    freed.low = Some(20.0);
    freed.qualifier = Qualifier::MoreThan;
    freed.unit_text = Some("hectares");
    freed.chain = vec![("the defense ministry", Stance::Asserts)];
    out.push(input(freed.build(None), None, None, Role::Body, None));

    out.push(input(share_claim(text, FIRST), None, None, Role::Body, None));
    out
}

/// The second seed: the same template (a template copy of the first) and the
/// 20 percent paragraph again.
fn second_article(text: &str, first: &[ClaimInput]) -> Vec<ClaimInput> {
    let mut out: Vec<ClaimInput> = template_claims(text, SECOND)
        .into_iter()
        .zip(first)
        .map(|(c, original)| input(c, None, None, Role::Template, Some(&original.claim)))
        .collect();
    let first_share = first.iter().find(|c| c.claim.kind == ClaimKind::Share).unwrap();
    out.push(input(share_claim(text, SECOND), None, None, Role::Copy, Some(&first_share.claim)));
    out
}

fn setup() -> Option<(Seeds, Vec<ClaimInput>)> {
    let dir = contested_testkit::shared("seeds")?;
    let seeds = read_seeds(&dir);
    let mut claims = first_article(&seeds.first);
    let second = second_article(&seeds.second, &claims);
    claims.extend(second);
    Some((seeds, claims))
}

fn text_of<'s>(seeds: &'s Seeds, doc: &str) -> &'s str {
    if doc == FIRST {
        &seeds.first
    } else {
        &seeds.second
    }
}

fn figure(f: &Finding, name: &str) -> f64 {
    f.figures.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name} missing in {f:#?}")).1
}

fn evidence_texts<'s>(seeds: &'s Seeds, f: &Finding, role: &str) -> Vec<&'s str> {
    f.evidence.iter().filter(|e| e.role == role).map(|e| &text_of(seeds, &e.doc)[e.span.start..e.span.end]).collect()
}

fn only(report: &Report, kind: FindingKind) -> Vec<&Finding> {
    report.of_kind(kind).collect()
}

#[test]
fn the_2000_and_800_hectares_contradict_with_ratio_and_chains() {
    let Some((seeds, claims)) = setup() else { return };
    let report = reconcile(&claims, &geography());
    let contradictions = only(&report, FindingKind::Contradiction);
    assert_eq!(contradictions.len(), 1, "{contradictions:#?}");
    let c = contradictions[0];
    assert!((figure(c, "ratio") - 2.5).abs() < 1e-9);
    assert_eq!(evidence_texts(&seeds, c, "figure"), vec!["more than 2,000 hectares", "800 hectares"]);
    for e in &c.evidence {
        assert!(e.sentence_span.contains(e.span));
    }
    let sentence = &seeds.first[c.evidence[1].sentence_span.start..c.evidence[1].sentence_span.end];
    assert!(sentence.contains("the Armenian side") && sentence.contains("800 hectares"), "{sentence}");
    assert!(c.explanation.contains("unknown outlet > the defense ministry (disputes) > the Armenian side"), "{}", c.explanation);
    assert!(c.explanation.contains("unknown outlet > the defense ministry"), "{}", c.explanation);
    assert!(c.explanation.contains("20 / 8 = ratio 2.5"), "{}", c.explanation);
    assert!(c.summary.contains("more than 20 km² (2,000 ha)") && c.summary.contains("8 km² (800 ha)"), "{}", c.summary);
    // Two sources, each with its own figure; the ministry's two reports are one source.
    let sources: Vec<(&str, Option<f64>)> = c.sources.iter().map(|s| (s.source.as_str(), s.low)).collect();
    assert_eq!(sources, vec![("the defense ministry", Some(20.0)), ("the Armenian side", Some(8.0))]);
    // The ministry's doubt is a finding of its own.
    let disputes = only(&report, FindingKind::Dispute);
    assert_eq!(disputes.len(), 1);
    assert_eq!(evidence_texts(&seeds, disputes[0], "figure"), vec!["800 hectares"]);
    // The contradiction outranks the groups it belongs to.
    let position = |kind| report.findings.iter().position(|f| f.kind == kind).unwrap();
    assert!(position(FindingKind::Contradiction) < position(FindingKind::Group));
}

#[test]
fn twenty_percent_against_the_template_areas() {
    let Some((seeds, claims)) = setup() else { return };
    let report = reconcile(&claims, &geography());
    let checks = only(&report, FindingKind::ShareVsArea);
    // The second page carries the template and the paragraph as copies: one check, not two.
    assert_eq!(checks.len(), 1, "{checks:#?}");
    let check = checks[0];
    assert_eq!(check.scope, format!("doc:{FIRST}"));
    assert_eq!(figure(check, "sum_km2"), 14_682.0);
    assert_eq!(figure(check, "country_area_km2"), 86_600.0);
    assert!((figure(check, "computed_percent") - 16.953_81).abs() < 1e-4);
    assert_eq!(figure(check, "stated_percent"), 20.0);
    assert_eq!(
        evidence_texts(&seeds, check, "part"),
        vec!["4400 km2", "289 km2", "1840 km2", "3054 km2", "1150 km2", "1390 km2", "1050 km2", "802 km2", "707 km2"]
    );
    assert_eq!(evidence_texts(&seeds, check, "share"), vec!["20 percent"]);
    for needle in [
        "4,400 + 289 + 1,840 + 3,054 + 1,150 + 1,390 + 1,050 + 802 + 707 = 14,682 km²",
        "14,682 / 86,600 km² (Azerbaijan's area) = 16.95%",
        "states 20% (= 17,320 km²)",
        "3.05 percentage points",
        "counts 289 km² twice",
        "14,393 km² = 16.62%",
    ] {
        assert!(check.explanation.contains(needle), "{needle:?} not in {}", check.explanation);
    }
}

#[test]
fn shusha_inside_nagorno_karabakh_is_counted_twice() {
    let Some((seeds, claims)) = setup() else { return };
    let report = reconcile(&claims, &geography());
    let doubles = only(&report, FindingKind::DoubleCount);
    assert_eq!(doubles.len(), 1, "{doubles:#?}");
    let d = doubles[0];
    assert_eq!(evidence_texts(&seeds, d, "outer"), vec!["4400 km2"]);
    assert_eq!(evidence_texts(&seeds, d, "inner"), vec!["289 km2"]);
    assert_eq!(figure(d, "sum_without_double_count_km2"), 14_393.0);
    assert!(d.explanation.contains("Shusha lies inside Nagorno-Karabakh"), "{}", d.explanation);
    assert!(d.explanation.contains("14,682 - 289 = 14,393 km²"), "{}", d.explanation);

    // The gazetteer's parents alone (Shusha District under Azerbaijan) do not
    // say Shusha is in Nagorno-Karabakh: without the containment, no finding.
    let mut plain = contested_reconcile::TableGeography::new();
    plain.add_country_area("AZ", 86_600.0);
    for (name, id) in TEMPLATE_PLACES {
        plain.add_place(contested_reconcile::PlaceRow {
            id: id.to_string(),
            name: name.to_string(),
            country: Some("AZ".into()),
            parent: Some(AZERBAIJAN.into()),
        });
    }
    assert_eq!(reconcile(&claims, &plain).of_kind(FindingKind::DoubleCount).count(), 0);
}

#[test]
fn copies_and_templates_count_once() {
    let Some((seeds, claims)) = setup() else { return };
    let report = reconcile(&claims, &geography());
    // "20 percent of Azerbaijan" names only a country: compared inside its
    // own page, never grouped with the other page's copy as a second source.
    assert!(report.groups().all(|g| !g.scope.starts_with("share_of_territory|")));
    // Each template area: one group of two pages, one source, no contradiction.
    let shusha = report.groups().find(|g| g.summary.contains("289 km²")).unwrap();
    assert_eq!(figure(shusha, "independent_sources"), 1.0);
    assert_eq!(figure(shusha, "copies"), 1.0);
    assert_eq!(evidence_texts(&seeds, shusha, "figure"), vec!["289 km2"]);
    assert_eq!(evidence_texts(&seeds, shusha, "copy"), vec!["289 km2"]);
}

#[test]
fn same_day_different_districts_stay_apart() {
    let Some((_seeds, claims)) = setup() else { return };
    let report = reconcile(&claims, &geography());
    // Fizuli and Jabrayil were both taken on August 23, 1993.
    let august: Vec<&Finding> = report.groups().filter(|g| g.scope.ends_with("|1993-08")).collect();
    let figures: Vec<Vec<Option<f64>>> =
        august.iter().map(|g| g.sources.iter().map(|s| s.low).collect()).collect();
    assert!(figures.iter().all(|f| f.len() == 1), "{figures:?}");
    let mut lows: Vec<f64> = figures.iter().map(|f| f[0].unwrap()).collect();
    lows.sort_by(f64::total_cmp);
    assert_eq!(lows, vec![802.0, 1050.0, 1390.0]);
}

#[test]
fn recomputation_is_idempotent_and_order_free() {
    let Some((_seeds, claims)) = setup() else { return };
    let geo = geography();
    let once = reconcile(&claims, &geo);
    let mut reversed = claims.clone();
    reversed.reverse();
    let again = reconcile(&reversed, &geo);
    let ids = |r: &Report| r.findings.iter().map(|f| f.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&once), ids(&again));
    assert_eq!(once, again);
}

#[test]
fn scopes_recompute_alone() {
    let Some((_seeds, claims)) = setup() else { return };
    let geo = geography();
    let all = reconcile(&claims, &geo);
    // The second page arrives: recompute only what it touches.
    let second: Vec<ClaimInput> = claims.iter().filter(|c| c.claim.doc == SECOND).cloned().collect();
    let touched = touched_scopes(&second, &geo);
    assert!(touched.contains(&format!("doc:{SECOND}")));
    let keys = contested_reconcile::scope_keys(&claims, &geo);
    let docs_in_scope: std::collections::BTreeSet<&str> = keys
        .iter()
        .zip(&claims)
        .filter(|((_, k), _)| k.iter().any(|k| touched.contains(k)))
        .map(|(_, c)| c.claim.doc.as_str())
        .collect();
    let subset: Vec<ClaimInput> = claims.iter().filter(|c| docs_in_scope.contains(c.claim.doc.as_str())).cloned().collect();
    let partial = reconcile(&subset, &geo);
    let in_touched = |r: &Report| {
        let mut v: Vec<Finding> = r.findings.iter().filter(|f| touched.contains(&f.scope)).cloned().collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    };
    assert!(!in_touched(&all).is_empty());
    assert_eq!(in_touched(&all), in_touched(&partial));
}

#[test]
fn a_small_area_elsewhere_is_not_the_lists_total() {
    let Some((_seeds, claims)) = setup() else { return };
    // The 800 ha is placed in Azerbaijan, which holds every listed district;
    // it is a day's loss, not the total of the list.
    let report = reconcile(&claims, &geography());
    assert_eq!(report.of_kind(FindingKind::PartsVsTotal).count(), 0, "{:#?}", report.of_kind(FindingKind::PartsVsTotal).collect::<Vec<_>>());
}

/// Recomputing some scopes gives exactly the findings a full run gives for
/// them, on every subset the seeds' scopes make one at a time: incremental
/// recomputation relies on it, holding claims of other scopes it skips.
#[test]
fn recomputing_some_scopes_gives_the_full_runs_findings_for_them() {
    let Some((_, claims)) = setup() else { return };
    let geo = geography();
    let full = reconcile(&claims, &geo);
    let scopes = touched_scopes(&claims, &geo);
    assert!(scopes.len() >= 3, "the seeds touch several scopes: {scopes:?}");
    let mut nonempty = 0;
    for scope in &scopes {
        let only: std::collections::BTreeSet<String> = [scope.clone()].into();
        let partial = contested_reconcile::reconcile_scopes(&claims, &geo, &only);
        let expected: Vec<&Finding> = full.findings.iter().filter(|f| &f.scope == scope).collect();
        let got: Vec<&Finding> = partial.findings.iter().collect();
        assert_eq!(got, expected, "scope {scope}");
        nonempty += usize::from(!got.is_empty());
    }
    assert!(nonempty >= 2, "several scopes have findings of their own");
}
