//! Folding of names and text to one comparable form, so that "Kəlbəcər",
//! "KELBECER" and "Kelbecer" meet, as do "Deir ez-Zor" and "Deir ez Zor".

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Text folded for matching, with the way back to the original bytes.
pub(crate) struct Folded {
    pub text: String,
    /// `origin[i]` is the byte offset in the original text of the character
    /// that produced folded byte `i`; one extra entry holds the original
    /// length. `u32` halves the memory: documents stay far below 4 GB.
    origin: Vec<u32>,
}

impl Folded {
    #[cfg(test)]
    pub fn new(text: &str) -> Folded {
        Folded::build(text, false)
    }

    /// Folded with one space in front, for searching names that start with
    /// a space (see `Gazetteer::from_places`); folded offsets then count
    /// that space, and it maps to the start of the text.
    pub fn for_search(text: &str) -> Folded {
        Folded::build(text, true)
    }

    fn build(text: &str, leading_space: bool) -> Folded {
        // Bytes first, checked once at the end: ASCII (most of an English
        // text) is one byte in, one byte out, with no character decoding.
        let mut folded: Vec<u8> = Vec::with_capacity(text.len() + 1);
        let mut origin: Vec<u32> = Vec::with_capacity(text.len() + 2);
        if leading_space {
            folded.push(b' ');
            origin.push(0);
        }
        let bytes = text.as_bytes();
        let mut buf = [0u8; 4];
        let mut offset = 0;
        while offset < bytes.len() {
            let b = bytes[offset];
            if b.is_ascii() {
                folded.push(fold_ascii(char::from(b)) as u8);
                origin.push(offset as u32);
                offset += 1;
                continue;
            }
            let c = text[offset..].chars().next().expect("offset is a character boundary");
            fold_char(c, &mut |f| folded.extend_from_slice(f.encode_utf8(&mut buf).as_bytes()));
            origin.resize(folded.len(), offset as u32);
            offset += c.len_utf8();
        }
        origin.push(text.len() as u32);
        Folded {
            text: String::from_utf8(folded).expect("folding writes whole characters"),
            origin,
        }
    }

    /// The original byte offset for a folded offset that falls on a
    /// character boundary of the original (match starts and ends do, since
    /// patterns are folded the same way).
    pub fn original(&self, folded_offset: usize) -> usize {
        self.origin[folded_offset] as usize
    }

    /// Whether folded bytes `a` and `b` come from the same original character
    /// (a character folded to several bytes, like "ß" to "ss").
    pub fn same_character(&self, a: usize, b: usize) -> bool {
        self.origin[a] == self.origin[b]
    }
}

/// Letters and digits lowercased, apostrophes kept (they belong to names:
/// "Dar'a"), every other character a space: hyphens and spaces are the same
/// separator in place names ("Deir ez-Zor"), and a name can then only start
/// after a space (see `Gazetteer::from_places`).
fn fold_ascii(c: char) -> char {
    match c {
        '\'' | '`' => '\'',
        _ if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
        _ => ' ',
    }
}

/// Folds a name for use as a pattern.
pub(crate) fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        fold_char(c, &mut |f| out.push(f));
    }
    out
}

/// Whether `name` folds to `key`, compared as it folds: building the
/// gazetteer asks this for every pair of a place's names, and a String per
/// question made that the larger part of its start-up.
pub(crate) fn folds_to(name: &str, key: &str) -> bool {
    let mut rest = key.as_bytes();
    let mut same = true;
    let mut buf = [0u8; 4];
    for c in name.chars() {
        fold_char(c, &mut |f| {
            let folded = f.encode_utf8(&mut buf).as_bytes();
            match rest.strip_prefix(folded) {
                Some(after) if same => rest = after,
                _ => same = false,
            }
        });
        if !same {
            return false;
        }
    }
    rest.is_empty()
}

fn fold_char(c: char, emit: &mut impl FnMut(char)) {
    if c.is_ascii() {
        emit(fold_ascii(c));
        return;
    }
    match c {
        // Azerbaijani schwa and dotless i have no decomposition.
        'ə' | 'Ə' | 'ǝ' | 'Ǝ' => emit('e'),
        'ı' => emit('i'),
        'ß' => {
            emit('s');
            emit('s')
        }
        'æ' | 'Æ' => {
            emit('a');
            emit('e')
        }
        'œ' | 'Œ' => {
            emit('o');
            emit('e')
        }
        'ø' | 'Ø' => emit('o'),
        'đ' | 'Đ' => emit('d'),
        'ł' | 'Ł' => emit('l'),
        'ħ' | 'Ħ' => emit('h'),
        // Apostrophes and the ayin/hamza marks of romanised Arabic.
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{02BB}' | '\u{02BE}' | '\u{02BF}'
        | '\u{2032}' => emit('\''),
        _ if is_combining_mark(c) => {
            // Text written decomposed ("S" + cedilla): the mark folds away
            // as it does in a precomposed "Ş".
        }
        _ => {
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    for l in d.to_lowercase() {
                        emit(if l.is_alphanumeric() { l } else { ' ' });
                    }
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_azerbaijani_and_arabic_romanisations() {
        assert_eq!(fold("Kəlbəcər"), "kelbecer");
        assert_eq!(fold("Füzuli"), "fuzuli");
        assert_eq!(fold("Şuşa"), "susa");
        assert_eq!(fold("İmişli"), "imisli");
        assert_eq!(fold("Ḩamāh"), "hamah");
        assert_eq!(fold("Dar‘ā"), "dar'a");
        assert_eq!(fold("Deir ez-Zor"), "deir ez zor");
        assert_eq!(fold("Nagorno–Karabakh"), "nagorno karabakh");
        assert_eq!(fold("U.S."), "u s ");
        assert_eq!(fold("S\u{0327}us\u{0327}a"), "susa");
        assert_eq!(fold("«Aleppo»"), " aleppo ");
    }

    #[test]
    fn folds_to_agrees_with_fold() {
        let names = ["Kəlbəcər", "Şuşa", "Dar‘ā", "Deir ez-Zor", "U.S.", "S\u{0327}us\u{0327}a", "«Aleppo»", "Straße", ""];
        for name in names {
            for other in names {
                assert_eq!(folds_to(name, &fold(other)), fold(name) == fold(other), "{name:?} vs {other:?}");
            }
            assert!(!folds_to(name, &format!("{}x", fold(name))), "a longer key never matches: {name:?}");
        }
    }

    #[test]
    fn maps_folded_offsets_back_to_the_original() {
        let text = "In Kəlbəcər, then Şuşa";
        let folded = Folded::new(text);
        let start = folded.text.find("susa").unwrap();
        let span = folded.original(start)..folded.original(start + 4);
        assert_eq!(&text[span], "Şuşa");
        let start = folded.text.find("kelbecer").unwrap();
        assert_eq!(
            &text[folded.original(start)..folded.original(start + 8)],
            "Kəlbəcər"
        );
    }
}
