//! A resident work team (驻村工作队).

use serde::{Deserialize, Serialize};

use super::{Column, Date, Invalid, Kind, Record, check_id, col, not_clearable};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub id: String,
    pub village: String,
    pub unit: String,
    pub leader: String,
    #[serde(default)]
    pub members: Vec<String>,
    pub dispatched_on: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_end: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recalled_on: Option<Date>,
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

const CLEARABLE: &[&str] = &["term_end", "recalled_on"];

impl Record for Team {
    const KIND: Kind = Kind::Team;
    const COLUMNS: &'static [Column] = &[
        col("id", "id", "编号"),
        col("village", "village", "村"),
        col("unit", "unit", "派出单位"),
        col("leader", "leader", "第一书记"),
        col("members", "members", "队员"),
        col("dispatched_on", "dispatched_on", "派驻日期"),
        col("term_end", "term_end", "任期届满"),
        col("recalled_on", "recalled_on", "召回日期"),
    ];

    fn id(&self) -> &str {
        &self.id
    }

    fn village(&self) -> Option<&str> {
        Some(&self.village)
    }

    fn validate(&self) -> Result<(), Invalid> {
        check_id("id", &self.id)?;
        check_id("village", &self.village)?;
        if self.unit.trim().is_empty() {
            return Err(Invalid::new(
                "unit",
                &self.unit,
                "is empty; the dispatching unit (派出单位) is required",
            ));
        }
        for (i, m) in self.members.iter().enumerate() {
            check_id("members", m)?;
            if self.members[..i].contains(m) {
                return Err(Invalid::new(
                    "members",
                    m,
                    "is listed twice; expected no repeats",
                ));
            }
        }
        if !self.has_member(&self.leader) {
            return Err(Invalid::new(
                "leader",
                &self.leader,
                "is not among the members; the first secretary must be a member of the team",
            ));
        }
        for (field, d) in [
            ("term_end", self.term_end),
            ("recalled_on", self.recalled_on),
        ] {
            if let Some(d) = d.filter(|d| *d < self.dispatched_on) {
                return Err(Invalid::new(
                    field,
                    d.to_string(),
                    format!(
                        "is before the dispatch date {}; expected a date on or after it",
                        self.dispatched_on
                    ),
                ));
            }
        }
        Ok(())
    }

    fn references(&self) -> Vec<(Kind, &'static str, &str)> {
        let mut refs = vec![
            (Kind::Village, "village", self.village.as_str()),
            (Kind::Person, "leader", self.leader.as_str()),
        ];
        refs.extend(
            self.members
                .iter()
                .map(|m| (Kind::Person, "members", m.as_str())),
        );
        refs
    }

    fn clear(&mut self, field: &str) -> Result<(), String> {
        match field {
            "term_end" => self.term_end = None,
            "recalled_on" => self.recalled_on = None,
            _ => return Err(not_clearable(field, CLEARABLE)),
        }
        Ok(())
    }
}
