//! Demonyms and adjectives of countries, for actor codes ("Azerbaijani
//! forces" is a side, not a place, so `find` never matches these).

// Singular and plural forms; our own list of the countries conflict news
// about the Caucasus, Syria and Ukraine names most.
const DEMONYMS: &[(&str, &str)] = &[
    ("azerbaijani", "AZ"),
    ("azerbaijanis", "AZ"),
    ("azeri", "AZ"),
    ("azeris", "AZ"),
    ("armenian", "AM"),
    ("armenians", "AM"),
    ("georgian", "GE"),
    ("georgians", "GE"),
    ("russian", "RU"),
    ("russians", "RU"),
    ("ukrainian", "UA"),
    ("ukrainians", "UA"),
    ("syrian", "SY"),
    ("syrians", "SY"),
    ("turkish", "TR"),
    ("turk", "TR"),
    ("turks", "TR"),
    ("iranian", "IR"),
    ("iranians", "IR"),
    ("iraqi", "IQ"),
    ("iraqis", "IQ"),
    ("israeli", "IL"),
    ("israelis", "IL"),
    ("lebanese", "LB"),
    ("jordanian", "JO"),
    ("jordanians", "JO"),
    ("saudi", "SA"),
    ("saudis", "SA"),
    ("qatari", "QA"),
    ("emirati", "AE"),
    ("egyptian", "EG"),
    ("egyptians", "EG"),
    ("yemeni", "YE"),
    ("yemenis", "YE"),
    ("libyan", "LY"),
    ("afghan", "AF"),
    ("afghans", "AF"),
    ("pakistani", "PK"),
    ("american", "US"),
    ("americans", "US"),
    ("british", "GB"),
    ("briton", "GB"),
    ("britons", "GB"),
    ("french", "FR"),
    ("german", "DE"),
    ("germans", "DE"),
    ("italian", "IT"),
    ("spanish", "ES"),
    ("dutch", "NL"),
    ("polish", "PL"),
    ("belarusian", "BY"),
    ("belarusians", "BY"),
    ("moldovan", "MD"),
    ("kazakh", "KZ"),
    ("chinese", "CN"),
    ("indian", "IN"),
    ("japanese", "JP"),
    ("canadian", "CA"),
    ("australian", "AU"),
    ("swiss", "CH"),
    ("swedish", "SE"),
    ("norwegian", "NO"),
    ("danish", "DK"),
    ("finnish", "FI"),
    ("greek", "GR"),
    ("cypriot", "CY"),
    ("bulgarian", "BG"),
    ("romanian", "RO"),
    ("hungarian", "HU"),
    ("serbian", "RS"),
    ("austrian", "AT"),
    ("belgian", "BE"),
];

/// The ISO 3166-1 alpha-2 code of the country a demonym or adjective names:
/// `demonym_country("Azerbaijani") == Some("AZ")`. Case and a trailing
/// possessive are ignored ("Armenians'"); anything else must match exactly.
pub fn demonym_country(word: &str) -> Option<&'static str> {
    let word = word.trim().trim_end_matches(['\'', '’']);
    let word = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word);
    DEMONYMS
        .iter()
        .find(|(d, _)| d.eq_ignore_ascii_case(word))
        .map(|&(_, code)| code)
}

/// Countries whose demonym appears capitalised in the text ("Syrian
/// troops", "the Armenian side"), as context for resolving places.
pub(super) fn countries_by_demonym(text: &str) -> std::collections::HashSet<&'static str> {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static BY_WORD: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    let by_word = BY_WORD.get_or_init(|| DEMONYMS.iter().copied().collect());
    let mut lower = String::new();
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| {
            w.len() >= 4 && w.len() <= 13 && w.starts_with(|c: char| c.is_ascii_uppercase())
        })
        .filter_map(|w| {
            lower.clear();
            lower.extend(w.chars().map(|c| c.to_ascii_lowercase()));
            by_word.get(lower.as_str()).copied()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_demonyms_to_countries() {
        assert_eq!(demonym_country("Azerbaijani"), Some("AZ"));
        assert_eq!(demonym_country("Armenians'"), Some("AM"));
        assert_eq!(demonym_country("RUSSIAN"), Some("RU"));
        assert_eq!(demonym_country("Azerbaijan"), None);
        assert_eq!(demonym_country("Armenianness"), None);
    }
}
