//! BF401 village-exit-incidence-too-high.

use super::prelude::*;
use crate::model::VillageStatus;

explain! {
    en {
        /// ## What it checks
        /// A village with status `exited` whose poverty incidence is at or above the exit
        /// threshold of its region (policy `exit_incidence_percent`: 2% east and central, 3%
        /// west), or whose population is unknown (absent or 0). Poverty incidence is the people
        /// in its households that need help (the sum of their `size`) divided by its registered
        /// `population`. An incidence just below the threshold passes.
        ///
        /// ## Why it matters
        /// Under the 2016 exit mechanism a poor village leaves the list (出列) when its poverty
        /// incidence falls below 2%, or 3% in the western region. A village recorded as exited
        /// above that line, or without the population to compute it, exited without meeting the
        /// standard and loses its team and support too early.
        ///
        /// ## How to fix
        /// Record the registered population (`bangfu village update V --population N`) and bring
        /// the households' statuses up to date. If the village has not met the standard, set it
        /// back: `bangfu village update V --status poor --clear exited_on`.
    }
    zh "出列村贫困发生率过高" {
        /// ## 检查什么
        /// 状态为已出列、但贫困发生率达到或超过所在区域出列标准（政策 `exit_incidence_percent`：东部和
        /// 中部 2%，西部 3%），或户籍人口未知（缺失或为 0）的村。贫困发生率是需帮扶贫困户的人口（各户
        /// 人口数之和）除以户籍人口 `population`。略低于标准的可以通过。
        ///
        /// ## 为什么重要
        /// 按 2016 年的退出机制，贫困村的贫困发生率降到 2% 以下（西部 3% 以下）才能出列。记录为已出列、
        /// 但发生率高于标准，或没有户籍人口无法计算的村，是未达标就出列，过早失去了工作队和扶持。
        ///
        /// ## 如何处理
        /// 记录户籍人口（`bangfu village update V --population N`），并更新各户的状态。未达到标准的，
        /// 把该村改回贫困村：`bangfu village update V --status poor --clear exited_on`。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        let v = &vr.village;
        if v.status != VillageStatus::Exited {
            continue;
        }
        let threshold = ix.policy.exit_incidence(v.region);
        let poor_people: u64 = vr
            .households
            .iter()
            .filter(|h| h.needs_help())
            .map(|h| u64::from(h.size))
            .sum();
        let label = village_label(v);
        let message = match v.population.filter(|p| *p > 0) {
            None => Text {
                en: format!(
                    "exited {} has no registered population, so its poverty incidence is unknown",
                    label.en
                ),
                zh: format!("已出列的{}没有户籍人口，无法得知其贫困发生率", label.zh),
            },
            Some(population) => {
                let population = u64::from(population);
                // incidence ≥ threshold%, in whole numbers: poor × 100 ≥ threshold × population.
                if poor_people * 100 < u64::from(threshold) * population {
                    continue;
                }
                let incidence = poor_people as f64 * 100.0 / population as f64;
                Text {
                    en: format!(
                        "exited {} has poverty incidence {incidence:.2}% ({poor_people} of {population} people in households that need help), at or above the {threshold}% threshold of the {} region",
                        label.en,
                        v.region.en()
                    ),
                    zh: format!(
                        "已出列的{}贫困发生率为 {incidence:.2}%（户籍人口 {population} 人中需帮扶贫困户有 {poor_people} 人），达到或超过{}地区 {threshold}% 的出列标准",
                        label.zh,
                        v.region.zh()
                    ),
                }
            }
        };
        out.flag(Some(&v.id), &v.id, message);
    }
}
