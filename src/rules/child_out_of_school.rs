//! BF211 child-out-of-school.

use super::prelude::*;
use crate::model::guarantee::school_year_start;

explain! {
    en {
        /// ## What it checks
        /// A member of school age whose schooling is `not_in_school`, or not recorded at all, in
        /// a household whose status is poor, returned or exited, or that has an open monitoring
        /// case. School age is an age from policy `school_age_from` to `school_age_to` (default
        /// 6 to 15) on the 31 August that begins the school year of the as-of date (the latest
        /// 31 August on or before it), as children enrol in September. Age comes from `born_on`,
        /// else from the ID number; a member whose age is unknown is not checked.
        ///
        /// ## Why it matters
        /// Compulsory education secured (义务教育有保障) is the first of the three guarantees
        /// (两不愁三保障) by which the 2016–2020 campaign judged an exit, and the 2021 effective
        /// linkage opinions keep it: no child of a registered or lifted household may drop out
        /// of compulsory education (控辍保学, Compulsory Education Law art. 5 and 11). A child
        /// whose schooling is not recorded cannot be shown to be in school.
        ///
        /// ## How to fix
        /// Record where the child is at school: `bangfu member update M --schooling primary`
        /// (or junior, ...). If the child has dropped out, record why (`--dropout-reason`) and
        /// arrange the return to school with the township school; the finding stays until the
        /// child is back. A wrong birth date is corrected with `--born-on`.
    }
    zh "适龄儿童失学辍学" {
        /// ## 检查什么
        /// 状态为未脱贫、返贫或已脱贫，或有未关闭监测对象记录的户中，处于义务教育年龄、但在校生状况为
        /// 非在校生或没有登记的成员。义务教育年龄指在检查日期所在学年开始的 8 月 31 日（检查日期当天或
        /// 之前最近的 8 月 31 日）年满政策 `school_age_from` 至 `school_age_to` 周岁（默认 6 至 15 周岁），
        /// 因为儿童 9 月入学。年龄按出生日期计算，没有出生日期的按身份证号；年龄不明的成员不检查。
        ///
        /// ## 为什么重要
        /// 义务教育有保障是两不愁三保障的第一项保障，是脱贫攻坚期认定脱贫的标准，2021 年有效衔接的意见
        /// 继续保持：建档立卡户和脱贫户的适龄儿童不得失学辍学（控辍保学，《义务教育法》第五条、第十一条）。
        /// 没有登记在校情况的儿童，无法证明其在校。
        ///
        /// ## 如何处理
        /// 登记该儿童的就读情况：`bangfu member update M --schooling primary`（或初中等）。已辍学的，
        /// 登记原因（`--dropout-reason`），会同乡镇学校劝返复学；复学前问题一直存在。出生日期有误的，
        /// 用 `--born-on` 更正。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    let ages = ix.policy.school_ages();
    let start = school_year_start(ix.as_of);
    for vr in ix.villages() {
        for m in &vr.members {
            // The member first: three and a half million of them, and the household is a
            // look-up in a map of a million.
            if !m.out_of_school(ix.as_of, ages) {
                continue;
            }
            let Some(h) = ix.households.get(m.household.as_str()) else {
                continue;
            };
            if !ix.guaranteed(h) {
                continue;
            }
            let age = m.age_on(start).unwrap_or_default();
            let label = member_label(m, h);
            let (what_en, what_zh) = match m.schooling {
                Some(_) => ("is not in school", "为非在校生"),
                None => ("has no schooling recorded", "没有登记在校生状况"),
            };
            out.flag(
                Some(&vr.village.id),
                &m.id,
                Text {
                    en: format!(
                        "{}, aged {age} on {start} (school age {} to {}), {what_en}",
                        label.en, ages.from, ages.to
                    ),
                    zh: format!(
                        "{}于 {start} 年满 {age} 周岁（义务教育年龄 {} 至 {} 周岁），{what_zh}",
                        label.zh, ages.from, ages.to
                    ),
                },
            );
        }
    }
}
