//! Builders for claims shaped like the pipeline's, located in a real text so
//! that every span can be checked against it.
#![allow(dead_code)]

use contested_core::{Attribution, Claim, ClaimKind, PlaceMention, Precision, Quantity, Qualifier, Role, Span, Stance, TimeExpr, Unit};
use contested_reconcile::{ClaimInput, PlaceRow, TableGeography, NAGORNO_KARABAKH, NAGORNO_KARABAKH_PARTS};

pub const AZERBAIJAN: &str = "geonames:587116";
pub const SHUSHA: &str = "gb:AZE-ADM2-54616110B50193456";

/// The template's places with the gazetteer's ids (crates/extract/data in the gazetteer branch).
pub const TEMPLATE_PLACES: &[(&str, &str)] = &[
    ("Nagorno-Karabakh", NAGORNO_KARABAKH),
    ("Shusha", SHUSHA),
    ("Lachin", "gb:AZE-ADM2-54616110B64627190"),
    ("Kalbajar", "gb:AZE-ADM2-54616110B71777131"),
    ("Aghdam", "gb:AZE-ADM2-54616110B74307796"),
    ("Fizuli", "gb:AZE-ADM2-54616110B70488291"),
    ("Jabrayil", "gb:AZE-ADM2-54616110B51569828"),
    ("Gubadli", "gb:AZE-ADM2-54616110B38588730"),
    ("Zangilan", "gb:AZE-ADM2-54616110B35620946"),
];

/// Geography as the gazetteer gives it: districts under Azerbaijan, the
/// NKAO's districts inside Nagorno-Karabakh, AZ's GeoNames area.
pub fn geography() -> TableGeography {
    let mut geo = TableGeography::new();
    geo.add_country_area("AZ", 86_600.0);
    geo.add_place(PlaceRow { id: AZERBAIJAN.into(), name: "Azerbaijan".into(), country: Some("AZ".into()), parent: None });
    for (name, id) in TEMPLATE_PLACES {
        let parent = Some(AZERBAIJAN.to_string());
        geo.add_place(PlaceRow { id: id.to_string(), name: name.to_string(), country: Some("AZ".into()), parent });
    }
    for (id, _) in NAGORNO_KARABAKH_PARTS {
        geo.add_containment(NAGORNO_KARABAKH, id);
    }
    for (id, name, parent) in [
        ("geonames:170063", "Aleppo", "admin1:SY.09"),
        ("geonames:170654", "Douma", "admin1:SY.08"),
        ("admin1:SY.09", "Aleppo Governorate", "geonames:163843"),
        ("admin1:SY.08", "Rif Dimashq", "geonames:163843"),
        ("geonames:163843", "Syria", ""),
    ] {
        let parent = (!parent.is_empty()).then(|| parent.to_string());
        geo.add_place(PlaceRow { id: id.into(), name: name.into(), country: Some("SY".into()), parent });
    }
    geo
}

pub fn span_of(text: &str, after: usize, needle: &str) -> Span {
    let at = text[after..].find(needle).unwrap_or_else(|| panic!("{needle:?} not found after byte {after}")) + after;
    Span::new(at, at + needle.len())
}

/// The sentence around `span`: bounded by ". " or a line break.
pub fn sentence_around(text: &str, span: Span) -> Span {
    let start = text[..span.start].rfind(['\n']).map(|i| i + 1).unwrap_or(0);
    let start = text[start..span.start].rfind(". ").map(|i| start + i + 2).unwrap_or(start);
    let end = text[span.end..].find(['\n']).map(|i| span.end + i).unwrap_or(text.len());
    let end = text[span.end..end].find(". ").map(|i| span.end + i + 1).unwrap_or(end);
    Span::new(start, end)
}

pub fn day(y: i16, m: i8, d: i8) -> jiff::Timestamp {
    jiff::civil::date(y, m, d).to_zoned_datetime(jiff::tz::TimeZone::UTC).unwrap().timestamp()
}

pub struct ClaimSpec<'t> {
    pub text: &'t str,
    pub doc: &'t str,
    /// Where to start looking: the figure is the first match after it ("" for the start).
    pub anchor: &'t str,
    pub figure: &'t str,
    pub kind: ClaimKind,
    pub measure: &'t str,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub unit: Unit,
    pub unit_text: Option<&'t str>,
    pub qualifier: Qualifier,
    pub time: Option<(jiff::Timestamp, jiff::Timestamp, Precision)>,
    /// (name as written, found after the anchor; place id)
    pub places: Vec<(&'t str, &'t str)>,
    /// Inner links after the outlet: (speaker, stance).
    pub chain: Vec<(&'t str, Stance)>,
    /// What is counted, as written inside the figure ("civilians").
    pub counted: Option<&'t str>,
}

impl<'t> ClaimSpec<'t> {
    pub fn new(text: &'t str, doc: &'t str, anchor: &'t str, figure: &'t str) -> Self {
        ClaimSpec {
            text,
            doc,
            anchor,
            figure,
            kind: ClaimKind::Area,
            measure: "territory",
            low: None,
            high: None,
            unit: Unit::Area,
            unit_text: None,
            qualifier: Qualifier::Exact,
            time: None,
            places: vec![],
            chain: vec![],
            counted: None,
        }
    }

    pub fn exact(mut self, v: f64) -> Self {
        self.low = Some(v);
        self.high = Some(v);
        self
    }

    pub fn build(self, outlet: Option<&str>) -> Claim {
        let anchor = span_of(self.text, 0, self.anchor).start;
        let span = span_of(self.text, anchor, self.figure);
        let sentence = sentence_around(self.text, span);
        let places = self
            .places
            .iter()
            .map(|(name, id)| {
                let at = span_of(self.text, sentence.start, name);
                PlaceMention { span: at, name: name.to_string(), place_id: Some(id.to_string()) }
            })
            .collect();
        let mut attribution = vec![Attribution {
            speaker: outlet.unwrap_or("unknown outlet").to_string(),
            span: None,
            cue: None,
            stance: Stance::Asserts,
        }];
        for (speaker, stance) in &self.chain {
            let at = self.text[sentence.start..].find(speaker).map(|i| Span::new(sentence.start + i, sentence.start + i + speaker.len()));
            attribution.push(Attribution { speaker: speaker.to_string(), span: at, cue: None, stance: *stance });
        }
        Claim {
            id: Claim::make_id(self.doc, span),
            doc: self.doc.to_string(),
            span,
            sentence_span: sentence,
            kind: self.kind,
            measure: Some(self.measure.to_string()),
            verb: None,
            value: Quantity {
                span,
                number_span: span,
                low: self.low,
                high: self.high,
                unit: self.unit,
                unit_text: self.unit_text.map(str::to_string),
                qualifier: self.qualifier,
                counted: self.counted.map(|noun| (span_of(self.text, span.start, noun), noun.to_string())),
            },
            time: self.time.map(|(start, end, precision)| TimeExpr {
                span: Span::new(span.start, span.start),
                start,
                end,
                precision,
                inferred: false,
                open_end: false,
            }),
            places,
            attribution,
        }
    }
}

pub fn input(claim: Claim, outlet: Option<&str>, published: Option<jiff::Timestamp>, role: Role, original: Option<&Claim>) -> ClaimInput {
    ClaimInput { claim, outlet: outlet.map(str::to_string), published, role, original: original.map(|c| c.id.clone()) }
}
