//! BF201 household-without-helper.

use super::prelude::*;

explain! {
    /// ## What it checks
    /// A household that needs help (status `poor` or `returned`) with no designated helper.
    ///
    /// ## Why it matters
    /// Every registered poor household has one designated helper (帮扶责任人), a cadre
    /// answerable for its measures and its progress. A household with nobody assigned is the
    /// one that falls through: no visits, no measures, nobody to verify its exit.
    ///
    /// ## How to fix
    /// Assign a helper: `bangfu household assign H --helper P`. If the household no longer
    /// needs help, record its exit with `bangfu household exit H --on DATE --income YUAN
    /// --verified-by P`.
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        for h in &vr.households {
            if h.needs_help() && h.helper.is_none() {
                out.flag(
                    Some(&vr.village.id),
                    &h.id,
                    format!("{} needs help but has no helper", household_label(h)),
                );
            }
        }
    }
}
