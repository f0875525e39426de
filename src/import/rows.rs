//! Reading one CSV file of one kind: its header, then each row into a record.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::error::{Result, rejected};
use crate::model::{Invalid, Kind, Record};
use crate::report::csv_unsafe;
use crate::store::Txn;

use super::{Officials, Source, State, fields};

/// How a problem with a value reads after its column: the value, then what is wrong.
fn describe(e: &Invalid) -> String {
    if e.value.is_empty() {
        e.problem.clone()
    } else {
        format!("{} {}", e.shown_value(), e.problem)
    }
}

/// The columns of the file: for each cell position, the record column it fills.
struct Header {
    /// Index into `R::COLUMNS` per cell position.
    columns: Vec<usize>,
    /// The header as written in the file, by index into `R::COLUMNS`.
    names: Vec<Option<String>>,
}

impl Header {
    /// The column a field's problems are reported under: as the file names it.
    fn name<R: Record>(&self, field: &str) -> String {
        R::COLUMNS
            .iter()
            .position(|c| c.field == field)
            .map_or_else(
                || field.to_string(),
                |i| {
                    self.names[i]
                        .clone()
                        .unwrap_or_else(|| R::COLUMNS[i].en.to_string())
                },
            )
    }
}

fn read_header<R: Record>(
    cells: &csv::ByteRecord,
    file: &str,
    state: &mut State<'_>,
) -> Option<Header> {
    let at = format!("{file}:1");
    let before = state.problems.len();
    let mut header = Header {
        columns: Vec::new(),
        names: vec![None; R::COLUMNS.len()],
    };
    for (i, raw) in cells.iter().enumerate() {
        let text = String::from_utf8_lossy(raw);
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
                state.problem(&at, name, "appears twice; expected each column once");
            }
            Some(c) => {
                header.names[c] = Some(name.to_string());
                header.columns.push(c);
            }
            None => {
                let expected: Vec<&str> = R::COLUMNS.iter().map(|c| c.en).collect();
                state.problem(
                    &at,
                    if name.is_empty() { "\"\"" } else { name },
                    &format!(
                        "is not a column of {}; expected {} (or their Chinese names)",
                        R::KIND.plural(),
                        expected.join(", ")
                    ),
                );
            }
        }
    }
    for field in fields::required(R::KIND) {
        let i = R::COLUMNS
            .iter()
            .position(|c| c.field == *field)
            .unwrap_or_default();
        if header.names[i].is_none() {
            state.problem(
                &at,
                R::COLUMNS[i].en,
                &format!("is missing; every row of {} needs it", R::KIND.plural()),
            );
        }
    }
    (state.problems.len() == before).then_some(header)
}

/// Imports one file of records of kind `R`; returns the kind and how many went in.
pub(super) fn import_file<R: Record>(
    txn: &mut Txn<'_>,
    source: Source,
    state: &mut State<'_>,
) -> Result<(Kind, usize)> {
    let file = source.name.clone();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(source.reader);
    let read_error = |e: csv::Error| rejected(format!("could not read {file}: {e}"));
    let mut cells = csv::ByteRecord::new();
    if !reader.read_byte_record(&mut cells).map_err(read_error)? {
        state.problem(
            &format!("{file}:1"),
            "header",
            &format!(
                "is missing; the file is empty, expected the header of a {} export",
                R::KIND.plural()
            ),
        );
        return Ok((R::KIND, 0));
    }
    let Some(header) = read_header::<R>(&cells, &file, state) else {
        return Ok((R::KIND, 0));
    };

    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut imported = 0;
    let mut rows_read = 0u64;
    let start = state.done;
    while reader.read_byte_record(&mut cells).map_err(read_error)? {
        let line = cells.position().map_or(0, csv::Position::line);
        rows_read += 1;
        if rows_read.is_multiple_of(1024) {
            let byte = cells.position().map_or(0, csv::Position::byte);
            (state.progress)(start + byte);
        }
        let at = format!("{file}:{line}");
        if cells.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        if cells.len() != header.columns.len() {
            state.problem(
                &at,
                "row",
                &format!(
                    "has {} cells; expected {} as in the header",
                    cells.len(),
                    header.columns.len()
                ),
            );
            continue;
        }
        if let Some(record) = parse_row::<R>(&cells, &header, &at, state) {
            let id = record.id().to_string();
            if let Some(first) = seen.get(&id) {
                let text = format!("{id} is also on line {first}; expected each id once");
                state.problem(&at, &header.name::<R>("id"), &text);
                continue;
            }
            seen.insert(id.clone(), line);
            if exists::<R>(txn, &id)? {
                let text = format!(
                    "{id} already exists in the store; import adds new records and does not change existing ones"
                );
                state.problem(&at, &header.name::<R>("id"), &text);
                continue;
            }
            // A row whose only fault is a reference still goes into the transaction (which
            // is then dropped), so rows that refer to it are not reported for it too.
            check_references(txn, &record, &header, &at, state)?;
            txn.insert(&record)?;
            imported += 1;
        }
    }
    let end = reader.position().byte();
    state.done = start + end;
    (state.progress)(state.done);
    Ok((R::KIND, imported))
}

/// A row as a record, or `None` after noting each of its problems.
fn parse_row<R: Record>(
    cells: &csv::ByteRecord,
    header: &Header,
    at: &str,
    state: &mut State<'_>,
) -> Option<R> {
    let mut object = Map::new();
    let mut ok = true;
    for (raw, &c) in cells.iter().zip(&header.columns) {
        let column = &R::COLUMNS[c];
        let name = header.names[c].as_deref().unwrap_or(column.en);
        let Ok(text) = std::str::from_utf8(raw) else {
            state.problem(at, name, "is not UTF-8 text; save the file as CSV UTF-8");
            ok = false;
            continue;
        };
        match fields::value(R::KIND, column.field, csv_unsafe(text)) {
            Ok(Some(v)) => {
                object.insert(column.field.to_string(), v);
            }
            Ok(None) => {}
            Err(e) => {
                state.problem(at, name, &describe(&e));
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    let record: R = match serde_json::from_value(Value::Object(object)) {
        Ok(r) => r,
        Err(e) => {
            state.problem(
                at,
                "row",
                &format!("is not a valid {}: {e}", R::KIND.name()),
            );
            return None;
        }
    };
    if let Err(e) = record.validate() {
        state.problem(at, &header.name::<R>(e.field), &describe(&e));
        return None;
    }
    Some(record)
}

fn exists<R: Record>(txn: &mut Txn<'_>, id: &str) -> Result<bool> {
    Ok(match R::KIND {
        Kind::Person => txn.person_exists(id)?,
        Kind::Village => txn.village(id)?.is_some(),
        kind => txn.locate(kind, id)?.is_some(),
    })
}

/// Checks what the record refers to against the store and the rows imported so far, and
/// notes each unknown reference. A village's officials are checked later, once the people of
/// the import are in.
fn check_references<R: Record>(
    txn: &mut Txn<'_>,
    record: &R,
    header: &Header,
    at: &str,
    state: &mut State<'_>,
) -> Result<()> {
    let home = record.village().unwrap_or_default();
    let mut officials = Vec::new();
    for (kind, field, target) in record.references() {
        let problem = match kind {
            Kind::Person if R::KIND == Kind::Village => {
                officials.push(target.to_string());
                None
            }
            Kind::Person => {
                (!txn.person_exists(target)?).then(|| format!("{target} is not a known person"))
            }
            Kind::Village => (!state.village_exists(txn, target)?)
                .then(|| format!("{target} is not a known village")),
            Kind::Household | Kind::Team => match txn.locate(kind, target)? {
                None => Some(format!("{target} is not a known {}", kind.name())),
                Some(v) if v != home => Some(format!(
                    "{target} belongs to village {v}, not {home}; expected a {} of the same village",
                    kind.name()
                )),
                Some(_) => None,
            },
            Kind::Allocation | Kind::Plan => None,
        };
        if let Some(text) = problem {
            state.problem(at, &header.name::<R>(field), &text);
        }
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
