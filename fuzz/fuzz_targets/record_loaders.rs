//! Any bytes as a `.jsonl` collection of each kind: records or an error naming file and line.
#![no_main]

use bangfu::model::{Allocation, Household, Person, Plan, Team};
use bangfu::store::read_jsonl;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.jsonl");
    std::fs::write(&path, bytes).unwrap();
    let named = |e: bangfu::Error| assert!(e.to_string().starts_with(&path.display().to_string()));
    let _ = read_jsonl::<Person>(&path).map_err(named);
    let _ = read_jsonl::<Team>(&path).map_err(named);
    let _ = read_jsonl::<Household>(&path).map_err(named);
    let _ = read_jsonl::<Allocation>(&path).map_err(named);
    let _ = read_jsonl::<Plan>(&path).map_err(named);
});
