//! BF216 minor-with-labour.

use super::prelude::*;
use crate::model::Labour;

/// The age below which a person may not be employed (劳动法 art. 15).
const WORKING_AGE: i32 = 16;

explain! {
    en {
        /// ## What it checks
        /// A member under 16 on the as-of date whose `labour` is recorded as anything other than
        /// `none` (无劳动力), in any household. Age comes from `born_on`, else from the ID
        /// number; a member whose age or labour is unknown is not checked. A member who turns 16
        /// on the as-of date is 16.
        ///
        /// ## Why it matters
        /// Employing a child under 16 is forbidden (Labour Law art. 15, the rules prohibiting
        /// child labour). A child counted as a labourer also inflates the household's labour
        /// force, on which employment measures and the judgement that a household can sustain
        /// itself (BF508's "no labour") rest; usually it is a data-entry error.
        ///
        /// ## How to fix
        /// Correct the labour of the child (`bangfu member update M --labour none`), or the birth
        /// date if that is what is wrong (`--born-on`). A child actually working is a matter for
        /// the township and the school.
    }
    zh "未成年人登记为劳动力" {
        /// ## 检查什么
        /// 在检查日期未满 16 周岁、劳动技能却登记为无劳动力以外的成员，不论哪一户。年龄按出生日期计算，
        /// 没有出生日期的按身份证号；年龄或劳动技能不明的成员不检查。在检查日期当天满 16 周岁的算 16 周岁。
        ///
        /// ## 为什么重要
        /// 禁止招用未满 16 周岁的未成年人（《劳动法》第十五条、《禁止使用童工规定》）。把儿童算作劳动力，
        /// 还会虚增该户的劳动力，而就业帮扶措施和该户能否稳定增收的判断都以此为依据；这通常是录入错误。
        ///
        /// ## 如何处理
        /// 更正该儿童的劳动技能（`bangfu member update M --labour none`），出生日期有误的更正出生日期
        /// （`--born-on`）。确有儿童务工的，交由乡镇和学校处理。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        for m in &vr.members {
            let Some(labour) = m.labour.filter(|l| *l != Labour::None) else {
                continue;
            };
            let Some(age) = m.age_on(ix.as_of).filter(|a| *a < WORKING_AGE) else {
                continue;
            };
            let Some(h) = ix.households.get(m.household.as_str()) else {
                continue;
            };
            let label = member_label(m, h);
            out.flag(
                Some(&vr.village.id),
                &m.id,
                Text {
                    en: format!(
                        "{} is {age} on {} and recorded as labour {}",
                        label.en,
                        ix.as_of,
                        labour.en()
                    ),
                    zh: format!(
                        "{}在 {} 年仅 {age} 周岁，劳动技能却登记为{}",
                        label.zh,
                        ix.as_of,
                        labour.zh()
                    ),
                },
            );
        }
    }
}
