//! `bangfu village add|list|show|update|remove|official`

use crate::cli::VillageCommand;
use crate::error::{Error, ExitStatus, Result};
use crate::lang::{Lang, Text};
use crate::model::{Date, Kind, Official, Role, Village, VillageStatus};

use super::{Ctx, fields};

pub fn run(ctx: &mut Ctx, command: VillageCommand) -> Result<ExitStatus> {
    let store = ctx.store()?;
    match command {
        VillageCommand::Add(f) => fields::add::<Village>(ctx, f.id.as_ref(), &f.given())?,
        VillageCommand::List(filter) => {
            let status = fields::status_filter::<VillageStatus>(filter.status.as_ref())?;
            let mut villages = Vec::new();
            for id in fields::scope(&store, &filter)? {
                if let Some(v) = store.village(&id)?
                    && status.is_none_or(|s| s == v.status)
                {
                    villages.push(v);
                }
            }
            ctx.out.list(&villages)?;
        }
        VillageCommand::Show(args) => {
            let v = store
                .village(&args.id)?
                .ok_or_else(|| crate::error::Error::no_such_record(Kind::Village, &args.id))?;
            ctx.out.record(&v)?;
            if ctx.out.format == crate::cli::Format::Table && !ctx.out.quiet {
                show_contents(ctx, &store, &v)?;
            }
        }
        VillageCommand::Update(args) => {
            fields::update_args::<Village, _>(ctx, &args, fields::unguarded)?;
        }
        VillageCommand::Remove(args) => {
            store.write(&ctx.actor()?, |txn| {
                if txn.village(&args.id)?.is_none() {
                    return Err(crate::error::Error::no_such_record(Kind::Village, &args.id));
                }
                let registry = txn.store().load()?;
                let mut found = Vec::new();
                if let Some(v) = registry.villages.iter().find(|v| v.village.id == args.id) {
                    let held = [
                        ("team", v.teams.len()),
                        ("household", v.households.len()),
                        ("allocation", v.allocations.len()),
                        ("plan", v.plans.len()),
                    ];
                    for (what, n) in held.into_iter().filter(|(_, n)| *n > 0) {
                        let zh = Lang::Zh.kind(what);
                        found.push(Text {
                            en: format!("{n} {what}{}", if n == 1 { "" } else { "s" }),
                            zh: format!("{n} 个{zh}"),
                        });
                    }
                }
                // Records kept in the village's own directory are counted above; what else
                // refers to it (a person's home village) is named.
                found.extend(
                    registry
                        .people
                        .iter()
                        .filter(|p| p.home_village.as_deref() == Some(args.id.as_str()))
                        .map(|p| Text {
                            en: format!("person {} (home_village)", p.id),
                            zh: format!("人员 {}（--home-village）", p.id),
                        }),
                );
                if !found.is_empty() {
                    let id = &args.id;
                    let en: Vec<&str> = found.iter().map(|t| t.en.as_str()).collect();
                    let zh: Vec<&str> = found.iter().map(|t| t.zh.as_str()).collect();
                    return Err(Error::rejected_in(Text {
                        en: format!(
                            "village {id} cannot be removed: it still has {}; remove or move them first",
                            en.join(", ")
                        ),
                        zh: format!(
                            "村 {id} 不能删除：它仍有 {}；请先删除或移走它们",
                            zh.join("、")
                        ),
                    }));
                }
                txn.delete::<Village>(&args.id).map(drop)
            })?;
            ctx.out.note(&format!(
                "removed village {} (kept under removed/)",
                args.id
            ))?;
        }
        VillageCommand::Official(args) => {
            let village = store.write(&ctx.actor()?, |txn| {
                let mut v = txn.village(&args.village)?.ok_or_else(|| {
                    crate::error::Error::no_such_record(Kind::Village, &args.village)
                })?;
                let role = fields::label::<Role>("role", &args.role)
                    .map_err(|e| fields::invalid(Kind::Village, &args.village, &e))?;
                match v.officials.iter_mut().find(|o| o.person == args.person) {
                    Some(o) => o.role = role,
                    None => v.officials.push(Official {
                        person: args.person.as_str().into(),
                        role,
                    }),
                }
                fields::check(txn, &v)?;
                txn.replace(&v)?;
                Ok(v)
            })?;
            ctx.out.changed(&village, false)?;
        }
    }
    Ok(ExitStatus::Success)
}

/// Under `village show`: the teams, and the households by status.
fn show_contents(ctx: &mut Ctx, store: &crate::store::Store, v: &Village) -> Result<()> {
    let today = Date::today();
    let teams = store.records::<crate::model::Team>(&v.id)?;
    let households = store.records::<crate::model::Household>(&v.id)?;
    let lang = ctx.out.lang;
    ctx.out.line("")?;
    if teams.is_empty() {
        ctx.out
            .line(lang.pick("teams 工作队: none", "工作队：无"))?;
    }
    for t in &teams {
        let (id, unit, leader, n, on) =
            (&t.id, &t.unit, &t.leader, t.members.len(), t.dispatched_on);
        let active = t.active_on(today);
        ctx.out.line(&match lang {
            Lang::En => format!(
                "team 工作队 {id}: {unit} · leader {leader} · {n} members · dispatched {on} · {}",
                if active { "active" } else { "not active" }
            ),
            Lang::Zh => format!(
                "工作队 {id}：{unit} · 第一书记 {leader} · 队员 {n} 人 · {on} 派驻 · {}",
                if active { "在岗" } else { "不在岗" }
            ),
        })?;
    }
    let needing = households.iter().filter(|h| h.needs_help()).count();
    let helped = households
        .iter()
        .filter(|h| h.needs_help() && h.helper.is_some())
        .count();
    let all = households.len();
    ctx.out.line(&match lang {
        Lang::En => format!(
            "households 贫困户: {all} in all, {needing} needing help, {helped} of them with a helper"
        ),
        Lang::Zh => format!(
            "贫困户：共 {all} 户，需帮扶 {needing} 户，其中已落实帮扶责任人 {helped} 户"
        ),
    })?;
    Ok(())
}
