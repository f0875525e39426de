//! `bangfu import`: CSV files or sheets of a workbook with the columns of the record reports
//! (and the policy's settings), read back into the store as one all-or-nothing change.
//!
//! Every row is parsed, validated and checked against the store and the earlier rows, and
//! every problem is collected as `FILE:LINE: column: problem` (`FILE:SHEET:ROW: ...` in a
//! workbook). Good rows go into the one
//! transaction as they are read, so references to them resolve and memory holds each record
//! once (in the transaction); if any row is bad the caller drops the transaction and nothing
//! is written.
//!
//! Order of insertion for `import all`: villages, people, teams, households, allocations,
//! plans. Each kind refers only to kinds before it, except a village's officials (people):
//! those are checked once the people are in.

pub mod decode;
mod fields;
mod policy;
mod rows;
pub mod sheet_values;
pub mod xlsx;

use std::collections::HashMap;
use std::io::Read;

use crate::error::{Error, Result};
use crate::lang::Text;
use crate::model::Kind;
use crate::store::Txn;

/// One CSV file or sheet to import.
pub struct Source {
    /// How messages name it: the path as given, or `<stdin>`; for a sheet `FILE:SHEET`.
    pub name: String,
    /// The kind of its records; `None` for the policy's settings.
    pub kind: Option<Kind>,
    pub input: Input,
}

/// Where a source's rows come from.
pub enum Input {
    /// CSV text, read on a thread of its own while the rows go into the store.
    Csv(Box<dyn Read + Send>),
    /// A sheet of a workbook.
    Sheet(calamine::Range<calamine::Data>),
}

/// The order records go in, so that what they refer to is already there.
pub const ORDER: &[Kind] = &[
    Kind::Village,
    Kind::Person,
    Kind::Team,
    Kind::Household,
    Kind::Allocation,
    Kind::Plan,
    Kind::Member,
    Kind::Case,
    Kind::Attendance,
    Kind::Leave,
    Kind::Assessment,
];

/// A village's officials, checked once the people of the import are in.
struct Officials {
    at: String,
    /// The officials column as the file names it.
    column: String,
    village: String,
    people: Vec<String>,
}

/// What an import gathers while it reads.
pub(crate) struct State<'p> {
    problems: Vec<Text>,
    villages: HashMap<String, bool>,
    officials: Vec<Officials>,
    counts: Vec<(Kind, usize)>,
    /// Bytes read so far across all files, for a progress bar.
    progress: &'p mut dyn FnMut(u64),
    done: u64,
    policy_changed: usize,
}

impl State<'_> {
    /// A problem at `at` (`FILE:LINE`) in `column`: `FILE:LINE: column: problem`, and in
    /// Chinese `FILE:LINE：column：problem`.
    /// A problem in `column` as the file names it; a problem of the whole row or of the
    /// header (`row`, `header`) is named in each language.
    fn problem(&mut self, at: impl std::fmt::Display, column: &str, text: Text) {
        let named = match column {
            "row" => Text::new("row", "行"),
            "header" => Text::new("header", "表头"),
            other => Text::new(other, other),
        };
        self.problem_named(at, &named, text);
    }

    /// A problem in a column the file does not name (a missing one), named in each language.
    fn problem_named(&mut self, at: impl std::fmt::Display, column: &Text, text: Text) {
        self.problems.push(Text {
            en: format!("{at}: {}: {}", column.en, text.en),
            zh: format!("{at}：{}：{}", column.zh, text.zh),
        });
    }

    /// Whether a village exists as the transaction sees it (known villages cached).
    fn village_exists(&mut self, txn: &mut Txn<'_>, id: &str) -> Result<bool> {
        if let Some(known) = self.villages.get(id) {
            return Ok(*known);
        }
        let exists = txn.village(id)?.is_some();
        if exists {
            self.villages.insert(id.to_string(), true);
        }
        Ok(exists)
    }
}

/// What an import put in.
pub struct Imported {
    /// How many records of each kind.
    pub counts: Vec<(Kind, usize)>,
    /// How many policy settings changed.
    pub policy_changed: usize,
}

/// Imports the records of one source, as its kind.
struct ImportFile<'t, 's, 'p> {
    txn: &'t mut Txn<'s>,
    source: Source,
    state: &'t mut State<'p>,
}

impl crate::model::KindVisitor for ImportFile<'_, '_, '_> {
    type Out = Result<(Kind, usize)>;

    fn visit<R: crate::model::Record>(self) -> Self::Out {
        let (txn, state, name) = (self.txn, self.state, &self.source.name);
        match self.source.input {
            Input::Csv(reader) => rows::import_file::<R>(txn, name, reader, state),
            Input::Sheet(range) => rows::import_sheet::<R>(txn, name, &range, state),
        }
    }
}

/// Reads `sources` into the transaction. Returns how many records of each kind went in, or
/// every problem found.
pub fn import(
    txn: &mut Txn<'_>,
    mut sources: Vec<Source>,
    progress: &mut dyn FnMut(u64),
) -> Result<Imported> {
    // The policy's settings (no kind) go last.
    sources.sort_by_key(|s| {
        s.kind
            .and_then(|k| ORDER.iter().position(|o| *o == k))
            .unwrap_or(ORDER.len())
    });
    let mut state = State {
        problems: Vec::new(),
        villages: HashMap::new(),
        officials: Vec::new(),
        counts: Vec::new(),
        progress,
        done: 0,
        policy_changed: 0,
    };
    for source in sources {
        let Some(kind) = source.kind else {
            policy::import(txn, &source.name, source.input, &mut state)?;
            continue;
        };
        let counted = kind.visit(ImportFile {
            txn: &mut *txn,
            source,
            state: &mut state,
        })?;
        if kind == Kind::Person {
            check_officials(txn, &mut state)?;
        }
        state.counts.push(counted);
    }
    check_officials(txn, &mut state)?;
    if state.problems.is_empty() {
        return Ok(Imported {
            counts: state.counts,
            policy_changed: state.policy_changed,
        });
    }
    let n = state.problems.len();
    let mut lines = vec![Text {
        en: format!(
            "import rejected: {n} problem{}; nothing was written",
            if n == 1 { "" } else { "s" }
        ),
        zh: format!("导入被拒绝：{n} 个问题；没有写入任何内容"),
    }];
    lines.append(&mut state.problems);
    Err(Error::RejectedMany(lines))
}

fn check_officials(txn: &mut Txn<'_>, state: &mut State<'_>) -> Result<()> {
    for o in std::mem::take(&mut state.officials) {
        for p in &o.people {
            if !txn.person_exists(p)? {
                let village = &o.village;
                state.problem(
                    &o.at,
                    &o.column,
                    Text {
                        en: format!("{p} is not a known person (village {village})"),
                        zh: format!("{p} 不是已知的人员（村 {village}）"),
                    },
                );
            }
        }
    }
    Ok(())
}
