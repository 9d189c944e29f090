//! Words and punctuation with byte spans: the unit every pattern in actors,
//! attribution and measure works over.

use contested_core::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Word,
    Number,
    /// Punctuation, quotes, and line breaks (as "\n"): patterns never match across them.
    Punct,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Token<'t> {
    pub span: Span,
    pub text: &'t str,
    pub kind: TokenKind,
    /// The lexicon's phrases that start with this word ([`NO_PHRASES`] when
    /// none), looked up once here: matching asks for them several times per
    /// token.
    pub phrases: u32,
}

/// [`Token::phrases`] of a token that starts no lexicon phrase.
pub(crate) const NO_PHRASES: u32 = u32::MAX;

impl<'t> Token<'t> {
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    pub fn is_capitalised(&self) -> bool {
        self.kind == TokenKind::Word && self.text.chars().next().is_some_and(char::is_uppercase)
    }

    pub fn lower(&self) -> String {
        self.text.to_lowercase()
    }

    pub fn is(&self, word: &str) -> bool {
        self.text.eq_ignore_ascii_case(word)
    }

    pub fn is_any(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.is(w))
    }
}

/// A word list asked about many tokens: the same answer as
/// [`Token::is_any`] over the list, by one hash look-up instead of a
/// comparison per word (lists such as `NOT_NAMES` run to 140 words).
pub(crate) struct WordSet {
    lowercase: rustc_hash::FxHashSet<Box<[u8]>>,
    longest: usize,
}

impl WordSet {
    /// `words` must be ASCII, as `Token::is`'s ASCII-only case folding
    /// assumes: a non-ASCII token then never equals any of them.
    pub fn new(words: &[&str]) -> WordSet {
        assert!(words.iter().all(|w| w.is_ascii()), "word lists are ASCII");
        WordSet {
            lowercase: words.iter().map(|w| w.to_ascii_lowercase().into_bytes().into_boxed_slice()).collect(),
            longest: words.iter().map(|w| w.len()).max().unwrap_or(0),
        }
    }

    pub fn holds(&self, token: &Token<'_>) -> bool {
        let text = token.text;
        if text.len() > self.longest || !text.is_ascii() {
            return false;
        }
        let mut buf = [0u8; 64];
        let Some(lower) = buf.get_mut(..text.len()) else {
            return token.is_any_slow(&self.lowercase);
        };
        lower.copy_from_slice(text.as_bytes());
        lower.make_ascii_lowercase();
        self.lowercase.contains(&*lower)
    }
}

impl Token<'_> {
    /// [`WordSet::holds`] for words longer than its stack buffer.
    fn is_any_slow(&self, lowercase: &rustc_hash::FxHashSet<Box<[u8]>>) -> bool {
        lowercase.contains(self.text.to_ascii_lowercase().as_bytes())
    }
}

/// Splits text into tokens. A possessive "'s" is its own token so that
/// "Azerbaijan's" reads as the country plus a possessive; dotted acronyms keep
/// their final period ("U.S.") because it is part of the name.
pub(crate) fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = tokenize_words(text);
    let lexicon = super::lexicon();
    for token in tokens.iter_mut().filter(|t| t.kind != TokenKind::Punct) {
        token.phrases = lexicon.phrases_starting(token.text);
    }
    tokens
}

/// [`tokenize`] without the lexicon look-up, for building the lexicon itself.
pub(super) fn tokenize_words(text: &str) -> Vec<Token<'_>> {
    // About one token per five bytes of news text: one allocation, not a dozen regrowths.
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c == '\n' {
            tokens.push(Token {
                span: Span::new(start, start + 1),
                text: &text[start..start + 1],
                kind: TokenKind::Punct,
                phrases: NO_PHRASES,
            });
            chars.next();
            continue;
        }
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if !c.is_alphanumeric() {
            let end = start + c.len_utf8();
            tokens.push(Token {
                span: Span::new(start, end),
                text: &text[start..end],
                kind: TokenKind::Punct,
                phrases: NO_PHRASES,
            });
            chars.next();
            continue;
        }
        // A word: alphanumerics joined by single inner hyphens, apostrophes, periods or commas
        // (the latter only between digits: "2,000", "2.5").
        let mut end = start;
        while let Some(&(i, ch)) = chars.peek() {
            if ch.is_alphanumeric() {
                end = i + ch.len_utf8();
                chars.next();
                continue;
            }
            if matches!(ch, '-' | '\'' | '’' | '.' | ',') {
                let next = text[i + ch.len_utf8()..].chars().next();
                let prev = text[..i].chars().next_back();
                let joins = match ch {
                    ',' => {
                        prev.is_some_and(|p| p.is_ascii_digit())
                            && next.is_some_and(|n| n.is_ascii_digit())
                    }
                    '.' => {
                        next.is_some_and(char::is_alphanumeric)
                            && (prev.is_some_and(|p| p.is_ascii_digit())
                                || is_acronym_part(&text[start..i]))
                    }
                    _ => next.is_some_and(char::is_alphanumeric),
                };
                if joins {
                    chars.next();
                    continue;
                }
            }
            break;
        }
        let mut word_end = end;
        // "U.S." keeps its final period.
        if text[word_end..].starts_with('.')
            && text[start..word_end].contains('.')
            && is_acronym_part(&text[start..word_end])
        {
            word_end += 1;
            chars.next();
        }
        let word = &text[start..word_end];
        // Split a possessive off the owner.
        let possessive = ["'s", "’s"]
            .iter()
            .find_map(|p| word.strip_suffix(p).map(|base| (base.len(), p.len())));
        let kind = if word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        match possessive {
            Some((base_len, _)) if base_len > 0 => {
                tokens.push(Token {
                    span: Span::new(start, start + base_len),
                    text: &word[..base_len],
                    kind,
                    phrases: NO_PHRASES,
                });
                tokens.push(Token {
                    span: Span::new(start + base_len, word_end),
                    text: &word[base_len..],
                    kind: TokenKind::Word,
                    phrases: NO_PHRASES,
                });
            }
            _ => tokens.push(Token {
                span: Span::new(start, word_end),
                text: word,
                kind,
                phrases: NO_PHRASES,
            }),
        }
    }
    tokens
}

/// "U", "U.S", "U.N": single letters separated by periods.
fn is_acronym_part(s: &str) -> bool {
    s.split('.')
        .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_possessives_keeps_acronyms_and_numbers_whole() {
        let text = "Azerbaijan's U.S. forces took 2,000 ha, 2.5 km; al-Assad said.";
        let words: Vec<&str> = tokenize(text).iter().map(|t| t.text).collect();
        assert_eq!(
            words,
            vec![
                "Azerbaijan",
                "'s",
                "U.S.",
                "forces",
                "took",
                "2,000",
                "ha",
                ",",
                "2.5",
                "km",
                ";",
                "al-Assad",
                "said",
                "."
            ]
        );
        for t in tokenize(text) {
            assert_eq!(&text[t.span.start..t.span.end], t.text);
        }
    }
}
