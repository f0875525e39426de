//! Attacks on the evidence: deleting a village, a journal or a record file; older stores whose
//! villages the store journal does not know yet; `verify` that must never write; a
//! world-writable store directory.

use crate::common::TestStore;

fn store_with_village() -> TestStore {
    let s = TestStore::new();
    s.with_village_and_team();
    for id in ["H1", "H2"] {
        s.run(&[
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
        ])
        .success();
    }
    s
}

#[test]
fn a_deleted_village_directory_is_damage() {
    let s = store_with_village();
    s.ok("verify");
    std::fs::remove_dir_all(s.file("villages/V1")).unwrap();
    s.cmd("verify")
        .status(1)
        .stdout_has("villages/V1: damage: village V1 is missing: the store journal (journal.jsonl:1) says it exists");
}

#[test]
fn boundary_a_village_removed_by_the_tool_is_not_missing() {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    s.ok("village remove V1");
    s.ok("verify");
}

#[test]
fn deleting_the_people_file_with_the_store_journal_is_damage() {
    let s = store_with_village();
    std::fs::remove_file(s.file("people.jsonl")).unwrap();
    std::fs::remove_file(s.file("journal.jsonl")).unwrap();
    s.cmd("verify")
        .status(1)
        .stdout_has("journal.jsonl: damage: the store-level journal is missing");
}

#[test]
fn a_deleted_village_journal_is_damage() {
    let s = store_with_village();
    std::fs::remove_file(s.file("villages/V1/journal.jsonl")).unwrap();
    s.cmd("verify")
        .status(1)
        .stdout_has("villages/V1/journal.jsonl: damage: the village's journal is missing");
}

#[test]
fn a_deleted_record_file_is_damage() {
    let s = store_with_village();
    std::fs::remove_file(s.file("villages/V1/households.jsonl")).unwrap();
    s.cmd("verify")
        .status(1)
        .stdout_has("household H1 (add) says it exists, but it is not in the store");
}

#[test]
fn repair_registers_the_villages_of_an_older_store() {
    // An older store: its villages were added before the store journal recorded them. Build
    // one by copying a village directory into a store whose journal never saw it.
    let old = store_with_village();
    let s = TestStore::new();
    for (id, name) in [("P1", "王芳"), ("P2", "李明"), ("P3", "张伟")] {
        s.run(&["person", "add", "--id", id, "--name", name])
            .success();
    }
    copy_dir(&old.file("villages/V1"), &s.file("villages/V1"));
    s.ok("verify")
        .stdout_has("villages/V1: notice: village V1 has no line in journal.jsonl");
    s.ok("verify --repair")
        .stdout_has("villages/V1: repaired: registered village V1 in journal.jsonl");
    let journal = s.read("journal.jsonl");
    assert!(
        journal.contains(r#""op":"register","kind":"village","id":"V1""#),
        "{journal}"
    );
    s.ok("verify").stdout_lacks("notice");
    // From now on its disappearance is damage.
    std::fs::remove_dir_all(s.file("villages/V1")).unwrap();
    s.cmd("verify")
        .status(1)
        .stdout_has("village V1 is missing");
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

#[test]
fn verify_without_repair_never_writes() {
    let s = store_with_village();
    // Leftovers verify --repair would mend: a torn line, a stray temp, a stale index, an
    // empty village directory, a pending change.
    let journal = s.file("villages/V1/journal.jsonl");
    let mut text = std::fs::read(&journal).unwrap();
    text.extend_from_slice(br#"{"seq":9,"at""#);
    std::fs::write(&journal, text).unwrap();
    std::fs::write(s.file("villages/V1/.households.jsonl.tmp-abc"), "x").unwrap();
    std::fs::create_dir(s.file("villages/V9")).unwrap();
    std::fs::remove_dir_all(s.file(".cache")).unwrap();
    let before = s.snapshot();
    s.cmd("verify").status(1);
    s.cmd("--format json verify").status(1);
    s.cmd("verify --village V1").status(1);
    assert!(
        before == s.snapshot(),
        "verify without --repair wrote to the store"
    );
    assert!(!s.file(".cache").exists());
}

#[cfg(unix)]
#[test]
fn init_on_a_world_writable_directory_tightens_it() {
    use std::os::unix::fs::PermissionsExt;
    let s = TestStore::empty();
    let dir = s.path().join("store");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    s.run(&["init", dir.to_str().unwrap()]).success();
    let mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "{mode:o}");
}

#[test]
fn a_failed_village_add_leaves_no_directory() {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    // A torn store journal stops every village add (it is journaled there too).
    let journal = s.file("journal.jsonl");
    let mut text = std::fs::read(&journal).unwrap();
    text.extend_from_slice(br#"{"seq":2"#);
    std::fs::write(&journal, text).unwrap();
    s.refuses(
        "village add --id V2 --name 小河村 --county 西秀区 --township 旧州镇",
        4,
    );
    assert!(!s.file("villages/V2").exists());
}

#[test]
fn a_store_named_by_a_relative_path_commits_and_verifies() {
    // Temporary files are recorded in the intent relative to the store as it was named.
    let s = TestStore::empty();
    let run = |args: &[&str]| {
        let out = crate::common::bangfu()
            .current_dir(s.path())
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
    };
    run(&["init", "rel"]);
    run(&[
        "--store",
        "rel",
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
    run(&["--store", "rel", "verify"]);
    assert!(!s.path().join("rel/.intent.json").exists());
}
