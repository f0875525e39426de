//! BF214 unsafe-water.

use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// A household recorded with `water_safe` false, when its status is poor, returned or
        /// exited, or it has an open monitoring case. A household whose water is not recorded is
        /// not a finding.
        ///
        /// ## Why it matters
        /// Safe drinking water (饮水安全有保障) was added to the three guarantees as the fourth
        /// condition of an exit: water of acceptable quality and quantity, within reach and
        /// reliable all year (the rural drinking-water safety assessment standard). A household
        /// that still carries water from an unsafe source has not exited in substance.
        ///
        /// ## How to fix
        /// Connect the household to a safe supply (the village water project, a tank, a
        /// purifier, as the water authority decides), then record it:
        /// `bangfu household update H --water-safe true`.
    }
    zh "饮水不安全" {
        /// ## 检查什么
        /// 状态为未脱贫、返贫或已脱贫，或有未关闭监测对象记录，且饮水安全登记为否的户。没有登记饮水
        /// 情况的户不算问题。
        ///
        /// ## 为什么重要
        /// 饮水安全有保障与三保障一并作为脱贫的条件：水质、水量、用水方便程度和供水保证率都要达标
        /// （农村饮水安全评价准则）。仍从不安全水源取水的户，没有真正脱贫。
        ///
        /// ## 如何处理
        /// 由水利部门为该户解决安全水源（集中供水工程、水窖、净水设备等），然后登记：
        /// `bangfu household update H --water-safe true`。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        for h in &vr.households {
            if !h.unsafe_water() || !ix.guaranteed(h) {
                continue;
            }
            let label = household_label(h);
            out.flag(
                Some(&vr.village.id),
                &h.id,
                Text {
                    en: format!("{} has no safe drinking water", label.en),
                    zh: format!("{}饮水不安全", label.zh),
                },
            );
        }
    }
}
