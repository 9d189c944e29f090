//! Time expressions: absolute dates, months, years, year ranges, decades,
//! parts of years and months, dates with clock times and zones, and
//! expressions relative to the article's date.
//!
//! Conventions (those of Microsoft Recognizers-Text where it has one, so the
//! evaluation compares like with like):
//! - a year range "1988-1992" includes its last year: [1988-01-01, 1993-01-01);
//! - early/beginning of a month is days 1-15, mid 10-20, late/end 16-end;
//! - early/beginning of a year is January-June ("beginning of" January-April),
//!   mid May-August, late July-December, "the end of" September-December;
//! - "the night of D" covers the small hours of D and the evening of D into
//!   the next morning, [D 00:00, D+1 06:00), because news uses both readings;
//! - a date without a year takes the reference year, or the year before when
//!   that would put it more than two months after the reference (news reports
//!   the past); without a reference, the year of the latest fully dated
//!   expression in the text, marked `inferred`.

use contested_core::{Diagnostic, Precision, Span, TimeExpr};

use crate::civil::{self, days_from_civil, next_month_start, valid_date};
use crate::ctx::Ctx;
use crate::lex::TimeUnit;
use crate::token::Kind;

const DAY: i64 = 86_400;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Part {
    Early,
    Beginning,
    Mid,
    Late,
    End,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum DayPart {
    /// "the early hours of April 2": midnight to 06:00.
    EarlyHours,
    Night,
    Morning,
    Afternoon,
    Evening,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Rel {
    Today,
    Yesterday,
    Tomorrow,
    LastNight,
    Weekday(u32),
    /// "this Friday": that day in the anchor's Monday-to-Sunday week.
    WeekdayThisWeek(u32),
    /// "two months and three days ago" (negative) or "later" (positive).
    Compound { months: i64, days: i64, from_previous: bool },
    /// -1 last, 0 this, +1 next.
    Unit(i64, TimeUnit),
    /// n units before (negative) or after the anchor.
    Shift(i64, TimeUnit),
    /// Like `Shift`, anchored on the previous time expression ("two days later").
    ShiftFromPrevious(i64, TimeUnit),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Val {
    Day { y: Option<i64>, m: u32, d: u32, clock: Option<(u32, u32)>, offset_min: i64, part: Option<DayPart> },
    Month { y: Option<i64>, m: u32, part: Option<Part> },
    Year { y: i64, part: Option<Part> },
    YearRange { y1: i64, y2: i64 },
    /// "November 19-20", "from 4 to 22 January 1995": both days included.
    DayRange { y: Option<i64>, m: u32, d1: u32, d2: u32 },
    Decade { y: i64 },
    /// "last September" (-1), "this September" (0), "next September" (1):
    /// the month in the reference year shifted by `dir` years.
    RelMonth { dir: i64, m: u32 },
    /// "late this month", "early next year".
    PartRel { part: Part, dir: i64, unit: TimeUnit },
    /// "the night of April 1-2": 20:00 on day `d` to 06:00 the next morning.
    NightBetween { y: Option<i64>, m: u32, d: u32 },
    /// "Thursday the 21st": that day of the anchor's month.
    DayOfAnchorMonth { d: u32 },
    /// "from 4 to 22 this month": days of the anchor's month shifted by `dir`.
    DayRangeRelMonth { d1: u32, d2: u32, dir: i64 },
    /// "the last week of July": the Monday-to-Sunday week holding the last
    /// day of the month or year.
    LastWeekOf { y: Option<i64>, m: Option<u32> },
    Relative(Rel),
}

#[derive(Debug, Clone, Copy)]
struct Raw {
    first: usize,
    last: usize,
    val: Val,
    since: bool,
}

fn plain_small(c: &Ctx, i: usize, max: u64) -> Option<u32> {
    let (v, digits) = c.plain_int(i)?;
    (digits <= 2 && v >= 1 && v <= max).then_some(v as u32)
}

/// A four-digit year 1000-2100 written without separators.
fn year_at(c: &Ctx, i: usize) -> Option<i64> {
    let (v, digits) = c.plain_int(i)?;
    (digits == 4 && (1000..=2100).contains(&v)).then_some(v as i64)
}

/// Day number with an optional glued ordinal suffix: "2", "08", "22nd".
/// Returns the day and the token after it.
fn day_at(c: &Ctx, i: usize) -> Option<(u32, usize)> {
    let d = plain_small(c, i, 31)?;
    if c.touching(i) && matches!(c.w(i + 1), "st" | "nd" | "rd" | "th") {
        return Some((d, i + 2));
    }
    if c.touching(i) && c.kind(i + 1) == Some(Kind::Word) {
        return None;
    }
    Some((d, i + 1))
}

/// Month name with an optional abbreviation dot.
fn month_at(c: &Ctx, i: usize) -> Option<(u32, usize)> {
    let m = c.lex(i)?.month?;
    // "Apr.", and the odd "October. 2" when a day follows.
    if c.is_punct(i + 1, ".") && c.touching(i) && (c.w(i).len() <= 4 || plain_small(c, i + 2, 31).is_some()) {
        return Some((u32::from(m), i + 2));
    }
    Some((u32::from(m), i + 1))
}

/// Words after which a bare month name or year is a time: "in April".
fn time_cue(word: &str) -> bool {
    matches!(
        word,
        "in" | "since" | "of" | "by" | "until" | "till" | "from" | "before" | "after" | "during" | "early" | "mid"
            | "late" | "last" | "next" | "this" | "and" | "to" | "between" | "through" | "throughout" | "the"
            | "on" | "around" | "circa" | "end" | "beginning" | "start" | "middle" | "year" | "summer" | "winter"
            | "spring" | "autumn" | "fall" | "as"
    )
}

/// Whether the word after a four-digit number makes it a figure, not a year
/// ("2000 people", "1990 km2").
fn figure_follows(c: &Ctx, j: usize) -> bool {
    if c.breaks_before(j) {
        return false;
    }
    let w = c.w(j);
    if c.kind(j) == Some(Kind::Punct) {
        return matches!(w, "%" | "$" | "€" | "£");
    }
    if let Some(l) = c.lex(j) {
        if l.counted.is_some() || l.num.is_some() || l.vague.is_some() {
            return true;
        }
    }
    crate::quantity::unit_at(c, j).is_some()
}

fn part_prefix(c: &Ctx, i: usize) -> Option<(Part, usize)> {
    let (mut j, mut the) = (i, false);
    if c.is_word(j, "the") {
        j += 1;
        the = true;
    }
    let w = c.w(j);
    let part = match w {
        "early" if !the => Part::Early,
        "mid" | "middle" => Part::Mid,
        "late" if !the => Part::Late,
        "end" => Part::End,
        "beginning" | "start" => Part::Beginning,
        _ => return None,
    };
    j += 1;
    match part {
        Part::End | Part::Beginning => {
            if !c.is_word(j, "of") {
                return None;
            }
            j += 1;
        }
        Part::Mid if w == "middle" => {
            if !c.is_word(j, "of") {
                return None;
            }
            j += 1;
        }
        _ => {
            // "mid-1993", "mid 1993", "early in 1993" are all fine; a dash is skipped.
            if c.is_dash(j) || c.is_word(j, "in") {
                j += 1;
            }
        }
    }
    Some((part, j))
}

fn clock_at(c: &Ctx, i: usize) -> Option<((u32, u32), usize)> {
    let (h, hd) = c.plain_int(i)?;
    if hd > 2 || h > 24 || !c.touching(i) || !c.is_punct(i + 1, ":") || !c.touching(i + 1) {
        return None;
    }
    let (mi, md) = c.plain_int(i + 2)?;
    if md != 2 || mi > 59 {
        return None;
    }
    let mut h = h as u32;
    let mut j = i + 3;
    let w = c.w(j);
    if w == "am" || w == "pm" || ((w == "a" || w == "p") && c.is_punct(j + 1, ".")) {
        let pm = w.starts_with('p');
        if h == 12 {
            h = 0;
        }
        if pm {
            h += 12;
        }
        j += if w.len() == 1 { 2 } else { 1 };
        // "a.m." ends "m" "."
        if c.is_word(j, "m") && c.is_punct(j + 1, ".") {
            j += 2;
        }
    }
    if h > 23 {
        return None;
    }
    Some(((h, mi as u32), j))
}

/// "UTC+4", "GMT + 4 hours", "(UTC/GMT + 4 hours)", "UTC". Returns the
/// offset in minutes and the token after the zone.
fn zone_at(c: &Ctx, i: usize) -> Option<(i64, usize)> {
    let mut j = i;
    let paren = c.is_punct(j, "(");
    if paren {
        j += 1;
    }
    if !matches!(c.w(j), "utc" | "gmt") {
        return None;
    }
    j += 1;
    if c.is_punct(j, "/") && matches!(c.w(j + 1), "utc" | "gmt") {
        j += 2;
    }
    let mut offset = 0i64;
    let sign = match c.w(j) {
        "+" => 1,
        "-" | "−" | "–" => -1,
        _ => 0,
    };
    if sign != 0 {
        let (h, hd) = c.plain_int(j + 1)?;
        if hd > 2 || h > 14 {
            return None;
        }
        offset = sign * h as i64 * 60;
        j += 2;
        if c.is_punct(j, ":") && c.touching(j - 1) {
            if let Some((m, 2)) = c.plain_int(j + 1) {
                offset += sign * m.min(59) as i64;
                j += 2;
            }
        }
        if matches!(c.w(j), "hours" | "hour" | "hrs" | "h") {
            j += 1;
        }
    }
    if paren {
        if !c.is_punct(j, ")") {
            return None;
        }
        j += 1;
    }
    Some((offset, j))
}

/// A date, possibly with a clock time and zone, starting at `i`.
fn day_date_at(c: &Ctx, i: usize) -> Option<(Val, usize)> {
    // ISO 2016-04-02
    if let Some(y) = year_at(c, i) {
        if c.touching(i) && c.is_punct(i + 1, "-") && c.touching(i + 1) {
            if let (Some((m, 2)), Some((d, 2))) = (c.plain_int(i + 2), c.plain_int(i + 4)) {
                if c.touching(i + 2) && c.is_punct(i + 3, "-") && c.touching(i + 3) && valid_date(y, m as u32, d as u32) {
                    return Some(with_clock(c, Val::Day { y: Some(y), m: m as u32, d: d as u32, clock: None, offset_min: 0, part: None }, i + 5));
                }
            }
        }
    }
    let (y, m, d, j) = if let Some((m, j)) = month_at(c, i) {
        let (d, mut j) = day_at(c, j).filter(|_| !c.breaks_before(j))?;
        let mut y = None;
        let k = if c.is_punct(j, ",") || c.is_word(j, "of") { j + 1 } else { j };
        if !c.breaks_before(k) {
            if let Some(yy) = year_at(c, k) {
                if !figure_follows(c, k + 1) {
                    y = Some(yy);
                    j = k + 1;
                }
            }
        }
        (y, m, d, j)
    } else {
        let (d, mut j) = day_at(c, i)?;
        // "16. Nov. 2016"
        if c.is_punct(j, ".") && c.touching(j - 1) && month_at(c, j + 1).is_some() {
            j += 1;
        }
        if c.is_word(j, "of") {
            j += 1;
        }
        let (m, mut j) = month_at(c, j).filter(|_| !c.breaks_before(j))?;
        let mut y = None;
        let k = if c.is_punct(j, ",") || c.is_word(j, "of") { j + 1 } else { j };
        if let Some(yy) = year_at(c, k).filter(|_| !c.breaks_before(k)) {
            y = Some(yy);
            j = k + 1;
        }
        (y, m, d, j)
    };
    if d > civil::days_in_month(y.unwrap_or(2000), m) {
        return None;
    }
    Some(with_clock(c, Val::Day { y, m, d, clock: None, offset_min: 0, part: None }, j))
}

fn with_clock(c: &Ctx, val: Val, j: usize) -> (Val, usize) {
    let Val::Day { y, m, d, part, .. } = val else { return (val, j) };
    let mut k = j;
    if c.is_punct(k, ",") {
        k += 1;
    }
    if c.is_word(k, "at") {
        k += 1;
    }
    let Some((clock, mut k)) = clock_at(c, k) else { return (val, j) };
    let mut offset_min = 0;
    if let Some((off, k2)) = zone_at(c, k) {
        offset_min = off;
        k = k2;
    } else if c.words_at(k, &["local", "time"]) {
        k += 2;
    }
    (Val::Day { y, m, d, clock: Some(clock), offset_min, part }, k)
}

fn day_part_prefix(c: &Ctx, i: usize) -> Option<(DayPart, usize)> {
    let j = if c.is_word(i, "the") { i + 1 } else { i };
    if c.words_at(j, &["early", "hours", "of"]) {
        return Some((DayPart::EarlyHours, j + 3));
    }
    let part = match c.w(j) {
        "night" => DayPart::Night,
        "morning" => DayPart::Morning,
        "afternoon" => DayPart::Afternoon,
        "evening" => DayPart::Evening,
        _ => return None,
    };
    c.is_word(j + 1, "of").then_some((part, j + 2))
}

fn number_word_or_digits(c: &Ctx, i: usize) -> Option<(i64, usize)> {
    let n = crate::numbers::parse(c, i)?;
    (n.value.fract() == 0.0 && n.value >= 1.0 && n.value <= 1000.0 && n.kind == crate::numbers::NumberKind::Integer)
        .then_some((n.value as i64, n.last))
}

fn relative_at(c: &Ctx, i: usize) -> Option<(Val, usize)> {
    let w = c.w(i);
    let rel = match w {
        "today" => Some((Rel::Today, i + 1)),
        "yesterday" => Some((Rel::Yesterday, i + 1)),
        "tomorrow" => Some((Rel::Tomorrow, i + 1)),
        "tonight" => Some((Rel::Today, i + 1)),
        _ => None,
    };
    if let Some((r, j)) = rel {
        return Some((Val::Relative(r), j));
    }
    if w == "last" && c.is_word(i + 1, "night") {
        return Some((Val::Relative(Rel::LastNight), i + 2));
    }
    if matches!(w, "last" | "this" | "next" | "past" | "previous" | "coming") {
        if let Some(u) = c.lex(i + 1).and_then(|l| l.time_unit) {
            if !matches!(u, TimeUnit::Hour | TimeUnit::Day) && !c.w(i + 1).ends_with('s') {
                let dir = match w {
                    "last" | "past" | "previous" => -1,
                    "this" => 0,
                    _ => 1,
                };
                return Some((Val::Relative(Rel::Unit(dir, u)), i + 2));
            }
        }
        if let Some(d) = c.lex(i + 1).and_then(|l| l.weekday) {
            // "next Monday" is scheduling talk, rare in reporting: left out.
            match w {
                "last" | "past" | "previous" => return Some((Val::Relative(Rel::Weekday(u32::from(d))), i + 2)),
                "this" => return Some((Val::Relative(Rel::WeekdayThisWeek(u32::from(d))), i + 2)),
                _ => {}
            }
        }
    }
    if let Some(d) = c.lex(i).and_then(|l| l.weekday) {
        // A bare weekday is the most recent one on or before the reference.
        return Some((Val::Relative(Rel::Weekday(u32::from(d))), i + 1));
    }
    if let Some(r) = compound_shift_at(c, i) {
        return Some(r);
    }
    // "two days later", "three weeks ago", "a day earlier".
    let (n, j) = if matches!(w, "a" | "an") { (1, i + 1) } else { number_word_or_digits(c, i)? };
    let unit = c.lex(j).and_then(|l| l.time_unit)?;
    if unit == TimeUnit::Hour || c.breaks_before(j + 1) {
        return None;
    }
    match c.w(j + 1) {
        "ago" => Some((Val::Relative(Rel::Shift(-n, unit)), j + 2)),
        "later" => Some((Val::Relative(Rel::ShiftFromPrevious(n, unit)), j + 2)),
        "earlier" => Some((Val::Relative(Rel::ShiftFromPrevious(-n, unit)), j + 2)),
        _ => None,
    }
}

/// A word or dash joining the two ends of a range.
fn range_joiner(c: &Ctx, i: usize, allow_and: bool) -> bool {
    !c.breaks_before(i)
        && (c.is_dash(i) || matches!(c.w(i), "to" | "until" | "till" | "through" | "thru") || (allow_and && c.w(i) == "and"))
}

/// "November 19-20", "Sept 3 to 5, 2016".
fn month_day_range_at(c: &Ctx, i: usize, allow_and: bool) -> Option<(Val, usize)> {
    let (m, j) = month_at(c, i)?;
    let (d1, j) = day_at(c, j).filter(|_| !c.breaks_before(j))?;
    if !range_joiner(c, j, allow_and) {
        return None;
    }
    let (d2, mut k) = day_at(c, j + 1).filter(|_| !c.breaks_before(j + 1))?;
    if d2 <= d1 || month_at(c, k).is_some() {
        return None;
    }
    let mut y = None;
    let yk = if c.is_punct(k, ",") { k + 1 } else { k };
    if let Some(yy) = year_at(c, yk).filter(|_| !c.breaks_before(yk) && !figure_follows(c, yk + 1)) {
        y = Some(yy);
        k = yk + 1;
    }
    (d2 <= civil::days_in_month(y.unwrap_or(2000), m)).then_some((Val::DayRange { y, m, d1, d2 }, k))
}

/// "4-22 January, 1995", "3 until 12 of Sept": a bare day, a joiner, a date.
fn day_day_month_at(c: &Ctx, i: usize, allow_and: bool) -> Option<(Val, usize)> {
    let d1 = plain_small(c, i, 31)?;
    if !range_joiner(c, i + 1, allow_and) {
        return None;
    }
    // "4 to 22 this month", "4 till 23 of next month"
    if let Some(d2) = plain_small(c, i + 2, 31).filter(|&d2| d2 > d1) {
        let k = if c.is_word(i + 3, "of") { i + 4 } else { i + 3 };
        if c.is_word(k + 1, "month") && !c.breaks_before(k) {
            let dir = match c.w(k) {
                "this" => Some(0),
                "next" => Some(1),
                "last" => Some(-1),
                _ => None,
            };
            if let Some(dir) = dir {
                return Some((Val::DayRangeRelMonth { d1, d2, dir }, k + 2));
            }
        }
    }
    match day_date_at(c, i + 2)? {
        (Val::Day { y, m, d, clock: None, part: None, .. }, end) if d > d1 => Some((Val::DayRange { y, m, d1, d2: d }, end)),
        _ => None,
    }
}

/// "1 month 21 days ago", "two years and three months later": more than one
/// amount before "ago"/"later"/"earlier".
fn compound_shift_at(c: &Ctx, i: usize) -> Option<(Val, usize)> {
    let (mut months, mut days, mut parts) = (0i64, 0i64, 0);
    let mut j = i;
    loop {
        let (n, k) = if matches!(c.w(j), "a" | "an") && parts == 0 { (1, j + 1) } else { number_word_or_digits(c, j)? };
        let unit = c.lex(k).and_then(|l| l.time_unit)?;
        match unit {
            TimeUnit::Day => days += n,
            TimeUnit::Week => days += 7 * n,
            TimeUnit::Month => months += n,
            TimeUnit::Year => months += 12 * n,
            TimeUnit::Decade => months += 120 * n,
            TimeUnit::Hour => return None,
        }
        parts += 1;
        j = k + 1;
        if c.breaks_before(j) {
            return None;
        }
        match c.w(j) {
            "ago" | "later" | "earlier" if parts >= 2 => break,
            "and" | "," => j += 1,
            _ => {}
        }
        if parts > 4 {
            return None;
        }
    }
    let (sign, from_previous) = match c.w(j) {
        "ago" => (-1, false),
        "later" => (1, true),
        _ => (-1, true),
    };
    Some((Val::Relative(Rel::Compound { months: sign * months, days: sign * days, from_previous }), j + 1))
}

/// The core expression at `i` with no `since`/part prefix.
fn core_at(c: &Ctx, i: usize) -> Option<(Val, usize)> {
    if let Some(r) = month_day_range_at(c, i, false) {
        return Some(r);
    }
    if let Some(r) = day_day_month_at(c, i, false) {
        return Some(r);
    }
    if let Some(r) = day_date_at(c, i) {
        return Some(r);
    }
    if let Some((m, j)) = month_at(c, i) {
        // "April 2016", "April of 2016", "April, 2016"
        let k = if c.is_word(j, "of") || c.is_punct(j, ",") { j + 1 } else { j };
        if let Some(y) = year_at(c, k).filter(|_| !c.breaks_before(k) && !figure_follows(c, k + 1)) {
            return Some((Val::Month { y: Some(y), m, part: None }, k + 1));
        }
        let w = c.w(i);
        let prev_cue = i > 0 && !c.breaks_before(i) && time_cue(c.w(i - 1));
        let ambiguous = matches!(w, "may" | "march") || w.len() <= 4;
        // A capitalised full month name is a month even without a cue word.
        if (prev_cue && (!ambiguous || c.is_capitalized(i))) || (!ambiguous && c.is_capitalized(i)) {
            return Some((Val::Month { y: None, m, part: None }, j));
        }
        return None;
    }
    if let Some(y) = year_at(c, i) {
        let j = i + 1;
        // "$2000" is money.
        if i > 0 && c.touching(i - 1) && matches!(c.w(i - 1), "$" | "€" | "£" | "₽") {
            return None;
        }
        // "1990s", "1990's"
        if let Some(end) = decade_suffix(c, i) {
            if y % 10 == 0 {
                return Some((Val::Decade { y }, end));
            }
        }
        // "2016 June", "2016, Nov", "2016-11"
        let mk = if c.is_punct(j, ",") { j + 1 } else { j };
        if !c.breaks_before(mk) {
            if let Some((m, end)) = month_at(c, mk) {
                if c.is_capitalized(mk) || c.w(mk).len() > 3 || mk > j {
                    return Some((Val::Month { y: Some(y), m, part: None }, end));
                }
            }
        }
        if c.is_dash(j) && c.touching(i) && c.touching(j) {
            if let Some((mm, 2)) = c.plain_int(j + 1) {
                let as_year = y - y % 100 + mm as i64;
                if (1..=12).contains(&mm) && as_year <= y && !(c.touching(j + 1) && c.is_dash(j + 2)) {
                    return Some((Val::Month { y: Some(y), m: mm as u32, part: None }, j + 2));
                }
            }
        }
        // "1988-1992", "1988 – 1992", "1988 to 1992", "1988-92"
        if !c.breaks_before(j) && (c.is_dash(j) || matches!(c.w(j), "to" | "until" | "till" | "through")) {
            if let Some(y2) = year_at(c, j + 1) {
                if y2 > y {
                    return Some((Val::YearRange { y1: y, y2 }, j + 2));
                }
            }
            if c.is_dash(j) && c.touching(i) && c.touching(j) {
                if let Some((v, 2)) = c.plain_int(j + 1) {
                    let y2 = y - y % 100 + v as i64;
                    if y2 > y {
                        return Some((Val::YearRange { y1: y, y2 }, j + 2));
                    }
                }
            }
        }
        let prev_cue = i > 0 && !c.breaks_before(i) && time_cue(c.w(i - 1));
        // A figure after the number makes it a count ("a total of 1500
        // people"), except a modern year before things after a temporal
        // word ("the 2016 attacks", "since 2014 elections").
        let follows = figure_follows(c, j);
        let year_of_things = (1900..=2100).contains(&y)
            && matches!(c.w(i.wrapping_sub(1)), "the" | "in" | "since" | "until" | "during" | "before" | "after" | "by")
            && c.lex(j).is_some_and(|l| l.counted == Some(crate::lex::Counted::Item));
        // Without a cue word only modern years read as years: "above 1000"
        // is a figure.
        if (prev_cue && (!follows || year_of_things)) || (y >= 1900 && !follows) {
            // A year followed by a dash and a number is a code or a range of figures.
            if !prev_cue && c.is_dash(j) && c.kind(j + 1) == Some(Kind::Num) {
                return None;
            }
            return Some((Val::Year { y, part: None }, j));
        }
        return None;
    }
    // "the 70s", "'40s": two-digit decades read in the twentieth century.
    if let Some((v, 2)) = c.plain_int(i) {
        if v % 10 == 0 {
            if let Some(end) = decade_suffix(c, i) {
                return Some((Val::Decade { y: 1900 + v as i64 }, end));
            }
        }
    }
    if c.is_punct(i, "'") && c.touching(i) {
        if let Some((v, 2)) = c.plain_int(i + 1) {
            if v % 10 == 0 {
                if let Some(end) = decade_suffix(c, i + 1) {
                    return Some((Val::Decade { y: 1900 + v as i64 }, end));
                }
            }
        }
    }
    relative_at(c, i)
}

/// "s" or "'s" glued after a number: the token after it.
fn decade_suffix(c: &Ctx, i: usize) -> Option<usize> {
    if !c.touching(i) {
        return None;
    }
    match c.w(i + 1) {
        "s" | "'s" | "’s" => Some(i + 2),
        "'" | "’" if c.touching(i + 1) && c.w(i + 2) == "s" => Some(i + 3),
        _ => None,
    }
}

fn with_part(val: Val, part: Part) -> Option<Val> {
    match val {
        Val::Month { y, m, part: None } => Some(Val::Month { y, m, part: Some(part) }),
        Val::Year { y, part: None } => Some(Val::Year { y, part: Some(part) }),
        Val::Relative(Rel::Unit(dir, unit)) if matches!(unit, TimeUnit::Week | TimeUnit::Month | TimeUnit::Year) => {
            Some(Val::PartRel { part, dir, unit })
        }
        _ => None,
    }
}

/// The expression starting at `i`, prefixes included.
fn expr_at(c: &Ctx, i: usize) -> Option<Raw> {
    let mut j = i;
    let mut since = false;
    if c.is_word(j, "since") {
        since = true;
        j += 1;
    }
    // "between 4 and 22 January 1995", "from 4 to 22 January 1995"
    if c.is_word(j, "between") || c.is_word(j, "from") {
        let between = c.is_word(j, "between");
        if let Some((val, end)) = day_day_month_at(c, j + 1, between).or_else(|| month_day_range_at(c, j + 1, between)) {
            return Some(Raw { first: j, last: end, val, since: false });
        }
    }
    // "between 1988 and 1992", "from 1988 to 1992"
    if c.is_word(j, "between") || c.is_word(j, "from") {
        if let Some((Val::YearRange { y1, y2 }, k)) = core_at(c, j + 1) {
            return Some(Raw { first: j, last: k, val: Val::YearRange { y1, y2 }, since: false });
        }
        if let Some((Val::Year { y: y1, part: None }, k)) = core_at(c, j + 1) {
            if matches!(c.w(k), "and" | "to" | "until" | "till" | "through") || c.is_dash(k) {
                if let Some(y2) = year_at(c, k + 1) {
                    if y2 > y1 {
                        return Some(Raw { first: j, last: k + 2, val: Val::YearRange { y1, y2 }, since: false });
                    }
                }
            }
        }
    }
    if let Some((part, k)) = part_prefix(c, j) {
        if let Some((val, end)) = core_at(c, k) {
            if let Some(v) = with_part(val, part) {
                // "the end of 2000" is reported from "end": the article is not
                // part of the expression.
                let first = if since { i } else if c.is_word(j, "the") { j + 1 } else { j };
                return Some(Raw { first, last: end, val: v, since });
            }
        }
        return None;
    }
    // "Monday, January 12th, 2016": the weekday joins the date.
    if c.lex(j).is_some_and(|l| l.weekday.is_some()) {
        let k = if c.is_punct(j + 1, ",") { j + 2 } else { j + 1 };
        if !c.breaks_before(k) {
            if let Some((val @ Val::Day { .. }, end)) = day_date_at(c, k) {
                return Some(Raw { first: if since { i } else { j }, last: end, val, since });
            }
            // "Thursday the 21st"
            if c.is_word(k, "the") && !c.breaks_before(k + 1) {
                if let Some((d, end)) = day_at(c, k + 1).filter(|&(_, e)| e == k + 3 || month_at(c, e).is_none()) {
                    if month_at(c, end).is_none() && !c.is_word(end, "of") {
                        return Some(Raw { first: if since { i } else { j }, last: end, val: Val::DayOfAnchorMonth { d }, since });
                    }
                }
            }
        }
    }
    // "last September", "this May", "next March".
    if matches!(c.w(j), "last" | "this" | "next") {
        if let Some((m, end)) = month_at(c, j + 1).filter(|_| !c.breaks_before(j + 1)) {
            let dir = match c.w(j) {
                "last" => -1,
                "this" => 0,
                _ => 1,
            };
            return Some(Raw { first: if since { i } else { j }, last: end, val: Val::RelMonth { dir, m }, since });
        }
    }
    // "the last week of July", "last week of 2015"
    {
        let k = if c.is_word(j, "the") { j + 1 } else { j };
        if c.words_at(k, &["last", "week", "of"]) {
            match core_at(c, k + 3) {
                Some((Val::Month { y, m, part: None }, end)) => {
                    return Some(Raw { first: j, last: end, val: Val::LastWeekOf { y, m: Some(m) }, since });
                }
                Some((Val::Year { y, part: None }, end)) => {
                    return Some(Raw { first: j, last: end, val: Val::LastWeekOf { y: Some(y), m: None }, since });
                }
                _ => {}
            }
        }
    }
    // "the month of April", "month of April"
    {
        let k = if c.is_word(j, "the") { j + 1 } else { j };
        if c.words_at(k, &["month", "of"]) {
            if let Some((val @ Val::Month { .. }, end)) = core_at(c, k + 2) {
                return Some(Raw { first: if since { i } else { j }, last: end, val, since });
            }
        }
        // "the 1970s"
        if k > j {
            if let Some((val @ Val::Decade { .. }, end)) = core_at(c, k) {
                return Some(Raw { first: if since { i } else { j }, last: end, val, since });
            }
        }
    }
    if let Some((dp, k)) = day_part_prefix(c, j) {
        // "the night of April 1-2", "the night of 1-2 April": the night
        // between the two days.
        if dp == DayPart::Night {
            let range = month_day_range_at(c, k, false).or_else(|| day_day_month_at(c, k, false));
            if let Some((Val::DayRange { y, m, d1, d2 }, end)) = range {
                if d2 == d1 + 1 {
                    return Some(Raw { first: j, last: end, val: Val::NightBetween { y, m, d: d1 }, since });
                }
            }
        }
        if let Some((Val::Day { y, m, d, clock, offset_min, .. }, end)) = day_date_at(c, k) {
            return Some(Raw { first: j, last: end, val: Val::Day { y, m, d, clock, offset_min, part: Some(dp) }, since });
        }
    }
    let (val, end) = core_at(c, j)?;
    Some(Raw { first: if since { i } else { j }, last: end, val, since })
}

/// Interval of a resolved expression in seconds, its precision, and whether
/// part of it was inferred.
struct Resolved {
    start: i64,
    end: i64,
    precision: Precision,
    inferred: bool,
}

fn year_for(m: u32, d: u32, reference: Option<i64>, doc_year: Option<i64>) -> Option<(i64, bool)> {
    if let Some(ref_day) = reference {
        let (ry, _, _) = civil::civil_from_days(ref_day);
        let candidate = days_from_civil(ry, m, d.min(civil::days_in_month(ry, m)));
        return Some(if candidate > ref_day + 62 { (ry - 1, true) } else { (ry, true) });
    }
    doc_year.map(|y| (y, true))
}

fn part_of_month(y: i64, m: u32, part: Part) -> (i64, i64) {
    let start = civil::month_start(y, m);
    let next = next_month_start(y, m);
    match part {
        Part::Early | Part::Beginning => (start, start + 15),
        Part::Mid => (start + 9, start + 20),
        Part::Late | Part::End => (start + 15, next),
    }
}

fn part_of_year(y: i64, part: Part) -> (i64, i64) {
    let d = |m| days_from_civil(y, m, 1);
    let next = days_from_civil(y + 1, 1, 1);
    match part {
        Part::Early => (d(1), d(7)),
        Part::Beginning => (d(1), d(5)),
        Part::Mid => (d(5), d(9)),
        Part::Late => (d(7), next),
        Part::End => (d(9), next),
    }
}

fn day_interval(y: i64, m: u32, d: u32, clock: Option<(u32, u32)>, offset_min: i64, part: Option<DayPart>) -> Option<(i64, i64, Precision)> {
    if !valid_date(y, m, d) {
        return None;
    }
    let day = days_from_civil(y, m, d) * DAY;
    if let Some((h, mi)) = clock {
        let s = day + i64::from(h) * 3600 + i64::from(mi) * 60 - offset_min * 60;
        return Some((s, s + 60, Precision::Minute));
    }
    Some(match part {
        None => (day, day + DAY, Precision::Day),
        Some(DayPart::EarlyHours) => (day, day + 6 * 3600, Precision::PartOfDay),
        Some(DayPart::Night) => (day, day + DAY + 6 * 3600, Precision::PartOfDay),
        Some(DayPart::Morning) => (day + 6 * 3600, day + 12 * 3600, Precision::PartOfDay),
        Some(DayPart::Afternoon) => (day + 12 * 3600, day + 18 * 3600, Precision::PartOfDay),
        Some(DayPart::Evening) => (day + 18 * 3600, day + DAY, Precision::PartOfDay),
    })
}

fn shift_days(anchor_day: i64, n: i64, unit: TimeUnit) -> (i64, i64, Precision) {
    match unit {
        TimeUnit::Hour | TimeUnit::Day => (anchor_day + n, anchor_day + n + 1, Precision::Day),
        TimeUnit::Week => (anchor_day + 7 * n, anchor_day + 7 * n + 1, Precision::Day),
        TimeUnit::Month | TimeUnit::Year | TimeUnit::Decade => {
            let months = match unit {
                TimeUnit::Month => n,
                TimeUnit::Year => 12 * n,
                _ => 120 * n,
            };
            let (y, m, d) = civil::civil_from_days(anchor_day);
            let (ny, nm) = civil::add_months(y, m, months);
            let nd = d.min(civil::days_in_month(ny, nm));
            let s = days_from_civil(ny, nm, nd);
            (s, s + 1, Precision::Day)
        }
    }
}

fn resolve_relative(rel: Rel, anchor_day: i64, previous_day: Option<i64>) -> Option<(i64, i64, Precision)> {
    Some(match rel {
        Rel::Today => (anchor_day, anchor_day + 1, Precision::Day),
        Rel::Yesterday => (anchor_day - 1, anchor_day, Precision::Day),
        Rel::Tomorrow => (anchor_day + 1, anchor_day + 2, Precision::Day),
        Rel::LastNight => {
            // Evening of the day before through 06:00 of the anchor day.
            let s = (anchor_day - 1) * DAY + 20 * 3600;
            return Some((s, s + 10 * 3600, Precision::PartOfDay));
        }
        Rel::Weekday(wd) => {
            let cur = civil::weekday(anchor_day);
            let back = (i64::from(cur) - i64::from(wd)).rem_euclid(7);
            (anchor_day - back, anchor_day - back + 1, Precision::Day)
        }
        Rel::WeekdayThisWeek(wd) => {
            let monday = anchor_day - i64::from(civil::weekday(anchor_day)) + 1;
            let d = monday + i64::from(wd) - 1;
            (d, d + 1, Precision::Day)
        }
        Rel::Compound { months, days, from_previous } => {
            let base = if from_previous { previous_day.unwrap_or(anchor_day) } else { anchor_day };
            let (s, _, _) = shift_days(base, months, TimeUnit::Month);
            (s + days, s + days + 1, Precision::Day)
        }
        Rel::Unit(dir, unit) => {
            let (y, m, _) = civil::civil_from_days(anchor_day);
            match unit {
                TimeUnit::Week => {
                    let monday = anchor_day - i64::from(civil::weekday(anchor_day)) + 1 + 7 * dir;
                    (monday, monday + 7, Precision::Week)
                }
                TimeUnit::Month => {
                    let (ny, nm) = civil::add_months(y, m, dir);
                    (civil::month_start(ny, nm), next_month_start(ny, nm), Precision::Month)
                }
                TimeUnit::Year => (days_from_civil(y + dir, 1, 1), days_from_civil(y + dir + 1, 1, 1), Precision::Year),
                TimeUnit::Decade => {
                    let d0 = y - y.rem_euclid(10) + 10 * dir;
                    (days_from_civil(d0, 1, 1), days_from_civil(d0 + 10, 1, 1), Precision::Decade)
                }
                _ => return None,
            }
        }
        Rel::Shift(n, unit) => shift_days(anchor_day, n, unit),
        Rel::ShiftFromPrevious(n, unit) => shift_days(previous_day.unwrap_or(anchor_day), n, unit),
    })
    .map(|(s, e, p)| (s * DAY, e * DAY, p))
}

/// Finds time expressions, marking their tokens as taken.
pub(crate) fn scan(c: &mut Ctx, reference: Option<jiff::Timestamp>, diagnostics: &mut Vec<Diagnostic>) -> Vec<TimeExpr> {
    let mut raws: Vec<Raw> = Vec::new();
    // A part of the day written after a day: "Saturday morning", "yesterday
    // evening", "April 2 night".
    let mut day_parts: Vec<Option<DayPart>> = Vec::new();
    let mut i = 0;
    while i < c.len() {
        if c.taken[i] || !c.near_time_anchor(i) {
            i += 1;
            continue;
        }
        if let Some(mut r) = expr_at(c, i) {
            if r.last > i && !c.any_taken(r.first, r.last) {
                let day_like = matches!(
                    r.val,
                    Val::Day { clock: None, part: None, .. }
                        | Val::Relative(Rel::Today | Rel::Yesterday | Rel::Tomorrow | Rel::Weekday(_) | Rel::WeekdayThisWeek(_))
                );
                let part = match c.w(r.last) {
                    "morning" => Some(DayPart::Morning),
                    "afternoon" => Some(DayPart::Afternoon),
                    "evening" => Some(DayPart::Evening),
                    "night" => Some(DayPart::Night),
                    _ => None,
                }
                .filter(|_| day_like && !c.breaks_before(r.last) && !r.since);
                if part.is_some() {
                    r.last += 1;
                }
                day_parts.push(part);
                raws.push(r);
                c.take(r.first, r.last);
                i = r.last;
                continue;
            }
        }
        i += 1;
    }
    if raws.is_empty() {
        return Vec::new();
    }
    let reference_day = reference.map(|t| t.as_second().div_euclid(DAY));
    // The best guess at "now" for a text without a reference: the latest
    // expression dated to the day or month with its year written out.
    let doc_day: Option<i64> = raws
        .iter()
        .filter_map(|r| match r.val {
            Val::Day { y: Some(y), m, d, .. } if valid_date(y, m, d) => Some(days_from_civil(y, m, d)),
            Val::Month { y: Some(y), m, .. } => Some(days_from_civil(y, m, 1)),
            _ => None,
        })
        .max();
    let doc_year = doc_day.map(|d| civil::civil_from_days(d).0);

    let mut out = Vec::with_capacity(raws.len());
    let mut previous_day: Option<i64> = None;
    for (r, day_part) in raws.into_iter().zip(day_parts) {
        let span = Span::new(c.start(r.first), c.end(r.last - 1));
        let resolved = resolve(r.val, reference_day, doc_year, doc_day, previous_day).map(|mut res| {
            if let (Some(part), Precision::Day) = (day_part, res.precision) {
                let day = res.start.div_euclid(DAY);
                let (y, m, d) = civil::civil_from_days(day);
                if let Some((s, e, p)) = day_interval(y, m, d, None, 0, Some(part)) {
                    res.start = s;
                    res.end = e;
                    res.precision = p;
                }
            }
            res
        });
        let Some(res) = resolved else {
            diagnostics.push(Diagnostic::new(
                "recognize",
                Some(span),
                "time expression needs a reference date or a dated expression nearby",
            ));
            continue;
        };
        if matches!(r.val, Val::Day { .. }) {
            previous_day = Some(res.start.div_euclid(DAY));
        }
        let (end, open_end, inferred) = if r.since {
            match reference {
                Some(t) => (t.as_second(), true, res.inferred),
                None => match doc_day {
                    Some(d) if (d + 1) * DAY > res.end => ((d + 1) * DAY, true, true),
                    _ => (res.end, true, true),
                },
            }
        } else {
            (res.end, false, res.inferred)
        };
        let (Some(start_ts), Some(end_ts)) = (civil::to_timestamp(res.start), civil::to_timestamp(end.max(res.start)))
        else {
            continue;
        };
        let is_range = matches!(r.val, Val::YearRange { .. } | Val::DayRange { .. });
        out.push((r.first, r.last, is_range, TimeExpr { span, start: start_ts, end: end_ts, precision: res.precision, inferred, open_end }));
    }
    merge_ranges(c, out)
}

/// `a` moved into the year of `b`'s start, keeping its month, day and length.
fn with_year_of(a: &TimeExpr, b: &TimeExpr) -> Option<(jiff::Timestamp, jiff::Timestamp)> {
    let a_start = a.start.as_second();
    let len = a.end.as_second() - a_start;
    let (_, m, d) = civil::civil_from_days(a_start.div_euclid(DAY));
    let (by, _, _) = civil::civil_from_days(b.start.as_second().div_euclid(DAY));
    if !valid_date(by, m, d) {
        return None;
    }
    let s = days_from_civil(by, m, d) * DAY + a_start.rem_euclid(DAY);
    Some((civil::to_timestamp(s)?, civil::to_timestamp(s + len)?))
}

/// Joins two expressions written as the ends of a range: "from Oct. 2 to
/// October 22", "between 2015 and Feb 2018", "May 2015 - June 2016". The
/// result runs from the start of the first to the end of the second, at the
/// coarser precision, and takes a leading "from"/"between" into its span.
fn merge_ranges(c: &Ctx, items: Vec<(usize, usize, bool, TimeExpr)>) -> Vec<TimeExpr> {
    let mut merged: Vec<(usize, usize, bool, TimeExpr)> = Vec::with_capacity(items.len());
    for (first, last, is_range, t) in items {
        if let Some((pf, pl, prange, pt)) = merged.last_mut() {
            let between = *pf > 0 && c.is_word(*pf - 1, "between");
            let joins = first == *pl + 1 && range_joiner(c, *pl, between) && !pt.open_end && !t.open_end;
            // "from Feb 1st to March 2019": the first end takes its year
            // from the second when it has none of its own.
            if joins && pt.inferred && !t.inferred && pt.precision >= Precision::Month {
                let shifted = with_year_of(pt, &t);
                if let Some((s, e)) = shifted {
                    if s < t.start {
                        pt.start = s;
                        pt.end = e;
                        pt.inferred = false;
                    }
                }
            }
            if joins && t.start > pt.start && t.end > pt.end {
                pt.end = t.end;
                pt.span.end = t.span.end;
                pt.precision = pt.precision.min(t.precision);
                pt.inferred |= t.inferred;
                *pl = last;
                *prange = true;
                continue;
            }
        }
        merged.push((first, last, is_range, t));
    }
    merged
        .into_iter()
        .map(|(first, _, is_range, mut t)| {
            if is_range && first > 0 && matches!(c.w(first - 1), "from" | "between") && !c.breaks_before(first) {
                t.span.start = c.start(first - 1);
            }
            t
        })
        .collect()
}

/// The day relative expressions count from: the reference, else the latest
/// dated expression in the text (then the result is inferred).
fn anchor_day(reference_day: Option<i64>, doc_day: Option<i64>) -> Option<(i64, bool)> {
    match (reference_day, doc_day) {
        (Some(d), _) => Some((d, false)),
        (None, Some(d)) => Some((d, true)),
        (None, None) => None,
    }
}

fn resolve(val: Val, reference_day: Option<i64>, doc_year: Option<i64>, doc_day: Option<i64>, previous_day: Option<i64>) -> Option<Resolved> {
    let r = |s: i64, e: i64, p: Precision, inferred: bool| Some(Resolved { start: s, end: e, precision: p, inferred });
    match val {
        Val::Day { y, m, d, clock, offset_min, part } => {
            let (mut y, inferred) = match y {
                Some(y) => (y, false),
                None => year_for(m, d, reference_day, doc_year)?,
            };
            // "Feb 29" without a year: the latest leap year.
            if inferred && m == 2 && d == 29 {
                while !civil::is_leap(y) && y > 1 {
                    y -= 1;
                }
            }
            let (s, e, p) = day_interval(y, m, d, clock, offset_min, part)?;
            r(s, e, p, inferred)
        }
        Val::Month { y, m, part } => {
            let (y, inferred) = match y {
                Some(y) => (y, false),
                None => year_for(m, 1, reference_day, doc_year)?,
            };
            if !(1..=9998).contains(&y) {
                return None;
            }
            let (s, e, p) = match part {
                None => (civil::month_start(y, m), next_month_start(y, m), Precision::Month),
                Some(part) => {
                    let (s, e) = part_of_month(y, m, part);
                    (s, e, Precision::PartOfMonth)
                }
            };
            r(s * DAY, e * DAY, p, inferred)
        }
        Val::Year { y, part } => {
            let (s, e, p) = match part {
                None => (days_from_civil(y, 1, 1), days_from_civil(y + 1, 1, 1), Precision::Year),
                Some(part) => {
                    let (s, e) = part_of_year(y, part);
                    (s, e, Precision::PartOfYear)
                }
            };
            r(s * DAY, e * DAY, p, false)
        }
        Val::DayRangeRelMonth { d1, d2, dir } => {
            let (anchor, inferred) = anchor_day(reference_day, doc_day)?;
            let (ay, am, _) = civil::civil_from_days(anchor);
            let (y, m) = civil::add_months(ay, am, dir);
            if !valid_date(y, m, d1) || !valid_date(y, m, d2) {
                return None;
            }
            r(days_from_civil(y, m, d1) * DAY, (days_from_civil(y, m, d2) + 1) * DAY, Precision::Day, inferred)
        }
        Val::LastWeekOf { y, m } => {
            let (last_day, inferred) = match (y, m) {
                (Some(y), None) => (days_from_civil(y, 12, 31), false),
                (y, Some(m)) => {
                    let (y, inferred) = match y {
                        Some(y) => (y, false),
                        None => year_for(m, 1, reference_day, doc_year)?,
                    };
                    (next_month_start(y, m) - 1, inferred)
                }
                (None, None) => return None,
            };
            let monday = last_day - i64::from(civil::weekday(last_day)) + 1;
            r(monday * DAY, (monday + 7) * DAY, Precision::Week, inferred)
        }
        Val::NightBetween { y, m, d } => {
            let (y, inferred) = match y {
                Some(y) => (y, false),
                None => year_for(m, d, reference_day, doc_year)?,
            };
            if !valid_date(y, m, d) {
                return None;
            }
            let evening = days_from_civil(y, m, d) * DAY + 20 * 3600;
            r(evening, evening + 10 * 3600, Precision::PartOfDay, inferred)
        }
        Val::DayOfAnchorMonth { d } => {
            let (anchor, inferred) = anchor_day(reference_day, doc_day)?;
            let (y, m, _) = civil::civil_from_days(anchor);
            if !valid_date(y, m, d) {
                return None;
            }
            let s = days_from_civil(y, m, d);
            r(s * DAY, (s + 1) * DAY, Precision::Day, inferred)
        }
        Val::DayRange { y, m, d1, d2 } => {
            let (y, inferred) = match y {
                Some(y) => (y, false),
                None => year_for(m, d1, reference_day, doc_year)?,
            };
            if !valid_date(y, m, d1) || !valid_date(y, m, d2) {
                return None;
            }
            r(days_from_civil(y, m, d1) * DAY, (days_from_civil(y, m, d2) + 1) * DAY, Precision::Day, inferred)
        }
        Val::RelMonth { dir, m } => {
            let (anchor, inferred) = anchor_day(reference_day, doc_day)?;
            let y = civil::civil_from_days(anchor).0 + dir;
            if !(1..=9998).contains(&y) {
                return None;
            }
            r(civil::month_start(y, m) * DAY, next_month_start(y, m) * DAY, Precision::Month, inferred)
        }
        Val::PartRel { part, dir, unit } => {
            let (anchor, inferred) = anchor_day(reference_day, doc_day)?;
            let (s, e, _) = resolve_relative(Rel::Unit(dir, unit), anchor, None)?;
            let (sd, ed) = (s.div_euclid(DAY), e.div_euclid(DAY));
            let (a, b, p) = match unit {
                TimeUnit::Month => {
                    let (y, m, _) = civil::civil_from_days(sd);
                    let (a, b) = part_of_month(y, m, part);
                    (a, b, Precision::PartOfMonth)
                }
                TimeUnit::Year => {
                    let (a, b) = part_of_year(civil::civil_from_days(sd).0, part);
                    (a, b, Precision::PartOfYear)
                }
                TimeUnit::Week => match part {
                    Part::Early | Part::Beginning => (sd, sd + 3, Precision::Week),
                    Part::Mid => (sd + 1, sd + 5, Precision::Week),
                    Part::Late | Part::End => (sd + 3, ed, Precision::Week),
                },
                _ => return None,
            };
            r(a * DAY, b * DAY, p, inferred)
        }
        Val::YearRange { y1, y2 } => r(days_from_civil(y1, 1, 1) * DAY, days_from_civil(y2 + 1, 1, 1) * DAY, Precision::Year, false),
        Val::Decade { y } => r(days_from_civil(y, 1, 1) * DAY, days_from_civil(y + 10, 1, 1) * DAY, Precision::Decade, false),
        Val::Relative(rel) => {
            let (anchor, inferred) = anchor_day(reference_day, doc_day)?;
            let (s, e, p) = resolve_relative(rel, anchor, previous_day)?;
            r(s, e, p, inferred)
        }
    }
}
