//! BF215 income-breakdown-mismatch.

use super::prelude::*;
use crate::model::format_yuan;

explain! {
    en {
        /// ## What it checks
        /// A household with both `income_per_capita_fen` and an income breakdown (wage,
        /// business, business cost, property, transfer) recorded, where the net income per head
        /// the breakdown gives — (wage + business − business cost + property + transfer) ÷
        /// size, rounded down to the fen — is more than 1 yuan (100 fen) away from the recorded
        /// figure. A difference of exactly 1 yuan passes. Out-of-pocket spending is not part of
        /// net income.
        ///
        /// ## Why it matters
        /// Net income per head (人均纯收入) is worked out from the household's income by source,
        /// as the registration income form (收入核算) sets it out. A recorded figure that its own
        /// breakdown does not support is a number written in rather than counted, and exits and
        /// monitoring are judged on it.
        ///
        /// ## How to fix
        /// Recount the income with the household and correct the part that is wrong
        /// (`bangfu household update H --wage-income YUAN`, ...) or the figure per head
        /// (`bangfu household update H --income YUAN`); check `size` too, as it divides the total.
    }
    zh "收入构成与人均纯收入不符" {
        /// ## 检查什么
        /// 同时登记了人均纯收入（`income_per_capita_fen`）和收入构成（工资性、生产经营性、生产经营性
        /// 支出、财产性、转移性）的户，按收入构成算出的人均纯收入——（工资性 + 生产经营性 − 生产经营性
        /// 支出 + 财产性 + 转移性）÷ 户人口数，按分向下取整——与登记数相差超过 1 元（100 分）。相差正好
        /// 1 元的可以通过。合规自付支出不计入纯收入。
        ///
        /// ## 为什么重要
        /// 人均纯收入应按收入核算的要求，由该户各项收入算出。与自身收入构成对不上的登记数，是填出来的
        /// 而不是算出来的，而脱贫和监测都以它为准。
        ///
        /// ## 如何处理
        /// 与该户一起重新核算收入，更正有误的分项（`bangfu household update H --wage-income YUAN` 等）
        /// 或人均纯收入（`bangfu household update H --income YUAN`）；也要核对户人口数，它是除数。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        for h in &vr.households {
            let (Some(recorded), Some(derived)) =
                (h.income_per_capita_fen, h.breakdown_per_capita_fen())
            else {
                continue;
            };
            if (i128::from(recorded) - i128::from(derived)).abs() <= 100 {
                continue;
            }
            let label = household_label(h);
            let (recorded, derived) = (format_yuan(recorded), format_yuan(derived));
            out.flag(
                Some(&vr.village.id),
                &h.id,
                Text {
                    en: format!(
                        "{} records an income per head of {recorded} yuan but its income breakdown gives {derived} yuan",
                        label.en
                    ),
                    zh: format!(
                        "{}登记的人均纯收入为 {recorded} 元，但按收入构成算出 {derived} 元",
                        label.zh
                    ),
                },
            );
        }
    }
}
