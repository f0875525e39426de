//! Crash safety: a command stopped at any moment leaves a store that `verify` accepts and that
//! holds all or none of that command's change. `BANGFU_CRASH_AT` (the testing hook in
//! `src/store/txn.rs`) aborts a commit at a named step; bursts of SIGKILL cover the rest.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::common::{Run, TestStore, bangfu};

/// Every crash point a commit of up to six files can reach, in the order a commit passes them.
fn crash_points() -> Vec<String> {
    let mut points: Vec<String> = (1..=6).map(|n| format!("stage-{n}")).collect();
    points.push("intent".into());
    for n in 1..=6 {
        points.push(format!("step-{n}-torn"));
        points.push(format!("step-{n}"));
    }
    points.push("applied".into());
    points
}

/// Whether a point comes after the intent is written: the change must then be rolled forward.
fn committed(point: &str) -> bool {
    !point.starts_with("stage-")
}

fn run_crashing(s: &TestStore, args: &[&str], point: &str) -> Run {
    s.run_with(args, &[("BANGFU_CRASH_AT", point)], None)
}

/// Whether the process was stopped by the hook (an abort, not an exit).
fn aborted(run: &Run) -> bool {
    run.output.status.code().is_none()
}

/// `verify` must accept the store: status 0 and no damage (notices of leftovers are fine).
fn assert_verified(s: &TestStore) {
    let report = s.cmd("--format json verify").json();
    assert_eq!(report["clean"], true, "verify found damage: {report:#}");
}

fn households(s: &TestStore) -> Vec<String> {
    s.ok("--format json household list")
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

fn journal_adds(s: &TestStore, kind: &str) -> usize {
    s.run(&["--format", "json", "log", "--kind", kind])
        .success()
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["op"] == "add")
        .count()
}

#[test]
fn a_household_add_stopped_at_any_step_is_all_or_nothing() {
    let s = TestStore::new();
    s.with_village_and_team();
    let mut expected = 0;
    let mut stopped = Vec::new();
    let points = crash_points();
    for (i, point) in points.iter().enumerate() {
        let id = format!("H{i:03}");
        let run = run_crashing(
            &s,
            &[
                "household",
                "add",
                "--id",
                &id,
                "--village",
                "V1",
                "--head",
                "陈大山",
                "--size",
                "3",
            ],
            point,
        );
        let added = if aborted(&run) {
            stopped.push(point.as_str());
            assert!(
                run.stdout().is_empty(),
                "{point}: printed before committing"
            );
            committed(point)
        } else {
            // The point lies beyond this commit's steps: it ran to the end.
            run.success();
            true
        };
        expected += usize::from(added);
        assert_verified(&s);
        let ids = households(&s);
        assert_eq!(ids.len(), expected, "{point}: {ids:?}");
        assert_eq!(ids.contains(&id), added, "{point}");
        assert_eq!(journal_adds(&s, "household"), expected, "{point}");
    }
    // households.jsonl, an index shard and the journal at least: three files, three steps,
    // the last of them a journal append.
    for point in [
        "stage-1", "stage-2", "stage-3", "intent", "step-1", "step-2", "step-3", "applied",
    ] {
        assert!(
            stopped.contains(&point),
            "{point} never stopped a commit: {stopped:?}"
        );
    }
    assert!(stopped.iter().any(|p| p.ends_with("-torn")), "{stopped:?}");
    s.ok("verify --repair");
    assert!(
        s.snapshot()
            .keys()
            .all(|p| !p.to_string_lossy().contains(".tmp-") || p.starts_with("removed/repair")),
        "temporary files left after repair"
    );
}

#[test]
fn a_village_removal_stopped_at_any_step_is_all_or_nothing() {
    let s = TestStore::new();
    for (i, point) in crash_points().iter().enumerate() {
        let id = format!("R{i}");
        s.run(&[
            "village",
            "add",
            "--id",
            &id,
            "--name",
            "小河村",
            "--county",
            "西秀区",
            "--township",
            "旧州镇",
        ])
        .success();
        let run = run_crashing(&s, &["village", "remove", &id], point);
        let removed = !aborted(&run) || committed(point);
        if !aborted(&run) {
            run.success();
        }
        assert_verified(&s);
        let shown = s.run(&["village", "show", &id]);
        assert_eq!(shown.code(), if removed { 3 } else { 0 }, "{point}");
        assert_eq!(
            s.file(&format!("removed/villages/{id}/village.json"))
                .is_file(),
            removed,
            "{point}"
        );
        let log = s
            .run(&["--format", "json", "log", "--village", &id])
            .success()
            .json();
        let ops: Vec<&str> = log
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["op"].as_str().unwrap())
            .collect();
        assert_eq!(
            ops,
            if removed {
                vec!["remove", "add"]
            } else {
                vec!["add"]
            },
            "{point}"
        );
    }
}

#[test]
fn the_next_writer_completes_an_interrupted_change_even_if_it_crashes_too() {
    let s = TestStore::new();
    s.with_village_and_team();
    let add = |id| {
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
    };
    assert!(aborted(&run_crashing(&s, &add("H1"), "intent")));
    assert!(s.file(".intent.json").exists());
    // The next writer rolls the first change forward before its own, and dies half-way
    // through the journal append of that recovery.
    assert!(aborted(&run_crashing(
        &s,
        &add("H2"),
        "recover-step-1-torn"
    )));
    assert!(s.file(".intent.json").exists());
    s.run(&add("H2")).success().stdout_is("H2\n");
    assert!(!s.file(".intent.json").exists());
    assert_verified(&s);
    assert_eq!(households(&s), ["H1", "H2"]);
    assert_eq!(journal_adds(&s, "household"), 2);
}

#[test]
fn readers_complete_a_crashed_change_before_reading_and_verify_writes_nothing() {
    let s = TestStore::new();
    s.with_village_and_team();
    assert!(aborted(&run_crashing(
        &s,
        &[
            "household",
            "add",
            "--village",
            "V1",
            "--head",
            "李四",
            "--size",
            "2"
        ],
        "intent",
    )));
    // verify without --repair writes nothing: it reports the pending change and leaves it.
    let before = s.snapshot();
    s.ok("verify").stdout_has(
        ".intent.json: notice: a change a crash interrupted after it was committed is pending",
    );
    assert!(before == s.snapshot(), "verify wrote to the store");
    // A reader completes the committed change before it reads: it sees all of it.
    assert_eq!(households(&s), ["H000001"]);
    assert!(!s.file(".intent.json").exists());
}

/// The binary, spawned directly so that it can be killed mid-flight.
fn spawn(store: &Path, args: &[&str]) -> Child {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("bangfu"));
    cmd.arg("--store")
        .arg(store)
        .args(args)
        .env_remove("BANGFU_STORE")
        .env_remove("BANGFU_CRASH_AT")
        .env("USER", "tester")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    cmd.spawn().expect("spawn bangfu")
}

/// A small deterministic generator, so that a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

#[test]
fn household_adds_killed_at_random_moments_leave_a_sound_store() {
    let s = TestStore::new();
    s.with_village_and_team();
    let mut rng = Lcg(0x6261_6e67_6675);
    let mut reported = Vec::new();
    let mut killed = 0;
    for _round in 0..20 {
        let children: Vec<Child> = (0..3)
            .map(|_| {
                spawn(
                    s.path(),
                    &[
                        "household",
                        "add",
                        "--village",
                        "V1",
                        "--head",
                        "王五",
                        "--size",
                        "2",
                    ],
                )
            })
            .collect();
        std::thread::sleep(Duration::from_millis(rng.below(300)));
        for mut child in children {
            let _ = child.kill(); // SIGKILL; an error means it had already finished
            let out = child.wait_with_output().unwrap();
            if out.status.success() {
                let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
                reported.push(id);
            } else {
                killed += 1;
            }
        }
    }
    assert_verified(&s);
    let present = households(&s);
    for id in &reported {
        assert!(present.contains(id), "{id} was reported but is missing");
    }
    let mut unique = present.clone();
    unique.dedup();
    assert_eq!(unique.len(), present.len(), "an id was given twice");
    assert_eq!(journal_adds(&s, "household"), present.len());
    eprintln!(
        "{killed} killed, {} finished, {} present",
        reported.len(),
        present.len()
    );
    // And the store takes new writes.
    bangfu()
        .arg("--store")
        .arg(s.path())
        .args([
            "household",
            "add",
            "--village",
            "V1",
            "--head",
            "赵六",
            "--size",
            "1",
        ])
        .assert()
        .success();
    assert_verified(&s);
}
