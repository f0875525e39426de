//! BF302 allocation-to-official-kin.

use super::prelude::*;

explain! {
    /// ## What it checks
    /// An allocation to a household that is kin of an official of the allocation's village,
    /// where the kinship was not filed by the allocation's date: `filed_on` is absent or
    /// later than the allocation. Kinship filed on the allocation date itself counts as
    /// filed.
    ///
    /// ## Why it matters
    /// Relief must not favour the relatives of village officials (优亲厚友). Relatives may
    /// be poor and entitled, so the policy asks for the tie to be filed (备案) and reviewed
    /// before they receive anything; relief to an unfiled relative escaped that review.
    ///
    /// ## How to fix
    /// Review the allocation. If it was proper, file the kinship with the date it was filed:
    /// `bangfu household relate H --person P --relation R --filed-on DATE`. If not, remove
    /// the allocation and recover the resources.
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        let v = &vr.village;
        if v.officials.is_empty() {
            continue;
        }
        for a in &vr.allocations {
            let Some(h) = a.household.as_deref().and_then(|h| ix.households.get(h)) else {
                continue;
            };
            let unfiled = v.officials.iter().find_map(|o| {
                h.relation_to(&o.person)
                    .filter(|r| r.filed_on.is_none_or(|f| f > a.date))
                    .map(|r| (o, r))
            });
            let Some((official, r)) = unfiled else {
                continue;
            };
            let filing = match r.filed_on {
                None => "never filed".to_string(),
                Some(f) => format!("filed only on {f}"),
            };
            out.flag(
                Some(&v.id),
                &a.id,
                format!(
                    "allocation {} on {} went to {}, kin ({}) of village {} {}, and the kinship was {filing}",
                    a.id,
                    a.date,
                    household_label(h),
                    r.relation.en(),
                    official.role.en().replace('_', " "),
                    person_label(ix, &official.person)
                ),
            );
        }
    }
}
