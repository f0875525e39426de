//! BF301 allocation-to-non-poor.

use super::prelude::*;
use crate::model::{HouseholdStatus, format_yuan};

explain! {
    /// ## What it checks
    /// An allocation to a household whose status is `non_poor`, or whose status is `exited`
    /// with an `exited_on` before the allocation's date. An allocation on the exit date
    /// itself passes. Village-level allocations (no household) are not checked.
    ///
    /// ## Why it matters
    /// Relief resources are for registered poor households. Relief to a household that is
    /// not poor, or that had already left poverty, is relief taken from one that is, and is
    /// the pattern behind favouring the well-connected (优亲厚友).
    ///
    /// ## How to fix
    /// Check the household's status and exit date (`bangfu household show H`). If the
    /// allocation was wrong, remove it (`bangfu allocation remove A`) and recover the
    /// resources; if the household's record is wrong, correct it.
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        for a in &vr.allocations {
            let Some(h) = a.household.as_deref().and_then(|h| ix.households.get(h)) else {
                continue;
            };
            let why = match (h.status, h.exited_on) {
                (HouseholdStatus::NonPoor, _) => "which is not a poor household".to_string(),
                (HouseholdStatus::Exited, Some(exit)) if exit < a.date => {
                    format!("which had exited poverty on {exit}")
                }
                _ => continue,
            };
            out.flag(
                Some(&vr.village.id),
                &a.id,
                format!(
                    "allocation {} of {} yuan on {} went to {}, {why}",
                    a.id,
                    format_yuan(a.amount_fen),
                    a.date,
                    household_label(h)
                ),
            );
        }
    }
}
