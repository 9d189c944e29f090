//! Test helpers shared by every crate's tests. Never a normal dependency.

use std::path::PathBuf;

/// The `shared/` folder beside the repository: `CONTESTED_SHARED` if set,
/// else `<repo>/../shared`.
pub fn shared_root() -> PathBuf {
    if let Ok(dir) = std::env::var("CONTESTED_SHARED") {
        return PathBuf::from(dir);
    }
    // crates/testkit -> repo root -> its parent
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// A path under `shared/`, or `None` (with a message) when it is missing on a
/// user's machine. Under CI (`CI=true`) a missing path is a failure, because
/// CI always has `shared/` beside the clone and a skip there would hide a
/// broken test.
pub fn shared(relative: &str) -> Option<PathBuf> {
    let path = shared_root().join(relative);
    if path.exists() {
        return Some(path);
    }
    if std::env::var("CI").map(|v| v == "true" || v == "1").unwrap_or(false) {
        panic!("CI=true but shared data is missing: {}", path.display());
    }
    eprintln!("skipping: shared data not found at {} (set CONTESTED_SHARED)", path.display());
    None
}

/// Like [`shared`], returning early from the test when the data is absent.
#[macro_export]
macro_rules! require_shared {
    ($rel:expr) => {
        match $crate::shared($rel) {
            Some(p) => p,
            None => return,
        }
    };
}

mod postgres;
pub use postgres::postgres;
