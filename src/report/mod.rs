//! Reports (README, "Working with spreadsheets"): the six record reports, `findings`, `coverage` and
//! `summary`. A report is a header and rows of typed cells; `sink` writes them as CSV, JSON or
//! an Excel workbook, so every report gets every format and the same safety rules.

pub mod attendance;
mod cells;
pub mod coverage;
pub mod findings;
pub mod monitoring;
pub mod records;
pub mod sink;
pub mod summary;

use crate::model::Record;

pub use sink::{Cell, Sink};

use crate::lang::Lang;

/// The languages of a report: of its header row (`--headers`, by default `--lang`), and of
/// the values in its cells, enumerations, severities and findings' messages (`--lang`; in
/// JSON, the stored English unless `--headers` is given).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Headers {
    pub names: Lang,
    pub values: Lang,
}

impl Headers {
    /// Headers and values in one language.
    pub fn one(lang: Lang) -> Headers {
        Headers {
            names: lang,
            values: lang,
        }
    }

    /// The header row from each column's (English, Chinese) names.
    pub fn row(self, columns: &[(&'static str, &'static str)]) -> Vec<&'static str> {
        self.names.row(columns)
    }
}

/// The reports `bangfu export` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    Records(crate::model::Kind),
    Findings,
    Coverage,
    Summary,
    /// The public-notice list of one village's cases (公示名单).
    Notice,
    /// One row per village with monitoring cases.
    Monitoring,
}

impl Report {
    /// Every report: one per kind of record, then the others.
    pub fn all() -> impl Iterator<Item = Report> {
        crate::model::Kind::ALL
            .iter()
            .map(|k| Report::Records(*k))
            .chain([
                Report::Findings,
                Report::Coverage,
                Report::Summary,
                Report::Notice,
                Report::Monitoring,
            ])
    }

    /// What `export` takes: every report's name, then `all`. The command line's list of
    /// values (`--help`, the man page, completions) is made from it.
    pub fn names() -> Vec<&'static str> {
        Report::all()
            .map(Report::name)
            .chain(std::iter::once("all"))
            .collect()
    }

    pub fn parse(s: &str) -> Option<Report> {
        Report::all().find(|r| r.name() == s.trim())
    }

    /// The report's name: the sheet name of its workbook.
    pub fn name(self) -> &'static str {
        match self {
            Report::Records(kind) => kind.plural(),
            Report::Findings => "findings",
            Report::Coverage => "coverage",
            Report::Summary => "summary",
            Report::Notice => "notice",
            Report::Monitoring => "monitoring",
        }
    }
}

/// A record as a report row, one text cell per column of its kind, enumeration values in
/// `lang`.
pub fn row<R: Record>(record: &R, lang: Lang) -> Vec<String> {
    typed_row(record, lang)
        .iter()
        .map(|c| c.plain().into_owned())
        .collect()
}

/// A record as a row of typed cells: money, whole numbers and dates keep their type so that
/// a workbook shows them as numbers and dates; everything else is text as `row` writes it.
pub fn typed_row<R: Record>(record: &R, lang: Lang) -> Vec<Cell> {
    let mut row = vec![Cell::Empty; R::COLUMNS.len()];
    for (i, (name, cell)) in cells::fields(record, lang).into_iter().enumerate() {
        if let Some(at) = cells::column_of(R::COLUMNS, name, i) {
            row[at] = cell;
        }
    }
    row
}

/// The header row of a record report.
pub fn record_headers<R: Record>(headers: Headers) -> Vec<&'static str> {
    R::COLUMNS
        .iter()
        .map(|c| headers.names.pick(c.en, c.zh))
        .collect()
}

/// Neutralises a text cell that a spreadsheet would run as a formula, by prefixing `'`.
/// A text that already starts with `'` gets one too, so that import (which removes one
/// leading `'`) gives back exactly what was exported.
pub fn csv_safe(text: &str) -> std::borrow::Cow<'_, str> {
    // A hand-edited control character never reaches a terminal or a spreadsheet raw.
    if let std::borrow::Cow::Owned(escaped) = crate::model::value::escape_text(text) {
        return std::borrow::Cow::Owned(csv_safe(&escaped).into_owned());
    }
    if text.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Undoes `csv_safe`: removes the one `'` it adds.
pub fn csv_unsafe(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest,
        _ => text,
    }
}

/// Masks every resident ID number (17 digits and a check character) inside a free text, such
/// as a finding's message that names the number two households share.
pub fn mask_id_numbers_in(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let starts = i == 0 || !chars[i - 1].is_ascii_digit();
        let is_id = starts
            && i + 18 <= chars.len()
            && chars[i..i + 17].iter().all(char::is_ascii_digit)
            && (chars[i + 17].is_ascii_digit() || matches!(chars[i + 17], 'X' | 'x'))
            && chars.get(i + 18).is_none_or(|c| !c.is_ascii_alphanumeric());
        if is_id {
            let id: String = chars[i..i + 18].iter().collect();
            out.push_str(&crate::model::mask_id_number(&id));
            i += 18;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_prefix_round_trips() {
        for text in [
            "=1+1", "+86 138", "-5", "@SUM", "'=x", "'plain", "plain", "",
        ] {
            assert_eq!(csv_unsafe(&csv_safe(text)), text, "{text:?}");
        }
        // Control characters cannot be stored; one from a hand edit is written escaped.
        assert_eq!(csv_safe("\tx"), "\\u{9}x");
        assert_eq!(csv_safe("=1+1"), "'=1+1");
        assert_eq!(csv_safe("王芳"), "王芳");
    }

    #[test]
    fn id_numbers_in_text_are_masked() {
        assert_eq!(
            mask_id_numbers_in("H1 and H2 share 11010519491231002X."),
            "H1 and H2 share 110105********002X."
        );
        assert_eq!(
            mask_id_numbers_in("1234567890123456789"),
            "1234567890123456789"
        );
    }
}
