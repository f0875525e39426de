//! BF206 duplicate-id-number.

use std::borrow::Cow;
use std::collections::hash_map::Entry;

use super::prelude::*;
use crate::model::Household;

explain! {
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
            let others: Vec<String> = sharing
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .take(4)
                .map(|(_, (v, o))| format!("{} in village {v}", household_label(o)))
                .collect();
            let mut names = list_some(&others, 3);
            if sharing.len() - 1 > others.len() {
                names = format!("{names} and {} more", sharing.len() - 1 - others.len());
            }
            out.flag(
                Some(village),
                &h.id,
                format!(
                    "{}'s head has the same ID number as {names}",
                    household_label(h)
                ),
            );
        }
    }
}
