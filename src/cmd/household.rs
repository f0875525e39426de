//! `bangfu household add|list|show|update|remove|assign|relate|exit`

use crate::cli::{ExitArgs, HouseholdCommand, RelateArgs};
use crate::error::{Error, ExitStatus, Result};
use crate::lang::{Lang, Text};
use crate::model::guarantee::{self, Guarantee};
use crate::model::{
    Allocation, Case, CaseState, Date, Household, HouseholdStatus, Invalid, Kind, Labelled, Member,
    Relation, Relationship, format_yuan,
};
use crate::store::{Store, Txn};

use super::{Ctx, fields};

/// Changes a household with `edit`, refusing a move that would strand allocations.
fn change(ctx: &mut Ctx, id: &str, edit: impl FnOnce(&mut Household) -> Result<()>) -> Result<()> {
    fields::update(ctx, id, edit, move_household)
}

/// A household moves to another village with its members, in the same change. An
/// allocation names its village and household; moving the household would leave those
/// allocations pointing across villages, so the move is refused while any exist.
fn move_household(txn: &mut Txn<'_>, old: &Household, h: &Household) -> Result<()> {
    let from = old.village.as_str();
    if h.village == from {
        return Ok(());
    }
    refuse_move_with_allocations(txn, from, h)?;
    let members: Vec<String> = txn
        .records::<Member>(from)?
        .into_iter()
        .filter(|m| m.household == h.id)
        .map(|m| m.id.into())
        .collect();
    for m in members {
        txn.relocate::<Member>(&m, &h.village)?;
    }
    let cases: Vec<String> = txn
        .records::<Case>(from)?
        .into_iter()
        .filter(|c| c.household == h.id)
        .map(|c| c.id.into())
        .collect();
    for c in cases {
        txn.relocate::<Case>(&c, &h.village)?;
    }
    Ok(())
}

fn refuse_move_with_allocations(txn: &mut Txn<'_>, from: &str, h: &Household) -> Result<()> {
    let held: Vec<String> = txn
        .records::<Allocation>(from)?
        .into_iter()
        .filter(|a| a.household.as_deref() == Some(h.id.as_str()))
        .map(|a| a.id.into())
        .collect();
    if held.is_empty() {
        return Ok(());
    }
    let (id, village) = (&h.id, &h.village);
    Err(Error::rejected_in(Text {
        en: format!(
            "household {id}: --village {village} cannot be changed: allocation{} {} of village {from} refer{} to it; remove them first",
            if held.len() == 1 { "" } else { "s" },
            held.join(", "),
            if held.len() == 1 { "s" } else { "" },
        ),
        zh: format!(
            "家庭 {id}：--village {village} 不能修改：村 {from} 的资金分配 {} 仍引用它；请先删除它们",
            held.join("、"),
        ),
    }))
}

/// An enumeration value's two labels.
fn pair<T: Labelled>(v: T) -> (&'static str, &'static str) {
    (v.en(), v.zh())
}

/// Under `household show` in a table: the members, and one line for each guarantee that
/// fails (三保障 and safe water) as things stand today.
fn show_members(ctx: &mut Ctx, store: &Store, h: &Household) -> Result<()> {
    let today = Date::today();
    let ages = crate::policy::Policy::from_overrides(&store.manifest().policy)?.school_ages();
    let members: Vec<Member> = store
        .records::<Member>(&h.village)?
        .into_iter()
        .filter(|m| m.household == h.id)
        .collect();
    let lang = ctx.out.lang;
    ctx.out.line("")?;
    if members.is_empty() {
        ctx.out
            .line(lang.pick("members 家庭成员: none recorded", "家庭成员：未登记"))?;
    } else {
        let n = members.len();
        ctx.out.line(&match lang {
            Lang::En => format!("members 家庭成员: {n} recorded, size {}", h.size),
            Lang::Zh => format!("家庭成员：已登记 {n} 人，户人口数 {}", h.size),
        })?;
        let label = |v: Option<(&'static str, &'static str)>| {
            v.map(|(en, zh)| lang.pick(en, zh).to_string())
                .unwrap_or_default()
        };
        let rows: Vec<Vec<String>> = members
            .iter()
            .map(|m| {
                let shown = ctx.out.shown(m);
                vec![
                    m.id.to_string(),
                    label(Some(pair(m.relation))),
                    m.name.to_string(),
                    shown.id_number.map(String::from).unwrap_or_default(),
                    m.age_on(today).map(|a| a.to_string()).unwrap_or_default(),
                    label(m.schooling.map(pair)),
                    label(m.health.map(pair)),
                    label(m.labour.map(pair)),
                    label(m.medical_insurance.map(pair)),
                ]
            })
            .collect();
        let headers: Vec<String> = match lang {
            Lang::En => [
                "id",
                "relation",
                "name",
                "id_number",
                "age",
                "schooling",
                "health",
                "labour",
                "medical_insurance",
            ],
            Lang::Zh => [
                "成员编号",
                "与户主关系",
                "姓名",
                "身份证号",
                "年龄",
                "在校生状况",
                "健康状况",
                "劳动技能",
                "基本医疗保险",
            ],
        }
        .map(String::from)
        .to_vec();
        ctx.out.table(&headers, &rows)?;
    }
    let members: Vec<&Member> = members.iter().collect();
    for g in Guarantee::ALL {
        let failure = guarantee::failure(g, h, &members, today, ages);
        let line = match (lang, failure) {
            (Lang::En, None) => format!("{} {}: no gap recorded", g.en(), g.zh()),
            (Lang::En, Some(who)) => {
                let who: Vec<String> = who.into_iter().map(|t| t.en).collect();
                format!("{} {}: fails — {}", g.en(), g.zh(), who.join(", "))
            }
            (Lang::Zh, None) => format!("{}：未发现问题", g.zh()),
            (Lang::Zh, Some(who)) => {
                let who: Vec<String> = who.into_iter().map(|t| t.zh).collect();
                format!("{}：未落实 — {}", g.zh(), who.join("、"))
            }
        };
        ctx.out.line(&line)?;
    }
    Ok(())
}

/// Under `household show` in a table: the household's monitoring cases, open first.
fn show_cases(ctx: &mut Ctx, store: &Store, h: &Household) -> Result<()> {
    let today = Date::today();
    let mut cases: Vec<Case> = store
        .records::<Case>(&h.village)?
        .into_iter()
        .filter(|c| c.household == h.id)
        .collect();
    let rank = |c: &Case| match c.state(today) {
        CaseState::Open => 0,
        CaseState::Pending | CaseState::NotYet => 1,
        CaseState::Eliminated => 2,
    };
    cases.sort_by(|a, b| (rank(a), b.lead_on).cmp(&(rank(b), a.lead_on)));
    let lang = ctx.out.lang;
    ctx.out.line("")?;
    if cases.is_empty() {
        return ctx
            .out
            .line(lang.pick("cases 监测对象: none", "监测对象：无"));
    }
    ctx.out.line(&match lang {
        Lang::En => format!("cases 监测对象: {}", cases.len()),
        Lang::Zh => format!("监测对象：共 {} 个", cases.len()),
    })?;
    let label = |en: &'static str, zh: &'static str| lang.pick(en, zh).to_string();
    let rows: Vec<Vec<String>> = cases
        .iter()
        .map(|c| {
            let state = c.state(today);
            vec![
                c.id.to_string(),
                label(state.en(), state.zh()),
                label(c.category.en(), c.category.zh()),
                c.lead_on.to_string(),
                c.approved_on.map(|d| d.to_string()).unwrap_or_default(),
                c.eliminated_on.map(|d| d.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    let headers: Vec<String> = match lang {
        Lang::En => [
            "id",
            "state",
            "category",
            "lead_on",
            "approved_on",
            "eliminated_on",
        ],
        Lang::Zh => [
            "监测编号",
            "状态",
            "监测对象类别",
            "线索日期",
            "审定日期",
            "风险消除日期",
        ],
    }
    .map(String::from)
    .to_vec();
    ctx.out.table(&headers, &rows)
}

/// Under `household show` in a table: the allocations the household received, and their total.
fn show_allocations(ctx: &mut Ctx, store: &Store, h: &Household) -> Result<()> {
    let received: Vec<Allocation> = store
        .records::<Allocation>(&h.village)?
        .into_iter()
        .filter(|a| a.household.as_deref() == Some(h.id.as_str()))
        .collect();
    let lang = ctx.out.lang;
    ctx.out.line("")?;
    if received.is_empty() {
        return ctx
            .out
            .line(lang.pick("allocations 扶贫资源: none", "扶贫资源：无"));
    }
    let (n, total) = (
        received.len(),
        format_yuan(
            received
                .iter()
                .fold(0i64, |sum, a| sum.saturating_add(a.amount_fen)),
        ),
    );
    ctx.out.line(&match lang {
        Lang::En => format!("allocations 扶贫资源: {n} received, {total} yuan in all"),
        Lang::Zh => format!("扶贫资源：共 {n} 笔，合计 {total} 元"),
    })?;
    let rows: Vec<Vec<String>> = received
        .iter()
        .map(|a| {
            vec![
                a.id.to_string(),
                a.date.to_string(),
                lang.pick(a.kind.en(), a.kind.zh()).to_string(),
                format_yuan(a.amount_fen),
                a.approved_by.join(";"),
            ]
        })
        .collect();
    let headers: Vec<String> = match lang {
        Lang::En => ["id", "date", "kind", "amount", "approved_by"],
        Lang::Zh => ["编号", "日期", "类型", "金额", "审批人"],
    }
    .map(String::from)
    .to_vec();
    ctx.out.table(&headers, &rows)
}

pub fn run(ctx: &mut Ctx, command: HouseholdCommand) -> Result<ExitStatus> {
    match command {
        HouseholdCommand::Add(f) => fields::add::<Household>(ctx, f.id.as_ref(), &f.given())?,
        HouseholdCommand::List(args) => {
            let store = ctx.store()?;
            let status = fields::status_filter::<HouseholdStatus>(args.filter.status.as_ref())?;
            let mut households = Vec::new();
            for v in fields::scope(&store, &args.filter)? {
                households.extend(store.records::<Household>(&v)?.into_iter().filter(|h| {
                    status.is_none_or(|s| s == h.status)
                        && (args.helper.is_none() || h.helper.as_deref() == args.helper.as_deref())
                }));
            }
            ctx.out.list(&households)?;
        }
        HouseholdCommand::Show(args) => {
            let store = ctx.store()?;
            let h = fields::find::<Household>(ctx, &args.id)?;
            ctx.out.record(&h)?;
            if ctx.out.format == crate::cli::Format::Table && !ctx.out.quiet {
                show_members(ctx, &store, &h)?;
                show_cases(ctx, &store, &h)?;
                show_allocations(ctx, &store, &h)?;
            }
        }
        HouseholdCommand::Update(args) => {
            fields::update_args::<Household, _>(ctx, &args, move_household)?;
        }
        HouseholdCommand::Remove(args) => {
            fields::remove::<Household>(ctx, &args.id, fields::removable)?;
        }
        HouseholdCommand::Assign(args) => {
            change(ctx, &args.household, |h| {
                h.helper = Some(args.helper.trim().into());
                Ok(())
            })?;
        }
        HouseholdCommand::Relate(args) => {
            let id = args.household.clone();
            change(ctx, &args.household, |h| {
                relate(h, &args).map_err(|e| fields::invalid(Kind::Household, &id, &e))
            })?;
        }
        HouseholdCommand::Exit(args) => {
            let id = args.household.clone();
            change(ctx, &args.household, |h| {
                verified_exit(h, &args).map_err(|e| fields::invalid(Kind::Household, &id, &e))
            })
            .map_err(|e| {
                e.as_typed(&[
                    ("--exited-on", "--on"),
                    ("--exit-verified-by", "--verified-by"),
                ])
            })?;
        }
    }
    Ok(ExitStatus::Success)
}

/// Records (or updates) the household's kin tie to a person; a given `--filed-on` replaces the
/// earlier one, an omitted one keeps it.
fn relate(h: &mut Household, args: &RelateArgs) -> Result<(), Invalid> {
    let relation = fields::label::<Relationship>("relation", &args.relation)?;
    let filed_on = args
        .filed_on
        .as_ref()
        .map(|s| crate::model::parse_date("filed_on", s))
        .transpose()?;
    let person = args.person.trim().to_string();
    match h.relations.iter_mut().find(|r| r.person == person) {
        Some(r) => {
            r.relation = relation;
            r.filed_on = filed_on.or(r.filed_on);
        }
        None => h.relations.push(Relation {
            person: person.into(),
            relation,
            filed_on,
        }),
    }
    Ok(())
}

/// A verified exit: the date, the income per head and who verified it.
fn verified_exit(h: &mut Household, args: &ExitArgs) -> Result<(), Invalid> {
    let on = crate::model::parse_date("exited_on", &args.on)?;
    let income = crate::model::parse_yuan("income_per_capita_fen", &args.income)?;
    h.exit(on, income, &args.verified_by);
    Ok(())
}
