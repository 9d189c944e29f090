//! The word table: every lowercase word that means something to a
//! recogniser, built once and looked up once per word token.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// FNV-1a: the keys are short ASCII words, where it beats SipHash by a wide
/// margin and hash flooding is not a concern (the table is fixed).
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum NumWord {
    /// zero..nine
    Unit(f64),
    /// ten..nineteen
    Teen(f64),
    /// twenty..ninety
    Ten(f64),
    Hundred,
    /// thousand, million, billion, trillion
    Scale(f64),
    Dozen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Counted {
    /// Nouns for people: "servicemen", "civilians".
    People,
    /// Words that count people by what happened to them: "killed", "dead".
    Casualty,
    /// Countable things: "tanks", "villages".
    Item,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TimeUnit {
    Hour,
    Day,
    Week,
    Month,
    Year,
    Decade,
}

#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Lex {
    pub num: Option<NumWord>,
    /// "first" = 1, "twentieth" = 20, "hundredth" = 100.
    pub ordinal: Option<f64>,
    /// The denominator a word names as a fraction: "half" 2, "thirds" 3,
    /// "quarter" 4. Plural forms also count ("two thirds").
    pub denominator: Option<f64>,
    /// "dozens" = 12, "hundreds" = 100: the unit of a vague plural amount.
    pub vague: Option<f64>,
    pub month: Option<u8>,
    /// Monday = 1 .. Sunday = 7.
    pub weekday: Option<u8>,
    pub counted: Option<Counted>,
    /// The counted noun is singular ("helicopter"), so "a helicopter" is one.
    pub singular: bool,
    pub time_unit: Option<TimeUnit>,
}

type Table = HashMap<&'static str, Lex, BuildHasherDefault<Fnv>>;

const UNITS: [&str; 10] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const TEENS: [&str; 10] = [
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
];
const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const ORDINAL_UNITS: [&str; 10] =
    ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"];
const ORDINAL_TEENS: [&str; 10] = [
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
    "eighteenth", "nineteenth",
];
const ORDINAL_TENS: [&str; 8] =
    ["twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth"];

const MONTHS: [(&str, u8); 25] = [
    ("january", 1), ("jan", 1), ("february", 2), ("feb", 2), ("march", 3), ("mar", 3), ("april", 4), ("apr", 4),
    ("may", 5), ("june", 6), ("jun", 6), ("july", 7), ("jul", 7), ("august", 8), ("aug", 8), ("september", 9),
    ("sept", 9), ("sep", 9), ("october", 10), ("oct", 10), ("november", 11), ("nov", 11), ("december", 12),
    ("dec", 12), ("febuary", 2),
];

const WEEKDAYS: [(&str, u8); 7] = [
    ("monday", 1), ("tuesday", 2), ("wednesday", 3), ("thursday", 4), ("friday", 5), ("saturday", 6), ("sunday", 7),
];

/// People nouns, singular and plural. Conflict reporting counts these.
const PEOPLE: &[(&str, bool)] = &[
    ("people", false), ("person", true), ("persons", false), ("civilians", false), ("civilian", true),
    ("soldiers", false), ("soldier", true), ("servicemen", false), ("serviceman", true), ("troops", false),
    ("fighters", false), ("fighter", true), ("militants", false), ("militant", true), ("rebels", false),
    ("rebel", true), ("insurgents", false), ("insurgent", true), ("children", false), ("child", true),
    ("women", false), ("woman", true), ("men", false), ("man", true), ("refugees", false), ("refugee", true),
    ("residents", false), ("resident", true), ("prisoners", false), ("prisoner", true), ("hostages", false),
    ("hostage", true), ("officers", false), ("officer", true), ("policemen", false), ("policeman", true),
    ("police", false), ("personnel", false), ("servicemembers", false), ("troopers", false), ("members", false),
    ("member", true), ("victims", false), ("victim", true), ("casualties", false), ("deaths", false),
    ("bodies", false), ("body", true), ("migrants", false), ("detainees", false), ("detainee", true),
    ("protesters", false), ("protester", true), ("demonstrators", false), ("journalists", false),
    ("journalist", true), ("volunteers", false), ("mercenaries", false), ("mercenary", true), ("jihadists", false),
    ("jihadist", true), ("gunmen", false), ("gunman", true), ("snipers", false), ("sniper", true),
    ("pilots", false), ("pilot", true), ("commanders", false), ("commander", true), ("generals", false),
    ("workers", false), ("worker", true), ("doctors", false), ("students", false), ("babies", false),
    ("infants", false), ("individuals", false), ("citizens", false),
    ("nationals", false), ("conscripts", false), ("reservists", false), ("militiamen", false), ("militias", false),
    ("combatants", false), ("defenders", false), ("attackers", false), ("wounded", false), ("dead", false),
    ("displaced", false), ("injured", false), ("lives", false), ("ministers", false), ("minister", true),
    ("leaders", false), ("leader", true), ("diplomats", false), ("diplomat", true), ("officials", false),
    ("official", true), ("observers", false), ("monitors", false), ("peacekeepers", false), ("peacekeeper", true),
    ("guards", false), ("guard", true), ("settlers", false), ("inhabitants", false), ("villagers", false),
    ("patients", false), ("staff", false), ("crew", false), ("sailors", false), ("marines", false),
    ("tourists", false), ("tourist", true), ("suspects", false), ("suspect", true), ("teachers", false),
    ("passengers", false), ("passenger", true), ("pilgrims", false), ("worshippers", false), ("nurses", false),
    ("defectors", false), ("deserters", false), ("recruits", false), ("cadets", false), ("contractors", false),
    ("employees", false), ("farmers", false), ("fishermen", false), ("shepherds", false), ("kurds", false),
    ("hostages", false), ("captives", false), ("POWs", false), ("pows", false), ("dead", false),
];

/// Words that follow a number to count people by their fate: "18 killed".
const CASUALTY: &[&str] = &[
    "killed", "dead", "wounded", "injured", "missing", "captured", "detained", "arrested", "displaced", "died",
    "slain", "executed", "kidnapped", "abducted", "evacuated", "rescued", "hurt", "martyred", "massacred",
];

const ITEMS: &[(&str, bool)] = &[
    ("tanks", false), ("tank", true), ("helicopters", false), ("helicopter", true), ("drones", false),
    ("drone", true), ("aircraft", true), ("planes", false), ("plane", true), ("jets", false), ("jet", true),
    ("warplanes", false), ("warplane", true), ("vehicles", false), ("vehicle", true), ("armoured", false),
    ("missiles", false), ("missile", true), ("rockets", false), ("rocket", true), ("shells", false),
    ("shell", true), ("mortars", false), ("bombs", false), ("bomb", true), ("airstrikes", false),
    ("airstrike", true), ("strikes", false), ("strike", true), ("raids", false), ("raid", true), ("attacks", false),
    ("attack", true), ("villages", false), ("village", true), ("towns", false), ("town", true), ("cities", false),
    ("city", true), ("districts", false), ("district", true), ("regions", false), ("region", true),
    ("settlements", false), ("settlement", true), ("positions", false), ("position", true), ("heights", false),
    ("height", true), ("checkpoints", false), ("checkpoint", true), ("posts", false), ("post", true),
    ("resolutions", false), ("resolution", true), ("houses", false), ("house", true), ("homes", false),
    ("buildings", false), ("building", true), ("schools", false), ("school", true), ("hospitals", false),
    ("hospital", true), ("bridges", false), ("bridge", true), ("ships", false), ("ship", true), ("boats", false),
    ("boat", true), ("weapons", false), ("weapon", true), ("guns", false), ("gun", true), ("howitzers", false),
    ("howitzer", true), ("launchers", false), ("launcher", true), ("trucks", false), ("truck", true),
    ("bases", false), ("base", true), ("outposts", false), ("outpost", true), ("explosions", false),
    ("violations", false), ("violation", true), ("incidents", false), ("incident", true), ("ceasefires", false),
    ("shots", false), ("rounds", false), ("countries", false), ("country", true), ("provinces", false),
    ("province", true), ("neighbourhoods", false), ("neighborhoods", false), ("sites", false), ("site", true),
    ("camps", false), ("camp", true), ("mines", false), ("mine", true), ("barrels", false), ("barrel", true),
    ("tonnes", false), ("tons", false), ("units", false), ("unit", true), ("battalions", false),
    ("battalion", true), ("brigades", false), ("brigade", true), ("groups", false), ("group", true),
    ("convoys", false), ("convoy", true), ("trucks", false), ("sorties", false), ("sortie", true),
    // A family is a household, not a head count: "200 families" are counted as such.
    ("families", false),
];

const TIME_UNITS: &[(&str, TimeUnit)] = &[
    ("hour", TimeUnit::Hour), ("hours", TimeUnit::Hour), ("day", TimeUnit::Day), ("days", TimeUnit::Day),
    ("week", TimeUnit::Week), ("weeks", TimeUnit::Week), ("month", TimeUnit::Month), ("months", TimeUnit::Month),
    ("year", TimeUnit::Year), ("years", TimeUnit::Year), ("decade", TimeUnit::Decade), ("decades", TimeUnit::Decade),
];

static TABLE: LazyLock<Table> = LazyLock::new(build);

/// A 65,536-bit filter over (length, first, second, last byte) of the table's
/// words: most words of running text fail it and skip the hash lookup.
static FILTER: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut bits = vec![0u64; 1024];
    for w in TABLE.keys() {
        let k = filter_key(w.as_bytes());
        bits[k >> 6] |= 1 << (k & 63);
    }
    bits
});

fn filter_key(w: &[u8]) -> usize {
    let (b0, b1, bl) = (w[0] as usize, w.get(1).copied().unwrap_or(0) as usize, w[w.len() - 1] as usize);
    (w.len().wrapping_mul(131) ^ b0.wrapping_mul(4099) ^ b1.wrapping_mul(257) ^ bl.wrapping_mul(31)) & 0xFFFF
}

fn entry<'a>(t: &'a mut Table, w: &'static str) -> &'a mut Lex {
    t.entry(w).or_default()
}

fn build() -> Table {
    let mut t = Table::default();
    for (i, w) in UNITS.iter().enumerate() {
        entry(&mut t, w).num = Some(NumWord::Unit(i as f64));
    }
    for (i, w) in TEENS.iter().enumerate() {
        entry(&mut t, w).num = Some(NumWord::Teen(10.0 + i as f64));
    }
    for (i, w) in TENS.iter().enumerate() {
        entry(&mut t, w).num = Some(NumWord::Ten(20.0 + 10.0 * i as f64));
    }
    for w in ["nought", "naught"] {
        entry(&mut t, w).num = Some(NumWord::Unit(0.0));
    }
    entry(&mut t, "hundred").num = Some(NumWord::Hundred);
    for (w, v) in [("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("trillion", 1e12)] {
        entry(&mut t, w).num = Some(NumWord::Scale(v));
    }
    for (w, v) in [("mln", 1e6), ("mn", 1e6), ("bln", 1e9), ("bn", 1e9), ("tln", 1e12), ("tn", 1e12), ("lakh", 1e5), ("crore", 1e7)] {
        entry(&mut t, w).num = Some(NumWord::Scale(v));
    }
    for w in ["dozen", "dz", "dzs", "doz", "dozs"] {
        entry(&mut t, w).num = Some(NumWord::Dozen);
    }
    for (i, w) in ORDINAL_UNITS.iter().enumerate() {
        entry(&mut t, w).ordinal = Some(i as f64);
    }
    for (i, w) in ORDINAL_TEENS.iter().enumerate() {
        entry(&mut t, w).ordinal = Some(10.0 + i as f64);
    }
    for (i, w) in ORDINAL_TENS.iter().enumerate() {
        entry(&mut t, w).ordinal = Some(20.0 + 10.0 * i as f64);
    }
    for (w, v) in [("hundredth", 100.0), ("thousandth", 1e3), ("millionth", 1e6), ("billionth", 1e9), ("trillionth", 1e12)] {
        entry(&mut t, w).ordinal = Some(v);
    }
    // Fraction denominators: the ordinals from three up, their plurals, and
    // the special words.
    let ordinal_words: Vec<(&'static str, f64)> = ORDINAL_UNITS
        .iter()
        .enumerate()
        .skip(3)
        .map(|(i, w)| (*w, i as f64))
        .chain(ORDINAL_TEENS.iter().enumerate().map(|(i, w)| (*w, 10.0 + i as f64)))
        .chain(ORDINAL_TENS.iter().enumerate().map(|(i, w)| (*w, 20.0 + 10.0 * i as f64)))
        .chain([("hundredth", 100.0), ("thousandth", 1000.0), ("millionth", 1e6), ("billionth", 1e9), ("trillionth", 1e12)])
        .collect();
    for (w, v) in ordinal_words {
        entry(&mut t, w).denominator = Some(v);
        let plural: &'static str = Box::leak(format!("{w}s").into_boxed_str());
        entry(&mut t, plural).denominator = Some(v);
    }
    for (w, v) in [("half", 2.0), ("halves", 2.0), ("quarter", 4.0), ("quarters", 4.0)] {
        entry(&mut t, w).denominator = Some(v);
    }
    for (w, v) in [
        ("dozens", 12.0),
        ("scores", 20.0),
        ("hundreds", 100.0),
        ("thousands", 1e3),
        ("millions", 1e6),
        ("billions", 1e9),
    ] {
        entry(&mut t, w).vague = Some(v);
    }
    for (w, m) in MONTHS {
        entry(&mut t, w).month = Some(m);
    }
    for (w, d) in WEEKDAYS {
        entry(&mut t, w).weekday = Some(d);
    }
    for &(w, singular) in PEOPLE {
        let e = entry(&mut t, w);
        e.counted = Some(Counted::People);
        e.singular = singular;
    }
    for &w in CASUALTY {
        entry(&mut t, w).counted = Some(Counted::Casualty);
    }
    for &(w, singular) in ITEMS {
        let e = entry(&mut t, w);
        e.counted = Some(Counted::Item);
        e.singular = singular;
    }
    for &(w, u) in TIME_UNITS {
        entry(&mut t, w).time_unit = Some(u);
    }
    t
}

/// The table entry for a lowercase word, if it has one.
pub(crate) fn lookup(lower_word: &str) -> Option<&'static Lex> {
    let b = lower_word.as_bytes();
    if b.is_empty() {
        return None;
    }
    let k = filter_key(b);
    if FILTER[k >> 6] & (1 << (k & 63)) == 0 {
        return None;
    }
    TABLE.get(lower_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_the_basic_words() {
        assert_eq!(lookup("twenty").and_then(|l| l.num), Some(NumWord::Ten(20.0)));
        assert_eq!(lookup("thirds").and_then(|l| l.denominator), Some(3.0));
        assert_eq!(lookup("apr").and_then(|l| l.month), Some(4));
        assert_eq!(lookup("servicemen").and_then(|l| l.counted), Some(Counted::People));
        assert!(lookup("the").is_none());
    }
}
