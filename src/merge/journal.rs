//! Merging two copies of one journal, and proving what a merge re-chained.
//!
//! A line is known by its content: the line without `seq`, `prev` and `hash` (which only say
//! where it stands in a chain). The merged journal is our journal unchanged, then the lines
//! of theirs that ours does not hold, re-chained after ours, then lines that make the
//! journal's last word on each record agree with the merged record files, then the merge
//! line: op `merge`, kind `journal`, whose `after` is a [`MergeInfo`]. The merge line lists,
//! as ranges of seqs in the merged journal, the lines that made up their journal in order;
//! chaining those lines' content again from the start rebuilds their journal exactly, with
//! its original hashes, which is how a seal taken in their copy is proved after the merge,
//! and how `verify` checks the merge line. Copies that pull from each other again and again
//! merge the same way, since a line already present in ours is known by its content.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::lang::Text;
use crate::store::journal::{self, Change, GENESIS, Head, Op, Subject};

/// The `after` of a merge line.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MergeInfo {
    /// How many lines the two journals shared as they were, from the start.
    pub common: u64,
    /// The seq of the first and last re-chained line (the other copy's new lines).
    pub first: u64,
    pub last: u64,
    /// The original hash of the first re-chained line, and of their journal's last line.
    pub original_first: String,
    pub original_last: String,
    /// Their journal, in order, as ranges `[from, to]` of seqs in the merged journal.
    pub theirs: Vec<[u64; 2]>,
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

/// What identifies a line whatever its place in a chain.
fn content(line: &str) -> Option<&str> {
    parts(line).map(|p| p.middle)
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
pub fn holds_head(lines: &[&str], seq: u64, hash: &str) -> Result<(), Text> {
    let owned: Vec<String> = lines.iter().map(|l| (*l).to_string()).collect();
    holds(&owned, seq, hash)
}

fn holds(lines: &[String], seq: u64, hash: &str) -> Result<(), Text> {
    let n = usize::try_from(seq).unwrap_or(usize::MAX);
    if n == 0 || n > lines.len() {
        return Err(Text {
            en: format!(
                "it has {} lines, but {seq} were sealed: lines were removed",
                lines.len()
            ),
            zh: format!("只有 {} 行，而封存时有 {seq} 行：有行被删除", lines.len()),
        });
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
            && holds(
                &theirs.into_iter().map(|(_, l)| l).collect::<Vec<_>>(),
                seq,
                hash,
            )
            .is_ok()
        {
            return Ok(());
        }
    }
    let sealed = &hash[..hash.len().min(12)];
    Err(match direct {
        Some((k, fault)) => Text {
            en: format!("line {k}: {fault}, so the sealed lines were changed"),
            zh: format!("第 {k} 行：{}，所以封存的行被改动过", fault.zh()),
        },
        None => Text {
            en: format!(
                "line {seq} is not the line sealed (its hash was {sealed}…): the history was rewritten"
            ),
            zh: format!("第 {seq} 行不是封存的那一行（其哈希为 {sealed}…）：历史被改写"),
        },
    })
}

/// The first line (1-based) whose chain is broken, and how.
fn chain_error(lines: &[String]) -> Option<(usize, journal::Fault)> {
    let mut head = Head::empty();
    for (i, line) in lines.iter().enumerate() {
        let (parsed, faults) = journal::check_line(line.as_bytes(), Some(&head));
        if let Some(f) = faults.first() {
            return Some((i + 1, f.clone()));
        }
        let p = parsed?;
        head = Head {
            seq: p.seq,
            hash: p.hash.into_owned(),
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

/// The other copy's journal as it was before the merge, rebuilt from the lines the merge
/// line lists, with the merged seq each came from.
fn original_lines(before_merge: &[String], info: &MergeInfo) -> Option<Vec<(u64, String)>> {
    let mut out: Vec<(u64, String)> = Vec::new();
    let mut prev = GENESIS.to_string();
    for [from, to] in &info.theirs {
        if *from == 0 || from > to || usize::try_from(*to).ok()? > before_merge.len() {
            return None;
        }
        for seq in *from..=*to {
            let line = &before_merge[usize::try_from(seq).ok()? - 1];
            let (line, hash) = rechain(line, out.len() as u64 + 1, &prev)?;
            out.push((seq, line));
            prev = hash;
        }
    }
    Some(out)
}

/// Checks every merge line of a journal: the lines it lists rebuild their journal, whose
/// hashes it records. A merge line that a later merge re-chained is checked in the journal
/// it was written in, rebuilt. Returns (line number, what is wrong) for each bad one.
pub fn check_merge_lines(text: &str) -> Vec<(usize, String)> {
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    check_lines(&lines)
        .into_iter()
        .map(|(line, nested, message)| match nested {
            None => (line, message),
            Some(inner) => (
                line,
                format!("in their journal as this merge line rebuilds it, line {inner}: {message}"),
            ),
        })
        .collect()
}

/// (line, line inside a rebuilt journal, message) for each bad merge line.
fn check_lines(lines: &[String]) -> Vec<(usize, Option<usize>, String)> {
    let merges: Vec<(usize, Option<MergeInfo>)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            serde_json::from_str::<journal::Entry>(l)
                .is_ok_and(|e| e.op == Op::Merge && e.kind == Subject::Journal)
        })
        .map(|(i, l)| (i, merge_info(l)))
        .collect();
    // Lines a later merge re-chained: checked where they were written.
    let rechained = |i: usize| {
        let seq = i as u64 + 1;
        merges.iter().any(|(j, info)| {
            *j > i
                && info
                    .as_ref()
                    .is_some_and(|m| (m.first..=m.last).contains(&seq))
        })
    };
    let mut out = Vec::new();
    for (i, info) in &merges {
        if rechained(*i) {
            continue;
        }
        let Some(info) = info else {
            out.push((
                i + 1,
                None,
                "the merge line's after is not {common, first, last, original_first, \
                 original_last, theirs}"
                    .to_string(),
            ));
            continue;
        };
        let theirs = original_lines(&lines[..*i], info);
        let ok = theirs.as_ref().is_some_and(|t| {
            let hash_of = |l: &String| parts(l).map(|p| p.hash.to_string());
            let first = t.iter().find(|(seq, _)| *seq == info.first);
            first.and_then(|(_, l)| hash_of(l)).as_deref() == Some(info.original_first.as_str())
                && t.last().and_then(|(_, l)| hash_of(l)).as_deref()
                    == Some(info.original_last.as_str())
        });
        if !ok {
            out.push((
                i + 1,
                None,
                format!(
                    "the merge line says lines {}–{} were re-chained from their journal, whose \
                     lines hashed {}… and {}…, but the lines it lists do not give those hashes: \
                     they were changed after the merge",
                    info.first,
                    info.last,
                    &info.original_first[..info.original_first.len().min(12)],
                    &info.original_last[..info.original_last.len().min(12)],
                ),
            ));
            continue;
        }
        let theirs: Vec<String> = theirs
            .unwrap_or_default()
            .into_iter()
            .map(|(_, l)| l)
            .collect();
        for (inner, _, message) in check_lines(&theirs) {
            out.push((i + 1, Some(inner), message));
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
pub type States = HashMap<(Subject, String), Option<String>>;

/// Each record's (and the policy's) last `after` in a journal, by (kind, id).
pub fn states(lines: &[String]) -> States {
    let mut out = States::new();
    for line in lines {
        let Ok(entry) = serde_json::from_str::<journal::Entry>(line) else {
            continue;
        };
        if entry.kind == Subject::Journal {
            continue;
        }
        let id = if entry.kind == Subject::Policy {
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

/// Merges three versions of one journal (see the top of this file). A record that both
/// copies changed ends, in the journal as in the record files, with the version the record
/// merge keeps: theirs if only they changed it, else ours; `moved(ours_side, kind, id)` says
/// whether a record removed on that side moved to another village there.
pub fn merge(
    base: &[String],
    ours: &[String],
    theirs: &[String],
    actor: &str,
    at: &str,
    moved: &dyn Fn(bool, Subject, &str) -> bool,
) -> Result<String, String> {
    use std::collections::HashSet;
    let set = |lines: &[String]| -> HashSet<String> {
        lines
            .iter()
            .filter_map(|l| content(l).map(str::to_string))
            .collect()
    };
    let (ours_set, theirs_set) = (set(ours), set(theirs));
    for (name, side, side_set) in [("ours", ours, &ours_set), ("theirs", theirs, &theirs_set)] {
        if let Some(k) = base
            .iter()
            .position(|l| content(l).is_none_or(|c| !side_set.contains(c)))
        {
            return Err(format!(
                "the {name} journal lacks line {} of the common ancestor: its history was \
                 rewritten",
                k + 1
            ));
        }
        if let Some((k, what)) = chain_error(side) {
            return Err(format!("the {name} journal's line {k}: {what}"));
        }
    }
    let join = |lines: &[String]| {
        let mut s = lines.join("\n");
        if !s.is_empty() {
            s.push('\n');
        }
        s
    };
    if theirs_set.is_subset(&ours_set) {
        return Ok(join(ours));
    }
    if ours_set.is_subset(&theirs_set) {
        return Ok(join(theirs));
    }
    let common = ours.iter().zip(theirs).take_while(|(a, b)| a == b).count();
    let mut out: Vec<String> = ours.to_vec();
    let mut seq_of: HashMap<String, u64> = HashMap::new();
    for (i, line) in ours.iter().enumerate() {
        if let Some(c) = content(line) {
            seq_of.entry(c.to_string()).or_insert(i as u64 + 1);
        }
    }
    let mut head = Head {
        seq: out.len() as u64,
        hash: parts(&out[out.len() - 1])
            .map(|p| p.hash.to_string())
            .unwrap_or_default(),
    };
    let first = head.seq + 1;
    let mut theirs_seqs = Vec::with_capacity(theirs.len());
    let mut theirs_new = Vec::new();
    let mut original_first = String::new();
    for line in theirs {
        let c = content(line).unwrap_or_default().to_string();
        if let Some(seq) = seq_of.get(&c) {
            theirs_seqs.push(*seq);
            continue;
        }
        if original_first.is_empty() {
            original_first = parts(line).map(|p| p.hash.to_string()).unwrap_or_default();
        }
        let (line, hash) = rechain(line, head.seq + 1, &head.hash)
            .ok_or_else(|| "a journal line cannot be re-chained".to_string())?;
        out.push(line.clone());
        theirs_new.push(line);
        head = Head {
            seq: head.seq + 1,
            hash,
        };
        seq_of.insert(c, head.seq);
        theirs_seqs.push(head.seq);
    }
    let last = head.seq;
    // Make the journal's last word on each record what the merged files hold.
    let (b, o, t) = (states(base), states(ours), states(theirs));
    let last_word = states(&out);
    let mut keys: Vec<(Subject, String)> = states(&theirs_new).into_keys().collect();
    keys.sort();
    for key in &keys {
        let none = None;
        let (bv, ov, tv) = (
            b.get(key).unwrap_or(&none),
            o.get(key).unwrap_or(&none),
            t.get(key).unwrap_or(&none),
        );
        let merged = if key.0 == Subject::Policy {
            Some(merge_policy_text(
                bv.as_deref(),
                ov.as_deref(),
                tv.as_deref(),
            ))
        } else if ov == bv {
            tv.clone()
        } else if bv.is_some() && tv.is_none() && ov.is_some() && moved(false, key.0, &key.1) {
            // They moved it to another village, where its record now is.
            None
        } else {
            // Ours when ours changed it (a conflict keeps ours too).
            ov.clone()
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
        let id = if key.0 == Subject::Policy {
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
                kind: key.0,
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
        original_first,
        original_last: parts(&theirs[theirs.len() - 1])
            .map(|p| p.hash.to_string())
            .unwrap_or_default(),
        theirs: ranges(&theirs_seqs),
    };
    let after = serde_json::to_string(&info).unwrap_or_default();
    let line = journal::append_line(
        &mut head,
        &Change {
            at,
            actor,
            op: Op::Merge,
            kind: Subject::Journal,
            id: &info.original_last,
            before: None,
            after: Some(&after),
        },
    );
    out.push(line.trim_end().to_string());
    Ok(join(&out))
}

/// Consecutive numbers as `[from, to]` ranges.
fn ranges(seqs: &[u64]) -> Vec<[u64; 2]> {
    let mut out: Vec<[u64; 2]> = Vec::new();
    for &s in seqs {
        match out.last_mut() {
            Some(r) if r[1] + 1 == s => r[1] = s,
            _ => out.push([s, s]),
        }
    }
    out
}

/// The policy merged setting by setting (`records::merge_policy`), as JSON text; a setting
/// changed differently on both sides keeps ours.
fn merge_policy_text(base: Option<&str>, ours: Option<&str>, theirs: Option<&str>) -> String {
    let parse = |t: Option<&str>| -> serde_json::Map<String, serde_json::Value> {
        t.and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or_default()
    };
    let (merged, _) = super::records::merge_policy(&parse(base), &parse(ours), &parse(theirs));
    serde_json::to_string(&merged).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(head: &mut Head, id: &str, at: &str) -> String {
        let after = format!(r#"{{"id":"{id}"}}"#);
        journal::append_line(
            head,
            &Change {
                at,
                actor: "clerk",
                op: Op::Add,
                kind: Subject::Record(crate::model::Kind::Household),
                id,
                before: None,
                after: Some(&after),
            },
        )
        .trim_end()
        .to_string()
    }

    #[test]
    fn rechaining_keeps_the_content_and_gives_back_the_original_hash() {
        let mut head = Head::empty();
        let first = line(&mut head, "H1", "2026-01-01T00:00:00.000Z");
        let (moved, hash) = rechain(&first, 7, &"a".repeat(64)).unwrap();
        assert_eq!(content(&moved), content(&first));
        assert!(moved.starts_with(r#"{"seq":7,"#));
        let (back, back_hash) = rechain(&moved, 1, GENESIS).unwrap();
        assert_eq!(back, first);
        assert_eq!(back_hash, head.hash);
        assert_ne!(hash, head.hash);
    }

    #[test]
    fn a_merge_rebuilds_their_journal_and_holds_their_head() {
        let mut h = Head::empty();
        let base = vec![line(&mut h, "H1", "2026-01-01T00:00:00.000Z")];
        let (mut ho, mut ht) = (h.clone(), h.clone());
        let mut ours = base.clone();
        ours.push(line(&mut ho, "H2", "2026-01-02T00:00:00.000Z"));
        let mut theirs = base.clone();
        theirs.push(line(&mut ht, "H3", "2026-01-03T00:00:00.000Z"));
        theirs.push(line(&mut ht, "H4", "2026-01-04T00:00:00.000Z"));
        let text = merge(
            &base,
            &ours,
            &theirs,
            "m",
            "2026-01-05T00:00:00.000Z",
            &|_, _, _| false,
        )
        .unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[..2], [ours[0].as_str(), ours[1].as_str()]);
        let info = merge_info(lines[4]).unwrap();
        assert_eq!((info.first, info.last), (3, 4));
        assert_eq!(info.theirs, [[1, 1], [3, 4]]);
        assert_eq!(info.original_last, ht.hash);
        assert!(check_merge_lines(&text).is_empty());
        assert!(holds_head(&lines, 3, &ht.hash).is_ok());
        assert!(holds_head(&lines, 2, &ho.hash).is_ok());
        assert!(holds_head(&lines, 3, &ho.hash).is_err());
        // Merging again, the other way round, changes nothing that both hold.
        let again = merge(
            &theirs,
            &theirs,
            &split("m", &text).unwrap(),
            "m",
            "x",
            &|_, _, _| false,
        )
        .unwrap();
        assert_eq!(again, text);
    }

    #[test]
    fn ranges_join_consecutive_seqs() {
        assert_eq!(ranges(&[1, 2, 3, 5, 7, 8]), [[1, 3], [5, 5], [7, 8]]);
        assert!(ranges(&[]).is_empty());
    }
}
