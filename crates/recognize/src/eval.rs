//! Scoring against the Microsoft Recognizers-Text English specs.
