//! `bangfu import`: CSV files with the columns of the record reports, read back into the
//! store as one all-or-nothing change.
//!
//! Every row is parsed, validated and checked against the store and the earlier rows, and
//! every problem is collected as `FILE:LINE: column: problem`. Good rows go into the one
//! transaction as they are read, so references to them resolve and memory holds each record
//! once (in the transaction); if any row is bad the caller drops the transaction and nothing
//! is written.
//!
//! Order of insertion for `import all`: villages, people, teams, households, allocations,
//! plans. Each kind refers only to kinds before it, except a village's officials (people):
//! those are checked once the people are in.

mod fields;
mod rows;

use std::collections::HashMap;
use std::io::Read;

use crate::error::{Error, Result};
use crate::model::Kind;
use crate::store::Txn;

/// Imports one file as records of its kind.
struct ImportFile<'t, 's, 'p> {
    txn: &'t mut Txn<'s>,
    source: Source,
    state: &'t mut State<'p>,
}

impl crate::model::KindVisitor for ImportFile<'_, '_, '_> {
    type Out = Result<(Kind, usize)>;

    fn visit<R: crate::model::Record>(self) -> Self::Out {
        rows::import_file::<R>(self.txn, self.source, self.state)
    }
}

/// One CSV file to import.
pub struct Source {
    /// How messages name it: the path as given, or `<stdin>`.
    pub name: String,
    pub kind: Kind,
    /// Read on a thread of its own while the rows go into the store.
    pub reader: Box<dyn Read + Send>,
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
    problems: Vec<String>,
    villages: HashMap<String, bool>,
    officials: Vec<Officials>,
    counts: Vec<(Kind, usize)>,
    /// Bytes read so far across all files, for a progress bar.
    progress: &'p mut dyn FnMut(u64),
    done: u64,
}

impl State<'_> {
    fn problem(&mut self, at: &str, column: &str, text: &str) {
        self.problems.push(format!("{at}: {column}: {text}"));
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

/// Reads `sources` into the transaction. Returns how many records of each kind went in, or
/// every problem found.
pub fn import(
    txn: &mut Txn<'_>,
    mut sources: Vec<Source>,
    progress: &mut dyn FnMut(u64),
) -> Result<Vec<(Kind, usize)>> {
    sources.sort_by_key(|s| ORDER.iter().position(|k| *k == s.kind));
    let mut state = State {
        problems: Vec::new(),
        villages: HashMap::new(),
        officials: Vec::new(),
        counts: Vec::new(),
        progress,
        done: 0,
    };
    for source in sources {
        let kind = source.kind;
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
        return Ok(state.counts);
    }
    let n = state.problems.len();
    let mut lines = vec![format!(
        "import rejected: {n} problem{}; nothing was written",
        if n == 1 { "" } else { "s" }
    )];
    lines.append(&mut state.problems);
    Err(Error::RejectedMany(lines))
}

fn check_officials(txn: &mut Txn<'_>, state: &mut State<'_>) -> Result<()> {
    for o in std::mem::take(&mut state.officials) {
        for p in &o.people {
            if !txn.person_exists(p)? {
                state.problem(
                    &o.at,
                    &o.column,
                    &format!("{p} is not a known person (village {})", o.village),
                );
            }
        }
    }
    Ok(())
}
