//! A relief allocation (扶贫资源分配) given out in a village.

use serde::{Deserialize, Serialize};

use super::value::labelled;
use super::{Column, Date, Invalid, Kind, Record, check_id, col, format_yuan, not_clearable};

labelled! {
    AllocationKind {
        Funds = "funds" "资金",
        Materials = "materials" "物资",
        Project = "project" "项目",
        Microcredit = "microcredit" "小额信贷",
        Other = "other" "其他",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allocation {
    pub id: String,
    pub village: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household: Option<String>,
    pub kind: AllocationKind,
    pub amount_fen: i64,
    pub date: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    #[serde(default)]
    pub approved_by: Vec<String>,
}

const CLEARABLE: &[&str] = &["household", "source", "purpose", "approved_by"];

impl Record for Allocation {
    const KIND: Kind = Kind::Allocation;
    const COLUMNS: &'static [Column] = &[
        col("id", "id", "编号"),
        col("village", "village", "村"),
        col("household", "household", "贫困户"),
        col("kind", "kind", "类型"),
        col("amount_fen", "amount", "金额"),
        col("date", "date", "日期"),
        col("source", "source", "来源"),
        col("purpose", "purpose", "用途"),
        col("approved_by", "approved_by", "审批人"),
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
        if let Some(h) = &self.household {
            check_id("household", h)?;
        }
        if self.amount_fen <= 0 {
            return Err(Invalid::new(
                "amount_fen",
                format_yuan(self.amount_fen),
                "is not above zero; expected a positive amount of yuan",
            ));
        }
        for (i, p) in self.approved_by.iter().enumerate() {
            check_id("approved_by", p)?;
            if self.approved_by[..i].contains(p) {
                return Err(Invalid::new(
                    "approved_by",
                    p,
                    "is listed twice; expected no repeats",
                ));
            }
        }
        Ok(())
    }

    fn references(&self) -> Vec<(Kind, &'static str, &str)> {
        let mut refs = vec![(Kind::Village, "village", self.village.as_str())];
        refs.extend(
            self.household
                .iter()
                .map(|h| (Kind::Household, "household", h.as_str())),
        );
        refs.extend(
            self.approved_by
                .iter()
                .map(|p| (Kind::Person, "approved_by", p.as_str())),
        );
        refs
    }

    fn clear(&mut self, field: &str) -> Result<(), String> {
        match field {
            "household" => self.household = None,
            "source" => self.source = None,
            "purpose" => self.purpose = None,
            "approved_by" => self.approved_by.clear(),
            _ => return Err(not_clearable(field, CLEARABLE)),
        }
        Ok(())
    }
}
