//! The per-call view of a text: tokens, their lowercase words and table
//! entries, and which tokens a recogniser has already claimed.

use crate::lex::{self, Lex};
use crate::token::{self, Kind, Token};

pub(crate) struct Ctx<'t> {
    pub text: &'t str,
    /// ASCII-lowercased copy: same byte offsets as `text`.
    pub lower: String,
    pub toks: Vec<Token>,
    pub lex: Vec<Option<&'static Lex>>,
    /// Tokens already part of a time expression or quantity.
    pub taken: Vec<bool>,
    /// For each token, the index of the next token (itself included) that
    /// can anchor a time expression / a quantity; scans skip tokens whose
    /// anchor is too far ahead, which is most of them.
    pub next_time_anchor: Vec<u32>,
    pub next_quantity_anchor: Vec<u32>,
}

fn time_anchor(kind: Kind, word: &str, lex: Option<&Lex>) -> bool {
    match kind {
        Kind::Num => true,
        Kind::Punct => word == "'" || word == "’",
        Kind::Word => {
            lex.is_some_and(|l| l.month.is_some() || l.weekday.is_some() || l.time_unit.is_some() || l.num.is_some())
                || matches!(word, "today" | "yesterday" | "tomorrow" | "tonight")
        }
    }
}

fn quantity_anchor(kind: Kind, word: &str, lex: Option<&Lex>) -> bool {
    match kind {
        Kind::Num => true,
        Kind::Punct => false,
        Kind::Word => {
            lex.is_some_and(|l| l.num.is_some() || l.vague.is_some() || l.denominator.is_some() || l.ordinal.is_some())
                || matches!(word, "half" | "twice" | "thrice" | "double" | "triple" | "percent" | "percents" | "per")
                || word.ends_with("fold")
        }
    }
}


impl<'t> Ctx<'t> {
    pub fn new(text: &'t str) -> Ctx<'t> {
        let mut toks = Vec::with_capacity(text.len() / 5 + 1);
        token::tokenize(text, &mut toks);
        let lower = text.to_ascii_lowercase();
        let n = toks.len();
        let mut lex: Vec<Option<&'static Lex>> = Vec::with_capacity(n);
        let mut next_time_anchor = vec![n as u32; n + 1];
        let mut next_quantity_anchor = vec![n as u32; n + 1];
        let mut time_flags = vec![false; n];
        let mut quantity_flags = vec![false; n];
        for (i, t) in toks.iter().enumerate() {
            let word = &lower[t.start..t.end];
            let l = if t.kind == Kind::Word && t.end - t.start <= 24 { lex::lookup(word) } else { None };
            lex.push(l);
            time_flags[i] = time_anchor(t.kind, word, l);
            quantity_flags[i] = quantity_anchor(t.kind, word, l);
        }
        for i in (0..n).rev() {
            next_time_anchor[i] = if time_flags[i] { i as u32 } else { next_time_anchor[i + 1] };
            next_quantity_anchor[i] = if quantity_flags[i] { i as u32 } else { next_quantity_anchor[i + 1] };
        }
        let taken = vec![false; n];
        let mut c = Ctx { text, lower, toks, lex, taken, next_time_anchor, next_quantity_anchor };
        c.mask_urls();
        c
    }

    /// Digits inside a URL are never figures or dates: the whole URL (up to
    /// the next space) is marked taken.
    fn mask_urls(&mut self) {
        let mut i = 0;
        while i < self.toks.len() {
            let w = self.w(i);
            let url = ((w == "http" || w == "https") && self.is_punct(i + 1, ":") && self.touching(i))
                || (w == "www" && self.is_punct(i + 1, ".") && self.touching(i));
            if url {
                let mut j = i;
                while j + 1 < self.toks.len() && self.touching(j) {
                    j += 1;
                }
                self.take(i, j + 1);
                i = j + 1;
            } else {
                i += 1;
            }
        }
    }

    /// Whether a time expression could start at `i`: an anchor within the
    /// next few tokens ("the night of April 2": four tokens to "April").
    pub fn near_time_anchor(&self, i: usize) -> bool {
        self.next_time_anchor.get(i).is_some_and(|&a| (a as usize) <= i + 4)
    }

    /// Whether a quantity could start at `i` ("less than or equal to 40"),
    /// or `i` is an article that may count one thing ("a helicopter").
    pub fn near_quantity_anchor(&self, i: usize) -> bool {
        self.next_quantity_anchor.get(i).is_some_and(|&a| (a as usize) <= i + 6) || matches!(self.w(i), "a" | "an")
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn tok(&self, i: usize) -> Option<&Token> {
        self.toks.get(i)
    }

    /// The lowercase text of token `i` ("" past the end).
    pub fn w(&self, i: usize) -> &str {
        match self.toks.get(i) {
            Some(t) => &self.lower[t.start..t.end],
            None => "",
        }
    }

    pub fn is_word(&self, i: usize, word: &str) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Word) && self.w(i) == word
    }

    pub fn is_punct(&self, i: usize, p: &str) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Punct) && self.w(i) == p
    }

    pub fn is_dash(&self, i: usize) -> bool {
        matches!(self.w(i), "-" | "–" | "—" | "‐" | "−") && self.toks.get(i).is_some_and(|t| t.kind == Kind::Punct)
    }

    pub fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    pub fn lex(&self, i: usize) -> Option<&'static Lex> {
        self.lex.get(i).copied().flatten()
    }

    /// Token `i + 1` follows token `i` with nothing in between.
    pub fn touching(&self, i: usize) -> bool {
        match (self.toks.get(i), self.toks.get(i + 1)) {
            (Some(a), Some(b)) => a.touches(b),
            _ => false,
        }
    }

    /// Token `i` starts a new line: phrases never continue across one.
    pub fn breaks_before(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.line_before)
    }

    /// Whether words `i..` match `words` in order, none of them on a new line.
    pub fn words_at(&self, i: usize, words: &[&str]) -> bool {
        words.iter().enumerate().all(|(k, w)| {
            let j = i + k;
            (k == 0 || !self.breaks_before(j)) && self.kind(j) == Some(Kind::Word) && self.w(j) == *w
        })
    }

    pub fn num_value(&self, i: usize) -> Option<f64> {
        self.toks.get(i).filter(|t| t.kind == Kind::Num).map(|t| t.value)
    }

    /// A plain integer token (no separators or decimals) and its value.
    pub fn plain_int(&self, i: usize) -> Option<(u64, u16)> {
        let t = self.toks.get(i)?;
        if t.kind != Kind::Num || t.grouped || t.decimal || t.digits > 9 {
            return None;
        }
        Some((t.value as u64, t.digits))
    }

    pub fn start(&self, i: usize) -> usize {
        self.toks.get(i).map(|t| t.start).unwrap_or(self.text.len())
    }

    pub fn end(&self, i: usize) -> usize {
        self.toks.get(i).map(|t| t.end).unwrap_or(self.text.len())
    }

    pub fn is_capitalized(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| self.text.as_bytes()[t.start].is_ascii_uppercase())
    }

    pub fn any_taken(&self, from: usize, to: usize) -> bool {
        self.taken[from.min(self.taken.len())..to.min(self.taken.len())].iter().any(|&b| b)
    }

    pub fn take(&mut self, from: usize, to: usize) {
        let n = self.taken.len();
        for t in &mut self.taken[from.min(n)..to.min(n)] {
            *t = true;
        }
    }
}
