//! Readers: bytes in, `Document`s out. Knows formats, never claims.

use contested_core::Document;

/// Which reader to use for an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    JsonLines,
    Csv,
}

/// Field names for record formats (JSON Lines, CSV) and overrides.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Force a format instead of guessing from the extension and content.
    pub format: Option<Format>,
    pub text_field: Option<String>,
    pub title_field: Option<String>,
    pub date_field: Option<String>,
    pub outlet_field: Option<String>,
    pub url_field: Option<String>,
    /// Outlet for every document read (wins over fields and URLs).
    pub outlet: Option<String>,
}

/// An input named on the command line, after expanding folders and globs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Path(std::path::PathBuf),
    Stdin,
}

/// Why an input or a record in it was skipped. Always names the input.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{origin}: {reason}")]
    Unreadable { origin: String, reason: String },
}

impl IngestError {
    pub fn origin(&self) -> &str {
        match self {
            IngestError::Unreadable { origin, .. } => origin,
        }
    }
}

/// Expands files, folders (recursively), globs and `-` into inputs.
pub fn expand(args: &[String]) -> (Vec<Input>, Vec<IngestError>) {
    let _ = args;
    (Vec::new(), Vec::new())
}

/// Reads one input into documents (several for JSON Lines and CSV). Each
/// record that cannot be read is an error of its own; the others still come.
pub fn read(input: &Input, options: &ReadOptions) -> Box<dyn Iterator<Item = Result<Document, IngestError>>> {
    let _ = (input, options);
    Box::new(std::iter::empty())
}
