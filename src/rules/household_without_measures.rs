//! BF205 household-without-measures.

use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// A household that needs help (status `poor` or `returned`) with no measure recorded.
        ///
        /// ## Why it matters
        /// Each poor household gets measures of its own (因户施策): industry, employment,
        /// relocation, education, health, housing, social security. A household with none has a
        /// helper's name and nothing else.
        ///
        /// ## How to fix
        /// Record the measures: `bangfu household update H --measure industry --measure 健康扶贫`
        /// (the list replaces the old one).
    }
    zh "贫困户未记录帮扶措施" {
        /// ## 检查什么
        /// 需要帮扶（状态为未脱贫或返贫）、却没有记录任何帮扶措施的贫困户。
        ///
        /// ## 为什么重要
        /// 每户贫困户都要因户施策：发展生产、转移就业、易地搬迁、发展教育、健康扶贫、危房改造、
        /// 社会保障兜底。一项措施都没有的户，只有帮扶责任人的名字，别无其他。
        ///
        /// ## 如何处理
        /// 记录帮扶措施：`bangfu household update H --measure 发展生产 --measure 健康扶贫`（新列表会替换
        /// 旧列表）。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        for h in &vr.households {
            if h.needs_help() && h.measures.is_empty() {
                let label = household_label(h);
                out.flag(
                    Some(&vr.village.id),
                    &h.id,
                    Text {
                        en: format!("{} needs help but has no measure recorded", label.en),
                        zh: format!("{}需要帮扶，但没有记录帮扶措施", label.zh),
                    },
                );
            }
        }
    }
}
