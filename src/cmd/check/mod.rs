//! `bangfu check [--as-of DATE] [--rule CODE]... [--village V] [--county C]
//! [--min-severity S] [--fail-on error|warning|never]`

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use crate::cli::{CheckArgs, FailOn, Format, SeverityArg};
use crate::error::{Error, ExitStatus, Result};
use crate::lang::{Lang, Text};
use crate::model::{Date, parse_date};
use crate::policy::{Policy, Severity};
use crate::rules::{self, Finding, Located, Rule};
use crate::store::{Registry, Store};

use super::Ctx;

mod last;

/// A rejection worded in both languages.
fn refuse(text: Text) -> Error {
    Error::rejected_in(text)
}

pub fn run(ctx: &mut Ctx, args: CheckArgs) -> Result<ExitStatus> {
    let lang = ctx.out.lang;
    let as_of = match &args.as_of {
        Some(s) => parse_date("as_of", s).map_err(|e| Error::invalid_value(&e))?,
        None => Date::today(),
    };
    let severity = |s: SeverityArg| match s {
        SeverityArg::Info => Severity::Info,
        SeverityArg::Warning => Severity::Warning,
        SeverityArg::Error => Severity::Error,
    };
    let min_severity = args.min_severity.map(severity);
    let fail_on = match args.fail_on {
        FailOn::Never => None,
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
    };
    let selected = select(&args.rules)?;

    let store = ctx.store()?;
    let policy = Policy::from_overrides(&store.manifest().policy)?;
    let (found, names) = match (&args.village, &args.county) {
        (None, None) => whole(&store, &policy, as_of, &selected, lang)?,
        _ => scoped(&store, &policy, as_of, &selected, lang, &args)?,
    };
    let all = found.len();
    let findings: Vec<Finding> = found
        .into_iter()
        .filter(|f| min_severity.is_none_or(|m| f.severity >= m))
        .collect();
    let hidden = min_severity.map(|m| (all - findings.len(), m));
    let written = match ctx.out.format {
        Format::Json => write_json(ctx, as_of, &findings),
        Format::Csv => write_csv(ctx, &findings),
        Format::Table => write_table(ctx, as_of, &findings, &names, hidden),
    };
    // A closed pipe ends the output quietly; the status is still the findings'.
    match written {
        Ok(()) | Err(Error::ClosedPipe) => {}
        Err(e) => return Err(e),
    }
    let failed = fail_on.is_some_and(|f| findings.iter().any(|x| x.severity >= f));
    Ok(if failed {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}

/// Each village's heading in the table: `V1 大坪村 · 西秀区 旧州镇`.
type Names = BTreeMap<String, String>;

fn names_of(registry: &Registry) -> Names {
    registry
        .villages
        .iter()
        .map(|vr| {
            let v = &vr.village;
            (
                v.id.to_string(),
                format!("{} {} · {} {}", v.id, v.name, v.county, v.township),
            )
        })
        .collect()
}

/// The findings of every rule in the whole registry as of `as_of`, as `check` with no
/// arguments finds them: from the last whole check where that was kept (see `last`), which
/// `stats` shares.
pub fn every_rule(store: &Store, policy: &Policy, as_of: Date, lang: Lang) -> Result<Vec<Finding>> {
    let every: Vec<&'static Rule> = rules::RULES.iter().collect();
    Ok(whole(store, policy, as_of, &every, lang)?.0)
}

/// The findings of the whole registry, and the villages' headings; made from the last whole
/// check where that was kept (see `last`).
fn whole(
    store: &Store,
    policy: &Policy,
    as_of: Date,
    selected: &[&'static Rule],
    lang: Lang,
) -> Result<(Vec<Finding>, Names)> {
    let codes: Vec<&str> = selected.iter().map(|r| r.code).collect();
    let key = serde_json::json!([
        as_of.to_string(),
        lang.pick("en", "zh"),
        codes,
        store.manifest().policy
    ]);
    last::whole(store, key.to_string(), |registry| {
        rules::check_rules(registry, policy, as_of, selected, lang)
    })
}

/// The findings of a check of one village or county: only what they depend on is loaded.
fn scoped(
    store: &Store,
    policy: &Policy,
    as_of: Date,
    selected: &[&'static Rule],
    lang: Lang,
    args: &CheckArgs,
) -> Result<(Vec<Finding>, Names)> {
    let (found, registry) = in_scope(
        store,
        policy,
        as_of,
        selected,
        lang,
        args.village.as_deref(),
        args.county.as_deref(),
    )?;
    Ok((found, names_of(&registry)))
}

/// The findings of `selected` that concern `village` (or a village of `county`), as a check
/// of the whole registry finds them, with the part of the registry they were found in (the
/// villages in scope, those sharing a record, an id or a person with them, and the people).
/// An unknown village or county is refused (status 3).
pub fn in_scope(
    store: &Store,
    policy: &Policy,
    as_of: Date,
    selected: &[&'static Rule],
    lang: Lang,
    village: Option<&str>,
    county: Option<&str>,
) -> Result<(Vec<Finding>, Registry)> {
    let (registry, all_counties) = match (village, county) {
        (Some(v), _) => store.load_scope(|id, _| id == v)?,
        (None, Some(c)) => store.load_scope(|_, county| county == c)?,
        (None, None) => unreachable!("a scoped check has a village or a county"),
    };
    let counties: BTreeMap<&str, &str> = registry
        .villages
        .iter()
        .map(|vr| (vr.village.id.as_str(), vr.village.county.as_str()))
        .collect();
    if let Some(v) = village
        && !counties.contains_key(v)
    {
        return Err(refuse(Text {
            en: format!("--village {v} is not a known village"),
            zh: format!("--village {v} 不是已知的村"),
        }));
    }
    if let Some(c) = county
        && !all_counties.contains(c)
    {
        return Err(refuse(Text {
            en: format!("--county {c} is not the county of any village in the store"),
            zh: format!("--county {c} 不是本库中任何一个村所在的县"),
        }));
    }
    let wanted = |l: &Located| {
        let village_ok = village.is_none_or(|v| l.villages().any(|x| x == v));
        let county_ok = county.is_none_or(|c| l.villages().any(|v| counties.get(v) == Some(&c)));
        village_ok && county_ok
    };
    let found = rules::check_rules(&registry, policy, as_of, selected, lang)
        .into_iter()
        .filter(wanted)
        .map(|l| l.finding)
        .collect();
    Ok((found, registry))
}

/// The rules `--rule` names (every rule when none), in table order; an unknown one is
/// rejected.
fn select(wanted: &[String]) -> Result<Vec<&'static Rule>> {
    if wanted.is_empty() {
        return Ok(rules::RULES.iter().collect());
    }
    let mut codes = BTreeSet::new();
    for w in wanted {
        let rule = rules::find(w).ok_or_else(|| {
            refuse(Text {
                en: format!(
                    "--rule {w} is not a known rule; expected a code like BF201 or a name like household-without-helper (see `bangfu rules`)"
                ),
                zh: format!(
                    "--rule {w} 不是已知的规则；应为 BF201 这样的代码或 household-without-helper 这样的名称（见 `bangfu rules`）"
                ),
            })
        })?;
        codes.insert(rule.code);
    }
    Ok(rules::RULES
        .iter()
        .filter(|r| codes.contains(r.code))
        .collect())
}

/// Counts by severity, most severe first.
fn summary(findings: &[Finding]) -> [(Severity, usize); 3] {
    [Severity::Error, Severity::Warning, Severity::Info]
        .map(|s| (s, findings.iter().filter(|f| f.severity == s).count()))
}

fn write_json(ctx: &mut Ctx, as_of: Date, findings: &[Finding]) -> Result<()> {
    let counts: serde_json::Map<String, serde_json::Value> = summary(findings)
        .into_iter()
        .map(|(s, n)| (s.name().to_string(), n.into()))
        .collect();
    ctx.out.json(&serde_json::json!({
        "as_of": as_of.to_string(),
        "summary": counts,
        "findings": findings,
    }))
}

/// CSV in the language: `code` and `rule` stay identifiers, severity and kind are labelled.
fn write_csv(ctx: &mut Ctx, findings: &[Finding]) -> Result<()> {
    let lang = ctx.out.lang;
    let rows: Vec<Vec<String>> = findings
        .iter()
        .map(|f| {
            vec![
                f.code.to_string(),
                f.rule.to_string(),
                lang.severity(f.severity).to_string(),
                f.village.clone().unwrap_or_default(),
                lang.kind(f.kind).to_string(),
                f.id.clone(),
                f.message.clone(),
            ]
        })
        .collect();
    ctx.out
        .csv_rows(&lang.row(crate::report::findings::COLUMNS), &rows)
}

/// Findings grouped by village, a heading per village, then the summary line.
/// `hidden`: how many findings `--min-severity` left out, and the severity it names.
fn write_table(
    ctx: &mut Ctx,
    as_of: Date,
    findings: &[Finding],
    names: &Names,
    hidden: Option<(usize, Severity)>,
) -> Result<()> {
    let lang = ctx.out.lang;
    let width = findings
        .iter()
        .map(|f| lang.severity(f.severity).width())
        .max()
        .unwrap_or(0);
    let mut text = String::new();
    let mut current: Option<Option<&str>> = None;
    for f in findings {
        let village = f.village.as_deref();
        if current != Some(village) {
            if current.is_some() {
                text.push('\n');
            }
            let heading = match village {
                Some(v) => names.get(v).cloned().unwrap_or_else(|| v.to_string()),
                None => lang
                    .pick("several villages or none", "多个村或不属于任何村")
                    .to_string(),
            };
            text.push_str(&ctx.out.bold(&crate::model::value::escape_text(&heading)));
            text.push('\n');
            current = Some(village);
        }
        // Padded by display width: a Chinese label is two columns a character.
        let label = lang.severity(f.severity);
        let severity = format!("{label}{}", " ".repeat(width - label.width()));
        let _ = writeln!(
            text,
            "  {}  {}  {}",
            paint(ctx.out.colour, f.severity, &severity),
            f.code,
            crate::model::value::escape_text(&f.message)
        );
        if text.len() > 1 << 16 {
            ctx.out.write(&std::mem::take(&mut text))?;
        }
    }
    ctx.out.write(&text)?;
    if !findings.is_empty() {
        ctx.out.note("")?;
    }
    let counts = summary(findings);
    let line = if lang == Lang::Zh {
        summary_zh(as_of, findings.len(), &counts)
    } else if findings.is_empty() {
        format!("no findings as of {as_of}")
    } else {
        let parts: Vec<String> = counts
            .iter()
            .map(|(s, n)| match (s, n) {
                (Severity::Info, n) => format!("{n} info"),
                (s, 1) => format!("1 {}", s.name()),
                (s, n) => format!("{n} {}s", s.name()),
            })
            .collect();
        format!(
            "{} as of {as_of}: {}",
            if findings.len() == 1 {
                "1 finding".to_string()
            } else {
                format!("{} findings", findings.len())
            },
            parts.join(", ")
        )
    };
    // A summary that says nothing of what the filter left out would read as a clean result.
    let line = match hidden {
        Some((n, min)) if n > 0 => {
            let name = min.name();
            if lang == Lang::Zh {
                let label = Lang::Zh.severity(min);
                format!("{line}；另有 {n} 条低于{label}的问题未显示（--min-severity {name}）")
            } else {
                format!("{line}; {n} below {name} not shown (--min-severity {name})")
            }
        }
        _ => line,
    };
    ctx.out.note(&line)
}

/// The summary line in Chinese: `截至 2026-01-01 共 3 条问题：错误 1 条，警告 2 条，提示 0 条`.
fn summary_zh(as_of: Date, total: usize, counts: &[(Severity, usize)]) -> String {
    if total == 0 {
        return format!("截至 {as_of} 没有发现问题");
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(s, n)| format!("{} {n} 条", Lang::Zh.severity(*s)))
        .collect();
    format!("截至 {as_of} 共 {total} 条问题：{}", parts.join("，"))
}

/// A severity in its colour, on a terminal.
fn paint(colour: bool, severity: Severity, text: &str) -> String {
    if !colour {
        return text.to_string();
    }
    let code = match severity {
        Severity::Error => "31",
        Severity::Warning => "33",
        Severity::Info => "36",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}
