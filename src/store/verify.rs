//! `bangfu verify`: reads the whole store, or one village's directory, and reports what is
//! wrong with it, each problem with its path and line; `repair` mends what is safe to mend.
//!
//! Damage (status 1) is anything that makes the registry or its history untrustworthy: a
//! file or line that does not parse, a journal whose hash chain is broken, a torn last
//! journal line, a record that differs from the last `after` its journal holds for it, a
//! journal entry whose record is gone, a record no journal entry accounts for. Notices
//! (status 0) are harmless leftovers of interrupted commands: hidden temporary files, an
//! empty village directory, a stale id index under `.cache/`.
//!
//! Repair never rewrites history. It cuts off a torn last journal line (an append a crash
//! interrupted, so never part of a finished change), removes temporary files and empty
//! directories, and rebuilds the id index; everything it removes is first copied under
//! `removed/repair/<time>/`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::OpenOptions;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{Kind, Record, Village};

use super::index::{self, Index, indexed};
use super::journal::{self, Fault, Head, Op, Subject};
use super::layout::{self, Layout};
use super::lock::Lock;
use super::{Store, fsio, load, txn};

/// How much a problem matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The registry or its history cannot be trusted as it is: status 1.
    Damage,
    /// A harmless leftover of an interrupted command.
    Notice,
}

/// One thing `verify` found.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub severity: Severity,
    /// A stable name for scripts: `unparseable`, `torn_line`, `broken_chain`,
    /// `record_differs`, `record_missing`, `record_unjournaled`, `duplicate_id`,
    /// `wrong_village`, `interrupted_change`, `stray_temp`, `leftover_directory`,
    /// `stale_cache`.
    pub code: &'static str,
    /// The file, relative to the store.
    pub path: PathBuf,
    /// The 1-based line, where one applies.
    pub line: Option<usize>,
    pub message: String,
    /// Whether `verify --repair` mends it.
    pub repairable: bool,
}

impl Problem {
    pub(crate) fn damage(
        code: &'static str,
        path: &Path,
        line: Option<usize>,
        message: String,
    ) -> Problem {
        // A parser's message may quote a hand-edited value: never an ID number or a phone.
        let message = crate::error::redact(&message);
        Problem {
            severity: Severity::Damage,
            code,
            path: path.to_path_buf(),
            line,
            message,
            repairable: false,
        }
    }

    fn notice(code: &'static str, path: &Path, message: String) -> Problem {
        Problem {
            severity: Severity::Notice,
            code,
            path: path.to_path_buf(),
            line: None,
            message,
            repairable: true,
        }
    }

    /// `path:line` for messages.
    pub fn place(&self) -> String {
        match self.line {
            Some(n) => format!("{}:{n}", self.path.display()),
            None => self.path.display().to_string(),
        }
    }
}

/// What `repair` did to one file.
#[derive(Debug, Clone, Serialize)]
pub struct Repair {
    pub path: PathBuf,
    pub action: String,
    /// Where the removed bytes were kept, relative to the store.
    pub kept: Option<PathBuf>,
}

/// The outcome of a verification.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub clean: bool,
    /// Files read.
    pub files: usize,
    /// Journal entries read.
    pub entries: u64,
    pub problems: Vec<Problem>,
    pub repairs: Vec<Repair>,
}

impl Report {
    pub fn damaged(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Damage)
    }
}

/// Verifies the store, or one village's directory, holding the writers' lock so that no
/// change lands half-way through the reading. A change a crash interrupted is completed
/// first, as the next writer would. With `repair`, mends what is safe and verifies again.
pub fn verify(store: &Store, village: Option<&str>, repair: bool) -> Result<Report> {
    let layout = store.layout();
    store.release_reader();
    let lock = if repair {
        Some(Lock::acquire(&layout.lock())?)
    } else {
        Lock::acquire_if_writable(&layout.lock())?
    };
    if repair && lock.is_none() {
        return Err(Error::Store(format!(
            "{} is read-only; verify --repair needs to write",
            layout.root().display()
        )));
    }
    let mut before = Vec::new();
    let intent = layout.intent();
    let intent_rel = layout.relative(&intent).to_path_buf();
    // Directories a pending change touches, left unchecked when it is not completed here.
    let mut unchecked: BTreeSet<PathBuf> = BTreeSet::new();
    if intent.exists() && !repair {
        // Without --repair verify writes nothing: the change stays for the next command,
        // and what it touches is not judged half-applied.
        let parsed = fsio::read_text(&intent)
            .ok()
            .flatten()
            .and_then(|t| serde_json::from_str::<txn::Intent>(&t).ok());
        let escapes = parsed.as_ref().and_then(|i| {
            i.paths().into_iter().find(|p| {
                !p.components()
                    .all(|c| matches!(c, std::path::Component::Normal(_)))
                    || p.as_os_str().is_empty()
                    || fsio::no_links(&layout.root().join(p)).is_err()
            })
        });
        match (parsed, escapes) {
            (Some(_), Some(p)) => before.push(Problem::damage(
                "interrupted_change",
                &intent_rel,
                None,
                format!(
                    "a change interrupted by a crash cannot be completed: it names {} outside \
                     the store or through a symbolic link",
                    p.display()
                ),
            )),
            (Some(i), None) => {
                unchecked = i.dirs();
                let list: Vec<String> = unchecked
                    .iter()
                    .map(|d| {
                        if d.as_os_str().is_empty() {
                            "the top level".to_string()
                        } else {
                            d.display().to_string()
                        }
                    })
                    .collect();
                before.push(Problem {
                    repairable: true,
                    ..Problem::notice(
                        "interrupted_change",
                        &intent_rel,
                        format!(
                            "a change a crash interrupted after it was committed is pending; \
                             the next bangfu command or `verify --repair` completes it. Not \
                             checked until then: {}",
                            list.join(", ")
                        ),
                    )
                });
            }
            (None, _) => before.push(Problem::damage(
                "interrupted_change",
                &intent_rel,
                None,
                "a change interrupted by a crash cannot be completed: it cannot be read".into(),
            )),
        }
    } else if intent.exists() {
        match txn::recover(layout) {
            Ok(()) => before.push(Problem {
                repairable: false,
                ..Problem::notice(
                    "interrupted_change",
                    &intent_rel,
                    "completed a change that a crash had interrupted after it was \
                     committed (rolled forward, as the next writer would)"
                        .into(),
                )
            }),
            Err(e) => before.push(Problem::damage(
                "interrupted_change",
                &intent_rel,
                None,
                format!("a change interrupted by a crash cannot be completed: {e}"),
            )),
        }
    }
    let mut report = scan(layout, village)?;
    if !unchecked.is_empty() {
        report.problems.retain(|p| {
            let dir = p.path.parent().map(Path::to_path_buf).unwrap_or_default();
            !unchecked.contains(&dir) && !unchecked.contains(&p.path)
        });
    }
    if repair {
        let repairs = mend(layout, &report.problems)?;
        if !repairs.is_empty() {
            report = scan(layout, village)?;
        }
        report.repairs = repairs;
    }
    before.append(&mut report.problems);
    report.problems = before;
    report.clean = !report.damaged();
    Ok(report)
}

/// What one directory's check found: its problems, and the `(kind, id, village)` of its
/// indexed records for the index check.
#[derive(Default)]
struct Found {
    files: usize,
    entries: u64,
    problems: Vec<Problem>,
    indexed: Vec<(Kind, String, String)>,
    /// From the store-level journal: each village's last entry (op, line).
    registered: BTreeMap<String, (Op, usize)>,
}

/// The directories verify reads: the store's top level, live villages, removed villages.
enum Unit {
    Top,
    Live(String),
    Removed(PathBuf),
}

fn scan(layout: &Layout, village: Option<&str>) -> Result<Report> {
    let mut units = Vec::new();
    if let Some(v) = village {
        units.push(Unit::Live(v.to_string()));
    } else {
        units.push(Unit::Top);
        units.extend(
            subdirs(&layout.villages_dir())?
                .into_iter()
                .filter_map(|d| {
                    let name = d.file_name()?.to_str()?.to_string();
                    crate::model::check_id("id", &name)
                        .is_ok()
                        .then_some(Unit::Live(name))
                }),
        );
        units.extend(
            subdirs(&layout.removed_villages_dir())?
                .into_iter()
                .map(Unit::Removed),
        );
    }
    let live: BTreeSet<String> = units
        .iter()
        .filter_map(|u| match u {
            Unit::Live(v) if layout.village_file(v).is_file() => Some(v.clone()),
            _ => None,
        })
        .collect();
    let found = load::parallel_map(&units, |u| check_unit(layout, u))?;
    let mut report = Report::default();
    let mut indexed = Vec::new();
    let mut registered = BTreeMap::new();
    for f in found {
        report.files += f.files;
        report.entries += f.entries;
        report.problems.extend(f.problems);
        indexed.extend(f.indexed);
        registered.extend(f.registered);
    }
    if village.is_none() {
        check_registry(layout, &live, &registered, &mut report.problems);
    }
    let walk_from = match village {
        Some(v) => layout.village_dir(v),
        None => layout.root().to_path_buf(),
    };
    stray_temps(
        layout,
        &walk_from,
        pending_temps(layout).as_ref(),
        &mut report.problems,
    )?;
    if village.is_none() {
        check_index(layout, &indexed, &mut report.problems);
    }
    report
        .problems
        .sort_by(|a, b| (a.severity, &a.path, a.line).cmp(&(b.severity, &b.path, b.line)));
    report.clean = !report.damaged();
    Ok(report)
}

/// The directories directly inside `dir`, sorted; none when it does not exist.
fn subdirs(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read directory", dir, &e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("read directory", dir, &e))?;
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            out.push(entry.path());
        }
    }
    out.sort();
    Ok(out)
}

/// One record line as found in its file.
struct Found1 {
    path: PathBuf,
    line: Option<usize>,
    text: String,
    /// False when the line did not parse (already reported): not compared.
    parsed: bool,
}

fn check_unit(layout: &Layout, unit: &Unit) -> Result<Found> {
    let mut found = Found::default();
    let rel = |p: &Path| layout.relative(p).to_path_buf();
    let (dir, journal_path) = match unit {
        Unit::Top => (layout.root().to_path_buf(), layout.store_journal()),
        Unit::Live(v) => (layout.village_dir(v), layout.village_journal(v)),
        Unit::Removed(d) => (d.clone(), d.join(layout::JOURNAL)),
    };
    let journal_rel = rel(&journal_path);
    let journal_bytes = fsio::read_optional(&journal_path)?;
    let journal = match &journal_bytes {
        Some(b) => {
            found.files += 1;
            scan_journal(&journal_rel, b)
        }
        None => JournalScan::default(),
    };
    found.entries = journal.entries;
    found.problems.extend(journal.problems);
    if let Unit::Top = unit {
        found.registered = journal
            .last
            .iter()
            .filter(|((kind, _), _)| *kind == Subject::Record(Kind::Village))
            .map(|((_, id), last)| (id.clone(), (last.op, last.line)))
            .collect();
    }

    // The records this journal accounts for, by (kind, id).
    let mut records: HashMap<(Subject, String), Found1> = HashMap::new();
    // A village's journal governs the village and every kind kept in a village (declared
    // once, in the `kinds!` table: members and any later kind are covered with it).
    let governed: Vec<Kind> = match unit {
        Unit::Top => vec![Kind::Person],
        _ => std::iter::once(Kind::Village).chain(indexed()).collect(),
    };
    match unit {
        Unit::Top => {
            let people = layout.people();
            if let Some(bytes) = fsio::read_optional(&people)? {
                found.files += 1;
                scan_collection(
                    Kind::Person,
                    &rel(&people),
                    &bytes,
                    None,
                    &mut records,
                    &mut found,
                );
            }
            let manifest = layout.manifest();
            if let Some(bytes) = fsio::read_optional(&manifest)? {
                found.files += 1;
                check_policy(
                    &rel(&manifest),
                    &bytes,
                    journal.last_policy.as_ref(),
                    &journal_rel,
                    &mut found,
                );
            }
        }
        Unit::Live(_) | Unit::Removed(_) => {
            let village_file = dir.join(layout::VILLAGE);
            let village = match fsio::read_optional(&village_file)? {
                Some(bytes) => {
                    found.files += 1;
                    read_village_file(&rel(&village_file), &bytes, unit, &mut records, &mut found)
                }
                None => None,
            };
            let home = village.clone().or(match unit {
                Unit::Live(v) => Some(v.clone()),
                _ => None,
            });
            let mut collections = 0;
            for kind in indexed() {
                let path = Layout::collection_in(&dir, kind);
                if let Some(bytes) = fsio::read_optional(&path)? {
                    found.files += 1;
                    collections += 1;
                    scan_collection(
                        kind,
                        &rel(&path),
                        &bytes,
                        home.as_deref(),
                        &mut records,
                        &mut found,
                    );
                }
            }
            if let (Unit::Live(v), true) = (unit, collections > 0) {
                found
                    .indexed
                    .extend(records.iter().filter_map(|((kind, id), r)| {
                        let kind = kind.kind().filter(|k| k.in_village() && r.parsed)?;
                        Some((kind, id.clone(), v.clone()))
                    }));
            }
            if village.is_some() && journal_bytes.is_none() {
                found.problems.push(Problem::damage(
                    "journal_missing",
                    &journal_rel,
                    None,
                    "the village's journal is missing: every village has one from its \
                     addition on, so its history was deleted"
                        .into(),
                ));
            }
            if let Unit::Live(v) = unit
                && village.is_none()
                && journal_bytes.is_none()
                && collections == 0
            {
                found.problems.push(Problem::notice(
                    "leftover_directory",
                    &rel(&dir),
                    format!(
                        "an empty directory for village {v}, left by an interrupted command; \
                         --repair removes it"
                    ),
                ));
            }
        }
    }

    for ((kind, id), last) in &journal.last {
        if !kind.kind().is_some_and(|k| governed.contains(&k)) {
            continue;
        }
        match (records.get(&(*kind, id.clone())), last.op) {
            (None, Op::Remove) => {}
            (None, _) => found.problems.push(Problem::damage(
                "record_missing",
                &journal_rel,
                Some(last.line),
                format!(
                    "the journal's last entry for {kind} {id} ({}) says it exists, but it is \
                     not in the store",
                    op_name(last.op)
                ),
            )),
            (Some(r), Op::Remove) => found.problems.push(Problem::damage(
                "record_differs",
                &r.path,
                r.line,
                format!(
                    "{kind} {id} is present, but the journal's last entry for it ({}:{}) \
                     removed it",
                    journal_rel.display(),
                    last.line
                ),
            )),
            (Some(r), _) if !r.parsed => {}
            (Some(r), _) => {
                if let Some(fields) = differs(&r.text, &last.text) {
                    found.problems.push(Problem::damage(
                        "record_differs",
                        &r.path,
                        r.line,
                        format!(
                            "{kind} {id} differs from the journal's last entry for it ({}:{}){}",
                            journal_rel.display(),
                            last.line,
                            if fields.is_empty() {
                                String::new()
                            } else {
                                format!(" in {}", fields.join(", "))
                            }
                        ),
                    ));
                }
            }
        }
    }
    let mut unjournaled: Vec<_> = records
        .iter()
        .filter(|(key, r)| r.parsed && !journal.last.contains_key(*key))
        .collect();
    unjournaled.sort_by_key(|(_, r)| (r.path.clone(), r.line));
    for ((kind, id), r) in unjournaled {
        found.problems.push(Problem::damage(
            "record_unjournaled",
            &r.path,
            r.line,
            format!(
                "{kind} {id} has no entry in {}: added or changed by hand, or its history was lost",
                journal_rel.display()
            ),
        ));
    }
    Ok(found)
}

fn op_name(op: Op) -> &'static str {
    op.name()
}

/// `village.json`: parsed as a village; registered as the village record.
fn read_village_file(
    rel: &Path,
    bytes: &[u8],
    unit: &Unit,
    records: &mut HashMap<(Subject, String), Found1>,
    found: &mut Found,
) -> Option<String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()].split(|b| *b == b'\n').count();
            found.problems.push(Problem::damage(
                "unparseable",
                rel,
                Some(line),
                "is not valid UTF-8".into(),
            ));
            return None;
        }
    };
    let village: Village = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            found.problems.push(Problem::damage(
                "unparseable",
                rel,
                Some(e.line().max(1)),
                format!("is not a village record: {e}"),
            ));
            return None;
        }
    };
    if let Unit::Live(dir) = unit
        && *dir != village.id
    {
        found.problems.push(Problem::damage(
            "wrong_village",
            rel,
            None,
            format!(
                "holds village {} but lies in the directory of village {dir}",
                village.id
            ),
        ));
    }
    records.insert(
        (Subject::Record(Kind::Village), village.id.clone()),
        Found1 {
            path: rel.to_path_buf(),
            line: None,
            text: text.to_string(),
            parsed: true,
        },
    );
    Some(village.id)
}

/// Parses a record line as its kind; returns its id and village.
fn parse_record(kind: Kind, text: &str) -> serde_json::Result<(String, Option<String>)> {
    struct Parse<'t>(&'t str);
    impl crate::model::KindVisitor for Parse<'_> {
        type Out = serde_json::Result<(String, Option<String>)>;
        fn visit<R: Record>(self) -> Self::Out {
            let r: R = serde_json::from_str(self.0)?;
            Ok((r.id().to_string(), r.village().map(str::to_string)))
        }
    }
    kind.visit(Parse(text))
}

#[derive(Deserialize)]
struct IdOnly {
    id: String,
}

/// Reads a `.jsonl` collection: every line must parse as a record of `kind`, once per id,
/// in the village `home` when given.
fn scan_collection(
    kind: Kind,
    rel: &Path,
    bytes: &[u8],
    home: Option<&str>,
    records: &mut HashMap<(Subject, String), Found1>,
    found: &mut Found,
) {
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        let n = i + 1;
        let Ok(text) = std::str::from_utf8(line) else {
            found.problems.push(Problem::damage(
                "unparseable",
                rel,
                Some(n),
                "is not valid UTF-8".into(),
            ));
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        let (id, parsed) = match parse_record(kind, text) {
            Ok((id, village)) => {
                if let (Some(home), Some(v)) = (home, village.as_deref())
                    && home != v
                {
                    found.problems.push(Problem::damage(
                        "wrong_village",
                        rel,
                        Some(n),
                        format!(
                            "{} {id} names village {v} but lies in the directory of village {home}",
                            kind.name()
                        ),
                    ));
                }
                (id, true)
            }
            Err(e) => {
                found.problems.push(Problem::damage(
                    "unparseable",
                    rel,
                    Some(n),
                    format!("is not a {} record: {e}", kind.name()),
                ));
                match serde_json::from_str::<IdOnly>(text) {
                    Ok(o) => (o.id, false),
                    Err(_) => continue,
                }
            }
        };
        let key = (Subject::Record(kind), id);
        if let Some(first) = records.get(&key) {
            found.problems.push(Problem::damage(
                "duplicate_id",
                rel,
                Some(n),
                format!(
                    "{} {} appears again (first on line {})",
                    kind.name(),
                    key.1,
                    first.line.unwrap_or(0)
                ),
            ));
            continue;
        }
        records.insert(
            key,
            Found1 {
                path: rel.to_path_buf(),
                line: Some(n),
                text: text.to_string(),
                parsed,
            },
        );
    }
}

/// The policy in `bangfu.json` must be what the last policy change left.
fn check_policy(
    rel: &Path,
    bytes: &[u8],
    last: Option<&Last>,
    journal_rel: &Path,
    found: &mut Found,
) {
    let Ok(manifest) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        // Opening the store already parsed it; a concurrent hand edit is not ours to chase.
        return;
    };
    let policy = manifest
        .get("policy")
        .cloned()
        .unwrap_or_else(|| serde_json::json!({}));
    let expected = match last {
        Some(l) => entry_after(&l.text),
        None => Some(serde_json::json!({})),
    };
    if expected.as_ref() == Some(&policy) {
        return;
    }
    let message = match last {
        Some(l) => format!(
            "the policy differs from the journal's last policy change ({}:{})",
            journal_rel.display(),
            l.line
        ),
        None => format!(
            "the policy has settings that no entry in {} accounts for: set by hand",
            journal_rel.display()
        ),
    };
    let code = if last.is_some() {
        "record_differs"
    } else {
        "record_unjournaled"
    };
    found
        .problems
        .push(Problem::damage(code, rel, None, message));
}

/// The last journal entry for one record.
struct Last {
    line: usize,
    op: Op,
    /// The whole line, to take `after` from only when it is needed.
    text: String,
}

#[derive(Default)]
struct JournalScan {
    entries: u64,
    problems: Vec<Problem>,
    last: HashMap<(Subject, String), Last>,
    last_policy: Option<Last>,
}

/// Checks a journal file's chain and notes the last entry for each record.
fn scan_journal(rel: &Path, bytes: &[u8]) -> JournalScan {
    let mut scan = JournalScan::default();
    let (complete, torn) = match bytes.iter().rposition(|b| *b == b'\n') {
        Some(i) => (&bytes[..i], &bytes[i + 1..]),
        None => (&bytes[..0], bytes),
    };
    let mut head = Head::empty();
    let mut n = 0;
    if !complete.is_empty() || bytes.first() == Some(&b'\n') {
        for line in complete.split(|b| *b == b'\n') {
            n += 1;
            let (parsed, faults) = journal::check_line(line, Some(&head));
            for fault in &faults {
                let code = match fault {
                    Fault::NotUtf8 | Fault::Blank | Fault::Unparsed(_) => "unparseable",
                    Fault::Torn => "torn_line",
                    Fault::NoHash | Fault::Seq { .. } | Fault::Prev | Fault::Hash => "broken_chain",
                };
                scan.problems
                    .push(Problem::damage(code, rel, Some(n), fault.to_string()));
            }
            match parsed {
                Some(p) => {
                    scan.entries += 1;
                    let last = Last {
                        line: n,
                        op: p.op,
                        text: String::from_utf8_lossy(line).into_owned(),
                    };
                    if p.kind == Subject::Policy {
                        scan.last_policy = Some(last);
                    } else {
                        scan.last.insert((p.kind, p.id), last);
                    }
                    head = Head {
                        seq: p.seq,
                        hash: p.hash,
                    };
                }
                None if faults == [Fault::Blank] => {}
                None => {
                    // Carry on from this line's own hash, if it has one, so that one bad line
                    // is reported once rather than breaking every line after it.
                    head.seq += 1;
                    if let Some((_, hash)) =
                        std::str::from_utf8(line).ok().and_then(journal::split_line)
                    {
                        head.hash = hash.to_string();
                    }
                }
            }
        }
    }
    if !torn.is_empty() {
        let mut p = Problem::damage("torn_line", rel, Some(n + 1), Fault::Torn.to_string());
        p.repairable = true;
        p.message.push_str("; --repair cuts it off, keeping a copy");
        scan.problems.push(p);
    }
    scan
}

/// Checks a journal's bytes as `verify` does: the problems found and the entries read.
/// For tests and fuzzing: never panics, whatever the bytes.
pub fn check_journal(rel: &Path, bytes: &[u8]) -> (Vec<Problem>, u64) {
    let scan = scan_journal(rel, bytes);
    (scan.problems, scan.entries)
}

/// The `after` text of a journal line as the tool writes it: `…,"after":A,"prev":"…","hash":"…"}`.
fn after_text(line: &str) -> Option<&str> {
    const TAIL: usize = r#","prev":""#.len() + 64 + 1 + r#","hash":""#.len() + 64 + 2;
    let end = line.len().checked_sub(TAIL)?;
    if !line.is_char_boundary(end) || !line[end..].starts_with(r#","prev":""#) {
        return None;
    }
    let start = line[..end].rfind(r#","after":"#)? + r#","after":"#.len();
    Some(&line[start..end])
}

/// The `after` of a journal line, parsed.
fn entry_after(line: &str) -> Option<serde_json::Value> {
    serde_json::from_str::<journal::Entry>(line)
        .ok()
        .and_then(|e| e.after)
}

/// Whether a stored record differs from a journal line's `after`; if so, the top-level fields
/// that differ (empty when the two cannot be compared field by field).
fn differs(record: &str, line: &str) -> Option<Vec<String>> {
    if after_text(line) == Some(record) {
        return None;
    }
    let stored: serde_json::Value = serde_json::from_str(record).ok()?;
    let after = entry_after(line).unwrap_or(serde_json::Value::Null);
    if stored == after {
        return None;
    }
    let (Some(a), Some(b)) = (stored.as_object(), after.as_object()) else {
        return Some(Vec::new());
    };
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    Some(
        keys.into_iter()
            .filter(|k| a.get(*k) != b.get(*k))
            .cloned()
            .collect(),
    )
}

/// Whether a file name is one of `fsio`'s temporary files.
fn is_temp(name: &str) -> bool {
    name.starts_with('.') && name.contains(".tmp-")
}

/// What a pending `.intent.json` still needs: `None` when there is none, else the temporary
/// files it names (all of them protected when the intent cannot be read).
fn pending_temps(layout: &Layout) -> Option<BTreeSet<PathBuf>> {
    let text = fsio::read_text(&layout.intent()).ok()??;
    let Ok(intent) = serde_json::from_str::<txn::Intent>(&text) else {
        return Some(BTreeSet::new()); // unreadable: protect every temporary file
    };
    Some(intent.temps().into_iter().collect())
}

/// The villages the store-level journal says exist must be there; villages of an older
/// store that it does not know yet are registered by `--repair`.
fn check_registry(
    layout: &Layout,
    live: &BTreeSet<String>,
    registered: &BTreeMap<String, (Op, usize)>,
    problems: &mut Vec<Problem>,
) {
    let journal = layout.store_journal();
    let journal_rel = layout.relative(&journal).to_path_buf();
    if !journal.is_file() {
        // People are journaled there, and teams name people: a store with either had one.
        // A store of villages alone may predate it (its villages are registered by --repair).
        let had_people = layout.people().is_file()
            || live
                .iter()
                .any(|v| layout.collection(v, Kind::Team).is_file());
        if had_people {
            problems.push(Problem::damage(
                "journal_missing",
                &journal_rel,
                None,
                "the store-level journal is missing, yet the store holds people or teams: \
                 its history was deleted"
                    .into(),
            ));
            return;
        }
    }
    for (id, (op, line)) in registered {
        let dir = layout.village_dir(id);
        let dir_rel = layout.relative(&dir).to_path_buf();
        match op {
            Op::Remove if live.contains(id) => problems.push(Problem::damage(
                "record_differs",
                &dir_rel,
                None,
                format!(
                    "village {id} is present, but the store journal's last entry for it \
                     ({}:{line}) removed it",
                    journal_rel.display()
                ),
            )),
            Op::Remove => {}
            _ if !live.contains(id) => problems.push(Problem::damage(
                "village_missing",
                &dir_rel,
                None,
                format!(
                    "village {id} is missing: the store journal ({}:{line}) says it exists",
                    journal_rel.display()
                ),
            )),
            _ => {}
        }
    }
    for id in live.iter().filter(|v| !registered.contains_key(*v)) {
        let dir = layout.village_dir(id);
        problems.push(Problem::notice(
            "village_unregistered",
            layout.relative(&dir),
            format!(
                "village {id} has no line in {} (a store from before villages were \
                 registered there); --repair adds its `register` line",
                journal_rel.display()
            ),
        ));
    }
}

/// Hidden temporary files left by a command killed before its change was committed, and
/// symbolic links, which have no place in a store. Temporary files a pending change still
/// needs (`keep`) are not strays.
fn stray_temps(
    layout: &Layout,
    from: &Path,
    keep: Option<&BTreeSet<PathBuf>>,
    problems: &mut Vec<Problem>,
) -> Result<()> {
    let repair_dir = layout.repairs_dir();
    let mut stack = vec![from.to_path_buf()];
    while let Some(dir) = stack.pop() {
        if dir == repair_dir {
            continue;
        }
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io("read directory", &dir, &e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| Error::io("read directory", &dir, &e))?;
            let path = entry.path();
            let kind = entry.file_type().ok();
            if kind.is_some_and(|t| t.is_symlink()) {
                problems.push(Problem::damage(
                    "symlink",
                    layout.relative(&path),
                    None,
                    "is a symbolic link; a store holds none (one could make a write land \
                     outside the store): remove it and restore the file it replaced"
                        .into(),
                ));
            } else if kind.is_some_and(|t| t.is_dir()) {
                stack.push(path);
            } else if is_temp(&entry.file_name().to_string_lossy()) {
                let rel = layout.relative(&path).to_path_buf();
                if let Some(needed) = keep
                    && (needed.is_empty() || needed.contains(&rel))
                {
                    continue; // a pending change needs it: never a stray
                }
                problems.push(Problem::notice(
                    "stray_temp",
                    layout.relative(&path),
                    "a temporary file left by a command stopped before its change was \
                     committed; --repair removes it, keeping a copy"
                        .into(),
                ));
            }
        }
    }
    Ok(())
}

/// The id index must place every record in its village and know the highest number used.
fn check_index(layout: &Layout, entries: &[(Kind, String, String)], problems: &mut Vec<Problem>) {
    if !Index::is_ready(layout) {
        return; // rebuilt by the next command that needs it
    }
    let mut homes: BTreeMap<(Kind, &str), Vec<&str>> = BTreeMap::new();
    for (kind, id, village) in entries {
        homes.entry((*kind, id)).or_default().push(village);
    }
    let mut index = Index::new(layout);
    let mut misplaced = 0usize;
    let mut broken = None;
    for ((kind, id), villages) in &homes {
        match index.village_of(*kind, id) {
            Ok(Some(v)) if villages.contains(&v.as_str()) => {}
            Ok(_) => misplaced += 1,
            Err(e) => {
                broken = Some(e.to_string());
                break;
            }
        }
    }
    if broken.is_none() {
        for kind in indexed() {
            let used = homes
                .keys()
                .filter(|(k, _)| *k == kind)
                .filter_map(|(_, id)| index::number_in(kind, id))
                .max()
                .unwrap_or(0);
            match index.last_number(kind) {
                Ok(n) if n >= used => {}
                Ok(_) => misplaced += 1,
                Err(e) => broken = Some(e.to_string()),
            }
        }
    }
    let cache = layout.cache_dir();
    let rel = layout.relative(&cache);
    if let Some(e) = broken {
        problems.push(Problem::notice(
            "stale_cache",
            rel,
            format!("the id index is damaged ({e}); --repair rebuilds it from the records"),
        ));
    } else if misplaced > 0 {
        problems.push(Problem::notice(
            "stale_cache",
            rel,
            format!(
                "the id index is stale ({misplaced} entries out of date); --repair rebuilds it \
                 from the records"
            ),
        ));
    }
}

/// Carries out the safe repairs; returns what was done.
fn mend(layout: &Layout, problems: &[Problem]) -> Result<Vec<Repair>> {
    let stamp = jiff::Timestamp::now()
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string();
    let mut keep = layout.repairs_dir().join(&stamp);
    let mut n = 1;
    while keep.exists() {
        keep = layout.repairs_dir().join(format!("{stamp}-{n}"));
        n += 1;
    }
    let mut done = Vec::new();
    // Temporary files first, so that the directories they leave empty can go after.
    let order = [
        "torn_line",
        "stray_temp",
        "leftover_directory",
        "stale_cache",
    ];
    for code in order {
        for p in problems.iter().filter(|p| p.repairable && p.code == code) {
            let path = layout.root().join(&p.path);
            let repair = match code {
                "torn_line" => mend_torn(layout, &path, &keep)?,
                "stray_temp" => {
                    let kept = keep_copy(layout, &path, &keep, "")?;
                    std::fs::remove_file(&path).map_err(|e| Error::io("remove", &path, &e))?;
                    fsio::sync_dir(fsio::parent(&path))?;
                    Repair {
                        path: p.path.clone(),
                        action: "removed a stray temporary file".into(),
                        kept: Some(kept),
                    }
                }
                "leftover_directory" => {
                    if std::fs::remove_dir(&path).is_err() {
                        continue; // not empty after all: leave it
                    }
                    fsio::sync_dir(fsio::parent(&path))?;
                    Repair {
                        path: p.path.clone(),
                        action: "removed an empty village directory".into(),
                        kept: None,
                    }
                }
                _ => {
                    let entries = load::index_entries(layout)?;
                    Index::rebuild(layout, entries)?;
                    Repair {
                        path: p.path.clone(),
                        action: "rebuilt the id index from the records".into(),
                        kept: None,
                    }
                }
            };
            done.push(repair);
        }
    }
    let unregistered: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.code == "village_unregistered")
        .collect();
    if !unregistered.is_empty() {
        done.extend(register_villages(layout, &unregistered)?);
    }
    Ok(done)
}

/// Appends an `op: "register"` line to the store-level journal for each village of an
/// older store that it does not know, with the village as stored.
fn register_villages(layout: &Layout, problems: &[&Problem]) -> Result<Vec<Repair>> {
    let path = layout.store_journal();
    let mut head = journal::read_head(&path)?;
    let at = journal::now();
    let actor = "bangfu verify --repair";
    let mut text = String::new();
    let mut done = Vec::new();
    for p in problems {
        let Some(id) = p.path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(village) = load::read_village(layout, id)? else {
            continue;
        };
        let after = serde_json::to_string(&village).unwrap_or_default();
        text.push_str(&journal::append_line(
            &mut head,
            &journal::Change {
                at: &at,
                actor,
                op: Op::Register,
                kind: Subject::Record(Kind::Village),
                id,
                before: None,
                after: Some(&after),
            },
        ));
        done.push(Repair {
            path: p.path.clone(),
            action: format!(
                "registered village {id} in {}",
                layout.relative(&path).display()
            ),
            kept: None,
        });
    }
    fsio::no_links(&path)?;
    let mut opts = OpenOptions::new();
    fsio::nofollow(opts.append(true).create(true));
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(&path).map_err(|e| Error::io("open", &path, &e))?;
    let io = |e: std::io::Error| Error::io("append to", &path, &e);
    std::io::Write::write_all(&mut f, text.as_bytes()).map_err(io)?;
    f.sync_all().map_err(io)?;
    Ok(done)
}

/// Copies `path` to the same place under `keep`; returns the copy's path relative to the store.
fn keep_copy(layout: &Layout, path: &Path, keep: &Path, suffix: &str) -> Result<PathBuf> {
    let bytes = fsio::read_optional(path)?.unwrap_or_default();
    keep_bytes(layout, path, keep, suffix, &bytes)
}

fn keep_bytes(
    layout: &Layout,
    path: &Path,
    keep: &Path,
    suffix: &str,
    bytes: &[u8],
) -> Result<PathBuf> {
    let rel = layout.relative(path);
    let mut copy = keep.join(rel);
    let name = copy
        .file_name()
        .map(|n| n.to_string_lossy().trim_start_matches('.').to_string())
        .unwrap_or_default();
    copy.set_file_name(format!("{name}{suffix}"));
    fsio::create_dir_all(fsio::parent(&copy))?;
    fsio::write_atomic(&copy, bytes)?;
    Ok(layout.relative(&copy).to_path_buf())
}

/// Mends a torn last journal line: a line that lacks only its newline and chains on is
/// completed; anything else is cut off after keeping a copy.
fn mend_torn(layout: &Layout, path: &Path, keep: &Path) -> Result<Repair> {
    let rel = layout.relative(path).to_path_buf();
    let bytes = fsio::read_optional(path)?.unwrap_or_default();
    let cut = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let tail = &bytes[cut..];
    let before = if cut == 0 {
        Some(Head::empty())
    } else {
        let prev = &bytes[..cut - 1];
        let start = prev.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        match journal::check_line(&prev[start..], None) {
            (Some(h), faults) if faults.is_empty() => Some(Head {
                seq: h.seq,
                hash: h.hash,
            }),
            _ => None,
        }
    };
    let complete = before
        .as_ref()
        .is_some_and(|b| journal::check_line(tail, Some(b)).1.is_empty());
    let mut opts = OpenOptions::new();
    fsio::nofollow(opts.write(true));
    fsio::no_links(path)?;
    let mut f = opts.open(path).map_err(|e| Error::io("open", path, &e))?;
    let io = |e: std::io::Error| Error::io("repair", path, &e);
    if complete {
        use std::io::{Seek, SeekFrom, Write};
        f.seek(SeekFrom::End(0)).map_err(io)?;
        f.write_all(b"\n").map_err(io)?;
        f.sync_all().map_err(io)?;
        return Ok(Repair {
            path: rel,
            action: "ended the last journal line, which was whole but for its newline".into(),
            kept: None,
        });
    }
    let kept = keep_bytes(layout, path, keep, ".torn", tail)?;
    f.set_len(cut as u64).map_err(io)?;
    f.sync_all().map_err(io)?;
    Ok(Repair {
        path: rel,
        action: format!(
            "cut off the torn last journal line ({} bytes of an append a crash interrupted)",
            tail.len()
        ),
        kept: Some(kept),
    })
}
