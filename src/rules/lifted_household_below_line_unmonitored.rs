//! BF501 lifted-household-below-line-unmonitored.

use super::cases::monitoring;
use super::index::HashSet;
use super::prelude::*;
use crate::model::{CaseState, HouseholdStatus, format_yuan};

explain! {
    en {
        /// ## What it checks
        /// An exited household with an `income_year` from `monitoring_from` on, whose net income
        /// per head less its compliant out-of-pocket spending per head (`out_of_pocket`) is below
        /// that year's monitoring line, and that has no open case on the as-of date. A household
        /// without an income year, or without income, is not checked; one exactly at the line
        /// passes.
        ///
        /// ## Why it matters
        /// A household lifted out of poverty whose income falls under the monitoring line is the
        /// very household the monitoring mechanism (防止返贫动态监测) exists to catch. Left
        /// unmonitored it gets no measures until it is poor again.
        ///
        /// ## How to fix
        /// Open a case for it: `bangfu case add --household H --category unstable --source
        /// cadre_visit --lead-on DATE --risk ...`, then notice and approve it. If the income is
        /// wrong, correct it (`bangfu household update H --income YUAN`).
    }
    zh "脱贫户低于监测线未纳入监测" {
        /// ## 检查什么
        /// 已脱贫、收入年度（`income_year`）不早于监测起始年份（`monitoring_from`）、人均纯收入减去人均
        /// 合规自付支出后低于当年监测线，而在检查日没有监测中的监测对象的农户。没有收入年度或没有收入的
        /// 不检查；正好等于监测线的通过。
        ///
        /// ## 为什么重要
        /// 脱贫户收入跌到监测线以下，正是防止返贫动态监测要及时发现的农户。不纳入监测，就得不到帮扶措施，
        /// 直到重新返贫。
        ///
        /// ## 如何处理
        /// 为该户新增监测对象（`bangfu case add --household H ...`），然后公示、审定。收入记录有误的，
        /// 更正收入（`bangfu household update H --income YUAN`）。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    if !monitoring(ix) {
        return;
    }
    let from = ix.policy.monitoring_from.year();
    for vr in ix.villages() {
        let open: HashSet<&str> = vr
            .cases
            .iter()
            .filter(|c| c.state(ix.as_of) == CaseState::Open)
            .map(|c| c.household.as_str())
            .collect();
        for h in &vr.households {
            if h.status != HouseholdStatus::Exited || open.contains(h.id.as_str()) {
                continue;
            }
            let (Some(year), Some(income)) = (
                h.income_year.and_then(|y| i16::try_from(y).ok()),
                h.income_per_capita(),
            ) else {
                continue;
            };
            if year < from {
                continue;
            }
            let Some(line) = ix.policy.monitoring_line_fen(year) else {
                continue;
            };
            let size = i128::from(h.size.max(1));
            let spent = i128::from(h.out_of_pocket_fen.unwrap_or(0));
            if i128::from(income) * size - spent >= i128::from(line) * size {
                continue;
            }
            let net = i64::try_from((i128::from(income) * size - spent).div_euclid(size))
                .unwrap_or(i64::MIN);
            let Text { en: who, zh: who_zh } = household_label(h);
            out.flag(
                Some(&vr.village.id),
                &h.id,
                Text {
                    en: format!(
                        "{who} has exited and its {year} income per head after out-of-pocket spending, {} yuan, is below the monitoring line of {} yuan, but it has no open case",
                        format_yuan(net),
                        format_yuan(line)
                    ),
                    zh: format!(
                        "{who_zh}已脱贫，{year} 年扣除合规自付支出后人均纯收入 {} 元，低于 {} 元的监测线，却没有监测中的监测对象",
                        format_yuan(net),
                        format_yuan(line)
                    ),
                },
            );
        }
    }
}
