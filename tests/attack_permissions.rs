//! Attacks through permissions: a journal the command cannot append to. The command must
//! fail with status 4 and leave the store as it was — never records without journal lines,
//! never an empty village directory.
//!
//! As root, permissions do not stop a write, so the file is made immutable with
//! `chattr +i`; as another user, it is made read-only. Where neither stops a write (a file
//! system without the immutable flag, running as root), the test says so and skips.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::TestStore;

/// A file made unwritable for the test's length.
struct Unwritable {
    path: PathBuf,
    chattr: bool,
}

impl Unwritable {
    fn make(path: &Path) -> Option<Unwritable> {
        use std::os::unix::fs::PermissionsExt;
        let chattr = Command::new("chattr")
            .arg("+i")
            .arg(path)
            .status()
            .is_ok_and(|s| s.success());
        if !chattr {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o400)).unwrap();
        }
        let guard = Unwritable {
            path: path.to_path_buf(),
            chattr,
        };
        let writable = std::fs::OpenOptions::new().append(true).open(path).is_ok();
        if writable {
            eprintln!(
                "skipped: cannot make {} unwritable here (no chattr +i, and root ignores \
                 permissions)",
                path.display()
            );
            return None;
        }
        Some(guard)
    }
}

impl Drop for Unwritable {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.chattr {
            let _ = Command::new("chattr").arg("-i").arg(&self.path).status();
        } else {
            let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(0o600));
        }
    }
}

/// The store's files, without the lock file and the id index (a cache, rebuilt at will).
fn records_and_journals(s: &TestStore) -> Vec<(PathBuf, Vec<u8>)> {
    s.snapshot()
        .into_iter()
        .filter(|(p, _)| !p.starts_with(".cache"))
        .collect()
}

#[test]
fn an_unwritable_village_journal_leaves_no_household_behind() {
    let s = TestStore::new();
    s.with_village_and_team();
    let before = records_and_journals(&s);
    let Some(guard) = Unwritable::make(&s.file("villages/V1/journal.jsonl")) else {
        return;
    };
    s.cmd("household add --id H1 --village V1 --head 李四 --size 2")
        .status(4);
    assert!(
        before == records_and_journals(&s),
        "the failed add changed the store"
    );
    assert!(!s.file(".intent.json").exists());
    s.cmd("household show H1").status(3);
    drop(guard);
    s.ok("verify");
}

#[test]
fn an_unwritable_store_journal_leaves_no_village_directory() {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    let before = records_and_journals(&s);
    let Some(guard) = Unwritable::make(&s.file("journal.jsonl")) else {
        return;
    };
    s.cmd("village add --id V2 --name 小河村 --county 西秀区 --township 旧州镇")
        .status(4);
    assert!(
        !s.file("villages/V2").exists(),
        "an empty villages/V2/ was left"
    );
    assert!(before == records_and_journals(&s));
    drop(guard);
    s.ok("verify");
    // Boundary: writable again, the same add succeeds.
    s.ok("village add --id V2 --name 小河村 --county 西秀区 --township 旧州镇");
}

#[test]
fn an_unwritable_second_journal_undoes_the_first_append() {
    // A person removal is journaled in the store journal; a household move in two village
    // journals: the second journal refusing must cut the first back.
    let s = TestStore::new();
    s.with_village_and_team();
    s.village("V2", "小河村", "西秀区", "旧州镇");
    s.ok("household add --id H1 --village V1 --head 李四 --size 2");
    let before = records_and_journals(&s);
    let Some(guard) = Unwritable::make(&s.file("villages/V2/journal.jsonl")) else {
        return;
    };
    s.cmd("household update H1 --village V2").status(4);
    assert!(
        before == records_and_journals(&s),
        "a journal kept a line of a failed change"
    );
    drop(guard);
    s.ok("verify");
}

#[test]
fn repair_never_removes_the_temporary_files_a_pending_change_needs() {
    let s = TestStore::new();
    s.with_village_and_team();
    let add = [
        "household",
        "add",
        "--id",
        "H1",
        "--village",
        "V1",
        "--head",
        "李四",
        "--size",
        "2",
    ];
    // Committed (the intent is written), then the power goes.
    let run = s.run_with(&add, &[("BANGFU_CRASH_AT", "intent")], None);
    assert!(
        run.output.status.code().is_none(),
        "the hook did not stop the add"
    );
    let Some(guard) = Unwritable::make(&s.file("villages/V1/journal.jsonl")) else {
        return;
    };
    // The change cannot be completed now; repair must leave its staged files alone.
    s.cmd("verify --repair")
        .status(1)
        .stdout_has("a change interrupted by a crash cannot be completed");
    assert!(s.file(".intent.json").exists());
    let intent = s.read(".intent.json");
    let staged: Vec<String> = serde_json::from_str::<serde_json::Value>(&intent).unwrap()["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|step| {
            let step = step.as_object().unwrap().values().next().unwrap();
            step.get("temp").and_then(|t| t.as_str()).map(String::from)
        })
        .collect();
    assert!(!staged.is_empty());
    for temp in &staged {
        assert!(
            s.file(temp).exists(),
            "repair removed {temp}, which the change needs"
        );
    }
    drop(guard);
    // Writable again: the next command completes the change, journal line and all.
    s.ok("household show H1");
    assert!(!s.file(".intent.json").exists());
    s.ok("verify");
    s.ok("log --id H1").stdout_has("add");
}
