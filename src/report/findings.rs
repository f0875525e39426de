//! The `findings` report: one row per finding of `bangfu check`, as of a date.

use crate::error::Result;
use crate::rules::Finding;

use super::{Cell, Headers, Sink};

/// The columns, also those of `check --format csv`.
pub const COLUMNS: &[(&str, &str)] = &[
    ("code", "代码"),
    ("rule", "规则"),
    ("severity", "严重程度"),
    ("village", "村"),
    ("kind", "类型"),
    ("id", "编号"),
    ("message", "说明"),
];

/// Writes the findings, severity and kind in the language of `headers` (code and rule stay
/// identifiers); ID numbers a message names are masked unless `unmask`.
pub fn write(
    findings: &[Finding],
    headers: Headers,
    unmask: bool,
    sink: &mut dyn Sink,
) -> Result<()> {
    sink.header(&headers.row(COLUMNS))?;
    for f in findings {
        let message = if unmask {
            f.message.clone()
        } else {
            super::mask_id_numbers_in(&f.message)
        };
        sink.row(&[
            Cell::text(f.code),
            Cell::text(f.rule),
            Cell::text(headers.values.severity(f.severity)),
            f.village.clone().map_or(Cell::Empty, Cell::Text),
            Cell::text(headers.values.kind(f.kind)),
            Cell::text(f.id.clone()),
            Cell::Text(message),
        ])?;
    }
    Ok(())
}
