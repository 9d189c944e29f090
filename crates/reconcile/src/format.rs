//! Numbers and figures as explanations show them.

use contested_core::{Evidence, Qualifier, Unit};

use crate::prepare::Prepared;

/// 14682 -> "14,682"; 16.9538 -> "16.95"; 0.2 -> "0.2".
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return "∞".to_string();
    }
    let rounded = (value * 100.0).round() / 100.0;
    let negative = rounded < 0.0;
    let abs = rounded.abs();
    let whole = abs.trunc() as u64;
    let fraction = ((abs - abs.trunc()) * 100.0).round() as u64;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let mut out = if negative { format!("-{grouped}") } else { grouped };
    if fraction > 0 {
        let text = format!("{fraction:02}");
        out.push('.');
        out.push_str(text.trim_end_matches('0'));
    }
    out
}

pub fn unit(unit: &Unit) -> String {
    match unit {
        Unit::Area => "km²".to_string(),
        Unit::Percent => "%".to_string(),
        Unit::People => "people".to_string(),
        Unit::Items => "items".to_string(),
        Unit::Ratio => "times".to_string(),
        other => other.as_str().to_string(),
    }
}

fn with_unit(value: f64, u: &Unit) -> String {
    match u {
        Unit::Percent => format!("{}%", number(value)),
        Unit::Number => number(value),
        other => format!("{} {}", number(value), unit(other)),
    }
}

/// A claim's figure as stated, in base units, with the unit as written when
/// it differs ("more than 20 km² (2,000 ha)").
pub fn figure(p: &Prepared) -> String {
    let value = &p.input.claim.value;
    let u = &value.unit;
    let main = match (value.low, value.high, value.qualifier) {
        (Some(low), Some(high), _) if (high - low).abs() > f64::EPSILON => {
            format!("{}–{}", number(low), with_unit(high, u))
        }
        (Some(v), _, Qualifier::MoreThan) => format!("more than {}", with_unit(v, u)),
        (Some(v), _, Qualifier::AtLeast) => format!("at least {}", with_unit(v, u)),
        (Some(v), _, Qualifier::Approximate) => format!("about {}", with_unit(v, u)),
        (_, Some(v), Qualifier::LessThan) => format!("less than {}", with_unit(v, u)),
        (_, Some(v), Qualifier::AtMost) => format!("at most {}", with_unit(v, u)),
        (Some(v), _, _) | (None, Some(v), _) => with_unit(v, u),
        (None, None, _) => "an unstated figure".to_string(),
    };
    let hectares = value
        .unit_text
        .as_deref()
        .is_some_and(|t| matches!(t.to_lowercase().as_str(), "ha" | "hectare" | "hectares"));
    if *u == Unit::Area && hectares {
        format!("{main} ({} ha)", number(p.point * 100.0))
    } else {
        main
    }
}

/// "Trend > defense ministry (disputes) > Armenian side": who said what to whom.
pub fn chain(p: &Prepared) -> String {
    let links: Vec<String> = p
        .input
        .claim
        .attribution
        .iter()
        .map(|a| match a.stance {
            contested_core::Stance::Asserts => a.speaker.clone(),
            other => format!("{} ({})", a.speaker, other.as_str()),
        })
        .collect();
    if links.is_empty() {
        p.owner_display.clone()
    } else {
        links.join(" > ")
    }
}

pub fn evidence(p: &Prepared, role: &str) -> Evidence {
    Evidence {
        claim: p.input.claim.id.clone(),
        doc: p.input.claim.doc.clone(),
        span: p.input.claim.span,
        sentence_span: p.input.claim.sentence_span,
        role: role.to_string(),
        source: p.owner_display.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn numbers_group_thousands_and_keep_two_decimals() {
        assert_eq!(number(14682.0), "14,682");
        assert_eq!(number(16.953_81), "16.95");
        assert_eq!(number(0.2), "0.2");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(1_234_567.0), "1,234,567");
    }
}
