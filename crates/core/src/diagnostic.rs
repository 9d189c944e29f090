use crate::Span;

/// Something a stage noticed but did not turn into a result: an ambiguous
/// date, a number too large to represent, a place name with two readings.
/// Stages return these beside their results instead of failing a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub stage: &'static str,
    pub span: Option<Span>,
    pub message: String,
}

impl Diagnostic {
    pub fn new(stage: &'static str, span: Option<Span>, message: impl Into<String>) -> Self {
        Diagnostic { stage, span, message: message.into() }
    }
}
