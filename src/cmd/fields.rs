//! The commands every record kind shares — add, show, update, remove, list — written once
//! over the kind's declaration, and the checks they share: required flags, `--clear`,
//! references to other records, and what refers to a record that is about to be removed.

use serde_json::{Map, Value};

use crate::cli::{FieldFlags, Update};
use crate::error::{Error, Result};
use crate::lang::Text;
use crate::model::{Field, Invalid, Kind, Labelled, Presence, Record, check_id, parse_enum};
use crate::store::{Registry, Txn};

use super::Ctx;

/// The values given on the command line, by field (the flag's struct field name).
pub type Given = Vec<(&'static str, Vec<String>)>;

/// The message for an invalid field of a record.
pub fn invalid(kind: Kind, id: &str, e: &Invalid) -> Error {
    crate::error::Error::invalid_record(kind, id, e)
}

/// The declared field a command-line name stands for.
fn column<R: Record>(name: &str) -> &'static Field {
    R::COLUMNS
        .iter()
        .find(|c| c.answers_to(name))
        .unwrap_or_else(|| panic!("{} has no field for --{name}", R::KIND.name()))
}

/// Sets the given values on a record's stored form.
fn apply<R: Record>(record: &mut Map<String, Value>, given: &Given) -> Result<(), Invalid> {
    for (name, values) in given {
        let column = column::<R>(name);
        record.insert(column.field.to_string(), column.parse(values)?);
    }
    Ok(())
}

/// The record a stored form makes, or why it cannot be one.
fn build<R: Record>(id: &str, record: Map<String, Value>) -> Result<R> {
    serde_json::from_value(Value::Object(record)).map_err(|e| {
        Error::rejected_in(Text {
            en: format!("{} {id}: {e}", R::KIND.name()),
            zh: format!("{} {id}：{e}", R::KIND.zh()),
        })
    })
}

/// `add`: a new record of the values given, checked and written; prints its id.
pub fn add<R: Record>(ctx: &mut Ctx, id: Option<&String>, given: &Given) -> Result<()> {
    add_guarded::<R>(ctx, id, given, removable)
}

/// `add`, letting `guard` refuse the new record given the store as this change sees it.
pub fn add_guarded<R: Record>(
    ctx: &mut Ctx,
    id: Option<&String>,
    given: &Given,
    guard: impl FnOnce(&mut Txn<'_>, &R) -> Result<()>,
) -> Result<()> {
    let missing: Vec<String> = R::COLUMNS
        .iter()
        .filter(|c| c.presence == Presence::Required && c.field != "id")
        .filter(|c| !given.iter().any(|(name, _)| c.answers_to(name)))
        .map(Field::cli_flag)
        .collect();
    if !missing.is_empty() {
        let missing = missing.join(", ");
        return Err(Error::usage_in(Text {
            en: format!("{} add needs {missing}", R::KIND.name()),
            zh: format!("`{} add` 需要 {missing}", R::KIND.name()),
        }));
    }
    let store = ctx.store()?;
    let record = store.write(&ctx.actor()?, |txn| {
        let id = new_id(txn, R::KIND, id)?;
        let mut stored = Map::new();
        stored.insert("id".into(), Value::from(id.clone()));
        apply::<R>(&mut stored, given).map_err(|e| invalid(R::KIND, &id, &e))?;
        let record: R = build(&id, stored)?;
        check(txn, &record)?;
        guard(txn, &record)?;
        txn.insert(&record)?;
        Ok(record)
    })?;
    ctx.out.changed(&record, true)
}

/// A kind's `update` as the command line gives it (see `update_fields`).
pub fn update_args<R: Record, F: FieldFlags + clap::Args>(
    ctx: &mut Ctx,
    args: &Update<F>,
    guard: impl FnOnce(&mut Txn<'_>, &R, &R) -> Result<()>,
) -> Result<()> {
    let given = args.fields.given();
    let new_id = args.fields.new_id();
    update_fields(ctx, &args.id, new_id, &given, &args.clear.clear, guard)
}

/// `update`: clears the fields named by `--clear`, then sets the values given.
pub fn update_fields<R: Record>(
    ctx: &mut Ctx,
    id: &str,
    new_id: Option<&String>,
    given: &Given,
    clear_fields: &[String],
    guard: impl FnOnce(&mut Txn<'_>, &R, &R) -> Result<()>,
) -> Result<()> {
    no_rename(R::KIND, id, new_id)?;
    // `--clear helper --helper P2` asks for two things of one field: neither is guessed.
    for name in clear_fields {
        let cleared = R::COLUMNS.iter().find(|c| c.answers_to(name));
        if let Some(c) = cleared
            && given
                .iter()
                .any(|(given, _)| column::<R>(given).field == c.field)
        {
            let flag = crate::model::value::flag_for(c.field);
            return Err(Error::usage_in(Text {
                en: format!("--clear {name} and {flag} both given; give one of them"),
                zh: format!("同时给了 --clear {name} 和 {flag}；二者只能给其一"),
            }));
        }
    }
    update(
        ctx,
        id,
        |r: &mut R| {
            clear(r, clear_fields)?;
            let mut stored = match serde_json::to_value(&*r) {
                Ok(Value::Object(m)) => m,
                _ => Map::new(),
            };
            apply::<R>(&mut stored, given).map_err(|e| invalid(R::KIND, id, &e))?;
            *r = build(id, stored)?;
            Ok(())
        },
        guard,
    )
}

/// `show`: the record, or a refusal naming the id.
pub fn find<R: Record>(ctx: &Ctx, id: &str) -> Result<R> {
    ctx.store()?
        .find::<R>(id)?
        .ok_or_else(|| Error::no_such_record(R::KIND, id))
}

/// `show`: one record, as a field/value table or the record as stored.
pub fn show<R: Record>(ctx: &mut Ctx, id: &str) -> Result<()> {
    let record = find::<R>(ctx, id)?;
    ctx.out.record(&record)
}

/// `remove`: refused while others refer to the record, or while `guard` says no.
pub fn remove<R: Record>(
    ctx: &mut Ctx,
    id: &str,
    guard: impl FnOnce(&mut Txn<'_>, &R) -> Result<()>,
) -> Result<()> {
    let store = ctx.store()?;
    store.write(&ctx.actor()?, |txn| {
        let Some(record) = txn.get::<R>(id)? else {
            return Err(Error::no_such_record(R::KIND, id));
        };
        guard(txn, &record)?;
        // Only kinds that some kind's declaration refers to need the registry read.
        let referable = Kind::ALL
            .iter()
            .any(|k| k.columns().iter().any(|c| c.ty.target() == Some(R::KIND)));
        if referable {
            refuse_if_referenced(&txn.store().load()?, R::KIND, id)?;
        }
        txn.delete::<R>(id).map(drop)
    })?;
    ctx.out.removed(R::KIND, id)
}

/// A `guard` for `remove` that refuses nothing.
#[allow(clippy::unnecessary_wraps)]
pub fn removable<R>(_: &mut Txn<'_>, _: &R) -> Result<()> {
    Ok(())
}

/// The id for a new record: the one given (checked), or the next free one.
pub fn new_id(txn: &mut Txn<'_>, kind: Kind, given: Option<&String>) -> Result<String> {
    match given {
        Some(id) => {
            // Spaces pasted around an id are dropped, as around a reference.
            let id = id.trim();
            check_id("id", id).map_err(|e| invalid(kind, id, &e))?;
            Ok(id.to_string())
        }
        None => txn.next_id(kind),
    }
}

/// A list filter's enumeration value, in English or Chinese.
pub fn label<T: Labelled>(field: &'static str, s: &str) -> Result<T, Invalid> {
    parse_enum(field, s)
}

/// Applies `--clear FIELD` (stored name or flag name) to a record.
pub fn clear<R: Record>(record: &mut R, fields: &[String]) -> Result<()> {
    for f in fields {
        record.clear(f).map_err(|msg| {
            let id = record.id();
            Error::rejected_in(Text {
                en: format!("{} {id}: {}", R::KIND.name(), msg.en),
                zh: format!("{} {id}：{}", R::KIND.zh(), msg.zh),
            })
        })?;
    }
    Ok(())
}

/// Validates a record and the records it refers to, as this change sees the store.
pub fn check<R: Record>(txn: &mut Txn<'_>, record: &R) -> Result<()> {
    let id = record.id().to_string();
    record.validate().map_err(|e| invalid(R::KIND, &id, &e))?;
    let home = txn.home(record)?;
    for (kind, field, target) in record.references() {
        let unknown = || {
            let flag = crate::model::value::flag_for(field);
            Error::unknown_reference(R::KIND, &id, &flag, target, kind)
        };
        match kind {
            Kind::Person => {
                if !txn.person_exists(target)? {
                    return Err(unknown());
                }
            }
            Kind::Village => {
                if R::KIND != Kind::Village && txn.village(target)?.is_none() {
                    return Err(unknown());
                }
            }
            // A record refers only to records of its own village.
            kind => match txn.locate(kind, target)? {
                None => return Err(unknown()),
                Some(v) if Some(&v) != home.as_ref() => {
                    let (is, is_zh) = if kind == Kind::Team {
                        ("is stationed", "驻在")
                    } else {
                        ("is", "属于")
                    };
                    let home = home.unwrap_or_default();
                    let flag = crate::model::value::flag_for(field);
                    return Err(Error::rejected_in(Text {
                        en: format!(
                            "{} {id}: {flag} {target} {is} in village {v}, not {home}; expected a {} of the same village",
                            R::KIND.name(),
                            kind.name()
                        ),
                        zh: format!(
                            "{} {id}：{flag} {target} {is_zh}村 {v}，不是 {home}；应为同一村的{}",
                            R::KIND.zh(),
                            kind.zh()
                        ),
                    }));
                }
                Some(_) => {}
            },
        }
    }
    super::duty::admit(txn, record)
}

/// The records that refer to record `id` of `kind`, described for a refusal to remove it:
/// `household H1 (helper)`, in Chinese `贫困户 H1（--helper）`.
pub fn referrers(registry: &Registry, kind: Kind, id: &str) -> Vec<Text> {
    let mut found = Vec::new();
    let mut note = |what: Text| found.push(what);
    let mut scan = |holder: Kind, holder_id: &str, refs: Vec<(Kind, &'static str, &str)>| {
        for (k, field, target) in refs {
            if k == kind && target == id && !(holder == kind && holder_id == id) {
                note(Text {
                    en: format!("{} {holder_id} ({field})", holder.name()),
                    zh: format!(
                        "{} {holder_id}（{}）",
                        holder.zh(),
                        crate::model::value::flag_for(field)
                    ),
                });
            }
        }
    };
    for p in &registry.people {
        scan(Kind::Person, &p.id, p.references());
    }
    for v in &registry.villages {
        scan(Kind::Village, &v.village.id, v.village.references());
        for t in &v.teams {
            scan(Kind::Team, &t.id, t.references());
        }
        for h in &v.households {
            scan(Kind::Household, &h.id, h.references());
        }
        for a in &v.allocations {
            scan(Kind::Allocation, &a.id, a.references());
        }
        for p in &v.plans {
            scan(Kind::Plan, &p.id, p.references());
        }
        for m in &v.members {
            scan(Kind::Member, &m.id, m.references());
        }
        for c in &v.cases {
            scan(Kind::Case, &c.id, c.references());
        }
        for a in &v.attendance {
            scan(Kind::Attendance, &a.id, a.references());
        }
        for l in &v.leaves {
            scan(Kind::Leave, &l.id, l.references());
        }
        for a in &v.assessments {
            scan(Kind::Assessment, &a.id, a.references());
        }
    }
    found.dedup();
    found
}

/// Refuses a removal while other records refer to the record.
pub fn refuse_if_referenced(registry: &Registry, kind: Kind, id: &str) -> Result<()> {
    let found = referrers(registry, kind, id);
    if found.is_empty() {
        return Ok(());
    }
    let shown: Vec<&str> = found.iter().take(5).map(|t| t.en.as_str()).collect();
    let shown_zh: Vec<&str> = found.iter().take(5).map(|t| t.zh.as_str()).collect();
    let (more, more_zh) = if found.len() > 5 {
        let n = found.len() - 5;
        (format!(" and {n} more"), format!("等另外 {n} 条记录"))
    } else {
        (String::new(), String::new())
    };
    Err(Error::rejected_in(Text {
        en: format!(
            "{} {id} cannot be removed: {} still refer{} to it{more}; change or remove them first",
            kind.name(),
            shown.join(", "),
            if found.len() == 1 { "s" } else { "" }
        ),
        zh: format!(
            "{} {id} 不能删除：{}{more_zh}仍引用它；请先修改或删除它们",
            kind.zh(),
            shown_zh.join("、"),
        ),
    }))
}

/// The villages a `list` covers: `--village`, else those matching `--county`/`--township`.
pub fn scope(store: &crate::store::Store, filter: &crate::cli::ListFilter) -> Result<Vec<String>> {
    if let Some(v) = &filter.village {
        if store.village(v)?.is_none() {
            return Err(Error::rejected_in(Text {
                en: format!("--village {v} is not a known village"),
                zh: format!("--village {v} 不是已知的村"),
            }));
        }
        if filter.county.is_none() && filter.township.is_none() {
            return Ok(vec![v.clone()]);
        }
    }
    let mut out = Vec::new();
    let (mut county_seen, mut township_seen) = (false, false);
    for id in store.village_ids()? {
        if filter.county.is_none() && filter.township.is_none() {
            if filter.village.as_ref().is_none_or(|v| *v == id) {
                out.push(id);
            }
            continue;
        }
        let Some(v) = store.village(&id)? else {
            continue;
        };
        let county_ok = filter.county.as_ref().is_none_or(|c| *c == v.county);
        let township_ok = filter.township.as_ref().is_none_or(|t| *t == v.township);
        county_seen |= filter.county.is_some() && county_ok;
        township_seen |= filter.township.is_some() && township_ok;
        if county_ok && township_ok && filter.village.as_ref().is_none_or(|v| *v == id) {
            out.push(id);
        }
    }
    // A county or township that no village has is a typo, not an empty result: `check
    // --county` says the same.
    if let Some(c) = filter.county.as_ref().filter(|_| !county_seen) {
        return Err(Error::rejected_in(Text {
            en: format!("--county {c} is not the county of any village in the store"),
            zh: format!("--county {c} 不是仓库中任何村所在的县"),
        }));
    }
    if let Some(t) = filter.township.as_ref().filter(|_| !township_seen) {
        return Err(Error::rejected_in(Text {
            en: format!("--township {t} is not the township of any village in the store"),
            zh: format!("--township {t} 不是仓库中任何村所在的乡镇"),
        }));
    }
    Ok(out)
}

/// Parses a `--status` filter for a list.
pub fn status_filter<T: Labelled>(s: Option<&String>) -> Result<Option<T>> {
    s.map(|s| label::<T>("status", s).map_err(|e| crate::error::Error::invalid_value(&e)))
        .transpose()
}

/// `update` cannot change an id: ids are what the journal and other records refer to.
pub fn no_rename(kind: Kind, id: &str, given: Option<&String>) -> Result<()> {
    match given {
        Some(new) if new != id => Err(Error::rejected_in(Text {
            en: format!(
                "{} {id}: --id {new} cannot be changed by update; ids are permanent (add a new record and remove this one)",
                kind.name()
            ),
            zh: format!(
                "{} {id}：--id {new} 不能用 `update` 修改；编号是永久的（请新增一条记录并删除这一条）",
                kind.zh()
            ),
        })),
        _ => Ok(()),
    }
}

/// Changes record `id`: applies `edit`, checks the result and what it refers to, lets
/// `guard` refuse it given the record as it was, writes it, and prints it as `update` does.
pub fn update<R: Record>(
    ctx: &mut super::Ctx,
    id: &str,
    edit: impl FnOnce(&mut R) -> Result<()>,
    guard: impl FnOnce(&mut Txn<'_>, &R, &R) -> Result<()>,
) -> Result<()> {
    let store = ctx.store()?;
    let record = store.write(&ctx.actor()?, |txn| {
        let old = txn
            .get::<R>(id)?
            .ok_or_else(|| Error::no_such_record(R::KIND, id))?;
        let mut new = old.clone();
        edit(&mut new)?;
        check(txn, &new)?;
        guard(txn, &old, &new)?;
        txn.replace(&new)?;
        Ok(new)
    })?;
    ctx.out.changed(&record, false)
}

/// A `guard` for `update` that refuses nothing (its signature is the guard's).
#[allow(clippy::unnecessary_wraps)]
pub fn unguarded<R>(_: &mut Txn<'_>, _: &R, _: &R) -> Result<()> {
    Ok(())
}
