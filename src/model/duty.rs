//! The duty of a team's members after 2020 (section 2b): their months in the village
//! (考勤), their leave (请假) and their annual grade (年度考核). All three are kept in the
//! team's village.

use crate::lang::Text;

use super::field::record;
use super::value::Str;
use super::value::labelled;
use super::{Date, Field, Invalid, Kind, Labelled, check_id};

labelled! {
    /// The annual grade of a team member (年度考核等次), best first.
    Grade {
        Excellent = "excellent" "优秀",
        Competent = "competent" "称职",
        BasicallyCompetent = "basically_competent" "基本称职",
        Incompetent = "incompetent" "不称职",
    }
}

record! {
    /// A team member's month (考勤).
    pub struct Attendance: Kind::Attendance, lives in parent team, validated by validate_attendance {
        pub id: Str => Field::new("编号", Id).required().listed(),
        pub team: Str => Field::new("工作队", Ref(Kind::Team)).required().listed(),
        pub person: Str => Field::new("队员", Ref(Kind::Person)).required().listed(),
        pub month: Str => Field::new("月份", Month).required().listed(),
        pub days_in_village: u8 =>
            Field::new("在村天数", Int { min: 0, max: 31 }).required().listed(),
        #[serde(default)]
        pub leave_days: u8 => Field::new("请假天数", Int { min: 0, max: 31 }).defaulted().listed(),
        #[serde(default)]
        pub unexcused_absences: u8 =>
            Field::new("无故缺勤次数", Int { min: 0, max: 31 }).defaulted().listed(),
    }
}

record! {
    /// A leave of a team member (请假).
    pub struct Leave: Kind::Leave, lives in parent team, validated by validate_leave {
        pub id: Str => Field::new("编号", Id).required().listed(),
        pub team: Str => Field::new("工作队", Ref(Kind::Team)).required().listed(),
        pub person: Str => Field::new("队员", Ref(Kind::Person)).required().listed(),
        pub from: Date => Field::new("开始日期", Date).required().listed(),
        pub to: Date => Field::new("结束日期", Date).required().listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub approved_by: Option<Str> => Field::new("批准人", Ref(Kind::Person)).listed(),
    }
}

record! {
    /// The annual grade of a team member (年度考核).
    pub struct Assessment: Kind::Assessment, lives in parent team, validated by validate_assessment {
        pub id: Str => Field::new("编号", Id).required().listed(),
        pub team: Str => Field::new("工作队", Ref(Kind::Team)).required().listed(),
        pub person: Str => Field::new("队员", Ref(Kind::Person)).required().listed(),
        pub year: i32 => Field::new("年度", Int { min: 1949, max: 2100 }).required().listed(),
        pub grade: Grade => Field::new("等次", Enum(Grade::PAIRS)).required().listed(),
    }
}

/// The first day of month `YYYY-MM` and its number of days.
pub fn month_span(month: &str) -> Option<(Date, u8)> {
    let first: Date = format!("{month}-01").parse().ok()?;
    Some((first, u8::try_from(first.0.days_in_month()).ok()?))
}

impl Attendance {
    /// The month's first and last day.
    pub fn days(&self) -> Option<(Date, Date)> {
        let (first, n) = month_span(&self.month)?;
        Some((first, first.plus_days(i32::from(n) - 1)))
    }
}

impl Leave {
    /// Days of leave, both ends counted.
    pub fn length(&self) -> i32 {
        self.to.0.since(self.from.0).map_or(0, |s| s.get_days()) + 1
    }
}

impl Grade {
    /// The best grade `unexcused` absences in a year allow (BF113).
    pub fn cap(unexcused: u32) -> Grade {
        match unexcused {
            0 => Grade::Excellent,
            1 => Grade::Competent,
            2 => Grade::BasicallyCompetent,
            _ => Grade::Incompetent,
        }
    }
}

fn validate_attendance(a: &Attendance) -> Result<(), Invalid> {
    check_id("id", &a.id)?;
    check_id("team", &a.team)?;
    check_id("person", &a.person)?;
    let Some((_, days)) = month_span(&a.month) else {
        return Err(Invalid::said(
            "month",
            a.month.as_str(),
            Text::new("is not a month; expected YYYY-MM", "不是月份；应为 YYYY-MM"),
        ));
    };
    for (field, n) in [
        ("days_in_village", a.days_in_village),
        ("leave_days", a.leave_days),
        ("unexcused_absences", a.unexcused_absences),
    ] {
        if n > days {
            return Err(Invalid::said(
                field,
                n.to_string(),
                Text {
                    en: format!(
                        "is more than the {days} days of {}; expected 0 to {days}",
                        a.month
                    ),
                    zh: format!("超过 {} 的 {days} 天，应为 0 到 {days}", a.month),
                },
            ));
        }
    }
    Ok(())
}

fn validate_leave(l: &Leave) -> Result<(), Invalid> {
    check_id("id", &l.id)?;
    check_id("team", &l.team)?;
    check_id("person", &l.person)?;
    if l.to < l.from {
        return Err(Invalid::said(
            "to",
            l.to.to_string(),
            Text {
                en: format!(
                    "is before --from {}; expected a date on or after it",
                    l.from
                ),
                zh: format!("早于开始日期 --from {}，应不早于开始日期", l.from),
            },
        ));
    }
    if let Some(p) = &l.approved_by {
        check_id("approved_by", p)?;
    }
    Ok(())
}

fn validate_assessment(a: &Assessment) -> Result<(), Invalid> {
    check_id("id", &a.id)?;
    check_id("team", &a.team)?;
    check_id("person", &a.person)
}
