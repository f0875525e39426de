//! A resident work team (驻村工作队).

use super::field::record;
use super::{Date, Field, Invalid, Kind, check_id};

record! {
    /// A resident work team (驻村工作队) stationed in a village.
    pub struct Team: Kind::Team, lives in village, validated by validate {
        pub id: String => Field::new("编号", Id).required().listed(),
        pub village: String => Field::new("村", Ref(Kind::Village)).required().listed(),
        pub unit: String => Field::new("派出单位", Text).required().listed(),
        pub leader: String => Field::new("第一书记", Ref(Kind::Person)).required().listed(),
        #[serde(default)]
        pub members: Vec<String> =>
            Field::new("队员", Refs(Kind::Person)).flag("member").required().listed(),
        pub dispatched_on: Date => Field::new("派驻日期", Date).required().listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub term_end: Option<Date> => Field::new("任期届满", Date).listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub recalled_on: Option<Date> => Field::new("召回日期", Date).listed(),
    }
}

impl Team {
    /// Active on `d`: dispatched on or before it, within its term, and not yet recalled.
    pub fn active_on(&self, d: Date) -> bool {
        self.dispatched_on <= d
            && self.term_end.is_none_or(|end| d <= end)
            && self.recalled_on.is_none_or(|r| d < r)
    }

    pub fn has_member(&self, person: &str) -> bool {
        self.members.iter().any(|m| m == person)
    }
}

fn validate(t: &Team) -> Result<(), Invalid> {
    check_id("id", &t.id)?;
    check_id("village", &t.village)?;
    if t.unit.trim().is_empty() {
        return Err(Invalid::new(
            "unit",
            &t.unit,
            "is empty; the dispatching unit (派出单位) is required",
        ));
    }
    for (i, m) in t.members.iter().enumerate() {
        check_id("members", m)?;
        if t.members[..i].contains(m) {
            return Err(Invalid::new(
                "members",
                m,
                "is listed twice; expected no repeats",
            ));
        }
    }
    if !t.has_member(&t.leader) {
        return Err(Invalid::new(
            "leader",
            &t.leader,
            "is not among the members; the first secretary must be a member of the team",
        ));
    }
    for (field, d) in [("term_end", t.term_end), ("recalled_on", t.recalled_on)] {
        if let Some(d) = d.filter(|d| *d < t.dispatched_on) {
            return Err(Invalid::new(
                field,
                d.to_string(),
                format!(
                    "is before the dispatch date {}; expected a date on or after it",
                    t.dispatched_on
                ),
            ));
        }
    }
    Ok(())
}
