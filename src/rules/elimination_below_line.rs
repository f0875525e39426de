//! BF509 elimination-below-line.

use super::cases::{case_label, cases};
use super::prelude::*;
use crate::model::format_yuan;

explain! {
    en {
        /// ## What it checks
        /// A case whose risk was eliminated with no `income_at_elimination` recorded, or one below
        /// the monitoring line of the elimination year (policy `monitoring_line_yuan`). An income
        /// exactly at the line passes; a year without a line is BF500's and skipped here.
        ///
        /// ## Why it matters
        /// A risk is eliminated when income per head is stably above the monitoring line. An
        /// elimination with no income, or below the line, closes the case on paper while the
        /// household is still at risk.
        ///
        /// ## How to fix
        /// Record the verified income (`bangfu case update C --income-at-elimination YUAN`), or
        /// undo the elimination (`bangfu case update C --clear eliminated_on`).
    }
    zh "消除风险时收入低于监测线" {
        /// ## 检查什么
        /// 风险消除时没有记录人均纯收入（`income_at_elimination`），或收入低于消除当年监测线（政策
        /// `monitoring_line_yuan`）的监测对象。正好等于监测线的通过；没有设置监测线的年份归规则 BF500，
        /// 这里跳过。
        ///
        /// ## 为什么重要
        /// 人均纯收入持续稳定高于监测线，才能消除风险。没有收入记录或低于监测线就消除，是纸面上销号，
        /// 农户仍有风险。
        ///
        /// ## 如何处理
        /// 记录核实的收入（`bangfu case update C --income-at-elimination YUAN`），或撤销风险消除
        /// （`bangfu case update C --clear eliminated_on`）。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for (vr, c) in cases(ix) {
        let Some(on) = c.eliminated_by(ix.as_of) else {
            continue;
        };
        let Some(line) = ix.policy.monitoring_line_fen(on.year()) else {
            continue;
        };
        let Text { en: who, zh: who_zh } = case_label(ix, c);
        let text = match c.income_at_elimination_fen {
            None => Text {
                en: format!("{who} was eliminated on {on} with no income per head recorded"),
                zh: format!("{who_zh}于 {on} 风险消除，但没有记录人均纯收入"),
            },
            Some(income) if income < line => Text {
                en: format!(
                    "{who} was eliminated on {on} with income per head {} yuan, below the {} monitoring line of {} yuan",
                    format_yuan(income),
                    on.year(),
                    format_yuan(line)
                ),
                zh: format!(
                    "{who_zh}于 {on} 风险消除，人均纯收入 {} 元，低于 {} 年 {} 元的监测线",
                    format_yuan(income),
                    on.year(),
                    format_yuan(line)
                ),
            },
            Some(_) => continue,
        };
        out.flag(Some(&vr.village.id), &c.id, text);
    }
}
