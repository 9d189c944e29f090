//! Grouping, corroboration, denials and revisions on short texts of our own.

mod common;

use common::*;
use contested_core::{ClaimKind, Precision, Qualifier, Role, Stance, Unit};
use contested_reconcile::{reconcile, ClaimInput, Finding, FindingKind};

const ALEPPO: &str = "geonames:170063";
const DOUMA: &str = "geonames:170654";

fn killed<'t>(text: &'t str, doc: &'t str, anchor: &'t str, figure: &'t str, value: f64) -> ClaimSpec<'t> {
    let mut spec = ClaimSpec::new(text, doc, anchor, figure).exact(value);
    spec.kind = ClaimKind::People;
    spec.measure = "killed";
    spec.unit = Unit::People;
    spec
}

fn on(day_: jiff::Timestamp) -> Option<(jiff::Timestamp, jiff::Timestamp, Precision)> {
    Some((day_, day_ + jiff::SignedDuration::from_hours(24), Precision::Day))
}

fn figure(f: &Finding, name: &str) -> f64 {
    f.figures.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name} missing in {f:#?}")).1
}

fn slices<'t>(texts: &[(&str, &'t str)], f: &Finding) -> Vec<&'t str> {
    f.evidence
        .iter()
        .map(|e| {
            let text = texts.iter().find(|(d, _)| *d == e.doc).unwrap().1;
            &text[e.span.start..e.span.end]
        })
        .collect()
}

#[test]
fn hectares_and_square_kilometres_are_the_same_figure() {
    let a = "Government troops retook 2,000 hectares near Aleppo on Monday, the army said.";
    let b = "Observers said 20 km2 around Aleppo changed hands on Monday.";
    let mut one = ClaimSpec::new(a, "a", "retook", "2,000 hectares").exact(20.0);
    one.unit_text = Some("hectares");
    one.time = on(day(2016, 2, 1));
    one.places = vec![("Aleppo", ALEPPO)];
    one.chain = vec![("the army", Stance::Asserts)];
    let mut two = ClaimSpec::new(b, "b", "said", "20 km2").exact(20.0);
    two.unit_text = Some("km2");
    two.time = on(day(2016, 2, 1));
    two.places = vec![("Aleppo", ALEPPO)];
    two.chain = vec![("Observers", Stance::Asserts)];
    let claims = vec![
        input(one.build(Some("Outlet A")), Some("Outlet A"), Some(day(2016, 2, 2)), Role::Body, None),
        input(two.build(Some("Outlet B")), Some("Outlet B"), Some(day(2016, 2, 2)), Role::Body, None),
    ];
    let report = reconcile(&claims, &geography());
    let groups: Vec<&Finding> = report.groups().collect();
    assert_eq!(groups.len(), 1);
    assert_eq!(figure(groups[0], "independent_sources"), 2.0);
    assert_eq!(figure(groups[0], "corroborating_sources"), 2.0);
    assert_eq!(slices(&[("a", a), ("b", b)], groups[0]).len(), 2);
    assert_eq!(report.of_kind(FindingKind::Contradiction).count(), 0);
}

#[test]
fn different_days_or_places_are_different_events() {
    let text = "On Monday 12 people were killed in Aleppo. On Thursday 40 people were killed in Aleppo. \
                On Monday 30 people were killed in Douma.";
    let mut monday = killed(text, "d", "On Monday", "12 people", 12.0);
    monday.time = on(day(2016, 2, 1));
    monday.places = vec![("Aleppo", ALEPPO)];
    let mut thursday = killed(text, "d", "On Thursday", "40 people", 40.0);
    thursday.time = on(day(2016, 2, 4));
    thursday.places = vec![("Aleppo", ALEPPO)];
    let mut douma = killed(text, "d", "Aleppo. \n", "30 people", 30.0);
    douma.anchor = "On Monday 30";
    douma.time = on(day(2016, 2, 1));
    douma.places = vec![("Douma", DOUMA)];
    let claims: Vec<ClaimInput> = [monday, thursday, douma]
        .into_iter()
        .map(|s| input(s.build(Some("Outlet")), Some("Outlet"), None, Role::Body, None))
        .collect();
    let report = reconcile(&claims, &geography());
    assert_eq!(report.groups().count(), 0, "{:#?}", report.findings);
    assert_eq!(report.of_kind(FindingKind::Contradiction).count(), 0);
    assert_eq!(report.of_kind(FindingKind::Revision).count(), 0);
}

#[test]
fn a_later_figure_from_the_same_source_is_a_revision() {
    let first = "The ministry said 12 people were killed in the Aleppo shelling.";
    let second = "The ministry said the toll from the Aleppo shelling rose to 15.";
    let mut early = killed(first, "early", "said", "12 people", 12.0);
    early.places = vec![("Aleppo", ALEPPO)];
    early.chain = vec![("The ministry", Stance::Asserts)];
    let mut late = killed(second, "late", "rose to", "15", 15.0);
    late.places = vec![("Aleppo", ALEPPO)];
    late.chain = vec![("The ministry", Stance::Asserts)];
    let claims = vec![
        input(early.build(Some("Outlet")), Some("Outlet"), Some(day(2016, 3, 1)), Role::Body, None),
        input(late.build(Some("Outlet")), Some("Outlet"), Some(day(2016, 3, 2)), Role::Body, None),
    ];
    let report = reconcile(&claims, &geography());
    assert_eq!(report.of_kind(FindingKind::Contradiction).count(), 0);
    let revisions: Vec<&Finding> = report.of_kind(FindingKind::Revision).collect();
    assert_eq!(revisions.len(), 1, "{:#?}", report.findings);
    let r = revisions[0];
    assert_eq!(slices(&[("early", first), ("late", second)], r), vec!["12 people", "15"]);
    assert_eq!(r.evidence.iter().map(|e| e.role.as_str()).collect::<Vec<_>>(), vec!["earlier", "later"]);
    assert!(r.explanation.contains("supersedes"), "{}", r.explanation);
    // The group shows the source's current (latest) figure.
    let group = report.groups().next().unwrap();
    assert_eq!(group.sources.len(), 1);
    assert_eq!(group.sources[0].low, Some(15.0));
}

#[test]
fn a_denial_meets_the_assertion_it_denies() {
    let a = "Rebels said 50 soldiers were killed near Aleppo.";
    let b = "The army denied that 50 soldiers had been killed near Aleppo.";
    let mut asserted = killed(a, "a", "said", "50 soldiers", 50.0);
    asserted.places = vec![("Aleppo", ALEPPO)];
    asserted.chain = vec![("Rebels", Stance::Asserts)];
    let mut denied = killed(b, "b", "denied", "50 soldiers", 50.0);
    denied.places = vec![("Aleppo", ALEPPO)];
    denied.chain = vec![("The army", Stance::Denies)];
    let claims = vec![
        input(asserted.build(Some("A")), Some("A"), Some(day(2016, 3, 1)), Role::Body, None),
        input(denied.build(Some("B")), Some("B"), Some(day(2016, 3, 2)), Role::Body, None),
    ];
    let report = reconcile(&claims, &geography());
    let denials: Vec<&Finding> = report.of_kind(FindingKind::Denial).collect();
    assert_eq!(denials.len(), 1);
    assert_eq!(figure(denials[0], "asserting_sources"), 1.0);
    assert_eq!(slices(&[("a", a), ("b", b)], denials[0]), vec!["50 soldiers", "50 soldiers"]);
    assert_eq!(denials[0].evidence[0].role, "denial");
    assert_eq!(denials[0].evidence[0].doc, "b");
}

#[test]
fn three_pages_of_one_wire_story_are_one_source() {
    let text = "At least 30 civilians were killed in Douma, the monitor said.";
    let original = {
        let mut s = killed(text, "wire", "At least", "30 civilians", 30.0);
        s.qualifier = Qualifier::AtLeast;
        s.high = None;
        s.places = vec![("Douma", DOUMA)];
        s.chain = vec![("the monitor", Stance::Asserts)];
        s
    };
    let build = |doc: &'static str| {
        let mut s = killed(text, doc, "At least", "30 civilians", 30.0);
        s.qualifier = Qualifier::AtLeast;
        s.high = None;
        s.places = vec![("Douma", DOUMA)];
        s.chain = vec![("the monitor", Stance::Asserts)];
        s.build(Some(doc))
    };
    let first = original.build(Some("wire"));
    let published = Some(day(2016, 4, 1));
    let claims = vec![
        input(first.clone(), Some("wire"), published, Role::Body, None),
        input(build("paper1"), Some("paper1"), published, Role::Copy, Some(&first)),
        input(build("paper2"), Some("paper2"), published, Role::Copy, Some(&first)),
    ];
    let report = reconcile(&claims, &geography());
    let group = report.groups().next().expect("one group");
    assert_eq!(figure(group, "independent_sources"), 1.0);
    assert_eq!(figure(group, "copies"), 2.0);
    assert_eq!(group.sources.len(), 1);
    assert_eq!(group.sources[0].independent_reports, 1);
    assert_eq!(group.sources[0].claims[0], first.id, "the independent report comes first");
}

#[test]
fn a_months_total_is_not_grouped_with_a_days_figure() {
    let text = "In March 300 people were killed in Aleppo. On March 3, 40 people were killed in Aleppo.";
    let mut month = killed(text, "m", "In March", "300 people", 300.0);
    month.time = Some((day(2016, 3, 1), day(2016, 4, 1), Precision::Month));
    month.places = vec![("Aleppo", ALEPPO)];
    month.chain = vec![("monitor", Stance::Asserts)];
    let mut one_day = killed(text, "m", "On March 3", "40 people", 40.0);
    one_day.time = on(day(2016, 3, 3));
    one_day.places = vec![("Aleppo", ALEPPO)];
    one_day.chain = vec![("army", Stance::Asserts)];
    let claims: Vec<ClaimInput> =
        [month, one_day].into_iter().map(|s| input(s.build(None), None, None, Role::Body, None)).collect();
    let report = reconcile(&claims, &geography());
    assert_eq!(report.of_kind(FindingKind::Contradiction).count(), 0, "{:#?}", report.findings);
    assert_eq!(report.groups().count(), 0);
    assert_eq!(report.of_kind(FindingKind::PartExceedsTotal).count(), 0, "40 on one day fits in 300 for the month");
}

#[test]
fn a_day_above_its_months_total_is_inconsistent() {
    let text = "In March 30 people were killed in Aleppo. On March 3, 40 people were killed in Aleppo.";
    let mut month = killed(text, "m", "In March", "30 people", 30.0);
    month.time = Some((day(2016, 3, 1), day(2016, 4, 1), Precision::Month));
    month.places = vec![("Aleppo", ALEPPO)];
    let mut one_day = killed(text, "m", "On March 3", "40 people", 40.0);
    one_day.time = on(day(2016, 3, 3));
    one_day.places = vec![("Aleppo", ALEPPO)];
    let claims: Vec<ClaimInput> =
        [month, one_day].into_iter().map(|s| input(s.build(None), None, None, Role::Body, None)).collect();
    let report = reconcile(&claims, &geography());
    let found: Vec<&Finding> = report.of_kind(FindingKind::PartExceedsTotal).collect();
    assert_eq!(found.len(), 1, "{:#?}", report.findings);
    assert_eq!(slices(&[("m", text)], found[0]), vec!["40 people", "30 people"]);
}

#[test]
fn claims_without_a_figure_are_diagnosed_not_dropped_silently() {
    let text = "Many people were killed.";
    let mut spec = killed(text, "x", "Many", "Many people", 0.0);
    spec.low = None;
    spec.high = None;
    let claims = vec![input(spec.build(None), None, None, Role::Body, None)];
    let report = reconcile(&claims, &geography());
    assert!(report.findings.is_empty());
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(report.diagnostics[0].span.map(|s| &text[s.start..s.end]), Some("Many people"));
}

#[test]
fn parts_larger_than_their_stated_total() {
    let text = "Of Azerbaijan, 4000 km2 are held: Lachin 1840 km2, Kalbajar 3054 km2.";
    let area = |anchor: &'static str, figure: &'static str, value: f64, place: (&'static str, &'static str)| {
        let mut s = ClaimSpec::new(text, "t", anchor, figure).exact(value);
        s.places = vec![place];
        input(s.build(None), None, None, Role::Body, None)
    };
    let claims = vec![
        area("Of", "4000 km2", 4000.0, ("Azerbaijan", AZERBAIJAN)),
        area("Lachin", "1840 km2", 1840.0, ("Lachin", TEMPLATE_PLACES[2].1)),
        area("Kalbajar", "3054 km2", 3054.0, ("Kalbajar", TEMPLATE_PLACES[3].1)),
    ];
    let report = reconcile(&claims, &geography());
    let found: Vec<&Finding> = report.of_kind(FindingKind::PartsVsTotal).collect();
    assert_eq!(found.len(), 1, "{:#?}", report.findings);
    assert_eq!(slices(&[("t", text)], found[0]), vec!["1840 km2", "3054 km2", "4000 km2"]);
    assert!(found[0].explanation.contains("1,840 + 3,054 = 4,894 km² inside Azerbaijan"), "{}", found[0].explanation);
}

fn town_report<'t>(text: &'t str, doc: &'t str, figure: &'t str, value: f64, speaker: &'t str, dated: bool) -> ClaimInput {
    let mut s = killed(text, doc, "killed", figure, value);
    s.anchor = "strike";
    s.places = vec![("Douma", DOUMA)];
    s.chain = vec![(speaker, Stance::Asserts)];
    s.counted = figure.split_whitespace().last();
    if dated {
        s.time = on(day(2016, 5, 3));
    }
    input(s.build(Some(doc)), Some(doc), Some(day(2016, 5, 4)), Role::Body, None)
}

#[test]
fn two_sides_on_the_same_day_and_town_contradict() {
    let a = "The strike on Douma on Tuesday killed 30 civilians, activists said.";
    let b = "The strike on Douma on Tuesday killed 5 terrorists and no civilians, the ministry said.";
    let claims = vec![
        town_report(a, "opposition", "30 civilians", 30.0, "activists", true),
        town_report(b, "state", "5 terrorists", 5.0, "the ministry", true),
    ];
    let report = reconcile(&claims, &geography());
    // "civilians" and "terrorists" are different people: not one quantity.
    assert_eq!(report.of_kind(FindingKind::Contradiction).count(), 0, "{:#?}", report.findings);

    let b = "The strike on Douma on Tuesday killed 5 civilians, the ministry said.";
    let claims = vec![
        town_report(a, "opposition", "30 civilians", 30.0, "activists", true),
        town_report(b, "state", "5 civilians", 5.0, "the ministry", true),
    ];
    let report = reconcile(&claims, &geography());
    let found: Vec<&Finding> = report.of_kind(FindingKind::Contradiction).collect();
    assert_eq!(found.len(), 1, "{:#?}", report.findings);
    assert_eq!(figure(found[0], "ratio"), 6.0);
    assert_eq!(slices(&[("opposition", a), ("state", b)], found[0]), vec!["30 civilians", "5 civilians"]);
    assert!(found[0].explanation.contains("opposition > activists"), "{}", found[0].explanation);

    // Without a day in either text, the same two figures are a group, not a
    // contradiction: a city sees more than one attack in a few days.
    let claims = vec![
        town_report(a, "opposition", "30 civilians", 30.0, "activists", false),
        town_report(b, "state", "5 civilians", 5.0, "the ministry", false),
    ];
    let report = reconcile(&claims, &geography());
    assert_eq!(report.of_kind(FindingKind::Contradiction).count(), 0);
    assert_eq!(report.groups().count(), 1);
}
