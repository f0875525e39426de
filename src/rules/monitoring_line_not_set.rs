//! BF500 monitoring-line-not-set.

use super::cases::{cases, monitoring};
use super::prelude::*;
use crate::model::HouseholdStatus;

explain! {
    en {
        /// ## What it checks
        /// A year whose monitoring line another rule needs, and that policy does not set
        /// (`monitoring_line_yuan`): the income year of an exited household checked by BF501, or
        /// the year of an elimination checked by BF509. One finding per year, on the policy;
        /// those rules skip that year. A rule the policy switches off needs no line.
        ///
        /// ## Why it matters
        /// The monitoring line (防止返贫监测线) is set by each province every year. Without it
        /// nobody can say whether a household fell below it or rose above it, so the rules that
        /// compare with it stay silent: a silence that looks like a clean registry.
        ///
        /// ## How to fix
        /// Set your province's line for the year:
        /// `bangfu policy set monitoring_line_yuan.2025 8700`.
    }
    zh "未设置监测线" {
        /// ## 检查什么
        /// 其他规则需要、但政策没有设置的年度监测线（`monitoring_line_yuan`）：规则 BF501 检查的已脱贫户的
        /// 收入年度，或规则 BF509 检查的风险消除年份。每个年份一条问题，记在政策上；那些规则跳过该年。
        /// 政策关闭的规则不需要监测线。
        ///
        /// ## 为什么重要
        /// 防止返贫监测线由各省逐年确定。没有监测线，就无法判断农户是否低于或高于监测线，相关规则只能
        /// 沉默，看起来却像是没有问题。
        ///
        /// ## 如何处理
        /// 设置本省当年的监测线：`bangfu policy set monitoring_line_yuan.2025 8700`。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    if !monitoring(ix) {
        return;
    }
    // A rule the policy switches off needs no line.
    let on = |code: &str| {
        !matches!(
            ix.policy.rule_setting(code),
            Some(crate::policy::RuleSetting::Off)
        )
    };
    let from = ix.policy.monitoring_from.year();
    let mut years: std::collections::BTreeSet<i16> = std::collections::BTreeSet::new();
    for vr in ix.villages().filter(|_| on("BF501")) {
        for h in &vr.households {
            if h.status == HouseholdStatus::Exited
                && h.income_per_capita().is_some()
                && let Some(y) = h.income_year.and_then(|y| i16::try_from(y).ok())
                && y >= from
            {
                years.insert(y);
            }
        }
    }
    for (_, c) in cases(ix).filter(|_| on("BF509")) {
        if let Some(on) = c.eliminated_by(ix.as_of) {
            years.insert(on.year());
        }
    }
    for y in years {
        if ix.policy.monitoring_line_fen(y).is_none() {
            out.flag_kind(
                "policy",
                None,
                &y.to_string(),
                Text {
                    en: format!(
                        "policy sets no monitoring line for {y}; set it with policy set monitoring_line_yuan.{y}"
                    ),
                    zh: format!("政策没有设置 {y} 年的监测线，相关检查跳过了该年"),
                },
            );
        }
    }
}
