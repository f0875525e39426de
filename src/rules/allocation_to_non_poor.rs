//! BF301 allocation-to-non-poor.

use super::prelude::*;
use crate::model::{HouseholdStatus, format_yuan};

explain! {
    en {
        /// ## What it checks
        /// An allocation to a household whose status is `non_poor`, or whose status is `exited`
        /// with an `exited_on` before the allocation's date. An allocation on the exit date
        /// itself passes. Village-level allocations (no household) are not checked.
        ///
        /// ## Why it matters
        /// Relief resources are for registered poor households. Relief to a household that is
        /// not poor, or that had already left poverty, is relief taken from one that is, and is
        /// the pattern behind favouring the well-connected (优亲厚友).
        ///
        /// ## How to fix
        /// Check the household's status and exit date (`bangfu household show H`). If the
        /// allocation was wrong, remove it (`bangfu allocation remove A`) and recover the
        /// resources; if the household's record is wrong, correct it.
    }
    zh "扶贫资源分给非贫困户" {
        /// ## 检查什么
        /// 分给状态为非贫困户、或已脱贫且脱贫日期早于分配日期的贫困户的扶贫资源。脱贫当天的分配可以
        /// 通过。分给全村的资源（没有指定户）不检查。
        ///
        /// ## 为什么重要
        /// 扶贫资源是给建档立卡贫困户的。分给不贫困或已经脱贫的户，就是从真正贫困的户那里拿走资源，
        /// 也是优亲厚友的常见形式。
        ///
        /// ## 如何处理
        /// 核对该户的状态和脱贫日期（`bangfu household show H`）。分配有误的，删除该分配
        /// （`bangfu allocation remove A`）并追回资源；贫困户记录有误的，予以更正。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        for a in &vr.allocations {
            let Some(h) = a.household.as_deref().and_then(|h| ix.households.get(h)) else {
                continue;
            };
            let why = match (h.status, h.exited_on) {
                (HouseholdStatus::NonPoor, _) => Text {
                    en: "which is not a poor household".to_string(),
                    zh: "该户不是贫困户".to_string(),
                },
                (HouseholdStatus::Exited, Some(exit)) if exit < a.date => Text {
                    en: format!("which had exited poverty on {exit}"),
                    zh: format!("该户已于 {exit} 脱贫"),
                },
                _ => continue,
            };
            let label = household_label(h);
            out.flag(
                Some(&vr.village.id),
                &a.id,
                Text {
                    en: format!(
                        "allocation {} of {} yuan on {} went to {}, {}",
                        a.id,
                        format_yuan(a.amount_fen),
                        a.date,
                        label.en,
                        why.en
                    ),
                    zh: format!(
                        "扶贫资源分配 {}（{} 元，{}）给了{}，{}",
                        a.id,
                        format_yuan(a.amount_fen),
                        a.date,
                        label.zh,
                        why.zh
                    ),
                },
            );
        }
    }
}
