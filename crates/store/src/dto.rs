//! The ledger's stable JSON shapes, shared by the CLI export and the HTTP API
//! so that both say the same thing. Add fields freely; never rename or remove
//! one. With the `openapi` feature each shape also describes itself as an
//! OpenAPI schema.

use crate::{DocumentSummary, StoredClaim};
use contested_core::{Attribution, ControlRecord, Document, Event, Finding, Paragraph, Party, PlaceMention, Span, TimeExpr};
use serde::Serialize;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

fn pair(span: Span) -> [usize; 2] {
    [span.start, span.end]
}

/// A whole document with its text; spans elsewhere are byte offsets into `text`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DocumentDto {
    /// Always `document`.
    #[serde(rename = "type")]
    pub record: &'static str,
    pub id: String,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    /// RFC 3339 publication time when the source states it.
    pub published: Option<String>,
    pub origin: String,
    pub text: String,
}

impl From<&Document> for DocumentDto {
    fn from(doc: &Document) -> Self {
        DocumentDto {
            record: "document",
            id: doc.id.clone(),
            outlet: doc.outlet.clone(),
            url: doc.url.clone(),
            title: doc.title.clone(),
            published: doc.published.map(|t| t.to_string()),
            origin: doc.origin.clone(),
            text: doc.text.clone(),
        }
    }
}

/// A document as listed: no text, with counts.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DocumentSummaryDto {
    #[serde(rename = "type")]
    pub record: &'static str,
    pub id: String,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub origin: String,
    pub paragraphs: u64,
    pub claims: u64,
}

impl From<&DocumentSummary> for DocumentSummaryDto {
    fn from(doc: &DocumentSummary) -> Self {
        DocumentSummaryDto {
            record: "document",
            id: doc.id.clone(),
            outlet: doc.outlet.clone(),
            url: doc.url.clone(),
            title: doc.title.clone(),
            published: doc.published.clone(),
            origin: doc.origin.clone(),
            paragraphs: doc.paragraphs,
            claims: doc.claims,
        }
    }
}

/// Where a copied paragraph first appeared.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CopyOfDto {
    pub doc: String,
    pub span: [usize; 2],
    /// 1.0 for an exact copy, rounded to three decimals.
    pub similarity: f64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ParagraphDto {
    #[serde(rename = "type")]
    pub record: &'static str,
    pub doc: String,
    pub span: [usize; 2],
    /// `title`, `body`, `template`, `repeat` or `copy`.
    pub role: &'static str,
    pub copy_of: Option<CopyOfDto>,
}

impl ParagraphDto {
    pub fn new(doc: &str, paragraph: &Paragraph) -> Self {
        ParagraphDto {
            record: "paragraph",
            doc: doc.to_string(),
            span: pair(paragraph.span),
            role: paragraph.role.as_str(),
            copy_of: paragraph.copy_of.as_ref().map(|c| CopyOfDto {
                doc: c.doc.clone(),
                span: pair(c.span),
                similarity: (c.similarity * 1000.0).round() / 1000.0,
            }),
        }
    }
}

/// A figure in base units; `low == high` for an exact figure, `null` for an open end.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ValueDto {
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub unit: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TimeDto {
    pub start: String,
    pub end: String,
    pub text: String,
    pub span: [usize; 2],
    pub precision: &'static str,
    pub inferred: bool,
    pub open_end: bool,
}

impl TimeDto {
    pub fn new(text: &str, t: &TimeExpr) -> Self {
        TimeDto {
            start: t.start.to_string(),
            end: t.end.to_string(),
            text: slice(text, t.span).to_string(),
            span: pair(t.span),
            precision: t.precision.as_str(),
            inferred: t.inferred,
            open_end: t.open_end,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PlaceDto {
    pub name: String,
    pub span: [usize; 2],
    /// Gazetteer id when resolved.
    pub place_id: Option<String>,
}

/// One link of an attribution chain, outermost first.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AttributionDto {
    pub speaker: String,
    pub span: Option<[usize; 2]>,
    pub cue: Option<String>,
    /// `asserts`, `denies` or `disputes`.
    pub stance: &'static str,
}

/// A claim with its evidence: `text` is `document.text[span]`, `sentence` is
/// `document.text[sentence_span]`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ClaimDto {
    #[serde(rename = "type")]
    pub record: &'static str,
    pub id: String,
    pub doc: String,
    pub span: [usize; 2],
    pub text: String,
    pub sentence_span: [usize; 2],
    pub sentence: String,
    /// `area`, `share`, `people`, `count`, `length`, `money` or `ratio`.
    pub kind: &'static str,
    pub measure: Option<String>,
    pub verb: Option<String>,
    pub value: ValueDto,
    pub unit_text: Option<String>,
    pub qualifier: &'static str,
    pub counted: Option<String>,
    pub time: Option<TimeDto>,
    pub places: Vec<PlaceDto>,
    pub attribution: Vec<AttributionDto>,
    pub outlet: Option<String>,
    /// Role of the paragraph the claim sits in.
    pub role: &'static str,
    /// For a claim in a copied or template paragraph: the claim it repeats.
    pub original: Option<String>,
    /// Documents carrying this figure.
    pub documents: u64,
    /// Distinct outlets among those documents.
    pub outlets: u64,
}

/// A span's text, or empty when the span does not fit the text (a ledger
/// written by a buggy stage must still be readable, not crash the reader).
fn slice(text: &str, span: Span) -> &str {
    text.get(span.start..span.end).unwrap_or("")
}

impl ClaimDto {
    /// `text` is the claim's document text, for the evidence slices.
    pub fn new(stored: &StoredClaim, text: &str) -> Self {
        let c = &stored.claim;
        ClaimDto::with_evidence(
            stored,
            slice(text, c.span).to_string(),
            slice(text, c.sentence_span).to_string(),
            c.time.as_ref().map(|t| TimeDto::new(text, t)),
        )
    }

    /// For callers that already cut the evidence out of the text (the store
    /// can, without loading whole documents).
    pub fn with_evidence(stored: &StoredClaim, text: String, sentence: String, time: Option<TimeDto>) -> Self {
        let c = &stored.claim;
        let v = &c.value;
        ClaimDto {
            record: "claim",
            id: c.id.clone(),
            doc: c.doc.clone(),
            span: pair(c.span),
            text,
            sentence_span: pair(c.sentence_span),
            sentence,
            kind: c.kind.as_str(),
            measure: c.measure.clone(),
            verb: c.verb.clone(),
            value: ValueDto { low: v.low, high: v.high, unit: v.unit.as_str().to_string() },
            unit_text: v.unit_text.clone(),
            qualifier: v.qualifier.as_str(),
            counted: v.counted.as_ref().map(|(_, noun)| noun.clone()),
            time,
            places: c
                .places
                .iter()
                .map(|p| PlaceDto { name: p.name.clone(), span: pair(p.span), place_id: p.place_id.clone() })
                .collect(),
            attribution: c
                .attribution
                .iter()
                .map(|a| AttributionDto {
                    speaker: a.speaker.clone(),
                    span: a.span.map(pair),
                    cue: a.cue.clone(),
                    stance: a.stance.as_str(),
                })
                .collect(),
            outlet: stored.outlet.clone(),
            role: stored.role.as_str(),
            original: stored.original.clone(),
            documents: stored.documents,
            outlets: stored.outlets,
        }
    }
}

fn places(places: &[PlaceMention]) -> Vec<PlaceDto> {
    places.iter().map(PlaceDto::from).collect()
}

impl From<&PlaceMention> for PlaceDto {
    fn from(p: &PlaceMention) -> Self {
        PlaceDto { name: p.name.clone(), span: pair(p.span), place_id: p.place_id.clone() }
    }
}

fn chain(links: &[Attribution]) -> Vec<AttributionDto> {
    links
        .iter()
        .map(|a| AttributionDto { speaker: a.speaker.clone(), span: a.span.map(pair), cue: a.cue.clone(), stance: a.stance.as_str() })
        .collect()
}

/// A party to an event or to a place's control, as the text names it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PartyDto {
    /// An actor id (`az.armed_forces`) or an ISO 3166-1 alpha-2 code.
    pub id: String,
    pub name: String,
    pub span: [usize; 2],
    /// Named elsewhere in the document, not in the record's own sentence.
    pub inferred: bool,
}

impl From<&Party> for PartyDto {
    fn from(p: &Party) -> Self {
        PartyDto { id: p.id.clone(), name: p.name.clone(), span: pair(p.span), inferred: p.inferred }
    }
}

/// An event as a document reports it, in ACLED's types: `text` is
/// `document.text[span]` (the trigger), `sentence` is `document.text[sentence_span]`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct EventDto {
    /// Always `event`.
    #[serde(rename = "type")]
    pub record: &'static str,
    pub id: String,
    pub doc: String,
    pub span: [usize; 2],
    pub text: String,
    pub sentence_span: [usize; 2],
    pub sentence: String,
    /// ACLED event type, spelled as in ACLED's codebook.
    pub event_type: &'static str,
    pub sub_event_type: &'static str,
    pub trigger: String,
    pub actor1: Option<PartyDto>,
    pub actor2: Option<PartyDto>,
    pub places: Vec<PlaceDto>,
    pub time: Option<TimeDto>,
    /// Who says it happened, outermost (the outlet) first.
    pub attribution: Vec<AttributionDto>,
    /// Ids of the claims stated with the event.
    pub claims: Vec<String>,
}

impl EventDto {
    /// `text` is the event's document text, for the evidence slices.
    pub fn new(e: &Event, text: &str) -> Self {
        EventDto {
            record: "event",
            id: e.id.clone(),
            doc: e.doc.clone(),
            span: pair(e.span),
            text: slice(text, e.span).to_string(),
            sentence_span: pair(e.sentence_span),
            sentence: slice(text, e.sentence_span).to_string(),
            event_type: e.event_type.as_str(),
            sub_event_type: e.sub_event_type.as_str(),
            trigger: e.trigger.clone(),
            actor1: e.actor1.as_ref().map(PartyDto::from),
            actor2: e.actor2.as_ref().map(PartyDto::from),
            places: places(&e.places),
            time: e.time.as_ref().map(|t| TimeDto::new(text, t)),
            attribution: chain(&e.attribution),
            claims: e.claims.clone(),
        }
    }
}

/// An area in base units (km²).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AreaDto {
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub unit: String,
    pub qualifier: &'static str,
}

/// Who controls a place, according to someone: `text` is `document.text[span]`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ControlDto {
    /// Always `control`.
    #[serde(rename = "type")]
    pub record: &'static str,
    pub id: String,
    pub doc: String,
    pub span: [usize; 2],
    pub text: String,
    /// `standing` (a position held) or `change` (control changed hands).
    pub kind: &'static str,
    pub place: PlaceDto,
    pub before: Option<PartyDto>,
    pub after: Option<PartyDto>,
    /// The wording kept as said: "occupation", "liberated".
    pub wording: String,
    pub wording_span: [usize; 2],
    pub time: Option<TimeDto>,
    pub area: Option<AreaDto>,
    /// The claim stating the area.
    pub claim: Option<String>,
    pub attribution: Vec<AttributionDto>,
}

impl ControlDto {
    /// `text` is the record's document text, for the evidence slices.
    pub fn new(c: &ControlRecord, text: &str) -> Self {
        ControlDto {
            record: "control",
            id: c.id.clone(),
            doc: c.doc.clone(),
            span: pair(c.span),
            text: slice(text, c.span).to_string(),
            kind: c.kind.as_str(),
            place: PlaceDto::from(&c.place),
            before: c.before.as_ref().map(PartyDto::from),
            after: c.after.as_ref().map(PartyDto::from),
            wording: c.wording.clone(),
            wording_span: pair(c.wording_span),
            time: c.time.as_ref().map(|t| TimeDto::new(text, t)),
            area: c.area.as_ref().map(|q| AreaDto {
                low: q.low,
                high: q.high,
                unit: q.unit.as_str().to_string(),
                qualifier: q.qualifier.as_str(),
            }),
            claim: c.claim.clone(),
            attribution: chain(&c.attribution),
        }
    }
}

/// A named number behind a finding's explanation ("ratio", "sum_km2").
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FigureDto {
    pub name: String,
    pub value: f64,
}

/// One source's figure inside a finding, never merged with another's.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SourceFigureDto {
    pub source: String,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub unit: String,
    pub stance: &'static str,
    pub claims: Vec<String>,
    pub independent_reports: usize,
}

/// A claim a finding cites: `document.text[span]` is the figure.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct EvidenceDto {
    pub claim: String,
    pub doc: String,
    pub span: [usize; 2],
    pub sentence_span: [usize; 2],
    /// "figure", "part", "total", "earlier", "later", "denial"…
    pub role: String,
    pub source: String,
}

/// What reconciliation found, with its arithmetic and evidence.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FindingDto {
    /// Always `finding`.
    #[serde(rename = "type")]
    pub record: &'static str,
    pub id: String,
    /// `group`, `contradiction`, `denial`, `dispute`, `revision`,
    /// `parts_vs_total`, `share_vs_area`, `double_count` or `part_exceeds_total`.
    pub kind: &'static str,
    pub scope: String,
    /// 0 to 1, rounded to three decimals.
    pub significance: f64,
    pub summary: String,
    /// Why, with the arithmetic shown.
    pub explanation: String,
    pub figures: Vec<FigureDto>,
    pub sources: Vec<SourceFigureDto>,
    pub evidence: Vec<EvidenceDto>,
}

impl From<&Finding> for FindingDto {
    fn from(f: &Finding) -> Self {
        FindingDto {
            record: "finding",
            id: f.id.clone(),
            kind: f.kind.as_str(),
            scope: f.scope.clone(),
            significance: (f.significance * 1000.0).round() / 1000.0,
            summary: f.summary.clone(),
            explanation: f.explanation.clone(),
            figures: f.figures.iter().map(|(name, value)| FigureDto { name: name.clone(), value: *value }).collect(),
            sources: f
                .sources
                .iter()
                .map(|s| SourceFigureDto {
                    source: s.source.clone(),
                    low: s.low,
                    high: s.high,
                    unit: s.unit.as_str().to_string(),
                    stance: s.stance.as_str(),
                    claims: s.claims.clone(),
                    independent_reports: s.independent_reports,
                })
                .collect(),
            evidence: f
                .evidence
                .iter()
                .map(|e| EvidenceDto {
                    claim: e.claim.clone(),
                    doc: e.doc.clone(),
                    span: pair(e.span),
                    sentence_span: pair(e.sentence_span),
                    role: e.role.clone(),
                    source: e.source.clone(),
                })
                .collect(),
        }
    }
}
