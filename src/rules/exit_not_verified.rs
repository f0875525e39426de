//! BF208 exit-not-verified.

use super::prelude::*;
use crate::model::HouseholdStatus;

explain! {
    en {
        /// ## What it checks
        /// A household with status `exited` that has no `exit_verified_by`, or whose verifier was
        /// not a member of a team active in the household's village on its `exited_on`.
        ///
        /// ## Why it matters
        /// A household's exit is verified by the work team: someone who is stationed in the
        /// village and independent of it confirms the income before the household leaves the
        /// register. An exit signed by nobody, or by someone outside the team at the time, has
        /// not been verified as policy requires.
        ///
        /// ## How to fix
        /// Have a member of the team that was active on the exit date verify it, and record them:
        /// `bangfu household update H --exit-verified-by P`. If the team's dates are wrong,
        /// correct them (`bangfu team update T --dispatched-on DATE`).
    }
    zh "脱贫未经核验" {
        /// ## 检查什么
        /// 状态为已脱贫、但没有脱贫核验人 `exit_verified_by`，或核验人在脱贫日期 `exited_on` 不是该户
        /// 所在村在岗工作队队员的贫困户。
        ///
        /// ## 为什么重要
        /// 贫困户脱贫由工作队核验：驻在村里、与村里没有利害关系的人先确认收入，贫困户才能退出。无人
        /// 签字、或由当时不在工作队的人签字的脱贫，没有按政策核验。
        ///
        /// ## 如何处理
        /// 请脱贫当日在岗工作队的一名队员核验，并记录此人：
        /// `bangfu household update H --exit-verified-by P`。如果工作队的日期有误，请更正
        /// （`bangfu team update T --dispatched-on DATE`）。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        let v = vr.village.id.as_str();
        for h in &vr.households {
            if h.status != HouseholdStatus::Exited {
                continue;
            }
            let Text { en: who, zh: who_zh } = household_label(h);
            let problem = match (h.exited_on, &h.exit_verified_by) {
                (None, _) => Text {
                    en: format!("{who} has exited but has no exit date to verify"),
                    zh: format!("{who_zh}已脱贫，但没有可供核验的脱贫日期"),
                },
                (Some(on), None) => Text {
                    en: format!("{who} exited on {on} but nobody verified the exit"),
                    zh: format!("{who_zh}于 {on} 脱贫，但无人核验"),
                },
                (Some(on), Some(p)) if !served_on(vr, p, on) => {
                    let verifier = person_label(ix, p);
                    Text {
                        en: format!(
                            "{who}'s exit on {on} was verified by {}, who was not a member of a team active in village {v} that day",
                            verifier.en
                        ),
                        zh: format!(
                            "{who_zh}于 {on} 脱贫，由 {}核验，但此人当日不是村 {v} 在岗工作队的队员",
                            verifier.zh
                        ),
                    }
                }
                _ => continue,
            };
            out.flag(Some(v), &h.id, problem);
        }
    }
}
