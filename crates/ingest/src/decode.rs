//! Bytes to text: BOMs, binary detection, and for HTML the charset.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::IngestError;

/// How far into a file we look for NUL bytes and charset declarations;
/// browsers sniff a similar prefix (1024 bytes for meta), and binaries show
/// NULs early.
const SNIFF_BYTES: usize = 8192;

/// Names the kind of binary data from its magic number, or `None` when the
/// bytes look like text.
pub(crate) fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x1f\x8b", "gzip data"),
        (b"PK\x03\x04", "a ZIP archive (docx/xlsx/epub?)"),
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x7fELF", "an executable"),
        (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    ];
    if let Some((_, name)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(name);
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    memchr::memchr(0, head).map(|_| "contains NUL bytes")
}

fn bom_encoding(bytes: &[u8]) -> Option<(&'static Encoding, usize)> {
    Encoding::for_bom(bytes)
}

/// Decodes a plain-text file: UTF-8 (BOM stripped) or UTF-16 with a BOM.
/// Anything else is refused rather than guessed, because a mis-decoded
/// text file would put wrong characters into the ledger's evidence.
pub(crate) fn decode_text(bytes: &[u8], origin: &str) -> Result<String, IngestError> {
    if let Some((encoding, bom_len)) = bom_encoding(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(IngestError::unreadable(
                origin,
                format!("invalid {} text", encoding.name()),
            ));
        }
        return Ok(text.into_owned());
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(IngestError::Binary {
            origin: origin.to_string(),
            what: kind.to_string(),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => Err(IngestError::InvalidUtf8 {
            origin: origin.to_string(),
            offset: e.valid_up_to(),
        }),
    }
}

/// Decodes an HTML page the way a browser would, but trusting the bytes over
/// a wrong declaration: BOM, then valid UTF-8, then the declared charset,
/// then chardetng's guess.
pub(crate) fn decode_html(bytes: &[u8], origin: &str) -> Result<String, IngestError> {
    if let Some((encoding, bom_len)) = bom_encoding(bytes) {
        return Ok(encoding
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned());
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(IngestError::Binary {
            origin: origin.to_string(),
            what: kind.to_string(),
        });
    }
    // Valid UTF-8 with any non-ASCII byte is almost never another encoding
    // by accident, so it beats a declaration that is often copy-pasted wrong.
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    // A UTF-16 declaration in ASCII-compatible bytes is self-contradictory;
    // browsers read it as UTF-8, which these bytes are not, so guess.
    let declared = declared_charset(&bytes[..bytes.len().min(SNIFF_BYTES)])
        .filter(|encoding| *encoding != UTF_8 && *encoding != UTF_16LE && *encoding != UTF_16BE);
    let encoding = declared.unwrap_or_else(|| {
        let mut detector = chardetng::EncodingDetector::new();
        detector.feed(bytes, true);
        detector.guess(None, true)
    });
    Ok(encoding.decode_without_bom_handling(bytes).0.into_owned())
}

/// The charset from `<meta charset=...>` or an http-equiv Content-Type.
fn declared_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let finder = memchr::memmem::Finder::new(b"charset=");
    for position in finder.find_iter(&lower) {
        let rest = &lower[position + b"charset=".len()..];
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let end = rest
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
            .unwrap_or(rest.len());
        if let Some(encoding) = Encoding::for_label(&rest[..end]) {
            return Some(encoding);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_declared_latin1_is_decoded() {
        let page =
            b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\xe9</p></body></html>";
        let text = decode_html(page, "t").unwrap();
        assert!(text.contains("Café"), "{text}");
    }

    #[test]
    fn html_wrongly_declared_utf8_is_still_decoded() {
        // Declared UTF-8, actually windows-1251 Cyrillic: chardetng must catch it.
        let body = encoding_rs::WINDOWS_1251
            .encode("Москва сообщила о потерях в районе города")
            .0;
        let mut page = b"<html><head><meta charset=\"utf-8\"></head><body><p>".to_vec();
        page.extend_from_slice(&body);
        page.extend_from_slice(b"</p></body></html>");
        let text = decode_html(&page, "t").unwrap();
        assert!(text.contains("Москва сообщила"), "{text}");
    }

    #[test]
    fn text_with_utf16_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Aleppo".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode_text(&bytes, "t").unwrap(), "Aleppo");
    }
}
