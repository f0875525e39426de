//! Derived data under `.cache/` (README, "Derived data"): the snapshots a loading command
//! reads instead of parsing JSON, and the scoped loading of `check --village`/`--county`.
//! Whatever the cache holds, or does not, a command gives the same result; only the time
//! differs.

use std::io::{Seek, Write};
use std::path::Path;

use serde_json::Value;

use crate::common::{TestStore, bangfu_path, scratch};

const AS_OF: &str = "2026-06-30";

/// `check --format json` on `store` with `scope` (`--village V`, …), never failing.
fn check(store: &Path, scope: &str) -> Value {
    let line = format!(
        "--store {} --format json check --as-of {AS_OF} --fail-on never {scope}",
        store.display()
    );
    let words = crate::common::split_line(&line);
    let args: Vec<&str> = words.iter().map(String::as_str).collect();
    crate::common::run_in(store, &args, &[]).success().json()
}

/// A copy of the shipped demo store, without any cache it may have.
fn demo() -> tempfile::TempDir {
    let dir = scratch();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo"),
        dir.path(),
    );
    let _ = std::fs::remove_dir_all(dir.path().join(".cache"));
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A registry of 40 villages from the benchmark's generator, built by `cargo test` beside
/// the binary.
fn generated() -> tempfile::TempDir {
    let dir = scratch();
    let synth = bangfu_path().parent().unwrap().join("examples/synth");
    let out = std::process::Command::new(synth)
        .args([
            "--villages",
            "40",
            "--households-per-village",
            "12",
            "--seed",
            "7",
        ])
        .arg("--out")
        .arg(dir.path().join("s"))
        .output()
        .expect("run the generator");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

fn villages(store: &Path) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(store.join("villages"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids
}

fn county(store: &Path, village: &str) -> String {
    let text =
        std::fs::read_to_string(store.join("villages").join(village).join("village.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v["county"].as_str().unwrap().to_string()
}

fn findings(r: &Value) -> Vec<Value> {
    r["findings"].as_array().unwrap().clone()
}

/// The full check's findings a check of `village` must show: those in the village, and
/// those of no single village the scoped check shows (whether a person's finding concerns
/// the village is not in the JSON, so those are checked to be the full check's own).
fn assert_scoped_alike(full: &Value, scoped: &Value, village: &str) {
    let of_village = |r: &Value| -> Vec<Value> {
        findings(r)
            .into_iter()
            .filter(|f| f["village"] == village)
            .collect()
    };
    assert_eq!(
        of_village(full),
        of_village(scoped),
        "check --village {village}"
    );
    let all = findings(full);
    for f in findings(scoped) {
        assert!(
            f["village"] == village || (f["village"].is_null() && all.contains(&f)),
            "check --village {village} shows a finding the full check does not: {f}"
        );
    }
}

/// Cold (no cache), warm, and cold again give the same findings, for the whole store and
/// for every village and county, and every village's scoped check agrees with the full one.
fn assert_alike_at_every_scope(store: &Path) {
    let cold = check(store, "");
    assert!(
        store.join(".cache/snap").is_dir(),
        "a loading command makes snapshots"
    );
    assert_eq!(cold, check(store, ""), "warm");
    assert!(!findings(&cold).is_empty());
    let mut counties = std::collections::BTreeSet::new();
    for v in villages(store) {
        let warm = check(store, &format!("--village {v}"));
        assert_scoped_alike(&cold, &warm, &v);
        std::fs::remove_dir_all(store.join(".cache")).unwrap();
        assert_eq!(
            warm,
            check(store, &format!("--village {v}")),
            "cold --village {v}"
        );
        counties.insert(county(store, &v));
    }
    for c in counties {
        let scoped = check(store, &format!("--county {c}"));
        let in_county: Vec<String> = villages(store)
            .into_iter()
            .filter(|v| county(store, v) == c)
            .collect();
        for f in findings(&scoped) {
            let v = f["village"].as_str();
            assert!(v.is_none_or(|v| in_county.iter().any(|x| x == v)), "{f}");
        }
        let expected: Vec<Value> = findings(&cold)
            .into_iter()
            .filter(|f| {
                f["village"]
                    .as_str()
                    .is_some_and(|v| in_county.iter().any(|x| x == v))
            })
            .collect();
        let got: Vec<Value> = findings(&scoped)
            .into_iter()
            .filter(|f| !f["village"].is_null())
            .collect();
        assert_eq!(expected, got, "check --county {c}");
    }
    std::fs::remove_dir_all(store.join(".cache")).unwrap();
    assert_eq!(cold, check(store, ""), "cold again");
}

#[test]
fn the_demo_checks_alike_cold_warm_and_at_every_scope() {
    let dir = demo();
    assert_alike_at_every_scope(dir.path());
}

#[test]
fn a_generated_registry_checks_alike_cold_warm_and_at_every_scope() {
    let dir = generated();
    assert_alike_at_every_scope(&dir.path().join("s"));
}

#[test]
fn record_exports_are_alike_cold_and_warm() {
    let dir = generated();
    let store = dir.path().join("s");
    for kind in [
        "households",
        "members",
        "cases",
        "attendance",
        "people",
        "teams",
    ] {
        let export = || {
            crate::common::run_in(
                &store,
                &[
                    "--store",
                    store.to_str().unwrap(),
                    "--format",
                    "csv",
                    "export",
                    kind,
                ],
                &[],
            )
            .success()
            .stdout()
        };
        let _ = std::fs::remove_dir_all(store.join(".cache"));
        let cold = export();
        assert!(cold.lines().count() > 1, "{kind}");
        assert_eq!(cold, export(), "export {kind} warm");
    }
}

/// Replaces `from` by `to` (the same length) in a file in place: the same inode, the same
/// size, and its modification time set back to what it was.
fn edit_in_place(path: &Path, from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let before = std::fs::metadata(path).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} in {}", path.display());
    let edited = text.replacen(from, to, 1);
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(std::io::SeekFrom::Start(0)).unwrap();
    f.write_all(edited.as_bytes()).unwrap();
    f.set_modified(before).unwrap();
    drop(f);
    assert_eq!(std::fs::metadata(path).unwrap().modified().unwrap(), before);
}

/// V1 with a team, and household H1 helped by P1.
fn small() -> TestStore {
    let s = TestStore::new();
    s.with_village_and_team();
    s.ok("household add --id H1 --village V1 --head 陈大山 --size 1 --helper P1 --cause illness --measure health");
    s
}

fn helper_dangling(s: &TestStore) -> bool {
    let r = s
        .cmd("--format json check --rule BF901 --fail-on never")
        .success()
        .json();
    !findings(&r).is_empty()
}

/// The findings `stats` counts, by severity.
fn stats_findings(s: &TestStore) -> Value {
    s.cmd("--format json stats").success().json()["findings"].clone()
}

#[test]
fn stats_counts_what_check_finds_even_after_a_hand_edit() {
    let s = small();
    s.ok("check --fail-on never");
    let before = stats_findings(&s);
    // The kept whole check, which stats shares, is not trusted past a hand edit.
    edit_in_place(&s.file("people.jsonl"), r#""id":"P1""#, r#""id":"P7""#);
    let after = stats_findings(&s);
    assert_ne!(before, after);
    std::fs::remove_dir_all(s.file(".cache")).unwrap();
    assert_eq!(after, stats_findings(&s));
    let r = s
        .cmd("--format json check --fail-on never")
        .success()
        .json();
    let errors = findings(&r)
        .iter()
        .filter(|f| f["severity"] == "error")
        .count();
    assert_eq!(after["error"], errors);
}

#[test]
fn reports_of_findings_follow_a_hand_edit_after_a_kept_check() {
    let s = small();
    let export = |what: &str| s.ok(&format!("export {what} --as-of {AS_OF}")).stdout();
    s.ok(&format!("check --as-of {AS_OF} --fail-on never"));
    let before = (export("findings"), export("coverage"));
    edit_in_place(&s.file("people.jsonl"), r#""id":"P1""#, r#""id":"P7""#);
    let after = (export("findings"), export("coverage"));
    assert_ne!(before.0, after.0);
    std::fs::remove_dir_all(s.file(".cache")).unwrap();
    assert_eq!(after, (export("findings"), export("coverage")));
}

#[test]
fn a_hand_edit_keeping_size_and_time_is_seen_at_once() {
    let s = small();
    assert!(!helper_dangling(&s));
    // Within the same second as the snapshot: the same size, inode and modification time.
    edit_in_place(
        &s.file("villages/V1/households.jsonl"),
        r#""helper":"P1""#,
        r#""helper":"P8""#,
    );
    assert!(helper_dangling(&s), "the edit is seen");
    edit_in_place(
        &s.file("villages/V1/households.jsonl"),
        r#""helper":"P8""#,
        r#""helper":"P1""#,
    );
    assert!(!helper_dangling(&s), "and so is the edit back");
}

#[test]
fn a_hand_edit_to_an_old_file_keeping_size_and_time_is_seen() {
    let s = small();
    // Files older than the snapshot's racy window are trusted on their stamps, of which the
    // change time cannot be set back by an edit.
    std::thread::sleep(std::time::Duration::from_millis(3100));
    assert!(!helper_dangling(&s));
    edit_in_place(
        &s.file("villages/V1/households.jsonl"),
        r#""helper":"P1""#,
        r#""helper":"P8""#,
    );
    assert!(helper_dangling(&s));
    edit_in_place(&s.file("people.jsonl"), r#""id":"P2""#, r#""id":"P7""#);
    let r = s
        .cmd("--format json check --rule BF901 --fail-on never")
        .success()
        .json();
    assert!(
        r.to_string().contains("P2"),
        "the edited people are seen: {r}"
    );
}

#[test]
fn a_broken_or_missing_cache_changes_nothing() {
    let dir = demo();
    let store = dir.path();
    let expected = check(store, "");
    // Village snapshots are in packs, `packs/<xx>`.
    let some: Vec<_> = std::fs::read_dir(store.join(".cache/snap/packs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(some.len() > 3);
    assert!(some.iter().all(|p| p.is_file()));
    // Half-written, as a SIGKILL could leave one made without a rename.
    for (i, path) in some.iter().enumerate() {
        let bytes = std::fs::read(path).unwrap();
        match i % 3 {
            0 => std::fs::write(path, &bytes[..bytes.len() / 2]).unwrap(),
            1 => std::fs::write(path, b"").unwrap(),
            _ => {
                let mut garbled = bytes.clone();
                let n = garbled.len();
                garbled[n - 5..].copy_from_slice(b"XXXXX");
                std::fs::write(path, garbled).unwrap();
            }
        }
    }
    std::fs::write(store.join(".cache/snap/people"), b"\x04\0\0\0junk").unwrap();
    let heads = store.join(".cache/snap/heads");
    let v = villages(store)[0].clone();
    check(store, &format!("--village {v}"));
    let bytes = std::fs::read(&heads).unwrap();
    std::fs::write(&heads, &bytes[..bytes.len() / 2]).unwrap();
    assert_scoped_alike(&expected, &check(store, &format!("--village {v}")), &v);
    // Without the kept whole check, which would be printed without reading a snapshot.
    std::fs::remove_dir_all(store.join(".cache/snap/results")).unwrap();
    assert_eq!(expected, check(store, ""));
    assert_eq!(expected, check(store, ""));
    // A cache that cannot be written: the results, still.
    std::fs::remove_dir_all(store.join(".cache")).unwrap();
    std::fs::write(store.join(".cache"), b"not a directory").unwrap();
    assert_eq!(expected, check(store, ""));
    assert_scoped_alike(&expected, &check(store, &format!("--village {v}")), &v);
}

/// The packs under `.cache/snap/packs`, by name, each with its inode.
fn packs(store: &Path) -> std::collections::BTreeMap<String, u64> {
    use std::os::unix::fs::MetadataExt;
    std::fs::read_dir(store.join(".cache/snap/packs"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().unwrap().ino(),
            )
        })
        .collect()
}

#[test]
fn a_change_to_one_village_writes_one_pack_again() {
    let dir = generated();
    let store = dir.path().join("s");
    // Snapshots as an earlier bangfu kept them, one file a village: cleared, not read.
    let old = store.join(".cache/snap/villages/00");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join("V000001"), b"\x04\0\0\0junk").unwrap();
    let expected = check(&store, "");
    assert!(!store.join(".cache/snap/villages").exists());
    let before = packs(&store);
    assert!(before.len() > 20, "{before:?}");
    // A village's snapshots are in one pack; a hand edit to it rewrites that pack alone.
    let v = villages(&store)[3].clone();
    let households = store.join(format!("villages/{v}/households.jsonl"));
    let text = std::fs::read_to_string(&households).unwrap();
    std::fs::write(&households, text.replacen(r#""size":"#, r#""size": "#, 1)).unwrap();
    std::fs::remove_dir_all(store.join(".cache/snap/results")).unwrap();
    assert_eq!(expected, check(&store, ""));
    let after = packs(&store);
    let rewritten: Vec<&String> = before
        .iter()
        .filter(|(name, ino)| after.get(*name) != Some(ino))
        .map(|(name, _)| name)
        .collect();
    assert_eq!(rewritten.len(), 1, "{rewritten:?}");
    assert_scoped_alike(&expected, &check(&store, &format!("--village {v}")), &v);
}

/// Pairs of villages, each related through one value only: P1 helps three households in V1
/// and three in V2 (BF202), P7 serves on teams in V3 and V4 (BF106), and H5 and H6 in V5
/// and V6 share an ID number (BF206). V7 is apart. V1 is in 西秀区, the others in 普定县.
fn across() -> TestStore {
    let s = TestStore::new();
    s.with_village_and_team();
    for v in 2..=7 {
        s.ok(&format!(
            "village add --id V{v} --name 小河村 --county 普定县 --township 马官镇"
        ));
        s.ok(&format!("person add --id P{} --name 赵六", 10 + v));
    }
    s.ok("person add --id P7 --name 孙七");
    s.ok("team add --id T3 --village V3 --unit 市农业局 --leader P13 --dispatched-on 2015-01-01 --member P13 --member P7");
    s.ok("team add --id T4 --village V4 --unit 市水利局 --leader P14 --dispatched-on 2015-01-01 --member P14 --member P7");
    let household = |id: &str, v: &str, helper: &str, extra: &str| {
        s.ok(&format!(
            "household add --id {id} --village {v} --head 陈大山 --size 1 --helper {helper} --cause illness --measure health {extra}"
        ));
    };
    for i in 1..=3 {
        household(&format!("H1{i}"), "V1", "P1", "");
        household(&format!("H2{i}"), "V2", "P1", "");
    }
    household("H5", "V5", "P15", "--id-number 52040219800101001X");
    household("H6", "V6", "P16", "--id-number 52040219800101001x");
    household("H7", "V7", "P17", "");
    s
}

fn codes(r: &Value) -> Vec<(String, String)> {
    let mut got: Vec<(String, String)> = findings(r)
        .iter()
        .filter(|f| ["BF202", "BF106", "BF206"].contains(&f["code"].as_str().unwrap()))
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    got.sort();
    got
}

#[test]
fn rules_across_villages_are_found_from_either_side() {
    let s = across();
    let path = s.path();
    let full = check(path, "");
    let expected = [
        ("V1", ("BF202", "P1")),
        ("V2", ("BF202", "P1")),
        ("V3", ("BF106", "P7")),
        ("V4", ("BF106", "P7")),
        ("V5", ("BF206", "H5")),
        ("V6", ("BF206", "H6")),
    ];
    for (v, (code, id)) in expected {
        let scoped = check(path, &format!("--village {v}"));
        assert_eq!(
            codes(&scoped),
            [(code.to_string(), id.to_string())],
            "--village {v}"
        );
        assert_scoped_alike(&full, &scoped, v);
    }
    let county = codes(&check(path, "--county 普定县"));
    let want: Vec<(String, String)> = [
        ("BF106", "P7"),
        ("BF202", "P1"),
        ("BF206", "H5"),
        ("BF206", "H6"),
    ]
    .iter()
    .map(|(c, i)| (c.to_string(), i.to_string()))
    .collect();
    assert_eq!(county, want);
    assert!(codes(&check(path, "--village V7")).is_empty());
    // At the boundary: five households for P1 is the policy's maximum.
    s.ok("household remove H23");
    assert!(codes(&check(path, "--village V2")).is_empty());
    assert!(codes(&check(path, "--village V1")).is_empty());
}

#[test]
fn a_hand_edit_in_another_village_is_seen_by_a_scoped_check() {
    let s = across();
    let path = s.path();
    let v6 = s.file("villages/V6/households.jsonl");
    let shared = || !codes(&check(path, "--village V5")).is_empty();
    // Within the same second as the kept heads: the same size, inode and modification time.
    edit_in_place(&v6, "52040219800101001X", "52040219800101002X");
    assert!(!shared());
    assert!(s.file(".cache/snap/heads").is_file(), "the heads are kept");
    // The kept head of V6 does not hold the number: V6 is not loaded unless it is seen to
    // have changed.
    edit_in_place(&v6, "52040219800101002X", "52040219800101001X");
    assert!(shared(), "the edit in V6 is seen from V5");
    edit_in_place(&v6, "52040219800101001X", "52040219800101002X");
    assert!(!shared(), "and so is the edit back");
    edit_in_place(&v6, "52040219800101002X", "52040219800101001X");
    // A village added by hand, sharing the number, is seen too.
    copy_dir(&s.file("villages/V6"), &s.file("villages/V8"));
    edit_in_place(&s.file("villages/V8/village.json"), "\"V6\"", "\"V8\"");
    edit_in_place(&s.file("villages/V8/households.jsonl"), "\"H6\"", "\"H8\"");
    edit_in_place(&s.file("villages/V8/households.jsonl"), "\"V6\"", "\"V8\"");
    let scoped = check(path, "--village V5");
    assert_eq!(
        codes(&scoped),
        [("BF206".to_string(), "H5".to_string())],
        "{scoped}"
    );
    assert_scoped_alike(&check(path, ""), &scoped, "V5");
}

#[test]
fn a_persons_dangling_reference_stays_in_the_whole_check_after_a_change() {
    let s = small();
    let path = s.path();
    // A person whose home village does not exist, written by hand.
    let mut people = std::fs::OpenOptions::new()
        .append(true)
        .open(s.file("people.jsonl"))
        .unwrap();
    writeln!(people, r#"{{"id":"P7","name":"孙七","home_village":"V9"}}"#).unwrap();
    drop(people);
    let bf901 = |r: &Value| -> Vec<Value> {
        let of = |f: &&Value| f["code"] == "BF901";
        findings(r)
            .iter()
            .filter(of)
            .map(|f| f["id"].clone())
            .collect()
    };
    assert_eq!(bf901(&check(path, "")), ["P7"]);
    // Checked again from the villages the change reaches, without the person's village.
    s.ok("household add --village V1 --head 刘洋 --size 2 --helper P1 --cause illness --measure health");
    assert_eq!(bf901(&check(path, "")), ["P7"], "after a change");
    // A finding of no village is not among a village's rows.
    assert!(bf901(&check(path, "--village V1")).is_empty());
    std::fs::remove_dir_all(s.file(".cache")).unwrap();
    assert_eq!(bf901(&check(path, "")), ["P7"], "with no derived data");
}

#[test]
fn kept_heads_cut_short_or_run_on_are_made_again_not_read() {
    let s = across();
    let path = s.path();
    let heads = s.file(".cache/snap/heads");
    let want = [("BF206".to_string(), "H5".to_string())];
    assert_eq!(codes(&check(path, "--village V5")), want);
    let whole = std::fs::read(&heads).unwrap();
    // The keys of V6, which V5 shares a number with, lie just before V7's, the last.
    for bytes in [
        &whole[..whole.len() - 8],
        &whole[..whole.len() - 1],
        &[&whole[..], &[0; 8]].concat()[..],
    ] {
        std::fs::write(&heads, bytes).unwrap();
        assert_eq!(codes(&check(path, "--village V5")), want);
        assert_eq!(
            std::fs::read(&heads).unwrap(),
            whole,
            "the heads are made again"
        );
    }
}

#[test]
fn a_whole_check_is_kept_and_used_only_while_nothing_it_reads_changed() {
    let s = small();
    // Files modified within two seconds are not trusted on their stamps: wait them out.
    std::thread::sleep(std::time::Duration::from_millis(3100));
    let check = |line: &str| s.cmd(line).success().stdout();
    let json = "--format json check --fail-on never";
    let first = check(json);
    assert!(
        s.file(".cache/snap/results/check").is_file(),
        "the result is kept"
    );
    assert_eq!(first, check(json));
    // Another language, date or rule is another result.
    let zh = check("--lang zh --format json check --fail-on never");
    assert_ne!(first, zh);
    assert_eq!(zh, check("--lang zh --format json check --fail-on never"));
    assert_ne!(
        first,
        check("--format json check --fail-on never --as-of 2010-01-01")
    );
    assert_eq!(first, check(json));
    // A kept result that does not read back is not used.
    std::fs::write(s.file(".cache/snap/results/check"), [7u8; 40]).unwrap();
    assert_eq!(first, check(json));
    // A hand edit keeping size and modification time is seen.
    edit_in_place(
        &s.file("villages/V1/households.jsonl"),
        r#""helper":"P1""#,
        r#""helper":"P8""#,
    );
    let edited = check(json);
    assert!(edited.contains("BF901"), "{edited}");
    // So is a change of policy.
    s.ok("policy set rules.BF901 off");
    assert!(!check(json).contains("BF901"));
}

/// Where `what` first lies in `bytes`.
fn find(bytes: &[u8], what: &[u8]) -> usize {
    bytes
        .windows(what.len())
        .position(|w| w == what)
        .unwrap_or_else(|| panic!("{} not in the kept check", String::from_utf8_lossy(what)))
}

#[test]
fn what_another_build_kept_is_not_read() {
    let s = small();
    std::thread::sleep(std::time::Duration::from_millis(3100));
    let json = "--format json check --fail-on never";
    let first = s.cmd(json).success().stdout();
    let message = findings(&serde_json::from_str(&first).unwrap())[0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    let kept = s.file(".cache/snap/results/check");
    let mut bytes = std::fs::read(&kept).unwrap();
    // The kept findings are read while they carry this build's identity: a message changed
    // in them shows.
    let at = find(&bytes, message.as_bytes());
    bytes[at] = b'#';
    std::fs::write(&kept, &bytes).unwrap();
    let altered = s.cmd(json).success().stdout();
    assert_eq!(
        altered,
        first.replacen(&message, &format!("#{}", &message[1..]), 1)
    );
    // The same findings under another build's identity are not read.
    let build = find(&bytes, concat!(env!("CARGO_PKG_VERSION"), "+").as_bytes());
    let digit = build + env!("CARGO_PKG_VERSION").len() + 1;
    bytes[digit] = if bytes[digit] == b'0' { b'1' } else { b'0' };
    std::fs::write(&kept, &bytes).unwrap();
    assert_eq!(s.cmd(json).success().stdout(), first);
}

/// `check --format json` made from the last whole check, and the same check with no derived
/// data (the cache set aside, then put back): they must be alike.
fn check_against_cold(store: &Path, after: &str) -> Value {
    let warm = check(store, "");
    let aside = scratch();
    let cache = store.join(".cache");
    std::fs::rename(&cache, aside.path().join("cache")).unwrap();
    let cold = check(store, "");
    std::fs::remove_dir_all(&cache).unwrap();
    std::fs::rename(aside.path().join("cache"), &cache).unwrap();
    assert_eq!(warm, cold, "after {after}");
    warm
}

#[test]
fn a_whole_check_after_a_change_is_the_check_from_nothing() {
    let s = across();
    let path = s.path();
    let has =
        |r: &Value, code: &str, id: &str| codes(r).contains(&(code.to_string(), id.to_string()));
    let first = check_against_cold(path, "nothing");
    assert!(has(&first, "BF202", "P1") && has(&first, "BF206", "H5"));
    // A finding of two villages goes when one of them changes.
    s.ok("household remove H23");
    let r = check_against_cold(path, "household remove");
    assert!(!has(&r, "BF202", "P1"), "{r}");
    // A hand edit in V6 ends the shared ID number, and a finding in V5, which did not change.
    let v6 = s.file("villages/V6/households.jsonl");
    edit_in_place(&v6, "52040219800101001X", "520402198001010029");
    let r = check_against_cold(path, "a hand edit");
    assert!(!has(&r, "BF206", "H5"), "{r}");
    edit_in_place(&v6, "520402198001010029", "52040219800101001X");
    let r = check_against_cold(path, "the edit back");
    assert!(has(&r, "BF206", "H5"), "{r}");
    // A third village joins a pair: by an ID number, and by a helper.
    s.ok("household add --id H8 --village V7 --head 陈大山 --size 1 --helper P1 --cause illness --measure health --id-number 52040219800101001X");
    let r = check_against_cold(path, "household add");
    assert!(has(&r, "BF206", "H8") && has(&r, "BF202", "P1"), "{r}");
    // A village a change reaches is checked with its own neighbours: V2, reached from V1
    // through P1, shares an ID number with V4.
    let shared = "--cause illness --measure health --id-number 520402198001010036";
    s.ok(&format!(
        "household add --id H24 --village V2 --head 陈大山 --size 1 --helper P12 {shared}"
    ));
    s.ok(&format!(
        "household add --id H44 --village V4 --head 陈大山 --size 1 --helper P14 {shared}"
    ));
    check_against_cold(path, "two households sharing a number");
    s.ok("household add --id H14 --village V1 --head 陈大山 --size 1 --helper P2 --cause illness --measure health");
    let r = check_against_cold(path, "a household in V1");
    assert!(has(&r, "BF206", "H24"), "{r}");
    // Villages come and go; people and policy change.
    s.ok("village add --id V8 --name 新村 --county 普定县 --township 马官镇");
    check_against_cold(path, "village add");
    s.ok("village remove V8");
    check_against_cold(path, "village remove");
    s.ok("person update P1 --name 王五");
    check_against_cold(path, "person update");
    s.ok("policy set rules.BF206 off");
    let r = check_against_cold(path, "policy set");
    assert!(!has(&r, "BF206", "H8"), "{r}");
}

#[test]
fn a_generated_registry_checked_after_changes_is_the_check_from_nothing() {
    let dir = generated();
    let store = dir.path().join("s");
    check_against_cold(&store, "nothing");
    let run = |line: &str| {
        let words = crate::common::split_line(&format!("--store {} {line}", store.display()));
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        crate::common::run_in(&store, &args, &[]).success();
    };
    let vs = villages(&store);
    run(&format!(
        "household add --village {} --head 测试户 --size 3",
        vs[3]
    ));
    check_against_cold(&store, "household add");
    // A household's file of another village, edited by hand to take the ID number of one
    // in the first village.
    let first =
        std::fs::read_to_string(store.join("villages").join(&vs[0]).join("households.jsonl"))
            .unwrap();
    let number = |text: &str| -> String {
        let at = text.find(r#""id_number":""#).unwrap() + r#""id_number":""#.len();
        text[at..at + 18].to_string()
    };
    let other = store.join("villages").join(&vs[9]).join("households.jsonl");
    let theirs = number(&std::fs::read_to_string(&other).unwrap());
    edit_in_place(&other, &theirs, &number(&first));
    let r = check_against_cold(&store, "a shared ID number");
    assert!(r.to_string().contains("BF206"), "{r}");
}
