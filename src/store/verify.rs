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

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::lang::{Lang, Text};
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

/// Something `verify` can find, with what its message needs (README, "bangfu verify").
/// `code` is the stable name scripts read; `text` the message people read, in both
/// languages; `severity` and `repairable` follow from the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A file or line that is not UTF-8.
    NotUtf8,
    /// A record line (or `village.json`) that does not parse as its kind.
    NotARecord { kind: Kind, error: String },
    /// A journal line that does not parse, or does not chain on.
    JournalLine(Fault),
    /// The last journal line has no final newline.
    TornLine,
    /// A record that differs from the last `after` its journal holds for it.
    RecordDiffers {
        subject: Subject,
        id: String,
        journal: PathBuf,
        line: usize,
        fields: Vec<String>,
    },
    /// A record present though the journal's last entry for it removed it.
    RemovedButPresent {
        subject: Subject,
        id: String,
        journal: PathBuf,
        line: usize,
    },
    /// A journal entry whose record is gone.
    RecordMissing {
        subject: Subject,
        id: String,
        op: Op,
    },
    /// A record no journal entry accounts for.
    Unjournaled {
        subject: Subject,
        id: String,
        journal: PathBuf,
    },
    /// The policy in `bangfu.json` is not what the last policy change left.
    PolicyDiffers { journal: PathBuf, line: usize },
    /// The policy has settings no journal entry accounts for.
    PolicyUnjournaled { journal: PathBuf },
    /// The same id twice in one file.
    DuplicateId {
        kind: Kind,
        id: String,
        first: usize,
    },
    /// A record filed in another village's directory (`named` is the village it names).
    WrongVillage {
        kind: Kind,
        id: String,
        named: String,
        dir: String,
    },
    /// A record kept with its parent (a member with its household) filed in a village where
    /// the parent is not: left so by a merge that moved the parent in one copy while the
    /// other added to it.
    ParentElsewhere {
        kind: Kind,
        id: String,
        parent: Kind,
        parent_id: String,
        dir: String,
    },
    /// A village the store journal says exists, whose directory is gone.
    VillageMissing {
        id: String,
        journal: PathBuf,
        line: usize,
    },
    /// A journal that is missing: a village's (`village`), or the store's.
    JournalMissing { village: bool },
    /// A symbolic link in the store.
    Symlink,
    /// A pending change that names a path outside the store or through a link.
    ChangeEscapes { path: PathBuf },
    /// A pending change that cannot be read.
    ChangeUnreadable,
    /// A pending change that could not be completed.
    ChangeFailed { error: Text },
    /// A pending change, left for the next command; the directories it touches.
    ChangePending { unchecked: Vec<PathBuf> },
    /// A pending change, completed by this run.
    ChangeCompleted,
    /// A temporary file left by a stopped command.
    StrayTemp,
    /// An empty village directory left by a stopped command.
    LeftoverDirectory { village: String },
    /// The id index cannot be read.
    IndexDamaged { error: String },
    /// The id index is out of date for so many entries.
    IndexStale { entries: usize },
    /// A village of an older store that the store journal does not know yet.
    VillageUnregistered { id: String, journal: PathBuf },
    /// A record a merge moved in one copy and changed in the other.
    MergePending {
        kind: String,
        id: String,
        moved_to: String,
    },
    /// A record a merge changed differently in the two copies.
    MergeConflict { kind: String, id: String },
    /// A merge line whose record of the re-chained lines does not hold.
    BadMergeLine { message: String },
    /// A sealed journal that no longer starts with the lines it had.
    SealBroken { message: Text },
}

impl Problem {
    /// The stable name scripts read (README, "bangfu verify").
    pub fn code(&self) -> &'static str {
        match self {
            Problem::NotUtf8 | Problem::NotARecord { .. } => "unparseable",
            Problem::JournalLine(fault) => match fault {
                Fault::NotUtf8 | Fault::Blank | Fault::Unparsed(_) => "unparseable",
                Fault::Torn => "torn_line",
                Fault::NoHash | Fault::Seq { .. } | Fault::Prev | Fault::Hash => "broken_chain",
            },
            Problem::TornLine => "torn_line",
            Problem::RecordDiffers { .. }
            | Problem::RemovedButPresent { .. }
            | Problem::PolicyDiffers { .. } => "record_differs",
            Problem::RecordMissing { .. } => "record_missing",
            Problem::Unjournaled { .. } | Problem::PolicyUnjournaled { .. } => "record_unjournaled",
            Problem::DuplicateId { .. } => "duplicate_id",
            Problem::WrongVillage { .. } | Problem::ParentElsewhere { .. } => "wrong_village",
            Problem::VillageMissing { .. } => "village_missing",
            Problem::JournalMissing { .. } => "journal_missing",
            Problem::Symlink => "symlink",
            Problem::ChangeEscapes { .. }
            | Problem::ChangeUnreadable
            | Problem::ChangeFailed { .. }
            | Problem::ChangePending { .. }
            | Problem::ChangeCompleted => "interrupted_change",
            Problem::StrayTemp => "stray_temp",
            Problem::LeftoverDirectory { .. } => "leftover_directory",
            Problem::IndexDamaged { .. } | Problem::IndexStale { .. } => "stale_cache",
            Problem::VillageUnregistered { .. } => "village_unregistered",
            Problem::MergePending { .. } => "merge_pending",
            Problem::MergeConflict { .. } => "merge_conflict",
            Problem::BadMergeLine { .. } => "bad_merge_line",
            Problem::SealBroken { .. } => "seal_broken",
        }
    }

    /// Damage makes the registry or its history untrustworthy; notices are harmless
    /// leftovers of interrupted commands, and older stores' unregistered villages.
    pub fn severity(&self) -> Severity {
        match self {
            Problem::ChangePending { .. }
            | Problem::ChangeCompleted
            | Problem::StrayTemp
            | Problem::LeftoverDirectory { .. }
            | Problem::IndexDamaged { .. }
            | Problem::IndexStale { .. }
            | Problem::VillageUnregistered { .. } => Severity::Notice,
            _ => Severity::Damage,
        }
    }

    /// Whether `verify --repair` mends it (README, "bangfu verify --repair").
    pub fn repairable(&self) -> bool {
        matches!(
            self,
            Problem::TornLine
                | Problem::ChangePending { .. }
                | Problem::StrayTemp
                | Problem::LeftoverDirectory { .. }
                | Problem::IndexDamaged { .. }
                | Problem::IndexStale { .. }
                | Problem::VillageUnregistered { .. }
        )
    }

    /// Left by a git merge, for `bangfu conflicts` to show.
    pub fn from_merge(&self) -> bool {
        matches!(
            self,
            Problem::MergePending { .. } | Problem::MergeConflict { .. }
        )
    }

    /// The message in both languages.
    pub fn text(&self) -> Text {
        let both = |en: String, zh: String| Text { en, zh };
        let zh_kind = |kind: &str| Subject::label_of(kind, Lang::Zh).to_string();
        match self {
            Problem::NotUtf8 => both("is not valid UTF-8".into(), "不是有效的 UTF-8".into()),
            Problem::NotARecord { kind, error } => both(
                format!("is not a {} record: {error}", kind.name()),
                format!("不是{}记录：{error}", kind.zh()),
            ),
            Problem::JournalLine(fault) => both(fault.to_string(), fault.zh()),
            Problem::TornLine => both(
                format!("{}; --repair cuts it off, keeping a copy", Fault::Torn),
                format!("{}；--repair 会截去它并保留副本", Fault::Torn.zh()),
            ),
            Problem::RecordDiffers {
                subject,
                id,
                journal,
                line,
                fields,
            } => {
                let at = format!("{}:{line}", journal.display());
                let (en_in, zh_in) = if fields.is_empty() {
                    (String::new(), String::new())
                } else {
                    (
                        format!(" in {}", fields.join(", ")),
                        format!("，不同的字段：{}", fields.join(", ")),
                    )
                };
                both(
                    format!(
                        "{subject} {id} differs from the journal's last entry for it ({at}){en_in}"
                    ),
                    format!(
                        "{} {id} 与日志中它的最后一条记录（{at}）不一致{zh_in}",
                        subject.label(Lang::Zh)
                    ),
                )
            }
            Problem::RemovedButPresent {
                subject,
                id,
                journal,
                line,
            } => {
                let at = format!("{}:{line}", journal.display());
                both(
                    format!(
                        "{subject} {id} is present, but the journal's last entry for it ({at}) \
                         removed it"
                    ),
                    format!(
                        "{} {id} 仍然存在，但日志中它的最后一条记录（{at}）已将其删除",
                        subject.label(Lang::Zh)
                    ),
                )
            }
            Problem::RecordMissing { subject, id, op } => both(
                format!(
                    "the journal's last entry for {subject} {id} ({}) says it exists, but it is \
                     not in the store",
                    op.name()
                ),
                format!(
                    "日志中 {} {id} 的最后一条记录（{}）表明它存在，但存储中没有它",
                    subject.label(Lang::Zh),
                    op.label(Lang::Zh)
                ),
            ),
            Problem::Unjournaled {
                subject,
                id,
                journal,
            } => both(
                format!(
                    "{subject} {id} has no entry in {}: added or changed by hand, or its history \
                     was lost",
                    journal.display()
                ),
                format!(
                    "{} {id} 在 {} 中没有记录：被手工添加或修改，或其历史已丢失",
                    subject.label(Lang::Zh),
                    journal.display()
                ),
            ),
            Problem::PolicyDiffers { journal, line } => both(
                format!(
                    "the policy differs from the journal's last policy change ({}:{line})",
                    journal.display()
                ),
                format!(
                    "政策与日志中最后一次政策修改（{}:{line}）不一致",
                    journal.display()
                ),
            ),
            Problem::PolicyUnjournaled { journal } => both(
                format!(
                    "the policy has settings that no entry in {} accounts for: set by hand",
                    journal.display()
                ),
                format!(
                    "政策中有 {} 里没有记录的设置：被手工修改",
                    journal.display()
                ),
            ),
            Problem::DuplicateId { kind, id, first } => both(
                format!("{} {id} appears again (first on line {first})", kind.name()),
                format!("{} {id} 重复出现（首次在第 {first} 行）", kind.zh()),
            ),
            Problem::WrongVillage {
                kind: Kind::Village,
                id,
                dir,
                ..
            } => both(
                format!("holds village {id} but lies in the directory of village {dir}"),
                format!("存放的是村 {id}，却位于村 {dir} 的目录中"),
            ),
            Problem::WrongVillage {
                kind,
                id,
                named,
                dir,
            } => both(
                format!(
                    "{} {id} names village {named} but lies in the directory of village {dir}",
                    kind.name()
                ),
                format!(
                    "{} {id} 属于村 {named}，却位于村 {dir} 的目录中",
                    kind.zh()
                ),
            ),
            Problem::ParentElsewhere {
                kind,
                id,
                parent,
                parent_id,
                dir,
            } => both(
                format!(
                    "{} {id} belongs to {} {parent_id}, which is not in village {dir}, where it lies",
                    kind.name(),
                    parent.name()
                ),
                format!(
                    "{} {id} 属于{} {parent_id}，后者却不在它所在的村 {dir} 中",
                    kind.zh(),
                    parent.zh()
                ),
            ),
            Problem::VillageMissing { id, journal, line } => both(
                format!(
                    "village {id} is missing: the store journal ({}:{line}) says it exists",
                    journal.display()
                ),
                format!(
                    "村 {id} 不见了：存储日志（{}:{line}）表明它存在",
                    journal.display()
                ),
            ),
            Problem::JournalMissing { village: true } => both(
                "the village's journal is missing: every village has one from its addition on, \
                 so its history was deleted"
                    .into(),
                "村的日志不见了：每个村从添加起就有日志，说明其历史被删除".into(),
            ),
            Problem::JournalMissing { village: false } => both(
                "the store-level journal is missing, yet the store holds people or teams: its \
                 history was deleted"
                    .into(),
                "存储日志不见了，而存储中有人员或工作队：其历史被删除".into(),
            ),
            Problem::Symlink => both(
                "is a symbolic link; a store holds none (one could make a write land outside \
                 the store): remove it and restore the file it replaced"
                    .into(),
                "是符号链接；存储中不应有符号链接（它可能让写入落到存储之外）：删除它，并恢复被它替换的文件"
                    .into(),
            ),
            Problem::ChangeEscapes { path } => both(
                format!(
                    "a change interrupted by a crash cannot be completed: it names {} outside \
                     the store or through a symbolic link",
                    path.display()
                ),
                format!(
                    "被崩溃中断的修改无法完成：它指向存储之外或经过符号链接的 {}",
                    path.display()
                ),
            ),
            Problem::ChangeUnreadable => both(
                "a change interrupted by a crash cannot be completed: it cannot be read".into(),
                "被崩溃中断的修改无法完成：无法读取它".into(),
            ),
            Problem::ChangeFailed { error } => both(
                format!(
                    "a change interrupted by a crash cannot be completed: {}",
                    error.en
                ),
                format!("被崩溃中断的修改无法完成：{}", error.zh),
            ),
            Problem::ChangePending { unchecked } => {
                let list = |lang: Lang| {
                    unchecked
                        .iter()
                        .map(|d| {
                            if d.as_os_str().is_empty() {
                                lang.pick("the top level", "存储顶层").to_string()
                            } else {
                                d.display().to_string()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                both(
                    format!(
                        "a change a crash interrupted after it was committed is pending; the \
                         next bangfu command or `verify --repair` completes it. Not checked \
                         until then: {}",
                        list(Lang::En)
                    ),
                    format!(
                        "一项提交后被崩溃中断的修改尚待完成；下一条 `bangfu` 命令或 `verify --repair` \
                         会完成它。在此之前不检查：{}",
                        list(Lang::Zh)
                    ),
                )
            }
            Problem::ChangeCompleted => both(
                "completed a change that a crash had interrupted after it was committed (rolled \
                 forward, as the next writer would)"
                    .into(),
                "已完成一项提交后被崩溃中断的修改（与下一次写入时一样向前恢复）".into(),
            ),
            Problem::StrayTemp => both(
                "a temporary file left by a command stopped before its change was committed; \
                 --repair removes it, keeping a copy"
                    .into(),
                "一条命令在提交修改前被中止而留下的临时文件；--repair 会删除它并保留副本".into(),
            ),
            Problem::LeftoverDirectory { village } => both(
                format!(
                    "an empty directory for village {village}, left by an interrupted command; \
                     --repair removes it"
                ),
                format!("被中断的命令留下的村 {village} 的空目录；--repair 会删除它"),
            ),
            Problem::IndexDamaged { error } => both(
                format!("the id index is damaged ({error}); --repair rebuilds it from the records"),
                format!("编号索引已损坏（{error}）；--repair 会根据记录重建它"),
            ),
            Problem::IndexStale { entries } => both(
                format!(
                    "the id index is stale ({entries} entries out of date); --repair rebuilds it \
                     from the records"
                ),
                format!("编号索引已过期（{entries} 条过时）；--repair 会根据记录重建它"),
            ),
            Problem::VillageUnregistered { id, journal } => both(
                format!(
                    "village {id} has no line in {} (a store from before villages were \
                     registered there); --repair adds its `register` line",
                    journal.display()
                ),
                format!(
                    "村 {id} 在 {} 中没有记录（存储早于在那里登记村的版本）；--repair 会添加它的 \
                     `register` 行",
                    journal.display()
                ),
            ),
            Problem::MergePending { kind, id, moved_to } => both(
                format!(
                    "{kind} {id} moved to village {moved_to} in one merged copy and changed in \
                     the other; run `bangfu reconcile` (`bangfu conflicts` shows it)"
                ),
                format!(
                    "{} {id} 在合并的一份副本中移到了村 {moved_to}，在另一份中被修改；运行 \
                     `bangfu reconcile`（`bangfu conflicts` 会显示它）",
                    zh_kind(kind)
                ),
            ),
            Problem::MergeConflict { kind, id } => both(
                format!(
                    "{kind} {id} was changed differently in the two merged copies; run `bangfu \
                     conflicts` and `bangfu resolve {id} --take ours|theirs`"
                ),
                format!(
                    "{} {id} 在合并的两份副本中被改得不同；运行 `bangfu conflicts` 和 \
                     `bangfu resolve {id} --take ours|theirs`",
                    zh_kind(kind)
                ),
            ),
            Problem::BadMergeLine { message } => {
                both(message.clone(), format!("合并行有误：{message}"))
            }
            Problem::SealBroken { message } => both(
                message.en.clone(),
                format!("与封存不符：{}", message.zh),
            ),
        }
    }
}

/// One problem and where `verify` found it.
#[derive(Debug, Clone)]
pub struct Finding {
    pub problem: Problem,
    pub severity: Severity,
    /// The file, relative to the store.
    pub path: PathBuf,
    /// The 1-based line, where one applies.
    pub line: Option<usize>,
    /// Whether `verify --repair` mends it.
    pub repairable: bool,
}

impl Finding {
    pub fn new(problem: Problem, path: &Path, line: Option<usize>) -> Finding {
        Finding {
            severity: problem.severity(),
            repairable: problem.repairable(),
            problem,
            path: path.to_path_buf(),
            line,
        }
    }

    /// The message in `lang`. A parser's message may quote a hand-edited value: damage
    /// never shows an ID number or a phone.
    pub fn message(&self, lang: Lang) -> String {
        let text = self.problem.text().into_lang(lang);
        match self.severity {
            Severity::Damage => crate::error::redact(&text),
            Severity::Notice => text,
        }
    }

    /// `path:line` for messages.
    pub fn place(&self) -> String {
        match self.line {
            Some(n) => format!("{}:{n}", self.path.display()),
            None => self.path.display().to_string(),
        }
    }

    /// The finding as `--format json` prints it, its message in `lang`.
    pub fn json(&self, lang: Lang) -> serde_json::Value {
        serde_json::json!({
            "severity": self.severity,
            "code": self.problem.code(),
            "path": self.path,
            "line": self.line,
            "message": self.message(lang),
            "repairable": self.repairable,
        })
    }
}

/// What `repair` did to one file.
#[derive(Debug, Clone)]
pub struct Repair {
    pub path: PathBuf,
    pub action: Text,
    /// Where the removed bytes were kept, relative to the store.
    pub kept: Option<PathBuf>,
}

impl Repair {
    /// The repair as `--format json` prints it, its action in `lang`.
    pub fn json(&self, lang: Lang) -> serde_json::Value {
        serde_json::json!({
            "path": self.path,
            "action": lang.pick(&self.action.en, &self.action.zh),
            "kept": self.kept,
        })
    }
}

/// The outcome of a verification.
#[derive(Debug, Default)]
pub struct Report {
    pub clean: bool,
    /// Files read.
    pub files: usize,
    /// Journal entries read.
    pub entries: u64,
    pub problems: Vec<Finding>,
    pub repairs: Vec<Repair>,
    /// The journals holding merge lines (`"op":"merge"`), for the merge checks.
    pub merge_journals: Vec<PathBuf>,
}

impl Report {
    pub fn damaged(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Damage)
    }

    /// The report as `--format json` prints it (README, "bangfu verify").
    pub fn json(&self, lang: Lang) -> serde_json::Value {
        serde_json::json!({
            "clean": self.clean,
            "files": self.files,
            "entries": self.entries,
            "problems": self.problems.iter().map(|p| p.json(lang)).collect::<Vec<_>>(),
            "repairs": self.repairs.iter().map(|r| r.json(lang)).collect::<Vec<_>>(),
        })
    }
}

/// Verifies the store, or one village's directory, holding the writers' lock so that no
/// change lands half-way through the reading. A change a crash interrupted is completed
/// first, as the next writer would. With `repair` (the actor its journal lines name), mends
/// what is safe and verifies again.
pub fn verify(store: &Store, village: Option<&str>, repair: Option<&str>) -> Result<Report> {
    let layout = store.layout();
    store.release_reader();
    let lock = if repair.is_some() {
        Some(Lock::acquire(&layout.lock())?)
    } else {
        Lock::acquire_if_writable(&layout.lock())?
    };
    if repair.is_some() && lock.is_none() {
        return Err(Error::store_in(Text {
            en: format!(
                "{} is read-only; verify --repair needs to write",
                layout.root().display()
            ),
            zh: format!(
                "{} 是只读的；verify --repair 需要写入",
                layout.root().display()
            ),
        }));
    }
    let mut before = Vec::new();
    let intent = layout.intent();
    let intent_rel = layout.relative(&intent).to_path_buf();
    // Directories a pending change touches, left unchecked when it is not completed here.
    let mut unchecked: BTreeSet<PathBuf> = BTreeSet::new();
    if intent.exists() && repair.is_none() {
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
        let problem = match (parsed, escapes) {
            (Some(_), Some(path)) => Problem::ChangeEscapes { path },
            (Some(i), None) => {
                unchecked = i.dirs();
                Problem::ChangePending {
                    unchecked: unchecked.iter().cloned().collect(),
                }
            }
            (None, _) => Problem::ChangeUnreadable,
        };
        before.push(Finding::new(problem, &intent_rel, None));
    } else if intent.exists() {
        let problem = match txn::recover(layout) {
            Ok(()) => Problem::ChangeCompleted,
            Err(e) => Problem::ChangeFailed {
                error: Text {
                    en: e.message(Lang::En),
                    zh: e.message(Lang::Zh),
                },
            },
        };
        before.push(Finding::new(problem, &intent_rel, None));
    }
    let mut report = scan(layout, village)?;
    if !unchecked.is_empty() {
        report.problems.retain(|p| {
            let dir = p.path.parent().map(Path::to_path_buf).unwrap_or_default();
            !unchecked.contains(&dir) && !unchecked.contains(&p.path)
        });
    }
    if let Some(actor) = repair {
        let repairs = mend(layout, &report.problems, actor)?;
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

/// What one directory's check found: its problems, and the `(kind, id)` of its indexed
/// records for the index check.
#[derive(Default)]
struct Found {
    files: usize,
    entries: u64,
    problems: Vec<Finding>,
    indexed: Ids,
    /// The journal, when it holds merge lines.
    merge_journal: Option<PathBuf>,
    /// The village those records are in.
    village: Option<String>,
    /// From the store-level journal: each village's last entry (op, line).
    registered: BTreeMap<String, (Op, usize)>,
}

/// A record kept with a parent (a member with its household), as a village's files are
/// read: the parent's kind and id, the record's kind and id, its file and line.
type Kept<'a> = (Kind, String, Kind, Cow<'a, str>, &'a Path, usize);

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
    let expected = Expected::new();
    let found = load::parallel_map(&units, |u| check_unit(layout, u, &expected))?;
    let mut report = Report::default();
    let mut indexed: Vec<(String, Ids)> = Vec::new();
    let mut registered = BTreeMap::new();
    for f in found {
        report.files += f.files;
        report.entries += f.entries;
        report.problems.extend(f.problems);
        if let Some(v) = f.village {
            indexed.push((v, f.indexed));
        }
        report.merge_journals.extend(f.merge_journal);
        registered.extend(f.registered);
    }
    if village.is_none() {
        check_registry(layout, &live, &registered, &mut report.problems);
    }
    let walk_from = match village {
        Some(v) => layout.village_dir(v),
        None => layout.root().to_path_buf(),
    };
    // The walk waits on the file system, the index check on the cores: side by side.
    let keep = pending_temps(layout);
    let (strays, index) = rayon::join(
        || {
            let mut found = Vec::new();
            stray_temps(layout, &walk_from, keep.as_ref(), &mut found).map(|()| found)
        },
        || {
            let mut found = Vec::new();
            if village.is_none() {
                check_index(layout, &expected, &indexed, &mut found);
            }
            found
        },
    );
    report.problems.extend(strays?);
    report.problems.extend(index);
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

/// One record line as found in its file (borrowed from the file's bytes).
struct Found1<'a> {
    path: &'a Path,
    line: Option<usize>,
    text: &'a str,
    /// False when the line did not parse (already reported): not compared.
    parsed: bool,
}

fn check_unit(layout: &Layout, unit: &Unit, expected: &Expected) -> Result<Found> {
    let mut found = Found::default();
    let rel = |p: &Path| layout.relative(p).to_path_buf();
    let (dir, journal_path) = match unit {
        Unit::Top => (layout.root().to_path_buf(), layout.store_journal()),
        Unit::Live(v) => (layout.village_dir(v), layout.village_journal(v)),
        Unit::Removed(d) => (d.clone(), d.join(layout::JOURNAL)),
    };
    let journal_rel = rel(&journal_path);
    let journal_bytes = fsio::read_optional(&journal_path)?;

    // A village's journal governs the village and every kind kept in a village (declared
    // once, in the `kinds!` table: members and any later kind are covered with it).
    let governed: Vec<Kind> = match unit {
        Unit::Top => vec![Kind::Person],
        _ => std::iter::once(Kind::Village).chain(indexed()).collect(),
    };
    // The files this journal accounts for, read first: the records found borrow from them.
    let read = |path: PathBuf| -> Result<Option<(PathBuf, Vec<u8>)>> {
        Ok(fsio::read_optional(&path)?.map(|bytes| (rel(&path), bytes)))
    };
    let mut manifest = None;
    let mut people = None;
    let mut village_file = None;
    let mut collections: Vec<(Kind, PathBuf, Vec<u8>)> = Vec::new();
    match unit {
        Unit::Top => {
            people = read(layout.people())?;
            manifest = read(layout.manifest())?;
        }
        Unit::Live(_) | Unit::Removed(_) => {
            village_file = read(dir.join(layout::VILLAGE))?;
            for kind in indexed() {
                if let Some((rel, bytes)) = read(Layout::collection_in(&dir, kind))? {
                    collections.push((kind, rel, bytes));
                }
            }
        }
    }
    found.files += [&manifest, &people, &village_file]
        .iter()
        .filter(|f| f.is_some())
        .count()
        + collections.len();

    // The records this journal accounts for, by (kind, id). They are read before the
    // journal: a line whose `after` is a record's text is then read without parsing that
    // text again. (Problems are sorted by file and line at the end.)
    let mut records: FxHashMap<(Subject, Cow<'_, str>), Found1<'_>> = FxHashMap::default();
    if let Some((rel, bytes)) = &people {
        // People live in no village and are kept with nothing.
        let mut none = Vec::new();
        scan_collection(
            Kind::Person,
            rel,
            bytes,
            None,
            &mut records,
            &mut none,
            &mut found,
        );
    }
    // The store's top level has neither (see above).
    let village = match &village_file {
        Some((rel, bytes)) => read_village_file(rel, bytes, unit, &mut records, &mut found),
        None => None,
    };
    let home = village.clone().or(match unit {
        Unit::Live(v) => Some(v.clone()),
        _ => None,
    });
    let mut kept = Vec::new();
    for (kind, rel, bytes) in &collections {
        let home = home.as_deref();
        scan_collection(*kind, rel, bytes, home, &mut records, &mut kept, &mut found);
    }
    // A record kept with its parent lies in the parent's village.
    if let (Unit::Live(_), Some(home)) = (unit, &home) {
        for (parent, parent_id, kind, id, at, line) in kept {
            let here = records.contains_key(&(Subject::Record(parent), Cow::Borrowed(&*parent_id)));
            if !here && parent.in_village() {
                found.problems.push(Finding::new(
                    Problem::ParentElsewhere {
                        kind,
                        id: id.into_owned(),
                        parent,
                        parent_id,
                        dir: home.clone(),
                    },
                    at,
                    Some(line),
                ));
            }
        }
    }

    let known = |kind: Subject, id: &str, after: &str| {
        records
            .get(&(kind, Cow::Borrowed(id)))
            .is_some_and(|r| r.parsed && r.text == after)
    };
    let journal = match &journal_bytes {
        Some(b) => {
            found.files += 1;
            scan_journal(&journal_rel, b, known)
        }
        None => JournalScan::default(),
    };
    found.entries = journal.entries;
    if journal.merges {
        found.merge_journal = Some(journal_path.clone());
    }
    found.problems.extend(journal.problems);
    if let Unit::Top = unit {
        found.registered = journal
            .last
            .iter()
            .filter(|((kind, _), _)| *kind == Subject::Record(Kind::Village))
            .map(|((_, id), last)| (id.to_string(), (last.op, last.line)))
            .collect();
    }
    if let Some((rel, bytes)) = &manifest {
        check_policy(
            rel,
            bytes,
            journal.last_policy.as_ref(),
            &journal_rel,
            &mut found,
        );
    }
    if !matches!(unit, Unit::Top) {
        if let (Unit::Live(v), false) = (unit, collections.is_empty()) {
            found.village = Some(v.clone()); // its records' ids are taken at the end
        }
        if village.is_some() && journal_bytes.is_none() {
            found.problems.push(Finding::new(
                Problem::JournalMissing { village: true },
                &journal_rel,
                None,
            ));
        }
        if let Unit::Live(v) = unit
            && village.is_none()
            && journal_bytes.is_none()
            && collections.is_empty()
        {
            found.problems.push(Finding::new(
                Problem::LeftoverDirectory { village: v.clone() },
                &rel(&dir),
                None,
            ));
        }
    }

    for ((kind, id), last) in &journal.last {
        if !kind.kind().is_some_and(|k| governed.contains(&k)) {
            continue;
        }
        match (records.get(&(*kind, Cow::Borrowed(id.as_ref()))), last.op) {
            (None, Op::Remove) => {}
            (None, _) => found.problems.push(Finding::new(
                Problem::RecordMissing {
                    subject: *kind,
                    id: id.to_string(),
                    op: last.op,
                },
                &journal_rel,
                Some(last.line),
            )),
            (Some(r), Op::Remove) => found.problems.push(Finding::new(
                Problem::RemovedButPresent {
                    subject: *kind,
                    id: id.to_string(),
                    journal: journal_rel.clone(),
                    line: last.line,
                },
                r.path,
                r.line,
            )),
            (Some(r), _) if !r.parsed => {}
            (Some(r), _) => {
                if let Some(fields) = differs(r.text, last.text) {
                    found.problems.push(Finding::new(
                        Problem::RecordDiffers {
                            subject: *kind,
                            id: id.to_string(),
                            journal: journal_rel.clone(),
                            line: last.line,
                            fields,
                        },
                        r.path,
                        r.line,
                    ));
                }
            }
        }
    }
    let mut unjournaled: Vec<_> = records
        .iter()
        .filter(|(key, r)| r.parsed && !journal.last.contains_key(*key))
        .collect();
    unjournaled.sort_by_key(|(_, r)| (r.path, r.line));
    for ((kind, id), r) in unjournaled {
        found.problems.push(Finding::new(
            Problem::Unjournaled {
                subject: *kind,
                id: id.to_string(),
                journal: journal_rel.clone(),
            },
            r.path,
            r.line,
        ));
    }
    if let Some(village) = &found.village {
        // What the index must hold, summed while the ids are at hand; the ids themselves
        // are kept in one buffer, for a shard whose sums do not match.
        for ((kind, id), r) in &records {
            if let Some(kind) = kind.kind().filter(|k| k.in_village() && r.parsed) {
                expected.add(kind, id, village);
                found.indexed.push(kind, id);
            }
        }
    }
    Ok(found)
}

/// A village's ids of indexed kinds, in one buffer: a province has millions.
#[derive(Default)]
struct Ids {
    text: String,
    ends: Vec<(Kind, usize)>,
}

impl Ids {
    fn push(&mut self, kind: Kind, id: &str) {
        self.text.push_str(id);
        self.ends.push((kind, self.text.len()));
    }

    fn iter(&self) -> impl Iterator<Item = (Kind, &str)> {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|(_, end)| *end));
        self.ends
            .iter()
            .zip(starts)
            .map(|((kind, end), start)| (*kind, &self.text[start..*end]))
    }
}

/// What the records say the id index must hold, summed shard by shard as the villages are
/// read (on every core): each shard's count of `(id, village)` pairs and the sum of their
/// fingerprints, and each kind's highest number used. A shard whose lines give the same
/// count and sum holds those pairs (two different sets of pairs with one sum are a chance
/// of one in 2^64); only the others are looked at id by id.
struct Expected {
    count: Vec<AtomicU64>,
    sum: Vec<AtomicU64>,
    used: Vec<AtomicU64>,
}

impl Expected {
    fn new() -> Expected {
        let zeros = |n: usize| (0..n).map(|_| AtomicU64::new(0)).collect();
        let slots = Kind::ALL.len() * index::SHARDS as usize;
        Expected {
            count: zeros(slots),
            sum: zeros(slots),
            used: zeros(Kind::ALL.len()),
        }
    }

    /// The slot of a kind's shard.
    fn slot(kind: Kind, shard: u32) -> usize {
        kind as usize * index::SHARDS as usize + shard as usize
    }

    fn add(&self, kind: Kind, id: &str, village: &str) {
        let slot = Expected::slot(kind, index::shard_of(id));
        self.count[slot].fetch_add(1, Ordering::Relaxed);
        self.sum[slot].fetch_add(fingerprint(id, village), Ordering::Relaxed);
        if let Some(n) = index::number_in(kind, id) {
            self.used[kind as usize].fetch_max(n, Ordering::Relaxed);
        }
    }
}

/// An index line's fingerprint: FxHash, mixed by MurmurHash3's finaliser so that sums of
/// fingerprints compare sets of lines.
fn fingerprint(id: &str, village: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(id.as_bytes());
    h.write_u8(b'\t');
    h.write(village.as_bytes());
    let mut x = h.finish();
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// `village.json`: parsed as a village; registered as the village record.
fn read_village_file<'a>(
    rel: &'a Path,
    bytes: &'a [u8],
    unit: &Unit,
    records: &mut FxHashMap<(Subject, Cow<'a, str>), Found1<'a>>,
    found: &mut Found,
) -> Option<String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()].split(|b| *b == b'\n').count();
            found
                .problems
                .push(Finding::new(Problem::NotUtf8, rel, Some(line)));
            return None;
        }
    };
    let village: Village = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            found.problems.push(Finding::new(
                Problem::NotARecord {
                    kind: Kind::Village,
                    error: e.to_string(),
                },
                rel,
                Some(e.line().max(1)),
            ));
            return None;
        }
    };
    if let Unit::Live(dir) = unit
        && *dir != village.id
    {
        found.problems.push(Finding::new(
            Problem::WrongVillage {
                kind: Kind::Village,
                id: village.id.to_string(),
                named: village.id.to_string(),
                dir: dir.clone(),
            },
            rel,
            None,
        ));
    }
    records.insert(
        (
            Subject::Record(Kind::Village),
            village.id.to_string().into(),
        ),
        Found1 {
            path: rel,
            line: None,
            text,
            parsed: true,
        },
    );
    Some(village.id.to_string())
}

/// A record as `parse_record` reads it: its id, the village it names when not its
/// directory's, and the record it is kept with (a member's household).
type Parsed<'t> = (Cow<'t, str>, Option<String>, Option<(Kind, String)>);

/// Parses a record line as its kind; returns its id (borrowed from the line when it is
/// there as the tool writes it, first and without escapes), the village it names when other
/// than `home`, and its parent.
fn parse_record<'t>(
    kind: Kind,
    text: &'t str,
    home: Option<&str>,
) -> serde_json::Result<Parsed<'t>> {
    struct Parse<'t, 'h>(&'t str, Option<&'h str>);
    impl<'t> crate::model::KindVisitor for Parse<'t, '_> {
        type Out = serde_json::Result<Parsed<'t>>;
        fn visit<R: Record>(self) -> Self::Out {
            let r: R = serde_json::from_str(self.0)?;
            let elsewhere = match (self.1, r.village()) {
                (Some(home), Some(v)) if home != v => Some(v.to_string()),
                _ => None,
            };
            let written = self.0.strip_prefix(r#"{"id":""#).and_then(|rest| {
                let id = &rest[..rest.find('"')?];
                (id == r.id()).then_some(id)
            });
            let id = written.map_or_else(|| Cow::Owned(r.id().to_string()), Cow::Borrowed);
            let parent = r.parent().map(|(k, p)| (k, p.to_string()));
            Ok((id, elsewhere, parent))
        }
    }
    kind.visit(Parse(text, home))
}

#[derive(Deserialize)]
struct IdOnly {
    id: String,
}

/// Reads a `.jsonl` collection: every line must parse as a record of `kind`, once per id,
/// in the village `home` when given.
fn scan_collection<'a>(
    kind: Kind,
    rel: &'a Path,
    bytes: &'a [u8],
    home: Option<&str>,
    records: &mut FxHashMap<(Subject, Cow<'a, str>), Found1<'a>>,
    kept: &mut Vec<Kept<'a>>,
    found: &mut Found,
) {
    for (i, line) in fsio::lines(bytes).enumerate() {
        let n = i + 1;
        let Ok(text) = simdutf8::basic::from_utf8(line) else {
            found
                .problems
                .push(Finding::new(Problem::NotUtf8, rel, Some(n)));
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        let (id, parsed) = match parse_record(kind, text, home) {
            Ok((id, elsewhere, parent)) => {
                if let (Some(_), Some((parent, parent_id))) = (home, parent) {
                    kept.push((parent, parent_id, kind, id.clone(), rel, n));
                }
                if let (Some(home), Some(v)) = (home, elsewhere) {
                    found.problems.push(Finding::new(
                        Problem::WrongVillage {
                            kind,
                            id: id.to_string(),
                            named: v,
                            dir: home.to_string(),
                        },
                        rel,
                        Some(n),
                    ));
                }
                (id, true)
            }
            Err(e) => {
                found.problems.push(Finding::new(
                    Problem::NotARecord {
                        kind,
                        error: e.to_string(),
                    },
                    rel,
                    Some(n),
                ));
                match serde_json::from_str::<IdOnly>(text) {
                    Ok(o) => (Cow::Owned(o.id), false),
                    Err(_) => continue,
                }
            }
        };
        let key = (Subject::Record(kind), id);
        if let Some(first) = records.get(&key) {
            found.problems.push(Finding::new(
                Problem::DuplicateId {
                    kind,
                    id: key.1.to_string(),
                    first: first.line.unwrap_or(0),
                },
                rel,
                Some(n),
            ));
            continue;
        }
        records.insert(
            key,
            Found1 {
                path: rel,
                line: Some(n),
                text,
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
        Some(l) => entry_after(l.text),
        None => Some(serde_json::json!({})),
    };
    if expected.as_ref() == Some(&policy) {
        return;
    }
    let journal = journal_rel.to_path_buf();
    let problem = match last {
        Some(l) => Problem::PolicyDiffers {
            journal,
            line: l.line,
        },
        None => Problem::PolicyUnjournaled { journal },
    };
    found.problems.push(Finding::new(problem, rel, None));
}

/// The last journal entry for one record.
struct Last<'a> {
    line: usize,
    op: Op,
    /// The whole line, to take `after` from only when it is needed.
    text: &'a str,
}

#[derive(Default)]
struct JournalScan<'a> {
    entries: u64,
    problems: Vec<Finding>,
    last: FxHashMap<(Subject, Cow<'a, str>), Last<'a>>,
    last_policy: Option<Last<'a>>,
    /// Whether a line is a merge line.
    merges: bool,
}

/// Checks a journal file's chain and notes the last entry for each record.
fn scan_journal<'a>(
    rel: &Path,
    bytes: &'a [u8],
    known: impl Fn(Subject, &str, &str) -> bool,
) -> JournalScan<'a> {
    let mut scan = JournalScan::default();
    let (complete, torn) = match bytes.iter().rposition(|b| *b == b'\n') {
        Some(i) => (&bytes[..i], &bytes[i + 1..]),
        None => (&bytes[..0], bytes),
    };
    let mut head = Head::empty();
    let mut n = 0;
    if !complete.is_empty() || bytes.first() == Some(&b'\n') {
        for line in fsio::lines(complete) {
            n += 1;
            let (parsed, faults) = journal::check_line_knowing(line, Some(&head), &known);
            for fault in &faults {
                scan.problems.push(Finding::new(
                    Problem::JournalLine(fault.clone()),
                    rel,
                    Some(n),
                ));
            }
            scan.merges |= match &parsed {
                Some(p) => p.op == Op::Merge,
                None => merge_line(line),
            };
            match parsed {
                Some(p) => {
                    scan.entries += 1;
                    let last = Last {
                        line: n,
                        op: p.op,
                        text: p.text,
                    };
                    if p.kind == Subject::Policy {
                        scan.last_policy = Some(last);
                    } else {
                        scan.last.insert((p.kind, p.id), last);
                    }
                    head.seq = p.seq;
                    head.hash.clear();
                    head.hash.push_str(&p.hash);
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
    scan.merges |= merge_line(torn);
    if !torn.is_empty() {
        scan.problems
            .push(Finding::new(Problem::TornLine, rel, Some(n + 1)));
    }
    scan
}

/// Whether bytes that are not a journal entry look like a merge line, whose own checks
/// (`cmd::conflicts`) tell what is wrong with it.
fn merge_line(bytes: &[u8]) -> bool {
    const MERGE: &[u8] = br#""op":"merge""#;
    bytes.windows(MERGE.len()).any(|w| w == MERGE)
}

/// Checks a journal's bytes as `verify` does: the problems found and the entries read.
/// For tests and fuzzing: never panics, whatever the bytes.
pub fn check_journal(rel: &Path, bytes: &[u8]) -> (Vec<Finding>, u64) {
    let scan = scan_journal(rel, bytes, |_, _, _| false);
    (scan.problems, scan.entries)
}

/// Whether a journal line, as the tool writes it (`…,"after":A,"prev":"…","hash":"…"}`),
/// has exactly `record` as its `after` text. Compared from the line's end: the line is not
/// searched.
fn after_is(line: &str, record: &str) -> bool {
    const TAIL: usize = r#","prev":""#.len() + 64 + 1 + r#","hash":""#.len() + 64 + 2;
    let Some(end) = line.len().checked_sub(TAIL) else {
        return false;
    };
    let Some(start) = end.checked_sub(record.len()) else {
        return false;
    };
    line.as_bytes()[end..].starts_with(br#","prev":""#)
        && &line.as_bytes()[start..end] == record.as_bytes()
        && line.as_bytes()[..start].ends_with(br#","after":"#)
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
    if after_is(line, record) {
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
    problems: &mut Vec<Finding>,
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
            problems.push(Finding::new(
                Problem::JournalMissing { village: false },
                &journal_rel,
                None,
            ));
            return;
        }
    }
    for (id, (op, line)) in registered {
        let dir = layout.village_dir(id);
        let dir_rel = layout.relative(&dir).to_path_buf();
        match op {
            Op::Remove if live.contains(id) => problems.push(Finding::new(
                Problem::RemovedButPresent {
                    subject: Subject::Record(Kind::Village),
                    id: id.clone(),
                    journal: journal_rel.clone(),
                    line: *line,
                },
                &dir_rel,
                None,
            )),
            Op::Remove => {}
            _ if !live.contains(id) => problems.push(Finding::new(
                Problem::VillageMissing {
                    id: id.clone(),
                    journal: journal_rel.clone(),
                    line: *line,
                },
                &dir_rel,
                None,
            )),
            _ => {}
        }
    }
    for id in live.iter().filter(|v| !registered.contains_key(*v)) {
        let dir = layout.village_dir(id);
        problems.push(Finding::new(
            Problem::VillageUnregistered {
                id: id.clone(),
                journal: journal_rel.clone(),
            },
            layout.relative(&dir),
            None,
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
    problems: &mut Vec<Finding>,
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
                problems.push(Finding::new(Problem::Symlink, layout.relative(&path), None));
            } else if kind.is_some_and(|t| t.is_dir()) {
                stack.push(path);
            } else if is_temp(&entry.file_name().to_string_lossy()) {
                let rel = layout.relative(&path).to_path_buf();
                if let Some(needed) = keep
                    && (needed.is_empty() || needed.contains(&rel))
                {
                    continue; // a pending change needs it: never a stray
                }
                problems.push(Finding::new(
                    Problem::StrayTemp,
                    layout.relative(&path),
                    None,
                ));
            }
        }
    }
    Ok(())
}

/// The id index must place every record in its village and know the highest number used.
/// Checked shard by shard, in parallel, each shard read once: first against the sums of
/// what it should hold (`Expected`), then, only where those differ, id by id.
fn check_index(
    layout: &Layout,
    expected: &Expected,
    entries: &[(String, Ids)],
    problems: &mut Vec<Finding>,
) {
    use rayon::prelude::*;
    // A kind whose index is not complete is built by the next command that needs it.
    let ready: Vec<Kind> = indexed().filter(|k| Index::is_ready(layout, *k)).collect();
    let slots: Vec<(Kind, u32)> = ready
        .iter()
        .copied()
        .flat_map(|kind| (0..index::SHARDS).map(move |shard| (kind, shard)))
        .filter(|(kind, shard)| {
            expected.count[Expected::slot(*kind, *shard)].load(Ordering::Relaxed) > 0
        })
        .collect();
    let unsure: Result<Vec<(Kind, u32)>> = slots
        .into_par_iter()
        .filter_map(|(kind, shard)| {
            let slot = Expected::slot(kind, shard);
            let summed = Index::new(layout)
                .shard_text(kind, shard)
                .and_then(|(path, text)| {
                    let lines = index::parse_shard(&path, &text)?;
                    // Written sorted, an id once; anything else is looked at id by id.
                    let sorted = lines.windows(2).all(|w| w[0].0 < w[1].0);
                    let sum = lines
                        .iter()
                        .fold(0u64, |s, (id, v)| s.wrapping_add(fingerprint(id, v)));
                    Ok(sorted
                        && lines.len() as u64 == expected.count[slot].load(Ordering::Relaxed)
                        && sum == expected.sum[slot].load(Ordering::Relaxed))
                });
            match summed {
                Ok(true) => None,
                Ok(false) => Some(Ok((kind, shard))),
                Err(e) => Some(Err(e)),
            }
        })
        .collect();
    let unsure: FxHashSet<(Kind, u32)> = match unsure {
        Ok(unsure) => unsure.into_iter().collect(),
        Err(e) => {
            let error = e.to_string();
            let rel = layout.relative(&layout.cache_dir()).to_path_buf();
            problems.push(Finding::new(Problem::IndexDamaged { error }, &rel, None));
            return;
        }
    };
    let mut shards: FxHashMap<(Kind, u32), Vec<(&str, &str)>> = FxHashMap::default();
    if !unsure.is_empty() {
        for (village, records) in entries {
            for (kind, id) in records.iter() {
                let key = (kind, index::shard_of(id));
                if unsure.contains(&key) {
                    shards.entry(key).or_default().push((id, village));
                }
            }
        }
    }
    let shards: Vec<_> = shards.into_iter().collect();
    // Per shard: how many ids the index does not place in one of their villages. The
    // shard's lines are borrowed from its text, as a map would hold them (the last line of
    // an id wins); an id found in several villages is placed when the index names any.
    let counted: Result<Vec<usize>> = shards
        .into_par_iter()
        .map(|((kind, shard), homes)| {
            let (path, text) = Index::new(layout).shard_text(kind, shard)?;
            let placed: FxHashMap<&str, &str> =
                index::parse_shard(&path, &text)?.into_iter().collect();
            let mut found: FxHashMap<&str, bool> =
                FxHashMap::with_capacity_and_hasher(homes.len(), rustc_hash::FxBuildHasher);
            for (id, home) in homes {
                *found.entry(id).or_default() |= placed.get(id) == Some(&home);
            }
            Ok(found.values().filter(|placed| !**placed).count())
        })
        .collect();
    let mut misplaced: usize = 0;
    let mut broken = None;
    match counted {
        Ok(counts) => misplaced = counts.iter().sum(),
        Err(e) => broken = Some(e.to_string()),
    }
    if broken.is_none() {
        let mut index = Index::new(layout);
        for &kind in &ready {
            let used = expected.used[kind as usize].load(Ordering::Relaxed);
            match index.last_number(kind) {
                Ok(n) if n >= used => {}
                Ok(_) => misplaced += 1,
                Err(e) => broken = Some(e.to_string()),
            }
        }
    }
    let cache = layout.cache_dir();
    let rel = layout.relative(&cache);
    if let Some(error) = broken {
        problems.push(Finding::new(Problem::IndexDamaged { error }, rel, None));
    } else if misplaced > 0 {
        problems.push(Finding::new(
            Problem::IndexStale { entries: misplaced },
            rel,
            None,
        ));
    }
}

/// Carries out the safe repairs; returns what was done.
fn mend(layout: &Layout, problems: &[Finding], actor: &str) -> Result<Vec<Repair>> {
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
    // Torn lines, then temporary files, so that the directories they leave empty can go
    // after; the index last.
    let step = |p: &Problem| match p {
        Problem::TornLine => Some(0),
        Problem::StrayTemp => Some(1),
        Problem::LeftoverDirectory { .. } => Some(2),
        Problem::IndexDamaged { .. } | Problem::IndexStale { .. } => Some(3),
        _ => None,
    };
    for n in 0..4 {
        for p in problems
            .iter()
            .filter(|p| p.repairable && step(&p.problem) == Some(n))
        {
            let path = layout.root().join(&p.path);
            let repair = match n {
                0 => mend_torn(layout, &path, &keep)?,
                1 => {
                    let kept = keep_copy(layout, &path, &keep, "")?;
                    std::fs::remove_file(&path).map_err(|e| Error::io("remove", &path, &e))?;
                    fsio::sync_dir(fsio::parent(&path))?;
                    Repair {
                        path: p.path.clone(),
                        action: Text {
                            en: "removed a stray temporary file".into(),
                            zh: "删除了遗留的临时文件".into(),
                        },
                        kept: Some(kept),
                    }
                }
                2 => {
                    if std::fs::remove_dir(&path).is_err() {
                        continue; // not empty after all: leave it
                    }
                    fsio::sync_dir(fsio::parent(&path))?;
                    Repair {
                        path: p.path.clone(),
                        action: Text {
                            en: "removed an empty village directory".into(),
                            zh: "删除了村的空目录".into(),
                        },
                        kept: None,
                    }
                }
                _ => {
                    let kinds: Vec<Kind> = indexed().collect();
                    super::index::build(layout, &kinds)?;
                    Repair {
                        path: p.path.clone(),
                        action: Text {
                            en: "rebuilt the id index from the records".into(),
                            zh: "根据记录重建了编号索引".into(),
                        },
                        kept: None,
                    }
                }
            };
            done.push(repair);
        }
    }
    let unregistered: Vec<&str> = problems
        .iter()
        .filter_map(|p| match &p.problem {
            Problem::VillageUnregistered { id, .. } => Some(id.as_str()),
            _ => None,
        })
        .collect();
    if !unregistered.is_empty() {
        done.extend(register_villages(layout, &unregistered, actor)?);
    }
    Ok(done)
}

/// Appends an `op: "register"` line to the store-level journal for each village of an
/// older store that it does not know, with the village as stored.
fn register_villages(layout: &Layout, ids: &[&str], actor: &str) -> Result<Vec<Repair>> {
    let path = layout.store_journal();
    let mut head = journal::read_head(&path)?;
    let at = journal::now();
    let mut text = String::new();
    let mut done = Vec::new();
    for &id in ids {
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
        let journal = layout.relative(&path).display();
        done.push(Repair {
            path: layout.relative(&layout.village_dir(id)).to_path_buf(),
            action: Text {
                en: format!("registered village {id} in {journal}"),
                zh: format!("已在 {journal} 中登记村 {id}"),
            },
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
                hash: h.hash.into_owned(),
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
            action: Text {
                en: "ended the last journal line, which was whole but for its newline".into(),
                zh: "为最后一行日志补上了换行符（它除换行符外完整）".into(),
            },
            kept: None,
        });
    }
    let kept = keep_bytes(layout, path, keep, ".torn", tail)?;
    f.set_len(cut as u64).map_err(io)?;
    f.sync_all().map_err(io)?;
    Ok(Repair {
        path: rel,
        action: Text {
            en: format!(
                "cut off the torn last journal line ({} bytes of an append a crash interrupted)",
                tail.len()
            ),
            zh: format!(
                "截去了不完整的最后一行日志（被崩溃中断的追加，{} 字节）",
                tail.len()
            ),
        },
        kept: Some(kept),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of each problem, with ids for values and nothing quoted from a parser.
    fn every_problem() -> Vec<Problem> {
        let path = PathBuf::from("V1");
        let subject = Subject::Record(Kind::Household);
        let id = "H1".to_string();
        let mut out = vec![
            Problem::NotUtf8,
            Problem::NotARecord {
                kind: Kind::Household,
                error: String::new(),
            },
            Problem::TornLine,
            Problem::RecordDiffers {
                subject,
                id: id.clone(),
                journal: path.clone(),
                line: 1,
                fields: vec![],
            },
            Problem::RemovedButPresent {
                subject,
                id: id.clone(),
                journal: path.clone(),
                line: 1,
            },
            Problem::RecordMissing {
                subject,
                id: id.clone(),
                op: Op::Add,
            },
            Problem::Unjournaled {
                subject: Subject::Policy,
                id: id.clone(),
                journal: path.clone(),
            },
            Problem::PolicyDiffers {
                journal: path.clone(),
                line: 1,
            },
            Problem::PolicyUnjournaled {
                journal: path.clone(),
            },
            Problem::DuplicateId {
                kind: Kind::Member,
                id: id.clone(),
                first: 1,
            },
            Problem::WrongVillage {
                kind: Kind::Village,
                id: "V2".into(),
                named: "V2".into(),
                dir: "V1".into(),
            },
            Problem::WrongVillage {
                kind: Kind::Team,
                id: "T1".into(),
                named: "V2".into(),
                dir: "V1".into(),
            },
            Problem::ParentElsewhere {
                kind: Kind::Member,
                id: "M1".into(),
                parent: Kind::Household,
                parent_id: "H1".into(),
                dir: "V1".into(),
            },
            Problem::VillageMissing {
                id: "V1".into(),
                journal: path.clone(),
                line: 1,
            },
            Problem::JournalMissing { village: true },
            Problem::JournalMissing { village: false },
            Problem::Symlink,
            Problem::ChangeEscapes { path: path.clone() },
            Problem::ChangeUnreadable,
            Problem::ChangeFailed {
                error: Text {
                    en: "x".into(),
                    zh: "无".into(),
                },
            },
            Problem::ChangePending {
                unchecked: vec![PathBuf::new(), path.clone()],
            },
            Problem::ChangeCompleted,
            Problem::StrayTemp,
            Problem::LeftoverDirectory {
                village: "V1".into(),
            },
            Problem::IndexDamaged {
                error: String::new(),
            },
            Problem::IndexStale { entries: 2 },
            Problem::VillageUnregistered {
                id: "V1".into(),
                journal: path.clone(),
            },
            Problem::MergePending {
                kind: "household".into(),
                id: id.clone(),
                moved_to: "V2".into(),
            },
            Problem::MergeConflict {
                kind: "case".into(),
                id,
            },
            Problem::BadMergeLine {
                message: "x".into(),
            },
            Problem::SealBroken {
                message: Text {
                    en: "x".into(),
                    zh: "x".into(),
                },
            },
        ];
        for fault in [
            Fault::Torn,
            Fault::NotUtf8,
            Fault::Blank,
            Fault::NoHash,
            Fault::Unparsed(String::new()),
            Fault::Seq {
                expected: 2,
                found: 3,
            },
            Fault::Prev,
            Fault::Hash,
        ] {
            out.push(Problem::JournalLine(fault));
        }
        out
    }

    #[test]
    fn every_problem_has_a_chinese_message_and_a_documented_code() {
        let readme = include_str!("../../README.md");
        for problem in every_problem() {
            let text = problem.text();
            assert!(!text.en.is_empty() && !text.zh.is_empty(), "{problem:?}");
            // `seq`, `prev` and `hash` are the journal's own field names; UTF-8 is a name.
            let zh = ["seq", "prev", "hash", "UTF-8"]
                .iter()
                .fold(text.zh.clone(), |t, word| t.replace(word, ""));
            assert_eq!(
                crate::lang::english_word_in(&zh),
                None,
                "{problem:?}: {}",
                text.zh
            );
            assert!(
                readme.contains(&format!("`{}`", problem.code())),
                "{} is not in the README",
                problem.code()
            );
        }
    }
}
