//! Plain text and Markdown files.

use contested_core::Document;

use crate::{decode, normalize_newlines, parse_date, IngestError, ReadOptions};

pub(crate) fn read(
    bytes: &[u8],
    markdown: bool,
    origin: &str,
    options: &ReadOptions,
) -> Result<Document, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty {
            origin: origin.to_string(),
        });
    }
    let text = normalize_newlines(decode::decode_text(bytes, origin)?);
    let (front, body) = if markdown || text.starts_with("---\n") {
        split_front_matter(&text)
    } else {
        (None, &text[..])
    };
    if body.trim().is_empty() {
        return Err(IngestError::Empty {
            origin: origin.to_string(),
        });
    }
    let mut title = None;
    let mut published = None;
    let mut url = None;
    let mut outlet_field = None;
    if let Some(front) = front {
        for (key, value) in top_level_fields(front) {
            match key.to_ascii_lowercase().as_str() {
                "title" if title.is_none() => title = Some(value),
                "date" | "published" | "pubdate" | "published_at" if published.is_none() => {
                    published = parse_date(&value)
                }
                "url" | "link" if url.is_none() => url = Some(value),
                "source" | "outlet" if outlet_field.is_none() => outlet_field = Some(value),
                _ => {}
            }
        }
    }
    let outlet = options
        .outlet
        .clone()
        .or(outlet_field)
        .or_else(|| url.as_deref().and_then(crate::outlet_from_url));
    Ok(Document::new(
        body.to_string(),
        title,
        outlet,
        url,
        published,
        origin.to_string(),
    ))
}

/// Splits YAML front matter (`---` ... `---` or `...` at the top) from the
/// body. Without a closing fence the whole text is body: an opening `---`
/// alone is just a Markdown rule.
fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return (None, text);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let body = &rest[offset + line.len()..];
            return (Some(&rest[..offset]), body.trim_start_matches('\n'));
        }
        offset += line.len();
    }
    (None, text)
}

/// `key: value` pairs at the top level of the front matter. Nested YAML
/// (infoboxes, lists) is skipped: we only need scalar title/date/url.
fn top_level_fields(front: &str) -> impl Iterator<Item = (String, String)> + '_ {
    front.lines().filter_map(|line| {
        if line.starts_with([' ', '\t', '-', '#']) {
            return None;
        }
        let (key, value) = line.split_once(':')?;
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value);
        (!value.is_empty()).then(|| (key.trim().to_string(), value.to_string()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_gives_title_and_date_and_stays_out_of_text() {
        let source = "\u{feff}---\r\ntitle: \"Lachin offensive\"\r\npubDate: 2022-02-13\r\ninfobox:\r\n  title: nested\r\n---\r\n\r\nThe body.\r\n";
        let doc = read(source.as_bytes(), true, "a.md", &ReadOptions::default()).unwrap();
        assert_eq!(doc.text, "The body.\n");
        assert_eq!(doc.title.as_deref(), Some("Lachin offensive"));
        assert_eq!(doc.published.unwrap().to_string(), "2022-02-13T00:00:00Z");
    }

    #[test]
    fn markdown_rule_without_closing_fence_is_body() {
        let doc = read(
            b"---\nJust text after a rule.\n",
            true,
            "a.md",
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(doc.text, "---\nJust text after a rule.\n");
        assert_eq!(doc.title, None);
    }
}
