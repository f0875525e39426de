//! Turning one cell into a stored field, as the kind's declaration says: the field's type
//! parses the cell, and its presence says whether a row can do without it. Dates, money and
//! ID numbers are first read in the forms spreadsheets write them (`sheet_values`).

use serde_json::Value;

use super::sheet_values;
use crate::model::{Field, FieldType, Invalid, Kind, Presence, check_text, format_yuan};

/// The fields a row of `kind` must have.
pub fn required(kind: Kind) -> impl Iterator<Item = &'static &'static str> {
    kind.columns()
        .iter()
        .filter(|c| c.presence == Presence::Required)
        .map(|c| &c.field)
}

/// The stored value of a cell of `column`; `None` for an empty cell (the field's default).
pub fn value(column: &Field, cell: &str) -> Result<Option<Value>, Invalid> {
    let field = column.field;
    let s = cell.trim();
    // Told on the row, with its column, not when the record is stored.
    check_text(field, s)?;
    if s.is_empty() {
        return column.parse_cell(s);
    }
    let normal = match column.ty {
        FieldType::Date => sheet_values::date(field, s)?.to_string(),
        FieldType::Money => format_yuan(sheet_values::money(field, s)?),
        FieldType::IdNumber => sheet_values::id_number(field, s)?,
        _ => s.to_string(),
    };
    column.parse_cell_dated(&normal, sheet_values::date)
}
