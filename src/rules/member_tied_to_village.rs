//! BF107 member-tied-to-village.

use std::collections::BTreeMap;

use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// A member of a team active on the date checked whose home village is the village the
        /// team is stationed in, or who is kin of one of that village's households (a relation
        /// recorded with `bangfu household relate`). One finding per person, naming every tie.
        ///
        /// ## Why it matters
        /// Team members are sent from outside so that they have no direct interest in the
        /// village they help: a member from the village, or related to its households, is
        /// exposed to favouring relatives (优亲厚友) when households are identified, helped and
        /// declared out of poverty.
        ///
        /// ## How to fix
        /// Move the member to a team in another village, or replace them. Where a tie is known
        /// and accepted by the county, file it (`bangfu household relate H --person P
        /// --relation R --filed-on DATE`) and switch the rule to a lower severity for your
        /// locality with `bangfu policy set rules.BF107 info`.
    }
    zh "队员与所驻村有利害关系" {
        /// ## 检查什么
        /// 在检查日期在岗工作队的队员，其户籍村就是工作队所驻的村，或与该村某户贫困户有亲属
        /// 关系（用 `bangfu household relate` 记录的关系）。每人一条问题，列出每一处关系。
        ///
        /// ## 为什么重要
        /// 队员从外面选派，就是为了与所帮扶的村没有直接利害关系：本村出身或与村里贫困户沾亲
        /// 带故的队员，在识别、帮扶和退出贫困户时容易优亲厚友。
        ///
        /// ## 如何处理
        /// 把该队员调到其他村的工作队，或另派他人。县里已掌握并认可的关系，请备案
        /// （`bangfu household relate H --person P --relation R --filed-on DATE`），并用
        /// `bangfu policy set rules.BF107 info` 为当地降低本规则的严重程度。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    // person → the villages and ties found, so that a person gets one finding.
    let mut by_person: BTreeMap<&str, (Vec<&str>, Vec<Text>)> = BTreeMap::new();
    for vr in ix.villages() {
        let v = vr.village.id.as_str();
        let active = ix.active_in(v);
        if active.is_empty() {
            continue;
        }
        // The ties of each active member, in team order; a village has a handful of them.
        let mut ties: Vec<(&str, &str, Vec<Text>)> = active
            .iter()
            .flat_map(|t| {
                let serving = t.people().into_iter();
                let serving = serving.filter(|p| t.serves_on(p, ix.as_of));
                serving.map(|p| (t.id.as_str(), p, Vec::new()))
            })
            .collect();
        for (_, m, found) in &mut ties {
            if ix.people.get(*m).and_then(|p| p.home_village.as_deref()) == Some(v) {
                found.push(Text {
                    en: format!("has village {v} as home village"),
                    zh: format!("户籍在村 {v}"),
                });
            }
        }
        for h in &vr.households {
            for r in &h.relations {
                for (_, m, found) in &mut ties {
                    if *m == r.person && found.len() < 4 {
                        let label = household_label(h);
                        found.push(Text {
                            en: format!(
                                "is kin ({}) of {} in village {v}",
                                r.relation.en(),
                                label.en
                            ),
                            zh: format!("是村 {v} {}的亲属（{}）", label.zh, r.relation.zh()),
                        });
                    }
                }
            }
        }
        for (team, m, found) in ties {
            if !found.is_empty() {
                let entry = by_person.entry(m).or_default();
                entry.0.push(v);
                let en: Vec<&str> = found.iter().map(|t| t.en.as_str()).collect();
                let zh: Vec<&str> = found.iter().map(|t| t.zh.as_str()).collect();
                entry.1.push(Text {
                    en: format!("serves on team {team} and {}", en.join(" and ")),
                    zh: format!("在工作队 {team} 任职，且{}", zh.join("，且")),
                });
            }
        }
    }
    for (person, (villages, ties)) in by_person {
        let label = person_label(ix, person);
        let en: Vec<&str> = ties.iter().map(|t| t.en.as_str()).collect();
        let zh: Vec<&str> = ties.iter().map(|t| t.zh.as_str()).collect();
        out.flag_across(
            "person",
            &villages,
            person,
            Text {
                en: format!("person {} {}", label.en, en.join("; ")),
                zh: format!("人员 {}{}", label.zh, zh.join("；")),
            },
        );
    }
}
