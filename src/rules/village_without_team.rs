//! BF101 village-without-team.

use super::prelude::*;
use crate::model::VillageStatus;

explain! {
    /// ## What it checks
    /// A poor village (status `poor`) with no work team active on the date checked. A team is
    /// active from its dispatch date through its term end, and no longer on the day it is
    /// recalled.
    ///
    /// ## Why it matters
    /// Policy stations one resident work team in every registered poor village (一村一队):
    /// the team is how the county reaches the village's poor households. A poor village
    /// without a team has nobody on the ground to identify households, assign helpers or
    /// verify exits.
    ///
    /// ## How to fix
    /// Dispatch a team: `bangfu team add --village V --unit U --leader P --member P ...
    /// --dispatched-on DATE`. If a team is there but recorded as ended, correct its
    /// `term_end` or `recalled_on`. If the village has exited, record that with
    /// `bangfu village update V --status exited --exited-on DATE`.
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        let v = &vr.village;
        if v.status == VillageStatus::Poor && ix.active_in(&v.id).is_empty() {
            out.flag(
                Some(&v.id),
                &v.id,
                format!(
                    "poor {} has no work team active on {}",
                    village_label(v),
                    ix.as_of
                ),
            );
        }
    }
}
