//! Numbers in digits and words: "2,000", "1.5 million", "twenty-five",
//! "two thirds", "dozens", "22nd".

use crate::ctx::Ctx;
use crate::lex::NumWord;
use crate::token::Kind;

/// What sort of number a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberKind {
    Integer,
    Decimal,
    Fraction,
    Ordinal,
    /// "dozens", "hundreds", "tens of thousands": a conventional open range,
    /// low = twice the named unit, high open ("dozens" is [24, ∞)).
    Vague,
}

impl NumberKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            NumberKind::Integer => "integer",
            NumberKind::Decimal => "decimal",
            NumberKind::Fraction => "fraction",
            NumberKind::Ordinal => "ordinal",
            NumberKind::Vague => "vague",
        }
    }
}

/// A number phrase over tokens `first..last`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Num {
    pub first: usize,
    pub last: usize,
    pub value: f64,
    pub kind: NumberKind,
}

fn attached_scale(word: &str) -> Option<f64> {
    match word {
        "k" | "thousand" => Some(1e3),
        "m" | "mm" | "mil" | "mn" | "mln" | "million" => Some(1e6),
        "b" | "bn" | "bln" | "billion" => Some(1e9),
        "tn" | "tln" | "trillion" => Some(1e12),
        _ => None,
    }
}

fn spaced_scale(word: &str) -> Option<f64> {
    match word {
        "hundred" => Some(100.0),
        "thousand" => Some(1e3),
        "million" | "mln" | "mn" => Some(1e6),
        "billion" | "bln" | "bn" => Some(1e9),
        "trillion" | "tln" => Some(1e12),
        "lakh" => Some(1e5),
        "crore" => Some(1e7),
        "dozen" | "dozens" | "dz" | "dzs" | "doz" | "dozs" => Some(12.0),
        _ => None,
    }
}

/// Words before "one" that make it a pronoun, not a number ("the one").
fn pronoun_one_before(word: &str) -> bool {
    matches!(word, "the" | "this" | "that" | "which" | "each" | "every" | "any" | "another" | "no" | "someone" | "anyone")
}

/// Parses a number phrase starting exactly at token `i`.
pub(crate) fn parse(c: &Ctx, i: usize) -> Option<Num> {
    let n = parse_simple(c, i)?;
    // "two thirds of a million"
    if n.kind == NumberKind::Fraction && c.words_at(n.last, &["of", "a"]) {
        if let Some(NumWord::Scale(s)) = c.lex(n.last + 2).and_then(|l| l.num) {
            return Some(Num { first: n.first, last: n.last + 3, value: n.value * s, kind: NumberKind::Integer });
        }
    }
    // "one over three", "two out of five hundred": a fraction, when nothing
    // but punctuation follows (so "$2000 over 3 years" stays two numbers).
    if matches!(n.kind, NumberKind::Integer) && !c.breaks_before(n.last) {
        let k = if c.is_word(n.last, "over") || c.is_word(n.last, "in") {
            Some(n.last + 1)
        } else if c.words_at(n.last, &["out", "of"]) {
            Some(n.last + 2)
        } else {
            None
        };
        if let Some(k) = k {
            if let Some(d) = parse_simple(c, k).filter(|d| d.kind == NumberKind::Integer && d.value != 0.0 && !c.breaks_before(k)) {
                let free = !matches!(c.kind(d.last), Some(Kind::Word) | Some(Kind::Num));
                let out_of = c.w(n.last) == "out";
                // "one in five children": a share, when the second number is
                // small and no time unit follows ("5 in 10 days" is not).
                let one_in = c.w(n.last) == "in"
                    && n.value <= d.value
                    && d.value < 1000.0
                    && c.tok(k).is_some_and(|t| t.kind == Kind::Word || t.digits < 4)
                    && c.lex(d.last).and_then(|l| l.time_unit).is_none();
                if one_in || ((free || out_of) && c.w(n.last) != "in" && (!out_of || n.value <= d.value)) {
                    return Some(Num { first: n.first, last: d.last, value: n.value / d.value, kind: NumberKind::Fraction });
                }
            }
        }
    }
    Some(n)
}

/// Digits grouped by single spaces or no-break spaces: "1 234 567",
/// "40 000" with a narrow no-break space. Returns the value and the token
/// after the last group.
fn space_grouped(c: &Ctx, i: usize) -> Option<(f64, usize)> {
    let t = c.tok(i)?;
    if t.digits > 3 || t.grouped || t.decimal {
        return None;
    }
    let mut value = t.value;
    let mut j = i + 1;
    loop {
        let prev = c.tok(j - 1)?;
        let Some(next) = c.tok(j) else { break };
        let gap = &c.text[prev.end..next.start];
        let group = next.kind == Kind::Num
            && next.digits == 3
            && !next.grouped
            && (gap == " " || gap == "\u{a0}" || gap == "\u{202f}");
        if !group || next.line_before {
            break;
        }
        value = value * 1000.0 + next.value;
        j += 1;
        if next.decimal {
            break;
        }
    }
    (j > i + 1).then_some((value, j))
}

fn parse_simple(c: &Ctx, i: usize) -> Option<Num> {
    match c.kind(i)? {
        Kind::Num => parse_digits(c, i),
        Kind::Word => parse_words(c, i),
        Kind::Punct => {
            // A minus sign glued to a number and not itself glued to a word
            // or number before it (so "10-15" stays a range).
            if matches!(c.w(i), "-" | "−")
                && c.kind(i + 1) == Some(Kind::Num)
                && c.touching(i)
                && !(i > 0 && c.touching(i - 1) && matches!(c.kind(i - 1), Some(Kind::Num | Kind::Word)))
            {
                let mut n = parse_digits(c, i + 1)?;
                n.first = i;
                n.value = -n.value;
                return Some(n);
            }
            None
        }
    }
}

fn parse_digits(c: &Ctx, i: usize) -> Option<Num> {
    let t = c.tok(i)?;
    if let Some((value, last)) = space_grouped(c, i) {
        let kind = if value.fract() == 0.0 { NumberKind::Integer } else { NumberKind::Decimal };
        return Some(Num { first: i, last, value, kind });
    }
    let mut value = t.value;
    let mut kind = if t.decimal { NumberKind::Decimal } else { NumberKind::Integer };
    let mut j = i + 1;
    // A fraction "3/4", but not a date "5/17/2018" or a code "2222/2222".
    if c.is_punct(j, "/") && c.touching(i) && c.touching(j) && c.kind(j + 1) == Some(Kind::Num) && !t.decimal {
        let slash_again = c.touching(j + 1) && c.is_punct(j + 2, "/");
        let slash_before = i > 1
            && c.touching(i - 1)
            && matches!(c.w(i - 1), "/" | "-")
            && c.touching(i - 2)
            && c.kind(i - 2) == Some(Kind::Num);
        let den = c.num_value(j + 1).unwrap_or(0.0);
        let short = t.digits <= 3 && c.tok(j + 1).is_some_and(|d| d.digits <= 3 && !d.decimal && !d.grouped);
        if !slash_again && !slash_before && short && den != 0.0 {
            return Some(Num { first: i, last: j + 2, value: value / den, kind: NumberKind::Fraction });
        }
        return Some(Num { first: i, last: j, value, kind });
    }
    // A power "1.1^23", "2.5^-1", "10^400" (too large becomes infinity and
    // is reported by the caller).
    if c.is_punct(j, "^") && c.touching(i) && c.touching(j) {
        let mut k = j + 1;
        let mut negative = false;
        while matches!(c.w(k), "-" | "+") && c.touching(k) && k < j + 3 {
            negative ^= c.w(k) == "-";
            k += 1;
        }
        if let Some(e) = c.num_value(k) {
            let e = if negative { -e } else { e };
            return Some(Num { first: i, last: k + 1, value: value.powf(e.clamp(-1000.0, 1000.0)), kind: NumberKind::Decimal });
        }
    }
    // Mixed number "10 1/2".
    if !t.decimal
        && c.kind(j) == Some(Kind::Num)
        && !c.touching(i)
        && c.is_punct(j + 1, "/")
        && c.touching(j)
        && c.touching(j + 1)
        && c.kind(j + 2) == Some(Kind::Num)
        && !(c.touching(j + 2) && c.is_punct(j + 3, "/"))
    {
        let num = c.num_value(j).unwrap_or(0.0);
        let den = c.num_value(j + 2).unwrap_or(0.0);
        if den != 0.0 && num < den {
            return Some(Num { first: i, last: j + 3, value: value + num / den, kind: NumberKind::Fraction });
        }
    }
    if c.kind(j) == Some(Kind::Word) && c.touching(i) {
        let w = c.w(j);
        // Scientific notation written out: "1.3x10^6", "6.23x10^-4".
        if w == "x" && c.touching(j) && c.num_value(j + 1) == Some(10.0) && c.touching(j + 1) && c.is_punct(j + 2, "^") {
            if let Some(p) = parse_digits(c, j + 1).filter(|p| c.tok(p.first).is_some_and(|_| p.last > j + 3)) {
                return Some(Num { first: i, last: p.last, value: value * p.value, kind: NumberKind::Decimal });
            }
        }
        // Something glued on after the word ("24703m212") is a code, not a number.
        let glued_after = c.touching(j) && matches!(c.kind(j + 1), Some(Kind::Num | Kind::Word));
        // "10G": an upper-case G is giga.
        if c.text[c.start(j)..c.end(j)] == *"G" && !glued_after {
            return Some(Num { first: i, last: j + 1, value: value * 1e9, kind });
        }
        if matches!(w, "st" | "nd" | "rd" | "th") && !t.decimal && !t.grouped && !glued_after {
            return Some(Num { first: i, last: j + 1, value, kind: NumberKind::Ordinal });
        }
        if let Some(s) = attached_scale(w) {
            if !glued_after {
                return Some(Num { first: i, last: j + 1, value: value * s, kind });
            }
        }
        return Some(Num { first: i, last: j, value, kind });
    }
    if c.kind(j) == Some(Kind::Word) && !c.breaks_before(j) {
        // A lone scale letter after a space, ending the phrase: "2.33 k",
        // "1,674.5 G", "1,674,200.5 M".
        let letter = &c.text[c.start(j)..c.end(j)];
        let ends = !matches!(c.kind(j + 1), Some(Kind::Word | Kind::Num)) || c.breaks_before(j + 1);
        let letter_scale = match letter {
            "k" | "K" => Some(1e3),
            "M" => Some(1e6),
            "G" | "B" => Some(1e9),
            _ => None,
        };
        if let (Some(s), true) = (letter_scale, ends) {
            return Some(Num { first: i, last: j + 1, value: value * s, kind });
        }
        if let Some(s) = spaced_scale(c.w(j)) {
            if let Some((v, last)) = and_fraction(c, j + 1, value * s, s) {
                return Some(Num { first: i, last, value: v, kind: NumberKind::Decimal });
            }
            // "3 hundred and 21", "4 thousand 3 hundred and 21".
            if !t.decimal && !t.grouped && value < 1000.0 && matches!(c.lex(j).and_then(|l| l.num), Some(NumWord::Hundred | NumWord::Scale(_))) {
                let start = Seq { cur: value, last: Last::Teen, ..Seq::default() };
                if let Some(seq) = sequence(c, j, start) {
                    if seq.end > j + 1 {
                        return Some(Num { first: i, last: seq.end, value: seq.total + seq.cur, kind: NumberKind::Integer });
                    }
                }
            }
            value *= s;
            j += 1;
            if kind == NumberKind::Decimal && value.fract() == 0.0 {
                kind = NumberKind::Integer;
            }
            // "1.5 million" keeps its decimal kind only when it stays fractional.
            return Some(Num { first: i, last: j, value, kind });
        }
    }
    Some(Num { first: i, last: j, value, kind })
}

/// "and" + a fraction after a number ending at token `end`: the fraction
/// is of `scale` ("two million and a half"), and a scale word after it
/// multiplies the whole ("five and a half million").
fn and_fraction(c: &Ctx, end: usize, value: f64, scale: f64) -> Option<(f64, usize)> {
    if !c.is_word(end, "and") || c.breaks_before(end + 1) {
        return None;
    }
    let f = parse_words(c, end + 1).filter(|f| f.kind == NumberKind::Fraction && f.value < 1.0)?;
    let mut v = value + f.value * scale;
    let mut last = f.last;
    if !c.breaks_before(last) {
        if let Some(NumWord::Scale(s)) = c.lex(last).and_then(|l| l.num) {
            if scale == 1.0 {
                v *= s;
                last += 1;
            } else if s < scale {
                // "one billion and a half million"
                v = value + f.value * s;
                last += 1;
            }
        }
    }
    Some((v, last))
}

#[derive(Clone, Copy, PartialEq)]
enum Last {
    None,
    Unit,
    Teen,
    Ten,
    Hundred,
    Scale,
    And,
}

/// A compound fraction denominator at `j`: "twenty-fifth", "twenty firsts".
/// Returns the denominator, whether it is plural, and the token after it.
fn compound_denominator(c: &Ctx, j: usize) -> Option<(f64, bool, usize)> {
    let NumWord::Ten(t) = c.lex(j)?.num? else { return None };
    let k = if c.is_dash(j + 1) { j + 2 } else { j + 1 };
    if c.breaks_before(k) {
        return None;
    }
    let w = c.w(k);
    let singular = w.strip_suffix('s').unwrap_or(w);
    let o = crate::lex::lookup(singular).and_then(|l| l.ordinal).filter(|&o| (1.0..10.0).contains(&o))?;
    Some((t + o, w.ends_with('s'), k + 1))
}

/// The state of a spelled-out number being read left to right.
#[derive(Clone, Copy)]
struct Seq {
    total: f64,
    cur: f64,
    last: Last,
    last_scale: f64,
    /// The value read before the last "and" ("one hundred and three
    /// quarters": 100), so a fraction can apply to what follows it.
    and_value: Option<f64>,
    end: usize,
}

impl Default for Seq {
    fn default() -> Self {
        Seq { total: 0.0, cur: 0.0, last: Last::None, last_scale: f64::INFINITY, and_value: None, end: 0 }
    }
}

/// Plain digits standing for a small number inside a spelled-out one:
/// "3 hundred and 21", "4 thousand 3 hundred".
fn small_digits(c: &Ctx, j: usize) -> Option<f64> {
    let (v, digits) = c.plain_int(j)?;
    (digits <= 3 && v < 1000 && !c.touching(j)).then_some(v as f64)
}

/// Reads number words (and small digit groups between them) from token
/// `i`, continuing from `state`. `None` when nothing was read.
fn sequence(c: &Ctx, i: usize, mut state: Seq) -> Option<Seq> {
    let Seq { mut total, mut cur, mut last, mut last_scale, mut and_value, .. } = state;
    let mut j = i;
    let mut end = i;
    while j < c.len() {
        if j > i && c.breaks_before(j) {
            break;
        }
        let nw = match c.kind(j) {
            Some(Kind::Word) => c.lex(j).and_then(|l| l.num),
            // Digits only after a scale word ("4 thousand 3 hundred").
            Some(Kind::Num) if matches!(last, Last::Hundred | Last::Scale | Last::And) && j > i => {
                small_digits(c, j).map(|v| if v < 10.0 { NumWord::Unit(v) } else { NumWord::Teen(v) })
            }
            _ => None,
        };
        if let Some(nw) = nw {
            let ok = match nw {
                NumWord::Unit(u) => {
                    if matches!(last, Last::None | Last::Ten | Last::Hundred | Last::Scale | Last::And) {
                        cur += u;
                        last = Last::Unit;
                        true
                    } else {
                        false
                    }
                }
                NumWord::Teen(v) | NumWord::Ten(v) => {
                    if matches!(last, Last::None | Last::Hundred | Last::Scale | Last::And) {
                        cur += v;
                        last = if matches!(nw, NumWord::Ten(_)) { Last::Ten } else { Last::Teen };
                        true
                    } else {
                        false
                    }
                }
                NumWord::Hundred => {
                    if matches!(last, Last::None | Last::Unit | Last::Teen | Last::Ten) && cur < 100.0 {
                        cur = cur.max(1.0) * 100.0;
                        last = Last::Hundred;
                        true
                    } else {
                        false
                    }
                }
                // "three lakh crore": in Indian English a crore of lakhs.
                NumWord::Scale(s) if s == 1e7 && last == Last::Scale && last_scale == 1e5 && cur == 0.0 => {
                    total *= s;
                    last_scale = s;
                    true
                }
                NumWord::Scale(s) => {
                    if s < last_scale && last != Last::And {
                        total += cur.max(1.0) * s;
                        cur = 0.0;
                        last_scale = s;
                        last = Last::Scale;
                        true
                    } else {
                        false
                    }
                }
                NumWord::Dozen => {
                    if matches!(last, Last::None | Last::Unit | Last::Teen | Last::Ten | Last::Hundred) {
                        // "three hundred and two dozens": the dozens are of what follows "and".
                        let base = and_value.unwrap_or(0.0);
                        let tail = total + cur - base;
                        cur = base - total + tail.max(1.0) * 12.0;
                        end = j + 1;
                        break;
                    }
                    false
                }
            };
            if !ok {
                break;
            }
            j += 1;
            end = j;
            continue;
        }
        // "hundred and six", "thousand and two"; but "two million and two
        // thirds" leaves "and two thirds" to the fraction reading.
        if c.w(j) == "and" && matches!(last, Last::Hundred | Last::Scale) {
            let next_is_number = matches!(c.lex(j + 1).and_then(|l| l.num), Some(NumWord::Unit(_) | NumWord::Teen(_) | NumWord::Ten(_)))
                || small_digits(c, j + 1).is_some_and(|v| v > 0.0);
            // "3 hundred and 2 hundred" are two numbers.
            let another_hundred = last == Last::Hundred && matches!(c.lex(j + 2).and_then(|l| l.num), Some(NumWord::Hundred));
            let next_is_number = next_is_number && !another_hundred;
            let fraction_follows = parse_words(c, j + 1).is_some_and(|f| f.kind == NumberKind::Fraction);
            if next_is_number && !(last == Last::Scale && fraction_follows) {
                and_value = Some(total + cur);
                last = Last::And;
                j += 1;
                continue;
            }
        }
        // "twenty-five", "fifty - two".
        if c.is_dash(j) && last == Last::Ten && matches!(c.lex(j + 1).and_then(|l| l.num), Some(NumWord::Unit(_))) {
            j += 1;
            continue;
        }
        break;
    }
    if end == i {
        return None;
    }
    state = Seq { total, cur, last, last_scale, and_value, end };
    Some(state)
}

fn parse_words(c: &Ctx, i: usize) -> Option<Num> {
    let w = c.w(i);
    // Sign words.
    if matches!(w, "minus" | "negative") {
        let mut n = parse(c, i + 1)?;
        if n.kind == NumberKind::Ordinal || n.kind == NumberKind::Vague {
            return None;
        }
        n.first = i;
        n.value = -n.value;
        return Some(n);
    }
    let lex = c.lex(i);
    // Vague plurals: "dozens", "hundreds", "tens of thousands", "hundreds of thousands".
    if w == "tens" && c.words_at(i + 1, &["of"]) {
        if let Some(v) = c.lex(i + 2).and_then(|l| l.vague) {
            if v >= 1e3 {
                return Some(Num { first: i, last: i + 3, value: 20.0 * v, kind: NumberKind::Vague });
            }
        }
    }
    if let Some(unit) = lex.and_then(|l| l.vague) {
        if c.words_at(i + 1, &["of"]) {
            if let Some(v2) = c.lex(i + 2).and_then(|l| l.vague) {
                if v2 > unit {
                    return Some(Num { first: i, last: i + 3, value: 2.0 * unit * v2, kind: NumberKind::Vague });
                }
            }
        }
        return Some(Num { first: i, last: i + 1, value: 2.0 * unit, kind: NumberKind::Vague });
    }
    // "a"/"an": "a hundred", "a dozen", "a half", "a third".
    if w == "a" || w == "an" {
        // "a twenty-first"
        if let Some((d, false, after)) = compound_denominator(c, i + 1) {
            return Some(Num { first: i, last: after, value: 1.0 / d, kind: NumberKind::Fraction });
        }
        let next = c.lex(i + 1)?;
        match next.num {
            Some(NumWord::Hundred) | Some(NumWord::Scale(_)) | Some(NumWord::Dozen) => {
                let mut n = parse_words(c, i + 1)?;
                n.first = i;
                return Some(n);
            }
            _ => {}
        }
        if let Some(d) = next.denominator {
            // "a third of", "a half", but not "a second".
            if !matches!(c.w(i + 1), "second" | "seconds") && !c.w(i + 1).ends_with('s') {
                return Some(Num { first: i, last: i + 2, value: 1.0 / d, kind: NumberKind::Fraction });
            }
        }
        return None;
    }
    if w == "half" {
        if c.words_at(i + 1, &["a", "dozen"]) {
            return Some(Num { first: i, last: i + 3, value: 6.0, kind: NumberKind::Integer });
        }
        if let Some(NumWord::Scale(s)) = c.lex(i + 1).and_then(|l| l.num) {
            return Some(Num { first: i, last: i + 2, value: 0.5 * s, kind: NumberKind::Integer });
        }
        return Some(Num { first: i, last: i + 1, value: 0.5, kind: NumberKind::Fraction });
    }
    if w == "quarter" {
        if let Some(NumWord::Scale(s)) = c.lex(i + 1).and_then(|l| l.num) {
            return Some(Num { first: i, last: i + 2, value: 0.25 * s, kind: NumberKind::Integer });
        }
        return None;
    }
    if let Some(o) = lex.and_then(|l| l.ordinal) {
        return Some(Num { first: i, last: i + 1, value: o, kind: NumberKind::Ordinal });
    }
    lex?.num?;
    if w == "one" && i > 0 && pronoun_one_before(c.w(i - 1)) && !c.breaks_before(i) && crate::quantity::unit_at(c, i + 1).is_none() {
        return None;
    }

    let seq = sequence(c, i, Seq::default())?;
    let Seq { total, cur, last, last_scale, and_value, end } = seq;
    if end == i {
        return None;
    }
    let value = total + cur;
    let _ = last_scale;
    // "twenty-first", "hundred and first".
    let (ord_at, ord_ok) = if c.is_dash(end) { (end + 1, last == Last::Ten) } else { (end, last == Last::Ten) };
    if ord_ok {
        if let Some(o) = c.lex(ord_at).and_then(|l| l.ordinal) {
            if o < 10.0 && !c.breaks_before(ord_at) {
                return Some(Num { first: i, last: ord_at + 1, value: value + o, kind: NumberKind::Ordinal });
            }
        }
    }
    // "one twenty-fifth", "three twenty-firsts".
    if let Some((d, plural, after)) = compound_denominator(c, end) {
        if (plural || value == 1.0) && total == 0.0 && value < 100.0 {
            return Some(Num { first: i, last: after, value: value / d, kind: NumberKind::Fraction });
        }
    }
    // "one hundred thirty fifths" is 100/35: without "and", a trailing ten
    // joins the ordinal as the denominator.
    if last == Last::Ten && and_value.is_none() {
        if let Some((d, true, after)) = compound_denominator(c, end - 1) {
            let ten = match c.lex(end - 1).and_then(|l| l.num) {
                Some(NumWord::Ten(t)) => t,
                _ => 0.0,
            };
            if value - ten > 0.0 {
                return Some(Num { first: i, last: after, value: (value - ten) / d, kind: NumberKind::Fraction });
            }
        }
    }
    // Fractions: "two thirds", "three quarters", "five-eighths".
    let den_at = if c.is_dash(end) { end + 1 } else { end };
    if let Some(d) = c.lex(den_at).and_then(|l| l.denominator) {
        let word = c.w(den_at);
        // "one second" is a duration: only real fraction words.
        let fraction_word = word != "second" && word != "seconds";
        // After "and" a single-digit tail takes the fraction alone ("one
        // hundred and three quarters" is 100.75); a longer one is read as
        // the numerator of the whole ("one hundred and thirty fifths" is 26).
        let base = and_value.filter(|&b| value - b < 10.0 || d >= 100.0).unwrap_or(0.0);
        let tail = value - base;
        if fraction_word && tail > 0.0 && !c.breaks_before(den_at) && (word.ends_with('s') || tail == 1.0) {
            return Some(Num { first: i, last: den_at + 1, value: base + tail / d, kind: NumberKind::Fraction });
        }
    }
    // "three dozens"
    if c.w(end) == "dozens" && matches!(last, Last::Unit | Last::Teen | Last::Ten) && !c.breaks_before(end) {
        let base = and_value.unwrap_or(0.0);
        return Some(Num { first: i, last: end + 1, value: base + (value - base) * 12.0, kind: NumberKind::Integer });
    }
    // "one and a half", "twenty and three fifths", "two million and a half",
    // "five and a half million".
    if let Some((v, last)) = and_fraction(c, end, value, if last == Last::Scale { seq.last_scale } else { 1.0 }) {
        return Some(Num { first: i, last, value: v, kind: NumberKind::Decimal });
    }
    // "two hundred point zero three", "five point five".
    if c.is_word(end, "point") && total.fract() == 0.0 {
        let mut k = end + 1;
        let mut frac = 0.0;
        let mut scale = 0.1;
        while let Some(NumWord::Unit(d)) = c.lex(k).and_then(|l| l.num) {
            if c.breaks_before(k) {
                break;
            }
            frac += d * scale;
            scale *= 0.1;
            k += 1;
        }
        if k == end + 1 {
            // "point seventy-one": one compound number read as digits.
            if let Some(n) = parse_words(c, end + 1).filter(|n| n.kind == NumberKind::Integer && n.value >= 10.0 && n.value < 100.0) {
                frac = n.value / 100.0;
                k = n.last;
            }
        }
        if k > end + 1 {
            return Some(Num { first: i, last: k, value: value + frac, kind: NumberKind::Decimal });
        }
    }
    Some(Num { first: i, last: end, value, kind: NumberKind::Integer })
}

/// Every number phrase in the text, left to right, not overlapping. Numbers
/// that are ordinals are included with kind `Ordinal`.
pub(crate) fn scan_all(c: &Ctx) -> Vec<Num> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        if c.taken[i] {
            i += 1;
            continue;
        }
        if let Some(n) = parse(c, i) {
            if n.last > i {
                // A number glued to unit letters ("180ml", "29km") is a
                // measurement, not a number on its own.
                let glued_unit = c.kind(n.last - 1) == Some(Kind::Num)
                    && c.touching(n.last - 1)
                    && c.kind(n.last) == Some(Kind::Word);
                if !glued_unit {
                    out.push(n);
                }
                i = n.last;
                continue;
            }
        }
        i += 1;
    }
    out
}
