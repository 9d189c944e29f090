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
    let stripped = strip_script_bodies(&html);
    let dom = Dom::from(cap_nesting(&stripped).as_ref());
    flatten_deep_nesting(&dom);
    let meta = page_metadata(&dom);
    remove_boilerplate(&dom);
    let url = url.map(str::to_string).or(meta.url);
    let config = dom_smoothie::Config {
        max_elements_to_parse: 0,
        ..Default::default()
    };
    // No document URL: it only serves to absolutise links, which plain
    // text drops, and a malformed one would be an error for nothing.
    let article = dom_smoothie::Readability::with_document(dom, None, Some(config))
        .and_then(|mut readability| readability.parse());
    let article = match article {
        Ok(article) => article,
        Err(_) => {
            return Err(IngestError::NoArticle {
                origin: origin.to_string(),
            })
        }
    };
    let content = Dom::fragment(article.content.to_string());
    let text = keep_article_blocks(
        blocks(&content.root()),
        meta.title.as_deref().or(Some(&*article.title)),
    );
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

/// Empties `<script>` and `<style>` elements (except JSON-LD, which holds
/// metadata) before parsing. News pages carry megabytes of inline scripts
/// that the tokenizer would otherwise copy character by character, only for
/// every later step to ignore them.
fn strip_script_bodies(html: &str) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied_to = 0;
    let mut position = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[position..]) {
        let open = position + found;
        position = open + 1;
        let tag = match bytes.get(open + 1..open + 7) {
            Some(t) if t.eq_ignore_ascii_case(b"script") => "script",
            Some(t) if t[..5].eq_ignore_ascii_case(b"style") => "style",
            _ => continue,
        };
        let after_name = open + 1 + tag.len();
        if bytes
            .get(after_name)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
        {
            continue;
        }
        let Some(tag_end) = memchr::memchr(b'>', &bytes[after_name..]).map(|i| after_name + i + 1)
        else {
            break;
        };
        if tag == "script" {
            let attributes = html[after_name..tag_end].to_ascii_lowercase();
            if attributes.contains("ld+json") {
                position = tag_end;
                continue;
            }
        }
        let Some(close) = find_close_tag(&bytes[tag_end..], tag.as_bytes()).map(|i| tag_end + i)
        else {
            break;
        };
        let out = out.get_or_insert_with(|| String::with_capacity(html.len()));
        out.push_str(&html[copied_to..tag_end]);
        copied_to = close;
        position = close;
    }
    match out {
        None => std::borrow::Cow::Borrowed(html),
        Some(mut out) => {
            out.push_str(&html[copied_to..]);
            std::borrow::Cow::Owned(out)
        }
    }
}

/// Offset of `</name` (any case) in `haystack`, which is where the HTML
/// tokenizer ends raw script and style text.
fn find_close_tag(haystack: &[u8], name: &[u8]) -> Option<usize> {
    let mut position = 0;
    while let Some(found) = memchr::memmem::find(&haystack[position..], b"</") {
        let start = position + found;
        if haystack
            .get(start + 2..start + 2 + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return Some(start);
        }
        position = start + 2;
    }
    None
}

/// Container tags whose nesting `cap_nesting` tracks: the ones pages nest
/// (or leave unclosed) by the thousand.
fn is_nesting_container(name: &[u8]) -> bool {
    const NAMES: &[&[u8]] = &[
        b"div",
        b"span",
        b"section",
        b"article",
        b"aside",
        b"main",
        b"header",
        b"footer",
        b"nav",
        b"b",
        b"i",
        b"u",
        b"em",
        b"strong",
        b"font",
        b"a",
        b"center",
        b"small",
        b"big",
        b"blockquote",
        b"ul",
        b"ol",
        b"table",
        b"form",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Deepest container nesting the parser is given; see `cap_nesting`.
const MAX_SOURCE_NESTING: usize = 400;

/// Drops container tags nested deeper than `MAX_SOURCE_NESTING` (and their
/// end tags) from the source. html5ever scans its stack of open elements at
/// many start tags, so 100,000 nested `<div>`s take minutes to parse; the
/// text inside survives, only the excess structure goes.
fn cap_nesting(html: &str) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    // (tag name, kept in the output)
    let mut open: Vec<(&[u8], bool)> = Vec::new();
    let mut dropped: Vec<std::ops::Range<usize>> = Vec::new();
    let mut position = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[position..]) {
        let start = position + found;
        position = start + 1;
        let closing = bytes.get(start + 1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let name = &bytes[name_start..name_start + name_len];
        if name_len == 0 || !is_nesting_container(name) {
            continue;
        }
        let Some(end) = memchr::memchr(b'>', &bytes[name_start..]).map(|i| name_start + i + 1)
        else {
            break;
        };
        position = end;
        if bytes[end - 2] == b'/' {
            continue;
        }
        if !closing {
            let keep = open.len() < MAX_SOURCE_NESTING;
            if !keep {
                dropped.push(start..end);
            }
            open.push((name, keep));
            continue;
        }
        // Close the nearest open element of this name, looking only a little
        // way down so stray end tags cannot make this quadratic.
        let window = open.len().saturating_sub(64);
        if let Some(index) = open[window..]
            .iter()
            .rposition(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            let (_, kept) = open[window + index];
            open.truncate(window + index);
            if !kept {
                dropped.push(start..end);
            }
        }
    }
    if dropped.is_empty() {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut copied_to = 0;
    for range in dropped {
        out.push_str(&html[copied_to..range.start]);
        copied_to = range.end;
    }
    out.push_str(&html[copied_to..]);
    std::borrow::Cow::Owned(out)
}

/// Nesting deeper than this is never article structure (real pages stay
/// under a hundred levels) and would overflow the recursive steps of
/// readability scoring and serialisation.
const MAX_NESTING: usize = 160;

/// Replaces every subtree below `MAX_NESTING` levels with its text, walking
/// the tree without recursion. Broken or hostile markup (thousands of
/// unclosed `<div>`s) then costs nothing worse than a flat paragraph.
fn flatten_deep_nesting(dom: &Dom) {
    let mut stack: Vec<(NodeRef, usize)> = vec![(dom.root(), 0)];
    while let Some((node, depth)) = stack.pop() {
        if depth >= MAX_NESTING {
            if node.first_child().is_some() {
                let text = node.text();
                node.set_text(text);
            }
            continue;
        }
        for child in node.children_it(false) {
            if child.is_element() {
                stack.push((child, depth + 1));
            }
        }
    }
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

/// Paragraph text long enough to be prose: (characters, paragraphs), the
/// measure of how much article an element holds.
fn prose(node: &NodeRef) -> (usize, usize) {
    let measure = |n: &NodeRef| {
        let len = n.text().trim().len();
        if len >= 80 {
            (len, 1)
        } else {
            (0, 0)
        }
    };
    if node.node_name().is_some_and(|n| &*n == "p") {
        return measure(node);
    }
    node.find(&["p"])
        .iter()
        .map(measure)
        .fold((0, 0), |(c, n), (dc, dn)| (c + dc, n + dn))
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
        .map(|body| prose(body).0)
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
        let (prose_chars, prose_paragraphs) = if is_comments { (0, 0) } else { prose(node) };
        // Furniture holds at most one prose paragraph (a caption, a teaser);
        // more is the article in a container with a misleading name.
        if prose_paragraphs <= 1 && prose_chars * 10 < page_prose * 3 {
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
          | (?:updated|published|posted|last\ updated|first\ published)\b.{0,40}\d.{0,30}
          | (?:updated|published|posted)\s+(?:\d+\s+\w+|an?\ \w+)\s+ago
          | image\s*\d+\s*of\s*/?\s*\d*
          | \d+\s*of\s*\d+
          | (?:caption|close|advertisement|tags|share|share\ this(?:\ article)?|you\ may\ also\ like|related|related\ articles|read\ more|more\ from\ .{1,30}|continue\ reading(?:\ below)?|story\ continues\ below|click\ here.{0,40})\W*
          | by\ [^.!?]{2,80}?\s[-|]\s.{0,40}\d{4}.{0,30}
          | (?:copyright|©).{0,160}
          | (?:related|read\ more|see\ also|more|watch|listen)\s*:.{0,150}
          | (?:sign\ up|subscribe|follow\ us|follow\ (?:him|her)\ on|join\ our|let\ our\ news|get\ the\ day).{0,160}
          | by\ [\p{Lu}][^.!?]{0,60}\s[-|]?
          | .{0,120}all\ rights\ reserved\.?
        )$",
    )
    .expect("valid furniture line pattern")
});

/// Link lists shorter than this many words are navigation ("You may also
/// like", related stories), longer link-heavy text is kept.
const LINK_LIST_MAX_WORDS: usize = 25;

/// Drops furniture from the extracted blocks: furniture lines, link-only
/// teasers, and the headline repeated as the first line (the title is kept
/// apart, in `Extracted::title`).
fn keep_article_blocks(blocks: Vec<Block>, title: Option<&str>) -> String {
    let title_words = title.map(word_key).unwrap_or_default();
    let kept = blocks.iter().enumerate().filter(|(index, block)| {
        if FURNITURE_LINE.is_match(&block.text) {
            return false;
        }
        if block.link_share > 0.8 && block.text.split_whitespace().count() < LINK_LIST_MAX_WORDS {
            return false;
        }
        !(*index < 3 && is_headline(&word_key(&block.text), &title_words))
    });
    join(kept.map(|(_, block)| block.text.as_str()))
}

/// Whether a block is the page title again: the same words, or the title
/// without the site name that `<title>` often appends ("... | Reuters").
fn is_headline(block_words: &str, title_words: &str) -> bool {
    if block_words.is_empty() || title_words.is_empty() {
        return false;
    }
    block_words == title_words
        || (block_words.split(' ').count() >= 3
            && title_words
                .strip_prefix(block_words)
                .is_some_and(|rest| rest.starts_with(' ')))
}

/// Lowercased words, for comparing a heading with the page title whatever
/// the punctuation and case.
fn word_key(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
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

/// A paragraph of visible text and how much of it is link text.
#[derive(Debug)]
pub(crate) struct Block {
    pub text: String,
    /// Share of the characters that sit inside `<a>`: near 1 for lists of
    /// related stories, near 0 for prose.
    pub link_share: f64,
}

/// The visible text under `root` as paragraphs, whitespace inside each
/// collapsed to single spaces.
pub(crate) fn blocks(root: &NodeRef) -> Vec<Block> {
    let mut collector = Collector::default();
    collector.collect(root, 0, false);
    collector.flush();
    collector.blocks
}

fn join<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(part);
    }
    out
}

/// Deeper than any real article; stops pathological markup from
/// overflowing the stack.
const MAX_DEPTH: usize = 512;

#[derive(Default)]
struct Collector {
    blocks: Vec<Block>,
    current: String,
    link_chars: usize,
}

impl Collector {
    fn collect(&mut self, node: &NodeRef, depth: usize, in_link: bool) {
        if depth > MAX_DEPTH {
            return;
        }
        for child in node.children_it(false) {
            if child.is_text() {
                let text = child.text();
                if in_link {
                    self.link_chars += text.trim().len();
                }
                self.current.push_str(&text);
            } else if child.is_element() {
                let name = child
                    .node_name()
                    .map(|n| n.to_ascii_lowercase())
                    .unwrap_or_default();
                if is_invisible(&name) {
                    continue;
                }
                if name == "td" || name == "th" {
                    self.current.push(' ');
                }
                let in_link = in_link || name == "a";
                if is_block(&name) {
                    self.flush();
                    self.collect(&child, depth + 1, in_link);
                    self.flush();
                } else {
                    self.collect(&child, depth + 1, in_link);
                }
            }
        }
    }

    fn flush(&mut self) {
        let text = collapse_whitespace(&self.current);
        if !text.is_empty() {
            let link_share = (self.link_chars as f64 / text.len() as f64).min(1.0);
            self.blocks.push(Block { text, link_share });
        }
        self.current.clear();
        self.link_chars = 0;
    }
}

/// Visible text of an HTML fragment (a feed item's description), one
/// paragraph per block, with nothing dropped as furniture: a fragment is
/// what its author chose to say.
pub(crate) fn fragment_text(html: &str) -> String {
    let fragment = Dom::fragment(html);
    join(blocks(&fragment.root()).iter().map(|b| b.text.as_str()))
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

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    /// Pieces of markup, well-formed or not, to build hostile pages from.
    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("<div>".to_string()),
            Just("</div>".to_string()),
            Just("<p>".to_string()),
            Just("<script>".to_string()),
            Just("</script".to_string()),
            Just("<style>".to_string()),
            Just("<a href='x'>".to_string()),
            Just("<br>".to_string()),
            Just("<meta charset=\"latin1\">".to_string()),
            Just("<div class=\"share byline\">".to_string()),
            Just("<!--".to_string()),
            Just("<".to_string()),
            "[a-zA-Z ,.]{0,80}",
            "\\PC{0,20}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_markup_gives_text_or_an_error_never_a_panic(parts in prop::collection::vec(fragment(), 0..60)) {
            let page = parts.concat();
            if let Ok(extracted) = extract(page.as_bytes(), None) {
                prop_assert!(!extracted.text.trim().is_empty());
                prop_assert!(!extracted.text.contains("\n\n\n"));
            }
        }
    }

    fn block(text: &str, link_share: f64) -> Block {
        Block {
            text: text.to_string(),
            link_share,
        }
    }

    #[test]
    fn furniture_blocks_go_and_prose_stays() {
        let blocks = vec![
            block("Shelling hits market in Aleppo", 0.0),
            block("Updated: Nov. 20, 2019 1:35 a.m.", 0.0),
            block("Photo: Hau Dinh, AP", 0.0),
            block("Image 1 of 8", 0.0),
            block("At least 12 people were killed, a monitor said.", 0.0),
            block("Published reports said the toll would rise.", 0.0),
            block("By Monday the shelling had stopped, residents said.", 0.0),
            block("Rebels seize hill near Hama", 1.0),
            block("The Syrian Observatory, which relies on a network of sources on the ground, said the figure could rise as rescuers search the rubble of three buildings.", 0.9),
            block("Related: Rebels seize hill near Hama", 0.3),
            block("Copyright 2019 Example News. All rights reserved.", 0.0),
        ];
        let text = keep_article_blocks(blocks, Some("Shelling hits market in Aleppo | Example"));
        assert_eq!(
            text,
            "At least 12 people were killed, a monitor said.\n\n\
             Published reports said the toll would rise.\n\n\
             By Monday the shelling had stopped, residents said.\n\n\
             The Syrian Observatory, which relies on a network of sources on the ground, said the figure could rise as rescuers search the rubble of three buildings."
        );
    }

    #[test]
    fn nesting_beyond_the_cap_loses_tags_not_text() {
        let deep = format!(
            "{}<p>text</p>{}",
            "<div class=x>".repeat(1000),
            "</div>".repeat(1000)
        );
        let capped = cap_nesting(&deep);
        assert_eq!(capped.matches("<div").count(), MAX_SOURCE_NESTING);
        assert_eq!(capped.matches("</div>").count(), MAX_SOURCE_NESTING);
        assert!(capped.contains("<p>text</p>"));
        let shallow = "<div><span><b>a</b></span></div><p>unclosed<p>paragraphs";
        assert!(matches!(
            cap_nesting(shallow),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn script_and_style_bodies_are_emptied_but_json_ld_kept() {
        let page = r#"<p>a</p><SCRIPT src="x.js">var s = "<p>not text</p>";</SCRIPT ><style>p{}</style><scripts>keep</scripts><script type="application/ld+json">{"datePublished":"2019-01-01"}</script><p>b</p>"#;
        let stripped = strip_script_bodies(page);
        assert_eq!(
            stripped,
            r#"<p>a</p><SCRIPT src="x.js"></SCRIPT ><style></style><scripts>keep</scripts><script type="application/ld+json">{"datePublished":"2019-01-01"}</script><p>b</p>"#
        );
        assert!(matches!(
            strip_script_bodies("<p>plain</p>"),
            std::borrow::Cow::Borrowed(_)
        ));
        // An unclosed script swallows the rest, as in a browser; nothing panics.
        assert_eq!(
            strip_script_bodies("<p>a</p><script>var x"),
            "<p>a</p><script>var x"
        );
    }
}
