//! Writing results: aligned tables for people, JSON for scripts, CSV for spreadsheets.
//! Masks ID numbers and phones unless `--unmask`; colour only on a terminal without
//! `NO_COLOR`; a closed pipe ends quietly.

use std::io::{BufWriter, IsTerminal, Stdout, Write};

use unicode_width::UnicodeWidthStr;

use crate::cli::Format;
use crate::error::{Result, stdout_error};
use crate::model::{Record, format_yuan};

/// A table column of a list: its header and how to show a record in it.
pub type Column<R> = (&'static str, fn(&R) -> String);

/// Where results go, and how.
pub struct Output {
    pub format: Format,
    pub unmask: bool,
    pub quiet: bool,
    pub colour: bool,
    out: BufWriter<Stdout>,
}

impl Output {
    pub fn new(format: Format, unmask: bool, quiet: bool) -> Output {
        let stdout = std::io::stdout();
        let colour =
            stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Output {
            format,
            unmask,
            quiet,
            colour,
            out: BufWriter::with_capacity(1 << 16, stdout),
        }
    }

    /// Writes raw text.
    pub fn write(&mut self, text: &str) -> Result<()> {
        self.out
            .write_all(text.as_bytes())
            .map_err(|e| stdout_error(&e))
    }

    /// Writes one line.
    pub fn line(&mut self, text: &str) -> Result<()> {
        // A line may quote a hand-edited name: never a raw control character.
        self.write(&crate::model::value::escape_terminal(text))?;
        self.write("\n")
    }

    /// A message for people (not printed with `-q` or in JSON/CSV).
    pub fn note(&mut self, text: &str) -> Result<()> {
        if self.quiet || self.format != Format::Table {
            return Ok(());
        }
        self.line(text)
    }

    pub fn flush(&mut self) -> Result<()> {
        self.out.flush().map_err(|e| stdout_error(&e))
    }

    /// Bold on a terminal.
    pub fn bold(&self, text: &str) -> String {
        if self.colour {
            format!("\x1b[1m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// A record prepared for output: masked unless `--unmask`.
    pub fn shown<R: Record>(&self, record: &R) -> R {
        prepare(record, self.unmask)
    }

    /// Writes a JSON value followed by a newline.
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let text = serde_json::to_string_pretty(value)
            .map_err(|e| stdout_error(&std::io::Error::from(e)))?;
        // JSON escapes C0 controls itself; the rest of what could drive a terminal too.
        self.write(&crate::model::value::escape_json(&text))?;
        self.write("\n")
    }

    /// The result of `add` or `update`: the id in a table, the record as stored in JSON.
    pub fn changed<R: Record>(&mut self, record: &R, added: bool) -> Result<()> {
        match self.format {
            Format::Json => {
                let shown = self.shown(record);
                self.json(&shown)
            }
            _ if added => self.line(record.id()),
            _ => self.note(&format!("updated {} {}", R::KIND.name(), record.id())),
        }
    }

    /// A list of records: a table with `columns`, a JSON array, or report CSV.
    pub fn records<'r, R: Record>(
        &mut self,
        records: impl IntoIterator<Item = &'r R>,
        columns: &[Column<R>],
    ) -> Result<()> {
        match self.format {
            Format::Json => {
                self.write("[")?;
                for (i, r) in records.into_iter().enumerate() {
                    self.write(if i == 0 { "\n  " } else { ",\n  " })?;
                    let shown = self.shown(r);
                    let text = serde_json::to_string(&shown)
                        .map_err(|e| stdout_error(&std::io::Error::from(e)))?;
                    self.write(&crate::model::value::escape_json(&text))?;
                }
                self.write("\n]\n")
            }
            Format::Csv => {
                let unmask = self.unmask;
                let mut w = csv::Writer::from_writer(&mut self.out);
                let headers: Vec<&str> = R::COLUMNS.iter().map(|c| c.en).collect();
                let fail = csv_error;
                w.write_record(&headers).map_err(fail)?;
                for r in records {
                    let cells = crate::report::row(&prepare(r, unmask));
                    w.write_record(
                        cells
                            .iter()
                            .map(|c| crate::report::csv_safe(c).into_owned()),
                    )
                    .map_err(fail)?;
                }
                w.flush().map_err(|e| stdout_error(&e))
            }
            Format::Table => {
                let headers: Vec<String> = columns.iter().map(|c| c.0.to_string()).collect();
                let rows: Vec<Vec<String>> = records
                    .into_iter()
                    .map(|r| {
                        let shown = self.shown(r);
                        columns.iter().map(|c| (c.1)(&shown)).collect()
                    })
                    .collect();
                self.table(&headers, &rows)
            }
        }
    }

    /// One record: a field/value table, or the record as stored in JSON.
    pub fn record<R: Record>(&mut self, record: &R) -> Result<()> {
        let shown = self.shown(record);
        match self.format {
            Format::Json => self.json(&shown),
            Format::Csv => self.records([record], &[]),
            Format::Table => {
                let value = serde_json::to_value(&shown).unwrap_or_default();
                let rows: Vec<Vec<String>> = R::COLUMNS
                    .iter()
                    .map(|c| {
                        let cell = value
                            .get(c.field)
                            .map(|v| crate::report::cell(c.field, v, ", "))
                            .unwrap_or_default();
                        vec![format!("{} {}", c.en, c.zh), cell]
                    })
                    .collect();
                self.table(&[], &rows)
            }
        }
    }

    /// Rows of text as CSV with a header, each cell made safe for spreadsheets.
    pub fn csv_rows(&mut self, headers: &[&str], rows: &[Vec<String>]) -> Result<()> {
        let mut w = csv::Writer::from_writer(&mut self.out);
        let fail = |e: csv::Error| stdout_error(&e.into());
        w.write_record(headers).map_err(fail)?;
        for row in rows {
            w.write_record(row.iter().map(|c| crate::report::csv_safe(c).into_owned()))
                .map_err(fail)?;
        }
        w.flush().map_err(|e| stdout_error(&e))
    }

    /// Aligned columns by display width (Chinese characters count two), two spaces apart.
    pub fn table(&mut self, headers_in: &[String], rows_in: &[Vec<String>]) -> Result<()> {
        let n = headers_in.len().max(rows_in.first().map_or(0, Vec::len));
        let mut widths = vec![0usize; n];
        let escape = |row: &[String]| -> Vec<String> {
            row.iter()
                .map(|c| crate::model::value::escape_text(c).into_owned())
                .collect()
        };
        let forbidden = |row: &[String]| {
            row.iter()
                .any(|c| c.chars().any(crate::model::value::is_forbidden_char))
        };
        // Escaped copies only when a hand-edited cell needs them.
        let (headers, rows): (Vec<String>, Vec<Vec<String>>);
        let (headers, rows) = if forbidden(headers_in) || rows_in.iter().any(|r| forbidden(r)) {
            headers = escape(headers_in);
            rows = rows_in.iter().map(|r| escape(r)).collect();
            (headers.as_slice(), rows.as_slice())
        } else {
            (headers_in, rows_in)
        };
        for row in std::iter::once(headers).chain(rows.iter().map(Vec::as_slice)) {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.width());
            }
        }
        let colour = self.colour;
        let mut text = String::new();
        let push_row = |row: &[String], bold: bool, text: &mut String| {
            let last = row.len().saturating_sub(1);
            let mut line = String::new();
            for (i, (cell, w)) in row.iter().zip(&widths).enumerate() {
                line.push_str(cell);
                if i < last {
                    line.push_str(&" ".repeat(w - cell.width() + 2));
                }
            }
            let line = line.trim_end();
            if bold && colour {
                text.push_str("\x1b[1m");
                text.push_str(line);
                text.push_str("\x1b[0m");
            } else {
                text.push_str(line);
            }
            text.push('\n');
        };
        if !headers.is_empty() {
            push_row(headers, true, &mut text);
        }
        for row in rows {
            push_row(row, false, &mut text);
            if text.len() > 1 << 16 {
                self.write(&std::mem::take(&mut text))?;
            }
        }
        self.write(&text)
    }
}

/// An error from the CSV writer: its I/O error keeps its kind, so that a closed pipe stays a
/// quiet end (converting a `csv::Error` into `io::Error` would hide the broken pipe).
fn csv_error(e: csv::Error) -> crate::error::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => stdout_error(&io),
        other => stdout_error(&std::io::Error::other(format!("{other:?}"))),
    }
}

/// A record prepared for output: masked unless `unmask`.
pub fn prepare<R: Record>(record: &R, unmask: bool) -> R {
    let mut r = record.clone();
    if !unmask {
        r.mask();
    }
    r
}

/// Money for a table cell.
pub fn yuan(fen: Option<i64>) -> String {
    fen.map(format_yuan).unwrap_or_default()
}

/// An optional value for a table cell.
pub fn opt<T: std::fmt::Display>(v: Option<&T>) -> String {
    v.map(ToString::to_string).unwrap_or_default()
}
