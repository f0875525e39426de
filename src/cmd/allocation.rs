//! `bangfu allocation add|list|show|remove`

use crate::cli::{AllocationCommand, AllocationFields};
use crate::error::{ExitStatus, Result, rejected};
use crate::model::{Allocation, AllocationKind, Date, Invalid, Kind, Labelled, check_id};
use crate::output::{opt, yuan};

use super::{Ctx, fields};

fn apply(a: &mut Allocation, f: &AllocationFields) -> Result<(), Invalid> {
    if let Some(s) = &f.village {
        check_id("village", s.trim())?;
        a.village = s.trim().to_string();
    }
    if let Some(s) = &f.household {
        check_id("household", s.trim())?;
        a.household = Some(s.trim().to_string());
    }
    if let Some(s) = &f.kind {
        a.kind = fields::label::<AllocationKind>("kind", s)?;
    }
    if let Some(s) = &f.amount {
        a.amount_fen = fields::yuan("amount_fen", s)?;
    }
    if let Some(s) = &f.date {
        a.date = fields::date("date", s)?;
    }
    if let Some(s) = &f.source {
        a.source = Some(fields::text("source", s)?);
    }
    if let Some(s) = &f.purpose {
        a.purpose = Some(fields::text("purpose", s)?);
    }
    if !f.approved_by.is_empty() {
        a.approved_by = f.approved_by.iter().map(|p| p.trim().to_string()).collect();
    }
    Ok(())
}

pub fn run(ctx: &mut Ctx, command: AllocationCommand) -> Result<ExitStatus> {
    let store = ctx.store()?;
    match command {
        AllocationCommand::Add(f) => {
            fields::require(
                Kind::Allocation,
                &[
                    ("village", f.village.is_some()),
                    ("kind", f.kind.is_some()),
                    ("amount", f.amount.is_some()),
                    ("date", f.date.is_some()),
                ],
            )?;
            let allocation = store.write(&ctx.actor(), |txn| {
                let id = fields::new_id(txn, Kind::Allocation, f.id.as_ref())?;
                let mut a = Allocation {
                    id: id.clone(),
                    village: String::new(),
                    household: None,
                    kind: AllocationKind::Funds,
                    amount_fen: 0,
                    date: Date::today(),
                    source: None,
                    purpose: None,
                    approved_by: Vec::new(),
                };
                apply(&mut a, &f).map_err(|e| fields::invalid(Kind::Allocation, &id, &e))?;
                fields::check(txn, &a)?;
                txn.insert(&a)?;
                Ok(a)
            })?;
            ctx.out.changed(&allocation, true)?;
        }
        AllocationCommand::List(args) => {
            if args.filter.status.is_some() {
                return Err(rejected(
                    "--status does not apply to allocations; use --kind, --from or --to"
                        .to_string(),
                ));
            }
            let kind = args
                .kind
                .as_ref()
                .map(|s| {
                    fields::label::<AllocationKind>("kind", s)
                        .map_err(|e| crate::error::Error::invalid_value(&e))
                })
                .transpose()?;
            let bound = |s: &Option<String>, field| {
                s.as_ref()
                    .map(|s| {
                        fields::date(field, s).map_err(|e| crate::error::Error::invalid_value(&e))
                    })
                    .transpose()
            };
            let (from, to) = (bound(&args.from, "from")?, bound(&args.to, "to")?);
            let mut allocations = Vec::new();
            for v in fields::scope(&store, &args.filter)? {
                allocations.extend(store.records::<Allocation>(&v)?.into_iter().filter(|a| {
                    (args.household.is_none() || a.household == args.household)
                        && kind.is_none_or(|k| k == a.kind)
                        && from.is_none_or(|d| a.date >= d)
                        && to.is_none_or(|d| a.date <= d)
                }));
            }
            ctx.out.records(
                &allocations,
                &[
                    ("id", |a: &Allocation| a.id.clone()),
                    ("village", |a| a.village.clone()),
                    ("household", |a| opt(a.household.as_ref())),
                    ("kind", |a| a.kind.zh().to_string()),
                    ("amount", |a| yuan(Some(a.amount_fen))),
                    ("date", |a| a.date.to_string()),
                    ("source", |a| opt(a.source.as_ref())),
                    ("approved_by", |a| a.approved_by.join(",")),
                ],
            )?;
        }
        AllocationCommand::Show(args) => {
            let a = store
                .find::<Allocation>(&args.id)?
                .ok_or_else(|| crate::error::Error::no_such_record(Kind::Allocation, &args.id))?;
            ctx.out.record(&a)?;
        }
        AllocationCommand::Remove(args) => {
            store.write(&ctx.actor(), |txn| {
                if txn.get::<Allocation>(&args.id)?.is_none() {
                    return Err(crate::error::Error::no_such_record(
                        Kind::Allocation,
                        &args.id,
                    ));
                }
                txn.delete::<Allocation>(&args.id).map(drop)
            })?;
            ctx.out.removed(Kind::Allocation, &args.id)?;
        }
    }
    Ok(ExitStatus::Success)
}
