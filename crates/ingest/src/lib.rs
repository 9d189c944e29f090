//! Readers: bytes in, `Document`s out. Knows formats, never claims.
//!
//! Every failure is per input (or per record for JSON Lines and CSV) and
//! names that input, so one bad file never stops a batch.
//!
//! - [`expand`] turns command-line arguments (files, folders, globs, `-`)
//!   into [`Input`]s; [`read`] turns one input into documents.
//! - RSS/Atom feeds give one document per item ([`feed`]), WARC archives
//!   one per archived HTML or text response ([`warc`]).
//! - [`html::extract`] gives the main text, title, byline and date of one
//!   HTML page; [`eval::evaluate`] scores it against hand-made truth.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use contested_core::Document;

mod dates;
mod decode;
pub mod eval;
pub mod feed;
pub mod html;
mod records;
mod text;
mod warc;

pub use dates::parse_date;

/// Which reader to use for an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    JsonLines,
    Csv,
    /// RSS (0.9x, 1.0, 2.0) or Atom: one document per item.
    Feed,
    /// WARC archive, plain or gzip: one document per HTML or text response.
    Warc,
}

impl Format {
    /// The format a file name implies, `None` for names no reader claims.
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let extension = name.rsplit_once('.')?.1;
        match extension {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "csv" => Some(Format::Csv),
            "rss" | "atom" | "xml" => Some(Format::Feed),
            "warc" => Some(Format::Warc),
            _ => None,
        }
    }
}

/// A per-document size limit large enough for any real article (even a
/// bloated page with inline scripts) yet small enough that one stray dump
/// cannot exhaust memory.
pub const DEFAULT_MAX_DOCUMENT_BYTES: u64 = 50 * 1024 * 1024;

/// Field names for record formats (JSON Lines, CSV) and overrides.
#[derive(Debug, Clone)]
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
    /// Largest single document (a file, a JSON line, a CSV row) read, in
    /// bytes. Record files as a whole are streamed and not limited.
    pub max_document_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: None,
            text_field: None,
            title_field: None,
            date_field: None,
            outlet_field: None,
            url_field: None,
            outlet: None,
            max_document_bytes: DEFAULT_MAX_DOCUMENT_BYTES,
        }
    }
}

/// An input named on the command line, after expanding folders and globs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Input {
    Path(std::path::PathBuf),
    Stdin,
}

impl Input {
    /// How documents and errors name this input.
    pub fn origin(&self) -> String {
        match self {
            Input::Path(path) => path.display().to_string(),
            Input::Stdin => "-".to_string(),
        }
    }
}

/// Why an input or a record in it was skipped. Always names the input.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{origin}: {reason}")]
    Unreadable { origin: String, reason: String },
    #[error("{origin}: empty input, no text to read")]
    Empty { origin: String },
    #[error("{origin}: binary data, not text ({what})")]
    Binary { origin: String, what: String },
    #[error(
        "{origin}: not valid UTF-8 (first bad byte at offset {offset}); convert the file to UTF-8"
    )]
    InvalidUtf8 { origin: String, offset: usize },
    #[error(
        "{origin}: too large, at least {size} bytes against a per-document limit of {limit} bytes"
    )]
    TooLarge {
        origin: String,
        size: u64,
        limit: u64,
    },
    #[error("{origin}: no article text found in the page")]
    NoArticle { origin: String },
    #[error("{origin}: {reason}")]
    BadRecord { origin: String, reason: String },
    #[error("{origin}: no {field} column (looked for {tried}); columns are {found}")]
    MissingColumn {
        origin: String,
        field: String,
        tried: String,
        found: String,
    },
}

impl IngestError {
    pub fn origin(&self) -> &str {
        match self {
            IngestError::Unreadable { origin, .. }
            | IngestError::Empty { origin }
            | IngestError::Binary { origin, .. }
            | IngestError::InvalidUtf8 { origin, .. }
            | IngestError::TooLarge { origin, .. }
            | IngestError::NoArticle { origin }
            | IngestError::BadRecord { origin, .. }
            | IngestError::MissingColumn { origin, .. } => origin,
        }
    }

    pub(crate) fn unreadable(origin: &str, reason: impl std::fmt::Display) -> IngestError {
        IngestError::Unreadable {
            origin: origin.to_string(),
            reason: reason.to_string(),
        }
    }
}

/// Expands files, folders (recursively), globs and `-` into inputs.
///
/// Folders contribute only files a reader claims (by extension), so a
/// README.pdf or a .DS_Store beside the articles is not an error. A file
/// named explicitly is always read, whatever its name.
pub fn expand(args: &[String]) -> (Vec<Input>, Vec<IngestError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut push = |input: Input, inputs: &mut Vec<Input>| {
        if seen.insert(input.clone()) {
            inputs.push(input);
        }
    };
    for arg in args {
        if arg == "-" {
            push(Input::Stdin, &mut inputs);
            continue;
        }
        let path = PathBuf::from(arg);
        if path.is_dir() {
            for file in walk_folder(&path, &mut errors) {
                push(Input::Path(file), &mut inputs);
            }
        } else if path.exists() {
            push(Input::Path(path), &mut inputs);
        } else if arg.contains(['*', '?', '[']) {
            match glob::glob(arg) {
                Ok(paths) => {
                    let mut matched = false;
                    for entry in paths {
                        match entry {
                            Ok(found) if found.is_dir() => {
                                matched = true;
                                for file in walk_folder(&found, &mut errors) {
                                    push(Input::Path(file), &mut inputs);
                                }
                            }
                            Ok(found) => {
                                matched = true;
                                push(Input::Path(found), &mut inputs);
                            }
                            Err(e) => errors.push(IngestError::unreadable(arg, e)),
                        }
                    }
                    if !matched {
                        errors.push(IngestError::unreadable(arg, "no file matches this pattern"));
                    }
                }
                Err(e) => errors.push(IngestError::unreadable(arg, format!("bad pattern: {e}"))),
            }
        } else {
            errors.push(IngestError::unreadable(arg, "no such file or folder"));
        }
    }
    (inputs, errors)
}

fn walk_folder(root: &Path, errors: &mut Vec<IngestError>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() && claimed_in_folder(entry.path()) => {
                files.push(entry.into_path())
            }
            Ok(_) => {}
            Err(e) => {
                let origin = e.path().unwrap_or(root).display().to_string();
                errors.push(IngestError::unreadable(&origin, e));
            }
        }
    }
    files
}

/// Whether a file found in a folder is read. `.xml` is claimed only when it
/// holds a feed: a sitemap or a config file beside the articles is not an
/// input, while a feed named by hand is always read.
fn claimed_in_folder(path: &Path) -> bool {
    let Some(format) = Format::from_path(path) else {
        return false;
    };
    let is_xml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"));
    if format != Format::Feed || !is_xml {
        return true;
    }
    let mut head = Vec::with_capacity(4096);
    File::open(path)
        .and_then(|file| file.take(4096).read_to_end(&mut head))
        .is_ok_and(|_| feed::looks_like_feed(&head))
}

/// Reads one input into documents (several for JSON Lines and CSV). Each
/// record that cannot be read is an error of its own; the others still come.
pub fn read(
    input: &Input,
    options: &ReadOptions,
) -> Box<dyn Iterator<Item = Result<Document, IngestError>>> {
    let origin = input.origin();
    match input {
        Input::Stdin => read_stream(Box::new(io::stdin()), &origin, options),
        Input::Path(path) => read_path(path, &origin, options),
    }
}

/// Reads bytes already in memory as [`read`] reads stdin: the format is
/// `options.format` or sniffed from the first bytes (CSV is never sniffed,
/// so it must be forced). For callers that hold a page or a record file
/// without a path: a request body, the fuzz targets.
pub fn read_in_memory(
    bytes: &[u8],
    origin: &str,
    options: &ReadOptions,
) -> Box<dyn Iterator<Item = Result<Document, IngestError>>> {
    read_stream(Box::new(io::Cursor::new(bytes.to_vec())), origin, options)
}

/// Reads an unnamed stream (stdin): record streams are read record by
/// record like files, whatever their total size; anything else is one
/// document under the size limit. The format is sniffed from the first
/// bytes when not forced.
fn read_stream(stream: Box<dyn Read>, origin: &str, options: &ReadOptions) -> Docs {
    let mut reader = io::BufReader::with_capacity(1 << 16, stream);
    let format = match options.format {
        Some(format) => format,
        None => match io::BufRead::fill_buf(&mut reader) {
            Ok([]) => {
                return single(Err(IngestError::Empty {
                    origin: origin.to_string(),
                }))
            }
            Ok(head) => sniff_format(head),
            Err(e) => return single(Err(IngestError::unreadable(origin, e))),
        },
    };
    if matches!(format, Format::JsonLines | Format::Csv) {
        return records::read(Box::new(reader), format, origin, options);
    }
    if format == Format::Warc {
        return Box::new(warc::read(Box::new(reader), origin, options));
    }
    match read_limited(reader, origin, options.max_document_bytes) {
        Ok(bytes) => read_bytes(bytes, format, origin, options),
        Err(e) => single(Err(e)),
    }
}

type Docs = Box<dyn Iterator<Item = Result<Document, IngestError>>>;

fn read_path(
    path: &Path,
    origin: &str,
    options: &ReadOptions,
) -> Box<dyn Iterator<Item = Result<Document, IngestError>>> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) => return single(Err(IngestError::unreadable(origin, e))),
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let is_gzip = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    let format = options.format.or_else(|| Format::from_path(path));
    if let Some(format @ (Format::JsonLines | Format::Csv)) = format {
        if size == 0 {
            return single(Err(IngestError::Empty {
                origin: origin.to_string(),
            }));
        }
        let reader: Box<dyn Read> = if is_gzip {
            Box::new(flate2::read::MultiGzDecoder::new(file))
        } else {
            Box::new(file)
        };
        return records::read(reader, format, origin, options);
    }
    if format == Some(Format::Warc) {
        if size == 0 {
            return single(Err(IngestError::Empty {
                origin: origin.to_string(),
            }));
        }
        // Streamed like record files; the reader undoes gzip itself, since
        // archives are gzipped record by record whatever their name says.
        return Box::new(warc::read(Box::new(file), origin, options));
    }
    if !is_gzip && size > options.max_document_bytes {
        return single(Err(IngestError::TooLarge {
            origin: origin.to_string(),
            size,
            limit: options.max_document_bytes,
        }));
    }
    let bytes = if is_gzip {
        let mut head = [0u8; 2];
        let mut probe = &file;
        if probe.read_exact(&mut head).is_err() || head != [0x1f, 0x8b] {
            if size == 0 {
                return single(Err(IngestError::Empty {
                    origin: origin.to_string(),
                }));
            }
            return single(Err(IngestError::unreadable(
                origin,
                "named .gz but not gzip data",
            )));
        }
        let file = match File::open(path) {
            Ok(file) => file,
            Err(e) => return single(Err(IngestError::unreadable(origin, e))),
        };
        read_limited(
            flate2::read::MultiGzDecoder::new(file),
            origin,
            options.max_document_bytes,
        )
    } else {
        read_limited(file, origin, options.max_document_bytes)
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(e) => return single(Err(e)),
    };
    let format = format.unwrap_or_else(|| sniff_format(&bytes));
    read_bytes(bytes, format, origin, options)
}

fn read_bytes(
    bytes: Vec<u8>,
    format: Format,
    origin: &str,
    options: &ReadOptions,
) -> Box<dyn Iterator<Item = Result<Document, IngestError>>> {
    match format {
        Format::JsonLines | Format::Csv => {
            records::read(Box::new(io::Cursor::new(bytes)), format, origin, options)
        }
        Format::Html => single(read_html(&bytes, origin, options)),
        Format::Feed => Box::new(feed::read(&bytes, origin, options).into_iter()),
        Format::Warc => Box::new(warc::read(
            Box::new(io::Cursor::new(bytes)),
            origin,
            options,
        )),
        Format::Text | Format::Markdown => {
            if bytes.len() as u64 > options.max_document_bytes {
                return single(Err(IngestError::TooLarge {
                    origin: origin.to_string(),
                    size: bytes.len() as u64,
                    limit: options.max_document_bytes,
                }));
            }
            single(text::read(
                &bytes,
                format == Format::Markdown,
                origin,
                options,
            ))
        }
    }
}

fn read_html(bytes: &[u8], origin: &str, options: &ReadOptions) -> Result<Document, IngestError> {
    let extracted = html::extract_named(bytes, None, origin)?;
    let outlet = options
        .outlet
        .clone()
        .or_else(|| extracted.url.as_deref().and_then(outlet_from_url));
    Ok(Document::new(
        extracted.text,
        extracted.title,
        outlet,
        extracted.url,
        extracted.published,
        origin.to_string(),
    ))
}

/// Reads at most `limit` bytes; one byte more means the input is too large,
/// which is told without reading the rest.
fn read_limited(reader: impl Read, origin: &str, limit: u64) -> Result<Vec<u8>, IngestError> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| IngestError::unreadable(origin, e))?;
    if bytes.len() as u64 > limit {
        return Err(IngestError::TooLarge {
            origin: origin.to_string(),
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Guesses the format of unnamed bytes (stdin, unknown extensions).
fn sniff_format(bytes: &[u8]) -> Format {
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(bytes);
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let body = &body[start..];
    if body.starts_with(b"WARC/") {
        return Format::Warc;
    }
    if body.starts_with(b"<") {
        if feed::looks_like_feed(body) {
            return Format::Feed;
        }
        return Format::Html;
    }
    if body.starts_with(b"{") {
        let first_line = body.split(|&b| b == b'\n').next().unwrap_or(body);
        if serde_json::from_slice::<serde_json::Value>(first_line).is_ok() {
            return Format::JsonLines;
        }
    }
    if body.starts_with(b"---") {
        return Format::Markdown;
    }
    Format::Text
}

fn single(
    item: Result<Document, IngestError>,
) -> Box<dyn Iterator<Item = Result<Document, IngestError>>> {
    Box::new(std::iter::once(item))
}

/// The outlet a URL implies: its host without `www.`.
pub fn outlet_from_url(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty()).then(|| host.to_string())
}

/// Replaces CRLF and lone CR line ends with LF, so spans mean the same
/// whatever system wrote the file.
pub(crate) fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(bytes: &'static [u8]) -> Vec<Result<Document, IngestError>> {
        read_stream(Box::new(bytes), "-", &ReadOptions::default()).collect()
    }

    #[test]
    fn stdin_format_is_sniffed_from_the_first_bytes() {
        let docs = stream(b"{\"text\":\"one\"}\n{\"text\":\"two\"}\n");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].as_ref().unwrap().origin, "-#line 2");
        let page = stream(b"\n <html><body><article><p>A page read from standard input, long enough to be an article for the extractor.</p></article></body></html>");
        assert!(page[0]
            .as_ref()
            .unwrap()
            .text
            .starts_with("A page read from standard input"));
        let text = stream(b"Plain words.\n");
        assert_eq!(text[0].as_ref().unwrap().text, "Plain words.\n");
        assert!(matches!(stream(b"")[0], Err(IngestError::Empty { .. })));
    }

    #[test]
    fn in_memory_csv_is_read_row_by_row_when_forced() {
        let options = ReadOptions {
            format: Some(Format::Csv),
            ..Default::default()
        };
        let bytes = b"title,text\nFirst,One row of text.\nSecond,\nThird,Another row.\n";
        let docs: Vec<_> = read_in_memory(bytes, "memory", &options).collect();
        assert_eq!(docs.len(), 3);
        let first = docs[0].as_ref().unwrap();
        assert_eq!(first.text, "One row of text.");
        assert_eq!(first.title.as_deref(), Some("First"));
        assert_eq!(first.origin, "memory#row 1");
        assert!(matches!(docs[1], Err(IngestError::Empty { .. })));
        assert_eq!(docs[2].as_ref().unwrap().text, "Another row.");
        // Unforced, the same bytes are plain text: CSV is never guessed.
        let unforced: Vec<_> = read_in_memory(bytes, "memory", &ReadOptions::default()).collect();
        assert_eq!(unforced.len(), 1);
        assert!(unforced[0].as_ref().unwrap().text.starts_with("title,text\n"));
    }

    #[test]
    fn stdin_document_over_the_limit_is_refused() {
        let options = ReadOptions {
            max_document_bytes: 10,
            ..Default::default()
        };
        let results: Vec<_> =
            read_stream(Box::new(&b"Twenty bytes of text"[..]), "-", &options).collect();
        assert!(
            matches!(results[0], Err(IngestError::TooLarge { limit: 10, .. })),
            "{results:?}"
        );
    }
}
