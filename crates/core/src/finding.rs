use crate::{Span, Stance, Unit};

/// What a finding says about the claims it cites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FindingKind {
    /// Claims about the same quantity, with each source's figure side by side.
    Group,
    /// Two sources whose figures cannot both be true.
    Contradiction,
    /// A speaker denies a figure (that others assert).
    Denial,
    /// A speaker reports someone else's figure while casting doubt on it.
    Dispute,
    /// A later figure from the same source on the same quantity.
    Revision,
    /// Parts that do not add up to a stated total.
    PartsVsTotal,
    /// A stated share of a country that its parts' areas do not support.
    ShareVsArea,
    /// A sum whose parts overlap (a place counted inside another).
    DoubleCount,
    /// A figure for a short period larger than the running total around it.
    PartExceedsTotal,
}

impl FindingKind {
    pub const ALL: [FindingKind; 9] = [
        FindingKind::Group,
        FindingKind::Contradiction,
        FindingKind::Denial,
        FindingKind::Dispute,
        FindingKind::Revision,
        FindingKind::PartsVsTotal,
        FindingKind::ShareVsArea,
        FindingKind::DoubleCount,
        FindingKind::PartExceedsTotal,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            FindingKind::Group => "group",
            FindingKind::Contradiction => "contradiction",
            FindingKind::Denial => "denial",
            FindingKind::Dispute => "dispute",
            FindingKind::Revision => "revision",
            FindingKind::PartsVsTotal => "parts_vs_total",
            FindingKind::ShareVsArea => "share_vs_area",
            FindingKind::DoubleCount => "double_count",
            FindingKind::PartExceedsTotal => "part_exceeds_total",
        }
    }

    pub fn parse(s: &str) -> Option<FindingKind> {
        FindingKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One claim cited by a finding, with the spans that show it verbatim.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub claim: String,
    pub doc: String,
    /// The figure: `&doc.text[span.start..span.end]`.
    pub span: Span,
    pub sentence_span: Span,
    /// What the claim is to the finding: "figure", "part", "total", "share",
    /// "earlier", "later", "denial", "assertion", "inner", "outer".
    pub role: String,
    /// Who states the figure: the innermost speaker of its attribution chain.
    pub source: String,
}

/// One source's figure inside a group, never merged with another source's.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFigure {
    pub source: String,
    /// Bounds in the base unit; `None` is open.
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub unit: Unit,
    pub stance: Stance,
    /// Claims carrying this source's figure, independent reports first.
    pub claims: Vec<String>,
    /// Reports that are the documents' own (not copies or page templates).
    pub independent_reports: usize,
}

/// Something reconciliation found in the claims, with its evidence and the
/// arithmetic that supports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Hash of the kind, scope and evidence: recomputing gives the same id.
    pub id: String,
    pub kind: FindingKind,
    /// The recomputation scope the finding belongs to (a group key or
    /// `doc:<id>`): when claims of a scope change, its findings are replaced.
    pub scope: String,
    /// For ordering, most significant first; 0 to 1.
    pub significance: f64,
    /// One line for listings.
    pub summary: String,
    /// Why, with the arithmetic shown.
    pub explanation: String,
    /// Named numbers behind the explanation ("ratio", "sum_km2", ...).
    pub figures: Vec<(String, f64)>,
    /// Each source's figure (groups, contradictions).
    pub sources: Vec<SourceFigure>,
    pub evidence: Vec<Evidence>,
}
