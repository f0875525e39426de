//! `bangfu allocation add|list|show|remove`

use crate::cli::AllocationCommand;
use crate::error::{Error, ExitStatus, Result};
use crate::lang::Text;
use crate::model::{Allocation, AllocationKind};

use super::{Ctx, fields};

pub fn run(ctx: &mut Ctx, command: AllocationCommand) -> Result<ExitStatus> {
    let store = ctx.store()?;
    match command {
        AllocationCommand::Add(f) => fields::add::<Allocation>(ctx, f.id.as_ref(), &f.given())?,
        AllocationCommand::List(args) => {
            if args.filter.status.is_some() {
                return Err(Error::rejected_in(Text::new(
                    "--status does not apply to allocations; use --kind, --from or --to",
                    "--status 不适用于资金分配；请用 --kind、--from 或 --to",
                )));
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
                        crate::model::parse_date(field, s)
                            .map_err(|e| crate::error::Error::invalid_value(&e))
                    })
                    .transpose()
            };
            let (from, to) = (bound(&args.from, "from")?, bound(&args.to, "to")?);
            let mut allocations = Vec::new();
            for v in fields::scope(&store, &args.filter)? {
                allocations.extend(store.records::<Allocation>(&v)?.into_iter().filter(|a| {
                    (args.household.is_none()
                        || a.household.as_deref() == args.household.as_deref())
                        && kind.is_none_or(|k| k == a.kind)
                        && from.is_none_or(|d| a.date >= d)
                        && to.is_none_or(|d| a.date <= d)
                }));
            }
            ctx.out.list(&allocations)?;
        }
        AllocationCommand::Show(args) => fields::show::<Allocation>(ctx, &args.id)?,
        AllocationCommand::Remove(args) => {
            fields::remove::<Allocation>(ctx, &args.id, fields::removable)?;
        }
    }
    Ok(ExitStatus::Success)
}
