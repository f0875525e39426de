//! Where a report's rows go: CSV or JSON to standard output or a file, or an Excel workbook.
//! Rows are written as they come, so a report of a million households never sits in memory
//! (a workbook is written in rust_xlsxwriter's constant-memory mode).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use unicode_width::UnicodeWidthStr;

use crate::error::{Error, Result, stdout_error};
use crate::lang::Text;
use crate::model::Date;
use crate::model::value::format_yuan_total;

/// One typed cell of a report.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Text: names, ids, enumeration values, joined lists, ID numbers and phones.
    Text(String),
    Int(i64),
    /// Money in fen, shown in yuan with two decimals; a total may exceed any one record's.
    Money(i128),
    Date(Date),
    /// A percentage, shown with one decimal.
    Percent(f64),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// The cell as text: money in yuan with two decimals, dates as `YYYY-MM-DD`.
    pub fn plain(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Cell::Empty => "".into(),
            Cell::Text(s) => s.as_str().into(),
            Cell::Int(n) => n.to_string().into(),
            Cell::Money(fen) => format_yuan_total(*fen).into(),
            Cell::Date(d) => d.to_string().into(),
            Cell::Percent(p) => format!("{p:.1}").into(),
        }
    }

    /// The cell as CSV writes it: text made formula-safe.
    fn csv(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Cell::Text(s) => super::csv_safe(s),
            other => other.plain(),
        }
    }

    /// The cell as a JSON value: text and dates as strings, numbers as numbers. Money is the
    /// yuan with two decimals as written (`1234.50`), a JSON number exact at any size, where
    /// a float would round a county's total beyond fifteen digits.
    pub(super) fn json(&self) -> String {
        let string = |s: &str| serde_json::to_string(s).unwrap_or_default();
        match self {
            Cell::Text(s) => string(s),
            Cell::Int(n) => n.to_string(),
            Cell::Money(fen) => format_yuan_total(*fen),
            Cell::Date(d) => string(&d.to_string()),
            Cell::Percent(p) if p.is_finite() => format!("{p:.1}"),
            Cell::Empty | Cell::Percent(_) => "null".to_string(),
        }
    }
}

/// Writes a report: first the header, then each row, then `finish`.
pub trait Sink {
    fn header(&mut self, headers: &[&str]) -> Result<()>;
    fn row(&mut self, cells: &[Cell]) -> Result<()>;
    fn finish(self: Box<Self>) -> Result<()>;
}

/// Where text output goes: standard output, or a file replaced only once it is complete.
pub enum Target {
    Stdout(BufWriter<std::io::Stdout>),
    File {
        path: PathBuf,
        temp: BufWriter<tempfile::NamedTempFile>,
    },
}

impl Target {
    pub fn stdout() -> Target {
        Target::Stdout(BufWriter::with_capacity(1 << 16, std::io::stdout()))
    }

    /// A file at `path`, written to a temporary file beside it first.
    pub fn file(path: &Path) -> Result<Target> {
        let dir = crate::store::fsio::parent(path);
        if !dir.as_os_str().is_empty() && !dir.is_dir() {
            return Err(Error::rejected_in(crate::lang::Text {
                en: format!(
                    "-o {}: the directory {} does not exist; create it first or write elsewhere",
                    path.display(),
                    dir.display()
                ),
                zh: format!(
                    "-o {}：目录 {} 不存在；请先创建它，或写到别处",
                    path.display(),
                    dir.display()
                ),
            }));
        }
        let temp = tempfile::NamedTempFile::new_in(dir)
            .map_err(|e| Error::io("create a file beside", path, &e))?;
        Ok(Target::File {
            path: path.to_path_buf(),
            temp: BufWriter::with_capacity(1 << 16, temp),
        })
    }

    fn error(&self, e: &std::io::Error) -> Error {
        match self {
            Target::Stdout(_) => stdout_error(e),
            Target::File { path, .. } => Error::io("write", path, e),
        }
    }

    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Target::Stdout(w) => w,
            Target::File { temp, .. } => temp,
        }
    }

    fn write_all(&mut self, bytes: &[u8]) -> Result<()> {
        self.writer().write_all(bytes).map_err(|e| self.error(&e))
    }

    /// Flushes standard output, or syncs the file and renames it into place.
    pub fn finish(self) -> Result<()> {
        match self {
            Target::Stdout(mut w) => w.flush().map_err(|e| stdout_error(&e)),
            Target::File { path, temp } => {
                let temp = temp
                    .into_inner()
                    .map_err(|e| Error::io("write", &path, e.error()))?;
                temp.as_file()
                    .sync_all()
                    .map_err(|e| Error::io("sync", &path, &e))?;
                temp.persist(&path)
                    .map_err(|e| Error::io("write", &path, &e.error))?;
                Ok(())
            }
        }
    }
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer().write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer().flush()
    }
}

/// CSV: UTF-8, optionally with a byte-order mark, text cells made formula-safe.
pub struct CsvSink {
    out: csv::Writer<Target>,
}

impl CsvSink {
    pub fn new(mut target: Target, bom: bool) -> Result<CsvSink> {
        if bom {
            target.write_all("\u{feff}".as_bytes())?;
        }
        Ok(CsvSink {
            out: csv::WriterBuilder::new()
                .buffer_capacity(1 << 16)
                .from_writer(target),
        })
    }

    fn fail(&self, e: csv::Error) -> Error {
        match e.into_kind() {
            csv::ErrorKind::Io(io) => self.out.get_ref().error(&io),
            other => Error::store_in(Text {
                en: format!("could not write CSV: {other:?}"),
                zh: format!("无法写出 CSV：{other:?}"),
            }),
        }
    }
}

impl Sink for CsvSink {
    fn header(&mut self, headers: &[&str]) -> Result<()> {
        self.out.write_record(headers).map_err(|e| self.fail(e))
    }

    fn row(&mut self, cells: &[Cell]) -> Result<()> {
        let r = self
            .out
            .write_record(cells.iter().map(|c| c.csv().into_owned()));
        r.map_err(|e| self.fail(e))
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        self.out.flush().map_err(|e| self.out.get_ref().error(&e))?;
        match self.out.into_inner() {
            Ok(target) => target.finish(),
            Err(e) => {
                let io = std::io::Error::new(e.error().kind(), e.error().to_string());
                Err(e.into_inner().get_ref().error(&io))
            }
        }
    }
}

/// An aligned table for people: columns two spaces apart, aligned by display width (a
/// Chinese character counts two), the header bold on a terminal, no trailing blanks. The
/// rows are kept until `finish`, which needs every column's width.
pub struct TableSink {
    target: Target,
    bold: bool,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl TableSink {
    pub fn new(target: Target, bold: bool) -> TableSink {
        TableSink {
            target,
            bold,
            header: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// A row of text cells, as they are to be shown.
    pub fn text_row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
}

impl Sink for TableSink {
    fn header(&mut self, headers: &[&str]) -> Result<()> {
        self.header = headers.iter().map(ToString::to_string).collect();
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> Result<()> {
        self.rows
            .push(cells.iter().map(|c| c.plain().into_owned()).collect());
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        let header = std::mem::take(&mut self.header);
        let n = header.len().max(self.rows.first().map_or(0, Vec::len));
        let mut widths = vec![0usize; n];
        for row in std::iter::once(&header).chain(&self.rows) {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.width());
            }
        }
        let line = |row: &[String], bold: bool, text: &mut String| {
            let last = row.len().saturating_sub(1);
            let mut line = String::new();
            for (i, (cell, w)) in row.iter().zip(&widths).enumerate() {
                line.push_str(cell);
                if i < last {
                    line.push_str(&" ".repeat(w - cell.width() + 2));
                }
            }
            let line = line.trim_end();
            if bold {
                text.push_str("\x1b[1m");
                text.push_str(line);
                text.push_str("\x1b[0m");
            } else {
                text.push_str(line);
            }
            text.push('\n');
        };
        let mut text = String::new();
        if !header.is_empty() {
            line(&header, self.bold, &mut text);
        }
        for row in &self.rows {
            line(row, false, &mut text);
            if text.len() > 1 << 16 {
                self.target
                    .write_all(std::mem::take(&mut text).as_bytes())?;
            }
        }
        self.target.write_all(text.as_bytes())?;
        self.target.finish()
    }
}

/// JSON: an array of objects, one per row, keyed by the headers; numbers stay numbers.
pub struct JsonSink {
    target: Target,
    headers: Vec<String>,
    rows: usize,
}

impl JsonSink {
    pub fn new(target: Target) -> JsonSink {
        JsonSink {
            target,
            headers: Vec::new(),
            rows: 0,
        }
    }
}

impl Sink for JsonSink {
    fn header(&mut self, headers: &[&str]) -> Result<()> {
        self.headers = headers.iter().map(ToString::to_string).collect();
        self.target.write_all(b"[")
    }

    fn row(&mut self, cells: &[Cell]) -> Result<()> {
        let mut row = String::from("{");
        for (i, (header, cell)) in self.headers.iter().zip(cells).enumerate() {
            if i > 0 {
                row.push(',');
            }
            row.push_str(&serde_json::to_string(header).unwrap_or_default());
            row.push(':');
            row.push_str(&cell.json());
        }
        row.push('}');
        let mut text = String::from(if self.rows == 0 { "\n  " } else { ",\n  " });
        text.push_str(&crate::model::value::escape_json(&row));
        self.rows += 1;
        self.target.write_all(text.as_bytes())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        let end: &[u8] = if self.rows == 0 { b"]\n" } else { b"\n]\n" };
        self.target.write_all(end)?;
        self.target.finish()
    }
}

/// An Excel workbook with one sheet named after the report: a bold, frozen header row; text
/// cells (ID numbers and phones among them) as text, dates as dates, money as numbers with
/// two decimals.
pub struct XlsxSink {
    path: PathBuf,
    workbook: Workbook,
    sheet: String,
    row: u32,
    bold: Format,
    date: Format,
    money: Format,
    percent: Format,
}

/// The most rows a worksheet holds.
const MAX_ROWS: u32 = 1_048_576;

impl XlsxSink {
    pub fn new(path: &Path, sheet: &str) -> Result<XlsxSink> {
        let mut workbook = Workbook::new();
        let fail = |e: XlsxError| xlsx_build_error(path, &e);
        workbook
            .add_worksheet_with_constant_memory()
            .map_err(fail)?
            .set_name(sheet)
            .map_err(fail)?
            .set_freeze_panes(1, 0)
            .map_err(fail)?;
        Ok(XlsxSink {
            path: path.to_path_buf(),
            workbook,
            sheet: sheet.to_string(),
            row: 0,
            bold: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            money: Format::new().set_num_format("0.00"),
            percent: Format::new().set_num_format("0.0"),
        })
    }

    fn fail(&self, e: &XlsxError) -> Error {
        xlsx_error(&self.path, e)
    }

    /// Starts another sheet named `sheet`; the rows that follow go there.
    pub fn next_sheet(&mut self, sheet: &str) -> Result<()> {
        let path = self.path.clone();
        let fail = |e: XlsxError| xlsx_build_error(&path, &e);
        self.workbook
            .add_worksheet_with_constant_memory()
            .map_err(fail)?
            .set_name(sheet)
            .map_err(fail)?
            .set_freeze_panes(1, 0)
            .map_err(fail)?;
        self.sheet = sheet.to_string();
        self.row = 0;
        Ok(())
    }
}

/// A sheet that could not be added to a workbook (status 4).
fn xlsx_build_error(path: &Path, e: &XlsxError) -> Error {
    Error::store_in(Text {
        en: format!("could not build {}: {e}", path.display()),
        zh: format!("无法生成 {}：{e}", path.display()),
    })
}

/// A workbook that could not be written (status 4).
fn xlsx_error(path: &Path, e: &XlsxError) -> Error {
    Error::store_in(Text {
        en: format!("could not write {}: {e}", path.display()),
        zh: format!("无法写入 {}：{e}", path.display()),
    })
}

impl Sink for XlsxSink {
    fn header(&mut self, headers: &[&str]) -> Result<()> {
        let sheet = self
            .workbook
            .worksheet_from_name(&self.sheet)
            .map_err(|e| xlsx_error(&self.path, &e))?;
        for (col, h) in headers.iter().enumerate() {
            sheet
                .write_string_with_format(0, col as u16, *h, &self.bold)
                .map_err(|e| xlsx_error(&self.path, &e))?;
        }
        self.row = 1;
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> Result<()> {
        if self.row >= MAX_ROWS {
            let path = self.path.display();
            return Err(Error::rejected_in(Text {
                en: format!(
                    "{path}: the report has more rows than a worksheet holds ({MAX_ROWS}); export CSV instead"
                ),
                zh: format!("{path}：报表行数超过一个工作表的上限（{MAX_ROWS}）；请改为导出 CSV"),
            }));
        }
        let (row, path) = (self.row, self.path.clone());
        let sheet = self
            .workbook
            .worksheet_from_name(&self.sheet)
            .map_err(|e| xlsx_error(&self.path, &e))?;
        for (col, cell) in cells.iter().enumerate() {
            let col = col as u16;
            let written = match cell {
                Cell::Empty => continue,
                Cell::Text(s) => sheet.write_string(row, col, s).map(drop),
                Cell::Int(n) => sheet.write_number(row, col, *n as f64).map(drop),
                Cell::Money(fen) => sheet
                    .write_number_with_format(row, col, *fen as f64 / 100.0, &self.money)
                    .map(drop),
                Cell::Percent(p) => sheet
                    .write_number_with_format(row, col, *p, &self.percent)
                    .map(drop),
                Cell::Date(d) => {
                    let day = ExcelDateTime::from_ymd(
                        d.0.year() as u16,
                        d.0.month() as u8,
                        d.0.day() as u8,
                    );
                    // Excel has no days before 1900: a hand-edited 1850 is written as text.
                    match day {
                        Ok(day) => sheet
                            .write_datetime_with_format(row, col, &day, &self.date)
                            .map(drop),
                        Err(_) => sheet.write_string(row, col, d.to_string()).map(drop),
                    }
                }
            };
            written.map_err(|e| xlsx_error(&path, &e))?;
        }
        self.row += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        let mut target = Target::file(&self.path)?;
        self.workbook
            .save_to_writer(&mut target)
            .map_err(|e| self.fail(&e))?;
        target.finish()
    }
}
