//! Any bytes as a journal: verify's chain check, the writers' head check and `log`'s reader.
#![no_main]

use std::path::Path;

use bangfu::store::journal;
use bangfu::store::verify::check_journal;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let (problems, _) = check_journal(Path::new("journal.jsonl"), bytes);
    assert!(problems.iter().all(|p| p.line.is_some()));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    std::fs::write(&path, bytes).unwrap();
    // A journal verify finds sound is one a writer may append to.
    if problems.is_empty() {
        journal::read_head(&path).unwrap();
    }
    let _ = journal::read_entries(&path);
});
