//! Events: what a document says happened, coded in ACLED's event types.
//!
//! A trigger lexicon finds the words that name an event ("heavy fire",
//! "airstrikes", "counter-attack", "liberated", "ceasefire agreement"); the
//! sentence around a trigger supplies its actors, places, time, attribution
//! and the claims stated beside it. Sentences, actors, attribution and place
//! matching are the ones claims use; nothing here re-reads the text for them.
//!
//! ACLED has no types for ceasefires, negotiations or ceasefire violations.
//! The mapping used here, following ACLED's codebook:
//! - a ceasefire, truce, halt to operations or other accord is
//!   "Strategic developments / Agreement";
//! - negotiations and talks are "Strategic developments / Other";
//! - a ceasefire violation is reported fire between armed forces, so
//!   "Battles / Armed clash";
//! - fire with mortars, artillery, rockets or missiles and no ground
//!   engagement named in the sentence is "Explosions/Remote violence /
//!   Shelling/artillery/missile attack" (ACLED codes one-sided shelling as
//!   remote violence, and the ground fighting that follows as a battle);
//! - regaining ground ("liberated", "recaptured", "freed") is "Battles /
//!   Government regains territory" when a state's forces do it and "Battles /
//!   Non-state actor overtakes territory" when a group does; a state taking
//!   ground from rebels or militants ("seized a rebel-held neighbourhood")
//!   regains territory too; a state taking another state's land ("captured",
//!   "occupied") is "Battles / Armed clash", because ACLED's territorial
//!   sub-types describe a government regaining ground from non-state groups
//!   or a non-state actor taking it.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use contested_core::{
    Attribution, Claim, Document, Event, Party, PlaceMention, Span, Stance, SubEventType, TimeExpr,
};
use contested_recognize::Recognized;

use crate::actors::{ActorKind, ActorMention};
use crate::attribution::DocAttribution;
use crate::claims::UNKNOWN_OUTLET;
use crate::gazetteer::{PlaceKind, PlaceMatch};

/// How a trigger's sub-event type is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// The trigger alone decides.
    Fixed(SubEventType),
    /// Fire or an attack whose weapon the rest of the sentence names; a
    /// ground fight when it names none, an attack on civilians when they are
    /// its target.
    Fire,
    /// "strikes", "raids": from the air unless the sentence names artillery.
    Strike,
    /// "targeted": an event only when the sentence names the weapon.
    Targeted,
    /// "chemical weapons": an attack only when the sentence says they were
    /// used ("a chemical weapons factory" is not one).
    Chemical,
    /// "fighting": a battle, unless it is "fighting terrorism", a cause.
    Fighting,
    /// "bombed", "bombing": from the air unless the sentence names artillery.
    Bombing,
    /// Ground regained: the actor's kind decides government or non-state.
    Regain,
    /// Ground taken from someone else.
    Capture,
    /// A ceasefire or accord, unless only referred back to ("ignoring the agreement").
    Accord,
}

use SubEventType as S;

const TRIGGERS: &[(&str, Class)] = &[
    // Explosions/Remote violence
    ("airstrike", Class::Fixed(S::AirDroneStrike)),
    ("airstrikes", Class::Fixed(S::AirDroneStrike)),
    ("air strike", Class::Fixed(S::AirDroneStrike)),
    ("air strikes", Class::Fixed(S::AirDroneStrike)),
    ("air-strike", Class::Fixed(S::AirDroneStrike)),
    ("air-strikes", Class::Fixed(S::AirDroneStrike)),
    ("air raid", Class::Fixed(S::AirDroneStrike)),
    ("air raids", Class::Fixed(S::AirDroneStrike)),
    ("air attack", Class::Fixed(S::AirDroneStrike)),
    ("air attacks", Class::Fixed(S::AirDroneStrike)),
    ("drone strike", Class::Fixed(S::AirDroneStrike)),
    ("drone strikes", Class::Fixed(S::AirDroneStrike)),
    ("barrel bomb", Class::Fixed(S::AirDroneStrike)),
    ("barrel bombs", Class::Fixed(S::AirDroneStrike)),
    ("bombed", Class::Bombing),
    ("bombing", Class::Bombing),
    ("bombings", Class::Bombing),
    ("shelling", Class::Fixed(S::ShellingArtilleryMissileAttack)),
    ("shelled", Class::Fixed(S::ShellingArtilleryMissileAttack)),
    (
        "bombardment",
        Class::Fixed(S::ShellingArtilleryMissileAttack),
    ),
    ("bombarded", Class::Fixed(S::ShellingArtilleryMissileAttack)),
    (
        "artillery fire",
        Class::Fixed(S::ShellingArtilleryMissileAttack),
    ),
    (
        "mortar fire",
        Class::Fixed(S::ShellingArtilleryMissileAttack),
    ),
    (
        "mortar shells",
        Class::Fixed(S::ShellingArtilleryMissileAttack),
    ),
    ("mortars", Class::Fixed(S::ShellingArtilleryMissileAttack)),
    (
        "rocket attack",
        Class::Fixed(S::ShellingArtilleryMissileAttack),
    ),
    (
        "rocket attacks",
        Class::Fixed(S::ShellingArtilleryMissileAttack),
    ),
    (
        "missile attack",
        Class::Fixed(S::ShellingArtilleryMissileAttack),
    ),
    (
        "missile strike",
        Class::Fixed(S::ShellingArtilleryMissileAttack),
    ),
    (
        "missile strikes",
        Class::Fixed(S::ShellingArtilleryMissileAttack),
    ),
    ("car bomb", Class::Fixed(S::RemoteExplosiveLandmineIed)),
    ("car bombs", Class::Fixed(S::RemoteExplosiveLandmineIed)),
    ("roadside bomb", Class::Fixed(S::RemoteExplosiveLandmineIed)),
    (
        "explosive device",
        Class::Fixed(S::RemoteExplosiveLandmineIed),
    ),
    ("ied", Class::Fixed(S::RemoteExplosiveLandmineIed)),
    ("landmine", Class::Fixed(S::RemoteExplosiveLandmineIed)),
    ("landmines", Class::Fixed(S::RemoteExplosiveLandmineIed)),
    ("land mine", Class::Fixed(S::RemoteExplosiveLandmineIed)),
    ("explosion", Class::Fixed(S::RemoteExplosiveLandmineIed)),
    ("explosions", Class::Fixed(S::RemoteExplosiveLandmineIed)),
    ("blast", Class::Fixed(S::RemoteExplosiveLandmineIed)),
    ("suicide bomber", Class::Fixed(S::SuicideBomb)),
    ("suicide bombers", Class::Fixed(S::SuicideBomb)),
    ("suicide bombing", Class::Fixed(S::SuicideBomb)),
    ("suicide attack", Class::Fixed(S::SuicideBomb)),
    ("suicide car bomb", Class::Fixed(S::SuicideBomb)),
    ("blew himself up", Class::Fixed(S::SuicideBomb)),
    ("chemical attack", Class::Fixed(S::ChemicalWeapon)),
    ("chemical weapons", Class::Chemical),
    ("chemical weapon", Class::Chemical),
    ("toxic gas", Class::Chemical),
    ("poison gas", Class::Chemical),
    ("sarin", Class::Chemical),
    ("grenade attack", Class::Fixed(S::Grenade)),
    ("hand grenade", Class::Fixed(S::Grenade)),
    ("threw a grenade", Class::Fixed(S::Grenade)),
    // Fire and attacks: the weapon decides.
    ("heavy fire", Class::Fire),
    ("opened fire", Class::Fire),
    ("came under fire", Class::Fire),
    ("gunfire", Class::Fire),
    ("attack", Class::Fire),
    ("attacks", Class::Fire),
    ("attacked", Class::Fire),
    ("strike", Class::Strike),
    ("strikes", Class::Strike),
    ("struck", Class::Strike),
    ("raid", Class::Strike),
    ("raids", Class::Strike),
    ("targeted", Class::Targeted),
    // Battles
    ("clash", Class::Fixed(S::ArmedClash)),
    ("clashes", Class::Fixed(S::ArmedClash)),
    ("clashed", Class::Fixed(S::ArmedClash)),
    ("armed clashes", Class::Fixed(S::ArmedClash)),
    ("fighting", Class::Fighting),
    ("fought", Class::Fixed(S::ArmedClash)),
    ("battle", Class::Fixed(S::ArmedClash)),
    ("battles", Class::Fixed(S::ArmedClash)),
    ("firefight", Class::Fixed(S::ArmedClash)),
    ("gunfight", Class::Fixed(S::ArmedClash)),
    ("counter-attack", Class::Fixed(S::ArmedClash)),
    ("counterattack", Class::Fixed(S::ArmedClash)),
    ("counter-offensive", Class::Fixed(S::ArmedClash)),
    ("counteroffensive", Class::Fixed(S::ArmedClash)),
    ("offensive", Class::Fixed(S::ArmedClash)),
    ("assault", Class::Fixed(S::ArmedClash)),
    ("ambush", Class::Fixed(S::ArmedClash)),
    ("ambushed", Class::Fixed(S::ArmedClash)),
    ("armed provocation", Class::Fixed(S::ArmedClash)),
    ("violating the ceasefire", Class::Fixed(S::ArmedClash)),
    ("violated the ceasefire", Class::Fixed(S::ArmedClash)),
    ("violate the ceasefire", Class::Fixed(S::ArmedClash)),
    ("ceasefire violation", Class::Fixed(S::ArmedClash)),
    ("ceasefire violations", Class::Fixed(S::ArmedClash)),
    ("violations of the ceasefire", Class::Fixed(S::ArmedClash)),
    ("violated the truce", Class::Fixed(S::ArmedClash)),
    ("liberated", Class::Regain),
    ("liberation", Class::Regain),
    ("liberating", Class::Regain),
    ("recaptured", Class::Regain),
    ("regained", Class::Regain),
    ("retook", Class::Regain),
    ("retaken", Class::Regain),
    ("freed", Class::Regain),
    ("took back", Class::Regain),
    ("regained control", Class::Regain),
    ("captured", Class::Capture),
    ("seized", Class::Capture),
    ("seizing", Class::Capture),
    ("capture", Class::Capture),
    ("capturing", Class::Capture),
    ("recaptures", Class::Regain),
    ("recapturing", Class::Regain),
    ("took control", Class::Capture),
    ("taken control", Class::Capture),
    ("overran", Class::Capture),
    ("stormed", Class::Capture),
    ("occupied", Class::Capture),
    // Violence against civilians
    ("massacre", Class::Fixed(S::Attack)),
    ("massacred", Class::Fixed(S::Attack)),
    ("executed", Class::Fixed(S::Attack)),
    ("beheaded", Class::Fixed(S::Attack)),
    ("kidnapped", Class::Fixed(S::AbductionForcedDisappearance)),
    ("abducted", Class::Fixed(S::AbductionForcedDisappearance)),
    ("kidnapping", Class::Fixed(S::AbductionForcedDisappearance)),
    ("raped", Class::Fixed(S::SexualViolence)),
    // Protests and riots
    ("protest", Class::Fixed(S::PeacefulProtest)),
    ("protests", Class::Fixed(S::PeacefulProtest)),
    ("protesters", Class::Fixed(S::PeacefulProtest)),
    ("demonstrators", Class::Fixed(S::PeacefulProtest)),
    ("riot", Class::Fixed(S::ViolentDemonstration)),
    ("riots", Class::Fixed(S::ViolentDemonstration)),
    ("rioters", Class::Fixed(S::ViolentDemonstration)),
    // Strategic developments
    ("arrested", Class::Fixed(S::Arrests)),
    ("detained", Class::Fixed(S::Arrests)),
    ("looted", Class::Fixed(S::LootingPropertyDestruction)),
    ("looting", Class::Fixed(S::LootingPropertyDestruction)),
    ("withdrew", Class::Fixed(S::NonViolentTransferOfTerritory)),
    (
        "handed over",
        Class::Fixed(S::NonViolentTransferOfTerritory),
    ),
    ("ceasefire agreement", Class::Accord),
    ("ceasefire", Class::Accord),
    ("cease-fire", Class::Accord),
    ("truce", Class::Accord),
    ("peace agreement", Class::Accord),
    ("peace deal", Class::Accord),
    ("agreement", Class::Accord),
    ("were stopped", Class::Accord),
    ("was stopped", Class::Accord),
    ("were halted", Class::Accord),
    ("negotiations", Class::Fixed(S::Other)),
    ("peace talks", Class::Fixed(S::Other)),
    ("talks", Class::Fixed(S::Other)),
];

const AIR_WORDS: &[&str] = &[
    "warplane",
    "warplanes",
    "jet",
    "jets",
    "aircraft",
    "helicopter",
    "helicopters",
    "air force",
    "drone",
    "drones",
    "aviation",
    "bombers",
    "airstrike",
    "airstrikes",
    "air strikes",
    "bombing",
    "bombings",
    "bombed",
    "bombs",
    "air raid",
    "air raids",
];
const CHEMICAL_WORDS: &[&str] = &[
    "chemical",
    "gas",
    "toxic",
    "chlorine",
    "sarin",
    "nerve agent",
];
/// Words that make a mention of chemical weapons a report of their use.
const CHEMICAL_USE_WORDS: &[&str] = &[
    "attack",
    "attacks",
    "used",
    "use",
    "using",
    "strike",
    "strikes",
    "killed",
    "dropped",
    "fired",
    "gassed",
    "victims",
    "exposure",
    "symptoms",
    "suffocation",
    "suffocated",
];
/// Words that say ground was held by a non-state armed group.
const NON_STATE_HOLDER_WORDS: &[&str] = &[
    "rebel-held",
    "opposition-held",
    "militant-held",
    "jihadist-held",
    "is-held",
    "isis-held",
    "rebels",
    "militants",
    "jihadists",
    "terrorists",
    "insurgents",
    "separatists",
    "daesh",
    "isis",
    "isil",
    "nusra",
];
const CIVILIAN_WORDS: &[&str] = &[
    "civilian",
    "civilians",
    "villagers",
    "residents",
    "worshippers",
    "children",
];
/// Nouns that make "captured"/"liberated" about ground rather than people.
const GROUND_WORDS: &[&str] = &[
    "territory",
    "territories",
    "land",
    "lands",
    "area",
    "areas",
    "village",
    "villages",
    "town",
    "towns",
    "city",
    "cities",
    "hill",
    "hills",
    "height",
    "heights",
    "position",
    "positions",
    "base",
    "bases",
    "airport",
    "airbase",
    "district",
    "districts",
    "neighbourhood",
    "neighborhood",
    "neighbourhoods",
    "neighborhoods",
    "region",
    "regions",
    "settlement",
    "settlements",
    "hectares",
    "km2",
    "square",
    "percent",
    "field",
    "fields",
    "road",
    "crossing",
    "checkpoint",
    "checkpoints",
    "hilltop",
    "outskirts",
    "countryside",
    "province",
    "stronghold",
    "strongholds",
    "dam",
];
const ARTILLERY_WORDS: &[&str] = &[
    "artillery",
    "mortar",
    "mortars",
    "shell",
    "shells",
    "shelling",
    "rocket",
    "rockets",
    "missile",
    "missiles",
    "howitzer",
    "howitzers",
    "grad",
];
/// Words that mark an accord as only referred back to, not reported.
const BACK_REFERENCE: &[&str] = &[
    "ignoring",
    "despite",
    "violating",
    "violated",
    "violate",
    "breaking",
    "broke",
];
/// Words after which "occupied" is an adjective ("the occupied territories").
const ADJECTIVE_CONTEXT: &[&str] = &[
    "the", "its", "their", "of", "in", "from", "under", "'s", "’s", "newly",
];

fn trigger_matcher() -> &'static AhoCorasick {
    static MATCHER: OnceLock<AhoCorasick> = OnceLock::new();
    MATCHER.get_or_init(|| {
        // A DFA: the lexicon is small, and this scans every document whole.
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(TRIGGERS.iter().map(|(word, _)| *word))
            .expect("trigger lexicon builds")
    })
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b >= 0x80
}

/// Whether `span` of `text` is a whole word (or words).
pub(crate) fn at_word_boundaries(text: &str, span: Span) -> bool {
    let bytes = text.as_bytes();
    let before_ok = span.start == 0 || !is_word_byte(bytes[span.start - 1]);
    let after_ok = span.end >= bytes.len() || !is_word_byte(bytes[span.end]);
    before_ok && after_ok
}

/// Triggers in `text`, in order, as (span, class).
pub(crate) fn triggers(text: &str) -> Vec<(Span, Class)> {
    let lower = text.to_ascii_lowercase();
    trigger_matcher()
        .find_iter(&lower)
        .map(|m| {
            (
                Span::new(m.start(), m.end()),
                TRIGGERS[m.pattern().as_usize()].1,
            )
        })
        .filter(|(span, _)| at_word_boundaries(text, *span))
        .collect()
}

/// Whether any of `words` occurs as a whole word in `scope` of `text`.
fn mentions_any(text: &str, scope: Span, words: &[&str]) -> bool {
    let lower = scope.slice(text).to_ascii_lowercase();
    words
        .iter()
        .any(|w| occurrences(lower.as_bytes(), w.as_bytes()).any(|at| at_word_boundaries(&lower, Span::new(at, at + w.len()))))
}

/// Starts of the leftmost non-overlapping occurrences of `needle` in
/// `haystack`, as `str::match_indices` finds them. Scopes here are a
/// sentence or a few words, too short to repay building a substring
/// searcher for each word of each list.
fn occurrences<'h>(haystack: &'h [u8], needle: &'h [u8]) -> impl Iterator<Item = usize> + 'h {
    let mut from = 0;
    std::iter::from_fn(move || {
        let (&first, _) = needle.split_first()?;
        while from + needle.len() <= haystack.len() {
            let at = from + memchr::memchr(first, &haystack[from..])?;
            if haystack[at..].starts_with(needle) {
                from = at + needle.len();
                return Some(at);
            }
            from = at + 1;
        }
        None
    })
}

/// The word before `at` in `scope`, lowercased.
pub(crate) fn word_before(text: &str, scope: Span, at: usize) -> String {
    let before = text[scope.start..at].trim_end();
    let start = before
        .rfind(|c: char| c.is_whitespace() || c == ',' || c == '(')
        .map_or(0, |i| i + 1);
    before[start..].to_lowercase()
}

/// The clause of `sentence` around `at`, as claims cut it: list items are
/// separated by semicolons.
pub(crate) fn clause_around(text: &str, sentence: Span, at: Span) -> Span {
    let before = &text[sentence.start..at.start.max(sentence.start)];
    let after = &text[at.end.min(sentence.end)..sentence.end];
    let start = before
        .rfind(';')
        .map(|i| sentence.start + i + 1)
        .unwrap_or(sentence.start);
    let end = after.find(';').map(|i| at.end + i).unwrap_or(sentence.end);
    Span::new(start, end)
}

pub(crate) fn sentence_of(attribution: &DocAttribution, span: Span) -> Span {
    attribution
        .sentences()
        .iter()
        .copied()
        .find(|s| s.contains(span))
        .unwrap_or(span)
}

/// The time a trigger is dated by: in its clause (nearest before, else after),
/// else in its sentence.
pub(crate) fn time_near(
    times: &[TimeExpr],
    clause: Span,
    sentence: Span,
    at: Span,
) -> Option<TimeExpr> {
    let nearest = |scope: Span| {
        let before = times
            .iter()
            .filter(|t| scope.contains(t.span) && t.span.end <= at.start)
            .max_by_key(|t| t.span.end);
        let after = times
            .iter()
            .filter(|t| scope.contains(t.span) && t.span.start >= at.end)
            .min_by_key(|t| t.span.start);
        before.or(after).cloned()
    };
    nearest(clause).or_else(|| nearest(sentence))
}

/// The reported words that hold `at`, when a speaker reports it: a date
/// outside them ("said in a message May 18") dates the saying, not the event.
pub(crate) fn reported_piece(attribution: &DocAttribution, at: Span) -> Option<Span> {
    attribution
        .frames()
        .iter()
        .flat_map(|f| f.content.iter().copied())
        .filter(|piece| piece.start <= at.start && at.end <= piece.end)
        .min_by_key(|piece| piece.len())
}

fn intersect(a: Span, b: Span) -> Span {
    let start = a.start.max(b.start);
    Span::new(start, a.end.min(b.end).max(start))
}

/// The time of what happens at `at`: in its clause, else its sentence, but
/// inside the reported words when a speaker reports it.
pub(crate) fn time_of(
    attribution: &DocAttribution,
    times: &[TimeExpr],
    clause: Span,
    sentence: Span,
    at: Span,
) -> Option<TimeExpr> {
    match reported_piece(attribution, at) {
        Some(piece) => time_near(
            times,
            intersect(clause, piece),
            intersect(sentence, piece),
            at,
        ),
        None => time_near(times, clause, sentence, at),
    }
}

/// The paragraph (a run of text between line breaks) holding `at`.
fn paragraph_of(text: &str, at: Span) -> Span {
    let start = text[..at.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at.end..].find('\n').map_or(text.len(), |i| at.end + i);
    Span::new(start, end)
}

/// The attribution chain for `span`, never empty: at least the outlet.
pub(crate) fn chain_for(
    doc: &Document,
    attribution: &DocAttribution,
    span: Span,
) -> Vec<Attribution> {
    let mut chain = attribution.chain_for(span);
    if chain.is_empty() {
        chain.push(Attribution {
            speaker: doc
                .outlet
                .clone()
                .unwrap_or_else(|| UNKNOWN_OUTLET.to_string()),
            span: None,
            cue: None,
            stance: Stance::Asserts,
        });
    }
    chain
}

/// Actor mentions that can take part in an event in `scope`: not the
/// speakers who report it, not outlets.
fn participants<'a>(
    text: &str,
    attribution: &'a DocAttribution,
    scope: Span,
) -> Vec<&'a ActorMention> {
    let speakers: Vec<Span> = attribution
        .frames()
        .iter()
        .map(|f| f.speaker_span)
        .collect();
    let speaker_ids: Vec<&str> = attribution
        .frames()
        .iter()
        .filter_map(|f| f.actor_id.as_deref())
        .collect();
    attribution
        .actors()
        .iter()
        .filter(|a| scope.contains(a.span))
        .filter(|a| a.kind != ActorKind::Outlet)
        .filter(|a| !speakers.iter().any(|s| s.overlaps(a.span)))
        // Monitors and experts who speak in the document are its sources: a
        // later "the Observatory" is not a party to the fighting.
        .filter(|a| {
            !matches!(
                a.kind,
                ActorKind::Organisation | ActorKind::Expert | ActorKind::Person
            ) || !speaker_ids.contains(&a.actor_id.as_str())
        })
        // "killed in Syria": a country after a preposition of place is where, not who.
        .filter(|a| {
            a.kind != ActorKind::Country
                || !matches!(
                    word_before(text, scope, a.span.start).as_str(),
                    "in" | "near" | "across" | "into" | "inside" | "throughout" | "at"
                )
        })
        .collect()
}

fn party(actor: &ActorMention) -> Party {
    Party {
        id: actor.actor_id.clone(),
        name: actor.name.clone(),
        span: actor.span,
        inferred: false,
    }
}

/// Who did it and to whom, from the actors around `trigger` in `clause`: the
/// subject before the trigger acts on the actor after it, unless the actor
/// after is introduced by "by" or, for fire, "from" ("subjected to heavy fire
/// from the Armenian side"), which makes it the doer. Ground is taken "from"
/// its loser, so there `from_is_agent` is false.
pub(crate) fn actors_of(
    text: &str,
    attribution: &DocAttribution,
    clause: Span,
    trigger: Span,
    from_is_agent: bool,
) -> (Option<ActorMention>, Option<ActorMention>) {
    let scope = match reported_piece(attribution, trigger) {
        Some(piece) => intersect(clause, piece),
        None => clause,
    };
    let around = participants(text, attribution, scope);
    let before = around
        .iter()
        .rev()
        .find(|a| a.span.end <= trigger.start && trigger.start - a.span.end <= 100)
        .map(|a| (*a).clone());
    let after = around
        .iter()
        .find(|a| a.span.start >= trigger.end && a.span.start - trigger.end <= 80)
        .map(|a| (*a).clone());
    let after_word = after
        .as_ref()
        .map(|a| word_before(text, clause, a.span.start));
    let (first, second) = match after_word.as_deref() {
        Some("by") => (after, before),
        Some("from") if from_is_agent => (after, before),
        _ => (before, after),
    };
    let first = first.or_else(|| confessing_speaker(text, attribution, trigger));
    match (first, second) {
        (Some(a), Some(b)) if a.actor_id == b.actor_id => (Some(a), None),
        pair => pair,
    }
}

/// The speaker who says "it"/"they"/"we" did it: in "Armenian leadership
/// confirmed that it carried out an armed provocation" the doer is the
/// speaker, whose mention the reported words point back to.
fn confessing_speaker(
    text: &str,
    attribution: &DocAttribution,
    trigger: Span,
) -> Option<ActorMention> {
    let frame = attribution
        .frames()
        .iter()
        .filter(|f| {
            f.content
                .iter()
                .any(|p| p.start <= trigger.start && trigger.end <= p.end)
        })
        .min_by_key(|f| f.content.iter().map(|p| p.len()).sum::<usize>())?;
    let piece = frame
        .content
        .iter()
        .find(|p| p.start <= trigger.start && trigger.end <= p.end)?;
    let words = &text[piece.start..trigger.start];
    let subject = words.split_whitespace().next()?.to_lowercase();
    let self_reference = match subject.as_str() {
        "it" => !frame.speaker.is_empty(),
        "they" | "we" => true,
        _ => false,
    };
    if !self_reference || words.split_whitespace().count() > 4 {
        return None;
    }
    attribution
        .actors()
        .iter()
        .find(|a| a.span == frame.speaker_span)
        .cloned()
}

fn is_state(actor: &ActorMention) -> bool {
    matches!(
        actor.kind,
        ActorKind::ArmedForces
            | ActorKind::Ministry
            | ActorKind::Government
            | ActorKind::HeadOfState
            | ActorKind::Country
            | ActorKind::Side
    ) || actor.side.is_some() && !matches!(actor.kind, ActorKind::Group | ActorKind::Organisation)
}

/// Places an event or record is located at: those in `clause`, else in
/// `sentence`, leaving out names inside a speaker or an institution
/// ("Azerbaijan's Defense Ministry" is not a place of the event).
pub(crate) fn places_in(
    text: &str,
    attribution: &DocAttribution,
    places: &[PlaceMatch],
    clause: Span,
    sentence: Span,
) -> Vec<PlaceMention> {
    let speakers: Vec<Span> = attribution
        .frames()
        .iter()
        .map(|f| f.speaker_span)
        .collect();
    let institutions: Vec<Span> = attribution
        .actors()
        .iter()
        .filter(|a| !matches!(a.kind, ActorKind::Country))
        .map(|a| a.span)
        .collect();
    let within = |scope: Span| -> Vec<PlaceMention> {
        places
            .iter()
            .filter(|m| scope.contains(m.span))
            .filter(|m| !speakers.iter().any(|s| s.overlaps(m.span)))
            .filter(|m| !institutions.iter().any(|s| s.overlaps(m.span)))
            .filter(|m| !is_modifier(text, m.span))
            .map(|m| PlaceMention {
                span: m.span,
                name: m.name.clone(),
                place_id: Some(m.place_id.clone()),
            })
            .collect()
    };
    let in_clause = within(clause);
    if in_clause.is_empty() {
        within(sentence)
    } else {
        in_clause
    }
}

/// Whether a place name only modifies what follows: "UK-based", "US-led".
fn is_modifier(text: &str, name: Span) -> bool {
    let after = &text[name.end..];
    [
        "-based",
        "-led",
        "-backed",
        "-born",
        "-run",
        "-funded",
        "-brokered",
        "-made",
    ]
    .iter()
    .any(|suffix| after.starts_with(suffix))
}

/// Whether "occupied" at `span` describes territory ("the occupied
/// territories") rather than reporting an act.
pub(crate) fn is_adjectival(text: &str, sentence: Span, span: Span) -> bool {
    let before = word_before(text, sentence, span.start);
    let after = text[span.end..sentence.end].trim_start();
    let next = after
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    ADJECTIVE_CONTEXT
        .iter()
        .any(|w| before == *w || before.ends_with(w))
        || matches!(
            next.as_str(),
            "territory" | "territories" | "lands" | "land" | "regions" | "areas" | "districts"
        )
}

fn settle(
    text: &str,
    sentence: Span,
    span: Span,
    class: Class,
    doer: Option<&ActorMention>,
) -> Option<SubEventType> {
    Some(match class {
        Class::Fixed(sub) => sub,
        Class::Fire | Class::Bombing | Class::Strike | Class::Targeted => {
            let lead_in = Span::new(
                floor_char(text, span.start.saturating_sub(20).max(sentence.start)),
                span.start,
            );
            if class == Class::Fire && mentions_any(text, lead_in, CHEMICAL_WORDS) {
                S::ChemicalWeapon
            } else if mentions_any(text, sentence, ARTILLERY_WORDS) {
                S::ShellingArtilleryMissileAttack
            } else if mentions_any(text, sentence, AIR_WORDS)
                || matches!(class, Class::Bombing | Class::Strike)
            {
                S::AirDroneStrike
            } else if class == Class::Targeted {
                return None;
            } else if mentions_any(text, sentence, CIVILIAN_WORDS) {
                S::Attack
            } else {
                S::ArmedClash
            }
        }
        Class::Chemical => {
            if !mentions_any(text, sentence, CHEMICAL_USE_WORDS) {
                return None;
            }
            S::ChemicalWeapon
        }
        Class::Fighting => {
            let after = Span::new(
                span.end,
                floor_char(text, (span.end + 16).min(sentence.end)),
            );
            if mentions_any(
                text,
                after,
                &["terror", "terrorism", "terrorists", "corruption"],
            ) {
                return None;
            }
            S::ArmedClash
        }
        Class::Regain | Class::Capture if !about_ground(text, sentence, span) => return None,
        Class::Regain => match doer {
            Some(actor) if !is_state(actor) => S::NonStateActorOvertakesTerritory,
            _ => S::GovernmentRegainsTerritory,
        },
        Class::Capture => {
            if text[span.start..span.end].eq_ignore_ascii_case("occupied")
                && is_adjectival(text, sentence, span)
            {
                return None;
            }
            match doer {
                Some(actor) if !is_state(actor) => S::NonStateActorOvertakesTerritory,
                // A state taking ground held by rebels or militants regains it, in
                // ACLED's terms; taking another state's ground is a clash.
                Some(_) if mentions_any(text, sentence, NON_STATE_HOLDER_WORDS) => {
                    S::GovernmentRegainsTerritory
                }
                _ => S::ArmedClash,
            }
        }
        Class::Accord => {
            let head = text[sentence.start..span.start].to_lowercase();
            let recent: Vec<&str> = head.split_whitespace().rev().take(3).collect();
            if recent.iter().any(|w| {
                BACK_REFERENCE
                    .iter()
                    .any(|b| w.trim_matches(|c: char| !c.is_alphanumeric()) == *b)
            }) {
                return None;
            }
            S::Agreement
        }
    })
}

pub(crate) fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Whether a capture or liberation word is about ground: a ground noun or a
/// number of hectares close after it ("liberated important heights") or just
/// before it ("territories liberated by").
pub(crate) fn about_ground(text: &str, sentence: Span, span: Span) -> bool {
    let after_end = floor_char(text, (span.end + 90).min(sentence.end));
    let before_start = floor_char(text, span.start.saturating_sub(30).max(sentence.start));
    mentions_any(text, Span::new(span.end, after_end), GROUND_WORDS)
        || mentions_any(text, Span::new(before_start, span.start), GROUND_WORDS)
}

/// How specific a Battles sub-type is: territory beats a bare clash.
fn specificity(sub: SubEventType) -> u8 {
    match sub {
        S::GovernmentRegainsTerritory | S::NonStateActorOvertakesTerritory => 2,
        _ => 1,
    }
}

/// The events `doc` reports. One event per trigger, except that in one
/// sentence triggers of one sub-type are one event ("heavy fire … mortars"),
/// and battle words around a territorial gain are that gain ("a
/// counter-attack, which led to liberation of several heights").
pub fn events(
    doc: &Document,
    recognized: &Recognized,
    attribution: &DocAttribution,
    places: &[PlaceMatch],
    claims: &[Claim],
) -> Vec<Event> {
    let text = &doc.text;
    let mut found: Vec<Event> = Vec::new();
    for (span, class) in triggers(text) {
        let sentence = sentence_of(attribution, span);
        let clause = clause_around(text, sentence, span);
        let from_is_agent = !matches!(class, Class::Regain | Class::Capture);
        let (actor1, actor2) = actors_of(text, attribution, clause, span, from_is_agent);
        let Some(sub) = settle(text, sentence, span, class, actor1.as_ref()) else {
            continue;
        };
        let same_sentence = found
            .iter_mut()
            .rev()
            .take_while(|e| e.sentence_span == sentence)
            .find(|e| {
                e.sub_event_type == sub
                    || (e.event_type == sub.event_type()
                        && sub.event_type() == contested_core::EventType::Battles)
                    // A generic verb after a named weapon is that weapon's
                    // verb: "the bombardment struck the town".
                    || (matches!(class, Class::Strike | Class::Targeted)
                        && e.event_type == contested_core::EventType::ExplosionsRemoteViolence)
            });
        if let Some(earlier) = same_sentence {
            if specificity(sub) > specificity(earlier.sub_event_type) {
                let keep_actors = (earlier.actor1.take(), earlier.actor2.take());
                let keep_time = earlier.time.take();
                *earlier = build(
                    doc,
                    recognized,
                    attribution,
                    places,
                    claims,
                    span,
                    sentence,
                    clause,
                    sub,
                    actor1,
                    actor2,
                );
                if earlier.actor1.is_none() {
                    earlier.actor1 = keep_actors.0;
                    earlier.actor2 = earlier.actor2.take().or(keep_actors.1);
                }
                if earlier.time.is_none() {
                    earlier.time = keep_time;
                }
            }
            continue;
        }
        let mut event = build(
            doc,
            recognized,
            attribution,
            places,
            claims,
            span,
            sentence,
            clause,
            sub,
            actor1,
            actor2,
        );
        if event.time.is_none() {
            event.time = follow_on_time(text, &found, span);
        }
        found.push(event);
    }
    found
}

/// The time of the event just before, for an undated event in the same
/// paragraph ("On the night of April 2 … heavy fire … The armed clashes
/// resulted in deaths"): the paragraph tells one episode. Marked inferred.
fn follow_on_time(text: &str, earlier: &[Event], at: Span) -> Option<TimeExpr> {
    let paragraph = paragraph_of(text, at);
    // An accord's time is when fighting stopped, not when later fighting happened.
    let previous = earlier.last().filter(|e| {
        paragraph.contains(e.span)
            && e.event_type != contested_core::EventType::StrategicDevelopments
    })?;
    let mut time = previous.time.clone()?;
    time.inferred = true;
    Some(time)
}

#[allow(clippy::too_many_arguments)]
fn build(
    doc: &Document,
    recognized: &Recognized,
    attribution: &DocAttribution,
    places: &[PlaceMatch],
    claims: &[Claim],
    span: Span,
    sentence: Span,
    clause: Span,
    sub: SubEventType,
    actor1: Option<ActorMention>,
    actor2: Option<ActorMention>,
) -> Event {
    let text = &doc.text;
    let in_clause: Vec<String> = claims
        .iter()
        .filter(|c| clause.contains(c.span))
        .map(|c| c.id.clone())
        .collect();
    let source_claims = if in_clause.is_empty() {
        claims
            .iter()
            .filter(|c| sentence.contains(c.span))
            .map(|c| c.id.clone())
            .collect()
    } else {
        in_clause
    };
    let mut event_places = places_in(text, attribution, places, clause, sentence);
    // A country named as an actor ("Russia holds talks", "Azerbaijan responded")
    // is not where it happened, unless the text places the event in it.
    let party_spans: Vec<Span> = [&actor1, &actor2]
        .into_iter()
        .flatten()
        .map(|a| a.span)
        .collect();
    event_places.retain(|p| {
        let locative = matches!(
            word_before(text, sentence, p.span.start).as_str(),
            "in" | "at" | "near" | "into" | "across" | "of"
        );
        let is_party = party_spans.iter().any(|s| s.overlaps(p.span));
        let is_actor = attribution.actors().iter().any(|a| a.span.overlaps(p.span));
        !is_party && (locative || !is_actor)
    });
    let mut seen = Vec::new();
    event_places.retain(|p| {
        let fresh = !seen.contains(&p.place_id);
        seen.push(p.place_id.clone());
        fresh
    });
    Event {
        id: Event::make_id(&doc.id, span),
        doc: doc.id.clone(),
        span,
        sentence_span: sentence,
        event_type: sub.event_type(),
        sub_event_type: sub,
        trigger: span.slice(text).to_string(),
        actor1: actor1.as_ref().map(party),
        actor2: actor2.as_ref().map(party),
        places: event_places,
        time: time_of(attribution, &recognized.times, clause, sentence, span),
        attribution: chain_for(doc, attribution, span),
        claims: source_claims,
    }
}

/// Whether a place match names an area rather than a point, for records.
pub(crate) fn is_area_place(kind: PlaceKind) -> bool {
    kind != PlaceKind::Feature
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triggers_are_whole_words_and_longest_first() {
        let text =
            "Attackers fled; a counter-attack and a ceasefire agreement followed the shelling.";
        let found: Vec<&str> = triggers(text).iter().map(|(s, _)| s.slice(text)).collect();
        assert_eq!(
            found,
            vec!["counter-attack", "ceasefire agreement", "shelling"]
        );
    }

    #[test]
    fn occupied_before_territories_is_an_adjective() {
        let text = "They entered the occupied territories. Troops occupied the town.";
        let sentence1 = Span::new(0, 38);
        let first = Span::new(17, 25);
        assert_eq!(first.slice(text), "occupied");
        assert!(is_adjectival(text, sentence1, first));
        let sentence2 = Span::new(39, text.len());
        let second = Span::new(46, 54);
        assert_eq!(second.slice(text), "occupied");
        assert!(!is_adjectival(text, sentence2, second));
    }

    fn settled(text: &str) -> Vec<(&str, Option<SubEventType>)> {
        let sentence = Span::new(0, text.len());
        triggers(text)
            .into_iter()
            .map(|(span, class)| (span.slice(text), settle(text, sentence, span, class, None)))
            .collect()
    }

    #[test]
    fn chemical_weapons_are_an_attack_only_when_used() {
        assert_eq!(
            settled("Jets hit a chemical weapons depot."),
            vec![("chemical weapons", None)]
        );
        assert_eq!(
            settled("Chemical weapons were used on the town."),
            vec![("Chemical weapons", Some(S::ChemicalWeapon))]
        );
    }

    #[test]
    fn the_weapon_named_in_the_sentence_decides_an_attack() {
        assert_eq!(
            settled("The attack with artillery went on."),
            vec![("attack", Some(S::ShellingArtilleryMissileAttack))]
        );
        assert_eq!(
            settled("Warplanes carried out the attack."),
            vec![("attack", Some(S::AirDroneStrike))]
        );
        assert_eq!(
            settled("A chemical gas attack left dozens dead."),
            vec![("attack", Some(S::ChemicalWeapon))]
        );
        assert_eq!(
            settled("The attack on civilians in the market."),
            vec![("attack", Some(S::Attack))]
        );
        assert_eq!(
            settled("Gunmen attacked the checkpoint."),
            vec![("attacked", Some(S::ArmedClash))]
        );
        assert_eq!(
            settled("The ministry targeted its critics."),
            vec![("targeted", None)]
        );
        assert_eq!(
            settled("They are fighting terrorism."),
            vec![("fighting", None)]
        );
    }

    #[test]
    fn capturing_people_is_not_taking_ground() {
        assert_eq!(
            settled("Rebels captured a pilot."),
            vec![("captured", None)]
        );
        assert_eq!(
            settled("Rebels captured three villages."),
            vec![("captured", Some(S::ArmedClash))]
        );
        let text = "Syrian government forces seized a rebel-held neighbourhood.";
        let whole = Span::new(0, text.len());
        let at = text.find("seized").unwrap();
        let army = crate::actors::actors(text)
            .into_iter()
            .next()
            .expect("the forces");
        let seized = settle(
            text,
            whole,
            Span::new(at, at + 6),
            Class::Capture,
            Some(&army),
        );
        assert_eq!(seized, Some(S::GovernmentRegainsTerritory));
        let text = "Armenian armed forces occupied the district.";
        let at = text.find("occupied").unwrap();
        let army = crate::actors::actors(text)
            .into_iter()
            .next()
            .expect("the forces");
        let occupied = settle(
            text,
            Span::new(0, text.len()),
            Span::new(at, at + 8),
            Class::Capture,
            Some(&army),
        );
        assert_eq!(occupied, Some(S::ArmedClash));
    }

    #[test]
    fn an_accord_referred_back_to_is_not_reported_again() {
        let text = "Ignoring the agreement, they fired.";
        let span = Span::new(13, 22);
        assert_eq!(
            settle(text, Span::new(0, text.len()), span, Class::Accord, None),
            None
        );
        let text = "A new agreement was signed.";
        let span = Span::new(6, 15);
        assert_eq!(
            settle(text, Span::new(0, text.len()), span, Class::Accord, None),
            Some(S::Agreement)
        );
    }
}
