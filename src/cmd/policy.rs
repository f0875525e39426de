//! `bangfu policy show | set KEY VALUE`

use crate::cli::{Format, PolicyCommand};
use crate::error::{ExitStatus, Result};
use crate::lang::Lang;
use crate::policy::Policy;

use super::Ctx;

pub fn run(ctx: &mut Ctx, command: PolicyCommand) -> Result<ExitStatus> {
    let store = ctx.store()?;
    match command {
        PolicyCommand::Show => {
            let policy = Policy::from_overrides(&store.manifest().policy)?;
            show(ctx, &policy)?;
        }
        PolicyCommand::Set(args) => {
            let known_rule = |code: &str| crate::rules::RULES.iter().any(|r| r.code == code);
            // Read the overrides under the lock, so that concurrent `policy set`s all land.
            let policy = store.write(&ctx.actor()?, |txn| {
                let overrides =
                    Policy::set(&txn.manifest().policy, &args.key, &args.value, known_rule)?;
                let policy = Policy::from_overrides(&overrides)?;
                txn.set_policy(&args.key, overrides)?;
                Ok(policy)
            })?;
            if ctx.out.format == Format::Json {
                ctx.out.json(&policy)?;
            } else {
                let setting = policy.settings().into_iter().find(|s| s.key == args.key);
                let line = match (ctx.out.lang, setting) {
                    (Lang::En, Some(s)) if !s.default.is_empty() => {
                        format!("policy {} = {} (default {})", s.key, s.value, s.default)
                    }
                    (Lang::Zh, Some(s)) if !s.default.is_empty() => {
                        format!("政策 {} = {}（默认 {}）", s.key, s.value, s.default)
                    }
                    (Lang::En, Some(s)) => format!("policy {} = {}", s.key, s.value),
                    (Lang::Zh, Some(s)) => format!("政策 {} = {}", s.key, s.value),
                    (Lang::En, None) => format!("policy {} set", args.key),
                    (Lang::Zh, None) => format!("已设置政策 {}", args.key),
                };
                ctx.out.note(&line)?;
            }
        }
    }
    Ok(ExitStatus::Success)
}

/// The effective policy: a table of every setting with its default and source, or in JSON
/// the policy object with the defaults filled in (the shape of `bangfu.json`'s `policy`).
fn show(ctx: &mut Ctx, policy: &Policy) -> Result<()> {
    if ctx.out.format == Format::Json {
        return ctx.out.json(policy);
    }
    let table = ctx.out.format == Format::Table;
    let lang = ctx.out.lang;
    let rows: Vec<Vec<String>> = policy
        .settings()
        .into_iter()
        .map(|s| {
            let mut row = vec![s.key, s.value, s.default];
            if table {
                let changed = if row[1] == row[2] { "" } else { "*" };
                row.push(changed.to_string());
            }
            row.push(s.source.pick(lang).to_string());
            row
        })
        .collect();
    if !table {
        let headers = match lang {
            Lang::En => ["key", "value", "default", "source"],
            Lang::Zh => ["设置项", "值", "默认值", "依据"],
        };
        return ctx.out.csv_rows(&headers, &rows);
    }
    let headers: Vec<String> = match lang {
        Lang::En => ["key", "value", "default", "", "source"],
        Lang::Zh => ["设置项", "值", "默认值", "", "依据"],
    }
    .iter()
    .map(ToString::to_string)
    .collect();
    ctx.out.table(&headers, &rows)?;
    ctx.out.note("")?;
    ctx.out.note(lang.pick(
        "* differs from the default; change with `bangfu policy set KEY VALUE`",
        "* 与默认值不同；用 `bangfu policy set KEY VALUE` 修改",
    ))
}
