//! BF901 dangling-reference.

use super::prelude::*;
use crate::model::{Kind, Record};

explain! {
    /// ## What it checks
    /// A record that refers to a village, person, household or team that does not exist in
    /// the store: a team's village, leader or members; a household's helper, verifier or
    /// relations; an allocation's household or approvers; a plan's team; a village's
    /// officials; a person's home village. One finding per record, naming every missing
    /// reference. `bangfu` refuses such references itself, so these come from store files
    /// edited by hand or merged from elsewhere.
    ///
    /// ## Why it matters
    /// Every other check reads these references: a helper who does not exist hides a
    /// household without help; an approver who does not exist is a signature nobody gave.
    /// The registry is only as good as its references.
    ///
    /// ## How to fix
    /// Add the missing record (`bangfu person add --id P ...`), or change the reference to
    /// one that exists with the record's `update` command. `bangfu verify` shows whether the
    /// file was edited outside the tool.
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for p in &ix.registry.people {
        flag_missing(ix, out, p, None);
    }
    for vr in ix.villages() {
        let v = Some(vr.village.id.as_str());
        flag_missing(ix, out, &vr.village, v);
        for t in &vr.teams {
            flag_missing(ix, out, t, v);
        }
        for h in &vr.households {
            flag_missing(ix, out, h, v);
        }
        for a in &vr.allocations {
            flag_missing(ix, out, a, v);
        }
        for p in &vr.plans {
            flag_missing(ix, out, p, v);
        }
    }
}

fn flag_missing<R: Record>(ix: &Index<'_>, out: &mut Findings<'_>, record: &R, village: Option<&str>) {
    let missing: Vec<String> = record
        .references()
        .into_iter()
        .filter(|(kind, _, target)| match kind {
            Kind::Person => !ix.people.contains_key(target),
            Kind::Village => !ix.villages.contains_key(target),
            Kind::Household => !ix.households.contains_key(target),
            Kind::Team => !ix.teams.contains_key(target),
            Kind::Allocation | Kind::Plan | Kind::Member => false,
        })
        .map(|(kind, field, target)| format!("{} {target} ({field})", kind.name()))
        .collect();
    if missing.is_empty() {
        return;
    }
    let kind = R::KIND.name();
    out.flag_kind(
        kind,
        village,
        record.id(),
        format!(
            "{kind} {} refers to {}: {}",
            record.id(),
            if missing.len() == 1 {
                "a record that does not exist"
            } else {
                "records that do not exist"
            },
            missing.join(", ")
        ),
    );
}
