//! JSON for the nested parts of events and control records, shared by every
//! backend so that they store the same thing.

use crate::{Result, StoreError};
use contested_core::{
    Attribution, ControlKind, ControlRecord, Event, Party, PlaceMention, Precision, Qualifier, Quantity, Span, Stance,
    SubEventType, TimeExpr, Unit,
};
use serde_json::{json, Value};

fn span(s: Span) -> Value {
    json!([s.start, s.end])
}

fn span_from(v: &Value) -> Result<Span> {
    let n = |i: usize| v.get(i).and_then(Value::as_u64).map(|x| x as usize);
    match (n(0), n(1)) {
        (Some(a), Some(b)) => Ok(Span::new(a, b)),
        _ => Err(StoreError::Corrupt(format!("span {v}"))),
    }
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn party(p: &Option<Party>) -> Value {
    match p {
        Some(p) => json!({"id": p.id, "name": p.name, "span": span(p.span), "inferred": p.inferred}),
        None => Value::Null,
    }
}

fn party_from(v: &Value) -> Result<Option<Party>> {
    if v.is_null() {
        return Ok(None);
    }
    Ok(Some(Party {
        id: text(v, "id").unwrap_or_default(),
        name: text(v, "name").unwrap_or_default(),
        span: span_from(&v["span"])?,
        inferred: v["inferred"].as_bool().unwrap_or(false),
    }))
}

pub(crate) fn place(p: &PlaceMention) -> Value {
    json!({"name": p.name, "span": span(p.span), "place_id": p.place_id})
}

fn place_from(v: &Value) -> Result<PlaceMention> {
    Ok(PlaceMention { span: span_from(&v["span"])?, name: text(v, "name").unwrap_or_default(), place_id: text(v, "place_id") })
}

fn chain(links: &[Attribution]) -> Value {
    links
        .iter()
        .map(|a| json!({"speaker": a.speaker, "span": a.span.map(span), "cue": a.cue, "stance": a.stance.as_str()}))
        .collect()
}

fn chain_from(v: &Value) -> Result<Vec<Attribution>> {
    v.as_array()
        .map(|links| {
            links
                .iter()
                .map(|l| {
                    let stance = l["stance"].as_str().unwrap_or("asserts");
                    Ok(Attribution {
                        speaker: text(l, "speaker").unwrap_or_default(),
                        span: if l["span"].is_null() { None } else { Some(span_from(&l["span"])?) },
                        cue: text(l, "cue"),
                        stance: Stance::parse(stance).ok_or_else(|| StoreError::Corrupt(format!("stance {stance}")))?,
                    })
                })
                .collect()
        })
        .unwrap_or_else(|| Ok(Vec::new()))
}

fn time(t: &Option<TimeExpr>) -> Value {
    match t {
        Some(t) => json!({
            "span": span(t.span), "start": t.start.to_string(), "end": t.end.to_string(),
            "precision": t.precision.as_str(), "inferred": t.inferred, "open_end": t.open_end,
        }),
        None => Value::Null,
    }
}

fn time_from(v: &Value) -> Result<Option<TimeExpr>> {
    if v.is_null() {
        return Ok(None);
    }
    let stamp = |key: &str| -> Result<jiff::Timestamp> {
        let s = v[key].as_str().unwrap_or_default();
        s.parse().map_err(|e| StoreError::Corrupt(format!("timestamp {s}: {e}")))
    };
    let precision = v["precision"].as_str().unwrap_or_default();
    use Precision::*;
    let precision = [Decade, Year, PartOfYear, Month, PartOfMonth, Week, Day, PartOfDay, Hour, Minute, Second]
        .into_iter()
        .find(|p| p.as_str() == precision)
        .ok_or_else(|| StoreError::Corrupt(format!("precision {precision}")))?;
    Ok(Some(TimeExpr {
        span: span_from(&v["span"])?,
        start: stamp("start")?,
        end: stamp("end")?,
        precision,
        inferred: v["inferred"].as_bool().unwrap_or(false),
        open_end: v["open_end"].as_bool().unwrap_or(false),
    }))
}

fn quantity(q: &Option<Quantity>) -> Value {
    match q {
        Some(q) => json!({
            "span": span(q.span), "number_span": span(q.number_span), "low": q.low, "high": q.high,
            "unit": q.unit.as_str(), "unit_text": q.unit_text, "qualifier": q.qualifier.as_str(),
            "counted": q.counted.as_ref().map(|(s, c)| json!({"span": span(*s), "text": c})),
        }),
        None => Value::Null,
    }
}

fn quantity_from(v: &Value) -> Result<Option<Quantity>> {
    if v.is_null() {
        return Ok(None);
    }
    let qualifier = v["qualifier"].as_str().unwrap_or("exact");
    Ok(Some(Quantity {
        span: span_from(&v["span"])?,
        number_span: span_from(&v["number_span"])?,
        low: v["low"].as_f64(),
        high: v["high"].as_f64(),
        unit: Unit::parse(v["unit"].as_str().unwrap_or("number")),
        unit_text: text(v, "unit_text"),
        qualifier: Qualifier::parse(qualifier).ok_or_else(|| StoreError::Corrupt(format!("qualifier {qualifier}")))?,
        counted: match &v["counted"] {
            Value::Null => None,
            c => Some((span_from(&c["span"])?, text(c, "text").unwrap_or_default())),
        },
    }))
}

pub(crate) fn event_detail(e: &Event) -> String {
    json!({
        "actor1": party(&e.actor1), "actor2": party(&e.actor2),
        "places": e.places.iter().map(place).collect::<Vec<_>>(),
        "time": time(&e.time), "attribution": chain(&e.attribution), "claims": e.claims,
    })
    .to_string()
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn event_from(
    id: String,
    doc: String,
    span: Span,
    sentence_span: Span,
    sub_event_type: &str,
    trigger: String,
    detail: &str,
) -> Result<Event> {
    let v: Value = serde_json::from_str(detail).map_err(|e| StoreError::Corrupt(format!("event {id}: {e}")))?;
    let sub = SubEventType::parse(sub_event_type)
        .ok_or_else(|| StoreError::Corrupt(format!("sub-event type {sub_event_type}")))?;
    Ok(Event {
        id,
        doc,
        span,
        sentence_span,
        event_type: sub.event_type(),
        sub_event_type: sub,
        trigger,
        actor1: party_from(&v["actor1"])?,
        actor2: party_from(&v["actor2"])?,
        places: v["places"].as_array().map(|a| a.iter().map(place_from).collect()).unwrap_or_else(|| Ok(Vec::new()))?,
        time: time_from(&v["time"])?,
        attribution: chain_from(&v["attribution"])?,
        claims: v["claims"].as_array().map(|a| a.iter().filter_map(|c| c.as_str().map(str::to_string)).collect()).unwrap_or_default(),
    })
}

pub(crate) fn control_detail(c: &ControlRecord) -> String {
    json!({
        "place": place(&c.place), "before": party(&c.before), "after": party(&c.after),
        "wording_span": span(c.wording_span), "time": time(&c.time), "area": quantity(&c.area),
        "claim": c.claim, "attribution": chain(&c.attribution),
    })
    .to_string()
}

pub(crate) fn control_from(id: String, doc: String, span: Span, kind: &str, wording: String, detail: &str) -> Result<ControlRecord> {
    let v: Value = serde_json::from_str(detail).map_err(|e| StoreError::Corrupt(format!("control record {id}: {e}")))?;
    let kind = match kind {
        "standing" => ControlKind::Standing,
        "change" => ControlKind::Change,
        other => return Err(StoreError::Corrupt(format!("control kind {other}"))),
    };
    Ok(ControlRecord {
        id,
        doc,
        span,
        place: place_from(&v["place"])?,
        before: party_from(&v["before"])?,
        after: party_from(&v["after"])?,
        wording,
        wording_span: span_from(&v["wording_span"])?,
        time: time_from(&v["time"])?,
        area: quantity_from(&v["area"])?,
        claim: text(&v, "claim"),
        attribution: chain_from(&v["attribution"])?,
        kind,
    })
}
