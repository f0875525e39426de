//! `bangfu rules [CODE]`: the rule table, or one rule explained.

use crate::cli::{Format, RulesArgs};
use crate::error::{Error, ExitStatus, Result};
use crate::lang::{Lang, Text};
use crate::policy::Policy;
use crate::rules::{self, RULES, Rule, sections};

use super::Ctx;

pub fn run(ctx: &mut Ctx, args: RulesArgs) -> Result<ExitStatus> {
    let policy = policy(ctx)?;
    match args.code {
        None => list(ctx, &policy)?,
        Some(code) => {
            let rule = rules::find(&code).ok_or_else(|| {
                Error::rejected_in(Text {
                    en: format!(
                        "{code} is not a known rule; expected a code like BF201 or a name like household-without-helper (see `bangfu rules`)"
                    ),
                    zh: format!(
                        "{code} 不是已知的规则；应为 BF201 这样的代码或 household-without-helper 这样的名称（见 `bangfu rules`）"
                    ),
                })
            })?;
            explain(ctx, &policy, rule)?;
        }
    }
    Ok(ExitStatus::Success)
}

/// The store's policy; outside a store (`bangfu rules` as documentation) the defaults.
fn policy(ctx: &Ctx) -> Result<Policy> {
    let explicit = ctx.store_dir.is_some();
    match ctx.store() {
        Ok(store) => Policy::from_overrides(&store.manifest().policy),
        Err(e) if explicit => Err(e),
        Err(_) => Ok(Policy::default()),
    }
}

/// The severity policy gives the rule in this store, or `off` (关闭), in `lang`.
fn effective(rule: &Rule, policy: &Policy, lang: Lang) -> &'static str {
    rule.effective_severity(policy)
        .map_or(lang.pick("off", "关闭"), |s| lang.severity(s))
}

fn list(ctx: &mut Ctx, policy: &Policy) -> Result<()> {
    let lang = ctx.out.lang;
    match ctx.out.format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = RULES
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "code": r.code,
                        "name": r.name,
                        "label": r.label(lang),
                        "default": r.default_severity.name(),
                        "severity": effective(r, policy, Lang::En),
                        "record": r.fault(Lang::En),
                    })
                })
                .collect();
            ctx.out.json(&rows)
        }
        format => {
            // In Chinese a column of the rules' Chinese names follows the identifiers.
            let headers: Vec<&str> = match lang {
                Lang::En => vec!["code", "name", "default", "severity", "record"],
                Lang::Zh => vec!["代码", "规则", "名称", "默认", "本库", "问题记录"],
            };
            let rows: Vec<Vec<String>> = RULES
                .iter()
                .map(|r| {
                    let mut row = vec![r.code.to_string(), r.name.to_string()];
                    if lang == Lang::Zh {
                        row.push(r.label_zh.to_string());
                    }
                    row.extend([
                        lang.severity(r.default_severity).to_string(),
                        effective(r, policy, lang).to_string(),
                        r.fault(lang).to_string(),
                    ]);
                    row
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
    let lang = ctx.out.lang;
    let sections: Vec<(&str, String)> = sections(lang)
        .iter()
        .map(|h| (*h, rule.section(lang, h).unwrap_or_default()))
        .collect();
    match ctx.out.format {
        Format::Json => {
            let mut obj = serde_json::Map::new();
            obj.insert("code".into(), rule.code.into());
            obj.insert("name".into(), rule.name.into());
            obj.insert("label".into(), rule.label(lang).into());
            obj.insert("default".into(), rule.default_severity.name().into());
            obj.insert("severity".into(), effective(rule, policy, Lang::En).into());
            obj.insert("record".into(), rule.fault(Lang::En).into());
            for ((_, text), key) in sections.iter().zip(["what", "why", "fix"]) {
                obj.insert(key.into(), unwrap_lines(text).into());
            }
            ctx.out.json(&obj)
        }
        Format::Csv => {
            let mut row = vec![rule.code.to_string(), rule.name.to_string()];
            if lang == Lang::Zh {
                row.push(rule.label_zh.to_string());
            }
            row.extend([
                lang.severity(rule.default_severity).to_string(),
                effective(rule, policy, lang).to_string(),
                rule.fault(lang).to_string(),
            ]);
            row.extend(sections.iter().map(|(_, t)| unwrap_lines(t)));
            let headers: &[&str] = match lang {
                Lang::En => &[
                    "code", "name", "default", "severity", "record", "what", "why", "fix",
                ],
                Lang::Zh => &[
                    "代码",
                    "规则",
                    "名称",
                    "默认",
                    "本库",
                    "问题记录",
                    "检查什么",
                    "为什么重要",
                    "如何处理",
                ],
            };
            ctx.out.csv_rows(headers, &[row])
        }
        Format::Table => {
            let title = match lang {
                Lang::En => format!("{} {}", rule.code, rule.name),
                Lang::Zh => format!("{} {} {}", rule.code, rule.label_zh, rule.name),
            };
            let (default, here, fault) = (
                lang.severity(rule.default_severity),
                effective(rule, policy, lang),
                rule.fault(lang),
            );
            let line = match lang {
                Lang::En => format!(
                    "default severity: {default}; in this store: {here}; record at fault: {fault}"
                ),
                Lang::Zh => format!("默认严重程度：{default}；本库：{here}；问题记录：{fault}"),
            };
            let mut text = format!("{}\n\n{line}\n", ctx.out.bold(&title));
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
