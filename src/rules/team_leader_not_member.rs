//! BF104 team-leader-not-member.

use super::prelude::*;

explain! {
    /// ## What it checks
    /// A team whose leader is not among its members. `bangfu team add` refuses such a team,
    /// so this finds teams edited by hand in the store files.
    ///
    /// ## Why it matters
    /// The team leader is the village's first secretary (第一书记) and is one of the team
    /// stationed there. A leader outside the team is not stationed in the village, and
    /// counts and coverage reports built from the members would miss them.
    ///
    /// ## How to fix
    /// List the leader among the members (`bangfu team update T --member LEADER --member
    /// ...`), or make one of the members the leader (`bangfu team update T --leader P`).
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        for t in &vr.teams {
            if !t.has_member(&t.leader) {
                out.flag(
                    Some(&vr.village.id),
                    &t.id,
                    format!(
                        "team {}'s leader {} is not among its members",
                        t.id,
                        person_label(ix, &t.leader)
                    ),
                );
            }
        }
    }
}
