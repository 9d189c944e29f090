//! Territorial control: who holds a place, according to whom, since when.
//!
//! Two shapes of text give records. A standing list ("Shusha: may 08, 1992,
//! territory 289 km2; Lachin: …" under a heading such as "The Occupation in
//! Figures") gives one standing record per item, worded by its heading. A
//! sentence that reports a change ("liberated … in Agdere district") gives
//! one change record per place it names.
//!
//! The list detection is textual: the lead knows paragraph roles and can tell
//! a template block apart; here a list is a sentence of at least three
//! `Place: …;` items.

use contested_core::{
    Claim, ClaimKind, ControlKind, ControlRecord, Document, Party, PlaceMention, Span, Unit,
};
use contested_recognize::Recognized;

use crate::actors::ActorMention;
use crate::attribution::DocAttribution;
use crate::events::{
    about_ground, actors_of, at_word_boundaries, chain_for, clause_around, floor_char,
    is_adjectival, is_area_place, places_in, sentence_of, time_near, time_of, word_before,
};
use crate::gazetteer::{demonym_country, PlaceKind, PlaceMatch};
use crate::measure::measure;

/// Words reporting a change of control, and whether the doer gains the place
/// back (true) or takes it from someone (false).
const CHANGE_WORDS: &[(&str, bool)] = &[
    ("liberated", true),
    ("liberation", true),
    ("freed", true),
    ("regained", true),
    ("recaptured", true),
    ("retook", true),
    ("captured", false),
    ("seized", false),
    ("occupied", false),
    ("took control", false),
    ("overran", false),
];

/// Items a sentence must have to be read as a standing list.
const LIST_ITEMS: usize = 3;

fn is_occupation_word(word: &str) -> bool {
    let lower = word.to_lowercase();
    lower.starts_with("occup")
}

/// Whether `sentence` is a list of `Name: …` items separated by semicolons.
fn is_list(text: &str, sentence: Span, places: &[PlaceMatch]) -> bool {
    // Fewer than LIST_ITEMS - 1 semicolons cannot make LIST_ITEMS items; most
    // sentences have none, and this runs for every sentence.
    if memchr::memchr_iter(b';', sentence.slice(text).as_bytes()).count() < LIST_ITEMS - 1 {
        return false;
    }
    let items: Vec<Span> = split_items(text, sentence);
    items.len() >= LIST_ITEMS
        && items
            .iter()
            .filter(|item| item_place(text, **item, places).is_some())
            .count()
            >= LIST_ITEMS
}

fn split_items(text: &str, sentence: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = sentence.start;
    for piece in sentence.slice(text).split(';') {
        out.push(Span::new(at, at + piece.len()));
        at += piece.len() + 1;
    }
    out
}

/// The place an item names first, when it is followed by a colon.
fn item_place<'p>(text: &str, item: Span, places: &'p [PlaceMatch]) -> Option<&'p PlaceMatch> {
    let lead = item.start + (item.slice(text).len() - item.slice(text).trim_start().len());
    let colon = item.slice(text).find(':').map(|i| item.start + i)?;
    places
        .iter()
        .filter(|p| p.span.start >= lead && p.span.end <= colon)
        .find(|p| {
            text[p.span.end..colon].trim().is_empty() && text[lead..p.span.start].trim().is_empty()
        })
}

/// The party the document says occupies territory: the actor before
/// "occupied" ("Armenian armed forces occupied …") or the demonym before
/// "occupation" ("from Armenian occupation"), whichever the document names
/// most often. Its id is the country's ISO code.
fn occupier(text: &str, attribution: &DocAttribution) -> Option<Party> {
    let lower = text.to_ascii_lowercase();
    let mut votes: Vec<(String, Party)> = Vec::new();
    for at in memchr::memmem::find_iter(lower.as_bytes(), "occup") {
        let word_end = lower[at..]
            .find(|c: char| !c.is_ascii_alphabetic())
            .map_or(lower.len(), |i| at + i);
        let word_span = Span::new(at, word_end);
        let sentence = sentence_of(attribution, word_span);
        let whole = &lower[at..word_end];
        if whole == "occupied" && !is_adjectival(text, sentence, word_span) {
            let doer = attribution.actors().iter().rev().find(|a| {
                a.span.end <= at
                    && sentence.contains(a.span)
                    && text[a.span.end..at].split_whitespace().count() <= 1
            });
            if let Some(actor) = doer.and_then(|a| a.side.clone().map(|side| (side, a))) {
                votes.push((actor.0.clone(), party_for_side(&actor.0, actor.1)));
            }
        } else if whole == "occupation" {
            let before = &text[sentence.start.min(at)..at];
            let trimmed = before.trim_end();
            let word_start = trimmed
                .rfind(|c: char| c.is_whitespace())
                .map_or(0, |i| i + 1);
            let adjective = &trimmed[word_start..];
            if let Some(code) = demonym_country(adjective) {
                let start = sentence.start.min(at) + word_start;
                votes.push((
                    code.to_string(),
                    Party {
                        id: code.to_string(),
                        name: text[start..word_end].to_string(),
                        span: Span::new(start, word_end),
                        inferred: true,
                    },
                ));
            }
        }
    }
    // The most named occupier wins; among equals the first named.
    votes
        .iter()
        .enumerate()
        .max_by_key(|(i, (code, _))| {
            (
                votes.iter().filter(|(c, _)| c == code).count(),
                std::cmp::Reverse(*i),
            )
        })
        .map(|(_, (_, party))| party.clone())
}

fn party_for_side(side: &str, actor: &ActorMention) -> Party {
    Party {
        id: side.to_string(),
        name: actor.name.clone(),
        span: actor.span,
        inferred: true,
    }
}

fn actor_party(actor: &ActorMention) -> Party {
    Party {
        id: actor.side.clone().unwrap_or_else(|| actor.actor_id.clone()),
        name: actor.name.clone(),
        span: actor.span,
        inferred: false,
    }
}

fn area_of(claim: &Claim) -> bool {
    matches!(claim.value.unit, Unit::Area | Unit::Percent)
        || matches!(claim.kind, ClaimKind::Area | ClaimKind::Share)
}

/// Who held which place, as `doc` states it: standing positions from lists,
/// changes from sentences that report them.
pub fn control_records(
    doc: &Document,
    recognized: &Recognized,
    attribution: &DocAttribution,
    places: &[PlaceMatch],
    claims: &[Claim],
) -> Vec<ControlRecord> {
    let text = &doc.text;
    let occupier = occupier(text, attribution);
    let mut records = Vec::new();
    let mut list_sentences: Vec<Span> = Vec::new();
    for &sentence in attribution.sentences() {
        if !is_list(text, sentence, places) {
            continue;
        }
        list_sentences.push(sentence);
        for item in split_items(text, sentence) {
            let Some(place) = item_place(text, item, places) else {
                continue;
            };
            let claim = claims.iter().find(|c| item.contains(c.span) && area_of(c));
            let wording = claim.and_then(|c| measure(text, sentence, c.span).verb);
            let Some((wording_span, wording)) = wording else {
                continue;
            };
            let after = if is_occupation_word(&wording) {
                occupier.clone()
            } else {
                None
            };
            let time = time_near(&recognized.times, item, item, place.span);
            records.push(ControlRecord {
                id: ControlRecord::make_id(&doc.id, place.span),
                doc: doc.id.clone(),
                span: trim(text, item),
                place: mention(place),
                before: None,
                after,
                wording,
                wording_span,
                time,
                area: claim.map(|c| c.value.clone()),
                claim: claim.map(|c| c.id.clone()),
                attribution: claim
                    .map(|c| c.attribution.clone())
                    .unwrap_or_else(|| chain_for(doc, attribution, item)),
                kind: ControlKind::Standing,
            });
        }
    }
    records.extend(changes(
        doc,
        recognized,
        attribution,
        places,
        claims,
        &list_sentences,
        occupier.as_ref(),
    ));
    records
}

fn changes(
    doc: &Document,
    recognized: &Recognized,
    attribution: &DocAttribution,
    places: &[PlaceMatch],
    claims: &[Claim],
    skip: &[Span],
    occupier: Option<&Party>,
) -> Vec<ControlRecord> {
    let text = &doc.text;
    let lower = text.to_ascii_lowercase();
    let mut records = Vec::new();
    let mut seen_places: Vec<Span> = Vec::new();
    for &(word, regains) in CHANGE_WORDS {
        // memmem finds the same non-overlapping matches as `match_indices`, with SIMD.
        for at in memchr::memmem::find_iter(lower.as_bytes(), word) {
            let verb = Span::new(at, at + word.len());
            if !at_word_boundaries(text, verb) {
                continue;
            }
            let sentence = sentence_of(attribution, verb);
            if skip.iter().any(|s| s.overlaps(sentence))
                || (word == "occupied" && is_adjectival(text, sentence, verb))
                || !about_ground(text, sentence, verb)
            {
                continue;
            }
            let clause = clause_around(text, sentence, verb);
            let (doer, other) = actors_of(text, attribution, clause, verb, false);
            let party_spans: Vec<Span> = [&doer, &other]
                .into_iter()
                .flatten()
                .map(|a| a.span)
                .collect();
            let area_claims: Vec<&Claim> = claims
                .iter()
                .filter(|c| clause.contains(c.span) && area_of(c))
                .collect();
            let located: Vec<PlaceMention> = places_in(text, attribution, places, clause, sentence)
                .into_iter()
                .filter(|p| {
                    !party_spans.iter().any(|s| s.overlaps(p.span))
                        || share_of(text, &area_claims, p.span).is_some()
                })
                .filter(|p| {
                    places
                        .iter()
                        .find(|m| m.span == p.span)
                        // A country changes hands in part ("20 percent of Azerbaijan"), never by being named.
                        .is_some_and(|m| {
                            is_area_place(m.kind)
                                && (m.kind != PlaceKind::Country
                                    || share_of(text, &area_claims, p.span).is_some())
                        })
                })
                .filter(|p| !seen_places.contains(&p.span))
                .filter(|p| !is_reference_point(text, clause, p.span))
                .collect();
            if located.is_empty() {
                continue;
            }
            let after = doer.as_ref().map(actor_party);
            let before = if regains {
                // "from the occupation" names the occupier only by the document's other words.
                let rest = &lower[verb.end..clause.end];
                let from_occupation = rest.match_indices("from ").any(|(at, _)| {
                    let next = &rest[at..floor_char(rest, (at + 30).min(rest.len()))];
                    next.contains("occupation") || next.contains("occupiers")
                });
                if from_occupation {
                    occupier.cloned()
                } else {
                    loser(text, attribution, clause, verb)
                }
            } else {
                loser(text, attribution, clause, verb).or_else(|| {
                    other
                        .as_ref()
                        .filter(|o| word_before(text, clause, o.span.start) == "of")
                        .map(actor_party)
                })
            };
            // An area in km2 is the area that changed hands; a share is a share of the place it is "of".
            let area_claim = area_claims
                .iter()
                .copied()
                .filter(|c| c.value.unit == Unit::Area)
                .min_by_key(|c| c.span.start.abs_diff(verb.end));
            for place in located {
                let claim = share_of(text, &area_claims, place.span).or(area_claim);
                seen_places.push(place.span);
                records.push(ControlRecord {
                    id: ControlRecord::make_id(&doc.id, place.span),
                    doc: doc.id.clone(),
                    span: clause,
                    place,
                    before: before.clone(),
                    after: after.clone(),
                    wording: verb.slice(text).to_string(),
                    wording_span: verb,
                    time: time_of(attribution, &recognized.times, clause, sentence, verb),
                    area: claim.map(|c| c.value.clone()),
                    claim: claim.map(|c| c.id.clone()),
                    attribution: chain_for(doc, attribution, verb),
                    kind: ControlKind::Change,
                });
            }
        }
    }
    records.sort_by_key(|r| r.place.span.start);
    records
}

/// The party ground is taken "from" ("captured three villages … from
/// Islamic State"): the first actor after the verb introduced by "from".
fn loser(text: &str, attribution: &DocAttribution, clause: Span, verb: Span) -> Option<Party> {
    attribution
        .actors()
        .iter()
        .filter(|a| {
            clause.contains(a.span) && a.span.start >= verb.end && a.span.start - verb.end <= 150
        })
        .find(|a| word_before(text, clause, a.span.start) == "from")
        .map(actor_party)
}

/// Whether a place is only where the ground lies relative to ("villages
/// north of Aleppo", "advances near Kobane"): the place itself did not change hands.
fn is_reference_point(text: &str, clause: Span, place: Span) -> bool {
    let before = text[clause.start.min(place.start)..place.start]
        .trim_end()
        .to_lowercase();
    let Some(rest) = before
        .strip_suffix(" of")
        .or_else(|| before.strip_suffix(" of the"))
    else {
        return ["near", "outside", "around", "towards", "toward"]
            .iter()
            .any(|w| before.ends_with(w));
    };
    let direction = rest
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    matches!(
        direction,
        "north"
            | "south"
            | "east"
            | "west"
            | "northeast"
            | "northwest"
            | "southeast"
            | "southwest"
            | "north-east"
            | "north-west"
            | "south-east"
            | "south-west"
            | "outskirts"
            | "edge"
            | "countryside"
            | "vicinity"
    ) || direction.ends_with("kilometres")
        || direction.ends_with("km")
}

/// The claim stating a share "of" the place at `place` ("20 percent of
/// Azerbaijan").
fn share_of<'c>(text: &str, claims: &[&'c Claim], place: Span) -> Option<&'c Claim> {
    claims.iter().copied().find(|c| {
        c.span.end <= place.start && {
            let between = text[c.span.end..place.start].trim();
            between == "of" || between == "of the"
        }
    })
}

fn mention(place: &PlaceMatch) -> PlaceMention {
    PlaceMention {
        span: place.span,
        name: place.name.clone(),
        place_id: Some(place.place_id.clone()),
    }
}

fn trim(text: &str, span: Span) -> Span {
    let slice = span.slice(text);
    let start = span.start + (slice.len() - slice.trim_start().len());
    let end = span.end - (slice.len() - slice.trim_end().len());
    Span::new(start, end.max(start))
}
