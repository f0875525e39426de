//! BF113 grade-above-absences.

use super::prelude::*;
use crate::model::Grade;
use crate::policy::Month;

explain! {
    en {
        /// ## What it checks
        /// An annual grade higher than the person's unexcused absences on that team in that
        /// year allow, summed over the year's attendance records (months from
        /// `attendance_from` on): 1 absence → not excellent; 2 → basically_competent at best;
        /// 3 or more → incompetent.
        ///
        /// ## Why it matters
        /// Rules on managing first secretaries and work teams tie the annual grade to
        /// discipline: absences found by spot checks (抽查) without leave cap the grade.
        ///
        /// ## How to fix
        /// Correct the grade (`bangfu assessment update E --grade G`), or the attendance
        /// records if the absences were wrongly recorded.
    }
    zh "考核等次高于缺勤所允许" {
        /// ## 检查什么
        /// 年度考核等次高于该人当年在该工作队的无故缺勤次数所允许的等次（按当年考勤记录合计，
        /// 只计 `attendance_from` 以后的月份）：1 次不得评为优秀；2 次最高基本称职；3 次及以上
        /// 为不称职。
        ///
        /// ## 为什么重要
        /// 驻村第一书记和工作队管理办法把年度考核与纪律挂钩：抽查发现的无故缺勤限制考核等次。
        ///
        /// ## 如何处理
        /// 更正考核等次（`bangfu assessment update E --grade G`），或更正记错的考勤记录。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        if vr.assessments.is_empty() {
            continue;
        }
        let mut absences: HashMap<(&str, &str, i16), u32> = HashMap::default();
        for a in &vr.attendance {
            let Some(m) = Month::parse(&a.month) else {
                continue;
            };
            if m >= ix.policy.attendance_from {
                *absences.entry((&a.team, &a.person, m.year)).or_default() +=
                    u32::from(a.unexcused_absences);
            }
        }
        for e in &vr.assessments {
            let Ok(year) = i16::try_from(e.year) else {
                continue;
            };
            let n = absences
                .get(&(e.team.as_str(), e.person.as_str(), year))
                .copied()
                .unwrap_or(0);
            let cap = Grade::cap(n);
            if e.grade < cap {
                let who = person_label(ix, &e.person);
                out.flag(
                    Some(&vr.village.id),
                    &e.id,
                    Text {
                        en: format!(
                            "{} of team {} is graded {} for {} with {}, which allow {} at best",
                            who.en,
                            e.team,
                            e.grade.en(),
                            e.year,
                            count(n as usize, "unexcused absence", "unexcused absences"),
                            cap.en()
                        ),
                        zh: format!(
                            "工作队 {} 的 {} {} 年度考核为{}，但当年无故缺勤 {n} 次，最高只能评为{}",
                            e.team,
                            who.zh,
                            e.year,
                            e.grade.zh(),
                            cap.zh()
                        ),
                    },
                );
            }
        }
    }
}
