//! BF204 household-without-cause.

use super::prelude::*;

explain! {
    /// ## What it checks
    /// A household that needs help (status `poor` or `returned`) with no cause of poverty
    /// recorded.
    ///
    /// ## Why it matters
    /// Teams analyse why each household is poor (致贫原因): illness, disability, lack of
    /// labour, of skills, of land. The cause decides the measures; without it the household's
    /// help is guesswork and county statistics on causes are incomplete.
    ///
    /// ## How to fix
    /// Record the causes: `bangfu household update H --cause illness --cause 缺技术` (the list
    /// replaces the old one).
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        for h in &vr.households {
            if h.needs_help() && h.causes.is_empty() {
                out.flag(
                    Some(&vr.village.id),
                    &h.id,
                    format!(
                        "{} needs help but has no cause of poverty recorded",
                        household_label(h)
                    ),
                );
            }
        }
    }
}
