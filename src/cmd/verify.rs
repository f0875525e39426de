//! `bangfu verify [--village V] [--repair]`: the store's integrity, with path and line.

use crate::cli::{Format, VerifyArgs};
use crate::error::{Error, ExitStatus, Result};
use crate::lang::{Lang, Text};
use crate::model::check_id;
use crate::store::verify::{self, Finding, Problem, Report, Severity};

use super::Ctx;

pub fn run(ctx: &mut Ctx, args: VerifyArgs) -> Result<ExitStatus> {
    // Not `ctx.store()`: that completes a pending change, and verify without --repair
    // writes nothing. It takes the lock itself.
    let store = crate::store::Store::discover(ctx.store_dir.as_deref())?;
    if let Some(v) = &args.village {
        check_id("village", v).map_err(|e| Error::invalid_value(&e))?;
        if !store.layout().village_dir(v).is_dir() {
            return Err(Error::rejected_in(Text {
                en: format!("--village {v} is not a known village"),
                zh: format!("--village {v} 不是已知的村"),
            }));
        }
    }
    if let Some(digest) = &args.seal {
        let digest = digest.trim();
        if digest.len() != 64 || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::rejected_in(Text {
                en: format!(
                    "--seal {digest} is not a seal's digest; expected the 64 hexadecimal digits `bangfu seal` printed"
                ),
                zh: format!(
                    "--seal {digest} 不是封存摘要；应为 `bangfu seal` 打印的 64 位十六进制数"
                ),
            }));
        }
    }
    let actor = if args.repair {
        Some(ctx.actor()?)
    } else {
        None
    };
    let mut report = verify::verify(&store, args.village.as_deref(), actor.as_deref())?;
    // Several offices: conflicts a merge left, merge lines, and the seal if one is given.
    report
        .problems
        .extend(super::conflicts::problems(&store, &report.merge_journals)?);
    if let Some(digest) = &args.seal {
        report
            .problems
            .extend(super::seal::problems(&store, digest)?);
    }
    let lang = ctx.out.lang;
    match ctx.out.format {
        Format::Json => ctx.out.json(&report.json(lang))?,
        _ => print_table(ctx, &report)?,
    }
    if let Some(digest) = &args.seal
        && !report
            .problems
            .iter()
            .any(|p| matches!(p.problem, Problem::SealBroken { .. }))
    {
        ctx.out.note(&match lang {
            Lang::En => {
                format!("seal {digest}: every sealed journal still starts with the lines it had")
            }
            Lang::Zh => format!("封存 {digest}：每个封存的日志仍以封存时的各行开头"),
        })?;
    }
    Ok(if report.damaged() {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}

fn print_table(ctx: &mut Ctx, report: &Report) -> Result<()> {
    let lang = ctx.out.lang;
    for r in &report.repairs {
        let action = lang.pick(&r.action.en, &r.action.zh);
        let path = r.path.display();
        ctx.out.line(&match (lang, &r.kept) {
            (Lang::En, None) => format!("{path}: repaired: {action}"),
            (Lang::En, Some(k)) => {
                format!("{path}: repaired: {action}; kept a copy in {}", k.display())
            }
            (Lang::Zh, None) => format!("{path}：已修复：{action}"),
            (Lang::Zh, Some(k)) => {
                format!("{path}：已修复：{action}；副本保存在 {}", k.display())
            }
        })?;
    }
    for p in &report.problems {
        let severity = match p.severity {
            Severity::Damage if !report.repairs.is_empty() => lang.pick("not repaired", "未修复"),
            Severity::Damage => lang.pick("damage", "损坏"),
            Severity::Notice => lang.pick("notice", "提示"),
        };
        let message = p.message(lang);
        ctx.out.line(&match lang {
            Lang::En => format!("{}: {severity}: {message}", p.place()),
            Lang::Zh => format!("{}：{severity}：{message}", p.place()),
        })?;
    }
    ctx.out.note(&summary(report).into_lang(lang))
}

/// The last line: what was read and what was found, in both languages.
fn summary(report: &Report) -> Text {
    let count = |f: &dyn Fn(&Finding) -> bool| report.problems.iter().filter(|p| f(p)).count();
    let damage = count(&|p| p.severity == Severity::Damage);
    let notices = count(&|p| p.severity == Severity::Notice);
    let repairable = count(&|p| p.repairable);
    let merging = count(&|p| p.problem.from_merge());
    let lasting =
        count(&|p| p.severity == Severity::Damage && !p.repairable && !p.problem.from_merge());
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut en = vec![if damage == 0 {
        "no damage".to_string()
    } else {
        format!("{} found", plural(damage, "problem", "problems"))
    }];
    let mut zh = vec![if damage == 0 {
        "未发现损坏".to_string()
    } else {
        format!("发现 {damage} 个问题")
    }];
    if notices > 0 {
        en.push(plural(notices, "notice", "notices"));
        zh.push(format!("{notices} 条提示"));
    }
    if repairable > 0 {
        en.push(format!(
            "`bangfu verify --repair` fixes the {repairable} that {} safe to fix",
            if repairable == 1 { "is" } else { "are" }
        ));
        zh.push(format!(
            "`bangfu verify --repair` 可修复其中可以安全修复的 {repairable} 个"
        ));
    }
    if merging > 0 {
        en.push(format!(
            "{} left by a merge: `bangfu conflicts` lists {}",
            plural(merging, "record", "records"),
            if merging == 1 { "it" } else { "them" }
        ));
        zh.push(format!(
            "{merging} 条记录由合并遗留：`bangfu conflicts` 会列出"
        ));
    }
    if lasting > 0 {
        en.push(format!(
            "{} cannot be repaired by the tool, which never rewrites history: restore from a \
             backup or have it reviewed",
            plural(lasting, "problem", "problems")
        ));
        zh.push(format!(
            "{lasting} 个问题无法由工具修复（工具从不改写历史）：请从备份恢复，或交人审查"
        ));
    }
    Text {
        en: format!(
            "verified {}, {}: {}",
            plural(report.files, "file", "files"),
            plural(report.entries as usize, "journal entry", "journal entries"),
            en.join("; ")
        ),
        zh: format!(
            "已校验 {} 个文件、{} 条日志：{}",
            report.files,
            report.entries,
            zh.join("；")
        ),
    }
}
