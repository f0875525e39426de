//! A whole check made from the last one (README, "Derived data"). The last whole check's
//! findings are kept under `.cache/snap/results/` with what they were found in: the stamps
//! of every file, and each village's `rules::cross_keys`. Run again with the same date,
//! language, rules and policy, a whole check compares the stamps: when nothing changed it
//! prints the kept findings; when some villages changed, it checks again only the villages
//! a change can reach, and takes every other village's findings from what was kept.
//!
//! Why that is exact: a village's findings depend on its own records, the people, and the
//! villages sharing a cross key with it (a check of one village loads no more, and the tests
//! compare it with the whole check). A change of the people, of the policy or of the
//! arguments checks everything again. A village sharing no key, old or new, with a changed
//! village has the same neighbours with the same records as before, so its kept findings
//! stand; every other village (the reached ones) is checked again with its neighbours.

use std::collections::BTreeSet;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::policy::Severity;
use crate::rules::{self, CrossKey, Finding, Located};
use crate::store::snapshot::{Snapshots, Source, Stamps, from_bytes};
use crate::store::{Layout, Registry, Store, VillageRecords};

use super::{Names, names_of};

/// The kept findings, and beside them the villages' cross keys (read only when some
/// villages changed).
const RESULT: &str = "check";
const KEYS: &str = "check.keys";

/// When more than this share of the villages changed, everything is checked again: the
/// reached villages would be most of the registry anyway.
const MOST: usize = 4;

/// Code, severity, village, kind, id, message, and the villages of a finding of several.
type KeptFinding = (
    String,
    Severity,
    Option<String>,
    String,
    String,
    String,
    Vec<String>,
);

/// The last whole check, as kept.
#[derive(Serialize, Deserialize)]
struct Kept {
    /// The build that wrote it: read back only by the same build (`crate::BUILD`).
    build: String,
    /// Written into both files, so that keys are read only beside their own findings.
    token: u128,
    /// What else the findings depend on: date, language, rules and policy.
    key: String,
    people: Stamps,
    /// Every village's id, sorted, with the stamps of its files; none when they could not
    /// be kept (the village then counts as changed).
    villages: Vec<(String, Option<Stamps>)>,
    findings: Vec<KeptFinding>,
    names: Vec<(String, String)>,
}

/// The villages' cross keys, in the order of `Kept::villages`.
#[derive(Serialize, Deserialize)]
struct Keys {
    token: u128,
    keys: Vec<Vec<CrossKey>>,
}

/// The whole registry's findings, in the order of `rules::check_rules`, and the villages'
/// headings. `key` is what the findings depend on besides the store; `run` checks a
/// registry.
pub fn whole(
    store: &Store,
    key: String,
    run: impl Fn(&Registry) -> Vec<Located>,
) -> Result<(Vec<Finding>, Names)> {
    let layout = store.layout();
    let snapshots = store.snapshots();
    let ids = store.village_ids()?;
    let people = Stamps::now(layout, Source::People);
    let now: Vec<Stamps> = ids
        .par_iter()
        .map(|id| Stamps::now(layout, Source::Village(id)))
        .collect();
    let last = snapshots
        .kept(RESULT)
        .and_then(|bytes| from_bytes::<Kept>(&bytes))
        .filter(|k| {
            k.build == crate::BUILD
                && k.key == key
                && k.people.still(&people, layout, Source::People)
        });
    let now = Now { ids, stamps: now };
    if let Some(last) = last {
        let changed = now.changed(layout, &last);
        if changed.is_empty() {
            if let Some(found) = findings(last.findings) {
                let found = found.into_iter().map(|l| l.finding).collect();
                return Ok((found, last.names.into_iter().collect()));
            }
        } else if changed.len() * MOST <= now.ids.len()
            && let Some(keys) = snapshots.kept(KEYS).and_then(|b| from_bytes::<Keys>(&b))
            && keys.token == last.token
            && keys.keys.len() == last.villages.len()
        {
            let again = again(store, &now, last, keys.keys, &changed, &run)?;
            return Ok(again.keep(&snapshots, key, people, layout));
        }
    }
    let full = full(store, &now, &run)?;
    Ok(full.keep(&snapshots, key, people, layout))
}

/// The villages of the store and the stamps of their files, as they are now.
struct Now {
    ids: Vec<String>,
    stamps: Vec<Stamps>,
}

impl Now {
    /// The villages added, removed, or whose files changed since `last`.
    fn changed(&self, layout: &Layout, last: &Kept) -> BTreeSet<String> {
        let kept = |id: &String| {
            let i = last.villages.binary_search_by(|(k, _)| k.cmp(id)).ok()?;
            last.villages[i].1.as_ref()
        };
        let mut changed: BTreeSet<String> = self
            .ids
            .iter()
            .zip(&self.stamps)
            .filter(|(id, now)| {
                !kept(id).is_some_and(|then| then.still(now, layout, Source::Village(id)))
            })
            .map(|(id, _)| id.clone())
            .collect();
        changed.extend(
            last.villages
                .iter()
                .filter(|(id, _)| self.ids.binary_search(id).is_err())
                .map(|(id, _)| id.clone()),
        );
        changed
    }

    fn stamps_of(&self, id: &str) -> Option<&Stamps> {
        let i = self.ids.binary_search_by(|k| k.as_str().cmp(id)).ok()?;
        Some(&self.stamps[i])
    }
}

/// A whole check's result, to print and to keep.
struct Checked {
    findings: Vec<Located>,
    names: Names,
    /// Every village checked, sorted, with its stamps (none: not to be trusted) and keys.
    villages: Vec<(String, Option<Stamps>, Vec<CrossKey>)>,
}

impl Checked {
    /// Keeps the result (when the people's stamps can be kept) and gives its findings.
    fn keep(
        self,
        snapshots: &Snapshots,
        key: String,
        people: Stamps,
        layout: &Layout,
    ) -> (Vec<Finding>, Names) {
        let Checked {
            findings,
            names,
            villages,
        } = self;
        if let Some(people) = people.to_keep(layout, Source::People) {
            let token = token();
            let (villages, keys): (Vec<_>, Vec<_>) = villages
                .into_iter()
                .map(|(id, stamps, keys)| ((id, stamps), keys))
                .unzip();
            let kept = Kept {
                build: crate::BUILD.to_string(),
                token,
                key,
                people,
                villages,
                findings: findings.iter().map(kept_finding).collect(),
                names: names.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            };
            // The keys first: findings never stand beside another check's keys.
            snapshots.keep(KEYS, &Keys { token, keys });
            snapshots.keep(RESULT, &kept);
        }
        (findings.into_iter().map(|l| l.finding).collect(), names)
    }
}

/// Checks every village.
fn full(store: &Store, now: &Now, run: &impl Fn(&Registry) -> Vec<Located>) -> Result<Checked> {
    let loaded = store.load_keyed(&now.ids)?;
    let layout = store.layout();
    let (villages, keys): (Vec<VillageRecords>, Vec<Vec<CrossKey>>) = loaded.into_iter().unzip();
    let registry = Registry {
        people: store.load_people()?,
        villages,
        partial: false,
    };
    let findings = run(&registry);
    let names = names_of(&registry);
    let kept = registry
        .villages
        .par_iter()
        .zip(keys)
        .map(|(v, keys)| {
            let id = v.village.id.to_string();
            let stamps = now
                .stamps_of(&id)
                .and_then(|s| s.clone().to_keep(layout, Source::Village(&id)));
            (id, stamps, keys)
        })
        .collect();
    // The process ends soon: freeing a province's records one by one would only delay it.
    std::mem::forget(registry);
    Ok(Checked {
        findings,
        names,
        villages: kept,
    })
}

/// Checks again the villages a change can reach (see the module's documentation), with
/// their neighbours; the other villages' findings are `last`'s.
fn again(
    store: &Store,
    now: &Now,
    last: Kept,
    keys: Vec<Vec<CrossKey>>,
    changed: &BTreeSet<String>,
    run: &impl Fn(&Registry) -> Vec<Located>,
) -> Result<Checked> {
    let layout = store.layout();
    let still: Vec<String> = changed
        .iter()
        .filter(|id| now.ids.binary_search(id).is_ok())
        .cloned()
        .collect();
    let fresh = store.load_keyed(&still)?;
    let old: FxHashMap<&str, &[CrossKey]> = last
        .villages
        .iter()
        .map(|(id, _)| id.as_str())
        .zip(keys.iter().map(Vec::as_slice))
        .collect();
    let new: FxHashMap<&str, &[CrossKey]> = fresh
        .iter()
        .map(|(v, k)| (v.village.id.as_str(), k.as_slice()))
        .collect();
    // Every village there is now, with its keys.
    let present: Vec<(&str, &[CrossKey])> = now
        .ids
        .iter()
        .filter_map(|id| {
            let keys = if changed.contains(id) {
                new.get(id.as_str())
            } else {
                old.get(id.as_str())
            };
            Some((id.as_str(), *keys?))
        })
        .collect();
    let touched: FxHashSet<CrossKey> = changed
        .iter()
        .flat_map(|id| {
            let old = old.get(id.as_str()).copied().unwrap_or_default();
            let new = new.get(id.as_str()).copied().unwrap_or_default();
            old.iter().chain(new)
        })
        .copied()
        .collect();
    let mut reached: FxHashSet<&str> = changed.iter().map(String::as_str).collect();
    reached.extend(
        present
            .iter()
            .filter(|(_, keys)| keys.iter().any(|k| touched.contains(k)))
            .map(|(id, _)| *id),
    );
    let near: FxHashSet<CrossKey> = present
        .iter()
        .filter(|(id, _)| reached.contains(id))
        .flat_map(|(_, keys)| keys.iter().copied())
        .collect();
    let neighbours: Vec<String> = present
        .iter()
        .filter(|(id, keys)| {
            !changed.contains(*id)
                && (reached.contains(id) || keys.iter().any(|k| near.contains(k)))
        })
        .map(|(id, _)| id.to_string())
        .collect();
    let mut villages: Vec<VillageRecords> = fresh.iter().map(|(v, _)| v.clone()).collect();
    villages.extend(store.load_keyed(&neighbours)?.into_iter().map(|(v, _)| v));
    villages.sort_by(|a, b| a.village.id.cmp(&b.village.id));
    let registry = Registry {
        people: store.load_people()?,
        villages,
        partial: true,
    };
    let concerns_reached = |l: &Located| l.villages().any(|v| reached.contains(v));
    let Some(kept) = findings(last.findings) else {
        return full(store, now, run);
    };
    let mut found: Vec<Located> = kept.into_iter().filter(|l| !concerns_reached(l)).collect();
    found.extend(run(&registry).into_iter().filter(concerns_reached));
    rules::order(&mut found);
    let mut names: Names = last
        .names
        .into_iter()
        .filter(|(id, _)| !changed.contains(id))
        .collect();
    names.extend(names_of(&registry));
    let kept_stamps: FxHashMap<&str, &Option<Stamps>> = last
        .villages
        .iter()
        .map(|(id, stamps)| (id.as_str(), stamps))
        .collect();
    let villages = present
        .iter()
        .map(|(id, keys)| {
            let stamps = if changed.contains(*id) {
                now.stamps_of(id)
                    .and_then(|s| s.clone().to_keep(layout, Source::Village(id)))
            } else {
                kept_stamps.get(id).copied().cloned().flatten()
            };
            (id.to_string(), stamps, keys.to_vec())
        })
        .collect();
    Ok(Checked {
        findings: found,
        names,
        villages,
    })
}

fn kept_finding(l: &Located) -> KeptFinding {
    let f = &l.finding;
    (
        f.code.to_string(),
        f.severity,
        f.village.clone(),
        f.kind.to_string(),
        f.id.clone(),
        f.message.clone(),
        l.across.clone(),
    )
}

/// The kept findings back, each with its rule's static code and name; none when a code or
/// kind is not this binary's.
fn findings(kept: Vec<KeptFinding>) -> Option<Vec<Located>> {
    let kinds = crate::model::Kind::ALL.iter().map(|k| k.name());
    let kinds: Vec<&'static str> = kinds.chain(["record"]).collect();
    kept.into_iter()
        .map(|(code, severity, village, kind, id, message, across)| {
            let rule = rules::RULES.iter().find(|r| r.code == code)?;
            let kind = *kinds.iter().find(|k| **k == kind)?;
            Some(Located {
                finding: Finding {
                    code: rule.code,
                    rule: rule.name,
                    severity,
                    village,
                    kind,
                    id,
                    message,
                },
                across,
            })
        })
        .collect()
}

/// A value that tells one keeping from another: the time and the process.
fn token() -> u128 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    nanos ^ (u128::from(std::process::id()) << 96)
}
