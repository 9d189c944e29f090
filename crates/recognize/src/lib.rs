//! Recognisers for figures and time expressions in running English text.
//!
//! Pure functions over text and a reference time: no IO (except [`eval`],
//! which reads the spec files it is pointed at), no global state beyond
//! lazily built word tables, and they never fail: what they cannot read
//! becomes a diagnostic.
//!
//! Entry points:
//! - [`recognize`]: quantities, times and leftover bare numbers, each with
//!   its byte span; [`items`] flattens them in text order for display.
//! - [`find_numbers`], [`find_ranges`]: every number / every bounded number,
//!   as the number and number-range models of the evaluation see them.
//! - [`eval::evaluate`]: span-and-value F1 against the Recognizers-Text specs.
//!
//! How it works: the text is cut into tokens once; time expressions are
//! found first, so that numbers inside dates, years and clock times never
//! become quantities; then quantities; what is left of the numbers is
//! reported as bare [`NumberMention`]s. Scans only look at tokens within a few
//! tokens of something that can anchor a match (a digit, a number word, a
//! month…), so the cost is linear and most words are passed over.
//!
//! Conventions:
//! - Values are normalised to the base unit of [`contested_core::Unit`]:
//!   km² for area (2,000 ha = 20 km²), km for length, percent, persons,
//!   items, money in its currency, ratios as multipliers ("a third of" is
//!   0.333…).
//! - Bounds: exact figures have low = high; "more than"/"over"/"at least"
//!   leave high open, "up to"/"less than" leave low open; ranges keep both
//!   written ends. Vague amounts: "dozens" is [24, ∞), "hundreds" [200, ∞),
//!   "tens of thousands" [20 000, ∞): at least two of the named unit, no upper
//!   bound, qualifier `Vague`.
//! - A bare "m" after a number is read as metres only when nothing is
//!   counted after it and no currency stands before it ("$10m" is ten
//!   million, "a 1.8m wall" is 1.8 metres).
//! - Times: see the `times` module docs for parts of months and years, "the
//!   night of", and how years are inferred for dates written without one.
//!   Every interval is half-open UTC; expressions without a zone are UTC days.

mod civil;
mod ctx;
pub mod eval;
mod items;
mod lex;
mod numbers;
mod quantity;
mod times;
mod token;

use contested_core::{Diagnostic, Quantity, Span, TimeExpr};

pub use items::{items, Item};
pub use numbers::NumberKind;

/// A number that is not part of a quantity or time expression: "four",
/// "the 22nd", "two thirds".
#[derive(Debug, Clone, PartialEq)]
pub struct NumberMention {
    pub span: Span,
    pub value: f64,
    pub kind: NumberKind,
}

/// What the recognisers found in one text, every item with its byte span.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recognized {
    pub quantities: Vec<Quantity>,
    pub times: Vec<TimeExpr>,
    /// Numbers left over once quantities and times have taken theirs.
    pub numbers: Vec<NumberMention>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Finds quantities and time expressions in `text`. `reference` is the
/// article's publication time, used to resolve "May 18" or "last week";
/// without it, years are inferred from other dates in the text and marked so.
pub fn recognize(text: &str, reference: Option<jiff::Timestamp>) -> Recognized {
    let mut c = ctx::Ctx::new(text);
    let mut diagnostics = Vec::new();
    let times = times::scan(&mut c, reference, &mut diagnostics);
    mark_clock_times(&mut c);
    let quantities = quantity::scan(&mut c, &mut diagnostics);
    let mut numbers = Vec::new();
    let mut i = 0;
    while i < c.len() {
        // A number starts at its anchor or one token before (a minus sign).
        if c.taken[i] || c.next_quantity_anchor[i] as usize > i + 1 {
            i += 1;
            continue;
        }
        match numbers::parse(&c, i) {
            Some(n) if n.last > i && !c.any_taken(n.first, n.last) && n.value.is_finite() => {
                numbers.push(NumberMention { span: Span::new(c.start(n.first), c.end(n.last - 1)), value: n.value, kind: n.kind });
                i = n.last;
            }
            _ => i += 1,
        }
    }
    Recognized { quantities, times, numbers, diagnostics }
}

/// Every number phrase in `text`, wherever it stands (inside dates too), as
/// a number model sees them. Used by the evaluation against number specs.
pub fn find_numbers(text: &str) -> Vec<NumberMention> {
    let c = ctx::Ctx::new(text);
    numbers::scan_all(&c)
        .into_iter()
        .filter(|n| n.value.is_finite())
        .map(|n| NumberMention { span: Span::new(c.start(n.first), c.end(n.last - 1)), value: n.value, kind: n.kind })
        .collect()
}

/// Qualified numbers and ranges, with or without a unit ("more than 30",
/// "between 10 and 15", "up to 700 workers"), as a number-range model sees
/// them. Numbers inside time expressions are skipped.
pub fn find_ranges(text: &str) -> Vec<Quantity> {
    let mut c = ctx::Ctx::new(text);
    let mut sink = Vec::new();
    let _ = times::scan(&mut c, None, &mut sink);
    let mut found: Vec<quantity::Found> = Vec::new();
    let mut i = 0;
    while i < c.len() {
        if !c.taken[i] {
            if let Some(f) = quantity::parse_at(&c, i, true) {
                if f.last > i && !c.any_taken(f.first, f.last) {
                    i = f.last;
                    found.push(f);
                    continue;
                }
            }
        }
        i += 1;
    }
    quantity::join_bounds(&c, found).into_iter().map(|f| f.q).collect()
}

/// Clock times outside a date ("at 12:00") are neither quantities nor
/// numbers.
fn mark_clock_times(c: &mut ctx::Ctx) {
    for i in 0..c.len().saturating_sub(2) {
        if c.kind(i) == Some(token::Kind::Num)
            && c.touching(i)
            && c.is_punct(i + 1, ":")
            && c.touching(i + 1)
            && c.plain_int(i + 2).is_some_and(|(_, d)| d == 2)
            && c.plain_int(i).is_some_and(|(v, d)| d <= 2 && v <= 24)
        {
            c.take(i, i + 3);
        }
    }
}
