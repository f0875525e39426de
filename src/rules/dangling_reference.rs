//! BF901 dangling-reference.

use super::prelude::*;
use crate::lang::Lang;
use crate::model::{Kind, Record};

explain! {
    en {
        /// ## What it checks
        /// A record that refers to a village, person, household or team that does not exist in
        /// the store: a team's village, leader or members; a household's helper, verifier or
        /// relations; an allocation's household or approvers; a plan's team; a village's
        /// officials; a person's home village. One finding per record, naming every missing
        /// reference. `bangfu` refuses such references itself, so these come from store files
        /// edited by hand or merged from elsewhere.
        ///
        /// ## Why it matters
        /// Every other check reads these references: a helper who does not exist hides a
        /// household without help; an approver who does not exist is a signature nobody gave.
        /// The registry is only as good as its references.
        ///
        /// ## How to fix
        /// Add the missing record (`bangfu person add --id P ...`), or change the reference to
        /// one that exists with the record's `update` command. `bangfu verify` shows whether the
        /// file was edited outside the tool.
    }
    zh "引用的记录不存在" {
        /// ## 检查什么
        /// 引用了存储中不存在的村、人员、贫困户或工作队的记录：工作队的村、队长或队员；贫困户的帮扶
        /// 责任人、核验人或亲属；分配的贫困户或审批人；规划的工作队；村的村干部；人员的户籍村。每条
        /// 记录一条问题，列出所有缺失的引用。`bangfu` 自己不接受这样的引用，所以这些来自手工修改或从别处
        /// 合并来的存储文件。
        ///
        /// ## 为什么重要
        /// 其他各项检查都要读这些引用：不存在的帮扶责任人会掩盖一户没人帮扶的贫困户；不存在的审批人
        /// 是一个没人签过的字。登记簿的可靠程度取决于它的引用。
        ///
        /// ## 如何处理
        /// 补上缺失的记录（`bangfu person add --id P ...`），或用该记录的更新命令把引用改为已有的记录。
        /// `bangfu verify` 可以显示文件是否在工具之外被修改过。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    // A person's finding concerns no village, so none is wanted from a partial registry, in
    // which every person from a village not loaded would seem to refer to nothing.
    let people = if ix.registry.partial {
        &[][..]
    } else {
        &ix.registry.people[..]
    };
    for p in people {
        flag_missing(ix, out, p, None);
    }
    for vr in ix.villages() {
        let v = Some(vr.village.id.as_str());
        flag_missing(ix, out, &vr.village, v);
        for t in &vr.teams {
            flag_missing(ix, out, t, v);
        }
        for h in &vr.households {
            flag_missing(ix, out, h, v);
        }
        for a in &vr.allocations {
            flag_missing(ix, out, a, v);
        }
        for p in &vr.plans {
            flag_missing(ix, out, p, v);
        }
        for c in &vr.cases {
            flag_missing(ix, out, c, v);
        }
        for a in &vr.attendance {
            flag_missing(ix, out, a, v);
        }
        for l in &vr.leaves {
            flag_missing(ix, out, l, v);
        }
        for a in &vr.assessments {
            flag_missing(ix, out, a, v);
        }
    }
}

fn flag_missing<R: Record>(ix: &Index<'_>, out: &mut Findings<'_>, record: &R, village: Option<&str>) {
    let missing: Vec<(Kind, &'static str, String)> = record
        .references()
        .into_iter()
        .filter(|(kind, _, target)| match kind {
            Kind::Person => !ix.people.contains_key(target),
            Kind::Village => !ix.villages.contains_key(target),
            Kind::Household => !ix.households.contains_key(target),
            Kind::Team => !ix.teams.contains_key(target),
            _ => false,
        })
        .map(|(kind, field, target)| (kind, field, target.to_string()))
        .collect();
    if missing.is_empty() {
        return;
    }
    let kind = R::KIND.name();
    let zh_kind = Lang::Zh.kind(kind);
    let en: Vec<String> = missing
        .iter()
        .map(|(k, field, target)| format!("{} {target} ({field})", k.name()))
        .collect();
    // In Chinese a field is named by its column's Chinese header.
    let zh: Vec<String> = missing
        .iter()
        .map(|(k, field, target)| {
            let header = R::COLUMNS
                .iter()
                .find(|c| c.field == *field)
                .map_or(*field, |c| c.zh);
            format!("{} {target}（{header}）", Lang::Zh.kind(k.name()))
        })
        .collect();
    out.flag_kind(
        kind,
        village,
        record.id(),
        Text {
            en: format!(
                "{kind} {} refers to {}: {}",
                record.id(),
                if missing.len() == 1 {
                    "a record that does not exist"
                } else {
                    "records that do not exist"
                },
                en.join(", ")
            ),
            zh: format!(
                "{zh_kind} {} 引用了不存在的记录：{}",
                record.id(),
                zh.join("、")
            ),
        },
    );
}
