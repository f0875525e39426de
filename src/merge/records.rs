//! Three-way merges of record files by id, against the common ancestor: a record added,
//! changed or removed on one side is taken; the same change on both sides is taken once;
//! different changes on both sides are a conflict, which keeps our version and is recorded
//! for `bangfu conflicts`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::Conflict;

/// A record file's rows: id → the line as stored.
pub type Rows = BTreeMap<String, String>;

/// Reads a `.jsonl` record file: one JSON object with a string `id` per line, ids unique.
pub fn parse_rows(name: &str, text: &str) -> Result<Rows, String> {
    let mut rows = Rows::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line)
            .map_err(|e| format!("{name}:{}: is not a JSON record: {e}", i + 1))?;
        let Some(id) = value.get("id").and_then(Value::as_str) else {
            return Err(format!("{name}:{}: the record has no string \"id\"", i + 1));
        };
        if rows.insert(id.to_string(), line.to_string()).is_some() {
            return Err(format!("{name}:{}: id {id} appears twice", i + 1));
        }
    }
    Ok(rows)
}

fn same(a: Option<&String>, b: Option<&String>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            a == b || serde_json::from_str::<Value>(a).ok() == serde_json::from_str::<Value>(b).ok()
        }
        _ => false,
    }
}

fn value(text: Option<&String>) -> Option<Value> {
    text.and_then(|t| serde_json::from_str(t).ok())
}

/// Merges three versions of a record file; conflicts keep ours.
pub fn merge_rows(
    kind: &str,
    file: &str,
    base: &Rows,
    ours: &Rows,
    theirs: &Rows,
) -> (Rows, Vec<Conflict>) {
    let ids: BTreeSet<&String> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .collect();
    let mut out = Rows::new();
    let mut conflicts = Vec::new();
    for id in ids {
        let (b, o, t) = (base.get(id), ours.get(id), theirs.get(id));
        let take = if same(o, t) || same(t, b) {
            o
        } else if same(o, b) {
            t
        } else {
            conflicts.push(Conflict {
                kind: kind.to_string(),
                id: id.clone(),
                file: file.to_string(),
                base: value(b),
                ours: value(o),
                theirs: value(t),
            });
            o
        };
        if let Some(line) = take {
            out.insert(id.clone(), line.clone());
        }
    }
    (out, conflicts)
}

/// The rows as a file: sorted by id, one per line.
pub fn rows_text(rows: &Rows) -> String {
    let mut out = String::new();
    for line in rows.values() {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Merges two versions of a JSON object key by key against the ancestor; returns the merged
/// object and the keys changed differently on both sides (which keep ours).
pub fn merge_map(
    base: &Map<String, Value>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
) -> (Map<String, Value>, Vec<String>) {
    let keys: BTreeSet<&String> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .collect();
    let mut merged = ours.clone();
    let mut conflicts = Vec::new();
    for key in keys {
        let (b, o, t) = (base.get(key), ours.get(key), theirs.get(key));
        if o == t || t == b {
            continue;
        }
        if o == b {
            match t {
                Some(v) => {
                    merged.insert(key.clone(), v.clone());
                }
                None => {
                    merged.remove(key);
                }
            }
        } else {
            conflicts.push(key.clone());
        }
    }
    (merged, conflicts)
}
