use crate::{content_id, Span};

/// One article as the ledger knows it: clean main text plus what we know of
/// where it came from. `id` is a hash of the content, so re-ingesting the same
/// article is a no-op.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub id: String,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    /// Publication time when the source states it (page metadata, a CSV
    /// column); `None` rather than a guess.
    pub published: Option<jiff::Timestamp>,
    /// Where the bytes came from: a path, `path#row`, `-` for stdin.
    pub origin: String,
    /// The clean main text. Every span in the ledger is a byte offset into it.
    pub text: String,
}

impl Document {
    /// Builds a document whose id is derived from everything that makes it
    /// this article (text and metadata) but not from where it was read, so
    /// the same article read from two paths is one document.
    pub fn new(
        text: String,
        title: Option<String>,
        outlet: Option<String>,
        url: Option<String>,
        published: Option<jiff::Timestamp>,
        origin: String,
    ) -> Document {
        let published_text = published.map(|t| t.to_string()).unwrap_or_default();
        let id = content_id(&[
            text.as_bytes(),
            title.as_deref().unwrap_or("").as_bytes(),
            outlet.as_deref().unwrap_or("").as_bytes(),
            url.as_deref().unwrap_or("").as_bytes(),
            published_text.as_bytes(),
        ]);
        Document { id, outlet, url, title, published, origin, text }
    }
}

/// What a paragraph is to the reader, which decides whether its claims count
/// as independent reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Title,
    Body,
    /// A block the outlet's page template repeats on many pages.
    Template,
    /// A duplicate inside the same document (a headline printed twice).
    Repeat,
    /// Text that appeared earlier in another document.
    Copy,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Title, Role::Body, Role::Template, Role::Repeat, Role::Copy];

    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Title => "title",
            Role::Body => "body",
            Role::Template => "template",
            Role::Repeat => "repeat",
            Role::Copy => "copy",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether claims in a paragraph of this role are this document's own
    /// reporting (rather than a copy of someone else's or the outlet's
    /// standing template).
    pub fn is_original(&self) -> bool {
        matches!(self, Role::Title | Role::Body)
    }
}

/// Where a paragraph's text first appeared.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyOf {
    pub doc: String,
    pub span: Span,
    /// 1.0 for an exact copy, lower for near copies.
    pub similarity: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub span: Span,
    pub role: Role,
    pub copy_of: Option<CopyOf>,
}
