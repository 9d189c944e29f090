//! From recognised figures to claims: what a figure measures, where and when,
//! and who says it. No IO beyond the built-in gazetteer; never fails a
//! document.

pub mod claims;
pub mod gazetteer;

pub use claims::build_claims;
