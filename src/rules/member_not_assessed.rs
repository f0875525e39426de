//! BF115 member-not-assessed.

use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// A person who served on a team on 31 December of a due year with no assessment for
        /// that team and year. One finding per person and team, in the team's village, naming
        /// the years. A year is due when it is not before the year of `attendance_from` and its
        /// 31 December is before the date checked.
        ///
        /// ## Why it matters
        /// Every first secretary and team member is graded each year (年度考核); the grade
        /// decides rewards, promotion and recall, and a missing one cannot.
        ///
        /// ## How to fix
        /// Record the grade: `bangfu assessment add --team T --person P --year YYYY --grade G`.
    }
    zh "队员未年度考核" {
        /// ## 检查什么
        /// 某人在到期年度的 12 月 31 日在某工作队服务，却没有该工作队该年度的考核记录。每人
        /// 每支工作队一条问题，归属工作队所在的村，列出缺考核的年度。年度不早于
        /// `attendance_from` 所在年份且其 12 月 31 日早于检查日期，即为到期年度。
        ///
        /// ## 为什么重要
        /// 第一书记和工作队员每年都要年度考核，考核结果关系奖惩、提拔和召回，缺了就无从决定。
        ///
        /// ## 如何处理
        /// 录入考核：`bangfu assessment add --team T --person P --year YYYY --grade G`。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        let mut assessed: HashSet<(&str, &str, i32)> = HashSet::default();
        for e in &vr.assessments {
            assessed.insert((&e.team, &e.person, e.year));
        }
        for t in &vr.teams {
            if t.dispatched_on >= ix.as_of {
                continue;
            }
            let years: Vec<i16> = ix.due_years(t.dispatched_on).collect();
            for person in t.people() {
                let missing: Vec<i16> = years
                    .iter()
                    .filter(|y| {
                        jiff::civil::Date::new(**y, 12, 31)
                            .is_ok_and(|d| t.serves_on(person, Date(d)))
                    })
                    .filter(|y| !assessed.contains(&(t.id.as_str(), person, i32::from(**y))))
                    .copied()
                    .collect();
                if missing.is_empty() {
                    continue;
                }
                let who = person_label(ix, person);
                let years = name_runs(&missing, |a, b| b == a + 1);
                out.flag(
                    Some(&vr.village.id),
                    person,
                    Text {
                        en: format!(
                            "{} of team {} has no assessment for {}",
                            who.en, t.id, years.en
                        ),
                        zh: format!("工作队 {} 的 {} 缺少 {} 年度的考核", t.id, who.zh, years.zh),
                    },
                );
            }
        }
    }
}
