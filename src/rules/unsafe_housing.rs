//! BF213 unsafe-housing.

use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// A household whose house is appraised grade C (partly dangerous, C级危房) or D (the
        /// whole house dangerous, D级危房), when its status is poor, returned or exited, or it
        /// has an open monitoring case. A household whose housing is not appraised is not a
        /// finding.
        ///
        /// ## Why it matters
        /// Safe housing secured (住房安全有保障) is one of the three guarantees. Houses are
        /// graded A to D under the rural dangerous-house appraisal guideline (农村危险房屋鉴定技术
        /// 导则); a registered or lifted household living in a C or D house is to have it
        /// renovated or be rehoused (农村危房改造) — an exit with the family still in a dangerous
        /// house does not count.
        ///
        /// ## How to fix
        /// Put the household into the township's dangerous-house renovation programme (or
        /// relocation). When the work is done and the house re-appraised, record the new grade:
        /// `bangfu household update H --housing b`.
    }
    zh "住房不安全" {
        /// ## 检查什么
        /// 状态为未脱贫、返贫或已脱贫，或有未关闭监测对象记录，且住房鉴定为 C 级危房（局部危险）或
        /// D 级危房（整栋危险）的户。住房未鉴定的户不算问题。
        ///
        /// ## 为什么重要
        /// 住房安全有保障是三保障之一。住房按《农村危险房屋鉴定技术导则》分为 A 至 D 四级；建档立卡户和
        /// 脱贫户住在 C 级或 D 级危房的，要纳入农村危房改造或搬迁安置——全家仍住危房的脱贫不算数。
        ///
        /// ## 如何处理
        /// 将该户纳入乡镇的农村危房改造计划（或易地搬迁）。改造完成、重新鉴定后，登记新的等级：
        /// `bangfu household update H --housing b`。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        for h in &vr.households {
            let Some(grade) = h.housing.filter(|_| h.unsafe_housing()) else {
                continue;
            };
            if !ix.guaranteed(h) {
                continue;
            }
            let label = household_label(h);
            out.flag(
                Some(&vr.village.id),
                &h.id,
                Text {
                    en: format!(
                        "{} lives in a house appraised {} ({})",
                        label.en,
                        grade.en().to_uppercase(),
                        grade.zh()
                    ),
                    zh: format!("{}住房鉴定为{}", label.zh, grade.zh()),
                },
            );
        }
    }
}
