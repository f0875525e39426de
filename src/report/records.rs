//! The record reports (`villages`, `people`, `teams`, `households`, and every other kind):
//! one row per record, sorted by id, one column per field; with `--village`, one village's.
//!
//! They stream. People live in one file and villages are directories named by id, so both
//! come out in id order as they are read. Teams, households, allocations and plans are spread
//! over village directories while their ids are unique across the store, so id order cuts
//! across villages. A first pass reads each village's file once and keeps only a key per
//! record (id, village, byte offset, length: about 35 bytes with its id, 35 MB for a million
//! households). When the keys are already in id order village after village (ids given per
//! village, such as 建档立卡 numbers that start with the village code), the second pass simply
//! reads the files again in the same order. Otherwise it sorts the keys and reads each
//! record's line at its offset, keeping a few village files open, so memory stays at the keys
//! plus a few batches of rows: the one being made, the one waiting, the one being written.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::{Kind, Person, Record, Village};
use crate::store::{Store, fsio, line_id, parse_line};

use super::{Headers, Sink, record_headers, typed_row};

/// Writes the record report of `kind`: of the whole store, or with `village` (`--village`)
/// of that village's records alone: its own row, the people whose home village it is (as
/// `person list --village` lists them), the records kept in its directory.
pub fn write(
    store: &Store,
    kind: Kind,
    village: Option<&str>,
    headers: Headers,
    unmask: bool,
    sink: &mut dyn Sink,
) -> Result<()> {
    let villages = match village {
        Some(v) => vec![v.to_string()],
        None => store.village_ids()?,
    };
    match kind {
        Kind::Person => people(store, village, headers, unmask, sink),
        Kind::Village => self::villages(store, &villages, headers, unmask, sink),
        kind => kind.visit(InVillages {
            store,
            villages: &villages,
            headers,
            unmask,
            sink,
        }),
    }
}

/// The record report of a kind kept in village directories.
struct InVillages<'a> {
    store: &'a Store,
    villages: &'a [String],
    headers: Headers,
    unmask: bool,
    sink: &'a mut dyn Sink,
}

impl crate::model::KindVisitor for InVillages<'_> {
    type Out = Result<()>;

    fn visit<R: Record>(self) -> Result<()> {
        in_villages::<R>(
            self.store,
            self.villages,
            self.headers,
            self.unmask,
            self.sink,
        )
    }
}

fn emit<R: Record>(record: R, headers: Headers, unmask: bool, sink: &mut dyn Sink) -> Result<()> {
    let shown = crate::output::masked(record, unmask);
    sink.row(&typed_row(&shown, headers.values))
}

fn people(
    store: &Store,
    village: Option<&str>,
    headers: Headers,
    unmask: bool,
    sink: &mut dyn Sink,
) -> Result<()> {
    sink.header(&record_headers::<Person>(headers))?;
    let mut people = store.people()?;
    if let Some(v) = village {
        people.retain(|p| p.home_village.as_deref() == Some(v));
    }
    // The tool keeps the file sorted; a hand-edited one may not be.
    if !people.is_sorted_by(|a, b| a.id <= b.id) {
        people.sort_by(|a, b| a.id.cmp(&b.id));
    }
    for p in people {
        emit(p, headers, unmask, sink)?;
    }
    Ok(())
}

fn villages(
    store: &Store,
    ids: &[String],
    headers: Headers,
    unmask: bool,
    sink: &mut dyn Sink,
) -> Result<()> {
    sink.header(&record_headers::<Village>(headers))?;
    for id in ids {
        if let Some(v) = store.village(id)? {
            emit(v, headers, unmask, sink)?;
        }
    }
    Ok(())
}

/// Where one record's line is; its id is `ids[id.0..id.0 + id.1]` of the first pass's ids.
struct Key {
    id: (u32, u32),
    village: u32,
    offset: u64,
    len: u32,
}

/// The ids of the first pass, one after another in one string: a million keys hold no
/// allocation each.
#[derive(Default)]
struct Ids(String);

impl Ids {
    fn add(&mut self, id: &str) -> Result<(u32, u32)> {
        let at = u32::try_from(self.0.len()).map_err(|_| too_many())?;
        let len = u32::try_from(id.len()).map_err(|_| too_many())?;
        self.0.push_str(id);
        Ok((at, len))
    }

    fn of(&self, key: &Key) -> &str {
        let (at, len) = (key.id.0 as usize, key.id.1 as usize);
        &self.0[at..at + len]
    }
}

fn too_many() -> Error {
    Error::store_in(crate::lang::Text {
        en: "the store has too many records to export as one report".into(),
        zh: "库中记录过多，无法导出为一张报表".into(),
    })
}

fn in_villages<R: Record>(
    store: &Store,
    villages: &[String],
    headers: Headers,
    unmask: bool,
    sink: &mut dyn Sink,
) -> Result<()> {
    sink.header(&record_headers::<R>(headers))?;
    let layout = store.layout();
    let paths: Vec<PathBuf> = villages
        .iter()
        .map(|v| layout.collection(v, R::KIND))
        .collect();
    // Rows are made on another thread (and the pool) while this one writes the rows made
    // before them: parsing and writing, about equal shares of an export, overlap.
    let (sender, rows) = std::sync::mpsc::sync_channel::<Vec<Vec<super::Cell>>>(1);
    std::thread::scope(|s| {
        let making = s.spawn(|| {
            let lines = Lines::<R> {
                paths: &paths,
                batch: Vec::with_capacity(Lines::<R>::BATCH),
                unmask,
                headers,
                sender,
                record: std::marker::PhantomData,
            };
            make_rows(&paths, lines)
        });
        let mut written = Ok(());
        for batch in rows {
            written = batch.iter().try_for_each(|row| sink.row(row));
            if written.is_err() {
                // The receiver is dropped on leaving the loop: the maker stops at its next
                // batch.
                break;
            }
        }
        let made = making
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        written.and(made)
    })
}

/// Reads the records of `paths` in id order into `lines`, which sends them on as rows.
fn make_rows<R: Record>(paths: &[PathBuf], mut lines: Lines<'_, R>) -> Result<()> {
    let mut keys = Vec::new();
    let mut ids = Ids::default();
    for (village, path) in paths.iter().enumerate() {
        let Some(text) = fsio::read_text(path)? else {
            continue;
        };
        let mut offset = 0u64;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            let content = line.trim_end_matches(['\n', '\r']);
            if !content.trim().is_empty() {
                keys.push(Key {
                    id: ids.add(&line_id(path, i + 1, content)?)?,
                    village: village as u32,
                    offset,
                    len: content.len() as u32,
                });
            }
            offset += line.len() as u64;
        }
    }

    if keys.is_sorted_by(|a, b| ids.of(a) <= ids.of(b)) {
        // Id order is file order: read the files again, one at a time.
        drop((keys, ids));
        for (village, path) in paths.iter().enumerate() {
            let Some(text) = fsio::read_text(path)? else {
                continue;
            };
            for (i, line) in text.lines().enumerate() {
                if !line.trim().is_empty() {
                    lines.push(village, i + 1, line.to_string())?;
                }
            }
        }
        return lines.flush();
    }

    keys.sort_by(|a, b| ids.of(a).cmp(ids.of(b)).then(a.village.cmp(&b.village)));
    drop(ids);
    let mut files = OpenFiles::default();
    let mut buf = Vec::new();
    let mut start = 0;
    while start < keys.len() {
        // Records next to each other in one file (the usual case: most of a village's ids
        // are in order) are read with one read.
        let first = &keys[start];
        let mut end = start + 1;
        let mut until = first.offset + u64::from(first.len);
        while let Some(next) = keys.get(end)
            && next.village == first.village
            && next.offset >= until
            && next.offset <= until + 2
        {
            until = next.offset + u64::from(next.len);
            end += 1;
        }
        let path = &paths[first.village as usize];
        let span = u32::try_from(until - first.offset).map_err(|_| {
            Error::store_in(crate::lang::Text {
                en: format!("{} is too large to export", path.display()),
                zh: format!("{} 太大，无法导出", path.display()),
            })
        })?;
        files.read_at(first.village, path, first.offset, span, &mut buf)?;
        for key in &keys[start..end] {
            let at = (key.offset - first.offset) as usize;
            let text = std::str::from_utf8(&buf[at..at + key.len as usize]).map_err(|_| {
                Error::store_in(crate::lang::Text {
                    en: format!("{} is not valid UTF-8", path.display()),
                    zh: format!("{} 不是有效的 UTF-8 文本", path.display()),
                })
            })?;
            lines.push(key.village as usize, 0, text.to_string())?;
        }
        start = end;
    }
    lines.flush()
}

/// Stored lines in report order, turned into rows a batch at a time on every core (parsing
/// a million records is most of an export's work) and sent, in order, to be written.
struct Lines<'p, R> {
    paths: &'p [PathBuf],
    /// (village, line number or 0, the stored line)
    batch: Vec<(usize, usize, String)>,
    unmask: bool,
    headers: Headers,
    sender: std::sync::mpsc::SyncSender<Vec<Vec<super::Cell>>>,
    record: std::marker::PhantomData<R>,
}

impl<R: Record> Lines<'_, R> {
    const BATCH: usize = 8192;

    fn push(&mut self, village: usize, line: usize, text: String) -> Result<()> {
        self.batch.push((village, line, text));
        if self.batch.len() == Self::BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Sends the batch's rows to be written.
    fn flush(&mut self) -> Result<()> {
        let (paths, unmask, headers) = (self.paths, self.unmask, self.headers);
        let rows = crate::store::parallel_map(&self.batch, |(village, line, text)| {
            let record: R = parse_line(&paths[*village], *line, text)?;
            Ok(typed_row(
                &crate::output::masked(record, unmask),
                headers.values,
            ))
        })?;
        self.batch.clear();
        // A closed channel means the writer failed: the making stops, and the writer's
        // error is the one reported.
        self.sender.send(rows).map_err(|_| Error::ClosedPipe)
    }
}

/// A few open village files, for reading records at their offsets.
#[derive(Default)]
struct OpenFiles {
    open: HashMap<u32, File>,
}

impl OpenFiles {
    /// Far below any limit on open files.
    const MAX_OPEN: usize = 64;

    fn read_at(
        &mut self,
        village: u32,
        path: &Path,
        offset: u64,
        len: u32,
        buf: &mut Vec<u8>,
    ) -> Result<()> {
        if !self.open.contains_key(&village) {
            if self.open.len() >= Self::MAX_OPEN {
                self.open.clear();
            }
            let f = File::open(path).map_err(|e| Error::io("open", path, &e))?;
            self.open.insert(village, f);
        }
        let f = self
            .open
            .get_mut(&village)
            .unwrap_or_else(|| unreachable!());
        buf.resize(len as usize, 0);
        f.seek(SeekFrom::Start(offset))
            .and_then(|_| f.read_exact(buf))
            .map_err(|e| Error::io("read", path, &e))
    }
}
