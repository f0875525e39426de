//! `bangfu member add|list|show|update|remove`

use crate::cli::MemberCommand;
use crate::error::{Error, ExitStatus, Result};
use crate::lang::Text;
use crate::model::{Household, Member};

use super::{Ctx, fields};

pub fn run(ctx: &mut Ctx, command: MemberCommand) -> Result<ExitStatus> {
    match command {
        MemberCommand::Add(f) => fields::add::<Member>(ctx, f.id.as_ref(), &f.given())?,
        MemberCommand::List(args) => {
            let store = ctx.store()?;
            let villages = match &args.household {
                // One household's members are in its village: read that one.
                Some(h) => {
                    let household = store.find::<Household>(h)?.ok_or_else(|| {
                        Error::rejected_in(Text {
                            en: format!("--household {h} is not a known household"),
                            zh: format!("--household {h} 不是已知的家庭"),
                        })
                    })?;
                    let mut in_scope = fields::scope(&store, &args.filter)?;
                    in_scope.retain(|v| *v == household.village);
                    in_scope
                }
                None => fields::scope(&store, &args.filter)?,
            };
            if args.filter.status.is_some() {
                return Err(Error::rejected_in(Text::new(
                    "--status does not apply to members; use --household",
                    "--status 不适用于家庭成员；请用 --household",
                )));
            }
            let mut members = Vec::new();
            for v in villages {
                members.extend(
                    store
                        .records::<Member>(&v)?
                        .into_iter()
                        .filter(|m| args.household.as_ref().is_none_or(|h| *h == m.household)),
                );
            }
            ctx.out.list(&members)?;
        }
        MemberCommand::Show(args) => fields::show::<Member>(ctx, &args.id)?,
        MemberCommand::Update(args) => {
            fields::update_args::<Member, _>(ctx, &args, fields::unguarded)?;
        }
        MemberCommand::Remove(args) => {
            fields::remove::<Member>(ctx, &args.id, fields::removable)?;
        }
    }
    Ok(ExitStatus::Success)
}
