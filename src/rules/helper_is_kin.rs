//! BF203 helper-is-kin.

use super::prelude::*;

explain! {
    /// ## What it checks
    /// A household whose helper is among its relations (the household is kin of its own
    /// designated helper), whatever the household's status.
    ///
    /// ## Why it matters
    /// The helper proposes the household's measures and its exit. A relative in that role
    /// has an interest in what the household receives and in how its income is reported:
    /// exactly the favouritism to relatives (优亲厚友) the policy forbids.
    ///
    /// ## How to fix
    /// Assign a helper who is not related: `bangfu household assign H --helper P`.
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        for h in &vr.households {
            let Some(helper) = &h.helper else { continue };
            if let Some(r) = h.relation_to(helper) {
                out.flag(
                    Some(&vr.village.id),
                    &h.id,
                    format!(
                        "{}'s helper {} is its kin ({})",
                        household_label(h),
                        person_label(ix, helper),
                        r.relation.en()
                    ),
                );
            }
        }
    }
}
