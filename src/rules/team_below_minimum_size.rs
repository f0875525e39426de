//! BF103 team-below-minimum-size.

use super::prelude::*;

explain! {
    /// ## What it checks
    /// A team active on the date checked with fewer members than the policy setting
    /// `min_team_members` (default 3). A team of exactly that many is fine.
    ///
    /// ## Why it matters
    /// The 2017 guideline on resident work teams says a team generally has no fewer than
    /// three members (每个驻村工作队一般不少于3人): one cadre alone cannot cover the
    /// households of a village, and members check each other's work.
    ///
    /// ## How to fix
    /// Add members: `bangfu team update T --member P1 --member P2 --member P3` (the list
    /// replaces the old one, so give every member). If your locality allows smaller teams,
    /// `bangfu policy set min_team_members 2`.
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    let min = ix.policy.min_team_members as usize;
    for vr in ix.villages() {
        for t in ix.active_in(&vr.village.id) {
            if t.members.len() < min {
                out.flag(
                    Some(&vr.village.id),
                    &t.id,
                    format!(
                        "team {} in village {} has {}, fewer than the {min} policy requires",
                        t.id,
                        vr.village.id,
                        count(t.members.len(), "member", "members")
                    ),
                );
            }
        }
    }
}
