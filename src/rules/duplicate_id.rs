//! BF902 duplicate-id.

use std::collections::HashMap;

use super::prelude::*;
use crate::model::Kind;

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
    // (kind, id) → the village of each copy ("" for people, who live in no village).
    let mut seen: HashMap<(Kind, &str), Vec<&str>> = HashMap::new();
    for p in &ix.registry.people {
        seen.entry((Kind::Person, p.id.as_str())).or_default().push("");
    }
    for vr in ix.villages() {
        let v = vr.village.id.as_str();
        seen.entry((Kind::Village, v)).or_default().push(v);
        for t in &vr.teams {
            seen.entry((Kind::Team, t.id.as_str())).or_default().push(v);
        }
        for h in &vr.households {
            seen.entry((Kind::Household, h.id.as_str())).or_default().push(v);
        }
        for a in &vr.allocations {
            seen.entry((Kind::Allocation, a.id.as_str())).or_default().push(v);
        }
        for p in &vr.plans {
            seen.entry((Kind::Plan, p.id.as_str())).or_default().push(v);
        }
    }
    for ((kind, id), villages) in seen {
        if villages.len() < 2 {
            continue;
        }
        let name = kind.name();
        let copies = villages.len();
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
            format!("{name} id {id} appears {copies} times {where_}"),
        );
    }
}
