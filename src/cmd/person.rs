//! `bangfu person add|list|show|update|remove`

use crate::cli::{PersonCommand, PersonFields};
use crate::error::{ExitStatus, Result};
use crate::model::{Invalid, Kind, Level, Person, check_id_number};
use crate::output::opt;

use super::{Ctx, fields};

fn apply(p: &mut Person, f: &PersonFields) -> Result<(), Invalid> {
    if let Some(s) = &f.name {
        p.name = fields::text("name", s)?;
    }
    if let Some(s) = &f.id_number {
        p.id_number = Some(check_id_number("id_number", s)?);
    }
    if let Some(s) = &f.unit {
        p.unit = Some(fields::text("unit", s)?);
    }
    if let Some(s) = &f.level {
        p.level = Some(fields::label::<Level>("level", s)?);
    }
    if let Some(s) = &f.home_village {
        p.home_village = Some(s.trim().to_string());
    }
    if let Some(s) = &f.phone {
        p.phone = Some(s.trim().to_string());
    }
    Ok(())
}

pub fn run(ctx: &mut Ctx, command: PersonCommand) -> Result<ExitStatus> {
    let store = ctx.store()?;
    match command {
        PersonCommand::Add(f) => {
            fields::require(Kind::Person, &[("name", f.name.is_some())])?;
            let person = store.write(&ctx.actor(), |txn| {
                let id = fields::new_id(txn, Kind::Person, f.id.as_ref())?;
                let mut p = Person {
                    id: id.clone(),
                    name: String::new(),
                    id_number: None,
                    unit: None,
                    level: None,
                    home_village: None,
                    phone: None,
                };
                apply(&mut p, &f).map_err(|e| fields::invalid(Kind::Person, &id, &e))?;
                fields::check(txn, &p)?;
                txn.insert(&p)?;
                Ok(p)
            })?;
            ctx.out.changed(&person, true)?;
        }
        PersonCommand::List(args) => {
            let level = args
                .level
                .as_ref()
                .map(|s| {
                    fields::label::<Level>("level", s)
                        .map_err(|e| crate::error::Error::invalid_value(&e))
                })
                .transpose()?;
            let people: Vec<Person> = store
                .people()?
                .into_iter()
                .filter(|p| args.village.is_none() || p.home_village == args.village)
                .filter(|p| args.unit.is_none() || p.unit == args.unit)
                .filter(|p| level.is_none() || p.level == level)
                .collect();
            ctx.out.records(
                &people,
                &[
                    ("id", |p: &Person| p.id.clone()),
                    ("name", |p| p.name.clone()),
                    ("unit", |p| opt(p.unit.as_ref())),
                    ("level", |p| opt(p.level.as_ref())),
                    ("home_village", |p| opt(p.home_village.as_ref())),
                    ("id_number", |p| opt(p.id_number.as_ref())),
                    ("phone", |p| opt(p.phone.as_ref())),
                ],
            )?;
        }
        PersonCommand::Show(args) => {
            let p = store
                .find::<Person>(&args.id)?
                .ok_or_else(|| crate::error::Error::no_such_record(Kind::Person, &args.id))?;
            ctx.out.record(&p)?;
        }
        PersonCommand::Update(args) => {
            fields::no_rename(Kind::Person, &args.id, args.fields.id.as_ref())?;
            let id = args.id.clone();
            let edit = |r: &mut Person| {
                fields::clear(r, &args.clear.clear)?;
                apply(r, &args.fields).map_err(|e| fields::invalid(Kind::Person, &id, &e))
            };
            fields::update(ctx, &args.id, edit, fields::unguarded)?;
        }
        PersonCommand::Remove(args) => {
            store.write(&ctx.actor(), |txn| {
                fields::refuse_if_referenced(&txn.store().load()?, Kind::Person, &args.id)?;
                txn.delete::<Person>(&args.id).map(drop)
            })?;
            ctx.out.removed(Kind::Person, &args.id)?;
        }
    }
    Ok(ExitStatus::Success)
}
