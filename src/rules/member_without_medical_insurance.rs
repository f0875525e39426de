//! BF212 member-without-medical-insurance.

use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// A member recorded with `medical_insurance` none (未参保), in a household whose status
        /// is poor, returned or exited, or that has an open monitoring case. A member whose
        /// insurance is not recorded is not a finding.
        ///
        /// ## Why it matters
        /// Basic medical care secured (基本医疗有保障) is one of the three guarantees: every
        /// person of a registered or lifted household is to be enrolled in basic medical
        /// insurance (全员参保), the government paying the premium of those who cannot, so that
        /// illness does not throw the household back into poverty (因病返贫) — still the most
        /// common cause of return.
        ///
        /// ## How to fix
        /// Enrol the member with the medical insurance office (医保局), then record it:
        /// `bangfu member update M --medical-insurance resident` (or employee).
    }
    zh "成员未参加基本医疗保险" {
        /// ## 检查什么
        /// 状态为未脱贫、返贫或已脱贫，或有未关闭监测对象记录的户中，基本医疗保险登记为未参保的成员。
        /// 没有登记参保情况的成员不算问题。
        ///
        /// ## 为什么重要
        /// 基本医疗有保障是三保障之一：建档立卡户和脱贫户全员参加基本医疗保险，个人缴费有困难的由政府
        /// 资助，防止因病致贫返贫——这仍是返贫最常见的原因。
        ///
        /// ## 如何处理
        /// 到医保部门为该成员办理参保，然后登记：`bangfu member update M --medical-insurance resident`
        /// （或职工医保）。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        for m in &vr.members {
            // The member first, as BF211 does: the household is a look-up.
            if !m.uninsured() {
                continue;
            }
            let Some(h) = ix.households.get(m.household.as_str()) else {
                continue;
            };
            if !ix.guaranteed(h) {
                continue;
            }
            let label = member_label(m, h);
            out.flag(
                Some(&vr.village.id),
                &m.id,
                Text {
                    en: format!("{} has no basic medical insurance", label.en),
                    zh: format!("{}未参加基本医疗保险", label.zh),
                },
            );
        }
    }
}
