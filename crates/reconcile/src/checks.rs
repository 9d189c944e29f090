//! Consistency checks inside one document: parts against totals, shares
//! against known areas, and places counted twice.

use std::collections::{BTreeMap, HashMap};

use contested_core::{ClaimKind, Finding, FindingKind};

use crate::format::{evidence, number};
use crate::groups::make;
use crate::prepare::Prepared;
use crate::Geography;

/// A stated share further than this from the computed one (in percentage
/// points, or this fraction of the stated share if larger) does not match.
const SHARE_POINTS_TOLERANCE: f64 = 1.0;
const SHARE_RELATIVE_TOLERANCE: f64 = 0.1;

fn is_territory(p: &Prepared) -> bool {
    matches!(p.input.claim.measure.as_deref(), None | Some("territory"))
}

fn is_territory_share(p: &Prepared) -> bool {
    matches!(p.input.claim.measure.as_deref(), None | Some("share_of_territory"))
}

fn place_name(geo: &dyn Geography, id: &str) -> String {
    geo.name(id).unwrap_or_else(|| id.to_string())
}

/// Runs the checks on the claims of one document.
pub(crate) fn document_checks(doc: &str, claims: &[&Prepared], geo: &dyn Geography, out: &mut Vec<Finding>) {
    let scope = format!("doc:{doc}");
    let mut claims: Vec<&Prepared> = claims.to_vec();
    claims.sort_by_key(|p| p.input.claim.span.start);

    // Lists of area figures with a place ("Shusha: ..., territory 289 km2;
    // Lachin: ..."): the area figures of one sentence, one per place, in one
    // country. A figure whose place holds two or more of the others is the
    // list's total, not a part.
    let mut lists: BTreeMap<(usize, String), Vec<&Prepared>> = BTreeMap::new();
    let mut seen_places: HashMap<(usize, &str), ()> = HashMap::new();
    for p in &claims {
        let (ClaimKind::Area, Some(place)) = (p.input.claim.kind, p.place) else { continue };
        let sentence = p.input.claim.sentence_span.start;
        if !is_territory(p) || p.input.claim.value.low.is_none() || seen_places.insert((sentence, place), ()).is_some() {
            continue;
        }
        if let Some(country) = geo.country_of(place) {
            lists.entry((sentence, country)).or_default().push(p);
        }
    }
    let mut parts_by_country: Vec<(String, Vec<&Prepared>)> = Vec::new();
    for ((_, country), list) in lists {
        let places: Vec<&str> = list.iter().filter_map(|p| p.place).collect();
        let parts: Vec<&Prepared> = list
            .iter()
            .copied()
            .filter(|p| places.iter().filter(|q| geo.contains(p.place.unwrap_or(""), q)).count() < 2)
            .collect();
        parts_by_country.push((country, parts));
    }
    let all_areas: Vec<&Prepared> = claims
        .iter()
        .copied()
        .filter(|p| p.input.claim.kind == ClaimKind::Area && p.place.is_some() && is_territory(p))
        .collect();

    for (country, parts) in &parts_by_country {
        if parts.len() < 2 {
            continue;
        }
        let inner_pairs: Vec<(&Prepared, &Prepared)> = parts
            .iter()
            .flat_map(|outer| parts.iter().map(move |inner| (*outer, *inner)))
            .filter(|(outer, inner)| geo.contains(outer.place.unwrap_or(""), inner.place.unwrap_or("")))
            .collect();
        let sum: f64 = parts.iter().map(|p| p.point).sum();
        let inner_sum: f64 = {
            let mut inner: Vec<&Prepared> = inner_pairs.iter().map(|(_, i)| *i).collect();
            inner.sort_by_key(|p| p.index);
            inner.dedup_by_key(|p| p.index);
            inner.iter().map(|p| p.point).sum()
        };
        let sum_text = format!(
            "{} = {} km²",
            parts.iter().map(|p| number(p.point)).collect::<Vec<_>>().join(" + "),
            number(sum)
        );
        let any_own = |list: &[&Prepared]| list.iter().any(|p| p.input.original.is_none());

        for (outer, inner) in &inner_pairs {
            if !any_own(&[outer, inner]) {
                continue;
            }
            let (outer_name, inner_name) = (place_name(geo, outer.place.unwrap()), place_name(geo, inner.place.unwrap()));
            out.push(make(
                FindingKind::DoubleCount,
                &scope,
                0.6,
                format!("{inner_name} ({} km²) lies inside {outer_name} ({} km²): counted twice", number(inner.point), number(outer.point)),
                format!(
                    "{inner_name} lies inside {outer_name}, and both are listed with their own area. Their sum {sum_text} counts {inner_name}'s {} km² twice; without the double count it is {} - {} = {} km².",
                    number(inner.point),
                    number(sum),
                    number(inner.point),
                    number(sum - inner.point)
                ),
                vec![("sum_km2".into(), sum), ("counted_twice_km2".into(), inner.point), ("sum_without_double_count_km2".into(), sum - inner.point)],
                vec![],
                vec![evidence(outer, "outer"), evidence(inner, "inner")],
            ));
        }

        // Shares of the country stated in the same document.
        let part_places: Vec<&str> = parts.iter().filter_map(|p| p.place).collect();
        let Some(country_area) = geo.country_area_km2(country) else { continue };
        for share in claims.iter().filter(|p| p.input.claim.kind == ClaimKind::Share && is_territory_share(p)) {
            let Some(share_place) = share.place else { continue };
            if geo.country_of(share_place).as_deref() != Some(country.as_str())
                || part_places.contains(&share_place)
                || part_places.iter().any(|q| geo.contains(q, share_place))
            {
                continue;
            }
            let mut involved: Vec<&Prepared> = parts.clone();
            involved.push(share);
            if !any_own(&involved) {
                continue;
            }
            let computed = sum / country_area * 100.0;
            let stated = share.point;
            let gap = computed - stated;
            if gap.abs() <= SHARE_POINTS_TOLERANCE.max(SHARE_RELATIVE_TOLERANCE * stated) {
                continue;
            }
            let country_name = place_name(geo, share_place);
            let mut explanation = format!(
                "The listed areas sum to {sum_text}; {} / {} km² ({country_name}'s area) = {}%. The same document states {}% (= {} km²), {} percentage points {}.",
                number(sum),
                number(country_area),
                number(computed),
                number(stated),
                number(stated / 100.0 * country_area),
                number(gap.abs()),
                if gap < 0.0 { "more than the parts support" } else { "less than the parts add up to" }
            );
            if inner_sum > 0.0 {
                explanation.push_str(&format!(
                    " The sum counts {} km² twice (places inside other listed places); without them it is {} km² = {}%.",
                    number(inner_sum),
                    number(sum - inner_sum),
                    number((sum - inner_sum) / country_area * 100.0)
                ));
            }
            let mut ev: Vec<_> = parts.iter().map(|p| evidence(p, "part")).collect();
            ev.push(evidence(share, "share"));
            out.push(make(
                FindingKind::ShareVsArea,
                &scope,
                (0.5 + 0.4 * (gap.abs() / stated.max(1.0)).min(1.0)).min(0.95),
                format!("{}% of {country_name} stated; the listed areas give {}%", number(stated), number(computed)),
                explanation,
                vec![
                    ("sum_km2".into(), sum),
                    ("country_area_km2".into(), country_area),
                    ("computed_percent".into(), computed),
                    ("stated_percent".into(), stated),
                    ("difference_points".into(), gap),
                ],
                vec![],
                ev,
            ));
        }

        // Totals: an area figure for a place that contains two or more listed parts.
        for total in all_areas.iter() {
            let contained: Vec<&Prepared> =
                parts.iter().copied().filter(|p| geo.contains(total.place.unwrap(), p.place.unwrap())).collect();
            // A total is stated with its list, or is at least as large as its
            // largest part; a smaller figure elsewhere (a day's loss in the
            // country) is another quantity, not the list's total.
            let largest = contained.iter().map(|p| p.point).fold(0.0, f64::max);
            let same_sentence = contained.iter().all(|p| p.input.claim.sentence_span == total.input.claim.sentence_span);
            if contained.len() < 2 || !(same_sentence || total.point >= largest) {
                continue;
            }
            let part_sum: f64 = contained.iter().map(|p| p.point).sum();
            if part_sum <= total.high {
                continue;
            }
            let mut involved = contained.clone();
            involved.push(total);
            if !any_own(&involved) {
                continue;
            }
            let total_name = place_name(geo, total.place.unwrap());
            let mut ev: Vec<_> = contained.iter().map(|p| evidence(p, "part")).collect();
            ev.push(evidence(total, "total"));
            out.push(make(
                FindingKind::PartsVsTotal,
                &scope,
                0.55,
                format!("parts of {total_name} sum to {} km², more than its stated {} km²", number(part_sum), number(total.point)),
                format!(
                    "{} = {} km² inside {total_name}, whose stated area is {} km²: the parts exceed the total by {} km².",
                    contained.iter().map(|p| number(p.point)).collect::<Vec<_>>().join(" + "),
                    number(part_sum),
                    number(total.point),
                    number(part_sum - total.point)
                ),
                vec![("parts_sum_km2".into(), part_sum), ("total_km2".into(), total.point)],
                vec![],
                ev,
            ));
        }
    }
}
