//! BF108 late-dispatch.

use super::prelude::*;
use crate::model::VillageStatus;

explain! {
    en {
        /// ## What it checks
        /// A poor village (status `poor`) whose earliest team was dispatched after the policy
        /// setting `dispatch_deadline` (default 2014-06-30). A team dispatched on the deadline
        /// is in time. A village with no team at all is left to BF101.
        ///
        /// ## Why it matters
        /// Resident teams were to reach every poor village in the first half of 2014. A late
        /// first dispatch is history, not something to correct, but it shows which villages
        /// went without a team at the start of targeted poverty alleviation, when households
        /// were being identified: their registration deserves a second look.
        ///
        /// ## How to fix
        /// Nothing to fix if the date is right; check the first team's `dispatched_on` against
        /// the dispatch papers. A locality with a different deadline sets it with
        /// `bangfu policy set dispatch_deadline DATE`.
    }
    zh "工作队派驻过晚" {
        /// ## 检查什么
        /// 状态为贫困村、其最早一支工作队在政策设置 `dispatch_deadline`（默认 2014-06-30）
        /// 之后才派驻的村。在截止日当天派驻的不算晚。完全没有工作队的村由 BF101 检查。
        ///
        /// ## 为什么重要
        /// 驻村工作队应在 2014 年上半年覆盖所有贫困村。首次派驻过晚已成历史，无需更正，但它
        /// 表明哪些村在精准扶贫起步、识别贫困户的时候没有工作队：这些村的建档立卡值得复核。
        ///
        /// ## 如何处理
        /// 日期无误则无需处理；请对照派驻文件核对第一支工作队的派驻日期 `dispatched_on`。
        /// 截止日期不同的地方用 `bangfu policy set dispatch_deadline DATE` 设置。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    let deadline = ix.policy.dispatch_deadline;
    for vr in ix.villages() {
        let v = &vr.village;
        if v.status != VillageStatus::Poor {
            continue;
        }
        let Some(first) = vr.teams.iter().min_by_key(|t| (t.dispatched_on, &t.id)) else {
            continue;
        };
        if first.dispatched_on > deadline {
            let label = village_label(v);
            out.flag(
                Some(&v.id),
                &v.id,
                Text {
                    en: format!(
                        "poor {}'s first team {} was dispatched on {}, after the deadline {deadline}",
                        label.en, first.id, first.dispatched_on
                    ),
                    zh: format!(
                        "贫困{}的第一支工作队 {} 于 {} 派驻，晚于截止日期 {deadline}",
                        label.zh, first.id, first.dispatched_on
                    ),
                },
            );
        }
    }
}
