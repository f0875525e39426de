//! BF102 village-with-several-teams.

use super::prelude::*;

explain! {
    /// ## What it checks
    /// A village with more than one work team active on the date checked.
    ///
    /// ## Why it matters
    /// Policy is one village, one team (一村一队), led by one first secretary. Two active
    /// teams usually mean a team that was replaced but never recalled, which leaves two first
    /// secretaries, double-counted cadres and unclear responsibility for the households.
    ///
    /// ## How to fix
    /// Recall the team that has left: `bangfu team recall T --on DATE`, or correct the
    /// `term_end` of the earlier team. If both teams really serve the village, merge them into
    /// one team record.
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        let v = &vr.village;
        let active = ix.active_in(&v.id);
        if active.len() > 1 {
            let ids: Vec<&str> = active.iter().map(|t| t.id.as_str()).collect();
            out.flag(
                Some(&v.id),
                &v.id,
                format!(
                    "{} has {} work teams active on {}: {}",
                    village_label(v),
                    active.len(),
                    ix.as_of,
                    ids.join(", ")
                ),
            );
        }
    }
}
