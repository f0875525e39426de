//! BF402 team-without-plan.

use super::prelude::*;

explain! {
    en {
        /// ## What it checks
        /// A team active on the date checked, dispatched more than `plan_due_days` (default 90)
        /// days before it, with no plan item in its village drawn up by it. A plan item counts
        /// for a team when its `team` is that team, or when it names no team (it cannot be told
        /// apart); an item drawn up by an earlier team does not count for its successor. A team
        /// exactly `plan_due_days` days in passes.
        ///
        /// ## Why it matters
        /// A resident team analyses why the village is poor and turns that into a development
        /// plan: infrastructure, industry, cultural facilities. A team months into its term with
        /// no plan is present without a programme.
        ///
        /// ## How to fix
        /// Record the team's plan: `bangfu plan add --village V --team T --category industry
        /// --title TITLE`. A locality with a different deadline sets
        /// `bangfu policy set plan_due_days N`.
    }
    zh "工作队未制定发展规划" {
        /// ## 检查什么
        /// 在检查日期在岗、派驻已超过 `plan_due_days`（默认 90）天、却在村里没有由它制定的规划项目的
        /// 工作队。规划项目的工作队 `team` 是该队、或没有指明工作队（无法区分）时，算作该队的；前一支
        /// 工作队制定的项目不算后任的。派驻正好 `plan_due_days` 天的可以通过。
        ///
        /// ## 为什么重要
        /// 驻村工作队要分析村里贫困的原因，并据此制定发展规划：基础设施、产业发展、文化设施。任期已过
        /// 几个月还没有规划的工作队，人在村里，却没有工作计划。
        ///
        /// ## 如何处理
        /// 记录工作队的规划：`bangfu plan add --village V --team T --category industry --title TITLE`。
        /// 期限不同的地方用 `bangfu policy set plan_due_days N` 设置。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    let days = i32::try_from(ix.policy.plan_due_days).unwrap_or(i32::MAX);
    for vr in ix.villages() {
        let v = vr.village.id.as_str();
        let active = ix.active_in(v);
        if active.is_empty() {
            continue;
        }
        let unattributed = vr.plans.iter().any(|p| p.team.is_none());
        let planned: HashSet<&str> = vr.plans.iter().filter_map(|p| p.team.as_deref()).collect();
        for t in active {
            let due = t.dispatched_on.plus_days(days);
            if ix.as_of > due && !unattributed && !planned.contains(t.id.as_str()) {
                out.flag(
                    Some(v),
                    &t.id,
                    Text {
                        en: format!(
                            "team {} in village {v}, dispatched on {}, has no plan item more than {} later",
                            t.id,
                            t.dispatched_on,
                            count(days as usize, "day", "days")
                        ),
                        zh: format!(
                            "村 {v} 的工作队 {} 于 {} 派驻，{days} 天后仍没有发展规划项目",
                            t.id, t.dispatched_on
                        ),
                    },
                );
            }
        }
    }
}
