//! BF203 helper-is-kin.

use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// A household whose helper is among its relations (the household is kin of its own
        /// designated helper), whatever the household's status.
        ///
        /// ## Why it matters
        /// The helper proposes the household's measures and its exit. A relative in that role
        /// has an interest in what the household receives and in how its income is reported:
        /// exactly the favouritism to relatives (优亲厚友) the policy forbids.
        ///
        /// ## How to fix
        /// Assign a helper who is not related: `bangfu household assign H --helper P`.
    }
    zh "帮扶责任人是亲属" {
        /// ## 检查什么
        /// 帮扶责任人在本户亲属关系之中的贫困户（该户与自己的帮扶责任人是亲属），不论该户状态如何。
        ///
        /// ## 为什么重要
        /// 帮扶责任人提出该户的帮扶措施和脱贫申请。由亲属担任，就与该户得到什么、收入怎么报有利害
        /// 关系：这正是政策禁止的优亲厚友。
        ///
        /// ## 如何处理
        /// 改派一名没有亲属关系的帮扶责任人：`bangfu household assign H --helper P`。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        for h in &vr.households {
            let Some(helper) = &h.helper else { continue };
            if let Some(r) = h.relation_to(helper) {
                let (label, helper) = (household_label(h), person_label(ix, helper));
                out.flag(
                    Some(&vr.village.id),
                    &h.id,
                    Text {
                        en: format!(
                            "{}'s helper {} is its kin ({})",
                            label.en,
                            helper.en,
                            r.relation.en()
                        ),
                        zh: format!(
                            "{}的帮扶责任人 {}是该户的亲属（{}）",
                            label.zh,
                            helper.zh,
                            r.relation.zh()
                        ),
                    },
                );
            }
        }
    }
}
