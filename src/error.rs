//! Errors that know their exit status.

use std::fmt;
use std::path::Path;

use crate::lang::{Lang, Text};

/// The exit statuses of section 4 of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: success; for `check`, nothing at or above `--fail-on`.
    Success,
    /// 1: `check` found findings at or above `--fail-on`; `verify` found damage.
    Findings,
    /// 2: bad usage.
    Usage,
    /// 3: input rejected; nothing written.
    Rejected,
    /// 4: store problem.
    Store,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Findings => 1,
            ExitStatus::Usage => 2,
            ExitStatus::Rejected => 3,
            ExitStatus::Store => 4,
        }
    }
}

/// Every error bangfu reports. The message is complete: it names the record, the field, the
/// value and what was expected (or the path and line for store problems).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad usage that clap cannot see (for instance `add` without a required flag).
    #[error("{0}")]
    Usage(String),
    /// Input rejected: invalid value, unknown reference, duplicate id, bad import file.
    #[error("{0}")]
    Rejected(String),
    /// Several rejected inputs at once (an import), one per line.
    #[error("{}", .0.join("\n"))]
    RejectedMany(Vec<String>),
    /// The store is missing, malformed, locked or unreadable.
    #[error("{0}")]
    Store(String),
    /// An error worded in both languages, with its status; `main` prints the one of
    /// `--lang`. Messages are moved here as they are translated.
    #[error("{}", .text.en)]
    Said { status: ExitStatus, text: Text },
    /// Standard output was closed by its reader (`bangfu household list | head`): a quiet end.
    #[error("")]
    ClosedPipe,
}

impl Error {
    pub fn status(&self) -> ExitStatus {
        match self {
            Error::Usage(_) => ExitStatus::Usage,
            Error::Rejected(_) | Error::RejectedMany(_) => ExitStatus::Rejected,
            Error::Store(_) => ExitStatus::Store,
            Error::Said { status, .. } => *status,
            Error::ClosedPipe => ExitStatus::Success,
        }
    }

    /// The message in `lang`: a bilingual error's own wording, else the English one.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::Said { text, .. } => lang.pick(&text.en, &text.zh).to_string(),
            other => other.to_string(),
        }
    }

    /// An invalid field of a record (status 3): `household H1: --size 0 …`, in both
    /// languages as far as the problem is translated.
    pub fn invalid_record(kind: crate::model::Kind, id: &str, e: &crate::model::Invalid) -> Error {
        let text = e.text();
        let zh_kind = Lang::Zh.kind(kind.name());
        Error::rejected_in(Text {
            en: format!("{} {id}: {}", kind.name(), text.en),
            zh: format!("{zh_kind} {id}：{}", text.zh),
        })
    }

    /// A reference to a record that is not in the store (status 3):
    /// `household H1: --helper P9 is not a known person`.
    pub fn unknown_reference(
        kind: crate::model::Kind,
        id: &str,
        flag: &str,
        target: &str,
        target_kind: crate::model::Kind,
    ) -> Error {
        let (name, target_name) = (kind.name(), target_kind.name());
        Error::rejected_in(Text {
            en: format!("{name} {id}: {flag} {target} is not a known {target_name}"),
            zh: format!(
                "{} {id}：{flag} {target} 不是已知的{}",
                Lang::Zh.kind(name),
                Lang::Zh.kind(target_name)
            ),
        })
    }

    /// A record that is not in the store (status 3): `household H9 does not exist`.
    pub fn no_such_record(kind: crate::model::Kind, id: &str) -> Error {
        Error::rejected_in(Text {
            en: format!("{} {id} does not exist", kind.name()),
            zh: format!("{} {id} 不存在", Lang::Zh.kind(kind.name())),
        })
    }

    /// An invalid value of a flag (status 3), in both languages as far as it is translated.
    pub fn invalid_value(e: &crate::model::Invalid) -> Error {
        Error::rejected_in(e.text())
    }

    /// Input rejected (status 3), worded in both languages.
    pub fn rejected_in(text: Text) -> Error {
        Error::Said {
            status: ExitStatus::Rejected,
            text,
        }
    }

    /// A store problem (status 4), worded in both languages.
    pub fn store_in(text: Text) -> Error {
        Error::Said {
            status: ExitStatus::Store,
            text,
        }
    }

    /// Bad usage (status 2), worded in both languages.
    pub fn usage_in(text: Text) -> Error {
        Error::Said {
            status: ExitStatus::Usage,
            text,
        }
    }

    /// An I/O error on a path, as a store problem. The system's own words for the cause
    /// stay as the system gives them.
    pub fn io(action: &str, path: &Path, err: &std::io::Error) -> Error {
        let zh_action = match action {
            "append to" => "追加写入",
            "create a file beside" => "在旁边创建文件",
            "create directory" => "创建目录",
            "lock" => "锁定",
            "move" => "移动",
            "open directory" => "打开目录",
            "open" => "打开",
            "read directory" => "读取目录",
            "read" => "读取",
            "remove" => "删除",
            "repair" => "修复",
            "replace" => "替换",
            "sync directory" => "同步目录",
            "sync" => "同步",
            "write" => "写入",
            other => other,
        };
        Error::store_in(Text {
            en: format!("could not {action} {}: {err}", path.display()),
            zh: format!("无法{zh_action} {}：{err}", path.display()),
        })
    }

    /// A file that does not parse, with its path and 1-based line.
    pub fn malformed(path: &Path, line: usize, what: impl fmt::Display) -> Error {
        Error::store_in(Text {
            en: format!("{}:{line}: {what}", path.display()),
            zh: format!("{}:{line}：文件格式有误：{what}", path.display()),
        })
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Builds a rejection: `bangfu: error: household H1: --size 0 is not valid: expected ...`.
pub fn rejected(msg: impl Into<String>) -> Error {
    Error::Rejected(msg.into())
}

/// An error writing to standard output: a closed pipe is a quiet success.
pub fn stdout_error(e: &std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Error::ClosedPipe
    } else {
        Error::store_in(Text {
            en: format!("could not write the output: {e}"),
            zh: format!("无法写出结果：{e}"),
        })
    }
}
