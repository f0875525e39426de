//! BF205 household-without-measures.

use super::prelude::*;

explain! {
    /// ## What it checks
    /// A household that needs help (status `poor` or `returned`) with no measure recorded.
    ///
    /// ## Why it matters
    /// Each poor household gets measures of its own (因户施策): industry, employment,
    /// relocation, education, health, housing, social security. A household with none has a
    /// helper's name and nothing else.
    ///
    /// ## How to fix
    /// Record the measures: `bangfu household update H --measure industry --measure 健康扶贫`
    /// (the list replaces the old one).
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        for h in &vr.households {
            if h.needs_help() && h.measures.is_empty() {
                out.flag(
                    Some(&vr.village.id),
                    &h.id,
                    format!(
                        "{} needs help but has no measure recorded",
                        household_label(h)
                    ),
                );
            }
        }
    }
}
