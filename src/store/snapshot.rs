//! Binary snapshots of the store's files under `.cache/snap/` (README, "Derived data"): a
//! village's records, and the people, as they were parsed, so that a command loading the
//! registry decodes them instead of parsing their JSON again.
//!
//! A snapshot is derived data. It holds the stamp of every file it was made from (length,
//! modification and change times to the nanosecond, inode) and is used only while every
//! stamp still matches. A file modified within `RACY` of the snapshot's making could be
//! modified again within the same tick of the file system's clock and keep its stamp, so
//! the snapshot also holds such a file's SHA-256, and the file is read and hashed again
//! before the snapshot is trusted. A snapshot that is missing, from another build,
//! truncated or otherwise unreadable is a miss: the files are parsed as if it were not
//! there, and a new snapshot is written beside them (atomically; when the store cannot be
//! written, not at all). Deleting `.cache/` at any moment changes only the time.
//!
//! Villages' snapshots are kept in 256 packs (`packs/<xx>`), each a file holding the
//! snapshots of the villages whose ids hash to it, behind an index of where each lies.

use std::borrow::Cow;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::model::field::Packed;
use crate::model::{Kind, Person};
use crate::rules::CrossKey;

use super::layout::Layout;
use super::load::{self, VillageRecords};

/// How recent a file must be, when a snapshot is made, for its content to be hashed too.
const RACY: Duration = Duration::from_secs(2);

/// What a file was when its snapshot was made; `None` for an absent file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    inode: u64,
    /// The content's SHA-256, for a file modified within `RACY` of the snapshot.
    hash: Option<[u8; 32]>,
}

impl Stamp {
    /// The stamp of `path` as it is now, without a hash; `None` when absent.
    fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::symlink_metadata(path).ok()?;
        Some(Stamp {
            len: m.size(),
            modified: (m.mtime(), m.mtime_nsec()),
            changed: (m.ctime(), m.ctime_nsec()),
            inode: m.ino(),
            hash: None,
        })
    }

    /// Whether the file was modified (or its inode changed) within `RACY` of `now`, or
    /// seems modified after it.
    fn racy(&self, now: SystemTime) -> bool {
        let at = |(secs, nanos): (i64, i64)| {
            let secs = u64::try_from(secs).ok()?;
            let nanos = u32::try_from(nanos).ok()?;
            SystemTime::UNIX_EPOCH.checked_add(Duration::new(secs, nanos))
        };
        let (Some(modified), Some(changed)) = (at(self.modified), at(self.changed)) else {
            return true;
        };
        now.duration_since(modified.max(changed))
            .is_ok_and(|age| age < RACY)
            || now < modified.max(changed)
    }

    /// Whether the file at `path`, stamped `now` just before, is the one this stamp was
    /// taken of. The path is asked for only when the content must be hashed again.
    fn matches(&self, now: &Stamp, path: impl FnOnce() -> PathBuf) -> bool {
        let same = self.len == now.len
            && self.modified == now.modified
            && self.changed == now.changed
            && self.inode == now.inode;
        match &self.hash {
            _ if !same => false,
            None => true,
            Some(hash) => {
                std::fs::read(path()).is_ok_and(|bytes| Sha256::digest(&bytes)[..] == hash[..])
            }
        }
    }
}

/// The stamps of `files`, as `Stamp::of` gives them. Files of one directory (a village's)
/// are stat'ed relative to it, so the kernel walks the directory's path once, not once a
/// file: a scoped check stats every village's files.
fn stamps(files: &[PathBuf]) -> Vec<Option<Stamp>> {
    let dir = files.first().and_then(|f| f.parent());
    let names: Option<Vec<&std::ffi::OsStr>> = files.iter().map(|f| f.file_name()).collect();
    match (dir, names) {
        (Some(dir), Some(names)) if files.iter().all(|f| f.parent() == Some(dir)) => {
            stamps_in(dir, &names).unwrap_or_else(|| files.iter().map(|f| Stamp::of(f)).collect())
        }
        _ => files.iter().map(|f| Stamp::of(f)).collect(),
    }
}

/// The stamps of the files `names` in `dir`, stat'ed relative to it; none when the
/// directory cannot be opened.
fn stamps_in<N: AsRef<std::ffi::OsStr>>(dir: &Path, names: &[N]) -> Option<Vec<Option<Stamp>>> {
    use rustix::fs::{AtFlags, Mode, OFlags};
    // A path-only handle needs no read permission, as a stat does not.
    let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let fd = rustix::fs::open(dir, flags, Mode::empty()).ok()?;
    let stamp = |name: &N| {
        let st = rustix::fs::statat(&fd, name.as_ref(), AtFlags::SYMLINK_NOFOLLOW).ok()?;
        Some(Stamp {
            len: u64::try_from(st.st_size).ok()?,
            modified: (st.st_mtime, i64::try_from(st.st_mtime_nsec).ok()?),
            changed: (st.st_ctime, i64::try_from(st.st_ctime_nsec).ok()?),
            inode: st.st_ino,
            hash: None,
        })
    };
    Some(names.iter().map(stamp).collect())
}

/// The names of a village's files, in `Snapshots::village_files`' order.
fn village_file_names() -> &'static [String] {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let collections = Kind::ALL.iter().filter(|k| k.in_village());
        std::iter::once(super::layout::VILLAGE.to_string())
            .chain(collections.map(|k| Layout::collection_name(*k)))
            .collect()
    })
}

/// The head of every snapshot: what it was made from, and for a village what a scoped check
/// needs without reading the records. A snapshot file is the head's length (4 bytes, little
/// endian), the head, then the body.
#[derive(Serialize, Deserialize)]
struct Head {
    /// The build that wrote it: read back only by the same build (`crate::BUILD`).
    build: String,
    stamps: Vec<Option<Stamp>>,
    /// The village's county; empty for the people.
    county: String,
    /// The village's `rules::cross_keys`; empty for the people.
    keys: Vec<CrossKey>,
}

impl Head {
    /// Whether this head was written by this binary from `files` as they are (`now`).
    fn current(&self, files: &[PathBuf], now: &[Option<Stamp>]) -> bool {
        self.build == crate::BUILD && still(&self.stamps, now, |i| files[i].clone())
    }
}

/// Whether stamps taken of a source's files when something was made from them (`then`)
/// still describe the files, stamped `now`. `file(i)` is the path of the `i`th, asked for
/// only when its content must be hashed again.
fn still(then: &[Option<Stamp>], now: &[Option<Stamp>], file: impl Fn(usize) -> PathBuf) -> bool {
    then.len() == now.len()
        && then
            .iter()
            .zip(now)
            .enumerate()
            .all(|(i, (then, now))| match (then, now) {
                (None, None) => true,
                (Some(then), Some(now)) => then.matches(now, || file(i)),
                _ => false,
            })
}

/// Hashes the stamps of `files` modified within `RACY` of now, so that what is made from
/// them can be trusted later; false when such a file cannot be read.
fn seal(stamps: &mut [Option<Stamp>], files: &[PathBuf]) -> bool {
    let now = SystemTime::now();
    for (stamp, file) in stamps.iter_mut().zip(files) {
        if let Some(stamp) = stamp
            && stamp.racy(now)
        {
            let Ok(bytes) = std::fs::read(file) else {
                return false;
            };
            stamp.hash = Some(Sha256::digest(&bytes).into());
        }
    }
    true
}

/// What records are read from: one village's files, or the people's.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    Village(&'a str),
    People,
}

impl Source<'_> {
    /// The files, in a fixed order.
    fn files(self, layout: &Layout) -> Vec<PathBuf> {
        match self {
            Source::Village(id) => Snapshots::village_files(layout, id),
            Source::People => vec![layout.people()],
        }
    }
}

/// The stamps of a source's files: as they are now, or as they were when a result was made
/// from them and kept.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stamps(Vec<Option<Stamp>>);

impl Stamps {
    /// The stamps of `source`'s files as they are now.
    pub fn now(layout: &Layout, source: Source<'_>) -> Stamps {
        Stamps(stamps(&source.files(layout)))
    }

    /// These stamps made fit to keep: a file modified within `RACY` of now is hashed too.
    /// None when such a file cannot be read.
    pub fn to_keep(mut self, layout: &Layout, source: Source<'_>) -> Option<Stamps> {
        seal(&mut self.0, &source.files(layout)).then_some(self)
    }

    /// Whether these kept stamps still describe `source`'s files, stamped `now`.
    pub fn still(&self, now: &Stamps, layout: &Layout, source: Source<'_>) -> bool {
        still(&self.0, &now.0, |i| source.files(layout)[i].clone())
    }
}

/// Every village's head, as `Snapshots::village_heads` keeps them, in the order of the
/// villages' ids. The `heads` file is the length of this part (4 bytes, little endian), this
/// part, then each village's cross keys in the same order, eight bytes each, little endian:
/// a scoped check reads the part (some 3 MB for a province) whole and the keys (some 53 MB)
/// a few hundred villages at a time, on every core, without holding them all at once.
#[derive(Serialize, Deserialize)]
struct Heads<'a> {
    /// The build that wrote it: read back only by the same build (`crate::BUILD`).
    build: &'a str,
    #[serde(borrow)]
    villages: Vec<HeadEntry<'a>>,
}

#[derive(Serialize, Deserialize)]
struct HeadEntry<'a> {
    id: &'a str,
    #[serde(borrow)]
    stamps: EncodedStamps<'a>,
    county: &'a str,
    /// How many cross keys the village has after the entries.
    keys: u32,
}

/// A village's stamps in the kept heads, as their postcard bytes: reading the entries of ten
/// thousand villages then decodes no stamp (it took some 7 ms of one core, before the stat
/// of any file). They are compared byte for byte with the stamps taken now, and decoded only
/// when those differ, as they do for a stamp that holds a hash.
struct EncodedStamps<'a>(Cow<'a, [u8]>);

impl EncodedStamps<'_> {
    fn of(stamps: &[Option<Stamp>]) -> Option<EncodedStamps<'static>> {
        let bytes = postcard::to_stdvec(stamps).ok()?;
        Some(EncodedStamps(Cow::Owned(bytes)))
    }

    /// Whether these stamps still describe the files stamped `now` (`still`).
    fn still(&self, now: &[Option<Stamp>], file: impl Fn(usize) -> PathBuf) -> bool {
        let mut buf = [0u8; 1024];
        if postcard::to_slice(now, &mut buf).is_ok_and(|now| now[..] == self.0[..]) {
            return true;
        }
        from_bytes::<Vec<Option<Stamp>>>(&self.0).is_some_and(|then| still(&then, now, file))
    }
}

impl Serialize for EncodedStamps<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for EncodedStamps<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <&'de [u8]>::deserialize(d).map(|bytes| EncodedStamps(Cow::Borrowed(bytes)))
    }
}

/// The kept `heads` file (`Snapshots::village_heads`), open, with its entries read; none
/// when it is missing or cannot be read.
pub struct KeptHeads {
    path: PathBuf,
    opened: Option<(std::fs::File, Vec<u8>)>,
}

impl KeptHeads {
    /// The entries of the file with where each village's keys lie in it, when the file is
    /// from this binary and whole.
    fn entries(&self) -> Option<(Heads<'_>, Vec<u64>)> {
        let (file, part) = self.opened.as_ref()?;
        let heads = from_bytes::<Heads<'_>>(part).filter(|h| h.build == crate::BUILD)?;
        let mut at = 4 + part.len() as u64;
        let mut starts = Vec::with_capacity(heads.villages.len());
        for e in &heads.villages {
            starts.push(at);
            at += 8 * u64::from(e.keys);
        }
        let whole = file.metadata().is_ok_and(|m| m.len() == at);
        whole.then_some((heads, starts))
    }

    /// The bytes of the file from `from` to `to`.
    fn read(&self, from: u64, to: u64) -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        self.read_into(&mut bytes, from, to)?;
        Ok(bytes)
    }

    /// The bytes of the file from `from` to `to`, into `bytes`.
    fn read_into(&self, bytes: &mut Vec<u8>, from: u64, to: u64) -> Result<()> {
        use std::os::unix::fs::FileExt;
        bytes.resize(usize::try_from(to.saturating_sub(from)).unwrap_or(0), 0);
        if let Some((file, _)) = &self.opened {
            file.read_exact_at(bytes, from)
                .map_err(|e| crate::error::Error::io("read", &self.path, &e))?;
        }
        Ok(())
    }

    /// The cross keys of a village whose `head` was read with these.
    pub fn keys_of(&self, head: &VillageHead<'_>) -> Result<Vec<CrossKey>> {
        match head.keys {
            Keys::Decoded(ref keys) => Ok(keys.clone()),
            Keys::Kept { at, count } => {
                Ok(decode_keys(&self.read(at, at + 8 * u64::from(count))?).collect())
            }
        }
    }

    /// For each of `heads` (read with these), whether one of its cross keys is `wanted`. The
    /// kept keys are read a few hundred villages at a time, on rayon's pool.
    pub fn sharing(
        &self,
        heads: &[Option<VillageHead<'_>>],
        wanted: impl Fn(CrossKey) -> bool + Sync,
    ) -> Result<Vec<bool>> {
        use rayon::prelude::*;
        let found: Vec<Vec<bool>> = heads
            .par_chunks(256)
            .map_init(Vec::new, |bytes, chunk| {
                let kept = chunk.iter().flatten().filter_map(|h| match h.keys {
                    Keys::Kept { at, count } => Some((at, at + 8 * u64::from(count))),
                    Keys::Decoded(_) => None,
                });
                let (from, to) =
                    kept.fold((u64::MAX, 0), |(lo, hi), (a, b)| (lo.min(a), hi.max(b)));
                self.read_into(bytes, from.min(to), to)?;
                let shares = |head: &VillageHead<'_>| match head.keys {
                    Keys::Decoded(ref keys) => keys.iter().any(|k| wanted(*k)),
                    Keys::Kept { at, count } => {
                        let at = usize::try_from(at - from).unwrap_or(usize::MAX);
                        let len = 8 * count as usize;
                        bytes
                            .get(at..at + len)
                            .is_some_and(|raw| decode_keys(raw).any(&wanted))
                    }
                };
                Ok(chunk
                    .iter()
                    .map(|h| h.as_ref().is_some_and(shares))
                    .collect())
            })
            .collect::<Result<_>>()?;
        Ok(found.concat())
    }
}

/// Keys kept eight bytes each, little endian.
fn decode_keys(bytes: &[u8]) -> impl Iterator<Item = CrossKey> + '_ {
    bytes
        .chunks_exact(8)
        .map(|k| CrossKey::from_le_bytes(k.try_into().unwrap_or_default()))
}

/// Writes the heads `villages` to `path`, each entry with its keys, atomically; when that
/// cannot be done, nothing is written.
fn write_heads(path: &Path, villages: Vec<(HeadEntry<'_>, Cow<'_, [u8]>)>) {
    let (entries, keys): (Vec<_>, Vec<_>) = villages.into_iter().unzip();
    let heads = Heads {
        build: crate::BUILD,
        villages: entries,
    };
    put_indexed(path, &heads, &keys);
}

/// Writes to `path` (`put_with`) the length of `index` as postcard (4 bytes, little endian),
/// the index, then `parts`: the layout of a pack and of the kept heads, whose index says
/// where each part lies.
fn put_indexed<I: Serialize, P: AsRef<[u8]>>(path: &Path, index: &I, parts: &[P]) {
    let Ok(index) = postcard::to_stdvec(index) else {
        return;
    };
    let Ok(len) = u32::try_from(index.len()) else {
        return;
    };
    put_with(path, |out| {
        use std::io::Write as _;
        out.write_all(&len.to_le_bytes()).is_ok()
            && out.write_all(&index).is_ok()
            && parts.iter().all(|p| out.write_all(p.as_ref()).is_ok())
    });
}

/// Writes `value` as postcard to `path` (`put_with`), through the buffer: a province's heads
/// or findings are tens of megabytes, not built in memory first.
fn put_postcard<T: Serialize>(path: &Path, value: &T) {
    put_with(path, |out| postcard::to_io(value, out).is_ok());
}

/// Writes derived `bytes` to `path` (`put_with`).
fn put(path: &Path, bytes: &[u8]) {
    put_with(path, |out| std::io::Write::write_all(out, bytes).is_ok());
}

/// Writes derived data to `path` with `write`, beside it through a buffer and renamed into
/// place, so that a reader sees the whole file or none; when that cannot be done (or `write`
/// fails), nothing is written.
fn put_with(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<tempfile::NamedTempFile>) -> bool,
) {
    let Some(dir) = path.parent() else {
        return;
    };
    if super::fsio::create_dir_all(dir).is_err() {
        return;
    }
    let Ok(tmp) = tempfile::NamedTempFile::new_in(dir) else {
        return;
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, tmp);
    if write(&mut out)
        && let Ok(tmp) = out.into_inner()
    {
        let _ = tmp.persist(path);
    }
}

/// What a scoped check knows of a village before loading it; read from the kept heads
/// (`Snapshots::village_heads`) where it can be, its keys left in the file
/// (`KeptHeads::keys_of`, `KeptHeads::sharing`).
pub struct VillageHead<'a> {
    pub county: Cow<'a, str>,
    keys: Keys,
}

/// A village's `rules::cross_keys`, sorted: decoded, or where they lie in the kept heads.
enum Keys {
    Decoded(Vec<CrossKey>),
    Kept { at: u64, count: u32 },
}

/// A village's records with its `rules::cross_keys`.
pub type Keyed = (VillageRecords, Vec<CrossKey>);

/// The snapshots of one store.
pub struct Snapshots {
    layout: Layout,
    dir: PathBuf,
}

impl Snapshots {
    pub fn new(layout: &Layout) -> Snapshots {
        Snapshots {
            layout: layout.clone(),
            dir: layout.cache_dir().join("snap"),
        }
    }

    /// Where the pack holding village `id`'s snapshot is: `packs/<xx>`, `xx` from a hash of
    /// the id. A first load makes ten thousand snapshots; in 256 files, it creates 256, not
    /// ten thousand (after `.cache/` was deleted, creating a file costs this file system a
    /// search past every one just deleted).
    fn pack_path(&self, pack: usize) -> PathBuf {
        self.dir.join("packs").join(format!("{pack:02x}"))
    }

    /// How many packs the villages' snapshots are spread over.
    const PACKS: usize = 256;

    /// The pack of village `id`.
    fn pack_of(id: &str) -> usize {
        (crate::rules::key_hash(id) % Snapshots::PACKS as u64) as usize
    }

    /// The files a village's records come from, in a fixed order.
    fn village_files(layout: &Layout, id: &str) -> Vec<PathBuf> {
        let dir = layout.village_dir(id);
        village_file_names().iter().map(|n| dir.join(n)).collect()
    }

    /// The stamps of `village_files`, made without their paths: a scoped check stamps every
    /// village's files.
    fn village_stamps(layout: &Layout, id: &str) -> Vec<Option<Stamp>> {
        stamps_in(&layout.village_dir(id), village_file_names())
            .unwrap_or_else(|| stamps(&Snapshots::village_files(layout, id)))
    }

    /// The records of each of `ids`, with its `rules::cross_keys`: from its snapshot when
    /// that is current, else from its files, after which its snapshot is made again. `None`
    /// for a village without `village.json`. In the order of `ids`.
    pub fn villages_keyed(&self, ids: &[String]) -> Result<Vec<Option<Keyed>>> {
        self.through_packs(
            ids,
            |head, body| Some((<Option<VillageRecords>>::from_bytes(body)??, head.keys)),
            |records, keys| records.map(|r| (r, keys)),
        )
    }

    /// The county and cross keys of each of `ids`, `villages_keyed`'s way, decoding no
    /// records where the snapshot is current.
    fn village_heads_of(&self, ids: &[String]) -> Result<Vec<Option<VillageHead<'static>>>> {
        self.through_packs(
            ids,
            |head, _| {
                Some(VillageHead {
                    county: head.county.into(),
                    keys: Keys::Decoded(head.keys),
                })
            },
            |records, keys| {
                records.map(|r| VillageHead {
                    county: r.village.county.to_string().into(),
                    keys: Keys::Decoded(keys),
                })
            },
        )
    }

    /// Villages `ids` through their packs, a pack at a time on rayon's pool, each pack read
    /// once: `take` reads a village from its snapshot's head and body when the snapshot is
    /// current; any other village is parsed from its files and given to `parsed`, and its
    /// pack is written again with the new snapshot. In the order of `ids`.
    fn through_packs<T: Send>(
        &self,
        ids: &[String],
        take: impl Fn(Head, &[u8]) -> Option<T> + Sync,
        parsed: impl Fn(Option<VillageRecords>, Vec<CrossKey>) -> Option<T> + Sync,
    ) -> Result<Vec<Option<T>>> {
        use rayon::prelude::*;
        let mut packs: Vec<Vec<usize>> = vec![Vec::new(); Snapshots::PACKS];
        for (i, id) in ids.iter().enumerate() {
            packs[Snapshots::pack_of(id)].push(i);
        }
        let found: Vec<Vec<(usize, Option<T>)>> = packs
            .par_iter()
            .enumerate()
            .filter(|(_, members)| !members.is_empty())
            .map(|(pack, members)| {
                let path = self.pack_path(pack);
                let opened = open_pack(&path);
                let index = opened.as_ref().and_then(|(_, index)| {
                    from_bytes::<PackIndex<'_>>(index).filter(|p| p.build == crate::BUILD)
                });
                let slots = index.as_ref().map_or(&[][..], |p| &p.villages[..]);
                let snapshot = |k: usize| {
                    let (file, index) = opened.as_ref()?;
                    slot_bytes(file, index.len(), &slots[k])
                };
                let mut fresh: Vec<(&str, Vec<u8>)> = Vec::new();
                let mut out = Vec::with_capacity(members.len());
                for &i in members {
                    let id = ids[i].as_str();
                    let files = Snapshots::village_files(&self.layout, id);
                    let now = stamps(&files);
                    let current = slots
                        .binary_search_by(|e| e.id.cmp(id))
                        .ok()
                        .and_then(snapshot)
                        .and_then(|bytes| {
                            let (head, body) = current_head(&bytes, &files, &now)?;
                            take(head, body)
                        });
                    if let Some(found) = current {
                        out.push((i, Some(found)));
                        continue;
                    }
                    let records = load::read_village_records(&self.layout, id)?;
                    let (county, keys) = records.head();
                    if let Some(bytes) = to_bytes(&files, now, &records, county, keys.clone()) {
                        fresh.push((id, bytes));
                    }
                    out.push((i, parsed(records, keys)));
                }
                if !fresh.is_empty() {
                    // The other villages' snapshots, as they are in the pack.
                    let kept = (0..slots.len())
                        .filter(|k| !fresh.iter().any(|(id, _)| *id == slots[*k].id))
                        .filter_map(|k| Some((slots[k].id, snapshot(k)?)));
                    let kept: Vec<(&str, Vec<u8>)> = kept.collect();
                    self.write_pack(&path, kept.into_iter().chain(fresh));
                }
                Ok(out)
            })
            .collect::<Result<_>>()?;
        let mut all: Vec<Option<T>> = std::iter::repeat_with(|| None).take(ids.len()).collect();
        for (i, found) in found.into_iter().flatten() {
            all[i] = found;
        }
        Ok(all)
    }

    /// Writes a pack: the length of its index (4 bytes, little endian), the index (each
    /// village's id and where its snapshot lies after the index, sorted by id), then the
    /// snapshots. Snapshots an earlier bangfu kept one file a village (`villages/`) are
    /// removed with the first pack written.
    fn write_pack<'a>(&self, path: &Path, villages: impl Iterator<Item = (&'a str, Vec<u8>)>) {
        let old = self.dir.join("villages");
        if old.exists() {
            let _ = std::fs::remove_dir_all(old);
        }
        let mut villages: Vec<(&str, Vec<u8>)> = villages.collect();
        villages.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut at = 0;
        let slots = villages
            .iter()
            .map(|(id, bytes)| {
                let len = bytes.len() as u64;
                at += len;
                PackSlot {
                    id,
                    at: at - len,
                    len,
                }
            })
            .collect();
        let index = PackIndex {
            build: crate::BUILD,
            villages: slots,
        };
        let parts: Vec<&[u8]> = villages.iter().map(|(_, bytes)| &bytes[..]).collect();
        put_indexed(path, &index, &parts);
    }

    /// The kept heads, for `village_heads`, open.
    pub fn kept_heads(&self) -> KeptHeads {
        let path = self.dir.join("heads");
        KeptHeads {
            opened: open_pack(&path),
            path,
        }
    }

    /// The county and cross keys of each of `ids`, from one file (`heads`) holding every
    /// village's head with the stamps it was made from: a scoped check reads that file and
    /// stats each village's files, instead of reading ten thousand snapshots' heads. An
    /// entry is trusted only while its stamps match, as a snapshot's head is; the others are
    /// made again (`village_heads_of`), and the file is written again when any was. `None`
    /// for a directory that holds no `village.json`. `kept` is `kept_heads`, from which the
    /// heads borrow and their keys are read.
    pub fn village_heads<'k>(
        &self,
        ids: &[String],
        kept: &'k KeptHeads,
    ) -> Result<Vec<Option<VillageHead<'k>>>> {
        use rayon::prelude::*;
        let (heads, starts) = kept.entries().unzip();
        let entries = heads.as_ref().map_or(&[][..], |h| &h.villages[..]);
        let starts = starts.unwrap_or_default();
        let kept_of = |id: &str| entries.binary_search_by(|e| e.id.cmp(id)).ok();
        // Each head, with the stamps it was made from when it was made again.
        let mut found: Vec<(Option<VillageHead<'k>>, Option<Stamps>)> = ids
            .par_iter()
            .map(|id| {
                let now = Snapshots::village_stamps(&self.layout, id);
                let file = |f: usize| Snapshots::village_files(&self.layout, id)[f].clone();
                match kept_of(id) {
                    Some(i) if entries[i].stamps.still(&now, file) => {
                        let e = &entries[i];
                        let keys = Keys::Kept {
                            at: starts[i],
                            count: e.keys,
                        };
                        let head = VillageHead {
                            county: e.county.into(),
                            keys,
                        };
                        (Some(head), None)
                    }
                    _ => (None, Some(Stamps(now))),
                }
            })
            .collect();
        let missed: Vec<usize> = (0..ids.len()).filter(|i| found[*i].1.is_some()).collect();
        let again: Vec<String> = missed.iter().map(|i| ids[*i].clone()).collect();
        for (i, head) in missed.into_iter().zip(self.village_heads_of(&again)?) {
            found[i].0 = head;
        }
        let made = found.iter().filter(|(_, fresh)| fresh.is_some()).count();
        let held = found.iter().filter(|(head, _)| head.is_some()).count();
        if made > 0 || entries.len() != held {
            // Every kept village's keys, to be written again from where they lie.
            let base = starts.first().copied().unwrap_or(0);
            let end = starts
                .last()
                .map_or(0, |at| at + 8 * u64::from(entries[entries.len() - 1].keys));
            let all = kept.read(base, end)?;
            let villages = ids
                .iter()
                .zip(&found)
                .filter_map(|(id, (found, fresh))| {
                    let found = found.as_ref()?;
                    let stamps = match fresh {
                        Some(now) => EncodedStamps::of(
                            &now.clone().to_keep(&self.layout, Source::Village(id))?.0,
                        )?,
                        None => EncodedStamps(Cow::Borrowed(&entries[kept_of(id)?].stamps.0)),
                    };
                    let keys: Cow<'_, [u8]> = match found.keys {
                        Keys::Decoded(ref keys) => {
                            Cow::Owned(keys.iter().flat_map(|k| k.to_le_bytes()).collect())
                        }
                        Keys::Kept { at, count } => {
                            let at = usize::try_from(at - base).ok()?;
                            Cow::Borrowed(all.get(at..at + 8 * count as usize)?)
                        }
                    };
                    let count = u32::try_from(keys.len() / 8).ok()?;
                    let entry = HeadEntry {
                        id,
                        stamps,
                        county: &found.county,
                        keys: count,
                    };
                    Some((entry, keys))
                })
                .collect();
            write_heads(&kept.path, villages);
        }
        Ok(found.into_iter().map(|(head, _)| head).collect())
    }

    /// The people of `people.jsonl`, the same way.
    pub fn people(&self) -> Result<Vec<Person>> {
        let path = self.dir.join("people");
        let files = [self.layout.people()];
        let (people, _) = Snapshots::cached(&path, &files, || {
            load::read_jsonl(&files[0]).map(PeopleBody)
        })?;
        Ok(people.0)
    }

    /// `T` from the snapshot at `path` when every stamp of `files` matches, else from
    /// `parse`, then written to `path`; with the cross keys of its head.
    fn cached<T: Body>(
        path: &Path,
        files: &[PathBuf],
        parse: impl FnOnce() -> Result<T>,
    ) -> Result<(T, Vec<CrossKey>)> {
        let stamps = stamps(files);
        if let Some(found) = read(path, files, &stamps) {
            return Ok(found);
        }
        let parsed = parse()?;
        let (county, keys) = parsed.head();
        if let Some(bytes) = to_bytes(files, stamps, &parsed, county, keys.clone()) {
            put(path, &bytes);
        }
        Ok((parsed, keys))
    }
}

impl Snapshots {
    /// The bytes of a result kept under `name`, when there are some.
    pub fn kept(&self, name: &str) -> Option<Vec<u8>> {
        std::fs::read(self.dir.join("results").join(name)).ok()
    }

    /// Keeps `value` under `name` as postcard, replacing what was kept, atomically; when it
    /// cannot be written, nothing is kept. Written through a buffer, not built in memory
    /// first: a province's findings are tens of megabytes.
    pub fn keep<T: Serialize>(&self, name: &str, value: &T) {
        put_postcard(&self.dir.join("results").join(name), value);
    }
}

/// What a snapshot holds after its head.
trait Body: Sized {
    /// The county and cross keys of its head.
    fn head(&self) -> (String, Vec<CrossKey>) {
        (String::new(), Vec::new())
    }

    /// The content written after `head`; none when there is nothing to keep.
    fn to_bytes(&self, head: Vec<u8>) -> Option<Vec<u8>>;
    fn from_bytes(bytes: &[u8]) -> Option<Self>;
}

/// The snapshot at `path`, when it is readable and made from `files` as they are (`now`).
fn read<T: Body>(
    path: &Path,
    files: &[PathBuf],
    now: &[Option<Stamp>],
) -> Option<(T, Vec<CrossKey>)> {
    let bytes = std::fs::read(path).ok()?;
    let (head, body) = current_head(&bytes, files, now)?;
    Some((T::from_bytes(body)?, head.keys))
}

/// A snapshot's head, and its body after it, when it was made from `files` as they are
/// (`now`).
fn current_head<'b>(
    bytes: &'b [u8],
    files: &[PathBuf],
    now: &[Option<Stamp>],
) -> Option<(Head, &'b [u8])> {
    let (head, body) = split(bytes)?;
    let head: Head = from_bytes(head)?;
    head.current(files, now).then_some((head, body))
}

/// The head and the body of a snapshot's bytes.
fn split(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let (len, rest) = bytes.split_first_chunk::<4>()?;
    let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
    (len <= rest.len()).then(|| rest.split_at(len))
}

/// The snapshot of `files` (stamped `stamps` before they were read); none when there is
/// nothing to keep, or a file modified just now cannot be read again to be hashed.
fn to_bytes<T: Body>(
    files: &[PathBuf],
    mut stamps: Vec<Option<Stamp>>,
    body: &T,
    county: String,
    keys: Vec<CrossKey>,
) -> Option<Vec<u8>> {
    if !seal(&mut stamps, files) {
        return None;
    }
    let head = Head {
        build: crate::BUILD.to_string(),
        stamps,
        county,
        keys,
    };
    let head = postcard::to_stdvec(&head).ok()?;
    let len = u32::try_from(head.len()).ok()?;
    let mut bytes = len.to_le_bytes().to_vec();
    bytes.extend_from_slice(&head);
    body.to_bytes(bytes)
}

/// The index at the head of a pack: where each village's snapshot lies after it, sorted
/// by id. Read in place.
#[derive(Serialize, Deserialize)]
struct PackIndex<'a> {
    /// The build that wrote it: read back only by the same build (`crate::BUILD`).
    build: &'a str,
    #[serde(borrow)]
    villages: Vec<PackSlot<'a>>,
}

#[derive(Serialize, Deserialize)]
struct PackSlot<'a> {
    id: &'a str,
    /// Where the snapshot starts, counted from the end of the index; and its length.
    at: u64,
    len: u64,
}

/// The pack at `path`, open, and the bytes of its index; none when it cannot be read.
fn open_pack(path: &Path) -> Option<(std::fs::File, Vec<u8>)> {
    use std::io::Read as _;
    let mut file = std::fs::File::open(path).ok()?;
    let mut len = [0u8; 4];
    file.read_exact(&mut len).ok()?;
    let len = usize::try_from(u32::from_le_bytes(len))
        .ok()
        .filter(|n| *n <= 1 << 26)?;
    let mut index = vec![0u8; len];
    file.read_exact(&mut index).ok()?;
    Some((file, index))
}

/// The snapshot in `slot` of a pack whose index is `index_len` bytes long, read alone: a
/// check of a county reads its three hundred villages, not the packs' ten thousand.
fn slot_bytes(file: &std::fs::File, index_len: usize, slot: &PackSlot<'_>) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt as _;
    let start = slot.at.checked_add(4 + u64::try_from(index_len).ok()?)?;
    let len = usize::try_from(slot.len).ok().filter(|n| *n <= 1 << 30)?;
    let mut bytes = vec![0u8; len];
    file.read_exact_at(&mut bytes, start).ok()?;
    Some(bytes)
}

/// One record written as its `Packed` tuple.
struct PackedRef<'a, R>(&'a R);

impl<R: Packed> Serialize for PackedRef<'_, R> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.pack(s)
    }
}

/// Records written as a sequence of `Packed` tuples.
struct PackedSeq<'a, R>(&'a [R]);

impl<R: Packed> Serialize for PackedSeq<'_, R> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(PackedRef))
    }
}

/// One record read back from its `Packed` tuple.
struct Unpacked<R>(R);

impl<'de, R: Packed> Deserialize<'de> for Unpacked<R> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        R::unpack(d).map(Unpacked)
    }
}

fn unpacked<R>(records: Vec<Unpacked<R>>) -> Vec<R> {
    records.into_iter().map(|r| r.0).collect()
}

/// A village's records, written.
#[derive(Serialize)]
struct VillageBody<'a>(
    PackedRef<'a, crate::model::Village>,
    PackedSeq<'a, crate::model::Team>,
    PackedSeq<'a, crate::model::Household>,
    PackedSeq<'a, crate::model::Allocation>,
    PackedSeq<'a, crate::model::Plan>,
    PackedSeq<'a, crate::model::Member>,
    PackedSeq<'a, crate::model::Case>,
    PackedSeq<'a, crate::model::Attendance>,
    PackedSeq<'a, crate::model::Leave>,
    PackedSeq<'a, crate::model::Assessment>,
);

impl VillageBody<'_> {
    fn of(v: &VillageRecords) -> VillageBody<'_> {
        VillageBody(
            PackedRef(&v.village),
            PackedSeq(&v.teams),
            PackedSeq(&v.households),
            PackedSeq(&v.allocations),
            PackedSeq(&v.plans),
            PackedSeq(&v.members),
            PackedSeq(&v.cases),
            PackedSeq(&v.attendance),
            PackedSeq(&v.leaves),
            PackedSeq(&v.assessments),
        )
    }
}

/// A village's records, read back.
type VillageRead = (
    Unpacked<crate::model::Village>,
    Vec<Unpacked<crate::model::Team>>,
    Vec<Unpacked<crate::model::Household>>,
    Vec<Unpacked<crate::model::Allocation>>,
    Vec<Unpacked<crate::model::Plan>>,
    Vec<Unpacked<crate::model::Member>>,
    Vec<Unpacked<crate::model::Case>>,
    Vec<Unpacked<crate::model::Attendance>>,
    Vec<Unpacked<crate::model::Leave>>,
    Vec<Unpacked<crate::model::Assessment>>,
);

impl Body for Option<VillageRecords> {
    fn head(&self) -> (String, Vec<CrossKey>) {
        self.as_ref().map_or_else(Default::default, |v| {
            (v.village.county.to_string(), crate::rules::cross_keys(v))
        })
    }

    fn to_bytes(&self, head: Vec<u8>) -> Option<Vec<u8>> {
        postcard::to_extend(&VillageBody::of(self.as_ref()?), head).ok()
    }

    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let (
            village,
            teams,
            households,
            allocations,
            plans,
            members,
            cases,
            attendance,
            leaves,
            assessments,
        ): VillageRead = from_bytes(bytes)?;
        Some(Some(VillageRecords {
            village: village.0,
            teams: unpacked(teams),
            households: unpacked(households),
            allocations: unpacked(allocations),
            plans: unpacked(plans),
            members: unpacked(members),
            cases: unpacked(cases),
            attendance: unpacked(attendance),
            leaves: unpacked(leaves),
            assessments: unpacked(assessments),
        }))
    }
}

/// The people, as parsed.
struct PeopleBody(Vec<Person>);

impl Body for PeopleBody {
    fn to_bytes(&self, head: Vec<u8>) -> Option<Vec<u8>> {
        postcard::to_extend(&PackedSeq(&self.0), head).ok()
    }

    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        from_bytes::<Vec<Unpacked<Person>>>(bytes).map(|p| PeopleBody(unpacked(p)))
    }
}

/// `T` from the whole of `bytes` (postcard); none when they are not exactly one `T`.
pub fn from_bytes<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Option<T> {
    match postcard::take_from_bytes::<T>(bytes) {
        Ok((value, [])) => Some(value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_racy_file_is_trusted_only_with_its_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("households.jsonl");
        std::fs::write(&path, "{\"id\":\"H1\"}\n").unwrap();
        let now = Stamp::of(&path).unwrap();
        assert!(now.racy(SystemTime::now()));
        let hashed = |bytes: &[u8]| Stamp {
            hash: Some(Sha256::digest(bytes).into()),
            ..now.clone()
        };
        assert!(hashed(b"{\"id\":\"H1\"}\n").matches(&now, || path.clone()));
        // Same stamp, other content (written within one tick of the clock): not trusted.
        assert!(!hashed(b"{\"id\":\"H2\"}\n").matches(&now, || path.clone()));
        assert!(now.matches(&now, || path.clone()));
        assert!(
            !Stamp {
                len: 1,
                ..now.clone()
            }
            .matches(&now, || path.clone())
        );
        assert!(!now.racy(SystemTime::now() + Duration::from_secs(4)));
    }

    #[test]
    fn kept_stamps_compared_as_bytes_judge_as_the_decoded_stamps_do() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("households.jsonl");
        std::fs::write(&path, "{\"id\":\"H1\"}\n").unwrap();
        let now = vec![Stamp::of(&path), None];
        let file = |_| path.clone();
        let kept = |stamps: &[Option<Stamp>]| EncodedStamps::of(stamps).unwrap();
        assert!(kept(&now).still(&now, file));
        let longer = Stamp {
            len: 1 + now[0].as_ref().unwrap().len,
            ..now[0].clone().unwrap()
        };
        assert!(!kept(&[Some(longer), None]).still(&now, file));
        // An absent file that is now there, and one file fewer.
        assert!(!kept(&[now[0].clone(), now[0].clone()]).still(&now, file));
        assert!(!kept(&now[..1]).still(&now, file));
        // A hashed stamp differs from the stamp taken now as bytes; its content decides.
        let hashed = |bytes: &[u8]| {
            let stamp = Stamp {
                hash: Some(Sha256::digest(bytes).into()),
                ..now[0].clone().unwrap()
            };
            kept(&[Some(stamp), None])
        };
        assert!(hashed(b"{\"id\":\"H1\"}\n").still(&now, file));
        assert!(!hashed(b"{\"id\":\"H2\"}\n").still(&now, file));
        // Bytes that are not stamps are not current.
        assert!(!EncodedStamps(Cow::Borrowed(&[7, 1, 2])).still(&now, file));
    }
}
