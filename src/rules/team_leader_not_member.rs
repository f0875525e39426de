//! BF104 team-leader-not-member.

use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// A team whose leader is not among its members. `bangfu team add` refuses such a
        /// team, so this finds teams edited by hand in the store files.
        ///
        /// ## Why it matters
        /// The team leader is the village's first secretary (第一书记) and is one of the team
        /// stationed there. A leader outside the team is not stationed in the village, and
        /// counts and coverage reports built from the members would miss them.
        ///
        /// ## How to fix
        /// List the leader among the members (`bangfu team update T --member LEADER --member
        /// ...`), or make one of the members the leader (`bangfu team update T --leader P`).
    }
    zh "第一书记不是队员" {
        /// ## 检查什么
        /// 队长（第一书记）不在队员名单中的工作队。`bangfu team add` 不接受这样的工作队，
        /// 所以这里找到的是在存储文件中手工改过的工作队。
        ///
        /// ## 为什么重要
        /// 队长就是村里的第一书记，是派驻该村的工作队成员之一。不在队里的队长并没有驻村，
        /// 按队员统计的人数和覆盖率报表也会漏掉他。
        ///
        /// ## 如何处理
        /// 把队长列入队员（`bangfu team update T --member LEADER --member ...`），或指定一名
        /// 队员为队长（`bangfu team update T --leader P`）。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        for t in &vr.teams {
            if !t.has_member(&t.leader) {
                let leader = person_label(ix, &t.leader);
                out.flag(
                    Some(&vr.village.id),
                    &t.id,
                    Text {
                        en: format!(
                            "team {}'s leader {} is not among its members",
                            t.id, leader.en
                        ),
                        zh: format!("工作队 {} 的第一书记 {}不在队员名单中", t.id, leader.zh),
                    },
                );
            }
        }
    }
}
