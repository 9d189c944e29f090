//! From recognised figures to claims: what a figure measures, where and when,
//! and who says it. No IO beyond the built-in gazetteer; never fails a
//! document.

pub mod actors;
pub mod attribution;
pub mod calendar;
pub mod claims;
pub mod eval;
pub mod control;
pub mod events;
pub mod gazetteer;
pub mod measure;
pub mod sentences;

pub use actors::{actors, ActorKind, ActorMention};
pub use attribution::{DocAttribution, Frame, Link};
pub use claims::{build_claims, extract_document, Extraction};
pub use control::control_records;
pub use events::events;
pub use measure::{measure, Measure};
pub use sentences::sentences;
