//! Invariants the fuzz targets assert, shared so every target checks a span
//! the same way: a panic here is a finding, with the offending item printed.

use contested_core::{
    Attribution, Claim, ControlRecord, Event, Paragraph, Party, PlaceMention, Quantity, Span,
    TimeExpr,
};

/// The spans a stage hands on are sliced with `&text[start..end]` by every
/// later stage and by the UI, so each must be ordered, in bounds and on char
/// boundaries. `what` names the item in the panic message.
pub fn assert_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && text.get(span.start..span.end).is_some(),
        "{what}: span {}..{} does not slice a text of {} bytes on char boundaries",
        span.start,
        span.end,
        text.len()
    );
}

pub fn assert_quantity(text: &str, quantity: &Quantity) {
    assert_span(text, quantity.span, "quantity");
    assert_span(text, quantity.number_span, "quantity number");
    assert!(
        quantity.span.contains(quantity.number_span),
        "quantity number {:?} outside its quantity {:?}",
        quantity.number_span,
        quantity.span
    );
    if let Some((span, _)) = &quantity.counted {
        assert_span(text, *span, "quantity counted noun");
    }
    for value in [quantity.low, quantity.high].into_iter().flatten() {
        assert!(!value.is_nan(), "quantity value is NaN: {quantity:?}");
    }
    if let (Some(low), Some(high)) = (quantity.low, quantity.high) {
        assert!(low <= high, "quantity range low {low} > high {high}: {quantity:?}");
    }
}

pub fn assert_time(text: &str, time: &TimeExpr) {
    assert_span(text, time.span, "time");
    assert!(time.start <= time.end, "time starts after it ends: {time:?}");
}

fn assert_place(text: &str, place: &PlaceMention) {
    assert_span(text, place.span, "place");
}

fn assert_attribution(text: &str, chain: &[Attribution]) {
    for link in chain {
        if let Some(span) = link.span {
            assert_span(text, span, "attribution speaker");
        }
    }
}

fn assert_party(text: &str, party: &Option<Party>) {
    if let Some(party) = party {
        assert_span(text, party.span, "party");
    }
}

pub fn assert_paragraphs(text: &str, paragraphs: &[Paragraph]) {
    let mut previous_end = 0;
    for paragraph in paragraphs {
        assert_span(text, paragraph.span, "paragraph");
        assert!(
            paragraph.span.start >= previous_end,
            "paragraphs overlap or are out of order at {:?}",
            paragraph.span
        );
        previous_end = paragraph.span.end;
    }
}

pub fn assert_claim(text: &str, claim: &Claim) {
    assert_span(text, claim.span, "claim");
    assert_span(text, claim.sentence_span, "claim sentence");
    assert_eq!(claim.span, claim.value.span, "a claim's span is its figure's span");
    assert_quantity(text, &claim.value);
    if let Some(time) = &claim.time {
        assert_time(text, time);
    }
    claim.places.iter().for_each(|p| assert_place(text, p));
    assert_attribution(text, &claim.attribution);
}

pub fn assert_event(text: &str, event: &Event) {
    assert_span(text, event.span, "event trigger");
    assert_span(text, event.sentence_span, "event sentence");
    assert_party(text, &event.actor1);
    assert_party(text, &event.actor2);
    if let Some(time) = &event.time {
        assert_time(text, time);
    }
    event.places.iter().for_each(|p| assert_place(text, p));
    assert_attribution(text, &event.attribution);
}

pub fn assert_control(text: &str, record: &ControlRecord) {
    assert_span(text, record.span, "control clause");
    assert_span(text, record.wording_span, "control wording");
    assert_place(text, &record.place);
    assert_party(text, &record.before);
    assert_party(text, &record.after);
    if let Some(time) = &record.time {
        assert_time(text, time);
    }
    if let Some(area) = &record.area {
        assert_quantity(text, area);
    }
    assert_attribution(text, &record.attribution);
}

/// The publication time the targets resolve relative dates against: a fixed
/// instant, so a crash reproduces whatever day it is replayed on.
pub fn reference_time() -> jiff::Timestamp {
    // 2016-04-02T00:00:00Z, inside the 2016 clashes the corpora report.
    jiff::Timestamp::from_second(1_459_555_200).expect("a valid timestamp")
}
