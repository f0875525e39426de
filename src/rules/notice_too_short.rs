//! BF503 notice-too-short.

use super::cases::{case_label, cases};
use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// An approved case whose village public notice (公示) is missing, or shorter than
        /// `notice_min_days` (default 5), both ends counted: a notice from 6 to 10 March is 5
        /// days and passes.
        ///
        /// ## Why it matters
        /// The public notice lets the village see who is identified and object before the county
        /// approves. A case approved without it, or after a notice too short to read, was decided
        /// out of sight of the people it concerns.
        ///
        /// ## How to fix
        /// Record the notice that was held (`bangfu case notice C --from D --to D`); if there was
        /// none, hold one and approve again after it.
    }
    zh "公示时间不足" {
        /// ## 检查什么
        /// 已审定、但没有村级公示，或公示不足 `notice_min_days`（默认 5）天（首尾两天都算）的监测对象：
        /// 3 月 6 日至 10 日公示为 5 天，可以通过。
        ///
        /// ## 为什么重要
        /// 公示让村民在县级审定前知道识别了谁、可以提出异议。没有公示或公示时间太短就审定，是在群众看
        /// 不到的地方做的决定。
        ///
        /// ## 如何处理
        /// 记录实际进行的公示（`bangfu case notice C --from D --to D`）；没有公示的，补充公示后重新审定。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    let min = i64::from(ix.policy.notice_min_days);
    for (vr, c) in cases(ix) {
        let Some(approved) = c.approved_by(ix.as_of) else {
            continue;
        };
        let Text { en: who, zh: who_zh } = case_label(ix, c);
        let text = match c.notice_by(ix.as_of) {
            None => Text {
                en: format!("{who} was approved on {approved} without a public notice"),
                zh: format!("{who_zh}于 {approved} 审定，但没有公示"),
            },
            Some((from, to)) => {
                let days = from.days_until(to) + 1;
                if days >= min {
                    continue;
                }
                Text {
                    en: format!(
                        "{who} was noticed only {days} days, {from} to {to}; expected at least {min}"
                    ),
                    zh: format!("{who_zh}公示只有 {days} 天（{from} 至 {to}），应不少于 {min} 天"),
                }
            }
        };
        out.flag(Some(&vr.village.id), &c.id, text);
    }
}
