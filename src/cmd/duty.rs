//! `bangfu attendance|leave|assessment add|list|show|update|remove`: the duty records of a
//! team's members, kept in the team's village, and their write-time rules (section 2b).

use std::any::Any;

use crate::cli::{AssessmentCommand, AttendanceCommand, DutyFilter, LeaveCommand};
use crate::error::{Error, ExitStatus, Result};
use crate::lang::Text;
use crate::model::{Assessment, Attendance, Invalid, Kind, Leave, Person, Record, Team};
use crate::store::Txn;

use super::{Ctx, fields};

/// A duty record: it names a team and a person.
pub trait Duty: Record {
    fn team(&self) -> &str;
    fn person(&self) -> &str;
}

macro_rules! duty {
    ($($ty:ty),+) => {$(
        impl Duty for $ty {
            fn team(&self) -> &str {
                &self.team
            }
            fn person(&self) -> &str {
                &self.person
            }
        }
    )+};
}
duty!(Attendance, Leave, Assessment);

/// The write-time rule a duty record breaks as this change sees the store, if any: the field
/// at fault and what is wrong. Records of other kinds break none.
pub fn breaks<R: Record>(txn: &mut Txn<'_>, record: &R) -> Result<Option<(&'static str, Text)>> {
    let any = record as &dyn Any;
    if let Some(a) = any.downcast_ref::<Attendance>() {
        return duty_breaks(
            txn,
            a,
            |o: &Attendance| o.month == a.month,
            || Text {
                en: format!("already has an attendance record for {}", a.month),
                zh: format!("已有 {} 的考勤记录", a.month),
            },
        );
    }
    if let Some(l) = any.downcast_ref::<Leave>() {
        return duty_breaks(
            txn,
            l,
            |_: &Leave| false,
            || Text {
                en: String::new(),
                zh: String::new(),
            },
        );
    }
    if let Some(e) = any.downcast_ref::<Assessment>() {
        return duty_breaks(
            txn,
            e,
            |o: &Assessment| o.year == e.year,
            || Text {
                en: format!("already has an assessment for {}", e.year),
                zh: format!("已有 {} 年度的考核记录", e.year),
            },
        );
    }
    Ok(None)
}

/// The person must be or have been a member of the team, and `same` names a record of the
/// same team and person that this one may not sit beside.
fn duty_breaks<D: Duty>(
    txn: &mut Txn<'_>,
    record: &D,
    same: impl Fn(&D) -> bool,
    twice: impl Fn() -> Text,
) -> Result<Option<(&'static str, Text)>> {
    let Some(team) = txn.get::<Team>(record.team())? else {
        return Ok(None);
    };
    let person = record.person();
    if !team.is_or_was_member(person) {
        return Ok(Some((
            "person",
            Text {
                en: format!("{person} is not and was not a member of team {}", team.id),
                zh: format!("{person} 不是也从未是工作队 {} 的队员", team.id),
            },
        )));
    }
    let Some(village) = txn.home(record)? else {
        return Ok(None);
    };
    let needle = serde_json::to_string(person).unwrap_or_default();
    let needle = format!("\"person\":{needle}");
    let other = txn
        .records_containing::<D>(&village, &needle)?
        .into_iter()
        .find(|o| {
            o.id() != record.id() && o.team() == record.team() && o.person() == person && same(o)
        });
    Ok(other.map(|o| {
        let t = twice();
        (
            "person",
            Text {
                en: format!(
                    "{person} {} ({}); expected one per team and person",
                    t.en,
                    o.id()
                ),
                zh: format!("{person} {}（{}），每支工作队每人只能有一条", t.zh, o.id()),
            },
        )
    }))
}

/// Refuses a duty record that breaks a write-time rule, naming the record and the flag.
pub fn admit<R: Record>(txn: &mut Txn<'_>, record: &R) -> Result<()> {
    match breaks(txn, record)? {
        None => Ok(()),
        Some((field, text)) => {
            let flag = crate::model::value::flag_for(field);
            let (kind, id) = (R::KIND, record.id());
            Err(Error::rejected_in(Text {
                en: format!("{} {id}: {flag} {}", kind.name(), text.en),
                zh: format!("{} {id}：{flag} {}", kind.zh(), text.zh),
            }))
        }
    }
}

/// The records of a duty kind that `filter` and `keep` select, in the villages in scope.
fn select<D: Duty>(ctx: &Ctx, duty: &DutyFilter, keep: impl Fn(&D) -> bool) -> Result<Vec<D>> {
    let store = ctx.store()?;
    if duty.filter.status.is_some() {
        return Err(Error::rejected_in(Text {
            en: format!(
                "--status does not apply to {}; use --team or --person",
                D::KIND.plural()
            ),
            zh: format!("--status 不适用于{}；请用 --team 或 --person", D::KIND.zh()),
        }));
    }
    let mut villages = fields::scope(&store, &duty.filter)?;
    if let Some(t) = &duty.team {
        let team = store.find::<Team>(t)?.ok_or_else(|| {
            Error::rejected_in(Text {
                en: format!("--team {t} is not a known team"),
                zh: format!("--team {t} 不是已知的{}", Kind::Team.zh()),
            })
        })?;
        villages.retain(|v| *v == team.village);
    }
    // A mistyped person would otherwise look like one with no records.
    if let Some(p) = &duty.person
        && store.find::<Person>(p)?.is_none()
    {
        return Err(Error::rejected_in(Text {
            en: format!("--person {p} is not a known person"),
            zh: format!("--person {p} 不是已知的{}", Kind::Person.zh()),
        }));
    }
    let mut out = Vec::new();
    for v in villages {
        out.extend(store.records::<D>(&v)?.into_iter().filter(|r| {
            duty.team.as_ref().is_none_or(|t| t == r.team())
                && duty.person.as_ref().is_none_or(|p| p == r.person())
                && keep(r)
        }));
    }
    Ok(out)
}

pub fn attendance(ctx: &mut Ctx, command: AttendanceCommand) -> Result<ExitStatus> {
    match command {
        AttendanceCommand::Add(f) => fields::add::<Attendance>(ctx, f.id.as_ref(), &f.given())?,
        AttendanceCommand::List(args) => {
            let month = args
                .month
                .as_ref()
                .map(|m| {
                    crate::model::field::parse_month("month", m)
                        .map_err(|e| Error::invalid_value(&e))
                })
                .transpose()?;
            let found = select(ctx, &args.duty, |a: &Attendance| {
                month.as_ref().is_none_or(|m| *m == a.month)
            })?;
            ctx.out.list(&found)?;
        }
        AttendanceCommand::Show(args) => fields::show::<Attendance>(ctx, &args.id)?,
        AttendanceCommand::Update(args) => {
            fields::update_args::<Attendance, _>(ctx, &args, fields::unguarded)?;
        }
        AttendanceCommand::Remove(args) => {
            fields::remove::<Attendance>(ctx, &args.id, fields::removable)?;
        }
    }
    Ok(ExitStatus::Success)
}

pub fn leave(ctx: &mut Ctx, command: LeaveCommand) -> Result<ExitStatus> {
    match command {
        LeaveCommand::Add(f) => fields::add::<Leave>(ctx, f.id.as_ref(), &f.given())?,
        LeaveCommand::List(duty) => {
            let found = select(ctx, &duty, |_: &Leave| true)?;
            ctx.out.list(&found)?;
        }
        LeaveCommand::Show(args) => fields::show::<Leave>(ctx, &args.id)?,
        LeaveCommand::Update(args) => {
            fields::update_args::<Leave, _>(ctx, &args, fields::unguarded)?;
        }
        LeaveCommand::Remove(args) => fields::remove::<Leave>(ctx, &args.id, fields::removable)?,
    }
    Ok(ExitStatus::Success)
}

pub fn assessment(ctx: &mut Ctx, command: AssessmentCommand) -> Result<ExitStatus> {
    match command {
        AssessmentCommand::Add(f) => fields::add::<Assessment>(ctx, f.id.as_ref(), &f.given())?,
        AssessmentCommand::List(args) => {
            let year = args
                .year
                .as_ref()
                .map(|y| {
                    y.trim().parse::<i32>().map_err(|_| {
                        Error::invalid_value(&Invalid::said(
                            "year",
                            y,
                            Text::new("is not a year; expected YYYY", "不是年份；应为 YYYY"),
                        ))
                    })
                })
                .transpose()?;
            let found = select(ctx, &args.duty, |a: &Assessment| {
                year.is_none_or(|y| y == a.year)
            })?;
            ctx.out.list(&found)?;
        }
        AssessmentCommand::Show(args) => fields::show::<Assessment>(ctx, &args.id)?,
        AssessmentCommand::Update(args) => {
            fields::update_args::<Assessment, _>(ctx, &args, fields::unguarded)?;
        }
        AssessmentCommand::Remove(args) => {
            fields::remove::<Assessment>(ctx, &args.id, fields::removable)?;
        }
    }
    Ok(ExitStatus::Success)
}

/// Moves a team's duty records to the team's new village, with the team.
pub fn move_with_team(txn: &mut Txn<'_>, from: &str, team: &Team) -> Result<()> {
    fn carry<D: Duty>(txn: &mut Txn<'_>, from: &str, team: &Team) -> Result<()> {
        let ids: Vec<String> = txn
            .records::<D>(from)?
            .into_iter()
            .filter(|r| r.team() == team.id)
            .map(|r| r.id().to_string())
            .collect();
        for id in ids {
            txn.relocate::<D>(&id, &team.village)?;
        }
        Ok(())
    }
    carry::<Attendance>(txn, from, team)?;
    carry::<Leave>(txn, from, team)?;
    carry::<Assessment>(txn, from, team)
}
