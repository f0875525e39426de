//! BF505 measure-does-not-fit-risk.

use super::cases::{case_label, cases};
use super::prelude::*;
use crate::model::{CaseState, Risk};

explain! {
    en {
        /// ## What it checks
        /// An open case with at least one measure (a case with none is BF504's) that has a risk
        /// none of whose fitting measures it got: illness → health or social_aid; disability →
        /// health or social_protection; education → education or other_education; housing →
        /// housing or relocation; water → water; unstable_work → employment or public_job;
        /// lack_of_labor → social_protection or public_job; industry_failure → industry or
        /// finance. Disaster, accident and other fit any measure. Only measures dated on or
        /// before the as-of date count.
        ///
        /// ## Why it matters
        /// Measures are chosen for the risk (因户因人施策): a household at risk through illness is
        /// not made safe by an industry subsidy. A risk without a fitting measure is a risk left
        /// open.
        ///
        /// ## How to fix
        /// Add a measure that fits the risk (`bangfu case measure C --measure health --on DATE`),
        /// or correct the risks (`bangfu case update C --risk ...`).
    }
    zh "帮扶措施与风险不匹配" {
        /// ## 检查什么
        /// 监测中、已有帮扶措施（没有措施的归规则 BF504），却有某项风险没有任何一项对应措施的监测对象：
        /// 因病 → 健康帮扶或社会帮扶；因残 → 健康帮扶或综合保障；因学 → 义务教育保障或其他教育帮扶；
        /// 住房出现安全问题 → 住房安全保障或搬迁；饮水出现安全问题 → 饮水安全保障；因务工就业不稳 →
        /// 就业帮扶或公益岗位；缺劳动力 → 综合保障或公益岗位；因产业项目失败 → 产业帮扶或金融帮扶。
        /// 因自然灾害、因意外事故和其他适合任何措施。只计检查日或之前的措施。
        ///
        /// ## 为什么重要
        /// 帮扶要因户因人施策：因病致险的农户，靠产业补贴解决不了。风险没有对应措施，就是风险没有消除。
        ///
        /// ## 如何处理
        /// 增加对应的措施（`bangfu case measure C --measure health --on DATE`），或更正风险类型。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for (vr, c) in cases(ix) {
        if c.state(ix.as_of) != CaseState::Open {
            continue;
        }
        let taken: Vec<_> = c.measures_by(ix.as_of).map(|m| m.measure).collect();
        if taken.is_empty() {
            continue;
        }
        let unmet: Vec<Risk> = c
            .risks
            .iter()
            .copied()
            .filter(|r| !r.fitting().is_empty() && !r.fitting().iter().any(|m| taken.contains(m)))
            .collect();
        if unmet.is_empty() {
            continue;
        }
        let describe = |zh: bool| -> Vec<String> {
            unmet
                .iter()
                .map(|r| {
                    let fits: Vec<&str> = r
                        .fitting()
                        .iter()
                        .map(|m| if zh { m.zh() } else { m.en() })
                        .collect();
                    if zh {
                        format!("{}（应有{}）", r.zh(), fits.join("或"))
                    } else {
                        format!("{} (needs {})", r.en(), fits.join(" or "))
                    }
                })
                .collect()
        };
        let Text { en: who, zh: who_zh } = case_label(ix, c);
        out.flag(
            Some(&vr.village.id),
            &c.id,
            Text {
                en: format!(
                    "{who} has no measure fitting its risk {}",
                    describe(false).join(", ")
                ),
                zh: format!("{who_zh}的风险没有对应措施：{}", describe(true).join("；")),
            },
        );
    }
}
