use crate::{Quantity, Span, TimeExpr};

/// What kind of figure a claim states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClaimKind {
    /// Territory: occupied, liberated, lost, regained.
    Area,
    /// A share of something, in percent.
    Share,
    /// People: killed, wounded, captured, displaced, servicemen.
    People,
    /// Things: tanks, drones, villages, resolutions.
    Count,
    Length,
    Money,
    /// A figure stated relative to another: "ten times higher than ours".
    Ratio,
}

impl ClaimKind {
    pub const ALL: [ClaimKind; 7] = [
        ClaimKind::Area,
        ClaimKind::Share,
        ClaimKind::People,
        ClaimKind::Count,
        ClaimKind::Length,
        ClaimKind::Money,
        ClaimKind::Ratio,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            ClaimKind::Area => "area",
            ClaimKind::Share => "share",
            ClaimKind::People => "people",
            ClaimKind::Count => "count",
            ClaimKind::Length => "length",
            ClaimKind::Money => "money",
            ClaimKind::Ratio => "ratio",
        }
    }

    pub fn parse(s: &str) -> Option<ClaimKind> {
        ClaimKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How the attributed speaker stands towards the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stance {
    Asserts,
    Denies,
    /// Reports someone else's figure while casting doubt on it ("the alleged loss").
    Disputes,
}

impl Stance {
    pub fn as_str(&self) -> &'static str {
        match self {
            Stance::Asserts => "asserts",
            Stance::Denies => "denies",
            Stance::Disputes => "disputes",
        }
    }

    pub fn parse(s: &str) -> Option<Stance> {
        [Stance::Asserts, Stance::Denies, Stance::Disputes].into_iter().find(|x| x.as_str() == s)
    }
}

/// One link of an attribution chain, outermost first: the outlet, then
/// "the defense ministry said", then "the Armenian side states".
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    /// The speaker as named in the text (or the outlet's name for the outer link).
    pub speaker: String,
    /// Where the speaker is named; `None` for the outlet itself.
    pub span: Option<Span>,
    /// The reporting verb or phrase: "said", "according to", "states".
    pub cue: Option<String>,
    pub stance: Stance,
}

/// A place named in or near a claim.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMention {
    pub span: Span,
    /// The name as written.
    pub name: String,
    /// Gazetteer id when resolved.
    pub place_id: Option<String>,
}

/// A figure somebody states: never a fact, always somebody's claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// Stable id derived from the document id and the span.
    pub id: String,
    pub doc: String,
    /// The figure's span (equal to `value.span`).
    pub span: Span,
    /// The sentence the claim sits in, shown as evidence.
    pub sentence_span: Span,
    pub kind: ClaimKind,
    /// What is measured, in neutral words: "territory", "killed", "wounded".
    pub measure: Option<String>,
    /// The speaker's own verb, kept as said: "liberated", "occupied".
    pub verb: Option<String>,
    pub value: Quantity,
    pub time: Option<TimeExpr>,
    pub places: Vec<PlaceMention>,
    pub attribution: Vec<Attribution>,
}

impl Claim {
    pub fn make_id(doc: &str, span: crate::Span) -> String {
        crate::content_id(&[doc.as_bytes(), &(span.start as u64).to_le_bytes(), &(span.end as u64).to_le_bytes()])
    }
}
