//! BF204 household-without-cause.

use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// A household that needs help (status `poor` or `returned`) with no cause of poverty
        /// recorded.
        ///
        /// ## Why it matters
        /// Teams analyse why each household is poor (致贫原因): illness, disability, lack of
        /// labour, of skills, of land. The cause decides the measures; without it the household's
        /// help is guesswork and county statistics on causes are incomplete.
        ///
        /// ## How to fix
        /// Record the causes: `bangfu household update H --cause illness --cause 缺技术` (the list
        /// replaces the old one).
    }
    zh "贫困户未记录致贫原因" {
        /// ## 检查什么
        /// 需要帮扶（状态为未脱贫或返贫）、却没有记录致贫原因的贫困户。
        ///
        /// ## 为什么重要
        /// 工作队要逐户分析致贫原因：因病、因残、缺劳动力、缺技术、缺土地等。致贫原因决定帮扶措施；
        /// 没有它，帮扶只能靠猜，全县的致贫原因统计也不完整。
        ///
        /// ## 如何处理
        /// 记录致贫原因：`bangfu household update H --cause 因病 --cause 缺技术`（新列表会替换旧列表）。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        for h in &vr.households {
            if h.needs_help() && h.causes.is_empty() {
                let label = household_label(h);
                out.flag(
                    Some(&vr.village.id),
                    &h.id,
                    Text {
                        en: format!(
                            "{} needs help but has no cause of poverty recorded",
                            label.en
                        ),
                        zh: format!("{}需要帮扶，但没有记录致贫原因", label.zh),
                    },
                );
            }
        }
    }
}
