//! BF103 team-below-minimum-size.

use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// A team active on the date checked with fewer members serving on it than the
        /// policy setting `min_team_members` (default 3): a member who left the team before
        /// that date is not counted, nor one who joined after it. A team of exactly that many is fine, and so is a
        /// first secretary sent alone (one member, the leader) to a village whose `types` hold
        /// none of `team_required_types`.
        ///
        /// ## Why it matters
        /// The 2017 guideline on resident work teams says a team generally has no fewer than
        /// three members (每个驻村工作队一般不少于3人): one cadre alone cannot cover the
        /// households of a village, and members check each other's work.
        ///
        /// ## How to fix
        /// Add members: `bangfu team update T --member P1 --member P2 --member P3` (the list
        /// replaces the old one, so give every member). If your locality allows smaller teams,
        /// `bangfu policy set min_team_members 2`.
    }
    zh "工作队人数不足" {
        /// ## 检查什么
        /// 在检查日期在岗、当天在任队员人数少于政策设置 `min_team_members`（默认 3 人）的工作队：
        /// 此前已离队的队员不计，此后才加入的也不计。
        /// 人数正好等于该设置的不算问题；向村类型不含 `team_required_types` 的村只派第一书记
        /// 一人（唯一队员即队长）的，也不算问题。
        ///
        /// ## 为什么重要
        /// 2017 年关于驻村工作队的意见规定，每个驻村工作队一般不少于 3 人：一名干部顾不过来
        /// 全村的贫困户，队员之间也要互相监督。
        ///
        /// ## 如何处理
        /// 增加队员：`bangfu team update T --member P1 --member P2 --member P3`（新名单会替换
        /// 旧名单，请列出全部队员）。如果当地允许更小的工作队，运行
        /// `bangfu policy set min_team_members 2`。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    let min = ix.policy.min_team_members as usize;
    for vr in ix.villages() {
        for t in ix.active_in(&vr.village.id) {
            // Those serving on the date checked: a member who left before it is not counted,
            // one who joins after it not yet.
            let serving = t.serving_on(ix.as_of);
            // A first secretary sent alone is enough where no type requires a team.
            let alone = serving == [t.leader.as_str()];
            let required = vr
                .village
                .types
                .iter()
                .any(|ty| ix.policy.team_required(ty.en()));
            if serving.len() < min && (required || !alone) {
                out.flag(
                    Some(&vr.village.id),
                    &t.id,
                    Text {
                        en: format!(
                            "team {} in village {} has {}, fewer than the {min} policy requires",
                            t.id,
                            vr.village.id,
                            count(serving.len(), "member", "members")
                        ),
                        zh: format!(
                            "村 {} 的工作队 {} 只有 {} 名队员，少于政策要求的 {min} 名",
                            vr.village.id,
                            t.id,
                            serving.len()
                        ),
                    },
                );
            }
        }
    }
}
