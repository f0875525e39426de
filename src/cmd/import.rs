//! `bangfu import KIND FILE|- [--dry-run] [--encoding E]` and `bangfu import all DIR|FILE.xlsx`

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;

use crate::cli::{Encoding, Format, ImportArgs};
use crate::error::{Error, ExitStatus, Result};
use crate::import::decode::Decoded;
use crate::import::xlsx::Workbook;
use crate::import::{Input, ORDER, Source, import};
use crate::lang::{Lang, Text};
use crate::model::Kind;

use super::Ctx;
use super::export::POLICY;

/// Whether a path names a workbook.
fn is_workbook(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// A CSV file (or standard input) as text, its encoding told or taken from `--encoding`.
fn csv(path: &Path, kind: Option<Kind>, encoding: Encoding) -> Result<(Source, Option<u64>)> {
    let (name, size, reader): (String, Option<u64>, Box<dyn std::io::Read + Send>) =
        if path == Path::new("-") {
            ("<stdin>".into(), None, Box::new(std::io::stdin()))
        } else {
            let file = std::fs::File::open(path).map_err(|e| {
                Error::rejected_in(Text {
                    en: format!("could not open {}: {e}", path.display()),
                    zh: format!("无法打开 {}：{e}", path.display()),
                })
            })?;
            let size = file.metadata().ok().map(|m| m.len());
            let reader = std::io::BufReader::with_capacity(1 << 16, file);
            (path.display().to_string(), size, Box::new(reader))
        };
    let text = Decoded::new(reader, encoding).map_err(|e| {
        Error::rejected_in(Text {
            en: format!("{name} {}", e.en),
            zh: format!("{name} {}", e.zh),
        })
    })?;
    // Progress counts decoded bytes: against the file's size that holds for UTF-8 only.
    let size = size.filter(|_| text.encoding_name() == "UTF-8");
    let source = Source {
        name,
        kind,
        input: Input::Csv(Box::new(text)),
    };
    Ok((source, size))
}

/// The sheet of one kind of a workbook.
fn sheet(book: &mut Workbook, path: &Path, kind: Option<Kind>) -> Result<Source> {
    let wanted = kind.map_or(POLICY, Kind::plural);
    let (name, range) = book.sheet_for(wanted)?;
    Ok(Source {
        name: format!("{}:{name}", path.display()),
        kind,
        input: Input::Sheet(range),
    })
}

/// The kinds `import all` reads, in order, with the policy (`None`) last.
fn every_kind() -> impl Iterator<Item = Option<Kind>> {
    ORDER.iter().copied().map(Some).chain([None])
}

/// The files `export all` writes, those present in `dir`: `KIND.csv` or `KIND.xlsx`.
fn directory(dir: &Path, encoding: Encoding) -> Result<Vec<(Source, Option<u64>)>> {
    if is_workbook(dir) && dir.is_file() {
        return workbook_all(dir);
    }
    if !dir.is_dir() {
        let dir = dir.display();
        return Err(Error::rejected_in(Text {
            en: format!(
                "{dir} is not a directory; import all reads the files export all -o DIR writes, or its workbook FILE.xlsx"
            ),
            zh: format!(
                "{dir} 不是目录；import all 读取 export all -o DIR 写出的文件，或它的工作簿 FILE.xlsx"
            ),
        }));
    }
    let mut sources = Vec::new();
    for kind in every_kind() {
        let stem = kind.map_or(POLICY, Kind::plural);
        let csv_path = dir.join(format!("{stem}.csv"));
        let xlsx_path = dir.join(format!("{stem}.xlsx"));
        match (csv_path.exists(), xlsx_path.exists()) {
            (true, true) => {
                let dir = dir.display();
                return Err(Error::rejected_in(Text {
                    en: format!(
                        "{dir} holds both {stem}.csv and {stem}.xlsx; keep the one to import"
                    ),
                    zh: format!("{dir} 里同时有 {stem}.csv 和 {stem}.xlsx；只保留要导入的那一个"),
                }));
            }
            (true, false) => sources.push(csv(&csv_path, kind, encoding)?),
            (false, true) => {
                let mut book = Workbook::open(&xlsx_path)?;
                sources.push((sheet(&mut book, &xlsx_path, kind)?, None));
            }
            (false, false) => {}
        }
    }
    if sources.iter().all(|(s, _)| s.kind.is_none()) {
        let dir = dir.display();
        return Err(Error::rejected_in(Text {
            en: format!(
                "{dir} holds none of villages, people, teams, households, allocations, plans, members (.csv or .xlsx)"
            ),
            zh: format!(
                "{dir} 里没有 villages、people、teams、households、allocations、plans、members 中的任何一个（.csv 或 .xlsx）"
            ),
        }));
    }
    Ok(sources)
}

/// The sheets of a workbook that `export all -o FILE.xlsx` wrote.
fn workbook_all(path: &Path) -> Result<Vec<(Source, Option<u64>)>> {
    let mut book = Workbook::open(path)?;
    let names = book.sheet_names();
    let mut sources = Vec::new();
    for kind in every_kind() {
        let stem = kind.map_or(POLICY, Kind::plural);
        if names.iter().any(|n| n == stem) {
            sources.push((sheet(&mut book, path, kind)?, None));
        }
    }
    if sources.iter().all(|(s, _)| s.kind.is_none()) {
        let (path, sheets) = (path.display(), names.join(", "));
        return Err(Error::rejected_in(Text {
            en: format!(
                "{path} has none of the sheets villages, people, teams, households, allocations, plans; its sheets are {sheets}"
            ),
            zh: format!(
                "{path} 没有 villages、people、teams、households、allocations、plans 中的任何工作表；它的工作表是 {sheets}"
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
        directory(&args.file, args.encoding)?
    } else {
        let kind = Kind::from_name(kind_name).ok_or_else(|| {
            let kinds: Vec<&str> = ORDER.iter().map(|k| k.plural()).collect();
            Error::usage_in(Text {
                en: format!(
                    "{kind_name} is not a kind to import; expected {} or all",
                    kinds.join(", ")
                ),
                zh: format!(
                    "{kind_name} 不是可导入的类型；应为 {} 或 all",
                    kinds.join("、")
                ),
            })
        })?;
        if is_workbook(&args.file) {
            let mut book = Workbook::open(&args.file)?;
            vec![(sheet(&mut book, &args.file, Some(kind))?, None)]
        } else {
            vec![csv(&args.file, Some(kind), args.encoding)?]
        }
    };
    let total = sources.iter().map(|(_, size)| *size).sum::<Option<u64>>();
    let sources: Vec<Source> = sources.into_iter().map(|(s, _)| s).collect();

    let store = ctx.store()?;
    let bar = progress_bar(total);
    bar.set_message("importing");
    let mut progress = |bytes: u64| bar.set_position(bytes);
    let imported = if args.dry_run {
        // The same work in a transaction that is never committed.
        let mut txn = store.begin(&ctx.actor()?)?;
        import(&mut txn, sources, &mut progress)
    } else {
        store.write(&ctx.actor()?, |txn| import(txn, sources, &mut progress))
    };
    bar.finish_and_clear();
    let imported = imported?;
    let counts = &imported.counts;

    if ctx.out.format == Format::Json {
        let mut object: serde_json::Map<String, serde_json::Value> = counts
            .iter()
            .map(|(k, n)| (k.plural().to_string(), json!(n)))
            .collect();
        if imported.policy_changed > 0 {
            object.insert("policy".into(), json!(imported.policy_changed));
        }
        ctx.out
            .json(&json!({"dry_run": args.dry_run, "imported": object}))?;
    } else {
        let mut list: Vec<String> = counts
            .iter()
            .map(|(k, n)| format!("{n} {}", if *n == 1 { k.name() } else { k.plural() }))
            .collect();
        let mut list_zh: Vec<String> = counts
            .iter()
            .map(|(k, n)| format!("{} {n} 条", Lang::Zh.kind(k.name())))
            .collect();
        match imported.policy_changed {
            0 => {}
            1 => list.push("1 policy setting".into()),
            n => list.push(format!("{n} policy settings")),
        }
        if imported.policy_changed > 0 {
            list_zh.push(format!("政策设置 {} 项", imported.policy_changed));
        }
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
