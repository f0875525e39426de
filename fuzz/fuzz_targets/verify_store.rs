//! Any bytes as a village's files: verify reports, repair mends, nothing panics.
#![no_main]

use bangfu::store::{Store, verify};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    // Three files cut from one input at its first two 0xff bytes.
    let mut parts = bytes.splitn(3, |b| *b == 0xff);
    let (households, journal, village) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    let dir = tempfile::tempdir().unwrap();
    let store = Store::init(dir.path(), None).unwrap();
    let v1 = dir.path().join("villages").join("V1");
    std::fs::create_dir_all(&v1).unwrap();
    std::fs::write(v1.join("households.jsonl"), households).unwrap();
    std::fs::write(v1.join("journal.jsonl"), journal).unwrap();
    std::fs::write(v1.join("village.json"), village).unwrap();
    verify::verify(&store, None, false).unwrap();
    let repaired = verify::verify(&store, Some("V1"), true).unwrap();
    assert!(repaired.problems.iter().all(|p| !p.repairable));
});
