//! BF502 identification-overdue.

use super::cases::{case_label, cases};
use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// A case approved more than `identification_max_days` (default 15) days after its
        /// `lead_on`, or not yet approved on the as-of date that long after it. Approval exactly
        /// on the last day passes.
        ///
        /// ## Why it matters
        /// From lead to county approval (审定) normally takes no more than 15 days: a household at
        /// risk waits for its measures until it is identified, and a lead left lying is a risk
        /// nobody follows.
        ///
        /// ## How to fix
        /// Notice and approve the case (`bangfu case notice C --from D --to D`, `bangfu case
        /// approve C --on D`); if the lead turned out unfounded, remove the case.
    }
    zh "识别超时" {
        /// ## 检查什么
        /// 线索日期（`lead_on`）之后超过 `identification_max_days`（默认 15）天才审定，或到检查日已超过这么
        /// 多天仍未审定的监测对象。正好在最后一天审定的通过。
        ///
        /// ## 为什么重要
        /// 从发现线索到县级审定一般不超过 15 天：有风险的农户要等识别之后才能落实帮扶措施，线索搁置就是
        /// 无人跟进的风险。
        ///
        /// ## 如何处理
        /// 尽快公示、审定（`bangfu case notice C --from D --to D`、`bangfu case approve C --on D`）；
        /// 线索不实的，删除该监测对象。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    let max = i64::from(ix.policy.identification_max_days);
    for (vr, c) in cases(ix) {
        let Text { en: who, zh: who_zh } = case_label(ix, c);
        let text = if let Some(on) = c.approved_by(ix.as_of) {
            let days = c.lead_on.days_until(on);
            if days <= max {
                continue;
            }
            Text {
                en: format!(
                    "{who} was approved on {on}, {days} days after its lead on {}; expected within {max} days",
                    c.lead_on
                ),
                zh: format!(
                    "{who_zh}于 {on} 审定，距线索日期 {} 已 {days} 天，应在 {max} 天内",
                    c.lead_on
                ),
            }
        } else {
            let days = c.lead_on.days_until(ix.as_of);
            if days <= max {
                continue;
            }
            Text {
                en: format!(
                    "{who} is still not approved {days} days after its lead on {}; expected within {max} days",
                    c.lead_on
                ),
                zh: format!(
                    "{who_zh}自线索日期 {} 起已 {days} 天仍未审定，应在 {max} 天内",
                    c.lead_on
                ),
            }
        };
        out.flag(Some(&vr.village.id), &c.id, text);
    }
}
