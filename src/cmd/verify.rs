//! `bangfu verify [--village V] [--repair]`: the store's integrity, with path and line.

use crate::cli::{Format, VerifyArgs};
use crate::error::{ExitStatus, Result, rejected};
use crate::model::check_id;
use crate::store::verify::{self, Report, Severity};

use super::Ctx;

pub fn run(ctx: &mut Ctx, args: VerifyArgs) -> Result<ExitStatus> {
    // Not `ctx.store()`: that completes a pending change, and verify without --repair
    // writes nothing. It takes the lock itself.
    let store = crate::store::Store::discover(ctx.store_dir.as_deref())?;
    if let Some(v) = &args.village {
        check_id("village", v).map_err(|e| rejected(format!("--village {e}")))?;
        if !store.layout().village_dir(v).is_dir() {
            return Err(rejected(format!("--village {v} is not a known village")));
        }
    }
    let mut report = verify::verify(&store, args.village.as_deref(), args.repair)?;
    // Several offices: conflicts a merge left, merge lines, and the seal if one is given.
    report.problems.extend(super::conflicts::problems(&store)?);
    if let Some(digest) = &args.seal {
        report
            .problems
            .extend(super::seal::problems(&store, digest)?);
    }
    match ctx.out.format {
        Format::Json => ctx.out.json(&report)?,
        _ => print_table(ctx, &report)?,
    }
    if let Some(digest) = &args.seal
        && !report.problems.iter().any(|p| p.code == "seal_broken")
    {
        ctx.out.note(&format!(
            "seal {digest}: every sealed journal still starts with the lines it had"
        ))?;
    }
    Ok(if report.damaged() {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}

fn print_table(ctx: &mut Ctx, report: &Report) -> Result<()> {
    for r in &report.repairs {
        let kept = r
            .kept
            .as_ref()
            .map(|k| format!("; kept a copy in {}", k.display()))
            .unwrap_or_default();
        ctx.out.line(&format!(
            "{}: repaired: {}{kept}",
            r.path.display(),
            r.action
        ))?;
    }
    for p in &report.problems {
        let severity = match p.severity {
            Severity::Damage if !report.repairs.is_empty() => "not repaired",
            Severity::Damage => "damage",
            Severity::Notice => "notice",
        };
        ctx.out
            .line(&format!("{}: {severity}: {}", p.place(), p.message))?;
    }
    let count =
        |f: &dyn Fn(&verify::Problem) -> bool| report.problems.iter().filter(|p| f(p)).count();
    let damage = count(&|p| p.severity == Severity::Damage);
    let notices = count(&|p| p.severity == Severity::Notice);
    let repairable = count(&|p| p.repairable);
    let merging = count(&|p| p.code.starts_with("merge_"));
    let lasting = count(&|p| {
        p.severity == Severity::Damage && !p.repairable && !p.code.starts_with("merge_")
    });
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = vec![if damage == 0 {
        "no damage".to_string()
    } else {
        format!("{} found", plural(damage, "problem", "problems"))
    }];
    if notices > 0 {
        parts.push(plural(notices, "notice", "notices"));
    }
    if repairable > 0 {
        parts.push(format!(
            "`bangfu verify --repair` fixes the {repairable} that {} safe to fix",
            if repairable == 1 { "is" } else { "are" }
        ));
    }
    if merging > 0 {
        parts.push(format!(
            "{} left by a merge: `bangfu conflicts` lists {}",
            plural(merging, "record", "records"),
            if merging == 1 { "it" } else { "them" }
        ));
    }
    if lasting > 0 {
        parts.push(format!(
            "{} cannot be repaired by the tool, which never rewrites history: restore from a \
             backup or have it reviewed",
            plural(lasting, "problem", "problems")
        ));
    }
    let summary = format!(
        "verified {}, {}: {}",
        plural(report.files, "file", "files"),
        plural(report.entries as usize, "journal entry", "journal entries"),
        parts.join("; ")
    );
    ctx.out.note(&summary)
}
