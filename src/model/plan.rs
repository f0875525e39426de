//! An item of a village's development plan (发展规划).

use super::field::record;
use super::value::Str;
use super::value::labelled;
use super::{Date, Field, Invalid, Kind, Labelled, check_id, format_yuan};
use crate::lang::Text;

labelled! {
    PlanCategory {
        Infrastructure = "infrastructure" "基础设施",
        Industry = "industry" "产业发展",
        Culture = "culture" "文化设施",
        Other = "other" "其他",
    }
}

labelled! {
    PlanStatus {
        Planned = "planned" "计划",
        InProgress = "in_progress" "实施中",
        Done = "done" "已完成",
    }
}

record! {
    /// An item of a village's development plan (发展规划).
    pub struct Plan: Kind::Plan, lives in village, validated by validate {
        pub id: Str => Field::new("编号", Id).required().listed(),
        pub village: Str => Field::new("村", Ref(Kind::Village)).required().listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub team: Option<Str> => Field::new("驻村工作队", Ref(Kind::Team)).listed(),
        pub category: PlanCategory =>
            Field::new("类别", Enum(PlanCategory::PAIRS)).required().listed(),
        pub title: Str => Field::new("项目名称", Text).required().listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub budget_fen: Option<i64> => Field::new("预算", Money).flag("budget").listed(),
        #[serde(default = "default_status")]
        pub status: PlanStatus => Field::new("状态", Enum(PlanStatus::PAIRS)).defaulted().listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub due: Option<Date> => Field::new("完成期限", Date).listed(),
    }
}

fn default_status() -> PlanStatus {
    PlanStatus::Planned
}

fn validate(p: &Plan) -> Result<(), Invalid> {
    check_id("id", &p.id)?;
    check_id("village", &p.village)?;
    if p.title.trim().is_empty() {
        return Err(Invalid::said(
            "title",
            p.title.as_str(),
            Text::new("is empty; a title is required", "为空；标题必填"),
        ));
    }
    if let Some(fen) = p.budget_fen.filter(|f| *f < 0) {
        return Err(Invalid::said(
            "budget_fen",
            format_yuan(fen),
            Text::new(
                "is negative; expected yuan of 0 or more",
                "是负数；应为不小于 0 的金额（元）",
            ),
        ));
    }
    Ok(())
}
