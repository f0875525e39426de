//! `bangfu team add|list|show|update|remove|recall`

use crate::cli::{TeamCommand, TeamFields};
use crate::error::{ExitStatus, Result, rejected};
use crate::model::{Date, Invalid, Kind, Plan, Team, check_id};
use crate::output::opt;
use crate::store::Txn;

use super::{Ctx, fields};

fn apply(t: &mut Team, f: &TeamFields) -> Result<(), Invalid> {
    if let Some(s) = &f.village {
        check_id("village", s.trim())?;
        t.village = s.trim().to_string();
    }
    if let Some(s) = &f.unit {
        t.unit = fields::text("unit", s)?;
    }
    if let Some(s) = &f.leader {
        t.leader = s.trim().to_string();
    }
    if !f.members.is_empty() {
        t.members = f.members.iter().map(|m| m.trim().to_string()).collect();
    }
    if let Some(s) = &f.dispatched_on {
        t.dispatched_on = fields::date("dispatched_on", s)?;
    }
    if let Some(s) = &f.term_end {
        t.term_end = Some(fields::date("term_end", s)?);
    }
    Ok(())
}

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
        TeamCommand::Add(f) => {
            fields::require(
                Kind::Team,
                &[
                    ("village", f.village.is_some()),
                    ("unit", f.unit.is_some()),
                    ("leader", f.leader.is_some()),
                    ("member", !f.members.is_empty()),
                    ("dispatched-on", f.dispatched_on.is_some()),
                ],
            )?;
            let team = store.write(&ctx.actor(), |txn| {
                let id = fields::new_id(txn, Kind::Team, f.id.as_ref())?;
                let mut t = Team {
                    id: id.clone(),
                    village: String::new(),
                    unit: String::new(),
                    leader: String::new(),
                    members: Vec::new(),
                    dispatched_on: Date::today(),
                    term_end: None,
                    recalled_on: None,
                };
                apply(&mut t, &f).map_err(|e| fields::invalid(Kind::Team, &id, &e))?;
                fields::check(txn, &t)?;
                txn.insert(&t)?;
                Ok(t)
            })?;
            ctx.out.changed(&team, true)?;
        }
        TeamCommand::List(args) => {
            let active_on = args
                .active_on
                .as_ref()
                .map(|s| {
                    fields::date("active_on", s).map_err(|e| crate::error::Error::invalid_value(&e))
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
            ctx.out.records(
                &teams,
                &[
                    ("id", |t: &Team| t.id.clone()),
                    ("village", |t| t.village.clone()),
                    ("unit", |t| t.unit.clone()),
                    ("leader", |t| t.leader.clone()),
                    ("members", |t| t.members.join(",")),
                    ("dispatched_on", |t| t.dispatched_on.to_string()),
                    ("term_end", |t| opt(t.term_end.as_ref())),
                    ("recalled_on", |t| opt(t.recalled_on.as_ref())),
                ],
            )?;
        }
        TeamCommand::Show(args) => {
            let t = store
                .find::<Team>(&args.id)?
                .ok_or_else(|| crate::error::Error::no_such_record(Kind::Team, &args.id))?;
            ctx.out.record(&t)?;
        }
        TeamCommand::Update(args) => {
            fields::no_rename(Kind::Team, &args.id, args.fields.id.as_ref())?;
            let id = args.id.clone();
            let edit = |t: &mut Team| {
                fields::clear(t, &args.clear.clear)?;
                apply(t, &args.fields).map_err(|e| fields::invalid(Kind::Team, &id, &e))
            };
            fields::update(ctx, &args.id, edit, refuse_move_with_plans)?;
        }
        TeamCommand::Remove(args) => {
            store.write(&ctx.actor(), |txn| {
                if txn.get::<Team>(&args.id)?.is_none() {
                    return Err(crate::error::Error::no_such_record(Kind::Team, &args.id));
                }
                fields::refuse_if_referenced(&txn.store().load()?, Kind::Team, &args.id)?;
                txn.delete::<Team>(&args.id).map(drop)
            })?;
            ctx.out.removed(Kind::Team, &args.id)?;
        }
        TeamCommand::Recall(args) => {
            let edit = |t: &mut Team| {
                let on = fields::date("recalled_on", &args.on)
                    .map_err(|e| fields::invalid(Kind::Team, &args.team, &e))?;
                t.recalled_on = Some(on);
                Ok(())
            };
            fields::update(ctx, &args.team, edit, fields::unguarded)?;
        }
    }
    Ok(ExitStatus::Success)
}
