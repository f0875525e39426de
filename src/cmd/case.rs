//! `bangfu case add|list|show|update|remove|notice|approve|measure|eliminate`

use crate::cli::{CaseCommand, CaseList};
use crate::error::{Error, ExitStatus, Result};
use crate::lang::{Lang, Text};
use crate::model::{
    Case, CaseCategory, DatedMeasure, Elimination, Household, Invalid, Kind, Labelled, Record,
    not_after, not_before, parse_date, parse_yuan,
};
use crate::store::Txn;

use super::{Ctx, fields};

pub fn run(ctx: &mut Ctx, command: CaseCommand) -> Result<ExitStatus> {
    match command {
        CaseCommand::Add(f) => {
            fields::add_guarded::<Case>(ctx, f.id.as_ref(), &f.given(), one_live_case)?;
        }
        CaseCommand::List(args) => list(ctx, &args)?,
        CaseCommand::Show(args) => {
            let c = fields::find::<Case>(ctx, &args.id)?;
            ctx.out.record(&c)?;
            if ctx.out.format == crate::cli::Format::Table && !ctx.out.quiet {
                timeline(ctx, &c)?;
            }
        }
        CaseCommand::Update(args) => {
            let mut clear = args.clear.clear.clone();
            // Undoing an elimination undoes all of it.
            if clear
                .iter()
                .any(|f| Case::COLUMNS[eliminated_on()].answers_to(f))
            {
                for f in [
                    "elimination",
                    "income_at_elimination_fen",
                    "eliminated_verified_by",
                ] {
                    clear.push(f.to_string());
                }
            }
            fields::update_fields::<Case>(
                ctx,
                &args.id,
                args.fields.id.as_ref(),
                &args.fields.given(),
                &clear,
                |txn, _, new| one_live_case(txn, new),
            )?;
        }
        CaseCommand::Remove(args) => fields::remove::<Case>(ctx, &args.id, fields::removable)?,
        CaseCommand::Notice(args) => {
            step(ctx, &args.case, |c| {
                c.notice_from = Some(parse_date("notice_from", &args.from)?);
                let to = parse_date("notice_to", &args.to)?;
                if let Some(approved) = c.approved_on {
                    // Said of the date this command sets, not of the approval it would
                    // come after.
                    not_after(
                        "notice_to",
                        to,
                        Text::new("the approval on", "审定日期"),
                        approved,
                    )?;
                }
                c.notice_to = Some(to);
                Ok(())
            })
            .map_err(|e| e.as_typed(&[("--notice-from", "--from"), ("--notice-to", "--to")]))?;
        }
        CaseCommand::Approve(args) => {
            step(ctx, &args.case, |c| {
                c.approved_on = Some(parse_date("approved_on", &args.on)?);
                Ok(())
            })
            .map_err(|e| e.as_typed(&[("--approved-on", "--on")]))?;
        }
        CaseCommand::Measure(args) => {
            step(ctx, &args.case, |c| {
                let measure = fields::label("measures", &args.measure)?;
                let on = parse_date("measure_on", &args.on)?;
                not_before(
                    "measure_on",
                    on,
                    Text::new("the lead on", "线索日期"),
                    c.lead_on,
                )?;
                c.measures.push(DatedMeasure { measure, on });
                Ok(())
            })
            .map_err(|e| e.as_typed(&[("--measure-on", "--on")]))?;
        }
        CaseCommand::Eliminate(args) => {
            let store = ctx.store()?;
            let case = store
                .find::<Case>(&args.case)?
                .ok_or_else(|| Error::no_such_record(Kind::Case, &args.case))?;
            if case.approved_on.is_none() {
                return Err(Error::rejected_in(Text {
                    en: format!(
                        "case {}: is pending (not approved); a case is approved (case approve) before its risk is eliminated",
                        case.id
                    ),
                    zh: format!(
                        "监测对象 {}：尚未审定；先审定（case approve），才能风险消除",
                        case.id
                    ),
                }));
            }
            step(ctx, &args.case, |c| {
                c.eliminated_on = Some(parse_date("eliminated_on", &args.on)?);
                c.elimination = Some(fields::label::<Elimination>("elimination", &args.way)?);
                c.income_at_elimination_fen =
                    Some(parse_yuan("income_at_elimination_fen", &args.income)?);
                c.eliminated_verified_by = Some(args.verified_by.trim().into());
                Ok(())
            })
            .map_err(|e| {
                e.as_typed(&[
                    ("--eliminated-on", "--on"),
                    ("--elimination", "--way"),
                    ("--income-at-elimination", "--income"),
                ])
            })?;
        }
    }
    Ok(ExitStatus::Success)
}

fn eliminated_on() -> usize {
    Case::COLUMNS
        .iter()
        .position(|c| c.field == "eliminated_on")
        .unwrap_or_default()
}

/// One step of a case's life: a change to the case, checked like any update.
fn step(
    ctx: &mut Ctx,
    id: &str,
    edit: impl FnOnce(&mut Case) -> Result<(), Invalid>,
) -> Result<()> {
    let owned = id.to_string();
    fields::update(
        ctx,
        id,
        move |c: &mut Case| edit(c).map_err(|e| fields::invalid(Kind::Case, &owned, &e)),
        |txn, _, new| one_live_case(txn, new),
    )
}

/// A household has at most one case that is not eliminated.
pub(crate) fn one_live_case(txn: &mut Txn<'_>, case: &Case) -> Result<()> {
    if !case.is_live() {
        return Ok(());
    }
    let Some(village) = txn.home(case)? else {
        return Ok(());
    };
    let other = txn
        .records::<Case>(&village)?
        .into_iter()
        .find(|c| c.household == case.household && c.id != case.id && c.is_live());
    match other {
        None => Ok(()),
        Some(o) => Err(Error::rejected_in(Text {
            en: format!(
                "case {}: household {} already has case {} not eliminated (lead on {}); a household has at most one such case — update that one",
                case.id, case.household, o.id, o.lead_on
            ),
            zh: format!(
                "监测对象 {}：贫困户 {} 已有未消除风险的监测对象 {}（线索日期 {}）；一户至多一个，请修改那一个",
                case.id, case.household, o.id, o.lead_on
            ),
        })),
    }
}

/// `case list`: by village scope, household, category, and open as of a date.
fn list(ctx: &mut Ctx, args: &CaseList) -> Result<()> {
    let store = ctx.store()?;
    if args.filter.status.is_some() {
        return Err(Error::rejected_in(Text::new(
            "--status does not apply to cases; use --open",
            "--status 不适用于监测对象；请用 --open",
        )));
    }
    let category = args
        .category
        .as_ref()
        .map(|s| fields::label::<CaseCategory>("category", s))
        .transpose()
        .map_err(|e| Error::invalid_value(&e))?;
    let as_of = args
        .as_of
        .as_ref()
        .map(|s| parse_date("as_of", s))
        .transpose()
        .map_err(|e| Error::invalid_value(&e))?
        .unwrap_or_else(crate::model::Date::today);
    let mut villages = fields::scope(&store, &args.filter)?;
    if let Some(h) = &args.household {
        let household = store.find::<Household>(h)?.ok_or_else(|| {
            Error::rejected_in(Text {
                en: format!("--household {h} is not a known household"),
                zh: format!("--household {h} 不是已知的{}", Kind::Household.zh()),
            })
        })?;
        villages.retain(|v| *v == household.village);
    }
    let mut cases = Vec::new();
    for v in villages {
        cases.extend(store.records::<Case>(&v)?.into_iter().filter(|c| {
            args.household.as_ref().is_none_or(|h| *h == c.household)
                && category.is_none_or(|k| k == c.category)
                && (!args.open || c.state(as_of) == crate::model::CaseState::Open)
        }));
    }
    ctx.out.list(&cases)
}

/// Under `case show` in a table: the case's life, one line per day something happened.
fn timeline(ctx: &mut Ctx, c: &Case) -> Result<()> {
    let lang = ctx.out.lang;
    let zh = lang == Lang::Zh;
    let mut events: Vec<(crate::model::Date, String)> = Vec::new();
    let pick = |en: String, zh_text: String| if zh { zh_text } else { en };
    events.push((
        c.lead_on,
        pick(
            format!(
                "lead ({}) for risks {}",
                c.source.en(),
                join(&c.risks, false)
            ),
            format!("线索（{}），风险：{}", c.source.zh(), join(&c.risks, true)),
        ),
    ));
    if let (Some(from), Some(to)) = (c.notice_from, c.notice_to) {
        let days = from.days_until(to) + 1;
        events.push((
            from,
            pick(
                format!("public notice begins, until {to} ({days} days)"),
                format!("公示开始，至 {to}（共 {days} 天）"),
            ),
        ));
        events.push((to, pick("public notice ends".into(), "公示结束".into())));
    }
    if let Some(on) = c.approved_on {
        events.push((
            on,
            pick(
                format!(
                    "approved by the county, {} days after the lead",
                    c.lead_on.days_until(on)
                ),
                format!("县级审定，距线索 {} 天", c.lead_on.days_until(on)),
            ),
        ));
    }
    for m in &c.measures {
        events.push((
            m.on,
            pick(
                format!("measure: {}", m.measure.en()),
                format!("帮扶措施：{}", m.measure.zh()),
            ),
        ));
    }
    if let Some(on) = c.eliminated_on {
        let way = c.elimination.map(|e| if zh { e.zh() } else { e.en() });
        events.push((
            on,
            pick(
                format!("risk eliminated ({})", way.unwrap_or_default()),
                format!("风险消除（{}）", way.unwrap_or_default()),
            ),
        ));
    }
    events.sort_by_key(|(d, _)| *d);
    let today = crate::model::Date::today();
    let state = c.state(today);
    ctx.out.line("")?;
    ctx.out.line(&match lang {
        Lang::En => format!("timeline 时间线: {} today", state.en()),
        Lang::Zh => format!("时间线：今日状态 {}", state.zh()),
    })?;
    let rows: Vec<Vec<String>> = events
        .into_iter()
        .map(|(d, what)| vec![d.to_string(), what])
        .collect();
    let headers: Vec<String> = match lang {
        Lang::En => vec!["date".into(), "what happened".into()],
        Lang::Zh => vec!["日期".into(), "事项".into()],
    };
    ctx.out.table(&headers, &rows)
}

fn join<T: Labelled>(items: &[T], zh: bool) -> String {
    items
        .iter()
        .map(|i| if zh { i.zh() } else { i.en() })
        .collect::<Vec<_>>()
        .join(if zh { "、" } else { ", " })
}
