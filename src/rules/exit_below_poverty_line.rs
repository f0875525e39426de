//! BF207 exit-below-poverty-line.

use super::prelude::*;
use crate::model::{HouseholdStatus, format_yuan};

explain! {
    en {
        /// ## What it checks
        /// A household with status `exited` whose income per head is missing, or below the
        /// poverty line of its exit year (policy `poverty_line_yuan`, by year of `exited_on`).
        /// An income exactly at the line is not below it and passes. An exit in a year for which
        /// policy sets no line is a finding too: the exit cannot be shown to clear the line.
        /// Where `income_per_capita_fen` is absent, the net income per head the household's
        /// income breakdown gives is used (BF215 compares the two when both exist).
        ///
        /// ## Why it matters
        /// A household exits poverty when its income per head is above that year's poverty line
        /// and the work team has verified it. An exit recorded below the line, or with no income
        /// at all, is a household declared out of poverty on paper (数字脱贫) that loses its help
        /// while still poor.
        ///
        /// ## How to fix
        /// Record the verified income (`bangfu household update H --income YUAN`). If the
        /// household is still below the line, put it back among those needing help
        /// (`bangfu household update H --status returned`). For a missing year, set your
        /// locality's line: `bangfu policy set poverty_line_yuan.2021 4200`.
    }
    zh "脱贫户收入低于贫困线" {
        /// ## 检查什么
        /// 状态为已脱贫、但人均纯收入缺失，或低于脱贫当年贫困线（政策 `poverty_line_yuan`，按脱贫日期
        /// `exited_on` 所在年份）的贫困户。收入正好等于贫困线不算低于，可以通过。脱贫年份没有设置贫困线
        /// 的也算问题：无法证明该户已越过贫困线。没有登记人均纯收入的，用按收入构成算出的人均纯收入
        /// （两者都有时由问题 BF215 比对）。
        ///
        /// ## 为什么重要
        /// 贫困户人均纯收入高于当年贫困线、并经工作队核验，才能脱贫。收入低于贫困线或根本没有收入
        /// 记录就脱贫，是数字脱贫：仍然贫困，却失去了帮扶。
        ///
        /// ## 如何处理
        /// 记录核验后的收入（`bangfu household update H --income YUAN`）。如果该户仍在贫困线以下，把它
        /// 重新列为需帮扶（`bangfu household update H --status returned`）。缺少年份的，设置当地的贫困线：
        /// `bangfu policy set poverty_line_yuan.2021 4200`。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        for h in &vr.households {
            if h.status != HouseholdStatus::Exited {
                continue;
            }
            let Text { en: who, zh: who_zh } = household_label(h);
            let problem = match (h.exited_on, h.income_per_capita()) {
                (None, _) => Text {
                    en: format!("{who} has exited but has no exit date"),
                    zh: format!("{who_zh}已脱贫，但没有脱贫日期"),
                },
                (Some(on), None) => Text {
                    en: format!("{who} exited on {on} with no income per head recorded"),
                    zh: format!("{who_zh}于 {on} 脱贫，但没有记录人均纯收入"),
                },
                (Some(on), Some(income)) => match ix.policy.poverty_line_fen(on.year()) {
                    None => Text {
                        en: format!(
                            "{who} exited on {on}, a year for which policy sets no poverty line"
                        ),
                        zh: format!("{who_zh}于 {on} 脱贫，政策没有设置该年的贫困线"),
                    },
                    Some(line) if income < line => Text {
                        en: format!(
                            "{who} exited on {on} with income per head {} yuan, below the {} line of {} yuan",
                            format_yuan(income),
                            on.year(),
                            format_yuan(line)
                        ),
                        zh: format!(
                            "{who_zh}于 {on} 脱贫，人均纯收入 {} 元，低于 {} 年 {} 元的贫困线",
                            format_yuan(income),
                            on.year(),
                            format_yuan(line)
                        ),
                    },
                    Some(_) => continue,
                },
            };
            out.flag(Some(&vr.village.id), &h.id, problem);
        }
    }
}
