//! One command's change to the store, applied whole or not at all.
//!
//! A change is gathered in memory. `commit` then (1) writes every new file to a synced
//! temporary file beside its target, (2) writes `.intent.json` listing every rename, journal
//! append and directory move, (3) carries them out, (4) removes the intent. A crash before
//! (2) leaves the old store (and stray hidden temporary files); a crash after it is completed
//! by the next writer, which calls `recover` as soon as it holds the lock. Every step of the
//! intent can be carried out twice with the same result. A large change (`PARALLEL_FROM`
//! files) syncs the file system once where a small one syncs each file and directory: after
//! (1), after the journal appends of (3) and after its renames.
//!
//! Testing hook: `BANGFU_CRASH_AT=<point>` makes the process abort at that point, as a power
//! cut would, so that tests can stop a change at every step. The points are `stage-N` (after
//! the N-th temporary file is written), `intent` (after `.intent.json` is written), `step-N`
//! (after the N-th step of the intent is carried out), `step-N-torn` (halfway through writing
//! the N-th step when it is a journal append) and `applied` (before the intent is removed);
//! `recover-step-N` and `recover-step-N-torn` do the same while `recover` completes an
//! interrupted change.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::{self, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::lang::Text;
use crate::model::{Kind, Person, Record, Village};

use super::index::Index;
use super::journal::{self, Change, Head, Op, Subject};
use super::layout::Layout;
use super::lock::Lock;
use super::{Manifest, Store, fsio, load};

/// A collection file held as `(id, stored JSON line)` pairs in file order, with a map from
/// id to its first row (a hand-edited file may repeat an id), and each id's line number in
/// the file as read, so that a line that does not parse is reported where it is. A line is
/// shared with the journal lines that carry it, which are made only when the change commits.
#[derive(Debug)]
struct Lines {
    path: PathBuf,
    rows: Vec<(String, Arc<str>)>,
    positions: HashMap<String, usize>,
    numbers: HashMap<String, usize>,
    dirty: bool,
}

impl Lines {
    fn load(path: PathBuf) -> Result<Lines> {
        let mut rows = Vec::new();
        let mut numbers = HashMap::new();
        if let Some(text) = fsio::read_text(&path)? {
            for (i, line) in text.lines().enumerate() {
                if !line.trim().is_empty() {
                    let id = load::line_id(&path, i + 1, line)?;
                    numbers.entry(id.clone()).or_insert(i + 1);
                    rows.push((id, Arc::from(line)));
                }
            }
        }
        let mut positions = HashMap::with_capacity(rows.len());
        for (i, (id, _)) in rows.iter().enumerate() {
            positions.entry(id.clone()).or_insert(i);
        }
        Ok(Lines {
            path,
            rows,
            positions,
            numbers,
            dirty: false,
        })
    }

    /// Parses a stored line of this file, naming the file and the line where it was read.
    fn parse<R: serde::de::DeserializeOwned>(&self, id: &str, text: &str) -> Result<R> {
        let line = self.numbers.get(id).copied().unwrap_or(0);
        super::parse_line(&self.path, line, text)
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.positions.get(id).copied()
    }

    fn get(&self, id: &str) -> Option<&str> {
        self.position(id).map(|p| &*self.rows[p].1)
    }

    fn set(&mut self, id: &str, line: Arc<str>) {
        if let Some(p) = self.position(id) {
            self.rows[p].1 = line;
        } else {
            self.positions.insert(id.to_string(), self.rows.len());
            self.rows.push((id.to_string(), line));
        }
        self.dirty = true;
    }

    fn remove(&mut self, id: &str) {
        if let Some(p) = self.position(id) {
            self.rows.remove(p);
            self.positions.clear();
            for (i, (id, _)) in self.rows.iter().enumerate() {
                self.positions.entry(id.clone()).or_insert(i);
            }
            self.dirty = true;
        }
    }

    /// The file to write and what goes in it; nothing when the collection is empty (the
    /// file goes).
    fn staged(&self) -> (PathBuf, Option<Content<'_>>) {
        let content = (!self.rows.is_empty()).then_some(Content::Lines(self));
        (self.path.clone(), content)
    }

    /// The file's new content, sorted by id; `None` when the collection is empty.
    fn content(&self) -> Option<Vec<u8>> {
        if self.rows.is_empty() {
            return None;
        }
        let mut rows: Vec<&(String, Arc<str>)> = self.rows.iter().collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out = String::with_capacity(rows.iter().map(|r| r.1.len() + 1).sum());
        for (_, line) in rows {
            out.push_str(line);
            out.push('\n');
        }
        Some(out.into_bytes())
    }
}

/// Journal lines to append to one journal file: the changes, in order, from where the
/// journal's chain stood. Their lines are made when they are staged, so that a large import
/// does not hold every record twice (in its file and in its journal line) until it commits.
#[derive(Debug)]
struct PendingJournal {
    path: PathBuf,
    head: Head,
    offset: u64,
    changes: Vec<PendingChange>,
}

/// One change to journal; the records' text shared with their files' lines.
#[derive(Debug)]
struct PendingChange {
    op: Op,
    kind: Subject,
    id: String,
    before: Option<Arc<str>>,
    after: Option<Arc<str>>,
}

impl PendingJournal {
    /// The lines to append, chained from the journal's head.
    fn text(&self, at: &str, actor: &str) -> String {
        let mut head = self.head.clone();
        let mut text = String::new();
        for c in &self.changes {
            let change = Change {
                at,
                actor,
                op: c.op,
                kind: c.kind,
                id: &c.id,
                before: c.before.as_deref(),
                after: c.after.as_deref(),
            };
            text.push_str(&journal::append_line(&mut head, &change));
        }
        text
    }
}

/// What a file of a change holds, made by the thread that stages it.
enum Content<'a> {
    Bytes(Vec<u8>),
    Lines(&'a Lines),
    Journal {
        pending: &'a PendingJournal,
        at: &'a str,
        actor: &'a str,
    },
}

impl Content<'_> {
    fn bytes(&self) -> Cow<'_, [u8]> {
        match self {
            Content::Bytes(b) => Cow::Borrowed(b),
            Content::Lines(lines) => Cow::Owned(lines.content().unwrap_or_default()),
            Content::Journal { pending, at, actor } => {
                Cow::Owned(pending.text(at, actor).into_bytes())
            }
        }
    }
}

/// One step of an intent, with paths relative to the store.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Rename the synced temporary file over the target.
    Replace { target: PathBuf, temp: PathBuf },
    /// Remove the target (a collection left empty).
    Delete { target: PathBuf },
    /// Cut the target back to `offset` bytes and append the content of `temp`, or its
    /// `part` (from, length) when a large change's journals share one temporary file.
    Append {
        target: PathBuf,
        offset: u64,
        temp: PathBuf,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        part: Option<(u64, u64)>,
    },
    /// Move a directory (a removed village).
    Move { from: PathBuf, to: PathBuf },
}

/// `.intent.json`: the steps of a change being applied.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Intent {
    pub steps: Vec<Step>,
}

impl Intent {
    /// The temporary files the intent's steps name, relative to the store.
    pub fn temps(&self) -> Vec<PathBuf> {
        self.steps
            .iter()
            .filter_map(|s| match s {
                Step::Replace { temp, .. } | Step::Append { temp, .. } => Some(temp.clone()),
                _ => None,
            })
            .collect()
    }

    /// Every path the intent's steps name, relative to the store.
    pub fn paths(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for s in &self.steps {
            match s {
                Step::Replace { target, temp } | Step::Append { target, temp, .. } => {
                    out.push(target.clone());
                    out.push(temp.clone());
                }
                Step::Delete { target } => out.push(target.clone()),
                Step::Move { from, to } => {
                    out.push(from.clone());
                    out.push(to.clone());
                }
            }
        }
        out
    }

    /// The directories the intent's steps change, relative to the store.
    pub fn dirs(&self) -> BTreeSet<PathBuf> {
        let parent = |p: &Path| p.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut out = BTreeSet::new();
        for s in &self.steps {
            match s {
                Step::Replace { target, .. }
                | Step::Delete { target }
                | Step::Append { target, .. } => {
                    out.insert(parent(target));
                }
                Step::Move { from, to } => {
                    out.insert(from.clone());
                    out.insert(to.clone());
                }
            }
        }
        out
    }
}

/// A change in progress; holds the writers' lock until dropped.
pub struct Txn<'s> {
    store: &'s Store,
    _lock: Lock,
    actor: String,
    at: String,
    people: Option<Lines>,
    /// How many person lookups have scanned the people file.
    person_scans: u8,
    /// The people file's bytes (none when absent), read once for the scans.
    people_bytes: Option<Vec<u8>>,
    /// village id → its `village.json` as (current record, changed?); `None` when absent.
    villages: BTreeMap<String, (Option<Village>, bool)>,
    collections: BTreeMap<(String, Kind), Lines>,
    /// Journal lines to append, by scope: "" for the store-level journal, else a village id.
    journals: BTreeMap<String, PendingJournal>,
    index: Index,
    index_ready: BTreeSet<Kind>,
    /// The kinds whose files changed since the index was brought up to date were read, with
    /// the time to stamp the kind's index with once the change is written.
    swept: BTreeMap<Kind, std::time::SystemTime>,
    /// When each kind's index was last brought up to date (`None`: unknown), once read.
    stamps: BTreeMap<Kind, Option<std::time::SystemTime>>,
    /// Whether each (kind, village) file is as the index last saw it, once stat'ed.
    seen: BTreeMap<(Kind, String), bool>,
    /// The ids this change numbered (`next_id`).
    allocated: BTreeSet<String>,
    manifest: Option<Manifest>,
    moves: Vec<(PathBuf, PathBuf)>,
}

impl<'s> Txn<'s> {
    pub(super) fn new(store: &'s Store, lock: Lock, actor: &str) -> Txn<'s> {
        Txn {
            store,
            _lock: lock,
            actor: actor.to_string(),
            at: journal::now(),
            people: None,
            person_scans: 0,
            people_bytes: None,
            villages: BTreeMap::new(),
            collections: BTreeMap::new(),
            journals: BTreeMap::new(),
            index: Index::new(store.layout()),
            index_ready: BTreeSet::new(),
            swept: BTreeMap::new(),
            stamps: BTreeMap::new(),
            seen: BTreeMap::new(),
            allocated: BTreeSet::new(),
            manifest: None,
            moves: Vec::new(),
        }
    }

    pub fn store(&self) -> &Store {
        self.store
    }

    fn layout(&self) -> &Layout {
        self.store.layout()
    }

    fn people_lines(&mut self) -> Result<&mut Lines> {
        if self.people.is_none() {
            self.people = Some(Lines::load(self.layout().people())?);
        }
        Ok(self.people.get_or_insert_with(|| unreachable!()))
    }

    fn collection(&mut self, village: &str, kind: Kind) -> Result<&mut Lines> {
        let key = (village.to_string(), kind);
        if !self.collections.contains_key(&key) {
            let lines = Lines::load(self.layout().collection(village, kind))?;
            self.collections.insert(key.clone(), lines);
        }
        Ok(self
            .collections
            .entry(key)
            .or_insert_with(|| unreachable!()))
    }

    /// Builds the index of `kind` when it is not complete on disk, once a change.
    fn ensure_index(&mut self, kind: Kind) -> Result<()> {
        if !self.index_ready.contains(&kind) {
            if !Index::is_ready(self.layout(), kind) {
                super::index::build(self.layout(), &[kind])?;
            }
            self.index_ready.insert(kind);
        }
        Ok(())
    }

    /// Whether a person with this id exists.
    pub fn person_exists(&mut self, id: &str) -> Result<bool> {
        // For a few lookups (a household's helper and verifier), scanning the file is much
        // cheaper than loading every person; past that (an import checks a reference on
        // every row) they are loaded once.
        if self.people.is_none() && self.person_scans < 8 {
            self.person_scans += 1;
            let path = self.layout().people();
            if load::found_by_bisection(&path, id) {
                return Ok(true);
            }
            if self.people_bytes.is_none() {
                self.people_bytes = Some(fsio::read_optional(&path)?.unwrap_or_default());
            }
            let bytes = self.people_bytes.as_deref();
            return Ok(load::find_line_in(&path, bytes, id)?.is_some());
        }
        Ok(self.people_lines()?.get(id).is_some())
    }

    /// A village as this change sees it.
    pub fn village(&mut self, id: &str) -> Result<Option<Village>> {
        if !self.villages.contains_key(id) {
            let v = load::read_village(self.layout(), id)?;
            self.villages.insert(id.to_string(), (v, false));
        }
        Ok(self.villages[id].0.clone())
    }

    /// The village that holds record `id` of a village-kept kind. The index is trusted for
    /// a village whose file has not changed since the index was brought up to date; where it
    /// has (a hand edit, a `git pull`), the file is read to confirm the entry. An id the
    /// index does not hold, or holds in a village that no longer has it, is sought once a
    /// change in every file changed since (`Index::sweep`), and the index mended with what
    /// is found there when the change is written.
    pub fn locate(&mut self, kind: Kind, id: &str) -> Result<Option<String>> {
        self.ensure_index(kind)?;
        if let Some(edit) = self.index.edit(kind, id) {
            return Ok(edit);
        }
        if let Some(v) = self.index.village_of(kind, id)?
            && (self.seen(kind, &v) || self.collection(&v, kind)?.get(id).is_some())
        {
            return Ok(Some(v));
        }
        if let std::collections::btree_map::Entry::Vacant(e) = self.swept.entry(kind) {
            e.insert(super::index::reading_starts());
            let (unseen, villages) = super::index::unseen(self.layout(), kind)?;
            if unseen.len() > villages / 4 && !self.index.changed(kind) {
                // Most files changed (a large pull): building the kind's index again reads
                // them once, where entering them would look each id up.
                super::index::build(self.layout(), &[kind])?;
                self.index.forget(kind);
                self.seen.retain(|(k, _), _| *k != kind);
                self.stamps.remove(&kind);
                return self.index.village_of(kind, id);
            }
            self.index.sweep(kind, &unseen)?;
            if let Some(edit) = self.index.edit(kind, id) {
                return Ok(edit);
            }
        }
        Ok(None)
    }

    /// The kinds whose changed files this change read into the index, with the time to
    /// stamp each with once the change is written.
    pub fn swept(&self) -> Vec<(Kind, std::time::SystemTime)> {
        self.swept.iter().map(|(k, t)| (*k, *t)).collect()
    }

    /// Whether village `v`'s file of `kind` is as the index last saw it. A file that is not
    /// there is not: a `git pull` may have taken it away with the last record it held.
    fn seen(&mut self, kind: Kind, v: &str) -> bool {
        let layout = self.store.layout();
        let stamp = *self
            .stamps
            .entry(kind)
            .or_insert_with(|| super::index::stamp_time(layout, kind));
        let path = layout.collection(v, kind);
        *self
            .seen
            .entry((kind, v.to_string()))
            .or_insert_with(|| super::index::changed_since(&path, stamp) == Some(false))
    }

    /// One record by id, as this change sees it.
    pub fn get<R: Record>(&mut self, id: &str) -> Result<Option<R>> {
        let lines = match R::KIND {
            Kind::Village => {
                return self
                    .village(id)?
                    .map(|v| serde_json::from_value(serde_json::to_value(v).unwrap_or_default()))
                    .transpose()
                    .map_err(|e| unreadable(&e));
            }
            Kind::Person => self.people_lines()?,
            kind => {
                let Some(village) = self.locate(kind, id)? else {
                    return Ok(None);
                };
                self.collection(&village, kind)?
            }
        };
        lines.get(id).map(|t| lines.parse(id, t)).transpose()
    }

    /// The records of one kind in one village, as this change sees them.
    pub fn records<R: Record>(&mut self, village: &str) -> Result<Vec<R>> {
        let lines = self.collection(village, R::KIND)?;
        lines
            .rows
            .iter()
            .map(|(id, t)| lines.parse(id, t))
            .collect()
    }

    /// The records of one kind in one village whose stored line contains `needle`, as this
    /// change sees them: only those lines are parsed (an import checks each row against its
    /// village's records without parsing them all again).
    pub fn records_containing<R: Record>(&mut self, village: &str, needle: &str) -> Result<Vec<R>> {
        let lines = self.collection(village, R::KIND)?;
        lines
            .rows
            .iter()
            .filter(|(_, t)| t.contains(needle))
            .map(|(id, t)| lines.parse(id, t))
            .collect()
    }

    /// Every person, as this change sees them.
    pub fn people(&mut self) -> Result<Vec<Person>> {
        let lines = self.people_lines()?;
        lines
            .rows
            .iter()
            .map(|(id, t)| lines.parse(id, t))
            .collect()
    }

    /// The next automatic id for `kind`: one past the highest number its prefix (the kind's
    /// letter, with this copy's office code if set) has handed out or any record uses, so that
    /// no id is handed out twice. The high-water mark is kept in the manifest's `last_ids`.
    pub fn next_id(&mut self, kind: Kind) -> Result<String> {
        let office = super::office::code(self.layout())?;
        let prefix = super::office::id_prefix(kind.prefix(), office.as_deref());
        let high_water = self.fresh_manifest()?.last_ids.get(&prefix).copied();
        let used_max = |ids: &mut dyn Iterator<Item = String>| {
            ids.filter_map(|id| super::office::number_after(&prefix, &id))
                .max()
                .unwrap_or(0)
        };
        let existing = match kind {
            Kind::Person => used_max(&mut self.people_lines()?.rows.iter().map(|r| r.0.clone())),
            Kind::Village => {
                let mut names = load::village_ids(self.layout())?;
                names.extend(self.villages.keys().cloned());
                let removed = self.layout().removed_village("x", 0);
                if let Ok(entries) = fs::read_dir(fsio::parent(&removed)) {
                    names.extend(entries.flatten().map(|e| {
                        let n = e.file_name().to_string_lossy().into_owned();
                        n.split('.').next().unwrap_or_default().to_string()
                    }));
                }
                used_max(&mut names.into_iter())
            }
            _ => {
                self.ensure_index(kind)?;
                if office.is_none() {
                    self.index.last_number(kind)?
                } else {
                    0
                }
            }
        };
        let mut n = high_water.unwrap_or(0).max(existing) + 1;
        let id = loop {
            let id = format!("{prefix}{n:06}");
            let taken = match kind {
                Kind::Person => self.people_lines()?.get(&id).is_some(),
                Kind::Village => self.village(&id)?.is_some(),
                _ => self.index.village_of(kind, &id)?.is_some(),
            };
            if !taken {
                break id;
            }
            n += 1;
        };
        self.fresh_manifest()?.last_ids.insert(prefix, n);
        self.allocated.insert(id.clone());
        Ok(id)
    }

    /// The manifest read again under the lock (another writer may have changed it since the
    /// store was opened), for this change to modify.
    fn fresh_manifest(&mut self) -> Result<&mut Manifest> {
        if self.manifest.is_none() {
            let current = Store::open(self.layout().root())?.manifest().clone();
            self.manifest = Some(current);
        }
        Ok(self.manifest.get_or_insert_with(|| unreachable!()))
    }

    fn record_line<R: Record>(record: &R) -> String {
        serde_json::to_string(record).unwrap_or_default()
    }

    fn journal(
        &mut self,
        scope: String,
        op: Op,
        kind: Subject,
        id: &str,
        before: Option<Arc<str>>,
        after: Option<Arc<str>>,
    ) -> Result<()> {
        if !self.journals.contains_key(&scope) {
            let path = if scope.is_empty() {
                self.layout().store_journal()
            } else {
                self.layout().village_journal(&scope)
            };
            let head = journal::read_head(&path)?;
            let offset = fs::metadata(&path).map_or(0, |m| m.len());
            let pending = PendingJournal {
                path,
                head,
                offset,
                changes: Vec::new(),
            };
            self.journals.insert(scope.clone(), pending);
        }
        let pending = self
            .journals
            .get_mut(&scope)
            .unwrap_or_else(|| unreachable!());
        pending.changes.push(PendingChange {
            op,
            kind,
            id: id.to_string(),
            before,
            after,
        });
        Ok(())
    }

    /// Journals a line about the journals themselves (a seal) in the store-level journal.
    pub fn journal_note(&mut self, op: Op, kind: Subject, id: &str, after: &str) -> Result<()> {
        self.journal(String::new(), op, kind, id, None, Some(Arc::from(after)))
    }

    /// Which journal records a change: the village's, or the store's for people.
    fn journal_scope(kind: Kind, village: Option<&str>) -> String {
        match (kind, village) {
            (Kind::Person, _) | (_, None) => String::new(),
            (_, Some(v)) => v.to_string(),
        }
    }

    /// Journals `record`, stored as it is, when its journal's last entry for it says
    /// otherwise. git can carry one copy's change of a record into the file another copy
    /// moved it to (a village's last record moved to a village with no file of its kind looks
    /// to git like the file renamed): the record is then merged, but no command journaled
    /// the change in its new village.
    pub fn journal_as_stored<R: Record>(&mut self, record: &R) -> Result<()> {
        let id = record.id();
        let home = self.home(record)?;
        let scope = Self::journal_scope(R::KIND, home.as_deref());
        let file = if scope.is_empty() {
            self.layout().store_journal()
        } else {
            self.layout().village_journal(&scope)
        };
        let last = journal::read_entries(&file)?
            .into_iter()
            .rev()
            .find(|(_, e)| e.kind == Subject::Record(R::KIND) && e.id == id)
            .and_then(|(_, e)| e.after)
            .map(|v| v.to_string());
        let after = Self::record_line(record);
        if last.as_deref() == Some(after.as_str()) {
            return Ok(());
        }
        let op = if last.is_some() { Op::Update } else { Op::Add };
        self.journal(
            scope,
            op,
            Subject::Record(R::KIND),
            id,
            last.map(Into::into),
            Some(after.into()),
        )
    }

    /// Adds a new record; an id already in use is rejected.
    pub fn insert<R: Record>(&mut self, record: &R) -> Result<()> {
        let id = record.id().to_string();
        // An id this change numbered is free: numbered past every id of its office the
        // store has known, it need not be sought in the files.
        if !self.allocated.contains(&id) && self.get::<R>(&id)?.is_some() {
            return Err(Error::rejected_in(Text {
                en: format!(
                    "{} {id}: --id {id} is already taken; expected a new id",
                    R::KIND.name()
                ),
                zh: format!("{} {id}：--id {id} 已被占用；应为新的编号", R::KIND.zh()),
            }));
        }
        let village = self.home(record)?;
        self.insert_at(record, village)
    }

    /// Adds a new record to `village` (for a record that lives where its parent does, the
    /// parent's village, which a move gives before the parent is written).
    pub fn insert_at<R: Record>(&mut self, record: &R, village: Option<String>) -> Result<()> {
        let id = record.id().to_string();
        if R::KIND.in_village() && village.is_none() {
            return Err(Error::rejected_in(Text {
                en: format!("{} {id}: has no village to be kept in", R::KIND.name()),
                zh: format!("{} {id}：没有可存放它的村", R::KIND.zh()),
            }));
        }
        let after: Arc<str> = Self::record_line(record).into();
        self.write_record(record, village.as_deref(), &after)?;
        self.raise_office_mark(R::KIND, &id)?;
        if R::KIND == Kind::Village {
            // The store-level journal knows which villages exist (README, "Guarantees"), so that a
            // village whose directory disappears is damage `verify` sees.
            self.journal(
                String::new(),
                Op::Add,
                Subject::Record(R::KIND),
                &id,
                None,
                Some(after.clone()),
            )?;
        }
        let path = Self::journal_scope(R::KIND, village.as_deref());
        self.journal(
            path,
            Op::Add,
            Subject::Record(R::KIND),
            &id,
            None,
            Some(after),
        )
    }

    /// Moves a record that lives where its parent does to the parent's new village: removed
    /// from the old village's file and journal, added to the new ones.
    pub fn relocate<R: Record>(&mut self, id: &str, to: &str) -> Result<()> {
        let record = self.delete::<R>(id)?;
        self.insert_at(&record, Some(to.to_string()))
    }

    /// The village a record lives in: its own, or its parent's.
    pub fn home<R: Record>(&mut self, record: &R) -> Result<Option<String>> {
        if let Some(v) = record.village() {
            return Ok(Some(v.to_string()));
        }
        match record.parent() {
            Some((kind, id)) => self.locate(kind, id),
            None => Ok(None),
        }
    }

    /// An id of an office's automatic form given explicitly raises that office's high-water
    /// mark, so that the office's next automatic id is past it.
    fn raise_office_mark(&mut self, kind: Kind, id: &str) -> Result<()> {
        if let Some((prefix, n)) = super::office::office_number(kind.prefix(), id) {
            let marks = &mut self.fresh_manifest()?.last_ids;
            if marks.get(&prefix).is_none_or(|m| *m < n) {
                marks.insert(prefix, n);
            }
        }
        Ok(())
    }

    /// Replaces an existing record; a village-kept record may move to another village.
    pub fn replace<R: Record>(&mut self, record: &R) -> Result<()> {
        let id = record.id().to_string();
        let Some(old) = self.get::<R>(&id)? else {
            return Err(Error::no_such_record(R::KIND, &id));
        };
        let before = Self::record_line(&old);
        let after = Self::record_line(record);
        if before == after {
            return Ok(());
        }
        let (before, after): (Arc<str>, Arc<str>) = (before.into(), after.into());
        let (old_home, new_home) = (self.home(&old)?, self.home(record)?);
        if R::KIND.in_village() && old_home != new_home {
            self.delete::<R>(&id)?;
            return self.insert_at(record, new_home);
        }
        self.write_record(record, new_home.as_deref(), &after)?;
        let path = Self::journal_scope(R::KIND, new_home.as_deref());
        self.journal(
            path,
            Op::Update,
            Subject::Record(R::KIND),
            &id,
            Some(before),
            Some(after),
        )
    }

    /// Removes a record (a village's directory moves under `removed/`). The caller has made
    /// sure nothing refers to it.
    pub fn delete<R: Record>(&mut self, id: &str) -> Result<R> {
        let Some(old) = self.get::<R>(id)? else {
            return Err(Error::no_such_record(R::KIND, id));
        };
        let before = Self::record_line(&old);
        let path = match R::KIND {
            Kind::Person => {
                self.people_lines()?.remove(id);
                Self::journal_scope(R::KIND, None)
            }
            Kind::Village => {
                let from = self.layout().village_dir(id);
                let mut n = 0;
                let to = loop {
                    let to = self.layout().removed_village(id, n);
                    if !to.exists() {
                        break to;
                    }
                    n += 1;
                };
                self.moves.push((from, to));
                self.villages.insert(id.to_string(), (None, false));
                String::new()
            }
            kind => {
                let village = self.locate(kind, id)?.unwrap_or_default();
                self.collection(&village, kind)?.remove(id);
                self.index.remove(kind, id)?;
                Self::journal_scope(R::KIND, Some(&village))
            }
        };
        self.journal(
            path,
            Op::Remove,
            Subject::Record(R::KIND),
            id,
            Some(before.into()),
            None,
        )?;
        Ok(old)
    }

    fn write_record<R: Record>(
        &mut self,
        record: &R,
        village: Option<&str>,
        line: &Arc<str>,
    ) -> Result<()> {
        let id = record.id();
        // The one gate every stored record passes: no control characters, dates and amounts
        // within their ranges (README, "Policy"), whatever command or import wrote it.
        if let Err((flag, value, problem)) = crate::model::value::check_stored_text(line) {
            let kind = R::KIND;
            return Err(Error::rejected_in(Text {
                en: format!("{} {id}: {flag} {value} {}", kind.name(), problem.en),
                zh: format!("{} {id}：{flag} {value} {}", kind.zh(), problem.zh),
            }));
        }
        match R::KIND {
            Kind::Person => self.people_lines()?.set(id, line.clone()),
            Kind::Village => {
                let v: Village = serde_json::from_str(line).map_err(|e| unreadable(&e))?;
                self.villages.insert(id.to_string(), (Some(v), true));
            }
            kind => {
                let village = village.unwrap_or_default().to_string();
                self.collection(&village, kind)?.set(id, line.clone());
                self.ensure_index(kind)?;
                self.index.insert(kind, id, &village)?;
            }
        }
        Ok(())
    }

    /// The manifest as this change sees it.
    pub fn manifest(&self) -> &Manifest {
        self.manifest.as_ref().unwrap_or(self.store.manifest())
    }

    /// Changes the policy overrides, journaled in the store-level journal as kind `policy`.
    pub fn set_policy(
        &mut self,
        key: &str,
        policy: serde_json::Map<String, serde_json::Value>,
    ) -> Result<()> {
        // Read again under the lock, so as not to undo another writer's `last_ids`.
        let mut manifest = self.fresh_manifest()?.clone();
        let before = serde_json::to_string(&manifest.policy).unwrap_or_default();
        let after = serde_json::to_string(&policy).unwrap_or_default();
        if before == after {
            return Ok(());
        }
        manifest.policy = policy;
        self.manifest = Some(manifest);
        let path = String::new();
        // The journal's kind is "policy" and its id the key that changed.
        self.journal(
            path,
            Op::Update,
            Subject::Policy,
            key,
            Some(before.into()),
            Some(after.into()),
        )
    }

    /// Writes the whole change, or nothing.
    pub fn commit(mut self) -> Result<()> {
        let layout = self.layout().clone();
        let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
        // The files to write, in order; a collection's content and a journal's lines are
        // made by the thread that stages them, so that a large import holds them once.
        let people = self.people.take().filter(|l| l.dirty);
        let collections: Vec<Lines> = std::mem::take(&mut self.collections)
            .into_values()
            .filter(|l| l.dirty)
            .collect();
        let mut files: Vec<(PathBuf, Option<Content<'_>>)> = Vec::new();
        files.extend(people.as_ref().map(Lines::staged));
        for (id, (village, changed)) in &self.villages {
            if let (Some(v), true) = (village, changed) {
                let mut text = serde_json::to_string_pretty(v).unwrap_or_default();
                text.push('\n');
                dirs.insert(layout.village_dir(id));
                let bytes = Content::Bytes(text.into_bytes());
                files.push((layout.village_file(id), Some(bytes)));
            }
        }
        files.extend(collections.iter().map(Lines::staged));
        for (path, bytes) in self.index.pending_writes() {
            files.push((path, Some(Content::Bytes(bytes))));
        }
        dirs.extend(self.index.pending_dirs());
        if let Some(m) = &self.manifest {
            let mut text = serde_json::to_string_pretty(m).unwrap_or_default();
            text.push('\n');
            files.push((layout.manifest(), Some(Content::Bytes(text.into_bytes()))));
        }
        if files.is_empty() && self.journals.is_empty() && self.moves.is_empty() {
            return Ok(());
        }

        // Directories this change creates are removed again if it fails before it lands, so
        // that a failed `village add` leaves no empty `villages/<id>/`.
        let created: Vec<PathBuf> = dirs.iter().filter(|d| !d.exists()).cloned().collect();
        for d in &dirs {
            if let Err(e) = fsio::create_dir_all(d) {
                remove_dirs(&created);
                return Err(e);
            }
        }
        let mut intent = Intent::default();
        let rel = |p: &Path| layout.relative(p).to_path_buf();
        // Everything to stage: the lines to append to each journal, then the new files.
        // A large change to several journals stages their lines in one file: one file to
        // create and sync where an import of a province would make ten thousand.
        let (at, actor) = (self.at.as_str(), self.actor.as_str());
        let journals: Vec<&PendingJournal> = self.journals.values().collect();
        let large = journals.len() + files.len() >= PARALLEL_FROM;
        let batched = journals.len() > 1 && large;
        let mut to_stage: Vec<(&Path, Content<'_>)> = Vec::new();
        if !batched {
            for pending in &journals {
                let content = Content::Journal { pending, at, actor };
                to_stage.push((&pending.path, content));
            }
        }
        let journal_count = to_stage.len();
        let mut deletes = Vec::new();
        for (target, content) in &mut files {
            match content.take() {
                Some(c) => to_stage.push((target, c)),
                None => deletes.push(Step::Delete {
                    target: rel(target),
                }),
            }
        }
        let staged = if batched {
            let target = layout.store_journal();
            let (batch, temps) = rayon::join(
                || stage_journals(&target, &journals, at, actor),
                || stage_all(&to_stage, large),
            );
            match (batch, temps) {
                (Ok(batch), Ok(temps)) => Ok((Some(batch), temps)),
                (batch, temps) => {
                    let written = batch.iter().map(|b| &b.0).chain(temps.iter().flatten());
                    for t in written {
                        let _ = fs::remove_file(t);
                    }
                    Err(batch
                        .err()
                        .or(temps.err())
                        .unwrap_or_else(|| unreachable!()))
                }
            }
        } else {
            stage_all(&to_stage, large).map(|temps| (None, temps))
        };
        // A large change's files were written unsynced: they reach the disk together,
        // before the intent can name them.
        let staged = match staged {
            Ok((batch, temps)) if large => match fsio::sync_file_systems(
                batch
                    .iter()
                    .map(|b| &b.0)
                    .chain(&temps)
                    .map(|t| fsio::parent(t)),
            ) {
                Ok(()) => Ok((batch, temps)),
                Err(e) => {
                    let written = batch.iter().map(|b| &b.0).chain(&temps);
                    for t in written {
                        let _ = fs::remove_file(t);
                    }
                    Err(e)
                }
            },
            staged => staged,
        };
        let (batch, mut temps) = match staged {
            Ok(t) => t,
            Err(e) => {
                remove_dirs(&created);
                return Err(e);
            }
        };
        // Journal appends come first: if one fails (a full disk, a read-only journal), the
        // change is undone by cutting the journals back, before any record has moved, so a
        // failed command never leaves records without their journal lines.
        if let Some((temp, parts)) = &batch {
            for (pending, part) in journals.iter().zip(parts) {
                intent.steps.push(Step::Append {
                    target: rel(&pending.path),
                    offset: pending.offset,
                    temp: rel(temp),
                    part: Some(*part),
                });
            }
        }
        for (i, ((target, _), temp)) in to_stage.iter().zip(&temps).enumerate() {
            let (target, temp) = (rel(target), rel(temp));
            if i < journal_count {
                intent.steps.push(Step::Append {
                    target,
                    offset: journals[i].offset,
                    temp,
                    part: None,
                });
            } else {
                intent.steps.push(Step::Replace { target, temp });
            }
        }
        intent.steps.extend(deletes);
        for (from, to) in &self.moves {
            intent.steps.push(Step::Move {
                from: rel(from),
                to: rel(to),
            });
        }
        temps.extend(batch.map(|(temp, _)| temp));
        let intent_bytes = serde_json::to_vec(&intent).unwrap_or_default();
        if let Err(e) = fsio::write_atomic(&layout.intent(), &intent_bytes) {
            for t in &temps {
                let _ = fs::remove_file(t);
            }
            remove_dirs(&created);
            return Err(e);
        }
        crash_point(|| "intent".to_string());
        let appends = journals.len();
        if let Err(e) = apply(&layout, &intent, 0..appends, "") {
            return Err(match roll_back(&layout, &intent, &created) {
                Ok(()) => e,
                Err(undo) => {
                    let (e, undo) = (e.text(), undo.text());
                    Error::store_in(Text {
                        en: format!(
                            "{}; undoing the change failed too ({}): the next command completes it",
                            e.en, undo.en
                        ),
                        zh: format!(
                            "{}；撤销这次修改也失败了（{}）：下一条命令会把它完成",
                            e.zh, undo.zh
                        ),
                    })
                }
            });
        }
        // From here the journals hold the change: a failure leaves the intent for the next
        // command (writer or reader) to complete.
        apply(&layout, &intent, appends..intent.steps.len(), "")?;
        crash_point(|| "applied".to_string());
        finish(&layout)
    }
}

/// Removes directories a failed change created (only if empty), deepest first.
fn remove_dirs(created: &[PathBuf]) {
    for d in created.iter().rev() {
        let _ = fs::remove_dir(d);
    }
}

/// Undoes a change whose journal appends failed: every journal is cut back to its length
/// before the change (a journal the change created is removed), then the intent and the
/// temporary files go. Records were not touched yet. If a journal cannot be cut back, the
/// intent stays, and the next command completes the change instead.
fn roll_back(layout: &Layout, intent: &Intent, created: &[PathBuf]) -> Result<()> {
    let root = layout.root();
    for step in &intent.steps {
        if let Step::Append { target, offset, .. } = step {
            let target = inside(root, target)?;
            // Untouched journals (the append never opened them) are left alone.
            let len = match fs::symlink_metadata(&target) {
                Ok(m) => m.len(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(Error::io("read", &target, &e)),
            };
            if *offset == 0 {
                // The change created it (perhaps empty): it goes.
                match fs::remove_file(&target) {
                    Ok(()) => {}
                    Err(_) if len == 0 => {}
                    Err(e) => return Err(Error::io("remove", &target, &e)),
                }
                continue;
            }
            if len <= *offset {
                continue;
            }
            let f = match fsio::nofollow(OpenOptions::new().write(true)).open(&target) {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(Error::io("open", &target, &e)),
            };
            let len = f
                .metadata()
                .map_err(|e| Error::io("read", &target, &e))?
                .len();
            if len > *offset {
                f.set_len(*offset)
                    .and_then(|()| f.sync_all())
                    .map_err(|e| Error::io("cut back", &target, &e))?;
            }
        }
    }
    let path = layout.intent();
    fs::remove_file(&path).map_err(|e| Error::io("remove", &path, &e))?;
    fsio::sync_dir(root)?;
    for step in &intent.steps {
        if let Step::Append { temp, .. } | Step::Replace { temp, .. } = step
            && let Ok(temp) = inside(root, temp)
        {
            let _ = fs::remove_file(temp);
        }
    }
    remove_dirs(created);
    Ok(())
}

/// From this many files on, a change stages and applies them on several threads: a large
/// import writes a file and a journal in each of thousands of villages, and each must be
/// synced; the disk serves several syncs at once far faster than one after another.
const PARALLEL_FROM: usize = 64;
const IO_THREADS: usize = 8;

/// Stages the lines of every journal in `journals` in one temporary file beside `target`;
/// returns it with each journal's part of it, in order. The lines are made on every core, a
/// few hundred journals at a time, and written as they are made. The file is not synced:
/// only a large change stages so, and syncs the file system after (`commit`).
fn stage_journals(
    target: &Path,
    journals: &[&PendingJournal],
    at: &str,
    actor: &str,
) -> Result<(PathBuf, Vec<(u64, u64)>)> {
    use rayon::prelude::*;
    let mut staging = fsio::Staging::new(target)?;
    let mut parts = Vec::with_capacity(journals.len());
    for chunk in journals.chunks(256) {
        let texts: Vec<String> = chunk.par_iter().map(|p| p.text(at, actor)).collect();
        for text in texts {
            parts.push(staging.write(text.as_bytes())?);
        }
    }
    Ok((staging.keep_unsynced()?, parts))
}

/// Writes a temporary file for each `(target, content)`, each synced unless `together` (the
/// caller then syncs the file system once); on failure removes those written. A small change
/// stages in order, with the crash points `stage-N` of the hook.
fn stage_all(files: &[(&Path, Content<'_>)], together: bool) -> Result<Vec<PathBuf>> {
    let stage = |target: &Path, bytes: &[u8]| {
        let mut staging = fsio::Staging::new(target)?;
        staging.write(bytes)?;
        if together {
            staging.keep_unsynced()
        } else {
            staging.keep()
        }
    };
    if files.len() < PARALLEL_FROM {
        let mut temps = Vec::with_capacity(files.len());
        for (target, content) in files {
            match stage(target, &content.bytes()) {
                Ok(t) => temps.push(t),
                Err(e) => {
                    for t in &temps {
                        let _ = fs::remove_file(t);
                    }
                    return Err(e);
                }
            }
            crash_point(|| format!("stage-{}", temps.len()));
        }
        return Ok(temps);
    }
    let results = load::parallel_results(files, IO_THREADS, |(target, content)| {
        stage(target, &content.bytes())
    });
    if results.iter().any(Result::is_err) {
        for t in results.iter().flatten() {
            let _ = fs::remove_file(t);
        }
    }
    results.into_iter().collect()
}

/// The testing hook described at the top of this file: aborts the process when
/// `BANGFU_CRASH_AT` names this point.
fn crash_point(point: impl FnOnce() -> String) {
    static CRASH_AT: OnceLock<Option<String>> = OnceLock::new();
    let Some(at) = CRASH_AT.get_or_init(|| std::env::var("BANGFU_CRASH_AT").ok()) else {
        return;
    };
    if *at == point() {
        std::process::abort();
    }
}

/// Completes a change that a crash interrupted after its intent was written.
pub fn recover(layout: &Layout) -> Result<()> {
    let path = layout.intent();
    let Some(text) = fsio::read_text(&path)? else {
        return Ok(());
    };
    let intent: Intent = serde_json::from_str(&text).map_err(|e| {
        Error::malformed(
            &path,
            e.line(),
            format!("{e}; the interrupted change cannot be completed"),
        )
    })?;
    apply(layout, &intent, 0..intent.steps.len(), "recover-")?;
    finish(layout)
}

fn finish(layout: &Layout) -> Result<()> {
    let path = layout.intent();
    fs::remove_file(&path).map_err(|e| Error::io("remove", &path, &e))?;
    fsio::sync_dir(layout.root())
}

/// A path of the intent inside the store: relative, without `..`, so that an edited intent
/// can never make a writer touch a file outside the store.
fn inside(root: &Path, rel: &Path) -> Result<PathBuf> {
    let plain = rel
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !plain || rel.as_os_str().is_empty() {
        let (intent, rel) = (root.join(super::layout::INTENT), rel.display());
        return Err(Error::store_in(Text {
            en: format!(
                "{}: names {rel} outside the store; the interrupted change cannot be completed",
                intent.display()
            ),
            zh: format!(
                "{}：指向仓库之外的 {rel}；中断的修改无法完成",
                intent.display()
            ),
        }));
    }
    let path = root.join(rel);
    // Nor through a symbolic link planted inside it.
    fsio::no_links(&path)?;
    Ok(path)
}

/// Carries out an intent's steps; each can be carried out again with the same result.
/// `phase` names the crash points of the testing hook: "" in a commit, "recover-" in recovery.
/// A long run of journal appends (a large import) is carried out on several threads. A few
/// steps sync each file and directory they write; many (`PARALLEL_FROM`) sync the file
/// system once at the end instead, before a staged file shared by several appends goes.
fn apply(
    layout: &Layout,
    intent: &Intent,
    range: std::ops::Range<usize>,
    phase: &str,
) -> Result<()> {
    let root = layout.root();
    let together = range.len() >= PARALLEL_FROM;
    let mut touched: BTreeSet<PathBuf> = BTreeSet::new();
    // Journals' lines staged in one file: it goes once every append from it is done. So does
    // any append's staged file when the appends are synced together, after they are.
    let shared: BTreeSet<&PathBuf> = intent.steps[range.clone()]
        .iter()
        .filter_map(|s| match s {
            Step::Append { temp, part, .. } if part.is_some() || together => Some(temp),
            _ => None,
        })
        .collect();
    let steps = &intent.steps[..range.end];
    let mut n = range.start;
    while n < steps.len() {
        let run = steps[n..]
            .iter()
            .take_while(|s| matches!(s, Step::Append { .. }))
            .count();
        if run >= PARALLEL_FROM {
            let results = load::parallel_results(&steps[n..n + run], IO_THREADS, |step| {
                apply_step(root, step, n, phase, !together)
            });
            for dirs in results {
                touched.extend(dirs?);
            }
            n += run;
            continue;
        }
        touched.extend(apply_step(root, &steps[n], n, phase, !together)?);
        crash_point(|| format!("{phase}step-{}", n + 1));
        n += 1;
    }
    if together {
        // Every file and directory the steps wrote, at once; only the directories of the
        // staged files removed below are left to sync.
        fsio::sync_file_systems(touched.iter().map(PathBuf::as_path))?;
        touched.clear();
    }
    for temp in shared {
        let temp = inside(root, temp)?;
        match fs::remove_file(&temp) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io("remove", &temp, &e)),
        }
        touched.insert(fsio::parent(&temp).to_path_buf());
    }
    let dirs: Vec<PathBuf> = touched.into_iter().filter(|d| d.exists()).collect();
    let threads = if dirs.len() >= PARALLEL_FROM {
        IO_THREADS
    } else {
        1
    };
    load::parallel_results(&dirs, threads, |d| fsio::sync_dir(d))
        .into_iter()
        .collect()
}

/// Carries out one step (number `n`, from 0), syncing what it appends when `synced`; returns
/// the directories it changed.
fn apply_step(
    root: &Path,
    step: &Step,
    n: usize,
    phase: &str,
    synced: bool,
) -> Result<Vec<PathBuf>> {
    let parent = |p: &Path| fsio::parent(p).to_path_buf();
    match step {
        Step::Replace { target, temp } => {
            let (target, temp) = (inside(root, target)?, inside(root, temp)?);
            if temp.exists() {
                fs::rename(&temp, &target).map_err(|e| Error::io("replace", &target, &e))?;
            }
            Ok(vec![parent(&target)])
        }
        Step::Delete { target } => {
            let target = inside(root, target)?;
            match fs::remove_file(&target) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io("remove", &target, &e)),
            }
            Ok(vec![parent(&target)])
        }
        Step::Append {
            target,
            offset,
            temp,
            part,
        } => {
            let (target, temp) = (inside(root, target)?, inside(root, temp)?);
            // Once the temporary file is gone, this step was completed before a crash (a
            // shared one goes when every append from it is done: see `apply`).
            let text = match part {
                None => fsio::read_optional(&temp)?,
                Some((from, length)) => fsio::read_part(&temp, *from, *length)?,
            };
            let Some(text) = text else {
                return Ok(Vec::new());
            };
            let mut opts = OpenOptions::new();
            fsio::nofollow(opts.read(true).write(true).create(true).truncate(false));
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
            let mut f = opts
                .open(&target)
                .map_err(|e| Error::io("open", &target, &e))?;
            let len = f
                .metadata()
                .map_err(|e| Error::io("read", &target, &e))?
                .len();
            if len < *offset {
                let shown = target.display();
                return Err(Error::store_in(Text {
                    en: format!(
                        "{shown} is shorter than an interrupted change expects \
                         ({len} < {offset} bytes); run `bangfu verify`"
                    ),
                    zh: format!(
                        "{shown} 比中断的修改所预期的短（{len} < {offset} 字节）；\
                         请运行 `bangfu verify`"
                    ),
                }));
            }
            let io = |e: std::io::Error| Error::io("append to", &target, &e);
            f.set_len(*offset).map_err(io)?;
            f.seek(SeekFrom::Start(*offset)).map_err(io)?;
            let half = text.len() / 2;
            f.write_all(&text[..half]).map_err(io)?;
            crash_point(|| format!("{phase}step-{}-torn", n + 1));
            f.write_all(&text[half..]).map_err(io)?;
            if synced {
                f.sync_all().map_err(io)?;
            }
            // Unsynced, its staged file goes after the file system is synced (`apply`).
            if part.is_none() && synced {
                fs::remove_file(&temp).map_err(|e| Error::io("remove", &temp, &e))?;
            }
            Ok(vec![parent(&target)])
        }
        Step::Move { from, to } => {
            let (from, to) = (inside(root, from)?, inside(root, to)?);
            if from.exists() {
                fsio::create_dir_all(fsio::parent(&to))?;
                fs::rename(&from, &to).map_err(|e| Error::io("move", &from, &e))?;
            }
            Ok(vec![parent(&from), parent(&to)])
        }
    }
}

/// A record of the store that does not read as its kind (status 4).
fn unreadable(e: &serde_json::Error) -> Error {
    Error::store_in(Text {
        en: format!("a record of the store does not read: {e}"),
        zh: format!("仓库中的一条记录无法读取：{e}"),
    })
}
