//! BF208 exit-not-verified.

use super::prelude::*;
use crate::model::HouseholdStatus;

explain! {
    /// ## What it checks
    /// A household with status `exited` that has no `exit_verified_by`, or whose verifier was
    /// not a member of a team active in the household's village on its `exited_on`.
    ///
    /// ## Why it matters
    /// A household's exit is verified by the work team: someone who is stationed in the
    /// village and independent of it confirms the income before the household leaves the
    /// register. An exit signed by nobody, or by someone outside the team at the time, has
    /// not been verified as policy requires.
    ///
    /// ## How to fix
    /// Have a member of the team that was active on the exit date verify it, and record them:
    /// `bangfu household update H --exit-verified-by P`. If the team's dates are wrong,
    /// correct them (`bangfu team update T --dispatched-on DATE`).
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        let v = vr.village.id.as_str();
        for h in &vr.households {
            if h.status != HouseholdStatus::Exited {
                continue;
            }
            let who = household_label(h);
            let problem = match (h.exited_on, &h.exit_verified_by) {
                (None, _) => format!("{who} has exited but has no exit date to verify"),
                (Some(on), None) => format!("{who} exited on {on} but nobody verified the exit"),
                (Some(on), Some(p)) if !served_on(vr, p, on) => format!(
                    "{who}'s exit on {on} was verified by {}, who was not a member of a team active in village {v} that day",
                    person_label(ix, p)
                ),
                _ => continue,
            };
            out.flag(Some(v), &h.id, problem);
        }
    }
}
