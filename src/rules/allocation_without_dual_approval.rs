//! BF303 allocation-without-dual-approval.

use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// An allocation whose `approved_by` lacks either a member of a team active in the
        /// village on the allocation's date, or an official of the village; the two signatures
        /// must be by different people. A member of a team recalled on or before the date does
        /// not count: a team is no longer active from its recall date.
        ///
        /// ## Why it matters
        /// The work team and the village committee supervise each other: every relief
        /// allocation is approved by both. One side alone can steer relief to its own circle;
        /// the second signature is what the resident team is there to give.
        ///
        /// ## How to fix
        /// Get the missing approval and record both signers (allocations cannot be updated:
        /// remove the allocation and add it again with `--approved-by P --approved-by Q`).
        /// Check that the team's dispatch and recall dates are right.
    }
    zh "扶贫资源分配未经双签" {
        /// ## 检查什么
        /// 审批人 `approved_by` 中没有分配当日在该村在岗工作队的队员，或没有该村村干部的扶贫资源
        /// 分配；两个签字必须是不同的人。在分配日期当天或之前已召回的工作队的队员不算：工作队从
        /// 召回之日起不再在岗。
        ///
        /// ## 为什么重要
        /// 工作队和村委会互相监督：每一笔扶贫资源分配都要双方审批。只有一方签字，就可能把资源引向
        /// 自己的圈子；第二个签字正是驻村工作队要把的关。
        ///
        /// ## 如何处理
        /// 补齐缺少的审批，并记录双方签字人（分配记录不能修改：先删除该分配，再用
        /// `--approved-by P --approved-by Q` 重新添加）。同时核对工作队的派驻和召回日期是否正确。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        let v = &vr.village;
        for a in &vr.allocations {
            let is_member = |p: &crate::model::Str| served_on(vr, p, a.date);
            let is_official = |p: &crate::model::Str| v.role_of(p).is_some();
            let signers = &a.approved_by;
            let two_people = signers
                .iter()
                .any(|m| is_member(m) && signers.iter().any(|o| o != m && is_official(o)));
            if two_people {
                continue;
            }
            let members = signers.iter().find(|p| is_member(p));
            let officials = signers.iter().find(|p| is_official(p));
            let problem = match (members, officials) {
                (None, None) => Text {
                    en: "lacks the approval of both a work team member and a village official"
                        .to_string(),
                    zh: "既缺少工作队队员的审批，也缺少村干部的审批".to_string(),
                },
                (None, Some(_)) => Text {
                    en: "lacks the approval of a member of a work team active in the village that day"
                        .to_string(),
                    zh: "缺少当日在该村在岗工作队队员的审批".to_string(),
                },
                (Some(_), None) => Text {
                    en: "lacks the approval of a village official".to_string(),
                    zh: "缺少村干部的审批".to_string(),
                },
                (Some(one), Some(_)) => {
                    let one = person_label(ix, one);
                    Text {
                        en: format!(
                            "is approved on both sides by {} alone, and one person cannot sign for both",
                            one.en
                        ),
                        zh: format!("双方审批都只有 {}一人，一个人不能替双方签字", one.zh),
                    }
                }
            };
            out.flag(
                Some(&v.id),
                &a.id,
                Text {
                    en: format!(
                        "allocation {} on {} in village {} {}",
                        a.id, a.date, v.id, problem.en
                    ),
                    zh: format!(
                        "村 {} 于 {} 的扶贫资源分配 {} {}",
                        v.id, a.date, a.id, problem.zh
                    ),
                },
            );
        }
    }
}
