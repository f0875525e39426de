//! Attacks through symbolic links planted in the store: nothing outside the store directory
//! is ever written, created, truncated or removed, and `verify` calls every link damage.

#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::PathBuf;

use crate::common::{TestStore, bangfu};

fn household_add(id: &str) -> Vec<String> {
    [
        "household",
        "add",
        "--id",
        id,
        "--village",
        "V1",
        "--head",
        "李四",
        "--size",
        "2",
    ]
    .map(String::from)
    .to_vec()
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// A store with village V1 and one household, and a file outside it to protect.
fn store_and_outside() -> (TestStore, tempfile::TempDir, PathBuf) {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    s.run(&args(&household_add("H1"))).success();
    let outside = tempfile::tempdir().unwrap();
    let canary = outside.path().join("canary.txt");
    std::fs::write(&canary, "outside the store\n").unwrap();
    (s, outside, canary)
}

#[test]
fn a_journal_that_is_a_symlink_is_never_appended_to() {
    let (s, _outside, canary) = store_and_outside();
    let journal = s.file("villages/V1/journal.jsonl");
    std::fs::copy(&journal, &canary).unwrap();
    let before = std::fs::read(&canary).unwrap();
    std::fs::remove_file(&journal).unwrap();
    symlink(&canary, &journal).unwrap();
    s.run(&args(&household_add("H2")))
        .status(4)
        .stderr_has("is a symbolic link; bangfu never writes through one");
    assert_eq!(std::fs::read(&canary).unwrap(), before);
    s.cmd("verify")
        .status(1)
        .stdout_has("villages/V1/journal.jsonl: damage: is a symbolic link");
}

#[test]
fn a_dangling_journal_symlink_never_creates_the_outside_file() {
    let (s, outside, _canary) = store_and_outside();
    let target = outside.path().join("created-by-bangfu.jsonl");
    let journal = s.file("villages/V1/journal.jsonl");
    std::fs::remove_file(&journal).unwrap();
    symlink(&target, &journal).unwrap();
    s.run(&args(&household_add("H2"))).status(4);
    assert!(!target.exists(), "bangfu created a file outside the store");
}

#[test]
fn a_record_file_that_is_a_symlink_is_not_replaced_through() {
    let (s, _outside, canary) = store_and_outside();
    let households = s.file("villages/V1/households.jsonl");
    std::fs::remove_file(&households).unwrap();
    symlink(&canary, &households).unwrap();
    s.run(&args(&household_add("H2"))).status(4);
    assert_eq!(
        std::fs::read_to_string(&canary).unwrap(),
        "outside the store\n"
    );
}

#[test]
fn a_village_directory_that_is_a_symlink_receives_no_writes() {
    let (s, outside, _canary) = store_and_outside();
    let elsewhere = outside.path().join("V2");
    std::fs::create_dir(&elsewhere).unwrap();
    symlink(&elsewhere, s.file("villages/V2")).unwrap();
    s.cmd("village add --id V2 --name 小河村 --county 西秀区 --township 旧州镇")
        .status(4);
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    s.cmd("verify")
        .status(1)
        .stdout_has("villages/V2: damage: is a symbolic link");
}

#[test]
fn the_lock_file_as_a_symlink_is_refused() {
    let (s, _outside, canary) = store_and_outside();
    std::fs::remove_file(s.file(".lock")).unwrap();
    symlink(&canary, s.file(".lock")).unwrap();
    s.run(&args(&household_add("H2"))).status(4);
    assert_eq!(
        std::fs::read_to_string(&canary).unwrap(),
        "outside the store\n"
    );
}

#[test]
fn a_planted_intent_through_a_symlinked_directory_touches_nothing_outside() {
    let (s, outside, canary) = store_and_outside();
    symlink(outside.path(), s.file("villages/EVIL")).unwrap();
    std::fs::write(
        s.file(".intent.json"),
        r#"{"steps":[{"delete":{"target":"villages/EVIL/canary.txt"}}]}"#,
    )
    .unwrap();
    // verify without --repair writes nothing, and names the intent as damage.
    let before = s.snapshot();
    s.cmd("verify")
        .status(1)
        .stdout_has("through a symbolic link");
    assert!(before == s.snapshot());
    assert!(canary.exists());
    // Neither a writer nor a reader nor verify --repair carries it out.
    s.run(&args(&household_add("H2"))).status(4);
    s.cmd("household list").status(4);
    s.cmd("verify --repair").status(1);
    assert!(canary.exists(), "a file outside the store was removed");
}

#[test]
fn boundary_a_store_reached_through_a_symlinked_root_works() {
    // The store's own path may pass through a link (a clerk's ~/registry → /data/registry):
    // only links inside the store are refused.
    let s = TestStore::new();
    let outside = tempfile::tempdir().unwrap();
    let link = outside.path().join("registry");
    symlink(s.path(), &link).unwrap();
    let run = |args: &[&str]| {
        let out = bangfu()
            .arg("--store")
            .arg(&link)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
    };
    run(&[
        "village",
        "add",
        "--id",
        "V1",
        "--name",
        "大坪村",
        "--county",
        "西秀区",
        "--township",
        "旧州镇",
    ]);
    run(&["verify"]);
}
