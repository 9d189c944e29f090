//! How good are the claims? Scores the whole pipeline (recognise, then
//! build claims) against a hand-annotated gold set (`gold/claims.jsonl`, see
//! `gold/README.md`) of paragraphs from the shared corpus.
//!
//! The gold set holds no article text: each paragraph is a byte span into a
//! document that is read from `shared/data/corpus` at run time, and each gold
//! claim is located by its figure as written. This module does file IO and
//! so is not part of the extraction path; it exists for `contested eval claims`
//! and the regression test.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use contested_core::{Claim, Document, Span, Stance};
use thiserror::Error;

use crate::gazetteer::Gazetteer;

/// The gold set, compiled in so that the binary can evaluate without the
/// source tree.
const GOLD_JSONL: &str = include_str!("../gold/claims.jsonl");

/// Relative tolerance for comparing values in base units: hectares become
/// km² by a division, which must not count as a wrong value.
const VALUE_TOLERANCE: f64 = 1e-6;

/// How many of the worst paragraphs the report prints.
const WORST_SHOWN: usize = 12;

#[derive(Debug, Error)]
pub enum EvalError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read the CSV {path}: {source}")]
    Csv {
        path: PathBuf,
        #[source]
        source: csv::Error,
    },
    #[error("{path} line {line}: {source}")]
    Json {
        path: PathBuf,
        line: usize,
        #[source]
        source: serde_json::Error,
    },
    #[error("gold set line {line}: {message}")]
    Gold { line: usize, message: String },
    #[error("{corpus} has no document {doc:?}")]
    MissingDocument { corpus: &'static str, doc: String },
    #[error("{corpus} {doc}: {message}")]
    Document { corpus: &'static str, doc: String, message: String },
    #[error("{corpus} {doc} {start}..{end}: paragraph span is not inside the text or not on char boundaries")]
    ParagraphSpan { corpus: &'static str, doc: String, start: usize, end: usize },
    #[error("{corpus} {doc} {start}..{end}: figure {figure:?} (occurrence {nth}) is not in the paragraph; has the corpus changed?")]
    FigureNotFound { corpus: &'static str, doc: String, start: usize, end: usize, figure: String, nth: usize },
}

/// Which corpus file a gold paragraph comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Corpus {
    /// FA-KES CSV, `article_content` by `unit_id`.
    Fakes,
    /// Reuters 2016 JSONL, `text` by `id`.
    Reuters,
    /// Wikipedia Caucasus Markdown, body after the front matter, by file name.
    Wikipedia,
}

impl Corpus {
    pub fn as_str(&self) -> &'static str {
        match self {
            Corpus::Fakes => "fakes",
            Corpus::Reuters => "reuters",
            Corpus::Wikipedia => "wikipedia",
        }
    }

    fn parse(s: &str) -> Option<Corpus> {
        [Corpus::Fakes, Corpus::Reuters, Corpus::Wikipedia].into_iter().find(|c| c.as_str() == s)
    }
}

/// One claim as the annotator recorded it.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldClaim {
    /// The figure as written ("70", "2,000 hectares", "two").
    pub figure: String,
    /// Which whole-word occurrence of `figure` in the paragraph, from 1.
    pub nth: usize,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// Base unit name as in `Unit::as_str`.
    pub unit: String,
    pub measure: Option<String>,
    /// `None`: the place is not named in the paragraph, so places are not scored.
    pub places: Option<Vec<String>>,
    /// Speakers inside the text, outermost first; the outlet is implied.
    pub speakers: Vec<String>,
    pub stance: Stance,
}

/// One annotated paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldParagraph {
    pub corpus: Corpus,
    pub doc: String,
    pub span: Span,
    /// The constructions the paragraph exercises, comma-separated.
    pub tags: String,
    pub claims: Vec<GoldClaim>,
}

/// Parses the compiled-in gold set.
pub fn gold() -> Result<Vec<GoldParagraph>, EvalError> {
    parse_gold(GOLD_JSONL)
}

fn parse_gold(jsonl: &str) -> Result<Vec<GoldParagraph>, EvalError> {
    let mut paragraphs = Vec::new();
    for (index, line) in jsonl.lines().enumerate() {
        let line_no = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let bad = |message: String| EvalError::Gold { line: line_no, message };
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| bad(e.to_string()))?;
        let corpus = v["corpus"].as_str().and_then(Corpus::parse).ok_or_else(|| bad("unknown corpus".into()))?;
        let doc = v["doc"].as_str().ok_or_else(|| bad("no doc".into()))?.to_string();
        let start = v["start"].as_u64().ok_or_else(|| bad("no start".into()))? as usize;
        let end = v["end"].as_u64().ok_or_else(|| bad("no end".into()))? as usize;
        let mut claims = Vec::new();
        for c in v["claims"].as_array().ok_or_else(|| bad("no claims array".into()))? {
            let strings = |key: &str| -> Option<Vec<String>> {
                c[key].as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
            };
            let stance_text = c["stance"].as_str().unwrap_or("asserts");
            claims.push(GoldClaim {
                figure: c["figure"].as_str().ok_or_else(|| bad("claim without figure".into()))?.to_string(),
                nth: c["nth"].as_u64().unwrap_or(1) as usize,
                low: c["low"].as_f64(),
                high: c["high"].as_f64(),
                unit: c["unit"].as_str().ok_or_else(|| bad("claim without unit".into()))?.to_string(),
                measure: c["measure"].as_str().map(str::to_string),
                places: strings("places"),
                speakers: strings("speakers").unwrap_or_default(),
                stance: Stance::parse(stance_text).ok_or_else(|| bad(format!("unknown stance {stance_text:?}")))?,
            });
        }
        paragraphs.push(GoldParagraph {
            corpus,
            doc,
            span: Span::new(start, end),
            tags: v["tags"].as_str().unwrap_or("").to_string(),
            claims,
        });
    }
    Ok(paragraphs)
}

/// Agreement on one attribute of matched claims. "Present" means the gold
/// (or the pipeline) states something for it: a measure, a place, a speaker
/// chain; `correct` counts claims where both state it and agree.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FieldScore {
    /// Matched claims scored for this attribute.
    pub scored: usize,
    pub gold_present: usize,
    pub predicted_present: usize,
    /// Both present and equal.
    pub correct: usize,
    /// Both absent and otherwise in agreement (the outlet speaking in its
    /// own voice with the gold's stance, no measure).
    pub both_absent: usize,
}

impl FieldScore {
    fn add(&mut self, gold_present: bool, predicted_present: bool, agree: bool) {
        self.scored += 1;
        self.gold_present += gold_present as usize;
        self.predicted_present += predicted_present as usize;
        if gold_present && predicted_present && agree {
            self.correct += 1;
        }
        if !gold_present && !predicted_present && agree {
            self.both_absent += 1;
        }
    }

    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted_present)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold_present)
    }

    /// Share of scored claims where the pipeline got the attribute right,
    /// counting "nothing, as in the gold" as right.
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct + self.both_absent, self.scored)
    }
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        1.0
    } else {
        numerator as f64 / denominator as f64
    }
}

/// What went wrong, as counted in [`ClaimsReport::failures`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FailureKind {
    /// A gold claim with no pipeline claim on its figure.
    Missed,
    /// A pipeline claim on no gold figure (a year, an age, a model number…).
    Spurious,
    Value,
    Unit,
    /// The gold has a measure and the pipeline gives none.
    MeasureMissing,
    /// Both give a measure and they differ.
    MeasureWrong,
    /// The pipeline gives a measure where the gold has none.
    MeasureExtra,
    PlaceMissing,
    PlaceExtra,
    /// The gold names a speaker and the chain has none: the outlet is
    /// credited with someone else's figure.
    SpeakerMissing,
    /// The chain names a speaker where the outlet speaks for itself.
    SpeakerExtra,
    /// Both name speakers and they differ (other speaker, other nesting).
    SpeakerWrong,
    Stance,
}

impl FailureKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            FailureKind::Missed => "missed claim",
            FailureKind::Spurious => "spurious claim",
            FailureKind::Value => "wrong value",
            FailureKind::Unit => "wrong unit",
            FailureKind::MeasureMissing => "measure missing",
            FailureKind::MeasureWrong => "measure wrong",
            FailureKind::MeasureExtra => "measure where none",
            FailureKind::PlaceMissing => "place missing",
            FailureKind::PlaceExtra => "place not about the figure",
            FailureKind::SpeakerMissing => "speaker missing (outlet credited)",
            FailureKind::SpeakerExtra => "speaker where outlet speaks",
            FailureKind::SpeakerWrong => "speaker wrong",
            FailureKind::Stance => "stance wrong",
        }
    }
}

/// One error found in a paragraph, with the figure it concerns.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub kind: FailureKind,
    /// The figure's span in the document.
    pub span: Span,
    /// The figure as written and what differed: `"19": gold killed, got -`.
    pub detail: String,
}

/// How the pipeline did on one gold paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphResult {
    pub corpus: Corpus,
    pub doc: String,
    pub span: Span,
    pub tags: String,
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
    pub failures: Vec<Failure>,
}

/// Precision and recall of claims, and of each attribute on matched claims.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimsReport {
    pub paragraphs: usize,
    pub gold_claims: usize,
    /// Pipeline claims whose span lies in a gold paragraph.
    pub predicted_claims: usize,
    pub matched: usize,
    /// Value (low and high in base units, and the unit) on matched claims.
    pub value: FieldScore,
    pub unit: FieldScore,
    pub measure: FieldScore,
    /// Only matched claims whose gold names a place in the paragraph.
    pub place: FieldScore,
    /// The speaker chain inside the text and the innermost stance.
    pub attribution: FieldScore,
    pub failures: BTreeMap<FailureKind, usize>,
    pub by_paragraph: Vec<ParagraphResult>,
}

impl ClaimsReport {
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted_claims)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold_claims)
    }

    /// Claim precision and recall per corpus: (corpus, precision, recall, gold claims).
    pub fn by_corpus(&self) -> Vec<(Corpus, f64, f64, usize)> {
        let mut totals: BTreeMap<Corpus, (usize, usize, usize)> = BTreeMap::new();
        for p in &self.by_paragraph {
            let t = totals.entry(p.corpus).or_default();
            t.0 += p.gold;
            t.1 += p.predicted;
            t.2 += p.matched;
        }
        totals
            .into_iter()
            .map(|(corpus, (gold, predicted, matched))| (corpus, ratio(matched, predicted), ratio(matched, gold), gold))
            .collect()
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Runs the pipeline on every document the gold set refers to and scores the
/// claims that fall in the gold paragraphs. `shared` is the `shared/` folder
/// (the one holding `data/corpus`).
pub fn evaluate(shared: &Path) -> Result<ClaimsReport, EvalError> {
    let gold = gold()?;
    let mut corpus = CorpusReader::new(shared);
    let mut claims_by_doc: HashMap<(Corpus, String), (String, Vec<Claim>)> = HashMap::new();
    let mut report = ClaimsReport {
        paragraphs: gold.len(),
        gold_claims: 0,
        predicted_claims: 0,
        matched: 0,
        value: FieldScore::default(),
        unit: FieldScore::default(),
        measure: FieldScore::default(),
        place: FieldScore::default(),
        attribution: FieldScore::default(),
        failures: BTreeMap::new(),
        by_paragraph: Vec::new(),
    };
    for paragraph in &gold {
        let key = (paragraph.corpus, paragraph.doc.clone());
        if !claims_by_doc.contains_key(&key) {
            let doc = corpus.document(paragraph.corpus, &paragraph.doc)?;
            let recognized = contested_recognize::recognize(&doc.text, doc.published);
            let (claims, _diagnostics) = crate::build_claims(&doc, &recognized, Gazetteer::builtin());
            claims_by_doc.insert(key.clone(), (doc.text, claims));
        }
        let (text, claims) = &claims_by_doc[&key];
        let result = score_paragraph(paragraph, text, claims, &mut report)?;
        for failure in &result.failures {
            *report.failures.entry(failure.kind).or_default() += 1;
        }
        report.by_paragraph.push(result);
    }
    Ok(report)
}

fn score_paragraph(
    paragraph: &GoldParagraph,
    text: &str,
    claims: &[Claim],
    report: &mut ClaimsReport,
) -> Result<ParagraphResult, EvalError> {
    let span = paragraph.span;
    let para_text = text.get(span.start..span.end).ok_or_else(|| EvalError::ParagraphSpan {
        corpus: paragraph.corpus.as_str(),
        doc: paragraph.doc.clone(),
        start: span.start,
        end: span.end,
    })?;
    let predicted: Vec<&Claim> = claims.iter().filter(|c| span.contains(c.span)).collect();
    let mut taken = vec![false; predicted.len()];
    let mut failures = Vec::new();
    let mut matched = 0;
    for gold in &paragraph.claims {
        let figure = find_figure(para_text, &gold.figure, gold.nth)
            .map(|s| s.shifted(span.start))
            .ok_or_else(|| EvalError::FigureNotFound {
                corpus: paragraph.corpus.as_str(),
                doc: paragraph.doc.clone(),
                start: span.start,
                end: span.end,
                figure: gold.figure.clone(),
                nth: gold.nth,
            })?;
        // The figure's own number is the best anchor; a claim whose whole
        // mention merely reaches over the figure ("8 persons killed 58") is a
        // second choice.
        let candidate = (0..predicted.len())
            .filter(|&i| !taken[i])
            .filter(|&i| predicted[i].value.number_span.overlaps(figure))
            .min_by_key(|&i| predicted[i].value.number_span.start.abs_diff(figure.start))
            .or_else(|| (0..predicted.len()).find(|&i| !taken[i] && predicted[i].span.overlaps(figure)));
        let Some(index) = candidate else {
            failures.push(Failure {
                kind: FailureKind::Missed,
                span: figure,
                detail: format!("{:?}: {} {}", gold.figure, gold.unit, gold.measure.as_deref().unwrap_or("-")),
            });
            continue;
        };
        taken[index] = true;
        matched += 1;
        compare(gold, predicted[index], text, figure, report, &mut failures);
    }
    for (claim, _) in predicted.iter().zip(&taken).filter(|(_, taken)| !**taken) {
        failures.push(Failure {
            kind: FailureKind::Spurious,
            span: claim.span,
            detail: format!(
                "{:?} as {} {}",
                text.get(claim.span.start..claim.span.end).unwrap_or(""),
                claim.value.unit.as_str(),
                claim.measure.as_deref().unwrap_or("-")
            ),
        });
    }
    report.gold_claims += paragraph.claims.len();
    report.predicted_claims += predicted.len();
    report.matched += matched;
    Ok(ParagraphResult {
        corpus: paragraph.corpus,
        doc: paragraph.doc.clone(),
        span,
        tags: paragraph.tags.clone(),
        gold: paragraph.claims.len(),
        predicted: predicted.len(),
        matched,
        failures,
    })
}

fn compare(gold: &GoldClaim, claim: &Claim, text: &str, figure: Span, report: &mut ClaimsReport, failures: &mut Vec<Failure>) {
    let label = figure.slice(text);
    let mut fail = |kind: FailureKind, detail: String| {
        failures.push(Failure { kind, span: figure, detail: format!("{label:?}: {detail}") })
    };

    let unit_ok = claim.value.unit.as_str() == gold.unit;
    report.unit.add(true, true, unit_ok);
    if !unit_ok {
        fail(FailureKind::Unit, format!("gold {}, got {}", gold.unit, claim.value.unit.as_str()));
    }
    let value_ok = unit_ok && same_bound(gold.low, claim.value.low) && same_bound(gold.high, claim.value.high);
    report.value.add(true, true, value_ok);
    if unit_ok && !value_ok {
        fail(
            FailureKind::Value,
            format!("gold {}, got {}", bounds(gold.low, gold.high), bounds(claim.value.low, claim.value.high)),
        );
    }

    let measure_ok = gold.measure == claim.measure;
    report.measure.add(gold.measure.is_some(), claim.measure.is_some(), measure_ok);
    match (&gold.measure, &claim.measure) {
        (Some(g), None) => fail(FailureKind::MeasureMissing, format!("gold {g}")),
        (None, Some(p)) => fail(FailureKind::MeasureExtra, format!("got {p}")),
        (Some(g), Some(p)) if g != p => fail(FailureKind::MeasureWrong, format!("gold {g}, got {p}")),
        _ => {}
    }

    if let Some(gold_places) = &gold.places {
        let got: Vec<&str> = claim.places.iter().map(|p| p.name.as_str()).collect();
        let missing: Vec<&String> = gold_places.iter().filter(|g| !got.iter().any(|p| same_name(g, p))).collect();
        let extra: Vec<&&str> = got.iter().filter(|p| !gold_places.iter().any(|g| same_name(g, p))).collect();
        report.place.add(!gold_places.is_empty(), !got.is_empty(), missing.is_empty() && extra.is_empty());
        if !missing.is_empty() {
            fail(FailureKind::PlaceMissing, format!("gold {gold_places:?}, got {got:?}"));
        } else if !extra.is_empty() {
            fail(FailureKind::PlaceExtra, format!("gold {gold_places:?}, got {got:?}"));
        }
    }

    // The outer link without a span is the outlet, which the gold implies.
    // A speaker may be stored under a canonical name ("Republic of
    // Azerbaijan" for "Baku"); the words at its span are what the gold saw.
    let links: Vec<(&str, &str)> = claim
        .attribution
        .iter()
        .filter_map(|a| a.span.map(|s| (a.speaker.as_str(), text.get(s.start..s.end).unwrap_or(""))))
        .collect();
    let speakers: Vec<&str> = links.iter().map(|(name, _)| *name).collect();
    let stance = claim.attribution.last().map(|a| a.stance).unwrap_or(Stance::Asserts);
    let speakers_ok = links.len() == gold.speakers.len()
        && gold.speakers.iter().zip(&links).all(|(g, (name, written))| same_speaker(g, name) || same_speaker(g, written));
    let stance_ok = stance == gold.stance;
    let gold_present = !gold.speakers.is_empty();
    let predicted_present = !speakers.is_empty();
    report.attribution.add(gold_present, predicted_present, speakers_ok && stance_ok);
    match (gold_present, predicted_present) {
        (true, false) => fail(FailureKind::SpeakerMissing, format!("gold {:?}", gold.speakers)),
        (false, true) => fail(FailureKind::SpeakerExtra, format!("got {speakers:?}")),
        (true, true) if !speakers_ok => fail(FailureKind::SpeakerWrong, format!("gold {:?}, got {speakers:?}", gold.speakers)),
        _ => {}
    }
    if !stance_ok {
        fail(FailureKind::Stance, format!("gold {}, got {}", gold.stance.as_str(), stance.as_str()));
    }
}

fn same_bound(gold: Option<f64>, got: Option<f64>) -> bool {
    match (gold, got) {
        (None, None) => true,
        (Some(g), Some(p)) => (g - p).abs() <= VALUE_TOLERANCE * g.abs().max(1.0),
        _ => false,
    }
}

fn bounds(low: Option<f64>, high: Option<f64>) -> String {
    let show = |v: Option<f64>| v.map(|v| format!("{v}")).unwrap_or_else(|| "open".to_string());
    format!("{}..{}", show(low), show(high))
}

/// Names agree when one contains the other once case, a leading article
/// and typographic apostrophes are set aside: the gold writes the name as in
/// the text, and "the Observatory" is the same speaker as "Observatory".
fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (name_key(a), name_key(b));
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

/// A gold speaker may list the names one referent goes by, `|`-separated:
/// "a monitor|Syrian Observatory for Human Rights" when the text names the
/// monitor a sentence later.
fn same_speaker(gold: &str, predicted: &str) -> bool {
    gold.split('|').any(|alternative| same_name(alternative, predicted))
}

fn name_key(name: &str) -> String {
    let lower = name.trim().to_lowercase().replace('’', "'");
    let bare = lower.strip_prefix("the ").unwrap_or(&lower);
    bare.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `nth` (from 1) occurrence of `figure` in `text` as a whole word,
/// ASCII case ignored: "10" must not be found inside "100" or "2010".
fn find_figure(text: &str, figure: &str, nth: usize) -> Option<Span> {
    if figure.is_empty() || nth == 0 {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut seen = 0;
    for (start, _) in text.char_indices() {
        let end = start + figure.len();
        let Some(candidate) = text.get(start..end) else { continue };
        if !candidate.eq_ignore_ascii_case(figure) {
            continue;
        }
        let before_ok = !matches!(text[..start].chars().next_back(), Some(c) if is_word(c));
        let after_ok = !matches!(text[end..].chars().next(), Some(c) if is_word(c));
        if before_ok && after_ok {
            seen += 1;
            if seen == nth {
                return Some(Span::new(start, end));
            }
        }
    }
    None
}

/// Reads one document of the gold set's corpora as the evaluation sees it,
/// so that other readers (the ingest stage) can be checked against the
/// same text the gold spans index.
pub fn read_document(shared: &Path, corpus: Corpus, doc: &str) -> Result<Document, EvalError> {
    CorpusReader::new(shared).document(corpus, doc)
}

/// Reads gold documents from the corpus, each source file once.
struct CorpusReader {
    root: PathBuf,
    fakes: Option<HashMap<String, Document>>,
    reuters: Option<HashMap<String, Document>>,
}

impl CorpusReader {
    fn new(shared: &Path) -> CorpusReader {
        CorpusReader { root: shared.join("data/corpus"), fakes: None, reuters: None }
    }

    fn document(&mut self, corpus: Corpus, doc: &str) -> Result<Document, EvalError> {
        let missing = || EvalError::MissingDocument { corpus: corpus.as_str(), doc: doc.to_string() };
        match corpus {
            Corpus::Fakes => {
                if self.fakes.is_none() {
                    self.fakes = Some(read_fakes(&self.root.join("fakes/FA-KES-Dataset.csv"))?);
                }
                self.fakes.as_ref().and_then(|m| m.get(doc)).cloned().ok_or_else(missing)
            }
            Corpus::Reuters => {
                if self.reuters.is_none() {
                    self.reuters = Some(read_reuters(&self.root.join("reuters_2016/conflict_2016.jsonl"))?);
                }
                self.reuters.as_ref().and_then(|m| m.get(doc)).cloned().ok_or_else(missing)
            }
            Corpus::Wikipedia => {
                if doc.contains(['/', '\\']) {
                    return Err(missing());
                }
                read_wikipedia(&self.root.join("wikipedia_caucasus_2022").join(doc), doc)
            }
        }
    }
}

fn read_fakes(path: &Path) -> Result<HashMap<String, Document>, EvalError> {
    let csv_error = |source| EvalError::Csv { path: path.to_path_buf(), source };
    let mut reader = csv::Reader::from_path(path).map_err(csv_error)?;
    let headers = reader.headers().map_err(csv_error)?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (Some(id), Some(content)) = (column("unit_id"), column("article_content")) else {
        return Err(EvalError::Document {
            corpus: "fakes",
            doc: String::new(),
            message: "no unit_id or article_content column".into(),
        });
    };
    let (title, source, date) = (column("article_title"), column("source"), column("date"));
    let mut documents = HashMap::new();
    for (row_index, record) in reader.records().enumerate() {
        let record = record.map_err(csv_error)?;
        let field = |i: Option<usize>| i.and_then(|i| record.get(i)).filter(|s| !s.is_empty()).map(str::to_string);
        let Some(unit_id) = field(Some(id)) else { continue };
        let document = Document::new(
            field(Some(content)).unwrap_or_default(),
            field(title),
            field(source),
            None,
            field(date).as_deref().and_then(parse_date),
            format!("{}#{}", path.display(), row_index + 1),
        );
        documents.insert(unit_id, document);
    }
    Ok(documents)
}

fn read_reuters(path: &Path) -> Result<HashMap<String, Document>, EvalError> {
    let data = std::fs::read_to_string(path).map_err(|source| EvalError::Io { path: path.to_path_buf(), source })?;
    let mut documents = HashMap::new();
    for (index, line) in data.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line).map_err(|source| EvalError::Json {
            path: path.to_path_buf(),
            line: index + 1,
            source,
        })?;
        let field = |key: &str| v[key].as_str().filter(|s| !s.is_empty()).map(str::to_string);
        let Some(id) = field("id") else { continue };
        let document = Document::new(
            field("text").unwrap_or_default(),
            field("title"),
            field("outlet"),
            field("url"),
            field("date").as_deref().and_then(parse_date),
            format!("{}#{}", path.display(), index + 1),
        );
        documents.insert(id, document);
    }
    Ok(documents)
}

/// The body as `contested-ingest` reads a Markdown file: BOM dropped, line
/// ends normalised, YAML front matter and the blank lines after it removed.
fn read_wikipedia(path: &Path, name: &str) -> Result<Document, EvalError> {
    let bytes = std::fs::read(path).map_err(|source| EvalError::Io { path: path.to_path_buf(), source })?;
    let raw = String::from_utf8(bytes).map_err(|e| EvalError::Document {
        corpus: "wikipedia",
        doc: name.to_string(),
        message: format!("not UTF-8: {e}"),
    })?;
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(&raw);
    let text = if raw.contains('\r') { raw.replace("\r\n", "\n").replace('\r', "\n") } else { raw.to_string() };
    let (front, body) = split_front_matter(&text);
    let field = |key: &str| {
        front.lines().find_map(|line| {
            let (k, v) = line.split_once(':')?;
            (k.trim().eq_ignore_ascii_case(key) && !line.starts_with([' ', '\t']))
                .then(|| v.trim().trim_matches(['"', '\'']).to_string())
        })
    };
    Ok(Document::new(
        body.to_string(),
        field("title"),
        field("source").or_else(|| field("outlet")),
        field("url").or_else(|| field("link")),
        field("pubDate").or_else(|| field("date")).as_deref().and_then(parse_date),
        path.display().to_string(),
    ))
}

fn split_front_matter(text: &str) -> (&str, &str) {
    let Some(rest) = text.strip_prefix("---\n") else { return ("", text) };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            return (&rest[..offset], rest[offset + line.len()..].trim_start_matches('\n'));
        }
        offset += line.len();
    }
    ("", text)
}

/// The three date forms of the corpus: `2016-01-11 15:34:10` (Reuters, UTC),
/// `4/19/2017` (FA-KES, month first) and `2022-02-13` (Wikipedia).
fn parse_date(raw: &str) -> Option<jiff::Timestamp> {
    let s = raw.trim();
    if let Ok(dt) = s.parse::<jiff::civil::DateTime>() {
        return dt.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp());
    }
    let date = match s.parse::<jiff::civil::Date>() {
        Ok(date) => date,
        Err(_) => {
            let mut parts = s.split('/').map(|p| p.trim().parse::<i16>().ok());
            let (month, day, year) = (parts.next()??, parts.next()??, parts.next()??);
            jiff::civil::Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()?
        }
    };
    date.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp())
}

impl fmt::Display for ClaimsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "claims: {} gold in {} paragraphs, {} predicted, {} matched",
            self.gold_claims, self.paragraphs, self.predicted_claims, self.matched
        )?;
        writeln!(f)?;
        writeln!(f, "{:<12} {:>9} {:>9} {:>9} {:>9}", "", "precision", "recall", "accuracy", "scored")?;
        writeln!(f, "{:<12} {:>9.3} {:>9.3} {:>9} {:>9}", "claims", self.precision(), self.recall(), "", self.gold_claims)?;
        for (name, score) in [
            ("value", &self.value),
            ("unit", &self.unit),
            ("measure", &self.measure),
            ("place", &self.place),
            ("attribution", &self.attribution),
        ] {
            writeln!(
                f,
                "{:<12} {:>9.3} {:>9.3} {:>9.3} {:>9}",
                name,
                score.precision(),
                score.recall(),
                score.accuracy(),
                score.scored
            )?;
        }
        writeln!(f)?;
        writeln!(f, "claims by corpus:")?;
        for (corpus, precision, recall, gold) in self.by_corpus() {
            writeln!(f, "  {:<10} precision {precision:.3}  recall {recall:.3}  ({gold} gold)", corpus.as_str())?;
        }
        writeln!(f)?;
        writeln!(f, "failures by kind:")?;
        let mut kinds: Vec<(&FailureKind, &usize)> = self.failures.iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (kind, count) in kinds {
            writeln!(f, "  {count:>4}  {}", kind.as_str())?;
        }
        writeln!(f)?;
        writeln!(f, "worst paragraphs:")?;
        let mut worst: Vec<&ParagraphResult> = self.by_paragraph.iter().filter(|p| !p.failures.is_empty()).collect();
        worst.sort_by_key(|p| std::cmp::Reverse(p.failures.len()));
        for paragraph in worst.into_iter().take(WORST_SHOWN) {
            writeln!(
                f,
                "  {} {} {}..{} [{}]: gold {}, predicted {}, matched {}",
                paragraph.corpus.as_str(),
                paragraph.doc,
                paragraph.span.start,
                paragraph.span.end,
                paragraph.tags,
                paragraph.gold,
                paragraph.predicted,
                paragraph.matched
            )?;
            for failure in &paragraph.failures {
                writeln!(f, "      {}: {}", failure.kind.as_str(), failure.detail)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_found_as_whole_words_only() {
        let text = "In 2010, 100 died; 10 were hurt, then 10 more.";
        let first = find_figure(text, "10", 1).unwrap();
        assert_eq!(first.slice(text), "10");
        assert_eq!(first.start, text.find("10 were").unwrap());
        assert_eq!(find_figure(text, "10", 2).unwrap().start, text.find("10 more").unwrap());
        assert_eq!(find_figure(text, "10", 3), None);
        assert_eq!(find_figure("Four people", "four", 1), Some(Span::new(0, 4)));
    }

    #[test]
    fn names_agree_across_articles_and_case() {
        assert!(same_name("the Syrian Observatory for Human Rights", "Syrian Observatory for Human Rights"));
        assert!(same_name("The Observatory", "the British-based Observatory"));
        assert!(same_name("Kabul police chief’s spokesman", "The Kabul police chief's spokesman"));
        assert!(!same_name("Baku", "Armenian sources"));
        assert!(!same_name("", "Baku"));
        assert!(same_speaker("a monitor|Syrian Observatory for Human Rights", "the Syrian Observatory"));
        assert!(!same_speaker("a monitor|Syrian Observatory for Human Rights", "State TV"));
    }

    #[test]
    fn corpus_dates_parse_as_utc() {
        assert_eq!(parse_date("2016-01-11 15:34:10").unwrap().to_string(), "2016-01-11T15:34:10Z");
        assert_eq!(parse_date("4/19/2017").unwrap().to_string(), "2017-04-19T00:00:00Z");
        assert_eq!(parse_date("2022-02-13").unwrap().to_string(), "2022-02-13T00:00:00Z");
        assert_eq!(parse_date("19 April"), None);
    }

    #[test]
    fn gold_set_parses_and_is_big_enough() {
        let gold = gold().unwrap();
        assert!(gold.len() >= 40, "{} paragraphs", gold.len());
        let claims: usize = gold.iter().map(|p| p.claims.len()).sum();
        assert!(claims >= 100, "{claims} claims");
        for corpus in [Corpus::Fakes, Corpus::Reuters, Corpus::Wikipedia] {
            assert!(gold.iter().any(|p| p.corpus == corpus), "no {} paragraph", corpus.as_str());
        }
        assert!(gold.iter().flat_map(|p| &p.claims).all(|c| c.low.is_some() || c.high.is_some()));
    }

    #[test]
    fn front_matter_is_not_body() {
        let (front, body) = split_front_matter("---\npubDate: \"2022-02-13\"\n---\n\nBody.\n");
        assert_eq!(front, "pubDate: \"2022-02-13\"\n");
        assert_eq!(body, "Body.\n");
    }
}
