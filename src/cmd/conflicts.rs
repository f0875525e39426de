//! `bangfu conflicts` and `bangfu resolve ID --take ours|theirs` (README, "Several offices"):
//! the records a merge left in conflict, settled through the normal write path.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::cli::{Format, ResolveArgs, Side};
use crate::error::{Error, ExitStatus, Result};
use crate::lang::{Lang, Text};
use crate::merge::{self, Conflict};
use crate::model::{Kind, Record};
use crate::store::journal::Subject;
use crate::store::verify::{Finding, Problem};
use crate::store::{Store, Txn, fsio};

use super::Ctx;

pub fn list(ctx: &mut Ctx) -> Result<ExitStatus> {
    let store = ctx.store()?;
    let mut conflicts = merge::pending(store.root())?;
    if !ctx.out.unmask {
        for c in &mut conflicts {
            for v in [&mut c.base, &mut c.ours, &mut c.theirs]
                .into_iter()
                .flatten()
            {
                super::log::mask(v);
            }
        }
    }
    if ctx.out.format == Format::Json {
        ctx.out.json(&conflicts)?;
        return Ok(ExitStatus::Success);
    }
    let lang = ctx.out.lang;
    if conflicts.is_empty() {
        ctx.out.note(lang.pick("no conflicts", "没有冲突"))?;
        return Ok(ExitStatus::Success);
    }
    let pending = conflicts.iter().filter(|c| c.merged.is_some()).count();
    for c in &conflicts {
        let kind = kind_label(&c.kind, lang);
        let title = match (&c.merged, &c.moved_to, lang) {
            (Some(_), Some(v), Lang::En) => format!(
                "{kind} {} moved to village {v} in one copy and changed in the other; `bangfu \
                 reconcile` writes the merged version there:",
                c.id
            ),
            (Some(_), Some(v), Lang::Zh) => format!(
                "{kind} {} 在一方移到了村 {v}，在另一方被修改；`bangfu reconcile` 把合并后的版本写到那里：",
                c.id
            ),
            (None, Some(v), Lang::En) => format!(
                "{kind} {} moved to village {v} in one copy, and both copies changed the same \
                 field:",
                c.id
            ),
            (None, Some(v), Lang::Zh) => {
                format!("{kind} {} 在一方移到了村 {v}，双方又改了同一字段：", c.id)
            }
            (_, None, Lang::En) => format!("{kind} {} ({}):", c.id, c.file),
            (_, None, Lang::Zh) => format!("{kind} {}（{}）：", c.id, c.file),
        };
        ctx.out.line(&title)?;
        let mut rows = Vec::new();
        for field in fields(c) {
            let cell = |v: &Option<Value>| match v {
                None => lang.pick("(absent)", "（无）").to_string(),
                Some(Value::Object(m)) => m.get(&field).map(show).unwrap_or_default(),
                Some(other) if field.is_empty() => show(other),
                Some(_) => String::new(),
            };
            let (b, o, t) = (cell(&c.base), cell(&c.ours), cell(&c.theirs));
            let mark = if o == t { "" } else { "*" };
            let mut row = vec![format!("{mark}{field}"), b, o, t];
            if c.merged.is_some() {
                row.push(cell(&c.merged));
            }
            rows.push(row);
        }
        let names = match lang {
            Lang::En => ["field", "base", "ours", "theirs", "merged"],
            Lang::Zh => ["字段", "共同祖先", "本方", "对方", "合并后"],
        };
        let shown = if c.merged.is_some() { 5 } else { 4 };
        let headers: Vec<String> = names[..shown].iter().map(|h| (*h).to_string()).collect();
        ctx.out.table(&headers, &rows)?;
        ctx.out.line("")?;
    }
    let real = conflicts.len() - pending;
    if real > 0 {
        let en = format!(
            "{real} conflict{}: settle each with `bangfu resolve ID --take ours|theirs`, then \
             `git add -A && git commit`",
            if real == 1 { "" } else { "s" }
        );
        let zh = format!(
            "{real} 处冲突：逐一用 `bangfu resolve ID --take ours|theirs` 解决，然后 \
             `git add -A && git commit`"
        );
        ctx.out.note(lang.pick(&en, &zh))?;
    }
    if pending > 0 {
        let en = format!(
            "{pending} moved record{} to reconcile: run `bangfu reconcile`, then commit",
            if pending == 1 { "" } else { "s" }
        );
        let zh = format!("{pending} 条移动过的记录待合并：运行 `bangfu reconcile`，然后提交");
        ctx.out.note(lang.pick(&en, &zh))?;
    }
    Ok(ExitStatus::Success)
}

/// A conflict's kind as the language names it (`household`, 贫困户); a kind that is no
/// record's (`policy`) as it is.
fn kind_label(kind: &str, lang: Lang) -> &str {
    Subject::label_of(kind, lang)
}

/// The fields to show side by side: every field of any version, in first-seen order; one
/// empty name for a value that is not a record (a policy setting).
fn fields(c: &Conflict) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for v in [&c.base, &c.ours, &c.theirs, &c.merged]
        .into_iter()
        .flatten()
    {
        match v {
            Value::Object(m) => {
                for k in m.keys() {
                    if seen.insert(k.clone()) {
                        out.push(k.clone());
                    }
                }
            }
            _ => {
                if seen.insert(String::new()) {
                    out.push(String::new());
                }
            }
        }
    }
    out
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

pub fn resolve(ctx: &mut Ctx, args: ResolveArgs) -> Result<ExitStatus> {
    let store = ctx.store()?;
    let matching: Vec<Conflict> = merge::pending(store.root())?
        .into_iter()
        .filter(|c| c.id == args.id && args.kind.as_ref().is_none_or(|k| *k == c.kind))
        .collect();
    let conflict = match matching.as_slice() {
        [] => {
            let id = &args.id;
            let (of, of_zh) = args.kind.as_ref().map_or_else(Default::default, |k| {
                (format!(" of kind {k}"), format!("（类型 {k}）"))
            });
            return Err(Error::rejected_in(Text {
                en: format!("no conflict for {id}{of}; `bangfu conflicts` lists them"),
                zh: format!("{id}{of_zh} 没有冲突；`bangfu conflicts` 会列出冲突"),
            }));
        }
        [one] => one.clone(),
        several => {
            let kinds: Vec<&str> = several.iter().map(|c| c.kind.as_str()).collect();
            let id = &args.id;
            return Err(Error::usage_in(Text {
                en: format!(
                    "{id} is in conflict as {}; give --kind",
                    kinds.join(" and ")
                ),
                zh: format!(
                    "{id} 以 {} 的身份处于冲突中；请给出 --kind",
                    kinds.join(" 和 ")
                ),
            }));
        }
    };
    let chosen = match args.take {
        Side::Ours => conflict.ours.clone(),
        Side::Theirs => conflict.theirs.clone(),
    };
    let actor = ctx.actor()?;
    store.write(&actor, |txn| write_version(txn, &conflict, chosen.as_ref()))?;
    merge::clear(store.root(), &conflict)?;
    let side = match args.take {
        Side::Ours => ("ours", "本方"),
        Side::Theirs => ("theirs", "对方"),
    };
    let en = format!(
        "resolved {} {}: took {}",
        conflict.kind, conflict.id, side.0
    );
    let kind = kind_label(&conflict.kind, Lang::Zh);
    let zh = format!("已解决 {kind} {}：采用{}的版本", conflict.id, side.1);
    ctx.out.note(ctx.out.lang.pick(&en, &zh))?;
    Ok(ExitStatus::Success)
}

/// Writes every record a merge left pending (moved in one copy, changed in the other) in its
/// new village with both changes, in one journaled change.
pub fn reconcile(ctx: &mut Ctx) -> Result<ExitStatus> {
    let store = ctx.store()?;
    // Run by the post-merge hook after every merge git makes, a fast-forward included, which
    // runs no merge driver: the files git wrote are new to the id index.
    crate::store::index::invalidate(store.root());
    let pending: Vec<Conflict> = merge::pending(store.root())?
        .into_iter()
        .filter(|c| c.merged.is_some())
        .collect();
    if pending.is_empty() {
        // Quiet: the post-merge hook runs this after every merge.
        return Ok(ExitStatus::Success);
    }
    let actor = ctx.actor()?;
    store.write(&actor, |txn| {
        for c in &pending {
            write_version(txn, c, c.merged.as_ref())?;
        }
        Ok(())
    })?;
    for c in &pending {
        merge::clear(store.root(), c)?;
        let village = c.moved_to.as_deref().unwrap_or_default();
        let en = format!(
            "reconciled {} {} in village {village}: both copies' changes applied; commit it",
            c.kind, c.id
        );
        let zh = format!(
            "已在村 {village} 合并 {} {}：双方的修改都已写入；请提交",
            kind_label(&c.kind, Lang::Zh),
            c.id
        );
        ctx.out.note(ctx.out.lang.pick(&en, &zh))?;
    }
    Ok(ExitStatus::Success)
}

/// Writes the chosen version of a record (or policy setting) as any command would.
fn write_version(txn: &mut Txn<'_>, c: &Conflict, chosen: Option<&Value>) -> Result<()> {
    match c.kind.as_str() {
        "policy" => {
            let mut policy = txn.manifest().policy.clone();
            match chosen {
                Some(v) => policy.insert(c.id.clone(), v.clone()),
                None => policy.remove(&c.id),
            };
            txn.set_policy(&c.id, policy)
        }
        kind => match Kind::from_name(kind) {
            Some(k) => k.visit(WriteRecord {
                txn,
                id: &c.id,
                chosen,
            }),
            None => Err(Error::rejected_in(Text {
                en: format!(
                    "{kind} {}: this bangfu cannot write that kind; edit {} by hand and remove \
                     its file under .bangfu/conflicts/",
                    c.id, c.file
                ),
                zh: format!(
                    "{kind} {}：此版本的 bangfu 无法写入这种类型；请手工编辑 {} 并删除 \
                     .bangfu/conflicts/ 下它的文件",
                    c.id, c.file
                ),
            })),
        },
    }
}

/// Writes the chosen version of one record of its kind.
struct WriteRecord<'t, 's, 'v> {
    txn: &'t mut Txn<'s>,
    id: &'v str,
    chosen: Option<&'v Value>,
}

impl crate::model::KindVisitor for WriteRecord<'_, '_, '_> {
    type Out = Result<()>;

    fn visit<R: Record>(self) -> Result<()> {
        write_record::<R>(self.txn, self.id, self.chosen)
    }
}

fn write_record<R: Record>(txn: &mut Txn<'_>, id: &str, chosen: Option<&Value>) -> Result<()> {
    let current = txn.get::<R>(id)?;
    let Some(value) = chosen else {
        if current.is_some() {
            txn.delete::<R>(id)?;
        }
        return Ok(());
    };
    let record: R = serde_json::from_value(value.clone()).map_err(|e| {
        Error::rejected_in(Text {
            en: format!(
                "{} {id}: the chosen version is not a valid record: {e}",
                R::KIND.name()
            ),
            zh: format!("{} {id}：选定的版本不是有效的记录：{e}", R::KIND.zh()),
        })
    })?;
    record
        .validate()
        .map_err(|e| super::fields::invalid(R::KIND, id, &e))?;
    match current {
        // Already as chosen: git merged it into the file. Its journal must say so too.
        Some(current)
            if serde_json::to_value(&current).ok() == serde_json::to_value(&record).ok() =>
        {
            txn.journal_as_stored(&record)
        }
        Some(_) => txn.replace(&record),
        None => txn.insert(&record),
    }
}

/// What `verify` adds for several offices: each conflict not yet resolved, and each merge
/// line whose record of the re-chained lines does not hold, in `merge_journals` (those
/// verify found holding merge lines).
pub fn problems(store: &Store, merge_journals: &[PathBuf]) -> Result<Vec<Finding>> {
    let mut out = Vec::new();
    for c in merge::pending(store.root())? {
        if c.merged.is_some() {
            out.push(Finding::new(
                Problem::MergePending {
                    kind: c.kind.clone(),
                    id: c.id.clone(),
                    moved_to: c.moved_to.clone().unwrap_or_default(),
                },
                Path::new(&c.file),
                None,
            ));
            continue;
        }
        out.push(Finding::new(
            Problem::MergeConflict {
                kind: c.kind.clone(),
                id: c.id.clone(),
            },
            Path::new(&c.file),
            None,
        ));
    }
    for path in merge_journals {
        let Some(text) = fsio::read_text(path).ok().flatten() else {
            continue;
        };
        for (line, message) in merge::journal::check_merge_lines(&text) {
            out.push(Finding::new(
                Problem::BadMergeLine { message },
                store.layout().relative(path),
                Some(line),
            ));
        }
    }
    Ok(out)
}
