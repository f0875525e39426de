//! Reading one CSV file of one kind: its header, then each row into a record.

use std::borrow::Cow;

use calamine::{Data, Range};
use compact_str::CompactString;
use rustc_hash::FxHashMap;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::lang::Text;
use crate::model::{Invalid, Kind, Record, mask_id_number, mask_phone};
use crate::report::csv_unsafe;
use crate::store::Txn;

use super::{Officials, State, fields, sheet_values};

/// How a problem with a value reads after its column, in both languages: the value (an ID
/// number or phone masked), then what is wrong.
pub(super) fn describe(e: &Invalid) -> Text {
    if e.value.is_empty() {
        return e.problem();
    }
    let shown = |lang| match e.field {
        "id_number" => crate::model::value::shown_text(&mask_id_number(e.value.trim())),
        "phone" => crate::model::value::shown_text(&mask_phone(&e.value)),
        _ => e.shown_value_in(lang),
    };
    Text {
        en: format!("{} {}", shown(crate::lang::Lang::En), e.problem),
        zh: format!("{} {}", shown(crate::lang::Lang::Zh), e.problem_zh),
    }
}

/// A CSV file that cannot be read on, in both languages (bytes not of its encoding are
/// told in the clerk's language, see `decode::BadBytes`).
fn read_failure(file: &str, e: &csv::Error) -> Text {
    let said = match e.kind() {
        csv::ErrorKind::Io(io) => io
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<super::decode::BadBytes>())
            .map(|b| b.0.clone()),
        _ => None,
    };
    let said = said.unwrap_or_else(|| Text::new(e.to_string(), e.to_string()));
    Text {
        en: format!("could not read {file}: {}", said.en),
        zh: format!("无法读取 {file}：{}", said.zh),
    }
}

/// The cells of one row, from a CSV file or a sheet of a workbook.
pub(super) trait Cells {
    fn count(&self) -> usize;
    /// Cell `i` as a header: its text.
    fn header(&self, i: usize) -> Cow<'_, str>;
    /// Cell `i` as the text that the parser of `field` reads.
    fn text(&self, i: usize, field: &'static str) -> Result<Cow<'_, str>, Invalid>;
    /// Whether every cell is empty or blank.
    fn blank(&self) -> bool;
}

impl Cells for csv::ByteRecord {
    fn count(&self) -> usize {
        self.len()
    }

    fn header(&self, i: usize) -> Cow<'_, str> {
        String::from_utf8_lossy(self.get(i).unwrap_or_default())
    }

    fn text(&self, i: usize, field: &'static str) -> Result<Cow<'_, str>, Invalid> {
        let raw = self.get(i).unwrap_or_default();
        match std::str::from_utf8(raw) {
            Ok(text) => Ok(Cow::Borrowed(csv_unsafe(text))),
            Err(_) => Err(Invalid::said(
                field,
                "",
                Text::new(
                    "is not UTF-8 text; save the file as CSV UTF-8",
                    "不是 UTF-8 文本；请把文件另存为 CSV UTF-8",
                ),
            )),
        }
    }

    fn blank(&self) -> bool {
        self.iter().all(|c| c.iter().all(u8::is_ascii_whitespace))
    }
}

/// A row of a sheet.
pub(super) struct SheetRow<'r>(pub &'r [Data]);

impl Cells for SheetRow<'_> {
    fn count(&self) -> usize {
        // Trailing empty cells (a sheet's used range is as wide as its widest row) do not count.
        self.0
            .iter()
            .rposition(|c| *c != Data::Empty)
            .map_or(0, |i| i + 1)
    }

    fn header(&self, i: usize) -> Cow<'_, str> {
        match &self.0[i] {
            Data::String(s) => Cow::Borrowed(s),
            other => Cow::Owned(other.to_string()),
        }
    }

    fn text(&self, i: usize, field: &'static str) -> Result<Cow<'_, str>, Invalid> {
        self.0
            .get(i)
            .map_or(Ok(Cow::Borrowed("")), |c| sheet_values::cell_text(field, c))
    }

    fn blank(&self) -> bool {
        self.0.iter().all(|c| match c {
            Data::Empty => true,
            Data::String(s) => s.trim().is_empty(),
            _ => false,
        })
    }
}

/// The columns of the file: for each cell position, the record column it fills.
struct Header {
    /// Index into `R::COLUMNS` per cell position.
    columns: Vec<usize>,
    /// The header as written in the file, by index into `R::COLUMNS`.
    names: Vec<Option<String>>,
    /// The file is an attendance month's sheet (`export attendance --month`): rows without
    /// days are skipped, ids are assigned, and rows already recorded must agree.
    sheet: bool,
    /// The file names its columns in Chinese: a column it leaves out is named so too.
    chinese: bool,
}

/// A cell position of a column the record does not keep (the sheet's village, name and
/// recorded columns).
const SKIP: usize = usize::MAX;

/// A column without a header (what a spreadsheet leaves after the last one it was given):
/// passed over while its cells are empty.
const UNNAMED: usize = usize::MAX - 1;

/// The columns of the attendance month's sheet that are not fields of the record.
const SHEET_ONLY: &[&str] = &["village", "村", "name", "姓名", "recorded", "已记录"];

impl Header {
    /// The column a field's problems are reported under: as the file names it.
    fn name<R: Record>(&self, field: &str) -> String {
        R::COLUMNS
            .iter()
            .position(|c| c.field == field)
            .map_or_else(
                || field.to_string(),
                |i| {
                    self.names[i].clone().unwrap_or_else(|| {
                        let c = &R::COLUMNS[i];
                        (if self.chinese { c.zh } else { c.en }).to_string()
                    })
                },
            )
    }

    /// A problem worded for the command line (`needs --exited-on`, `goes with --health
    /// disabled`) worded for the file: each flag of the kind's fields becomes its column, as
    /// the file names it.
    fn in_columns<R: Record>(&self, text: Text) -> Text {
        if !text.en.contains("--") && !text.zh.contains("--") {
            return text;
        }
        // A column the file leaves out is named in the message's language.
        let rename = |s: String, zh: bool| {
            R::COLUMNS.iter().enumerate().fold(s, |s, (i, c)| {
                let default = if zh { c.zh } else { c.en };
                let column = self.names[i].as_deref().unwrap_or(default);
                crate::error::rename_flag(&s, &crate::model::value::flag_for(c.field), column)
            })
        };
        Text {
            en: rename(text.en, false),
            zh: rename(text.zh, true),
        }
    }
}

fn read_header<R: Record>(cells: &dyn Cells, at: &str, state: &mut State<'_>) -> Option<Header> {
    let before = state.problems.len();
    let mut header = Header {
        columns: Vec::new(),
        names: vec![None; R::COLUMNS.len()],
        sheet: false,
        chinese: false,
    };
    for i in 0..cells.count() {
        let text = cells.header(i);
        let name = if i == 0 {
            text.trim_start_matches('\u{feff}').trim()
        } else {
            text.trim()
        };
        let found = R::COLUMNS
            .iter()
            .position(|c| c.en == name || c.zh == name || c.field == name);
        match found {
            Some(c) if header.names[c].is_some() => {
                state.problem(
                    at,
                    name,
                    Text::new(
                        "appears twice; expected each column once",
                        "出现了两次；每一列应只出现一次",
                    ),
                );
            }
            Some(c) => {
                header.chinese |= R::COLUMNS[c].zh == name && R::COLUMNS[c].en != name;
                header.names[c] = Some(name.to_string());
                header.columns.push(c);
            }
            None if name.is_empty() => header.columns.push(UNNAMED),
            None if R::KIND == Kind::Attendance && SHEET_ONLY.contains(&name) => {
                header.sheet = true;
                header.columns.push(SKIP);
            }
            None => {
                let expected: Vec<&str> = R::COLUMNS.iter().map(|c| c.en).collect();
                let expected_zh: Vec<&str> = R::COLUMNS.iter().map(|c| c.zh).collect();
                state.problem(
                    at,
                    if name.is_empty() { "\"\"" } else { name },
                    Text {
                        en: format!(
                            "is not a column of {}; expected {} (or their Chinese names)",
                            R::KIND.plural(),
                            expected.join(", ")
                        ),
                        zh: format!(
                            "不是{}的列；应为 {}（或其英文名）",
                            R::KIND.zh(),
                            expected_zh.join("、")
                        ),
                    },
                );
            }
        }
    }
    for field in fields::required(R::KIND) {
        if header.sheet && *field == "id" {
            continue;
        }
        let i = R::COLUMNS
            .iter()
            .position(|c| c.field == *field)
            .unwrap_or_default();
        if header.names[i].is_none() {
            state.problem_named(
                at,
                &Text::new(R::COLUMNS[i].en, R::COLUMNS[i].zh),
                Text {
                    en: format!("is missing; every row of {} needs it", R::KIND.plural()),
                    zh: format!("缺少此列；{}的每一行都需要它", R::KIND.zh()),
                },
            );
        }
    }
    (state.problems.len() == before).then_some(header)
}

/// A row as the reading thread leaves it.
enum Parsed<R> {
    /// A record that passed every check that needs nothing but the row.
    Record(R),
    /// The row's problems, as (column as the file names it, what is wrong).
    Problems(Vec<(String, Text)>, Option<CompactString>),
    /// A row of a month's sheet without days: nothing to record.
    Skip,
}

/// One row read: its line, how far into the file it ends, and what it holds.
struct Row<R> {
    line: u64,
    byte: u64,
    parsed: Parsed<R>,
}

/// Rows are passed from the reading thread in batches of this many.
const BATCH: usize = 512;

/// A row parsed, or its problems: the row must have as many cells as the header.
fn parse_cells<R: Record>(cells: &dyn Cells, width: usize, header: &Header) -> Parsed<R> {
    if width == header.columns.len() {
        match parse_row::<R>(cells, header) {
            Ok(Some(r)) => Parsed::Record(r),
            Ok(None) => Parsed::Skip,
            // The row's id, if it is one, still counts: a second row with it is told now,
            // not after this one is mended.
            Err(problems) => Parsed::Problems(problems, row_id::<R>(cells, header)),
        }
    } else {
        let n = header.columns.len();
        let text = Text {
            en: format!("has {width} cells; expected {n} as in the header"),
            zh: format!("有 {width} 个单元格；应与表头一样为 {n} 个"),
        };
        Parsed::Problems(vec![("row".to_string(), text)], None)
    }
}

/// The id a row gives, when it is a valid one.
fn row_id<R: Record>(cells: &dyn Cells, header: &Header) -> Option<CompactString> {
    let i = header
        .columns
        .iter()
        .position(|&c| c < UNNAMED && R::COLUMNS[c].field == "id")?;
    let text = cells.text(i, "id").ok()?;
    let id = text.trim();
    crate::model::check_id("id", id).ok()?;
    Some(CompactString::from(id))
}

/// Reads and parses the rows of `reader` on the calling thread, sending them in batches;
/// stops at the first unreadable record (sent as `Err`) or when the receiver is gone.
fn read_rows<R: Record>(
    mut reader: csv::Reader<Box<dyn std::io::Read + Send>>,
    header: &Header,
    file: &str,
    tx: &std::sync::mpsc::SyncSender<Result<Vec<Row<R>>, Text>>,
) {
    let mut cells = csv::ByteRecord::new();
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        match reader.read_byte_record(&mut cells) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let _ = tx.send(Err(read_failure(file, &e)));
                return;
            }
        }
        let (line, byte) = cells.position().map_or((0, 0), |p| (p.line(), p.byte()));
        if cells.blank() {
            continue;
        }
        let parsed = parse_cells::<R>(&cells, cells.len(), header);
        batch.push(Row { line, byte, parsed });
        if batch.len() == BATCH && tx.send(Ok(std::mem::take(&mut batch))).is_err() {
            return;
        }
    }
    let end = reader.position().byte();
    batch.push(Row {
        line: 0,
        byte: end,
        parsed: Parsed::Problems(Vec::new(), None),
    });
    let _ = tx.send(Ok(batch));
}

/// What one file's rows go through once parsed: the check against the store and the
/// earlier rows, and into the transaction.
struct Intake<'h> {
    header: &'h Header,
    /// How problems name the file: `FILE` or `FILE:SHEET`.
    file: &'h str,
    /// What a row's number counts: `line` in CSV, `row` in a sheet.
    unit: &'static str,
    seen: FxHashMap<CompactString, u64>,
    imported: usize,
}

impl Intake<'_> {
    fn take<R: Record>(
        &mut self,
        txn: &mut Txn<'_>,
        state: &mut State<'_>,
        line: u64,
        parsed: Parsed<R>,
    ) -> Result<()> {
        let header = self.header;
        let at = Place(self.file, line);
        let mut record = match parsed {
            Parsed::Skip => return Ok(()),
            Parsed::Record(r) => r,
            Parsed::Problems(problems, id) => {
                for (column, text) in problems {
                    state.problem(&at, &column, text);
                }
                if let Some(id) = id {
                    self.new_id::<R>(txn, state, line, id)?;
                }
                return Ok(());
            }
        };
        if header.sheet {
            match sheet_row(txn, &record)? {
                Month::Recorded => return Ok(()),
                Month::Disagrees(text) => {
                    state.problem(&at, &header.name::<R>("days_in_village"), text);
                    return Ok(());
                }
                Month::New => record = with_id(record, &txn.next_id(R::KIND)?)?,
            }
        }
        // Kept inline (an id is short): no allocation a row.
        if !self.new_id::<R>(txn, state, line, CompactString::from(record.id()))? {
            return Ok(());
        }
        // A row whose only fault is a reference still goes into the transaction (which is
        // then dropped), so rows that refer to it are not reported for it too.
        check_references(txn, &record, header, &at, state)?;
        let home = txn.home(&record)?;
        if R::KIND.in_village() && home.is_none() {
            // A record kept with a parent that does not exist (a member of an unknown
            // household) has nowhere to go; the reference is reported above.
            return Ok(());
        }
        // The id was found free above, and `seen` keeps it from going in twice.
        txn.insert_at(&record, home)?;
        self.imported += 1;
        Ok(())
    }

    /// Whether a row's id is new: on no earlier row, and not in the store. Either is a
    /// problem of the row.
    fn new_id<R: Record>(
        &mut self,
        txn: &mut Txn<'_>,
        state: &mut State<'_>,
        line: u64,
        id: CompactString,
    ) -> Result<bool> {
        let at = Place(self.file, line);
        let column = self.header.name::<R>("id");
        if let Some(first) = self.seen.get(&id) {
            let text = Text {
                en: format!(
                    "{id} is also on {} {first}; expected each id once",
                    self.unit
                ),
                zh: format!("{id} 也出现在第 {first} 行；每个编号应只出现一次"),
            };
            state.problem(&at, &column, text);
            return Ok(false);
        }
        if exists::<R>(txn, &id)? {
            self.seen.insert(id.clone(), line);
            let text = Text {
                en: format!(
                    "{id} already exists in the store; import adds new records and does not change existing ones"
                ),
                zh: format!("{id} 已在仓库中；导入只添加新记录，不修改已有记录"),
            };
            state.problem(&at, &column, text);
            return Ok(false);
        }
        self.seen.insert(id, line);
        Ok(true)
    }
}

/// Where a row is, `FILE:LINE`: written out only when the row has a problem.
struct Place<'f>(&'f str, u64);

impl std::fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.0, self.1)
    }
}

/// The problem of a file or sheet without even a header.
fn no_header<R: Record>(at: &str, state: &mut State<'_>) {
    state.problem(
        at,
        "header",
        Text {
            en: format!(
                "is missing; the file is empty, expected the header of a {} export",
                R::KIND.plural()
            ),
            zh: format!("缺少表头；文件是空的，应为{}导出文件的表头", R::KIND.zh()),
        },
    );
}

/// Imports one CSV file of records of kind `R`; returns the kind and how many went in. One
/// thread reads and parses the rows while this one checks them against the store and the
/// earlier rows and puts them into the transaction.
pub(super) fn import_file<R: Record>(
    txn: &mut Txn<'_>,
    file: &str,
    reader: Box<dyn std::io::Read + Send>,
    state: &mut State<'_>,
) -> Result<(Kind, usize)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(reader);
    let read_error = |e: csv::Error| Error::rejected_in(read_failure(file, &e));
    let mut cells = csv::ByteRecord::new();
    let at = format!("{file}:1");
    if !reader.read_byte_record(&mut cells).map_err(read_error)? {
        no_header::<R>(&at, state);
        return Ok((R::KIND, 0));
    }
    let Some(header) = read_header::<R>(&cells, &at, state) else {
        return Ok((R::KIND, 0));
    };

    let start = state.done;
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<Row<R>>, Text>>(8);
    std::thread::scope(|s| {
        let header = &header;
        s.spawn(move || read_rows::<R>(reader, header, file, &tx));
        let mut intake = Intake {
            header,
            file,
            unit: "line",
            seen: FxHashMap::default(),
            imported: 0,
        };
        let mut rows_read = 0u64;
        for batch in rx {
            let batch = batch.map_err(Error::rejected_in)?;
            for row in batch {
                if row.line == 0 {
                    // The end of the file.
                    state.done = start + row.byte;
                    (state.progress)(state.done);
                    continue;
                }
                rows_read += 1;
                if rows_read.is_multiple_of(1024) {
                    (state.progress)(start + row.byte);
                }
                intake.take(txn, state, row.line, row.parsed)?;
            }
        }
        Ok((R::KIND, intake.imported))
    })
}

/// Imports one sheet of a workbook, named in messages as `FILE:SHEET` and its rows by their
/// number in the spreadsheet.
pub(super) fn import_sheet<R: Record>(
    txn: &mut Txn<'_>,
    name: &str,
    range: &Range<Data>,
    state: &mut State<'_>,
) -> Result<(Kind, usize)> {
    let (first_row, _) = range.start().unwrap_or((0, 0));
    // A title above the header (one cell, often merged across: 青山县贫困户花名册) is skipped.
    let title = |r: &SheetRow<'_>| {
        r.0.iter().filter(|c| **c != Data::Empty).count() == 1 && {
            let text =
                r.0.iter()
                    .find(|c| **c != Data::Empty)
                    .map(ToString::to_string);
            let text = text.unwrap_or_default();
            let text = text.trim();
            !R::COLUMNS
                .iter()
                .any(|c| c.en == text || c.zh == text || c.field == text)
        }
    };
    let mut rows = range
        .rows()
        .map(SheetRow)
        .enumerate()
        .filter(|(_, r)| !r.blank())
        .skip_while(|(_, r)| title(r));
    let Some((i, cells)) = rows.next() else {
        no_header::<R>(&format!("{name}:{}", first_row + 1), state);
        return Ok((R::KIND, 0));
    };
    let at = format!("{name}:{}", u64::from(first_row) + i as u64 + 1);
    let Some(header) = read_header::<R>(&cells, &at, state) else {
        return Ok((R::KIND, 0));
    };
    let mut intake = Intake {
        header: &header,
        file: name,
        unit: "row",
        seen: FxHashMap::default(),
        imported: 0,
    };
    for (i, cells) in rows {
        let line = u64::from(first_row) + i as u64 + 1;
        let width = cells.count().max(header.columns.len());
        let parsed = parse_cells::<R>(&cells, width, &header);
        intake.take(txn, state, line, parsed)?;
    }
    Ok((R::KIND, intake.imported))
}

/// A row as a record, or each of its problems as (column, what is wrong).
fn parse_row<R: Record>(
    cells: &dyn Cells,
    header: &Header,
) -> std::result::Result<Option<R>, Vec<(String, Text)>> {
    // The fields as (name, value) pairs, read by the record's `Deserialize` as a map would
    // be: no map is built, nor a key allocated, a row.
    let mut object: Vec<(&'static str, Value)> = Vec::with_capacity(header.columns.len() + 1);
    let mut problems = Vec::new();
    if header.sheet {
        // A row without days is skipped; the id is assigned when the row goes in.
        let days = header
            .columns
            .iter()
            .position(|&c| c < UNNAMED && R::COLUMNS[c].field == "days_in_village");
        let empty = days.is_none_or(|i| {
            cells
                .text(i, "days_in_village")
                .is_ok_and(|t| t.trim().is_empty())
        });
        if empty {
            return Ok(None);
        }
    }
    for (i, &c) in header.columns.iter().enumerate() {
        if c == SKIP {
            continue;
        }
        if c == UNNAMED {
            if cells.text(i, "").is_ok_and(|t| !t.trim().is_empty()) {
                problems.push((
                    format!("#{}", i + 1),
                    Text::new(
                        "holds a value but the column has no header; expected a header naming the column, or the cell empty",
                        "有值，但此列没有表头；应给此列加上表头，或清空该单元格",
                    ),
                ));
            }
            continue;
        }
        let column = &R::COLUMNS[c];
        let name = header.names[c].as_deref().unwrap_or(column.en);
        let parsed = cells
            .text(i, column.field)
            .and_then(|text| fields::value(column, &text));
        match parsed {
            Ok(Some(v)) => object.push((column.field, v)),
            Ok(None) => {}
            Err(e) => problems.push((name.to_string(), describe(&e))),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if header.sheet && !object.iter().any(|(field, _)| *field == "id") {
        // A stand-in until the row goes in and is given its id.
        object.push(("id", Value::from("D0")));
    }
    let fields = serde::de::value::MapDeserializer::new(object.into_iter());
    let record = R::deserialize(fields).map_err(|e: serde_json::Error| {
        let text = Text {
            en: format!("is not a valid {}: {e}", R::KIND.name()),
            zh: format!("不是有效的{}：{e}", R::KIND.zh()),
        };
        vec![("row".to_string(), text)]
    })?;
    if let Err(e) = record.validate() {
        let said = header.in_columns::<R>(describe(&e));
        return Err(vec![(header.name::<R>(e.field), said)]);
    }
    Ok(Some(record))
}

/// What a row of a month's sheet is to the store.
enum Month {
    /// The month is recorded as the row says: nothing to do.
    Recorded,
    /// The month is recorded otherwise.
    Disagrees(Text),
    New,
}

fn sheet_row<R: Record>(txn: &mut Txn<'_>, record: &R) -> Result<Month> {
    let Some(row) = (record as &dyn std::any::Any).downcast_ref::<crate::model::Attendance>()
    else {
        return Ok(Month::New);
    };
    let Some(village) = txn.locate(Kind::Team, &row.team)? else {
        return Ok(Month::New);
    };
    let stored = txn
        .records::<crate::model::Attendance>(&village)?
        .into_iter()
        .find(|a| a.team == row.team && a.person == row.person && a.month == row.month);
    Ok(match stored {
        None => Month::New,
        Some(a) => {
            let numbers = |a: &crate::model::Attendance| {
                (a.days_in_village, a.leave_days, a.unexcused_absences)
            };
            if numbers(&a) == numbers(row) {
                Month::Recorded
            } else {
                let (d, l, u) = numbers(&a);
                let (person, month, id) = (&row.person, &row.month, &a.id);
                Month::Disagrees(Text {
                    en: format!(
                        "{person} {month} is recorded as {id} ({d} days, {l} leave, {u} unexcused), not as this row says; expected the recorded numbers, or change the record with attendance update"
                    ),
                    zh: format!(
                        "{person} {month} 已记录为 {id}（在村 {d} 天，请假 {l} 天，无故缺勤 {u} 次），与本行不同；应为已记录的数字，或用 attendance update 修改记录"
                    ),
                })
            }
        }
    })
}

/// A record with `id` for its id.
fn with_id<R: Record>(record: R, id: &str) -> Result<R> {
    let fail = |e: serde_json::Error| {
        Error::rejected_in(Text {
            en: format!("could not give the row the id {id}: {e}"),
            zh: format!("无法给这一行编号 {id}：{e}"),
        })
    };
    let mut value = serde_json::to_value(&record).map_err(fail)?;
    value["id"] = Value::from(id);
    serde_json::from_value(value).map_err(fail)
}

fn exists<R: Record>(txn: &mut Txn<'_>, id: &str) -> Result<bool> {
    Ok(match R::KIND {
        Kind::Person => txn.person_exists(id)?,
        Kind::Village => txn.village(id)?.is_some(),
        kind => txn.locate(kind, id)?.is_some(),
    })
}

/// A reference to a record neither in the store nor among the rows imported so far.
fn unknown(target: &str, kind: Kind) -> Text {
    Text {
        en: format!("{target} is not a known {}", kind.name()),
        zh: format!("{target} 不是已知的{}", kind.zh()),
    }
}

/// Checks what the record refers to against the store and the rows imported so far, and
/// notes each unknown reference. A village's officials are checked later, once the people of
/// the import are in.
fn check_references<R: Record>(
    txn: &mut Txn<'_>,
    record: &R,
    header: &Header,
    at: &Place<'_>,
    state: &mut State<'_>,
) -> Result<()> {
    let home = txn.home(record)?.unwrap_or_default();
    let mut officials = Vec::new();
    for (kind, field, target) in record.references() {
        let problem = match kind {
            Kind::Person if R::KIND == Kind::Village => {
                officials.push(target.to_string());
                None
            }
            Kind::Person => (!txn.person_exists(target)?).then(|| unknown(target, kind)),
            Kind::Village => (!state.village_exists(txn, target)?).then(|| unknown(target, kind)),
            kind => match txn.locate(kind, target)? {
                None => Some(unknown(target, kind)),
                Some(v) if v != home => Some(Text {
                    en: format!(
                        "{target} belongs to village {v}, not {home}; expected a {} of the same village",
                        kind.name()
                    ),
                    zh: format!(
                        "{target} 属于村 {v}，不是 {home}；应为同一村的{}",
                        kind.zh()
                    ),
                }),
                Some(_) => None,
            },
        };
        if let Some(text) = problem {
            state.problem(at, &header.name::<R>(field), text);
        }
    }
    if let Some((field, text)) = crate::cmd::duty::breaks(txn, record)? {
        state.problem(at, &header.name::<R>(field), text);
    }
    // A household has at most one case not eliminated, in the store and in the file.
    if let Some(case) = (record as &dyn std::any::Any).downcast_ref::<crate::model::Case>()
        && let Err(e) = crate::cmd::case::one_live_case(txn, case)
    {
        // The problem without the record it names first (`case C1: `, `监测对象 C1：`).
        let text = e.text();
        let after = |t: &str, sep: &str| {
            t.split_once(sep)
                .map_or(t.to_string(), |(_, r)| r.to_string())
        };
        let text = Text::new(after(&text.en, ": "), after(&text.zh, "："));
        state.problem(at, &header.name::<R>("household"), text);
    }
    if !officials.is_empty() {
        state.officials.push(Officials {
            at: at.to_string(),
            column: header.name::<R>("officials"),
            village: record.id().to_string(),
            people: officials,
        });
    }
    Ok(())
}
