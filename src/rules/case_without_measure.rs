//! BF504 case-without-measure.

use super::cases::{case_label, cases};
use super::prelude::*;
use crate::model::CaseState;

explain! {
    en {
        /// ## What it checks
        /// An open case (approved, risk not eliminated) approved more than `measure_due_days`
        /// (default 30) days before the as-of date that has no measure dated on or before it. A
        /// measure added later does not count for an earlier as-of date.
        ///
        /// ## Why it matters
        /// A household is identified so that help reaches it before it falls back into poverty
        /// (先帮后核). A case a month old without a single measure is a household watched but not
        /// helped.
        ///
        /// ## How to fix
        /// Record the measures taken: `bangfu case measure C --measure health --on DATE`.
    }
    zh "监测对象未落实帮扶措施" {
        /// ## 检查什么
        /// 审定已超过 `measure_due_days`（默认 30）天、风险尚未消除，却没有一项在检查日或之前落实的帮扶
        /// 措施的监测对象。之后才落实的措施不计入更早的检查日。
        ///
        /// ## 为什么重要
        /// 识别监测对象，是为了在返贫之前把帮扶送到。审定一个月仍没有任何措施，就是只监测、不帮扶。
        ///
        /// ## 如何处理
        /// 记录落实的措施：`bangfu case measure C --measure health --on DATE`。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    let due = i64::from(ix.policy.measure_due_days);
    for (vr, c) in cases(ix) {
        if c.state(ix.as_of) != CaseState::Open || c.measures_by(ix.as_of).next().is_some() {
            continue;
        }
        let Some(approved) = c.approved_by(ix.as_of) else {
            continue;
        };
        let days = approved.days_until(ix.as_of);
        if days <= due {
            continue;
        }
        let Text { en: who, zh: who_zh } = case_label(ix, c);
        out.flag(
            Some(&vr.village.id),
            &c.id,
            Text {
                en: format!(
                    "{who} was approved on {approved}, {days} days ago, and has no measure; expected one within {due} days"
                ),
                zh: format!(
                    "{who_zh}于 {approved} 审定，已 {days} 天，仍没有帮扶措施，应在 {due} 天内落实"
                ),
            },
        );
    }
}
