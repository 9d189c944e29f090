//! WARC web archives (ISO 28500, versions 0.17 to 1.1): each `response`
//! record holding an HTML or plain-text page becomes a document.
//!
//! A hand reader rather than the `warc` crate: the format is a version line,
//! headers, `Content-Length` bytes of block and a blank line, and what needs
//! care (the HTTP message inside the block, chunked and compressed bodies,
//! records cut short) is outside what that crate parses anyway. Records are
//! streamed: an archive of any size costs one record of memory.
//!
//! Requests, metadata, redirects, images and scripts are not articles and
//! are passed over without a word. A response page that cannot be read is an
//! error naming the archive and the record. Framing that makes no sense, or
//! a damaged gzip member, is one error and reading goes on at the next
//! version line (the next member); a record cut short by the end of the
//! file is one error, and the records before it stand.

use std::io::{self, BufRead, Read};

use contested_core::Document;

use crate::{html, outlet_from_url, read_limited, text, IngestError, ReadOptions};

/// Longest header line accepted: far beyond any real WARC or HTTP header,
/// short enough that a binary file named .warc cannot fill memory.
const MAX_HEADER_LINE: u64 = 64 * 1024;

pub(crate) fn read(stream: Box<dyn Read>, origin: &str, options: &ReadOptions) -> WarcRecords {
    let mut reader = io::BufReader::with_capacity(1 << 16, stream);
    // A .warc that is really gzip (per-record members, the usual way WARCs
    // are written) is read the same as a .warc.gz.
    let gzipped = reader
        .fill_buf()
        .is_ok_and(|head| head.starts_with(&[0x1f, 0x8b]));
    let reader: Box<dyn BufRead> = if gzipped {
        Box::new(io::BufReader::with_capacity(
            1 << 16,
            GzMembers {
                decoder: Some(flate2::bufread::GzDecoder::new(Counting {
                    inner: reader,
                    consumed: 0,
                })),
                member_start: 0,
            },
        ))
    } else {
        Box::new(reader)
    };
    WarcRecords {
        reader,
        origin: origin.to_string(),
        options: options.clone(),
        record: 0,
        offset: 0,
        finished: false,
        seeking: false,
        gzipped,
        failure: Failure::Framing,
        in_record: false,
    }
}

/// Gzip members one after another, like `MultiGzDecoder`, except that a
/// damaged member is skipped to the next gzip header instead of ending the
/// stream. WARCs are compressed record by record precisely so that damage
/// costs one record; the read that met the damage still fails, once, so
/// the record it cut is reported.
struct GzMembers<R: BufRead> {
    decoder: Option<flate2::bufread::GzDecoder<Counting<R>>>,
    /// Compressed bytes consumed when the current member began.
    member_start: u64,
}

/// Counts the bytes consumed from a reader, to tell whether a failing
/// gzip member moved the input at all.
struct Counting<R> {
    inner: R,
    consumed: u64,
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.consumed += read as u64;
        Ok(read)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.consumed += amount as u64;
        self.inner.consume(amount);
    }
}

impl<R: BufRead> GzMembers<R> {
    fn next_member(&mut self, compressed: Counting<R>) {
        self.member_start = compressed.consumed;
        self.decoder = Some(flate2::bufread::GzDecoder::new(compressed));
    }
}

impl<R: BufRead> Read for GzMembers<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            let Some(decoder) = self.decoder.as_mut() else {
                return Ok(0);
            };
            match decoder.read(buf) {
                Ok(0) => {
                    let mut compressed = self.decoder.take().expect("decoder present").into_inner();
                    if !compressed.fill_buf()?.is_empty() {
                        self.next_member(compressed);
                    }
                }
                Ok(read) => return Ok(read),
                Err(error) => {
                    let mut compressed = self.decoder.take().expect("decoder present").into_inner();
                    // A member that fails at its checksum has been read to
                    // its end, and the next one starts right here; one that
                    // failed without moving must be stepped over.
                    let stuck = compressed.consumed == self.member_start;
                    skip_to_gzip_header(&mut compressed, stuck)?;
                    if !compressed.fill_buf()?.is_empty() {
                        self.next_member(compressed);
                    }
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("damaged gzip member ({error})"),
                    ));
                }
            }
        }
    }
}

/// Moves to the next gzip member header (1f 8b 08) or the end, past at
/// least one byte when `skip_first`. A header split across two buffer fills
/// is missed, which costs the member after it as well, never correctness.
fn skip_to_gzip_header(reader: &mut impl BufRead, skip_first: bool) -> io::Result<()> {
    let mut skip_first = skip_first;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(());
        }
        let start = usize::from(skip_first);
        skip_first = false;
        if let Some(found) = memchr::memmem::find(&buffer[start..], &[0x1f, 0x8b, 0x08]) {
            reader.consume(start + found);
            return Ok(());
        }
        let all = buffer.len();
        reader.consume(all);
    }
}

pub(crate) struct WarcRecords {
    reader: Box<dyn BufRead>,
    origin: String,
    options: ReadOptions,
    /// Number of the record being read, counting every record from 1.
    record: usize,
    /// Position in the (decompressed) archive, for messages about framing.
    offset: u64,
    finished: bool,
    /// After damage: lines are passed over until the next version line.
    seeking: bool,
    /// Whether reading can go on after a read error (a damaged gzip member
    /// is skipped; a failing plain file would fail again).
    gzipped: bool,
    /// What the last error came from.
    failure: Failure,
    /// Whether a version line has been read for `record`.
    in_record: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    /// Headers or a version line that make no sense: find the next record.
    Framing,
    /// The stream could not be read.
    Io,
    /// The archive ended inside a record.
    Truncated,
}

/// What one record comes to.
enum Record {
    Page(Result<Document, IngestError>),
    /// Not an article: a request, metadata, a redirect, an image.
    NotAPage,
}

impl Iterator for WarcRecords {
    type Item = Result<Document, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.finished {
            match self.next_record() {
                Ok(Some(Record::Page(result))) => return Some(result),
                Ok(Some(Record::NotAPage)) => continue,
                Ok(None) => self.finished = true,
                Err(error) => {
                    let consequence = match self.failure {
                        Failure::Truncated => {
                            self.finished = true;
                            None
                        }
                        Failure::Io if !self.gzipped => {
                            self.finished = true;
                            Some("the rest of the archive is skipped")
                        }
                        Failure::Io | Failure::Framing => {
                            self.seeking = true;
                            Some("reading goes on at the next record")
                        }
                    };
                    self.failure = Failure::Framing;
                    return Some(Err(match (error, consequence) {
                        (IngestError::BadRecord { origin, reason }, Some(consequence)) => {
                            IngestError::BadRecord {
                                origin,
                                reason: format!("{reason}; {consequence}"),
                            }
                        }
                        (error, _) => error,
                    }));
                }
            }
        }
        None
    }
}

impl WarcRecords {
    /// Names the record being read, or the one expected next when the
    /// failure came between records.
    fn record_origin(&self) -> String {
        let number = if self.in_record {
            self.record
        } else {
            self.record + 1
        };
        format!("{}#record {number}", self.origin)
    }

    fn framing_error(&self, reason: impl std::fmt::Display) -> IngestError {
        IngestError::BadRecord {
            origin: self.record_origin(),
            reason: reason.to_string(),
        }
    }

    fn io_error(&mut self, reason: impl std::fmt::Display) -> IngestError {
        self.failure = Failure::Io;
        self.framing_error(reason)
    }

    /// One header line without its line end; `None` at the end of input.
    fn line(&mut self) -> Result<Option<Vec<u8>>, IngestError> {
        let mut line = Vec::new();
        let read = (&mut self.reader)
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)
            .map_err(|e| self.io_error(format!("unreadable at byte {}: {e}", self.offset)))?;
        if read == 0 {
            return Ok(None);
        }
        self.offset += read as u64;
        if !line.ends_with(b"\n") && read as u64 == MAX_HEADER_LINE {
            return Err(self.framing_error(format!(
                "header line at byte {} longer than {MAX_HEADER_LINE} bytes",
                self.offset - read as u64
            )));
        }
        while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            line.pop();
        }
        Ok(Some(line))
    }

    fn next_record(&mut self) -> Result<Option<Record>, IngestError> {
        // Records end with two line ends; tolerate more or fewer.
        self.in_record = false;
        let (version, version_at) = loop {
            let line_at = self.offset;
            match self.line()? {
                None => return Ok(None),
                Some(line) if line.iter().all(u8::is_ascii_whitespace) => continue,
                Some(line) if self.seeking && !line.starts_with(b"WARC/") => continue,
                Some(line) => break (line, line_at),
            }
        };
        self.seeking = false;
        if !version.starts_with(b"WARC/") {
            let shown = String::from_utf8_lossy(&version[..version.len().min(40)]).into_owned();
            // Named as the record that should have started here; garbage
            // is not counted, so records after it keep their numbers.
            let error = self.framing_error(format!(
                "expected a WARC/1.x version line at byte {version_at}, found {shown:?}"
            ));
            return Err(error);
        }
        self.record += 1;
        self.in_record = true;
        let mut headers = Headers::default();
        loop {
            match self.line()? {
                None => {
                    return Err(self
                        .truncated_error("record cut short: the archive ends inside its headers"))
                }
                Some(line) if line.is_empty() => break,
                Some(line) => headers.push_line(&line),
            }
        }
        let Some(length) = headers
            .get("content-length")
            .and_then(|v| v.trim().parse::<u64>().ok())
        else {
            return Err(self.framing_error("record has no valid Content-Length"));
        };
        let is_response = headers
            .get("warc-type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("response"));
        let origin = self.record_origin();
        if !is_response || length > self.options.max_document_bytes {
            let skipped = io::copy(&mut (&mut self.reader).take(length), &mut io::sink())
                .map_err(|e| self.io_error(format!("unreadable record block: {e}")))?;
            self.offset += skipped;
            if skipped < length {
                return Err(self.truncated(length, skipped));
            }
            if !is_response {
                return Ok(Some(Record::NotAPage));
            }
            return Ok(Some(Record::Page(Err(IngestError::TooLarge {
                origin,
                size: length,
                limit: self.options.max_document_bytes,
            }))));
        }
        let mut block = Vec::with_capacity(length as usize);
        let read = (&mut self.reader)
            .take(length)
            .read_to_end(&mut block)
            .map_err(|e| self.io_error(format!("unreadable record block: {e}")))?;
        self.offset += read as u64;
        if (read as u64) < length {
            return Err(self.truncated(length, read as u64));
        }
        Ok(response(&headers, &block, &origin, &self.options)
            .map(Record::Page)
            .or(Some(Record::NotAPage)))
    }

    fn truncated(&mut self, length: u64, present: u64) -> IngestError {
        self.truncated_error(format!(
            "record cut short: Content-Length says {length} bytes, only {present} present"
        ))
    }

    fn truncated_error(&mut self, reason: impl std::fmt::Display) -> IngestError {
        self.failure = Failure::Truncated;
        self.framing_error(reason)
    }
}

/// WARC or HTTP header fields, names compared without case.
#[derive(Debug, Default)]
struct Headers(Vec<(String, String)>);

impl Headers {
    fn push_line(&mut self, line: &[u8]) {
        let line = String::from_utf8_lossy(line);
        // Folded continuation lines (obsolete but legal in WARC/1.0).
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = self.0.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
            return;
        }
        if let Some((name, value)) = line.split_once(':') {
            self.0
                .push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The document in a response record, `None` when the record is not a page
/// (not a 2xx answer, not HTML or text).
fn response(
    warc: &Headers,
    block: &[u8],
    origin: &str,
    options: &ReadOptions,
) -> Option<Result<Document, IngestError>> {
    let bad = |reason: String| {
        Some(Err(IngestError::BadRecord {
            origin: origin.to_string(),
            reason,
        }))
    };
    let url = warc
        .get("warc-target-uri")
        .map(|u| {
            u.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string()
        })
        .filter(|u| !u.is_empty());
    let record_type = warc.get("content-type").unwrap_or("").to_ascii_lowercase();
    let (media_type, body) =
        if record_type.starts_with("application/http") || block.starts_with(b"HTTP/") {
            let message = match HttpMessage::parse(block) {
                Ok(message) => message,
                Err(reason) => return bad(format!("unreadable HTTP response: {reason}")),
            };
            if !(200..300).contains(&message.status) {
                return None;
            }
            let media_type = message
                .headers
                .get("content-type")
                .unwrap_or("")
                .to_string();
            // Most of an archive is images, scripts and styles: their
            // bodies are never decoded.
            media_kind(&media_type)?;
            let body = match message.decoded_body(block, options.max_document_bytes, origin) {
                Ok(body) => body,
                Err(BodyError::Record(e)) => return Some(Err(e)),
                Err(BodyError::Reason(reason)) => return bad(reason),
            };
            (media_type, body)
        } else {
            (record_type.clone(), block.to_vec())
        };
    let lower = media_type.to_ascii_lowercase();
    let is_html = match media_kind(&lower)? {
        MediaKind::Html => true,
        MediaKind::Text => false,
        MediaKind::Unknown => {
            let head = body
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .map_or(&body[..0], |i| &body[i..]);
            if !head.starts_with(b"<") || crate::feed::looks_like_feed(head) {
                return None;
            }
            true
        }
    };
    let published_by_archive = warc.get("warc-date").and_then(crate::parse_date);
    let outlet = options
        .outlet
        .clone()
        .or_else(|| url.as_deref().and_then(outlet_from_url));
    if is_html {
        let body = transcode_declared(body, &lower);
        let page = match html::extract_named(&body, url.as_deref(), origin) {
            Ok(page) => page,
            Err(e) => return Some(Err(e)),
        };
        // The archive's date is when the page was fetched; the page's own
        // date, when it states one, is when it was published.
        Some(Ok(Document::new(
            page.text,
            page.title,
            outlet,
            page.url,
            page.published.or(published_by_archive),
            origin.to_string(),
        )))
    } else {
        let body = transcode_declared(body, &lower);
        Some(text::read(&body, false, origin, options).map(|doc| {
            Document::new(
                doc.text,
                doc.title,
                outlet,
                url,
                doc.published.or(published_by_archive),
                origin.to_string(),
            )
        }))
    }
}

enum MediaKind {
    Html,
    Text,
    /// Servers that say nothing, or say octet-stream for a page: the body
    /// decides.
    Unknown,
}

/// What a Content-Type makes of a body; `None` for what is never an article.
fn media_kind(content_type: &str) -> Option<MediaKind> {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("text/html")
        || essence.eq_ignore_ascii_case("application/xhtml+xml")
    {
        Some(MediaKind::Html)
    } else if essence.eq_ignore_ascii_case("text/plain") {
        Some(MediaKind::Text)
    } else if essence.is_empty() || essence.eq_ignore_ascii_case("application/octet-stream") {
        Some(MediaKind::Unknown)
    } else {
        None
    }
}

/// The HTTP header's charset, applied when the bytes are not UTF-8: the
/// page itself often declares nothing and the header is the only witness.
fn transcode_declared(body: Vec<u8>, content_type: &str) -> Vec<u8> {
    let Some(label) = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("charset="))
    else {
        return body;
    };
    let label = label.trim_matches(['"', '\'']);
    match encoding_rs::Encoding::for_label(label.as_bytes()) {
        Some(encoding) if encoding != encoding_rs::UTF_8 && std::str::from_utf8(&body).is_err() => {
            encoding
                .decode_without_bom_handling(&body)
                .0
                .into_owned()
                .into_bytes()
        }
        _ => body,
    }
}

struct HttpMessage {
    status: u16,
    headers: Headers,
    body_start: usize,
}

enum BodyError {
    Record(IngestError),
    Reason(String),
}

impl HttpMessage {
    fn parse(block: &[u8]) -> Result<HttpMessage, String> {
        // Browser-based crawlers record HTTP/2 and HTTP/3 exchanges with
        // their own version in the status line; the header block that
        // follows is the same, and httparse reads only HTTP/1.x.
        let relabelled;
        let original_len = block.len();
        let block = match block.get(..7) {
            Some(b"HTTP/2 " | b"HTTP/3 ") => {
                relabelled = [b"HTTP/1.1".as_slice(), &block[6..]].concat();
                &relabelled[..]
            }
            Some(b"HTTP/2." | b"HTTP/3.") if block.get(8) == Some(&b' ') => {
                relabelled = [b"HTTP/1.1".as_slice(), &block[8..]].concat();
                &relabelled[..]
            }
            _ => block,
        };
        let mut capacity = 64;
        loop {
            let mut fields = vec![httparse::EMPTY_HEADER; capacity];
            let mut response = httparse::Response::new(&mut fields);
            match response.parse(block) {
                Ok(httparse::Status::Complete(body_start)) => {
                    let mut headers = Headers::default();
                    for field in response.headers.iter() {
                        headers.0.push((
                            field.name.to_ascii_lowercase(),
                            String::from_utf8_lossy(field.value).trim().to_string(),
                        ));
                    }
                    return Ok(HttpMessage {
                        status: response.code.unwrap_or(0),
                        headers,
                        // Back to an offset in the block as recorded.
                        body_start: body_start - (block.len() - original_len),
                    });
                }
                Ok(httparse::Status::Partial) => {
                    return Err("headers end before the blank line".to_string())
                }
                Err(httparse::Error::TooManyHeaders) if capacity < 4096 => capacity *= 4,
                Err(e) => return Err(e.to_string()),
            }
        }
    }

    /// The body as the page's bytes: chunks joined, gzip or deflate undone.
    fn decoded_body(&self, block: &[u8], limit: u64, origin: &str) -> Result<Vec<u8>, BodyError> {
        let raw = &block[self.body_start..];
        let chunked = self
            .headers
            .get("transfer-encoding")
            .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
        let body = if chunked {
            match dechunk(raw) {
                Ok(body) => body,
                // Some archivers store the body already joined but keep the
                // header; a body that does not even open with a chunk size
                // is taken as it is.
                Err(_) if !opens_with_chunk_size(raw) => raw.to_vec(),
                Err(reason) => return Err(BodyError::Reason(reason)),
            }
        } else {
            raw.to_vec()
        };
        let coding = self
            .headers
            .get("content-encoding")
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let decoded = match coding.as_str() {
            "" | "identity" => return Ok(body),
            "gzip" | "x-gzip" => {
                read_limited(flate2::read::MultiGzDecoder::new(&body[..]), origin, limit)
            }
            "deflate" => {
                // "deflate" is meant to be zlib-wrapped, but servers send raw
                // deflate too; the zlib header tells which.
                if body.len() >= 2
                    && (u16::from(body[0]) << 8 | u16::from(body[1])) % 31 == 0
                    && body[0] & 0x0f == 8
                {
                    read_limited(flate2::read::ZlibDecoder::new(&body[..]), origin, limit)
                } else {
                    read_limited(flate2::read::DeflateDecoder::new(&body[..]), origin, limit)
                }
            }
            other => {
                return Err(BodyError::Reason(format!(
                    "body compressed with {other}, which is not supported"
                )))
            }
        };
        decoded.map_err(|e| match e {
            IngestError::Unreadable { reason, .. } => {
                BodyError::Reason(format!("{coding} body does not decompress: {reason}"))
            }
            other => BodyError::Record(other),
        })
    }
}

fn opens_with_chunk_size(raw: &[u8]) -> bool {
    let line_end = raw.iter().position(|b| *b == b'\n').unwrap_or(raw.len());
    let line = raw[..line_end]
        .strip_suffix(b"\r")
        .unwrap_or(&raw[..line_end]);
    let size = line.split(|b| *b == b';').next().unwrap_or(b"");
    !size.is_empty() && size.len() <= 16 && size.iter().all(u8::is_ascii_hexdigit)
}

/// Joins the chunks of a chunked transfer coding; trailers are dropped.
fn dechunk(mut raw: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::with_capacity(raw.len());
    loop {
        let line_end = raw
            .iter()
            .position(|b| *b == b'\n')
            .ok_or("chunked body ends without its last (empty) chunk")?;
        let line = raw[..line_end]
            .strip_suffix(b"\r")
            .unwrap_or(&raw[..line_end]);
        let size_text = String::from_utf8_lossy(line.split(|b| *b == b';').next().unwrap_or(b""));
        let size = usize::from_str_radix(size_text.trim(), 16)
            .map_err(|_| format!("bad chunk size {:?}", size_text.trim()))?;
        raw = &raw[line_end + 1..];
        if size == 0 {
            return Ok(body);
        }
        if raw.len() < size {
            return Err(format!(
                "chunk of {size} bytes cut short at {} bytes",
                raw.len()
            ));
        }
        body.extend_from_slice(&raw[..size]);
        raw = &raw[size..];
        raw = raw
            .strip_prefix(b"\r\n")
            .or_else(|| raw.strip_prefix(b"\n"))
            .unwrap_or(raw);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_joined_and_a_short_chunk_is_an_error() {
        assert_eq!(
            dechunk(b"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n").unwrap(),
            b"hello world"
        );
        assert!(dechunk(b"a\r\nshort").unwrap_err().contains("cut short"));
        assert!(dechunk(b"5\r\nhello\r\n")
            .unwrap_err()
            .contains("last (empty) chunk"));
        assert!(opens_with_chunk_size(b"1f4\r\n<html>"));
        assert!(!opens_with_chunk_size(b"<html><body>"));
    }

    #[test]
    fn http2_status_lines_are_read_and_the_body_offset_is_the_recorded_one() {
        for block in [
            &b"HTTP/2 200\r\ncontent-type: text/html\r\n\r\n<p>x</p>"[..],
            b"HTTP/2.0 200 OK\r\ncontent-type: text/html\r\n\r\n<p>x</p>",
        ] {
            let message = HttpMessage::parse(block).unwrap();
            assert_eq!(message.status, 200);
            assert_eq!(message.headers.get("content-type"), Some("text/html"));
            assert_eq!(&block[message.body_start..], b"<p>x</p>");
        }
    }

    #[test]
    fn folded_header_lines_continue_the_field() {
        let mut headers = Headers::default();
        headers.push_line(b"WARC-Target-URI: http://example.org/");
        headers.push_line(b"X-Note: one");
        headers.push_line(b"  two");
        assert_eq!(headers.get("x-note"), Some("one two"));
        assert_eq!(headers.get("warc-target-uri"), Some("http://example.org/"));
    }
}
