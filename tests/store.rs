//! The store: init, discovery, malformed files, the journal's hash chain, concurrent writers,
//! and one household's commands reading one village only.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use sha2::{Digest, Sha256};

use crate::common::{TestStore, bangfu_path, run_in};

// ---------------------------------------------------------------- init

#[test]
fn init_creates_a_store_in_the_directory_given_with_its_name() {
    let s = TestStore::empty();
    let dir = s.file("县");
    run_in(
        s.path(),
        &["init", dir.to_str().unwrap(), "--name", "青山县"],
        &[],
    )
    .success()
    .stdout_is(&format!("created a bangfu store in {}\n", dir.display()));
    let manifest: serde_json::Value =
        serde_json::from_str(&s.read("县/bangfu.json")).expect("manifest is JSON");
    assert_eq!(
        manifest,
        serde_json::json!({"format": 1, "name": "青山县", "policy": {}})
    );
    assert!(s.file("县/villages").is_dir());
}

#[test]
fn init_without_a_directory_uses_the_current_one_named_after_it() {
    let s = TestStore::empty();
    run_in(s.path(), &["init", "-q"], &[])
        .success()
        .stdout_is("");
    let manifest: serde_json::Value = serde_json::from_str(&s.read("bangfu.json")).unwrap();
    let name = s.path().file_name().unwrap().to_str().unwrap();
    assert_eq!(
        manifest,
        serde_json::json!({"format": 1, "name": name, "policy": {}})
    );
}

#[test]
fn init_over_an_existing_store_is_refused_and_changes_nothing() {
    let s = TestStore::new();
    s.person("P1", "王芳");
    let path = s.path().to_str().unwrap().to_string();
    s.rejects(&["init", &path, "--name", "另一个"], 3)
        .stderr_is(&format!(
            "bangfu: error: {path} already holds a bangfu store\n"
        ));
}

// ---------------------------------------------------------------- discovery

#[test]
fn the_store_is_found_by_flag_then_environment_then_upward() {
    let s = TestStore::new();
    s.person("P1", "王芳");
    let other = TestStore::new();
    other.person("P7", "赵强");
    let sub = s.file("a/b/c");
    std::fs::create_dir_all(&sub).unwrap();

    // Upward from a subdirectory.
    run_in(&sub, &["person", "list", "--format", "json"], &[])
        .success()
        .stdout_has("\"P1\"");
    // $BANGFU_STORE beats the directory.
    let env = [("BANGFU_STORE", other.path().to_str().unwrap())];
    run_in(&sub, &["person", "list", "--format", "json"], &env)
        .success()
        .stdout_has("\"P7\"")
        .stdout_lacks("\"P1\"");
    // --store beats both.
    run_in(
        &sub,
        &[
            "--store",
            s.path().to_str().unwrap(),
            "person",
            "list",
            "--format",
            "json",
        ],
        &env,
    )
    .success()
    .stdout_has("\"P1\"");
}

#[test]
fn no_store_found_is_status_4_with_a_clear_message() {
    let s = TestStore::empty();
    run_in(s.path(), &["person", "list"], &[])
        .status(4)
        .stdout_is("")
        .stderr_is(&format!(
            "bangfu: error: no bangfu store found in {} or above; give --store DIR, set BANGFU_STORE, or run `bangfu init`\n",
            s.path().display()
        ));
    let missing = s.file("nowhere");
    run_in(
        s.path(),
        &["--store", missing.to_str().unwrap(), "person", "list"],
        &[],
    )
    .status(4)
    .stderr_has("no bangfu store at");
}

// ---------------------------------------------------------------- malformed files

fn append(s: &TestStore, rel: &str, text: &str) {
    let mut bytes = std::fs::read(s.file(rel)).unwrap_or_default();
    bytes.extend_from_slice(text.as_bytes());
    std::fs::write(s.file(rel), bytes).unwrap();
}

#[test]
fn a_bad_json_line_is_status_4_with_path_and_line() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.household("H1", "V1", "陈大山");
    append(&s, "villages/V1/households.jsonl", "{\"id\":\"H2\",\n");
    let path = s.file("villages/V1/households.jsonl");
    let expected = format!("bangfu: error: {}:2: ", path.display());
    for args in [
        &["household", "list"][..],
        &["household", "list", "--village", "V1"],
        &["village", "remove", "V1"],
        &["export", "households"],
    ] {
        let run = s.rejects(args, 4);
        assert!(run.stderr().starts_with(&expected), "{}", run.stderr());
        assert!(!run.stderr().contains("panicked"));
    }
    // An export stops at the broken line and leaves no file behind.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("households.csv");
    let run = s.rejects(&["export", "households", "-o", out.to_str().unwrap()], 4);
    assert!(run.stderr().starts_with(&expected), "{}", run.stderr());
    assert!(
        std::fs::read_dir(elsewhere.path())
            .unwrap()
            .next()
            .is_none()
    );
    // Looking up the broken record may refresh the derived index under .cache/, nothing else.
    let records = |s: &TestStore| {
        let mut files = s.snapshot();
        files.retain(|p, _| !p.starts_with(".cache"));
        files
    };
    let before = records(&s);
    let run = s.cmd("household show H2").status(4);
    assert!(run.stderr().starts_with(&expected), "{}", run.stderr());
    assert_eq!(records(&s), before);
}

#[test]
fn an_unknown_field_is_status_4_with_path_and_line_never_ignored() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.household("H1", "V1", "陈大山");
    s.household("H2", "V1", "李四");
    let rel = "villages/V1/households.jsonl";
    let text = s
        .read(rel)
        .replace("\"head\":\"李四\"", "\"head\":\"李四\",\"colour\":\"red\"");
    std::fs::write(s.file(rel), text).unwrap();
    let expected = format!(
        "bangfu: error: {}:2: unknown field `colour`",
        s.file(rel).display()
    );
    for args in [
        &["household", "list"][..],
        &["household", "show", "H2"],
        &["household", "update", "H2", "--size", "5"],
        &["household", "assign", "H2", "--helper", "P1"],
    ] {
        s.rejects(args, 4).stderr_has(&expected);
    }
}

#[test]
fn a_malformed_people_file_or_manifest_is_status_4() {
    let s = TestStore::new();
    s.person("P1", "王芳");
    append(&s, "people.jsonl", "not json\n");
    s.refuses("person list", 4)
        .stderr_has(&format!("{}:2: ", s.file("people.jsonl").display()));
    s.refuses("person add --name 李明", 4)
        .stderr_has(&format!("{}:2: ", s.file("people.jsonl").display()));

    let t = TestStore::new();
    std::fs::write(t.file("bangfu.json"), "{\"format\":1,\"bogus\":2}\n").unwrap();
    t.refuses("person list", 4).stderr_has(&format!(
        "{}:1: unknown field `bogus`",
        t.file("bangfu.json").display()
    ));
}

#[test]
fn a_malformed_village_file_is_named_before_a_malformed_people_file() {
    let s = TestStore::new();
    s.with_village_and_team();
    append(&s, "people.jsonl", "not json\n");
    append(&s, "villages/V1/teams.jsonl", "not json either\n");
    // The people are read beside the villages; a village's error is still the one told.
    for line in ["check", "check --village V1", "stats"] {
        s.refuses(line, 4)
            .stderr_has(&format!("{}:", s.file("villages/V1/teams.jsonl").display()));
    }
}

// ---------------------------------------------------------------- the journal

/// Checks a journal file exactly as the README's "Audit trail and integrity" defines it, from its bytes: `seq` from 1,
/// `prev` the previous hash (64 zeros first), `hash` the SHA-256 of prev + body. Returns the
/// lines parsed.
fn verify_chain(path: &Path) -> Vec<serde_json::Value> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = String::from_utf8(bytes).expect("journal is UTF-8");
    assert!(text.ends_with('\n'), "{}: torn last line", path.display());
    let mut prev = "0".repeat(64);
    let mut entries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let at = format!("{}:{}", path.display(), i + 1);
        let suffix = line.len() - r#","hash":""}"#.len() - 64;
        let (head, tail) = line.split_at(suffix);
        assert!(
            tail.starts_with(r#","hash":""#) && tail.ends_with(r#""}"#),
            "{at}"
        );
        let hash = &tail[9..73];
        assert!(
            hash.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
            "{at}: {hash}"
        );
        let body = format!("{head}}}");
        let mut h = Sha256::new();
        h.update(prev.as_bytes());
        h.update(body.as_bytes());
        let computed = h.finalize().iter().fold(String::new(), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        });
        assert_eq!(computed, hash, "{at}: hash");
        let entry: serde_json::Value = serde_json::from_str(line).expect("journal line is JSON");
        let keys: Vec<&str> = entry
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "seq", "at", "actor", "op", "kind", "id", "before", "after", "prev", "hash"
            ],
            "{at}"
        );
        assert_eq!(entry["seq"], i as u64 + 1, "{at}: seq");
        assert_eq!(entry["prev"], prev.as_str(), "{at}: prev");
        let stamp = entry["at"].as_str().unwrap();
        assert!(
            stamp.len() >= 20 && stamp.ends_with('Z') && stamp.as_bytes()[10] == b'T',
            "{at}: {stamp}"
        );
        prev = hash.to_string();
        entries.push(entry);
    }
    entries
}

#[test]
fn every_change_appends_a_hash_chained_line_with_the_record_before_and_after() {
    let s = TestStore::new();
    s.run(&[
        "--actor",
        "县扶贫办 王",
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
    ])
    .success();
    s.run_with(
        &["person", "add", "--id", "P1", "--name", "王芳"],
        &[("BANGFU_ACTOR", "clerk-2")],
        None,
    )
    .success();
    s.ok("person add --id P2 --name 李明");
    s.household("H1", "V1", "陈大山");
    s.ok("household update H1 --size 5 --cause 因病");
    // An update that changes nothing writes no line.
    s.ok("household update H1 --size 5");
    s.ok("household assign H1 --helper P1");
    s.ok("household assign H1 --helper P2");
    s.ok("person remove P1");
    s.ok("household remove H1");

    let store_journal = verify_chain(&s.file("journal.jsonl"));
    let ops: Vec<(String, String, String, String)> = store_journal
        .iter()
        .map(|e| {
            (
                e["actor"].as_str().unwrap().to_string(),
                e["op"].as_str().unwrap().to_string(),
                e["kind"].as_str().unwrap().to_string(),
                e["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let t = |a: &str, o: &str, k: &str, i: &str| {
        (a.to_string(), o.to_string(), k.to_string(), i.to_string())
    };
    assert_eq!(
        ops,
        [
            t("县扶贫办 王", "add", "village", "V1"),
            t("clerk-2", "add", "person", "P1"),
            t("tester", "add", "person", "P2"),
            t("tester", "remove", "person", "P1"),
        ]
    );
    assert_eq!(store_journal[1]["before"], serde_json::Value::Null);
    assert_eq!(
        store_journal[1]["after"],
        serde_json::json!({"id": "P1", "name": "王芳"})
    );
    assert_eq!(store_journal[3]["before"], store_journal[1]["after"]);
    assert_eq!(store_journal[3]["after"], serde_json::Value::Null);

    let village = verify_chain(&s.file("villages/V1/journal.jsonl"));
    let summary: Vec<(&str, &str, &str)> = village
        .iter()
        .map(|e| {
            (
                e["actor"].as_str().unwrap(),
                e["op"].as_str().unwrap(),
                e["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("县扶贫办 王", "add", "village"),
            ("tester", "add", "household"),
            ("tester", "update", "household"),
            ("tester", "update", "household"),
            ("tester", "update", "household"),
            ("tester", "remove", "household"),
        ]
    );
    // before/after are the record as stored, and each update's before is the last after.
    let stored_h1 = serde_json::json!({"id": "H1", "village": "V1", "head": "陈大山", "size": 3,
        "status": "poor", "causes": [], "measures": [], "relations": []});
    assert_eq!(village[1]["after"], stored_h1);
    assert_eq!(village[2]["before"], stored_h1);
    assert_eq!(village[2]["after"]["size"], 5);
    assert_eq!(
        village[2]["after"]["causes"],
        serde_json::json!(["illness"])
    );
    for pair in village[1..].windows(2) {
        assert_eq!(pair[1]["before"], pair[0]["after"]);
    }
    assert_eq!(village[4]["after"]["helper"], "P2");
    assert_eq!(
        village[0]["after"],
        serde_json::from_str::<serde_json::Value>(&s.read("villages/V1/village.json")).unwrap()
    );
}

#[test]
fn removing_a_village_moves_its_directory_and_journal_under_removed() {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    s.ok("village update V1 --population 1200");
    s.ok("village remove V1")
        .stdout_is("removed village V1 (kept under removed/)\n");
    assert!(!s.file("villages/V1").exists());
    let kept = verify_chain(&s.file("removed/villages/V1/journal.jsonl"));
    assert_eq!(kept.len(), 2);
    let store = verify_chain(&s.file("journal.jsonl"));
    assert_eq!(store.len(), 2);
    assert_eq!(store[0]["op"], "add");
    assert_eq!(store[0]["kind"], "village");
    assert_eq!(store[1]["op"], "remove");
    assert_eq!(store[1]["kind"], "village");
    assert_eq!(store[1]["before"]["population"], 1200);
    // The id is not reused, and a village of the same id can be added again and removed again.
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    s.ok("village remove V1");
    assert!(s.file("removed/villages/V1.1/village.json").is_file());
    s.ok("village add --name 新村 --county 西秀区 --township 旧州镇")
        .stdout_is("V000002\n");
}

// ---------------------------------------------------------------- concurrency

/// Starts `n` shell processes at once, each adding 15 households with the real binary to the
/// village `village_of(process)`; returns the ids they printed.
fn add_concurrently(s: &TestStore, n: usize, village_of: impl Fn(usize) -> String) -> Vec<String> {
    let children: Vec<_> = (0..n)
        .map(|p| {
            Command::new("sh")
                .arg("-c")
                .arg(
                    r#"i=0; while [ $i -lt 15 ]; do
                         i=$((i+1))
                         "$0" --store "$1" household add --village "$2" --head "户主$3-$i" --size 2 || exit 1
                       done"#,
                )
                .arg(bangfu_path())
                .arg(s.path())
                .arg(village_of(p))
                .arg(p.to_string())
                .env("USER", format!("writer{p}"))
                .env_remove("BANGFU_STORE")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn sh")
        })
        .collect();
    let mut ids = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a writer failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        ids.extend(
            String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .map(str::to_string),
        );
    }
    ids
}

fn assert_nothing_lost(s: &TestStore, villages: &[&str], ids: &[String]) {
    assert_eq!(ids.len(), 120);
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), 120, "ids repeat: {ids:?}");
    let mut stored = Vec::new();
    for v in villages {
        let rel = format!("villages/{v}/households.jsonl");
        let records = s.records(&rel);
        let mut sorted = records.clone();
        sorted.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
        assert_eq!(records, sorted, "{rel} is sorted by id");
        stored.extend(
            records
                .iter()
                .map(|r| r["id"].as_str().unwrap().to_string()),
        );
        let journal = verify_chain(&s.file(&format!("villages/{v}/journal.jsonl")));
        // One add line for the village itself and one per household.
        assert_eq!(journal.len(), records.len() + 1, "{v}");
    }
    stored.sort();
    let mut printed: Vec<String> = ids.to_vec();
    printed.sort();
    assert_eq!(stored, printed);
    s.ok("household list --format json")
        .json()
        .as_array()
        .map(|a| assert_eq!(a.len(), 120))
        .unwrap();
}

#[test]
fn eight_processes_adding_to_one_village_lose_nothing() {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    let ids = add_concurrently(&s, 8, |_| "V1".to_string());
    assert_nothing_lost(&s, &["V1"], &ids);
}

#[test]
fn eight_processes_adding_to_several_villages_lose_nothing() {
    let s = TestStore::new();
    let villages = ["V1", "V2", "V3"];
    for v in villages {
        s.village(v, "村", "西秀区", "旧州镇");
    }
    let ids = add_concurrently(&s, 8, |p| villages[p % 3].to_string());
    assert_nothing_lost(&s, &villages, &ids);
}

// ---------------------------------------------------------------- scale by design

#[test]
fn one_household_is_added_shown_and_updated_without_reading_other_villages() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.village("V2", "小河村", "西秀区", "七眼桥镇");
    s.household("H1", "V1", "陈大山");
    s.household("H2", "V2", "李四");
    // Another village's households become unreadable: as a file that does not parse (this
    // works as root too), and, when not root, as a file that cannot be opened.
    let other = s.file("villages/V2/households.jsonl");
    std::fs::write(&other, "this is not JSON\n").unwrap();
    let check = |s: &TestStore| {
        s.ok("household show H1 --format json")
            .stdout_has("\"head\": \"陈大山\"");
        s.ok("household update H1 --size 6");
        s.ok("household assign H1 --helper P2");
        s.ok("household add --village V1 --head 王五 --size 2");
    };
    check(&s);
    // A whole-registry command does read it, and says where the damage is.
    s.refuses("household list", 4)
        .stderr_has(&format!("{}:1: ", other.display()));

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| o.stdout == b"0\n");
        if matches!(root, Ok(false)) {
            std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o000)).unwrap();
            check(&s);
            std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
    }
}
