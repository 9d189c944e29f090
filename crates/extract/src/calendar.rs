//! Calendar words, lowercase, for the rules that must not take a date for
//! a name, a speaker or a figure. One list, so every rule agrees on them.

pub const MONTHS: [&str; 12] = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december",
];

/// Short forms written with or without a period ("Apr.", "Sept"). "May" has none.
pub const MONTH_ABBREVIATIONS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"];

pub const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

pub const WEEKDAY_ABBREVIATIONS: [&str; 10] = ["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"];

/// A month, full or abbreviated (`lowercase` without its period).
pub fn is_month(lowercase: &str) -> bool {
    MONTHS.contains(&lowercase) || MONTH_ABBREVIATIONS.contains(&lowercase)
}

/// A weekday, full or abbreviated.
pub fn is_weekday(lowercase: &str) -> bool {
    WEEKDAYS.contains(&lowercase) || WEEKDAY_ABBREVIATIONS.contains(&lowercase)
}
