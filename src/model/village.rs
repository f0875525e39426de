//! A village (村), with its officials.

use serde::{Deserialize, Serialize};

use super::field::record;
use super::value::Str;
use super::value::labelled;
use super::{Date, Field, FieldValue, Invalid, Kind, Labelled, check_id};
use crate::lang::Text;

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
    pub person: Str,
    pub role: Role,
}

record! {
    /// A village (村), with its officials.
    pub struct Village: Kind::Village, lives in itself, validated by validate {
        pub id: Str => Field::new("编号", Id).required().listed(),
        pub name: Str => Field::new("村名", Text).required().listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub province: Option<Str> => Field::new("省", Text),
        pub county: Str => Field::new("县", Text).required().listed(),
        pub township: Str => Field::new("乡镇", Text).required().listed(),
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
    for (field, zh, value) in [
        ("name", "村名", &v.name),
        ("county", "县", &v.county),
        ("township", "乡镇", &v.township),
    ] {
        if value.trim().is_empty() {
            return Err(Invalid::said(
                field,
                value.as_str(),
                Text {
                    en: format!("is empty; a {field} is required"),
                    zh: format!("为空；{zh}必填"),
                },
            ));
        }
    }
    match (v.status, v.exited_on) {
        (VillageStatus::Exited, None) => Err(Invalid::said(
            "exited_on",
            "",
            Text::new(
                "is missing; a village with status exited needs --exited-on",
                "缺失；状态为已出列的村需要 --exited-on",
            ),
        )),
        (status, Some(d)) if status != VillageStatus::Exited => Err(Invalid::said(
            "exited_on",
            d.to_string(),
            Text {
                en: format!(
                    "is set but the status is {}; only an exited village has an exit date",
                    status.en()
                ),
                zh: format!(
                    "已填写，但状态是{}；只有已出列的村才有出列日期",
                    status.zh()
                ),
            },
        )),
        _ => Ok(()),
    }
}

impl FieldValue for Official {
    fn refs(&self) -> Vec<&str> {
        vec![self.person.as_str()]
    }
}
