//! `bangfu household add|list|show|update|remove|assign|relate|exit`

use crate::cli::{ExitArgs, HouseholdCommand, HouseholdFields, RelateArgs};
use crate::error::{ExitStatus, Result, rejected};
use crate::model::{
    Allocation, Cause, Household, HouseholdCategory, HouseholdStatus, Invalid, Kind, Labelled,
    Measure, Relation, Relationship, check_id, check_id_number, format_yuan,
};
use crate::output::{opt, yuan};
use crate::store::{Store, Txn};

use super::{Ctx, fields};

fn apply(h: &mut Household, f: &HouseholdFields) -> Result<(), Invalid> {
    if let Some(s) = &f.village {
        check_id("village", s.trim())?;
        h.village = s.trim().to_string();
    }
    if let Some(s) = &f.head {
        h.head = fields::text("head", s)?;
    }
    if let Some(s) = &f.id_number {
        h.id_number = Some(check_id_number("id_number", s)?);
    }
    if let Some(s) = &f.size {
        h.size = fields::count("size", s, 1, 30, "a whole number of members from 1 to 30")?;
    }
    if let Some(s) = &f.status {
        h.status = fields::label::<HouseholdStatus>("status", s)?;
    }
    if let Some(s) = &f.category {
        h.category = Some(fields::label::<HouseholdCategory>("category", s)?);
    }
    if !f.causes.is_empty() {
        h.causes = fields::labels::<Cause>("causes", &f.causes)?;
    }
    if !f.measures.is_empty() {
        h.measures = fields::labels::<Measure>("measures", &f.measures)?;
    }
    if let Some(s) = &f.income {
        h.income_per_capita_fen = Some(fields::yuan("income_per_capita_fen", s)?);
    }
    if let Some(s) = &f.identified_on {
        h.identified_on = Some(fields::date("identified_on", s)?);
    }
    if let Some(s) = &f.exited_on {
        h.exited_on = Some(fields::date("exited_on", s)?);
    }
    if let Some(s) = &f.exit_verified_by {
        h.exit_verified_by = Some(s.trim().to_string());
    }
    if let Some(s) = &f.helper {
        h.helper = Some(s.trim().to_string());
    }
    Ok(())
}

/// Changes a household with `edit`, refusing a move that would strand allocations.
fn change(ctx: &mut Ctx, id: &str, edit: impl FnOnce(&mut Household) -> Result<()>) -> Result<()> {
    fields::update(ctx, id, edit, refuse_move_with_allocations)
}

/// An allocation names its village and household; moving the household to another village
/// would leave those allocations pointing across villages, so it is refused while any exist.
fn refuse_move_with_allocations(txn: &mut Txn<'_>, old: &Household, h: &Household) -> Result<()> {
    let from = old.village.as_str();
    if h.village == from {
        return Ok(());
    }
    let held: Vec<String> = txn
        .records::<Allocation>(from)?
        .into_iter()
        .filter(|a| a.household.as_deref() == Some(h.id.as_str()))
        .map(|a| a.id)
        .collect();
    if held.is_empty() {
        return Ok(());
    }
    Err(rejected(format!(
        "household {}: --village {} cannot be changed: allocation{} {} of village {from} refer{} to it; remove them first",
        h.id,
        h.village,
        if held.len() == 1 { "" } else { "s" },
        held.join(", "),
        if held.len() == 1 { "s" } else { "" },
    )))
}

/// Under `household show` in a table: the allocations the household received, and their total.
fn show_allocations(ctx: &mut Ctx, store: &Store, h: &Household) -> Result<()> {
    let received: Vec<Allocation> = store
        .records::<Allocation>(&h.village)?
        .into_iter()
        .filter(|a| a.household.as_deref() == Some(h.id.as_str()))
        .collect();
    ctx.out.line("")?;
    if received.is_empty() {
        return ctx.out.line("allocations 扶贫资源: none");
    }
    let total = received
        .iter()
        .fold(0i64, |sum, a| sum.saturating_add(a.amount_fen));
    ctx.out.line(&format!(
        "allocations 扶贫资源: {} received, {} yuan in all",
        received.len(),
        format_yuan(total)
    ))?;
    let rows: Vec<Vec<String>> = received
        .iter()
        .map(|a| {
            vec![
                a.id.clone(),
                a.date.to_string(),
                a.kind.zh().to_string(),
                format_yuan(a.amount_fen),
                a.approved_by.join(","),
            ]
        })
        .collect();
    let headers: Vec<String> = ["id", "date", "kind", "amount", "approved_by"]
        .map(String::from)
        .to_vec();
    ctx.out.table(&headers, &rows)
}

pub fn run(ctx: &mut Ctx, command: HouseholdCommand) -> Result<ExitStatus> {
    match command {
        HouseholdCommand::Add(f) => {
            fields::require(
                Kind::Household,
                &[
                    ("village", f.village.is_some()),
                    ("head", f.head.is_some()),
                    ("size", f.size.is_some()),
                ],
            )?;
            let store = ctx.store()?;
            let household = store.write(&ctx.actor(), |txn| {
                let id = fields::new_id(txn, Kind::Household, f.id.as_ref())?;
                let mut h = Household {
                    id: id.clone(),
                    village: String::new(),
                    head: String::new(),
                    id_number: None,
                    size: 1,
                    status: HouseholdStatus::Poor,
                    category: None,
                    causes: Vec::new(),
                    measures: Vec::new(),
                    income_per_capita_fen: None,
                    identified_on: None,
                    exited_on: None,
                    exit_verified_by: None,
                    helper: None,
                    relations: Vec::new(),
                };
                apply(&mut h, &f).map_err(|e| fields::invalid(Kind::Household, &id, &e))?;
                fields::check(txn, &h)?;
                txn.insert(&h)?;
                Ok(h)
            })?;
            ctx.out.changed(&household, true)?;
        }
        HouseholdCommand::List(args) => {
            let store = ctx.store()?;
            let status = fields::status_filter::<HouseholdStatus>(args.filter.status.as_ref())?;
            let mut households = Vec::new();
            for v in fields::scope(&store, &args.filter)? {
                households.extend(store.records::<Household>(&v)?.into_iter().filter(|h| {
                    status.is_none_or(|s| s == h.status)
                        && (args.helper.is_none() || h.helper == args.helper)
                }));
            }
            ctx.out.records(
                &households,
                &[
                    ("id", |h: &Household| h.id.clone()),
                    ("village", |h| h.village.clone()),
                    ("head", |h| h.head.clone()),
                    ("size", |h| h.size.to_string()),
                    ("status", |h| h.status.zh().to_string()),
                    ("helper", |h| opt(h.helper.as_ref())),
                    ("income", |h| yuan(h.income_per_capita_fen)),
                    ("id_number", |h| opt(h.id_number.as_ref())),
                ],
            )?;
        }
        HouseholdCommand::Show(args) => {
            let store = ctx.store()?;
            let h = store
                .find::<Household>(&args.id)?
                .ok_or_else(|| rejected(format!("household {} does not exist", args.id)))?;
            ctx.out.record(&h)?;
            if ctx.out.format == crate::cli::Format::Table && !ctx.out.quiet {
                show_allocations(ctx, &store, &h)?;
            }
        }
        HouseholdCommand::Update(args) => {
            fields::no_rename(Kind::Household, &args.id, args.fields.id.as_ref())?;
            let id = args.id.clone();
            change(ctx, &args.id, |h| {
                fields::clear(h, &args.clear.clear)?;
                apply(h, &args.fields).map_err(|e| fields::invalid(Kind::Household, &id, &e))
            })?;
        }
        HouseholdCommand::Remove(args) => {
            let store = ctx.store()?;
            store.write(&ctx.actor(), |txn| {
                if txn.get::<Household>(&args.id)?.is_none() {
                    return Err(rejected(format!("household {} does not exist", args.id)));
                }
                fields::refuse_if_referenced(&txn.store().load()?, Kind::Household, &args.id)?;
                txn.delete::<Household>(&args.id).map(drop)
            })?;
            ctx.out.note(&format!("removed household {}", args.id))?;
        }
        HouseholdCommand::Assign(args) => {
            change(ctx, &args.household, |h| {
                h.helper = Some(args.helper.trim().to_string());
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
        .map(|s| fields::date("filed_on", s))
        .transpose()?;
    let person = args.person.trim().to_string();
    match h.relations.iter_mut().find(|r| r.person == person) {
        Some(r) => {
            r.relation = relation;
            r.filed_on = filed_on.or(r.filed_on);
        }
        None => h.relations.push(Relation {
            person,
            relation,
            filed_on,
        }),
    }
    Ok(())
}

/// A verified exit: the date, the income per head and who verified it.
fn verified_exit(h: &mut Household, args: &ExitArgs) -> Result<(), Invalid> {
    h.exited_on = Some(fields::date("exited_on", &args.on)?);
    h.income_per_capita_fen = Some(fields::yuan("income_per_capita_fen", &args.income)?);
    h.exit_verified_by = Some(args.verified_by.trim().to_string());
    h.status = HouseholdStatus::Exited;
    Ok(())
}
