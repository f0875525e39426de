//! The command line as a new user meets it: where `init` puts a store, usage errors, values
//! that start with `-`, closed sets of values, filters that name nothing, the actor, a
//! missing id, and the manual page.

use crate::common::{TestStore, bangfu, run_in, scratch};

#[test]
fn init_uses_store_or_bangfu_store_when_no_dir_is_given() {
    let dir = scratch();
    let by_flag = dir.path().join("by-flag");
    let out = bangfu()
        .current_dir(dir.path())
        .arg("--store")
        .arg(&by_flag)
        .arg("init")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(by_flag.join("bangfu.json").is_file());
    assert!(
        !dir.path().join("bangfu.json").exists(),
        "not in the current directory"
    );

    let by_env = dir.path().join("by-env");
    let env = by_env.to_str().unwrap();
    run_in(dir.path(), &["init"], &[("BANGFU_STORE", env)]).success();
    assert!(by_env.join("bangfu.json").is_file());
    assert!(!dir.path().join("bangfu.json").exists());

    // Without --name the store is named after its directory, here too; with it, as given.
    let manifest = |d: &std::path::Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(d.join("bangfu.json")).unwrap()).unwrap()
    };
    assert_eq!(manifest(&by_flag)["name"], "by-flag");
    let here = dir.path().join("西秀区");
    std::fs::create_dir(&here).unwrap();
    run_in(&here, &["init"], &[]).success();
    assert_eq!(manifest(&here)["name"], "西秀区");
    let named = dir.path().join("named");
    run_in(
        dir.path(),
        &["init", "named", "--name", "西秀区扶贫办"],
        &[],
    )
    .success();
    assert_eq!(manifest(&named)["name"], "西秀区扶贫办");
}

#[test]
fn init_refuses_a_store_inside_another() {
    let s = TestStore::new();
    let inner = s.file("villages/inner");
    let before = s.snapshot();
    s.run(&["init", inner.to_str().unwrap()])
        .status(3)
        .stderr_has("is inside the bangfu store");
    assert!(!inner.exists());
    assert!(before == s.snapshot());
    // Boundary: beside the store, not inside it, is fine.
    let beside = scratch();
    run_in(beside.path(), &["init", "county"], &[]).success();
}

#[test]
fn usage_errors_carry_the_bangfu_prefix_and_status_2() {
    let s = TestStore::new();
    let run = s.cmd("household list --bogus").status(2);
    assert!(
        run.stderr()
            .starts_with("bangfu: error: unexpected argument '--bogus'"),
        "{}",
        run.stderr()
    );
    s.ok("--version").stdout_has("bangfu ");
    s.ok("--help").stdout_has("Usage: bangfu");
}

#[test]
fn a_value_that_starts_with_a_dash_is_joined_to_its_flag() {
    let s = TestStore::new();
    s.with_village_and_team().household("H1", "V1", "王大山");
    // The form clap suggests (`-- -2+3`) cannot reach a flag; the error says what works.
    s.cmd("household update H1 --head -2+3")
        .status(2)
        .stderr_has("join it to its flag with '=', e.g. --head=-2+3")
        .stderr_lacks("'-- -2");
    s.ok("household update H1 --head=-2+3");
    assert_eq!(
        s.ok("household show H1 --format json").json()["head"],
        "-2+3"
    );
}

#[test]
fn closed_sets_of_values_are_usage_errors() {
    let s = TestStore::new();
    for line in [
        "check --fail-on bogus",
        "check --min-severity bogus",
        "export households --headers xx",
        "export farms",
        "import farms x.csv",
        "--format yaml household list",
        "--lang fr household list",
    ] {
        s.cmd(line).status(2);
    }
    // Boundary: the values of each set are taken.
    s.ok("check --fail-on never --min-severity warning");
    s.ok("export households --headers zh");
}

#[test]
fn a_county_or_township_that_no_village_has_is_rejected_by_list_as_by_check() {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    for kind in [
        "household",
        "team",
        "village",
        "plan",
        "allocation",
        "member",
    ] {
        s.cmd(&format!("{kind} list --county 青山"))
            .status(3)
            .stderr_is(
                "bangfu: error: --county 青山 is not the county of any village in the store\n",
            );
        s.cmd(&format!("{kind} list --township 青石镇"))
            .status(3)
            .stderr_has("--township 青石镇 is not the township of any village");
    }
    s.cmd("check --county 青山")
        .status(3)
        .stderr_has("--county 青山 is not the county");
    // Boundary: a county that a village has lists its records, none here.
    s.ok("household list --county 西秀区 --format json")
        .stdout_is("[\n]\n");
}

#[test]
fn the_actor_is_the_login_name_when_no_actor_or_user_is_given() {
    let s = TestStore::new();
    let out = bangfu()
        .arg("--store")
        .arg(s.path())
        .args([
            "village",
            "add",
            "--id",
            "V1",
            "--name",
            "a",
            "--county",
            "b",
            "--township",
            "c",
        ])
        .env_remove("USER")
        .env_remove("BANGFU_ACTOR")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let login = std::process::Command::new("id")
        .arg("-un")
        .output()
        .unwrap();
    let login = String::from_utf8(login.stdout).unwrap();
    let last = s.lines("villages/V1/journal.jsonl").pop().unwrap();
    let entry: serde_json::Value = serde_json::from_str(&last).unwrap();
    assert_eq!(entry["actor"], login.trim());
    assert_ne!(entry["actor"], "unknown");
    // Boundary: --actor and $BANGFU_ACTOR still win.
    s.run_with(
        &["village", "update", "V1", "--name", "b"],
        &[("BANGFU_ACTOR", "乡镇文书")],
        None,
    )
    .success();
    let last = s.lines("villages/V1/journal.jsonl").pop().unwrap();
    assert!(last.contains("\"actor\":\"乡镇文书\""), "{last}");
}

#[test]
fn a_missing_id_is_rejected_and_a_record_added_by_hand_is_still_found() {
    let s = TestStore::new();
    s.with_village_and_team().household("H1", "V1", "王大山");
    s.cmd("household show H9")
        .status(3)
        .stderr_is("bangfu: error: household H9 does not exist\n");
    // A line added to the file by hand, after the index was last brought up to date.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut text = s.read("villages/V1/households.jsonl");
    text.push_str(
        "{\"id\":\"H7\",\"village\":\"V1\",\"head\":\"张三\",\"size\":1,\"status\":\"poor\",\"causes\":[],\"measures\":[],\"relations\":[]}\n",
    );
    std::fs::write(s.file("villages/V1/households.jsonl"), text).unwrap();
    s.ok("household show H7").stdout_has("张三");
}

#[test]
fn show_prints_enumerations_in_the_language_as_list_does() {
    let s = TestStore::new();
    s.with_village_and_team().household("H1", "V1", "王大山");
    s.ok("--lang zh household show H1").stdout_has("未脱贫");
    s.ok("--lang zh household list").stdout_has("未脱贫");
    s.ok("--lang en household show H1")
        .stdout_has("poor")
        .stdout_lacks("未脱贫");
}

#[test]
fn man_prints_the_manual_page() {
    let s = TestStore::new();
    s.ok("man")
        .stdout_has(".TH bangfu 1")
        .stdout_has("household");
}

#[test]
fn spaces_pasted_around_an_id_are_dropped_as_around_a_reference() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.run(&["person", "add", "--id", " PX1 ", "--name", "王芳"])
        .success()
        .stdout_is("PX1\n");
    s.run(&[
        "household",
        "add",
        "--id",
        "H1 ",
        "--village",
        "V1",
        "--head",
        "陈大山",
        "--size",
        "2",
    ])
    .success();
    s.run(&["household", "show", " H1"])
        .success()
        .stdout_has("陈大山");
    s.run(&["household", "update", " H1 ", "--size", "3"])
        .success()
        .stdout_is("updated household H1\n");
    s.run(&["team", "recall", " T1", "--on", "2016-01-01"])
        .success();
    // An id that is all spaces is no id: said so, quoted, not as an invisible blank.
    s.rejects(&["household", "show", "  "], 3)
        .stderr_is("bangfu: error: household \"\" does not exist\n");
    s.rejects(&["household", "show", "H2"], 3)
        .stderr_is("bangfu: error: household H2 does not exist\n");
}
