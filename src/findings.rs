//! Keeps findings current: after documents arrive, recompute only the scopes
//! their claims touch (reconcile is pure; this is the glue to the store).

use anyhow::Result;
use contested_extract::gazetteer::Gazetteer;
use contested_reconcile::{ClaimInput, Geography, PlaceRow, TableGeography, NAGORNO_KARABAKH, NAGORNO_KARABAKH_PARTS};
use contested_store::{ClaimFilter, FindingsUpdate, Store};
use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

/// Reconcile's view of the built-in gazetteer: parents, countries, areas, and
/// the historical region whose districts today sit under other units.
pub fn geography() -> &'static TableGeography {
    static GEOGRAPHY: LazyLock<TableGeography> = LazyLock::new(|| {
        let gazetteer = Gazetteer::builtin();
        let mut geo = TableGeography::new();
        for place in gazetteer.places() {
            geo.add_place(PlaceRow {
                id: place.id.clone(),
                name: place.name.clone(),
                country: Some(place.country.clone()).filter(|c| !c.is_empty()),
                parent: place.parent.clone(),
            });
            if let Some(area) = gazetteer.country_area_km2(&place.country) {
                geo.add_country_area(&place.country, area);
            }
        }
        for (part, _) in NAGORNO_KARABAKH_PARTS {
            geo.add_containment(NAGORNO_KARABAKH, part);
        }
        geo
    });
    &GEOGRAPHY
}

fn inputs_of(store: &dyn Store, docs: &[String]) -> Result<Vec<ClaimInput>> {
    let mut published: HashMap<String, Option<jiff::Timestamp>> = HashMap::new();
    let mut inputs = Vec::new();
    for doc in docs {
        let when = match published.get(doc) {
            Some(w) => *w,
            None => {
                let w = store.document(doc)?.published;
                published.insert(doc.clone(), w);
                w
            }
        };
        for stored in store.claims(&ClaimFilter { doc: Some(doc.clone()), ..Default::default() })? {
            inputs.push(ClaimInput {
                claim: stored.claim,
                outlet: stored.outlet,
                published: when,
                role: stored.role,
                original: stored.original,
            });
        }
    }
    Ok(inputs)
}

/// Settles every pending document. Returns how many findings were written.
pub fn update(store: &mut dyn Store) -> Result<usize> {
    let pending = store.pending_reconcile()?;
    if pending.is_empty() {
        return Ok(0);
    }
    let geo: &dyn Geography = geography();
    let fresh = inputs_of(store, &pending)?;
    let touched = contested_reconcile::touched_scopes(&fresh, geo);
    let scopes: Vec<String> = touched.iter().cloned().collect();
    let mut docs: BTreeSet<String> = store.docs_in_scopes(&scopes)?.into_iter().collect();
    docs.extend(pending.iter().cloned());
    let docs: Vec<String> = docs.into_iter().collect();
    let inputs = inputs_of(store, &docs)?;
    let report = contested_reconcile::reconcile(&inputs, geo);
    // A document's other claims may belong to scopes not recomputed here
    // (their other documents were not loaded): keep only complete scopes.
    let findings: Vec<_> = report.findings.into_iter().filter(|f| touched.contains(&f.scope)).collect();
    let doc_of: HashMap<&str, &str> = inputs.iter().map(|i| (i.claim.id.as_str(), i.claim.doc.as_str())).collect();
    let claim_scopes = contested_reconcile::scope_keys(&inputs, geo)
        .into_iter()
        .flat_map(|(claim, scopes)| {
            let doc = doc_of.get(claim.as_str()).copied().unwrap_or_default().to_string();
            scopes.into_iter().map(move |scope| (claim.clone(), doc.clone(), scope))
        })
        .collect();
    let written = findings.len();
    store.replace_findings(&FindingsUpdate { reconciled_docs: pending, scopes, claim_scopes, findings })?;
    Ok(written)
}
