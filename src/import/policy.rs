//! The policy's settings as `export all` writes them (`policy.csv` or the `policy` sheet:
//! columns key and value, dotted keys), applied to the store's policy through the same
//! entry point as `bangfu policy set`. A setting at its default changes nothing.

use std::borrow::Cow;

use crate::error::{Error, Result};
use crate::lang::Text;
use crate::policy::Policy;
use crate::store::Txn;

use super::rows::{Cells, SheetRow};
use super::{Input, State};

/// Reads the settings of `input` and sets each one; a bad key or value is a problem of its
/// row.
pub(super) fn import(
    txn: &mut Txn<'_>,
    name: &str,
    input: Input,
    state: &mut State<'_>,
) -> Result<()> {
    let rows = read(name, input)?;
    let mut rows = rows.into_iter();
    let Some((line, header)) = rows.next() else {
        state.problem(
            format!("{name}:1"),
            "header",
            Text::new(
                "is missing; expected the columns key,value",
                "缺少表头；应为 key,value 两列",
            ),
        );
        return Ok(());
    };
    let names: Vec<&str> = header
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim())
        .collect();
    if names != ["key", "value"] {
        state.problem(
            format!("{name}:{line}"),
            "header",
            Text {
                en: format!("is {}; expected the columns key,value", names.join(",")),
                zh: format!("是 {}；应为 key,value 两列", names.join(",")),
            },
        );
        return Ok(());
    }
    let known_rule = |code: &str| crate::rules::RULES.iter().any(|r| r.code == code);
    for (line, cells) in rows {
        let at = format!("{name}:{line}");
        let [key, value] = cells.as_slice() else {
            let n = cells.len();
            let text = Text {
                en: format!("has {n} cells; expected 2 as in the header"),
                zh: format!("有 {n} 个单元格；应与表头一样为 2 个"),
            };
            state.problem(&at, "row", text);
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        let before = txn.manifest().policy.clone();
        match Policy::set_alone(&before, key, value, known_rule) {
            Ok(after) => {
                if after != before {
                    state.policy_changed += 1;
                    txn.set_policy(key, after)?;
                }
            }
            Err(e) if e.status() == crate::error::ExitStatus::Rejected => {
                // The problem without the key it names first (`policy KEY: `, `政策 KEY：`).
                let text = e.text();
                let (en_prefix, zh_prefix) = (format!("policy {key}: "), format!("政策 {key}："));
                let text = Text {
                    en: text
                        .en
                        .strip_prefix(&en_prefix)
                        .unwrap_or(&text.en)
                        .to_string(),
                    zh: text
                        .zh
                        .strip_prefix(&zh_prefix)
                        .unwrap_or(&text.zh)
                        .to_string(),
                };
                state.problem(&at, key, text);
            }
            Err(e) => return Err(e),
        }
    }
    // Settings that go together (school_age_from ≤ school_age_to) are judged as the whole
    // file leaves them: its rows come in any order.
    if let Err(e) = Policy::judge(&txn.manifest().policy, known_rule) {
        state.problem_named(
            name,
            &Text::new("policy", "政策"),
            Text {
                en: format!("the policy {}", e.en),
                zh: format!("政策{}", e.zh),
            },
        );
    }
    Ok(())
}

/// Every non-blank row as (line or row number, cells as text).
fn read(name: &str, input: Input) -> Result<Vec<(u64, Vec<String>)>> {
    let mut out = Vec::new();
    match input {
        Input::Csv(reader) => {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(reader);
            let mut record = csv::ByteRecord::new();
            loop {
                match reader.read_byte_record(&mut record) {
                    Ok(false) => break,
                    Ok(true) => {}
                    Err(e) => {
                        return Err(Error::rejected_in(Text {
                            en: format!("could not read {name}: {e}"),
                            zh: format!("无法读取 {name}：{e}"),
                        }));
                    }
                }
                if record.blank() {
                    continue;
                }
                let line = record.position().map_or(0, csv::Position::line);
                let cells = (0..record.count())
                    .map(|c| record.header(c).into_owned())
                    .map(|t| crate::report::csv_unsafe(&t).to_string())
                    .collect();
                out.push((line, cells));
            }
        }
        Input::Sheet(range) => {
            let (first, _) = range.start().unwrap_or((0, 0));
            for (i, row) in range.rows().enumerate() {
                let row = SheetRow(row);
                if row.blank() {
                    continue;
                }
                let mut cells = Vec::new();
                for c in 0..row.count() {
                    // A cell the parsers refuse (a formula's error) goes in as it shows, and
                    // `policy set` refuses it as a value.
                    let text = row
                        .text(c, "policy")
                        .unwrap_or_else(|e| Cow::Owned(e.value));
                    cells.push(Cow::into_owned(text));
                }
                out.push((u64::from(first) + i as u64 + 1, cells));
            }
        }
    }
    Ok(out)
}
