//! The hash-chained journal (README, "Audit trail and integrity").
//!
//! A line is `{"seq",...,"prev","hash"}` with `hash` last. The body is the line without the
//! `,"hash":"<64 hex>"` before its final `}`; `hash` is SHA-256 over `prev` (64 ASCII
//! characters) followed by the body's bytes, in lowercase hex.

use std::borrow::Cow;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::lang::{Lang, Text};
use crate::model::Kind;

use super::layout::{JOURNAL, Layout};

/// `prev` of the first line of every journal.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const HASH_SUFFIX_LEN: usize = r#","hash":""#.len() + 64 + r#""}"#.len();

/// What a change did to a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Add,
    Update,
    Remove,
    /// `bangfu seal`: the heads of every journal, kind `journal` (see `store::seal`).
    Seal,
    /// A journal merge by the git merge driver, kind `journal` (see `merge`).
    Merge,
    /// A village of an older store entered in the store-level journal by `verify --repair`.
    Register,
}

impl Op {
    /// The name the journal writes.
    pub fn name(self) -> &'static str {
        match self {
            Op::Add => "add",
            Op::Update => "update",
            Op::Remove => "remove",
            Op::Seal => "seal",
            Op::Merge => "merge",
            Op::Register => "register",
        }
    }

    /// How people read it: the stored name in English, a Chinese verb in Chinese.
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.name(),
            Lang::Zh => match self {
                Op::Add => "新增",
                Op::Update => "修改",
                Op::Remove => "删除",
                Op::Seal => "封存",
                Op::Merge => "合并",
                Op::Register => "登记",
            },
        }
    }
}

/// What a journal line is about: a record of a kind, the policy in `bangfu.json`, or the
/// journals themselves (a seal or a merge line). Written as the same names as always
/// (`household`, `policy`, `journal`), so the journal's format does not change; a name that
/// is none of these (a hand-edited line) does not parse, and `verify` reports the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    Record(Kind),
    Policy,
    Journal,
}

impl Subject {
    /// The name the journal writes.
    pub fn name(self) -> &'static str {
        match self {
            Subject::Record(kind) => kind.name(),
            Subject::Policy => "policy",
            Subject::Journal => "journal",
        }
    }

    /// The subject the journal names `name`: exactly a kind's singular name, `policy` or
    /// `journal`.
    pub fn from_name(name: &str) -> Option<Subject> {
        match name {
            "policy" => Some(Subject::Policy),
            "journal" => Some(Subject::Journal),
            _ => Kind::ALL
                .iter()
                .find(|k| k.name() == name)
                .map(|k| Subject::Record(*k)),
        }
    }

    /// The record kind, when the line is about a record.
    pub fn kind(self) -> Option<Kind> {
        match self {
            Subject::Record(kind) => Some(kind),
            _ => None,
        }
    }

    /// How people read the subject the journal (or a conflict) names `name`: its `label`,
    /// or the name itself when it names none.
    pub fn label_of(name: &str, lang: Lang) -> &str {
        Subject::from_name(name).map_or(name, |s| s.label(lang))
    }

    /// How people read it: a kind's Chinese name, 政策 or 日志 in Chinese; the stored name
    /// in English.
    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, s) => s.name(),
            (Lang::Zh, Subject::Record(kind)) => kind.zh(),
            (Lang::Zh, Subject::Policy) => "政策",
            (Lang::Zh, Subject::Journal) => "日志",
        }
    }
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Ordered by name, as the strings were, so that a merge writes its lines in the same order.
impl Ord for Subject {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.name().cmp(other.name())
    }
}

impl PartialOrd for Subject {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for Subject {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Subject {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Subject, D::Error> {
        let name = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Subject::from_name(&name).ok_or_else(|| {
            let known: Vec<&str> = Kind::ALL
                .iter()
                .map(|k| k.name())
                .chain(["policy", "journal"])
                .collect();
            serde::de::Error::custom(format!(
                "unknown kind `{name}`, expected one of {}",
                known.join(", ")
            ))
        })
    }
}

/// One journal line, parsed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub seq: u64,
    pub at: String,
    pub actor: String,
    pub op: Op,
    pub kind: Subject,
    pub id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub prev: String,
    pub hash: String,
}

/// Where a journal's chain stands: the last line's `seq` and `hash`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: u64,
    pub hash: String,
}

impl Head {
    pub fn empty() -> Head {
        Head {
            seq: 0,
            hash: GENESIS.to_string(),
        }
    }
}

/// SHA-256 of `prev` followed by `body`, in lowercase hex.
pub fn chain_hash(prev: &str, body: &str) -> String {
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(body.as_bytes());
    hex(&h.finalize())
}

/// Bytes in lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .flat_map(|b| hex_digits(*b))
        .map(char::from)
        .collect()
}

/// The two lowercase hex digits of a byte.
fn hex_digits(b: u8) -> [u8; 2] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    [DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 0xf)]]
}

/// Splits a line into its body and its hash; `None` when the line does not end in a hash.
pub fn split_line(line: &str) -> Option<(String, &str)> {
    split_parts(line).map(|(head, hash)| (format!("{head}}}"), hash))
}

/// `split_line` without building the body: the line before its hash (the body but for its
/// closing brace), and the hash.
fn split_parts(line: &str) -> Option<(&str, &str)> {
    let n = line.len();
    if n < HASH_SUFFIX_LEN + 2 || !line.is_char_boundary(n - HASH_SUFFIX_LEN) {
        return None;
    }
    let (head, tail) = line.split_at(n - HASH_SUFFIX_LEN);
    let hash = tail.strip_prefix(r#","hash":""#)?.strip_suffix(r#""}"#)?;
    // Folded over every byte, not stopped at the first bad one: the compiler checks the
    // sixty-four at once, and every line of every journal passes through here.
    let lower_hex = |b: u8| matches!(b, b'0'..=b'9' | b'a'..=b'f');
    if hash.len() != 64 || !hash.bytes().fold(true, |ok, b| ok & lower_hex(b)) {
        return None;
    }
    Some((head, hash))
}

/// Whether `hash` is `chain_hash(prev, body)` for the body `head` + `}` (see `split_parts`),
/// computed without building the body.
fn hash_matches(prev: &str, head: &str, hash: &str) -> bool {
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(head.as_bytes());
    h.update(b"}");
    hex_is(&h.finalize(), hash)
}

/// Whether `text` is the lowercase hex of `bytes` (as `hex` writes it), compared without
/// building it: a journal's every line is checked so.
fn hex_is(bytes: &[u8], text: &str) -> bool {
    text.len() == bytes.len() * 2
        && bytes
            .iter()
            .zip(text.as_bytes().chunks_exact(2))
            .all(|(b, pair)| pair == hex_digits(*b))
}

/// A change to write: everything but the chain fields.
pub struct Change<'a> {
    pub at: &'a str,
    pub actor: &'a str,
    pub op: Op,
    pub kind: Subject,
    pub id: &'a str,
    /// The record as stored (its JSON text), before and after.
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

/// Builds the line (with its newline) that records `change` after `head`, and moves `head`.
pub fn append_line(head: &mut Head, change: &Change<'_>) -> String {
    let json = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let seq = head.seq + 1;
    let body = format!(
        r#"{{"seq":{seq},"at":{},"actor":{},"op":{},"kind":{},"id":{},"before":{},"after":{},"prev":"{}"}}"#,
        json(change.at),
        json(change.actor),
        json(change.op.name()),
        json(change.kind.name()),
        json(change.id),
        change.before.unwrap_or("null"),
        change.after.unwrap_or("null"),
        head.hash,
    );
    let hash = chain_hash(&head.hash, &body);
    let line = format!("{},\"hash\":\"{hash}\"}}\n", &body[..body.len() - 1]);
    *head = Head { seq, hash };
    line
}

/// The chain fields of a journal line, parsed without building the records it carries.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineHead<'a> {
    pub seq: u64,
    #[serde(borrow)]
    pub at: Cow<'a, str>,
    #[serde(borrow)]
    pub actor: Cow<'a, str>,
    pub op: Op,
    pub kind: Subject,
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    #[serde(default)]
    pub before: serde::de::IgnoredAny,
    #[serde(default)]
    pub after: serde::de::IgnoredAny,
    #[serde(borrow)]
    pub prev: Cow<'a, str>,
    #[serde(borrow)]
    pub hash: Cow<'a, str>,
    /// The whole line.
    #[serde(skip)]
    pub text: &'a str,
}

/// What can be wrong with one journal line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// The last line has no final newline: a crash mid-append.
    Torn,
    NotUtf8,
    Blank,
    /// The line does not end in `,"hash":"<64 lowercase hex>"}`.
    NoHash,
    /// The line is not a journal entry.
    Unparsed(String),
    /// `seq` does not count on from the line before.
    Seq {
        expected: u64,
        found: u64,
    },
    /// `prev` is not the hash of the line before.
    Prev,
    /// `hash` does not match the line's own content.
    Hash,
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fault::Torn => write!(
                f,
                "the last line is torn (no final newline; a crash mid-append?)"
            ),
            Fault::NotUtf8 => write!(f, "the line is not valid UTF-8"),
            Fault::Blank => write!(f, "the line is empty; a journal has no empty lines"),
            Fault::NoHash => write!(f, "the line does not end in its hash"),
            Fault::Unparsed(e) => write!(f, "the line is not a journal entry: {e}"),
            Fault::Seq { expected, found } => {
                write!(
                    f,
                    "seq is {found}, expected {expected} (a line was removed or inserted?)"
                )
            }
            Fault::Prev => write!(
                f,
                "prev is not the hash of the line before (a line was removed, inserted or edited?)"
            ),
            Fault::Hash => write!(
                f,
                "hash does not match the line's content (edited after it was written?)"
            ),
        }
    }
}

impl Fault {
    /// The fault in Chinese (its `Display` is the English).
    pub fn zh(&self) -> String {
        match self {
            Fault::Torn => "最后一行不完整（没有结尾的换行符；追加时发生了崩溃？）".into(),
            Fault::NotUtf8 => "该行不是有效的 UTF-8".into(),
            Fault::Blank => "该行为空；日志中没有空行".into(),
            Fault::NoHash => "该行没有以它的哈希结尾".into(),
            Fault::Unparsed(e) => format!("该行不是日志条目：{e}"),
            Fault::Seq { expected, found } => {
                format!("seq 为 {found}，应为 {expected}（有行被删除或插入？）")
            }
            Fault::Prev => "prev 不是上一行的哈希（有行被删除、插入或修改？）".into(),
            Fault::Hash => "hash 与该行内容不符（写入后被修改？）".into(),
        }
    }
}

/// Checks one complete journal line (without its newline). `before` is where the chain stood
/// after the line before it, or `None` when that is unknown (a window into the file's end).
/// Returns the parsed chain fields, if the line parses, and every fault found.
pub fn check_line<'a>(line: &'a [u8], before: Option<&Head>) -> (Option<LineHead<'a>>, Vec<Fault>) {
    check_line_knowing(line, before, |_, _, _| false)
}

/// `check_line`, for a reader that may already know a line's `after` to be JSON:
/// `known(kind, id, after)` says whether `after` is the text of a record that parsed. A line
/// written as the tool writes it (`as_written`) whose `after` is known is read without
/// parsing its `after` again; any other line is parsed whole. `verify` reads every line of
/// every journal, and most lines' `after` is a stored record's text.
pub fn check_line_knowing<'a>(
    line: &'a [u8],
    before: Option<&Head>,
    known: impl FnOnce(Subject, &str, &str) -> bool,
) -> (Option<LineHead<'a>>, Vec<Fault>) {
    let Ok(line) = simdutf8::basic::from_utf8(line) else {
        return (None, vec![Fault::NotUtf8]);
    };
    if line.trim().is_empty() {
        return (None, vec![Fault::Blank]);
    }
    let mut faults = Vec::new();
    let split = split_parts(line);
    if split.is_none() {
        faults.push(Fault::NoHash);
    }
    let written = as_written(line).filter(|(h, after)| known(h.kind, &h.id, after));
    let head = match written {
        Some((head, _)) => head,
        None => match serde_json::from_str::<LineHead<'_>>(line) {
            Ok(h) => LineHead { text: line, ..h },
            Err(e) => {
                faults.push(Fault::Unparsed(e.to_string()));
                return (None, faults);
            }
        },
    };
    if let Some(before) = before {
        if head.seq != before.seq + 1 {
            faults.push(Fault::Seq {
                expected: before.seq + 1,
                found: head.seq,
            });
        }
        if head.prev != before.hash {
            faults.push(Fault::Prev);
        }
    }
    if let Some((body, hash)) = split
        && !hash_matches(&head.prev, body, hash)
    {
        faults.push(Fault::Hash);
    }
    (Some(head), faults)
}

/// A line as the tool writes it, `{"seq":N,"at":"…","actor":"…","op":"…","kind":"…","id":"…",
/// "before":null,"after":A,"prev":"…","hash":"…"}` with no escape in any string, read
/// without parsing `A`, with `A`'s text. What this reads, `serde_json` reads the same when
/// `A` is JSON; a line it does not read (an update's `before`, an escape, a space) is left
/// to `serde_json`.
fn as_written(line: &str) -> Option<(LineHead<'_>, &str)> {
    const TAIL: usize = r#","prev":""#.len() + 64 + r#"""#.len() + HASH_SUFFIX_LEN;
    let rest = line.strip_prefix(r#"{"seq":"#)?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (seq, rest) = rest.split_at(digits);
    if seq.is_empty() || (seq.len() > 1 && seq.starts_with('0')) {
        return None;
    }
    let seq = seq.parse().ok()?;
    let (at, rest) = plain_string(rest, r#","at":"#)?;
    let (actor, rest) = plain_string(rest, r#","actor":"#)?;
    let (op, rest) = plain_string(rest, r#","op":"#)?;
    let (kind, rest) = plain_string(rest, r#","kind":"#)?;
    let (id, rest) = plain_string(rest, r#","id":"#)?;
    let rest = rest.strip_prefix(r#","before":null,"after":"#)?;
    let cut = rest.len().checked_sub(TAIL)?;
    if !rest.is_char_boundary(cut) {
        return None;
    }
    let (after, tail) = rest.split_at(cut);
    let (prev, tail) = plain_string(tail, r#","prev":"#)?;
    let (hash, tail) = plain_string(tail, r#","hash":"#)?;
    if tail != "}" {
        return None;
    }
    let op = Op::deserialize(serde::de::value::BorrowedStrDeserializer::<
        serde::de::value::Error,
    >::new(op))
    .ok()?;
    let head = LineHead {
        seq,
        at: Cow::Borrowed(at),
        actor: Cow::Borrowed(actor),
        op,
        kind: Subject::from_name(kind)?,
        id: Cow::Borrowed(id),
        before: serde::de::IgnoredAny,
        after: serde::de::IgnoredAny,
        prev: Cow::Borrowed(prev),
        hash: Cow::Borrowed(hash),
        text: line,
    };
    Some((head, after))
}

/// `text` after `key` and a JSON string with no escape and no control character: the
/// string's content, and what follows its closing quote.
fn plain_string<'a>(text: &'a str, key: &str) -> Option<(&'a str, &'a str)> {
    let text = text.strip_prefix(key)?.strip_prefix('"')?;
    let end = memchr::memchr(b'"', text.as_bytes())?;
    let (value, rest) = text.split_at(end);
    let plain = value.bytes().all(|b| b != b'\\' && b >= 0x20);
    plain.then_some((value, &rest[1..]))
}

/// How much of a journal's end a writer checks before appending to it. Lines wholly inside
/// this window must chain to one another; damage further back is `bangfu verify`'s to find,
/// so that a write reads a few kilobytes, not the whole history.
pub const WRITER_WINDOW: u64 = 8192;

/// Reads where a journal's chain stands from its end, without reading the whole file.
/// Writers stop on damage: a torn last line, or any fault among the lines in the last
/// `WRITER_WINDOW` bytes (a hash that does not match its line, a `prev` or `seq` that does
/// not follow from the line before, and at the start of the file a first line that does not
/// start the chain).
pub fn read_head(path: &Path) -> Result<Head> {
    let mut f = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Head::empty()),
        Err(e) => return Err(Error::io("read", path, &e)),
    };
    let len = f.metadata().map_err(|e| Error::io("read", path, &e))?.len();
    if len == 0 {
        return Ok(Head::empty());
    }
    // Read backwards in growing chunks until the start of the last line is in view.
    let mut chunk = WRITER_WINDOW;
    let (start, tail) = loop {
        let start = len.saturating_sub(chunk);
        f.seek(SeekFrom::Start(start))
            .map_err(|e| Error::io("read", path, &e))?;
        let mut buf = Vec::with_capacity((len - start) as usize);
        (&mut f)
            .take(len - start)
            .read_to_end(&mut buf)
            .map_err(|e| Error::io("read", path, &e))?;
        let body = &buf[..buf.len().saturating_sub(1)];
        if start == 0 || body.contains(&b'\n') {
            break (start, buf);
        }
        chunk *= 4;
    };
    if tail.last() != Some(&b'\n') {
        return Err(damaged(
            path,
            &Text {
                en: Fault::Torn.to_string(),
                zh: Fault::Torn.zh(),
            },
            &Text {
                en: "run `bangfu verify --repair` to cut the torn line off (a copy is kept)".into(),
                zh: "请运行 `bangfu verify --repair` 截去不完整的一行（会保留副本）".into(),
            },
        ));
    }
    let mut lines: Vec<&[u8]> = tail[..tail.len() - 1].split(|b| *b == b'\n').collect();
    if start > 0 {
        // The first piece may be the end of a line that began before the window.
        lines.remove(0);
    }
    let mut head = (start == 0).then(Head::empty);
    for line in lines {
        let (parsed, faults) = check_line(line, head.as_ref());
        if let Some(fault) = faults.first() {
            return Err(damaged(
                path,
                &Text {
                    en: format!("the journal's chain is broken near its end: {fault}"),
                    zh: format!("日志的链在末尾附近断开：{}", fault.zh()),
                },
                &Text {
                    en: "run `bangfu verify` to see the damage; history is never rewritten, so \
                         restore the file from a backup or have it reviewed"
                        .into(),
                    zh: "请运行 `bangfu verify` 查看损坏情况；历史记录不会被改写，请从备份恢复该文件或交由人员审查"
                        .into(),
                },
            ));
        }
        let parsed = parsed.unwrap_or_else(|| unreachable!("a line without faults parses"));
        head = Some(Head {
            seq: parsed.seq,
            hash: parsed.hash.into_owned(),
        });
    }
    Ok(head.unwrap_or_else(|| unreachable!("a non-empty journal ends in a line")))
}

fn damaged(path: &Path, what: &Text, remedy: &Text) -> Error {
    Error::store_in(Text {
        en: format!(
            "{}: {}; nothing was written: {}",
            path.display(),
            what.en,
            remedy.en
        ),
        zh: format!(
            "{}：{}；未写入任何内容：{}",
            path.display(),
            what.zh,
            remedy.zh
        ),
    })
}

/// Every journal of the store, or those that may hold changes in `village`: the store-level
/// journal, then each village's, then those of removed villages.
pub fn files(layout: &Layout, village: Option<&str>) -> Result<Vec<PathBuf>> {
    let mut out = vec![layout.store_journal()];
    let names = |dir: &Path| -> Result<Vec<String>> {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io("read directory", dir, &e)),
        };
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io("read directory", dir, &e))?;
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
        names.sort();
        Ok(names)
    };
    for name in names(&layout.villages_dir())? {
        if village.is_none_or(|v| v == name) {
            out.push(layout.village_journal(&name));
        }
    }
    // A removed village's directory is `<id>` or `<id>.<n>`.
    for name in names(&layout.removed_villages_dir())? {
        let matches = village.is_none_or(|v| {
            name == v
                || name.strip_prefix(v).is_some_and(|rest| {
                    rest.strip_prefix('.')
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                })
        });
        if matches {
            out.push(layout.removed_villages_dir().join(name).join(JOURNAL));
        }
    }
    out.retain(|p| p.is_file());
    Ok(out)
}

/// The entries of one journal with their line numbers, for reading history. A last line
/// without its newline is left out: it is being appended right now, or a crash tore it
/// (which `verify` reports).
pub fn read_entries(path: &Path) -> Result<Vec<(usize, Entry)>> {
    let Some(bytes) = super::fsio::read_optional(path)? else {
        return Ok(Vec::new());
    };
    let complete = match bytes.iter().rposition(|b| *b == b'\n') {
        Some(i) => &bytes[..i],
        None => return Ok(Vec::new()),
    };
    let mut out = Vec::new();
    for (i, line) in super::fsio::lines(complete).enumerate() {
        let bad = |what: String| {
            Error::malformed(
                path,
                i + 1,
                format!("{what}; run `bangfu verify` to see the damage"),
            )
        };
        let text = std::str::from_utf8(line).map_err(|_| bad("is not valid UTF-8".into()))?;
        let entry: Entry =
            serde_json::from_str(text).map_err(|e| bad(format!("is not a journal entry: {e}")))?;
        out.push((i + 1, entry));
    }
    Ok(out)
}

/// The current time as the journal writes it: UTC RFC 3339 with milliseconds.
pub fn now() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first line of a journal, adding a person; and the head after it.
    fn first_line() -> (String, Head) {
        let mut head = Head::empty();
        let change = Change {
            at: "2026-01-01T00:00:00.000Z",
            actor: "clerk",
            op: Op::Add,
            kind: Subject::Record(Kind::Person),
            id: "P1",
            before: None,
            after: Some(r#"{"id":"P1","name":"王芳"}"#),
        };
        (append_line(&mut head, &change), head)
    }

    #[test]
    fn lines_chain_and_split_back() {
        let (line, head) = first_line();
        let (body, hash) = split_line(line.trim_end()).unwrap();
        assert_eq!(hash, head.hash);
        assert_eq!(chain_hash(GENESIS, &body), hash);
        let entry: Entry = serde_json::from_str(line.trim_end()).unwrap();
        assert_eq!(entry.seq, 1);
        assert_eq!(entry.prev, GENESIS);
    }

    #[test]
    fn a_hash_is_compared_as_its_lowercase_hex() {
        let digest = Sha256::digest(b"bangfu");
        let text = hex(&digest);
        assert!(hex_is(&digest, &text));
        assert!(!hex_is(&digest, &text.to_ascii_uppercase()));
        assert!(!hex_is(&digest, &text[..62]));
        let mut other = text.clone().into_bytes();
        other[63] = if other[63] == b'0' { b'1' } else { b'0' };
        assert!(!hex_is(&digest, std::str::from_utf8(&other).unwrap()));
    }

    #[test]
    fn a_line_whose_hash_is_not_lowercase_hex_has_no_hash() {
        let (line, _) = first_line();
        let line = line.trim_end();
        let (parsed, faults) = check_line(line.as_bytes(), Some(&Head::empty()));
        assert!(faults.is_empty(), "{faults:?}");
        assert_eq!(parsed.unwrap().text, line);
        let (body, hash) = line.split_at(line.len() - 66);
        for bad in [hash.to_ascii_uppercase(), hash.replacen('a', "g", 1)] {
            let line = format!("{body}{bad}");
            let faults = check_line(line.as_bytes(), Some(&Head::empty())).1;
            assert!(faults.contains(&Fault::NoHash), "{line}: {faults:?}");
        }
    }

    #[test]
    fn a_line_read_as_written_reads_as_serde_json_reads_it_whatever_its_bytes() {
        let mut head = Head::empty();
        let record = r#"{"id":"H1","village":"V1","head":"陈大山","size":4}"#;
        let updated = r#"{"id":"H1","village":"V1","head":"陈大山","size":5}"#;
        let change = |op, before, after| Change {
            at: "2026-01-01T00:00:00.000Z",
            actor: "clerk",
            op,
            kind: Subject::Record(Kind::Household),
            id: "H1",
            before,
            after,
        };
        let lines = [
            (
                append_line(&mut head, &change(Op::Add, None, Some(record))),
                record,
            ),
            (
                append_line(&mut head, &change(Op::Update, Some(record), Some(updated))),
                updated,
            ),
            (
                append_line(&mut head, &change(Op::Remove, Some(updated), None)),
                "null",
            ),
        ];
        let mut compared = 0;
        for (line, after) in &lines {
            let line = line.trim_end().as_bytes();
            // The line as written is read so when it has no `before`: an addition.
            let text = std::str::from_utf8(line).unwrap();
            assert_eq!(
                as_written(text).map(|(_, a)| a),
                text.contains(r#""op":"add""#).then_some(*after),
                "{text}"
            );
            let mut variants = vec![line.to_vec()];
            for i in 0..line.len() {
                for b in [
                    b'"', b'\\', b'0', b'1', b' ', b'x', b'}', b',', b'\t', b'{', 0xe9,
                ] {
                    let mut v = line.to_vec();
                    v[i] = b;
                    variants.push(v.clone());
                    v.insert(i, b);
                    variants.push(v);
                }
                let mut v = line.to_vec();
                v.remove(i);
                variants.push(v);
            }
            for v in &variants {
                // Only the `after` a reader knows is taken unread: here, the record's own.
                let known = |_: Subject, _: &str, a: &str| a == *after;
                for before in [None, Some(&Head::empty())] {
                    assert_eq!(
                        format!("{:?}", check_line_knowing(v, before, known)),
                        format!("{:?}", check_line(v, before)),
                        "{}",
                        String::from_utf8_lossy(v)
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 10_000, "{compared}");
    }
}
