//! Domain types shared by every stage of contested.
//!
//! Nothing here does IO, and nothing here is serialised directly: the store and
//! the CLI map these types to their own DTOs so that the ledger's schema can
//! evolve without touching extraction code.

mod claim;
mod diagnostic;
mod document;
mod finding;
mod event;
mod quantity;
mod span;
mod time;

pub use claim::*;
pub use diagnostic::*;
pub use document::*;
pub use finding::*;
pub use event::*;
pub use quantity::*;
pub use span::*;
pub use time::*;

/// Stable short identifier from arbitrary bytes: 128 bits of BLAKE3 in hex.
///
/// 128 bits keeps collisions out of reach for any realistic ledger while the
/// ids stay short enough to type (`contested show 3f2a…`).
pub fn content_id(parts: &[&[u8]]) -> String {
    let mut hasher = blake3::Hasher::new();
    for part in parts {
        // Length-prefix each part so ("ab","c") and ("a","bc") differ.
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    let hash = hasher.finalize();
    hash.as_bytes()[..16].iter().map(|b| format!("{b:02x}")).collect()
}
