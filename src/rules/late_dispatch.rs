//! BF108 late-dispatch.

use super::prelude::*;
use crate::model::VillageStatus;

explain! {
    /// ## What it checks
    /// A poor village (status `poor`) whose earliest team was dispatched after the policy
    /// setting `dispatch_deadline` (default 2014-06-30). A team dispatched on the deadline is
    /// in time. A village with no team at all is left to BF101.
    ///
    /// ## Why it matters
    /// Resident teams were to reach every poor village in the first half of 2014. A late
    /// first dispatch is history, not something to correct, but it shows which villages went
    /// without a team at the start of targeted poverty alleviation, when households were
    /// being identified: their registration deserves a second look.
    ///
    /// ## How to fix
    /// Nothing to fix if the date is right; check the first team's `dispatched_on` against
    /// the dispatch papers. A locality with a different deadline sets it with
    /// `bangfu policy set dispatch_deadline DATE`.
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    let deadline = ix.policy.dispatch_deadline;
    for vr in ix.villages() {
        let v = &vr.village;
        if v.status != VillageStatus::Poor {
            continue;
        }
        let Some(first) = vr.teams.iter().min_by_key(|t| (t.dispatched_on, &t.id)) else {
            continue;
        };
        if first.dispatched_on > deadline {
            out.flag(
                Some(&v.id),
                &v.id,
                format!(
                    "poor {}'s first team {} was dispatched on {}, after the deadline {deadline}",
                    village_label(v),
                    first.id,
                    first.dispatched_on
                ),
            );
        }
    }
}
