//! `bangfu plan add|list|show|update|remove`

use crate::cli::{PlanCommand, PlanFields};
use crate::error::{ExitStatus, Result};
use crate::model::{Invalid, Kind, Labelled, Plan, PlanCategory, PlanStatus, check_id};
use crate::output::{opt, yuan};

use super::{Ctx, fields};

fn apply(p: &mut Plan, f: &PlanFields) -> Result<(), Invalid> {
    if let Some(s) = &f.village {
        check_id("village", s.trim())?;
        p.village = s.trim().to_string();
    }
    if let Some(s) = &f.team {
        check_id("team", s.trim())?;
        p.team = Some(s.trim().to_string());
    }
    if let Some(s) = &f.category {
        p.category = fields::label::<PlanCategory>("category", s)?;
    }
    if let Some(s) = &f.title {
        p.title = fields::text("title", s)?;
    }
    if let Some(s) = &f.budget {
        p.budget_fen = Some(fields::yuan("budget_fen", s)?);
    }
    if let Some(s) = &f.status {
        p.status = fields::label::<PlanStatus>("status", s)?;
    }
    if let Some(s) = &f.due {
        p.due = Some(fields::date("due", s)?);
    }
    Ok(())
}

pub fn run(ctx: &mut Ctx, command: PlanCommand) -> Result<ExitStatus> {
    let store = ctx.store()?;
    match command {
        PlanCommand::Add(f) => {
            fields::require(
                Kind::Plan,
                &[
                    ("village", f.village.is_some()),
                    ("category", f.category.is_some()),
                    ("title", f.title.is_some()),
                ],
            )?;
            let plan = store.write(&ctx.actor(), |txn| {
                let id = fields::new_id(txn, Kind::Plan, f.id.as_ref())?;
                let mut p = Plan {
                    id: id.clone(),
                    village: String::new(),
                    team: None,
                    category: PlanCategory::Other,
                    title: String::new(),
                    budget_fen: None,
                    status: PlanStatus::Planned,
                    due: None,
                };
                apply(&mut p, &f).map_err(|e| fields::invalid(Kind::Plan, &id, &e))?;
                fields::check(txn, &p)?;
                txn.insert(&p)?;
                Ok(p)
            })?;
            ctx.out.changed(&plan, true)?;
        }
        PlanCommand::List(args) => {
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
            ctx.out.records(
                &plans,
                &[
                    ("id", |p: &Plan| p.id.clone()),
                    ("village", |p| p.village.clone()),
                    ("team", |p| opt(p.team.as_ref())),
                    ("category", |p| p.category.zh().to_string()),
                    ("title", |p| p.title.clone()),
                    ("budget", |p| yuan(p.budget_fen)),
                    ("status", |p| p.status.zh().to_string()),
                    ("due", |p| opt(p.due.as_ref())),
                ],
            )?;
        }
        PlanCommand::Show(args) => {
            let p = store
                .find::<Plan>(&args.id)?
                .ok_or_else(|| crate::error::Error::no_such_record(Kind::Plan, &args.id))?;
            ctx.out.record(&p)?;
        }
        PlanCommand::Update(args) => {
            fields::no_rename(Kind::Plan, &args.id, args.fields.id.as_ref())?;
            let id = args.id.clone();
            let edit = |r: &mut Plan| {
                fields::clear(r, &args.clear.clear)?;
                apply(r, &args.fields).map_err(|e| fields::invalid(Kind::Plan, &id, &e))
            };
            fields::update(ctx, &args.id, edit, fields::unguarded)?;
        }
        PlanCommand::Remove(args) => {
            store.write(&ctx.actor(), |txn| {
                if txn.get::<Plan>(&args.id)?.is_none() {
                    return Err(crate::error::Error::no_such_record(Kind::Plan, &args.id));
                }
                txn.delete::<Plan>(&args.id).map(drop)
            })?;
            ctx.out.removed(Kind::Plan, &args.id)?;
        }
    }
    Ok(ExitStatus::Success)
}
