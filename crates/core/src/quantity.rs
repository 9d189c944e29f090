use crate::Span;

/// The dimension a figure is measured in, with the base unit every value of
/// that dimension is normalised to before it is stored or compared
/// (2,000 ha and 20 km² are the same area).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Unit {
    /// A bare number with nothing counted.
    Number,
    /// Area in square kilometres.
    Area,
    /// Length in kilometres.
    Length,
    /// A share in percent (0–100).
    Percent,
    /// People: killed, wounded, servicemen, civilians.
    People,
    /// Countable things: tanks, helicopters, resolutions, villages.
    Items,
    /// Money in the given ISO 4217 currency (`USD`, `EUR`…).
    Money(String),
    /// A multiplier relative to another figure: "ten times higher".
    Ratio,
}

impl Unit {
    /// The base unit's name as exported (`km2`, `percent`…).
    pub fn as_str(&self) -> &str {
        match self {
            Unit::Number => "number",
            Unit::Area => "km2",
            Unit::Length => "km",
            Unit::Percent => "percent",
            Unit::People => "person",
            Unit::Items => "item",
            Unit::Money(code) => code,
            Unit::Ratio => "times",
        }
    }

    pub fn parse(s: &str) -> Unit {
        match s {
            "number" => Unit::Number,
            "km2" => Unit::Area,
            "km" => Unit::Length,
            "percent" => Unit::Percent,
            "person" => Unit::People,
            "item" => Unit::Items,
            "times" => Unit::Ratio,
            code => Unit::Money(code.to_string()),
        }
    }
}

/// How the text bounds a figure. The numeric consequence is already in
/// `Quantity::low`/`high`; this keeps the wording's intent for display and
/// for deciding whether two figures really conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    Exact,
    /// "about", "some", "nearly", "around", "roughly".
    Approximate,
    /// "more than", "over": low is exclusive.
    MoreThan,
    /// "at least": low is inclusive.
    AtLeast,
    /// "less than", "under", "fewer than".
    LessThan,
    /// "at most", "up to", "no more than".
    AtMost,
    /// "between 10 and 15", "10-15".
    Range,
    /// "dozens", "hundreds": a conventional range, see the recogniser docs.
    Vague,
}

impl Qualifier {
    pub const ALL: [Qualifier; 8] = [
        Qualifier::Exact,
        Qualifier::Approximate,
        Qualifier::MoreThan,
        Qualifier::AtLeast,
        Qualifier::LessThan,
        Qualifier::AtMost,
        Qualifier::Range,
        Qualifier::Vague,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approximate => "approximate",
            Qualifier::MoreThan => "more_than",
            Qualifier::AtLeast => "at_least",
            Qualifier::LessThan => "less_than",
            Qualifier::AtMost => "at_most",
            Qualifier::Range => "range",
            Qualifier::Vague => "vague",
        }
    }

    pub fn parse(s: &str) -> Option<Qualifier> {
        Qualifier::ALL.into_iter().find(|q| q.as_str() == s)
    }
}

/// A figure found in text: "more than 2,000 hectares" is
/// `low: Some(20.0), high: None, unit: Area, qualifier: MoreThan`.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The whole mention, qualifier and unit included.
    pub span: Span,
    /// Just the number (or the two numbers of a range).
    pub number_span: Span,
    /// Lower bound in the base unit; `None` is open.
    pub low: Option<f64>,
    /// Upper bound in the base unit; `None` is open. Equal to `low` when exact.
    pub high: Option<f64>,
    pub unit: Unit,
    /// The unit as written ("hectares", "km2"), when there is one.
    pub unit_text: Option<String>,
    pub qualifier: Qualifier,
    /// What is counted, as written and where: "servicemen", "tanks".
    pub counted: Option<(Span, String)>,
}
