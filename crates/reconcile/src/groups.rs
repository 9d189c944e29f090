//! Claim groups and what is found inside each: the figures per source,
//! corroboration, contradictions, denials, disputes and revisions.

use std::collections::{BTreeMap, HashMap};

use contested_core::{Finding, FindingKind, SourceFigure, Stance};

use crate::format::{chain, evidence, figure, number};
use crate::prepare::Prepared;
use crate::{finding_id, Geography};

/// Intervals whose lengths differ by more than this factor are different
/// periods (a month's total and one day's figure), never one group.
const COMPARABLE_DURATION: f64 = 8.0;
/// Figures further apart than this are taken for different quantities (a
/// war's toll and one attack's), not for sides disagreeing: on FA-KES every
/// pair beyond it was a mismatch of what was counted.
const MAX_CONTRADICTION_RATIO: f64 = 30.0;
/// Beyond this many sources a group reports only the contradictions between
/// neighbours in value order, so one crowded group stays linear.
const ALL_PAIRS_MAX_SOURCES: usize = 12;

/// A set of claims merged so far, with what every later member must agree with.
struct Component {
    members: Vec<usize>,
    places: Vec<String>,
    /// Common intersection of the members' intervals (pairwise overlap of
    /// intervals is the same as a common point).
    common: Option<(i64, i64)>,
    shortest: i64,
    longest: i64,
}

fn places_compatible(a: &str, b: &str, geo: &dyn Geography) -> bool {
    a == b || geo.contains(a, b) || geo.contains(b, a)
}

fn can_join(c: &Component, p: &Prepared, geo: &dyn Geography) -> bool {
    if let Some(place) = p.place {
        if !c.places.iter().all(|q| places_compatible(q, place, geo)) {
            return false;
        }
    }
    match (c.common, p.interval) {
        (Some((cs, ce)), Some((ps, pe))) => {
            let length = pe - ps;
            let shortest = c.shortest.min(length).max(1) as f64;
            let longest = c.longest.max(length) as f64;
            cs.max(ps) < ce.min(pe) && longest / shortest <= COMPARABLE_DURATION
        }
        _ => true,
    }
}

fn join(c: &mut Component, p: &Prepared) {
    c.members.push(p.index);
    if let Some(place) = p.place {
        if !c.places.iter().any(|q| q == place) {
            c.places.push(place.to_string());
        }
    }
    if let (Some((cs, ce)), Some((ps, pe))) = (c.common, p.interval) {
        c.common = Some((cs.max(ps), ce.min(pe)));
        c.shortest = c.shortest.min(pe - ps);
        c.longest = c.longest.max(pe - ps);
    }
}

fn start(p: &Prepared) -> Component {
    let length = p.interval.map(|(s, e)| e - s).unwrap_or(0);
    Component {
        members: vec![p.index],
        places: p.place.map(|q| vec![q.to_string()]).unwrap_or_default(),
        common: p.interval,
        shortest: length,
        longest: length,
    }
}

fn ancestors(place: &str, geo: &dyn Geography) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = geo.parent(place);
    while let Some(p) = current {
        if out.len() >= 16 || out.contains(&p) {
            break;
        }
        current = geo.parent(&p);
        out.push(p);
    }
    out
}

/// Splits the claims of one scope key into groups: each claim joins the
/// first-made open group whose places and times it agrees with. Claims are
/// visited in time order, then by id, so the result does not depend on the
/// order the caller passed them in. Open groups are found through their
/// places (the same place, a place inside the claim's, or one of its
/// ancestors), so a crowded bucket is not scanned whole for every claim.
pub(crate) fn split_bucket(bucket: &mut [&Prepared], geo: &dyn Geography) -> Vec<Vec<usize>> {
    bucket.sort_by(|a, b| {
        let sa = a.interval.map(|i| i.0).unwrap_or(i64::MIN);
        let sb = b.interval.map(|i| i.0).unwrap_or(i64::MIN);
        sa.cmp(&sb).then_with(|| a.input.claim.id.cmp(&b.input.claim.id))
    });
    let mut components: Vec<Component> = Vec::new();
    // Component ids by a place they hold, and by an ancestor of such a place.
    let mut at_place: HashMap<String, Vec<usize>> = HashMap::new();
    let mut inside: HashMap<String, Vec<usize>> = HashMap::new();
    let mut ancestor_cache: HashMap<String, Vec<String>> = HashMap::new();
    let mut all: Vec<usize> = Vec::new();
    for p in bucket.iter() {
        let still_open = |c: &Component| match (c.common, p.interval) {
            (Some((_, ce)), Some((ps, _))) => ce > ps,
            _ => true,
        };
        let mut candidates: Vec<usize> = Vec::new();
        match p.place {
            Some(place) => {
                let up = ancestor_cache.entry(place.to_string()).or_insert_with(|| ancestors(place, geo)).clone();
                for list in [at_place.get_mut(place), inside.get_mut(place)].into_iter().flatten() {
                    list.retain(|&i| still_open(&components[i]));
                    candidates.extend(list.iter().copied());
                }
                for a in &up {
                    if let Some(list) = at_place.get_mut(a.as_str()) {
                        list.retain(|&i| still_open(&components[i]));
                        candidates.extend(list.iter().copied());
                    }
                }
                if let Some(list) = at_place.get_mut("") {
                    list.retain(|&i| still_open(&components[i]));
                    candidates.extend(list.iter().copied());
                }
            }
            None => {
                all.retain(|&i| still_open(&components[i]));
                candidates.extend(all.iter().copied());
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let chosen = candidates.into_iter().find(|&i| can_join(&components[i], p, geo));
        let id = match chosen {
            Some(i) => {
                let new_place = p.place.is_some_and(|q| !components[i].places.iter().any(|c| c == q));
                join(&mut components[i], p);
                if !new_place {
                    continue;
                }
                i
            }
            None => {
                components.push(start(p));
                all.push(components.len() - 1);
                components.len() - 1
            }
        };
        // Index the component under the claim's place and its ancestors.
        match p.place {
            Some(place) => {
                at_place.entry(place.to_string()).or_default().push(id);
                let up = ancestor_cache.entry(place.to_string()).or_insert_with(|| ancestors(place, geo)).clone();
                for a in up {
                    inside.entry(a).or_default().push(id);
                }
            }
            None => at_place.entry(String::new()).or_default().push(id),
        }
    }
    components.into_iter().map(|c| c.members).collect()
}

/// One source's current figure in a group: its latest independent claim.
struct Source<'p, 'a> {
    claims: Vec<&'p Prepared<'a>>,
    current: &'p Prepared<'a>,
}

fn said_order<'a>(p: &Prepared<'a>) -> (i64, bool, &'a str, usize) {
    (p.said_at.unwrap_or(i64::MIN), p.independent, p.input.claim.doc.as_str(), usize::MAX - p.input.claim.span.start)
}

fn sources<'p, 'a>(members: &[&'p Prepared<'a>]) -> Vec<Source<'p, 'a>> {
    let mut by_owner: BTreeMap<&str, Vec<&Prepared>> = BTreeMap::new();
    for p in members {
        by_owner.entry(p.owner.as_str()).or_default().push(p);
    }
    by_owner
        .into_values()
        .map(|mut claims| {
            claims.sort_by(|a, b| said_order(a).cmp(&said_order(b)).then_with(|| a.input.claim.id.cmp(&b.input.claim.id)));
            let current = *claims.last().expect("non-empty");
            Source { claims, current }
        })
        .collect()
}

fn source_figure(s: &Source) -> SourceFigure {
    let mut claims: Vec<&Prepared> = s.claims.clone();
    claims.sort_by_key(|p| (!p.independent, p.input.claim.id.clone()));
    SourceFigure {
        source: s.current.owner_display.clone(),
        low: s.current.input.claim.value.low,
        high: s.current.input.claim.value.high,
        unit: s.current.input.claim.value.unit.clone(),
        stance: s.current.stance,
        claims: claims.iter().map(|p| p.input.claim.id.clone()).collect(),
        independent_reports: s.claims.iter().filter(|p| p.independent).count(),
    }
}

fn disjoint(a: &Prepared, b: &Prepared) -> bool {
    a.high < b.low || b.high < a.low
}

/// "Killed or wounded" joins two quantities: 20 injured and 4 killed are
/// not two tolls of one thing.
fn ambiguous_measure(p: &Prepared) -> bool {
    p.measure == "killed_or_wounded"
}

fn place_ids<'a>(p: &Prepared<'a>) -> Vec<&'a str> {
    let mut ids: Vec<&str> = p.input.claim.places.iter().filter_map(|m| m.place_id.as_deref()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The larger figure names more places, among them the smaller's: "8 killed
/// in Aleppo and Homs" against "6 killed in Aleppo" is a total and its part.
fn is_wider_total(a: &Prepared, b: &Prepared) -> bool {
    let (large, small) = if a.point >= b.point { (a, b) } else { (b, a) };
    let (large_places, small_places) = (place_ids(large), place_ids(small));
    large_places.len() > small_places.len() && small_places.iter().all(|p| large_places.contains(p))
}

fn ratio(a: &Prepared, b: &Prepared) -> f64 {
    let (small, large) = if a.point <= b.point { (a.point, b.point) } else { (b.point, a.point) };
    if small > 0.0 {
        large / small
    } else {
        f64::INFINITY
    }
}

fn time_text(members: &[&Prepared]) -> String {
    let texts: Vec<String> = members
        .iter()
        .filter_map(|p| p.input.claim.time.as_ref().map(|t| format!("{}..{}", t.start, t.end)))
        .collect();
    if texts.is_empty() {
        "no stated time (publication dates used where known)".to_string()
    } else {
        let mut texts = texts;
        texts.sort();
        texts.dedup();
        texts.join(", ")
    }
}

fn place_text(members: &[&Prepared], geo: &dyn Geography) -> String {
    let mut names: Vec<String> =
        members.iter().filter_map(|p| p.place).map(|id| geo.name(id).unwrap_or_else(|| id.to_string())).collect();
    names.sort();
    names.dedup();
    if names.is_empty() {
        "no named place (the article's country)".to_string()
    } else {
        names.join(", ")
    }
}

/// Everything found in one group.
pub(crate) fn findings(scope: &str, members: &[&Prepared], geo: &dyn Geography, out: &mut Vec<Finding>) {
    let sources = sources(members);
    let asserting: Vec<&Source> = sources.iter().filter(|s| s.current.stance == Stance::Asserts).collect();

    if members.len() >= 2 {
        out.push(group_finding(scope, members, &sources, &asserting, geo));
    }

    // Contradictions between sources.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    if asserting.len() <= ALL_PAIRS_MAX_SOURCES {
        for i in 0..asserting.len() {
            for j in i + 1..asserting.len() {
                pairs.push((i, j));
            }
        }
    } else {
        let mut order: Vec<usize> = (0..asserting.len()).collect();
        order.sort_by(|&a, &b| asserting[a].current.point.total_cmp(&asserting[b].current.point));
        pairs.extend(order.windows(2).map(|w| (w[0], w[1])));
    }
    for (i, j) in pairs {
        let (a, b) = (asserting[i], asserting[j]);
        // Inside one document, figures without a shared place are only set
        // against each other when the text itself casts doubt on one of them
        // (a figure the speaker calls "alleged"). Across documents a shared
        // place is not enough in a city with an attack a day: both texts must
        // state the day.
        let doubted = !a.current.doubters.is_empty() || !b.current.doubters.is_empty();
        let comparable = if a.current.broad || b.current.broad {
            doubted
        } else {
            doubted || (a.current.stated_day && b.current.stated_day)
        };
        if disjoint(a.current, b.current)
            && comparable
            && ratio(a.current, b.current) <= MAX_CONTRADICTION_RATIO
            && !ambiguous_measure(a.current)
            && !is_wider_total(a.current, b.current)
        {
            out.push(contradiction(scope, a, b));
        }
    }

    // Denials against assertions.
    for denier in sources.iter().filter(|s| s.current.stance == Stance::Denies) {
        let denied = denier.current;
        let targets: Vec<&&Source> = asserting
            .iter()
            .filter(|s| !disjoint(s.current, denied) && !ambiguous_measure(s.current) && !ambiguous_measure(denied))
            .collect();
        let mut evidence_list = vec![evidence(denied, "denial")];
        let mut lines = vec![format!("{} denies {} ({}).", denied.owner_display, figure(denied), chain(denied))];
        for t in &targets {
            evidence_list.push(evidence(t.current, "assertion"));
            lines.push(format!("{} asserts {} ({}).", t.current.owner_display, figure(t.current), chain(t.current)));
        }
        let summary = if targets.is_empty() {
            format!("{} denies {}", denied.owner_display, figure(denied))
        } else {
            format!("{} denies {} asserted by {}", denied.owner_display, figure(denied), targets.len())
                + if targets.len() == 1 { " source" } else { " sources" }
        };
        out.push(make(
            FindingKind::Denial,
            scope,
            if targets.is_empty() { 0.4 } else { 0.7 },
            summary,
            lines.join(" "),
            vec![("asserting_sources".into(), targets.len() as f64)],
            vec![],
            evidence_list,
        ));
    }

    // Figures reported with doubt by someone in the chain.
    for p in members.iter().filter(|p| !p.doubters.is_empty()) {
        let (doubter, stance) = &p.doubters[0];
        out.push(make(
            FindingKind::Dispute,
            scope,
            0.35,
            format!("{doubter} {} {}'s figure {}", stance.as_str(), p.owner_display, figure(p)),
            format!("Chain: {}. {doubter} reports the figure of {} while casting doubt on it.", chain(p), p.owner_display),
            vec![("value".into(), p.point)],
            vec![],
            vec![evidence(p, "figure")],
        ));
    }

    // Revisions: one source's figure changing over time.
    for s in &sources {
        for pair in s.claims.windows(2) {
            let (earlier, later) = (pair[0], pair[1]);
            // The same filters as for contradictions: what is told apart here
            // must be one quantity, only its figure changing.
            if !disjoint(earlier, later)
                || earlier.input.claim.doc == later.input.claim.doc
                || earlier.broad
                || later.broad
                || ambiguous_measure(earlier)
                || ratio(earlier, later) > MAX_CONTRADICTION_RATIO
                || is_wider_total(earlier, later)
            {
                continue;
            }
            let known_order = matches!((earlier.said_at, later.said_at), (Some(a), Some(b)) if a < b);
            let change = if earlier.point > 0.0 { (later.point - earlier.point) / earlier.point } else { 0.0 };
            let explanation = if known_order {
                format!(
                    "{} said {} and later {}: the later figure supersedes the earlier one (change {}{}%); not a contradiction.",
                    s.current.owner_display,
                    figure(earlier),
                    figure(later),
                    if change >= 0.0 { "+" } else { "" },
                    number(change * 100.0)
                )
            } else {
                format!(
                    "{} gives {} and {} for the same quantity; which came first is unknown (no publication dates).",
                    s.current.owner_display,
                    figure(earlier),
                    figure(later)
                )
            };
            out.push(make(
                FindingKind::Revision,
                scope,
                if known_order { 0.3 + 0.2 * change.abs().min(1.0) } else { 0.25 },
                format!("{}: {} -> {}", s.current.owner_display, figure(earlier), figure(later)),
                explanation,
                vec![("earlier".into(), earlier.point), ("later".into(), later.point), ("change".into(), change)],
                vec![],
                vec![evidence(earlier, "earlier"), evidence(later, "later")],
            ));
        }
    }
}

fn group_finding(
    scope: &str,
    members: &[&Prepared],
    sources: &[Source],
    asserting: &[&Source],
    geo: &dyn Geography,
) -> Finding {
    let figures_of: Vec<&Source> = asserting.to_vec();
    let low = figures_of.iter().filter_map(|s| s.current.input.claim.value.low.or(s.current.input.claim.value.high)).fold(f64::INFINITY, f64::min);
    let high = figures_of.iter().filter_map(|s| s.current.input.claim.value.high.or(s.current.input.claim.value.low)).fold(f64::NEG_INFINITY, f64::max);
    let mut points: Vec<f64> = figures_of.iter().map(|s| s.current.point).collect();
    points.sort_by(f64::total_cmp);
    // The best estimate is one source's own figure (the lower median), never an average.
    let best = points.get(points.len().saturating_sub(1) / 2).copied();
    let corroborating = figures_of
        .iter()
        .map(|s| figures_of.iter().filter(|o| !disjoint(s.current, o.current)).count())
        .max()
        .unwrap_or(0);
    let independent_sources = sources.iter().filter(|s| s.claims.iter().any(|p| p.independent)).count();
    let copies = members.iter().filter(|p| !p.independent).count();
    let reports = members.iter().filter(|p| p.independent).count();

    let first = members[0];
    let mut lines = vec![format!(
        "Grouped: same measure '{}' in {}, region {}, places {}, overlapping times ({}).",
        first.measure,
        crate::format::unit(&first.input.claim.value.unit),
        first.key.split('|').nth(2).unwrap_or("?"),
        place_text(members, geo),
        time_text(members)
    )];
    for s in sources {
        lines.push(format!(
            "{} {}: {} ({} independent report{}, {} claim{}).",
            s.current.owner_display,
            s.current.stance.as_str(),
            figure(s.current),
            s.claims.iter().filter(|p| p.independent).count(),
            if s.claims.iter().filter(|p| p.independent).count() == 1 { "" } else { "s" },
            s.claims.len(),
            if s.claims.len() == 1 { "" } else { "s" },
        ));
    }
    if let Some(best) = best {
        lines.push(format!(
            "Across sources: low {}, best {} (the median source's figure), high {}.",
            number(low),
            number(best),
            if high.is_finite() { number(high) } else { "open".into() }
        ));
    }
    lines.push(format!(
        "{independent_sources} independent source{}; {copies} cop{} or template repeat{} not counted.",
        if independent_sources == 1 { "" } else { "s" },
        if copies == 1 { "y" } else { "ies" },
        if copies == 1 { "" } else { "s" }
    ));
    let summary = format!(
        "{} ({}): {}",
        first.measure,
        first.key.split('|').skip(2).collect::<Vec<_>>().join(", "),
        sources.iter().map(|s| format!("{} {}", s.current.owner_display, figure(s.current))).collect::<Vec<_>>().join("; ")
    );
    let mut figs = vec![
        ("independent_sources".to_string(), independent_sources as f64),
        ("independent_reports".to_string(), reports as f64),
        ("copies".to_string(), copies as f64),
        ("corroborating_sources".to_string(), corroborating as f64),
    ];
    if let Some(best) = best {
        figs.push(("low".into(), low));
        figs.push(("best".into(), best));
        if high.is_finite() {
            figs.push(("high".into(), high));
        }
    }
    let mut ev: Vec<_> = members.iter().map(|p| evidence(p, if p.independent { "figure" } else { "copy" })).collect();
    ev.sort_by(|a, b| a.claim.cmp(&b.claim));
    make(
        FindingKind::Group,
        scope,
        (0.1 + 0.05 * independent_sources as f64).min(0.45),
        summary,
        lines.join(" "),
        figs,
        sources.iter().map(source_figure).collect(),
        ev,
    )
}

fn contradiction(scope: &str, a: &Source, b: &Source) -> Finding {
    let (a, b) = if a.current.point >= b.current.point { (a, b) } else { (b, a) };
    let r = ratio(a.current, b.current);
    let both_independent = a.current.independent && b.current.independent;
    let significance = 0.6 + 0.3 * if r.is_finite() { r.log10().min(1.0) } else { 1.0 } + if both_independent { 0.1 } else { 0.0 };
    let explanation = format!(
        "{} states {} ({}); {} states {} ({}). The figures cannot both be true: {} / {} = ratio {}.",
        a.current.owner_display,
        figure(a.current),
        chain(a.current),
        b.current.owner_display,
        figure(b.current),
        chain(b.current),
        number(a.current.point),
        number(b.current.point),
        if r.is_finite() { number(r) } else { "∞".into() }
    );
    make(
        FindingKind::Contradiction,
        scope,
        significance.min(1.0),
        format!(
            "{} {} vs {} {} (ratio {})",
            a.current.owner_display,
            figure(a.current),
            b.current.owner_display,
            figure(b.current),
            if r.is_finite() { number(r) } else { "∞".into() }
        ),
        explanation,
        vec![("ratio".into(), r), ("higher".into(), a.current.point), ("lower".into(), b.current.point)],
        vec![source_figure(a), source_figure(b)],
        vec![evidence(a.current, "figure"), evidence(b.current, "figure")],
    )
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn make(
    kind: FindingKind,
    scope: &str,
    significance: f64,
    summary: String,
    explanation: String,
    figures: Vec<(String, f64)>,
    sources: Vec<SourceFigure>,
    evidence: Vec<contested_core::Evidence>,
) -> Finding {
    Finding {
        id: finding_id(kind, scope, &evidence),
        kind,
        scope: scope.to_string(),
        significance,
        summary,
        explanation,
        figures,
        sources,
        evidence,
    }
}

/// Groups the prepared claims by scope key, then splits each scope.
pub(crate) fn group_all<'p, 'a>(
    prepared: &'p [Prepared<'a>],
    geo: &dyn Geography,
    wanted: &dyn Fn(&str) -> bool,
    out: &mut Vec<Finding>,
) -> Vec<(String, Vec<&'p Prepared<'a>>)> {
    let mut buckets: HashMap<&str, Vec<&Prepared>> = HashMap::new();
    for p in prepared.iter().filter(|p| wanted(&p.key)) {
        buckets.entry(p.key.as_str()).or_default().push(p);
    }
    let mut keys: Vec<&str> = buckets.keys().copied().collect();
    keys.sort();
    let mut groups = Vec::new();
    for key in keys {
        let mut bucket = buckets.remove(key).expect("key from map");
        totals_against_days(key, &bucket, geo, out);
        for members in split_bucket(&mut bucket, geo) {
            let list: Vec<&Prepared> = members.iter().map(|&i| &prepared[i]).collect();
            groups.push((key.to_string(), list));
        }
    }
    groups
}

/// A running total (a period's figure) against the figures for single days
/// inside it: a day cannot exceed the period around it. Not grouped, not a
/// contradiction between sources, but an inconsistency when it happens.
fn totals_against_days(scope: &str, bucket: &[&Prepared], geo: &dyn Geography, out: &mut Vec<Finding>) {
    let length = |p: &Prepared| p.interval.map(|(s, e)| e - s);
    let mut days: Vec<&Prepared> = bucket.iter().copied().filter(|p| length(p).is_some_and(|l| l <= 2 * 86_400)).collect();
    days.sort_by_key(|p| (p.interval.map(|i| i.0), p.input.claim.id.clone()));
    let periods = bucket.iter().copied().filter(|p| length(p).is_some_and(|l| l as f64 > COMPARABLE_DURATION * 86_400.0));
    for total in periods {
        let (ts, te) = total.interval.expect("filtered on interval");
        let first = days.partition_point(|d| d.interval.map(|i| i.0).unwrap_or(i64::MIN) < ts);
        for day in days[first..].iter().take_while(|d| d.interval.is_some_and(|i| i.0 < te)) {
            let inside = day.interval.is_some_and(|(_, de)| de <= te);
            let places_ok = match (total.place, day.place) {
                (Some(a), Some(b)) => places_compatible(a, b, geo),
                _ => true,
            };
            if !inside || !places_ok || day.low <= total.high {
                continue;
            }
            out.push(make(
                FindingKind::PartExceedsTotal,
                scope,
                0.55,
                format!("one day's {} exceeds the period's {}", figure(day), figure(total)),
                format!(
                    "{} gives {} for a single day inside the period for which {} gives {}: {} > {}.",
                    day.owner_display,
                    figure(day),
                    total.owner_display,
                    figure(total),
                    number(day.point),
                    number(total.point)
                ),
                vec![("day".into(), day.point), ("total".into(), total.point)],
                vec![],
                vec![evidence(day, "part"), evidence(total, "total")],
            ));
        }
    }
}
