//! An item of a village's development plan (发展规划).

use serde::{Deserialize, Serialize};

use super::value::labelled;
use super::{Column, Date, Invalid, Kind, Record, check_id, col, format_yuan, not_clearable};

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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub id: String,
    pub village: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    pub category: PlanCategory,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_fen: Option<i64>,
    #[serde(default = "default_status")]
    pub status: PlanStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
}

fn default_status() -> PlanStatus {
    PlanStatus::Planned
}

const CLEARABLE: &[&str] = &["team", "budget_fen", "due"];

impl Record for Plan {
    const KIND: Kind = Kind::Plan;
    const COLUMNS: &'static [Column] = &[
        col("id", "id", "编号"),
        col("village", "village", "村"),
        col("team", "team", "工作队"),
        col("category", "category", "类别"),
        col("title", "title", "项目名称"),
        col("budget_fen", "budget", "预算"),
        col("status", "status", "状态"),
        col("due", "due", "完成期限"),
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
        if self.title.trim().is_empty() {
            return Err(Invalid::new(
                "title",
                &self.title,
                "is empty; a title is required",
            ));
        }
        if let Some(fen) = self.budget_fen.filter(|f| *f < 0) {
            return Err(Invalid::new(
                "budget_fen",
                format_yuan(fen),
                "is negative; expected yuan of 0 or more",
            ));
        }
        Ok(())
    }

    fn references(&self) -> Vec<(Kind, &'static str, &str)> {
        let mut refs = vec![(Kind::Village, "village", self.village.as_str())];
        refs.extend(self.team.iter().map(|t| (Kind::Team, "team", t.as_str())));
        refs
    }

    fn clear(&mut self, field: &str) -> Result<(), String> {
        match field {
            "team" => self.team = None,
            "budget_fen" | "budget" => self.budget_fen = None,
            "due" => self.due = None,
            _ => return Err(not_clearable(field, CLEARABLE)),
        }
        Ok(())
    }
}
