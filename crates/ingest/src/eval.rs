//! Scores main-text extraction against hand-made truth, with the scoring of
//! the article-extraction benchmark: multisets of 4-token shingles, mean
//! precision over pages with output, mean recall over all pages.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Shingle overlap between one page's truth and our output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Overlap {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
}

impl Overlap {
    /// `None` for an empty output, which the benchmark leaves out of precision.
    pub fn precision(&self) -> Option<f64> {
        let predicted = self.true_positives + self.false_positives;
        (predicted > 0).then(|| self.true_positives as f64 / predicted as f64)
    }

    pub fn recall(&self) -> Option<f64> {
        let expected = self.true_positives + self.false_negatives;
        (expected > 0).then(|| self.true_positives as f64 / expected as f64)
    }

    pub fn f1(&self) -> f64 {
        harmonic_mean(
            self.precision().unwrap_or(0.0),
            self.recall().unwrap_or(0.0),
        )
    }
}

fn harmonic_mean(a: f64, b: f64) -> f64 {
    if a + b == 0.0 {
        0.0
    } else {
        2.0 * a * b / (a + b)
    }
}

/// Runs of letters, digits and underscore, case kept (Python's `\w+`).
fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

const SHINGLE_TOKENS: usize = 4;

/// Multiset of 4-token shingles; a text of 1-3 tokens is one shingle, an
/// empty text has none.
fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let tokens = tokens(text);
    let mut counts = HashMap::new();
    if tokens.is_empty() {
        return counts;
    }
    if tokens.len() < SHINGLE_TOKENS {
        counts.insert(tokens, 1);
        return counts;
    }
    for window in tokens.windows(SHINGLE_TOKENS) {
        *counts.entry(window.to_vec()).or_insert(0) += 1;
    }
    counts
}

/// Multiset overlap of the two texts' shingles.
pub fn overlap(truth: &str, predicted: &str) -> Overlap {
    let expected = shingles(truth);
    let got = shingles(predicted);
    let mut result = Overlap::default();
    for (shingle, &want) in &expected {
        let have = got.get(shingle).copied().unwrap_or(0);
        result.true_positives += want.min(have);
        result.false_negatives += want.saturating_sub(have);
    }
    for (shingle, &have) in &got {
        let want = expected.get(shingle).copied().unwrap_or(0);
        result.false_positives += have.saturating_sub(want);
    }
    result
}

/// One page's score.
#[derive(Debug, Clone)]
pub struct PageScore {
    pub id: String,
    pub url: String,
    pub overlap: Overlap,
    /// Why extraction gave nothing, if it failed.
    pub error: Option<String>,
}

/// Corpus-level score and per-page detail.
#[derive(Debug, Clone)]
pub struct EvalReport {
    pub pages: Vec<PageScore>,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl EvalReport {
    /// Scores already extracted texts: `(id, url, truth, prediction)`.
    pub fn from_predictions<'a>(
        items: impl IntoIterator<Item = (String, String, &'a str, Result<String, String>)>,
    ) -> EvalReport {
        let pages: Vec<PageScore> = items
            .into_iter()
            .map(|(id, url, truth, predicted)| {
                let (text, error) = match predicted {
                    Ok(text) => (text, None),
                    Err(e) => (String::new(), Some(e)),
                };
                PageScore {
                    id,
                    url,
                    overlap: overlap(truth, &text),
                    error,
                }
            })
            .collect();
        let mean = |values: Vec<f64>| {
            if values.is_empty() {
                0.0
            } else {
                values.iter().sum::<f64>() / values.len() as f64
            }
        };
        let precision = mean(pages.iter().filter_map(|p| p.overlap.precision()).collect());
        let recall = mean(pages.iter().filter_map(|p| p.overlap.recall()).collect());
        EvalReport {
            precision,
            recall,
            f1: harmonic_mean(precision, recall),
            pages,
        }
    }

    /// Pages ordered from the worst F1 up.
    pub fn worst(&self, count: usize) -> Vec<&PageScore> {
        let mut pages: Vec<&PageScore> = self.pages.iter().collect();
        pages.sort_by(|a, b| a.overlap.f1().total_cmp(&b.overlap.f1()));
        pages.truncate(count);
        pages
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "pages      {}", self.pages.len())?;
        writeln!(f, "precision  {:.4}", self.precision)?;
        writeln!(f, "recall     {:.4}", self.recall)?;
        writeln!(f, "F1         {:.4}", self.f1)?;
        writeln!(f, "worst pages (F1  precision  recall  id  url):")?;
        for page in self.worst(10) {
            let precision = page
                .overlap
                .precision()
                .map(|p| format!("{p:.3}"))
                .unwrap_or_else(|| "  -  ".into());
            let recall = page
                .overlap
                .recall()
                .map(|r| format!("{r:.3}"))
                .unwrap_or_else(|| "  -  ".into());
            write!(
                f,
                "  {:.3}  {precision}  {recall}  {}  {}",
                page.overlap.f1(),
                page.id.chars().take(12).collect::<String>(),
                page.url
            )?;
            if let Some(error) = &page.error {
                write!(f, "  ({error})")?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not a ground-truth file ({reason})")]
    Truth { path: PathBuf, reason: String },
}

#[derive(serde::Deserialize)]
struct TruthEntry {
    #[serde(rename = "articleBody", default)]
    article_body: String,
    #[serde(default)]
    url: String,
}

/// Extracts every page named in `truth_json` (`{id: {articleBody, url}}`)
/// from `html_dir/<id>.html.gz` (or `.html`) and scores the result.
pub fn evaluate(html_dir: &Path, truth_json: &Path) -> Result<EvalReport, EvalError> {
    let pages = load(html_dir, truth_json)?;
    let predictions: Vec<_> = pages
        .iter()
        .map(|page| {
            let predicted = match &page.html {
                Ok(bytes) => crate::html::extract(bytes, Some(&page.url))
                    .map(|e| e.text)
                    .map_err(|e| e.to_string()),
                Err(e) => Err(e.clone()),
            };
            (
                page.id.clone(),
                page.url.clone(),
                page.truth.as_str(),
                predicted,
            )
        })
        .collect();
    Ok(EvalReport::from_predictions(predictions))
}

/// One benchmark page, read into memory (so timing can leave IO out).
pub struct EvalPage {
    pub id: String,
    pub url: String,
    pub truth: String,
    /// The page's raw bytes, or why they could not be read.
    pub html: Result<Vec<u8>, String>,
}

/// Reads the truth file and every page it names.
pub fn load(html_dir: &Path, truth_json: &Path) -> Result<Vec<EvalPage>, EvalError> {
    let raw = std::fs::read(truth_json).map_err(|source| EvalError::Io {
        path: truth_json.to_path_buf(),
        source,
    })?;
    let truth: std::collections::BTreeMap<String, TruthEntry> = serde_json::from_slice(&raw)
        .map_err(|e| EvalError::Truth {
            path: truth_json.to_path_buf(),
            reason: e.to_string(),
        })?;
    Ok(truth
        .into_iter()
        .map(|(id, entry)| {
            let html = read_page(html_dir, &id);
            EvalPage {
                id,
                url: entry.url,
                truth: entry.article_body,
                html,
            }
        })
        .collect())
}

fn read_page(html_dir: &Path, id: &str) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let gz = html_dir.join(format!("{id}.html.gz"));
    if gz.exists() {
        let file = std::fs::File::open(&gz).map_err(|e| format!("{}: {e}", gz.display()))?;
        let mut bytes = Vec::new();
        flate2::read::MultiGzDecoder::new(file)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{}: {e}", gz.display()))?;
        return Ok(bytes);
    }
    let plain = html_dir.join(format!("{id}.html"));
    std::fs::read(&plain).map_err(|e| format!("{}: {e}", plain.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingle_overlap_counts_multisets() {
        let o = overlap("a b c d e", "a b c d e");
        assert_eq!(
            o,
            Overlap {
                true_positives: 2,
                false_positives: 0,
                false_negatives: 0
            }
        );
        // One extra token at the end adds one false shingle.
        let o = overlap("a b c d e", "a b c d e f");
        assert_eq!(
            o,
            Overlap {
                true_positives: 2,
                false_positives: 1,
                false_negatives: 0
            }
        );
        // Repeating the text doubles predictions, not matches.
        let o = overlap("a b c d", "a b c d a b c d");
        assert_eq!(o.true_positives, 1);
        assert_eq!(o.false_positives, 4);
        // Short texts are one shingle; punctuation is not a token.
        assert_eq!(overlap("Hello, world!", "Hello world").true_positives, 1);
        assert_eq!(overlap("x", "").precision(), None);
        assert_eq!(overlap("x", "").recall(), Some(0.0));
    }

    #[test]
    fn corpus_means_leave_empty_outputs_out_of_precision() {
        let report = EvalReport::from_predictions(vec![
            (
                "a".into(),
                "u".into(),
                "one two three four",
                Ok("one two three four".into()),
            ),
            (
                "b".into(),
                "u".into(),
                "five six seven eight",
                Err("no article".into()),
            ),
        ]);
        assert_eq!(report.precision, 1.0);
        assert_eq!(report.recall, 0.5);
        assert!((report.f1 - 2.0 / 3.0).abs() < 1e-12);
    }
}
