//! BF207 exit-below-poverty-line.

use super::prelude::*;
use crate::model::{HouseholdStatus, format_yuan};

explain! {
    /// ## What it checks
    /// A household with status `exited` whose income per head is missing, or below the
    /// poverty line of its exit year (policy `poverty_line_yuan`, by year of `exited_on`).
    /// An income exactly at the line is not below it and passes. An exit in a year for which
    /// policy sets no line is a finding too: the exit cannot be shown to clear the line.
    ///
    /// ## Why it matters
    /// A household exits poverty when its income per head is above that year's poverty line
    /// and the work team has verified it. An exit recorded below the line, or with no income
    /// at all, is a household declared out of poverty on paper (数字脱贫) that loses its help
    /// while still poor.
    ///
    /// ## How to fix
    /// Record the verified income (`bangfu household update H --income YUAN`). If the
    /// household is still below the line, put it back among those needing help
    /// (`bangfu household update H --status returned`). For a missing year, set your
    /// locality's line: `bangfu policy set poverty_line_yuan.2021 4200`.
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        for h in &vr.households {
            if h.status != HouseholdStatus::Exited {
                continue;
            }
            let who = household_label(h);
            let problem = match (h.exited_on, h.income_per_capita_fen) {
                (None, _) => format!("{who} has exited but has no exit date"),
                (Some(on), None) => {
                    format!("{who} exited on {on} with no income per head recorded")
                }
                (Some(on), Some(income)) => match ix.policy.poverty_line_fen(on.year()) {
                    None => format!(
                        "{who} exited on {on}, a year for which policy sets no poverty line"
                    ),
                    Some(line) if income < line => format!(
                        "{who} exited on {on} with income per head {} yuan, below the {} line of {} yuan",
                        format_yuan(income),
                        on.year(),
                        format_yuan(line)
                    ),
                    Some(_) => continue,
                },
            };
            out.flag(Some(&vr.village.id), &h.id, problem);
        }
    }
}
