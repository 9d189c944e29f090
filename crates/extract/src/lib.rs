//! placeholder

pub mod actors;
pub mod attribution;
pub mod measure;
pub mod sentences;

pub use actors::{actors, ActorKind, ActorMention};
pub use attribution::{DocAttribution, Frame, Link};
pub use measure::{measure, Measure};
pub use sentences::sentences;
