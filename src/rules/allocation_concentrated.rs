//! BF304 allocation-concentrated.

use super::prelude::*;
use crate::model::format_yuan;

explain! {
    en {
        /// ## What it checks
        /// A household whose allocations add up to more than `concentration_factor` (default 3)
        /// times the median total of the households of its village that received any. Exactly
        /// that multiple passes. The median of an even number of totals is the mean of the two
        /// middle ones. Village-level allocations (no household) do not count.
        ///
        /// ## Why it matters
        /// Relief heaped on a few households while their neighbours get little is the visible
        /// trace of favouritism (优亲厚友). It can be proper (a relocation, a serious illness),
        /// which is why this is information to review rather than an error.
        ///
        /// ## How to fix
        /// Review the household's allocations (`bangfu allocation list --household H`). If they
        /// are justified, note why in their `purpose`; if not, correct them. A locality can
        /// change the multiple with `bangfu policy set concentration_factor N`.
    }
    zh "扶贫资源过于集中" {
        /// ## 检查什么
        /// 分配合计超过本村得到过分配的各户合计中位数 `concentration_factor`（默认 3）倍的贫困户。正好
        /// 这个倍数可以通过。偶数个合计的中位数取中间两个的平均数。分给全村的资源（没有指定户）不计入。
        ///
        /// ## 为什么重要
        /// 资源堆在少数几户、邻居却所得无几，是优亲厚友看得见的痕迹。这也可能是正当的（易地搬迁、
        /// 重病），所以这里只是提示复核，而不算错误。
        ///
        /// ## 如何处理
        /// 复核该户的分配（`bangfu allocation list --household H`）。合理的，在用途 `purpose` 中注明
        /// 原因；不合理的，予以更正。各地可用 `bangfu policy set concentration_factor N` 调整倍数。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    let factor = i128::from(ix.policy.concentration_factor);
    for vr in ix.villages() {
        let mut totals: HashMap<&str, i64> = HashMap::default();
        for a in &vr.allocations {
            if let Some(h) = &a.household {
                let total = totals.entry(h.as_str()).or_default();
                *total = total.saturating_add(a.amount_fen);
            }
        }
        if totals.len() < 2 {
            continue;
        }
        let mut sorted: Vec<i64> = totals.values().copied().collect();
        sorted.sort_unstable();
        let n = sorted.len();
        // Twice the median, so that an even count stays in whole fen.
        let twice_median = if n % 2 == 1 {
            2 * i128::from(sorted[n / 2])
        } else {
            i128::from(sorted[n / 2 - 1]) + i128::from(sorted[n / 2])
        };
        for (&h, &total) in &totals {
            if 2 * i128::from(total) > factor * twice_median {
                let who = ix.households.get(h).map_or_else(
                    || Text {
                        en: format!("household {h}"),
                        zh: format!("贫困户 {h}"),
                    },
                    |hh| household_label(hh),
                );
                let median = twice_median as f64 / 200.0;
                out.flag(
                    Some(&vr.village.id),
                    h,
                    Text {
                        en: format!(
                            "{} received {} yuan in allocations, more than {factor} times the median of {median:.2} yuan among the {} households of village {} that received any",
                            who.en,
                            format_yuan(total),
                            n,
                            vr.village.id
                        ),
                        zh: format!(
                            "{}共得到扶贫资源 {} 元，超过村 {} 得到分配的 {} 户合计中位数 {median:.2} 元的 {factor} 倍",
                            who.zh,
                            format_yuan(total),
                            vr.village.id,
                            n
                        ),
                    },
                );
            }
        }
    }
}
