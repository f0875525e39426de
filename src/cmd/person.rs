//! `bangfu person add|list|show|update|remove`

use crate::cli::PersonCommand;
use crate::error::{ExitStatus, Result};
use crate::model::{Level, Person};

use super::{Ctx, fields};

pub fn run(ctx: &mut Ctx, command: PersonCommand) -> Result<ExitStatus> {
    match command {
        PersonCommand::Add(f) => fields::add::<Person>(ctx, f.id.as_ref(), &f.given())?,
        PersonCommand::List(args) => {
            let level = args
                .level
                .as_ref()
                .map(|s| {
                    fields::label::<Level>("level", s)
                        .map_err(|e| crate::error::Error::invalid_value(&e))
                })
                .transpose()?;
            let people: Vec<Person> = ctx
                .store()?
                .people()?
                .into_iter()
                .filter(|p| {
                    args.village.is_none() || p.home_village.as_deref() == args.village.as_deref()
                })
                .filter(|p| args.unit.is_none() || p.unit.as_deref() == args.unit.as_deref())
                .filter(|p| level.is_none() || p.level == level)
                .collect();
            ctx.out.list(&people)?;
        }
        PersonCommand::Show(args) => fields::show::<Person>(ctx, &args.id)?,
        PersonCommand::Update(args) => {
            fields::update_args::<Person, _>(ctx, &args, fields::unguarded)?;
        }
        PersonCommand::Remove(args) => fields::remove::<Person>(ctx, &args.id, fields::removable)?,
    }
    Ok(ExitStatus::Success)
}
