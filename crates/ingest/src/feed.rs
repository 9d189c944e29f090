//! RSS and Atom feeds: one document per item or entry.
//!
//! The feed gives the metadata (link, title, date) and the item's content
//! or description gives the text, cleaned through the same HTML path as a
//! page. A feed names no article text of its own, so an item without any is
//! an error of its own while the other items still come.

use contested_core::Document;
use feed_rs::model::{Entry, Feed};

use crate::{html, normalize_newlines, outlet_from_url, IngestError, ReadOptions};

/// Whether bytes look like an RSS, RSS 1.0 (RDF) or Atom feed: the first
/// element after any prolog, comments and doctype is `<rss`, `<feed` or
/// `<rdf:RDF`. Used to claim `.xml` files and to sniff unnamed input.
pub fn looks_like_feed(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(head);
    let mut rest = head;
    loop {
        let start = match rest.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(start) => start,
            None => return false,
        };
        rest = &rest[start..];
        if !rest.starts_with(b"<") {
            return false;
        }
        // Prolog, processing instructions, comments and doctype come before
        // the root; skip each to its end.
        let skip_to: Option<&[u8]> = if rest.starts_with(b"<?") {
            Some(b"?>")
        } else if rest.starts_with(b"<!--") {
            Some(b"-->")
        } else if rest.starts_with(b"<!") {
            Some(b">")
        } else {
            None
        };
        match skip_to {
            Some(end) => match memchr::memmem::find(rest, end) {
                Some(at) => rest = &rest[at + end.len()..],
                None => return false,
            },
            None => {
                let name_end = rest[1..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
                    .map_or(rest.len(), |i| i + 1);
                let name = &rest[1..name_end];
                return name.eq_ignore_ascii_case(b"rss")
                    || name == b"feed"
                    || name.ends_with(b":feed")
                    || name == b"rdf:RDF"
                    || name == b"RDF";
            }
        }
    }
}

/// One item of a feed and what it reads as.
#[derive(Debug)]
pub struct FeedItem {
    /// The item's stable id: its guid or Atom id, else one derived from its
    /// link and title. A poller remembers these to take each item once.
    pub id: String,
    pub document: Result<Document, IngestError>,
}

/// Reads every item of a feed held in `bytes` (a file or an HTTP body;
/// `origin` names it in documents and errors). A feed that does not parse
/// is one error; an item that yields no text is an error in its own
/// [`FeedItem`], naming the feed and the item.
pub fn read_items(
    bytes: &[u8],
    origin: &str,
    options: &ReadOptions,
) -> Result<Vec<FeedItem>, IngestError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty {
            origin: origin.to_string(),
        });
    }
    let feed = feed_rs::parser::parse(bytes).map_err(|e| {
        IngestError::unreadable(origin, format!("not a readable RSS or Atom feed: {e}"))
    })?;
    let outlet = options.outlet.clone().or_else(|| feed_outlet(&feed));
    Ok(feed
        .entries
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            let item_origin = format!("{origin}#item {}", index + 1);
            FeedItem {
                id: entry.id.clone(),
                document: read_entry(entry, &item_origin, outlet.clone()),
            }
        })
        .collect())
}

pub(crate) fn read(
    bytes: &[u8],
    origin: &str,
    options: &ReadOptions,
) -> Vec<Result<Document, IngestError>> {
    match read_items(bytes, origin, options) {
        Ok(items) => items.into_iter().map(|item| item.document).collect(),
        Err(e) => vec![Err(e)],
    }
}

/// The outlet a feed speaks for: the host of its site link, else its title.
/// A feed served from a CDN or an aggregator has the publisher's site as
/// its `<link>`, so that beats the host the feed was fetched from.
fn feed_outlet(feed: &Feed) -> Option<String> {
    let site = feed
        .links
        .iter()
        .filter(|link| link.rel.as_deref() != Some("self") && link.rel.as_deref() != Some("hub"))
        .find_map(|link| outlet_from_url(&link.href));
    site.or_else(|| {
        feed.title
            .as_ref()
            .map(|t| html::collapse_whitespace(&t.content))
            .filter(|t| !t.is_empty())
    })
}

fn read_entry(
    entry: &Entry,
    origin: &str,
    outlet: Option<String>,
) -> Result<Document, IngestError> {
    let url = entry_link(entry);
    let title = entry
        .title
        .as_ref()
        .map(|t| html::collapse_whitespace(&plain_title(&t.content)))
        .filter(|t| !t.is_empty());
    // Positions change as the feed moves on, so errors also name the item
    // by what a reader of the feed sees.
    let named = match (&title, &url) {
        (Some(title), _) => format!("item \"{title}\""),
        (None, Some(url)) => format!("item {url}"),
        (None, None) => "item without title or link".to_string(),
    };
    let body = entry
        .content
        .as_ref()
        .and_then(|c| {
            c.body
                .as_deref()
                .map(|b| (b, is_plain(c.content_type.as_ref())))
        })
        .filter(|(body, _)| !body.trim().is_empty())
        .or_else(|| {
            entry
                .summary
                .as_ref()
                .map(|s| (s.content.as_str(), is_plain(s.content_type.as_ref())))
                .filter(|(body, _)| !body.trim().is_empty())
        });
    let Some((body, plain)) = body else {
        return Err(IngestError::BadRecord {
            origin: origin.to_string(),
            reason: format!("{named} has neither content nor a description"),
        });
    };
    let text = if plain {
        normalize_newlines(body.trim().to_string())
    } else {
        item_html_text(body, title.as_deref(), origin).ok_or_else(|| IngestError::BadRecord {
            origin: origin.to_string(),
            reason: format!("{named} has no text in its content or description"),
        })?
    };
    let published = entry
        .published
        .or(entry.updated)
        .and_then(|t| jiff::Timestamp::new(t.timestamp(), t.timestamp_subsec_nanos() as i32).ok());
    let outlet = outlet.or_else(|| url.as_deref().and_then(outlet_from_url));
    Ok(Document::new(
        text,
        title,
        outlet,
        url,
        published,
        origin.to_string(),
    ))
}

/// The item's own page: the first `alternate` link (or one without a rel),
/// never an enclosure or a comments link.
fn entry_link(entry: &Entry) -> Option<String> {
    entry
        .links
        .iter()
        .find(|l| matches!(l.rel.as_deref(), None | Some("alternate")))
        .map(|l| l.href.trim().to_string())
        .filter(|href| !href.is_empty())
}

fn is_plain(content_type: &str) -> bool {
    content_type.starts_with("text/plain")
}

/// Titles sometimes carry markup (`<b>`, entities escaped twice); keep words.
fn plain_title(title: &str) -> String {
    if !title.contains('<') && !title.contains('&') {
        return title.to_string();
    }
    html::fragment_text(title)
}

/// Main text of an item's HTML: the article extractor first, as for a page,
/// so full-content feeds lose their share buttons and related links; a short
/// description the extractor finds too small to be an article is taken
/// whole, paragraph by paragraph.
fn item_html_text(body: &str, title: Option<&str>, origin: &str) -> Option<String> {
    let page = format!(
        "<html><head><title>{}</title></head><body><article>{body}</article></body></html>",
        title.map(escape).unwrap_or_default()
    );
    if let Ok(extracted) = html::extract_named(page.as_bytes(), None, origin) {
        if !extracted.text.trim().is_empty() {
            return Some(extracted.text);
        }
    }
    let text = html::fragment_text(body);
    (!text.trim().is_empty()).then_some(text)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
