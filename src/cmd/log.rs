//! `bangfu log [--village V] [--kind KIND] [--id ID] [--limit N]`: every change, newest first.

use serde::Serialize;
use serde_json::Value;

use crate::cli::{Format, LogArgs};
use crate::error::{Error, ExitStatus, Result};
use crate::lang::{Lang, Text};
use crate::model::{Kind, check_id, mask_id_number, mask_phone};
use crate::store::journal::{self, Entry, Op, Subject};

use super::Ctx;

/// A journal entry as stored, with the village it concerns.
#[derive(Serialize)]
struct Change {
    #[serde(flatten)]
    entry: Entry,
    village: Option<String>,
}

/// The columns of the table and of CSV, `(English, Chinese)`.
const HEADERS: [(&str, &str); 7] = [
    ("when", "时间"),
    ("actor", "操作人"),
    ("op", "操作"),
    ("kind", "类型"),
    ("id", "编号"),
    ("village", "村"),
    ("change", "变更"),
];

pub fn run(ctx: &mut Ctx, args: LogArgs) -> Result<ExitStatus> {
    let store = ctx.store()?;
    if let Some(v) = &args.village {
        check_id("village", v).map_err(|e| Error::invalid_value(&e))?;
    }
    let kind = args.kind.as_deref().map(subject).transpose()?;
    let files = journal::files(store.layout(), args.village.as_deref())?;
    // A village the store has, or had (its journal kept under `removed/`): a mistyped one
    // would otherwise look like one without changes.
    if let Some(v) = &args.village
        && files.iter().all(|p| *p == store.layout().store_journal())
        && store.village(v)?.is_none()
    {
        return Err(Error::rejected_in(Text {
            en: format!("--village {v} is not a known village, nor a removed one"),
            zh: format!("--village {v} 不是已知的村，也不是已删除的村"),
        }));
    }
    // (at, journal, seq) orders the changes; the journal's place breaks ties between journals.
    let mut changes: Vec<(String, usize, u64, Change)> = Vec::new();
    for (j, path) in files.iter().enumerate() {
        for (_, mut entry) in journal::read_entries(path)? {
            // The store-level journal's village additions repeat the village journal's own
            // first line (they let `verify` see a village go missing): shown once.
            if j == 0
                && entry.kind == Subject::Record(Kind::Village)
                && matches!(entry.op, Op::Add | Op::Register)
            {
                continue;
            }
            let village = village_of(&entry).or_else(|| journal_village(store.layout(), path));
            let wanted = kind.is_none_or(|k| entry.kind == k)
                && args.id.as_ref().is_none_or(|id| entry.id == *id)
                && args
                    .village
                    .as_ref()
                    .is_none_or(|v| village.as_ref() == Some(v));
            if !wanted {
                continue;
            }
            if !ctx.out.unmask {
                entry.before.as_mut().map(mask);
                entry.after.as_mut().map(mask);
            }
            changes.push((entry.at.clone(), j, entry.seq, Change { entry, village }));
        }
    }
    changes.sort_by(|a, b| (&b.0, b.1, b.2).cmp(&(&a.0, a.1, a.2)));
    changes.truncate(args.limit.unwrap_or(usize::MAX));
    let changes: Vec<Change> = changes.into_iter().map(|c| c.3).collect();

    let lang = ctx.out.lang;
    let headers = lang.row(&HEADERS);
    let rows = || -> Vec<Vec<String>> { changes.iter().map(|c| row(c, lang)).collect() };
    match ctx.out.format {
        Format::Json => ctx.out.json(&changes)?,
        Format::Csv => ctx.out.csv_rows(&headers, &rows())?,
        Format::Table => {
            let headers: Vec<String> = headers.iter().map(ToString::to_string).collect();
            ctx.out.table(&headers, &rows())?;
        }
    }
    Ok(ExitStatus::Success)
}

/// The village a change concerns: the village itself, or the record's `village` field.
fn village_of(entry: &Entry) -> Option<String> {
    if entry.kind == Subject::Record(Kind::Village) {
        return Some(entry.id.clone());
    }
    entry
        .after
        .as_ref()
        .or(entry.before.as_ref())
        .and_then(|r| r.get("village"))
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// The village whose journal holds a change (none for the store's own journal): the village a
/// record without a `village` field of its own (a member, kept with its household) concerns.
/// A removed village's directory is `<id>.<n>` when the id was removed more than once.
fn journal_village(layout: &crate::store::Layout, path: &std::path::Path) -> Option<String> {
    let dir = path.parent()?;
    let name = dir.file_name()?.to_str()?;
    let within = dir.parent()?;
    if within == layout.villages_dir() {
        return Some(name.to_string());
    }
    if within != layout.removed_villages_dir() {
        return None;
    }
    match name.rsplit_once('.') {
        Some((id, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            Some(id.to_string())
        }
        _ => Some(name.to_string()),
    }
}

/// Masks ID numbers and phones wherever they appear in a stored record.
pub(super) fn mask(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match (key.as_str(), &v) {
                    ("id_number", Value::String(s)) => *v = Value::String(mask_id_number(s)),
                    ("phone", Value::String(s)) => *v = Value::String(mask_phone(s)),
                    _ => mask(v),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask),
        _ => {}
    }
}

/// What `--kind` names: a kind of record (singular or plural) or `policy`.
fn subject(name: &str) -> Result<Subject> {
    if name == "policy" {
        return Ok(Subject::Policy);
    }
    Kind::from_name(name).map(Subject::Record).ok_or_else(|| {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        let names = names.join(", ");
        Error::rejected_in(Text {
            en: format!("--kind {name} is not a kind of record; expected one of {names} or policy"),
            zh: format!("--kind {name} 不是记录类型；应为 {names} 或 policy 之一"),
        })
    })
}

fn row(c: &Change, lang: Lang) -> Vec<String> {
    let e = &c.entry;
    vec![
        e.at.clone(),
        e.actor.clone(),
        e.op.label(lang).to_string(),
        e.kind.label(lang).to_string(),
        e.id.clone(),
        c.village.clone().unwrap_or_default(),
        summary(e, lang),
    ]
}

/// For an update, what changed field by field: `size: 4 → 5; helper: (none) → P1`.
fn summary(e: &Entry, lang: Lang) -> String {
    let (Some(Value::Object(before)), Some(Value::Object(after))) = (&e.before, &e.after) else {
        return String::new();
    };
    let mut keys: Vec<&String> = after.keys().collect();
    keys.extend(before.keys().filter(|k| !after.contains_key(*k)));
    keys.into_iter()
        .filter(|k| before.get(*k) != after.get(*k))
        .map(|k| {
            let (was, now) = (short(before.get(k), lang), short(after.get(k), lang));
            match lang {
                Lang::En => format!("{k}: {was} → {now}"),
                Lang::Zh => format!("{k}：{was} → {now}"),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// How many characters of a value the change column shows.
const MAX: usize = 40;

/// A value for the change column: strings bare, lists joined, long values cut short.
fn short(value: Option<&Value>, lang: Lang) -> String {
    let none = || lang.pick("(none)", "（无）").to_string();
    let text = match value {
        None | Some(Value::Null) => none(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) if items.is_empty() => none(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(","),
        Some(other) => other.to_string(),
    };
    if text.chars().count() > MAX {
        let cut: String = text.chars().take(MAX - 1).collect();
        format!("{cut}…")
    } else {
        text
    }
}
