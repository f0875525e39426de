//! The id index under `.cache/index/`: for each kind kept in village directories, which
//! village holds a record, so that showing or changing one record reads one village, not the
//! registry. It is derived data: deleting `.cache/` is always safe, and it is rebuilt from
//! the village files when missing.
//!
//! Layout: `.cache/index/<kind plural>/<xx>.tsv`, 256 shards chosen by a hash of the id, each
//! holding sorted `id<TAB>village` lines; `next` holds the highest number the kind's prefix
//! has used, for assigning ids; `ready` says the kind's shards are complete. `format-1`, at
//! the top, says the whole index is of this format and not invalidated.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use compact_str::CompactString;
use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
use crate::model::Kind;

use super::fsio;
use super::layout::Layout;

pub const SHARDS: u32 = 256;
const READY: &str = "format-1";
/// In a kind's directory: that kind's shards are complete.
const KIND_READY: &str = "ready";

/// The kinds the index covers.
/// The kinds kept in village directories, whose ids the index maps to their village.
pub fn indexed() -> impl Iterator<Item = Kind> {
    Kind::ALL.iter().copied().filter(|k| k.in_village())
}

/// What the index is rebuilt from: each village's id, with the `(kind, id)` of every record
/// of an indexed kind it holds. The village is named once, not once a record.
pub type Entries = Vec<(String, Vec<(Kind, String)>)>;

/// The shard that holds `id`.
pub fn shard_of(id: &str) -> u32 {
    // FNV-1a: stable across versions and platforms, unlike std's hasher.
    let mut h: u32 = 0x811c_9dc5;
    for b in id.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h % SHARDS
}

/// The number in an id of the form `<prefix><digits>`, e.g. 42 for `H000042`.
pub fn number_in(kind: Kind, id: &str) -> Option<u64> {
    let digits = id.strip_prefix(kind.prefix())?;
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The `(id, village)` lines of a shard's text, in file order, borrowed from it; an error
/// naming the line when one is not `id<TAB>village`.
pub fn parse_shard<'t>(path: &Path, text: &'t str) -> Result<Vec<(&'t str, &'t str)>> {
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            line.split_once('\t')
                .filter(|(_, v)| crate::model::check_id("village", v).is_ok())
                .ok_or_else(|| {
                    Error::malformed(
                        path,
                        i + 1,
                        "is not id<TAB>village; delete .cache/ to rebuild it",
                    )
                })
        })
        .collect()
}

/// Formats an assigned id: prefix and at least six digits.
pub fn format_id(kind: Kind, n: u64) -> String {
    format!("{}{n:06}", kind.prefix())
}

/// One shard as a command sees it: its file's text as read, and the command's changes to
/// it. A lookup searches the text for the id's line, so showing a record builds no map of a
/// province's shard (thousands of lines); a change is merged into the sorted lines when the
/// shard is written.
#[derive(Debug, Default)]
struct Shard {
    path: PathBuf,
    text: String,
    /// Ids added, with their village, or removed (`None`); put in order when the shard is
    /// written (an import asks for a shard's new ids some million times before that).
    edits: FxHashMap<CompactString, Option<CompactString>>,
}

impl Shard {
    /// The village of `id`: the command's change, else the shard's last line for it (the
    /// line a map built from the lines in order would keep), checked as `parse_shard`
    /// checks every line.
    fn get(&self, id: &str) -> Result<Option<String>> {
        if let Some(edit) = self.edits.get(id) {
            return Ok(edit.as_ref().map(CompactString::to_string));
        }
        let text = self.text.as_bytes();
        let at_line_start = |at: usize| at == 0 || text[at - 1] == b'\n';
        let Some(at) = memchr::memmem::rfind_iter(text, id.as_bytes())
            .find(|at| at_line_start(*at) && text.get(at + id.len()) == Some(&b'\t'))
        else {
            return Ok(None);
        };
        let start = at + id.len() + 1;
        let end = memchr::memchr(b'\n', &text[start..]).map_or(text.len(), |n| start + n);
        let village = self.text[start..end].trim_end_matches('\r');
        if crate::model::check_id("village", village).is_err() {
            let line = memchr::memchr_iter(b'\n', &text[..at]).count() + 1;
            return Err(Error::malformed(
                &self.path,
                line,
                "is not id<TAB>village; delete .cache/ to rebuild it",
            ));
        }
        Ok(Some(village.to_string()))
    }

    /// The shard's text with the changes made: sorted by id, the last line of an id kept.
    fn merged(&self) -> Vec<u8> {
        let mut lines = parse_shard(&self.path, &self.text).unwrap_or_default();
        if !lines.is_sorted_by(|a, b| a.0 < b.0) {
            lines.reverse();
            lines.sort_by(|a, b| a.0.cmp(b.0));
            lines.dedup_by(|later, first| later.0 == first.0);
        }
        let mut out = Vec::with_capacity(self.text.len() + 32 * self.edits.len());
        let mut line = |id: &str, village: &str| {
            out.extend_from_slice(id.as_bytes());
            out.push(b'\t');
            out.extend_from_slice(village.as_bytes());
            out.push(b'\n');
        };
        let mut edits: Vec<(&CompactString, &Option<CompactString>)> = self.edits.iter().collect();
        edits.sort_unstable_by_key(|(id, _)| *id);
        let mut edits = edits.into_iter().peekable();
        for (id, village) in lines {
            // The changes up to this id; a changed id's line is the change's.
            while let Some((edited, change)) = edits.next_if(|(e, _)| e.as_str() <= id) {
                if let Some(v) = change {
                    line(edited, v);
                }
            }
            if !self.edits.contains_key(id) {
                line(id, village);
            }
        }
        for (edited, change) in edits {
            if let Some(v) = change {
                line(edited, v);
            }
        }
        out
    }
}

/// The index as one command sees it, with the changes that command makes.
#[derive(Debug)]
pub struct Index {
    layout: Layout,
    shards: BTreeMap<(Kind, u32), Shard>,
    dirty: BTreeSet<(Kind, u32)>,
    next: BTreeMap<Kind, u64>,
    next_dirty: BTreeSet<Kind>,
}

impl Index {
    pub fn new(layout: &Layout) -> Index {
        Index {
            layout: layout.clone(),
            shards: BTreeMap::new(),
            dirty: BTreeSet::new(),
            next: BTreeMap::new(),
            next_dirty: BTreeSet::new(),
        }
    }

    fn dir(&self) -> PathBuf {
        self.layout.cache_dir().join("index")
    }

    fn kind_dir(&self, kind: Kind) -> PathBuf {
        self.dir().join(kind.plural())
    }

    fn shard_path(&self, kind: Kind, shard: u32) -> PathBuf {
        self.kind_dir(kind).join(format!("{shard:02x}.tsv"))
    }

    fn next_path(&self, kind: Kind) -> PathBuf {
        self.kind_dir(kind).join("next")
    }

    fn ready_path(&self) -> PathBuf {
        self.dir().join(READY)
    }

    fn kind_ready_path(&self, kind: Kind) -> PathBuf {
        self.kind_dir(kind).join(KIND_READY)
    }

    /// Whether the index of `kind` is complete on disk: the index is of this format, that
    /// kind's shards were built (a command builds only the kinds it looks up), and it knows
    /// when it last saw the files.
    pub fn is_ready(layout: &Layout, kind: Kind) -> bool {
        let index = Index::new(layout);
        index.ready_path().exists()
            && index.kind_ready_path(kind).exists()
            && stamp_time(layout, kind).is_some()
    }

    /// Drops what this command read of the index of `kind`, which was built again on disk
    /// under it. Only for a kind it has not changed.
    pub fn forget(&mut self, kind: Kind) {
        debug_assert!(!self.changed(kind));
        self.shards.retain(|(k, _), _| *k != kind);
        self.next.remove(&kind);
    }

    /// Whether this command changed any entry of `kind`.
    pub fn changed(&self, kind: Kind) -> bool {
        self.dirty.iter().any(|(k, _)| *k == kind)
    }

    fn shard(&mut self, kind: Kind, shard: u32) -> Result<&mut Shard> {
        if !self.shards.contains_key(&(kind, shard)) {
            let (path, text) = self.shard_text(kind, shard)?;
            self.shards.insert(
                (kind, shard),
                Shard {
                    path,
                    text,
                    edits: FxHashMap::default(),
                },
            );
        }
        Ok(self.shards.entry((kind, shard)).or_default())
    }

    /// The shard a change goes into, every line of it checked first: a change is not
    /// merged into a damaged shard.
    fn shard_to_change(&mut self, kind: Kind, shard: u32) -> Result<&mut Shard> {
        let first = !self.dirty.contains(&(kind, shard));
        let found = self.shard(kind, shard)?;
        if first {
            parse_shard(&found.path, &found.text)?;
        }
        self.dirty.insert((kind, shard));
        Ok(self.shards.entry((kind, shard)).or_default())
    }

    /// A shard's path, and its file's text as it is on disk: empty when there is none (an
    /// empty shard). For `parse_shard`.
    pub fn shard_text(&self, kind: Kind, shard: u32) -> Result<(PathBuf, String)> {
        let path = self.shard_path(kind, shard);
        let text = fsio::read_text(&path)?.unwrap_or_default();
        Ok((path, text))
    }

    /// The village that holds record `id` of `kind`.
    pub fn village_of(&mut self, kind: Kind, id: &str) -> Result<Option<String>> {
        self.shard(kind, shard_of(id))?.get(id)
    }

    /// What this command changed of `id`'s entry: its village, or `Some(None)` when it was
    /// removed; `None` when the command did not touch it.
    pub fn edit(&self, kind: Kind, id: &str) -> Option<Option<String>> {
        let shard = self.shards.get(&(kind, shard_of(id)))?;
        let edit = shard.edits.get(id)?;
        Some(edit.as_ref().map(CompactString::to_string))
    }

    /// Brings the entries of `kind` up to date with the villages' files written since the
    /// index last was (`unseen`): each id found in one of them is entered in its village.
    /// A hand edit or a `git pull` may have added or moved records there.
    pub fn sweep(&mut self, kind: Kind, villages: &[String]) -> Result<()> {
        let files: Vec<(String, PathBuf)> = villages
            .iter()
            .map(|v| (v.clone(), self.layout.collection(v, kind)))
            .collect();
        // A file that cannot be read, or has a line without an id, is skipped: its damage is
        // for the commands that read it to report, not for a lookup in another village.
        let ids = super::load::parallel_map(&files, |(_, path)| {
            Ok(super::load::ids_in(path).unwrap_or_default())
        })?;
        for ((village, _), ids) in files.iter().zip(ids) {
            for id in ids {
                if self.village_of(kind, &id)?.as_deref() != Some(village.as_str()) {
                    self.insert(kind, &id, village)?;
                }
            }
        }
        Ok(())
    }

    pub fn insert(&mut self, kind: Kind, id: &str, village: &str) -> Result<()> {
        self.shard_to_change(kind, shard_of(id))?
            .edits
            .insert(id.into(), Some(village.into()));
        if let Some(n) = number_in(kind, id) {
            self.raise_next(kind, n)?;
        }
        Ok(())
    }

    pub fn remove(&mut self, kind: Kind, id: &str) -> Result<()> {
        self.shard_to_change(kind, shard_of(id))?
            .edits
            .insert(id.into(), None);
        Ok(())
    }

    /// The highest number the kind's prefix has used.
    pub fn last_number(&mut self, kind: Kind) -> Result<u64> {
        if let Some(n) = self.next.get(&kind) {
            return Ok(*n);
        }
        let path = self.next_path(kind);
        let n = match fsio::read_text(&path)? {
            Some(t) => t.trim().parse().map_err(|_| {
                Error::malformed(&path, 1, "is not a number; delete .cache/ to rebuild it")
            })?,
            None => 0,
        };
        self.next.insert(kind, n);
        Ok(n)
    }

    fn raise_next(&mut self, kind: Kind, n: u64) -> Result<()> {
        if n > self.last_number(kind)? {
            self.next.insert(kind, n);
            self.next_dirty.insert(kind);
        }
        Ok(())
    }

    /// The next free id of the kind: one past the highest used, skipping any taken.
    pub fn next_free(&mut self, kind: Kind) -> Result<String> {
        let mut n = self.last_number(kind)? + 1;
        loop {
            let id = format_id(kind, n);
            if self.village_of(kind, &id)?.is_none() {
                return Ok(id);
            }
            n += 1;
        }
    }

    /// The files this index's changes write: (path, content).
    pub fn pending_writes(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        for key in &self.dirty {
            out.push((self.shard_path(key.0, key.1), self.shards[key].merged()));
        }
        for kind in &self.next_dirty {
            out.push((
                self.next_path(*kind),
                format!("{}\n", self.next[kind]).into_bytes(),
            ));
        }
        out
    }

    /// The directories the pending writes go into, so they can be created first.
    pub fn pending_dirs(&self) -> BTreeSet<PathBuf> {
        self.dirty
            .iter()
            .map(|(k, _)| *k)
            .chain(self.next_dirty.iter().copied())
            .map(|k| self.kind_dir(k))
            .collect()
    }

    /// Rebuilds the index of `kinds` from each village's `(kind, id)` pairs, replacing what
    /// is there. The pairs are grouped by shard and sorted (on every core), not inserted one by
    /// one into maps (a province has millions), and the shards are written on several
    /// threads.
    ///
    /// Only `kinds` are rebuilt (`villages` holds their records); the other kinds' shards
    /// stay as they are, unless the index is of another format or was invalidated (a merge
    /// changed the files under it), when the whole of it goes first.
    pub fn rebuild(layout: &Layout, kinds: &[Kind], villages: Entries) -> Result<()> {
        use rayon::prelude::*;
        let index = Index::new(layout);
        let remove = |dir: PathBuf| -> Result<()> {
            if dir.exists() {
                std::fs::remove_dir_all(&dir).map_err(|e| Error::io("remove", &dir, &e))?;
            }
            Ok(())
        };
        if index.ready_path().exists() {
            kinds
                .iter()
                .try_for_each(|kind| remove(index.kind_dir(*kind)))?;
        } else {
            remove(index.dir())?;
        }
        let mut next: BTreeMap<Kind, u64> = kinds.iter().map(|k| (*k, 0)).collect();
        let mut shards: BTreeMap<(Kind, u32), Vec<(&str, &str)>> = BTreeMap::new();
        let entries = villages.iter().flat_map(|(v, pairs)| {
            pairs
                .iter()
                .filter(|(kind, _)| kinds.contains(kind))
                .map(move |(kind, id)| (*kind, id.as_str(), v.as_str()))
        });
        for (kind, id, village) in entries {
            if let Some(n) = number_in(kind, id) {
                let last = next.entry(kind).or_default();
                *last = (*last).max(n);
            }
            shards
                .entry((kind, shard_of(id)))
                .or_default()
                .push((id, village));
        }
        for kind in kinds {
            fsio::create_dir_all(&index.kind_dir(*kind))?;
        }
        // Only shards that hold ids are written: a missing shard is an empty one.
        let mut writes: Vec<(PathBuf, Vec<u8>)> = next
            .iter()
            .map(|(kind, n)| (index.next_path(*kind), format!("{n}\n").into_bytes()))
            .collect();
        let shards: Vec<_> = shards.into_iter().collect();
        writes.extend(
            shards
                .into_par_iter()
                .map(|((kind, shard), mut lines)| {
                    // As a map would hold them: sorted by id, the last entry of an id kept.
                    lines.reverse();
                    lines.sort_by(|a, b| a.0.cmp(b.0));
                    lines.dedup_by(|later, first| later.0 == first.0);
                    let mut text = Vec::new();
                    for (id, village) in lines {
                        text.extend_from_slice(id.as_bytes());
                        text.push(b'\t');
                        text.extend_from_slice(village.as_bytes());
                        text.push(b'\n');
                    }
                    (index.shard_path(kind, shard), text)
                })
                .collect::<Vec<_>>(),
        );
        // Every file staged (and synced) on several threads, then renamed into place and
        // each kind's directory synced once: not a directory sync a shard.
        let staged =
            super::load::parallel_results(&writes, 8, |(path, bytes)| fsio::stage(path, bytes));
        let mut temps = Vec::with_capacity(staged.len());
        let mut failed = None;
        for result in staged {
            match result {
                Ok(temp) => temps.push(temp),
                Err(e) => {
                    failed.get_or_insert(e);
                }
            }
        }
        let placed = match failed {
            Some(e) => Err(e),
            None => temps.iter().zip(&writes).try_for_each(|(temp, (path, _))| {
                std::fs::rename(temp, path).map_err(|e| Error::io("replace", path, &e))
            }),
        };
        if let Err(e) = placed {
            for temp in &temps {
                let _ = std::fs::remove_file(temp);
            }
            return Err(e);
        }
        for kind in kinds {
            fsio::sync_dir(&index.kind_dir(*kind))?;
            fsio::write_atomic(&index.kind_ready_path(*kind), b"")?;
        }
        fsio::write_atomic(&index.ready_path(), b"")?;
        Ok(())
    }
}

/// Has the next command rebuild the whole index of the store at `root`: git changed the
/// files under it (a merge, or a fast-forward that runs no merge driver).
pub fn invalidate(root: &Path) {
    let ready = root.join(super::layout::CACHE).join("index").join(READY);
    if ready.exists() {
        let _ = std::fs::remove_file(&ready);
    }
}

/// The file that says when the index of `kind` was last brought up to date with the
/// villages' files: nanoseconds since the epoch, as text.
fn stamp_path(layout: &Layout, kind: Kind) -> PathBuf {
    Index::new(layout).kind_dir(kind).join("stamp")
}

/// Records that the index of `kind` holds every file of that kind changed before `at`.
/// Derived data, so neither synced nor renamed into place: when it is lost or torn, the next
/// miss reads every file of the kind.
pub fn write_stamp(layout: &Layout, kind: Kind, at: std::time::SystemTime) {
    let Ok(since) = at.duration_since(std::time::UNIX_EPOCH) else {
        return;
    };
    if let Ok(mut file) = fsio::create_private(&stamp_path(layout, kind), true) {
        let _ = std::io::Write::write_all(&mut file, format!("{}\n", since.as_nanos()).as_bytes());
    }
}

/// When the index of `kind` was last brought up to date: files changed after it may hold ids
/// it has not seen (a hand edit, a `git pull`, or a change a crash stopped before it wrote
/// the index), or no longer hold one it has.
pub fn stamp_time(layout: &Layout, kind: Kind) -> Option<std::time::SystemTime> {
    let text = std::fs::read_to_string(stamp_path(layout, kind)).ok()?;
    let nanos: u64 = text.trim().parse().ok()?;
    std::time::UNIX_EPOCH.checked_add(std::time::Duration::from_nanos(nanos))
}

/// The time to stamp an index with that is made from files read from now on: a second
/// early, as the file system's clock may lag the system's by a tick.
pub fn reading_starts() -> std::time::SystemTime {
    let now = std::time::SystemTime::now();
    now.checked_sub(std::time::Duration::from_secs(1))
        .unwrap_or(now)
}

/// Builds the index of `kinds` from the villages' files, and stamps each kind.
pub fn build(layout: &Layout, kinds: &[Kind]) -> Result<()> {
    let at = reading_starts();
    let entries = super::load::index_entries(layout, kinds)?;
    Index::rebuild(layout, kinds, entries)?;
    for kind in kinds {
        write_stamp(layout, *kind, at);
    }
    Ok(())
}

/// Whether the file at `path` may have changed since the index was brought up to date at
/// `stamp` (always, when that is unknown); `None` when there is no file. The change time, not
/// the modification time: it cannot be set back, and a file copied or restored with its old
/// times gets a new one.
pub fn changed_since(path: &Path, stamp: Option<std::time::SystemTime>) -> Option<bool> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    let Some(stamp) = stamp else {
        return Some(true);
    };
    let changed = u64::try_from(meta.ctime())
        .ok()
        .and_then(|s| std::time::UNIX_EPOCH.checked_add(std::time::Duration::from_secs(s)))
        .and_then(|t| {
            let nanos = u64::try_from(meta.ctime_nsec()).ok()?;
            t.checked_add(std::time::Duration::from_nanos(nanos))
        });
    Some(changed.is_none_or(|t| t >= stamp))
}

/// The villages whose file of `kind` changed since the index was last brought up to date
/// (the only ones that can hold an id it does not know, or no longer hold one it does), and
/// how many villages there are.
pub fn unseen(layout: &Layout, kind: Kind) -> Result<(Vec<String>, usize)> {
    use rayon::prelude::*;
    let stamp = stamp_time(layout, kind);
    // Every village's directory, `village.json` or not: a stat fewer each.
    let villages = super::load::village_dirs(layout)?;
    let of = villages.len();
    let unseen = villages
        .into_par_iter()
        .filter(|v| changed_since(&layout.collection(v, kind), stamp) == Some(true))
        .collect();
    Ok((unseen, of))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shard(text: &str, edits: &[(&str, Option<&str>)]) -> Shard {
        Shard {
            path: PathBuf::from("shard.tsv"),
            text: text.to_string(),
            edits: edits
                .iter()
                .map(|(id, v)| ((*id).into(), v.map(Into::into)))
                .collect(),
        }
    }

    #[test]
    fn a_shard_answers_as_a_map_of_its_lines_would() {
        let s = shard("H1\tV1\nH10\tV2\nXH2\tV3\nH2\tV4\r\nH1\tV5\n", &[]);
        assert_eq!(s.get("H1").unwrap().as_deref(), Some("V5"));
        assert_eq!(s.get("H10").unwrap().as_deref(), Some("V2"));
        assert_eq!(s.get("H2").unwrap().as_deref(), Some("V4"));
        assert_eq!(s.get("H3").unwrap(), None);
        assert_eq!(s.get("V1").unwrap(), None);
        let s = shard("H1\tV1\n", &[("H1", None), ("H2", Some("V2"))]);
        assert_eq!(s.get("H1").unwrap(), None);
        assert_eq!(s.get("H2").unwrap().as_deref(), Some("V2"));
        let damaged = shard("H0\tV1\nH1\t../../x\n", &[]);
        let e = damaged.get("H1").unwrap_err().to_string();
        assert!(e.contains("shard.tsv:2"), "{e}");
    }

    #[test]
    fn a_changed_shard_is_written_sorted_with_its_changes() {
        let s = shard(
            "H3\tV3\nH1\tV1\nH5\tV5\nH1\tV9\n",
            &[
                ("H0", Some("V0")),
                ("H3", None),
                ("H4", Some("V4")),
                ("H5", Some("V6")),
                ("H7", Some("V7")),
            ],
        );
        assert_eq!(
            String::from_utf8(s.merged()).unwrap(),
            "H0\tV0\nH1\tV9\nH4\tV4\nH5\tV6\nH7\tV7\n"
        );
        assert_eq!(shard("", &[]).merged(), b"");
    }

    #[test]
    fn ids_number_only_with_their_prefix() {
        assert_eq!(number_in(Kind::Household, "H000042"), Some(42));
        assert_eq!(number_in(Kind::Household, "T000042"), None);
        assert_eq!(number_in(Kind::Household, "H"), None);
        assert_eq!(format_id(Kind::Plan, 7), "L000007");
    }
}
