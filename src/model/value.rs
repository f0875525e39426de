//! Value types shared by the records: ids, dates, money, ID numbers, phones, enumerations.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::lang::Text;

/// A field that breaks its rule: which field, the value given and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The stored field name, e.g. `income_per_capita_fen`.
    pub field: &'static str,
    /// The value as the user gave it.
    pub value: String,
    /// What is wrong, phrased to follow the value: "is not a valid date; expected YYYY-MM-DD".
    pub problem: String,
    /// The problem in Chinese, for the problems built with `said`.
    pub problem_zh: Option<String>,
}

impl Invalid {
    pub fn new(field: &'static str, value: impl Into<String>, problem: impl Into<String>) -> Self {
        Invalid {
            field,
            value: value.into(),
            problem: problem.into(),
            problem_zh: None,
        }
    }

    /// An invalid value whose problem is worded in both languages.
    pub fn said(field: &'static str, value: impl Into<String>, problem: Text) -> Self {
        Invalid {
            field,
            value: value.into(),
            problem: problem.en,
            problem_zh: Some(problem.zh),
        }
    }

    /// The message in both languages: `--size 0 is not valid; …` and `--size 0 无效；…`
    /// (in English where the problem has no Chinese yet).
    pub fn text(&self) -> Text {
        let zh = self.problem_zh.as_deref().unwrap_or(&self.problem);
        Text {
            en: self.to_string(),
            zh: format!("{} {} {zh}", self.flag(), self.shown_value()),
        }
    }

    /// The command-line flag that sets this field.
    pub fn flag(&self) -> String {
        flag_for(self.field)
    }

    /// The value, quoted only when it would otherwise be invisible.
    pub fn shown_value(&self) -> String {
        if self.value.is_empty() || self.value.trim() != self.value {
            format!("{:?}", self.value)
        } else {
            self.value.clone()
        }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.flag(), self.shown_value(), self.problem)
    }
}

/// The flag that sets a stored field on the command line.
pub fn flag_for(field: &str) -> String {
    let flag = match field {
        "income_per_capita_fen" => "income",
        "amount_fen" => "amount",
        "budget_fen" => "budget",
        "members" => "member",
        "causes" => "cause",
        "measures" => "measure",
        "officials" | "relations" => "person",
        "recalled_on" => "on",
        other => other.strip_suffix("_fen").unwrap_or(other),
    };
    format!("--{}", flag.replace('_', "-"))
}

/// Checks an id: 1–64 characters from `A-Z a-z 0-9 . _ -`, not starting with `.` or `-`.
/// Ids name directories, so this is also what keeps every path inside the store.
pub fn check_id(field: &'static str, id: &str) -> Result<(), Invalid> {
    let ok_chars = id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if id.is_empty() || id.len() > 64 || !ok_chars || id.starts_with(['.', '-']) {
        return Err(Invalid::said(
            field,
            id,
            Text {
                en: "is not a valid id; expected 1-64 characters from A-Z a-z 0-9 . _ - not starting with . or -".into(),
                zh: "不是有效的编号；应为 1-64 个字符，取自 A-Z a-z 0-9 . _ -，且不以 . 或 - 开头".into(),
            },
        ));
    }
    Ok(())
}

/// A calendar date, stored and shown as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl Date {
    /// Today in the local time zone, read once per process (an import checks a birth date
    /// against it on every row).
    pub fn today() -> Date {
        static TODAY: std::sync::OnceLock<Date> = std::sync::OnceLock::new();
        *TODAY.get_or_init(|| Date(jiff::ZonedDateTime::now().date()))
    }

    pub fn year(self) -> i16 {
        self.0.year()
    }

    #[must_use]
    /// The same day `years` later (29 February becomes 28 February).
    pub fn plus_years(self, years: i16) -> Date {
        Date(
            self.0
                .checked_add(jiff::Span::new().years(years))
                .unwrap_or(self.0),
        )
    }

    #[must_use]
    /// The day `days` later.
    pub fn plus_days(self, days: i32) -> Date {
        Date(
            self.0
                .checked_add(jiff::Span::new().days(days))
                .unwrap_or(self.0),
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

impl FromStr for Date {
    type Err = ();

    /// Exactly `YYYY-MM-DD`, a real calendar day.
    fn from_str(s: &str) -> Result<Date, ()> {
        let b = s.as_bytes();
        let shape = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape {
            return Err(());
        }
        let num = |r: std::ops::Range<usize>| s[r].parse::<i16>().map_err(|_| ());
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let m = i8::try_from(m).map_err(|_| ())?;
        let d = i8::try_from(d).map_err(|_| ())?;
        jiff::civil::Date::new(y, m, d).map(Date).map_err(|_| ())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse()
            .map_err(|()| serde::de::Error::custom(format!("{s:?} is not a date YYYY-MM-DD")))
    }
}

/// Parses a date given for `field`.
pub fn parse_date(field: &'static str, s: &str) -> Result<Date, Invalid> {
    s.trim().parse().map_err(|()| {
        Invalid::said(
            field,
            s,
            Text {
                en: "is not a valid date; expected YYYY-MM-DD".into(),
                zh: "不是有效的日期；应为 YYYY-MM-DD".into(),
            },
        )
    })
}

/// Parses yuan with at most two decimals into fen: `1234.5` → 123450.
pub fn parse_yuan(field: &'static str, s: &str) -> Result<i64, Invalid> {
    let bad = || {
        Invalid::said(
            field,
            s,
            Text {
                en: "is not an amount of yuan; expected a number with at most two decimals, e.g. 1234.50".into(),
                zh: "不是以元为单位的金额；应为最多两位小数的数字，如 1234.50".into(),
            },
        )
    };
    let t = s.trim();
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || frac.len() > 2 || !digits(frac) {
        return Err(bad());
    }
    if t.ends_with('.') {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    whole
        .checked_mul(100)
        .and_then(|f| f.checked_add(frac))
        .filter(|f| *f <= 9_000_000_000_000_000)
        .ok_or_else(bad)
}

/// Fen as yuan with two decimals: 123450 → `1234.50`.
pub fn format_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// Weights of ISO 7064 MOD 11-2 for the 17 digits of a resident ID number (GB 11643).
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// Checks an 18-character resident ID number: 17 digits, a check character that matches the
/// MOD 11-2 checksum, and a real birth date no later than today. Returns it with `x` upper-cased.
pub fn check_id_number(field: &'static str, s: &str) -> Result<String, Invalid> {
    let id = s.trim().to_ascii_uppercase();
    let b = id.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        let problem = if id.contains('*') {
            Text {
                en: "is masked; expected a full 18-character resident ID number (export with --unmask)".into(),
                zh: "已被遮盖；应为完整的 18 位身份证号（导出时加 --unmask）".into(),
            }
        } else {
            Text {
                en:
                    "is not a resident ID number; expected 17 digits and a check character 0-9 or X"
                        .into(),
                zh: "不是身份证号；应为 17 位数字加一位校验码 0-9 或 X".into(),
            }
        };
        return Err(Invalid::said(field, s, problem));
    }
    let check = id_number_check(&b[..17]) as u8;
    if b[17] != check {
        return Err(Invalid::said(
            field,
            s,
            Text {
                en: format!(
                    "has a wrong check character; expected {} for these 17 digits",
                    check as char
                ),
                zh: format!("校验码不对；这 17 位数字的校验码应为 {}", check as char),
            },
        ));
    }
    let birth = format!("{}-{}-{}", &id[6..10], &id[10..12], &id[12..14]);
    match birth.parse::<Date>() {
        Ok(d) if d.year() >= 1900 && d <= Date::today() => Ok(id),
        _ => Err(Invalid::said(
            field,
            s,
            Text {
                en: format!(
                    "has an impossible birth date {birth}; expected a real date since 1900"
                ),
                zh: format!("中的出生日期 {birth} 不存在；应为 1900 年以来的真实日期"),
            },
        )),
    }
}

/// The check character (0-9 or X) of the first 17 digits of a resident ID number, by
/// ISO 7064 MOD 11-2.
pub fn id_number_check(digits: &[u8]) -> char {
    let sum: u32 = digits
        .iter()
        .zip(ID_WEIGHTS)
        .map(|(c, w)| u32::from(c.wrapping_sub(b'0')) * w)
        .sum();
    ID_CHECK[(sum % 11) as usize] as char
}

/// Checks a phone number: digits, `+`, `-` and spaces, with at least one digit.
pub fn check_phone(field: &'static str, s: &str) -> Result<(), Invalid> {
    let ok = s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' '))
        && s.chars().any(|c| c.is_ascii_digit())
        && s.len() <= 32;
    if ok {
        Ok(())
    } else {
        Err(Invalid::said(
            field,
            s,
            Text {
                en: "is not a phone number; expected digits, +, - and spaces".into(),
                zh: "不是电话号码；应为数字、+、- 和空格".into(),
            },
        ))
    }
}

/// `520402199001011234` → `520402********1234`: first 6 and last 4 characters kept.
pub fn mask_id_number(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 10 {
        return "*".repeat(chars.len());
    }
    let n = chars.len();
    chars[..6]
        .iter()
        .chain(std::iter::repeat_n(&'*', n - 10))
        .chain(&chars[n - 4..])
        .collect()
}

/// Every digit but the last four replaced by `*`; other characters kept.
pub fn mask_phone(s: &str) -> String {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let mut hide = digits.saturating_sub(4);
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() && hide > 0 {
                hide -= 1;
                '*'
            } else {
                c
            }
        })
        .collect()
}

/// An enumeration stored in English snake_case that also answers to its Chinese label.
pub trait Labelled: Sized + Copy + 'static {
    /// Every variant with its English and Chinese label.
    const LABELS: &'static [(Self, &'static str, &'static str)];

    /// The (English, Chinese) labels, for a field's declaration.
    const PAIRS: &'static [(&'static str, &'static str)];

    fn en(self) -> &'static str;

    fn zh(self) -> &'static str;

    /// The variant named by its English or Chinese label.
    fn from_label(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::LABELS
            .iter()
            .find(|(_, en, zh)| *en == s || *zh == s)
            .map(|(v, _, _)| *v)
    }

    /// "poor 贫困村, exited 已出列, non_poor 非贫困村": for messages.
    fn expected() -> String {
        Self::LABELS
            .iter()
            .map(|(_, en, zh)| format!("{en} {zh}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Parses an enumeration given for `field` in English or Chinese.
pub fn parse_enum<T: Labelled>(field: &'static str, s: &str) -> Result<T, Invalid> {
    T::from_label(s).ok_or_else(|| {
        Invalid::said(
            field,
            s,
            Text {
                en: format!("is not recognised; expected one of {}", T::expected()),
                zh: format!("无法识别；应为以下之一：{}", T::expected()),
            },
        )
    })
}

/// Declares a bilingual enumeration: serde uses the English label, `Labelled` knows both.
macro_rules! labelled {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $en:literal $zh:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $(#[serde(rename = $en)] $variant,)+
        }

        impl $crate::model::Labelled for $name {
            const LABELS: &'static [(Self, &'static str, &'static str)] =
                &[$(($name::$variant, $en, $zh),)+];

            const PAIRS: &'static [(&'static str, &'static str)] = &[$(($en, $zh),)+];

            fn en(self) -> &'static str {
                match self { $($name::$variant => $en,)+ }
            }

            fn zh(self) -> &'static str {
                match self { $($name::$variant => $zh,)+ }
            }
        }

        impl $crate::model::FieldValue for $name {}

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::model::Labelled::en(*self))
            }
        }
    };
}
pub(crate) use labelled;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_round_trips_through_fen() {
        assert_eq!(parse_yuan("amount_fen", "1234.5"), Ok(123_450));
        assert_eq!(parse_yuan("amount_fen", "0.07"), Ok(7));
        assert_eq!(parse_yuan("amount_fen", "12"), Ok(1200));
        assert_eq!(format_yuan(123_450), "1234.50");
        for bad in ["1.234", "-1", "1e3", "", ".5", "5.", "1,000", "一百"] {
            assert!(parse_yuan("amount_fen", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn id_numbers_need_checksum_and_birth_date() {
        assert_eq!(
            check_id_number("id_number", "11010519491231002x"),
            Ok("11010519491231002X".into())
        );
        assert!(check_id_number("id_number", "110105194912310021").is_err());
        assert!(check_id_number("id_number", "110105194902300025").is_err());
        assert_eq!(mask_id_number("11010519491231002X"), "110105********002X");
    }

    #[test]
    fn dates_are_real_calendar_days() {
        assert!("2024-02-29".parse::<Date>().is_ok());
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "20240101",
            "2024-01-01T00",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }

    #[test]
    fn ids_cannot_name_paths() {
        for bad in [
            "",
            "../x",
            ".hidden",
            "-flag",
            "a/b",
            "a b",
            &"x".repeat(65),
        ] {
            assert!(check_id("id", bad).is_err(), "{bad}");
        }
        assert!(check_id("id", "520402101001").is_ok());
    }

    #[test]
    fn phones_keep_last_four_digits() {
        assert_eq!(mask_phone("+86 138-1234-5678"), "+** ***-****-5678");
    }
}
