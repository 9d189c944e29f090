//! Built-in names of countries, institutions, organisations and outlets.
//!
//! Ids are lowercase and stable across documents: `az.ministry_of_defence`
//! for a country's institution (ISO 3166-1 alpha-2 prefix), `ru` for a
//! country itself, `org:…`, `group:…`, `outlet:…` for the rest, and
//! `person:first-last` for people.

use super::ActorKind;

pub(crate) struct Country {
    pub iso2: &'static str,
    /// Names as nouns: "Azerbaijan".
    pub names: &'static [&'static str],
    /// Adjectives: "Azerbaijani".
    pub adjectives: &'static [&'static str],
    /// Plural demonyms used as a collective actor: "Armenians".
    pub people: &'static [&'static str],
}

pub(crate) const COUNTRIES: &[Country] = &[
    Country { iso2: "AZ", names: &["Azerbaijan", "Republic of Azerbaijan"], adjectives: &["Azerbaijani", "Azeri", "Azerbaijan"], people: &["Azerbaijanis", "Azeris"] },
    Country { iso2: "AM", names: &["Armenia", "Republic of Armenia"], adjectives: &["Armenian"], people: &["Armenians"] },
    Country { iso2: "RU", names: &["Russia", "Russian Federation"], adjectives: &["Russian"], people: &["Russians"] },
    Country { iso2: "SY", names: &["Syria", "Syrian Arab Republic"], adjectives: &["Syrian"], people: &["Syrians"] },
    Country { iso2: "TR", names: &["Turkey", "Türkiye"], adjectives: &["Turkish"], people: &["Turks"] },
    Country { iso2: "IR", names: &["Iran"], adjectives: &["Iranian"], people: &["Iranians"] },
    Country { iso2: "US", names: &["United States", "United States of America", "U.S.", "US", "USA", "America", "Washington"], adjectives: &["American", "U.S.", "US"], people: &["Americans"] },
    Country { iso2: "UA", names: &["Ukraine"], adjectives: &["Ukrainian"], people: &["Ukrainians"] },
    Country { iso2: "GE", names: &["Georgia"], adjectives: &["Georgian"], people: &["Georgians"] },
    Country { iso2: "IL", names: &["Israel"], adjectives: &["Israeli"], people: &["Israelis"] },
    Country { iso2: "IQ", names: &["Iraq"], adjectives: &["Iraqi"], people: &["Iraqis"] },
    Country { iso2: "FR", names: &["France"], adjectives: &["French"], people: &[] },
    Country { iso2: "GB", names: &["Britain", "United Kingdom", "UK", "U.K."], adjectives: &["British", "UK", "U.K."], people: &[] },
    Country { iso2: "DE", names: &["Germany"], adjectives: &["German"], people: &["Germans"] },
    Country { iso2: "CN", names: &["China"], adjectives: &["Chinese"], people: &[] },
    Country { iso2: "SA", names: &["Saudi Arabia"], adjectives: &["Saudi"], people: &["Saudis"] },
    Country { iso2: "JO", names: &["Jordan"], adjectives: &["Jordanian"], people: &["Jordanians"] },
    Country { iso2: "LB", names: &["Lebanon"], adjectives: &["Lebanese"], people: &[] },
    Country { iso2: "QA", names: &["Qatar"], adjectives: &["Qatari"], people: &[] },
    Country { iso2: "EG", names: &["Egypt"], adjectives: &["Egyptian"], people: &["Egyptians"] },
    Country { iso2: "AF", names: &["Afghanistan"], adjectives: &["Afghan"], people: &["Afghans"] },
    Country { iso2: "YE", names: &["Yemen"], adjectives: &["Yemeni"], people: &["Yemenis"] },
    Country { iso2: "LY", names: &["Libya"], adjectives: &["Libyan"], people: &["Libyans"] },
    Country { iso2: "PK", names: &["Pakistan"], adjectives: &["Pakistani"], people: &[] },
    Country { iso2: "KZ", names: &["Kazakhstan"], adjectives: &["Kazakh"], people: &[] },
];

/// An institution a country has: matched after a country modifier
/// ("Azerbaijani defense ministry", "Azerbaijan's Defense Ministry"), before
/// "of COUNTRY" ("Ministry of Defence of Azerbaijan") or bare with "the".
pub(crate) struct Institution {
    /// Lowercase word sequences.
    pub phrases: &'static [&'static str],
    /// Id suffix after the country prefix.
    pub id: &'static str,
    pub kind: ActorKind,
    /// A title that may precede a person's name ("President Ilham Aliyev").
    pub title: bool,
}

pub(crate) const INSTITUTIONS: &[Institution] = &[
    Institution { phrases: &["defense ministry", "defence ministry", "ministry of defense", "ministry of defence", "defense department", "department of defense", "defense", "defence", "mod"], id: "ministry_of_defence", kind: ActorKind::Ministry, title: false },
    Institution { phrases: &["foreign ministry", "ministry of foreign affairs", "foreign affairs ministry", "mfa"], id: "ministry_of_foreign_affairs", kind: ActorKind::Ministry, title: false },
    Institution { phrases: &["interior ministry", "ministry of interior", "ministry of internal affairs", "ministry of the interior"], id: "ministry_of_interior", kind: ActorKind::Ministry, title: false },
    Institution { phrases: &["health ministry", "ministry of health"], id: "ministry_of_health", kind: ActorKind::Ministry, title: false },
    Institution { phrases: &["information ministry", "ministry of information"], id: "ministry_of_information", kind: ActorKind::Ministry, title: false },
    Institution { phrases: &["ministry"], id: "ministry", kind: ActorKind::Ministry, title: false },
    Institution { phrases: &["armed forces", "army", "military", "troops", "forces", "army command", "general staff", "military command"], id: "armed_forces", kind: ActorKind::ArmedForces, title: false },
    Institution { phrases: &["air force", "air forces", "warplanes", "jets", "aircraft"], id: "air_force", kind: ActorKind::ArmedForces, title: false },
    Institution { phrases: &["navy"], id: "navy", kind: ActorKind::ArmedForces, title: false },
    Institution { phrases: &["government", "authorities", "regime", "leadership", "cabinet", "officials"], id: "government", kind: ActorKind::Government, title: false },
    Institution { phrases: &["side", "party"], id: "side", kind: ActorKind::Side, title: false },
    Institution { phrases: &["president"], id: "president", kind: ActorKind::HeadOfState, title: true },
    Institution { phrases: &["prime minister", "premier"], id: "prime_minister", kind: ActorKind::Official, title: true },
    Institution { phrases: &["foreign minister"], id: "foreign_minister", kind: ActorKind::Official, title: true },
    Institution { phrases: &["defense minister", "defence minister"], id: "defence_minister", kind: ActorKind::Official, title: true },
    Institution { phrases: &["interior minister"], id: "interior_minister", kind: ActorKind::Official, title: true },
    Institution { phrases: &["minister"], id: "minister", kind: ActorKind::Official, title: true },
    Institution { phrases: &["ambassador", "envoy"], id: "ambassador", kind: ActorKind::Official, title: true },
    Institution { phrases: &["presidential administration", "presidential office"], id: "presidential_administration", kind: ActorKind::Government, title: false },
    Institution { phrases: &["parliament", "national assembly", "milli majlis"], id: "parliament", kind: ActorKind::Government, title: false },
    Institution { phrases: &["state media", "state television", "state tv", "state news agency", "news agency", "state-run media", "state-run television"], id: "state_media", kind: ActorKind::Outlet, title: false },
    Institution { phrases: &["embassy"], id: "embassy", kind: ActorKind::Organisation, title: false },
];

/// Titles of people that are not a country's institution: "Governor Talal
/// Barazi", "General Ali Mayhoub". Kind of the person they introduce.
pub(crate) const TITLES: &[(&str, ActorKind)] = &[
    ("president", ActorKind::HeadOfState),
    ("prime minister", ActorKind::Official),
    ("foreign minister", ActorKind::Official),
    ("defense minister", ActorKind::Official),
    ("defence minister", ActorKind::Official),
    ("minister", ActorKind::Official),
    ("governor", ActorKind::Official),
    ("mayor", ActorKind::Official),
    ("general", ActorKind::Official),
    ("gen.", ActorKind::Official),
    ("brigadier general", ActorKind::Official),
    ("major general", ActorKind::Official),
    ("lieutenant general", ActorKind::Official),
    ("colonel", ActorKind::Official),
    ("col.", ActorKind::Official),
    ("commander", ActorKind::Official),
    ("spokesman", ActorKind::Official),
    ("spokeswoman", ActorKind::Official),
    ("spokesperson", ActorKind::Official),
    ("ambassador", ActorKind::Official),
    ("envoy", ActorKind::Official),
    ("secretary", ActorKind::Official),
    ("secretary-general", ActorKind::Official),
    ("secretary general", ActorKind::Official),
    ("chancellor", ActorKind::HeadOfState),
    ("king", ActorKind::HeadOfState),
    ("emir", ActorKind::HeadOfState),
    ("sheikh", ActorKind::Person),
    ("mr.", ActorKind::Person),
    ("mrs.", ActorKind::Person),
    ("ms.", ActorKind::Person),
    ("dr.", ActorKind::Expert),
    ("professor", ActorKind::Expert),
    ("prof.", ActorKind::Expert),
    ("analyst", ActorKind::Expert),
    ("expert", ActorKind::Expert),
    ("researcher", ActorKind::Expert),
    ("activist", ActorKind::Person),
    ("witness", ActorKind::Person),
    ("resident", ActorKind::Person),
    ("doctor", ActorKind::Person),
    ("journalist", ActorKind::Person),
    ("lawyer", ActorKind::Person),
    ("director", ActorKind::Official),
    ("chief", ActorKind::Official),
    ("leader", ActorKind::Official),
    ("official", ActorKind::Official),
];

/// Suffixes that turn an institution into one of its officials.
/// Each with the id suffix it gives: `ru.ministry_of_defence.spokesperson`.
pub(crate) const SPOKESPEOPLE: &[(&str, &str)] = &[
    ("spokesman", "spokesperson"),
    ("spokeswoman", "spokesperson"),
    ("spokesperson", "spokesperson"),
    ("press service", "spokesperson"),
    ("official", "official"),
    ("officials", "official"),
    ("source", "official"),
    ("sources", "official"),
    ("officer", "official"),
    ("commander", "official"),
    ("representative", "official"),
];

pub(crate) struct Named {
    /// Word sequences as written; matched case-sensitively when `exact_case`.
    pub phrases: &'static [&'static str],
    pub id: &'static str,
    pub kind: ActorKind,
    pub side: Option<&'static str>,
    pub exact_case: bool,
}

pub(crate) const NAMED: &[Named] = &[
    Named { phrases: &["United Nations", "UN", "U.N."], id: "org:un", kind: ActorKind::Organisation, side: None, exact_case: true },
    Named { phrases: &["UN Security Council", "U.N. Security Council", "United Nations Security Council", "Security Council", "UNSC"], id: "org:unsc", kind: ActorKind::Organisation, side: None, exact_case: true },
    Named { phrases: &["World Health Organization", "World Health Organisation", "WHO"], id: "org:who", kind: ActorKind::Organisation, side: None, exact_case: true },
    Named { phrases: &["OSCE", "Organization for Security and Co-operation in Europe"], id: "org:osce", kind: ActorKind::Organisation, side: None, exact_case: true },
    Named { phrases: &["OSCE Minsk Group", "Minsk Group"], id: "org:osce_minsk_group", kind: ActorKind::Organisation, side: None, exact_case: true },
    Named { phrases: &["NATO"], id: "org:nato", kind: ActorKind::Organisation, side: None, exact_case: true },
    Named { phrases: &["European Union", "EU"], id: "org:eu", kind: ActorKind::Organisation, side: None, exact_case: true },
    Named { phrases: &["Red Cross", "ICRC", "International Committee of the Red Cross", "Red Crescent", "Syrian Arab Red Crescent"], id: "org:red_cross", kind: ActorKind::Organisation, side: None, exact_case: true },
    Named { phrases: &["Syrian Observatory for Human Rights", "Syrian Observatory", "SOHR", "Observatory"], id: "org:sohr", kind: ActorKind::Organisation, side: None, exact_case: true },
    Named { phrases: &["Human Rights Watch", "HRW"], id: "org:hrw", kind: ActorKind::Organisation, side: None, exact_case: true },
    Named { phrases: &["Amnesty International", "Amnesty"], id: "org:amnesty", kind: ActorKind::Organisation, side: None, exact_case: true },
    Named { phrases: &["UNHCR", "UN refugee agency", "U.N. refugee agency"], id: "org:unhcr", kind: ActorKind::Organisation, side: None, exact_case: true },
    Named { phrases: &["UNICEF"], id: "org:unicef", kind: ActorKind::Organisation, side: None, exact_case: true },
    Named { phrases: &["OCHA"], id: "org:ocha", kind: ActorKind::Organisation, side: None, exact_case: true },
    Named { phrases: &["White Helmets", "Syrian Civil Defence", "Syrian Civil Defense", "Civil Defence", "Civil Defense"], id: "org:white_helmets", kind: ActorKind::Organisation, side: None, exact_case: true },
    Named { phrases: &["Violations Documentation Center", "VDC"], id: "org:vdc", kind: ActorKind::Organisation, side: None, exact_case: true },
    Named { phrases: &["Syrian National Coalition", "National Coalition", "Etilaf"], id: "org:syrian_national_coalition", kind: ActorKind::Organisation, side: None, exact_case: true },
    Named { phrases: &["Islamic State", "ISIS", "ISIL", "IS", "Daesh", "Daish"], id: "group:islamic_state", kind: ActorKind::Group, side: None, exact_case: true },
    Named { phrases: &["Free Syrian Army", "FSA"], id: "group:free_syrian_army", kind: ActorKind::Group, side: None, exact_case: true },
    Named { phrases: &["Hezbollah", "Hizbollah", "Hizbullah"], id: "group:hezbollah", kind: ActorKind::Group, side: None, exact_case: true },
    Named { phrases: &["Nusra Front", "al-Nusra Front", "Al-Nusra Front", "Jabhat al-Nusra", "Jabhat Fateh al-Sham", "al-Nusra", "Nusra"], id: "group:nusra_front", kind: ActorKind::Group, side: None, exact_case: true },
    Named { phrases: &["Syrian Democratic Forces", "SDF"], id: "group:sdf", kind: ActorKind::Group, side: None, exact_case: true },
    Named { phrases: &["YPG", "Kurdish People's Protection Units", "People's Protection Units"], id: "group:ypg", kind: ActorKind::Group, side: None, exact_case: true },
    Named { phrases: &["PKK", "Kurdistan Workers Party", "Kurdistan Workers' Party"], id: "group:pkk", kind: ActorKind::Group, side: None, exact_case: true },
    Named { phrases: &["Taliban"], id: "group:taliban", kind: ActorKind::Group, side: None, exact_case: true },
    Named { phrases: &["al-Qaeda", "al Qaeda", "Al-Qaeda", "Al Qaeda", "al-Qaida"], id: "group:al_qaeda", kind: ActorKind::Group, side: None, exact_case: true },
    Named { phrases: &["Houthis", "Houthi"], id: "group:houthis", kind: ActorKind::Group, side: None, exact_case: true },
    Named { phrases: &["Ahrar al-Sham", "Jaish al-Islam", "Jaish al-Fatah"], id: "group:islamist_rebels", kind: ActorKind::Group, side: None, exact_case: true },
    Named { phrases: &["rebels", "the rebels", "insurgents"], id: "group:rebels", kind: ActorKind::Group, side: None, exact_case: false },
    Named { phrases: &["opposition", "the opposition"], id: "group:opposition", kind: ActorKind::Group, side: None, exact_case: false },
    Named { phrases: &["White House"], id: "us.government", kind: ActorKind::Government, side: Some("US"), exact_case: true },
    Named { phrases: &["Pentagon"], id: "us.ministry_of_defence", kind: ActorKind::Ministry, side: Some("US"), exact_case: true },
    Named { phrases: &["State Department"], id: "us.ministry_of_foreign_affairs", kind: ActorKind::Ministry, side: Some("US"), exact_case: true },
    Named { phrases: &["Kremlin"], id: "ru.government", kind: ActorKind::Government, side: Some("RU"), exact_case: true },
    Named { phrases: &["Reuters"], id: "outlet:reuters", kind: ActorKind::Outlet, side: None, exact_case: true },
    Named { phrases: &["AFP", "Agence France-Presse", "Agence France Presse"], id: "outlet:afp", kind: ActorKind::Outlet, side: None, exact_case: true },
    Named { phrases: &["AP", "Associated Press"], id: "outlet:ap", kind: ActorKind::Outlet, side: None, exact_case: true },
    Named { phrases: &["SANA"], id: "outlet:sana", kind: ActorKind::Outlet, side: Some("SY"), exact_case: true },
    Named { phrases: &["TASS", "Tass"], id: "outlet:tass", kind: ActorKind::Outlet, side: Some("RU"), exact_case: true },
    Named { phrases: &["Sputnik"], id: "outlet:sputnik", kind: ActorKind::Outlet, side: Some("RU"), exact_case: true },
    Named { phrases: &["RIA Novosti", "RIA"], id: "outlet:ria_novosti", kind: ActorKind::Outlet, side: Some("RU"), exact_case: true },
    Named { phrases: &["Interfax"], id: "outlet:interfax", kind: ActorKind::Outlet, side: None, exact_case: true },
    Named { phrases: &["Al Jazeera", "Al-Jazeera", "Aljazeera"], id: "outlet:al_jazeera", kind: ActorKind::Outlet, side: None, exact_case: true },
    Named { phrases: &["Al-Manar", "Al Manar"], id: "outlet:al_manar", kind: ActorKind::Outlet, side: None, exact_case: true },
    Named { phrases: &["Al-Alam", "Al Alam"], id: "outlet:al_alam", kind: ActorKind::Outlet, side: None, exact_case: true },
    Named { phrases: &["Al-Araby", "Al Araby"], id: "outlet:al_araby", kind: ActorKind::Outlet, side: None, exact_case: true },
    Named { phrases: &["Anadolu Agency", "Anadolu"], id: "outlet:anadolu", kind: ActorKind::Outlet, side: Some("TR"), exact_case: true },
    Named { phrases: &["Daily Sabah"], id: "outlet:daily_sabah", kind: ActorKind::Outlet, side: None, exact_case: true },
    Named { phrases: &["TRT"], id: "outlet:trt", kind: ActorKind::Outlet, side: Some("TR"), exact_case: true },
    Named { phrases: &["Trend", "Trend News Agency"], id: "outlet:trend", kind: ActorKind::Outlet, side: None, exact_case: true },
    Named { phrases: &["APA"], id: "outlet:apa", kind: ActorKind::Outlet, side: None, exact_case: true },
    Named { phrases: &["Azertac", "AZERTAC"], id: "outlet:azertac", kind: ActorKind::Outlet, side: Some("AZ"), exact_case: true },
    Named { phrases: &["Armenpress"], id: "outlet:armenpress", kind: ActorKind::Outlet, side: Some("AM"), exact_case: true },
    Named { phrases: &["BBC"], id: "outlet:bbc", kind: ActorKind::Outlet, side: None, exact_case: true },
    Named { phrases: &["CNN"], id: "outlet:cnn", kind: ActorKind::Outlet, side: None, exact_case: true },
    Named { phrases: &["Ahram", "Al-Ahram", "Ahram Online"], id: "outlet:ahram", kind: ActorKind::Outlet, side: None, exact_case: true },
];

/// Generic nouns that name a speaker already met: "the expert" is the last
/// person named.
pub(crate) const BACK_REFERENCES: &[(&str, ActorKind)] =
    &[
        ("expert", ActorKind::Expert),
        ("analyst", ActorKind::Expert),
        ("researcher", ActorKind::Expert),
        ("politician", ActorKind::Person),
        ("official", ActorKind::Official),
        ("group", ActorKind::Group),
        ("observatory", ActorKind::Organisation),
        ("monitor", ActorKind::Organisation),
        ("organisation", ActorKind::Organisation),
        ("organization", ActorKind::Organisation),
        ("agency", ActorKind::Organisation),
        ("spokesman", ActorKind::Official),
        ("spokeswoman", ActorKind::Official),
        ("spokesperson", ActorKind::Official),
        ("minister", ActorKind::Official),
        ("governor", ActorKind::Official),
        ("president", ActorKind::HeadOfState),
    ];

/// Capitalised words that start many sentences or name months and days, and
/// so are never read as part of a person's name.
pub(crate) const NOT_NAMES: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "in", "on", "at", "by", "for", "from", "with", "after",
    "before", "during", "but", "and", "or", "if", "when", "while", "as", "it", "he", "she", "they", "we", "i",
    "his", "her", "their", "our", "its", "there", "here", "however", "meanwhile", "according", "despite",
    "obviously", "actually", "also", "earlier", "later", "last", "next", "some", "many", "most", "all", "no",
    "not", "one", "two", "three", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "wed", "thu", "fri", "sat", "sun", "mr", "mrs", "ms", "president", "minister", "ministry",
    "government", "army", "forces", "military", "district", "region", "city", "province", "republic", "state",
    "national", "general", "military", "civil", "war", "news", "agency", "council", "committee", "security",
    "human", "rights", "chamber", "international", "united", "nations", "front", "islamic", "syrian", "russian",
    "ceasefire", "talks", "conflict", "occupation", "figures", "operations", "attack", "strike", "update",
];

/// Last words of an organisation's name: a capitalised name ending in one of
/// these beside a reporting verb is a body, not a person.
pub(crate) const ORGANISATION_HEADS: &[&str] = &[
    "programme", "program", "organization", "organisation", "agency", "council", "committee", "center", "centre",
    "office", "group", "department", "commission", "union", "coalition", "brigade", "brigades", "party", "network",
    "foundation", "university", "institute", "association", "movement", "authority", "court", "service", "channel",
    "television", "tv", "radio", "ministry", "army", "forces", "front", "observatory", "monitor", "company", "bank",
];
