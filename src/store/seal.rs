//! The seal (README, "bangfu seal"): one digest over the heads of every journal, kept by the
//! office outside the store, that later proves every sealed journal still starts with the
//! lines it had.
//!
//! The digest is the SHA-256 of one line per journal, sorted by path:
//! `<path relative to the store>\t<seq>\t<hash>\n`. `bangfu seal` journals it in the
//! store-level journal as op `seal`, kind `journal`, id the digest, `after` the heads, so that
//! the digest alone finds what it covers. A journal that a git merge re-chained (its other
//! copy's lines moved after ours, with new seq, prev and hash) still proves a seal taken in
//! that copy: the merge line says which lines were re-chained, and their original hashes are
//! recomputed from their text (see `merge::journal`).

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::lang::Text;
use crate::merge::journal as rechain;

use super::journal::{self, Op};
use super::layout::{self, Layout};
use super::{Store, fsio};

/// Where one journal's chain stood when sealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealedHead {
    /// The journal's path relative to the store, with `/`.
    pub journal: String,
    pub seq: u64,
    pub hash: String,
}

/// What a seal line's `after` holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seal {
    pub digest: String,
    pub heads: Vec<SealedHead>,
}

/// The digest over a set of heads (sorted by path first).
pub fn digest(heads: &[SealedHead]) -> String {
    let mut sorted: Vec<&SealedHead> = heads.iter().collect();
    sorted.sort_by(|a, b| a.journal.cmp(&b.journal));
    let mut h = Sha256::new();
    for head in sorted {
        h.update(format!("{}\t{}\t{}\n", head.journal, head.seq, head.hash).as_bytes());
    }
    journal::hex(&h.finalize())
}

/// The heads of every non-empty journal in the store, live villages and removed ones.
pub fn heads(layout: &Layout) -> Result<Vec<SealedHead>> {
    let mut out = Vec::new();
    for path in journal::files(layout, None)? {
        let head = journal::read_head(&path)?;
        if head.seq == 0 {
            continue;
        }
        out.push(SealedHead {
            journal: rel_name(layout, &path),
            seq: head.seq,
            hash: head.hash,
        });
    }
    out.sort_by(|a, b| a.journal.cmp(&b.journal));
    Ok(out)
}

fn rel_name(layout: &Layout, path: &Path) -> String {
    layout
        .relative(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Seals the store: takes every journal's head under the lock and journals the seal.
pub fn seal(store: &Store, actor: &str) -> Result<Seal> {
    store.write(actor, |txn| {
        let heads = heads(store.layout())?;
        let seal = Seal {
            digest: digest(&heads),
            heads,
        };
        let after = serde_json::to_string(&seal).unwrap_or_default();
        txn.journal_note(
            Op::Seal,
            journal::Subject::Journal,
            &seal.digest.clone(),
            &after,
        )?;
        Ok(seal)
    })
}

/// One sealed journal that no longer starts with the lines it had.
#[derive(Debug, Clone)]
pub struct Divergence {
    pub journal: String,
    pub message: Text,
}

/// Checks the store against a seal's digest: every journal it covers still starts with the
/// lines it had. Returns the seal (if the store-level journal holds it) and each journal that
/// diverges.
pub fn check(layout: &Layout, digest_text: &str) -> Result<(Option<Seal>, Vec<Divergence>)> {
    let wanted = digest_text.trim().to_ascii_lowercase();
    let Some(seal) = find(layout, &wanted)? else {
        let message = Text {
            en: format!(
                "no seal with digest {wanted}: it was never taken in this store's history, or \
                 the line that recorded it was removed"
            ),
            zh: format!(
                "没有摘要为 {wanted} 的封存：本库的历史中从未封存过它，或记录它的那一行被删除了"
            ),
        };
        return Ok((
            None,
            vec![Divergence {
                journal: layout::JOURNAL.to_string(),
                message,
            }],
        ));
    };
    let mut diverging = Vec::new();
    if digest(&seal.heads) != wanted {
        diverging.push(Divergence {
            journal: layout::JOURNAL.to_string(),
            message: Text {
                en: format!(
                    "the seal line for {wanted} lists heads whose digest is {}: it was edited",
                    digest(&seal.heads)
                ),
                zh: format!(
                    "{wanted} 的封存行所列日志头的摘要是 {}：该行被改过",
                    digest(&seal.heads)
                ),
            },
        });
    }
    for head in &seal.heads {
        if let Some(message) = check_head(layout, head)? {
            diverging.push(Divergence {
                journal: head.journal.clone(),
                message,
            });
        }
    }
    Ok((Some(seal), diverging))
}

/// The seal line with this digest in the store-level journal, read as text so that a line a
/// merge re-chained is found too.
fn find(layout: &Layout, digest_text: &str) -> Result<Option<Seal>> {
    let path = layout.store_journal();
    let Some(text) = fsio::read_text(&path)? else {
        return Ok(None);
    };
    for line in text.lines() {
        let Ok(entry) = serde_json::from_str::<journal::Entry>(line) else {
            continue;
        };
        if entry.op == Op::Seal && entry.id == digest_text {
            let seal: Option<Seal> = entry.after.and_then(|a| serde_json::from_value(a).ok());
            if seal.is_some() {
                return Ok(seal);
            }
        }
    }
    Ok(None)
}

/// `None` when the journal still starts with the sealed lines; else what is wrong.
fn check_head(layout: &Layout, head: &SealedHead) -> Result<Option<Text>> {
    if head
        .journal
        .split('/')
        .any(|c| c.is_empty() || c == "." || c == "..")
    {
        return Ok(Some(Text {
            en: format!("{:?} is not a path inside the store", head.journal),
            zh: format!("{:?} 不是库内的路径", head.journal),
        }));
    }
    let mut path = layout.root().join(&head.journal);
    if !path.is_file() {
        // A village removed since the seal: its directory moved under removed/.
        if let Some(moved) = removed_journal(layout, head)? {
            path = moved;
        } else {
            return Ok(Some(Text {
                en: format!("the journal is missing (sealed at seq {})", head.seq),
                zh: format!("日志不见了（封存时 seq 为 {}）", head.seq),
            }));
        }
    }
    let text = fsio::read_text(&path)?.unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() < usize::try_from(head.seq).unwrap_or(usize::MAX) {
        return Ok(Some(Text {
            en: format!(
                "it has {} lines, but {} were sealed: lines were removed",
                lines.len(),
                head.seq
            ),
            zh: format!(
                "只有 {} 行，而封存时有 {} 行：有行被删除",
                lines.len(),
                head.seq
            ),
        }));
    }
    match rechain::holds_head(&lines, head.seq, &head.hash) {
        Ok(()) => Ok(None),
        Err(e) => Ok(Some(e)),
    }
}

/// The journal of a village removed after the seal, under `removed/villages/<id>[.n]/`.
fn removed_journal(layout: &Layout, head: &SealedHead) -> Result<Option<std::path::PathBuf>> {
    let Some(village) = head
        .journal
        .strip_prefix("villages/")
        .and_then(|r| r.strip_suffix("/journal.jsonl"))
    else {
        return Ok(None);
    };
    for path in journal::files(layout, Some(village))? {
        if path.starts_with(layout.removed_villages_dir()) {
            let text = fsio::read_text(&path)?.unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            if rechain::holds_head(&lines, head.seq, &head.hash).is_ok() {
                return Ok(Some(path));
            }
        }
    }
    Ok(None)
}
