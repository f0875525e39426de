//! BF507 elimination-with-open-guarantee.

use super::cases::{case_label, cases, members_of};
use super::prelude::*;
use crate::model::guarantee::SchoolAges;
use crate::model::{Schooling, Village};

explain! {
    en {
        /// ## What it checks
        /// A case whose risk was eliminated while the "three guarantees" and safe water did not
        /// hold, as the data stand: the household's housing is graded c or d, its `water_safe`
        /// is false, a member's `medical_insurance` is none, or a member of school age on the
        /// elimination date (`school_age_from` to `school_age_to` on the 31 August that began
        /// that school year) has schooling not_in_school. Only recorded values count: a member
        /// whose schooling or age is unknown is not a finding here.
        ///
        /// ## Why it matters
        /// "The three guarantees hold" (三保障) — compulsory education, basic medical care, safe
        /// housing — with safe drinking water, is a condition of eliminating a risk. A household
        /// closed with a child out of school or a member uninsured was closed with the risk still
        /// there.
        ///
        /// ## How to fix
        /// Close the gap (school enrolment, insurance, housing repair, water), record it on the
        /// member or household, or undo the elimination (`bangfu case update C --clear
        /// eliminated_on`).
    }
    zh "三保障未落实即消除风险" {
        /// ## 检查什么
        /// 风险消除时三保障和饮水安全没有落实（按数据现状）的监测对象：住房安全等级为 C 级或 D 级，饮水
        /// 不安全，有成员未参加基本医疗保险，或有成员在消除日期所在学年（当年 8 月 31 日起算）处于义务教育
        /// 年龄却为非在校生。只计已记录的值：在校情况或年龄不详的成员不算。
        ///
        /// ## 为什么重要
        /// 义务教育、基本医疗、住房安全有保障，饮水安全，是风险消除的条件。孩子失学或成员未参保就消除
        /// 风险，风险其实还在。
        ///
        /// ## 如何处理
        /// 补上短板（入学、参保、危房改造、饮水），在成员或农户上记录；或撤销风险消除
        /// （`bangfu case update C --clear eliminated_on`）。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    let ages = SchoolAges {
        from: i32::try_from(ix.policy.school_age_from).unwrap_or(6),
        to: i32::try_from(ix.policy.school_age_to).unwrap_or(15),
    };
    let mut members: Option<(&Village, _)> = None;
    for (vr, c) in cases(ix) {
        let Some(on) = c.eliminated_by(ix.as_of) else {
            continue;
        };
        let Some(h) = ix.households.get(c.household.as_str()) else {
            continue;
        };
        if members.as_ref().is_none_or(|(v, _)| v.id != vr.village.id) {
            members = Some((&vr.village, members_of(vr)));
        }
        let of_household = members
            .as_ref()
            .and_then(|(_, m)| m.get(h.id.as_str()))
            .map_or(&[][..], Vec::as_slice);
        let mut gaps: Vec<Text> = Vec::new();
        if h.unsafe_housing() {
            gaps.push(Text {
                en: "housing graded c or d".into(),
                zh: "住房为危房".into(),
            });
        }
        if h.unsafe_water() {
            gaps.push(Text {
                en: "unsafe water".into(),
                zh: "饮水不安全".into(),
            });
        }
        for m in of_household {
            if m.uninsured() {
                gaps.push(Text {
                    en: format!("{} without medical insurance", m.name),
                    zh: format!("{}未参加基本医疗保险", m.name),
                });
            }
            if m.schooling == Some(Schooling::NotInSchool)
                && m.of_school_age(on, ages) == Some(true)
            {
                gaps.push(Text {
                    en: format!("{} of school age not in school", m.name),
                    zh: format!("{}处于义务教育年龄却未在校", m.name),
                });
            }
        }
        if gaps.is_empty() {
            continue;
        }
        let en: Vec<String> = gaps.iter().map(|g| g.en.clone()).collect();
        let zh: Vec<String> = gaps.iter().map(|g| g.zh.clone()).collect();
        let Text { en: who, zh: who_zh } = case_label(ix, c);
        out.flag(
            Some(&vr.village.id),
            &c.id,
            Text {
                en: format!(
                    "{who} was eliminated on {on} while the guarantees did not hold: {}",
                    en.join(", ")
                ),
                zh: format!("{who_zh}于 {on} 风险消除，但三保障未落实：{}", zh.join("；")),
            },
        );
    }
}
