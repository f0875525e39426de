//! BF302 allocation-to-official-kin.

use super::prelude::*;

explain! {
    en {
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
    zh "扶贫资源分给村干部亲属" {
        /// ## 检查什么
        /// 分给与该村某位村干部有亲属关系的贫困户、且该亲属关系在分配日期前没有备案（备案日期
        /// `filed_on` 缺失或晚于分配日期）的扶贫资源。分配当天备案的算已备案。
        ///
        /// ## 为什么重要
        /// 扶贫资源不得优亲厚友，偏向村干部的亲属。亲属也可能确实贫困、应当享受，所以政策要求先把
        /// 这层关系备案、经过审查再分配；分给未备案亲属的资源绕过了这道审查。
        ///
        /// ## 如何处理
        /// 复核该分配。分配得当的，按实际备案日期记录亲属关系：
        /// `bangfu household relate H --person P --relation R --filed-on DATE`。不当的，删除该分配并
        /// 追回资源。
    }
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
                None => Text {
                    en: "never filed".to_string(),
                    zh: "从未备案".to_string(),
                },
                Some(f) => Text {
                    en: format!("filed only on {f}"),
                    zh: format!("直到 {f} 才备案"),
                },
            };
            let (label, person) = (household_label(h), person_label(ix, &official.person));
            out.flag(
                Some(&v.id),
                &a.id,
                Text {
                    en: format!(
                        "allocation {} on {} went to {}, kin ({}) of village {} {}, and the kinship was {}",
                        a.id,
                        a.date,
                        label.en,
                        r.relation.en(),
                        official.role.en().replace('_', " "),
                        person.en,
                        filing.en
                    ),
                    zh: format!(
                        "扶贫资源分配 {}（{}）给了{}，该户是本村{} {}的亲属（{}），且这层关系{}",
                        a.id,
                        a.date,
                        label.zh,
                        official.role.zh(),
                        person.zh,
                        r.relation.zh(),
                        filing.zh
                    ),
                },
            );
        }
    }
}
