//! `bangfu household add|list|show|update|remove|assign|relate|exit`

use crate::cli::{HouseholdCommand, HouseholdFields};
use crate::error::{ExitStatus, Result, rejected};
use crate::model::{
    Cause, Household, HouseholdCategory, HouseholdStatus, Invalid, Kind, Labelled, Measure, Record,
    Relation, Relationship, check_id, check_id_number,
};
use crate::output::{opt, yuan};

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

/// Loads a household for a change, applies `edit`, validates and writes it.
fn change(
    ctx: &mut Ctx,
    id: &str,
    edit: impl FnOnce(&mut Household) -> Result<(), Invalid>,
) -> Result<()> {
    let store = ctx.store()?;
    let household = store.write(&ctx.actor(), |txn| {
        let mut h = txn
            .get::<Household>(id)?
            .ok_or_else(|| rejected(format!("household {id} does not exist")))?;
        edit(&mut h).map_err(|e| fields::invalid(Kind::Household, id, &e))?;
        fields::check(txn, &h)?;
        txn.replace(&h)?;
        Ok(h)
    })?;
    ctx.out.changed(&household, false)
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
        }
        HouseholdCommand::Update(args) => {
            fields::no_rename(Kind::Household, &args.id, args.fields.id.as_ref())?;
            let clears = args.clear.clear.clone();
            change(ctx, &args.id, |h| {
                for c in &clears {
                    let name = c.trim_start_matches("--").replace('-', "_");
                    h.clear(&name)
                        .map_err(|msg| Invalid::new("clear", c, msg))?;
                }
                apply(h, &args.fields)
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
            change(ctx, &args.household, |h| {
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
            })?;
        }
        HouseholdCommand::Exit(args) => {
            change(ctx, &args.household, |h| {
                h.exited_on = Some(fields::date("exited_on", &args.on)?);
                h.income_per_capita_fen =
                    Some(fields::yuan("income_per_capita_fen", &args.income)?);
                h.exit_verified_by = Some(args.verified_by.trim().to_string());
                h.status = HouseholdStatus::Exited;
                Ok(())
            })?;
        }
    }
    Ok(ExitStatus::Success)
}
