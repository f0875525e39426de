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
    /// The value as a Chinese message shows it, when that differs: an enumeration's label
    /// (`女` for `female`), since the clerk may have typed either.
    pub value_zh: Option<String>,
    /// What is wrong, phrased to follow the value: "is not a valid date; expected YYYY-MM-DD".
    pub problem: String,
    /// The problem in Chinese, phrased to follow the value: "不是有效日期；应为 YYYY-MM-DD".
    pub problem_zh: String,
}

impl Invalid {
    /// An invalid value, its problem worded in both languages (the only way to build one,
    /// so that no problem lacks its Chinese).
    pub fn said(field: &'static str, value: impl Into<String>, problem: Text) -> Self {
        Invalid {
            field,
            value: value.into(),
            value_zh: None,
            problem: problem.en,
            problem_zh: problem.zh,
        }
    }

    /// An invalid value that reads differently in each language (an enumeration's value).
    pub fn said_as(field: &'static str, value: Text, problem: Text) -> Self {
        Invalid {
            value_zh: Some(value.zh),
            ..Invalid::said(field, value.en, problem)
        }
    }

    /// The problem alone, in both languages.
    pub fn problem(&self) -> Text {
        Text::new(self.problem.clone(), self.problem_zh.clone())
    }

    /// The message in both languages: `--size 0 is not valid; …` and `--size 0 无效；…`.
    pub fn text(&self) -> Text {
        Text {
            en: self.to_string(),
            zh: self.told_in(crate::lang::Lang::Zh),
        }
    }

    /// The command-line flag that sets this field.
    pub fn flag(&self) -> String {
        flag_for(self.field)
    }

    /// The value, quoted only when it would otherwise be invisible; ID numbers and phones
    /// masked, control characters escaped, so that an error never shows personal data nor
    /// writes raw control characters to a terminal.
    pub fn shown_value(&self) -> String {
        self.shown_value_in(crate::lang::Lang::En)
    }

    /// `shown_value`, an enumeration's value in the language's words.
    pub fn shown_value_in(&self, lang: crate::lang::Lang) -> String {
        let value = match (self.field, lang, &self.value_zh) {
            ("id_number", ..) => mask_id_number(&self.value),
            ("phone", ..) => mask_phone(&self.value),
            (_, crate::lang::Lang::Zh, Some(zh)) => zh.clone(),
            _ => self.value.clone(),
        };
        shown_text(&value)
    }
}

impl Invalid {
    /// `--size 0 is not valid; …`; a value not given (`--exited-on is missing; …`) is not
    /// shown as `""`.
    fn told_in(&self, lang: crate::lang::Lang) -> String {
        let problem = match lang {
            crate::lang::Lang::Zh => &self.problem_zh,
            crate::lang::Lang::En => &self.problem,
        };
        if self.value.is_empty() {
            format!("{} {problem}", self.flag())
        } else {
            format!("{} {} {problem}", self.flag(), self.shown_value_in(lang))
        }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.told_in(crate::lang::Lang::En))
    }
}

/// The flag that sets a stored field on the command line.
pub fn flag_for(field: &str) -> String {
    // As the field's declaration names it (no field is declared with two flags: a unit test
    // of `model` holds every kind to that).
    let declared = crate::model::Kind::ALL
        .iter()
        .flat_map(|k| k.columns())
        .find(|c| c.field == field)
        .map(|c| c.flag);
    let flag = declared.unwrap_or_else(|| field.strip_suffix("_fen").unwrap_or(field));
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

/// The text of a stored field: kept inline when short (an id, a name, an ID number), so a
/// registry of millions of records does not make an allocation for each of its strings.
pub type Str = compact_str::CompactString;

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
        // `Span::years` panics outside ±19,998 years; a policy setting must never crash.
        let moved = jiff::Span::new()
            .try_years(years)
            .ok()
            .and_then(|span| self.0.checked_add(span).ok());
        Date(moved.unwrap_or(if years < 0 {
            jiff::civil::Date::MIN
        } else {
            jiff::civil::Date::MAX
        }))
    }

    #[must_use]
    /// The same day `months` calendar months later (31 August + 6 months is 28 or 29
    /// February).
    pub fn plus_months(self, months: i32) -> Date {
        let moved = jiff::Span::new()
            .try_months(months)
            .ok()
            .and_then(|span| self.0.checked_add(span).ok());
        Date(moved.unwrap_or(if months < 0 {
            jiff::civil::Date::MIN
        } else {
            jiff::civil::Date::MAX
        }))
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        i64::from((later.0 - self.0).get_days())
    }

    #[must_use]
    /// The day `days` later.
    pub fn plus_days(self, days: i32) -> Date {
        let moved = jiff::Span::new()
            .try_days(days)
            .ok()
            .and_then(|span| self.0.checked_add(span).ok());
        Date(moved.unwrap_or(if days < 0 {
            jiff::civil::Date::MIN
        } else {
            jiff::civil::Date::MAX
        }))
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

/// `YYYY-MM-DD` in JSON; in a binary snapshot (a format that is not human-readable) the
/// number `year * 512 + month * 32 + day`, which needs no parsing.
impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.collect_str(self)
        } else {
            let d = self.0;
            s.serialize_i32(
                i32::from(d.year()) * 512 + i32::from(d.month()) * 32 + i32::from(d.day()),
            )
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        if !d.is_human_readable() {
            let n = i32::deserialize(d)?;
            let (year, month, day) = (n.div_euclid(512), n.rem_euclid(512) / 32, n % 32);
            return jiff::civil::Date::new(year as i16, month as i8, day as i8)
                .map(Date)
                .map_err(|_| serde::de::Error::custom(format!("{n} is not a packed date")));
        }
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse()
            .map_err(|()| serde::de::Error::custom(format!("{s:?} is not a date YYYY-MM-DD")))
    }
}

/// The first and last day a record's date may be (README, "Policy": record fields have ranges).
pub const FIRST_DATE: &str = "1900-01-01";
pub const LAST_DATE: &str = "2100-12-31";

/// Whether a date is in the span a record's date may take.
pub fn date_in_range(d: Date) -> bool {
    // `FIRST_DATE` and `LAST_DATE` as dates: compared without writing the date out (an
    // import checks some million).
    const FIRST: jiff::civil::Date = jiff::civil::date(1900, 1, 1);
    const LAST: jiff::civil::Date = jiff::civil::date(2100, 12, 31);
    (FIRST..=LAST).contains(&d.0)
}

/// Parses a date given for `field`: a real day from 1900-01-01 to 2100-12-31.
pub fn parse_date(field: &'static str, s: &str) -> Result<Date, Invalid> {
    let d: Date = s.trim().parse().map_err(|()| {
        Invalid::said(
            field,
            s,
            Text {
                en: "is not a valid date; expected YYYY-MM-DD".into(),
                zh: "不是有效的日期；应为 YYYY-MM-DD".into(),
            },
        )
    })?;
    if !date_in_range(d) {
        return Err(Invalid::said(field, s, date_range_problem()));
    }
    Ok(d)
}

fn date_range_problem() -> Text {
    Text::new(
        format!("is out of range; expected a date from {FIRST_DATE} to {LAST_DATE}"),
        format!("超出范围；应为 {FIRST_DATE} 到 {LAST_DATE} 之间的日期"),
    )
}

/// The largest amount one record may hold: 100,000,000,000 yuan, in fen.
pub const MAX_FEN: i64 = 10_000_000_000_000;

/// Whether a character may not appear in stored text: a control character (C0, DEL, C1,
/// among them NUL and ESC) or a bidirectional override or isolate (U+202A–U+202E,
/// U+2066–U+2069), which could rewrite what a clerk's terminal shows.
pub fn is_forbidden_char(c: char) -> bool {
    c.is_control()
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Whether `s` has a forbidden character (`is_forbidden_char`). Every such character starts
/// with a byte below 0x20, 0x7f, 0xc2 (C1) or 0xe2 (the overrides): text without those is
/// passed over a block of bytes at a time, and only text with one is decoded.
pub fn has_forbidden_char(s: &str) -> bool {
    const SUSPECT: [u8; 256] = {
        let mut table = [0; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = (b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xe2) as u8;
            b += 1;
        }
        table
    };
    s.as_bytes().chunks(64).any(|block| {
        block
            .iter()
            .fold(0, |any, b| any | SUSPECT[usize::from(*b)])
            != 0
    }) && s.chars().any(is_forbidden_char)
}

/// Checks a text field: no control characters (see `is_forbidden_char`).
pub fn check_text(field: &'static str, s: &str) -> Result<(), Invalid> {
    if has_forbidden_char(s) {
        return Err(Invalid::said(field, s, text_problem(s)));
    }
    Ok(())
}

/// What is wrong with text holding a forbidden character: a line break or tab (what Alt+Enter
/// leaves in a spreadsheet's cell) told as such.
fn text_problem(s: &str) -> Text {
    if s.contains(['\n', '\r', '\t']) {
        return Text::new(
            "contains a line break or tab; expected text on one line",
            "含有换行符或制表符；应为一行文字",
        );
    }
    Text::new(
        "contains a control or bidirectional-override character; expected plain text",
        "含有控制字符或双向覆盖字符；应为普通文字",
    )
}

/// Text for output with every forbidden character escaped as `\u{..}`: what a hand-edited
/// file holds is shown, never obeyed by the terminal.
pub fn escape_text(s: &str) -> std::borrow::Cow<'_, str> {
    if !has_forbidden_char(s) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_forbidden_char(c) {
            let _ = std::fmt::Write::write_fmt(&mut out, format_args!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Text for a terminal: `escape_text`, except the bold on and off sequences bangfu writes
/// itself (`ESC[1m`, `ESC[0m`).
pub fn escape_terminal(s: &str) -> std::borrow::Cow<'_, str> {
    if !has_forbidden_char(s) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some(seq) = ["\u{1b}[1m", "\u{1b}[0m"]
            .iter()
            .find(|q| rest.starts_with(**q))
        {
            out.push_str(seq);
            rest = &rest[seq.len()..];
            continue;
        }
        out.push_str(&escape_text(&rest[..c.len_utf8()]));
        rest = &rest[c.len_utf8()..];
    }
    std::borrow::Cow::Owned(out)
}

/// JSON text with every forbidden character that JSON leaves raw (C1 controls, DEL,
/// bidirectional overrides) written as a `\uXXXX` escape: the same data, terminal-safe.
pub fn escape_json(s: &str) -> std::borrow::Cow<'_, str> {
    // JSON escapes C0 controls inside strings itself; raw ones are its own layout.
    let raw = |c: char| is_forbidden_char(c) && u32::from(c) >= 0x7f;
    if !s.chars().any(raw) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if raw(c) {
            let _ = std::fmt::Write::write_fmt(&mut out, format_args!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A value for a message: escaped, and quoted when it would otherwise be invisible.
pub fn shown_text(s: &str) -> String {
    let escaped = escape_text(s);
    if s.is_empty() || s.trim() != s {
        format!("\"{escaped}\"")
    } else {
        escaped.into_owned()
    }
}

/// `check_stored` on a record's JSON text, reading it as a value only when a quick scan of
/// the text finds something to look at (an escape, a forbidden character, a date or an
/// amount out of range), so that an import of a million records stays fast.
pub fn check_stored_text(json: &str) -> Result<(), (String, String, Text)> {
    let b = json.as_bytes();
    let mut suspect = b.contains(&b'\\') || has_forbidden_char(json);
    let mut i = 0;
    while !suspect && i + 12 <= b.len() {
        let w = &b[i..i + 12];
        let date_shape = w[0] == b'"'
            && w[5] == b'-'
            && w[8] == b'-'
            && w[11] == b'"'
            && [1, 2, 3, 4, 6, 7, 9, 10]
                .iter()
                .all(|k| w[*k].is_ascii_digit());
        if date_shape {
            let year = &json[i + 1..i + 5];
            suspect = !("1900"..="2100").contains(&year);
        }
        i += 1;
    }
    for (at, _) in json.match_indices("_fen\":") {
        let rest = &json[at + 6..];
        let end = rest.find([',', '}']).unwrap_or(rest.len());
        suspect |= rest[..end]
            .parse::<i64>()
            .is_ok_and(|f| !(0..=MAX_FEN).contains(&f))
            || rest[..end].parse::<i64>().is_err();
    }
    if !suspect {
        return Ok(());
    }
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(v) => check_stored(&v),
        Err(_) => Ok(()),
    }
}

/// Checks a record as it is about to be stored (its JSON): every string free of forbidden
/// characters, every date field from 1900-01-01 to 2100-12-31, every amount in fen from 0
/// to `MAX_FEN`. Returns the flag, the value shown (masked) and what is wrong.
pub fn check_stored(record: &serde_json::Value) -> Result<(), (String, String, Text)> {
    fn walk(key: &str, v: &serde_json::Value) -> Result<(), (String, String, Text)> {
        let fail = |shown: String, problem: Text| Err((flag_for(key), shown, problem));
        match v {
            serde_json::Value::String(s) => {
                let shown = || match key {
                    "id_number" => shown_text(&mask_id_number(s)),
                    "phone" => shown_text(&mask_phone(s)),
                    _ => shown_text(s),
                };
                if has_forbidden_char(s) {
                    return fail(shown(), text_problem(s));
                }
                // Every date field is stored as exactly `YYYY-MM-DD`, whatever its name
                // (`dispatched_on`, `term_end`, `due`, `date`, and kinds yet to come).
                if let Ok(d) = s.parse::<Date>()
                    && !date_in_range(d)
                {
                    return fail(shown(), date_range_problem());
                }
                Ok(())
            }
            serde_json::Value::Number(n) if key.ends_with("_fen") => {
                if n.as_i64().is_some_and(|f| (0..=MAX_FEN).contains(&f)) {
                    Ok(())
                } else {
                    fail(
                        format_yuan(n.as_i64().unwrap_or(i64::MAX)),
                        Text::new(
                            "is out of range; expected an amount from 0 to 100000000000.00 yuan",
                            "超出范围；应为 0 到 100000000000.00 元之间的金额",
                        ),
                    )
                }
            }
            serde_json::Value::Array(a) => a.iter().try_for_each(|x| walk(key, x)),
            serde_json::Value::Object(m) => m.iter().try_for_each(|(k, x)| walk(k, x)),
            _ => Ok(()),
        }
    }
    walk("", record)
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
    let too_large = || {
        Invalid::said(
            field,
            s,
            Text::new(
                "is too large; expected at most 100000000000.00 yuan for one record",
                "过大；一条记录最多 100000000000.00 元",
            ),
        )
    };
    let t = s.trim();
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = whole.strip_prefix('-')
        && !rest.is_empty()
        && digits(rest)
    {
        return Err(Invalid::said(
            field,
            s,
            Text::new(
                "is negative; expected a number of yuan not below 0, e.g. 1234.50",
                "是负数；金额应为不小于 0 的元数，如 1234.50",
            ),
        ));
    }
    if whole.is_empty() || !digits(whole) || frac.len() > 2 || !digits(frac) {
        return Err(bad());
    }
    if t.ends_with('.') {
        return Err(bad());
    }
    // All digits: a number too long for 64 bits is too large, not "not a number".
    let whole: i64 = whole.parse().map_err(|_| too_large())?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    whole
        .checked_mul(100)
        .and_then(|f| f.checked_add(frac))
        .filter(|f| *f <= MAX_FEN)
        .ok_or_else(too_large)
}

/// A total of fen as yuan with two decimals; totals are summed in i128 so that they never
/// wrap, whatever the records hold.
pub fn format_yuan_total(fen: i128) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
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
        // Never name the expected character: with the masked value it would give the number.
        return Err(Invalid::said(
            field,
            s,
            Text {
                en: "has a wrong check character; expected the MOD 11-2 check character of its 17 digits".into(),
                zh: "校验码不对；应为这 17 位数字按 MOD 11-2 算出的校验码".into(),
            },
        ));
    }
    let birth = format!("{}-{}-{}", &id[6..10], &id[10..12], &id[12..14]);
    match birth.parse::<Date>() {
        Ok(d) if d.year() >= 1900 && d <= Date::today() => Ok(id),
        _ => Err(Invalid::said(
            field,
            s,
            // Not the date itself: those are the digits the mask hides.
            Text::new(
                "has an impossible birth date in digits 7-14; expected a real date since 1900",
                "第 7-14 位的出生日期不存在；应为 1900 年以来的真实日期",
            ),
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
    fn the_span_of_dates_is_the_one_its_messages_name() {
        let date = |s: &str| s.parse::<Date>().unwrap();
        assert!(date_in_range(date(FIRST_DATE)));
        assert!(date_in_range(date(LAST_DATE)));
        assert!(!date_in_range(date(FIRST_DATE).plus_days(-1)));
        assert!(!date_in_range(date(LAST_DATE).plus_days(1)));
        assert!(!date_in_range(date("0999-12-31")));
    }

    #[test]
    fn yuan_round_trips_through_fen() {
        assert_eq!(parse_yuan("amount_fen", "1234.5"), Ok(123_450));
        assert_eq!(parse_yuan("amount_fen", "0.07"), Ok(7));
        assert_eq!(parse_yuan("amount_fen", "12"), Ok(1200));
        assert_eq!(format_yuan(123_450), "1234.50");
        for bad in ["1.234", "-1", "1e3", "", ".5", "5.", "1,000", "一百"] {
            assert!(parse_yuan("amount_fen", bad).is_err(), "{bad}");
        }
        // A negative amount and one too large are told so, not "not an amount".
        let problem = |s: &str| parse_yuan("amount_fen", s).unwrap_err().problem;
        assert!(
            problem("-1").starts_with("is negative"),
            "{}",
            problem("-1")
        );
        assert!(problem("-1.5").starts_with("is negative"));
        for large in [
            "100000000000.01",
            "99999999999999999999999",
            "92233720368547758.08",
        ] {
            assert!(problem(large).starts_with("is too large"), "{large}");
        }
        assert_eq!(parse_yuan("amount_fen", "100000000000.00"), Ok(MAX_FEN));
        assert!(problem("-").starts_with("is not an amount"));
        assert!(problem("--1").starts_with("is not an amount"));
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
    fn the_write_gate_checks_text_dates_and_amounts_in_any_field() {
        let ok = r#"{"id":"T1","term_end":"2100-12-31","amount_fen":10000000000000,"name":"王芳"}"#;
        assert!(check_stored_text(ok).is_ok());
        for bad in [
            r#"{"id":"T1","term_end":"2101-01-01"}"#,
            r#"{"id":"T1","members":[{"filed_on":"1899-12-31"}]}"#,
            r#"{"id":"A1","amount_fen":10000000000001}"#,
            r#"{"id":"A1","amount_fen":-1}"#,
            r#"{"id":"P1","name":"王\u001b芳"}"#,
            "{\"id\":\"P1\",\"name\":\"王\u{202e}芳\"}",
        ] {
            assert!(check_stored_text(bad).is_err(), "{bad}");
        }
        let (flag, shown, _) =
            check_stored_text(r#"{"id":"P1","id_number":"52279919800101123\u0000"}"#).unwrap_err();
        assert_eq!(flag, "--id-number");
        assert!(!shown.contains("1980"), "{shown}");
    }

    #[test]
    fn the_quick_scan_finds_every_forbidden_character_and_nothing_else() {
        let forbidden = (0..=u32::from(char::MAX))
            .filter_map(char::from_u32)
            .filter(|c| is_forbidden_char(*c));
        for c in forbidden {
            // At each place in a block of 32 bytes, and across two blocks.
            for pad in [0, 5, 31, 40] {
                let text = format!("{}{c}大坪村", "a".repeat(pad));
                assert!(has_forbidden_char(&text), "{:x} after {pad}", u32::from(c));
            }
        }
        // Characters that share the suspect lead bytes are let through.
        for text in [
            "王芳—“旧州镇”",
            "é ¡ ©",
            "₀ ‰ ⁉ ⅷ",
            "",
            "大坪村 V1 0851-1234",
        ] {
            assert!(!has_forbidden_char(text), "{text}");
        }
    }

    #[test]
    fn phones_keep_last_four_digits() {
        assert_eq!(mask_phone("+86 138-1234-5678"), "+** ***-****-5678");
    }
}
