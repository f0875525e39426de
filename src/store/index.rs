//! The id index under `.cache/index/`: for each kind kept in village directories, which
//! village holds a record, so that showing or changing one record reads one village, not the
//! registry. It is derived data: deleting `.cache/` is always safe, and it is rebuilt from
//! the village files when missing.
//!
//! Layout: `.cache/index/<kind plural>/<xx>.tsv`, 256 shards chosen by a hash of the id, each
//! holding sorted `id<TAB>village` lines; `next` holds the highest number the kind's prefix
//! has used, for assigning ids.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::Kind;

use super::fsio;
use super::layout::Layout;

const SHARDS: u32 = 256;
const READY: &str = "format-1";

/// The kinds the index covers.
/// The kinds kept in village directories, whose ids the index maps to their village.
pub fn indexed() -> impl Iterator<Item = Kind> {
    Kind::ALL.iter().copied().filter(|k| k.in_village())
}

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

type Shard = BTreeMap<String, String>;

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

    /// Whether a complete index is on disk.
    pub fn is_ready(layout: &Layout) -> bool {
        Index::new(layout).ready_path().exists()
    }

    fn shard(&mut self, kind: Kind, shard: u32) -> Result<&mut Shard> {
        if !self.shards.contains_key(&(kind, shard)) {
            let mut map = Shard::new();
            if let Some((path, text)) = self.shard_text(kind, shard)? {
                for (id, village) in parse_shard(&path, &text)? {
                    map.insert(id.to_string(), village.to_string());
                }
            }
            self.shards.insert((kind, shard), map);
        }
        Ok(self.shards.entry((kind, shard)).or_default())
    }

    /// A shard's file as it is on disk, with its path; `None` when there is none (an empty
    /// shard). For `parse_shard`.
    pub fn shard_text(&self, kind: Kind, shard: u32) -> Result<Option<(PathBuf, String)>> {
        let path = self.shard_path(kind, shard);
        Ok(fsio::read_text(&path)?.map(|text| (path, text)))
    }

    /// The village that holds record `id` of `kind`.
    pub fn village_of(&mut self, kind: Kind, id: &str) -> Result<Option<String>> {
        Ok(self.shard(kind, shard_of(id))?.get(id).cloned())
    }

    pub fn insert(&mut self, kind: Kind, id: &str, village: &str) -> Result<()> {
        let s = shard_of(id);
        self.shard(kind, s)?
            .insert(id.to_string(), village.to_string());
        self.dirty.insert((kind, s));
        if let Some(n) = number_in(kind, id) {
            self.raise_next(kind, n)?;
        }
        Ok(())
    }

    pub fn remove(&mut self, kind: Kind, id: &str) -> Result<()> {
        let s = shard_of(id);
        self.shard(kind, s)?.remove(id);
        self.dirty.insert((kind, s));
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
            let mut text = String::new();
            for (id, village) in &self.shards[key] {
                text.push_str(id);
                text.push('\t');
                text.push_str(village);
                text.push('\n');
            }
            out.push((self.shard_path(key.0, key.1), text.into_bytes()));
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

    /// Rebuilds the whole index from `(kind, id, village)` triples, replacing what is there.
    /// The triples are grouped by shard and sorted, not inserted one by one into maps (a
    /// province has millions), and the shards are written on several threads.
    pub fn rebuild(
        layout: &Layout,
        entries: impl IntoIterator<Item = (Kind, String, String)>,
    ) -> Result<()> {
        let index = Index::new(layout);
        let dir = index.dir();
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| Error::io("remove", &dir, &e))?;
        }
        let mut next: BTreeMap<Kind, u64> = indexed().map(|k| (k, 0)).collect();
        let mut shards: BTreeMap<(Kind, u32), Vec<(String, String)>> = BTreeMap::new();
        for (kind, id, village) in entries {
            if let Some(n) = number_in(kind, &id) {
                let last = next.entry(kind).or_default();
                *last = (*last).max(n);
            }
            shards
                .entry((kind, shard_of(&id)))
                .or_default()
                .push((id, village));
        }
        for kind in indexed() {
            fsio::create_dir_all(&index.kind_dir(kind))?;
        }
        // Only shards that hold ids are written: a missing shard is an empty one.
        let mut writes: Vec<(PathBuf, Vec<u8>)> = next
            .iter()
            .map(|(kind, n)| (index.next_path(*kind), format!("{n}\n").into_bytes()))
            .collect();
        for ((kind, shard), mut lines) in shards {
            // As a map would hold them: sorted by id, the last entry of an id kept.
            lines.reverse();
            lines.sort_by(|a, b| a.0.cmp(&b.0));
            lines.dedup_by(|later, first| later.0 == first.0);
            let mut text = Vec::new();
            for (id, village) in lines {
                text.extend_from_slice(id.as_bytes());
                text.push(b'\t');
                text.extend_from_slice(village.as_bytes());
                text.push(b'\n');
            }
            writes.push((index.shard_path(kind, shard), text));
        }
        let written = super::load::parallel_results(&writes, 8, |(path, bytes)| {
            fsio::write_atomic(path, bytes)
        });
        written.into_iter().collect::<Result<Vec<()>>>()?;
        fsio::write_atomic(&index.ready_path(), b"")?;
        touch_stamp(layout);
        Ok(())
    }
}

/// The file whose time says when the index was last brought up to date with the store's
/// files: written after each change lands, and after each rebuild.
fn stamp_path(layout: &Layout) -> PathBuf {
    Index::new(layout).dir().join("stamp")
}

/// Marks the index as up to date with every store file written so far. Derived data, so
/// neither synced nor renamed into place (a write pays no second fsync for it): when it is
/// lost or cannot be written, the next miss simply reads more files.
pub fn touch_stamp(layout: &Layout) {
    // The kernel stamps the write with the same clock as every other file's modification
    // time, so a file changed after it never looks older than it.
    if let Ok(mut file) = fsio::create_private(&stamp_path(layout), true) {
        let _ = std::io::Write::write_all(&mut file, b"\n");
    }
}

/// When the index was last brought up to date; files modified after it may hold ids it has
/// not seen (a hand edit, or a change a crash stopped before its stamp).
pub fn stamp_time(layout: &Layout) -> Option<std::time::SystemTime> {
    std::fs::metadata(stamp_path(layout))
        .and_then(|m| m.modified())
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_number_only_with_their_prefix() {
        assert_eq!(number_in(Kind::Household, "H000042"), Some(42));
        assert_eq!(number_in(Kind::Household, "T000042"), None);
        assert_eq!(number_in(Kind::Household, "H"), None);
        assert_eq!(format_id(Kind::Plan, 7), "L000007");
    }
}
