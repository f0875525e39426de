//! `bangfu policy show | set`: the effective policy, validated changes, journaled.

use serde_json::{Value, json};

use crate::common::TestStore;

#[test]
fn show_prints_every_setting_with_its_default_and_source() {
    let s = TestStore::new();
    let run = s.ok("policy show");
    let out = run.stdout();
    let row = |key: &str| -> Vec<String> {
        out.lines()
            .find(|l| l.starts_with(&format!("{key} ")))
            .unwrap_or_else(|| panic!("no row {key} in\n{out}"))
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        row("min_team_members"),
        [
            "min_team_members",
            "3",
            "3",
            "2017 guideline: 每个驻村工作队一般不少于3人"
        ]
    );
    assert_eq!(row("min_term_years")[1], "2");
    assert_eq!(row("dispatch_deadline")[1], "2014-06-30");
    assert_eq!(row("max_households_per_helper")[1], "5");
    assert_eq!(row("plan_due_days")[1], "90");
    assert_eq!(row("concentration_factor")[1], "3");
    assert_eq!(row("exit_incidence_percent.west")[1], "3");
    assert_eq!(row("exit_incidence_percent.east")[1], "2");
    assert_eq!(row("poverty_line_yuan.2011")[1], "2536");
    assert_eq!(row("poverty_line_yuan.2020")[1], "4000");
}

/// In Chinese every source is Chinese (a rule code or a Chinese term quoted in English
/// aside), and the closing note is on a line of its own after a blank one.
#[test]
fn show_in_chinese_gives_every_source_in_chinese() {
    let s = TestStore::new();
    s.ok("policy set monitoring_line_yuan.2025 8700");
    s.ok("policy set poverty_line_yuan.2030 5000");
    let out = s.ok("--lang zh --format csv policy show").stdout();
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("设置项,值,默认值,依据"));
    for line in lines {
        let source = line.rsplit(',').next().unwrap();
        let latin = source
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() > 1 && *w != "BF")
            .collect::<Vec<_>>();
        assert!(latin.is_empty(), "{line}: {latin:?}");
        assert!(source.chars().any(|c| c > '\u{2e80}'), "{line}");
    }
    assert!(out.contains("monitoring_line_yuan.2025,8700,,按年由省里确定"));
    assert!(out.contains("poverty_line_yuan.2030,5000,,本库设置"));
    let table = s.ok("--lang zh policy show").stdout();
    assert!(
        table.ends_with("\n\n* 与默认值不同；用 `bangfu policy set KEY VALUE` 修改\n"),
        "{table}"
    );
    assert!(!table.contains("\\u{"));
}

#[test]
fn show_in_json_is_the_policy_with_defaults_filled_in() {
    let s = TestStore::new();
    s.ok("policy set max_households_per_helper 8");
    let policy = s.ok("--format json policy show").json();
    let keys: Vec<&String> = policy.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "min_team_members",
            "min_term_years",
            "dispatch_deadline",
            "max_households_per_helper",
            "plan_due_days",
            "concentration_factor",
            "team_required_types",
            "min_days_in_village",
            "attendance_from",
            "leave_township_max_days",
            "handover_min_days",
            "handover_from",
            "handover_max_days",
            "school_age_from",
            "school_age_to",
            "monitoring_from",
            "identification_max_days",
            "notice_min_days",
            "measure_due_days",
            "elimination_min_months",
            "exit_incidence_percent",
            "poverty_line_yuan",
            "monitoring_line_yuan",
            "rules"
        ]
    );
    assert_eq!(policy["max_households_per_helper"], 8);
    assert_eq!(policy["min_team_members"], 3);
    assert_eq!(
        policy["exit_incidence_percent"],
        json!({"central": 2, "east": 2, "west": 3})
    );
    assert_eq!(policy["poverty_line_yuan"]["2016"], 2952);
    assert_eq!(policy["rules"], json!({}));
}

#[test]
fn set_writes_only_the_override_and_journals_it() {
    let s = TestStore::new();
    s.ok("--actor county-office policy set max_households_per_helper 8")
        .stdout_is("policy max_households_per_helper = 8 (default 5)\n");
    let manifest: Value = serde_json::from_str(&s.read("bangfu.json")).unwrap();
    assert_eq!(manifest["policy"], json!({"max_households_per_helper": 8}));
    let journal = s.read("journal.jsonl");
    let last: Value = serde_json::from_str(journal.lines().last().unwrap()).unwrap();
    assert_eq!(last["actor"], "county-office");
    assert_eq!(last["op"], "update");
    assert_eq!(last["kind"], "policy");
    assert_eq!(last["id"], "max_households_per_helper");
    assert_eq!(last["before"], json!({}));
    assert_eq!(last["after"], json!({"max_households_per_helper": 8}));
    s.ok("policy show").stdout_has(
        "max_households_per_helper       8                       5                       *",
    );
}

#[test]
fn set_accepts_dotted_keys_and_setting_the_default_removes_the_override() {
    let s = TestStore::new();
    s.ok("policy set poverty_line_yuan.2021 4200");
    s.ok("policy set rules.BF107 off");
    s.ok("policy set exit_incidence_percent.west 2");
    s.ok("policy set dispatch_deadline 2014-12-31");
    let manifest: Value = serde_json::from_str(&s.read("bangfu.json")).unwrap();
    assert_eq!(
        manifest["policy"],
        json!({
            "poverty_line_yuan": {"2021": 4200},
            "rules": {"BF107": "off"},
            "exit_incidence_percent": {"west": 2},
            "dispatch_deadline": "2014-12-31"
        })
    );
    s.ok("policy set exit_incidence_percent.west 3");
    s.ok("policy set dispatch_deadline 2014-06-30");
    let manifest: Value = serde_json::from_str(&s.read("bangfu.json")).unwrap();
    assert_eq!(
        manifest["policy"],
        json!({"poverty_line_yuan": {"2021": 4200}, "rules": {"BF107": "off"}})
    );
    s.ok("rules")
        .stdout_has("BF107  member-tied-to-village                   warning  off       person");
}

#[test]
fn bad_keys_and_values_are_rejected_and_change_nothing() {
    let s = TestStore::new();
    s.refuses("policy set max_households_per_helper 0", 3)
        .stderr_is("bangfu: error: policy max_households_per_helper: 0 is not valid; expected a whole number from 1 to 1000\n");
    s.refuses("policy set max_households_per_helper many", 3);
    s.refuses("policy set dispatch_deadline 2014-06-31", 3)
        .stderr_is("bangfu: error: policy dispatch_deadline: 2014-06-31 is not valid; expected a date YYYY-MM-DD from 1949-10-01 to 2100-12-31\n");
    s.refuses("policy set rules.BF999 off", 3).stderr_is(
        "bangfu: error: policy rules.BF999: BF999 is not a known rule; see `bangfu rules`\n",
    );
    s.refuses("policy set rules.BF107 loud", 3)
        .stderr_is("bangfu: error: policy rules.BF107: loud is not valid; expected off, info, warning or error\n");
    s.refuses("policy set poverty_line_yuan.21 4200", 3);
    s.refuses("policy set exit_incidence_percent.north 2", 3);
    s.refuses("policy set exit_incidence_percent.west 101", 3);
    s.refuses("policy set helpers 5", 3).stderr_has(
        "bangfu: error: policy helpers: unknown key; expected one of min_team_members,",
    );
}

#[test]
fn a_changed_threshold_changes_what_check_finds() {
    let s = TestStore::new();
    s.with_village_and_team();
    for i in 1..=4 {
        s.run(&[
            "household",
            "add",
            "--id",
            &format!("H{i}"),
            "--village",
            "V1",
            "--head",
            "陈大山",
            "--size",
            "2",
            "--helper",
            "P2",
            "--cause",
            "illness",
            "--measure",
            "health",
        ])
        .success();
    }
    let check = || {
        s.cmd("--format json check --as-of 2014-04-01 --rule BF202")
            .json()["findings"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(check(), 0);
    s.ok("policy set max_households_per_helper 3");
    assert_eq!(check(), 1);
    s.ok("policy set rules.BF202 off");
    assert_eq!(check(), 0);
}

/// A key no setting has (a hand edit) is a store problem that only a hand can mend: every
/// command says so, `policy set` included; a value out of range is mended by `policy set`.
#[test]
fn an_unknown_key_is_to_be_removed_by_hand_and_a_bad_value_set_again() {
    let s = TestStore::new();
    let path = s.file("bangfu.json");
    let edit = |key: &str, value: Value| {
        let mut manifest: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        manifest["policy"][key] = value;
        std::fs::write(&path, serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
    };
    edit("frob", json!(1));
    let before = std::fs::read(&path).unwrap();
    s.run(&["stats"]).status(4).stderr_has(
        "the policy has an unknown setting frob; remove it from the policy in bangfu.json by hand",
    );
    s.run(&["--lang", "zh", "policy", "set", "min_term_years", "3"])
        .status(4)
        .stderr_has("政策有未知的设置 frob；请手工从 bangfu.json 的 policy 中删除它");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // Removed by hand, then a value out of range: `policy set` mends it.
    let mut manifest: Value = serde_json::from_str(&String::from_utf8(before).unwrap()).unwrap();
    manifest["policy"].as_object_mut().unwrap().remove("frob");
    std::fs::write(&path, serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
    edit("min_term_years", json!(99));
    s.run(&["stats"])
        .status(4)
        .stderr_has("fix it with `bangfu policy set`");
    s.ok("policy set min_term_years 3");
    s.ok("stats");
}
