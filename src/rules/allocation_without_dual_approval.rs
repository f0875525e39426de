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
            let is_member = |p: &String| served_on(vr, p, a.date);
            let is_official = |p: &String| v.role_of(p).is_some();
            let signers = &a.approved_by;
            let two_people = signers
                .iter()
                .any(|m| is_member(m) && signers.iter().any(|o| o != m && is_official(o)));
            if two_people {
                continue;
            }
            let members = signers.iter().find(|p| is_member(p));
            let officials = signers.iter().find(|p| is_official(p));
            let problem = match (members, officials) {
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
