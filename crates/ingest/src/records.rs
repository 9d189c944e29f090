//! Record files: JSON Lines and CSV, streamed one record at a time so a
//! file of any size reads in constant memory.

use std::io::{BufRead, BufReader, Read};

use contested_core::Document;

use crate::{normalize_newlines, outlet_from_url, parse_date, Format, IngestError, ReadOptions};

type Docs = Box<dyn Iterator<Item = Result<Document, IngestError>>>;

const TEXT_FIELDS: &[&str] = &["text", "article_content", "content", "body"];
const TITLE_FIELDS: &[&str] = &["title", "article_title", "headline"];
const DATE_FIELDS: &[&str] = &["date", "published"];
const OUTLET_FIELDS: &[&str] = &["source", "outlet"];
const URL_FIELDS: &[&str] = &["url", "link"];

/// The names to look for, in order: the user's choice alone, else defaults.
struct FieldNames {
    text: Vec<String>,
    title: Vec<String>,
    date: Vec<String>,
    outlet: Vec<String>,
    url: Vec<String>,
}

impl FieldNames {
    fn new(options: &ReadOptions) -> FieldNames {
        let pick = |chosen: &Option<String>, defaults: &[&str]| match chosen {
            Some(name) => vec![name.clone()],
            None => defaults.iter().map(|s| s.to_string()).collect(),
        };
        FieldNames {
            text: pick(&options.text_field, TEXT_FIELDS),
            title: pick(&options.title_field, TITLE_FIELDS),
            date: pick(&options.date_field, DATE_FIELDS),
            outlet: pick(&options.outlet_field, OUTLET_FIELDS),
            url: pick(&options.url_field, URL_FIELDS),
        }
    }
}

/// The fields of one record, already looked up.
struct Fields {
    text: String,
    title: Option<String>,
    date: Option<String>,
    outlet: Option<String>,
    url: Option<String>,
}

fn build(fields: Fields, origin: String, options: &ReadOptions) -> Result<Document, IngestError> {
    let text = normalize_newlines(fields.text);
    if text.trim().is_empty() {
        return Err(IngestError::Empty { origin });
    }
    let nonblank = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let url = nonblank(fields.url);
    let outlet = options
        .outlet
        .clone()
        .or_else(|| nonblank(fields.outlet))
        .or_else(|| url.as_deref().and_then(outlet_from_url));
    let published = fields.date.as_deref().and_then(parse_date);
    Ok(Document::new(
        text,
        nonblank(fields.title),
        outlet,
        url,
        published,
        origin,
    ))
}

pub(crate) fn read(
    reader: Box<dyn Read>,
    format: Format,
    origin: &str,
    options: &ReadOptions,
) -> Docs {
    match format {
        Format::Csv => read_csv(reader, origin, options),
        _ => Box::new(JsonLines {
            reader: BufReader::with_capacity(1 << 16, reader),
            origin: origin.to_string(),
            names: FieldNames::new(options),
            options: options.clone(),
            line: 0,
            any_record: false,
            done: false,
        }),
    }
}

struct JsonLines {
    reader: BufReader<Box<dyn Read>>,
    origin: String,
    names: FieldNames,
    options: ReadOptions,
    line: usize,
    any_record: bool,
    done: bool,
}

/// What reading one line found.
enum Line {
    Eof,
    Text(Vec<u8>),
    /// Longer than the limit; the rest of it was skipped unread into memory.
    TooLong(u64),
}

/// Reads one line of at most `limit` bytes without ever holding more than
/// that in memory.
fn read_line_limited(reader: &mut impl BufRead, limit: u64) -> std::io::Result<Line> {
    let mut line = Vec::new();
    let mut total: u64 = 0;
    let mut any = false;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            break;
        }
        any = true;
        let (chunk, found_end) = match memchr::memchr(b'\n', buffer) {
            Some(i) => (&buffer[..i], true),
            None => (buffer, false),
        };
        total += chunk.len() as u64;
        if total <= limit {
            line.extend_from_slice(chunk);
        }
        let consumed = chunk.len() + usize::from(found_end);
        reader.consume(consumed);
        if found_end {
            break;
        }
    }
    if !any {
        return Ok(Line::Eof);
    }
    if total > limit {
        return Ok(Line::TooLong(total));
    }
    Ok(Line::Text(line))
}

impl Iterator for JsonLines {
    type Item = Result<Document, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.line += 1;
            let origin = format!("{}#line {}", self.origin, self.line);
            let bytes = match read_line_limited(&mut self.reader, self.options.max_document_bytes) {
                Ok(Line::Eof) => {
                    self.done = true;
                    if !self.any_record {
                        return Some(Err(IngestError::Empty {
                            origin: self.origin.clone(),
                        }));
                    }
                    return None;
                }
                Ok(Line::TooLong(size)) => {
                    self.any_record = true;
                    return Some(Err(IngestError::TooLarge {
                        origin,
                        size,
                        limit: self.options.max_document_bytes,
                    }));
                }
                Ok(Line::Text(bytes)) => bytes,
                Err(e) => {
                    self.done = true;
                    return Some(Err(IngestError::unreadable(&origin, e)));
                }
            };
            let bytes = if self.line == 1 {
                bytes
                    .strip_prefix(b"\xEF\xBB\xBF")
                    .unwrap_or(&bytes)
                    .to_vec()
            } else {
                bytes
            };
            if bytes.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            self.any_record = true;
            return Some(self.record(&bytes, origin));
        }
        None
    }
}

impl JsonLines {
    fn record(&self, bytes: &[u8], origin: String) -> Result<Document, IngestError> {
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| IngestError::BadRecord {
                origin: origin.clone(),
                reason: format!("not JSON: {e}"),
            })?;
        let object = value.as_object().ok_or_else(|| IngestError::BadRecord {
            origin: origin.clone(),
            reason: "not a JSON object".to_string(),
        })?;
        let lookup = |names: &[String]| {
            names.iter().find_map(|name| match object.get(name) {
                Some(serde_json::Value::String(s)) => Some(s.clone()),
                Some(serde_json::Value::Number(n)) => Some(n.to_string()),
                _ => None,
            })
        };
        let text = lookup(&self.names.text).ok_or_else(|| IngestError::BadRecord {
            origin: origin.clone(),
            reason: format!("no text field (looked for {})", self.names.text.join(", ")),
        })?;
        let fields = Fields {
            text,
            title: lookup(&self.names.title),
            date: lookup(&self.names.date),
            outlet: lookup(&self.names.outlet),
            url: lookup(&self.names.url),
        };
        build(fields, origin, &self.options)
    }
}

fn read_csv(reader: Box<dyn Read>, origin: &str, options: &ReadOptions) -> Docs {
    let mut csv_reader = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let headers = match csv_reader.byte_headers() {
        Ok(headers) => headers.clone(),
        Err(e) => return Box::new(std::iter::once(Err(IngestError::unreadable(origin, e)))),
    };
    if headers.is_empty() || headers.iter().all(|h| h.is_empty()) {
        return Box::new(std::iter::once(Err(IngestError::Empty {
            origin: origin.to_string(),
        })));
    }
    let header_names: Vec<String> = headers
        .iter()
        .map(|h| {
            String::from_utf8_lossy(h)
                .trim()
                .trim_start_matches('\u{feff}')
                .to_string()
        })
        .collect();
    let names = FieldNames::new(options);
    let column = |wanted: &[String]| {
        wanted.iter().find_map(|name| {
            header_names
                .iter()
                .position(|h| h.eq_ignore_ascii_case(name))
        })
    };
    let Some(text_column) = column(&names.text) else {
        return Box::new(std::iter::once(Err(IngestError::MissingColumn {
            origin: origin.to_string(),
            field: "text".to_string(),
            tried: names.text.join(", "),
            found: header_names.join(", "),
        })));
    };
    let title_column = column(&names.title);
    let date_column = column(&names.date);
    let outlet_column = column(&names.outlet);
    let url_column = column(&names.url);
    let origin = origin.to_string();
    let options = options.clone();
    let mut row = 0usize;
    Box::new(csv_reader.into_byte_records().map(move |record| {
        row += 1;
        let row_origin = format!("{origin}#row {row}");
        let record = record.map_err(|e| IngestError::BadRecord {
            origin: row_origin.clone(),
            reason: e.to_string(),
        })?;
        let size = record.as_slice().len() as u64;
        if size > options.max_document_bytes {
            return Err(IngestError::TooLarge {
                origin: row_origin,
                size,
                limit: options.max_document_bytes,
            });
        }
        let get = |column: Option<usize>| -> Result<Option<String>, IngestError> {
            let Some(bytes) = column.and_then(|c| record.get(c)) else {
                return Ok(None);
            };
            match std::str::from_utf8(bytes) {
                Ok(s) => Ok(Some(s.to_string())),
                Err(e) => Err(IngestError::InvalidUtf8 {
                    origin: row_origin.clone(),
                    offset: e.valid_up_to(),
                }),
            }
        };
        let text = get(Some(text_column))?.ok_or_else(|| IngestError::BadRecord {
            origin: row_origin.clone(),
            reason: format!(
                "row is too short to have the text column {:?}",
                header_names[text_column]
            ),
        })?;
        let fields = Fields {
            text,
            title: get(title_column)?,
            date: get(date_column)?,
            outlet: get(outlet_column)?,
            url: get(url_column)?,
        };
        build(fields, row_origin.clone(), &options)
    }))
}
