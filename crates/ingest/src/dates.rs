//! Publication dates in the shapes sources actually use.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// Parses a publication date: RFC 3339 (with or without `T`, with any
/// offset), `2016-01-11 15:34:10`, `2016-01-11`, `M/D/YYYY` (FA-KES),
/// RFC 2822 (RSS), and `YYYY/MM/DD`. Times without a zone are taken as
/// UTC, because a wrong zone is off by hours while a refusal loses the date.
pub fn parse_date(raw: &str) -> Option<Timestamp> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Some(ts);
    }
    if let Ok(zoned) = s.parse::<jiff::ZonedDateTime>() {
        return Some(zoned.timestamp());
    }
    if let Some(ts) = parse_compact_offset(s) {
        return Some(ts);
    }
    if let Ok(dt) = s.parse::<DateTime>() {
        return dt
            .to_zoned_datetime(TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp());
    }
    if let Ok(date) = s.parse::<Date>() {
        return midnight_utc(date);
    }
    if let Ok(zoned) = jiff::fmt::rfc2822::parse(s) {
        return Some(zoned.timestamp());
    }
    parse_slashed(s)
}

/// `2016-01-11T15:34:10+0000` and `...Z` variants with fractional seconds
/// that some CMSes emit; jiff wants `+00:00`.
fn parse_compact_offset(s: &str) -> Option<Timestamp> {
    if s.len() < 5 || !s.is_char_boundary(s.len() - 5) {
        return None;
    }
    let (head, tail) = s.split_at(s.len() - 5);
    let sign = tail.as_bytes()[0];
    if (sign == b'+' || sign == b'-') && tail[1..].bytes().all(|b| b.is_ascii_digit()) {
        let fixed = format!("{head}{}:{}", &tail[..3], &tail[3..]);
        return fixed.parse::<Timestamp>().ok();
    }
    None
}

/// `M/D/YYYY` (US order, as FA-KES writes it) or `YYYY/MM/DD`, optionally
/// followed by a time we ignore.
fn parse_slashed(s: &str) -> Option<Timestamp> {
    let date_part = s.split_whitespace().next()?;
    let parts: Vec<&str> = date_part.split('/').collect();
    if parts.len() != 3 {
        return None;
    }
    let numbers: Vec<i32> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let (year, month, day) = if parts[0].len() == 4 {
        (numbers[0], numbers[1], numbers[2])
    } else if parts[2].len() == 4 {
        (numbers[2], numbers[0], numbers[1])
    } else {
        return None;
    };
    let date = Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()?;
    midnight_utc(date)
}

fn midnight_utc(date: Date) -> Option<Timestamp> {
    date.to_zoned_datetime(TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

#[cfg(test)]
mod tests {
    use super::parse_date;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics_on_any_text(raw in "\\PC{0,40}") {
            let _ = parse_date(&raw);
        }
    }

    fn iso(raw: &str) -> String {
        parse_date(raw)
            .map(|t| t.to_string())
            .unwrap_or_else(|| "none".into())
    }

    #[test]
    fn parses_the_shapes_sources_use() {
        assert_eq!(iso("2016-01-11T15:34:10Z"), "2016-01-11T15:34:10Z");
        assert_eq!(iso("2016-01-11T17:34:10+02:00"), "2016-01-11T15:34:10Z");
        assert_eq!(iso("2016-01-11T17:34:10+0200"), "2016-01-11T15:34:10Z");
        assert_eq!(iso("2016-01-11 15:34:10"), "2016-01-11T15:34:10Z");
        assert_eq!(iso("2016-01-11T15:34:10"), "2016-01-11T15:34:10Z");
        assert_eq!(iso("2016-01-11"), "2016-01-11T00:00:00Z");
        assert_eq!(iso("7/28/2015"), "2015-07-28T00:00:00Z");
        assert_eq!(iso("2015/07/28"), "2015-07-28T00:00:00Z");
        assert_eq!(
            iso("Mon, 11 Jan 2016 15:34:10 +0000"),
            "2016-01-11T15:34:10Z"
        );
        assert_eq!(
            iso("\"2022-02-13\"".trim_matches('"')),
            "2022-02-13T00:00:00Z"
        );
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        assert_eq!(iso(""), "none");
        assert_eq!(iso("2016年1月11日"), "none");
        assert_eq!(iso("11 января 2016"), "none");
        assert_eq!(iso("yesterday"), "none");
        assert_eq!(iso("13/45/2015"), "none");
    }
}
