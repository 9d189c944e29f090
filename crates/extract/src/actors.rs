//! Actors: the parties and speakers a conflict report names.
//!
//! Recognition is lexical and positional: a country modifier plus an
//! institution ("Azerbaijan's Defense Ministry"), an institution of a country
//! ("the Ministry of Defence of Armenia"), a title plus a name ("President
//! Ilham Aliyev"), a built-in organisation or outlet, or a capitalised name
//! introduced by an apposition ("Ivan Petrov, a Russian analyst") or
//! next to a reporting verb ("said Shevchenko"). Later short forms ("the
//! defense ministry", "Shevchenko", "the expert") are linked to the earlier
//! full mention, so every mention of one actor shares one id.

mod lexicon;
pub(crate) mod tokens;

use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::sync::OnceLock;

use contested_core::Span;

use self::lexicon::{
    BACK_REFERENCES, COUNTRIES, INSTITUTIONS, NAMED, NOT_NAMES, ORGANISATION_HEADS, SPOKESPEOPLE,
    TITLES,
};
use self::tokens::{tokenize, Token, TokenKind, WordSet, NO_PHRASES};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActorKind {
    ArmedForces,
    Ministry,
    Government,
    HeadOfState,
    Official,
    Person,
    Expert,
    Outlet,
    Country,
    Side,
    Organisation,
    Group,
}

impl ActorKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            ActorKind::ArmedForces => "armed_forces",
            ActorKind::Ministry => "ministry",
            ActorKind::Government => "government",
            ActorKind::HeadOfState => "head_of_state",
            ActorKind::Official => "official",
            ActorKind::Person => "person",
            ActorKind::Expert => "expert",
            ActorKind::Outlet => "outlet",
            ActorKind::Country => "country",
            ActorKind::Side => "side",
            ActorKind::Organisation => "organisation",
            ActorKind::Group => "group",
        }
    }

    /// Whether "he"/"she" can refer to an actor of this kind.
    pub fn is_individual(&self) -> bool {
        matches!(
            self,
            ActorKind::Person | ActorKind::Expert | ActorKind::Official | ActorKind::HeadOfState
        )
    }
}

/// One mention of an actor in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorMention {
    pub span: Span,
    /// The mention as written: "Azerbaijani defense ministry", "the expert".
    pub name: String,
    /// Normalised id, the same for the same actor in every document:
    /// `az.ministry_of_defence`, `am.side`, `ru`, `org:who`,
    /// `person:maxim-shevchenko`. A bare institution whose country the text
    /// never states gets `unknown.<institution>`.
    pub actor_id: String,
    pub kind: ActorKind,
    /// ISO 3166-1 alpha-2 code of the country the actor belongs to or speaks
    /// for, when the text says it.
    pub side: Option<String>,
    /// How the text describes a person, as written: the apposition after the
    /// name ("a Russian analyst and writer") or the title before it
    /// ("Azerbaijan's President").
    pub role: Option<String>,
}

/// Actor mentions in `text`, in order, never overlapping.
pub fn actors(text: &str) -> Vec<ActorMention> {
    find_actors(text, &tokenize(text))
}

pub(crate) fn find_actors(text: &str, tokens: &[Token<'_>]) -> Vec<ActorMention> {
    let lexicon = lexicon();
    let mut found: Vec<ActorMention> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match match_at(text, tokens, i, lexicon, &found) {
            Some((mention, next)) => {
                found.push(mention);
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    link_short_forms(text, tokens, &mut found);
    resolve_bare_mentions(&mut found);
    propagate_roles(&mut found);
    found
}

// ---------------------------------------------------------------------------
// Lexicon compiled once into first-word buckets.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CountryForm {
    Name,
    Adjective,
    People,
}

#[derive(Debug, Clone, Copy)]
enum Entry {
    Country(usize, CountryForm),
    Institution(usize),
    Title(usize),
    Named(usize),
}

struct Phrase {
    /// Words as written, for exact-case matches.
    words: Vec<String>,
    exact_case: bool,
    entry: Entry,
}

struct Lexicon {
    /// Lowercased first word to its index in `buckets`.
    /// Keyed by bytes so that a word lowercased on the stack needs no UTF-8 check.
    by_first: FxHashMap<Box<[u8]>, u32>,
    /// Phrases by first word, longest first.
    buckets: Vec<Vec<Phrase>>,
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut by_first: FxHashMap<String, Vec<Phrase>> = FxHashMap::default();
        let mut add = |phrase: &str, exact_case: bool, entry: Entry| {
            let words: Vec<String> = self::tokens::tokenize_words(phrase)
                .iter()
                .map(|t| t.text.to_string())
                .collect();
            if words.is_empty() {
                return;
            }
            by_first
                .entry(words[0].to_lowercase())
                .or_default()
                .push(Phrase {
                    words,
                    exact_case,
                    entry,
                });
        };
        for (idx, country) in COUNTRIES.iter().enumerate() {
            for name in country.names {
                add(name, true, Entry::Country(idx, CountryForm::Name));
            }
            for adjective in country.adjectives {
                add(adjective, true, Entry::Country(idx, CountryForm::Adjective));
            }
            for people in country.people {
                add(people, true, Entry::Country(idx, CountryForm::People));
            }
        }
        for (idx, institution) in INSTITUTIONS.iter().enumerate() {
            for phrase in institution.phrases {
                add(phrase, false, Entry::Institution(idx));
            }
        }
        for (idx, (title, _)) in TITLES.iter().enumerate() {
            add(title, false, Entry::Title(idx));
        }
        for (idx, named) in NAMED.iter().enumerate() {
            for phrase in named.phrases {
                add(phrase, named.exact_case, Entry::Named(idx));
            }
        }
        let mut buckets = Vec::with_capacity(by_first.len());
        let by_first = by_first
            .into_iter()
            .map(|(word, mut bucket)| {
                bucket.sort_by_key(|phrase| std::cmp::Reverse(phrase.words.len()));
                buckets.push(bucket);
                (word.into_bytes().into_boxed_slice(), (buckets.len() - 1) as u32)
            })
            .collect();
        Lexicon { by_first, buckets }
    })
}

impl Lexicon {
    /// The bucket of phrases whose first word is `word`, case-insensitively
    /// ([`NO_PHRASES`] if none). Short ASCII words (nearly all) are
    /// lowercased on the stack instead of into a new String.
    fn phrases_starting(&self, word: &str) -> u32 {
        let mut buf = [0u8; 32];
        let found = match buf.get_mut(..word.len()) {
            Some(lower) if word.is_ascii() => {
                lower.copy_from_slice(word.as_bytes());
                lower.make_ascii_lowercase();
                self.by_first.get(&*lower)
            }
            _ => self.by_first.get(word.to_lowercase().as_bytes()),
        };
        found.copied().unwrap_or(NO_PHRASES)
    }

    /// The longest phrase starting at token `i` that `accept` takes, with the
    /// index just past it.
    fn longest(
        &self,
        tokens: &[Token<'_>],
        i: usize,
        accept: impl Fn(Entry) -> bool,
    ) -> Option<(Entry, usize)> {
        let first = tokens.get(i)?;
        if first.kind == TokenKind::Punct {
            return None;
        }
        let bucket = self.buckets.get(first.phrases as usize)?;
        bucket.iter().find_map(|phrase| {
            if !accept(phrase.entry) || i + phrase.words.len() > tokens.len() {
                return None;
            }
            let matches = phrase.words.iter().zip(&tokens[i..]).all(|(word, token)| {
                if phrase.exact_case {
                    token.text == word
                } else {
                    token.text.eq_ignore_ascii_case(word)
                        || (!token.text.is_ascii()
                            && token.text.to_lowercase() == word.to_lowercase())
                }
            });
            matches.then_some((phrase.entry, i + phrase.words.len()))
        })
    }
}

// ---------------------------------------------------------------------------
// Matching at one position.

fn match_at(
    text: &str,
    tokens: &[Token<'_>],
    i: usize,
    lexicon: &Lexicon,
    found: &[ActorMention],
) -> Option<(ActorMention, usize)> {
    let has_article = tokens[i].is("the");
    let j = if has_article { i + 1 } else { i };
    if j >= tokens.len() {
        return None;
    }
    let mention_start = if has_article { i } else { j };

    // Built-in organisations, groups and outlets.
    let named_at = |at: usize| lexicon.longest(tokens, at, |e| matches!(e, Entry::Named(_)));
    if let Some((Entry::Named(n), k)) =
        named_at(i).or_else(|| if has_article { named_at(j) } else { None })
    {
        let start = if named_at(i).is_some() { i } else { j };
        let named = &NAMED[n];
        let mut end = k;
        let mut kind = named.kind;
        let mut id = named.id.to_string();
        if let Some((after, suffix)) = spokesperson_at(tokens, end) {
            end = after;
            kind = ActorKind::Official;
            id = format!("{id}.{suffix}");
            // "U.N. spokesman Martin Nesirky": the person, with the body in the role.
            if let Some(name_end) = name_tokens(tokens, end, lexicon) {
                let role = text[tokens[start].span.start..tokens[end - 1].span.end].to_string();
                let name_span = Span::new(tokens[end].span.start, tokens[name_end - 1].span.end);
                let span = Span::new(tokens[start].span.start, name_span.end);
                return Some((
                    mention(
                        text,
                        span,
                        person_id(name_span.slice(text)),
                        kind,
                        named.side,
                        Some(&role),
                    ),
                    name_end,
                ));
            }
        }
        let span = Span::new(tokens[start].span.start, tokens[end - 1].span.end);
        return Some((mention(text, span, id, kind, named.side, None), end));
    }

    // "Azerbaijani defense ministry", "Azerbaijan's President Ilham Aliyev", "Armenians", "Russia".
    if let Some((Entry::Country(c, form), k)) =
        lexicon.longest(tokens, j, |e| matches!(e, Entry::Country(..)))
    {
        let iso = COUNTRIES[c].iso2;
        let after_modifier = if tokens
            .get(k)
            .is_some_and(|t| t.text == "'s" || t.text == "’s")
        {
            k + 1
        } else {
            k
        };
        if form != CountryForm::People {
            if let Some(result) = institution_or_title(
                text,
                tokens,
                mention_start,
                j,
                after_modifier,
                Some(iso),
                lexicon,
            ) {
                return Some(result);
            }
        }
        // "Syrian Revolution General Commission": a body whose name starts with the adjective;
        // "Syrian Arab Army" is the country's armed forces under their full name.
        if let Some(end) = organisation_name(tokens, after_modifier) {
            let span = Span::new(tokens[j].span.start, tokens[end - 1].span.end);
            let (id, kind) = if tokens[end - 1].is_any(&["army", "military", "forces"]) {
                (
                    format!("{}.armed_forces", iso.to_lowercase()),
                    ActorKind::ArmedForces,
                )
            } else {
                (organisation_id(span.slice(text)), ActorKind::Organisation)
            };
            return Some((mention(text, span, id, kind, Some(iso), None), end));
        }
        // "Syrian opposition forces", "Syrian rebels": a group with the country's side.
        if let Some((Entry::Named(n), mut end)) =
            lexicon.longest(tokens, after_modifier, |e| matches!(e, Entry::Named(_)))
        {
            if NAMED[n].kind == ActorKind::Group {
                if tokens.get(end).is_some_and(|t| {
                    t.is_any(&["forces", "fighters", "groups", "factions", "activists"])
                }) {
                    end += 1;
                }
                let span = Span::new(tokens[j].span.start, tokens[end - 1].span.end);
                return Some((
                    mention(
                        text,
                        span,
                        NAMED[n].id.to_string(),
                        ActorKind::Group,
                        Some(iso),
                        None,
                    ),
                    end,
                ));
            }
        }
        if has_article && form != CountryForm::Name {
            // "the Armenian population": a modifier of something that is not an actor.
            return None;
        }
        return match form {
            CountryForm::Name => Some((
                mention(
                    text,
                    Span::new(tokens[j].span.start, tokens[k - 1].span.end),
                    iso.to_lowercase(),
                    ActorKind::Country,
                    Some(iso),
                    None,
                ),
                k,
            )),
            CountryForm::People => Some((
                mention(
                    text,
                    Span::new(tokens[j].span.start, tokens[k - 1].span.end),
                    format!("{}.people", iso.to_lowercase()),
                    ActorKind::Group,
                    Some(iso),
                    None,
                ),
                k,
            )),
            CountryForm::Adjective => None,
        };
    }

    // "the Ministry of Defence of Armenia", "the defense ministry", "President Ilham Aliyev".
    if let Some(result) = institution_or_title(text, tokens, mention_start, j, j, None, lexicon) {
        return Some(result);
    }

    // "the expert": whoever was last named as a person.
    if has_article {
        if let Some((_, kind)) = BACK_REFERENCES.iter().find(|(word, _)| tokens[j].is(word)) {
            // "the expert" is the last person of a matching kind, not the last president named.
            let fits = |m: &&ActorMention| match kind {
                ActorKind::Official => {
                    m.actor_id.starts_with("person:")
                        && matches!(m.kind, ActorKind::Official | ActorKind::HeadOfState)
                }
                ActorKind::HeadOfState => {
                    m.actor_id.starts_with("person:") && m.kind == ActorKind::HeadOfState
                }
                // "the observatory", "the monitor" are bodies; "the group" may be either.
                ActorKind::Organisation => m.kind == ActorKind::Organisation,
                ActorKind::Group => matches!(m.kind, ActorKind::Organisation | ActorKind::Group),
                _ => {
                    m.actor_id.starts_with("person:")
                        && matches!(m.kind, ActorKind::Person | ActorKind::Expert)
                }
            };
            // "the observatory" after "Syrian Observatory for Human Rights", "the spokesman" after
            // "U.N. spokesman Martin Nesirky": an antecedent that uses the same noun wins.
            let noun = tokens[j].lower();
            let says_noun = |m: &&ActorMention| {
                m.name.to_lowercase().contains(&noun)
                    || m.role
                        .as_deref()
                        .is_some_and(|r| r.to_lowercase().contains(&noun))
            };
            let recent = &found[found.len().saturating_sub(40)..];
            if let Some(antecedent) = recent
                .iter()
                .rev()
                .find(|m| fits(m) && says_noun(m))
                .or_else(|| found.iter().rev().find(fits))
            {
                let span = Span::new(tokens[i].span.start, tokens[j].span.end);
                let kind = if matches!(kind, ActorKind::Organisation | ActorKind::Group) {
                    antecedent.kind
                } else {
                    *kind
                };
                let mut m = mention(
                    text,
                    span,
                    antecedent.actor_id.clone(),
                    kind,
                    antecedent.side.as_deref(),
                    None,
                );
                m.role = antecedent.role.clone();
                return Some((m, j + 1));
            }
        }
        // "The Sawaiq al-Rahman Brigade": an organisation named with an article.
        let end = organisation_name(tokens, j)?;
        let span = Span::new(tokens[j].span.start, tokens[end - 1].span.end);
        return Some((
            mention(
                text,
                span,
                organisation_id(span.slice(text)),
                ActorKind::Organisation,
                None,
                None,
            ),
            end,
        ));
    }

    // "Local Coordination Committees said", "LCC said": bodies beside a reporting verb.
    if let Some(end) = organisation_name(tokens, j) {
        if is_speech_verb_near(tokens, j, end) || end - j >= 2 {
            let span = Span::new(tokens[j].span.start, tokens[end - 1].span.end);
            return Some((
                mention(
                    text,
                    span,
                    organisation_id(span.slice(text)),
                    ActorKind::Organisation,
                    None,
                    None,
                ),
                end,
            ));
        }
    }
    if is_acronym(&tokens[j]) && is_speech_verb_near(tokens, j, j + 1) {
        return Some((
            mention(
                text,
                tokens[j].span,
                organisation_id(tokens[j].text),
                ActorKind::Organisation,
                None,
                None,
            ),
            j + 1,
        ));
    }

    // A person named with an apposition or beside a reporting verb; people take no article
    // ("in the Middle East warned").
    if j > 0 && tokens[j - 1].is_any(&["the", "a", "an"]) {
        return None;
    }
    let name_end = name_tokens(tokens, j, lexicon)?;
    // "Khan-Shaikhoun Rudskoi said" after "Gen. Sergei Rudskoi": a place run into a known surname.
    if name_end - j >= 2 {
        let last = tokens[name_end - 1].text.to_lowercase();
        let candidate = person_id(&span_text(text, tokens, j, name_end));
        if let Some(known) = found.iter().find(|m| {
            m.actor_id != candidate
                && m.actor_id.starts_with("person:")
                && m.actor_id.ends_with(&format!("-{last}"))
        }) {
            let m = mention(
                text,
                tokens[name_end - 1].span,
                known.actor_id.clone(),
                ActorKind::Person,
                known.side.as_deref(),
                known.role.as_deref(),
            );
            return Some((m, name_end));
        }
    }
    let name_len = name_end - j;
    let role = apposition(text, tokens, name_end);
    let near_cue = is_speech_verb_near(tokens, j, name_end);
    let candidate_id = person_id(&span_text(text, tokens, j, name_end));
    let known = found.iter().any(|m| m.actor_id == candidate_id);
    // `…," Carson tweeted.`: a lone surname between a quote or comma and a verb.
    let lone_speaker = name_len == 1
        && j > 0
        && matches!(tokens[j - 1].text, "," | "\"" | "”")
        && tokens.get(name_end).is_some_and(|t| speech_verbs().holds(t))
        && !not_names().holds(&tokens[j]);
    if (name_len >= 2 && (role.is_some() || near_cue)) || known || lone_speaker {
        let span = Span::new(tokens[j].span.start, tokens[name_end - 1].span.end);
        let name = span.slice(text);
        let side = role.as_ref().and_then(|(_, r)| side_in(r, lexicon));
        let m = mention(
            text,
            span,
            person_id(name),
            ActorKind::Person,
            side,
            role.as_ref().map(|(_, r)| r.as_str()),
        );
        return Some((m, role.map(|(end, _)| end).unwrap_or(name_end)));
    }
    None
}

/// An institution or a titled person after an optional country modifier that
/// ends at `at`.
fn institution_or_title(
    text: &str,
    tokens: &[Token<'_>],
    mention_start: usize,
    modifier_start: usize,
    at: usize,
    iso: Option<&'static str>,
    lexicon: &Lexicon,
) -> Option<(ActorMention, usize)> {
    let has_modifier = at > modifier_start;
    // Titles with a person's name first: "President Ilham Aliyev", "Homs Governor Talal Barazi".
    if let Some((entry, k)) = lexicon.longest(tokens, at, |e| {
        matches!(e, Entry::Title(_) | Entry::Institution(_))
    }) {
        let (title_kind, is_title) = match entry {
            Entry::Title(t) => (TITLES[t].1, true),
            Entry::Institution(n) => (INSTITUTIONS[n].kind, INSTITUTIONS[n].title),
            _ => unreachable!(),
        };
        // "President of Azerbaijan Ilham Aliyev"
        let (k, iso) = match of_country(tokens, k, lexicon) {
            Some((after, of_iso)) if iso.is_none() => (after, Some(of_iso)),
            _ => (k, iso),
        };
        if is_title && tokens[at].is_capitalised() {
            if let Some(name_end) = name_tokens(tokens, k, lexicon) {
                let name_span = Span::new(tokens[k].span.start, tokens[name_end - 1].span.end);
                // A capitalised place before a bare title belongs to the role: "Homs Governor".
                let mut start = mention_start;
                if !has_modifier && mention_start > 0 {
                    let prev = &tokens[mention_start - 1];
                    if prev.is_capitalised()
                        && !not_names().holds(prev)
                        && (!starts_sentence(tokens, mention_start - 1)
                            || prev.is_any(&["Deputy", "Acting", "Vice", "Former", "Interim"]))
                    {
                        start = mention_start - 1;
                    }
                }
                let role = text[tokens[start].span.start..tokens[k - 1].span.end].to_string();
                let kind = if title_kind == ActorKind::Person {
                    ActorKind::Person
                } else {
                    title_kind
                };
                let span = Span::new(tokens[start].span.start, name_span.end);
                let name = span.slice(text);
                let mut m = mention(
                    text,
                    span,
                    person_id(name_span.slice(text)),
                    kind,
                    iso,
                    Some(&role),
                );
                m.name = name.to_string();
                return Some((m, name_end));
            }
        }
        if let Entry::Institution(n) = entry {
            let institution = &INSTITUTIONS[n];
            let has_article = tokens[mention_start].is("the");
            // A bare institution needs "the" ("the defense ministry") or capitals ("Defense Ministry").
            // A capital at a sentence start proves nothing ("Military operations were stopped").
            let proper = tokens[at..k]
                .iter()
                .all(|t| t.is_capitalised() || !t.is_word())
                && (k - at >= 2 || !starts_sentence(tokens, at));
            if iso.is_none() && !has_article && !proper {
                return None;
            }
            // "the president", "the minister": a person named before, found as a back reference.
            if iso.is_none() && institution.title {
                return None;
            }
            let mut end = k;
            let mut kind = institution.kind;
            let prefix = iso
                .map(|c| c.to_lowercase())
                .unwrap_or_else(|| "unknown".to_string());
            let mut id = format!("{prefix}.{}", institution.id);
            if let Some((after, suffix)) = spokesperson_at(tokens, end) {
                end = after;
                kind = ActorKind::Official;
                id = format!("{id}.{suffix}");
                if let Some(name_end) = name_tokens(tokens, end, lexicon) {
                    let role = text[tokens[mention_start].span.start..tokens[end - 1].span.end]
                        .to_string();
                    let name_span =
                        Span::new(tokens[end].span.start, tokens[name_end - 1].span.end);
                    let span = Span::new(tokens[mention_start].span.start, name_span.end);
                    return Some((
                        mention(
                            text,
                            span,
                            person_id(name_span.slice(text)),
                            kind,
                            iso,
                            Some(&role),
                        ),
                        name_end,
                    ));
                }
            }
            let span = Span::new(tokens[mention_start].span.start, tokens[end - 1].span.end);
            return Some((mention(text, span, id, kind, iso, None), end));
        }
    }
    None
}

/// "of Azerbaijan" after an institution.
fn of_country(tokens: &[Token<'_>], at: usize, lexicon: &Lexicon) -> Option<(usize, &'static str)> {
    if !tokens.get(at)?.is("of") {
        return None;
    }
    let at = if tokens.get(at + 1)?.is("the") {
        at + 2
    } else {
        at + 1
    };
    match lexicon.longest(tokens, at, |e| {
        matches!(e, Entry::Country(_, CountryForm::Name))
    })? {
        (Entry::Country(c, _), end) => Some((end, COUNTRIES[c].iso2)),
        _ => None,
    }
}

/// "spokesman" after an institution: the index after it and the id suffix.
fn spokesperson_at(tokens: &[Token<'_>], at: usize) -> Option<(usize, &'static str)> {
    SPOKESPEOPLE.iter().find_map(|(phrase, suffix)| {
        let words: Vec<&str> = phrase.split(' ').collect();
        let all = words
            .iter()
            .enumerate()
            .all(|(o, w)| tokens.get(at + o).is_some_and(|t| t.is(w)));
        all.then_some((at + words.len(), *suffix))
    })
}

/// The end of a person's name starting at `at`: capitalised words, with
/// particles such as "al-", "bin", "de" inside, none of them a known
/// country, organisation or common sentence opener.
fn name_tokens(tokens: &[Token<'_>], at: usize, lexicon: &Lexicon) -> Option<usize> {
    let mut end = at;
    while let Some(token) = tokens.get(end) {
        let particle = end > at
            && token.is_any(&["bin", "ibn", "de", "van", "von", "al", "el", "abu"])
            && tokens.get(end + 1).is_some_and(|t| t.is_capitalised());
        let prefixed = token.text.starts_with("al-") || token.text.starts_with("el-");
        if !(token.is_capitalised() || particle || (prefixed && end > at)) {
            break;
        }
        if not_names().holds(token)
            || token
                .text
                .chars()
                .all(|c| c.is_uppercase() || !c.is_alphabetic())
                && token.text.len() > 1
        {
            break;
        }
        if lexicon
            .longest(tokens, end, |e| {
                matches!(
                    e,
                    Entry::Country(..) | Entry::Named(_) | Entry::Institution(_) | Entry::Title(_)
                )
            })
            .is_some()
        {
            break;
        }
        end += 1;
        if end - at == 4 {
            break;
        }
    }
    (end > at).then_some(end)
}

/// The end of an organisation's name starting at `at`: capitalised words
/// (with "for", "of", "and", "the" between them) of which one is an
/// organisation head ("Syrian Network for Human Rights", "Local
/// Coordination Committees").
fn organisation_name(tokens: &[Token<'_>], at: usize) -> Option<usize> {
    let mut end = at;
    let mut head_end = None;
    // "UK-based Observatory": the modifier is no part of the name.
    if tokens.get(at).is_some_and(|t| {
        [
            "-based",
            "-led",
            "-backed",
            "-run",
            "-linked",
            "-affiliated",
        ]
        .iter()
        .any(|s| t.text.ends_with(s))
    }) {
        return None;
    }
    while let Some(token) = tokens.get(end) {
        let connector = end > at
            && token.is_any(&["for", "of", "and", "the", "on"])
            && tokens.get(end + 1).is_some_and(|t| t.is_capitalised());
        if !(token.is_capitalised() || connector) || end - at >= 8 {
            break;
        }
        // A country word inside a capitalised run starts a new name: in the headline
        // "Terrorists Killed in Latest Syrian Army …" the army is Syria's.
        if end > at
            && lexicon()
                .longest(tokens, end, |e| matches!(e, Entry::Country(..)))
                .is_some()
        {
            break;
        }
        if (token.is_any(&["The", "A", "An", "In", "On", "At", "But", "And"]) && end == at)
            || is_calendar_word(token)
        {
            break;
        }
        end += 1;
        if organisation_heads().holds(token) || token.text.ends_with("Committees") {
            head_end = Some(end);
        } else if head_end.is_some() && connector_tail(tokens, head_end.unwrap_or(end), end) {
            // "International Organization for Migration": one short "for/of …" after the head.
            head_end = Some(end);
        }
    }
    head_end.filter(|e| *e > at + 1 || tokens[at].text.chars().all(|c| c.is_uppercase()))
}

/// Whether tokens `head_end..end` are a connector and at most two capitalised
/// words: "for Migration", "for Human Rights" (and not the person named after).
fn connector_tail(tokens: &[Token<'_>], head_end: usize, end: usize) -> bool {
    let tail = &tokens[head_end..end];
    tail.len() >= 2
        && tail.len() <= 3
        && tail[0].is_any(&["for", "of", "on"])
        && tail[1..].iter().all(|t| t.is_capitalised())
}

fn is_calendar_word(token: &Token<'_>) -> bool {
    token.is_any(&crate::calendar::WEEKDAYS) || token.is_any(&crate::calendar::MONTHS)
}

fn is_acronym(token: &Token<'_>) -> bool {
    let letters = token.text.chars().filter(|c| c.is_alphabetic()).count();
    token.is_word()
        && (2..=6).contains(&letters)
        && token.text.chars().all(|c| c.is_uppercase() || c == '.')
}

/// `org:syrian_network_for_human_rights`.
fn organisation_id(name: &str) -> String {
    let slug = person_id(name);
    format!("org:{}", slug["person:".len()..].replace('-', "_"))
}

/// ", a Russian analyst and writer of …": the role runs to the
/// next comma or the end of the sentence. Returns the token index after it.
fn apposition(text: &str, tokens: &[Token<'_>], name_end: usize) -> Option<(usize, String)> {
    if tokens.get(name_end).map(|t| t.text) != Some(",") {
        return None;
    }
    let first = tokens.get(name_end + 1)?;
    if !first.is_any(&[
        "a",
        "an",
        "the",
        "who",
        "former",
        "head",
        "chief",
        "director",
        "spokesman",
        "spokeswoman",
    ]) {
        return None;
    }
    let mut end = name_end + 1;
    while let Some(token) = tokens.get(end) {
        if token.kind == TokenKind::Punct
            && matches!(
                token.text,
                "," | "." | ";" | ":" | "\n" | "\"" | "“" | "”" | "(" | ")"
            )
        {
            break;
        }
        end += 1;
    }
    if end == name_end + 1 {
        return None;
    }
    Some((
        end,
        text[first.span.start..tokens[end - 1].span.end].to_string(),
    ))
}

/// Reporting verbs that make a bare capitalised name a speaker.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "added",
    "adds",
    "stated",
    "states",
    "believes",
    "believed",
    "claimed",
    "claims",
    "reported",
    "denied",
    "denies",
    "confirmed",
    "admitted",
    "alleged",
    "noted",
    "warned",
    "explained",
    "insisted",
    "stressed",
    "wrote",
    "asked",
    "announced",
    "according",
    "reported",
    "documented",
    "listed",
    "estimated",
    "recorded",
    "tweeted",
];

fn is_speech_verb_near(tokens: &[Token<'_>], start: usize, end: usize) -> bool {
    let after = tokens.get(end).is_some_and(|t| speech_verbs().holds(t))
        || (tokens
            .get(end)
            .is_some_and(|t| t.is_any(&["has", "had", "also", "earlier", "later"]))
            && tokens.get(end + 1).is_some_and(|t| speech_verbs().holds(t)));
    let before = start > 0 && speech_verbs().holds(&tokens[start - 1])
        || start > 1 && tokens[start - 1].is("to") && tokens[start - 2].is("according");
    // "said Kuwaiti tourist Farah Zamani": a short description may stand between.
    let described = (2..=4).any(|back| {
        start >= back
            && speech_verbs().holds(&tokens[start - back])
            && tokens[start - back + 1..start]
                .iter()
                .all(|t| t.is_word() && !not_names().holds(t))
    });
    // "Obama, who is delivering …, said": a relative clause between name and verb.
    let relative = tokens.get(end).is_some_and(|t| t.text == ",")
        && tokens
            .get(end + 1)
            .is_some_and(|t| t.is_any(&["who", "whose"]))
        && tokens[end + 1..tokens.len().min(end + 30)]
            .windows(2)
            .take_while(|w| !matches!(w[0].text, "." | "\n"))
            .any(|w| w[0].text == "," && speech_verbs().holds(&w[1]));
    after || before || described || relative
}

fn starts_sentence(tokens: &[Token<'_>], at: usize) -> bool {
    at == 0
        || matches!(
            tokens[at - 1].text,
            "." | "\n" | "\"" | "“" | "!" | "?" | ":"
        )
}

/// A country named or qualified at token `at` ("Azerbaijan", "Armenian"),
/// with the token index after it.
pub(crate) fn country_at(tokens: &[Token<'_>], at: usize) -> Option<(&'static str, usize)> {
    match lexicon().longest(tokens, at, |e| matches!(e, Entry::Country(..)))? {
        (Entry::Country(c, _), end) => Some((COUNTRIES[c].iso2, end)),
        _ => None,
    }
}

fn side_in(role: &str, lexicon: &Lexicon) -> Option<&'static str> {
    let tokens = tokenize(role);
    (0..tokens.len()).find_map(|i| {
        match lexicon.longest(&tokens, i, |e| matches!(e, Entry::Country(..)))? {
            (Entry::Country(c, _), _) => Some(COUNTRIES[c].iso2),
            _ => None,
        }
    })
}

fn span_text(text: &str, tokens: &[Token<'_>], start: usize, end: usize) -> String {
    text[tokens[start].span.start..tokens[end - 1].span.end].to_string()
}

fn mention(
    text: &str,
    span: Span,
    actor_id: String,
    kind: ActorKind,
    side: Option<&str>,
    role: Option<&str>,
) -> ActorMention {
    ActorMention {
        span,
        name: span.slice(text).to_string(),
        actor_id,
        kind,
        side: side.map(str::to_string),
        role: role.map(str::to_string),
    }
}

/// `person:maxim-shevchenko`: lowercase words joined by hyphens.
pub fn person_id(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    format!("person:{slug}")
}

// ---------------------------------------------------------------------------
// Linking short forms to full mentions.

/// "Shevchenko" after "Maxim Shevchenko": a lone capitalised word equal to
/// the last word of a person already named is that person.
fn link_short_forms(text: &str, tokens: &[Token<'_>], found: &mut Vec<ActorMention>) {
    let mut surnames: HashMap<String, (String, Option<String>)> = HashMap::new();
    for m in found.iter().filter(|m| m.actor_id.starts_with("person:")) {
        let id_words: Vec<&str> = m.actor_id["person:".len()..].split('-').collect();
        if id_words.len() >= 2 {
            if let Some(last) = id_words.last() {
                surnames
                    .entry(last.to_string())
                    .or_insert((m.actor_id.clone(), m.side.clone()));
            }
        }
    }
    if surnames.is_empty() {
        return;
    }
    // `…," Ala told` before "Interior Minister Efkan Ala" is named in full: one person.
    for m in found.iter_mut() {
        let short = &m.actor_id["person:".len().min(m.actor_id.len())..];
        if m.actor_id.starts_with("person:") && !short.contains('-') {
            if let Some((id, side)) = surnames.get(short) {
                m.actor_id.clone_from(id);
                if m.side.is_none() {
                    m.side.clone_from(side);
                }
            }
        }
    }
    let mut added = Vec::new();
    // `found` is in text order, so one pass tells which tokens a mention covers.
    let mut next_mention = 0;
    for token in tokens.iter() {
        while next_mention < found.len() && found[next_mention].span.end <= token.span.start {
            next_mention += 1;
        }
        if !token.is_capitalised()
            || found
                .get(next_mention)
                .is_some_and(|m| m.span.overlaps(token.span))
        {
            continue;
        }
        if let Some((id, side)) = surnames.get(&token.lower()) {
            added.push(mention(
                text,
                token.span,
                id.clone(),
                ActorKind::Person,
                side.as_deref(),
                None,
            ));
        }
    }
    found.extend(added);
    found.sort_by_key(|m| m.span.start);
}

/// "the defense ministry" takes the country of the nearest mention of the
/// same institution that states one (before it, else after it).
fn resolve_bare_mentions(found: &mut [ActorMention]) {
    for idx in 0..found.len() {
        let Some(institution) = found[idx]
            .actor_id
            .strip_prefix("unknown.")
            .map(str::to_string)
        else {
            continue;
        };
        let same = |m: &ActorMention| {
            m.side.is_some()
                && m.actor_id.split_once('.').is_some_and(|(_, rest)| {
                    rest == institution
                        || (institution == "ministry" && rest.starts_with("ministry"))
                })
        };
        let before = found[..idx].iter().rev().find(|m| same(m));
        let after = found[idx + 1..].iter().find(|m| same(m));
        if let Some(source) = before.or(after) {
            let (id, side) = (source.actor_id.clone(), source.side.clone());
            found[idx].actor_id = id;
            found[idx].side = side;
        }
    }
}

/// A role or side stated once holds for every mention of the same person.
fn propagate_roles(found: &mut [ActorMention]) {
    let mut known: HashMap<String, (Option<String>, Option<String>)> = HashMap::new();
    for m in found.iter().filter(|m| m.actor_id.starts_with("person:")) {
        let entry = known.entry(m.actor_id.clone()).or_default();
        if entry.0.is_none() {
            entry.0.clone_from(&m.role);
        }
        if entry.1.is_none() {
            entry.1.clone_from(&m.side);
        }
    }
    for m in found.iter_mut() {
        if let Some((role, side)) = known.get(&m.actor_id) {
            if m.role.is_none() {
                m.role.clone_from(role);
            }
            if m.side.is_none() {
                m.side.clone_from(side);
            }
        }
    }
}

/// Word lists asked about nearly every capitalised token, as sets.
fn not_names() -> &'static WordSet {
    static SET: OnceLock<WordSet> = OnceLock::new();
    SET.get_or_init(|| WordSet::new(NOT_NAMES))
}

fn speech_verbs() -> &'static WordSet {
    static SET: OnceLock<WordSet> = OnceLock::new();
    SET.get_or_init(|| WordSet::new(SPEECH_VERBS))
}

fn organisation_heads() -> &'static WordSet {
    static SET: OnceLock<WordSet> = OnceLock::new();
    SET.get_or_init(|| WordSet::new(ORGANISATION_HEADS))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<(String, String)> {
        actors(text)
            .into_iter()
            .map(|m| (m.span.slice(text).to_string(), m.actor_id))
            .collect()
    }

    #[test]
    fn country_modifiers_and_institutions_share_one_id() {
        let text = "Azerbaijan's Defense Ministry said. The Azerbaijani defense ministry added. \
                    The Ministry of Defence of Azerbaijan agreed, and the defense ministry repeated it.";
        let found = ids(text);
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(
            found.iter().all(|(_, id)| id == "az.ministry_of_defence"),
            "{found:?}"
        );
    }

    #[test]
    fn sides_countries_people_and_titled_persons() {
        let text = "the Armenian side fired. Russia met Azerbaijan's President Ilham Aliyev. Armenians claim it.";
        let found = actors(text);
        let by_text: Vec<(&str, &str, ActorKind)> = found
            .iter()
            .map(|m| (m.span.slice(text), m.actor_id.as_str(), m.kind))
            .collect();
        assert_eq!(
            by_text,
            vec![
                ("the Armenian side", "am.side", ActorKind::Side),
                ("Russia", "ru", ActorKind::Country),
                (
                    "Azerbaijan's President Ilham Aliyev",
                    "person:ilham-aliyev",
                    ActorKind::HeadOfState
                ),
                ("Armenians", "am.people", ActorKind::Group),
            ]
        );
        assert_eq!(found[2].side.as_deref(), Some("AZ"));
        assert_eq!(found[2].role.as_deref(), Some("Azerbaijan's President"));
    }

    #[test]
    fn apposition_gives_role_and_side_and_short_forms_link_back() {
        let text = "Peace is near, says Ivan Petrov, a Russian analyst and writer. Petrov believes it. \"Yes,\" said the expert.";
        let found = actors(text);
        let persons: Vec<&ActorMention> = found
            .iter()
            .filter(|m| m.actor_id == "person:ivan-petrov")
            .collect();
        assert_eq!(persons.len(), 3, "{found:?}");
        assert_eq!(persons[0].span.slice(text), "Ivan Petrov");
        assert_eq!(persons[1].span.slice(text), "Petrov");
        assert_eq!(persons[2].span.slice(text), "the expert");
        assert!(persons
            .iter()
            .all(|m| m.role.as_deref() == Some("a Russian analyst and writer")));
        assert!(persons.iter().all(|m| m.side.as_deref() == Some("RU")));
    }

    #[test]
    fn back_references_prefer_an_antecedent_that_uses_the_same_noun() {
        let text = "The Britain-based Syrian Observatory for Human Rights counted the dead. The White Helmets dug. \
                    The observatory said more. U.N. spokesman Martin Nesirky spoke, as did President Ilham Aliyev. The spokesman left.";
        let found = actors(text);
        let of = |needle: &str| {
            found
                .iter()
                .find(|m| m.span.slice(text) == needle)
                .map(|m| m.actor_id.as_str())
        };
        assert_eq!(
            of("Syrian Observatory for Human Rights"),
            Some("org:sohr"),
            "the '-based' modifier is not part of the name"
        );
        assert_eq!(
            of("The observatory"),
            Some("org:sohr"),
            "not the White Helmets named in between"
        );
        assert_eq!(
            of("U.N. spokesman Martin Nesirky"),
            Some("person:martin-nesirky")
        );
        assert_eq!(
            of("The spokesman"),
            Some("person:martin-nesirky"),
            "not the president named in between"
        );
    }

    #[test]
    fn a_title_case_headline_is_no_organisation_name() {
        let text = "Terrorists Killed In Latest Syrian Army Operations";
        let found = ids(text);
        assert_eq!(
            found,
            vec![("Syrian Army".to_string(), "sy.armed_forces".to_string())]
        );
    }

    #[test]
    fn a_national_army_under_its_full_name_is_the_armed_forces() {
        let text = "The Syrian Arab Army advanced. The Syrian army held. The Syrian Revolution General Commission said so.";
        let found = ids(text);
        assert_eq!(
            found[0],
            (
                "Syrian Arab Army".to_string(),
                "sy.armed_forces".to_string()
            )
        );
        assert_eq!(found[1].1, "sy.armed_forces");
        assert_eq!(
            found[2],
            (
                "Syrian Revolution General Commission".to_string(),
                "org:syrian_revolution_general_commission".to_string()
            )
        );
    }

    #[test]
    fn organisations_outlets_and_spokespeople() {
        let text = "the World Health Organization said; a Russian Defence Ministry spokesman did not; SANA reported.";
        let found = ids(text);
        assert_eq!(
            found,
            vec![
                (
                    "World Health Organization".to_string(),
                    "org:who".to_string()
                ),
                (
                    "Russian Defence Ministry spokesman".to_string(),
                    "ru.ministry_of_defence.spokesperson".to_string()
                ),
                ("SANA".to_string(), "outlet:sana".to_string()),
            ]
        );
    }
}

