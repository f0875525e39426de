//! Errors that know their exit status.

use std::fmt;
use std::path::Path;

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
            Error::ClosedPipe => ExitStatus::Success,
        }
    }

    /// An I/O error on a path, as a store problem.
    pub fn io(action: &str, path: &Path, err: &std::io::Error) -> Error {
        Error::Store(format!("could not {action} {}: {err}", path.display()))
    }

    /// A file that does not parse, with its path and 1-based line.
    pub fn malformed(path: &Path, line: usize, what: impl fmt::Display) -> Error {
        Error::Store(format!("{}:{line}: {what}", path.display()))
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
        Error::Store(format!("could not write the output: {e}"))
    }
}
