//! `bangfu rules [CODE]`: the rule table, or one rule explained.

use crate::cli::{Format, RulesArgs};
use crate::error::{ExitStatus, Result, rejected};
use crate::policy::Policy;
use crate::rules::{self, RULES, Rule, SECTIONS};

use super::Ctx;

pub fn run(ctx: &mut Ctx, args: RulesArgs) -> Result<ExitStatus> {
    let policy = policy(ctx)?;
    match args.code {
        None => list(ctx, &policy)?,
        Some(code) => {
            let rule = rules::find(&code).ok_or_else(|| {
                rejected(format!(
                    "{code} is not a known rule; expected a code like BF201 or a name like household-without-helper (see `bangfu rules`)"
                ))
            })?;
            explain(ctx, &policy, rule)?;
        }
    }
    Ok(ExitStatus::Success)
}

/// The store's policy; outside a store (`bangfu rules` as documentation) the defaults.
fn policy(ctx: &Ctx) -> Result<Policy> {
    let explicit =
        ctx.store_dir.is_some() || std::env::var_os("BANGFU_STORE").is_some_and(|s| !s.is_empty());
    match ctx.store() {
        Ok(store) => Policy::from_overrides(&store.manifest().policy),
        Err(e) if explicit => Err(e),
        Err(_) => Ok(Policy::default()),
    }
}

fn effective(rule: &Rule, policy: &Policy) -> &'static str {
    rule.effective_severity(policy).map_or("off", |s| s.name())
}

fn list(ctx: &mut Ctx, policy: &Policy) -> Result<()> {
    match ctx.out.format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = RULES
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "code": r.code,
                        "name": r.name,
                        "default": r.default_severity.name(),
                        "severity": effective(r, policy),
                        "record": r.fault(),
                    })
                })
                .collect();
            ctx.out.json(&rows)
        }
        format => {
            let headers = ["code", "name", "default", "severity", "record"];
            let rows: Vec<Vec<String>> = RULES
                .iter()
                .map(|r| {
                    vec![
                        r.code.to_string(),
                        r.name.to_string(),
                        r.default_severity.name().to_string(),
                        effective(r, policy).to_string(),
                        r.fault().to_string(),
                    ]
                })
                .collect();
            if format == Format::Csv {
                ctx.out.csv_rows(&headers, &rows)
            } else {
                let headers: Vec<String> = headers.iter().map(ToString::to_string).collect();
                ctx.out.table(&headers, &rows)
            }
        }
    }
}

fn explain(ctx: &mut Ctx, policy: &Policy, rule: &Rule) -> Result<()> {
    let sections: Vec<(&str, String)> = SECTIONS
        .iter()
        .map(|h| (*h, rule.section(h).unwrap_or_default()))
        .collect();
    match ctx.out.format {
        Format::Json => {
            let mut obj = serde_json::Map::new();
            obj.insert("code".into(), rule.code.into());
            obj.insert("name".into(), rule.name.into());
            obj.insert("default".into(), rule.default_severity.name().into());
            obj.insert("severity".into(), effective(rule, policy).into());
            obj.insert("record".into(), rule.fault().into());
            for ((_, text), key) in sections.iter().zip(["what", "why", "fix"]) {
                obj.insert(key.into(), unwrap_lines(text).into());
            }
            ctx.out.json(&obj)
        }
        Format::Csv => {
            let mut row = vec![
                rule.code.to_string(),
                rule.name.to_string(),
                rule.default_severity.name().to_string(),
                effective(rule, policy).to_string(),
                rule.fault().to_string(),
            ];
            row.extend(sections.iter().map(|(_, t)| unwrap_lines(t)));
            ctx.out.csv_rows(
                &[
                    "code", "name", "default", "severity", "record", "what", "why", "fix",
                ],
                &[row],
            )
        }
        Format::Table => {
            let mut text = format!(
                "{}\n\ndefault severity: {}; in this store: {}; record at fault: {}\n",
                ctx.out.bold(&format!("{} {}", rule.code, rule.name)),
                rule.default_severity.name(),
                effective(rule, policy),
                rule.fault()
            );
            for (heading, body) in sections {
                text.push('\n');
                text.push_str(&ctx.out.bold(heading));
                text.push('\n');
                for line in body.lines() {
                    if line.is_empty() {
                        text.push('\n');
                    } else {
                        text.push_str("  ");
                        text.push_str(line);
                        text.push('\n');
                    }
                }
            }
            ctx.out.write(&text)
        }
    }
}

/// Paragraphs as single lines: the explanation's line breaks are only for the terminal.
fn unwrap_lines(text: &str) -> String {
    text.split("\n\n")
        .map(|p| p.lines().map(str::trim).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}
