//! A single pass that cuts text into words, digit groups and punctuation.
//!
//! Every recogniser works on these tokens rather than on raw bytes, so the
//! text is scanned once and no regex runs per call. Tokens carry byte offsets
//! only; their text is sliced from the original (or its ASCII-lowercased copy,
//! which has the same offsets) when needed.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A run of letters, possibly with inner apostrophes ("country's").
    Word,
    /// Digits with thousands separators and a decimal part: "2,000", "1.5".
    Num,
    /// Any other single non-space character.
    Punct,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// For `Num`: the value, `f64::INFINITY` when it does not fit.
    pub value: f64,
    /// For `Num`: has a thousands separator or decimal point.
    pub grouped: bool,
    pub decimal: bool,
    /// Number of digits before any separator, used to tell "1992" from "1,992".
    pub digits: u16,
    /// A line break sits between this token and the previous one: recognisers
    /// never join across it.
    pub line_before: bool,
}

impl Token {
    /// Whether `next` follows with no whitespace in between.
    pub fn touches(&self, next: &Token) -> bool {
        self.end == next.start
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic()
}

/// Cuts `text` into tokens, appending to `out` (cleared first) so that a
/// caller can reuse one buffer across many texts.
pub(crate) fn tokenize(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut line_before = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            if b == b'\n' || b == b'\r' {
                line_before = true;
            }
            i += 1;
            continue;
        }
        let leading_dot = b == b'.'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
            && (i == 0 || bytes[i - 1].is_ascii_whitespace() || bytes[i - 1] == b'(');
        if b.is_ascii_digit() || leading_dot {
            let (end, value, grouped, decimal, digits) = scan_number(bytes, i);
            // A leading dot that opens a dotted run (".1.2", ".04.2022") is
            // no decimal, so nothing is read: the dot falls through to
            // punctuation, else this loop would never advance.
            if end > i {
                out.push(Token { start: i, end, kind: Kind::Num, value, grouped, decimal, digits, line_before });
                line_before = false;
                i = end;
                continue;
            }
        }
        // Non-ASCII: decode one char.
        let c = if b < 0x80 {
            b as char
        } else {
            match text[i..].chars().next() {
                Some(c) => c,
                None => break,
            }
        };
        let clen = c.len_utf8();
        if is_word_char(c) {
            let start = i;
            let mut j = i + clen;
            loop {
                // ASCII letters need no decoding.
                if j < bytes.len() && bytes[j].is_ascii_alphabetic() {
                    j += 1;
                    continue;
                }
                if j < bytes.len() && bytes[j] < 0x80 && bytes[j] != b'\'' {
                    break;
                }
                let rest = &text[j..];
                let Some(c2) = rest.chars().next() else { break };
                if is_word_char(c2) {
                    j += c2.len_utf8();
                    continue;
                }
                // Inner apostrophe followed by a letter: "country's", "don't".
                if c2 == '\'' || c2 == '’' {
                    let after = &rest[c2.len_utf8()..];
                    if after.chars().next().is_some_and(is_word_char) {
                        j += c2.len_utf8();
                        continue;
                    }
                }
                break;
            }
            out.push(Token { start, end: j, kind: Kind::Word, value: 0.0, grouped: false, decimal: false, digits: 0, line_before });
            line_before = false;
            i = j;
            continue;
        } else if let Some(v) = vulgar_fraction(c) {
            out.push(Token { start: i, end: i + clen, kind: Kind::Num, value: v, grouped: false, decimal: true, digits: 0, line_before });
        } else if c.is_whitespace() {
            // Non-ASCII spaces (NBSP, narrow NBSP) separate tokens like spaces.
            i += clen;
            continue;
        } else {
            out.push(Token { start: i, end: i + clen, kind: Kind::Punct, value: 0.0, grouped: false, decimal: false, digits: 0, line_before });
        }
        line_before = false;
        i += clen;
    }
}

fn vulgar_fraction(c: char) -> Option<f64> {
    Some(match c {
        '½' => 0.5,
        '⅓' => 1.0 / 3.0,
        '⅔' => 2.0 / 3.0,
        '¼' => 0.25,
        '¾' => 0.75,
        '⅕' => 0.2,
        '⅙' => 1.0 / 6.0,
        '⅛' => 0.125,
        _ => return None,
    })
}

/// Reads digits with optional ",ddd" groups, a ".d+" decimal part and an
/// exponent ("1.3e6") starting at `start`. A comma is a thousands separator
/// only when exactly three digits follow, so "22,24,26" stays three numbers;
/// dotted runs like "192.168.1.2" stay separate integers. Values too large
/// for f64 become infinity, which callers report instead of using.
fn scan_number(bytes: &[u8], start: usize) -> (usize, f64, bool, bool, u16) {
    let mut i = start;
    let mut value = 0.0f64;
    let mut digits: u16 = 0;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        value = value * 10.0 + f64::from(bytes[i] - b'0');
        digits = digits.saturating_add(1);
        i += 1;
    }
    let mut grouped = false;
    // Groups are only valid after 1-3 leading digits.
    if (1..=3).contains(&digits) {
        while i + 3 < bytes.len()
            && bytes[i] == b','
            && bytes[i + 1].is_ascii_digit()
            && bytes[i + 2].is_ascii_digit()
            && bytes[i + 3].is_ascii_digit()
            && !bytes.get(i + 4).is_some_and(|b| b.is_ascii_digit())
        {
            for k in 1..=3 {
                value = value * 10.0 + f64::from(bytes[i + k] - b'0');
            }
            grouped = true;
            i += 4;
        }
    }
    // A decimal comma ("5,00", "1,3"): one or two digits after a comma that
    // ends the number, where a thousands group would need three.
    if !grouped && (1..=3).contains(&digits) && i + 1 < bytes.len() && bytes[i] == b',' && bytes[i + 1].is_ascii_digit() {
        let mut k = i + 1;
        while k < bytes.len() && bytes[k].is_ascii_digit() {
            k += 1;
        }
        let ends = k >= bytes.len() || !(bytes[k].is_ascii_alphanumeric() || bytes[k] == b',');
        let before_ok = start == 0 || !(bytes[start - 1] == b',' || bytes[start - 1].is_ascii_digit());
        if (1..=2).contains(&(k - i - 1)) && ends && before_ok {
            let mut scale = 0.1f64;
            for &d in &bytes[i + 1..k] {
                value += f64::from(d - b'0') * scale;
                scale *= 0.1;
            }
            return (k, value, false, true, digits);
        }
    }
    // Part of a dotted run ("192.168.1.2"): no decimals on either side.
    let after_dot_run = start >= 2 && bytes[start - 1] == b'.' && bytes[start - 2].is_ascii_digit();
    let mut decimal = false;
    if !after_dot_run && i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
        let mut k = i + 1;
        while k < bytes.len() && bytes[k].is_ascii_digit() {
            k += 1;
        }
        let dotted_run = k + 1 < bytes.len() && bytes[k] == b'.' && bytes[k + 1].is_ascii_digit();
        if !dotted_run {
            let mut scale = 0.1f64;
            for &d in &bytes[i + 1..k] {
                value += f64::from(d - b'0') * scale;
                scale *= 0.1;
            }
            decimal = true;
            i = k;
        }
    }
    // Exponent: "1e10", "12.32e+14", "-12e-1"; not "3e" in "3em" or "5eggs".
    if digits > 0 && i + 1 < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        let mut k = i + 1;
        let negative = bytes[k] == b'-';
        if bytes[k] == b'+' || bytes[k] == b'-' {
            k += 1;
        }
        let exp_start = k;
        let mut exp: i32 = 0;
        while k < bytes.len() && bytes[k].is_ascii_digit() {
            exp = exp.saturating_mul(10).saturating_add(i32::from(bytes[k] - b'0'));
            k += 1;
        }
        let letter_after = bytes.get(k).is_some_and(|b| b.is_ascii_alphabetic());
        if k > exp_start && !letter_after {
            let exp = if negative { -exp } else { exp }.clamp(-400, 400);
            value *= 10f64.powi(exp);
            decimal = true;
            i = k;
        }
    }
    (i, value, grouped, decimal, digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<(Kind, &str)> {
        let mut v = Vec::new();
        tokenize(text, &mut v);
        v.iter().map(|t| (t.kind, &text[t.start..t.end])).collect()
    }

    #[test]
    fn separators_and_decimals() {
        assert_eq!(toks("2,000 ha"), vec![(Kind::Num, "2,000"), (Kind::Word, "ha")]);
        assert_eq!(toks("22,24,26"), vec![(Kind::Num, "22"), (Kind::Punct, ","), (Kind::Num, "24"), (Kind::Punct, ","), (Kind::Num, "26")]);
        assert_eq!(toks("1.5m."), vec![(Kind::Num, "1.5"), (Kind::Word, "m"), (Kind::Punct, ".")]);
        assert_eq!(toks("km²"), vec![(Kind::Word, "km"), (Kind::Punct, "²")]);
        assert_eq!(toks("country's"), vec![(Kind::Word, "country's")]);
    }

    #[test]
    fn a_leading_dot_before_a_dotted_run_is_punctuation_and_tokenizing_ends() {
        // Found by the recognize fuzz target: these looped forever, pushing
        // empty tokens until memory ran out.
        assert_eq!(toks(".1.2"), vec![(Kind::Punct, "."), (Kind::Num, "1.2")]);
        assert_eq!(
            toks("lasted .04.2022 14:55"),
            vec![(Kind::Word, "lasted"), (Kind::Punct, "."), (Kind::Num, "04.2022"), (Kind::Num, "14"), (Kind::Punct, ":"), (Kind::Num, "55")]
        );
        assert_eq!(toks("\0\u{17}ang\r.18.18tth to h").len(), 8);
        // A lone leading decimal still reads as one number.
        assert_eq!(toks("on .5 ha"), vec![(Kind::Word, "on"), (Kind::Num, ".5"), (Kind::Word, "ha")]);
    }

    #[test]
    fn values() {
        let mut v = Vec::new();
        tokenize("1,234,567.25", &mut v);
        assert_eq!(v.len(), 1);
        assert!((v[0].value - 1_234_567.25).abs() < 1e-6);
        assert!(v[0].grouped && v[0].decimal);
    }
}
