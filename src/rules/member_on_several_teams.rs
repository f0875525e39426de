//! BF106 member-on-several-teams.

use super::prelude::*;

explain! {
    /// ## What it checks
    /// A person who is a member of two or more teams active on the date checked. One finding
    /// per person; its village is none when the teams are in different villages.
    ///
    /// ## Why it matters
    /// A cadre serves on one team at a time: residence means living in the village, and a
    /// name on two teams is a cadre who is really in neither (挂名), inflating both teams'
    /// strength on paper.
    ///
    /// ## How to fix
    /// Remove the person from the team they have left (`bangfu team update T --member ...`
    /// with the remaining members), or recall that team if it has ended
    /// (`bangfu team recall T --on DATE`).
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for (&person, teams) in &ix.memberships {
        if teams.len() < 2 {
            continue;
        }
        let villages: Vec<&str> = teams.iter().map(|t| t.village.as_str()).collect();
        let shown: Vec<String> = teams
            .iter()
            .map(|t| format!("{} (village {})", t.id, t.village))
            .collect();
        out.flag_across(
            "person",
            &villages,
            person,
            format!(
                "person {} is a member of {} teams active on {}: {}",
                person_label(ix, person),
                teams.len(),
                ix.as_of,
                list_some(&shown, 5)
            ),
        );
    }
}
