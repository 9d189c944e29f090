//! Reconciliation: turns a pile of claims into findings an analyst acts on.
//!
//! ```text
//! let report = contested_reconcile::reconcile(&claims, &geography);
//! for finding in &report.findings { /* most significant first */ }
//! ```
//!
//! - **Groups** ([`FindingKind::Group`]): claims about the same quantity
//!   (same measure and unit, same country, overlapping time intervals of
//!   comparable length, places equal or one inside the other). Each source's
//!   figure is kept apart ([`SourceFigure`]); low, best (the median source's
//!   own figure, never an average) and high across sources are figures of
//!   the finding. Corroboration counts independent sources only: claims in
//!   copied or template paragraphs (`role` not title/body, or `original`
//!   set) are shown but not counted.
//! - **Contradictions**: two sources' figures whose intervals (with a 5 %
//!   rounding tolerance, 15 % for "about") cannot both hold, with the ratio,
//!   both attribution chains and both spans. Only when it is likely one
//!   quantity: the same kind of people or things counted, a ratio of at most
//!   30, not "killed or wounded", not a several-place total against one of
//!   its places; across documents both texts state the day; inside one
//!   document, without a shared place, one figure must be doubted in its
//!   chain (called "alleged"). **Denials** against assertions, **disputes**
//!   (a figure reported as "alleged"). See EVAL.md for precision on FA-KES.
//! - **Revisions**: the same source giving a different figure for the same
//!   quantity later; shown as a revision, never as a contradiction.
//! - **Consistency checks** per document: listed areas against a stated
//!   share of the country, parts against a total, a place counted inside
//!   another.
//!
//! ## Scopes and incremental recomputation
//!
//! Every claim belongs to a group scope `measure|unit|country|window` (window:
//! the month of a short interval, the year of a longer one, the span of years
//! of a period, or `undated`; counted things add their noun to the unit,
//! `item:village`) and to its document's scope `doc:<id>`. A claim whose place
//! is a whole country (no [`Geography::parent`]) or that names no place is
//! compared only inside its document: its scope ends in `|doc:<id>`. Every
//! finding names its `scope`. Findings of a scope depend only on the claims of
//! that scope, so when documents arrive the caller asks [`scope_keys`] which
//! scopes their claims touch, loads the claims of those scopes, calls
//! [`reconcile`] on them and replaces the stored findings of those scopes.
//! Pass whole documents: a claim without a place takes its document's
//! country. Finding ids hash kind, scope and evidence, so recomputing gives
//! the same ids.
//!
//! Cost: claims are bucketed by scope key before any comparison; inside a
//! bucket claims are swept in time order against the groups still open, so
//! the work is near-linear in the number of claims.

mod checks;
mod format;
mod geo;
mod groups;
mod prepare;

use std::collections::{BTreeSet, HashMap};

pub use contested_core::{Evidence, Finding, FindingKind, SourceFigure};
use contested_core::{Claim, Diagnostic, Role};
pub use format::number as format_number;
pub use geo::{Geography, PlaceRow, TableGeography, NAGORNO_KARABAKH, NAGORNO_KARABAKH_PARTS};

/// A claim as the ledger holds it, with what decides whether it is an
/// independent report.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimInput {
    pub claim: Claim,
    pub outlet: Option<String>,
    /// Publication time of the claim's document; orders revisions and dates
    /// claims whose text states no time.
    pub published: Option<jiff::Timestamp>,
    /// Role of the paragraph the claim sits in.
    pub role: Role,
    /// For a claim in a copied or template paragraph: the claim it repeats.
    pub original: Option<String>,
}

/// What [`reconcile`] found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Most significant first; ties by id, so the order is stable.
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn groups(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.kind == FindingKind::Group)
    }

    pub fn of_kind(&self, kind: FindingKind) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.kind == kind)
    }
}

/// Stable id of a finding: its kind, scope and the claims it cites in
/// their roles, order-independent.
pub fn finding_id(kind: FindingKind, scope: &str, evidence: &[Evidence]) -> String {
    let mut cited: Vec<String> = evidence.iter().map(|e| format!("{}:{}", e.role, e.claim)).collect();
    cited.sort();
    let mut parts: Vec<&[u8]> = vec![kind.as_str().as_bytes(), scope.as_bytes()];
    parts.extend(cited.iter().map(|c| c.as_bytes()));
    contested_core::content_id(&parts)
}

/// The scopes each claim belongs to: `(claim id, [group scope, doc scope])`,
/// in input order; claims without a figure have no scope. Pass whole documents.
pub fn scope_keys(claims: &[ClaimInput], geo: &dyn Geography) -> Vec<(String, Vec<String>)> {
    prepare::prepare(claims, geo)
        .iter()
        .map(|p| (p.input.claim.id.clone(), vec![p.key.clone(), format!("doc:{}", p.input.claim.doc)]))
        .collect()
}

/// Every scope the given claims touch: the scopes whose findings must be
/// recomputed when these claims arrive.
pub fn touched_scopes(claims: &[ClaimInput], geo: &dyn Geography) -> BTreeSet<String> {
    scope_keys(claims, geo).into_iter().flat_map(|(_, keys)| keys).collect()
}

/// Groups, contradictions, corroboration, consistency checks and revisions
/// over `claims`. Never fails: claims it cannot use are skipped with a
/// diagnostic.
pub fn reconcile(claims: &[ClaimInput], geo: &dyn Geography) -> Report {
    reconcile_where(claims, geo, |_| true)
}

/// [`reconcile`], computing only the findings of the given scopes: the same
/// findings [`reconcile`] gives for them, at the cost of those scopes alone.
///
/// Incremental recomputation must pass whole documents (a claim without a
/// place takes its document's country), so it holds every claim of every
/// document a touched scope spans, most of them in scopes it is not
/// recomputing; comparing those too was most of the work and all thrown away.
pub fn reconcile_scopes(claims: &[ClaimInput], geo: &dyn Geography, scopes: &BTreeSet<String>) -> Report {
    reconcile_where(claims, geo, |scope| scopes.contains(scope))
}

fn reconcile_where(claims: &[ClaimInput], geo: &dyn Geography, wanted: impl Fn(&str) -> bool) -> Report {
    let mut diagnostics = Vec::new();
    for c in claims.iter().filter(|c| !prepare::has_figure(c)) {
        diagnostics.push(Diagnostic::new(
            "reconcile",
            Some(c.claim.span),
            format!("claim {} has no finite figure; left out", c.claim.id),
        ));
    }
    let prepared = prepare::prepare(claims, geo);

    let mut findings = Vec::new();
    for (scope, members) in groups::group_all(&prepared, geo, &wanted, &mut findings) {
        groups::findings(&scope, &members, geo, &mut findings);
    }

    let mut by_doc: HashMap<&str, Vec<&prepare::Prepared>> = HashMap::new();
    for p in &prepared {
        by_doc.entry(p.input.claim.doc.as_str()).or_default().push(p);
    }
    let mut docs: Vec<&str> = by_doc.keys().copied().collect();
    docs.sort();
    for doc in docs.into_iter().filter(|doc| wanted(&format!("doc:{doc}"))) {
        checks::document_checks(doc, &by_doc[doc], geo, &mut findings);
    }

    let mut seen = BTreeSet::new();
    findings.retain(|f| seen.insert(f.id.clone()));
    findings.sort_by(|a, b| b.significance.total_cmp(&a.significance).then_with(|| a.id.cmp(&b.id)));
    Report { findings, diagnostics }
}
