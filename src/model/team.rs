//! A resident work team (驻村工作队).

use serde::{Deserialize, Serialize};

use super::field::record;
use super::value::Str;
use super::{Date, Field, FieldValue, Invalid, Kind, check_id};
use crate::lang::Text;

/// The period a member served on a team, when not the team's whole period: joined after
/// the dispatch (`from`) or left before the team's end (`to`, the first day no longer served).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberTerm {
    pub person: Str,
    pub from: Date,
    #[serde(default)]
    pub to: Option<Date>,
}

/// As derived, but `to` is left out of JSON when empty and always written in a binary
/// snapshot, which reads fields by position.
impl Serialize for MemberTerm {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let skip = s.is_human_readable() && self.to.is_none();
        let mut st = s.serialize_struct("MemberTerm", if skip { 2 } else { 3 })?;
        st.serialize_field("person", &self.person)?;
        st.serialize_field("from", &self.from)?;
        if skip {
            st.skip_field("to")?;
        } else {
            st.serialize_field("to", &self.to)?;
        }
        st.end()
    }
}

impl FieldValue for MemberTerm {
    fn refs(&self) -> Vec<&str> {
        vec![self.person.as_str()]
    }
}

record! {
    /// A resident work team (驻村工作队) stationed in a village.
    pub struct Team: Kind::Team, lives in village, validated by validate {
        pub id: Str => Field::new("编号", Id).required().listed(),
        pub village: Str => Field::new("村", Ref(Kind::Village)).required().listed(),
        pub unit: Str => Field::new("派出单位", Text).required().listed(),
        pub leader: Str => Field::new("第一书记", Ref(Kind::Person)).required().listed(),
        #[serde(default)]
        pub members: Vec<Str> =>
            Field::new("队员", Refs(Kind::Person)).flag("member").required().listed(),
        pub dispatched_on: Date => Field::new("派驻日期", Date).required().listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub term_end: Option<Date> => Field::new("任期届满", Date).listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub recalled_on: Option<Date> => Field::new("召回日期", Date).listed(),
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub member_terms: Vec<MemberTerm> => Field::new("队员任职期", Terms).flag("member_term"),
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

    /// The day the team leaves: `recalled_on`, else the day after `term_end`.
    pub fn leaves_on(&self) -> Option<Date> {
        self.recalled_on
            .or_else(|| self.term_end.map(|d| d.plus_days(1)))
    }

    /// Whether `person` is a member now or served on the team under a term.
    pub fn is_or_was_member(&self, person: &str) -> bool {
        self.has_member(person) || self.member_terms.iter().any(|t| t.person == person)
    }

    /// Whether `person` serves on the team on `d`: the team is active, and `d` is within one
    /// of the person's terms, or the person is a member without a term.
    pub fn serves_on(&self, person: &str, d: Date) -> bool {
        if !self.active_on(d) {
            return false;
        }
        let mut terms = self
            .member_terms
            .iter()
            .filter(|t| t.person == person)
            .peekable();
        if terms.peek().is_none() {
            return self.has_member(person);
        }
        terms.any(|t| t.from <= d && t.to.is_none_or(|to| d < to))
    }

    /// Everyone who is or was on the team: the members, then those with a term only.
    pub fn people(&self) -> Vec<&str> {
        let mut people: Vec<&str> = self.members.iter().map(Str::as_str).collect();
        for term in &self.member_terms {
            if !people.contains(&term.person.as_str()) {
                people.push(&term.person);
            }
        }
        people
    }

    /// The people serving on the team on `d` (`serves_on`).
    pub fn serving_on(&self, d: Date) -> Vec<&str> {
        let mut people = self.people();
        people.retain(|p| self.serves_on(p, d));
        people
    }

    /// Whether `person` serves on the team on every day from `first` to `last`.
    pub fn serves_throughout(&self, person: &str, first: Date, last: Date) -> bool {
        if !(self.active_on(first) && self.active_on(last)) {
            return false;
        }
        let mut terms = self
            .member_terms
            .iter()
            .filter(|t| t.person == person)
            .peekable();
        if terms.peek().is_none() {
            return self.has_member(person);
        }
        terms.any(|t| t.from <= first && t.to.is_none_or(|to| last < to))
    }

    /// Whether `person` serves on the team on some day from `first` to `last`.
    pub fn serves_during(&self, person: &str, first: Date, last: Date) -> bool {
        let starts = self.dispatched_on.max(first);
        let ends = self.leaves_on().map_or(last, |l| l.plus_days(-1).min(last));
        if starts > ends {
            return false;
        }
        let mut terms = self
            .member_terms
            .iter()
            .filter(|t| t.person == person)
            .peekable();
        if terms.peek().is_none() {
            return self.has_member(person);
        }
        terms.any(|t| t.from <= ends && t.to.is_none_or(|to| starts < to))
    }
}

fn validate(t: &Team) -> Result<(), Invalid> {
    check_id("id", &t.id)?;
    check_id("village", &t.village)?;
    if t.unit.trim().is_empty() {
        return Err(Invalid::said(
            "unit",
            t.unit.as_str(),
            Text::new(
                "is empty; the dispatching unit (派出单位) is required",
                "为空；派出单位必填",
            ),
        ));
    }
    for (i, m) in t.members.iter().enumerate() {
        check_id("members", m)?;
        if t.members[..i].contains(m) {
            return Err(Invalid::said(
                "members",
                m.as_str(),
                Text::new(
                    "is listed twice; expected no repeats",
                    "列出了两次；不应重复",
                ),
            ));
        }
    }
    if !t.has_member(&t.leader) {
        return Err(Invalid::said(
            "leader",
            t.leader.as_str(),
            Text::new(
                "is not among the members; the first secretary must be a member of the team",
                "不在队员之中；第一书记必须是工作队队员",
            ),
        ));
    }
    for (i, term) in t.member_terms.iter().enumerate() {
        check_id("member_terms", &term.person)?;
        let said = || match term.to {
            Some(to) => format!("{}:{}:{to}", term.person, term.from),
            None => format!("{}:{}", term.person, term.from),
        };
        if let Some(to) = term.to.filter(|to| *to <= term.from) {
            return Err(Invalid::said(
                "member_terms",
                format!("{}:{}:{to}", term.person, term.from),
                Text::new(
                    "ends on or before it begins; expected the end after the start",
                    "结束日期不晚于开始日期；应在开始日期之后",
                ),
            ));
        }
        if term.from < t.dispatched_on {
            return Err(Invalid::said(
                "member_terms",
                said(),
                Text {
                    en: format!(
                        "begins before the dispatch date {}; expected a term on or after it",
                        t.dispatched_on
                    ),
                    zh: format!(
                        "早于派驻日期 {}；任职期应从派驻日期当天或之后开始",
                        t.dispatched_on
                    ),
                },
            ));
        }
        // An open term is a member's: `team join` adds to the members, `team leave` ends it.
        if term.to.is_none() && !t.has_member(&term.person) {
            return Err(Invalid::said(
                "member_terms",
                said(),
                Text::new(
                    "has no end but the person is not among the members; expected an end date, or the person among the members",
                    "没有结束日期，但此人不在队员之中；应填结束日期，或把此人列为队员",
                ),
            ));
        }
        let overlaps = t.member_terms[..i].iter().any(|other| {
            other.person == term.person
                && other.to.is_none_or(|to| term.from < to)
                && term.to.is_none_or(|to| other.from < to)
        });
        if overlaps {
            return Err(Invalid::said(
                "member_terms",
                said(),
                Text::new(
                    "overlaps another term of the same person; expected one term at a time",
                    "与此人的另一段任职期重叠；同一时间只应有一段任职期",
                ),
            ));
        }
    }
    for (field, d) in [("term_end", t.term_end), ("recalled_on", t.recalled_on)] {
        if let Some(d) = d.filter(|d| *d < t.dispatched_on) {
            return Err(Invalid::said(
                field,
                d.to_string(),
                Text {
                    en: format!(
                        "is before the dispatch date {}; expected a date on or after it",
                        t.dispatched_on
                    ),
                    zh: format!("早于派驻日期 {}；应为当天或之后的日期", t.dispatched_on),
                },
            ));
        }
    }
    Ok(())
}
