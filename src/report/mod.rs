//! Reports: one row per record with the columns of section 7.

use serde_json::Value;

use crate::model::{Record, format_yuan};

/// A stored field's value as one report cell: money fields in yuan with two decimals,
/// lists joined with `sep`, an official as `person:role`, a relation as
/// `person:relation[:filed_on]`.
pub fn cell(field: &str, value: &Value, sep: &str) -> String {
    match value {
        Value::Null => String::new(),
        Value::Number(n) if field.ends_with("_fen") => {
            n.as_i64().map(format_yuan).unwrap_or_default()
        }
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::Object(parts) => parts
                    .values()
                    .map(|v| cell("", v, sep))
                    .collect::<Vec<_>>()
                    .join(":"),
                other => cell("", other, sep),
            })
            .collect::<Vec<_>>()
            .join(sep),
        other => other.to_string(),
    }
}

/// A record as a report row, one cell per column of its kind.
pub fn row<R: Record>(record: &R) -> Vec<String> {
    let value = serde_json::to_value(record).unwrap_or_default();
    R::COLUMNS
        .iter()
        .map(|c| {
            value
                .get(c.field)
                .map(|v| cell(c.field, v, ";"))
                .unwrap_or_default()
        })
        .collect()
}

/// Neutralises a text cell that a spreadsheet would run as a formula, by prefixing `'`.
pub fn csv_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}
