//! BF114 handover-too-short.

use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// A team dispatched on or after the policy setting `handover_from` (default
        /// 2021-01-01) whose predecessor — the village's team dispatched last before it — left
        /// fewer than `handover_min_days` (default 10) days after this team's dispatch, or
        /// before it. A predecessor leaving exactly 10 days after is fine; one that has not
        /// left by the date checked is not a finding. A team leaves on `recalled_on`, else the
        /// day after `term_end`.
        ///
        /// ## Why it matters
        /// In a rotation (轮换) the old team stays some days after the new one arrives to hand
        /// over (新老交接): the households, the projects and the accounts. A team that leaves
        /// first leaves the village without anyone who knows it.
        ///
        /// ## How to fix
        /// Correct the dates if they were wrongly recorded (`team update --term-end`, `team
        /// recall --on`); otherwise note it for the next rotation.
    }
    zh "新老交接时间不足" {
        /// ## 检查什么
        /// 在政策设置 `handover_from`（默认 2021-01-01）及以后派驻的工作队，其前任（本村在它之前
        /// 最后派驻的工作队）在它派驻后不到 `handover_min_days`（默认 10）天就离开，或在它派驻前
        /// 已离开。前任正好在 10 天后离开不算问题；到检查日期尚未离开的前任不算问题。工作队在
        /// 召回日期 `recalled_on` 离开，否则在任期届满 `term_end` 的次日离开。
        ///
        /// ## 为什么重要
        /// 轮换时老队要在新队到岗后留一段时间新老交接：贫困户、项目和账目。先走的老队让村里
        /// 没有熟悉情况的人。
        ///
        /// ## 如何处理
        /// 日期记错的更正（`team update --term-end`、`team recall --on`）；否则在下次轮换时注意。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    let min = i64::from(ix.policy.handover_min_days);
    for vr in ix.villages() {
        for t in &vr.teams {
            if t.dispatched_on < ix.policy.handover_from || t.dispatched_on > ix.as_of {
                continue;
            }
            let Some(prev) = vr
                .teams
                .iter()
                .filter(|p| p.dispatched_on < t.dispatched_on)
                .max_by_key(|p| (p.dispatched_on, &p.id))
            else {
                continue;
            };
            let Some(left) = prev.leaves_on().filter(|l| *l <= ix.as_of) else {
                continue;
            };
            let days = left
                .0
                .since(t.dispatched_on.0)
                .map_or(0, |s| i64::from(s.get_days()));
            if days >= min {
                continue;
            }
            let en = if days < 0 {
                format!("{} days before its dispatch", -days)
            } else {
                format!("{days} days after its dispatch")
            };
            let zh = if days < 0 {
                format!("派驻前 {} 天", -days)
            } else {
                format!("派驻后 {days} 天")
            };
            out.flag(
                Some(&vr.village.id),
                &t.id,
                Text {
                    en: format!(
                        "team {} was dispatched to village {} on {}, and its predecessor {} left on {left}, {en}; the handover needs at least {min} days",
                        t.id, vr.village.id, t.dispatched_on, prev.id
                    ),
                    zh: format!(
                        "工作队 {} 于 {} 派驻村 {}，前任工作队 {} 于 {left} 离开（{zh}），新老交接应不少于 {min} 天",
                        t.id, t.dispatched_on, vr.village.id, prev.id
                    ),
                },
            );
        }
    }
}
