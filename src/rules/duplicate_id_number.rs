//! BF206 duplicate-id-number.

use super::prelude::*;
use crate::model::{Household, Member};

explain! {
    en {
        /// ## What it checks
        /// The same resident ID number in two or more households, as head or as member, anywhere
        /// in the store and whatever their status. Each household sharing the number gets its
        /// own finding, naming the others. A head also recorded as a member of the same
        /// household (relation head, or any member with the head's number) is one person, not a
        /// duplicate. The number itself is never printed.
        ///
        /// ## Why it matters
        /// A person belongs to one household. The same person registered in two households is
        /// counted twice: it inflates the village's poverty figures and can draw relief twice,
        /// which is why registration (建档立卡) is audited for duplicates.
        ///
        /// ## How to fix
        /// Find which record is right (`bangfu household show H`), correct a mistyped number
        /// (`bangfu household update H --id-number N`, `bangfu member update M --id-number N`),
        /// and remove the duplicate household or member (`bangfu member remove M`).
    }
    zh "身份证号跨户重复" {
        /// ## 检查什么
        /// 同一身份证号出现在两户或更多户中（作为户主或家庭成员），不论在哪个村、状态如何。共用该号码
        /// 的每一户各有一条问题，并列出其他户。户主同时登记为本户成员的，是同一个人，不算重复。号码本身
        /// 从不显示。
        ///
        /// ## 为什么重要
        /// 一个人只能属于一户。同一个人登记在两户，就被算了两次：虚增村里的贫困人口，还可能两次领取
        /// 扶贫资源，所以建档立卡要查重。
        ///
        /// ## 如何处理
        /// 查明哪条记录正确（`bangfu household show H`），更正录错的号码
        /// （`bangfu household update H --id-number N`、`bangfu member update M --id-number N`），
        /// 并删除重复的贫困户或成员（`bangfu member remove M`）。
    }
}

/// Who in a household holds the number: its head, or one of its members.
#[derive(Clone, Copy)]
enum Holder<'r> {
    Head,
    Member(&'r Member),
}

/// A number upper-cased for comparison (stored numbers are already; a hand edit may not be).
fn key(n: &str) -> std::borrow::Cow<'_, str> {
    if n.bytes().any(|b| b.is_ascii_lowercase()) {
        std::borrow::Cow::Owned(n.to_ascii_uppercase())
    } else {
        std::borrow::Cow::Borrowed(n)
    }
}

/// A holder of a number: the number, the village, the household, 0 for its head or 1 for a
/// member, and who.
type Seen<'r> = (std::borrow::Cow<'r, str>, &'r str, &'r Household, u8, Holder<'r>);

/// Notes `here`: the first holder of its number, or one more.
fn see<'r>(
    first: &mut HashMap<std::borrow::Cow<'r, str>, Seen<'r>>,
    again: &mut HashMap<std::borrow::Cow<'r, str>, Vec<Seen<'r>>>,
    here: Seen<'r>,
) {
    match first.entry(here.0.clone()) {
        std::collections::hash_map::Entry::Vacant(e) => {
            e.insert(here);
        }
        std::collections::hash_map::Entry::Occupied(e) => {
            let earlier = e.get().clone();
            again
                .entry(e.key().clone())
                .or_insert_with(|| vec![earlier])
                .push(here);
        }
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    // The first holder seen of each number, and only for numbers seen again, every holder: a
    // list per number would cost an allocation per record. Heads come before members.
    let mut first: HashMap<std::borrow::Cow<'_, str>, Seen<'_>> = HashMap::default();
    first.reserve(ix.households.len() * 2);
    let mut again: HashMap<std::borrow::Cow<'_, str>, Vec<Seen<'_>>> = HashMap::default();
    for vr in ix.villages() {
        let v = vr.village.id.as_str();
        for h in &vr.households {
            if let Some(n) = &h.id_number {
                see(&mut first, &mut again, (key(n), v, h, 0, Holder::Head));
            }
        }
        for m in &vr.members {
            let (Some(n), Some(h)) = (&m.id_number, ix.households.get(m.household.as_str()))
            else {
                continue;
            };
            see(&mut first, &mut again, (key(n), v, h, 1, Holder::Member(m)));
        }
    }
    for mut sharing in again.into_values() {
        // One entry per household: the head if it holds the number, else its first member.
        sharing.sort_by(|a, b| (&a.2.id, a.3).cmp(&(&b.2.id, b.3)));
        sharing.dedup_by(|later, first| std::ptr::eq(later.2, first.2));
        if sharing.len() > 1 {
            report(&sharing, out);
        }
    }
}

/// One finding for each household of `sharing` (one number, two or more households).
fn report(sharing: &[Seen<'_>], out: &mut Findings<'_>) {
    for (i, (_, village, h, _, holder)) in sharing.iter().enumerate() {
        // Name a few of the others; a long list would make the check quadratic.
        let others: Vec<Text> = sharing
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .take(4)
            .map(|(_, (_, v, o, _, _))| {
                let label = household_label(o);
                Text {
                    en: format!("{} in village {v}", label.en),
                    zh: format!("村 {v} 的{}", label.zh),
                }
            })
            .collect();
        let en: Vec<String> = others.iter().map(|t| t.en.clone()).collect();
        let zh: Vec<String> = others.iter().map(|t| t.zh.clone()).collect();
        let (mut names_en, mut names_zh) = (list_some(&en, 3).en, list_some(&zh, 3).zh);
        if sharing.len() - 1 > others.len() {
            let more = sharing.len() - 1 - others.len();
            names_en = format!("{names_en} and {more} more");
            names_zh = format!("{names_zh}（另有 {more} 户）");
        }
        let label = household_label(h);
        let (who_en, who_zh) = match holder {
            Holder::Head => ("head".to_string(), "户主".to_string()),
            Holder::Member(m) => (
                format!("member {} ({})", m.id, m.name),
                format!("成员 {}（{}）", m.id, m.name),
            ),
        };
        out.flag(
            Some(village),
            &h.id,
            Text {
                en: format!("{}'s {who_en} has the same ID number as {names_en}", label.en),
                zh: format!("{}的{who_zh}身份证号与{names_zh}相同", label.zh),
            },
        );
    }
}
