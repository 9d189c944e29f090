//! Main text and metadata of an HTML article page.

use dom_query::{Document as Dom, NodeRef};

use crate::{decode, parse_date, IngestError};

/// What an article page yields: its main text, paragraphs separated by a
/// blank line, and the metadata the page states.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Extracted {
    pub text: String,
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<jiff::Timestamp>,
    /// The page's own URL (canonical link or og:url) when no URL was given.
    pub url: Option<String>,
}

/// Extracts the main text, title, byline and publication date from the
/// bytes of an HTML page (any charset; see `decode`). `url` is the page's
/// address when known; it wins over the one the page states.
pub fn extract(bytes: &[u8], url: Option<&str>) -> Result<Extracted, IngestError> {
    let origin = url.unwrap_or("<html>");
    extract_named(bytes, url, origin)
}

pub(crate) fn extract_named(
    bytes: &[u8],
    url: Option<&str>,
    origin: &str,
) -> Result<Extracted, IngestError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty {
            origin: origin.to_string(),
        });
    }
    let html = decode::decode_html(bytes, origin)?;
    let dom = Dom::from(html.as_str());
    let meta = page_metadata(&dom);
    remove_boilerplate(&dom);
    let url = url.map(str::to_string).or(meta.url);
    let absolute_url = url
        .as_deref()
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let config = dom_smoothie::Config {
        max_elements_to_parse: 0,
        ..Default::default()
    };
    let article = dom_smoothie::Readability::with_document(dom, absolute_url, Some(config))
        .or_else(|_| dom_smoothie::Readability::with_document(Dom::from(html.as_str()), None, None))
        .and_then(|mut readability| readability.parse());
    let article = match article {
        Ok(article) => article,
        Err(_) => {
            return Err(IngestError::NoArticle {
                origin: origin.to_string(),
            })
        }
    };
    let text = paragraphs_text(&Dom::fragment(article.content.to_string()).root());
    let text = drop_furniture(&text);
    if text.trim().is_empty() {
        return Err(IngestError::NoArticle {
            origin: origin.to_string(),
        });
    }
    let nonblank = |s: String| {
        let s = collapse_whitespace(&s);
        (!s.is_empty()).then_some(s)
    };
    let title = meta.title.or_else(|| nonblank(article.title.to_string()));
    let byline = meta
        .byline
        .or_else(|| article.byline.clone().and_then(nonblank));
    let published = meta
        .published
        .or_else(|| article.published_time.as_deref().and_then(parse_date));
    Ok(Extracted {
        text,
        title,
        byline,
        published,
        url,
    })
}

#[derive(Default)]
struct PageMetadata {
    title: Option<String>,
    byline: Option<String>,
    published: Option<jiff::Timestamp>,
    url: Option<String>,
}

/// Meta names that carry the first publication time, most specific first.
const PUBLISHED_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "pubdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
];

fn page_metadata(dom: &Dom) -> PageMetadata {
    let mut meta = PageMetadata::default();
    let mut published: Vec<(usize, String)> = Vec::new();
    for node in dom.select("meta").nodes() {
        let key = node
            .attr("property")
            .or_else(|| node.attr("name"))
            .or_else(|| node.attr("itemprop"))
            .map(|k| k.to_ascii_lowercase());
        let (Some(key), Some(content)) = (key, node.attr("content")) else {
            continue;
        };
        let content = content.trim().to_string();
        if content.is_empty() {
            continue;
        }
        match key.as_str() {
            "og:title" | "twitter:title" if meta.title.is_none() => {
                meta.title = Some(collapse_whitespace(&content))
            }
            "author" | "article:author" | "parsely-author" | "sailthru.author"
                if meta.byline.is_none() && !content.starts_with("http") =>
            {
                meta.byline = Some(collapse_whitespace(&content))
            }
            "og:url" if meta.url.is_none() => meta.url = Some(content),
            other => {
                if let Some(rank) = PUBLISHED_META.iter().position(|name| *name == other) {
                    published.push((rank, content));
                }
            }
        }
    }
    if let Some(canonical) = dom.select(r#"link[rel="canonical"]"#).attr("href") {
        if canonical.starts_with("http") {
            meta.url = Some(canonical.trim().to_string());
        }
    }
    published.sort_by_key(|(rank, _)| *rank);
    meta.published = published.iter().find_map(|(_, value)| parse_date(value));
    if meta.published.is_none() {
        meta.published = json_ld_date(dom);
    }
    if meta.published.is_none() {
        meta.published = dom
            .select("time[datetime]")
            .nodes()
            .iter()
            .find_map(|node| node.attr("datetime").and_then(|d| parse_date(&d)));
    }
    meta
}

/// `datePublished` anywhere in the page's JSON-LD blocks (often nested in an
/// `@graph`).
fn json_ld_date(dom: &Dom) -> Option<jiff::Timestamp> {
    fn find(value: &serde_json::Value) -> Option<jiff::Timestamp> {
        match value {
            serde_json::Value::Object(map) => map
                .get("datePublished")
                .and_then(|v| v.as_str())
                .and_then(parse_date)
                .or_else(|| map.values().find_map(find)),
            serde_json::Value::Array(items) => items.iter().find_map(find),
            _ => None,
        }
    }
    dom.select(r#"script[type="application/ld+json"]"#)
        .nodes()
        .iter()
        .find_map(|node| {
            let text = node.text();
            let json = text
                .trim()
                .trim_start_matches("<![CDATA[")
                .trim_end_matches("]]>");
            serde_json::from_str::<serde_json::Value>(json)
                .ok()
                .as_ref()
                .and_then(find)
        })
}

/// Elements that are never article text, whatever the page.
const NEVER_TEXT: &str = "figure, figcaption, picture, [hidden], [aria-hidden=true], .sr-only, .visually-hidden, \
     .screen-reader-text, [style*='display:none'], [style*='display: none'], [role=complementary], [role=navigation]";

/// class/id words of page furniture: captions, credits, bylines, dates,
/// sharing, related links, promotions, comments. Matched on whole
/// dash/underscore-separated words so `shared-content` or `commentisfree`
/// do not match.
static FURNITURE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)(?:^|[\s_-])(?:caption|captions|credit|credits|byline|bylines|author|authors|dateline|timestamp|date|updated|share|sharing|social|related|recommended|recirc|newsletter|subscribe|signup|promo|sponsored|advert|advertisement|ad|ads|tags|tag|breadcrumb|breadcrumbs|comments|copyright|gallery|slideshow|carousel|rollover|tooltip|popup|modal|trending|outbrain|taboola|most-read|more-stories|read-more|disclaimer)(?:$|[\s_-])",
    )
    .expect("valid furniture pattern")
});

/// class/id of reader comment sections, removed whatever their size: a
/// busy thread can outweigh the article it hangs under.
static COMMENTS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)(?:^|\s)(?:comments|comment-list|commentlist|comments-area|comment-section|comments-section|respond|disqus_thread)(?:$|\s)")
        .expect("valid comments pattern")
});

/// Characters of paragraph text long enough to be prose, the measure of
/// how much article an element holds.
fn prose_chars(node: &NodeRef) -> usize {
    let own = |n: &NodeRef| {
        let len = n.text().trim().len();
        if len >= 80 {
            len
        } else {
            0
        }
    };
    let mut total = 0;
    if node.node_name().is_some_and(|n| &*n == "p") {
        return own(node);
    }
    for p in node.find(&["p"]) {
        total += own(&p);
    }
    total
}

/// Removes what is never article text, comment threads, and page furniture
/// holding little of the page's prose: that guard keeps a container with a
/// misleading name (`entry-content-read-more`) and the article in it.
fn remove_boilerplate(dom: &Dom) {
    dom.select(NEVER_TEXT).remove();
    let debug = std::env::var_os("CONTESTED_DEBUG_HTML").is_some();
    let page_prose = dom
        .select("body")
        .nodes()
        .first()
        .map(prose_chars)
        .unwrap_or(0)
        .max(1);
    for node in dom.select("[class], [id]").nodes() {
        let mut names = String::new();
        if let Some(class) = node.attr("class") {
            names.push_str(&class);
        }
        if let Some(id) = node.attr("id") {
            names.push(' ');
            names.push_str(&id);
        }
        let name = node.node_name().unwrap_or_default();
        if matches!(&*name, "body" | "html" | "article" | "main") {
            continue;
        }
        let is_comments = COMMENTS.is_match(&names);
        if !is_comments && !FURNITURE.is_match(&names) {
            continue;
        }
        if is_comments || prose_chars(node) * 10 < page_prose * 3 {
            if debug {
                eprintln!("furniture <{name} {names:?}> {} chars", node.text().len());
            }
            node.remove_from_parent();
        }
    }
}

/// Lines that are page furniture wherever they appear: photo credits,
/// "Updated ..." stamps, gallery counters, calls to action, copyright.
static FURNITURE_LINE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?ix)^(?:
            (?:photo|image|picture|credit|caption|video|file\ photo)s?\s*[:|].{0,120}
          | (?:updated|published|posted|last\ updated|first\ published)\b.{0,60}
          | image\s*\d+\s*of\s*/?\s*\d*
          | \d+\s*of\s*\d+
          | (?:caption|close|advertisement|tags|share|share\ this(?:\ article)?|you\ may\ also\ like|related|related\ articles|read\ more|more\ from\ .{1,30}|continue\ reading(?:\ below)?|story\ continues\ below|click\ here.{0,40})\W*
          | by\ [^.!?]{2,80}?\s[-|]\s.{0,40}\d{4}.{0,30}
          | (?:copyright|©).{0,160}
          | .{0,120}all\ rights\ reserved\.?
        )$",
    )
    .expect("valid furniture line pattern")
});

/// Drops furniture lines from extracted text, keeping paragraph layout.
fn drop_furniture(text: &str) -> String {
    let kept: Vec<&str> = text
        .split("\n\n")
        .filter(|p| !FURNITURE_LINE.is_match(p))
        .collect();
    kept.join("\n\n")
}

/// Elements that start a new paragraph of text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "aside"
            | "header"
            | "footer"
            | "nav"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "figure"
            | "figcaption"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "caption"
            | "form"
            | "fieldset"
            | "address"
            | "hr"
            | "br"
            | "center"
            | "details"
            | "summary"
            | "body"
            | "html"
    )
}

/// Elements whose content is never reading text.
fn is_invisible(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "button"
            | "select"
            | "textarea"
            | "input"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "canvas"
            | "video"
            | "audio"
    )
}

/// The visible text under `root` as paragraphs separated by "\n\n", with
/// whitespace inside a paragraph collapsed to single spaces.
pub(crate) fn paragraphs_text(root: &NodeRef) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    collect(root, &mut paragraphs, &mut current, 0);
    flush(&mut paragraphs, &mut current);
    paragraphs.join("\n\n")
}

/// Deeper than any real article; stops pathological markup from
/// overflowing the stack.
const MAX_DEPTH: usize = 512;

fn collect(node: &NodeRef, paragraphs: &mut Vec<String>, current: &mut String, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for child in node.children_it(false) {
        if child.is_text() {
            current.push_str(&child.text());
        } else if child.is_element() {
            let name = child
                .node_name()
                .map(|n| n.to_ascii_lowercase())
                .unwrap_or_default();
            if is_invisible(&name) {
                continue;
            }
            if name == "td" || name == "th" {
                current.push(' ');
            }
            if is_block(&name) {
                flush(paragraphs, current);
                collect(&child, paragraphs, current, depth + 1);
                flush(paragraphs, current);
            } else {
                collect(&child, paragraphs, current, depth + 1);
            }
        }
    }
}

fn flush(paragraphs: &mut Vec<String>, current: &mut String) {
    let paragraph = collapse_whitespace(current);
    if !paragraph.is_empty() {
        paragraphs.push(paragraph);
    }
    current.clear();
}

pub(crate) fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
