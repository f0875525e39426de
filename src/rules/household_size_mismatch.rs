//! BF209 household-size-mismatch.

use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// A household whose members are recorded (`bangfu member add`) and whose number of
        /// members differs from its `size`. A household with no member recorded is not checked:
        /// its size is all there is.
        ///
        /// ## Why it matters
        /// The registration files (建档立卡) count people, not only households: poverty
        /// incidence, per-head income and every per-person guarantee are worked out from the
        /// household's size. When the members on file and the size disagree, one of them is
        /// wrong, and so is every figure built on it.
        ///
        /// ## How to fix
        /// Compare the members (`bangfu household show H`) with the household's register: add
        /// the missing members (`bangfu member add --household H ...`), remove those who left
        /// (`bangfu member remove M`), or correct the size (`bangfu household update H --size N`).
    }
    zh "家庭成员数与户人口数不符" {
        /// ## 检查什么
        /// 已登记家庭成员（`bangfu member add`）、且成员人数与户人口数（`size`）不一致的贫困户。没有登记
        /// 任何成员的户不检查：它只有户人口数。
        ///
        /// ## 为什么重要
        /// 建档立卡既按户也按人统计：贫困发生率、人均纯收入和每个人的保障情况都以户人口数为基础。
        /// 登记的成员与户人口数不符，必有一处错误，据此算出的数字也都不对。
        ///
        /// ## 如何处理
        /// 对照户籍核对成员（`bangfu household show H`）：补录缺少的成员（`bangfu member add --household H`），
        /// 删除已不在户的成员（`bangfu member remove M`），或更正户人口数（`bangfu household update H --size N`）。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        for h in &vr.households {
            let n = ix.members_of(&h.id).len();
            if n == 0 || u32::try_from(n).is_ok_and(|n| n == h.size) {
                continue;
            }
            let label = household_label(h);
            out.flag(
                Some(&vr.village.id),
                &h.id,
                Text {
                    en: format!(
                        "{} has {} recorded but a size of {}",
                        label.en,
                        count(n, "member", "members"),
                        h.size
                    ),
                    zh: format!("{}已登记 {n} 名成员，但户人口数为 {}", label.zh, h.size),
                },
            );
        }
    }
}
