//! BF109 village-type-without-team.

use super::prelude::*;
use crate::model::VillageType;

explain! {
    en {
        /// ## What it checks
        /// A village whose `types` include one of the policy setting `team_required_types`
        /// (default lifted 脱贫村 and relocation_site 易地扶贫搬迁安置村(社区)), or weak_party
        /// 党组织软弱涣散村, with no work team active on the date checked. For a weak_party
        /// village a first secretary sent alone is enough. The rule does not run for dates
        /// before the first day of `attendance_from`.
        ///
        /// ## Why it matters
        /// The 2021 opinion on first secretaries and work teams (关于向重点乡村持续选派驻村
        /// 第一书记和工作队的意见) keeps teams in lifted villages and relocation sites, and sends
        /// at least a first secretary to every village whose party organisation is weak.
        ///
        /// ## How to fix
        /// Dispatch a team: `bangfu team add --village V ...`; if the village no longer has that
        /// type, `bangfu village update V --type ...` with the types it has.
    }
    zh "重点村无驻村工作队" {
        /// ## 检查什么
        /// 村类型 `types` 含政策设置 `team_required_types` 中的类型（默认脱贫村和易地扶贫搬迁
        /// 安置村(社区)）或党组织软弱涣散村、但在检查日期没有在岗驻村工作队的村。党组织软弱
        /// 涣散村只派第一书记一人也可以。检查日期早于 `attendance_from` 首日时不检查本规则。
        ///
        /// ## 为什么重要
        /// 2021 年关于向重点乡村持续选派驻村第一书记和工作队的意见要求：脱贫村、易地扶贫
        /// 搬迁安置村(社区)继续选派工作队，党组织软弱涣散村至少选派第一书记。
        ///
        /// ## 如何处理
        /// 派驻工作队：`bangfu team add --village V ...`；如果该村已不属于该类型，用
        /// `bangfu village update V --type ...` 写明现在的类型。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    if ix.as_of < ix.duty_start() {
        return;
    }
    for vr in ix.villages() {
        let v = &vr.village;
        let required: Vec<VillageType> = v
            .types
            .iter()
            .copied()
            .filter(|t| *t == VillageType::WeakParty || ix.policy.team_required(t.en()))
            .collect();
        if required.is_empty() || !ix.active_in(&v.id).is_empty() {
            continue;
        }
        let label = village_label(v);
        let en: Vec<&str> = required.iter().map(|t| t.en()).collect();
        let zh: Vec<&str> = required.iter().map(|t| t.zh()).collect();
        out.flag(
            Some(&v.id),
            &v.id,
            Text {
                en: format!(
                    "{} has no work team active on {}, though its types call for one: {}",
                    label.en,
                    ix.as_of,
                    en.join(", ")
                ),
                zh: format!(
                    "{}属于{}，在 {} 却没有在岗的驻村工作队",
                    label.zh,
                    zh.join("、"),
                    ix.as_of
                ),
            },
        );
    }
}
