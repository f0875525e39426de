//! A village (村), with its officials.

use serde::{Deserialize, Serialize};

use super::value::labelled;
use super::{Column, Date, Invalid, Kind, Labelled, Record, check_id, col, not_clearable};

labelled! {
    /// The region decides the exit threshold of poverty incidence.
    Region {
        East = "east" "东部",
        Central = "central" "中部",
        West = "west" "西部",
    }
}

labelled! {
    VillageStatus {
        Poor = "poor" "贫困村",
        Exited = "exited" "已出列",
        NonPoor = "non_poor" "非贫困村",
    }
}

labelled! {
    /// An official's role in the village (村两委).
    Role {
        PartySecretary = "party_secretary" "村支书",
        Director = "director" "村主任",
        CommitteeMember = "committee_member" "村委委员",
        Accountant = "accountant" "会计",
        Other = "other" "其他",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Official {
    pub person: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Village {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    pub county: String,
    pub township: String,
    #[serde(default = "default_region")]
    pub region: Region,
    #[serde(default = "default_status")]
    pub status: VillageStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exited_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<u32>,
    #[serde(default)]
    pub officials: Vec<Official>,
}

fn default_region() -> Region {
    Region::West
}

fn default_status() -> VillageStatus {
    VillageStatus::Poor
}

impl Village {
    /// The role of `person` among the officials, if any.
    pub fn role_of(&self, person: &str) -> Option<Role> {
        self.officials
            .iter()
            .find(|o| o.person == person)
            .map(|o| o.role)
    }
}

const CLEARABLE: &[&str] = &["province", "exited_on", "population"];

impl Record for Village {
    const KIND: Kind = Kind::Village;
    const COLUMNS: &'static [Column] = &[
        col("id", "id", "编号"),
        col("name", "name", "村名"),
        col("province", "province", "省"),
        col("county", "county", "县"),
        col("township", "township", "乡镇"),
        col("region", "region", "区域"),
        col("status", "status", "状态"),
        col("exited_on", "exited_on", "出列日期"),
        col("population", "population", "户籍人口"),
        col("officials", "officials", "村干部"),
    ];

    fn id(&self) -> &str {
        &self.id
    }

    fn village(&self) -> Option<&str> {
        Some(&self.id)
    }

    fn validate(&self) -> Result<(), Invalid> {
        check_id("id", &self.id)?;
        for (field, value) in [
            ("name", &self.name),
            ("county", &self.county),
            ("township", &self.township),
        ] {
            if value.trim().is_empty() {
                return Err(Invalid::new(
                    field,
                    value,
                    format!("is empty; a {field} is required"),
                ));
            }
        }
        match (self.status, self.exited_on) {
            (VillageStatus::Exited, None) => Err(Invalid::new(
                "exited_on",
                "",
                "is missing; a village with status exited needs --exited-on",
            )),
            (status, Some(d)) if status != VillageStatus::Exited => Err(Invalid::new(
                "exited_on",
                d.to_string(),
                format!(
                    "is set but the status is {}; only an exited village has an exit date",
                    status.en()
                ),
            )),
            _ => Ok(()),
        }
    }

    fn references(&self) -> Vec<(Kind, &'static str, &str)> {
        self.officials
            .iter()
            .map(|o| (Kind::Person, "officials", o.person.as_str()))
            .collect()
    }

    fn clear(&mut self, field: &str) -> Result<(), String> {
        match field {
            "province" => self.province = None,
            "exited_on" => self.exited_on = None,
            "population" => self.population = None,
            _ => return Err(not_clearable(field, CLEARABLE)),
        }
        Ok(())
    }
}
