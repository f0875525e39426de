//! BF202 helper-overloaded.

use super::prelude::*;

explain! {
    /// ## What it checks
    /// A person who is the helper of more than `max_households_per_helper` (default 5)
    /// households that need help. Exactly that many is fine; households that have exited do
    /// not count. One finding per helper; its village is none when the households are in
    /// different villages.
    ///
    /// ## Why it matters
    /// A designated helper takes a bounded number of households so that each one is visited
    /// and gets measures of its own (因户施策). Local caps vary, which is why the number is a
    /// policy setting; a helper far over it is a name on paper, not help.
    ///
    /// ## How to fix
    /// Reassign some households to other cadres: `bangfu household assign H --helper P`. If
    /// your locality allows more, `bangfu policy set max_households_per_helper N`.
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    let max = ix.policy.max_households_per_helper as usize;
    for (&helper, households) in &ix.helped {
        if households.len() <= max {
            continue;
        }
        let villages: Vec<&str> = households.iter().map(|h| h.village.as_str()).collect();
        out.flag_across(
            "person",
            &villages,
            helper,
            format!(
                "person {} helps {} that need help, more than the {max} policy allows",
                person_label(ix, helper),
                count(households.len(), "household", "households")
            ),
        );
    }
}
