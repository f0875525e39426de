//! `bangfu plan add|list|show|update|remove`

use crate::cli::PlanCommand;
use crate::error::{ExitStatus, Result};
use crate::model::{Plan, PlanCategory, PlanStatus};

use super::{Ctx, fields};

pub fn run(ctx: &mut Ctx, command: PlanCommand) -> Result<ExitStatus> {
    match command {
        PlanCommand::Add(f) => fields::add::<Plan>(ctx, f.id.as_ref(), &f.given())?,
        PlanCommand::List(args) => {
            let store = ctx.store()?;
            let status = fields::status_filter::<PlanStatus>(args.filter.status.as_ref())?;
            let category = args
                .category
                .as_ref()
                .map(|s| {
                    fields::label::<PlanCategory>("category", s)
                        .map_err(|e| crate::error::Error::invalid_value(&e))
                })
                .transpose()?;
            let mut plans = Vec::new();
            for v in fields::scope(&store, &args.filter)? {
                plans.extend(store.records::<Plan>(&v)?.into_iter().filter(|p| {
                    status.is_none_or(|s| s == p.status) && category.is_none_or(|c| c == p.category)
                }));
            }
            ctx.out.list(&plans)?;
        }
        PlanCommand::Show(args) => fields::show::<Plan>(ctx, &args.id)?,
        PlanCommand::Update(args) => fields::update_args::<Plan, _>(ctx, &args, fields::unguarded)?,
        PlanCommand::Remove(args) => fields::remove::<Plan>(ctx, &args.id, fields::removable)?,
    }
    Ok(ExitStatus::Success)
}
