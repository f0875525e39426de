//! A member of a household (家庭成员): the unit of the "three guarantees" (三保障) —
//! schooling, medical insurance — and of labour.

use super::field::record;
use super::value::Str;
use super::value::labelled;
use super::{Date, Field, Invalid, Kind, Labelled, check_id, check_id_number};
use crate::lang::Text;

labelled! {
    /// How a member is related to the head of household.
    MemberRelation {
        Head = "head" "户主",
        Spouse = "spouse" "配偶",
        Child = "child" "子女",
        Parent = "parent" "父母",
        Grandchild = "grandchild" "孙子女",
        Grandparent = "grandparent" "祖父母",
        Sibling = "sibling" "兄弟姐妹",
        ChildInLaw = "child_in_law" "儿媳女婿",
        Other = "other" "其他",
    }
}

labelled! {
    Sex {
        Male = "male" "男",
        Female = "female" "女",
    }
}

labelled! {
    /// Highest education attained (文化程度).
    Education {
        None = "none" "文盲半文盲",
        Primary = "primary" "小学",
        Junior = "junior" "初中",
        Senior = "senior" "高中",
        Vocational = "vocational" "中专职高",
        College = "college" "大专及以上",
    }
}

labelled! {
    /// Where the member is at school now (在校生状况).
    Schooling {
        NotInSchool = "not_in_school" "非在校生",
        Preschool = "preschool" "学前教育",
        Primary = "primary" "小学",
        Junior = "junior" "初中",
        Senior = "senior" "高中",
        SecondaryVocational = "secondary_vocational" "中职",
        HigherVocational = "higher_vocational" "高职",
        Undergraduate = "undergraduate" "本科及以上",
    }
}

labelled! {
    Health {
        Healthy = "healthy" "健康",
        Chronic = "chronic" "长期慢性病",
        Serious = "serious" "大病",
        Disabled = "disabled" "残疾",
    }
}

labelled! {
    /// Working ability (劳动技能).
    Labour {
        Skilled = "skilled" "技能劳动力",
        Ordinary = "ordinary" "普通劳动力",
        Weak = "weak" "弱劳动力或半劳动力",
        Lost = "lost" "丧失劳动力",
        None = "none" "无劳动力",
    }
}

labelled! {
    /// Basic medical insurance (基本医疗保险).
    MedicalInsurance {
        Resident = "resident" "城乡居民基本医疗保险",
        Employee = "employee" "职工基本医疗保险",
        None = "none" "未参保",
    }
}

labelled! {
    /// Basic pension insurance (基本养老保险).
    PensionInsurance {
        Resident = "resident" "城乡居民基本养老保险",
        Employee = "employee" "职工基本养老保险",
        None = "none" "未参保",
    }
}

record! {
    /// A member of a household (家庭成员).
    pub struct Member: Kind::Member, lives in parent household, validated by validate {
        pub id: Str => Field::new("成员编号", Id).required().listed(),
        pub household: Str => Field::new("户编号", Ref(Kind::Household)).required().listed(),
        pub name: Str => Field::new("姓名", Text).required().listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub id_number: Option<Str> => Field::new("身份证号", IdNumber).listed(),
        pub relation: MemberRelation =>
            Field::new("与户主关系", Enum(MemberRelation::PAIRS)).required().listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sex: Option<Sex> => Field::new("性别", Enum(Sex::PAIRS)),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub born_on: Option<Date> => Field::new("出生日期", Date),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub education: Option<Education> => Field::new("文化程度", Enum(Education::PAIRS)),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub schooling: Option<Schooling> =>
            Field::new("在校生状况", Enum(Schooling::PAIRS)).listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub dropout_reason: Option<Str> => Field::new("失辍学原因", Text),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub health: Option<Health> => Field::new("健康状况", Enum(Health::PAIRS)).listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub disability_grade: Option<u8> =>
            Field::new("残疾等级", Int { min: 1, max: 4 }),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub labour: Option<Labour> => Field::new("劳动技能", Enum(Labour::PAIRS)).listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub work_months: Option<u8> => Field::new("务工月数", Int { min: 0, max: 12 }),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub medical_insurance: Option<MedicalInsurance> =>
            Field::new("基本医疗保险", Enum(MedicalInsurance::PAIRS)).listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub pension_insurance: Option<PensionInsurance> =>
            Field::new("基本养老保险", Enum(PensionInsurance::PAIRS)),
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        pub dibao: bool => Field::new("享受低保", Bool).defaulted(),
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        pub tekun: bool => Field::new("特困供养", Bool).defaulted(),
    }
}

impl Member {
    /// The birth date: `born_on`, else the one in the ID number.
    pub fn birth_date(&self) -> Option<Date> {
        self.born_on
            .or_else(|| self.id_number.as_deref().and_then(id_number_birth))
    }

    /// Age in whole years on `on`; a 29 February birthday is reached on 28 February in
    /// common years.
    pub fn age_on(&self, on: Date) -> Option<i32> {
        let born = self.birth_date()?;
        let mut age = i32::from(on.0.year()) - i32::from(born.0.year());
        if born.plus_years(i16::try_from(age).ok()?) > on {
            age -= 1;
        }
        Some(age)
    }
}

/// The birth date an 18-character ID number holds, if it is a real date.
pub fn id_number_birth(id: &str) -> Option<Date> {
    let b = id.as_bytes();
    if b.len() != 18 || !b[6..14].iter().all(u8::is_ascii_digit) {
        return None;
    }
    format!("{}-{}-{}", &id[6..10], &id[10..12], &id[12..14])
        .parse()
        .ok()
}

/// The sex the 17th digit of an ID number gives: odd male, even female.
fn id_number_sex(id: &str) -> Option<Sex> {
    let d = id.as_bytes().get(16)?.checked_sub(b'0')?;
    (d <= 9).then_some(if d % 2 == 1 { Sex::Male } else { Sex::Female })
}

fn validate(m: &Member) -> Result<(), Invalid> {
    check_id("id", &m.id)?;
    check_id("household", &m.household)?;
    if m.name.trim().is_empty() {
        return Err(Invalid::said(
            "name",
            m.name.as_str(),
            Text::new("is empty; a name is required", "为空；姓名必填"),
        ));
    }
    if let Some(n) = &m.id_number {
        check_id_number("id_number", n)?;
        if let (Some(sex), Some(from_id)) = (m.sex, id_number_sex(n))
            && sex != from_id
        {
            return Err(Invalid::said_as(
                "sex",
                Text::new(sex.en(), sex.zh()),
                Text {
                    en: format!(
                        "does not agree with the ID number, whose 17th digit says {}",
                        from_id.en()
                    ),
                    zh: format!("与身份证号不符，其第 17 位表明为{}", from_id.zh()),
                },
            ));
        }
        if let (Some(born), Some(from_id)) = (m.born_on, id_number_birth(n))
            && born != from_id
        {
            return Err(Invalid::said(
                "born_on",
                born.to_string(),
                Text::new(
                    "does not agree with the birth date in the ID number",
                    "与身份证号中的出生日期不符",
                ),
            ));
        }
    }
    if let Some(born) = m.born_on.filter(|b| *b > Date::today()) {
        return Err(Invalid::said(
            "born_on",
            born.to_string(),
            Text::new(
                "is in the future; expected a birth date no later than today",
                "在未来；出生日期应不晚于今天",
            ),
        ));
    }
    if let Some(grade) = m.disability_grade
        && m.health != Some(Health::Disabled)
    {
        return Err(Invalid::said(
            "disability_grade",
            grade.to_string(),
            Text::new(
                "is set but health is not disabled; a disability grade goes with --health disabled",
                "已填写，但健康状况不是残疾；残疾等级需与 --health disabled 一起使用",
            ),
        ));
    }
    Ok(())
}
