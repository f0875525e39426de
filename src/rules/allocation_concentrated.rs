//! BF304 allocation-concentrated.

use super::prelude::*;
use crate::model::format_yuan;

explain! {
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
                let who = ix
                    .households
                    .get(h)
                    .map_or_else(|| format!("household {h}"), |hh| household_label(hh));
                let median = twice_median as f64 / 200.0;
                out.flag(
                    Some(&vr.village.id),
                    h,
                    format!(
                        "{who} received {} yuan in allocations, more than {factor} times the median of {median:.2} yuan among the {} households of village {} that received any",
                        format_yuan(total),
                        n,
                        vr.village.id
                    ),
                );
            }
        }
    }
}
