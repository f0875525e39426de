//! BF101 village-without-team.

use super::prelude::*;
use crate::model::VillageStatus;

explain! {
    en {
        /// ## What it checks
        /// A poor village (status `poor`) with no work team active on the date checked. A team
        /// is active from its dispatch date through its term end, and no longer on the day it
        /// is recalled.
        ///
        /// ## Why it matters
        /// Policy stations one resident work team in every registered poor village (一村一队):
        /// the team is how the county reaches the village's poor households. A poor village
        /// without a team has nobody on the ground to identify households, assign helpers or
        /// verify exits.
        ///
        /// ## How to fix
        /// Dispatch a team: `bangfu team add --village V --unit U --leader P --member P ...
        /// --dispatched-on DATE`. If a team is there but recorded as ended, correct its
        /// `term_end` or `recalled_on`. If the village has exited, record that with
        /// `bangfu village update V --status exited --exited-on DATE`.
    }
    zh "贫困村无驻村工作队" {
        /// ## 检查什么
        /// 状态为贫困村、但在检查日期没有在岗驻村工作队的村。工作队从派驻之日起到任期届满之日
        /// 在岗，召回当日起不再在岗。
        ///
        /// ## 为什么重要
        /// 政策要求每个建档立卡贫困村派驻一支驻村工作队（一村一队）：县里靠工作队联系村里的
        /// 贫困户。没有工作队的贫困村，就没有人在村里识别贫困户、落实帮扶责任人、核验脱贫。
        ///
        /// ## 如何处理
        /// 派驻工作队：`bangfu team add --village V --unit U --leader P --member P ...
        /// --dispatched-on DATE`。如果村里有工作队、但记录为已离任，请更正其任期届满日期
        /// `term_end` 或召回日期 `recalled_on`。如果该村已出列，用
        /// `bangfu village update V --status exited --exited-on DATE` 记录。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        let v = &vr.village;
        if v.status == VillageStatus::Poor && ix.active_in(&v.id).is_empty() {
            let label = village_label(v);
            out.flag(
                Some(&v.id),
                &v.id,
                Text {
                    en: format!("poor {} has no work team active on {}", label.en, ix.as_of),
                    zh: format!("贫困{}在 {} 没有在岗的驻村工作队", label.zh, ix.as_of),
                },
            );
        }
    }
}
