//! BF107 member-tied-to-village.

use std::collections::BTreeMap;

use super::prelude::*;

explain! {
    /// ## What it checks
    /// A member of a team active on the date checked whose home village is the village the
    /// team is stationed in, or who is kin of one of that village's households (a relation
    /// recorded with `bangfu household relate`). One finding per person, naming every tie.
    ///
    /// ## Why it matters
    /// Team members are sent from outside so that they have no direct interest in the
    /// village they help: a member from the village, or related to its households, is
    /// exposed to favouring relatives (优亲厚友) when households are identified, helped and
    /// declared out of poverty.
    ///
    /// ## How to fix
    /// Move the member to a team in another village, or replace them. Where a tie is known
    /// and accepted by the county, file it (`bangfu household relate H --person P --relation
    /// R --filed-on DATE`) and switch the rule to a lower severity for your locality with
    /// `bangfu policy set rules.BF107 info`.
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    // person → the villages and ties found, so that a person gets one finding.
    let mut by_person: BTreeMap<&str, (Vec<&str>, Vec<String>)> = BTreeMap::new();
    for vr in ix.villages() {
        let v = vr.village.id.as_str();
        let active = ix.active_in(v);
        if active.is_empty() {
            continue;
        }
        // The ties of each active member, in team order; a village has a handful of them.
        let mut ties: Vec<(&str, &str, Vec<String>)> = active
            .iter()
            .flat_map(|t| t.members.iter().map(|m| (t.id.as_str(), m.as_str(), Vec::new())))
            .collect();
        for (_, m, found) in &mut ties {
            if ix.people.get(*m).and_then(|p| p.home_village.as_deref()) == Some(v) {
                found.push(format!("has village {v} as home village"));
            }
        }
        for h in &vr.households {
            for r in &h.relations {
                for (_, m, found) in &mut ties {
                    if *m == r.person && found.len() < 4 {
                        found.push(format!(
                            "is kin ({}) of {} in village {v}",
                            r.relation.en(),
                            household_label(h)
                        ));
                    }
                }
            }
        }
        for (team, m, found) in ties {
            if !found.is_empty() {
                let entry = by_person.entry(m).or_default();
                entry.0.push(v);
                entry
                    .1
                    .push(format!("serves on team {team} and {}", found.join(" and ")));
            }
        }
    }
    for (person, (villages, ties)) in by_person {
        out.flag_across(
            "person",
            &villages,
            person,
            format!("person {} {}", person_label(ix, person), ties.join("; ")),
        );
    }
}
