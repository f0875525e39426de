//! Turning one CSV cell into a stored field, as the kind's declaration says: the field's
//! type parses the cell, and its presence says whether a row can do without it.

use serde_json::Value;

use crate::model::{Invalid, Kind, Presence};

/// The fields a row of `kind` must have.
pub fn required(kind: Kind) -> impl Iterator<Item = &'static &'static str> {
    kind.columns()
        .iter()
        .filter(|c| c.presence == Presence::Required)
        .map(|c| &c.field)
}

/// The stored value of a cell of `field`; `None` for an empty cell (the field's default).
pub fn value(kind: Kind, field: &'static str, cell: &str) -> Result<Option<Value>, Invalid> {
    let column = kind
        .columns()
        .iter()
        .find(|c| c.field == field)
        .unwrap_or_else(|| panic!("{} declares no field {field}", kind.name()));
    column.parse_cell(cell)
}
