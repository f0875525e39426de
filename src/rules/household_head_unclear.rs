//! BF210 household-head-unclear.

use super::prelude::*;
use crate::model::MemberRelation;

explain! {
    en {
        /// ## What it checks
        /// A household whose members are recorded and among whom none, or more than one, has
        /// relation `head` (户主). A household with no member recorded is not checked.
        ///
        /// ## Why it matters
        /// Every other member's relation is stated towards the head, and the head is the
        /// person who signs for the household (the registration form, the exit agreement).
        /// Without exactly one head, relations read wrong and the head named on the household
        /// record cannot be matched to a person.
        ///
        /// ## How to fix
        /// Record the head among the members, or correct the relations:
        /// `bangfu member update M --relation head` for the head, another relation for the
        /// others (`bangfu member update M --relation spouse`).
    }
    zh "户主不明确" {
        /// ## 检查什么
        /// 已登记家庭成员、但成员中没有或多于一名与户主关系为户主的贫困户。没有登记任何成员的户不检查。
        ///
        /// ## 为什么重要
        /// 其他成员的关系都是相对户主而言，户主也是代表全户签字的人（建档立卡登记表、脱贫确认）。
        /// 户主不是恰好一人，成员关系就读不通，户记录上的户主姓名也对不上具体的人。
        ///
        /// ## 如何处理
        /// 在成员中登记户主，或更正关系：户主用 `bangfu member update M --relation head`，其他成员改为
        /// 相应关系（`bangfu member update M --relation spouse`）。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    for vr in ix.villages() {
        for h in &vr.households {
            let members = ix.members_of(&h.id);
            if members.is_empty() {
                continue;
            }
            let heads = members
                .iter()
                .filter(|m| m.relation == MemberRelation::Head)
                .count();
            if heads == 1 {
                continue;
            }
            let label = household_label(h);
            let message = if heads == 0 {
                Text {
                    en: format!("{} has members recorded but none of them is the head", label.en),
                    zh: format!("{}已登记成员，但没有一人是户主", label.zh),
                }
            } else {
                Text {
                    en: format!("{} has {heads} members recorded as head", label.en),
                    zh: format!("{}有 {heads} 名成员登记为户主", label.zh),
                }
            };
            out.flag(Some(&vr.village.id), &h.id, message);
        }
    }
}
