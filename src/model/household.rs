//! A poor household (贫困户) with its designated helper and its kin ties.

use serde::{Deserialize, Serialize};

use super::field::record;
use super::value::Str;
use super::value::labelled;
use super::{Date, Field, FieldValue, Invalid, Kind, Labelled, check_id, check_id_number};
use crate::lang::Text;

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
    /// The safety appraisal of a dwelling (住房安全等级).
    Housing {
        A = "a" "A级",
        B = "b" "B级",
        C = "c" "C级危房",
        D = "d" "D级危房",
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
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    pub person: Str,
    pub relation: Relationship,
    #[serde(default)]
    pub filed_on: Option<Date>,
}

/// As derived, but `filed_on` is left out of JSON when empty and always written in a binary
/// snapshot, which reads fields by position.
impl Serialize for Relation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let skip = s.is_human_readable() && self.filed_on.is_none();
        let mut st = s.serialize_struct("Relation", if skip { 2 } else { 3 })?;
        st.serialize_field("person", &self.person)?;
        st.serialize_field("relation", &self.relation)?;
        if skip {
            st.skip_field("filed_on")?;
        } else {
            st.serialize_field("filed_on", &self.filed_on)?;
        }
        st.end()
    }
}

record! {
    /// A poor household (贫困户).
    pub struct Household: Kind::Household, lives in village, validated by validate {
        pub id: Str => Field::new("户编号", Id).required().listed(),
        pub village: Str => Field::new("村", Ref(Kind::Village)).required().listed(),
        pub head: Str => Field::new("户主", Text).required().listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub id_number: Option<Str> => Field::new("户主身份证号", IdNumber).listed(),
        pub size: u32 => Field::new("人口数", Int { min: 1, max: 30 }).required().listed(),
        #[serde(default = "default_status")]
        pub status: HouseholdStatus =>
            Field::new("状态", Enum(HouseholdStatus::PAIRS)).defaulted().listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub category: Option<HouseholdCategory> =>
            Field::new("贫困户属性", Enum(HouseholdCategory::PAIRS)),
        #[serde(default)]
        pub causes: Vec<Cause> => Field::new("致贫原因", Enums(Cause::PAIRS)).flag("cause"),
        #[serde(default)]
        pub measures: Vec<Measure> =>
            Field::new("帮扶措施", Enums(Measure::PAIRS)).flag("measure"),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub income_per_capita_fen: Option<i64> =>
            Field::new("人均纯收入", Money).flag("income").listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub identified_on: Option<Date> => Field::new("识别日期", Date),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub exited_on: Option<Date> => Field::new("脱贫日期", Date),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub exit_verified_by: Option<Str> => Field::new("脱贫核验人", Ref(Kind::Person)),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub helper: Option<Str> => Field::new("帮扶责任人", Ref(Kind::Person)).listed(),
        #[serde(default)]
        pub relations: Vec<Relation> =>
            Field::new("亲属关系", Relations(Relationship::PAIRS)).flag("person"),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub housing: Option<Housing> => Field::new("住房安全等级", Enum(Housing::PAIRS)),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub water_safe: Option<bool> => Field::new("饮水安全", Bool),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub income_year: Option<i32> => Field::new("收入年度", Int { min: 1949, max: 2100 }),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub wage_income_fen: Option<i64> => Field::new("工资性收入", Money),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub business_income_fen: Option<i64> => Field::new("生产经营性收入", Money),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub business_cost_fen: Option<i64> => Field::new("生产经营性支出", Money),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub property_income_fen: Option<i64> => Field::new("财产性收入", Money),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub transfer_income_fen: Option<i64> => Field::new("转移性收入", Money),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub out_of_pocket_fen: Option<i64> => Field::new("合规自付支出", Money),
    }
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

    /// The net income per head that the recorded breakdown gives (absent parts count as 0),
    /// in fen rounded toward negative infinity; `None` when no part is recorded.
    pub fn breakdown_per_capita_fen(&self) -> Option<i64> {
        let parts = [
            self.wage_income_fen,
            self.business_income_fen,
            self.business_cost_fen,
            self.property_income_fen,
            self.transfer_income_fen,
        ];
        if parts.iter().all(Option::is_none) {
            return None;
        }
        let v = |p: Option<i64>| i128::from(p.unwrap_or(0));
        let net = v(self.wage_income_fen) + v(self.business_income_fen) - v(self.business_cost_fen)
            + v(self.property_income_fen)
            + v(self.transfer_income_fen);
        i64::try_from(net.div_euclid(i128::from(self.size.max(1)))).ok()
    }

    /// The income per head rules judge: the recorded figure, else the breakdown's.
    pub fn income_per_capita(&self) -> Option<i64> {
        self.income_per_capita_fen
            .or_else(|| self.breakdown_per_capita_fen())
    }

    /// A verified exit (`household exit`): the date, the income per head, which also sets the
    /// income year to the exit year, and the team member who verified it.
    pub fn exit(&mut self, on: Date, income_fen: i64, verified_by: &str) {
        self.status = HouseholdStatus::Exited;
        self.exited_on = Some(on);
        self.income_per_capita_fen = Some(income_fen);
        self.income_year = Some(i32::from(on.year()));
        self.exit_verified_by = Some(verified_by.trim().into());
    }

    /// The tie to `person`, if the household is kin of them.
    pub fn relation_to(&self, person: &str) -> Option<&Relation> {
        self.relations.iter().find(|r| r.person == person)
    }
}

fn validate(h: &Household) -> Result<(), Invalid> {
    check_id("id", &h.id)?;
    check_id("village", &h.village)?;
    if h.head.trim().is_empty() {
        return Err(Invalid::said(
            "head",
            h.head.as_str(),
            Text::new(
                "is empty; the head of household's name is required",
                "为空；户主姓名必填",
            ),
        ));
    }
    if let Some(n) = &h.id_number {
        check_id_number("id_number", n)?;
    }
    if !(1..=30).contains(&h.size) {
        return Err(Invalid::said(
            "size",
            h.size.to_string(),
            Text::new(
                "is out of range; expected a whole number of members from 1 to 30",
                "超出范围；应为 1 到 30 之间的家庭人数",
            ),
        ));
    }
    if let Some(fen) = h.income_per_capita_fen.filter(|f| *f < 0) {
        return Err(Invalid::said(
            "income_per_capita_fen",
            super::format_yuan(fen),
            Text::new(
                "is negative; expected yuan of 0 or more",
                "是负数；应为不小于 0 的金额（元）",
            ),
        ));
    }
    if h.status == HouseholdStatus::Exited && h.exited_on.is_none() {
        return Err(Invalid::said(
            "exited_on",
            "",
            Text::new(
                "is missing; a household with status exited needs --exited-on",
                "缺失；状态为已脱贫的贫困户需要 --exited-on",
            ),
        ));
    }
    if let (Some(exit), Some(identified)) = (h.exited_on, h.identified_on)
        && exit < identified
    {
        return Err(Invalid::said(
            "exited_on",
            exit.to_string(),
            Text {
                en: format!("is before the household was identified on {identified}"),
                zh: format!("早于家庭的识别日期 {identified}"),
            },
        ));
    }
    for (i, r) in h.relations.iter().enumerate() {
        check_id("relations", &r.person)?;
        if h.relations[..i].iter().any(|o| o.person == r.person) {
            return Err(Invalid::said(
                "relations",
                r.person.as_str(),
                Text::new(
                    "is related twice; expected one relation per person",
                    "关系重复；每人应只有一个关系",
                ),
            ));
        }
    }
    Ok(())
}

impl FieldValue for Relation {
    fn refs(&self) -> Vec<&str> {
        vec![self.person.as_str()]
    }
}
