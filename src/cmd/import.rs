//! `bangfu import KIND FILE|- [--dry-run]` and `bangfu import all DIR`

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;

use crate::cli::{Format, ImportArgs};
use crate::error::{Error, ExitStatus, Result};
use crate::import::{ORDER, Source, import};
use crate::lang::{Lang, Text};
use crate::model::Kind;

use super::Ctx;

fn open(path: &Path, kind: Kind) -> Result<(Source, Option<u64>)> {
    if path == Path::new("-") {
        let source = Source {
            name: "<stdin>".into(),
            kind,
            reader: Box::new(std::io::stdin()),
        };
        return Ok((source, None));
    }
    let file = std::fs::File::open(path).map_err(|e| {
        Error::rejected_in(Text {
            en: format!("could not open {}: {e}", path.display()),
            zh: format!("无法打开 {}：{e}", path.display()),
        })
    })?;
    let size = file.metadata().ok().map(|m| m.len());
    let source = Source {
        name: path.display().to_string(),
        kind,
        reader: Box::new(std::io::BufReader::with_capacity(1 << 16, file)),
    };
    Ok((source, size))
}

/// The files `export all` writes, those present in `dir`.
fn directory(dir: &Path) -> Result<Vec<(Source, Option<u64>)>> {
    if !dir.is_dir() {
        return Err(Error::rejected_in(Text {
            en: format!(
                "{} is not a directory; import all reads the files export all -o DIR writes",
                dir.display()
            ),
            zh: format!(
                "{} 不是目录；import all 读取 export all -o DIR 写出的文件",
                dir.display()
            ),
        }));
    }
    let mut sources = Vec::new();
    for kind in ORDER {
        let path = dir.join(format!("{}.csv", kind.plural()));
        if path.exists() {
            sources.push(open(&path, kind)?);
        }
    }
    if sources.is_empty() {
        return Err(Error::rejected_in(Text {
            en: format!(
                "{} holds none of villages.csv, people.csv, teams.csv, households.csv, allocations.csv, plans.csv",
                dir.display()
            ),
            zh: format!(
                "{} 中没有 villages.csv、people.csv、teams.csv、households.csv、allocations.csv、plans.csv 中的任何一个",
                dir.display()
            ),
        }));
    }
    Ok(sources)
}

/// A progress bar on a terminal; nothing on a pipe or a file.
fn progress_bar(total: Option<u64>) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    match total {
        Some(bytes) => ProgressBar::new(bytes).with_style(
            ProgressStyle::with_template("{msg} {wide_bar} {percent}% {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::new_spinner(),
    }
}

pub fn run(ctx: &mut Ctx, args: ImportArgs) -> Result<ExitStatus> {
    let kind_name = args.kind.trim();
    let sources = if kind_name == "all" {
        directory(&args.file)?
    } else {
        let kind = Kind::from_name(kind_name).ok_or_else(|| {
            Error::rejected_in(Text {
                en: format!(
                    "{kind_name} is not a kind to import; expected villages, people, teams, households, allocations, plans or all"
                ),
                zh: format!(
                    "{kind_name} 不是可导入的类型；应为 villages、people、teams、households、allocations、plans 或 all"
                ),
            })
        })?;
        vec![open(&args.file, kind)?]
    };
    let total = sources.iter().map(|(_, size)| *size).sum::<Option<u64>>();
    let sources: Vec<Source> = sources.into_iter().map(|(s, _)| s).collect();

    let store = ctx.store()?;
    let bar = progress_bar(total);
    bar.set_message("importing");
    let mut progress = |bytes: u64| bar.set_position(bytes);
    let counts = if args.dry_run {
        // The same work in a transaction that is never committed.
        let mut txn = store.begin(&ctx.actor())?;
        import(&mut txn, sources, &mut progress)
    } else {
        store.write(&ctx.actor(), |txn| import(txn, sources, &mut progress))
    };
    bar.finish_and_clear();
    let counts = counts?;

    if ctx.out.format == Format::Json {
        let imported: serde_json::Map<String, serde_json::Value> = counts
            .iter()
            .map(|(k, n)| (k.plural().to_string(), json!(n)))
            .collect();
        ctx.out
            .json(&json!({"dry_run": args.dry_run, "imported": imported}))?;
    } else {
        let list: Vec<String> = counts
            .iter()
            .map(|(k, n)| format!("{n} {}", if *n == 1 { k.name() } else { k.plural() }))
            .collect();
        let list_zh: Vec<String> = counts
            .iter()
            .map(|(k, n)| format!("{} {n} 条", Lang::Zh.kind(k.name())))
            .collect();
        let text = if args.dry_run {
            Text {
                en: format!(
                    "would import {}; nothing written (--dry-run)",
                    list.join(", ")
                ),
                zh: format!("将导入{}；未写入任何内容（--dry-run）", list_zh.join("，")),
            }
        } else {
            Text {
                en: format!("imported {}", list.join(", ")),
                zh: format!("已导入{}", list_zh.join("，")),
            }
        };
        ctx.out.note(&text.into_lang(ctx.out.lang))?;
    }
    Ok(ExitStatus::Success)
}
