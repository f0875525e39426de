//! Writing results: aligned tables for people, JSON for scripts, CSV for spreadsheets.
//! Masks ID numbers and phones unless `--unmask`; colour only on a terminal without
//! `NO_COLOR`; a closed pipe ends quietly.

use std::io::{BufWriter, IsTerminal, Stdout, Write};

use crate::cli::Format;
use crate::error::{Result, stdout_error};
use crate::lang::Lang;
use crate::model::Record;
use crate::report::Sink;
use crate::report::sink::{Cell, CsvSink, TableSink, Target};

/// Where results go, and how.
pub struct Output {
    pub format: Format,
    pub unmask: bool,
    pub quiet: bool,
    pub colour: bool,
    /// The language of texts, headers and enumeration values (JSON stays as stored).
    pub lang: Lang,
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
            lang: Lang::En,
            out: BufWriter::with_capacity(1 << 16, stdout),
        }
    }

    /// The same output in `lang`.
    #[must_use]
    pub fn in_lang(self, lang: Lang) -> Output {
        Output { lang, ..self }
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
            _ => {
                let kind = R::KIND.name();
                let text = match self.lang {
                    Lang::En => format!("updated {kind} {}", record.id()),
                    Lang::Zh => format!("已更新{} {}", Lang::Zh.kind(kind), record.id()),
                };
                self.note(&text)
            }
        }
    }

    /// The note of `remove`: `removed household H1`, `已删除贫困户 H1`.
    pub fn removed(&mut self, kind: crate::model::Kind, id: &str) -> Result<()> {
        let text = match self.lang {
            Lang::En => format!("removed {} {id}", kind.name()),
            Lang::Zh => format!("已删除{} {id}", Lang::Zh.kind(kind.name())),
        };
        self.note(&text)
    }

    /// A list of records: a table with `columns`, a JSON array, or report CSV.
    pub fn records<'r, R: Record>(
        &mut self,
        records: impl IntoIterator<Item = &'r R>,
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
                let lang = self.lang;
                let mut sink = CsvSink::new(self.stdout_target()?, false)?;
                let headers: Vec<&str> = R::COLUMNS.iter().map(|c| lang.pick(c.en, c.zh)).collect();
                sink.header(&headers)?;
                for r in records {
                    sink.row(&crate::report::typed_row(&prepare(r, self.unmask), lang))?;
                }
                Box::new(sink).finish()
            }
            Format::Table => self.list(records),
        }
    }

    /// A `list`: the kind's listed columns in a table (enumerations as their Chinese labels,
    /// money in yuan), else as `records`.
    pub fn list<'r, R: Record>(&mut self, records: impl IntoIterator<Item = &'r R>) -> Result<()> {
        if self.format != Format::Table {
            return self.records(records);
        }
        let columns: Vec<&crate::model::Field> = R::COLUMNS.iter().filter(|c| c.listed).collect();
        let lang = self.lang;
        let headers: Vec<String> = columns
            .iter()
            .map(|c| lang.pick(c.en, c.zh).to_string())
            .collect();
        let rows: Vec<Vec<String>> = records
            .into_iter()
            .map(|r| {
                let shown = serde_json::to_value(self.shown(r)).unwrap_or_default();
                columns
                    .iter()
                    .map(|c| {
                        c.display(
                            shown.get(c.field).unwrap_or(&serde_json::Value::Null),
                            lang == Lang::Zh,
                        )
                    })
                    .collect()
            })
            .collect();
        self.table(&headers, &rows)
    }

    /// One record: a field/value table, or the record as stored in JSON.
    pub fn record<R: Record>(&mut self, record: &R) -> Result<()> {
        let shown = self.shown(record);
        match self.format {
            Format::Json => self.json(&shown),
            Format::Csv => self.records([record]),
            Format::Table => {
                let value = serde_json::to_value(&shown).unwrap_or_default();
                // The typed cells label enumerations in the language; a list's items are ids
                // and enumeration values, never free text, so `;` only separates them.
                let rows: Vec<Vec<String>> = R::COLUMNS
                    .iter()
                    .map(|c| {
                        let cell = value
                            .get(c.field)
                            .map(|v| c.display(v, self.lang == Lang::Zh))
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
        let mut sink = CsvSink::new(self.stdout_target()?, false)?;
        sink.header(headers)?;
        for row in rows {
            let cells: Vec<Cell> = row.iter().map(|c| Cell::text(c.as_str())).collect();
            sink.row(&cells)?;
        }
        Box::new(sink).finish()
    }

    /// Aligned columns by display width (Chinese characters count two), two spaces apart.
    pub fn table(&mut self, headers: &[String], rows: &[Vec<String>]) -> Result<()> {
        // What a hand-edited file holds is shown, never obeyed by the terminal.
        let escape = |c: &String| crate::model::value::escape_text(c).into_owned();
        let mut sink = TableSink::new(self.stdout_target()?, self.colour);
        let headers: Vec<String> = headers.iter().map(escape).collect();
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        sink.header(&headers)?;
        for row in rows {
            sink.text_row(row.iter().map(escape).collect());
        }
        Box::new(sink).finish()
    }

    /// Standard output for a sink, once what this `Output` holds is written: every table
    /// and CSV row goes through `report::sink`, with its one mapping of write errors.
    fn stdout_target(&mut self) -> Result<Target> {
        self.flush()?;
        Ok(Target::stdout())
    }
}

/// A record prepared for output: masked unless `unmask`.
pub fn prepare<R: Record>(record: &R, unmask: bool) -> R {
    masked(record.clone(), unmask)
}

/// `prepare` for a record no longer needed as it was: masked in place.
pub fn masked<R: Record>(mut record: R, unmask: bool) -> R {
    if !unmask {
        record.mask();
    }
    record
}
