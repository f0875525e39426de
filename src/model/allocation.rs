//! A relief allocation (扶贫资源分配) given out in a village.

use super::field::record;
use super::value::Str;
use super::value::labelled;
use super::{Date, Field, Invalid, Kind, Labelled, check_id, format_yuan};
use crate::lang::Text;

labelled! {
    AllocationKind {
        Funds = "funds" "资金",
        Materials = "materials" "物资",
        Project = "project" "项目",
        Microcredit = "microcredit" "小额信贷",
        Other = "other" "其他",
    }
}

record! {
    /// A relief allocation (扶贫资源分配) given out in a village.
    pub struct Allocation: Kind::Allocation, lives in village, validated by validate {
        pub id: Str => Field::new("编号", Id).required().listed(),
        pub village: Str => Field::new("村", Ref(Kind::Village)).required().listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub household: Option<Str> => Field::new("贫困户", Ref(Kind::Household)).listed(),
        pub kind: AllocationKind =>
            Field::new("类型", Enum(AllocationKind::PAIRS)).required().listed(),
        pub amount_fen: i64 => Field::new("金额", Money).required().listed(),
        pub date: Date => Field::new("日期", Date).required().listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub source: Option<Str> => Field::new("来源", Text).listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub purpose: Option<Str> => Field::new("用途", Text),
        #[serde(default)]
        pub approved_by: Vec<Str> => Field::new("审批人", Refs(Kind::Person)).listed(),
    }
}

fn validate(a: &Allocation) -> Result<(), Invalid> {
    check_id("id", &a.id)?;
    check_id("village", &a.village)?;
    if let Some(h) = &a.household {
        check_id("household", h)?;
    }
    if a.amount_fen <= 0 {
        return Err(Invalid::said(
            "amount_fen",
            format_yuan(a.amount_fen),
            Text::new(
                "is not above zero; expected a positive amount of yuan",
                "不大于 0；应为大于 0 的金额（元）",
            ),
        ));
    }
    for (i, p) in a.approved_by.iter().enumerate() {
        check_id("approved_by", p)?;
        if a.approved_by[..i].contains(p) {
            return Err(Invalid::said(
                "approved_by",
                p.as_str(),
                Text::new(
                    "is listed twice; expected no repeats",
                    "列出了两次；不应重复",
                ),
            ));
        }
    }
    Ok(())
}
