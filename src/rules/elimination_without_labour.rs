//! BF508 elimination-without-labour.

use super::cases::{case_label, cases, members_of};
use super::prelude::*;
use crate::model::{Labour, Village};

explain! {
    en {
        /// ## What it checks
        /// A case whose risk was eliminated although the household's members are recorded, each
        /// with `labour` recorded, and none of them is skilled, ordinary or weak labour. A
        /// household with a member whose labour is not recorded is not a finding.
        ///
        /// ## Why it matters
        /// A household without labour has no way to keep its income up by work; its income rests
        /// on transfers. Such households keep their protection and stay monitored (无劳动能力的
        /// 监测对象不标注风险消除).
        ///
        /// ## How to fix
        /// Undo the elimination (`bangfu case update C --clear eliminated_on`) and keep the case
        /// open with social protection, or correct the members' labour if it is wrong.
    }
    zh "无劳动力户消除风险" {
        /// ## 检查什么
        /// 家庭成员已登记、每人都记录了劳动技能、却没有一个是技能劳动力、普通劳动力或弱劳动力，而风险
        /// 已消除的监测对象。有成员劳动技能未记录的不算。
        ///
        /// ## 为什么重要
        /// 没有劳动力的农户无法靠务工维持收入，收入依靠转移性收入。这样的农户要保持保障、继续监测，
        /// 不标注风险消除。
        ///
        /// ## 如何处理
        /// 撤销风险消除（`bangfu case update C --clear eliminated_on`），以综合保障继续帮扶；劳动技能记录
        /// 有误的，更正成员的记录。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    let mut members: Option<(&Village, _)> = None;
    for (vr, c) in cases(ix) {
        let Some(on) = c.eliminated_by(ix.as_of) else {
            continue;
        };
        if members.as_ref().is_none_or(|(v, _)| v.id != vr.village.id) {
            members = Some((&vr.village, members_of(vr)));
        }
        let of_household = members
            .as_ref()
            .and_then(|(_, m)| m.get(c.household.as_str()))
            .map_or(&[][..], Vec::as_slice);
        let recorded = !of_household.is_empty() && of_household.iter().all(|m| m.labour.is_some());
        let able = of_household.iter().any(|m| {
            matches!(
                m.labour,
                Some(Labour::Skilled | Labour::Ordinary | Labour::Weak)
            )
        });
        if !recorded || able {
            continue;
        }
        let Text { en: who, zh: who_zh } = case_label(ix, c);
        out.flag(
            Some(&vr.village.id),
            &c.id,
            Text {
                en: format!(
                    "{who} was eliminated on {on} although none of its {} members can work; a household without labour stays monitored",
                    of_household.len()
                ),
                zh: format!(
                    "{who_zh}于 {on} 风险消除，但 {} 名成员都没有劳动能力；无劳动力户应继续监测",
                    of_household.len()
                ),
            },
        );
    }
}
