//! Errors that know their exit status.

use std::fmt;
use std::path::Path;

use crate::lang::{Lang, Text};

/// The exit statuses (README, "Exit statuses").
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
/// value and what was expected (or the path and line for store problems). Shown, it never
/// holds an ID number or a phone in full, nor a raw control character (see `redact`).
#[derive(Debug)]
pub enum Error {
    /// Several rejected inputs at once (an import), one per line in both languages; each
    /// line is masked on its own.
    RejectedMany(Vec<Text>),
    /// An error worded in both languages, with its status; `main` prints the one of
    /// `--lang`. Building one needs both texts (README, "Language").
    Said { status: ExitStatus, text: Text },
    /// Standard output was closed by its reader (`bangfu household list | head`): a quiet end.
    ClosedPipe,
}

impl std::error::Error for Error {}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::RejectedMany(_) => f.write_str(&self.message(Lang::En)),
            Error::Said { text, .. } => f.write_str(&redact(&text.en)),
            Error::ClosedPipe => Ok(()),
        }
    }
}

/// `text` with the flag `from` (the whole flag, not the start of a longer one) written `to`.
pub(crate) fn rename_flag(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        let after = &rest[at + from.len()..];
        let whole = !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-');
        out.push_str(&rest[..at]);
        out.push_str(if whole { to } else { from });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Makes a message safe to show: a run of 15 to 18 digits (with a final `X`: an ID number)
/// keeps its first 6 and last 4 characters, a run of 11 digits starting with 1 (a mobile
/// phone) its last 4, and control or bidirectional-override characters are escaped. Messages
/// mask the values they quote already; this also covers text quoted by a parser (a
/// hand-edited `id_number` stored as a JSON number) and any message yet to be written.
pub fn redact(message: &str) -> String {
    let escaped = crate::model::value::escape_text(message);
    let chars: Vec<char> = escaped.chars().collect();
    let mut out = String::with_capacity(escaped.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_alphanumeric()) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
        }
        if j < chars.len() && matches!(chars[j], 'X' | 'x') && (15..=17).contains(&(j - i)) {
            j += 1;
        }
        let run: String = chars[i..j].iter().collect();
        // Not part of a longer word, nor the whole part of an amount (`10000000000.50`).
        let decimal = j + 1 < chars.len() && chars[j] == '.' && chars[j + 1].is_ascii_digit();
        let standalone = j == chars.len() || (!chars[j].is_ascii_alphanumeric() && !decimal);
        let shown = match run.len() {
            15..=18 if standalone => crate::model::mask_id_number(&run),
            11 if standalone && run.starts_with('1') => crate::model::mask_phone(&run),
            _ => run,
        };
        out.push_str(&shown);
        i = j;
    }
    out
}

impl Error {
    pub fn status(&self) -> ExitStatus {
        match self {
            Error::RejectedMany(_) => ExitStatus::Rejected,
            Error::Said { status, .. } => *status,
            Error::ClosedPipe => ExitStatus::Success,
        }
    }

    /// The message in `lang`: a bilingual error's own wording, else the English one.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::Said { text, .. } => redact(lang.pick(&text.en, &text.zh)),
            Error::RejectedMany(lines) => {
                let shown: Vec<String> = lines
                    .iter()
                    .map(|t| redact(lang.pick(&t.en, &t.zh)))
                    .collect();
                shown.join("\n")
            }
            Error::ClosedPipe => String::new(),
        }
    }

    /// The message in both languages, not yet masked.
    pub fn text(&self) -> Text {
        match self {
            Error::Said { text, .. } => text.clone(),
            Error::RejectedMany(lines) => Text {
                en: lines
                    .iter()
                    .map(|t| t.en.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
                zh: lines
                    .iter()
                    .map(|t| t.zh.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
            },
            Error::ClosedPipe => Text::new("", ""),
        }
    }

    /// This error as a command whose own flags set other fields says it: each `--from` of
    /// `flags` becomes `--to` (`case approve C --on D` sets `approved_on`, whose flag
    /// elsewhere is `--approved-on`).
    #[must_use]
    pub fn as_typed(self, flags: &[(&str, &str)]) -> Error {
        let rename = |text: &str| {
            flags.iter().fold(text.to_string(), |text, (from, to)| {
                rename_flag(&text, from, to)
            })
        };
        match self {
            Error::Said { status, text } => Error::Said {
                status,
                text: Text {
                    en: rename(&text.en),
                    zh: rename(&text.zh),
                },
            },
            other => other,
        }
    }

    /// An invalid field of a record (status 3): `household H1: --size 0 …`, in both
    /// languages.
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
        // Quoted when it would otherwise not be seen whole (empty, or spaces around it).
        let id = crate::model::value::shown_text(id);
        Error::rejected_in(Text {
            en: format!("{} {id} does not exist", kind.name()),
            zh: format!("{} {id} 不存在", Lang::Zh.kind(kind.name())),
        })
    }

    /// An invalid value of a flag (status 3), in both languages.
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
        let zh_action = io_action_zh(action).unwrap_or(action);
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

/// The Chinese of an action `Error::io` names; a test keeps every action used in the
/// sources here.
fn io_action_zh(action: &str) -> Option<&'static str> {
    Some(match action {
        "append to" => "追加写入",
        "create a file beside" => "在旁边创建文件",
        "create a temporary file in" => "在其中创建临时文件",
        "create directory" => "创建目录",
        "cut back" => "截短",
        "find" => "找到",
        "keep" => "保留",
        "lock" => "锁定",
        "make executable" => "设为可执行",
        "move" => "移动",
        "open directory" => "打开目录",
        "open" => "打开",
        "read directory" => "读取目录",
        "read" => "读取",
        "remove" => "删除",
        "repair" => "修复",
        "replace" => "替换",
        "restrict the permissions of" => "收紧权限",
        "sync directory" => "同步目录",
        "sync" => "同步",
        "write" => "写入",
        _ => return None,
    })
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

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

#[cfg(test)]
mod tests {
    use super::{io_action_zh, redact};

    /// Every `.rs` file under src/, as (path from src/, text).
    fn sources() -> Vec<(String, String)> {
        fn walk(dir: &std::path::Path, root: &std::path::Path, out: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, root, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let rel = path.strip_prefix(root).unwrap().display().to_string();
                    out.push((rel, std::fs::read_to_string(&path).unwrap()));
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut out = Vec::new();
        walk(&root, &root, &mut out);
        out
    }

    #[test]
    fn every_io_action_has_its_chinese() {
        let mut missing = Vec::new();
        for (path, text) in sources().into_iter().filter(|(p, _)| p != "error.rs") {
            for (at, _) in text.match_indices("Error::io(") {
                let rest = text[at + "Error::io(".len()..].trim_start();
                let Some(quoted) = rest.strip_prefix('"') else {
                    continue;
                };
                let action = &quoted[..quoted.find('"').unwrap()];
                if io_action_zh(action).is_none() {
                    missing.push(format!("{path}: {action}"));
                }
            }
        }
        assert!(missing.is_empty(), "no Chinese for: {missing:?}");
        assert_eq!(io_action_zh("read"), Some("读取"));
        assert_eq!(io_action_zh("frobnicate"), None);
    }

    #[test]
    fn messages_never_show_id_numbers_or_phones() {
        assert_eq!(
            redact("invalid type: integer `522799198001011239`, expected a string"),
            "invalid type: integer `522799********1239`, expected a string"
        );
        assert_eq!(redact("phone 13800138000 taken"), "phone *******8000 taken");
        // Boundaries: village codes, ids with a prefix, amounts and escapes stay readable.
        for plain in [
            "village 522799101201",
            "H000000000000000001",
            "--amount 10000000000.50",
        ] {
            assert_eq!(redact(plain), plain);
        }
        assert_eq!(redact("王\u{1b}芳"), "王\\u{1b}芳");
    }
}
