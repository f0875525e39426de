//! The one place that knows the format-1 file layout of a store.

use std::path::{Path, PathBuf};

use crate::model::Kind;

pub const MANIFEST: &str = "bangfu.json";
pub const PEOPLE: &str = "people.jsonl";
pub const JOURNAL: &str = "journal.jsonl";
pub const VILLAGES: &str = "villages";
pub const VILLAGE: &str = "village.json";
pub const REMOVED: &str = "removed";
pub const CACHE: &str = ".cache";
pub const LOCK: &str = ".lock";
pub const INTENT: &str = ".intent.json";

/// Paths inside one store. Every path is built from a checked id, so none leaves the store.
#[derive(Debug, Clone)]
pub struct Layout {
    root: PathBuf,
}

impl Layout {
    pub fn new(root: impl Into<PathBuf>) -> Layout {
        Layout { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn manifest(&self) -> PathBuf {
        self.root.join(MANIFEST)
    }

    pub fn people(&self) -> PathBuf {
        self.root.join(PEOPLE)
    }

    /// The store-level journal: people, policy, and village removals.
    pub fn store_journal(&self) -> PathBuf {
        self.root.join(JOURNAL)
    }

    pub fn villages_dir(&self) -> PathBuf {
        self.root.join(VILLAGES)
    }

    pub fn village_dir(&self, village: &str) -> PathBuf {
        self.villages_dir().join(village)
    }

    pub fn village_file(&self, village: &str) -> PathBuf {
        self.village_dir(village).join(VILLAGE)
    }

    /// `villages/<v>/<kind plural>.jsonl` for the kinds kept in a village's directory.
    pub fn collection(&self, village: &str, kind: Kind) -> PathBuf {
        Layout::collection_in(&self.village_dir(village), kind)
    }

    /// A collection file in a village directory given by path (live or removed).
    pub fn collection_in(dir: &Path, kind: Kind) -> PathBuf {
        dir.join(Layout::collection_name(kind))
    }

    /// The name of a collection file in a village directory: `<kind plural>.jsonl`.
    pub fn collection_name(kind: Kind) -> String {
        debug_assert!(kind.in_village());
        format!("{}.jsonl", kind.plural())
    }

    pub fn village_journal(&self, village: &str) -> PathBuf {
        self.village_dir(village).join(JOURNAL)
    }

    /// Where a removed village's directory goes; a number keeps earlier removals.
    pub fn removed_village(&self, village: &str, n: usize) -> PathBuf {
        let name = if n == 0 {
            village.to_string()
        } else {
            format!("{village}.{n}")
        };
        self.root.join(REMOVED).join(VILLAGES).join(name)
    }

    /// `removed/villages/`: the directories of removed villages.
    pub fn removed_villages_dir(&self) -> PathBuf {
        self.root.join(REMOVED).join(VILLAGES)
    }

    /// `removed/repair/`: what `verify --repair` removed, kept by time of repair.
    pub fn repairs_dir(&self) -> PathBuf {
        self.root.join(REMOVED).join("repair")
    }

    pub fn cache_dir(&self) -> PathBuf {
        self.root.join(CACHE)
    }

    pub fn lock(&self) -> PathBuf {
        self.root.join(LOCK)
    }

    pub fn intent(&self) -> PathBuf {
        self.root.join(INTENT)
    }

    /// A path relative to the root, for the intent file and for messages.
    pub fn relative<'p>(&self, path: &'p Path) -> &'p Path {
        path.strip_prefix(&self.root).unwrap_or(path)
    }
}
