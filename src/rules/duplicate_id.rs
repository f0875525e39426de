//! BF902 duplicate-id.

use super::prelude::*;
use crate::model::Kind;
use crate::store::VillageRecords;

explain! {
    en {
        /// ## What it checks
        /// An id that appears more than once among the records of one kind: twice in
        /// `people.jsonl`, or the id of a record of any other kind (team, household, member,
        /// allocation, plan, case, attendance, leave, assessment) used twice in one village or
        /// in two villages, or two village directories whose `village.json` hold the same id.
        /// One finding per duplicated id; its village is none when the copies are in different
        /// villages. `bangfu` never writes a duplicate, so these come from files edited by hand,
        /// copied or merged.
        ///
        /// ## Why it matters
        /// Ids are how records refer to each other and how the journal tracks changes. With two
        /// records under one id, commands find one of them and silently ignore the other, and
        /// every reference to the id is ambiguous.
        ///
        /// ## How to fix
        /// Decide which copy is right and delete the other line from the file (or give it a new
        /// id). Then run `bangfu verify` to compare the files with the journal.
    }
    zh "记录编号重复" {
        /// ## 检查什么
        /// 同一类记录中出现不止一次的编号：在 `people.jsonl` 中出现两次，其他各类记录（工作队、贫困户、
        /// 家庭成员、分配、规划、监测对象、考勤、请假、考核）的编号在一个村或两个村中用了两次，
        /// 或两个村目录的 `village.json` 里是同一个编号。每个重复编号一条问题；副本在不同村时，
        /// 问题不归属任何一个村。`bangfu` 从不写入重复编号，所以这些来自手工修改、复制或合并的文件。
        ///
        /// ## 为什么重要
        /// 记录靠编号互相引用，日志也靠编号追踪修改。一个编号下有两条记录时，命令只会找到其中一条，
        /// 另一条被悄悄忽略，对该编号的每个引用都含糊不清。
        ///
        /// ## 如何处理
        /// 确定哪一份正确，从文件中删除另一行（或给它一个新编号）。然后运行 `bangfu verify`，把文件与
        /// 日志对照。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    // The index found the duplicated people, villages, teams and households while building
    // its maps. The other kinds (members and duty records run to millions) are hashed into
    // one sorted vector first; only the ids whose hash comes twice are compared as text.
    let mut twice = ix.duplicates.clone();
    let hash = |kind: Kind, id: &str| super::key_hash(id) ^ (kind as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mut hashes: Vec<u64> = Vec::new();
    for vr in ix.villages() {
        for_each_other_record(vr, |kind, id| hashes.push(hash(kind, id)));
    }
    hashes.sort_unstable();
    let again: HashSet<u64> = hashes
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    drop(hashes);
    if !again.is_empty() {
        let mut seen: HashSet<(Kind, &str)> = HashSet::default();
        for vr in ix.villages() {
            for_each_other_record(vr, |kind, id| {
                if again.contains(&hash(kind, id)) && !seen.insert((kind, id)) {
                    twice.insert((kind, id));
                }
            });
        }
    }
    if twice.is_empty() {
        return;
    }
    // (kind, id) → the village of each copy, for the duplicated ids only.
    let mut copies: HashMap<(Kind, &str), Vec<&str>> = HashMap::default();
    for p in &ix.registry.people {
        if twice.contains(&(Kind::Person, p.id.as_str())) {
            copies.entry((Kind::Person, &p.id)).or_default().push("");
        }
    }
    for vr in ix.villages() {
        let v = vr.village.id.as_str();
        let mut copy = |kind: Kind, id| {
            if twice.contains(&(kind, id)) {
                copies.entry((kind, id)).or_default().push(v);
            }
        };
        copy(Kind::Village, v);
        for_each_record(vr, copy);
    }
    for ((kind, id), villages) in copies {
        let name = kind.name();
        let mut distinct = villages.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let where_ = match kind {
            Kind::Person => Text {
                en: "in people.jsonl".to_string(),
                zh: "在人员记录中".to_string(),
            },
            Kind::Village => Text {
                en: "among the village directories".to_string(),
                zh: "在各村目录中".to_string(),
            },
            _ => {
                let shown: Vec<String> = distinct.iter().map(ToString::to_string).collect();
                let one = if shown.len() == 1 { "village" } else { "villages" };
                let listed = list_some(&shown, 5);
                Text {
                    en: format!("in {one} {}", listed.en),
                    zh: format!("在村 {} 中", listed.zh),
                }
            }
        };
        let village_list: Vec<&str> = distinct.into_iter().filter(|v| !v.is_empty()).collect();
        let times = villages.len();
        out.flag_across(
            name,
            &village_list,
            id,
            Text {
                en: format!("{name} id {id} appears {times} times {}", where_.en),
                zh: format!(
                    "{}编号 {id} {}出现了 {times} 次",
                    crate::lang::Lang::Zh.kind(name),
                    where_.zh
                ),
            },
        );
    }
}

/// Calls `f` with the kind and id of every record kept in a village's directory.
fn for_each_record<'r>(vr: &'r VillageRecords, mut f: impl FnMut(Kind, &'r str)) {
    for t in &vr.teams {
        f(Kind::Team, &t.id);
    }
    for h in &vr.households {
        f(Kind::Household, &h.id);
    }
    for_each_other_record(vr, f);
}

/// The records of a village of the kinds the index does not map by id.
fn for_each_other_record<'r>(vr: &'r VillageRecords, mut f: impl FnMut(Kind, &'r str)) {
    for a in &vr.allocations {
        f(Kind::Allocation, &a.id);
    }
    for p in &vr.plans {
        f(Kind::Plan, &p.id);
    }
    for m in &vr.members {
        f(Kind::Member, &m.id);
    }
    for c in &vr.cases {
        f(Kind::Case, &c.id);
    }
    for a in &vr.attendance {
        f(Kind::Attendance, &a.id);
    }
    for l in &vr.leaves {
        f(Kind::Leave, &l.id);
    }
    for a in &vr.assessments {
        f(Kind::Assessment, &a.id);
    }
}
