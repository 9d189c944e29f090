use crate::Span;

/// How finely a time expression pins down its interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    Decade,
    Year,
    /// "mid-1993", "early 1992": a part of a year.
    PartOfYear,
    Month,
    /// "early April".
    PartOfMonth,
    Week,
    Day,
    /// "the night of April 2".
    PartOfDay,
    Hour,
    Minute,
    Second,
}

impl Precision {
    pub fn as_str(&self) -> &'static str {
        match self {
            Precision::Decade => "decade",
            Precision::Year => "year",
            Precision::PartOfYear => "part_of_year",
            Precision::Month => "month",
            Precision::PartOfMonth => "part_of_month",
            Precision::Week => "week",
            Precision::Day => "day",
            Precision::PartOfDay => "part_of_day",
            Precision::Hour => "hour",
            Precision::Minute => "minute",
            Precision::Second => "second",
        }
    }
}

/// A time expression resolved to a half-open UTC interval `[start, end)`.
///
/// "1988-1992" is 1988-01-01T00:00Z to 1993-01-01T00:00Z: the end year is
/// included, as a reader means it. Expressions without a zone are read as UTC
/// days, which keeps dates stable whatever machine runs the tool.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeExpr {
    pub span: Span,
    pub start: jiff::Timestamp,
    pub end: jiff::Timestamp,
    pub precision: Precision,
    /// True when part of the value was not in the text and was inferred
    /// (a year taken from the article date or from other dates nearby).
    pub inferred: bool,
    /// An open-ended expression ("since 1994") has `end` set to the reference
    /// time and this flag set.
    pub open_end: bool,
}
