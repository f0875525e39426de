//! `bangfu export REPORT [--as-of DATE] [-o FILE] [--bom] [--headers en|zh]`

use std::path::{Path, PathBuf};

use crate::cli::{ExportArgs, Format};
use crate::error::{Error, ExitStatus, Result};
use crate::import::ORDER;
use crate::lang::{Lang, Text};
use crate::model::{Date, parse_date};
use crate::policy::Policy;
use crate::report::sink::{CsvSink, JsonSink, Target, XlsxSink};
use crate::report::{
    Cell, Headers, Report, Sink, coverage, findings, monitoring, records, summary,
};
use crate::store::{Store, fsio};

use super::Ctx;

/// Where `-o` sends the rows, decided by the name's extension.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Dest {
    Stdout,
    Csv(PathBuf),
    Json(PathBuf),
    Xlsx(PathBuf),
    /// `export all -o DIR`: one CSV file per kind.
    Dir(PathBuf),
}

/// The destination `-o` names. A file must have the extension of a format bangfu writes
/// (`.csv`, `.json`, `.xlsx`); for `export all` a name without one is a directory.
fn destination(output: Option<&Path>, all: bool) -> Result<Dest> {
    let Some(path) = output.filter(|p| *p != Path::new("-")) else {
        if all {
            return Err(Error::usage_in(Text::new(
                "export all writes one CSV file per kind: give the directory with -o DIR, or a workbook with -o FILE.xlsx",
                "export all 为每种记录写一个 CSV 文件：请用 -o DIR 给出目录，或用 -o FILE.xlsx 给出工作簿",
            )));
        }
        return Ok(Dest::Stdout);
    };
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let dest = match ext.as_deref() {
        Some("xlsx") => Dest::Xlsx(path.to_path_buf()),
        None if all => Dest::Dir(path.to_path_buf()),
        _ if all && path.is_dir() => Dest::Dir(path.to_path_buf()),
        Some("csv") if !all => Dest::Csv(path.to_path_buf()),
        Some("json") if !all => Dest::Json(path.to_path_buf()),
        Some(e @ ("csv" | "json")) => {
            let path = path.display();
            return Err(Error::usage_in(Text {
                en: format!(
                    "-o {path}: export all writes a directory of CSV files (-o DIR) or one workbook (-o FILE.xlsx), not one .{e} file"
                ),
                zh: format!(
                    "-o {path}：export all 写出一个 CSV 文件目录（-o DIR）或一个工作簿（-o FILE.xlsx），而不是一个 .{e} 文件"
                ),
            }));
        }
        Some(e) => {
            let path = path.display();
            return Err(Error::usage_in(Text {
                en: format!(
                    "-o {path}: .{e} is not a format bangfu writes; expected a name ending in .csv, .json or .xlsx, or - for standard output"
                ),
                zh: format!(
                    "-o {path}：不支持导出 .{e} 格式；文件名应以 .csv、.json 或 .xlsx 结尾，或用 - 表示标准输出"
                ),
            }));
        }
        None => {
            let path = path.display();
            return Err(Error::usage_in(Text {
                en: format!(
                    "-o {path}: the name has no extension; expected a name ending in .csv, .json or .xlsx, or - for standard output"
                ),
                zh: format!(
                    "-o {path}：文件名没有扩展名；应以 .csv、.json 或 .xlsx 结尾，或用 - 表示标准输出"
                ),
            }));
        }
    };
    Ok(dest)
}

/// Refuses an output path inside the store: the store's files are bangfu's alone.
fn outside_store(store: &Store, dest: &Dest) -> Result<()> {
    let path = match dest {
        Dest::Stdout => return Ok(()),
        Dest::Csv(p) | Dest::Json(p) | Dest::Xlsx(p) | Dest::Dir(p) => p,
    };
    let root = std::fs::canonicalize(store.root()).unwrap_or_else(|_| store.root().to_path_buf());
    // The nearest existing ancestor decides (the file itself may not exist yet).
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        let (Some(parent), Some(name)) = (existing.parent(), existing.file_name()) else {
            break;
        };
        rest.push(name.to_owned());
        existing = parent;
    }
    let mut resolved = std::fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    resolved.extend(rest.iter().rev());
    if resolved.starts_with(&root) {
        let (path, root) = (path.display(), store.root().display());
        return Err(Error::rejected_in(Text {
            en: format!("-o {path} is inside the store {root}; write exports outside the store"),
            zh: format!("-o {path} 在仓库 {root} 之内；请把导出文件写到仓库之外"),
        }));
    }
    Ok(())
}

/// How the rows are written, from the flags.
struct Style {
    json: bool,
    bom: bool,
    headers: Headers,
    /// The language of findings' messages: `--lang`'s.
    messages: Lang,
    unmask: bool,
}

impl Style {
    /// A sink for one report.
    fn sink(&self, dest: &Dest, sheet: &str) -> Result<Box<dyn Sink>> {
        let target = match dest {
            Dest::Xlsx(path) => return Ok(Box::new(XlsxSink::new(path, sheet)?)),
            Dest::Json(path) => return Ok(Box::new(JsonSink::new(Target::file(path)?))),
            Dest::Csv(path) | Dest::Dir(path) => Target::file(path)?,
            Dest::Stdout => Target::stdout(),
        };
        if self.json {
            Ok(Box::new(JsonSink::new(target)))
        } else {
            Ok(Box::new(CsvSink::new(target, self.bom)?))
        }
    }
}

pub fn run(ctx: &mut Ctx, args: ExportArgs) -> Result<ExitStatus> {
    let all = args.report.trim() == "all";
    let dest = destination(args.output.as_deref(), all)?;
    // The extension of `-o` names the format (`FILE.json` is JSON, `FILE.csv` and a
    // directory's `<kind>.csv` CSV, whatever `--format` says); on standard output,
    // `--format`.
    let json = match dest {
        Dest::Json(_) => true,
        Dest::Csv(_) | Dest::Dir(_) | Dest::Xlsx(_) => false,
        Dest::Stdout => ctx.out.format == Format::Json,
    };
    // JSON is for scripts: its keys and values stay the stored English unless asked. In
    // CSV and xlsx `--headers` names the columns; the values follow the language.
    let headers = match (&args.headers, json) {
        (None, true) => Headers::one(Lang::En),
        (Some(h), true) => Headers::one(Lang::from(*h)),
        (given, false) => Headers {
            names: given.map_or(ctx.out.lang, Lang::from),
            values: ctx.out.lang,
        },
    };
    let as_of = match &args.as_of {
        Some(s) => parse_date("as_of", s).map_err(|e| Error::invalid_value(&e))?,
        None => Date::today(),
    };
    let style = Style {
        json,
        bom: args.bom,
        headers,
        messages: ctx.out.lang,
        unmask: ctx.out.unmask,
    };
    let report = if all {
        None
    } else {
        Some(Report::parse(&args.report).ok_or_else(|| {
            Error::usage_in(Text {
                en: format!(
                    "{} is not a report; expected one of {}",
                    args.report,
                    Report::names().join(", ")
                ),
                zh: format!(
                    "{} 不是报表；应为以下之一：{}",
                    args.report,
                    Report::names().join(", ")
                ),
            })
        })?)
    };
    let store = ctx.store()?;
    outside_store(&store, &dest)?;

    let Some(report) = report else {
        if style.json {
            return Err(Error::usage_in(Text {
                en: "export all writes CSV files or a workbook, the forms import reads; leave out --format json"
                    .into(),
                zh: "export all 写出导入所读的 CSV 文件或工作簿；请去掉 --format json".into(),
            }));
        }
        if let Some(v) = &args.village {
            return Err(Error::usage_in(Text {
                en: format!(
                    "--village {v}: export all writes the whole registry; export one report with --village to narrow it"
                ),
                zh: format!(
                    "--village {v}：export all 导出整个库；要按村导出，请逐个报表加 --village"
                ),
            }));
        }
        export_all(&store, &style, &dest)?;
        return Ok(ExitStatus::Success);
    };
    if let Some(v) = args.village.as_ref().filter(|_| report == Report::Summary) {
        return Err(Error::usage_in(Text {
            en: format!(
                "--village {v}: export summary rolls up counties and townships and does not take --village; it narrows record reports, findings, coverage, monitoring and attendance"
            ),
            zh: format!(
                "--village {v}：export summary 按县、乡汇总，不接受 --village；--village 用于记录报表、findings、coverage、monitoring 和 attendance"
            ),
        }));
    }
    if let Some(v) = &args.village
        && store.village(v)?.is_none()
    {
        return Err(Error::rejected_in(Text {
            en: format!("--village {v} is not a known village"),
            zh: format!("--village {v} 不是已登记的村"),
        }));
    }
    if args.month.is_some() && report != Report::Records(crate::model::Kind::Attendance) {
        return Err(Error::usage_in(Text {
            en: "--month belongs to the attendance report alone".into(),
            zh: "--month 只用于考勤报表 attendance".into(),
        }));
    }
    if report == Report::Notice {
        let Some(village) = &args.village else {
            return Err(Error::usage_in(Text {
                en: "export notice needs --village V: the notice list is one village's".into(),
                zh: "export notice 需要 --village V：公示名单按村张贴".into(),
            }));
        };
        let mut sink = style.sink(&dest, report.name())?;
        monitoring::write_notice(&store, village, as_of, style.headers, sink.as_mut())?;
        sink.finish()?;
        return Ok(ExitStatus::Success);
    }
    if let Some(month) = &args.month {
        let month = crate::model::field::parse_month("month", month)
            .map_err(|e| Error::invalid_value(&e))?;
        let villages = match &args.village {
            Some(v) => vec![v.clone()],
            None => store.village_ids()?,
        };
        let mut sink = style.sink(&dest, report.name())?;
        crate::report::attendance::write(&store, &month, &villages, style.headers, sink.as_mut())?;
        sink.finish()?;
        return Ok(ExitStatus::Success);
    }
    let mut sink = style.sink(&dest, report.name())?;
    write_report(
        &store,
        report,
        &style,
        as_of,
        args.village.as_deref(),
        sink.as_mut(),
    )?;
    sink.finish()?;
    Ok(ExitStatus::Success)
}

/// Every record report and the policy: a CSV file each in a directory, or a sheet each in
/// one workbook.
fn export_all(store: &Store, style: &Style, dest: &Dest) -> Result<()> {
    match dest {
        Dest::Xlsx(path) => {
            let mut book = XlsxSink::new(path, ORDER[0].plural())?;
            for (i, &kind) in ORDER.iter().enumerate() {
                if i > 0 {
                    book.next_sheet(kind.plural())?;
                }
                records::write(store, kind, None, style.headers, style.unmask, &mut book)?;
            }
            book.next_sheet(POLICY)?;
            write_policy(store, &mut book)?;
            Box::new(book).finish()
        }
        Dest::Dir(dir) => {
            fsio::create_dir_all(dir)?;
            for &kind in ORDER {
                let path = Dest::Dir(dir.join(format!("{}.csv", kind.plural())));
                let mut sink = style.sink(&path, kind.plural())?;
                records::write(
                    store,
                    kind,
                    None,
                    style.headers,
                    style.unmask,
                    sink.as_mut(),
                )?;
                sink.finish()?;
            }
            let path = Dest::Dir(dir.join(format!("{POLICY}.csv")));
            let mut sink = style.sink(&path, POLICY)?;
            write_policy(store, sink.as_mut())?;
            sink.finish()
        }
        Dest::Stdout | Dest::Csv(_) | Dest::Json(_) => unreachable!("destination() refuses these"),
    }
}

/// The name of the policy's file (`policy.csv`) and sheet.
pub const POLICY: &str = "policy";

/// The store's policy as rows of dotted key and value, every setting (import skips those
/// at their default).
fn write_policy(store: &Store, sink: &mut dyn Sink) -> Result<()> {
    let policy = Policy::from_overrides(&store.manifest().policy)?;
    sink.header(&["key", "value"])?;
    for s in policy.settings() {
        sink.row(&[Cell::Text(s.key), Cell::Text(s.value)])?;
    }
    Ok(())
}

fn write_report(
    store: &Store,
    report: Report,
    style: &Style,
    as_of: Date,
    village: Option<&str>,
    sink: &mut dyn Sink,
) -> Result<()> {
    if let Report::Records(kind) = report {
        return records::write(store, kind, village, style.headers, style.unmask, sink);
    }
    let policy = Policy::from_overrides(&store.manifest().policy)?;
    if let Some(v) = village
        && matches!(report, Report::Findings | Report::Coverage)
    {
        // As `check --village` finds them: the village, and what it shares, loaded alone.
        let every: Vec<&'static crate::rules::Rule> = crate::rules::RULES.iter().collect();
        let (found, registry) =
            super::check::in_scope(store, &policy, as_of, &every, style.messages, Some(v), None)?;
        if report == Report::Findings {
            return findings::write(&found, style.headers, style.unmask, sink);
        }
        let mut rows = coverage::compute(&registry, &found, as_of);
        rows.retain(|r| r.id == v);
        return coverage::write(&rows, style.headers, sink);
    }
    // As `check --as-of` finds them: the last whole check's, when nothing changed since.
    let found = super::check::every_rule(store, &policy, as_of, style.messages)?;
    let registry = store.load()?;
    let written = match report {
        Report::Findings => findings::write(&found, style.headers, style.unmask, sink),
        Report::Coverage => coverage::write(
            &coverage::compute(&registry, &found, as_of),
            style.headers,
            sink,
        ),
        Report::Summary => summary::write(
            &coverage::compute(&registry, &found, as_of),
            &found,
            style.headers,
            sink,
        ),
        Report::Monitoring => {
            monitoring::write_monitoring(&registry, &found, as_of, village, style.headers, sink)
        }
        Report::Records(_) | Report::Notice => unreachable!(),
    };
    // The process ends next: freeing a province's records one by one would only delay it.
    std::mem::forget(registry);
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_decides_the_format() {
        let d = |s: &str, all| destination(Some(Path::new(s)), all);
        assert_eq!(d("-", false).unwrap(), Dest::Stdout);
        assert_eq!(d("a.CSV", false).unwrap(), Dest::Csv("a.CSV".into()));
        assert_eq!(d("a.json", false).unwrap(), Dest::Json("a.json".into()));
        assert_eq!(d("a.xlsx", true).unwrap(), Dest::Xlsx("a.xlsx".into()));
        assert_eq!(d("backup", true).unwrap(), Dest::Dir("backup".into()));
        for (name, all) in [
            ("w.xls", false),
            ("a", false),
            ("a.csv", true),
            ("w.xls", true),
        ] {
            let status = d(name, all).err().map(|e| e.status());
            assert_eq!(status, Some(ExitStatus::Usage), "{name}");
        }
        let status = destination(None, true).err().map(|e| e.status());
        assert_eq!(status, Some(ExitStatus::Usage));
    }
}
