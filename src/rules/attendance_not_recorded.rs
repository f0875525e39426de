//! BF111 attendance-not-recorded.

use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// A person with no attendance record for one or more due months in which they served
        /// on the team every day. One finding per person and team, in the team's village,
        /// naming the months. A month is due when it is not before `attendance_from` and ended
        /// before the date checked.
        ///
        /// ## Why it matters
        /// The organisation department judges a member's duty month by month; a month without
        /// a record cannot be judged, and gaps hide absences.
        ///
        /// ## How to fix
        /// Record the month: `bangfu attendance add --team T --person P --month YYYY-MM
        /// --days N`, or fill the month's sheet (`bangfu export attendance --month YYYY-MM`)
        /// and import it.
    }
    zh "考勤未记录" {
        /// ## 检查什么
        /// 某人在整月都在队服务的到期月份中，有一个或多个月没有考勤记录。每人每支工作队一条
        /// 问题，归属工作队所在的村，列出缺记录的月份。月份不早于 `attendance_from` 且在检查
        /// 日期前已结束，即为到期月份。
        ///
        /// ## 为什么重要
        /// 组织部门按月考核队员在岗情况；没有记录的月份无法考核，缺口也会掩盖缺勤。
        ///
        /// ## 如何处理
        /// 补录该月：`bangfu attendance add --team T --person P --month YYYY-MM --days N`，或填写
        /// 当月考勤表（`bangfu export attendance --month YYYY-MM`）后导入。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        let mut recorded: HashSet<(&str, &str, &str)> = HashSet::default();
        for a in &vr.attendance {
            recorded.insert((&a.team, &a.person, &a.month));
        }
        for t in &vr.teams {
            if t.dispatched_on >= ix.as_of {
                continue;
            }
            let months: Vec<_> = ix.due_months(t.dispatched_on).collect();
            for person in t.people() {
                let missing: Vec<_> = months
                    .iter()
                    .filter(|m| t.serves_throughout(person, m.first_day(), last_day(**m)))
                    .filter(|m| {
                        !recorded.contains(&(t.id.as_str(), person, m.to_string().as_str()))
                    })
                    .copied()
                    .collect();
                if missing.is_empty() {
                    continue;
                }
                let who = person_label(ix, person);
                let months = name_runs(&missing, |a, b| {
                    i32::from(b.year) * 12 + i32::from(b.month)
                        == i32::from(a.year) * 12 + i32::from(a.month) + 1
                });
                out.flag(
                    Some(&vr.village.id),
                    person,
                    Text {
                        en: format!(
                            "{} of team {} has no attendance record for {}: {}",
                            who.en,
                            t.id,
                            count(missing.len(), "month", "months"),
                            months.en
                        ),
                        zh: format!(
                            "工作队 {} 的 {} 有 {} 个月没有考勤记录：{}",
                            t.id,
                            who.zh,
                            missing.len(),
                            months.zh
                        ),
                    },
                );
            }
        }
    }
}
