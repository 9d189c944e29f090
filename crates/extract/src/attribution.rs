//! Attribution chains: who says each part of a document, nested as the text
//! nests it.
//!
//! A *frame* is one act of saying: a speaker, a cue ("said", "according to",
//! "denied") and the stretch of text the speaker is reported to say. Frames
//! nest ("the ministry said the Armenian side states …"), and the chain for a
//! figure is every frame whose content holds it, outermost first, under the
//! outlet that publishes the document.
//!
//! Stance convention: every link's stance is that speaker's stance towards
//! the figure. The outlet link always `Asserts` (it asserts that the report
//! beneath it was made). A doubt marker ("the alleged loss", "so-called")
//! next to a figure inside a nested speaker's words is the reporting
//! speaker's wording, so the *reporting* speaker `Disputes` and the nested
//! speaker `Asserts`: outlet > ministry (Disputes) > Armenian side (Asserts).
//! When no nested speaker is named, the speaker using the marker `Disputes`.
//! A denial cue ("denied") makes its speaker `Denies`.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use contested_core::{Attribution, Span, Stance};

use crate::actors::tokens::{tokenize, Token, TokenKind};
use crate::actors::{find_actors, ActorKind, ActorMention};
use crate::sentences::sentences;

/// Reporting verbs, with the stance of the speaker towards what they report.
const VERB_CUES: &[(&str, Stance)] = &[
    ("said", Stance::Asserts),
    ("says", Stance::Asserts),
    ("say", Stance::Asserts),
    ("stated", Stance::Asserts),
    ("states", Stance::Asserts),
    ("state", Stance::Asserts),
    ("claimed", Stance::Asserts),
    ("claims", Stance::Asserts),
    ("claim", Stance::Asserts),
    ("reported", Stance::Asserts),
    ("reports", Stance::Asserts),
    ("report", Stance::Asserts),
    ("told", Stance::Asserts),
    ("tells", Stance::Asserts),
    ("added", Stance::Asserts),
    ("adds", Stance::Asserts),
    ("confirmed", Stance::Asserts),
    ("confirms", Stance::Asserts),
    ("confirm", Stance::Asserts),
    ("admitted", Stance::Asserts),
    ("admits", Stance::Asserts),
    ("alleged", Stance::Asserts),
    ("alleges", Stance::Asserts),
    ("allege", Stance::Asserts),
    ("believes", Stance::Asserts),
    ("believe", Stance::Asserts),
    ("believed", Stance::Asserts),
    ("announced", Stance::Asserts),
    ("announces", Stance::Asserts),
    ("insisted", Stance::Asserts),
    ("insists", Stance::Asserts),
    ("warned", Stance::Asserts),
    ("noted", Stance::Asserts),
    ("stressed", Stance::Asserts),
    ("declared", Stance::Asserts),
    ("asserted", Stance::Asserts),
    ("argued", Stance::Asserts),
    ("explained", Stance::Asserts),
    ("wrote", Stance::Asserts),
    ("estimated", Stance::Asserts),
    ("accused", Stance::Asserts),
    ("denied", Stance::Denies),
    ("denies", Stance::Denies),
    ("deny", Stance::Denies),
    ("rejected", Stance::Denies),
    ("rejects", Stance::Denies),
    ("dismissed", Stance::Denies),
    ("saying", Stance::Asserts),
    ("adding", Stance::Asserts),
    ("documented", Stance::Asserts),
    ("recorded", Stance::Asserts),
    ("tweeted", Stance::Asserts),
    ("suggested", Stance::Asserts),
    ("suggests", Stance::Asserts),
    ("acknowledged", Stance::Asserts),
    ("conceded", Stance::Asserts),
    ("maintained", Stance::Asserts),
    ("indicated", Stance::Asserts),
];

/// The entry of [`VERB_CUES`] that `token` is, ignoring ASCII case. A map
/// rather than a scan of the list: this runs for every word of a document.
fn verb_cue(token: &Token<'_>) -> Option<(&'static str, Stance)> {
    static BY_WORD: OnceLock<FxHashMap<&'static [u8], (&'static str, Stance)>> = OnceLock::new();
    let by_word = BY_WORD.get_or_init(|| {
        let mut map = FxHashMap::default();
        for &(cue, stance) in VERB_CUES {
            map.entry(cue.as_bytes()).or_insert((cue, stance));
        }
        map
    });
    // The cues are lowercase ASCII, so only an ASCII word can equal one.
    let mut buf = [0u8; 16];
    let lower = buf.get_mut(..token.text.len()).filter(|_| token.text.is_ascii())?;
    lower.copy_from_slice(token.text.as_bytes());
    lower.make_ascii_lowercase();
    by_word.get(&*lower).copied()
}

/// Cue words that are also nouns ("media reports", "territorial claims"):
/// they need a named speaker, not a generic one.
const NOUN_LIKE_CUES: &[&str] = &["reports", "report", "claims", "claim", "states", "state"];

/// Words allowed between a speaker and its verb: "has also said", "earlier said".
const BETWEEN_SPEAKER_AND_CUE: &[&str] = &[
    "has",
    "have",
    "had",
    "also",
    "earlier",
    "previously",
    "later",
    "further",
    "repeatedly",
    "always",
    "officially",
    "finally",
    "again",
    "would",
    "will",
    "reportedly",
    "then",
    "once",
    "now",
    "today",
    "yesterday",
    "separately",
    "however",
    "publicly",
    "strongly",
    "flatly",
    "categorically",
    "firmly",
];

/// Words that may follow a cue without being reported content: "said in a
/// message May 18", "told reporters on Wednesday".
const AFTER_CUE: &[&str] = &[
    "on",
    "in",
    "at",
    "a",
    "an",
    "the",
    "its",
    "his",
    "her",
    "their",
    "this",
    "that",
    "last",
    "late",
    "early",
    "earlier",
    "later",
    "today",
    "yesterday",
    "tonight",
    "morning",
    "evening",
    "afternoon",
    "night",
    "week",
    "month",
    "year",
    "message",
    "statement",
    "statements",
    "interview",
    "briefing",
    "conference",
    "press",
    "news",
    "release",
    "reporters",
    "journalists",
    "written",
    "televised",
    "address",
    "speech",
    "website",
    "channel",
    "twitter",
    "tweet",
    "telegram",
    "facebook",
    "page",
    "official",
    "officially",
    "also",
    "separately",
    "via",
    "through",
    "to",
    "of",
    "by",
    "with",
    "from",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "local",
    "time",
    "gmt",
    "utc",
    "a.m",
    "p.m",
    "am",
    "pm",
    "quoted",
    "as",
    "saying",
    "told",
    "television",
    "tv",
    "radio",
    "agency",
    "media",
    "telephone",
    "phone",
    "emailed",
    "comments",
    "remarks",
    "online",
    "service",
    "report",
    "during",
    "visit",
    "meeting",
    "session",
    "said",
    "state",
    "news",
    "posted",
    "published",
    "issued",
    "released",
    "carried",
    "broadcast",
    "aired",
    "given",
    "made",
    "delivered",
    "sent",
    "seen",
    "obtained",
    "reported",
    "quoted",
    "cited",
    "citing",
    "his",
    "for",
];

/// Participles after a speaker that add more of their words: "said
/// Shevchenko, adding …".
const CONTINUATIONS: &[&str] = &[
    "adding",
    "saying",
    "putting",
    "noting",
    "stressing",
    "warning",
    "explaining",
    "insisting",
    "stating",
    "claiming",
    "describing",
];

/// Subordinators that make a clause end at its comma: "Despite the fact that
/// the Kurdish side reports …, it is clear …".
const ADVERBIAL_OPENERS: &[&str] = &[
    "despite", "although", "though", "while", "whereas", "if", "because", "since", "when", "after",
    "as", "unless", "even",
];

/// Words before a figure that cast doubt on it.
const DOUBT_MARKERS: &[&str] = &[
    "alleged",
    "so-called",
    "purported",
    "supposed",
    "claimed",
    "reported",
    "dubious",
];

/// Nouns that stand for the statement of the last organisation that spoke.
const STATEMENT_NOUNS: &[&str] = &[
    "message",
    "statement",
    "report",
    "communique",
    "communiqué",
    "release",
    "announcement",
];

/// Nouns that head an unnamed speaker: "a monitoring group said", "according
/// to analysts", "activists said".
const GENERIC_SPEAKERS: &[&str] = &[
    "group",
    "groups",
    "monitor",
    "monitors",
    "source",
    "sources",
    "activist",
    "activists",
    "witness",
    "witnesses",
    "resident",
    "residents",
    "official",
    "officials",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "medic",
    "medics",
    "doctor",
    "doctors",
    "website",
    "websites",
    "analyst",
    "analysts",
    "observer",
    "observers",
    "commander",
    "commanders",
    "agency",
    "media",
    "television",
    "tv",
    "channel",
    "observatory",
    "organisation",
    "organization",
    "office",
    "police",
    "rescuers",
    "workers",
    "volunteers",
    "leaders",
    "leader",
    "chief",
    "head",
    "mayor",
    "governor",
    "director",
    "experts",
    "expert",
    "diplomats",
    "diplomat",
    "people",
    "reports",
    "correspondent",
    "correspondents",
    "reporter",
    "reporters",
    "journalist",
    "journalists",
    "hospital",
    "hospitals",
    "statement",
    "figures",
    "data",
    "estimates",
    "authorities",
    "ministry",
    "army",
    "military",
    "spokesmen",
    "representatives",
    "representative",
    "page",
    "network",
    "account",
    "outlet",
    "newspaper",
    "daily",
    "broadcaster",
    "officer",
    "officers",
    "militants",
    "rebels",
    "fighters",
    "coalition",
    "fighter",
    "rebel",
    "soldier",
    "soldiers",
    "militant",
    "nurse",
    "driver",
    "survivor",
    "survivors",
    "eyewitness",
    "eyewitnesses",
    "guard",
    "guards",
    "worker",
    "volunteer",
    "villager",
    "villagers",
    "paramedic",
    "paramedics",
];

/// Whether `token` can modify a generic speaker noun: a determiner, a
/// capitalised or hyphenated word ("Raqqa-based", "Syrian"), or a known
/// modifier ("local", "military", "monitoring").
fn is_speaker_modifier(token: &Token<'_>) -> bool {
    if is_weekday(token)
        || token.is_any(&[
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
            "today",
            "yesterday",
        ])
    {
        return false;
    }
    token.is_any(SPEAKER_DETERMINERS)
        || token.is_any(SPEAKER_MODIFIERS)
        || token.text.contains('-')
        || token.is_capitalised()
}

const SPEAKER_MODIFIERS: &[&str] = &[
    "local",
    "military",
    "medical",
    "security",
    "rebel",
    "opposition",
    "government",
    "army",
    "state",
    "civil",
    "defense",
    "defence",
    "human",
    "rights",
    "monitoring",
    "militant",
    "activist",
    "activists",
    "media",
    "news",
    "police",
    "rescue",
    "senior",
    "top",
    "western",
    "regional",
    "diplomatic",
    "intelligence",
    "hospital",
    "health",
    "official",
    "independent",
    "international",
    "humanitarian",
    "aid",
    "field",
    "documentation",
    "jihadist",
    "kurdish",
    "islamist",
    "palestinian",
    "anonymous",
    "unnamed",
    "informed",
    "knowledgeable",
    "pro-government",
    "loyalist",
    "airforce",
    "network",
];

/// Words that never stand inside an unnamed speaker's name.
const NOT_SPEAKER_WORDS: &[&str] = &[
    "of", "in", "on", "at", "by", "for", "with", "and", "or", "but", "that", "which", "who",
    "said", "says", "was", "were", "is", "are", "be", "been", "has", "have", "had", "to", "from",
    "killed", "as", "than",
];

/// Words that may stand before a generic speaker noun as part of its name.
const SPEAKER_DETERMINERS: &[&str] = &[
    "another", "a", "an", "the", "some", "several", "many", "other", "two", "three", "local",
    "its", "their",
];

/// Cues that may come before their speaker: "said the expert".
const INVERTIBLE: &[&str] = &[
    "said",
    "says",
    "added",
    "adds",
    "reported",
    "stated",
    "claimed",
    "wrote",
    "noted",
    "explained",
    "insisted",
    "warned",
    "stressed",
    "declared",
    "asserted",
    "continued",
    "according",
    "suggested",
    "acknowledged",
];

/// One act of saying.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// The speaker as the document first names it ("Maxim Shevchenko" for a
    /// later "he" or "the expert"); "unknown speaker" when a pronoun has no
    /// antecedent.
    pub speaker: String,
    pub actor_id: Option<String>,
    /// Where this frame's speaker is referred to: a name, "he", "the message".
    pub speaker_span: Span,
    pub cue: String,
    pub cue_span: Span,
    /// Stance from the cue alone (doubt markers are applied per figure).
    pub stance: Stance,
    /// The text reported as this speaker's words; two pieces for "…, said
    /// Shevchenko, adding …".
    pub content: Vec<Span>,
    /// Whether this frame was carried over to a quote that names no speaker of its own.
    pub continued: bool,
}

impl Frame {
    /// The piece of this speaker's words where `span` starts: a figure whose
    /// span runs a little past a clipped clause ("… 2,000 hectares of land")
    /// still belongs to the speaker whose words it starts in.
    fn piece_containing(&self, span: Span) -> Option<Span> {
        self.content
            .iter()
            .copied()
            .find(|piece| piece.start <= span.start && span.start < piece.end.max(piece.start + 1))
    }
}

/// A link of a chain with the actor id the core `Attribution` has no room for.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub attribution: Attribution,
    pub actor_id: Option<String>,
}

/// Attribution structure of one document.
#[derive(Debug, Clone)]
pub struct DocAttribution {
    outlet: Option<String>,
    actors: Vec<ActorMention>,
    frames: Vec<Frame>,
    quotes: Vec<Span>,
    doubt_markers: Vec<Span>,
    sentences: Vec<Span>,
}

impl DocAttribution {
    pub fn analyze(text: &str, outlet: Option<&str>) -> DocAttribution {
        let tokens = tokenize(text);
        let sentences = sentences(text);
        let actors = find_actors(text, &tokens);
        let quotes = pair_quotes(text);
        let doubt_markers = doubt_markers(&tokens);
        let index = Index::new(&tokens, &actors);
        let mut builder = Builder {
            text,
            tokens: &tokens,
            sentences: &sentences,
            actors: &actors,
            quotes: &quotes,
            index,
            frames: Vec::new(),
        };
        builder.find_frames();
        builder.clip_nested();
        builder.continue_quotes();
        let frames = builder.frames;
        DocAttribution {
            outlet: outlet.map(str::to_string),
            actors,
            frames,
            quotes,
            doubt_markers,
            sentences,
        }
    }

    /// Who asserts what `span` says, outermost first: the outlet, then each
    /// speaker whose reported words hold the start of `span`.
    pub fn chain_for(&self, span: Span) -> Vec<Attribution> {
        self.links_for(span)
            .into_iter()
            .map(|link| link.attribution)
            .collect()
    }

    /// Like [`chain_for`](Self::chain_for), with each speaker's actor id.
    pub fn links_for(&self, span: Span) -> Vec<Link> {
        let mut holding: Vec<(&Frame, Span)> = self
            .frames
            .iter()
            .filter_map(|f| f.piece_containing(span).map(|piece| (f, piece)))
            .collect();
        holding.sort_by(|(fa, a), (fb, b)| {
            b.len()
                .cmp(&a.len())
                .then(fa.speaker_span.start.cmp(&fb.speaker_span.start))
        });
        // The same speaker saying twice in a row ("Russia has said it believes") is one link.
        holding.dedup_by(|(later, _), (earlier, _)| {
            later.actor_id.is_some() && later.actor_id == earlier.actor_id
        });

        let mut stances: Vec<Stance> = holding.iter().map(|(f, _)| f.stance).collect();
        if let Some((innermost, piece)) = holding.last() {
            let doubted = self.doubt_markers.iter().any(|m| {
                piece.contains(*m)
                    && m.start >= innermost.cue_span.end.min(piece.start).max(piece.start)
                    && m.end <= span.start
                    && span.start - m.end <= 60
            });
            if doubted {
                let who = if holding.len() >= 2 {
                    holding.len() - 2
                } else {
                    holding.len() - 1
                };
                if stances[who] == Stance::Asserts {
                    stances[who] = Stance::Disputes;
                }
            }
        }

        let mut links = vec![Link {
            attribution: Attribution {
                speaker: self
                    .outlet
                    .clone()
                    .unwrap_or_else(|| "unknown outlet".to_string()),
                span: None,
                cue: None,
                stance: Stance::Asserts,
            },
            actor_id: None,
        }];
        for ((frame, _), stance) in holding.iter().zip(stances) {
            links.push(Link {
                attribution: Attribution {
                    speaker: frame.speaker.clone(),
                    span: Some(frame.speaker_span),
                    cue: Some(frame.cue.clone()),
                    stance,
                },
                actor_id: frame.actor_id.clone(),
            });
        }
        links
    }

    pub fn actors(&self) -> &[ActorMention] {
        &self.actors
    }

    /// The fullest mention of an actor (a link's `actor_id`): the one with a
    /// role if any was stated, so a claim can show "Maxim Shevchenko, a
    /// Russian analyst …".
    pub fn actor(&self, actor_id: &str) -> Option<&ActorMention> {
        // Reversed so that among equals the first mention wins.
        self.actors
            .iter()
            .filter(|a| a.actor_id == actor_id)
            .rev()
            .max_by_key(|a| (a.role.is_some(), a.name.len()))
    }

    pub fn frames(&self) -> &[Frame] {
        &self.frames
    }

    pub fn sentences(&self) -> &[Span] {
        &self.sentences
    }

    /// The quotation (quote marks included) that holds `span`, if any.
    pub fn quote_containing(&self, span: Span) -> Option<Span> {
        self.quotes.iter().copied().find(|q| q.contains(span))
    }
}

struct Builder<'a, 't> {
    text: &'t str,
    tokens: &'a [Token<'t>],
    sentences: &'a [Span],
    actors: &'a [ActorMention],
    quotes: &'a [Span],
    index: Index,
    frames: Vec<Frame>,
}

/// Lookups by byte offset, so that long documents (a 100 KB Wikipedia
/// article has ~800 actor mentions) stay linear. Tokens need no map: they
/// are sorted, and a binary search costs less than building one per document.
struct Index {
    actor_by_start: FxHashMap<usize, usize>,
    actor_by_end: FxHashMap<usize, usize>,
    /// Per token: whether an actor mention covers it.
    in_actor: Vec<bool>,
    /// Actor ids with at least one individual (person-like) mention.
    individual_ids: FxHashSet<String>,
}

impl Index {
    fn new(tokens: &[Token<'_>], actors: &[ActorMention]) -> Index {
        let mut in_actor = vec![false; tokens.len()];
        for actor in actors {
            let mut k = tokens.partition_point(|t| t.span.start < actor.span.start);
            while k < tokens.len() && tokens[k].span.end <= actor.span.end {
                in_actor[k] = true;
                k += 1;
            }
        }
        Index {
            actor_by_start: actors
                .iter()
                .enumerate()
                .map(|(i, a)| (a.span.start, i))
                .collect(),
            actor_by_end: actors
                .iter()
                .enumerate()
                .map(|(i, a)| (a.span.end, i))
                .collect(),
            in_actor,
            individual_ids: actors
                .iter()
                .filter(|a| a.kind.is_individual())
                .map(|a| a.actor_id.clone())
                .collect(),
        }
    }
}

/// A speaker found beside a cue.
struct Speaker {
    span: Span,
    name: String,
    actor_id: Option<String>,
    /// Token index just past the speaker (and its apposition).
    end_token: usize,
}

impl<'a, 't> Builder<'a, 't> {
    fn actor_starting(&self, byte: usize) -> Option<&'a ActorMention> {
        self.index
            .actor_by_start
            .get(&byte)
            .map(|&i| &self.actors[i])
    }

    fn actor_ending(&self, byte: usize) -> Option<&'a ActorMention> {
        self.index.actor_by_end.get(&byte).map(|&i| &self.actors[i])
    }

    /// The index of the token that starts at `byte`. Tokens are in text
    /// order and never overlap, so starts and ends are strictly increasing.
    fn token_starting(&self, byte: usize) -> Option<usize> {
        self.tokens.binary_search_by_key(&byte, |t| t.span.start).ok()
    }

    /// The index of the token that ends at `byte`.
    fn token_ending(&self, byte: usize) -> Option<usize> {
        self.tokens.binary_search_by_key(&byte, |t| t.span.end).ok()
    }

    fn find_frames(&mut self) {
        let tokens = self.tokens;
        for (t, token) in tokens.iter().enumerate() {
            if token.kind != TokenKind::Word {
                continue;
            }
            if self.index.in_actor[t] {
                continue;
            }
            let Some(sentence) = self.sentence_of(token.span) else {
                continue;
            };
            if token.is("according") && tokens.get(t + 1).is_some_and(|n| n.is("to")) {
                self.according_to(t, sentence);
            } else if let Some((_, stance)) = verb_cue(token) {
                self.verb_cue(t, sentence, stance);
            }
        }
        for (t, token) in tokens.iter().enumerate() {
            if token.is_any(&["citing", "quoting"]) && t > 1 && tokens[t - 1].text == "," {
                if let Some(sentence) = self.sentence_of(token.span) {
                    self.citing(t, sentence);
                }
            }
        }
        // One speaker reference is one act of saying (`"…" said the Observatory said.`); where two
        // cues claim it, the one after the speaker is the surer reading.
        self.frames.sort_by_key(|f| {
            (
                f.speaker_span,
                f.cue_span.start < f.speaker_span.start,
                f.cue_span.start,
            )
        });
        // A denial and the account after it ("denied that, saying …") are two acts.
        self.frames.dedup_by(|later, earlier| {
            later.speaker_span == earlier.speaker_span && (later.stance == Stance::Denies) == (earlier.stance == Stance::Denies)
        });
        self.frames.sort_by_key(|f| f.cue_span.start);
    }

    /// ", citing the health ministry": the cited source speaks inside the
    /// reporter's words, so it is the inner link of the same content.
    fn citing(&mut self, t: usize, sentence: Span) {
        let tokens = self.tokens;
        let Some(source) = self.speaker_at(t + 1) else {
            return;
        };
        let cue_span = tokens[t].span;
        let cue = tokens[t].text.to_lowercase();
        // "The agency, citing the ministry, said 31 …": the aside stands between
        // the reporter and its verb.
        let after = source.end_token;
        let verb = tokens
            .get(after)
            .filter(|x| x.text == ",")
            .and_then(|_| tokens.get(after + 1))
            .and_then(|v| verb_cue(v).map(|(c, stance)| (c, stance, v.span)));
        if let Some((verb_cue, stance, verb_span)) = verb {
            let Some(reporter) = self.speaker_ending_at(t - 2) else {
                return;
            };
            let mut first = after + 2;
            if tokens.get(first).is_some_and(|x| x.is("that")) {
                first += 1;
            }
            let Some(start) = tokens.get(first).map(|x| x.span.start).filter(|&s| s < sentence.end) else {
                return;
            };
            let content = vec![Span::new(start, sentence.end)];
            self.push(reporter, verb_cue, verb_span, stance, content.clone());
            self.push(source, &cue, cue_span, Stance::Asserts, content);
            return;
        }
        // "The army said 31 people were wounded, citing field commanders."
        let comma = tokens[t - 1].span.start;
        let Some(reporter) = self
            .frames
            .iter()
            .filter(|f| sentence.contains(f.cue_span) && f.cue_span.end <= comma && f.cue != "citing" && f.cue != "quoting")
            .max_by_key(|f| f.cue_span.end)
        else {
            return;
        };
        let content: Vec<Span> = reporter
            .content
            .iter()
            .filter(|piece| piece.start < comma)
            .map(|piece| Span::new(piece.start, piece.end.min(comma)))
            .collect();
        self.push(source, &cue, cue_span, Stance::Asserts, content);
    }

    fn according_to(&mut self, t: usize, sentence: Span) {
        let cue_span = self.tokens[t].span.cover(self.tokens[t + 1].span);
        // A named speaker, else the whole unnamed source up to the comma: "according to official
        // statements of the involved sides, …".
        let named = self.speaker_at(t + 2).filter(|s| s.actor_id.is_some());
        let Some(speaker) = named
            .or_else(|| self.generic_speaker_at(t + 2, true))
            .or_else(|| self.speaker_at(t + 2))
        else {
            return;
        };
        let first_in_sentence = self.first_word_of(sentence);
        let content = if first_in_sentence == Some(t)
            || self.only_connectives_between(sentence.start, cue_span.start)
        {
            // "According to X, …"
            let after = self.skip_punct(speaker.end_token);
            self.tokens
                .get(after)
                .map(|tok| vec![Span::new(tok.span.start, sentence.end)])
                .unwrap_or_default()
        } else {
            let mut pieces = vec![self.content_before(sentence, cue_span.start)];
            pieces.extend(self.continuation(speaker.end_token, sentence));
            pieces
        };
        self.push(speaker, "according to", cue_span, Stance::Asserts, content);
    }

    fn verb_cue(&mut self, t: usize, sentence: Span, stance: Stance) {
        let tokens = self.tokens;
        // "He defended Turkey's record, saying 200 suspects had been detained": the subject speaks.
        if tokens[t].is_any(&["saying", "adding"]) && t > 0 && tokens[t - 1].text == "," {
            let Some(first) = self.first_word_of(sentence) else {
                return;
            };
            let subject = self.actor_starting(tokens[first].span.start).map(|a| {
                let end = self.token_ending(a.span.end).unwrap_or(first);
                self.speaker_from_actor(a, end + 1)
            });
            if let Some(speaker) = subject.or_else(|| self.pronoun(first)) {
                // Only when the subject is not already reported as saying something in this sentence.
                let mut start = t + 1;
                if tokens.get(start).is_some_and(|x| x.is("that")) {
                    start += 1;
                }
                // "The ministry denied that, saying two …": the denial ends at the
                // comma and what follows is the speaker's own account.
                let comma = tokens[t - 1].span.start;
                for frame in self.frames.iter_mut() {
                    if frame.speaker_span == speaker.span && frame.stance == Stance::Denies && frame.cue_span.end <= comma {
                        let participle = tokens[t].span.start;
                        for piece in frame.content.iter_mut() {
                            if piece.start <= participle && piece.end > participle {
                                piece.end = piece.start.max(comma.min(participle));
                            }
                        }
                    }
                }
                // "…, said Shevchenko, adding …" already gave the participle to its speaker.
                let claimed = |at: usize| {
                    self.frames.iter().any(|f| {
                        (f.speaker_span == speaker.span && f.stance != Stance::Denies)
                            || f.content.iter().any(|c| c.start == at)
                    })
                };
                if let Some(first_content) = tokens
                    .get(start)
                    .filter(|x| x.span.start < sentence.end && !claimed(x.span.start))
                {
                    {
                        let content = vec![Span::new(first_content.span.start, sentence.end)];
                        self.push(
                            speaker,
                            &tokens[t].text.to_lowercase(),
                            tokens[t].span,
                            stance,
                            content,
                        );
                    }
                }
            }
            return;
        }
        let cue_span = tokens[t].span;
        let cue = tokens[t].text.to_lowercase();
        // "the reported incidents", "an alleged attack": a participle used as an adjective.
        if t > 0
            && tokens[t - 1].is_any(&["the", "a", "an", "its", "their", "these", "those", "of"])
        {
            return;
        }
        // Walk back over auxiliaries and adverbs to where the speaker should end.
        let mut b = t;
        // "an army source was quoted as saying": the passive cue.
        if tokens[t].is("saying") {
            if !(t >= 3
                && tokens[t - 1].is("as")
                && tokens[t - 2].is("quoted")
                && tokens[t - 3].is_any(&["was", "were", "is", "are"]))
            {
                return;
            }
            b = t - 3;
        }
        loop {
            if b > 0
                && tokens[b - 1].is_any(BETWEEN_SPEAKER_AND_CUE)
                && tokens[b - 1].span.start >= sentence.start
            {
                b -= 1;
            } else if b > 1 && tokens[b - 2].is("on") && is_weekday(&tokens[b - 1]) {
                // "Syrian opposition forces on Sunday claimed".
                b -= 2;
            } else {
                break;
            }
        }
        if b > 0
            && (tokens[b - 1].is_any(&["not", "n't", "never", "did", "does", "do"])
                || tokens[b - 1].text.ends_with("n't"))
        {
            return;
        }
        if b > 0 && tokens[b - 1].span.start >= sentence.start {
            if let Some(speaker) = self
                .speaker_ending_at(b - 1)
                .or_else(|| self.speaker_before_relative_clause(b - 1, sentence))
            {
                let generic = speaker.actor_id.is_none()
                    && !tokens[b - 1].is_any(&["he", "she", "it", "they"]);
                // "The UN report suggests …", "reports of shelling": the cue word is a noun here.
                let noun_use = tokens[t].is_any(NOUN_LIKE_CUES)
                    && tokens.get(t + 1).is_some_and(|n| {
                        verb_cue(n).is_some()
                            || n.is_any(&[
                                "suggest",
                                "found",
                                "shows",
                                "showed",
                                "indicates",
                                "published",
                                "released",
                                "issued",
                                "of",
                                "by",
                                "from",
                                "on",
                                "were",
                                "was",
                                "is",
                                "are",
                            ])
                    });
                if !(noun_use || generic && tokens[t].is_any(NOUN_LIKE_CUES)) {
                    self.speaker_before_cue(speaker, &cue, cue_span, t, sentence, stance);
                    return;
                }
            }
        }
        // Inverted: "…, said the expert", "says Maxim Shevchenko, a …". Only
        // finite forms invert; "state media" is no cue.
        if !tokens[t].is_any(INVERTIBLE) {
            return;
        }
        if let Some(speaker) = self.speaker_at(t + 1) {
            let (tail_ok, continuation) = self.tail_is_circumstance(speaker.end_token, sentence);
            // Something must stand before an inverted cue for it to report on.
            if tail_ok && t > 0 && tokens[t - 1].span.start >= sentence.start {
                let mut content = vec![self.content_before(sentence, cue_span.start)];
                content.extend(continuation.map(|start| Span::new(start, sentence.end)));
                self.push(speaker, &cue, cue_span, stance, content);
            }
        }
    }

    fn speaker_before_cue(
        &mut self,
        speaker: Speaker,
        cue: &str,
        cue_span: Span,
        t: usize,
        sentence: Span,
        stance: Stance,
    ) {
        let (tail_ok, continuation) = self.tail_is_circumstance(t + 1, sentence);
        let pre_is_empty = self.only_connectives_between(sentence.start, speaker.span.start);
        let content = if tail_ok && !pre_is_empty {
            // "…, the defence ministry said in a statement on Monday."
            let mut pieces = vec![self.content_before(sentence, speaker.span.start)];
            pieces.extend(continuation.map(|start| Span::new(start, sentence.end)));
            pieces
        } else {
            let mut start_token = t + 1;
            while self
                .tokens
                .get(start_token)
                .is_some_and(|tok| tok.is("that") || matches!(tok.text, ":" | ","))
            {
                start_token += 1;
            }
            let Some(first) = self
                .tokens
                .get(start_token)
                .filter(|tok| tok.span.start < sentence.end)
            else {
                return;
            };
            // "X said: \"…\"" may quote several sentences.
            if let Some(quote) = self.quotes.iter().find(|q| q.start == first.span.start) {
                vec![*quote]
            } else if !pre_is_empty && self.clause_is_adverbial(sentence.start, speaker.span.start)
            {
                // The clause ends at the next comma token ("5,000" is one number token).
                let end = self.tokens[start_token..]
                    .iter()
                    .take_while(|tok| tok.span.start < sentence.end)
                    .find(|tok| tok.text == ",")
                    .map_or(sentence.end, |tok| tok.span.start);
                vec![Span::new(first.span.start, end)]
            } else {
                // "Azerbaijan claimed …, while Armenian officials suggested …": the contrast is
                // another speaker's, not part of these words.
                let end = self.tokens[start_token..]
                    .windows(2)
                    .take_while(|w| w[0].span.start < sentence.end)
                    .position(|w| {
                        w[0].text == ";" || (w[0].text == "," && w[1].is_any(&["while", "whereas"]))
                    })
                    .map(|p| start_token + p)
                    // Only when the contrast names its own speaker: "the fighter said 40 died,
                    // while rebel losses stood at 10" is still the fighter's.
                    .filter(|&b| {
                        self.tokens[b..]
                            .iter()
                            .take_while(|tok| tok.span.start < sentence.end)
                            .any(|tok| {
                                tok.is("according") || verb_cue(tok).is_some()
                            })
                    })
                    .map_or(sentence.end, |b| self.tokens[b].span.start);
                vec![Span::new(first.span.start, end)]
            }
        };
        self.push(speaker, cue, cue_span, stance, content);
    }

    fn push(
        &mut self,
        speaker: Speaker,
        cue: &str,
        cue_span: Span,
        stance: Stance,
        content: Vec<Span>,
    ) {
        let content: Vec<Span> = content.into_iter().filter(|s| !s.is_empty()).collect();
        if content.is_empty() {
            return;
        }
        self.frames.push(Frame {
            speaker: speaker.name,
            actor_id: speaker.actor_id,
            speaker_span: speaker.span,
            cue: cue.to_string(),
            cue_span,
            stance,
            content,
            continued: false,
        });
    }

    /// A speaker whose last token is `at`: an actor, a pronoun, or "the message".
    fn speaker_ending_at(&self, at: usize) -> Option<Speaker> {
        // "the Syrian Observatory for Human Rights (SOHR) said": look past the parenthesis.
        if self.tokens[at].text == ")" {
            let open = (at.saturating_sub(4)..at)
                .rev()
                .find(|&k| self.tokens[k].text == "(")?;
            let mut speaker = self.speaker_ending_at(open.checked_sub(1)?)?;
            speaker.end_token = at + 1;
            return Some(speaker);
        }
        let token = &self.tokens[at];
        if let Some(actor) = self.actor_ending(token.span.end) {
            // "opponents of President Bashar al-Assad said": the opponents speak, not Assad.
            if let Some(k) = self
                .token_starting(actor.span.start)
                .filter(|&k| k >= 2 && self.tokens[k - 1].is("of") && self.tokens[k - 2].is_word())
            {
                let head = k - 2;
                let mut speaker = self
                    .speaker_ending_at(head)
                    .filter(|s| s.actor_id.is_none())
                    .unwrap_or_else(|| self.generic_speaker(head, head + 1));
                speaker.span = speaker.span.cover(actor.span);
                speaker.name = speaker.span.slice(self.text).to_string();
                speaker.end_token = at + 1;
                return Some(speaker);
            }
            return Some(self.speaker_from_actor(actor, at + 1));
        }
        if let Some(pronoun) = self.pronoun(at) {
            return Some(pronoun);
        }
        if token.is_any(STATEMENT_NOUNS)
            && at > 0
            && self.tokens[at - 1].is_any(&["the", "its", "this", "their"])
        {
            let span = self.tokens[at - 1].span.cover(token.span);
            return Some(self.statement_speaker(span, at + 1));
        }
        if token.is_any(GENERIC_SPEAKERS) {
            // "a border guard": any two plain words between an article and the noun.
            let anchored = (1..=3).take_while(|&k| k <= at).find_map(|k| {
                let t = &self.tokens[at - k];
                if t.is_any(&["a", "an", "the", "another"]) {
                    return Some(Some(at - k));
                }
                let plain = t.is_word() && !t.is_capitalised() && !t.is_any(NOT_SPEAKER_WORDS);
                (!plain).then_some(None)
            });
            if let Some(Some(start)) = anchored {
                if !(start + 1..at).any(|k| self.index.in_actor[k]) {
                    return Some(self.generic_speaker(self.extend_head_of(start), at + 1));
                }
            }
            // Up to three modifiers and a determiner: "a monitoring group", "local sources".
            let mut start = at;
            for _ in 0..3 {
                if start == 0 {
                    break;
                }
                let prev = &self.tokens[start - 1];
                // "the … Syrian Observatory for Human Rights monitoring group": the named body speaks.
                if let Some(actor) = self.actor_ending(prev.span.end) {
                    let mut speaker = self.speaker_from_actor(actor, at + 1);
                    speaker.span = actor.span.cover(token.span);
                    // "a U.S. official said": one of the body's people, under the body's id.
                    if let Some(suffix) = official_suffix(token) {
                        speaker.actor_id = speaker.actor_id.map(|id| format!("{id}.{suffix}"));
                        speaker.name = speaker.span.slice(self.text).to_string();
                    }
                    return Some(speaker);
                }
                if !prev.is_word() || !is_speaker_modifier(prev) {
                    break;
                }
                start -= 1;
                if prev.is_any(SPEAKER_DETERMINERS) {
                    break;
                }
            }
            return Some(self.generic_speaker(self.extend_head_of(start), at + 1));
        }
        self.title_case_body_ending_at(at)
    }

    /// "the Syrian Network for Human Rights reported": a body the actor
    /// table does not know, named in title case after "the" (or opening the
    /// sentence), at least two capitalised words with "for"/"of"/"and"
    /// between them.
    fn title_case_body_ending_at(&self, at: usize) -> Option<Speaker> {
        let tokens = self.tokens;
        let capital = |k: usize| tokens[k].is_capitalised() && !tokens[k].is("the");
        if !capital(at) {
            return None;
        }
        let mut start = at;
        let mut capitals = 1;
        while start > 0 {
            if capital(start - 1) {
                start -= 1;
                capitals += 1;
            } else if start >= 2 && tokens[start - 1].is_any(&["for", "of", "and"]) && capital(start - 2) {
                start -= 1;
            } else {
                break;
            }
        }
        let sentence_start = self.sentence_of(tokens[start].span).is_some_and(|s| s.start == tokens[start].span.start);
        // "the opposition Syrian Network …": one plain modifier may stand between.
        let after_the = (start > 0 && tokens[start - 1].is("the"))
            || (start > 1 && tokens[start - 2].is("the") && tokens[start - 1].is_word() && !tokens[start - 1].is_capitalised());
        if capitals < 2 || !(after_the || sentence_start) {
            return None;
        }
        Some(self.generic_speaker(start, at + 1))
    }

    /// "The head of another rebel group": the head noun before "of" speaks, so
    /// the speaker's name starts there.
    fn extend_head_of(&self, mut start: usize) -> usize {
        while start >= 2
            && self.tokens[start - 1].is("of")
            && self.tokens[start - 2].is_any(GENERIC_SPEAKERS)
        {
            start -= 2;
            if start >= 1 && self.tokens[start - 1].is_any(&["a", "an", "the", "another"]) {
                start -= 1;
            }
        }
        start
    }

    fn generic_speaker(&self, start: usize, end_token: usize) -> Speaker {
        let span = self.tokens[start]
            .span
            .cover(self.tokens[end_token - 1].span);
        Speaker {
            span,
            name: span.slice(self.text).to_string(),
            actor_id: None,
            end_token,
        }
    }

    /// An unnamed speaker after a cue: "according to analysts", "according
    /// to the city's documentation office", "said a monitor".
    fn generic_speaker_at(&self, at: usize, up_to_clause_end: bool) -> Option<Speaker> {
        let mut end = at;
        let mut head = None;
        while let Some(token) = self.tokens.get(end) {
            if !(token.is_word() || token.text == "'s" || token.text == "’s")
                || end - at >= 8
                || (end > at && token.is_any(INVERTIBLE))
            {
                break;
            }
            if token.is_any(GENERIC_SPEAKERS)
                || token.is_any(STATEMENT_NOUNS)
                || token.is_any(&[
                    "statements",
                    "figures",
                    "messages",
                    "accounts",
                    "tolls",
                    "toll",
                ])
            {
                head = Some(end + 1);
            }
            end += 1;
        }
        // Up to the clause end only when the clause visibly ends there (FA-KES has no commas)
        // and the words after the head noun attach to it ("statements of both sides", not
        // "eyewitnesses used grenades").
        let clause_ends = ends_clause(self.tokens.get(end));
        let attached = head.is_none()
            || head.is_some_and(|h| {
                h == end
                    || self.tokens.get(h).is_some_and(|t| {
                        t.is_any(&["of", "for", "from", "in", "at", "'s", "’s", "with", "on"])
                    })
            });
        let end = if up_to_clause_end && clause_ends && attached {
            Some(end).filter(|e| *e > at)
        } else {
            head
        }?;
        Some(self.generic_speaker(at, end))
    }

    /// "Obama, who is delivering his last speech, said": the actor before a
    /// relative clause that closes with a comma right before the cue.
    fn speaker_before_relative_clause(&self, comma: usize, sentence: Span) -> Option<Speaker> {
        if self.tokens[comma].text != "," {
            return None;
        }
        // The clause opens at the previous comma: ", who asked not to be named," or an
        // apposition ", an ambulance driver,".
        let earliest = comma.saturating_sub(30);
        let open = (earliest..comma)
            .rev()
            .find(|&k| self.tokens[k].text == ",")?;
        if open == 0 || self.tokens[open].span.start <= sentence.start {
            return None;
        }
        let opener = self.tokens.get(open + 1)?;
        if !opener.is_any(&["who", "whose", "a", "an", "the", "former", "which"]) {
            return None;
        }
        let mut speaker = self.speaker_ending_at(open - 1)?;
        speaker.end_token = comma + 1;
        Some(speaker)
    }

    /// A speaker starting at token `at` (after a cue), or a little after it
    /// past a description ("said Kuwaiti tourist Farah Zamani").
    fn speaker_at(&self, at: usize) -> Option<Speaker> {
        let described = (1..=3).find(|&skip| {
            self.tokens[at..]
                .iter()
                .take(skip)
                .all(|t| t.is_word() && !t.is("the"))
                && self.tokens.get(at + skip).is_some_and(|t| {
                    t.is_capitalised()
                        && self
                            .actor_starting(t.span.start)
                            .is_some_and(|a| a.actor_id.starts_with("person:"))
                })
        });
        if let Some(skip) = described {
            if let Some(mut speaker) = self.speaker_at_exactly(at + skip) {
                speaker.span = self.tokens[at].span.cover(speaker.span);
                return Some(speaker);
            }
        }
        self.speaker_at_exactly(at)
    }

    fn speaker_at_exactly(&self, at: usize) -> Option<Speaker> {
        let token = self.tokens.get(at)?;
        let actor = self.actor_starting(token.span.start).or_else(|| {
            if token.is("the") {
                self.tokens
                    .get(at + 1)
                    .and_then(|n| self.actor_starting(n.span.start))
            } else {
                None
            }
        });
        if let Some(actor) = actor {
            let mut end_token = self
                .token_ending(actor.span.end)
                .map(|p| p + 1)
                .unwrap_or(at + 1);
            // Step over an apposition: "Ivan Petrov, a Russian analyst …".
            if actor.role.is_some()
                && self.tokens.get(end_token).is_some_and(|t| t.text == ",")
                && self
                    .tokens
                    .get(end_token + 1)
                    .is_some_and(|t| t.is_any(&["a", "an", "the", "who", "former"]))
            {
                // The apposition runs to the sentence end or to ", adding …".
                let ends_apposition = |k: usize| match self.tokens.get(k) {
                    None => true,
                    Some(t) => {
                        matches!(t.text, "." | "\n" | ";")
                            || (t.text == ","
                                && self
                                    .tokens
                                    .get(k + 1)
                                    .is_some_and(|n| n.is_any(CONTINUATIONS)))
                    }
                };
                while !ends_apposition(end_token) {
                    end_token += 1;
                }
            }
            return Some(self.speaker_from_actor(actor, end_token));
        }
        if self.tokens[at].is_any(&["he", "she", "they", "him", "her", "them"]) {
            return self.pronoun(at);
        }
        if token.is_any(&["the", "a", "an", "its"])
            && self
                .tokens
                .get(at + 1)
                .is_some_and(|n| n.is_any(STATEMENT_NOUNS))
        {
            // "a statement released Saturday by the … Commission": the body named after "by"/"from".
            let by = (at + 2..(at + 8).min(self.tokens.len()))
                .take_while(|&k| !matches!(self.tokens[k].text, "." | "," | "\n"))
                .find(|&k| self.tokens[k].is_any(&["by", "from", "of"]))
                .and_then(|k| {
                    let first = if self.tokens.get(k + 1).is_some_and(|t| t.is("the")) {
                        k + 2
                    } else {
                        k + 1
                    };
                    self.tokens
                        .get(first)
                        .and_then(|t| self.actor_starting(t.span.start))
                        .or_else(|| {
                            self.tokens
                                .get(k + 1)
                                .and_then(|t| self.actor_starting(t.span.start))
                        })
                });
            if let Some(actor) = by {
                let end_token = self
                    .token_ending(actor.span.end)
                    .map(|p| p + 1)
                    .unwrap_or(at + 2);
                return Some(self.speaker_from_actor(actor, end_token));
            }
            let span = token.span.cover(self.tokens[at + 1].span);
            if token.is_any(&["the", "its"]) {
                return Some(self.statement_speaker(span, at + 2));
            }
            return Some(self.generic_speaker(at, at + 2));
        }
        self.generic_speaker_at(at, false)
    }

    fn speaker_from_actor(&self, actor: &ActorMention, end_token: usize) -> Speaker {
        Speaker {
            span: actor.span,
            name: self.display_name(&actor.actor_id, &actor.name),
            actor_id: Some(actor.actor_id.clone()),
            end_token,
        }
    }

    /// "he"/"she" is the last individual who spoke, else the last named;
    /// "it" and "they" the last institution or group that spoke in the two
    /// sentences before, else the last one named.
    fn pronoun(&self, at: usize) -> Option<Speaker> {
        let token = &self.tokens[at];
        let individual = if token.is_any(&["he", "she", "him", "her"]) {
            true
        } else if token.is_any(&["it", "they", "them"]) {
            false
        } else {
            return None;
        };
        let recent_start = {
            let idx = self
                .sentences
                .partition_point(|s| s.end <= token.span.start);
            self.sentences
                .get(idx.saturating_sub(2))
                .map_or(0, |s| s.start)
        };
        let last_speaker = self
            .frames
            .iter()
            .rev()
            .filter(|f| f.cue_span.end <= token.span.start)
            .find(|f| {
                f.actor_id.as_ref().is_some_and(|id| {
                    if individual {
                        self.index.individual_ids.contains(id)
                    } else {
                        !self.index.individual_ids.contains(id) && f.cue_span.start >= recent_start
                    }
                })
            });
        let (name, actor_id) = if let Some(frame) = last_speaker {
            (frame.speaker.clone(), frame.actor_id.clone())
        } else {
            let mention = self
                .actors
                .iter()
                .rev()
                .filter(|a| a.span.end <= token.span.start)
                .find(|a| {
                    if individual {
                        a.kind.is_individual() && !a.actor_id.starts_with("unknown.")
                    } else {
                        !a.kind.is_individual() && a.kind != ActorKind::Outlet
                    }
                });
            match mention {
                Some(a) => (
                    self.display_name(&a.actor_id, &a.name),
                    Some(a.actor_id.clone()),
                ),
                None => ("unknown speaker".to_string(), None),
            }
        };
        Some(Speaker {
            span: token.span,
            name,
            actor_id,
            end_token: at + 1,
        })
    }

    /// "the message said": the institution that last issued a message or
    /// statement ("said in a statement on Monday"), else the last institution that
    /// spoke in an earlier sentence, else the last one named.
    fn statement_speaker(&self, span: Span, end_token: usize) -> Speaker {
        let earlier = || {
            self.frames
                .iter()
                .rev()
                .filter(|f| f.cue_span.end <= span.start)
                .filter(|f| {
                    f.actor_id
                        .as_ref()
                        .is_some_and(|id| !id.starts_with("person:"))
                })
        };
        let issued = earlier().find(|f| {
            let sentence_end = self
                .sentence_of(f.cue_span)
                .map(|s| s.end)
                .unwrap_or(f.cue_span.end);
            self.tokens
                .iter()
                .filter(|t| t.span.start >= f.cue_span.end && t.span.end <= sentence_end)
                .take(4)
                .any(|t| t.is_any(STATEMENT_NOUNS))
        });
        let same_sentence = self.sentence_of(span);
        let last_frame =
            issued.or_else(|| earlier().find(|f| self.sentence_of(f.cue_span) != same_sentence));
        if let Some(frame) = last_frame {
            return Speaker {
                span,
                name: frame.speaker.clone(),
                actor_id: frame.actor_id.clone(),
                end_token,
            };
        }
        let last_actor = self
            .actors
            .iter()
            .rev()
            .filter(|a| a.span.end <= span.start)
            .find(|a| !a.kind.is_individual());
        match last_actor {
            Some(a) => Speaker {
                span,
                name: self.display_name(&a.actor_id, &a.name),
                actor_id: Some(a.actor_id.clone()),
                end_token,
            },
            None => Speaker {
                span,
                name: span.slice(self.text).to_string(),
                actor_id: None,
                end_token,
            },
        }
    }

    /// The fullest name the document gives an actor (the first of the
    /// longest), so "he", "the expert" and "Shevchenko" all read as "Maxim
    /// Shevchenko".
    fn display_name(&self, actor_id: &str, fallback: &str) -> String {
        if actor_id.starts_with("unknown.") {
            return fallback.to_string();
        }
        // A proper name beats a back reference ("the observatory"), then the longer wins.
        let rank = |a: &ActorMention| {
            (
                a.name
                    .split_whitespace()
                    .any(|w| w.starts_with(char::is_uppercase) && !w.eq_ignore_ascii_case("the")),
                a.name.len(),
            )
        };
        let mut best: Option<&ActorMention> = None;
        for a in self.actors.iter().filter(|a| a.actor_id == actor_id) {
            if !matches!(best, Some(b) if rank(a) <= rank(b)) {
                best = Some(a);
            }
        }
        best.map(|a| a.name.clone())
            .unwrap_or_else(|| fallback.to_string())
    }

    /// Whether the words from token `from` to the sentence end only say when
    /// or how something was said; also where a participle ("adding …")
    /// starts more of the speaker's words.
    fn tail_is_circumstance(&self, from: usize, sentence: Span) -> (bool, Option<usize>) {
        let mut i = from;
        while let Some(token) = self.tokens.get(i) {
            if token.span.start >= sentence.end || token.text == "\n" {
                break;
            }
            // "reported on Wednesday without giving details": the rest is about the report.
            if token.is_any(&[
                "without", "citing", "quoting", "but", "although", "though", "after", "before",
                "which", "who", "blaming", "accusing",
            ]) && i > from
            {
                return (true, None);
            }
            // "…, a monitoring group said, with state media confirming …": what follows the
            // comma is another clause, not more of the speaker's words.
            // (A quote after the comma is the speaker's words: `said, "…"`.)
            if token.text == ","
                && !self
                    .tokens
                    .get(i + 1)
                    .is_some_and(|t| t.is_any(CONTINUATIONS) || matches!(t.text, "\"" | "“"))
            {
                return (true, None);
            }
            if token.is_any(CONTINUATIONS) {
                let mut start = i + 1;
                if self.tokens.get(start).is_some_and(|t| t.is("that")) {
                    start += 1;
                }
                return (
                    true,
                    self.tokens
                        .get(start)
                        .map(|t| t.span.start)
                        .filter(|s| *s < sentence.end),
                );
            }
            // "told reporters in Dhaka": a place after a preposition is where it was said.
            let place = token.is_capitalised()
                && i > 0
                && self.tokens[i - 1].is_any(&["in", "at", "from", "on", "near", "during", "to"]);
            let circumstance = token.kind == TokenKind::Number
                || token.kind == TokenKind::Punct
                || token.is_any(AFTER_CUE)
                || place
                || self.index.in_actor[i];
            if !circumstance {
                return (false, None);
            }
            i += 1;
        }
        (true, None)
    }

    /// Whether only connectives ("But", "And", "However,") or quote marks
    /// stand between `from` and `to`.
    fn only_connectives_between(&self, from: usize, to: usize) -> bool {
        self.tokens
            .iter()
            .filter(|t| t.span.start >= from && t.span.end <= to)
            .all(|t| {
                t.kind == TokenKind::Punct
                    || t.is_any(&[
                        "but",
                        "and",
                        "however",
                        "meanwhile",
                        "yet",
                        "so",
                        "also",
                        "now",
                        "earlier",
                        "later",
                        "separately",
                    ])
            })
    }

    fn clause_is_adverbial(&self, from: usize, to: usize) -> bool {
        let words: Vec<&Token<'_>> = self
            .tokens
            .iter()
            .filter(|t| t.span.start >= from && t.span.end <= to && t.is_word())
            .collect();
        words
            .iter()
            .rev()
            .take(5)
            .any(|t| t.is_any(ADVERBIAL_OPENERS))
    }

    /// What a speaker named at `end` says before it: the sentence up to the
    /// speaker, or the whole quotation that closes just before it (which may
    /// have opened sentences earlier).
    fn content_before(&self, sentence: Span, end: usize) -> Span {
        let before = &self.text[..end];
        let trimmed = before
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '—' | '–' | '-'));
        if let Some(quote) = self.quotes.iter().find(|q| {
            q.end == trimmed.len() || (q.end + 1 == trimmed.len() && trimmed.ends_with(','))
        }) {
            return *quote;
        }
        let start = sentence.start;
        let mut content_end = trimmed.len().max(start);
        // "… a nerve agent the World Health Organization said": the article belongs to the speaker.
        let tail = &self.text[start..content_end];
        if let Some(stripped) = tail
            .strip_suffix(" the")
            .or_else(|| tail.strip_suffix(" The"))
        {
            content_end = start + stripped.trim_end().len();
        }
        Span::new(start, content_end)
    }

    fn continuation(&self, from: usize, sentence: Span) -> Option<Span> {
        self.tail_is_circumstance(from, sentence)
            .1
            .map(|start| Span::new(start, sentence.end))
    }

    fn sentence_of(&self, span: Span) -> Option<Span> {
        crate::sentences::sentence_containing(self.sentences, span)
    }

    fn first_word_of(&self, sentence: Span) -> Option<usize> {
        self.tokens
            .iter()
            .position(|t| t.span.start >= sentence.start && t.is_word())
    }

    fn skip_punct(&self, mut at: usize) -> usize {
        while self
            .tokens
            .get(at)
            .is_some_and(|t| t.kind == TokenKind::Punct && t.text != "\n")
        {
            at += 1;
        }
        at
    }

    /// A frame whose speaker sits inside another frame's content reports
    /// within it, so its content cannot reach past the outer content
    /// ("Armenian leadership confirmed that …, the message said").
    fn clip_nested(&mut self) {
        let outer: Vec<(Span, Vec<Span>)> = self
            .frames
            .iter()
            .map(|f| (f.speaker_span, f.content.clone()))
            .collect();
        for frame in &mut self.frames {
            for (outer_speaker, outer_content) in &outer {
                if *outer_speaker == frame.speaker_span {
                    continue;
                }
                for piece in outer_content {
                    if piece.contains(frame.speaker_span) {
                        for own in &mut frame.content {
                            if own.start >= piece.start
                                && own.start < piece.end
                                && own.end > piece.end
                            {
                                own.end = piece.end;
                            }
                        }
                    }
                }
            }
        }
    }

    /// A quotation with no speaker of its own right after a quoted speaker in
    /// the same paragraph goes on in that speaker's voice.
    fn continue_quotes(&mut self) {
        let mut added = Vec::new();
        for quote in self.quotes {
            // Already someone's words (a speaker quoted inside the quotation does not count).
            if self.frames.iter().any(|f| {
                f.content.iter().any(|c| c.overlaps(*quote)) && !quote.contains(f.speaker_span)
            }) {
                continue;
            }
            let paragraph_start = self.text[..quote.start]
                .rfind('\n')
                .map(|p| p + 1)
                .unwrap_or(0);
            // A paragraph that is only a quotation continues the quoted speaker of the paragraph before.
            let opens_paragraph = self.text[paragraph_start..quote.start].trim().is_empty();
            let search_from = if opens_paragraph {
                self.text[..paragraph_start.saturating_sub(1)]
                    .rfind('\n')
                    .map(|p| p + 1)
                    .unwrap_or(0)
            } else {
                paragraph_start
            };
            let previous = self
                .frames
                .iter()
                .filter(|f| f.cue_span.end <= quote.start && f.cue_span.start >= search_from)
                .filter(|f| f.content.iter().any(|c| self.quotes.contains(c)))
                .max_by_key(|f| f.cue_span.end);
            if let Some(frame) = previous {
                let mut continued = frame.clone();
                continued.content = vec![*quote];
                continued.continued = true;
                added.push(continued);
            }
        }
        self.frames.extend(added);
        self.frames.sort_by_key(|f| f.cue_span.start);
    }
}

/// The id suffix for one of a body's people: "spokesman" → `spokesperson`,
/// "official" or "source" → `official`.
fn official_suffix(token: &Token<'_>) -> Option<&'static str> {
    if token.is_any(&["spokesman", "spokeswoman", "spokesperson", "spokesmen"]) {
        Some("spokesperson")
    } else if token.is_any(&[
        "official",
        "officials",
        "source",
        "sources",
        "officer",
        "officers",
        "commander",
        "commanders",
        "representative",
        "representatives",
    ]) {
        Some("official")
    } else {
        None
    }
}

/// Whether an unnamed source's name can end before `token`: at punctuation or the end of text.
fn ends_clause(token: Option<&Token<'_>>) -> bool {
    !matches!(token, Some(t) if t.kind != TokenKind::Punct)
}

fn is_weekday(token: &Token<'_>) -> bool {
    token.is_any(&[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ])
}

/// Quotations with their marks, paired within each paragraph. Straight
/// double quotes alternate open/close; curly ones say which they are. An
/// unclosed quotation is left out rather than guessed at, except in the
/// news convention where a quotation running over paragraphs leaves the
/// paragraph open and reopens the next one: that is one quotation.
fn pair_quotes(text: &str) -> Vec<Span> {
    let mut quotes = Vec::new();
    let mut straight_open: Option<usize> = None;
    let mut curly_open: Option<usize> = None;
    // The opening mark of a paragraph that continues an open quotation.
    let mut reopening: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match c {
            '\n' => {
                let next_paragraph = text[i..].trim_start();
                let next_start = text.len() - next_paragraph.len();
                let continues = |open: &Option<usize>, mark: char| {
                    open.is_some() && next_paragraph.starts_with(mark)
                };
                if continues(&straight_open, '"') {
                    reopening = Some(next_start);
                } else {
                    straight_open = None;
                }
                if continues(&curly_open, '“') {
                    reopening = Some(next_start);
                } else {
                    curly_open = None;
                }
            }
            '"' | '“' if reopening == Some(i) => reopening = None,
            '"' => match straight_open.take() {
                Some(open) => quotes.push(Span::new(open, i + 1)),
                None => straight_open = Some(i),
            },
            '“' => curly_open = Some(i),
            '”' => {
                if let Some(open) = curly_open.take() {
                    quotes.push(Span::new(open, i + c.len_utf8()));
                }
            }
            _ => {}
        }
    }
    quotes.sort();
    quotes
}

/// "the alleged loss", "so-called": doubt words used as modifiers (after an
/// article or possessive), not as reporting verbs.
fn doubt_markers(tokens: &[Token<'_>]) -> Vec<Span> {
    tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            t.is_any(DOUBT_MARKERS)
                && (t.is_any(&["so-called", "purported", "dubious"])
                    || (*i > 0
                        && tokens[i - 1].is_any(&[
                            "the", "a", "an", "its", "their", "his", "her", "of", "about",
                        ])))
        })
        .map(|(_, t)| t.span)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str, needle: &str) -> Span {
        let at = text.find(needle).expect("needle in text");
        Span::new(at, at + needle.len())
    }

    /// (speaker reference as written, cue, stance) of each link under the outlet.
    fn chain(text: &str, needle: &str) -> Vec<(String, String, Stance)> {
        let doc = DocAttribution::analyze(text, Some("Test Wire"));
        let links = doc.chain_for(find(text, needle));
        assert_eq!(links[0].speaker, "Test Wire");
        links[1..]
            .iter()
            .map(|l| {
                (
                    l.span.unwrap().slice(text).to_string(),
                    l.cue.clone().unwrap(),
                    l.stance,
                )
            })
            .collect()
    }

    fn link(speaker: &str, cue: &str, stance: Stance) -> (String, String, Stance) {
        (speaker.to_string(), cue.to_string(), stance)
    }

    #[test]
    fn a_body_named_in_title_case_speaks_after_the_figure() {
        let text = "Shelling killed 9 civilians in Douma, the opposition Syrian Network for Human Rights reported.\n\
                    The Independent Medical Association said 4 medics were hurt.";
        assert_eq!(
            chain(text, "9"),
            vec![link("Syrian Network for Human Rights", "reported", Stance::Asserts)]
        );
        assert_eq!(chain(text, "4"), vec![link("Independent Medical Association", "said", Stance::Asserts)]);
    }

    #[test]
    fn a_cited_source_is_the_inner_link() {
        let text = "The agency, citing the health ministry, said 31 people were wounded.\n\
                    The army said 8 soldiers were missing, citing field commanders.";
        assert_eq!(
            chain(text, "31"),
            vec![
                link("The agency", "said", Stance::Asserts),
                link("the health ministry", "citing", Stance::Asserts)
            ]
        );
        assert_eq!(
            chain(text, "8"),
            vec![
                link("The army", "said", Stance::Asserts),
                link("field commanders", "citing", Stance::Asserts)
            ]
        );
    }

    #[test]
    fn a_denial_followed_by_the_speakers_own_figure() {
        let text = "Russia denied that, saying two soldiers were slightly hurt.";
        assert_eq!(chain(text, "two"), vec![link("Russia", "saying", Stance::Asserts)]);
        let text = "The ministry denied that 40 tanks were lost.";
        assert_eq!(chain(text, "40"), vec![link("The ministry", "denied", Stance::Denies)]);
    }

    #[test]
    fn according_to_before_or_after_the_words() {
        let text = "According to the Georgian interior ministry, 14 police officers were hurt.\n\
                    Some 300 homes burned, according to local residents.";
        assert_eq!(
            chain(text, "14"),
            vec![link(
                "the Georgian interior ministry",
                "according to",
                Stance::Asserts
            )]
        );
        assert_eq!(
            chain(text, "300"),
            vec![link("local residents", "according to", Stance::Asserts)]
        );
    }

    #[test]
    fn contrasted_speakers_stay_apart_and_unnamed_sources_keep_their_words() {
        let text = "Georgia claimed to have regained 20 km2, while Russian officials suggested a loss of 8 km2.\n\
                    According to official statements of both sides, 91 soldiers died.\n\
                    According to diplomats the inspectors number 12.";
        assert_eq!(
            chain(text, "20 km2"),
            vec![link("Georgia", "claimed", Stance::Asserts)]
        );
        assert_eq!(
            chain(text, "8 km2"),
            vec![link("Russian officials", "suggested", Stance::Asserts)]
        );
        assert_eq!(
            chain(text, "91"),
            vec![link(
                "official statements of both sides",
                "according to",
                Stance::Asserts
            )]
        );
        assert_eq!(
            chain(text, "12"),
            vec![link("diplomats", "according to", Stance::Asserts)]
        );
    }

    #[test]
    fn denial_and_doubt_markers() {
        let text = "Ukraine's defence ministry denied that 40 soldiers had surrendered.\n\
                    The Turkish army said the Kurdish side reports the so-called loss of 12 tanks, which is untrue.\n\
                    The Israeli government said the purported 9 casualties were staged.";
        assert_eq!(
            chain(text, "40"),
            vec![link("Ukraine's defence ministry", "denied", Stance::Denies)]
        );
        // The army's words cast doubt on the figure it ascribes to the Kurdish side.
        let nested = chain(text, "12 tanks");
        assert_eq!(
            nested.len(),
            1,
            "'the Kurdish side' is no built-in actor, so only the army speaks: {nested:?}"
        );
        assert_eq!(nested[0].2, Stance::Disputes);
        assert_eq!(
            chain(text, "9 casualties"),
            vec![link("The Israeli government", "said", Stance::Disputes)]
        );
    }

    #[test]
    fn a_quote_goes_on_in_its_speakers_voice_and_pronouns_find_speakers() {
        let text = "\"We lost 3 drones,\" the Georgian defence ministry said. \"Another 2 were damaged. Repairs go on.\"\n\
                    Dr. Anna Weber, a Swiss analyst, spoke next. About 50 shells fell, according to her.\n\
                    The Syrian army said it had destroyed 8 positions.";
        assert_eq!(
            chain(text, "3 drones"),
            vec![link(
                "the Georgian defence ministry",
                "said",
                Stance::Asserts
            )]
        );
        assert_eq!(
            chain(text, "2 were"),
            vec![link(
                "the Georgian defence ministry",
                "said",
                Stance::Asserts
            )]
        );
        let doc = DocAttribution::analyze(text, None);
        let her = doc.links_for(find(text, "50"));
        assert_eq!(her[1].actor_id.as_deref(), Some("person:anna-weber"));
        assert_eq!(her[1].attribution.speaker, "Dr. Anna Weber");
        // "said it had destroyed": the army once, not the army twice.
        assert_eq!(
            chain(text, "8 positions"),
            vec![link("The Syrian army", "said", Stance::Asserts)]
        );
    }

    #[test]
    fn quotations_over_paragraphs_keep_their_speaker() {
        // Convention one: the open paragraph is reopened, the speaker named at the end.
        let text =
            "\"We counted 11 craters.\n\"Nobody was hurt,\" the Iraqi interior ministry said.\n\
                    \"There were 4 blasts.\"\nMeanwhile 7 roads closed.";
        assert_eq!(
            chain(text, "11"),
            vec![link("the Iraqi interior ministry", "said", Stance::Asserts)]
        );
        // Convention two: a quote-only paragraph after a quoted speaker goes on in that voice.
        assert_eq!(
            chain(text, "4 blasts"),
            vec![link("the Iraqi interior ministry", "said", Stance::Asserts)]
        );
        assert!(chain(text, "7 roads").is_empty());
    }

    #[test]
    fn the_message_is_the_body_that_issued_it() {
        let text =
            "The Armenian foreign ministry said in a statement on Monday that talks resumed.\n\
                    Russia confirmed the talks.\n\
                    At least 6 observers will attend, the statement said.";
        let doc = DocAttribution::analyze(text, None);
        let links = doc.links_for(find(text, "6 observers"));
        assert_eq!(links.len(), 2);
        assert_eq!(
            links[1].actor_id.as_deref(),
            Some("am.ministry_of_foreign_affairs")
        );
        assert_eq!(
            links[1].attribution.span.unwrap().slice(text),
            "the statement"
        );
    }

    #[test]
    fn the_speaker_is_the_head_of_its_phrase() {
        let text = "About 20 died, opponents of President Bashar al-Assad said.\n\
                    Some 7 shells fell, a U.S. official said.\n\
                    \"We found 3 more,\" Ivan Petrov told reporters.";
        let doc = DocAttribution::analyze(text, None);
        let of = |needle: &str| doc.links_for(find(text, needle)).pop().unwrap();
        let opponents = of("20");
        assert_eq!(
            opponents.attribution.span.unwrap().slice(text),
            "opponents of President Bashar al-Assad"
        );
        assert_eq!(opponents.actor_id, None);
        assert_eq!(of("7").actor_id.as_deref(), Some("us.official"));
        // "told reporters": the reporters are told, not telling.
        assert_eq!(of("3 more").actor_id.as_deref(), Some("person:ivan-petrov"));
    }

    #[test]
    fn speakers_behind_clauses_and_before_side_remarks() {
        let text = "Some 40 trucks crossed, a border guard said, with television showing the queue.\n\
                    The head of another aid group, who asked not to be named, said 6 convoys waited.\n\
                    Olga Ivanova, a nurse, told reporters in Kherson that 9 patients left.\n\
                    Nearly 300 people arrived, the International Organization for Migration (IOM) said.\n\
                    The guard said 12 trucks crossed, while the queue grew.";
        assert_eq!(
            chain(text, "40"),
            vec![link("a border guard", "said", Stance::Asserts)]
        );
        assert_eq!(
            chain(text, "6 convoys"),
            vec![link(
                "The head of another aid group",
                "said",
                Stance::Asserts
            )]
        );
        assert_eq!(
            chain(text, "9 patients"),
            vec![link("Olga Ivanova", "told", Stance::Asserts)]
        );
        assert_eq!(
            chain(text, "300"),
            vec![link(
                "International Organization for Migration",
                "said",
                Stance::Asserts
            )]
        );
        // A contrast with no speaker of its own stays with the speaker.
        assert_eq!(
            chain(text, "queue grew"),
            vec![link("The guard", "said", Stance::Asserts)]
        );
    }

    #[test]
    fn a_figure_running_past_the_words_belongs_where_it_starts() {
        let text =
            "Despite the fact that the Armenian side states about 800 ha, the ministry said.";
        let doc = DocAttribution::analyze(text, None);
        let start = text.find("800").unwrap();
        // Past the comma that ends the nested speaker's clause.
        let links = doc.links_for(Span::new(start, start + 8));
        assert_eq!(
            links
                .iter()
                .map(|l| l.actor_id.as_deref())
                .collect::<Vec<_>>(),
            vec![None, Some("unknown.ministry"), Some("am.side")]
        );
    }

    #[test]
    fn an_unnamed_source_stops_where_its_clause_does() {
        let text = "According to witnesses the gunmen fired 30 rounds.\n\
                    According to figures from the health office, 12 died.";
        assert_eq!(
            chain(text, "30"),
            vec![link("witnesses", "according to", Stance::Asserts)]
        );
        assert_eq!(
            chain(text, "12"),
            vec![link(
                "figures from the health office",
                "according to",
                Stance::Asserts
            )]
        );
    }

    #[test]
    fn one_speaker_reference_is_one_frame() {
        let text = "Sites where attacks have been reported will be visited the United Nations said Wednesday.\n\
                    \"About 30 were hurt\" said the Syrian Observatory for Human Rights said.";
        let doc = DocAttribution::analyze(text, None);
        assert_eq!(doc.frames().len(), 2, "{:#?}", doc.frames());
        assert_eq!(doc.frames()[0].cue_span.slice(text), "said");
        assert_eq!(
            chain(text, "30"),
            vec![link(
                "Syrian Observatory for Human Rights",
                "said",
                Stance::Asserts
            )]
        );
    }

    #[test]
    fn nouns_that_look_like_cues_make_no_frame() {
        let text = "Media reports of 20 deaths spread. The two states signed 3 accords. Territorial claims over 5 islands remain. \
                    The UN report suggests 7 towns burned.";
        let doc = DocAttribution::analyze(text, None);
        assert!(doc.frames().is_empty(), "{:#?}", doc.frames());
    }
}
