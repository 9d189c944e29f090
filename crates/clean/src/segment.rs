use contested_core::{Paragraph, Role, Span};
use std::collections::HashSet;

/// Longest line still taken for a headline. Headlines in the corpora are
/// under 150 bytes; body paragraphs that short usually end with a period.
const MAX_TITLE_LEN: usize = 200;

/// Splits a document into paragraphs and gives each its in-document role:
/// `title`, `body` or `repeat`. Cross-document roles (`template`, `copy`) come
/// later from [`crate::copies`].
///
/// A paragraph is a non-empty line, except that a line break inside a
/// sentence (hard-wrapped text: the line does not end a sentence and the next
/// starts in lower case) joins the two lines.
pub fn segment(text: &str, title: Option<&str>) -> Vec<Paragraph> {
    let spans = paragraph_spans(text);
    let mut paragraphs: Vec<Paragraph> =
        spans.iter().map(|&span| Paragraph { span, role: Role::Body, copy_of: None }).collect();

    // A paragraph identical (after normalisation) to an earlier one in the same
    // document is a repeat: a headline printed twice, a caption echoed.
    let keys: Vec<String> = paragraphs.iter().map(|p| normalized_key(p.span.slice(text))).collect();
    let mut first_seen: HashSet<&str> = HashSet::new();
    for (p, key) in paragraphs.iter_mut().zip(&keys) {
        if key.is_empty() {
            continue;
        }
        if !first_seen.insert(key.as_str()) {
            p.role = Role::Repeat;
        }
    }

    if let Some(index) = title_index(text, &paragraphs, &keys, title) {
        paragraphs[index].role = Role::Title;
    }
    paragraphs
}

fn normalized_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    crate::normalized_text(text, &mut key, &mut Vec::new());
    key
}

fn looks_like_headline(text: &str) -> bool {
    let trimmed = text.trim();
    !trimmed.is_empty()
        && trimmed.len() <= MAX_TITLE_LEN
        && !trimmed.ends_with(['.', ':', ';', ','])
        && trimmed.split_whitespace().count() >= 3
}

/// Which paragraph is the headline. The document's own title wins when its
/// text is present; otherwise a headline-shaped line printed twice (pages
/// that render the headline in two places); otherwise none, rather than a
/// guess that would turn a template banner into the title.
fn title_index(text: &str, paragraphs: &[Paragraph], keys: &[String], title: Option<&str>) -> Option<usize> {
    if let Some(title) = title {
        let wanted = normalized_key(title);
        if !wanted.is_empty() {
            if let Some(i) = paragraphs.iter().zip(keys).position(|(p, key)| p.role == Role::Body && *key == wanted) {
                return Some(i);
            }
        }
    }
    paragraphs.iter().enumerate().position(|(i, p)| {
        p.role == Role::Body
            && looks_like_headline(p.span.slice(text))
            && paragraphs[i + 1..].iter().zip(&keys[i + 1..]).any(|(q, key)| q.role == Role::Repeat && *key == keys[i])
    })
}

fn paragraph_spans(text: &str) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let mut previous_blank = true;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed_start = content.len() - content.trim_start().len();
        let trimmed = content.trim();
        if trimmed.is_empty() {
            previous_blank = true;
            continue;
        }
        let span = Span::new(start + trimmed_start, start + trimmed_start + trimmed.len());
        let joins_previous = !previous_blank
            && spans.last().is_some_and(|last| {
                let before = last.slice(text);
                !before.ends_with(['.', '!', '?', '"', '”', ':', ';'])
                    && trimmed.chars().next().is_some_and(|c| c.is_lowercase())
            });
        if joins_previous {
            let last = spans.last_mut().expect("checked above");
            last.end = span.end;
        } else {
            spans.push(span);
        }
        previous_blank = false;
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(text: &str) -> Vec<(&str, &'static str)> {
        segment(text, None).iter().map(|p| (p.span.slice(text), p.role.as_str())).collect()
    }

    #[test]
    fn repeated_headline_is_title_then_repeat() {
        let text = "Site banner block\n\nTroops cross the river at dawn\n\nTroops cross the river at dawn\n\nThe army said it crossed.";
        assert_eq!(
            roles(text),
            vec![
                ("Site banner block", "body"),
                ("Troops cross the river at dawn", "title"),
                ("Troops cross the river at dawn", "repeat"),
                ("The army said it crossed.", "body"),
            ]
        );
    }

    #[test]
    fn given_title_wins_and_spans_slice_exactly() {
        let text = "  Alpha beta gamma delta\r\nOne paragraph here.\nanother line\n";
        let ps = segment(text, Some("alpha beta gamma DELTA"));
        assert_eq!(ps[0].role, Role::Title);
        assert_eq!(ps[0].span.slice(text), "Alpha beta gamma delta");
        // "another line" starts lower case after a sentence end: still its own paragraph.
        assert_eq!(ps[1].span.slice(text), "One paragraph here.");
        assert_eq!(ps[2].span.slice(text), "another line");
    }

    #[test]
    fn hard_wrapped_lines_join() {
        let text = "The ministry said that forces\nadvanced two kilometres.\n";
        let ps = segment(text, None);
        assert_eq!(ps.len(), 1);
        assert_eq!(ps[0].span.slice(text), "The ministry said that forces\nadvanced two kilometres.");
    }

    #[test]
    fn no_title_without_evidence() {
        let text = "Short banner line here\nA body sentence follows.";
        assert!(segment(text, None).iter().all(|p| p.role != Role::Title));
    }
}
