//! `bangfu export REPORT [--as-of DATE] [-o FILE] [--bom] [--headers en|zh]`

use std::path::Path;

use crate::cli::{ExportArgs, Format};
use crate::error::{Error, ExitStatus, Result};
use crate::lang::Text;
use crate::model::{Date, Kind, parse_date};
use crate::policy::Policy;
use crate::report::sink::{CsvSink, JsonSink, Target, XlsxSink};
use crate::report::{Headers, Report, Sink, coverage, findings, records, summary};
use crate::store::{Store, fsio};

use super::Ctx;

/// How the rows are written, from the flags.
struct Style {
    json: bool,
    bom: bool,
    headers: Headers,
    /// The language of findings' messages: the headers', but in JSON `--lang`'s.
    messages: Headers,
    unmask: bool,
}

impl Style {
    /// A sink for `output`: a workbook for `.xlsx`, else CSV or JSON to the file or stdout.
    fn sink(&self, output: Option<&Path>, sheet: &str) -> Result<Box<dyn Sink>> {
        if let Some(path) = output
            && path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
        {
            return Ok(Box::new(XlsxSink::new(path, sheet)?));
        }
        let target = match output {
            Some(path) => Target::file(path)?,
            None => Target::stdout(),
        };
        if self.json {
            Ok(Box::new(JsonSink::new(target)))
        } else {
            Ok(Box::new(CsvSink::new(target, self.bom)?))
        }
    }
}

pub fn run(ctx: &mut Ctx, args: ExportArgs) -> Result<ExitStatus> {
    let json = ctx.out.format == Format::Json;
    // JSON is for scripts: its keys and values stay the stored English unless asked.
    let headers = match &args.headers {
        None if json => Headers::En,
        None => ctx.out.lang,
        Some(h) => Headers::parse(h).ok_or_else(|| {
            Error::rejected_in(Text {
                en: format!("--headers {h} is not recognised; expected en or zh"),
                zh: format!("--headers {h} 无法识别；应为 en 或 zh"),
            })
        })?,
    };
    let as_of = match &args.as_of {
        Some(s) => parse_date("as_of", s).map_err(|e| Error::invalid_value(&e))?,
        None => Date::today(),
    };
    let style = Style {
        json,
        bom: args.bom,
        headers,
        messages: if json { ctx.out.lang } else { headers },
        unmask: ctx.out.unmask,
    };
    let store = ctx.store()?;

    if args.report.trim() == "all" {
        let Some(dir) = &args.output else {
            return Err(Error::usage_in(Text {
                en: "export all writes one CSV file per kind: give the directory with -o DIR"
                    .into(),
                zh: "export all 为每类记录写一个 CSV 文件：请用 -o DIR 指定目录".into(),
            }));
        };
        if style.json {
            return Err(Error::usage_in(Text {
                en: "export all writes CSV files, the form import reads; leave out --format json"
                    .into(),
                zh: "export all 写出导入所读的 CSV 文件；请去掉 --format json".into(),
            }));
        }
        fsio::create_dir_all(dir)?;
        for kind in [
            Kind::Village,
            Kind::Person,
            Kind::Team,
            Kind::Household,
            Kind::Allocation,
            Kind::Plan,
        ] {
            let path = dir.join(format!("{}.csv", kind.plural()));
            let mut sink = style.sink(Some(&path), kind.plural())?;
            records::write(&store, kind, style.headers, style.unmask, sink.as_mut())?;
            sink.finish()?;
        }
        return Ok(ExitStatus::Success);
    }

    let report = Report::parse(&args.report).ok_or_else(|| {
        Error::rejected_in(Text {
            en: format!(
                "{} is not a report; expected one of {}",
                args.report,
                Report::NAMES
            ),
            zh: format!("{} 不是报表；应为以下之一：{}", args.report, Report::NAMES),
        })
    })?;
    let mut sink = style.sink(args.output.as_deref(), report.name())?;
    write_report(&store, report, &style, as_of, sink.as_mut())?;
    sink.finish()?;
    Ok(ExitStatus::Success)
}

fn write_report(
    store: &Store,
    report: Report,
    style: &Style,
    as_of: Date,
    sink: &mut dyn Sink,
) -> Result<()> {
    if let Report::Records(kind) = report {
        return records::write(store, kind, style.headers, style.unmask, sink);
    }
    let registry = store.load()?;
    let policy = Policy::from_overrides(&store.manifest().policy)?;
    let found = crate::rules::check(&registry, &policy, as_of, style.messages);
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
        Report::Records(_) => unreachable!(),
    };
    // The process ends next: freeing a province's records one by one would only delay it.
    std::mem::forget(registry);
    written
}
