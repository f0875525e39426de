//! A village (村), with its officials.

use serde::{Deserialize, Serialize};

use super::field::record;
use super::value::labelled;
use super::{Date, Field, FieldValue, Invalid, Kind, Labelled, check_id};

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

labelled! {
    /// What a village is for the dispatch of teams after 2020.
    VillageType {
        Lifted = "lifted" "脱贫村",
        RelocationSite = "relocation_site" "易地扶贫搬迁安置村(社区)",
        Revitalization = "revitalization" "乡村振兴任务重村",
        WeakParty = "weak_party" "党组织软弱涣散村",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Official {
    pub person: String,
    pub role: Role,
}

record! {
    /// A village (村), with its officials.
    pub struct Village: Kind::Village, lives in itself, validated by validate {
        pub id: String => Field::new("编号", Id).required().listed(),
        pub name: String => Field::new("村名", Text).required().listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub province: Option<String> => Field::new("省", Text),
        pub county: String => Field::new("县", Text).required().listed(),
        pub township: String => Field::new("乡镇", Text).required().listed(),
        #[serde(default = "default_region")]
        pub region: Region => Field::new("区域", Enum(Region::PAIRS)).defaulted().listed(),
        #[serde(default = "default_status")]
        pub status: VillageStatus =>
            Field::new("状态", Enum(VillageStatus::PAIRS)).defaulted().listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub exited_on: Option<Date> => Field::new("出列日期", Date).listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub population: Option<u32> =>
            Field::new("户籍人口", Int { min: 0, max: 10_000_000 }).listed(),
        #[serde(default)]
        pub officials: Vec<Official> => Field::new(
            "村干部",
            PersonTags { key: "role", labels: Role::PAIRS },
        ).flag("person"),
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub types: Vec<VillageType> => Field::new("村类型", Enums(VillageType::PAIRS)).flag("type"),
    }
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

fn validate(v: &Village) -> Result<(), Invalid> {
    check_id("id", &v.id)?;
    for (field, value) in [
        ("name", &v.name),
        ("county", &v.county),
        ("township", &v.township),
    ] {
        if value.trim().is_empty() {
            return Err(Invalid::new(
                field,
                value,
                format!("is empty; a {field} is required"),
            ));
        }
    }
    match (v.status, v.exited_on) {
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

impl FieldValue for Official {
    fn refs(&self) -> Vec<&str> {
        vec![self.person.as_str()]
    }
}
