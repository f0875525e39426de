//! BF401 village-exit-incidence-too-high.

use super::prelude::*;
use crate::model::VillageStatus;

explain! {
    /// ## What it checks
    /// A village with status `exited` whose poverty incidence is at or above the exit
    /// threshold of its region (policy `exit_incidence_percent`: 2% east and central, 3%
    /// west), or whose population is unknown (absent or 0). Poverty incidence is the people
    /// in its households that need help (the sum of their `size`) divided by its registered
    /// `population`. An incidence just below the threshold passes.
    ///
    /// ## Why it matters
    /// Under the 2016 exit mechanism a poor village leaves the list (出列) when its poverty
    /// incidence falls below 2%, or 3% in the western region. A village recorded as exited
    /// above that line, or without the population to compute it, exited without meeting the
    /// standard and loses its team and support too early.
    ///
    /// ## How to fix
    /// Record the registered population (`bangfu village update V --population N`) and bring
    /// the households' statuses up to date. If the village has not met the standard, set it
    /// back: `bangfu village update V --status poor --clear exited_on`.
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        let v = &vr.village;
        if v.status != VillageStatus::Exited {
            continue;
        }
        let threshold = ix.policy.exit_incidence(v.region);
        let poor_people: u64 = vr
            .households
            .iter()
            .filter(|h| h.needs_help())
            .map(|h| u64::from(h.size))
            .sum();
        let message = match v.population.filter(|p| *p > 0) {
            None => format!(
                "exited {} has no registered population, so its poverty incidence is unknown",
                village_label(v)
            ),
            Some(population) => {
                let population = u64::from(population);
                // incidence ≥ threshold%, in whole numbers: poor × 100 ≥ threshold × population.
                if poor_people * 100 < u64::from(threshold) * population {
                    continue;
                }
                format!(
                    "exited {} has poverty incidence {:.2}% ({poor_people} of {population} people in households that need help), at or above the {threshold}% threshold of the {} region",
                    village_label(v),
                    poor_people as f64 * 100.0 / population as f64,
                    v.region.en()
                )
            }
        };
        out.flag(Some(&v.id), &v.id, message);
    }
}
