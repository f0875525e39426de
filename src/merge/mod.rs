//! The git merge driver (README, "Several offices"): `bangfu merge-file BASE OURS THEIRS PATH`,
//! registered by `bangfu git-setup` and named for the store's files by `.gitattributes`.
//!
//! Git hands the driver three versions of one file: the common ancestor (`%O`), ours (`%A`,
//! which receives the result) and theirs (`%B`), and the file's path in the repository
//! (`%P`). Record files merge by id (`records`), `village.json` as one record, `bangfu.json`
//! key by key (`last_ids` by the higher mark), journals by re-chaining the other copy's new
//! lines after ours (`journal`). Different changes to the same record are a conflict: the
//! result holds our version, the conflict is written under `.bangfu/conflicts/` for `bangfu
//! conflicts` and `bangfu resolve`, and the driver exits 1 so that git reports it. Input that
//! is not a store file of the expected shape fails with status 3 and leaves OURS untouched,
//! so git keeps its own conflict.

pub mod journal;
pub mod records;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, ExitStatus, Result};
use crate::lang::Text;
use crate::store::journal::Subject;
use crate::store::{fsio, layout, office};

/// A record changed differently in the two copies, kept until `bangfu resolve`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Conflict {
    /// The record's kind (`household`), `policy` for a policy key, `manifest` for the name.
    pub kind: String,
    pub id: String,
    /// The file the conflict was found in, relative to the store.
    pub file: String,
    pub base: Option<Value>,
    pub ours: Option<Value>,
    pub theirs: Option<Value>,
    /// For a record moved to another village on one side and changed on the other in
    /// different fields: both changes applied, for `bangfu reconcile` to write. Such a record
    /// is no conflict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged: Option<Value>,
    /// The village the record moved to on the side that moved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<String>,
}

impl Conflict {
    /// The conflict's file name under `.bangfu/conflicts/`.
    pub fn file_name(kind: &str, id: &str) -> String {
        format!("{kind}.{id}.json")
    }
}

/// The kind of record a `.jsonl` file holds, from its name (`households.jsonl` → household).
fn kind_of(file_name: &str) -> String {
    let plural = file_name.strip_suffix(".jsonl").unwrap_or(file_name);
    crate::model::Kind::from_name(plural).map_or_else(
        || plural.strip_suffix('s').unwrap_or(plural).to_string(),
        |k| k.name().to_string(),
    )
}

/// Runs the driver. `ours` receives the merged file.
pub fn merge_file(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    name: &str,
    lang: crate::lang::Lang,
) -> Result<ExitStatus> {
    let read = |which: &str, p: &Path| -> Result<String> {
        match fsio::read_optional(p)? {
            None => Ok(String::new()),
            Some(b) => String::from_utf8(b).map_err(|_| {
                Error::rejected_in(Text {
                    en: format!("merge-file {name}: {which} is not UTF-8 text"),
                    zh: format!("merge-file {name}：{which} 不是 UTF-8 文本"),
                })
            }),
        }
    };
    let (b, o, t) = (
        read("BASE", base)?,
        read("OURS", ours)?,
        read("THEIRS", theirs)?,
    );
    let root = store_root(name);
    let file = relative_to(&root, name);
    let file_name = Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let fail = |e: String| {
        Error::rejected_in(Text {
            en: format!("merge-file {name}: {e}; the file is left as git's conflict"),
            zh: format!("merge-file {name}：{e}；文件保留为 git 的冲突状态"),
        })
    };
    let (text, conflicts) = if file_name == layout::JOURNAL {
        let (bl, ol, tl) = (
            journal::split("BASE", &b).map_err(fail)?,
            journal::split("OURS", &o).map_err(fail)?,
            journal::split("THEIRS", &t).map_err(fail)?,
        );
        let actor = std::env::var("BANGFU_ACTOR")
            .ok()
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| "bangfu merge".to_string());
        let moved = |ours_side: bool, subject: Subject, id: &str| {
            subject.kind().is_some_and(|k| {
                moved_to(ours_side, name, &format!("{}.jsonl", k.plural()), id).is_some()
            })
        };
        let now = crate::store::journal::now();
        let text = journal::merge(&bl, &ol, &tl, &actor, &now, &moved).map_err(fail)?;
        (text, moves_in_journal(name, &bl, &ol, &tl))
    } else if file_name == layout::MANIFEST {
        merge_manifest(&file, &b, &o, &t).map_err(fail)?
    } else if file_name == layout::VILLAGE {
        merge_village(&file, &b, &o, &t).map_err(fail)?
    } else if Path::new(&file_name)
        .extension()
        .is_some_and(|e| e == "jsonl")
    {
        let kind = kind_of(&file_name);
        let (br, or, tr) = (
            records::parse_rows("BASE", &b).map_err(fail)?,
            records::parse_rows("OURS", &o).map_err(fail)?,
            records::parse_rows("THEIRS", &t).map_err(fail)?,
        );
        let moved = |ours_side: bool, id: &str| moved_to(ours_side, name, &file_name, id);
        let (rows, conflicts) = records::merge_rows(&kind, &file, &br, &or, &tr, &moved);
        (records::rows_text(&rows), conflicts)
    } else {
        return Err(fail(
            "not a file bangfu merges (expected *.jsonl, village.json or bangfu.json)".into(),
        ));
    };
    let ours = std::path::absolute(ours).map_err(|e| Error::io("find", ours, &e))?;
    fsio::write_atomic(&ours, text.as_bytes())?;
    // The id index is derived from the record files, which git is changing under it: have
    // the next command rebuild it.
    crate::store::index::invalidate(&root);
    if conflicts.is_empty() {
        return Ok(ExitStatus::Success);
    }
    let dir = office::conflicts_dir(&root);
    fsio::create_dir_all(&dir)?;
    for c in &conflicts {
        if file_name == layout::JOURNAL && dir.join(Conflict::file_name(&c.kind, &c.id)).exists() {
            // The record file's merge found it already.
            continue;
        }
        let bytes = serde_json::to_vec_pretty(c).unwrap_or_default();
        fsio::write_atomic(&dir.join(Conflict::file_name(&c.kind, &c.id)), &bytes)?;
        let kind = crate::store::journal::Subject::label_of(&c.kind, lang);
        let id = &c.id;
        if c.merged.is_some() {
            let village = c.moved_to.as_deref().unwrap_or_default();
            eprintln!(
                "bangfu: {}",
                lang.pick(
                    &format!(
                        "{kind} {id} moved to village {village} in one copy and changed in the \
                         other: `bangfu reconcile` applies the change there"
                    ),
                    &format!(
                        "{kind} {id} 在一份副本中移到了村 {village}，在另一份中被修改：\
                         `bangfu reconcile` 会把修改写到那里"
                    ),
                )
            );
            continue;
        }
        eprintln!(
            "bangfu: {}",
            lang.pick(
                &format!(
                    "conflict: {kind} {id} was changed differently in both copies ({file}); our \
                     version is kept: run `bangfu conflicts`, then `bangfu resolve {id} --take \
                     ours|theirs`"
                ),
                &format!(
                    "冲突：{kind} {id} 在两份副本中被改得不同（{file}）；暂保留我方版本：\
                     请运行 `bangfu conflicts`，再运行 `bangfu resolve {id} --take ours|theirs`"
                ),
            )
        );
    }
    // A journal itself always merges; its record files carry the conflicts.
    if file_name == layout::JOURNAL || conflicts.iter().all(|c| c.merged.is_some()) {
        return Ok(ExitStatus::Success);
    }
    Ok(ExitStatus::Findings)
}

/// Records of a village journal that one copy moved to another village and the other
/// changed, found from the journal's own lines. The record file's merge finds them too, but
/// git runs no driver for a file one copy deleted (the village's last such record moved
/// away) and the other changed: then only this finds them.
fn moves_in_journal(
    name: &str,
    base: &[String],
    ours: &[String],
    theirs: &[String],
) -> Vec<Conflict> {
    let (b, o, t) = (
        journal::states(base),
        journal::states(ours),
        journal::states(theirs),
    );
    let mut keys: Vec<&(Subject, String)> = b.keys().collect();
    keys.sort();
    let mut out = Vec::new();
    for key in keys {
        let (kind, id) = key;
        let Some(Some(bv)) = b.get(key) else {
            continue;
        };
        let (ov, tv) = (o.get(key).cloned().flatten(), t.get(key).cloned().flatten());
        let one_side_moved = match (&ov, &tv) {
            (None, Some(x)) | (Some(x), None) => x != bv,
            _ => false,
        };
        let Some(record_kind) = kind.kind() else {
            continue; // the policy: merged key by key, never moved
        };
        if !one_side_moved {
            continue;
        }
        let file_name = format!("{}.jsonl", record_kind.plural());
        let moved = |ours_side: bool, id: &str| moved_to(ours_side, name, &file_name, id);
        if let Some(c) =
            records::move_and_change(kind.name(), id, Some(bv), ov.as_ref(), tv.as_ref(), &moved)
        {
            out.push(c);
        }
    }
    out
}

/// The commit of one side of the merge git is running: ours is `HEAD`; theirs is named by
/// the `GITHEAD_<commit>` variable `git merge` (and so `git pull`) sets.
fn side_commit(ours: bool) -> Option<String> {
    if ours {
        return Some("HEAD".to_string());
    }
    let mut heads = std::env::vars_os().filter_map(|(k, _)| {
        let k = k.to_string_lossy().into_owned();
        k.strip_prefix("GITHEAD_")
            .filter(|c| c.len() >= 40 && c.bytes().all(|b| b.is_ascii_hexdigit()))
            .map(str::to_string)
    });
    let first = heads.next()?;
    heads.next().is_none().then_some(first)
}

/// Where record `id`, gone from the file `name` (`…/villages/<v>/<file_name>`) on one side,
/// is in that side's commit: another village's file of the same kind, and its line there.
fn moved_to(ours: bool, name: &str, file_name: &str, id: &str) -> Option<(String, String)> {
    let commit = side_commit(ours)?;
    let (prefix, rest) = name.rsplit_once("villages/")?;
    let from = rest.split('/').next()?;
    let pattern = format!("{prefix}villages/*/{file_name}");
    let needle = format!("{{\"id\":{},", serde_json::to_string(id).ok()?);
    let git = |args: &[&str]| -> Option<String> {
        let out = std::process::Command::new("git").args(args).output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let found = git(&["grep", "-l", "-F", "-e", &needle, &commit, "--", &pattern])?;
    for hit in found.lines() {
        let path = hit.split_once(':').map_or(hit, |(_, p)| p);
        let village = path
            .strip_prefix(&format!("{prefix}villages/"))?
            .split('/')
            .next()?;
        if village == from {
            continue;
        }
        let text = git(&["show", &format!("{commit}:{path}")])?;
        if let Some(line) = text.lines().find(|l| l.starts_with(&needle)) {
            return Some((village.to_string(), line.to_string()));
        }
    }
    None
}

/// The store that holds the file git is merging: the nearest directory upward from the file
/// (git runs the driver at the top of the work tree) that holds `bangfu.json`.
fn store_root(name: &str) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let path = cwd.join(name);
    for dir in path.ancestors().skip(1) {
        if dir.join(layout::MANIFEST).is_file() {
            return dir.to_path_buf();
        }
        if dir == cwd {
            break;
        }
    }
    cwd
}

fn relative_to(root: &Path, name: &str) -> String {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let full = cwd.join(name);
    full.strip_prefix(root)
        .map_or_else(|_| name.to_string(), |p| p.to_string_lossy().into_owned())
}

fn parse_object(
    which: &str,
    text: &str,
) -> std::result::Result<Option<Map<String, Value>>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(m)) => Ok(Some(m)),
        Ok(_) => Err(format!("{which}: expected a JSON object")),
        Err(e) => Err(format!("{which}:{}: is not JSON: {e}", e.line())),
    }
}

/// `village.json`: one record, merged as a whole.
fn merge_village(
    file: &str,
    b: &str,
    o: &str,
    t: &str,
) -> std::result::Result<(String, Vec<Conflict>), String> {
    let (bv, ov, tv) = (
        parse_object("BASE", b)?,
        parse_object("OURS", o)?,
        parse_object("THEIRS", t)?,
    );
    let id = [&ov, &tv, &bv]
        .into_iter()
        .flatten()
        .find_map(|m| m.get("id").and_then(Value::as_str).map(str::to_string))
        .ok_or("the village has no string \"id\"")?;
    let (text, conflict) = if ov == tv || tv == bv {
        (o, false)
    } else if ov == bv {
        (t, false)
    } else {
        (o, true)
    };
    let conflicts = if conflict {
        vec![Conflict {
            kind: "village".into(),
            id,
            file: file.to_string(),
            base: bv.map(Value::Object),
            ours: ov.map(Value::Object),
            theirs: tv.map(Value::Object),
            merged: None,
            moved_to: None,
        }]
    } else {
        Vec::new()
    };
    Ok((text.to_string(), conflicts))
}

/// `bangfu.json`: the format must agree; the name like a record; the policy key by key;
/// `last_ids` by the higher mark of each prefix.
fn merge_manifest(
    file: &str,
    b: &str,
    o: &str,
    t: &str,
) -> std::result::Result<(String, Vec<Conflict>), String> {
    let (bm, om, tm) = (
        parse_object("BASE", b)?.unwrap_or_default(),
        parse_object("OURS", o)?.ok_or("OURS is empty")?,
        parse_object("THEIRS", t)?.ok_or("THEIRS is empty")?,
    );
    if om.get("format") != tm.get("format") {
        return Err(format!(
            "the two copies have different store formats ({} and {})",
            om.get("format").unwrap_or(&Value::Null),
            tm.get("format").unwrap_or(&Value::Null)
        ));
    }
    let object = |m: &Map<String, Value>, key: &str| -> Map<String, Value> {
        m.get(key)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let mut conflicts = Vec::new();
    // Everything but policy and last_ids, key by key (the name above all).
    let strip = |m: &Map<String, Value>| -> Map<String, Value> {
        m.iter()
            .filter(|(k, _)| *k != "policy" && *k != "last_ids")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    let (mut merged, top) = records::merge_map(&strip(&bm), &strip(&om), &strip(&tm));
    for key in top {
        conflicts.push(Conflict {
            kind: "manifest".into(),
            id: key.clone(),
            file: file.to_string(),
            base: bm.get(&key).cloned(),
            ours: om.get(&key).cloned(),
            theirs: tm.get(&key).cloned(),
            merged: None,
            moved_to: None,
        });
    }
    let (policy, keys) = records::merge_policy(
        &object(&bm, "policy"),
        &object(&om, "policy"),
        &object(&tm, "policy"),
    );
    for key in keys {
        let get = |m: &Map<String, Value>| object(m, "policy").get(&key).cloned();
        conflicts.push(Conflict {
            kind: "policy".into(),
            id: key.clone(),
            file: file.to_string(),
            base: get(&bm),
            ours: get(&om),
            theirs: get(&tm),
            merged: None,
            moved_to: None,
        });
    }
    merged.insert("policy".into(), Value::Object(policy));
    let mut last_ids = object(&om, "last_ids");
    for (prefix, n) in object(&tm, "last_ids") {
        let higher = match (last_ids.get(&prefix).and_then(Value::as_u64), n.as_u64()) {
            (Some(a), Some(b)) => a < b,
            (None, Some(_)) => true,
            _ => false,
        };
        if higher {
            last_ids.insert(prefix, n);
        }
    }
    if !last_ids.is_empty() {
        merged.insert("last_ids".into(), Value::Object(last_ids));
    }
    // The store's key order: format, name, policy, last_ids.
    let manifest: crate::store::Manifest = serde_json::from_value(Value::Object(merged))
        .map_err(|e| format!("the merged bangfu.json is not a manifest: {e}"))?;
    let text =
        String::from_utf8(crate::store::Store::manifest_bytes(&manifest)).unwrap_or_default();
    Ok((text, conflicts))
}

/// The conflicts a merge left in this copy, sorted by kind and id.
pub fn pending(root: &Path) -> Result<Vec<Conflict>> {
    let dir = office::conflicts_dir(root);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read directory", &dir, &e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| Error::io("read directory", &dir, &e))?
            .path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = fsio::read_text(&path)?.unwrap_or_default();
        let c: Conflict =
            serde_json::from_str(&text).map_err(|e| Error::malformed(&path, e.line(), e))?;
        out.push(c);
    }
    out.sort_by(|a, b| (&a.kind, &a.id).cmp(&(&b.kind, &b.id)));
    Ok(out)
}

/// Clears a resolved conflict.
pub fn clear(root: &Path, conflict: &Conflict) -> Result<()> {
    let path = office::conflicts_dir(root).join(Conflict::file_name(&conflict.kind, &conflict.id));
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io("remove", &path, &e)),
    }
}
