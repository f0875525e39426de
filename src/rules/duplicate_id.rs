//! BF902 duplicate-id.

use super::prelude::*;
use crate::model::Kind;
use crate::store::VillageRecords;

explain! {
    /// ## What it checks
    /// An id that appears more than once among the records of one kind: twice in
    /// `people.jsonl`, or a team, household, allocation or plan id used twice in one village
    /// or in two villages, or two village directories whose `village.json` hold the same id.
    /// One finding per duplicated id; its village is none when the copies are in different
    /// villages. `bangfu` never writes a duplicate, so these come from files edited by hand,
    /// copied or merged.
    ///
    /// ## Why it matters
    /// Ids are how records refer to each other and how the journal tracks changes. With two
    /// records under one id, commands find one of them and silently ignore the other, and
    /// every reference to the id is ambiguous.
    ///
    /// ## How to fix
    /// Decide which copy is right and delete the other line from the file (or give it a new
    /// id). Then run `bangfu verify` to compare the files with the journal.
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    // The index found the duplicated people, villages, teams and households while building
    // its maps; allocations and plans take one set insert each here.
    let mut twice = ix.duplicates.clone();
    let mut seen: HashSet<(Kind, &str)> = HashSet::default();
    seen.reserve(ix.villages().map(|v| v.allocations.len() + v.plans.len()).sum());
    for vr in ix.villages() {
        for a in &vr.allocations {
            if !seen.insert((Kind::Allocation, &a.id)) {
                twice.insert((Kind::Allocation, &a.id));
            }
        }
        for p in &vr.plans {
            if !seen.insert((Kind::Plan, &p.id)) {
                twice.insert((Kind::Plan, &p.id));
            }
        }
    }
    if twice.is_empty() {
        return;
    }
    // (kind, id) → the village of each copy, for the duplicated ids only.
    let mut copies: HashMap<(Kind, &str), Vec<&str>> = HashMap::default();
    for p in &ix.registry.people {
        if twice.contains(&(Kind::Person, p.id.as_str())) {
            copies.entry((Kind::Person, &p.id)).or_default().push("");
        }
    }
    for vr in ix.villages() {
        let v = vr.village.id.as_str();
        let mut copy = |kind: Kind, id| {
            if twice.contains(&(kind, id)) {
                copies.entry((kind, id)).or_default().push(v);
            }
        };
        copy(Kind::Village, v);
        for_each_record(vr, copy);
    }
    for ((kind, id), villages) in copies {
        let name = kind.name();
        let mut distinct = villages.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let where_ = match kind {
            Kind::Person => "in people.jsonl".to_string(),
            Kind::Village => "among the village directories".to_string(),
            _ => {
                let shown: Vec<String> = distinct.iter().map(ToString::to_string).collect();
                let one = if shown.len() == 1 { "village" } else { "villages" };
                format!("in {one} {}", list_some(&shown, 5))
            }
        };
        let village_list: Vec<&str> = distinct.into_iter().filter(|v| !v.is_empty()).collect();
        out.flag_across(
            name,
            &village_list,
            id,
            format!("{name} id {id} appears {} times {where_}", villages.len()),
        );
    }
}

/// Calls `f` with the kind and id of every record kept in a village's directory.
fn for_each_record<'r>(vr: &'r VillageRecords, mut f: impl FnMut(Kind, &'r str)) {
    for t in &vr.teams {
        f(Kind::Team, &t.id);
    }
    for h in &vr.households {
        f(Kind::Household, &h.id);
    }
    for a in &vr.allocations {
        f(Kind::Allocation, &a.id);
    }
    for p in &vr.plans {
        f(Kind::Plan, &p.id);
    }
}
