//! Crash safety of a large import: `bangfu import households FILE.csv` stopped at several
//! points, by the `BANGFU_CRASH_AT` testing hook and by SIGKILL, leaves a store that `verify`
//! accepts and that holds all of the file's households or none of them.
//!
//! Registered in tests/main.rs once `import` is merged (it is built on another branch).

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::{Run, TestStore, bangfu};

const VILLAGES: usize = 10;
const PER_VILLAGE: usize = 300;

/// A store with villages V01–V10 and helper P1, and a CSV of 3,000 households with the
/// columns of `export households` in a directory of its own.
fn base() -> (TestStore, TestStore, PathBuf) {
    let s = TestStore::new();
    s.ok("person add --id P1 --name 王芳");
    for v in 1..=VILLAGES {
        let id = format!("V{v:02}");
        s.run(&[
            "village",
            "add",
            "--id",
            &id,
            "--name",
            "大坪村",
            "--county",
            "西秀区",
            "--township",
            "旧州镇",
        ])
        .success();
    }
    let mut csv = String::from(
        "id,village,head,id_number,size,status,category,causes,measures,income_per_capita,\
         identified_on,exited_on,exit_verified_by,helper,relations\n",
    );
    for v in 1..=VILLAGES {
        for h in 1..=PER_VILLAGE {
            writeln!(
                csv,
                "H{v:02}{h:04},V{v:02},户主{h},,{},poor,general,illness;lack_of_skills,\
                 industry,2100.50,2014-05-01,,,P1,",
                1 + h % 6
            )
            .unwrap();
        }
    }
    let holder = TestStore::empty();
    let file = holder.path().join("households.csv");
    std::fs::write(&file, csv).unwrap();
    (s, holder, file)
}

/// A copy of the base store for one attempt.
fn copy_store(from: &Path) -> TestStore {
    let to = TestStore::empty();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for entry in std::fs::read_dir(from.join(&rel)).unwrap() {
            let entry = entry.unwrap();
            let rel = rel.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                std::fs::create_dir_all(to.path().join(&rel)).unwrap();
                stack.push(rel);
            } else {
                std::fs::copy(entry.path(), to.path().join(&rel)).unwrap();
            }
        }
    }
    to
}

fn assert_all_or_none(s: &TestStore, what: &str) -> usize {
    let report = s.cmd("--format json verify").json();
    assert_eq!(
        report["clean"], true,
        "{what}: verify found damage: {report:#}"
    );
    let n = s
        .ok("--format json household list")
        .json()
        .as_array()
        .unwrap()
        .len();
    assert!(
        n == 0 || n == VILLAGES * PER_VILLAGE,
        "{what}: {n} households: neither all nor none"
    );
    let logged = s
        .ok("--format json log --kind household")
        .json()
        .as_array()
        .unwrap()
        .len();
    assert_eq!(logged, n, "{what}: journal and records disagree");
    n
}

fn import(s: &TestStore, file: &Path, env: &[(&str, &str)]) -> Run {
    s.run_with(&["import", "households", file.to_str().unwrap()], env, None)
}

#[test]
fn an_import_stopped_by_the_crash_hook_is_all_or_nothing() {
    let (base, _holder, file) = base();
    // 30 files and 10 journals at least: these points fall inside every import's commit.
    for (point, committed) in [
        ("stage-1", false),
        ("stage-25", false),
        ("intent", true),
        ("step-1", true),
        ("step-15", true),
        ("step-35-torn", true),
        ("applied", true),
    ] {
        let s = copy_store(base.path());
        let run = import(&s, &file, &[("BANGFU_CRASH_AT", point)]);
        let n = assert_all_or_none(&s, point);
        if run.output.status.code().is_none() {
            assert_eq!(n > 0, committed, "{point}");
        } else {
            // A point past this import's steps: it finished.
            run.success();
            assert!(n > 0);
        }
    }
}

/// An import large enough to stage its journals' lines in one shared file: a crash in the
/// middle of any append from it (the journals are steps 1 to 10), or after one, leaves an
/// intent that the next command completes, after which the shared file is gone.
#[test]
fn an_import_whose_journals_share_one_staged_file_recovers_from_a_torn_append() {
    let (base, _holder, file) = base();
    for point in ["step-1-torn", "step-6-torn", "step-10-torn", "step-4"] {
        let s = copy_store(base.path());
        let run = import(&s, &file, &[("BANGFU_CRASH_AT", point)]);
        assert!(run.output.status.code().is_none(), "{point}: not stopped");
        let intent: serde_json::Value = serde_json::from_str(&s.read(".intent.json")).unwrap();
        let temps: std::collections::BTreeSet<&str> = intent["steps"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|step| step.get("append"))
            .inspect(|append| assert!(append["part"].is_array(), "{point}: {append}"))
            .map(|append| append["temp"].as_str().unwrap())
            .collect();
        assert_eq!(temps.len(), 1, "{point}: one shared file: {temps:?}");
        assert_eq!(assert_all_or_none(&s, point), VILLAGES * PER_VILLAGE);
        let left: Vec<String> = std::fs::read_dir(s.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains(".tmp-") || name == ".intent.json")
            .collect();
        assert!(left.is_empty(), "{point}: left behind: {left:?}");
    }
}

#[test]
fn an_import_killed_at_several_moments_is_all_or_nothing() {
    let (base, _holder, file) = base();
    let mut outcomes = Vec::new();
    for delay in [0, 40, 120, 300, 700, 1500] {
        let s = copy_store(base.path());
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("bangfu"))
            .arg("--store")
            .arg(s.path())
            .args(["import", "households"])
            .arg(&file)
            .env_remove("BANGFU_STORE")
            .env_remove("BANGFU_CRASH_AT")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let n = assert_all_or_none(&s, &format!("killed after {delay} ms"));
        outcomes.push((delay, status.code(), n));
        // Whatever happened, the store takes the import (again, or for the first time).
        if n == 0 {
            bangfu()
                .arg("--store")
                .arg(s.path())
                .args(["import", "households"])
                .arg(&file)
                .assert()
                .success();
            assert_eq!(assert_all_or_none(&s, "re-import"), VILLAGES * PER_VILLAGE);
        }
    }
    eprintln!("(delay ms, exit code, households): {outcomes:?}");
}
