//! `bangfu team add|list|show|update|remove|recall`

use crate::cli::TeamCommand;
use crate::error::{ExitStatus, Result, rejected};
use crate::model::{Kind, Plan, Team};
use crate::store::Txn;

use super::{Ctx, fields};

/// A plan item names the team that drew it up in the same village; moving the team would
/// leave those items pointing at a team stationed elsewhere, so it is refused while any exist.
fn refuse_move_with_plans(txn: &mut Txn<'_>, old: &Team, t: &Team) -> Result<()> {
    let from = old.village.as_str();
    if t.village == from {
        return Ok(());
    }
    let drawn: Vec<String> = txn
        .records::<Plan>(from)?
        .into_iter()
        .filter(|p| p.team.as_deref() == Some(t.id.as_str()))
        .map(|p| p.id)
        .collect();
    if drawn.is_empty() {
        return Ok(());
    }
    Err(rejected(format!(
        "team {}: --village {} cannot be changed: plan item{} {} of village {from} name{} the team; change or remove them first",
        t.id,
        t.village,
        if drawn.len() == 1 { "" } else { "s" },
        drawn.join(", "),
        if drawn.len() == 1 { "s" } else { "" },
    )))
}

pub fn run(ctx: &mut Ctx, command: TeamCommand) -> Result<ExitStatus> {
    let store = ctx.store()?;
    match command {
        TeamCommand::Add(f) => fields::add::<Team>(ctx, f.id.as_ref(), &f.given())?,
        TeamCommand::List(args) => {
            let active_on = args
                .active_on
                .as_ref()
                .map(|s| {
                    crate::model::parse_date("active_on", s)
                        .map_err(|e| crate::error::Error::invalid_value(&e))
                })
                .transpose()?;
            if args.filter.status.is_some() {
                return Err(rejected(
                    "--status does not apply to teams; use --active-on DATE".to_string(),
                ));
            }
            let mut teams = Vec::new();
            for v in fields::scope(&store, &args.filter)? {
                teams.extend(
                    store
                        .records::<Team>(&v)?
                        .into_iter()
                        .filter(|t| active_on.is_none_or(|d| t.active_on(d))),
                );
            }
            ctx.out.list(&teams)?;
        }
        TeamCommand::Show(args) => fields::show::<Team>(ctx, &args.id)?,
        TeamCommand::Update(args) => fields::update_fields::<Team>(
            ctx,
            &args.id,
            args.fields.id.as_ref(),
            &args.fields.given(),
            &args.clear.clear,
            refuse_move_with_plans,
        )?,
        TeamCommand::Remove(args) => fields::remove::<Team>(ctx, &args.id, fields::removable)?,
        TeamCommand::Recall(args) => {
            let edit = |t: &mut Team| {
                let on = crate::model::parse_date("recalled_on", &args.on)
                    .map_err(|e| fields::invalid(Kind::Team, &args.team, &e))?;
                t.recalled_on = Some(on);
                Ok(())
            };
            fields::update(ctx, &args.team, edit, fields::unguarded)?;
        }
    }
    Ok(ExitStatus::Success)
}
