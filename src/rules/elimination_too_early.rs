//! BF506 elimination-too-early.

use super::cases::{case_label, cases};
use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// A case whose risk was eliminated less than `elimination_min_months` (default 6)
        /// calendar months after it was approved. Elimination exactly six months after approval
        /// passes (from 31 August, six months is 28 or 29 February).
        ///
        /// ## Why it matters
        /// A risk is eliminated only when income has been stably above the monitoring line for
        /// about half a year (收入持续稳定). A case closed sooner was closed on one good month, and
        /// the household may fall back as soon as the measures stop.
        ///
        /// ## How to fix
        /// If the elimination was premature, undo it (`bangfu case update C --clear
        /// eliminated_on`) and eliminate again once the income has held.
    }
    zh "风险消除过早" {
        /// ## 检查什么
        /// 审定后不足 `elimination_min_months`（默认 6）个自然月就风险消除的监测对象。正好满 6 个月的通过
        /// （从 8 月 31 日起，6 个月是次年 2 月 28 日或 29 日）。
        ///
        /// ## 为什么重要
        /// 收入持续稳定超过监测线大约半年，才能认定风险消除。过早消除，可能只凭一个月的好收入，措施一停
        /// 就可能返贫。
        ///
        /// ## 如何处理
        /// 消除过早的，撤销风险消除（`bangfu case update C --clear eliminated_on`），收入稳定后再消除。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    let months = ix.policy.elimination_min_months;
    for (vr, c) in cases(ix) {
        let (Some(approved), Some(on)) = (c.approved_by(ix.as_of), c.eliminated_by(ix.as_of))
        else {
            continue;
        };
        let earliest = approved.plus_months(i32::try_from(months).unwrap_or(i32::MAX));
        if on >= earliest {
            continue;
        }
        let Text { en: who, zh: who_zh } = case_label(ix, c);
        out.flag(
            Some(&vr.village.id),
            &c.id,
            Text {
                en: format!(
                    "{who} was eliminated on {on}, less than {months} months after its approval on {approved} (not before {earliest})"
                ),
                zh: format!(
                    "{who_zh}于 {on} 风险消除，距 {approved} 审定不足 {months} 个月（应不早于 {earliest}）"
                ),
            },
        );
    }
}
