//! What the monitoring rules (BF500–BF509) share: whether monitoring runs on the as-of date,
//! the cases as of it, how a case is named, and a household's members.

use super::index::HashMap;
use super::prelude::*;
use crate::model::{Case, Member};
use crate::store::VillageRecords;

/// The BF5xx rules run only for as-of dates on or after `monitoring_from`.
pub fn monitoring(ix: &Index<'_>) -> bool {
    ix.as_of >= ix.policy.monitoring_from
}

/// Every case whose lead came in on or before the as-of date, with its village; none before
/// `monitoring_from`.
pub fn cases<'r>(ix: &Index<'r>) -> impl Iterator<Item = (&'r VillageRecords, &'r Case)> {
    let (on, as_of) = (monitoring(ix), ix.as_of);
    ix.villages()
        .filter(move |_| on)
        .flat_map(|vr| vr.cases.iter().map(move |c| (vr, c)))
        .filter(move |(_, c)| c.lead_on <= as_of)
}

/// `case C000001 of household H000042 (陈大山)`, `监测对象 C000001（贫困户 H000042 陈大山）`.
pub fn case_label(ix: &Index<'_>, c: &Case) -> Text {
    match ix.households.get(c.household.as_str()) {
        Some(h) => Text {
            en: format!("case {} of household {} ({})", c.id, h.id, h.head),
            zh: format!("监测对象 {}（贫困户 {} {}）", c.id, h.id, h.head),
        },
        None => Text {
            en: format!("case {} of household {}", c.id, c.household),
            zh: format!("监测对象 {}（贫困户 {}）", c.id, c.household),
        },
    }
}

/// The members of each household of a village.
pub fn members_of(vr: &VillageRecords) -> HashMap<&str, Vec<&Member>> {
    let mut out: HashMap<&str, Vec<&Member>> = HashMap::default();
    for m in &vr.members {
        out.entry(m.household.as_str()).or_default().push(m);
    }
    out
}
