//! One flat, printable view of everything found in a text, in text order:
//! what `contested recognize` shows per input line.

use std::fmt;

use crate::Recognized;

/// A found item, flattened for display or for mapping to a JSON DTO.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// `quantity`, `time` or `number`.
    pub kind: &'static str,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Quantities and numbers: the bounds in the base unit (equal when exact).
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// `km2`, `percent`, `person`, `USD`…; for numbers `integer`, `ordinal`…
    pub unit: Option<String>,
    pub qualifier: Option<&'static str>,
    pub counted: Option<String>,
    /// Times: the UTC interval [start, end).
    pub interval: Option<(jiff::Timestamp, jiff::Timestamp)>,
    pub precision: Option<&'static str>,
    pub inferred: bool,
    pub open_end: bool,
}

/// Every quantity, time and leftover number of `r`, ordered by position.
pub fn items(text: &str, r: &Recognized) -> Vec<Item> {
    let slice = |s: usize, e: usize| text.get(s..e).unwrap_or_default().to_string();
    let blank = Item {
        kind: "",
        text: String::new(),
        start: 0,
        end: 0,
        low: None,
        high: None,
        unit: None,
        qualifier: None,
        counted: None,
        interval: None,
        precision: None,
        inferred: false,
        open_end: false,
    };
    let mut out: Vec<Item> = Vec::with_capacity(r.quantities.len() + r.times.len() + r.numbers.len());
    for q in &r.quantities {
        out.push(Item {
            kind: "quantity",
            text: slice(q.span.start, q.span.end),
            start: q.span.start,
            end: q.span.end,
            low: q.low,
            high: q.high,
            unit: Some(q.unit.as_str().to_string()),
            qualifier: Some(q.qualifier.as_str()),
            counted: q.counted.as_ref().map(|c| c.1.clone()),
            ..blank.clone()
        });
    }
    for t in &r.times {
        out.push(Item {
            kind: "time",
            text: slice(t.span.start, t.span.end),
            start: t.span.start,
            end: t.span.end,
            interval: Some((t.start, t.end)),
            precision: Some(t.precision.as_str()),
            inferred: t.inferred,
            open_end: t.open_end,
            ..blank.clone()
        });
    }
    for n in &r.numbers {
        out.push(Item {
            kind: "number",
            text: slice(n.span.start, n.span.end),
            start: n.span.start,
            end: n.span.end,
            low: Some(n.value),
            high: Some(n.value),
            unit: Some(n.kind.as_str().to_string()),
            ..blank.clone()
        });
    }
    out.sort_by_key(|i| (i.start, i.end));
    out
}

impl fmt::Display for Item {
    /// Tab-separated: kind, text, start, end, then the value fields that apply.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\t{:?}\t{}\t{}", self.kind, self.text, self.start, self.end)?;
        let bound = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v}"));
        if let Some((s, e)) = self.interval {
            write!(f, "\t{s}\t{e}\t{}", self.precision.unwrap_or(""))?;
            if self.inferred {
                write!(f, "\tinferred")?;
            }
            if self.open_end {
                write!(f, "\topen_end")?;
            }
        } else {
            write!(f, "\t{}\t{}\t{}", bound(self.low), bound(self.high), self.unit.as_deref().unwrap_or(""))?;
            if let Some(q) = self.qualifier {
                write!(f, "\t{q}")?;
            }
            if let Some(c) = &self.counted {
                write!(f, "\tcounted={c}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_come_in_text_order_with_their_text() {
        let text = "On April 2, 2016 more than 2,000 hectares and four of them";
        let r = crate::recognize(text, None);
        let all = items(text, &r);
        let kinds: Vec<_> = all.iter().map(|i| (i.kind, i.text.as_str())).collect();
        assert_eq!(kinds, vec![("time", "April 2, 2016"), ("quantity", "more than 2,000 hectares"), ("number", "four")]);
        assert_eq!(all[1].to_string(), "quantity\t\"more than 2,000 hectares\"\t17\t41\t20\t-\tkm2\tmore_than");
        assert!(all[0].to_string().starts_with("time\t\"April 2, 2016\"\t3\t16\t2016-04-02T00:00:00Z\t2016-04-03T00:00:00Z\tday"));
    }
}
