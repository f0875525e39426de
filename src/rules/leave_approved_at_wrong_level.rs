//! BF112 leave-approved-at-wrong-level.

use super::prelude::*;
use crate::model::Level;

explain! {
    en {
        /// ## What it checks
        /// A leave longer than the policy setting `leave_township_max_days` (default 3 days,
        /// both ends counted) approved by a person below county level (township or village),
        /// or any leave with no approver. A leave of exactly 3 days approved by a township
        /// cadre is fine; an approver whose level is not recorded is not judged. Only leaves
        /// with a day on or after the first day of `attendance_from`, begun by the date
        /// checked, count; such a leave is judged whole, as one approval covers all of it.
        ///
        /// ## Why it matters
        /// Local rules let the township approve short leave and require the county (the
        /// organisation department) for longer leave, so that a member cannot be away for
        /// long on a word from those they work beside.
        ///
        /// ## How to fix
        /// Record who approved it (`bangfu leave update Q --approved-by P`); if the approval
        /// really came from the township, have the county approve it and record that person.
    }
    zh "请假审批层级不符" {
        /// ## 检查什么
        /// 超过政策设置 `leave_township_max_days`（默认 3 天，首尾都算）、却由县级以下（乡镇或
        /// 村）人员批准的请假，或没有批准人的请假。乡镇干部批准的正好 3 天的请假不算问题；
        /// 批准人级别未记录的不评判。只看有日期在 `attendance_from` 首日或以后、检查日期前已开始
        /// 的请假；这样的请假按全长评判，因为一次批准涵盖全部天数。
        ///
        /// ## 为什么重要
        /// 当地规定短假由乡镇审批，长假须报县级（组织部门）审批，防止队员凭身边人一句话长期
        /// 离岗。
        ///
        /// ## 如何处理
        /// 记录批准人（`bangfu leave update Q --approved-by P`）；如果确由乡镇批准，请报县级
        /// 审批并记录审批人。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    let max = i32::try_from(ix.policy.leave_township_max_days).unwrap_or(i32::MAX);
    for vr in ix.villages() {
        for l in &vr.leaves {
            // A leave with a day on or after the start of duty records is looked at whole:
            // one approval covers all of it.
            if l.to < ix.duty_start() || l.from > ix.as_of {
                continue;
            }
            let who = person_label(ix, &l.person);
            let days = l.length();
            let text = match &l.approved_by {
                None => Text {
                    en: format!(
                        "leave of {} from {} to {} ({}) has no approver",
                        who.en,
                        l.from,
                        l.to,
                        count(usize::try_from(days).unwrap_or_default(), "day", "days")
                    ),
                    zh: format!("{} 自 {} 至 {} 的请假（{days} 天）没有批准人", who.zh, l.from, l.to),
                },
                Some(by) if days > max => {
                    let level = ix.people.get(by.as_str()).and_then(|p| p.level);
                    if !matches!(level, Some(Level::Township | Level::Village)) {
                        continue;
                    }
                    let approver = person_label(ix, by);
                    let level = level.unwrap_or(Level::Township);
                    Text {
                        en: format!(
                            "leave of {} from {} to {} is {days} days, more than the {max} a township may approve, but was approved by {} ({} level)",
                            who.en, l.from, l.to, approver.en, level.en()
                        ),
                        zh: format!(
                            "{} 自 {} 至 {} 请假 {days} 天，超过乡镇可批准的 {max} 天，却由 {}（{}级）批准",
                            who.zh, l.from, l.to, approver.zh, level.zh()
                        ),
                    }
                }
                Some(_) => continue,
            };
            out.flag(Some(&vr.village.id), &l.id, text);
        }
    }
}
