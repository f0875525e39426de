//! `export attendance --month YYYY-MM`: the month's sheet for the organisation department,
//! one row per person serving on a team active on any day of the month, with the month's
//! record where there is one and empty numbers where there is none.

use crate::error::Result;
use crate::model::{Attendance, Team, month_span};
use crate::store::Store;

use super::{Cell, Headers, Sink};
use crate::lang::Lang;

/// The sheet's columns: (English, Chinese).
pub const COLUMNS: &[(&str, &str)] = &[
    ("team", "工作队"),
    ("village", "村"),
    ("person", "队员"),
    ("name", "姓名"),
    ("month", "月份"),
    ("days_in_village", "在村天数"),
    ("leave_days", "请假天数"),
    ("unexcused_absences", "无故缺勤次数"),
    ("recorded", "已记录"),
];

/// Writes the sheet of `month` (`YYYY-MM`, already checked) for the villages given.
pub fn write(
    store: &Store,
    month: &str,
    villages: &[String],
    headers: Headers,
    sink: &mut dyn Sink,
) -> Result<()> {
    let names = headers.row(COLUMNS);
    sink.header(&names)?;
    let Some((first, days)) = month_span(month) else {
        return Ok(());
    };
    let last = first.plus_days(i32::from(days) - 1);
    let people = store.people()?;
    let name = |id: &str| {
        people
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .map_or_else(String::new, |i| people[i].name.to_string())
    };
    for v in villages {
        let teams = store.records::<Team>(v)?;
        let attendance = store.records::<Attendance>(v)?;
        for t in &teams {
            let mut persons: Vec<&str> = t.members.iter().map(crate::model::Str::as_str).collect();
            for term in &t.member_terms {
                if !persons.contains(&term.person.as_str()) {
                    persons.push(&term.person);
                }
            }
            persons.sort_unstable();
            for p in persons {
                if !t.serves_during(p, first, last) {
                    continue;
                }
                let record = attendance
                    .iter()
                    .find(|a| a.team == t.id && a.person == p && a.month == month);
                let int = |n: u8| Cell::Int(i64::from(n));
                let (days, leave, absent) = match record {
                    Some(a) => (
                        int(a.days_in_village),
                        int(a.leave_days),
                        int(a.unexcused_absences),
                    ),
                    None => (Cell::Empty, Cell::Empty, Cell::Empty),
                };
                let recorded = match (record.is_some(), headers.values == Lang::Zh) {
                    (true, true) => "是",
                    (false, true) => "否",
                    (true, false) => "true",
                    (false, false) => "false",
                };
                sink.row(&[
                    Cell::text(t.id.as_str()),
                    Cell::text(t.village.as_str()),
                    Cell::text(p),
                    Cell::text(name(p)),
                    Cell::text(month),
                    days,
                    leave,
                    absent,
                    Cell::text(recorded),
                ])?;
            }
        }
    }
    Ok(())
}
