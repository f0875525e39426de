//! Merging two copies of one journal, and proving what a merge re-chained.
//!
//! The merged journal holds the lines both copies share, then our new lines unchanged, then
//! theirs re-chained after ours: only `seq`, `prev` and `hash` change, so each re-chained
//! line's original hash is recomputed from its text, the line before the first of them in
//! the shared prefix, and its position. Lines that make the journal agree with the merged
//! records follow (actor `bangfu merge`), then the merge line: op `merge`, kind `journal`,
//! whose `after` is a [`MergeInfo`].

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::store::journal::{self, Change, GENESIS, Head, Op};

/// The `after` of a merge line.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MergeInfo {
    /// How many lines both copies shared.
    pub common: u64,
    /// The seq of the first and last re-chained line (the other copy's new lines).
    pub first: u64,
    pub last: u64,
    /// Their original hashes, as the other copy has them.
    pub original_first: String,
    pub original_last: String,
}

/// A journal line as the tool writes it: `{"seq":N,<middle>,"prev":"<hash>","hash":"<hash>"}`.
struct Parts<'a> {
    middle: &'a str,
    hash: &'a str,
}

fn parts(line: &str) -> Option<Parts<'_>> {
    let rest = line.strip_prefix(r#"{"seq":"#)?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    rest[..digits].parse::<u64>().ok()?;
    let rest = rest[digits..].strip_prefix(',')?;
    let (_, hash) = journal::split_line(line)?;
    // `,"prev":"<64>","hash":"<64>"}` ends the line.
    let tail = r#","prev":""#.len() + 64 + r#"","hash":""#.len() + 64 + r#""}"#.len();
    let end = rest.len().checked_sub(tail)?;
    if !rest.is_char_boundary(end) || !rest[end..].starts_with(r#","prev":""#) {
        return None;
    }
    Some(Parts {
        middle: &rest[..end],
        hash,
    })
}

/// The line with a new `seq` and `prev`, and its hash recomputed.
fn rechain(line: &str, seq: u64, prev: &str) -> Option<(String, String)> {
    let p = parts(line)?;
    let body = format!(r#"{{"seq":{seq},{},"prev":"{prev}"}}"#, p.middle);
    let hash = journal::chain_hash(prev, &body);
    let line = format!(r#"{},"hash":"{hash}"}}"#, &body[..body.len() - 1]);
    Some((line, hash))
}

/// Whether `lines` (a journal, without newlines) chain correctly from the start up to line
/// `seq` and that line has `hash`, directly or as the other copy had them before a merge
/// re-chained them. Else says where it diverges.
pub fn holds_head(lines: &[&str], seq: u64, hash: &str) -> Result<(), String> {
    let owned: Vec<String> = lines.iter().map(|l| (*l).to_string()).collect();
    holds(&owned, seq, hash)
}

fn holds(lines: &[String], seq: u64, hash: &str) -> Result<(), String> {
    let n = usize::try_from(seq).unwrap_or(usize::MAX);
    if n == 0 || n > lines.len() {
        return Err(format!(
            "it has {} lines, but {seq} were sealed: lines were removed",
            lines.len()
        ));
    }
    let direct = chain_error(&lines[..n]);
    if direct.is_none() && parts(&lines[n - 1]).is_some_and(|p| p.hash == hash) {
        return Ok(());
    }
    // The sealed lines may be another copy's, re-chained by a merge: rebuild that copy's
    // journal as it was and look again.
    for (i, line) in lines.iter().enumerate() {
        let Some(info) = merge_info(line) else {
            continue;
        };
        if let Some(theirs) = original_lines(&lines[..i], &info)
            && holds(&theirs, seq, hash).is_ok()
        {
            return Ok(());
        }
    }
    Err(match direct {
        Some((k, what)) => format!("line {k} {what}, so the sealed lines were changed"),
        None => format!(
            "line {seq} is not the line sealed (its hash was {}…): the history was rewritten",
            &hash[..hash.len().min(12)]
        ),
    })
}

/// The first line (1-based) whose chain is broken, and how.
fn chain_error(lines: &[String]) -> Option<(usize, String)> {
    let mut head = Head::empty();
    for (i, line) in lines.iter().enumerate() {
        let (parsed, faults) = journal::check_line(line.as_bytes(), Some(&head));
        if let Some(f) = faults.first() {
            return Some((i + 1, f.to_string()));
        }
        let p = parsed?;
        head = Head {
            seq: p.seq,
            hash: p.hash,
        };
    }
    None
}

/// The merge line's record of what it re-chained, if `line` is a merge line.
pub fn merge_info(line: &str) -> Option<MergeInfo> {
    let entry: journal::Entry = serde_json::from_str(line).ok()?;
    if entry.op != Op::Merge {
        return None;
    }
    serde_json::from_value(entry.after?).ok()
}

/// The other copy's journal as it was before the merge: the shared prefix, then the
/// re-chained lines with their original seq, prev and hash.
fn original_lines(before_merge: &[String], info: &MergeInfo) -> Option<Vec<String>> {
    let common = usize::try_from(info.common).ok()?;
    let (first, last) = (
        usize::try_from(info.first).ok()?,
        usize::try_from(info.last).ok()?,
    );
    if common > before_merge.len() || first <= common || last < first || last > before_merge.len() {
        return None;
    }
    let mut out: Vec<String> = before_merge[..common].to_vec();
    let mut prev = match out.last() {
        Some(l) => parts(l)?.hash.to_string(),
        None => GENESIS.to_string(),
    };
    for line in &before_merge[first - 1..last] {
        let (line, hash) = rechain(line, out.len() as u64 + 1, &prev)?;
        out.push(line);
        prev = hash;
    }
    Some(out)
}

/// Checks every merge line of a journal: the lines it names were re-chained from lines whose
/// original hashes it records. Returns (line number, what is wrong) for each bad one.
pub fn check_merge_lines(text: &str) -> Vec<(usize, String)> {
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let is_merge = serde_json::from_str::<journal::Entry>(line)
            .is_ok_and(|e| e.op == Op::Merge && e.kind == "journal");
        if !is_merge {
            continue;
        }
        let Some(info) = merge_info(line) else {
            out.push((
                i + 1,
                "the merge line's after is not {common, first, last, original_first, \
                 original_last}"
                    .to_string(),
            ));
            continue;
        };
        let theirs = original_lines(&lines[..i], &info);
        let ok = theirs.as_ref().is_some_and(|t| {
            let n = t.len();
            let count = usize::try_from(info.last - info.first + 1).unwrap_or(0);
            let hash = |k: usize| parts(&t[k]).map(|p| p.hash.to_string());
            n >= count
                && hash(n - count).as_deref() == Some(info.original_first.as_str())
                && hash(n - 1).as_deref() == Some(info.original_last.as_str())
        });
        if !ok {
            out.push((
                i + 1,
                format!(
                    "the merge line says lines {}–{} were re-chained from lines hashed {}… to \
                     {}…, but their text does not give those hashes: they were changed after \
                     the merge",
                    info.first,
                    info.last,
                    &info.original_first[..info.original_first.len().min(12)],
                    &info.original_last[..info.original_last.len().min(12)],
                ),
            ));
        }
    }
    out
}

/// A journal's lines, checked to be journal lines as the tool writes them.
pub fn split(name: &str, text: &str) -> Result<Vec<String>, String> {
    if !text.is_empty() && !text.ends_with('\n') {
        return Err(format!(
            "{name}: the last line has no newline: a torn journal"
        ));
    }
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if parts(line).is_none() || serde_json::from_str::<journal::Entry>(line).is_err() {
            return Err(format!(
                "{name}:{}: is not a journal line as bangfu writes it",
                i + 1
            ));
        }
        out.push(line.to_string());
    }
    Ok(out)
}

/// The state of a record (or of the policy) according to a journal: the `after` text of its
/// last line, `None` when that line removed it.
type States = HashMap<(String, String), Option<String>>;

fn states(lines: &[String]) -> States {
    let mut out = States::new();
    for line in lines {
        let Ok(entry) = serde_json::from_str::<journal::Entry>(line) else {
            continue;
        };
        if entry.kind == "journal" {
            continue;
        }
        let id = if entry.kind == "policy" {
            String::new()
        } else {
            entry.id
        };
        let after = entry
            .after
            .map(|v| serde_json::to_string(&v).unwrap_or_default());
        out.insert((entry.kind, id), after);
    }
    out
}

/// Merges three versions of one journal. `merged_state` gives, for a record whose two
/// copies changed it, what the record files hold after the merge (the same rule the record
/// merge follows), so that the journal's last word on every record agrees with the files.
pub fn merge(
    base: &[String],
    ours: &[String],
    theirs: &[String],
    actor: &str,
    at: &str,
) -> Result<String, String> {
    for (name, side) in [("ours", ours), ("theirs", theirs)] {
        if side.len() < base.len() || side[..base.len()] != *base {
            return Err(format!(
                "the {name} journal does not start with the common ancestor's lines: its \
                 history was rewritten"
            ));
        }
        if let Some((k, what)) = chain_error(side) {
            return Err(format!("the {name} journal's line {k}: {what}"));
        }
    }
    let common = ours.iter().zip(theirs).take_while(|(a, b)| a == b).count();
    let (ours_new, theirs_new) = (&ours[common..], &theirs[common..]);
    let join = |lines: &[String]| {
        let mut s = lines.join("\n");
        if !s.is_empty() {
            s.push('\n');
        }
        s
    };
    if theirs_new.is_empty() {
        return Ok(join(ours));
    }
    if ours_new.is_empty() {
        return Ok(join(theirs));
    }
    let mut out: Vec<String> = ours.to_vec();
    let mut head = Head {
        seq: out.len() as u64,
        hash: parts(&out[out.len() - 1])
            .map(|p| p.hash.to_string())
            .unwrap_or_default(),
    };
    let first = head.seq + 1;
    for line in theirs_new {
        let (line, hash) = rechain(line, head.seq + 1, &head.hash)
            .ok_or_else(|| "a journal line cannot be re-chained".to_string())?;
        out.push(line);
        head = Head {
            seq: head.seq + 1,
            hash,
        };
    }
    let last = head.seq;
    // Make the journal's last word on each record what the merged files hold.
    let (b, o, t) = (states(&ours[..common]), states(ours), states(theirs));
    let last_word = states(&out);
    let mut keys: Vec<(String, String)> = states(theirs_new).into_keys().collect();
    keys.sort();
    for key in &keys {
        let none = None;
        let (bv, ov, tv) = (
            b.get(key).unwrap_or(&none),
            o.get(key).unwrap_or(&none),
            t.get(key).unwrap_or(&none),
        );
        let merged = if key.0 == "policy" {
            Some(merge_policy_text(
                bv.as_deref(),
                ov.as_deref(),
                tv.as_deref(),
            ))
        } else if tv == bv {
            ov.clone()
        } else {
            // Ours unless ours kept the ancestor's version (a conflict keeps ours too).
            if ov == bv { tv.clone() } else { ov.clone() }
        };
        let now = last_word.get(key).unwrap_or(&none);
        if merged == *now {
            continue;
        }
        let op = match (now, &merged) {
            (None, _) => Op::Add,
            (_, None) => Op::Remove,
            _ => Op::Update,
        };
        let id = if key.0 == "policy" {
            "merge"
        } else {
            key.1.as_str()
        };
        let text = journal::append_line(
            &mut head,
            &Change {
                at,
                actor,
                op,
                kind: &key.0,
                id,
                before: now.as_deref(),
                after: merged.as_deref(),
            },
        );
        out.push(text.trim_end().to_string());
    }
    let info = MergeInfo {
        common: common as u64,
        first,
        last,
        original_first: parts(&theirs_new[0])
            .map(|p| p.hash.to_string())
            .unwrap_or_default(),
        original_last: parts(&theirs_new[theirs_new.len() - 1])
            .map(|p| p.hash.to_string())
            .unwrap_or_default(),
    };
    let after = serde_json::to_string(&info).unwrap_or_default();
    let line = journal::append_line(
        &mut head,
        &Change {
            at,
            actor,
            op: Op::Merge,
            kind: "journal",
            id: &info.original_last,
            before: None,
            after: Some(&after),
        },
    );
    out.push(line.trim_end().to_string());
    Ok(join(&out))
}

/// The policy merged key by key, as JSON text; a key changed differently on both sides
/// keeps ours.
fn merge_policy_text(base: Option<&str>, ours: Option<&str>, theirs: Option<&str>) -> String {
    let parse = |t: Option<&str>| -> serde_json::Map<String, serde_json::Value> {
        t.and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or_default()
    };
    let (merged, _) = super::records::merge_map(&parse(base), &parse(ours), &parse(theirs));
    serde_json::to_string(&merged).unwrap_or_default()
}
