//! BF105 team-term-too-short.

use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// A team whose `term_end` is set and falls less than `min_term_years` (default 2)
        /// calendar years after its `dispatched_on`. A term ending on the same day of the
        /// month exactly that many years later is long enough (a team dispatched on 29
        /// February counts its years to 28 February). Teams without a `term_end` are not
        /// checked.
        ///
        /// ## Why it matters
        /// The 2017 guideline sets each term of residence at no less than two years
        /// (每期驻村时间不少于2年): short rotations leave before the team knows the village and
        /// break continuity for the households it helps.
        ///
        /// ## How to fix
        /// Correct the term: `bangfu team update T --term-end DATE`. If your locality sets a
        /// different minimum, `bangfu policy set min_term_years N`.
    }
    zh "驻村任期过短" {
        /// ## 检查什么
        /// 填了任期届满日期 `term_end`、且距派驻日期 `dispatched_on` 不足 `min_term_years`
        /// （默认 2）个整年的工作队。正好满这么多年的同月同日届满即为够长（2 月 29 日派驻的
        /// 工作队按 2 月 28 日计年）。没有任期届满日期的工作队不检查。
        ///
        /// ## 为什么重要
        /// 2017 年的意见规定每期驻村时间不少于 2 年：轮换过快，工作队还没熟悉村情就离开了，
        /// 对所帮扶贫困户的工作也接不上。
        ///
        /// ## 如何处理
        /// 更正任期：`bangfu team update T --term-end DATE`。如果当地规定的最短任期不同，运行
        /// `bangfu policy set min_term_years N`。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    let years = ix.policy.min_term_years;
    for vr in ix.villages() {
        for t in &vr.teams {
            let Some(end) = t.term_end else { continue };
            let earliest = t
                .dispatched_on
                .plus_years(i16::try_from(years).unwrap_or(i16::MAX));
            if end < earliest {
                out.flag(
                    Some(&vr.village.id),
                    &t.id,
                    Text {
                        en: format!(
                            "team {}'s term from {} to {end} is shorter than the {} policy requires",
                            t.id,
                            t.dispatched_on,
                            count(years as usize, "year", "years")
                        ),
                        zh: format!(
                            "工作队 {} 的任期从 {} 到 {end}，短于政策要求的 {years} 年",
                            t.id, t.dispatched_on
                        ),
                    },
                );
            }
        }
    }
}
