//! Turning command-line values into record fields, and the checks every `add` and `update`
//! share: required flags, `--clear`, references to other records, and what refers to a record
//! that is about to be removed.

use crate::error::{Error, Result, rejected};
use crate::model::{
    Date, Household, Invalid, Kind, Labelled, Record, Team, check_id, parse_date, parse_enum,
    parse_yuan,
};
use crate::store::{Registry, Txn};

/// The message for an invalid field of a record.
pub fn invalid(kind: Kind, id: &str, e: &Invalid) -> Error {
    crate::error::Error::invalid_record(kind, id, e)
}

/// `add` needs these flags; a missing one is bad usage.
pub fn require(kind: Kind, flags: &[(&str, bool)]) -> Result<()> {
    let missing: Vec<String> = flags
        .iter()
        .filter(|(_, given)| !given)
        .map(|(f, _)| format!("--{f}"))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "{} add needs {}",
            kind.name(),
            missing.join(", ")
        )))
    }
}

/// The id for a new record: the one given (checked), or the next free one.
pub fn new_id(txn: &mut Txn<'_>, kind: Kind, given: Option<&String>) -> Result<String> {
    match given {
        Some(id) => {
            check_id("id", id).map_err(|e| invalid(kind, id, &e))?;
            Ok(id.clone())
        }
        None => txn.next_id(kind),
    }
}

/// Text for a required field: trimmed, non-empty.
pub fn text(field: &'static str, s: &str) -> Result<String, Invalid> {
    let t = s.trim();
    if t.is_empty() {
        Err(Invalid::new(field, s, "is empty; expected some text"))
    } else {
        Ok(t.to_string())
    }
}

pub fn date(field: &'static str, s: &str) -> Result<Date, Invalid> {
    parse_date(field, s)
}

pub fn yuan(field: &'static str, s: &str) -> Result<i64, Invalid> {
    parse_yuan(field, s)
}

pub fn label<T: Labelled>(field: &'static str, s: &str) -> Result<T, Invalid> {
    parse_enum(field, s)
}

/// A list of enumeration values, each in English or Chinese.
pub fn labels<T: Labelled>(field: &'static str, values: &[String]) -> Result<Vec<T>, Invalid> {
    let mut out: Vec<T> = Vec::new();
    for v in values {
        let parsed: T = parse_enum(field, v)?;
        if !out.iter().any(|o| o.en() == parsed.en()) {
            out.push(parsed);
        }
    }
    Ok(out)
}

/// A whole number within `range`.
pub fn count(field: &'static str, s: &str, min: u32, max: u32, what: &str) -> Result<u32, Invalid> {
    match s.trim().parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(Invalid::new(
            field,
            s,
            format!("is not valid; expected {what}"),
        )),
    }
}

/// Applies `--clear FIELD` (stored name or flag name) to a record.
pub fn clear<R: Record>(record: &mut R, fields: &[String]) -> Result<()> {
    for f in fields {
        let name = f.trim_start_matches("--").replace('-', "_");
        record
            .clear(&name)
            .map_err(|msg| rejected(format!("{} {}: {msg}", R::KIND.name(), record.id())))?;
    }
    Ok(())
}

/// Validates a record and the records it refers to, as this change sees the store.
pub fn check<R: Record>(txn: &mut Txn<'_>, record: &R) -> Result<()> {
    let id = record.id().to_string();
    record.validate().map_err(|e| invalid(R::KIND, &id, &e))?;
    let home = record.village().map(str::to_string);
    for (kind, field, target) in record.references() {
        let unknown = |what: Kind| {
            let flag = crate::model::Invalid::new(field, target, "").flag();
            Error::unknown_reference(R::KIND, &id, &flag, target, what)
        };
        match kind {
            Kind::Person => {
                if !txn.person_exists(target)? {
                    return Err(unknown(Kind::Person));
                }
            }
            Kind::Village => {
                if R::KIND != Kind::Village && txn.village(target)?.is_none() {
                    return Err(unknown(Kind::Village));
                }
            }
            Kind::Household => match txn.get::<Household>(target)? {
                None => return Err(unknown(Kind::Household)),
                Some(h) if Some(&h.village) != home.as_ref() => {
                    return Err(rejected(format!(
                        "{} {id}: --{field} {target} is in village {}, not {}; expected a household of the same village",
                        R::KIND.name(),
                        h.village,
                        home.unwrap_or_default()
                    )));
                }
                Some(_) => {}
            },
            Kind::Team => match txn.get::<Team>(target)? {
                None => return Err(unknown(Kind::Team)),
                Some(t) if Some(&t.village) != home.as_ref() => {
                    return Err(rejected(format!(
                        "{} {id}: --{field} {target} is stationed in village {}, not {}; expected a team of the same village",
                        R::KIND.name(),
                        t.village,
                        home.unwrap_or_default()
                    )));
                }
                Some(_) => {}
            },
            Kind::Allocation | Kind::Plan => {}
        }
    }
    Ok(())
}

/// The records that refer to record `id` of `kind`, described for a refusal to remove it.
pub fn referrers(registry: &Registry, kind: Kind, id: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut note = |what: String| found.push(what);
    let mut scan = |holder: Kind, holder_id: &str, refs: Vec<(Kind, &'static str, &str)>| {
        for (k, field, target) in refs {
            if k == kind && target == id && !(holder == kind && holder_id == id) {
                note(format!("{} {holder_id} ({field})", holder.name()));
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
    let shown: Vec<&str> = found.iter().take(5).map(String::as_str).collect();
    let more = if found.len() > 5 {
        format!(" and {} more", found.len() - 5)
    } else {
        String::new()
    };
    Err(rejected(format!(
        "{} {id} cannot be removed: {} still refer{} to it{more}; change or remove them first",
        kind.name(),
        shown.join(", "),
        if found.len() == 1 { "s" } else { "" }
    )))
}

/// The villages a `list` covers: `--village`, else those matching `--county`/`--township`.
pub fn scope(store: &crate::store::Store, filter: &crate::cli::ListFilter) -> Result<Vec<String>> {
    if let Some(v) = &filter.village {
        if store.village(v)?.is_none() {
            return Err(rejected(format!("--village {v} is not a known village")));
        }
        if filter.county.is_none() && filter.township.is_none() {
            return Ok(vec![v.clone()]);
        }
    }
    let mut out = Vec::new();
    for id in store.village_ids()? {
        if filter.village.as_ref().is_some_and(|v| *v != id) {
            continue;
        }
        if filter.county.is_none() && filter.township.is_none() {
            out.push(id);
            continue;
        }
        let Some(v) = store.village(&id)? else {
            continue;
        };
        if filter.county.as_ref().is_none_or(|c| *c == v.county)
            && filter.township.as_ref().is_none_or(|t| *t == v.township)
        {
            out.push(id);
        }
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
        Some(new) if new != id => Err(rejected(format!(
            "{} {id}: --id {new} cannot be changed by update; ids are permanent (add a new record and remove this one)",
            kind.name()
        ))),
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
    let record = store.write(&ctx.actor(), |txn| {
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
