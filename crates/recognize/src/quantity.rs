//! Quantities: a number (or a range of two) with a qualifier and a unit or a
//! counted noun, normalised to the base unit of `Unit`.

use contested_core::{Diagnostic, Qualifier, Quantity, Span, Unit};

use crate::ctx::Ctx;
use crate::lex::Counted;
use crate::numbers::{self, Num, NumberKind};
use crate::token::Kind;

pub(crate) struct UnitMatch {
    pub unit: Unit,
    /// Multiplier into the base unit (hectares to km²: 0.01).
    pub factor: f64,
    pub first: usize,
    pub last: usize,
}

const ACRE_KM2: f64 = 0.004_046_856_422_4;

fn length_factor(word: &str) -> Option<f64> {
    Some(match word {
        "km" | "kms" | "kilometres" | "kilometers" | "kilometre" | "kilometer" => 1.0,
        "mi" | "mile" | "miles" => 1.609_344,
        "m" | "metres" | "meters" | "metre" | "meter" => 0.001,
        "ft" | "feet" | "foot" => 0.000_304_8,
        "yard" | "yards" | "yd" => 0.000_914_4,
        "cm" | "centimetres" | "centimeters" | "centimetre" | "centimeter" => 0.000_01,
        "dm" | "decimetres" | "decimeters" | "decimetre" | "decimeter" => 0.000_1,
        "mm" | "millimetres" | "millimeters" | "millimetre" | "millimeter" => 0.000_001,
        "inch" | "inches" => 0.000_025_4,
        _ => return None,
    })
}

fn currency_word(word: &str) -> Option<&'static str> {
    Some(match word {
        "dollars" | "dollar" | "usd" => "USD",
        "euros" | "euro" | "eur" => "EUR",
        "pounds" | "gbp" | "sterling" => "GBP",
        "rubles" | "roubles" | "ruble" | "rouble" | "rub" => "RUB",
        "manat" | "manats" | "azn" => "AZN",
        "drams" | "amd" => "AMD",
        "lira" | "liras" => "TRY",
        "hryvnia" | "hryvnias" | "hryvnas" | "uah" => "UAH",
        "yuan" | "cny" => "CNY",
        "rupees" | "inr" => "INR",
        _ => return None,
    })
}

fn currency_symbol(sym: &str) -> Option<&'static str> {
    Some(match sym {
        "$" => "USD",
        "€" => "EUR",
        "£" => "GBP",
        "₽" => "RUB",
        "₼" => "AZN",
        "₴" => "UAH",
        _ => return None,
    })
}

/// A unit written at token `j`: "km2", "sq km", "square miles", "hectares",
/// "%", "per cent", "dollars".
pub(crate) fn unit_at(c: &Ctx, j: usize) -> Option<UnitMatch> {
    if j >= c.len() || c.breaks_before(j) {
        return None;
    }
    let w = c.w(j);
    let m = |unit: Unit, factor: f64, last: usize| Some(UnitMatch { unit, factor, first: j, last });
    match w {
        "%" => return m(Unit::Percent, 1.0, j + 1),
        "percent" | "percents" | "pct" => return m(Unit::Percent, 1.0, j + 1),
        "percentage" => {
            let last = if c.is_word(j + 1, "points") { j + 2 } else { j + 1 };
            return m(Unit::Percent, 1.0, last);
        }
        "per" if c.is_word(j + 1, "cent") => return m(Unit::Percent, 1.0, j + 2),
        "hectares" | "hectare" | "ha" => return m(Unit::Area, 0.01, j + 1),
        "acres" | "acre" => return m(Unit::Area, ACRE_KM2, j + 1),
        "sq" | "square" => {
            let mut k = j + 1;
            if w == "sq" && c.is_punct(k, ".") {
                k += 1;
            }
            let f = length_factor(c.w(k)).filter(|_| c.kind(k) == Some(Kind::Word))?;
            return m(Unit::Area, f * f, k + 1);
        }
        "nautical" if matches!(c.w(j + 1), "miles" | "mile") => return m(Unit::Length, 1.852, j + 2),
        _ => {}
    }
    if c.kind(j) != Some(Kind::Word) {
        return None;
    }
    if let Some(f) = length_factor(w) {
        // "km2", "km²", "m2": squared.
        if c.touching(j) && (c.w(j + 1) == "²" || (c.plain_int(j + 1) == Some((2, 1)))) {
            let glued_more = c.touching(j + 1) && matches!(c.kind(j + 2), Some(Kind::Word | Kind::Num));
            if !glued_more {
                return m(Unit::Area, f * f, j + 2);
            }
            return None;
        }
        // A bare "m" is too often "million" ("$10m") to read as metres: only
        // when what follows is not a word, or a word about size.
        if w == "m" {
            let next_ok = match c.kind(j + 1) {
                None | Some(Kind::Punct) => true,
                Some(Kind::Num) => !c.touching(j),
                Some(Kind::Word) => {
                    !c.breaks_before(j + 1)
                        && matches!(c.w(j + 1), "long" | "high" | "tall" | "deep" | "wide" | "away" | "x" | "from" | "above" | "below")
                }
            };
            if !next_ok {
                return None;
            }
        }
        return m(Unit::Length, f, j + 1);
    }
    if let Some(code) = currency_word(w) {
        return m(Unit::Money(code.to_string()), 1.0, j + 1);
    }
    None
}

fn qualifier_at(c: &Ctx, i: usize) -> Option<(Qualifier, usize)> {
    use Qualifier::*;
    const PHRASES: &[(&[&str], Qualifier)] = &[
        (&["less", "than", "or", "equal", "to"], AtMost),
        (&["fewer", "than", "or", "equal", "to"], AtMost),
        (&["greater", "than", "or", "equal", "to"], AtLeast),
        (&["more", "than", "or", "equal", "to"], AtLeast),
        (&["equal", "to", "or", "less", "than"], AtMost),
        (&["equal", "to", "or", "fewer", "than"], AtMost),
        (&["equal", "to", "or", "more", "than"], AtLeast),
        (&["equal", "to", "or", "greater", "than"], AtLeast),
        (&["at", "least", "or", "equal", "to"], AtLeast),
        (&["less", "or", "equal", "than"], AtMost),
        (&["smaller", "or", "equal", "than"], AtMost),
        (&["lower", "or", "equal", "than"], AtMost),
        (&["higher", "or", "equal", "than"], AtLeast),
        (&["bigger", "or", "equal", "than"], AtLeast),
        (&["larger", "or", "equal", "than"], AtLeast),
        (&["greater", "or", "equal", "than"], AtLeast),
        (&["more", "than"], MoreThan),
        (&["bigger", "than"], MoreThan),
        (&["greater", "than"], MoreThan),
        (&["larger", "than"], MoreThan),
        (&["higher", "than"], MoreThan),
        (&["in", "excess", "of"], MoreThan),
        (&["upwards", "of"], MoreThan),
        (&["well", "over"], MoreThan),
        (&["just", "over"], MoreThan),
        (&["over"], MoreThan),
        (&["above"], MoreThan),
        (&["exceeding"], MoreThan),
        (&["exceed"], MoreThan),
        (&["surpass"], MoreThan),
        (&["at", "least"], AtLeast),
        (&["no", "less", "than"], AtLeast),
        (&["not", "less", "than"], AtLeast),
        (&["no", "fewer", "than"], AtLeast),
        (&["a", "minimum", "of"], AtLeast),
        (&["less", "than"], LessThan),
        (&["fewer", "than"], LessThan),
        (&["smaller", "than"], LessThan),
        (&["lower", "than"], LessThan),
        (&["just", "under"], LessThan),
        (&["under"], LessThan),
        (&["below"], LessThan),
        (&["up", "to"], AtMost),
        (&["at", "most"], AtMost),
        (&["no", "more", "than"], AtMost),
        (&["not", "more", "than"], AtMost),
        (&["as", "many", "as"], AtMost),
        (&["as", "much", "as"], AtMost),
        (&["a", "maximum", "of"], AtMost),
        (&["about"], Approximate),
        (&["around"], Approximate),
        (&["approximately"], Approximate),
        (&["approx"], Approximate),
        (&["roughly"], Approximate),
        (&["nearly"], Approximate),
        (&["almost"], Approximate),
        (&["some"], Approximate),
        (&["an", "estimated"], Approximate),
        (&["estimated"], Approximate),
        (&["close", "to"], Approximate),
        (&["circa"], Approximate),
        (&["between"], Range),
        (&["from"], Range),
        (&["equal", "to"], Range),
        (&["equals", "to"], Range),
        (&["equaling", "to"], Range),
        (&["equals"], Range),
    ];
    if c.kind(i) != Some(Kind::Word) {
        // Comparison signs: ">30", ">= 30", "<=30".
        let w = c.w(i);
        let glued_sign_before = i > 0 && c.touching(i - 1) && matches!(c.w(i - 1), "<" | ">" | "=");
        if (w == ">" || w == "<") && !glued_sign_before {
            let eq = c.is_punct(i + 1, "=");
            let q = match (w, eq) {
                (">", false) => MoreThan,
                (">", true) => AtLeast,
                ("<", false) => LessThan,
                _ => AtMost,
            };
            return Some((q, if eq { i + 2 } else { i + 1 }));
        }
        return None;
    }
    if !matches!(
        c.w(i),
        "less" | "fewer" | "greater" | "more" | "equal" | "at" | "smaller" | "lower" | "higher" | "bigger" | "larger"
            | "in" | "upwards" | "well" | "just" | "over" | "above" | "exceeding" | "exceed" | "surpass" | "no" | "not"
            | "a" | "under" | "below" | "up" | "as" | "about" | "around" | "approximately" | "approx" | "roughly"
            | "nearly" | "almost" | "some" | "an" | "estimated" | "close" | "circa" | "between" | "from" | "equals"
            | "equaling"
    ) {
        return None;
    }
    let first = c.w(i);
    for (words, q) in PHRASES {
        if words[0] == first && c.words_at(i, words) {
            return Some((*q, i + words.len()));
        }
    }
    None
}

/// A qualifier written after the number: "or more", "or less", "or equal".
fn postfix_qualifier(c: &Ctx, j: usize, before: Qualifier) -> Option<(Qualifier, usize)> {
    use Qualifier::*;
    if c.breaks_before(j) || !matches!(c.w(j), "or" | "and") {
        return None;
    }
    let w = c.w(j + 1);
    let up = matches!(w, "more" | "greater" | "higher" | "above" | "over");
    let down = matches!(w, "less" | "fewer" | "lower" | "below" | "under");
    let mut after = j + 2;
    // "or greater than 190" starts a new figure; "or greater than" ends this one.
    if c.is_word(after, "than") || c.is_word(after, "to") {
        if numbers::parse(c, after + 1).is_some() {
            return None;
        }
        after += 1;
    }
    let exactish = matches!(before, Exact | Range | Approximate);
    if exactish && up && (c.w(j) == "or" || w == "more") {
        return Some((AtLeast, after));
    }
    if exactish && down && c.w(j) == "or" {
        return Some((AtMost, after));
    }
    if matches!(before, MoreThan | LessThan) && w == "equal" {
        return Some((if before == MoreThan { AtLeast } else { AtMost }, after));
    }
    None
}

const STOP: &[&str] = &[
    "the", "a", "an", "of", "in", "on", "at", "to", "from", "by", "for", "with", "and", "or", "but", "was", "were",
    "is", "are", "has", "have", "had", "been", "be", "will", "would", "could", "should", "can", "may", "might",
    "that", "which", "who", "whom", "whose", "per", "than", "as", "it", "its", "their", "there", "this", "these",
    "those", "he", "she", "they", "we", "you", "i", "not", "no", "said", "says", "say", "after", "before", "during",
    "since", "while", "when", "where", "more", "most", "less", "other", "others", "such", "each", "every", "all",
    "some", "any", "many", "much", "few", "about", "over", "under", "into", "onto", "out", "up", "down", "off",
    "also", "only", "just", "if", "then", "so", "because", "until", "till", "between", "among", "against", "within",
    "without", "through", "across", "along", "around", "near", "told", "according", "including", "times",
    "percent", "his", "her", "our", "your", "my", "them", "him", "us", "me", "what", "how", "why", "did", "do",
    "does", "being", "year", "years", "old", "ago", "later", "earlier", "minutes", "seconds", "points", "per",
];

fn is_stop(w: &str) -> bool {
    STOP.contains(&w)
}

/// Singular nouns that "a"/"an" counts as one: hardware and people, where
/// "a helicopter" or "a soldier" is a figure; "a position" is not.
fn counts_with_article(word: &str) -> bool {
    matches!(
        word,
        "helicopter" | "tank" | "drone" | "aircraft" | "plane" | "jet" | "warplane" | "vehicle" | "missile"
            | "rocket" | "ship" | "boat" | "howitzer" | "launcher" | "truck" | "soldier" | "serviceman"
            | "civilian" | "child" | "fighter" | "militant" | "officer" | "policeman" | "journalist" | "pilot"
            | "sniper" | "hostage" | "prisoner" | "commander"
    )
}

/// The counted noun after a number: up to three modifiers, then a noun from
/// the table; or, right after the number, a casualty word ("18 killed") or
/// an unknown plural ("six howitzers").
fn counted_at(c: &Ctx, j: usize, article: bool) -> Option<(usize, Counted)> {
    if !article {
        if let Some(found) = counted_later(c, j) {
            return Some(found);
        }
    }
    let mut k = j;
    // "6 other vehicles", "five more soldiers": the word only says the
    // figure adds to an earlier one; the counted noun comes after it.
    if !article && (c.is_word(k, "other") || (c.is_word(k, "more") && !c.is_word(k + 1, "than"))) {
        k += 1;
    }
    // `k` is the token looked at, `step` how many words came before it.
    #[allow(clippy::explicit_counter_loop)]
    for step in 0..4 {
        if k >= c.len() || c.breaks_before(k) {
            return None;
        }
        let w = c.w(k);
        if let Some(l) = c.lex(k) {
            if let Some(cnt) = l.counted {
                if article {
                    return (l.singular && counts_with_article(w)).then_some((k, cnt));
                }
                if cnt == Counted::Casualty && step > 0 {
                    return None;
                }
                // "two police officials", "three security personnel": a
                // people noun right before another is its modifier.
                if cnt == Counted::People && !c.breaks_before(k + 1) {
                    if let Some(next) = c.lex(k + 1).and_then(|n| n.counted.filter(|&x| x == Counted::People && !n.singular)) {
                        return Some((k + 1, next));
                    }
                }
                // "two hospital staffers", "two militant Islamic groups": a
                // singular noun is a modifier when a plural follows closely.
                if l.singular {
                    for m in k + 1..k + 3 {
                        if c.breaks_before(m) || c.kind(m) != Some(Kind::Word) || is_stop(c.w(m)) {
                            break;
                        }
                        if let Some(next) = c.lex(m).and_then(|n| n.counted.filter(|_| !n.singular)) {
                            return Some((m, next));
                        }
                        if plural_fallback(c, m) {
                            return Some((m, Counted::Item));
                        }
                    }
                }
                return Some((k, cnt));
            }
        }
        match c.kind(k) {
            Some(Kind::Word) => {
                let l = c.lex(k);
                let special = l.is_some_and(|l| {
                    l.month.is_some() || l.weekday.is_some() || l.time_unit.is_some() || l.num.is_some() || l.vague.is_some()
                });
                // A capitalised word is a name ("Mi-24"), never a unit.
                if is_stop(w) || special || (!c.is_capitalized(k) && unit_at(c, k).is_some()) {
                    return None;
                }
                if step == 0 && !article && plural_fallback(c, k) {
                    // Only when nothing in the table follows closely.
                    let next_known = c.lex(k + 1).is_some_and(|l| l.counted.is_some()) && !c.breaks_before(k + 1);
                    if !next_known {
                        return Some((k, Counted::Item));
                    }
                }
            }
            Some(Kind::Punct) if c.is_dash(k) && k > 0 && c.touching(k - 1) && c.touching(k) => {}
            Some(Kind::Num) if article && k > 0 && c.touching(k - 1) => {}
            _ => return None,
        }
        k += 1;
    }
    None
}

/// Words that may stand between a figure and the fate that makes it a head
/// count: "7,457 were injured", "22 had been killed", "58 others injured".
fn before_fate(w: &str) -> bool {
    matches!(
        w,
        "were" | "was" | "are" | "is" | "had" | "have" | "has" | "been" | "being" | "reportedly" | "others" | "more"
            | "also" | "later" | "allegedly" | "all"
    )
}

/// A counted noun that is not right after the number: a fate told after
/// auxiliaries ("22 had been killed"), "others" after a verb of harm
/// ("wounding 58 others"), a nationality or faith in the plural ("33
/// Azerbaijanis"), a model designation ("4 BM-21"), or the noun after "of
/// its" ("11,557 of its soldiers").
fn counted_later(c: &Ctx, j: usize) -> Option<(usize, Counted)> {
    if j >= c.len() || c.breaks_before(j) || c.kind(j) != Some(Kind::Word) {
        return None;
    }
    let mut k = j;
    while k < j + 4 && !c.breaks_before(k) && c.kind(k) == Some(Kind::Word) {
        if k > j && c.lex(k).is_some_and(|l| l.counted == Some(Counted::Casualty)) {
            return Some((k, Counted::Casualty));
        }
        // "seven were children": what they were, named after the verb.
        if k > j && matches!(c.w(k - 1), "were" | "are") {
            if let Some(l) = c.lex(k).filter(|l| l.counted == Some(Counted::People) && !l.singular) {
                return l.counted.map(|cnt| (k, cnt));
            }
        }
        if !before_fate(c.w(k)) {
            break;
        }
        k += 1;
    }
    if c.is_word(j, "others") && (j.saturating_sub(5)..j.saturating_sub(1)).any(|i| harm_verb(c.w(i))) {
        return Some((j, Counted::People));
    }
    if plural_demonym(c, j) && c.lex(j + 1).is_none_or(|l| l.counted.is_none()) {
        return Some((j, Counted::People));
    }
    if let Some(number) = model_designation(c, j) {
        // "6 BM-27 launchers": the noun after the model is what is counted.
        return counted_at(c, number + 1, false).or(Some((number, Counted::Item)));
    }
    // "one of its soldiers" names a person rather than stating a figure.
    let several = j >= 1 && !matches!(c.w(j - 1), "one" | "a" | "an") && c.num_value(j - 1).is_none_or(|v| v > 1.0);
    if several && c.is_word(j, "of") && matches!(c.w(j + 1), "its" | "their" | "his" | "her" | "our") {
        return counted_at(c, j + 2, false);
    }
    None
}

/// "It killed six, including a boy", "wounding 12.": a figure standing
/// alone as the object of a verb of harm counts people. `first` is where the
/// figure (with its qualifier) starts, `after` the token after it. A figure
/// that ends the text stays a bare number: a cut-off snippet may have lost
/// its noun.
fn harmed_object(c: &Ctx, first: usize, after: usize) -> bool {
    let verb_before = first > 0 && !c.breaks_before(first) && harm_verb(c.w(first - 1));
    let ends_here = c.kind(after) == Some(Kind::Punct)
        || matches!(c.w(after), "and" | "in" | "on" | "at" | "near" | "during" | "including" | "while" | "when" | "after");
    verb_before && ends_here && !(c.kind(after) == Some(Kind::Punct) && c.is_dash(after))
}

/// Verbs whose object, after a figure, is people: "wounding 58 others".
fn harm_verb(w: &str) -> bool {
    matches!(
        w,
        "killing" | "killed" | "wounding" | "wounded" | "injuring" | "injured" | "leaving" | "left" | "kidnapping"
            | "abducting" | "arresting" | "detaining" | "capturing" | "captured" | "detained" | "arrested"
    )
}

/// "Armenians", "Azerbaijanis", "Alawites": a capitalised plural formed
/// like the names of peoples and faiths, counted as people.
fn plural_demonym(c: &Ctx, k: usize) -> bool {
    let w = c.w(k);
    c.is_capitalized(k)
        && c.kind(k) == Some(Kind::Word)
        && w.len() >= 5
        && w.bytes().all(|b| b.is_ascii_lowercase())
        && (w.ends_with("ans") || w.ends_with("is") || w.ends_with("ites") || w.ends_with("ists"))
}

/// "BM-21", "T-72s", "Su-25": a capitalised name glued by a dash to a
/// number is a model of equipment, so the figure before it counts items.
/// Returns the token after which the designation ends.
fn model_designation(c: &Ctx, k: usize) -> Option<usize> {
    let is_model = c.is_capitalized(k)
        && c.kind(k) == Some(Kind::Word)
        && c.touching(k)
        && c.is_dash(k + 1)
        && c.touching(k + 1)
        && c.kind(k + 2) == Some(Kind::Num);
    is_model.then_some(k + 2)
}

fn plural_fallback(c: &Ctx, k: usize) -> bool {
    let w = c.w(k);
    let t = match c.tok(k) {
        Some(t) => t,
        None => return false,
    };
    let lowercase = c.text.as_bytes()[t.start].is_ascii_lowercase();
    lowercase
        && w.len() >= 4
        && w.is_ascii()
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
        && !w.ends_with("'s")
        && !matches!(
            w,
            "times" | "minutes" | "seconds" | "hours" | "days" | "weeks" | "months" | "years" | "was" | "has" | "does"
                | "goes" | "says" | "remains" | "seems" | "means" | "includes" | "looks" | "appears" | "shows" | "comes"
                | "makes" | "takes" | "gives" | "becomes" | "stands" | "lies" | "rises" | "falls" | "marks"
                | "represents" | "contains" | "covers" | "exceeds" | "reaches" | "accounts" | "equals" | "refers"
                | "follows" | "belongs" | "applies" | "sits" | "runs" | "gets" | "puts" | "sets" | "adds" | "needs"
                | "plus" | "minus" | "pounds"
        )
}

fn comparative(w: &str) -> bool {
    matches!(
        w,
        "higher" | "more" | "larger" | "greater" | "bigger" | "lower" | "less" | "fewer" | "smaller" | "faster"
            | "longer" | "stronger" | "worse" | "better" | "higher," | "over"
    )
}

fn multiplier_word(w: &str) -> Option<f64> {
    match w {
        "twice" => Some(2.0),
        "thrice" => Some(3.0),
        "double" => Some(2.0),
        "triple" => Some(3.0),
        _ => None,
    }
}

fn fold_word(w: &str) -> Option<f64> {
    let stem = w.strip_suffix("fold")?;
    crate::lex::lookup(stem).and_then(|l| match l.num? {
        crate::lex::NumWord::Unit(v) | crate::lex::NumWord::Teen(v) | crate::lex::NumWord::Ten(v) => Some(v),
        crate::lex::NumWord::Hundred => Some(100.0),
        _ => None,
    })
}

pub(crate) struct Found {
    pub q: Quantity,
    pub first: usize,
    pub last: usize,
}

/// "percent of 10", "per cent of twenty-two": the share named first.
fn percent_of_at(c: &Ctx, i: usize) -> Option<Found> {
    let k = match c.w(i) {
        "percent" | "percents" => i + 1,
        "per" if c.is_word(i + 1, "cent") => i + 2,
        _ => return None,
    };
    // Only at the start of a phrase: "20 percent of 10" is "20 percent".
    if i > 0 && !c.breaks_before(i) && matches!(c.kind(i - 1), Some(Kind::Num)) {
        return None;
    }
    if !c.is_word(k, "of") {
        return None;
    }
    let n = numbers::parse(c, k + 1).filter(|n| n.kind != NumberKind::Ordinal && n.value.is_finite())?;
    Some(Found {
        q: Quantity {
            span: Span::new(c.start(i), c.end(n.last - 1)),
            number_span: Span::new(c.start(n.first), c.end(n.last - 1)),
            low: Some(n.value),
            high: Some(n.value),
            unit: Unit::Percent,
            unit_text: Some(c.text[c.start(i)..c.end(k - 1)].to_string()),
            qualifier: Qualifier::Exact,
            counted: None,
        },
        first: i,
        last: n.last,
    })
}

/// A ratio phrase starting at `i`: "ten times higher", "twice as many",
/// "threefold", "a third of".
fn ratio_at(c: &Ctx, i: usize) -> Option<Found> {
    let w = c.w(i);
    let make = |v: f64, first: usize, num_last: usize, last: usize| {
        let span = Span::new(c.start(first), c.end(last - 1));
        Some(Found {
            q: Quantity {
                span,
                number_span: Span::new(c.start(first), c.end(num_last - 1)),
                low: Some(v),
                high: Some(v),
                unit: Unit::Ratio,
                unit_text: None,
                qualifier: Qualifier::Exact,
                counted: None,
            },
            first,
            last,
        })
    };
    if let Some(v) = multiplier_word(w) {
        if c.words_at(i + 1, &["as"]) && matches!(c.w(i + 2), "many" | "much" | "large" | "high" | "big" | "long") {
            return make(v, i, i + 1, i + 3);
        }
        if comparative(c.w(i + 1)) && w != "double" && w != "triple" {
            return make(v, i, i + 1, i + 2);
        }
        return None;
    }
    if let Some(v) = fold_word(w) {
        return make(v, i, i + 1, i + 1);
    }
    None
}

/// The quantity starting at token `i`. With `bare_ok`, a qualified number
/// with no unit ("more than 30") is returned too, with unit `Number`.
pub(crate) fn parse_at(c: &Ctx, i: usize, bare_ok: bool) -> Option<Found> {
    if let Some(f) = ratio_at(c, i) {
        return Some(f);
    }
    if let Some(f) = percent_of_at(c, i) {
        return Some(f);
    }
    let (mut qualifier, mut k) = qualifier_at(c, i).unwrap_or((Qualifier::Exact, i));
    let equal_to = qualifier == Qualifier::Range && c.w(i).starts_with("equal");
    let explicit_range = qualifier == Qualifier::Range && !equal_to;
    let range_word = if c.w(i) == "between" { "and" } else { "to" };
    // Currency before the number: "$10", "US$ 5".
    let mut currency: Option<(&'static str, usize)> = None;
    if c.is_word(k, "us") && c.is_punct(k + 1, "$") {
        currency = Some(("USD", k));
        k += 2;
    } else if let Some(code) = currency_symbol(c.w(k)).filter(|_| c.kind(k) == Some(Kind::Punct)) {
        currency = Some((code, k));
        k += 1;
    }
    if k > i && c.breaks_before(k) {
        return None;
    }
    // "a soldier", "an Mi-24 helicopter": the article counts one.
    let article_one = matches!(c.w(k), "a" | "an") && k == i;
    let mut n1 = match numbers::parse(c, k) {
        Some(n) => n,
        None if article_one => Num { first: k, last: k + 1, value: 1.0, kind: NumberKind::Integer },
        None => return None,
    };
    if n1.kind == NumberKind::Ordinal || !n1.value.is_finite() {
        return None;
    }
    // "SCP-173", "F-16", "scp173", "scp2-173": a number glued to a name (or
    // inside a dashed code) is part of an identifier.
    let glued_before = n1.first > 0 && c.touching(n1.first - 1);
    if glued_before && c.kind(n1.first - 1) == Some(Kind::Word) && c.kind(n1.first) == Some(Kind::Num) {
        return None;
    }
    if n1.first > 1
        && c.is_dash(n1.first - 1)
        && glued_before
        && c.touching(n1.first - 2)
        && matches!(c.kind(n1.first - 2), Some(Kind::Word))
    {
        return None;
    }
    // "1.8m", "48m", "7.62mm": without a currency, a glued "m"/"mm" is a
    // length, not a million, unless people or things are counted after it.
    let mut glued_metric: Option<usize> = None;
    if currency.is_none() && n1.last >= 2 && n1.last - 1 > n1.first {
        let s = n1.last - 1;
        // Only plural counted nouns make it a million ("1.5m refugees").
        let counts_many = counted_at(c, n1.last, false).is_some_and(|(head, _)| !c.lex(head).is_some_and(|l| l.singular));
        if matches!(c.w(s), "m" | "mm")
            && c.touching(s - 1)
            && c.kind(s - 1) == Some(Kind::Num)
            && !counts_many
            && currency_word(c.w(n1.last)).is_none()
        {
            n1.value = c.num_value(s - 1).unwrap_or(n1.value);
            n1.last = s;
            glued_metric = Some(s);
        }
    }
    // "a"/"an" counts one thing only before a counted noun.
    let article = matches!(c.w(n1.first), "a" | "an") && n1.last == n1.first + 1;
    let mut n2: Option<Num> = None;
    let mut j = n1.last;
    // A second number: "10-15", "800 to 2,000", "between 10 and 15".
    let joiner = c.w(j);
    let joins = !c.breaks_before(j)
        && !article
        && !equal_to
        && (if explicit_range {
            joiner == range_word || (range_word == "to" && matches!(joiner, "until" | "through")) || c.is_dash(j)
        } else {
            c.is_dash(j) || matches!(joiner, "to" | "~" | "through")
        });
    if joins {
        let start2 = if currency.is_some() && currency_symbol(c.w(j + 1)).is_some() { j + 2 } else { j + 1 };
        if let Some(second) = numbers::parse(c, start2) {
            // "1-222-2222" is a phone number, not a range.
            let chained = c.touching(second.last - 1) && c.is_dash(second.last) && c.kind(second.last + 1) == Some(Kind::Num);
            let glued_plus = n1.first > 0
                && c.touching(n1.first - 1)
                && (c.is_punct(n1.first - 1, "+")
                    || (c.is_dash(n1.first - 1) && n1.first > 1 && c.touching(n1.first - 2) && c.kind(n1.first - 2) == Some(Kind::Num)));
            if second.kind != NumberKind::Ordinal && second.value.is_finite() && second.value >= n1.value && !chained && !glued_plus {
                n2 = Some(second);
                j = second.last;
            }
        }
    }
    if explicit_range && n2.is_none() {
        // "from 20 soldiers" is not a range: read the figure after "from".
        return if c.w(i) == "from" { parse_at(c, i + 1, bare_ok) } else { None };
    }
    if n2.is_some() && !explicit_range {
        qualifier = Qualifier::Range;
    }
    if n1.kind == NumberKind::Vague && qualifier == Qualifier::Exact {
        qualifier = Qualifier::Vague;
    }
    // "100 or more", "500 and more", "5000 or less", "more than 5000 or equal to".
    let mut approx_dropped = false;
    if n2.is_none() {
        if let Some((q, after)) = postfix_qualifier(c, j, qualifier) {
            // "about 500 or more": the bound says it all.
            if qualifier == Qualifier::Approximate {
                approx_dropped = true;
            }
            qualifier = q;
            j = after;
        }
    }
    let mut first = if (qualifier == Qualifier::Exact || approx_dropped) && currency.is_none() { n1.first } else { i };
    let mut number_span = Span::new(c.start(n1.first), c.end(n2.map_or(n1.last, |n| n.last) - 1));

    let unit;
    let mut extra = 0.0;
    let mut factor = 1.0;
    let mut unit_text = None;
    let mut counted = None;
    let mut last = j;
    if let Some((code, _)) = currency {
        unit = Unit::Money(code.to_string());
        // "$10 million dollars" is rare; a trailing currency word is absorbed.
        if let Some(u) = unit_at(c, j).filter(|u| matches!(u.unit, Unit::Money(_))) {
            last = u.last;
        }
    } else {
        // "3-inch", "six-mile": a dash glued between number and unit.
        let uj = if c.is_dash(j) && c.touching(j - 1) && c.touching(j) { j + 1 } else { j };
        let unit_here = match glued_metric {
            Some(s) => Some(UnitMatch { unit: Unit::Length, factor: length_factor(c.w(s)).unwrap_or(0.001), first: s, last: s + 1 }),
            // An article counts things, never measures: "a Mi-24".
            None if article => None,
            None => unit_at(c, uj),
        };
        if let Some(u) = unit_here {
            unit = u.unit;
            factor = u.factor;
            unit_text = Some(c.text[c.start(u.first)..c.end(u.last - 1)].to_string());
            last = u.last;
            // "5 feet 2 inches", "12 ft 2 in": the inches join the feet.
            if matches!(c.w(u.first), "feet" | "foot" | "ft") && n2.is_none() {
                let k = if c.is_word(last, "and") { last + 1 } else { last };
                if let Some(inches) = c.plain_int(k).filter(|&(v, _)| v < 12) {
                    if matches!(c.w(k + 1), "inches" | "inch" | "in") && !c.breaks_before(k) {
                        extra = inches.0 as f64 * 0.000_025_4;
                        last = k + 2;
                    }
                }
            }
            // A minus glued to a length is a dash ("75 -300mm"), not a sign.
            if n1.value < 0.0 && matches!(unit, Unit::Length | Unit::Area) && c.kind(n1.first) == Some(Kind::Punct) {
                n1.value = -n1.value;
                if first == n1.first {
                    first += 1;
                }
                n1.first += 1;
                number_span.start = c.start(n1.first);
            }
        } else if c.w(j) == "times" && !c.breaks_before(j) && !article {
            unit = Unit::Ratio;
            last = j + 1;
            if comparative(c.w(j + 1)) && !c.breaks_before(j + 1) {
                last = j + 2;
            } else if c.words_at(j + 1, &["as"]) && matches!(c.w(j + 2), "many" | "much" | "large" | "high") {
                last = j + 3;
            }
        } else if n1.kind == NumberKind::Fraction && c.is_word(j, "of") && n2.is_none() {
            unit = Unit::Ratio;
            last = j + 1;
        } else {
            let mut cj = j;
            if n1.kind == NumberKind::Vague && c.is_word(j, "of") {
                cj = j + 1;
            }
            if let Some((head, cnt)) = counted_at(c, cj, article) {
                unit = match cnt {
                    // "one in five children" is a share of them, not 0.2 people.
                    _ if n1.kind == NumberKind::Fraction => Unit::Ratio,
                    Counted::People | Counted::Casualty => Unit::People,
                    Counted::Item => Unit::Items,
                };
                // A model designation is counted whole: "T-80", not "80".
                let name_first = if c.kind(head) == Some(Kind::Num) && head >= 2 && c.is_dash(head - 1) { head - 2 } else { head };
                let (from, to) = (c.start(name_first), c.end(head));
                counted = Some((Span::new(from, to), c.text[from..to].to_string()));
                last = head + 1;
            } else if !article && harmed_object(c, i, j) {
                unit = Unit::People;
            } else if bare_ok && !article && (qualifier != Qualifier::Exact || n2.is_some()) {
                unit = Unit::Number;
            } else {
                return None;
            }
        }
    }
    let v1 = n1.value * factor + extra;
    let v2 = n2.map(|n| n.value * factor);
    let (low, high) = match qualifier {
        Qualifier::Exact | Qualifier::Approximate => (Some(v1), Some(v1)),
        Qualifier::MoreThan | Qualifier::AtLeast | Qualifier::Vague => (Some(v1), None),
        Qualifier::LessThan | Qualifier::AtMost => (None, Some(v1)),
        Qualifier::Range => (Some(v1), v2.or(Some(v1))),
    };
    // Keep the qualifier's wording when a range is also qualified ("about 10-15").
    let (low, high) = match (qualifier, v2) {
        (Qualifier::Range, _) | (_, None) => (low, high),
        (_, Some(v2)) => (Some(v1), Some(v2)),
    };
    let span = Span::new(c.start(first), c.end(last - 1));
    Some(Found {
        q: Quantity { span, number_span, low, high, unit, unit_text, qualifier, counted },
        first,
        last,
    })
}

/// Joins a lower and an upper bound written side by side into one range:
/// "more than 10 and less than 20", "at most 100 and at least 20".
pub(crate) fn join_bounds(c: &Ctx, found: Vec<Found>) -> Vec<Found> {
    use Qualifier::*;
    let mut out: Vec<Found> = Vec::with_capacity(found.len());
    for f in found {
        if let Some(prev) = out.last_mut() {
            let gap_ok = f.first == prev.last + 1 && matches!(c.w(prev.last), "and" | "but" | ",")
                && !c.breaks_before(f.first);
            let lower = |q: Qualifier| matches!(q, MoreThan | AtLeast);
            let upper = |q: Qualifier| matches!(q, LessThan | AtMost);
            let (pq, fq) = (prev.q.qualifier, f.q.qualifier);
            let (low, high) = if lower(pq) { (prev.q.low, f.q.high) } else { (f.q.low, prev.q.high) };
            let ordered = matches!((low, high), (Some(l), Some(h)) if l < h);
            if gap_ok && ordered && prev.q.unit == f.q.unit && ((lower(pq) && upper(fq)) || (upper(pq) && lower(fq))) {
                prev.q.low = low;
                prev.q.high = high;
                prev.q.qualifier = Range;
                prev.q.span = prev.q.span.cover(f.q.span);
                prev.q.number_span = prev.q.number_span.cover(f.q.number_span);
                prev.last = f.last;
                continue;
            }
        }
        out.push(f);
    }
    out
}

/// All quantities among tokens not yet taken, marking theirs as taken.
pub(crate) fn scan(c: &mut Ctx, diagnostics: &mut Vec<Diagnostic>) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        if c.taken[i] || !c.near_quantity_anchor(i) {
            i += 1;
            continue;
        }
        if c.kind(i) == Some(Kind::Num) && !c.tok(i).is_some_and(|t| t.value.is_finite()) {
            diagnostics.push(Diagnostic::new(
                "recognize",
                Some(Span::new(c.start(i), c.end(i))),
                "number too large to represent; ignored",
            ));
            c.take(i, i + 1);
            i += 1;
            continue;
        }
        if let Some(f) = parse_at(c, i, false) {
            if f.last > i && !c.any_taken(f.first, f.last) {
                c.take(f.first, f.last);
                i = f.last;
                out.push(f.q);
                continue;
            }
        }
        i += 1;
    }
    out
}
