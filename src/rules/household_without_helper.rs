//! BF201 household-without-helper.

use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// A household that needs help (status `poor` or `returned`) with no designated helper.
        ///
        /// ## Why it matters
        /// Every registered poor household has one designated helper (帮扶责任人), a cadre
        /// answerable for its measures and its progress. A household with nobody assigned is the
        /// one that falls through: no visits, no measures, nobody to verify its exit.
        ///
        /// ## How to fix
        /// Assign a helper: `bangfu household assign H --helper P`. If the household no longer
        /// needs help, record its exit with `bangfu household exit H --on DATE --income YUAN
        /// --verified-by P`.
    }
    zh "贫困户无帮扶责任人" {
        /// ## 检查什么
        /// 需要帮扶（状态为未脱贫或返贫）、却没有帮扶责任人的贫困户。
        ///
        /// ## 为什么重要
        /// 每户建档立卡贫困户都有一名帮扶责任人，由一名干部对其帮扶措施和脱贫进展负责。没人负责的
        /// 贫困户最容易被落下：没人走访，没有措施，也没人核验其脱贫。
        ///
        /// ## 如何处理
        /// 落实帮扶责任人：`bangfu household assign H --helper P`。如果该户已不需要帮扶，用
        /// `bangfu household exit H --on DATE --income YUAN --verified-by P` 记录脱贫。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        for h in &vr.households {
            if h.needs_help() && h.helper.is_none() {
                let label = household_label(h);
                out.flag(
                    Some(&vr.village.id),
                    &h.id,
                    Text {
                        en: format!("{} needs help but has no helper", label.en),
                        zh: format!("{}需要帮扶，但没有帮扶责任人", label.zh),
                    },
                );
            }
        }
    }
}
