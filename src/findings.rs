//! Keeps findings current: after documents arrive, recompute only the scopes
//! their claims touch (reconcile is pure; this is the glue to the store).

use anyhow::Result;
use contested_extract::gazetteer::Gazetteer;
use contested_reconcile::{ClaimInput, Geography, PlaceRow, TableGeography, NAGORNO_KARABAKH, NAGORNO_KARABAKH_PARTS};
use contested_store::{ClaimFilter, FindingsUpdate, Store};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
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
        for stored in store.claims(&ClaimFilter { doc: Some(doc.clone()), skip_spread: true, ..Default::default() })? {
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

/// Pending documents whose claims are read at once to find the scopes they touch.
const PENDING_PER_READ: usize = 1024;

/// Documents whose claims one round of recomputation holds in memory. A
/// round takes whole scopes (a scope's findings need all its claims), so a
/// single scope larger than this is a round of its own; otherwise a
/// reconciliation after a large ingest holds a slice of the ledger, not all
/// of it.
const DOCS_PER_ROUND: usize = 20_000;

/// Settles every pending document. Returns how many findings were written.
///
/// Scopes are independent of each other, so they are recomputed in rounds;
/// the pending documents are marked settled by the last round only, so a
/// run killed between rounds recomputes them all the next time (writing the
/// same findings again).
pub fn update(store: &mut dyn Store) -> Result<usize> {
    let pending = store.pending_reconcile()?;
    if pending.is_empty() {
        return Ok(0);
    }
    let geo: &dyn Geography = geography();
    // Which pending documents touch which scope: their claims are not in
    // the ledger's claim-to-scope index until they are settled.
    let mut pending_in: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (slice_start, slice) in (0..).step_by(PENDING_PER_READ).zip(pending.chunks(PENDING_PER_READ)) {
        let fresh = inputs_of(store, slice)?;
        let index_of: HashMap<&str, usize> =
            slice.iter().enumerate().map(|(i, doc)| (doc.as_str(), slice_start + i)).collect();
        let doc_of: HashMap<&str, usize> =
            fresh.iter().filter_map(|i| Some((i.claim.id.as_str(), *index_of.get(i.claim.doc.as_str())?))).collect();
        for (claim, scopes) in contested_reconcile::scope_keys(&fresh, geo) {
            let Some(&doc) = doc_of.get(claim.as_str()) else { continue };
            for scope in scopes {
                let docs = pending_in.entry(scope).or_default();
                if docs.last() != Some(&doc) {
                    docs.push(doc);
                }
            }
        }
    }
    // Rounds of whole scopes, each closed once its documents pass the
    // bound; a ledger smaller than that is one round, as if unbounded.
    let mut rounds: Vec<(Vec<String>, BTreeSet<String>)> = vec![(Vec::new(), BTreeSet::new())];
    for (scope, pending_docs) in &pending_in {
        let mut docs: BTreeSet<String> = store.docs_in_scopes(std::slice::from_ref(scope))?.into_iter().collect();
        docs.extend(pending_docs.iter().map(|&i| pending[i].clone()));
        let current = rounds.last_mut().expect("never empty");
        if !current.0.is_empty() && current.1.len() + docs.len() > DOCS_PER_ROUND {
            rounds.push((Vec::new(), BTreeSet::new()));
        }
        let current = rounds.last_mut().expect("never empty");
        current.0.push(scope.clone());
        current.1.extend(docs);
    }
    let mut written = 0;
    let round_count = rounds.len();
    let pending_docs: HashSet<&str> = pending.iter().map(String::as_str).collect();
    for (round_number, (scopes, docs)) in rounds.into_iter().enumerate() {
        let last_round = round_number + 1 == round_count;
        let round: BTreeSet<String> = scopes.iter().cloned().collect();
        let docs: Vec<String> = docs.into_iter().collect();
        let inputs = inputs_of(store, &docs)?;
        // A document's other claims may belong to scopes not recomputed in
        // this round (their other documents were not loaded): compute the
        // round's scopes only.
        let findings = contested_reconcile::reconcile_scopes(&inputs, geo, &round).findings;
        // A settled document's scopes are already indexed and cannot have
        // changed (they follow from its own claims, and a document whose
        // claims change role is pending again): index the pending ones only.
        let pending_inputs: Vec<ClaimInput> =
            inputs.iter().filter(|i| pending_docs.contains(i.claim.doc.as_str())).cloned().collect();
        let doc_of: HashMap<&str, &str> =
            pending_inputs.iter().map(|i| (i.claim.id.as_str(), i.claim.doc.as_str())).collect();
        let claim_scopes = contested_reconcile::scope_keys(&pending_inputs, geo)
            .into_iter()
            .flat_map(|(claim, scopes)| {
                let doc = doc_of.get(claim.as_str()).copied().unwrap_or_default().to_string();
                scopes.into_iter().map(move |scope| (claim.clone(), doc.clone(), scope))
            })
            .collect();
        written += findings.len();
        let reconciled_docs = if last_round { pending.clone() } else { Vec::new() };
        store.replace_findings(&FindingsUpdate { reconciled_docs, scopes, claim_scopes, findings })?;
    }
    Ok(written)
}
