//! BF110 too-few-days-in-village.

use super::prelude::*;
use crate::policy::Month;

explain! {
    en {
        /// ## What it checks
        /// An attendance record of a due month whose `days_in_village` plus `leave_days` is
        /// below the policy setting `min_days_in_village` (default 20). Exactly 20 is fine.
        /// Only months in which the person served on the team every day count: the month a
        /// team was dispatched or left, or a member joined or left, mid-month is not judged.
        /// A month is due when it is not before `attendance_from` and ended before the date
        /// checked.
        ///
        /// ## Why it matters
        /// Local rules on resident teams require each member to be in the village at least 20
        /// days a month (每月在村不少于20天); approved leave counts as present.
        ///
        /// ## How to fix
        /// Correct the record if the days were wrong (`bangfu attendance update D --days N`),
        /// record approved leave (`--leave-days N`), or take the member's absence up with the
        /// dispatching unit.
    }
    zh "在村天数不足" {
        /// ## 检查什么
        /// 到期月份的考勤记录中，在村天数 `days_in_village` 加请假天数 `leave_days` 少于政策
        /// 设置 `min_days_in_village`（默认 20 天）。正好 20 天不算问题。只看该人整月都在队
        /// 服务的月份：工作队月中派驻或离开、队员月中加入或离队的月份不评判。月份不早于
        /// `attendance_from` 且在检查日期前已结束，即为到期月份。
        ///
        /// ## 为什么重要
        /// 当地驻村管理规定每名队员每月在村不少于 20 天，经批准的请假视同在村。
        ///
        /// ## 如何处理
        /// 天数记错的更正记录（`bangfu attendance update D --days N`），补录经批准的请假天数
        /// （`--leave-days N`），或请派出单位处理该队员的缺勤。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    let min = ix.policy.min_days_in_village;
    for vr in ix.villages() {
        for a in &vr.attendance {
            let Some(m) = Month::parse(&a.month) else {
                continue;
            };
            let (first, last) = (m.first_day(), last_day(m));
            if m < ix.policy.attendance_from || last >= ix.as_of {
                continue;
            }
            let Some(team) = ix.teams.get(a.team.as_str()) else {
                continue;
            };
            if !team.serves_throughout(&a.person, first, last) {
                continue;
            }
            let present = u32::from(a.days_in_village) + u32::from(a.leave_days);
            if present < min {
                let who = person_label(ix, &a.person);
                out.flag(
                    Some(&vr.village.id),
                    &a.id,
                    Text {
                        en: format!(
                            "{} of team {} was in the village {} days in {} with {} days of leave: {present} in all, fewer than the {min} policy requires",
                            who.en, a.team, a.days_in_village, a.month, a.leave_days
                        ),
                        zh: format!(
                            "工作队 {} 的 {} 在 {} 在村 {} 天、请假 {} 天，合计 {present} 天，少于政策要求的 {min} 天",
                            a.team, who.zh, a.month, a.days_in_village, a.leave_days
                        ),
                    },
                );
            }
        }
    }
}
