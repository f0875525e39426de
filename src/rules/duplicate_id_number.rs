//! BF206 duplicate-id-number.

use std::borrow::Cow;
use std::collections::hash_map::Entry;

use super::prelude::*;
use crate::model::Household;

explain! {
    en {
        /// ## What it checks
        /// Two or more households whose heads have the same resident ID number, anywhere in the
        /// store and whatever their status. Each household sharing the number gets its own
        /// finding, naming the others. The number itself is never printed.
        ///
        /// ## Why it matters
        /// A person heads one household. The same head registered twice is a household counted
        /// twice: it inflates the village's poverty figures and can draw relief twice, which is
        /// why registration (建档立卡) is audited for duplicates.
        ///
        /// ## How to fix
        /// Find which record is right (`bangfu household show H`), correct a mistyped number
        /// (`bangfu household update H --id-number N`), and remove the duplicate household.
    }
    zh "户主身份证号重复" {
        /// ## 检查什么
        /// 两户或更多户的户主身份证号相同，不论在哪个村、状态如何。共用该号码的每一户各有一条问题，
        /// 并列出其他户。号码本身从不显示。
        ///
        /// ## 为什么重要
        /// 一个人只能是一户的户主。同一户主登记两次，就是一户被算了两次：虚增村里的贫困人口，还可能
        /// 两次领取扶贫资源，所以建档立卡要查重。
        ///
        /// ## 如何处理
        /// 查明哪条记录正确（`bangfu household show H`），更正录错的号码
        /// （`bangfu household update H --id-number N`），并删除重复的贫困户。
    }
}

pub fn check(ix: &Index<'_>, out: &mut Findings<'_>) {
    // The first household seen with each number, and only for numbers seen again, all of
    // them: a list per number would cost an allocation per household.
    let mut first: HashMap<Cow<'_, str>, (&str, &Household)> = HashMap::default();
    first.reserve(ix.households.len());
    let mut by_number: HashMap<Cow<'_, str>, Vec<(&str, &Household)>> = HashMap::default();
    for vr in ix.villages() {
        for h in &vr.households {
            if let Some(n) = &h.id_number {
                // Stored numbers are upper-cased already; a hand edit may not be.
                let key = if n.bytes().any(|b| b.is_ascii_lowercase()) {
                    Cow::Owned(n.to_ascii_uppercase())
                } else {
                    Cow::Borrowed(n.as_str())
                };
                let here = (vr.village.id.as_str(), h);
                match first.entry(key) {
                    Entry::Vacant(e) => {
                        e.insert(here);
                    }
                    Entry::Occupied(e) => {
                        let earlier = *e.get();
                        by_number
                            .entry(e.key().clone())
                            .or_insert_with(|| vec![earlier])
                            .push(here);
                    }
                }
            }
        }
    }
    for sharing in by_number.values() {
        for (i, (village, h)) in sharing.iter().enumerate() {
            // Name a few of the others; a long list would make the check quadratic.
            let others: Vec<Text> = sharing
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .take(4)
                .map(|(_, (v, o))| {
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
            out.flag(
                Some(village),
                &h.id,
                Text {
                    en: format!("{}'s head has the same ID number as {names_en}", label.en),
                    zh: format!("{}的户主身份证号与{names_zh}相同", label.zh),
                },
            );
        }
    }
}
