//! A poor household (贫困户) with its designated helper and its kin ties.

use serde::{Deserialize, Serialize};

use super::value::labelled;
use super::{
    Column, Date, Invalid, Kind, Record, check_id, check_id_number, col, mask_id_number,
    not_clearable,
};

labelled! {
    HouseholdStatus {
        Poor = "poor" "未脱贫",
        Exited = "exited" "已脱贫",
        Returned = "returned" "返贫",
        NonPoor = "non_poor" "非贫困户",
    }
}

labelled! {
    HouseholdCategory {
        General = "general" "一般贫困户",
        Dibao = "dibao" "低保贫困户",
        Tekun = "tekun" "特困供养贫困户",
    }
}

labelled! {
    /// A cause of poverty (致贫原因).
    Cause {
        Illness = "illness" "因病",
        Disability = "disability" "因残",
        Education = "education" "因学",
        Disaster = "disaster" "因灾",
        LackOfLand = "lack_of_land" "缺土地",
        LackOfWater = "lack_of_water" "缺水",
        LackOfSkills = "lack_of_skills" "缺技术",
        LackOfLabor = "lack_of_labor" "缺劳动力",
        LackOfFunds = "lack_of_funds" "缺资金",
        PoorTransport = "poor_transport" "交通条件落后",
        LackOfMotivation = "lack_of_motivation" "自身发展动力不足",
        Other = "other" "其他",
    }
}

labelled! {
    /// A measure taken for the household (因户施策).
    Measure {
        Industry = "industry" "发展生产",
        Employment = "employment" "转移就业",
        Relocation = "relocation" "易地搬迁",
        Ecological = "ecological" "生态补偿",
        Education = "education" "发展教育",
        Health = "health" "健康扶贫",
        Housing = "housing" "危房改造",
        SocialSecurity = "social_security" "社会保障兜底",
        Microcredit = "microcredit" "小额信贷",
        Other = "other" "其他",
    }
}

labelled! {
    /// How a household is kin of a person.
    Relationship {
        Spouse = "spouse" "配偶",
        Parent = "parent" "父母",
        Child = "child" "子女",
        Sibling = "sibling" "兄弟姐妹",
        InLaw = "in_law" "姻亲",
        Other = "other" "其他",
    }
}

/// The household is kin of `person`; `filed_on` is when the tie was filed for review (备案).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    pub person: String,
    pub relation: Relationship,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filed_on: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Household {
    pub id: String,
    pub village: String,
    pub head: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    pub size: u32,
    #[serde(default = "default_status")]
    pub status: HouseholdStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<HouseholdCategory>,
    #[serde(default)]
    pub causes: Vec<Cause>,
    #[serde(default)]
    pub measures: Vec<Measure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub income_per_capita_fen: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identified_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exited_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_verified_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helper: Option<String>,
    #[serde(default)]
    pub relations: Vec<Relation>,
}

fn default_status() -> HouseholdStatus {
    HouseholdStatus::Poor
}

impl Household {
    /// "Needs help" means status poor or returned.
    pub fn needs_help(&self) -> bool {
        matches!(
            self.status,
            HouseholdStatus::Poor | HouseholdStatus::Returned
        )
    }

    /// The tie to `person`, if the household is kin of them.
    pub fn relation_to(&self, person: &str) -> Option<&Relation> {
        self.relations.iter().find(|r| r.person == person)
    }
}

const CLEARABLE: &[&str] = &[
    "id_number",
    "category",
    "causes",
    "measures",
    "income_per_capita_fen",
    "identified_on",
    "exited_on",
    "exit_verified_by",
    "helper",
    "relations",
];

impl Record for Household {
    const KIND: Kind = Kind::Household;
    const COLUMNS: &'static [Column] = &[
        col("id", "id", "户编号"),
        col("village", "village", "村"),
        col("head", "head", "户主"),
        col("id_number", "id_number", "户主身份证号"),
        col("size", "size", "人口数"),
        col("status", "status", "状态"),
        col("category", "category", "贫困户属性"),
        col("causes", "causes", "致贫原因"),
        col("measures", "measures", "帮扶措施"),
        col("income_per_capita_fen", "income_per_capita", "人均纯收入"),
        col("identified_on", "identified_on", "识别日期"),
        col("exited_on", "exited_on", "脱贫日期"),
        col("exit_verified_by", "exit_verified_by", "脱贫核验人"),
        col("helper", "helper", "帮扶责任人"),
        col("relations", "relations", "亲属关系"),
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
        if self.head.trim().is_empty() {
            return Err(Invalid::new(
                "head",
                &self.head,
                "is empty; the head of household's name is required",
            ));
        }
        if let Some(n) = &self.id_number {
            check_id_number("id_number", n)?;
        }
        if !(1..=30).contains(&self.size) {
            return Err(Invalid::new(
                "size",
                self.size.to_string(),
                "is out of range; expected a whole number of members from 1 to 30",
            ));
        }
        if let Some(fen) = self.income_per_capita_fen.filter(|f| *f < 0) {
            return Err(Invalid::new(
                "income_per_capita_fen",
                super::format_yuan(fen),
                "is negative; expected yuan of 0 or more",
            ));
        }
        if self.status == HouseholdStatus::Exited && self.exited_on.is_none() {
            return Err(Invalid::new(
                "exited_on",
                "",
                "is missing; a household with status exited needs --exited-on",
            ));
        }
        if let (Some(exit), Some(identified)) = (self.exited_on, self.identified_on)
            && exit < identified
        {
            return Err(Invalid::new(
                "exited_on",
                exit.to_string(),
                format!("is before the household was identified on {identified}"),
            ));
        }
        for (i, r) in self.relations.iter().enumerate() {
            check_id("relations", &r.person)?;
            if self.relations[..i].iter().any(|o| o.person == r.person) {
                return Err(Invalid::new(
                    "relations",
                    &r.person,
                    "is related twice; expected one relation per person",
                ));
            }
        }
        Ok(())
    }

    fn mask(&mut self) {
        if let Some(n) = &mut self.id_number {
            *n = mask_id_number(n);
        }
    }

    fn references(&self) -> Vec<(Kind, &'static str, &str)> {
        let mut refs = vec![(Kind::Village, "village", self.village.as_str())];
        refs.extend(
            self.helper
                .iter()
                .map(|p| (Kind::Person, "helper", p.as_str())),
        );
        refs.extend(
            self.exit_verified_by
                .iter()
                .map(|p| (Kind::Person, "exit_verified_by", p.as_str())),
        );
        refs.extend(
            self.relations
                .iter()
                .map(|r| (Kind::Person, "relations", r.person.as_str())),
        );
        refs
    }

    fn clear(&mut self, field: &str) -> Result<(), String> {
        match field {
            "id_number" => self.id_number = None,
            "category" => self.category = None,
            "causes" => self.causes.clear(),
            "measures" => self.measures.clear(),
            "income_per_capita_fen" | "income" => self.income_per_capita_fen = None,
            "identified_on" => self.identified_on = None,
            "exited_on" => self.exited_on = None,
            "exit_verified_by" => self.exit_verified_by = None,
            "helper" => self.helper = None,
            "relations" => self.relations.clear(),
            _ => return Err(not_clearable(field, CLEARABLE)),
        }
        Ok(())
    }
}
