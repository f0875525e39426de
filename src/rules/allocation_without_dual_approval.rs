//! BF303 allocation-without-dual-approval.

use super::prelude::*;

explain! {
    /// ## What it checks
    /// An allocation whose `approved_by` lacks either a member of a team active in the
    /// village on the allocation's date, or an official of the village; the two signatures
    /// must be by different people. A member of a team recalled on or before the date does
    /// not count: a team is no longer active from its recall date.
    ///
    /// ## Why it matters
    /// The work team and the village committee supervise each other: every relief
    /// allocation is approved by both. One side alone can steer relief to its own circle;
    /// the second signature is what the resident team is there to give.
    ///
    /// ## How to fix
    /// Get the missing approval and record both signers (allocations cannot be updated:
    /// remove the allocation and add it again with `--approved-by P --approved-by Q`).
    /// Check that the team's dispatch and recall dates are right.
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        let v = &vr.village;
        for a in &vr.allocations {
            let members: Vec<&str> = a
                .approved_by
                .iter()
                .filter(|p| ix.served_on(p, &v.id, a.date))
                .map(String::as_str)
                .collect();
            let officials: Vec<&str> = a
                .approved_by
                .iter()
                .filter(|p| v.role_of(p).is_some())
                .map(String::as_str)
                .collect();
            let two_people = members
                .iter()
                .any(|m| officials.iter().any(|o| o != m));
            if two_people {
                continue;
            }
            let problem = match (members.first(), officials.first()) {
                (None, None) => "lacks the approval of both a work team member and a village official".to_string(),
                (None, Some(_)) => "lacks the approval of a member of a work team active in the village that day".to_string(),
                (Some(_), None) => "lacks the approval of a village official".to_string(),
                (Some(one), Some(_)) => format!(
                    "is approved on both sides by {} alone, and one person cannot sign for both",
                    person_label(ix, one)
                ),
            };
            out.flag(
                Some(&v.id),
                &a.id,
                format!("allocation {} on {} in village {} {problem}", a.id, a.date, v.id),
            );
        }
    }
}
