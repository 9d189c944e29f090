//! Scoring against the Microsoft Recognizers-Text English specs
//! (`../shared/data/recognizers/Specs`, MIT, see SOURCES.md there).
//!
//! Every score is span-and-value: a found item counts only when its span
//! (in UTF-16 units, as the specs count) and its value both match an expected
//! result. Precision, recall and F1 are over items, per file.
//!
//! Files scored and how their values map onto ours:
//! - `Number/English/NumberModel.json`: [`crate::find_numbers`] without
//!   ordinals; value within 1e-6 relative.
//! - `Number/English/NumberRangeModel.json`: [`crate::find_ranges`] with a
//!   bound ("more than", "between", "10-15"); the span runs from the
//!   qualifier to the last number; the interval's end values must match and
//!   open ends must be open. Bracket types are not compared: the specs close
//!   "between 20 and 30" as [20,30) where we keep both written bounds.
//! - `Number/English/PercentModel.json`: quantities in percent.
//! - `NumberWithUnit/English/DimensionModel.json`, length and area cases
//!   only (cases with a Length or Area result, plus negative cases): our
//!   length and area quantities, the expected value converted to km / km².
//! - `DateTime/English/Date{,Period}{Extractor,Parser}.json`, news cases only
//!   (see [`is_news_case`]): extractors by span, parsers by span and by the
//!   past or future resolution. A range of two bare years is compared with
//!   its end moved back a year: the specs end "2014-2018" on 2018-01-01,
//!   we include 2018 as a reader does.
//!
//! Cases marked `NotSupported`/`NotSupportedByDesign` for dotnet are
//! skipped, as upstream does.

use std::fmt;
use std::path::{Path, PathBuf};

use contested_core::{Precision, Qualifier, Unit};
use serde_json::Value;

use crate::NumberKind;

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path} is not a spec file: {source}")]
    Json { path: PathBuf, source: serde_json::Error },
    #[error("{path} does not look like a Recognizers-Text spec folder (no Number/English)")]
    NotSpecs { path: PathBuf },
}

/// The score of one spec file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileScore {
    /// Path relative to the spec folder: `Number/English/NumberModel.json`.
    pub file: String,
    /// What was scored: `number`, `numberrange`, `percent`, `dimension`,
    /// `date-extractor`, `date-parser`.
    pub model: &'static str,
    pub cases: usize,
    pub skipped: usize,
    pub expected: usize,
    pub found: usize,
    pub matched: usize,
}

impl FileScore {
    pub fn precision(&self) -> f64 {
        if self.found == 0 {
            if self.expected == 0 { 1.0 } else { 0.0 }
        } else {
            self.matched as f64 / self.found as f64
        }
    }

    pub fn recall(&self) -> f64 {
        if self.expected == 0 { 1.0 } else { self.matched as f64 / self.expected as f64 }
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct EvalReport {
    pub files: Vec<FileScore>,
}

impl EvalReport {
    /// The score of a file by its relative path or its file name.
    pub fn file(&self, name: &str) -> Option<&FileScore> {
        self.files.iter().find(|f| f.file == name || f.file.ends_with(&format!("/{name}")))
    }

    /// F1 of a file by its relative path or file name.
    pub fn f1(&self, name: &str) -> Option<f64> {
        self.file(name).map(FileScore::f1)
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<52} {:<15} {:>6} {:>7} {:>9} {:>6} {:>6}",
            "file", "model", "scored", "skipped", "precision", "recall", "F1"
        )?;
        for s in &self.files {
            writeln!(
                f,
                "{:<52} {:<15} {:>6} {:>7} {:>9.3} {:>6.3} {:>6.3}",
                s.file,
                s.model,
                s.cases,
                s.skipped,
                s.precision(),
                s.recall(),
                s.f1()
            )?;
        }
        Ok(())
    }
}

/// A found or expected item: span in UTF-16 units and a comparable value.
#[derive(Debug, Clone, PartialEq)]
struct Item {
    start: usize,
    end: usize,
    value: ItemValue,
}

#[derive(Debug, Clone, PartialEq)]
enum ItemValue {
    Number(f64),
    /// Low and high bounds, `None` when open.
    Range(Option<f64>, Option<f64>),
    /// Extractors compare spans only.
    Any,
    /// Candidate day intervals [start, end) in days since the epoch (a parser
    /// lists a past and a future reading; matching either counts).
    Days(Vec<(i64, i64)>),
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1e-9)
}

fn opt_close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => close(a, b),
        (None, None) => true,
        _ => false,
    }
}

fn values_match(found: &ItemValue, expected: &ItemValue) -> bool {
    match (found, expected) {
        (_, ItemValue::Any) => true,
        (ItemValue::Number(a), ItemValue::Number(b)) => close(*a, *b),
        (ItemValue::Range(a1, a2), ItemValue::Range(b1, b2)) => opt_close(*a1, *b1) && opt_close(*a2, *b2),
        (ItemValue::Days(ours), ItemValue::Days(theirs)) => {
            ours.iter().any(|o| theirs.iter().any(|t| o == t))
        }
        _ => false,
    }
}

/// Counts matches greedily: each expected item takes the first unused found
/// item with the same span and a matching value.
fn score(found: &[Item], expected: &[Item]) -> usize {
    let mut used = vec![false; found.len()];
    let mut matched = 0;
    for e in expected {
        if let Some(k) = (0..found.len())
            .find(|&k| !used[k] && found[k].start == e.start && found[k].end == e.end && values_match(&found[k].value, &e.value))
        {
            used[k] = true;
            matched += 1;
        }
    }
    matched
}

/// Byte offset to UTF-16 offset.
fn utf16_at(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].chars().map(char::len_utf16).sum()
}

fn load(path: &Path) -> Result<Vec<Value>, EvalError> {
    let raw = std::fs::read_to_string(path).map_err(|source| EvalError::Io { path: path.to_path_buf(), source })?;
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(&raw);
    let v: Value = serde_json::from_str(raw).map_err(|source| EvalError::Json { path: path.to_path_buf(), source })?;
    Ok(v.as_array().cloned().unwrap_or_default())
}

fn skipped_upstream(case: &Value) -> bool {
    ["NotSupported", "NotSupportedByDesign"]
        .iter()
        .any(|k| case.get(*k).and_then(Value::as_str).is_some_and(|s| s.to_ascii_lowercase().contains("dotnet")))
}

fn input(case: &Value) -> &str {
    case.get("Input").and_then(Value::as_str).unwrap_or("")
}

fn results(case: &Value) -> &[Value] {
    case.get("Results").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// Start and exclusive end of a model result (its `End` is inclusive).
fn model_span(r: &Value) -> Option<(usize, usize)> {
    let s = r.get("Start")?.as_u64()? as usize;
    let e = r.get("End")?.as_u64()? as usize;
    Some((s, e + 1))
}

fn extractor_span(r: &Value) -> Option<(usize, usize)> {
    let s = r.get("Start")?.as_u64()? as usize;
    let l = r.get("Length")?.as_u64()? as usize;
    Some((s, s + l))
}

fn resolution_str<'v>(r: &'v Value, key: &str) -> Option<&'v str> {
    r.get("Resolution")?.get(key)?.as_str()
}

/// "(30,)", "[20,30)", "[20,20]" → bounds.
fn parse_interval(s: &str) -> Option<(Option<f64>, Option<f64>)> {
    let inner = s.get(1..s.len().checked_sub(1)?)?;
    let (a, b) = inner.split_once(',')?;
    let p = |x: &str| if x.trim().is_empty() { Ok(None) } else { x.trim().parse::<f64>().map(Some) };
    Some((p(a).ok()?, p(b).ok()?))
}

/// Where `evaluate_traced` sends imperfect cases: a file filter and a sink.
type Trace = Option<(String, Box<dyn FnMut(&str)>)>;

thread_local! {
    static TRACE: std::cell::RefCell<Trace> = const { std::cell::RefCell::new(None) };
}

fn trace_line(rel: &str, line: impl FnOnce() -> String) {
    TRACE.with(|t| {
        if let Some((filter, sink)) = t.borrow_mut().as_mut() {
            if rel.contains(filter.as_str()) {
                sink(&line());
            }
        }
    });
}

fn run<F>(specs: &Path, rel: &str, model: &'static str, mut per_case: F) -> Result<FileScore, EvalError>
where
    F: FnMut(&Value) -> Option<(Vec<Item>, Vec<Item>)>,
{
    let cases = load(&specs.join(rel))?;
    let mut s = FileScore { file: rel.to_string(), model, cases: 0, skipped: 0, expected: 0, found: 0, matched: 0 };
    for case in &cases {
        if skipped_upstream(case) {
            s.skipped += 1;
            continue;
        }
        match per_case(case) {
            Some((found, expected)) => {
                s.cases += 1;
                let m = score(&found, &expected);
                if m != found.len() || m != expected.len() {
                    trace_line(rel, || format!("{:?}\n  found    {:?}\n  expected {:?}", input(case), found, expected));
                }
                s.matched += m;
                s.found += found.len();
                s.expected += expected.len();
            }
            None => s.skipped += 1,
        }
    }
    Ok(s)
}

fn number_file(specs: &Path) -> Result<FileScore, EvalError> {
    run(specs, "Number/English/NumberModel.json", "number", |case| {
        let text = input(case);
        let found = crate::find_numbers(text)
            .into_iter()
            .filter(|n| n.kind != NumberKind::Ordinal)
            .map(|n| Item { start: utf16_at(text, n.span.start), end: utf16_at(text, n.span.end), value: ItemValue::Number(n.value) })
            .collect();
        let expected = results(case)
            .iter()
            .filter_map(|r| {
                let (start, end) = model_span(r)?;
                let v = resolution_str(r, "value")?.parse::<f64>().ok()?;
                Some(Item { start, end, value: ItemValue::Number(v) })
            })
            .collect();
        Some((found, expected))
    })
}

fn range_file(specs: &Path) -> Result<FileScore, EvalError> {
    run(specs, "Number/English/NumberRangeModel.json", "numberrange", |case| {
        let text = input(case);
        let found = crate::find_ranges(text)
            .into_iter()
            .filter(|q| !matches!(q.qualifier, Qualifier::Exact | Qualifier::Approximate | Qualifier::Vague))
            .map(|q| Item {
                start: utf16_at(text, q.span.start),
                end: utf16_at(text, if q.unit == Unit::Number { q.span.end } else { q.number_span.end }),
                value: ItemValue::Range(q.low, q.high),
            })
            .collect();
        let expected = results(case)
            .iter()
            .filter_map(|r| {
                let (start, end) = model_span(r)?;
                let (lo, hi) = parse_interval(resolution_str(r, "value")?)?;
                Some(Item { start, end, value: ItemValue::Range(lo, hi) })
            })
            .collect();
        Some((found, expected))
    })
}

fn percent_file(specs: &Path) -> Result<FileScore, EvalError> {
    run(specs, "Number/English/PercentModel.json", "percent", |case| {
        let text = input(case);
        let r = crate::recognize(text, None);
        let found = r
            .quantities
            .iter()
            .filter(|q| q.unit == Unit::Percent)
            .map(|q| Item {
                start: utf16_at(text, q.span.start),
                end: utf16_at(text, q.span.end),
                value: ItemValue::Number(q.low.or(q.high).unwrap_or(f64::NAN)),
            })
            .collect();
        let expected = results(case)
            .iter()
            .filter_map(|r| {
                let (start, end) = model_span(r)?;
                let v = resolution_str(r, "value")?.trim_end_matches('%').parse::<f64>().ok()?;
                Some(Item { start, end, value: ItemValue::Number(v) })
            })
            .collect();
        Some((found, expected))
    })
}

fn dimension_km(unit: &str) -> Option<(f64, bool)> {
    // (factor to km or km², is area)
    Some(match unit {
        "Kilometer" => (1.0, false),
        "Meter" => (1e-3, false),
        "Decimeter" => (1e-4, false),
        "Centimeter" => (1e-5, false),
        "Millimeter" => (1e-6, false),
        "Picometer" => (1e-15, false),
        "Mile" => (1.609_344, false),
        "Foot" => (0.000_304_8, false),
        "Inch" => (0.000_025_4, false),
        "Yard" => (0.000_914_4, false),
        "Square kilometer" => (1.0, true),
        "Square meter" => (1e-6, true),
        "Square mile" => (2.589_988_110_336, true),
        "Acre" => (0.004_046_856_422_4, true),
        "Hectare" => (0.01, true),
        _ => return None,
    })
}

fn dimension_file(specs: &Path) -> Result<FileScore, EvalError> {
    run(specs, "NumberWithUnit/English/DimensionModel.json", "dimension", |case| {
        let text = input(case);
        let res = results(case);
        let relevant: Vec<&Value> = res
            .iter()
            .filter(|r| matches!(resolution_str(r, "subtype"), Some("Length" | "Area")))
            .collect();
        if relevant.is_empty() && !res.is_empty() {
            return None;
        }
        let r = crate::recognize(text, None);
        // The specs' dimension spans leave out qualifiers ("about").
        let found = r
            .quantities
            .iter()
            .filter(|q| matches!(q.unit, Unit::Length | Unit::Area))
            .map(|q| Item {
                start: utf16_at(text, q.number_span.start),
                end: utf16_at(text, q.span.end),
                value: ItemValue::Number(q.low.or(q.high).unwrap_or(f64::NAN)),
            })
            .collect();
        let expected = relevant
            .iter()
            .filter_map(|r| {
                let (start, end) = model_span(r)?;
                let v = resolution_str(r, "value").and_then(|v| v.parse::<f64>().ok());
                let (factor, _) = dimension_km(resolution_str(r, "unit")?).unwrap_or((f64::NAN, false));
                Some(Item { start, end, value: ItemValue::Number(v.map_or(f64::NAN, |v| v * factor)) })
            })
            .collect();
        Some((found, expected))
    })
}

const MONTH_WORDS: &[&str] = &[
    "january", "jan", "february", "feb", "march", "mar", "april", "apr", "may", "june", "jun", "july", "jul",
    "august", "aug", "september", "sept", "sep", "october", "oct", "november", "nov", "december", "dec",
];

const NEWS_DATE_WORDS: &[&str] = &[
    "the", "of", "in", "on", "since", "between", "from", "to", "and", "until", "till", "through", "early", "mid",
    "middle", "late", "end", "beginning", "start", "last", "this", "past", "week", "month", "year", "yesterday",
    "today", "ago", "day", "days", "weeks", "months", "years", "a", "st", "nd", "rd", "th", "s", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten",
];

/// Whether a date case is about how news writes dates. A case counts when
/// every expected expression is made only of month names, digits, years and
/// the words reporting uses around them ("early", "mid", "since", "last
/// week", "two days ago", weekdays); and for a negative case, when its input
/// reads like prose rather than a chat request. Numeric dates with slashes
/// or dots ("4/22", "2015.5.13") are left out: news spells months out, and
/// their day/month order is ambiguous. Scheduling phrases ("the day after
/// tomorrow", "next week on friday", "the first friday of july") fail the
/// vocabulary test and are skipped.
pub fn is_news_case(input: &str, expected_texts: &[&str]) -> bool {
    let lower_in = input.to_ascii_lowercase();
    let chat = ["i'll", "cortana", "meeting", "schedule", "book me", "set up", "appointment", "remind", "ooo", "?"];
    if expected_texts.is_empty() {
        return !chat.iter().any(|c| lower_in.contains(c));
    }
    expected_texts.iter().all(|t| {
        let lower = t.to_ascii_lowercase();
        let b = lower.as_bytes();
        for (k, &ch) in b.iter().enumerate() {
            let digit_before = k > 0 && b[k - 1].is_ascii_digit();
            let digit_after = b.get(k + 1).is_some_and(u8::is_ascii_digit);
            let alpha_before = k > 0 && b[k - 1].is_ascii_alphabetic();
            let alpha_after = b.get(k + 1).is_some_and(u8::is_ascii_alphabetic);
            // "4/22", "2015.5.13", "9-18-15", "21-04-2016": numeric dates.
            if matches!(ch, b'/' | b'.') && digit_before && digit_after {
                return false;
            }
            if ch == b'-' && digit_before && digit_after {
                let left = lower[..k].rsplit(|c: char| !c.is_ascii_digit()).next().unwrap_or("");
                let right = lower[k + 1..].split(|c: char| !c.is_ascii_digit()).next().unwrap_or("");
                if !(left.len() == 4 && (right.len() == 4 || right.len() == 2)) && left.len() <= 2 || right.len() == 1 {
                    return false;
                }
            }
            // "jan-1", "oct/2", "1-jan": a month glued to a day by a sign.
            if matches!(ch, b'-' | b'/') && ((alpha_before && digit_after) || (digit_before && alpha_after)) {
                return false;
            }
        }
        // "11 - 2016", "2016 / 11": numbers only, other than a range of years.
        if !b.iter().any(u8::is_ascii_alphabetic) {
            let numbers: Vec<&str> = lower.split(|c: char| !c.is_ascii_digit()).filter(|w| !w.is_empty()).collect();
            if numbers.len() > 1 && !numbers.iter().all(|n| n.len() == 4) {
                return false;
            }
        }
        // "october2", "22april": digits glued to a month name.
        let glued = lower.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
            let has_digit = w.bytes().any(|c| c.is_ascii_digit());
            let letters: String = w.chars().filter(char::is_ascii_alphabetic).collect();
            has_digit && MONTH_WORDS.contains(&letters.as_str())
        });
        if glued {
            return false;
        }
        // "week 31", "year 247", "the week of the 18th", "the week beginning
        // february 4": numbered weeks and week-of requests are scheduling talk.
        let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
        for pair in words.windows(2) {
            let numbered = matches!(pair[0], "week" | "year") && pair[1].bytes().all(|c| c.is_ascii_digit());
            let week_of = pair[0] == "week" && matches!(pair[1], "of" | "beginning" | "starting");
            if (numbered || week_of) && !(pair[0] == "week" && words.first() == Some(&"last")) {
                return false;
            }
        }
        // "this week friday": a week and a weekday is scheduling talk.
        let has_weekday = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].iter().any(|d| lower.contains(d));
        if has_weekday && lower.contains("week") {
            return false;
        }
        let mut has_anchor = false;
        for word in lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
            if word.bytes().all(|c| c.is_ascii_digit()) {
                // A four-digit year anchors; a bare day number does not.
                has_anchor |= word.len() == 4;
                continue;
            }
            // "22nd", "1990s"
            let stripped = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            if !stripped.is_empty() && stripped.bytes().all(|c| c.is_ascii_digit()) && matches!(&word[stripped.len()..], "st" | "nd" | "rd" | "th" | "s") {
                has_anchor |= word.ends_with('s');
                continue;
            }
            if MONTH_WORDS.contains(&word)
                || matches!(word, "yesterday" | "today" | "ago" | "week" | "month" | "year" | "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday")
            {
                has_anchor = true;
                continue;
            }
            if !NEWS_DATE_WORDS.contains(&word) {
                return false;
            }
        }
        has_anchor
    })
}

fn reference_of(case: &Value) -> Option<jiff::Timestamp> {
    let s = case.get("Context")?.get("ReferenceDateTime")?.as_str()?;
    // "2016-11-07T00:00:00", read as UTC.
    let day = day_number(s)?;
    let clock: Vec<i64> = s.get(11..)?.split(':').filter_map(|p| p.parse().ok()).collect();
    let secs = clock.first().unwrap_or(&0) * 3600 + clock.get(1).unwrap_or(&0) * 60 + clock.get(2).unwrap_or(&0);
    jiff::Timestamp::from_second(day * 86_400 + secs).ok()
}

fn day_number(s: &str) -> Option<i64> {
    let d: jiff::civil::Date = s.get(..10)?.parse().ok()?;
    Some(crate::civil::days_from_civil(i64::from(d.year()), d.month() as u32, d.day() as u32))
}

/// The specs end a two-ended range on the first day of its last named unit
/// ("2014-2018" ends 2018-01-01, "4 to 22" ends on the 22nd); we include that
/// last unit, as a reader does. The unit is read from the text after the
/// last joiner: a day number moves the end a day, a month name a month, a
/// bare year a year.
fn expected_days(value: &Value, text: &str) -> Vec<(i64, i64)> {
    let timex = value.get("Timex").and_then(Value::as_str).unwrap_or("");
    let shift = if timex.starts_with('(') { last_end_unit(text) } else { None };
    let mut out = Vec::new();
    for key in ["PastResolution", "FutureResolution"] {
        let Some(r) = value.get(key) else { continue };
        if let Some(d) = r.get("date").and_then(Value::as_str).and_then(day_number) {
            out.push((d, d + 1));
        }
        let s = r.get("startDate").and_then(Value::as_str).and_then(day_number);
        let e = r.get("endDate").and_then(Value::as_str).and_then(day_number);
        if let (Some(s), Some(e)) = (s, e) {
            let (y, m, d) = crate::civil::civil_from_days(e);
            let end = match shift {
                Some('D') => e + 1,
                Some('M') => {
                    let (ny, nm) = crate::civil::add_months(y, m, 1);
                    crate::civil::days_from_civil(ny, nm, d.min(crate::civil::days_in_month(ny, nm)))
                }
                Some('Y') => crate::civil::days_from_civil(y + 1, m, d.min(crate::civil::days_in_month(y + 1, m))),
                _ => e,
            };
            out.push((s, end));
        }
    }
    out
}

/// The unit of the last end of a two-ended range as written: 'D', 'M', 'Y'.
fn last_end_unit(text: &str) -> Option<char> {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    let cut = words.iter().rposition(|w| matches!(*w, "to" | "through" | "until" | "till" | "and" | "-" | "–"))
        .or_else(|| {
            // "1988-1992", "19-20": a dash inside one word.
            words.iter().rposition(|w| w.contains('-') || w.contains('–'))
        })?;
    let tail: Vec<String> = words[cut..]
        .iter()
        .flat_map(|w| w.split(['-', '–']).map(str::to_string).collect::<Vec<_>>())
        .skip(1)
        .collect();
    let is_day = |w: &str| {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        !digits.is_empty() && digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit())
    };
    if tail.iter().any(|w| is_day(w)) {
        Some('D')
    } else if tail.iter().any(|w| MONTH_WORDS.contains(&w.trim_end_matches('.'))) {
        Some('M')
    } else if tail.iter().any(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit())) {
        Some('Y')
    } else {
        None
    }
}

fn date_file(specs: &Path, rel: &'static str, parser: bool) -> Result<FileScore, EvalError> {
    let model = if parser { "date-parser" } else { "date-extractor" };
    run(specs, rel, model, |case| {
        let text = input(case);
        let res = results(case);
        let texts: Vec<&str> = res.iter().filter_map(|r| r.get("Text").and_then(Value::as_str)).collect();
        if !is_news_case(text, &texts) {
            return None;
        }
        // Extractor cases carry no reference; upstream uses "now". Spans do
        // not depend on it, so a fixed day keeps the score reproducible.
        let reference = reference_of(case).or_else(|| jiff::Timestamp::from_second(1_478_476_800).ok());
        let r = crate::recognize(text, reference);
        let found = r
            .times
            .iter()
            .filter(|t| !matches!(t.precision, Precision::Hour | Precision::Minute | Precision::Second))
            .map(|t| {
                let s = t.start.as_second().div_euclid(86_400);
                let e = (t.end.as_second() + 86_399).div_euclid(86_400);
                Item {
                    start: utf16_at(text, t.span.start),
                    end: utf16_at(text, t.span.end),
                    value: if parser { ItemValue::Days(vec![(s, e)]) } else { ItemValue::Any },
                }
            })
            .collect();
        let expected = res
            .iter()
            .filter_map(|r| {
                let (start, end) = extractor_span(r)?;
                let value = if parser {
                    let t = r.get("Text").and_then(Value::as_str).unwrap_or("");
                    ItemValue::Days(expected_days(r.get("Value")?, t))
                } else {
                    ItemValue::Any
                };
                Some(Item { start, end, value })
            })
            .collect();
        Some((found, expected))
    })
}

/// Like [`evaluate`], sending every case of the files whose path contains
/// `filter` that does not score perfectly to `sink`, for finding what to fix.
pub fn evaluate_traced(specs_dir: &Path, filter: &str, sink: Box<dyn FnMut(&str)>) -> Result<EvalReport, EvalError> {
    TRACE.with(|t| *t.borrow_mut() = Some((filter.to_string(), sink)));
    let r = evaluate(specs_dir);
    TRACE.with(|t| *t.borrow_mut() = None);
    r
}

/// Scores the recognisers against the spec folder (`.../recognizers/Specs`,
/// or its parent).
pub fn evaluate(specs_dir: &Path) -> Result<EvalReport, EvalError> {
    let specs = if specs_dir.join("Specs").is_dir() { specs_dir.join("Specs") } else { specs_dir.to_path_buf() };
    if !specs.join("Number/English").is_dir() {
        return Err(EvalError::NotSpecs { path: specs });
    }
    let files = vec![
        number_file(&specs)?,
        range_file(&specs)?,
        percent_file(&specs)?,
        dimension_file(&specs)?,
        date_file(&specs, "DateTime/English/DateExtractor.json", false)?,
        date_file(&specs, "DateTime/English/DateParser.json", true)?,
        date_file(&specs, "DateTime/English/DatePeriodExtractor.json", false)?,
        date_file(&specs, "DateTime/English/DatePeriodParser.json", true)?,
    ];
    Ok(EvalReport { files })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_parse() {
        assert_eq!(parse_interval("(30,)"), Some((Some(30.0), None)));
        assert_eq!(parse_interval("[20,30)"), Some((Some(20.0), Some(30.0))));
        assert_eq!(parse_interval("(,-30]"), Some((None, Some(-30.0))));
    }

    #[test]
    fn news_filter() {
        assert!(is_news_case("It happened on May 18, 2016", &["May 18, 2016"]));
        assert!(is_news_case("in the 1970s", &["the 1970s"]));
        assert!(!is_news_case("I'll go back 4/22", &["4/22"]));
        assert!(!is_news_case("I'll go back the day after tomorrow", &["the day after tomorrow"]));
    }
}
