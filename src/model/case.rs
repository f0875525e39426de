//! A monitoring case (监测对象): one episode of a household watched for falling back into
//! poverty (防止返贫动态监测), from the lead through notice and approval to the elimination
//! of its risk.

use serde::{Deserialize, Serialize};

use super::field::{FieldValue, record};
use super::value::Str;
use super::value::labelled;
use super::{Date, Field, Invalid, Kind, Labelled, check_id, format_yuan};
use crate::lang::Text;

labelled! {
    /// The category of a monitored household (监测对象类别).
    CaseCategory {
        Unstable = "unstable" "脱贫不稳定户",
        Marginal = "marginal" "边缘易致贫户",
        Sudden = "sudden" "突发严重困难户",
    }
}

labelled! {
    /// Where the lead came from (线索来源).
    CaseSource {
        SelfReport = "self_report" "农户自主申报",
        CadreVisit = "cadre_visit" "基层干部排查",
        DepartmentAlert = "department_alert" "部门筛查预警",
    }
}

labelled! {
    /// A risk of falling back (风险类型).
    Risk {
        Illness = "illness" "因病",
        Disability = "disability" "因残",
        Education = "education" "因学",
        Disaster = "disaster" "因自然灾害",
        Accident = "accident" "因意外事故",
        IndustryFailure = "industry_failure" "因产业项目失败",
        UnstableWork = "unstable_work" "因务工就业不稳",
        LackOfLabor = "lack_of_labor" "缺劳动力",
        Housing = "housing" "住房出现安全问题",
        Water = "water" "饮水出现安全问题",
        Other = "other" "其他",
    }
}

labelled! {
    /// A measure taken for a case (帮扶措施).
    CaseMeasure {
        Industry = "industry" "产业帮扶",
        Employment = "employment" "就业帮扶",
        Finance = "finance" "金融帮扶",
        PublicJob = "public_job" "公益岗位",
        Housing = "housing" "住房安全保障",
        Water = "water" "饮水安全保障",
        Health = "health" "健康帮扶",
        Education = "education" "义务教育保障",
        OtherEducation = "other_education" "其他教育帮扶",
        SocialProtection = "social_protection" "综合保障",
        SocialAid = "social_aid" "社会帮扶",
        Relocation = "relocation" "搬迁",
        LivingConditions = "living_conditions" "生产生活条件改善",
        Infrastructure = "infrastructure" "基础设施",
    }
}

labelled! {
    /// How the risk was eliminated (风险消除方式).
    Elimination {
        Assisted = "assisted" "帮扶消除",
        Natural = "natural" "自然消除",
    }
}

impl Risk {
    /// The measures that fit this risk (BF505); empty when any measure does.
    pub fn fitting(self) -> &'static [CaseMeasure] {
        use CaseMeasure as M;
        match self {
            Risk::Illness => &[M::Health, M::SocialAid],
            Risk::Disability => &[M::Health, M::SocialProtection],
            Risk::Education => &[M::Education, M::OtherEducation],
            Risk::Housing => &[M::Housing, M::Relocation],
            Risk::Water => &[M::Water],
            Risk::UnstableWork => &[M::Employment, M::PublicJob],
            Risk::LackOfLabor => &[M::SocialProtection, M::PublicJob],
            Risk::IndustryFailure => &[M::Industry, M::Finance],
            Risk::Disaster | Risk::Accident | Risk::Other => &[],
        }
    }
}

/// One measure taken, and the day it was taken; written `measure:YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatedMeasure {
    pub measure: CaseMeasure,
    pub on: Date,
}

impl FieldValue for DatedMeasure {}

record! {
    /// A monitoring case (监测对象).
    pub struct Case: Kind::Case, lives in parent household, validated by validate {
        pub id: Str => Field::new("监测编号", Id).required().listed(),
        pub household: Str => Field::new("户编号", Ref(Kind::Household)).required().listed(),
        pub category: CaseCategory =>
            Field::new("监测对象类别", Enum(CaseCategory::PAIRS)).required().listed(),
        pub source: CaseSource => Field::new("线索来源", Enum(CaseSource::PAIRS)).required(),
        pub lead_on: Date => Field::new("线索日期", Date).required().listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub notice_from: Option<Date> => Field::new("公示开始", Date),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub notice_to: Option<Date> => Field::new("公示结束", Date),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub approved_on: Option<Date> => Field::new("审定日期", Date).listed(),
        #[serde(default)]
        pub risks: Vec<Risk> =>
            Field::new("风险类型", Enums(Risk::PAIRS)).flag("risk").required().listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub income_per_capita_fen: Option<i64> =>
            Field::new("识别时人均纯收入", Money).flag("income"),
        #[serde(default)]
        pub measures: Vec<DatedMeasure> =>
            Field::new("帮扶措施", Dated(CaseMeasure::PAIRS)).flag("measure"),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub contact: Option<Str> => Field::new("监测联系人", Ref(Kind::Person)),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub eliminated_on: Option<Date> => Field::new("风险消除日期", Date).listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub elimination: Option<Elimination> =>
            Field::new("风险消除方式", Enum(Elimination::PAIRS)),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub income_at_elimination_fen: Option<i64> =>
            Field::new("消除时人均纯收入", Money).flag("income_at_elimination"),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub eliminated_verified_by: Option<Str> =>
            Field::new("消除核验人", Ref(Kind::Person)).flag("verified_by"),
    }
}

/// Where a case stands on a date, counting only what is dated on or before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseState {
    /// The lead has not come in yet.
    NotYet,
    /// Lead in, not approved.
    Pending,
    /// Approved, risk not yet eliminated.
    Open,
    Eliminated,
}

impl CaseState {
    pub fn en(self) -> &'static str {
        match self {
            CaseState::NotYet => "not yet",
            CaseState::Pending => "pending",
            CaseState::Open => "open",
            CaseState::Eliminated => "eliminated",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            CaseState::NotYet => "尚未发生",
            CaseState::Pending => "待审定",
            CaseState::Open => "监测中",
            CaseState::Eliminated => "风险已消除",
        }
    }
}

impl Case {
    /// `d` when it is on or before `as_of`.
    fn by(d: Option<Date>, as_of: Date) -> Option<Date> {
        d.filter(|d| *d <= as_of)
    }

    /// The approval date as seen on `as_of`.
    pub fn approved_by(&self, as_of: Date) -> Option<Date> {
        Self::by(self.approved_on, as_of)
    }

    /// The elimination date as seen on `as_of`.
    pub fn eliminated_by(&self, as_of: Date) -> Option<Date> {
        Self::by(self.eliminated_on, as_of)
    }

    /// The notice period as seen on `as_of`: both ends are set and it began by then.
    pub fn notice_by(&self, as_of: Date) -> Option<(Date, Date)> {
        match (self.notice_from, self.notice_to) {
            (Some(from), Some(to)) if from <= as_of => Some((from, to)),
            _ => None,
        }
    }

    /// The measures taken on or before `as_of`.
    pub fn measures_by(&self, as_of: Date) -> impl Iterator<Item = &DatedMeasure> {
        self.measures.iter().filter(move |m| m.on <= as_of)
    }

    /// Where the case stands on `as_of`.
    pub fn state(&self, as_of: Date) -> CaseState {
        if self.lead_on > as_of {
            CaseState::NotYet
        } else if self.eliminated_by(as_of).is_some() {
            CaseState::Eliminated
        } else if self.approved_by(as_of).is_some() {
            CaseState::Open
        } else {
            CaseState::Pending
        }
    }

    /// Not eliminated (as the record stands): open or pending.
    pub fn is_live(&self) -> bool {
        self.eliminated_on.is_none()
    }
}

/// `later` (the value of `field`) is on or after `earlier`, which `what` names.
pub fn not_before(
    field: &'static str,
    later: Date,
    what: Text,
    earlier: Date,
) -> Result<(), Invalid> {
    if later < earlier {
        return Err(Invalid::said(
            field,
            later.to_string(),
            Text {
                en: format!(
                    "is before {} {earlier}; expected a date on or after it",
                    what.en
                ),
                zh: format!("早于{} {earlier}；应为当天或之后的日期", what.zh),
            },
        ));
    }
    Ok(())
}

/// `earlier` (the value of `field`) is on or before `later`, which `what` names.
pub fn not_after(
    field: &'static str,
    earlier: Date,
    what: Text,
    later: Date,
) -> Result<(), Invalid> {
    if earlier > later {
        return Err(Invalid::said(
            field,
            earlier.to_string(),
            Text {
                en: format!(
                    "is after {} {later}; expected a date on or before it",
                    what.en
                ),
                zh: format!("晚于{} {later}；应为当天或之前的日期", what.zh),
            },
        ));
    }
    Ok(())
}

fn validate(c: &Case) -> Result<(), Invalid> {
    check_id("id", &c.id)?;
    check_id("household", &c.household)?;
    if c.risks.is_empty() || c.risks.len() > 5 {
        return Err(Invalid::said(
            "risks",
            c.risks.len().to_string(),
            Text::new(
                "is not 1 to 5 risks; expected --risk given once to five times",
                "不是 1 到 5 项风险；--risk 应给出 1 到 5 次",
            ),
        ));
    }
    for (field, v) in [
        ("income_per_capita_fen", c.income_per_capita_fen),
        ("income_at_elimination_fen", c.income_at_elimination_fen),
    ] {
        if let Some(fen) = v.filter(|f| *f < 0) {
            return Err(Invalid::said(
                field,
                format_yuan(fen),
                Text::new(
                    "is negative; expected yuan of 0 or more",
                    "是负数；应为不小于 0 的金额（元）",
                ),
            ));
        }
    }
    match (c.notice_from, c.notice_to) {
        (Some(from), Some(to)) => {
            not_before(
                "notice_from",
                from,
                Text::new("the lead on", "线索日期"),
                c.lead_on,
            )?;
            not_before(
                "notice_to",
                to,
                Text::new("the notice's start", "公示开始日期"),
                from,
            )?;
        }
        (Some(_), None) => {
            return Err(Invalid::said(
                "notice_to",
                "",
                Text::new(
                    "is missing; a notice needs both --notice-from and --notice-to",
                    "缺失；公示需要同时给出 --notice-from 和 --notice-to",
                ),
            ));
        }
        (None, Some(_)) => {
            return Err(Invalid::said(
                "notice_from",
                "",
                Text::new(
                    "is missing; a notice needs both --notice-from and --notice-to",
                    "缺失；公示需要同时给出 --notice-from 和 --notice-to",
                ),
            ));
        }
        (None, None) => {}
    }
    if let Some(approved) = c.approved_on {
        not_before(
            "approved_on",
            approved,
            Text::new("the lead on", "线索日期"),
            c.lead_on,
        )?;
        if let Some(to) = c.notice_to {
            not_before(
                "approved_on",
                approved,
                Text::new("the end of the notice on", "公示结束日期"),
                to,
            )?;
        }
    }
    for m in &c.measures {
        not_before(
            "measures",
            m.on,
            Text::new("the lead on", "线索日期"),
            c.lead_on,
        )?;
    }
    match (c.eliminated_on, c.elimination) {
        (Some(on), Some(_)) => {
            let Some(approved) = c.approved_on else {
                return Err(Invalid::said(
                    "eliminated_on",
                    on.to_string(),
                    Text::new(
                        "is set on a pending case; a case is approved before its risk is eliminated",
                        "填在了尚未审定的监测对象上；须先审定（case approve），再消除风险",
                    ),
                ));
            };
            not_before(
                "eliminated_on",
                on,
                Text::new("the approval on", "审定日期"),
                approved,
            )?;
        }
        (Some(_), None) => {
            return Err(Invalid::said(
                "elimination",
                "",
                Text::new(
                    "is missing; an elimination date needs --elimination assisted or natural",
                    "缺失；风险消除日期需要 --elimination assisted 或 natural",
                ),
            ));
        }
        (None, Some(e)) => {
            return Err(Invalid::said_as(
                "elimination",
                Text::new(e.en(), e.zh()),
                Text::new(
                    "is set without an elimination date; expected --eliminated-on with it",
                    "已填写但没有消除日期；应同时给出 --eliminated-on",
                ),
            ));
        }
        (None, None) => {}
    }
    Ok(())
}
