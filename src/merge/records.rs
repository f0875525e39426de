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

/// Where a record removed from this file on one side now is on that side: `moved(ours_side,
/// id)` gives the village it moved to and its line there.
pub type Moved<'a> = &'a dyn Fn(bool, &str) -> Option<(String, String)>;

/// Merges three versions of a record file; conflicts keep ours. A record removed on one side
/// because it moved to another village there, and changed on the other side, leaves this
/// file; when the two touched different fields, the merged record is returned as a pending
/// move (a `Conflict` with `merged`) for `bangfu reconcile` to write in its new village.
pub fn merge_rows(
    kind: &str,
    file: &str,
    base: &Rows,
    ours: &Rows,
    theirs: &Rows,
    moved: Moved<'_>,
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
        } else if let Some(pending) = move_and_change(kind, id, b, o, t, moved) {
            conflicts.push(pending);
            None
        } else {
            conflicts.push(Conflict {
                kind: kind.to_string(),
                id: id.clone(),
                file: file.to_string(),
                base: value(b),
                ours: value(o),
                theirs: value(t),
                merged: None,
                moved_to: None,
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

/// A store's policy merged setting by setting, as `merge_map` merges; a setting that is
/// itself a map (a monitoring line per year, a severity per rule) merges entry by entry, so
/// that two offices that set different years or rules both keep theirs. A setting left in
/// conflict is one whose same entry both changed, or that is not a map on every side.
pub fn merge_policy(
    base: &Map<String, Value>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
) -> (Map<String, Value>, Vec<String>) {
    let (mut merged, conflicts) = merge_map(base, ours, theirs);
    let mut left = Vec::new();
    for key in conflicts {
        // Absent is an empty map; a value that is not a map cannot be merged by entry.
        let entries = |m: &Map<String, Value>| match m.get(&key) {
            None => Some(Map::new()),
            Some(v) => v.as_object().cloned(),
        };
        let (Some(b), Some(o), Some(t)) = (entries(base), entries(ours), entries(theirs)) else {
            left.push(key);
            continue;
        };
        let (entry, clashes) = merge_map(&b, &o, &t);
        if clashes.is_empty() {
            merged.insert(key, Value::Object(entry));
        } else {
            left.push(key);
        }
    }
    (merged, left)
}

/// A record removed on one side (moved to another village there) and changed on the other:
/// the merged record for its new village, or a conflict when both touched the same field.
pub fn move_and_change(
    kind: &str,
    id: &str,
    base: Option<&String>,
    ours: Option<&String>,
    theirs: Option<&String>,
    moved: Moved<'_>,
) -> Option<Conflict> {
    let base = value(base)?;
    let (ours_moved, changed) = match (ours, theirs) {
        (None, Some(t)) => (true, value(Some(t))?),
        (Some(o), None) => (false, value(Some(o))?),
        _ => return None,
    };
    let (village, line) = moved(ours_moved, id)?;
    let moved_record: Value = serde_json::from_str(&line).ok()?;
    let (Value::Object(b), Value::Object(m), Value::Object(c)) = (&base, &moved_record, &changed)
    else {
        return None;
    };
    let (merged, clashes) = if ours_moved {
        merge_map(b, m, c)
    } else {
        merge_map(b, c, m)
    };
    let (ours_v, theirs_v) = if ours_moved {
        (moved_record.clone(), changed.clone())
    } else {
        (changed.clone(), moved_record.clone())
    };
    Some(Conflict {
        kind: kind.to_string(),
        id: id.to_string(),
        file: format!("villages/{village}/{}.jsonl", plural_of(kind)),
        base: Some(base.clone()),
        ours: Some(ours_v),
        theirs: Some(theirs_v),
        merged: clashes.is_empty().then_some(Value::Object(merged)),
        moved_to: Some(village),
    })
}

fn plural_of(kind: &str) -> String {
    crate::model::Kind::from_name(kind)
        .map_or_else(|| format!("{kind}s"), |k| k.plural().to_string())
}
