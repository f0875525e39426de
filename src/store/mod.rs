//! The store: a directory of JSON files (README, "The store").
//!
//! `layout` alone knows where files live; `fsio` writes them durably; `lock` serialises
//! writers; `journal` builds the hash-chained change log; `index` finds a record's village
//! without reading the registry; `txn` gathers one command's changes and applies all of them
//! or none; `load` reads records for whole-registry commands.

pub mod fsio;
pub mod index;
pub mod journal;
pub mod layout;
mod load;
mod lock;
pub mod office;
pub mod seal;
pub mod snapshot;
mod txn;
pub mod verify;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::lang::Text;
use crate::model::{Kind, Person, Record, Village};

pub use layout::Layout;
pub use load::{Registry, VillageRecords, line_id, parallel_map, read_jsonl};
pub use lock::Lock;
pub use txn::{Intent, Txn};

/// `bangfu.json`: the store's format, its name and its policy overrides.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Only the settings that differ from the defaults; see `policy`.
    #[serde(default)]
    pub policy: serde_json::Map<String, serde_json::Value>,
    /// The highest number each automatic id prefix has handed out (`"H"`, `"H522799-"`), so
    /// that no id is handed out twice, even after its record is removed.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub last_ids: std::collections::BTreeMap<String, u64>,
}

pub const FORMAT: u32 = 1;

/// An open store.
#[derive(Debug)]
pub struct Store {
    layout: Layout,
    manifest: Manifest,
}

/// This process's reader's shared lock, held from `Store::reading` until a change begins.
/// One per process, whichever `Store` value took it: a command may open the store twice,
/// and its own reader's lock must never keep its own writer waiting.
static READER: std::sync::Mutex<Option<Lock>> = std::sync::Mutex::new(None);

/// Set once this process has begun a change: a read after it needs no reader's lock (the
/// change read and wrote under the writers' lock), and taking one could wait on itself.
static WROTE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn reader_slot() -> std::sync::MutexGuard<'static, Option<Lock>> {
    READER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Store {
    /// Creates a new store in `dir` (which may exist, but must not hold a store).
    pub fn init(dir: &Path, name: Option<String>) -> Result<Store> {
        let layout = Layout::new(dir);
        if layout.manifest().exists() {
            return Err(Error::rejected_in(Text {
                en: format!("{} already holds a bangfu store", dir.display()),
                zh: format!("{} 中已有 bangfu 存储", dir.display()),
            }));
        }
        fsio::set_root(dir);
        fsio::create_dir_all(dir)?;
        tighten(dir)?;
        fsio::create_dir_all(&layout.villages_dir())?;
        let manifest = Manifest {
            format: FORMAT,
            name,
            policy: serde_json::Map::new(),
            last_ids: std::collections::BTreeMap::new(),
        };
        let store = Store { layout, manifest };
        fsio::write_atomic(
            &store.layout.manifest(),
            &Store::manifest_bytes(&store.manifest),
        )?;
        // An empty index from the start, so that no later command (a rejected import among
        // them) has to build one as a side effect.
        let kinds: Vec<Kind> = index::indexed().collect();
        index::build(&store.layout, &kinds)?;
        office::write_git_files(&store.layout)?;
        Ok(store)
    }

    /// Opens the store at `root`, which must hold `bangfu.json`.
    pub fn open(root: &Path) -> Result<Store> {
        fsio::set_root(root);
        let layout = Layout::new(root);
        let path = layout.manifest();
        let text = fsio::read_text(&path)?.ok_or_else(|| {
            Error::store_in(Text {
                en: format!(
                    "no bangfu store at {} (no bangfu.json); create one with `bangfu init {}`",
                    root.display(),
                    root.display()
                ),
                zh: format!(
                    "{} 不是 bangfu 存储（没有 bangfu.json）；可用 `bangfu init {}` 创建",
                    root.display(),
                    root.display()
                ),
            })
        })?;
        let manifest: Manifest =
            serde_json::from_str(&text).map_err(|e| Error::malformed(&path, e.line(), e))?;
        if manifest.format != FORMAT {
            return Err(Error::store_in(Text {
                en: format!(
                    "{}:1: store format {} is not supported; this bangfu reads format {FORMAT}",
                    path.display(),
                    manifest.format
                ),
                zh: format!(
                    "{}:1：不支持存储格式 {}；本版本 bangfu 读取格式 {FORMAT}",
                    path.display(),
                    manifest.format
                ),
            }));
        }
        Ok(Store { layout, manifest })
    }

    /// Opens the store for a command that reads it: takes the readers' shared lock, so that
    /// no change is under way while it reads (a writer holds the lock exclusively from its
    /// first read to its last write), and completes a change a crash left pending, so that
    /// a reader never sees one half-applied. A writer's `begin` lets the shared lock go.
    pub fn reading(mut self) -> Result<Store> {
        if reader_slot().is_some() || WROTE.load(std::sync::atomic::Ordering::SeqCst) {
            return Ok(self);
        }
        for _ in 0..8 {
            let lock = Lock::acquire_shared(&self.layout.lock())?;
            if !self.layout.intent().exists() {
                // Read the manifest again under the lock: a policy change may just have landed.
                self.manifest = Store::open(self.layout.root())?.manifest;
                *reader_slot() = lock;
                return Ok(self);
            }
            drop(lock);
            let writer = Lock::acquire(&self.layout.lock()).map_err(|e| {
                let e = e.text();
                Error::store_in(Text {
                    en: format!(
                        "a change that a crash interrupted is pending and cannot be completed \
                         here ({}); run any bangfu command where the store is writable",
                        e.en
                    ),
                    zh: format!(
                        "有一次被崩溃中断的修改尚未完成，在这里无法完成（{}）；\
                         请在仓库可写的地方运行任一 bangfu 命令",
                        e.zh
                    ),
                })
            })?;
            txn::recover(&self.layout)?;
            drop(writer);
        }
        let root = self.layout.root().display();
        Err(Error::store_in(Text {
            en: format!("{root}: changes keep landing while this command waits to read; try again"),
            zh: format!("{root}：等待读取期间不断有新的修改写入；请重试"),
        }))
    }

    /// Lets a reader's shared lock go (before this process takes the writers' lock).
    pub fn release_reader(&self) -> bool {
        reader_slot().take().is_some()
    }

    /// Finds the store: `--store` (or `$BANGFU_STORE`, which clap reads for it), else the
    /// nearest directory upward
    /// from the current one that holds `bangfu.json`.
    pub fn discover(explicit: Option<&Path>) -> Result<Store> {
        if let Some(dir) = explicit {
            return Store::open(dir);
        }
        let cwd = std::env::current_dir().map_err(|e| {
            Error::store_in(Text {
                en: format!("could not read the current directory: {e}"),
                zh: format!("无法读取当前目录：{e}"),
            })
        })?;
        for dir in cwd.ancestors() {
            if dir.join(layout::MANIFEST).is_file() {
                return Store::open(dir);
            }
        }
        Err(Error::store_in(Text {
            en: format!(
                "no bangfu store found in {} or above; give --store DIR, set BANGFU_STORE, or run `bangfu init`",
                cwd.display()
            ),
            zh: format!(
                "在 {} 及其上级目录中没有找到 bangfu 存储；请用 --store DIR 指定、设置 BANGFU_STORE，或运行 `bangfu init`",
                cwd.display()
            ),
        }))
    }

    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    pub fn root(&self) -> &Path {
        self.layout.root()
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    pub fn manifest_bytes(manifest: &Manifest) -> Vec<u8> {
        let mut text = serde_json::to_string_pretty(manifest).unwrap_or_default();
        text.push('\n');
        text.into_bytes()
    }

    /// Takes the writers' lock, completes any change a crash interrupted, and starts a change.
    pub fn begin(&self, actor: &str) -> Result<Txn<'_>> {
        self.release_reader();
        WROTE.store(true, std::sync::atomic::Ordering::SeqCst);
        let lock = Lock::acquire(&self.layout.lock())?;
        txn::recover(&self.layout)?;
        Ok(Txn::new(self, lock, actor))
    }

    /// Runs `change` in a transaction and commits it: all of it is written, or none.
    pub fn write<T>(
        &self,
        actor: &str,
        change: impl FnOnce(&mut Txn<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut txn = self.begin(actor)?;
        let out = change(&mut txn)?;
        let swept = txn.swept();
        txn.commit()?;
        // The index now holds what the change found in the files changed before it.
        for (kind, at) in swept {
            index::write_stamp(&self.layout, kind, at);
        }
        Ok(out)
    }

    /// The ids of the villages in the store, sorted.
    pub fn village_ids(&self) -> Result<Vec<String>> {
        load::village_ids(&self.layout)
    }

    /// One village, or `None`.
    pub fn village(&self, id: &str) -> Result<Option<Village>> {
        load::read_village(&self.layout, id)
    }

    /// Every person, as stored.
    pub fn people(&self) -> Result<Vec<Person>> {
        read_jsonl(&self.layout.people())
    }

    /// The records of one kind in one village.
    pub fn records<R: Record>(&self, village: &str) -> Result<Vec<R>> {
        read_jsonl(&self.layout.collection(village, R::KIND))
    }

    /// Everything, read in parallel across villages.
    pub fn load(&self) -> Result<Registry> {
        load::load_all(&self.layout)
    }

    /// The villages `ids` with their `rules::cross_keys` (see `load::load_keyed`).
    pub fn load_keyed(
        &self,
        ids: &[String],
    ) -> Result<Vec<(VillageRecords, Vec<crate::rules::CrossKey>)>> {
        load::load_keyed(&self.layout, ids)
    }

    /// The people, from their snapshot where it is current.
    pub fn load_people(&self) -> Result<Vec<crate::model::Person>> {
        snapshot::Snapshots::new(&self.layout).people()
    }

    /// The snapshots of this store, and the results kept beside them.
    pub fn snapshots(&self) -> snapshot::Snapshots {
        snapshot::Snapshots::new(&self.layout)
    }

    /// The part of the registry a check of the villages `wanted` picks (by id and county)
    /// needs, with the counties of every village (see `load::load_scope`).
    pub fn load_scope(
        &self,
        wanted: impl Fn(&str, &str) -> bool + Sync,
    ) -> Result<(Registry, std::collections::BTreeSet<String>)> {
        load::load_scope(&self.layout, wanted)
    }

    /// Finds one record by id: for kinds kept in villages, through the id index.
    pub fn find<R: Record>(&self, id: &str) -> Result<Option<R>> {
        match R::KIND {
            Kind::Person => Ok(load::find_line(&self.layout.people(), id)?
                .map(|(line, text)| parse_line(&self.layout.people(), line, &text))
                .transpose()?),
            Kind::Village => {
                if crate::model::check_id("id", id).is_err() {
                    return Ok(None);
                }
                Ok(load::read_village_as::<R>(&self.layout, id)?)
            }
            kind => {
                let Some(village) = self.locate(kind, id)? else {
                    return Ok(None);
                };
                let path = self.layout.collection(&village, kind);
                Ok(load::find_line(&path, id)?
                    .map(|(line, text)| parse_line(&path, line, &text))
                    .transpose()?)
            }
        }
    }

    /// The village holding record `id` of a village-kept kind, via the index (rebuilt when
    /// missing or when it points at the wrong village).
    pub fn locate(&self, kind: Kind, id: &str) -> Result<Option<String>> {
        if !index::Index::is_ready(&self.layout, kind) {
            self.rebuild_index(&[kind])?;
        }
        let mut idx = index::Index::new(&self.layout);
        if let Some(v) = idx.village_of(kind, id)?
            && load::find_line(&self.layout.collection(&v, kind), id)?.is_some()
        {
            return Ok(Some(v));
        }
        // A miss may be a hand edit or a `git pull` the index has not seen: look in the files
        // changed since the index was last brought up to date (all of them when that is
        // unknown).
        for v in index::unseen(&self.layout, kind)?.0 {
            let path = self.layout.collection(&v, kind);
            if load::find_line(&path, id)?.is_some() {
                self.rebuild_index(&index::indexed().collect::<Vec<_>>())?;
                return Ok(Some(v));
            }
        }
        Ok(None)
    }

    /// Rebuilds the index of `kinds` under `.cache/index` from the village files, under the
    /// lock.
    pub fn rebuild_index(&self, kinds: &[Kind]) -> Result<()> {
        let was_reading = self.release_reader();
        {
            let _lock = Lock::acquire(&self.layout.lock())?;
            txn::recover(&self.layout)?;
            index::build(&self.layout, kinds)?;
        }
        if was_reading {
            let lock = Lock::acquire_shared(&self.layout.lock())?;
            *reader_slot() = lock;
        }
        Ok(())
    }
}

/// Makes an existing directory that becomes a store its owner's only (0700): a store holds
/// personal data, and a world-writable directory would let anyone plant files in it.
fn tighten(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(dir).map_err(|e| Error::io("read", dir, &e))?;
        if meta.permissions().mode() & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| Error::io("restrict the permissions of", dir, &e))?;
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Parses one line of a `.jsonl` file, naming the file and line when it does not.
pub fn parse_line<R: serde::de::DeserializeOwned>(
    path: &Path,
    line: usize,
    text: &str,
) -> Result<R> {
    serde_json::from_str(text).map_err(|e| Error::malformed(path, line, e))
}
