//! The hash-chained journal of section 3.
//!
//! A line is `{"seq",...,"prev","hash"}` with `hash` last. The body is the line without the
//! `,"hash":"<64 hex>"` before its final `}`; `hash` is SHA-256 over `prev` (64 ASCII
//! characters) followed by the body's bytes, in lowercase hex.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

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
}

/// One journal line, parsed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub seq: u64,
    pub at: String,
    pub actor: String,
    pub op: Op,
    pub kind: String,
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
    let digest = h.finalize();
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(b & 0xf), 16).unwrap_or('0'));
    }
    out
}

/// Splits a line into its body and its hash; `None` when the line does not end in a hash.
pub fn split_line(line: &str) -> Option<(String, &str)> {
    let n = line.len();
    if n < HASH_SUFFIX_LEN + 2 || !line.is_char_boundary(n - HASH_SUFFIX_LEN) {
        return None;
    }
    let (head, tail) = line.split_at(n - HASH_SUFFIX_LEN);
    let hash = tail.strip_prefix(r#","hash":""#)?.strip_suffix(r#""}"#)?;
    if hash.len() != 64
        || !hash
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    {
        return None;
    }
    Some((format!("{head}}}"), hash))
}

/// A change to write: everything but the chain fields.
pub struct Change<'a> {
    pub at: &'a str,
    pub actor: &'a str,
    pub op: Op,
    pub kind: &'a str,
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
        json(match change.op {
            Op::Add => "add",
            Op::Update => "update",
            Op::Remove => "remove",
        }),
        json(change.kind),
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

/// Reads where a journal's chain stands from its last line, without reading the whole file.
/// A torn last line or one whose hash does not match its body is damage: writers stop.
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
    let mut chunk = 8192u64;
    let tail = loop {
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
            break buf;
        }
        chunk *= 4;
    };
    let damaged = |what: &str| {
        Error::Store(format!(
            "{}: {what}; run `bangfu verify` to see the damage and `bangfu verify --repair` to mend \
             a torn last line",
            path.display()
        ))
    };
    if tail.last() != Some(&b'\n') {
        return Err(damaged(
            "the last journal line is torn (a crash mid-append?)",
        ));
    }
    let body = &tail[..tail.len() - 1];
    let last = match body.iter().rposition(|b| *b == b'\n') {
        Some(i) => &body[i + 1..],
        None => body,
    };
    let last =
        std::str::from_utf8(last).map_err(|_| damaged("the last journal line is not UTF-8"))?;
    let (line_body, hash) =
        split_line(last).ok_or_else(|| damaged("the last journal line has no hash"))?;
    let entry: Entry = serde_json::from_str(last)
        .map_err(|e| damaged(&format!("the last journal line does not parse: {e}")))?;
    if chain_hash(&entry.prev, &line_body) != hash {
        return Err(damaged(
            "the last journal line's hash does not match its content",
        ));
    }
    Ok(Head {
        seq: entry.seq,
        hash: hash.to_string(),
    })
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

    #[test]
    fn lines_chain_and_split_back() {
        let mut head = Head::empty();
        let change = Change {
            at: "2026-01-01T00:00:00.000Z",
            actor: "clerk",
            op: Op::Add,
            kind: "person",
            id: "P1",
            before: None,
            after: Some(r#"{"id":"P1","name":"王芳"}"#),
        };
        let line = append_line(&mut head, &change);
        let (body, hash) = split_line(line.trim_end()).unwrap();
        assert_eq!(hash, head.hash);
        assert_eq!(chain_hash(GENESIS, &body), hash);
        let entry: Entry = serde_json::from_str(line.trim_end()).unwrap();
        assert_eq!(entry.seq, 1);
        assert_eq!(entry.prev, GENESIS);
    }
}
