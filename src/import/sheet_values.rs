//! Values as spreadsheets write them: dates `2014/5/11` and `2014年5月11日` besides
//! `2014-05-11`, money with thousands separators and a leading `¥`, an ID number that a
//! spreadsheet turned into a number (refused, with the fix), and the typed cells of a
//! workbook turned into the text the column's parser reads.

use std::borrow::Cow;

use calamine::Data;

use crate::lang::Text;
use crate::model::{Date, Invalid, check_id_number, parse_date, parse_yuan};

/// `p` when it is all digits and its length is in `len`.
fn number(p: &str, len: std::ops::RangeInclusive<usize>) -> Option<&str> {
    (len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())).then_some(p)
}

/// A date as `YYYY-MM-DD`, `YYYY/M/D` or `YYYY年M月D日` (month and day with or without a
/// leading zero).
pub fn date(field: &'static str, s: &str) -> Result<Date, Invalid> {
    let t = s.trim();
    if let Ok(d) = parse_date(field, t) {
        return Ok(d);
    }
    let parts: Option<(&str, &str, &str)> = if let Some(rest) = t.strip_suffix('日') {
        rest.split_once('年')
            .and_then(|(y, md)| md.split_once('月').map(|(m, d)| (y, m, d)))
    } else {
        let mut it = t.split(['/', '-']);
        match (it.next(), it.next(), it.next(), it.next()) {
            (Some(y), Some(m), Some(d), None) => Some((y, m, d)),
            _ => None,
        }
    };
    let bad = || {
        Invalid::said(
            field,
            s,
            Text::new(
                "is not a valid date; expected YYYY-MM-DD",
                "不是有效的日期；应为 YYYY-MM-DD",
            ),
        )
    };
    let (y, m, d) = parts.ok_or_else(bad)?;
    let (Some(y), Some(m), Some(d)) = (number(y, 4..=4), number(m, 1..=2), number(d, 1..=2)) else {
        return Err(bad());
    };
    format!("{y}-{m:0>2}-{d:0>2}").parse().map_err(|()| bad())
}

/// Yuan into fen, also with a leading `¥`/`￥` and thousands separators: `¥1,850.50`.
pub fn money(field: &'static str, s: &str) -> Result<i64, Invalid> {
    let t = s.trim();
    let bare = t.strip_prefix(['¥', '￥']).map_or(t, str::trim_start);
    let (whole, frac) = bare
        .split_once('.')
        .map_or((bare, None), |(w, f)| (w, Some(f)));
    let grouped = whole.contains(',') && {
        let mut groups = whole.split(',');
        let first = groups.next().unwrap_or_default();
        (1..=3).contains(&first.len())
            && groups.all(|g| g.len() == 3)
            && whole.bytes().all(|b| b.is_ascii_digit() || b == b',')
    };
    let plain = if grouped {
        let digits = whole.replace(',', "");
        match frac {
            Some(f) => Cow::Owned(format!("{digits}.{f}")),
            None => Cow::Owned(digits),
        }
    } else {
        Cow::Borrowed(bare)
    };
    parse_yuan(field, &plain).map_err(|e| Invalid::said(field, s, e.problem()))
}

/// Whether a text is a number in a spreadsheet's scientific notation: `5.2279919691004E+17`.
fn scientific(s: &str) -> bool {
    let Some((mantissa, exponent)) = s.split_once(['E', 'e']) else {
        return false;
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let (whole, frac) = mantissa.split_once('.').unwrap_or((mantissa, "0"));
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(frac) && digits(exponent)
}

/// What is wrong with an ID number that a spreadsheet stored as a number.
pub fn numeric_id_number() -> Text {
    Text::new(
        "is an ID number that a spreadsheet turned into a number, which keeps only 15 digits; \
         import the .xlsx workbook bangfu exports instead of CSV, or format the column as text before typing or saving it",
        "是被电子表格转成了数字的身份证号，数字只保留 15 位有效数字；\
         请改为导入 bangfu 导出的 .xlsx 工作簿而不是 CSV，或在输入或保存前把该列设为文本格式",
    )
}

/// A resident ID number, refusing one that a spreadsheet turned into a number.
pub fn id_number(field: &'static str, s: &str) -> Result<String, Invalid> {
    if scientific(s.trim()) {
        return Err(Invalid::said(field, s, numeric_id_number()));
    }
    check_id_number(field, s)
}

/// A workbook cell as the text its column's parser reads: text as it is, a number as
/// written (money with two decimals), a date cell as `YYYY-MM-DD`. An ID number stored as a
/// number, a formula's error, a time or a duration is refused.
pub fn cell_text<'c>(field: &'static str, cell: &'c Data) -> Result<Cow<'c, str>, Invalid> {
    let number = |x: f64| -> Result<Cow<'c, str>, Invalid> {
        if field == "id_number" {
            return Err(Invalid::said(field, number_text(x), numeric_id_number()));
        }
        if field.ends_with("_fen") {
            let fen = x * 100.0;
            if !x.is_finite() || (fen - fen.round()).abs() > 1e-6 * fen.abs().max(1.0) {
                return Err(Invalid::said(
                    field,
                    number_text(x),
                    Text::new(
                        "is not an amount of yuan; expected a number with at most two decimals, e.g. 1234.50",
                        "不是以元为单位的金额；应为最多两位小数的数字，如 1234.50",
                    ),
                ));
            }
            return Ok(Cow::Owned(format!("{x:.2}")));
        }
        Ok(Cow::Owned(number_text(x)))
    };
    match cell {
        Data::Empty => Ok(Cow::Borrowed("")),
        Data::String(s) => Ok(Cow::Borrowed(s)),
        Data::Int(n) => number(*n as f64),
        Data::Float(x) => number(*x),
        Data::Bool(b) => Ok(Cow::Borrowed(if *b { "true" } else { "false" })),
        Data::DateTime(d) if d.is_datetime() => {
            let serial = d.as_f64();
            if serial < 1.0 {
                return Err(Invalid::said(
                    field,
                    number_text(serial),
                    Text::new(
                        "is a date cell before 1900, which spreadsheets cannot hold; expected a date from 1900-01-01 (type earlier dates as text YYYY-MM-DD)",
                        "是 1900 年以前的日期单元格，电子表格无法保存；应为 1900-01-01 以后的日期（更早的日期请以文本 YYYY-MM-DD 输入）",
                    ),
                ));
            }
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            Ok(Cow::Owned(format!("{y:04}-{m:02}-{day:02}")))
        }
        Data::DateTimeIso(s) => Ok(Cow::Borrowed(
            s.get(..10).filter(|d| d.len() == 10).unwrap_or(s),
        )),
        Data::DateTime(_) | Data::DurationIso(_) => Err(Invalid::said(
            field,
            cell.to_string(),
            Text::new(
                "is a duration; expected a date, a number or text",
                "是时长；应为日期、数字或文字",
            ),
        )),
        Data::Error(e) => Err(Invalid::said(
            field,
            e.to_string(),
            Text::new(
                "is a formula's error value; expected a value",
                "是公式的错误值；应为一个值",
            ),
        )),
    }
}

/// A number as a spreadsheet shows it: whole numbers without a decimal point.
fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e17 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_spreadsheet_forms() {
        for s in [
            "2014-05-11",
            "2014/5/11",
            "2014/05/11",
            "2014年5月11日",
            "2014-5-11",
        ] {
            assert_eq!(date("date", s).unwrap().to_string(), "2014-05-11", "{s}");
        }
        for s in [
            "2014/13/1",
            "14/5/11",
            "2014年5月",
            "2014/5/11/1",
            "5/11/2014",
            "2014年5月32日",
        ] {
            assert!(date("date", s).is_err(), "{s}");
        }
    }

    #[test]
    fn money_with_yuan_signs_and_separators() {
        for (s, fen) in [
            ("1850.50", 185_050),
            ("1,850.50", 185_050),
            ("¥1200", 120_000),
            ("￥ 1,234,567.8", 123_456_780),
        ] {
            assert_eq!(money("amount_fen", s).unwrap(), fen, "{s}");
        }
        for s in ["1,85.50", "12,3456", "¥", "¥-5", "1,850.505", ",100"] {
            assert!(money("amount_fen", s).is_err(), "{s}");
        }
    }

    #[test]
    fn an_id_number_in_scientific_notation_is_refused_with_the_fix() {
        let e = id_number("id_number", "5.2279919691004E+17").unwrap_err();
        assert!(e.problem.contains("turned into a number"), "{}", e.problem);
        assert!(scientific("5E17") && scientific("5.1e+17"));
        assert!(!scientific("52279919691004E") && !scientific("E+17"));
    }

    #[test]
    fn workbook_cells_as_text() {
        assert_eq!(
            cell_text("amount_fen", &Data::Float(1850.5)).unwrap(),
            "1850.50"
        );
        assert!(cell_text("amount_fen", &Data::Float(0.125)).is_err());
        assert_eq!(cell_text("size", &Data::Float(4.0)).unwrap(), "4");
        assert_eq!(
            cell_text("id", &Data::Float(522_799_101_201.0)).unwrap(),
            "522799101201"
        );
        let e = cell_text("id_number", &Data::Float(5.227_991_969_100_4e17)).unwrap_err();
        assert!(e.problem.contains("turned into a number"));
        let day =
            calamine::ExcelDateTime::new(41760.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(
            cell_text("date", &Data::DateTime(day)).unwrap(),
            "2014-05-01"
        );
        let early =
            calamine::ExcelDateTime::new(-5.0, calamine::ExcelDateTimeType::DateTime, false);
        assert!(cell_text("date", &Data::DateTime(early)).is_err());
        assert!(cell_text("name", &Data::Error(calamine::CellErrorType::Div0)).is_err());
    }
}
