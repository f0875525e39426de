//! BF102 village-with-several-teams.

use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// A village with more than one work team active on the date checked, not counting a
        /// predecessor during the first `handover_max_days` (default 30) days after its
        /// successor's dispatch (the handover, 新老交接). The predecessor of a team is the
        /// village's team dispatched last before it.
        ///
        /// ## Why it matters
        /// Policy is one village, one team (一村一队), led by one first secretary. Two active
        /// teams usually mean a team that was replaced but never recalled, which leaves two
        /// first secretaries, double-counted cadres and unclear responsibility for the
        /// households.
        ///
        /// ## How to fix
        /// Recall the team that has left: `bangfu team recall T --on DATE`, or correct the
        /// `term_end` of the earlier team. If both teams really serve the village, merge them
        /// into one team record.
    }
    zh "一村多支工作队" {
        /// ## 检查什么
        /// 在检查日期有一支以上在岗驻村工作队的村。继任工作队派驻后 `handover_max_days`
        /// （默认 30）天内仍在岗的前任工作队属于新老交接，不计在内；前任是本村在它之前最后
        /// 派驻的工作队。
        ///
        /// ## 为什么重要
        /// 政策是一村一队，由一名第一书记带队。两支在岗工作队通常说明有一支已被接替、却从未
        /// 召回：村里出现两个第一书记，干部被重复统计，对贫困户的责任也说不清。
        ///
        /// ## 如何处理
        /// 召回已离开的工作队：`bangfu team recall T --on DATE`，或更正前一支工作队的任期
        /// 届满日期 `term_end`。如果两支工作队确实都在该村工作，请合并为一条工作队记录。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    let max_days = i32::try_from(ix.policy.handover_max_days).unwrap_or(i32::MAX);
    for vr in ix.villages() {
        let v = &vr.village;
        let all = ix.active_in(&v.id);
        // A predecessor still there in the first `handover_max_days` after its successor's
        // dispatch is handing over, not a second team.
        let handing_over = |p: &crate::model::Team| {
            all.iter().any(|s| {
                s.dispatched_on > p.dispatched_on
                    && ix.as_of <= s.dispatched_on.plus_days(max_days)
                    && vr
                        .teams
                        .iter()
                        .filter(|o| o.dispatched_on < s.dispatched_on)
                        .max_by_key(|o| (o.dispatched_on, &o.id))
                        .is_some_and(|prev| prev.id == p.id)
            })
        };
        let active: Vec<_> = all.iter().filter(|p| !handing_over(p)).collect();
        if active.len() > 1 {
            let ids: Vec<&str> = active.iter().map(|t| t.id.as_str()).collect();
            let label = village_label(v);
            out.flag(
                Some(&v.id),
                &v.id,
                Text {
                    en: format!(
                        "{} has {} work teams active on {}: {}",
                        label.en,
                        active.len(),
                        ix.as_of,
                        ids.join(", ")
                    ),
                    zh: format!(
                        "{}在 {} 有 {} 支在岗的驻村工作队：{}",
                        label.zh,
                        ix.as_of,
                        active.len(),
                        ids.join("、")
                    ),
                },
            );
        }
    }
}
