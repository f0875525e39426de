//! BF402 team-without-plan.

use super::prelude::*;

explain! {
    /// ## What it checks
    /// A team active on the date checked, dispatched more than `plan_due_days` (default 90)
    /// days before it, with no plan item in its village drawn up by it. A plan item counts
    /// for a team when its `team` is that team, or when it names no team (it cannot be told
    /// apart); an item drawn up by an earlier team does not count for its successor. A team
    /// exactly `plan_due_days` days in passes.
    ///
    /// ## Why it matters
    /// A resident team analyses why the village is poor and turns that into a development
    /// plan: infrastructure, industry, cultural facilities. A team months into its term with
    /// no plan is present without a programme.
    ///
    /// ## How to fix
    /// Record the team's plan: `bangfu plan add --village V --team T --category industry
    /// --title TITLE`. A locality with a different deadline sets
    /// `bangfu policy set plan_due_days N`.
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    let days = i32::try_from(ix.policy.plan_due_days).unwrap_or(i32::MAX);
    for vr in ix.villages() {
        let v = vr.village.id.as_str();
        let active = ix.active_in(v);
        if active.is_empty() {
            continue;
        }
        let unattributed = vr.plans.iter().any(|p| p.team.is_none());
        let planned: HashSet<&str> = vr.plans.iter().filter_map(|p| p.team.as_deref()).collect();
        for t in active {
            let due = t.dispatched_on.plus_days(days);
            if ix.as_of > due && !unattributed && !planned.contains(t.id.as_str()) {
                out.flag(
                    Some(v),
                    &t.id,
                    format!(
                        "team {} in village {v}, dispatched on {}, has no plan item more than {} later",
                        t.id,
                        t.dispatched_on,
                        count(days as usize, "day", "days")
                    ),
                );
            }
        }
    }
}
