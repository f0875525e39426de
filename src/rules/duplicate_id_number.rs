//! BF206 duplicate-id-number.

use super::prelude::*;
use crate::model::{Household, Kind, Member};

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

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    // First a hash per number, sorted, to find the few numbers seen twice without a map
    // entry for each of the millions seen once; then the holders of those numbers only,
    // grouped by the number itself (two numbers of one hash stay apart). A member holding
    // its household's head's number (the head recorded again as a member: in most
    // households) is left out of the first count: that household is counted by its head,
    // and any other holder of the number brings the member into the second step, which
    // counts a household once.
    let mut hashes: Vec<u64> = Vec::new();
    for vr in ix.villages() {
        // The village's heads' numbers, by household id.
        let mut heads: HashMap<&str, (&Household, std::borrow::Cow<'_, str>)> =
            HashMap::default();
        for h in &vr.households {
            if let Some(n) = h.id_number.as_deref() {
                let k = key(n);
                hashes.push(hash_of(&k));
                heads.insert(&h.id, (h, k));
            }
        }
        for m in &vr.members {
            if let Some(n) = m.id_number.as_deref() {
                let k = key(n);
                // The household the second step gives the member: this one, unless the
                // household id is used twice in the store (then perhaps another village's).
                let id = m.household.as_str();
                let heads_own = heads.get(id).is_some_and(|(h, head)| {
                    *head == k
                        && (!ix.duplicates.contains(&(Kind::Household, id))
                            || ix.households.get(id).is_some_and(|g| std::ptr::eq(*g, *h)))
                });
                if !heads_own {
                    hashes.push(hash_of(&k));
                }
            }
        }
    }
    hashes.sort_unstable();
    let twice: HashSet<u64> = hashes
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    drop(hashes);
    // The holders, a village's heads (0) before its members (1).
    let mut sharing: HashMap<std::borrow::Cow<'_, str>, Vec<Seen<'_>>> = HashMap::default();
    let hold = |n| -> Option<std::borrow::Cow<'_, str>> {
        let k = key(n);
        twice.contains(&hash_of(&k)).then_some(k)
    };
    for vr in ix.villages() {
        let v = vr.village.id.as_str();
        for h in &vr.households {
            if let Some(k) = h.id_number.as_deref().and_then(hold) {
                sharing.entry(k.clone()).or_default().push((k, v, h, 0, Holder::Head));
            }
        }
        for m in &vr.members {
            if let Some(k) = m.id_number.as_deref().and_then(hold)
                && let Some(h) = ix.households.get(m.household.as_str())
            {
                let seen = (k.clone(), v, *h, 1, Holder::Member(m));
                sharing.entry(k).or_default().push(seen);
            }
        }
    }
    for mut sharing in sharing.into_values() {
        // One entry per household: the head if it holds the number, else its first member.
        sharing.sort_by(|a, b| (&a.2.id, a.3).cmp(&(&b.2.id, b.3)));
        sharing.dedup_by(|later, first| std::ptr::eq(later.2, first.2));
        if sharing.len() > 1 {
            report(&sharing, out);
        }
    }
}

fn hash_of(n: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(n)
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
