//! BF105 team-term-too-short.

use super::prelude::*;

explain! {
    /// ## What it checks
    /// A team whose `term_end` is set and falls less than `min_term_years` (default 2)
    /// calendar years after its `dispatched_on`. A term ending on the same day of the month
    /// exactly that many years later is long enough (a team dispatched on 29 February counts
    /// its years to 28 February). Teams without a `term_end` are not checked.
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
                    format!(
                        "team {}'s term from {} to {end} is shorter than the {} policy requires",
                        t.id,
                        t.dispatched_on,
                        count(years as usize, "year", "years")
                    ),
                );
            }
        }
    }
}
