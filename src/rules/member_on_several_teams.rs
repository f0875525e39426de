//! BF106 member-on-several-teams.

use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// A person who is a member of two or more teams active on the date checked. One
        /// finding per person; its village is none when the teams are in different villages.
        ///
        /// ## Why it matters
        /// A cadre serves on one team at a time: residence means living in the village, and a
        /// name on two teams is a cadre who is really in neither (挂名), inflating both teams'
        /// strength on paper.
        ///
        /// ## How to fix
        /// Remove the person from the team they have left (`bangfu team update T --member ...`
        /// with the remaining members), or recall that team if it has ended
        /// (`bangfu team recall T --on DATE`).
    }
    zh "一人同时在多支工作队" {
        /// ## 检查什么
        /// 在检查日期同时是两支或更多在岗工作队队员的人。每人一条问题；工作队在不同村时，
        /// 问题不归属任何一个村。
        ///
        /// ## 为什么重要
        /// 一名干部同一时间只在一支工作队：驻村就是住在村里，名字挂在两支队上的干部实际上
        /// 哪里都不在（挂名），两支队的力量都只是纸面上的。
        ///
        /// ## 如何处理
        /// 把此人从已离开的工作队中去掉（`bangfu team update T --member ...` 列出留下的队员），
        /// 或在该工作队已结束时将其召回（`bangfu team recall T --on DATE`）。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for (&person, teams) in &ix.memberships {
        if teams.len() < 2 {
            continue;
        }
        let villages: Vec<&str> = teams.iter().map(|t| t.village.as_str()).collect();
        let shown_en: Vec<String> = teams
            .iter()
            .map(|t| format!("{} (village {})", t.id, t.village))
            .collect();
        let shown_zh: Vec<String> = teams
            .iter()
            .map(|t| format!("{}（村 {}）", t.id, t.village))
            .collect();
        let label = person_label(ix, person);
        out.flag_across(
            "person",
            &villages,
            person,
            Text {
                en: format!(
                    "person {} is a member of {} teams active on {}: {}",
                    label.en,
                    teams.len(),
                    ix.as_of,
                    list_some(&shown_en, 5).en
                ),
                zh: format!(
                    "人员 {}在 {} 同时是 {} 支在岗工作队的队员：{}",
                    label.zh,
                    ix.as_of,
                    teams.len(),
                    list_some(&shown_zh, 5).zh
                ),
            },
        );
    }
}
