//! `bangfu team add|list|show|update|remove|recall`

use crate::cli::TeamCommand;
use crate::cli::TermArgs;
use crate::error::{Error, ExitStatus, Result};
use crate::lang::Text;
use crate::model::{Assessment, Attendance, Kind, Labelled, MemberTerm, Plan, Team};
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
        .map(|p| p.id.into())
        .collect();
    if drawn.is_empty() {
        // The team's attendance, leaves and assessments go with it.
        return super::duty::move_with_team(txn, from, t);
    }
    let (id, village) = (&t.id, &t.village);
    Err(Error::rejected_in(Text {
        en: format!(
            "team {id}: --village {village} cannot be changed: plan item{} {} of village {from} name{} the team; change or remove them first",
            if drawn.len() == 1 { "" } else { "s" },
            drawn.join(", "),
            if drawn.len() == 1 { "s" } else { "" },
        ),
        zh: format!(
            "工作队 {id}：--village {village} 不能修改：村 {from} 的计划项目 {} 仍指向该工作队；请先修改或删除它们",
            drawn.join("、"),
        ),
    }))
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
                return Err(Error::rejected_in(Text::new(
                    "--status does not apply to teams; use --active-on DATE",
                    "--status 不适用于工作队；请用 --active-on 日期",
                )));
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
        TeamCommand::Show(args) => {
            let t = fields::find::<Team>(ctx, &args.id)?;
            ctx.out.record(&t)?;
            if ctx.out.format == crate::cli::Format::Table {
                duty_table(ctx, &t)?;
            }
        }
        TeamCommand::Update(args) => {
            fields::update_args::<Team, _>(ctx, &args, refuse_move_with_plans)?;
        }
        TeamCommand::Remove(args) => fields::remove::<Team>(ctx, &args.id, fields::removable)?,
        TeamCommand::Recall(args) => {
            let edit = |t: &mut Team| {
                let on = crate::model::parse_date("recalled_on", &args.on)
                    .map_err(|e| fields::invalid(Kind::Team, &args.team, &e))?;
                t.recalled_on = Some(on);
                Ok(())
            };
            fields::update(ctx, &args.team, edit, fields::unguarded)
                .map_err(|e| e.as_typed(&[("--recalled-on", "--on")]))?;
        }
        TeamCommand::Join(args) => term(ctx, &args, true).map_err(|e| e.as_typed(PERSON))?,
        TeamCommand::Leave(args) => term(ctx, &args, false).map_err(|e| e.as_typed(PERSON))?,
    }
    Ok(ExitStatus::Success)
}

/// `team join|leave` name the member `--person`.
const PERSON: &[(&str, &str)] = &[("--member", "--person")];

/// `team join|leave TEAM --person P --on D`: adds the person to `members` with a term from
/// D, or takes them off `members`, ending their term on D (the first day no longer served).
fn term(ctx: &mut Ctx, args: &TermArgs, joining: bool) -> Result<()> {
    let on = crate::model::parse_date("on", &args.on)
        .map_err(|e| fields::invalid(Kind::Team, &args.team, &e))?;
    let person = args.person.clone();
    let edit = |t: &mut Team| {
        let refuse = |en: String, zh: String| {
            Err(crate::error::Error::rejected_in(Text {
                en: format!("team {}: --person {person} {en}", t.id),
                zh: format!("工作队 {}：--person {person} {zh}", t.id),
            }))
        };
        if on < t.dispatched_on {
            return refuse(
                format!(
                    "--on {on} is before the dispatch date {}; expected a date on or after it",
                    t.dispatched_on
                ),
                format!(
                    "--on {on} 早于派驻日期 {}，应不早于派驻日期",
                    t.dispatched_on
                ),
            );
        }
        if joining {
            if t.has_member(&person) {
                return refuse(
                    "is already a member of the team".into(),
                    "已是该工作队队员".into(),
                );
            }
            let left = t
                .member_terms
                .iter()
                .filter(|m| m.person == person)
                .filter_map(|m| m.to)
                .max();
            if let Some(left) = left.filter(|left| on < *left) {
                return refuse(
                    format!("left the team on {left}; expected --on {on} to be on or after it"),
                    format!("已于 {left} 离队；--on {on} 应为该日或之后"),
                );
            }
            t.members.push(person.as_str().into());
            t.member_terms.push(MemberTerm {
                person: person.as_str().into(),
                from: on,
                to: None,
            });
        } else {
            if !t.has_member(&person) {
                return refuse(
                    "is not a member of the team".into(),
                    "不是该工作队队员".into(),
                );
            }
            if t.leader == person {
                return refuse(
                    "is the team's first secretary; expected another first secretary named first (team update --leader)".into(),
                    "是该工作队的第一书记；应先任命新的第一书记（team update --leader）".into(),
                );
            }
            t.members.retain(|m| *m != person);
            match t
                .member_terms
                .iter_mut()
                .find(|m| m.person == person && m.to.is_none())
            {
                Some(open) if open.from < on => open.to = Some(on),
                Some(open) => {
                    return refuse(
                        format!("joined on {}; expected a leaving date after it", open.from),
                        format!("于 {} 加入，离队日期应晚于该日", open.from),
                    );
                }
                None if t.dispatched_on < on => t.member_terms.push(MemberTerm {
                    person: person.as_str().into(),
                    from: t.dispatched_on,
                    to: Some(on),
                }),
                None => {
                    return refuse(
                        format!("--on {on} is the dispatch date; expected a later date"),
                        format!("--on {on} 即派驻日期，离队日期应晚于该日"),
                    );
                }
            }
        }
        Ok(())
    };
    fields::update(ctx, &args.team, edit, fields::unguarded)
}

/// Under `team show`, each member's days in the village in the six months ending with the
/// latest month the team has attendance for, and their latest grade.
fn duty_table(ctx: &mut Ctx, t: &Team) -> Result<()> {
    let store = ctx.store()?;
    let attendance = store.records::<Attendance>(&t.village)?;
    let attendance: Vec<&Attendance> = attendance.iter().filter(|a| a.team == t.id).collect();
    let assessments = store.records::<Assessment>(&t.village)?;
    let people = store.people()?;
    let months: Vec<String> = match attendance.iter().map(|a| a.month.as_str()).max() {
        Some(last) => {
            let mut m = crate::policy::Month::parse(last).unwrap_or(crate::policy::Month {
                year: 2000,
                month: 1,
            });
            let mut out = Vec::new();
            for _ in 0..6 {
                out.push(m.to_string());
                m = if m.month == 1 {
                    crate::policy::Month {
                        year: m.year - 1,
                        month: 12,
                    }
                } else {
                    crate::policy::Month {
                        year: m.year,
                        month: m.month - 1,
                    }
                };
            }
            out.reverse();
            out
        }
        None => Vec::new(),
    };
    let zh = ctx.out.lang == crate::lang::Lang::Zh;
    let mut headers: Vec<String> = vec![
        if zh { "队员" } else { "member" }.to_string(),
        if zh { "姓名" } else { "name" }.to_string(),
    ];
    headers.extend(months.iter().cloned());
    headers.push(if zh { "最近考核" } else { "last grade" }.to_string());
    let mut rows = Vec::new();
    for person in &t.members {
        let name = people
            .iter()
            .find(|p| p.id == *person)
            .map(|p| p.name.to_string())
            .unwrap_or_default();
        let mut row = vec![person.to_string(), name];
        for m in &months {
            row.push(
                attendance
                    .iter()
                    .find(|a| a.person == *person && a.month == *m)
                    .map_or_else(|| "-".to_string(), |a| a.days_in_village.to_string()),
            );
        }
        let grade = assessments
            .iter()
            .filter(|e| e.team == t.id && e.person == *person)
            .max_by_key(|e| e.year)
            .map_or_else(
                || "-".to_string(),
                |e| {
                    format!(
                        "{} {}",
                        e.year,
                        if zh { e.grade.zh() } else { e.grade.en() }
                    )
                },
            );
        row.push(grade);
        rows.push(row);
    }
    ctx.out.line("")?;
    ctx.out.table(&headers, &rows)
}
