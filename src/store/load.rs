//! Reading records: one file, one record, or the whole registry in parallel.

use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::model::{
    Allocation, Assessment, Attendance, Case, Household, Kind, Leave, Member, Person, Plan, Team,
    Village,
};

use super::fsio;
use super::layout::Layout;
use super::snapshot::{Snapshots, VillageHead};
use crate::rules::CrossKey;

/// Reads a `.jsonl` file of records; an absent file is an empty collection.
pub fn read_jsonl<R: DeserializeOwned>(path: &Path) -> Result<Vec<R>> {
    read_jsonl_into(path, &mut Vec::new())
}

/// `read_jsonl` reading the file into `buf`, so that loading many files reuses one buffer.
fn read_jsonl_into<R: DeserializeOwned>(path: &Path, buf: &mut Vec<u8>) -> Result<Vec<R>> {
    buf.clear();
    match std::fs::File::open(path) {
        Ok(mut f) => {
            std::io::Read::read_to_end(&mut f, buf).map_err(|e| Error::io("read", path, &e))?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read", path, &e)),
    }
    let text = std::str::from_utf8(buf).map_err(|e| {
        let line = buf[..e.valid_up_to()].split(|c| *c == b'\n').count();
        Error::malformed(path, line, "is not valid UTF-8")
    })?;
    let mut records = Vec::with_capacity(text.bytes().filter(|b| *b == b'\n').count() + 1);
    for (i, line) in text.lines().enumerate() {
        if !line.trim().is_empty() {
            records.push(super::parse_line(path, i + 1, line)?);
        }
    }
    Ok(records)
}

#[derive(Deserialize)]
struct IdOnly {
    id: String,
}

/// The id of a stored line: read from the prefix the tool writes, else by parsing.
pub fn line_id(path: &Path, line: usize, text: &str) -> Result<String> {
    if let Some(rest) = text.strip_prefix(r#"{"id":""#)
        && let Some(end) = rest.find('"')
        && !rest[..end].contains('\\')
    {
        return Ok(rest[..end].to_string());
    }
    let parsed: IdOnly = super::parse_line(path, line, text)?;
    Ok(parsed.id)
}

/// The line (1-based number and text) of record `id` in a `.jsonl` file. Works on bytes:
/// a lookup in a large file (people of a province) need not validate all of it.
pub fn find_line(path: &Path, id: &str) -> Result<Option<(usize, String)>> {
    find_line_in(path, fsio::read_optional(path)?.as_deref(), id)
}

/// Whether record `id` is in a `.jsonl` file, found by bisecting the file as if its lines
/// were sorted by id, reading a few blocks instead of the whole file. The tool writes people
/// in the order of their ids, but a hand edit need not: only a line found is trusted (it
/// starts a line and has exactly this id); false means "not found this way", and the caller
/// scans.
pub fn found_by_bisection(path: &Path, id: &str) -> bool {
    use std::os::unix::fs::FileExt;
    const BLOCK: usize = 4096;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(len) = file.metadata().map(|m| m.len()) else {
        return false;
    };
    // The id of the line starting at `at`; none when the line is not in the tool's plain
    // shape.
    let id_at = |at: u64| -> Option<String> {
        let mut buf = vec![0u8; BLOCK];
        let n = file.read_at(&mut buf, at).ok()?;
        let rest = buf[..n].strip_prefix(br#"{"id":""#)?;
        let end = rest.iter().position(|b| *b == b'"')?;
        let found = std::str::from_utf8(&rest[..end]).ok()?;
        (!found.contains('\\')).then(|| found.to_string())
    };
    // The start of the first line at or after `at`.
    let next_start = |at: u64| -> Option<u64> {
        if at == 0 {
            return Some(0);
        }
        let mut pos = at - 1;
        let mut buf = vec![0u8; BLOCK];
        while pos < len {
            let n = file.read_at(&mut buf, pos).ok()?;
            if n == 0 {
                return None;
            }
            if let Some(p) = buf[..n].iter().position(|b| *b == b'\n') {
                return Some(pos + p as u64 + 1);
            }
            pos += n as u64;
        }
        None
    };
    let (mut lo, mut hi) = (0u64, len);
    for _ in 0..64 {
        if lo >= hi {
            break;
        }
        let mid = lo + (hi - lo) / 2;
        let Some(start) = next_start(mid).filter(|s| *s < hi) else {
            // No line starts in [mid, hi): look below mid.
            hi = mid;
            continue;
        };
        let Some(found) = id_at(start) else {
            return false;
        };
        match found.as_str().cmp(id) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lo = next_start(start + 1).unwrap_or(len),
            std::cmp::Ordering::Greater => hi = mid,
        }
    }
    false
}

/// `find_line` in the file's bytes, already read (`None`: the file does not exist).
pub fn find_line_in(
    path: &Path,
    bytes: Option<&[u8]>,
    id: &str,
) -> Result<Option<(usize, String)>> {
    const PREFIX: &[u8] = br#"{"id":""#;
    let Some(bytes) = bytes else {
        return Ok(None);
    };
    for (i, line) in fsio::lines(bytes).enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        // The tool writes `{"id":"<id>",...`: compare in place, parse only other shapes.
        let plain = line.strip_prefix(PREFIX).and_then(|rest| {
            let end = rest.iter().position(|b| *b == b'"')?;
            (!rest[..end].contains(&b'\\')).then_some(&rest[..end])
        });
        let same = if let Some(found) = plain {
            found == id.as_bytes()
        } else {
            let text = std::str::from_utf8(line)
                .map_err(|_| Error::malformed(path, i + 1, "is not valid UTF-8"))?;
            line_id(path, i + 1, text)? == id
        };
        if same {
            let text = std::str::from_utf8(line)
                .map_err(|_| Error::malformed(path, i + 1, "is not valid UTF-8"))?;
            return Ok(Some((i + 1, text.trim_end_matches('\r').to_string())));
        }
    }
    Ok(None)
}

/// The ids of the villages in the store, sorted: directories under `villages/` that hold
/// a `village.json`.
pub fn village_ids(layout: &Layout) -> Result<Vec<String>> {
    let mut ids = village_dirs(layout)?;
    ids.retain(|id| layout.village_file(id).is_file());
    Ok(ids)
}

/// The directories under `villages/` named like a village's id, sorted; some may hold no
/// `village.json` (`village_ids` leaves those out).
pub fn village_dirs(layout: &Layout) -> Result<Vec<String>> {
    let dir = layout.villages_dir();
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read directory", &dir, &e)),
    };
    let mut ids = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("read directory", &dir, &e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') && crate::model::check_id("id", &name).is_ok() {
            ids.push(name);
        }
    }
    ids.sort_unstable();
    Ok(ids)
}

/// One village's `village.json`, parsed as `R` (a `Village`, or a loose form for checks).
pub fn read_village_as<R: DeserializeOwned>(layout: &Layout, id: &str) -> Result<Option<R>> {
    let path = layout.village_file(id);
    let Some(text) = fsio::read_text(&path)? else {
        return Ok(None);
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| Error::malformed(&path, e.line(), e))
}

pub fn read_village(layout: &Layout, id: &str) -> Result<Option<Village>> {
    if crate::model::check_id("id", id).is_err() {
        return Ok(None);
    }
    read_village_as(layout, id)
}

/// One village and everything kept in its directory.
#[derive(Debug, Clone)]
pub struct VillageRecords {
    pub village: Village,
    pub teams: Vec<Team>,
    pub households: Vec<Household>,
    pub allocations: Vec<Allocation>,
    pub plans: Vec<Plan>,
    pub members: Vec<Member>,
    pub cases: Vec<Case>,
    pub attendance: Vec<Attendance>,
    pub leaves: Vec<Leave>,
    pub assessments: Vec<Assessment>,
}

/// The whole registry in memory, villages sorted by id; or, when `partial`, the people and
/// some of the villages.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    pub people: Vec<Person>,
    pub villages: Vec<VillageRecords>,
    /// Only some villages are here (a scoped check's, or those a change reaches): a finding
    /// that concerns no village is not wanted from it, as its caller shows none or keeps
    /// those of the whole check.
    pub partial: bool,
}

pub(super) fn read_village_records(layout: &Layout, id: &str) -> Result<Option<VillageRecords>> {
    thread_local! {
        /// One read buffer per loading thread, reused for every file it reads.
        static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let Some(village) = read_village(layout, id)? else {
        return Ok(None);
    };
    BUF.with_borrow_mut(|buf| {
        Ok(Some(VillageRecords {
            teams: read_jsonl_into(&layout.collection(id, Kind::Team), buf)?,
            households: read_jsonl_into(&layout.collection(id, Kind::Household), buf)?,
            allocations: read_jsonl_into(&layout.collection(id, Kind::Allocation), buf)?,
            plans: read_jsonl_into(&layout.collection(id, Kind::Plan), buf)?,
            members: read_jsonl_into(&layout.collection(id, Kind::Member), buf)?,
            cases: read_jsonl_into(&layout.collection(id, Kind::Case), buf)?,
            attendance: read_jsonl_into(&layout.collection(id, Kind::Attendance), buf)?,
            leaves: read_jsonl_into(&layout.collection(id, Kind::Leave), buf)?,
            assessments: read_jsonl_into(&layout.collection(id, Kind::Assessment), buf)?,
            village,
        }))
    })
}

/// Runs `work` over `items` on every core, keeping the order of `items`.
pub fn parallel_map<T: Sync, U: Send>(
    items: &[T],
    work: impl Fn(&T) -> Result<U> + Sync + Send,
) -> Result<Vec<U>> {
    use rayon::prelude::*;
    items.par_iter().map(work).collect()
}

/// Runs `work` over `items` on `threads` threads, in contiguous chunks, keeping the order of
/// `items`; every item is worked on, whatever the others give. For work that waits on the
/// disk (syncing files), where more threads than cores pay: CPU work uses rayon's pool.
pub fn parallel_results<T: Sync, U: Send>(
    items: &[T],
    threads: usize,
    work: impl Fn(&T) -> U + Sync,
) -> Vec<U> {
    if threads <= 1 || items.len() < 2 {
        return items.iter().map(&work).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                let work = &work;
                s.spawn(move || part.iter().map(work).collect::<Vec<U>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// Loads the whole registry: each village and the people from their snapshots where those
/// are current (see `snapshot`), else from their files.
pub fn load_all(layout: &Layout) -> Result<Registry> {
    let ids = village_ids(layout)?;
    let (people, villages) = beside_people(layout, || load_keyed(layout, &ids));
    // A village's error first, as when the people were read after the villages.
    let villages = villages?.into_iter().map(|(v, _)| v).collect();
    Ok(Registry {
        people: people?,
        villages,
        partial: false,
    })
}

/// The people, read on a thread of their own while `work` runs: reading them keeps one core
/// busy for some 16 ms on a province, which the villages' work, on every core, hides.
fn beside_people<T>(
    layout: &Layout,
    work: impl FnOnce() -> T,
) -> (Result<Vec<crate::model::Person>>, T) {
    std::thread::scope(|scope| {
        let people = scope.spawn(|| Snapshots::new(layout).people());
        let done = work();
        let people = people
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (people, done)
    })
}

/// The villages `ids` that have a `village.json`, each with its `rules::cross_keys`, in the
/// order of `ids`: from their snapshots where those are current, in parallel.
pub fn load_keyed(layout: &Layout, ids: &[String]) -> Result<Vec<(VillageRecords, Vec<CrossKey>)>> {
    let villages = Snapshots::new(layout).villages_keyed(ids)?;
    Ok(villages.into_iter().flatten().collect())
}

/// What a check of some villages needs (README, "Derived data"): the villages `wanted` picks
/// by id and county, every village sharing one of their `rules::cross_keys`, and the people;
/// with the counties of every village in the store. Reads every village's head from the kept
/// heads (`Snapshots::village_heads`), and the records only of the villages it returns.
pub fn load_scope(
    layout: &Layout,
    wanted: impl Fn(&str, &str) -> bool + Sync,
) -> Result<(Registry, std::collections::BTreeSet<String>)> {
    let (people, villages) = beside_people(layout, || villages_in_scope(layout, wanted));
    let (villages, counties) = villages?;
    let registry = Registry {
        people: people?,
        villages,
        partial: true,
    };
    Ok((registry, counties))
}

/// `load_scope`'s villages, and the counties of every village.
fn villages_in_scope(
    layout: &Layout,
    wanted: impl Fn(&str, &str) -> bool,
) -> Result<(Vec<VillageRecords>, std::collections::BTreeSet<String>)> {
    let ids = village_dirs(layout)?;
    let snapshots = Snapshots::new(layout);
    let kept = snapshots.kept_heads();
    let heads = snapshots.village_heads(&ids, &kept)?;
    let picked = |(id, head): &(&String, &Option<VillageHead<'_>>)| {
        head.as_ref().is_some_and(|h| wanted(id, &h.county))
    };
    let mut keys = rustc_hash::FxHashSet::<CrossKey>::default();
    for (_, head) in ids.iter().zip(&heads).filter(picked) {
        keys.extend(kept.keys_of(head.as_ref().expect("a picked village has a head"))?);
    }
    // A bit per key's low bits, some sixteen bits a key: most keys of other villages miss
    // it, in the cache, before the set is asked.
    let words = (keys.len() / 4).next_power_of_two().max(1 << 10);
    let mut bits = vec![0u64; words];
    let bit = |k: CrossKey| ((k >> 6) as usize & (words - 1), 1u64 << (k & 63));
    for k in &keys {
        let (word, b) = bit(*k);
        bits[word] |= b;
    }
    let sharing = kept.sharing(&heads, |k| {
        let (word, b) = bit(k);
        bits[word] & b != 0 && keys.contains(&k)
    })?;
    let chosen: Vec<String> = ids
        .iter()
        .zip(&heads)
        .zip(sharing)
        .filter(|(pair, shares)| picked(pair) || *shares)
        .map(|((id, _), _)| id.clone())
        .collect();
    let villages = snapshots.villages_keyed(&chosen)?;
    let counties = heads
        .into_iter()
        .flatten()
        .map(|h| h.county.into_owned())
        .collect();
    let villages = villages.into_iter().flatten().map(|(v, _)| v).collect();
    Ok((villages, counties))
}

/// Every village with the `(kind, id)` of each record of `kinds` it holds, for rebuilding
/// the index of those kinds.
/// The ids of the records in the file at `path`, in its order; none when it is absent.
pub fn ids_in(path: &Path) -> Result<Vec<String>> {
    let Some(text) = fsio::read_text(path)? else {
        return Ok(Vec::new());
    };
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| line_id(path, i + 1, line))
        .collect()
}

pub fn index_entries(layout: &Layout, kinds: &[Kind]) -> Result<super::index::Entries> {
    let ids = village_ids(layout)?;
    let per_village = parallel_map(&ids, |v| {
        let mut out = Vec::new();
        for &kind in kinds {
            let ids = ids_in(&layout.collection(v, kind))?;
            out.extend(ids.into_iter().map(|id| (kind, id)));
        }
        Ok(out)
    })?;
    Ok(ids.into_iter().zip(per_village).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_of(lines: &[String]) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut f, lines.concat().as_bytes()).unwrap();
        f
    }

    fn person(id: &str, pad: usize) -> String {
        format!("{{\"id\":\"{id}\",\"name\":\"{}\"}}\n", "张".repeat(pad))
    }

    #[test]
    fn bisection_finds_every_line_of_a_sorted_file_and_never_a_missing_one() {
        let ids: Vec<String> = (1..=500).map(|n| format!("P{n:06}")).collect();
        // Lines of many lengths, some longer than a block.
        let lines: Vec<String> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| person(id, (i * 37) % 1500))
            .collect();
        let f = file_of(&lines);
        for id in &ids {
            assert!(found_by_bisection(f.path(), id), "{id}");
        }
        for missing in ["P000000", "P000501", "P0002", "Q000001", ""] {
            assert!(!found_by_bisection(f.path(), missing), "{missing}");
        }
    }

    #[test]
    fn bisection_in_an_unsorted_file_trusts_only_what_it_finds() {
        let lines: Vec<String> = ["P9", "P1", "P5", "P13", "P2"]
            .iter()
            .map(|id| person(id, 3))
            .collect();
        let f = file_of(&lines);
        for id in ["P9", "P1", "P5", "P13", "P2"] {
            // Found or not, never wrong: what it finds is there, and find_line agrees.
            if found_by_bisection(f.path(), id) {
                assert!(find_line(f.path(), id).unwrap().is_some());
            }
        }
        assert!(!found_by_bisection(f.path(), "P7"));
        // A line that only contains the id further on is not that record.
        let f = file_of(&["{\"name\":\"x\",\"id\":\"P1\"}\n".to_string()]);
        assert!(!found_by_bisection(f.path(), "P1"));
    }
}
