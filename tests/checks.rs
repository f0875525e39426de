//! `bangfu check` and `bangfu rules`: every rule triggered and near-missed at its boundary,
//! the output formats, the filters and the exit statuses.

use serde_json::{Value, json};

use crate::common::TestStore;

/// The date most tests check as of: T1 (dispatched 2014-03-01) is active and past its
/// plan deadline.
const AS_OF: &str = "2016-06-30";

fn ok(s: &TestStore, args: &[&str]) {
    s.run(args).success();
}

/// A household in `village` with a helper, a cause and a measure: no finding of its own.
fn household(s: &TestStore, id: &str, village: &str, extra: &[&str]) {
    let mut args = vec![
        "household",
        "add",
        "--id",
        id,
        "--village",
        village,
        "--head",
        "陈大山",
        "--size",
        "4",
        "--helper",
        "P1",
        "--cause",
        "illness",
        "--measure",
        "health",
    ];
    args.extend_from_slice(extra);
    ok(s, &args);
}

fn village(s: &TestStore, id: &str, extra: &[&str]) {
    let mut args = vec![
        "village",
        "add",
        "--id",
        id,
        "--name",
        "小河村",
        "--county",
        "西秀区",
        "--township",
        "旧州镇",
    ];
    args.extend_from_slice(extra);
    ok(s, &args);
}

fn person(s: &TestStore, id: &str, extra: &[&str]) {
    let mut args = vec!["person", "add", "--id", id, "--name", "赵六"];
    args.extend_from_slice(extra);
    ok(s, &args);
}

/// A team of P-ids in `village`, the first one leading.
fn team(s: &TestStore, id: &str, village: &str, members: &[&str], dispatched: &str) {
    let mut args = vec![
        "team",
        "add",
        "--id",
        id,
        "--village",
        village,
        "--unit",
        "市农业局",
        "--leader",
        members[0],
        "--dispatched-on",
        dispatched,
    ];
    for m in members {
        args.extend(["--member", m]);
    }
    ok(s, &args);
}

/// The JSON report of `check` for one rule. Every rule test also checks the rule's
/// messages in Chinese: the same findings, each message without an English word.
pub(crate) fn report(s: &TestStore, rule: &str, as_of: &str) -> Value {
    let in_lang = |lang: &str| {
        s.run(&[
            "--lang",
            lang,
            "--format",
            "json",
            "check",
            "--as-of",
            as_of,
            "--rule",
            rule,
            "--fail-on",
            "never",
        ])
        .success()
        .json()
    };
    let (en, zh) = (in_lang("en"), in_lang("zh"));
    let without_message = |r: &Value| {
        let mut r = r.clone();
        for f in r["findings"].as_array_mut().unwrap() {
            f["message"] = Value::Null;
        }
        r
    };
    assert_eq!(without_message(&en), without_message(&zh));
    for f in zh["findings"].as_array().unwrap() {
        let message = f["message"].as_str().unwrap();
        assert_eq!(
            bangfu::lang::english_word_in(message),
            None,
            "{rule}: an English word in {message:?}"
        );
    }
    en
}

/// The ids of the records one rule finds at fault.
pub(crate) fn found(s: &TestStore, rule: &str, as_of: &str) -> Vec<String> {
    report(s, rule, as_of)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

/// The messages of one rule's findings.
pub(crate) fn messages(s: &TestStore, rule: &str, as_of: &str) -> Vec<String> {
    report(s, rule, as_of)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect()
}

/// V1 with team T1 (P1 P2 P3, dispatched 2014-03-01) and a plan, so that only what a test
/// adds is found.
fn base() -> TestStore {
    let s = TestStore::new();
    s.with_village_and_team();
    ok(
        &s,
        &[
            "plan",
            "add",
            "--village",
            "V1",
            "--team",
            "T1",
            "--category",
            "industry",
            "--title",
            "茶叶基地",
        ],
    );
    s
}

fn append(s: &TestStore, rel: &str, line: &str) {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(s.file(rel))
        .unwrap();
    writeln!(f, "{line}").unwrap();
}

// ------------------------------------------------------------------ the base is clean

#[test]
fn a_complete_registry_has_no_findings() {
    let s = base();
    household(&s, "H1", "V1", &[]);
    s.run(&["check", "--as-of", AS_OF])
        .success()
        .stdout_is("no findings as of 2016-06-30\n");
}

// ------------------------------------------------------------------ BF1xx: villages and teams

#[test]
fn bf101_a_poor_village_without_an_active_team() {
    let s = base();
    village(&s, "V2", &[]);
    village(
        &s,
        "V3",
        &[
            "--status",
            "exited",
            "--exited-on",
            "2016-01-01",
            "--population",
            "500",
        ],
    );
    assert_eq!(found(&s, "BF101", AS_OF), ["V2"]);
    assert_eq!(
        messages(&s, "BF101", AS_OF),
        ["poor village V2 (小河村) has no work team active on 2016-06-30"]
    );
}

#[test]
fn bf101_a_team_recalled_on_the_as_of_date_is_not_active() {
    let s = base();
    ok(&s, &["team", "recall", "T1", "--on", "2016-07-01"]);
    assert!(found(&s, "BF101", AS_OF).is_empty());
    ok(&s, &["team", "recall", "T1", "--on", AS_OF]);
    assert_eq!(found(&s, "BF101", AS_OF), ["V1"]);
}

#[test]
fn bf101_a_team_is_active_on_its_term_end_but_not_the_day_after() {
    let s = base();
    ok(&s, &["team", "update", "T1", "--term-end", AS_OF]);
    assert!(found(&s, "BF101", AS_OF).is_empty());
    assert_eq!(found(&s, "BF101", "2016-07-01"), ["V1"]);
    assert_eq!(found(&s, "BF101", "2014-02-28"), ["V1"]);
}

#[test]
fn bf102_a_village_with_two_active_teams() {
    let s = base();
    person(&s, "P4", &[]);
    team(&s, "T2", "V1", &["P4"], "2016-03-01");
    assert_eq!(found(&s, "BF102", AS_OF), ["V1"]);
    assert_eq!(
        messages(&s, "BF102", AS_OF),
        ["village V1 (大坪村) has 2 work teams active on 2016-06-30: T1, T2"]
    );
    // The first team recalled when the second arrived: one active team.
    ok(&s, &["team", "recall", "T1", "--on", "2016-03-01"]);
    assert!(found(&s, "BF102", AS_OF).is_empty());
}

#[test]
fn bf103_a_team_of_exactly_the_minimum_passes_and_one_fewer_does_not() {
    let s = base();
    assert!(found(&s, "BF103", AS_OF).is_empty());
    ok(
        &s,
        &["team", "update", "T1", "--member", "P1", "--member", "P2"],
    );
    assert_eq!(found(&s, "BF103", AS_OF), ["T1"]);
    assert_eq!(
        messages(&s, "BF103", AS_OF),
        ["team T1 in village V1 has 2 members, fewer than the 3 policy requires"]
    );
    // Only active teams are checked.
    ok(&s, &["team", "recall", "T1", "--on", "2016-01-01"]);
    assert!(found(&s, "BF103", AS_OF).is_empty());
}

#[test]
fn bf103_follows_the_min_team_members_policy() {
    let s = base();
    ok(&s, &["policy", "set", "min_team_members", "4"]);
    assert_eq!(found(&s, "BF103", AS_OF), ["T1"]);
}

#[test]
fn bf104_a_leader_outside_the_team_edited_in_by_hand() {
    let s = base();
    assert!(found(&s, "BF104", AS_OF).is_empty());
    append(
        &s,
        "villages/V1/teams.jsonl",
        r#"{"id":"T9","village":"V1","unit":"市农业局","leader":"P3","members":["P1","P2"],"dispatched_on":"2010-01-01","term_end":"2012-01-01"}"#,
    );
    assert_eq!(found(&s, "BF104", AS_OF), ["T9"]);
    assert_eq!(
        messages(&s, "BF104", AS_OF),
        ["team T9's leader P3 (张伟) is not among its members"]
    );
}

#[test]
fn bf105_a_term_of_exactly_the_minimum_passes_and_a_day_less_does_not() {
    let s = base();
    ok(&s, &["team", "update", "T1", "--term-end", "2016-03-01"]);
    assert!(found(&s, "BF105", "2015-01-01").is_empty());
    ok(&s, &["team", "update", "T1", "--term-end", "2016-02-29"]);
    assert_eq!(found(&s, "BF105", "2015-01-01"), ["T1"]);
    assert_eq!(
        messages(&s, "BF105", "2015-01-01"),
        [
            "team T1's term from 2014-03-01 to 2016-02-29 is shorter than the 2 years policy requires"
        ]
    );
}

#[test]
fn bf105_counts_calendar_years_from_29_february() {
    let s = base();
    ok(
        &s,
        &[
            "team",
            "update",
            "T1",
            "--dispatched-on",
            "2016-02-29",
            "--term-end",
            "2018-02-28",
        ],
    );
    assert!(found(&s, "BF105", "2017-01-01").is_empty());
    ok(&s, &["team", "update", "T1", "--term-end", "2018-02-27"]);
    assert_eq!(found(&s, "BF105", "2017-01-01"), ["T1"]);
}

#[test]
fn bf106_a_member_of_two_active_teams_in_two_villages() {
    let s = base();
    village(&s, "V2", &[]);
    person(&s, "P4", &[]);
    person(&s, "P5", &[]);
    team(&s, "T2", "V2", &["P4", "P5", "P2"], "2015-01-01");
    let r = report(&s, "BF106", AS_OF);
    assert_eq!(
        r["findings"],
        json!([{
            "code": "BF106",
            "rule": "member-on-several-teams",
            "severity": "error",
            "village": null,
            "kind": "person",
            "id": "P2",
            "message": "person P2 (李明) is a member of 2 teams active on 2016-06-30: T1 (village V1), T2 (village V2)"
        }])
    );
    // Recalled on the as-of date: no longer active, no longer on two teams.
    ok(&s, &["team", "recall", "T2", "--on", AS_OF]);
    assert!(found(&s, "BF106", AS_OF).is_empty());
}

#[test]
fn bf107_a_member_from_the_village_or_kin_of_its_households() {
    let s = base();
    village(&s, "V2", &[]);
    ok(&s, &["person", "update", "P3", "--home-village", "V1"]);
    household(&s, "H1", "V1", &[]);
    ok(
        &s,
        &[
            "household",
            "relate",
            "H1",
            "--person",
            "P2",
            "--relation",
            "sibling",
        ],
    );
    assert_eq!(found(&s, "BF107", AS_OF), ["P2", "P3"]);
    assert_eq!(
        messages(&s, "BF107", AS_OF),
        [
            "person P2 (李明) serves on team T1 and is kin (sibling) of household H1 (陈大山) in village V1",
            "person P3 (张伟) serves on team T1 and has village V1 as home village",
        ]
    );
}

#[test]
fn bf107_ties_to_another_village_are_not_found() {
    let s = base();
    village(&s, "V2", &[]);
    ok(&s, &["person", "update", "P3", "--home-village", "V2"]);
    household(&s, "H2", "V2", &[]);
    ok(
        &s,
        &[
            "household",
            "relate",
            "H2",
            "--person",
            "P2",
            "--relation",
            "sibling",
        ],
    );
    assert!(found(&s, "BF107", AS_OF).is_empty());
}

#[test]
fn bf108_a_first_team_dispatched_after_the_deadline() {
    let s = base();
    village(&s, "V2", &[]);
    village(&s, "V3", &[]);
    person(&s, "P4", &[]);
    person(&s, "P5", &[]);
    team(&s, "T2", "V2", &["P4"], "2014-07-01");
    team(&s, "T3", "V3", &["P5"], "2014-06-30");
    assert_eq!(found(&s, "BF108", AS_OF), ["V2"]);
    assert_eq!(
        messages(&s, "BF108", AS_OF),
        [
            "poor village V2 (小河村)'s first team T2 was dispatched on 2014-07-01, after the deadline 2014-06-30"
        ]
    );
    ok(&s, &["policy", "set", "dispatch_deadline", "2014-12-31"]);
    assert!(found(&s, "BF108", AS_OF).is_empty());
}

// ------------------------------------------------------------------ BF2xx: households

#[test]
fn bf201_a_household_that_needs_help_without_a_helper() {
    let s = base();
    household(&s, "H1", "V1", &[]);
    ok(&s, &["household", "update", "H1", "--clear", "helper"]);
    household(&s, "H2", "V1", &["--status", "returned"]);
    ok(&s, &["household", "update", "H2", "--clear", "helper"]);
    household(&s, "H3", "V1", &["--status", "non_poor"]);
    ok(&s, &["household", "update", "H3", "--clear", "helper"]);
    household(&s, "H4", "V1", &[]);
    assert_eq!(found(&s, "BF201", AS_OF), ["H1", "H2"]);
    assert_eq!(
        messages(&s, "BF201", AS_OF)[0],
        "household H1 (陈大山) needs help but has no helper"
    );
}

#[test]
fn bf202_a_helper_with_exactly_the_maximum_passes_and_one_more_does_not() {
    let s = base();
    for i in 1..=5 {
        household(&s, &format!("H{i}"), "V1", &[]);
    }
    household(&s, "H9", "V1", &["--status", "non_poor"]);
    assert!(found(&s, "BF202", AS_OF).is_empty());
    household(&s, "H6", "V1", &[]);
    assert_eq!(found(&s, "BF202", AS_OF), ["P1"]);
    assert_eq!(
        messages(&s, "BF202", AS_OF),
        ["person P1 (王芳) helps 6 households that need help, more than the 5 policy allows"]
    );
    ok(&s, &["policy", "set", "max_households_per_helper", "6"]);
    assert!(found(&s, "BF202", AS_OF).is_empty());
}

#[test]
fn bf203_a_helper_who_is_kin_of_the_household() {
    let s = base();
    household(&s, "H1", "V1", &[]);
    ok(&s, &["household", "assign", "H1", "--helper", "P2"]);
    ok(
        &s,
        &[
            "household",
            "relate",
            "H1",
            "--person",
            "P3",
            "--relation",
            "child",
        ],
    );
    assert!(found(&s, "BF203", AS_OF).is_empty());
    ok(
        &s,
        &[
            "household",
            "relate",
            "H1",
            "--person",
            "P2",
            "--relation",
            "spouse",
        ],
    );
    assert_eq!(
        messages(&s, "BF203", AS_OF),
        ["household H1 (陈大山)'s helper P2 (李明) is its kin (spouse)"]
    );
}

#[test]
fn bf204_and_bf205_causes_and_measures_of_households_that_need_help() {
    let s = base();
    household(&s, "H1", "V1", &[]);
    ok(
        &s,
        &[
            "household",
            "update",
            "H1",
            "--clear",
            "causes",
            "--clear",
            "measures",
        ],
    );
    household(&s, "H2", "V1", &["--status", "non_poor"]);
    ok(
        &s,
        &[
            "household",
            "update",
            "H2",
            "--clear",
            "causes",
            "--clear",
            "measures",
        ],
    );
    assert_eq!(found(&s, "BF204", AS_OF), ["H1"]);
    assert_eq!(found(&s, "BF205", AS_OF), ["H1"]);
    assert_eq!(
        messages(&s, "BF204", AS_OF),
        ["household H1 (陈大山) needs help but has no cause of poverty recorded"]
    );
    assert_eq!(
        messages(&s, "BF205", AS_OF),
        ["household H1 (陈大山) needs help but has no measure recorded"]
    );
    ok(&s, &["household", "update", "H1", "--cause", "缺技术"]);
    assert!(found(&s, "BF204", AS_OF).is_empty());
    assert_eq!(found(&s, "BF205", AS_OF), ["H1"]);
}

#[test]
fn bf206_one_finding_for_each_household_sharing_a_head_id_number() {
    let s = base();
    village(&s, "V2", &[]);
    household(&s, "H1", "V1", &["--id-number", "52040219800101001X"]);
    household(&s, "H2", "V2", &["--id-number", "52040219800101001x"]);
    household(&s, "H3", "V1", &["--id-number", "520402198001010028"]);
    let r = report(&s, "BF206", AS_OF);
    let got: Vec<(&str, &str)> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["village"].as_str().unwrap(), f["id"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [("V1", "H1"), ("V2", "H2")]);
    let text = s
        .run(&["check", "--as-of", AS_OF, "--rule", "BF206"])
        .status(1);
    let text = text.stdout_has(
        "household H1 (陈大山)'s head has the same ID number as household H2 (陈大山) in village V2",
    );
    text.stdout_lacks("52040219800101001X");
}

#[test]
fn bf207_an_income_exactly_at_the_line_passes_and_a_fen_below_does_not() {
    let s = base();
    household(&s, "H1", "V1", &[]);
    household(&s, "H2", "V1", &[]);
    ok(
        &s,
        &[
            "household",
            "exit",
            "H1",
            "--on",
            "2016-10-01",
            "--income",
            "2952",
            "--verified-by",
            "P2",
        ],
    );
    ok(
        &s,
        &[
            "household",
            "exit",
            "H2",
            "--on",
            "2016-10-01",
            "--income",
            "2951.99",
            "--verified-by",
            "P2",
        ],
    );
    assert_eq!(found(&s, "BF207", AS_OF), ["H2"]);
    assert_eq!(
        messages(&s, "BF207", AS_OF),
        [
            "household H2 (陈大山) exited on 2016-10-01 with income per head 2951.99 yuan, below the 2016 line of 2952.00 yuan"
        ]
    );
}

#[test]
fn bf207_an_exit_without_income() {
    let s = base();
    household(
        &s,
        "H1",
        "V1",
        &[
            "--status",
            "exited",
            "--exited-on",
            "2016-10-01",
            "--exit-verified-by",
            "P2",
        ],
    );
    assert_eq!(
        messages(&s, "BF207", AS_OF),
        ["household H1 (陈大山) exited on 2016-10-01 with no income per head recorded"]
    );
}

#[test]
fn bf207_an_exit_in_a_year_without_a_line_is_found_until_policy_sets_one() {
    let s = base();
    household(&s, "H1", "V1", &[]);
    ok(
        &s,
        &[
            "household",
            "exit",
            "H1",
            "--on",
            "2021-03-01",
            "--income",
            "9000",
            "--verified-by",
            "P2",
        ],
    );
    assert_eq!(
        messages(&s, "BF207", AS_OF),
        [
            "household H1 (陈大山) exited on 2021-03-01, a year for which policy sets no poverty line"
        ]
    );
    ok(&s, &["policy", "set", "poverty_line_yuan.2021", "4200"]);
    assert!(found(&s, "BF207", AS_OF).is_empty());
    ok(&s, &["policy", "set", "poverty_line_yuan.2021", "9001"]);
    assert_eq!(found(&s, "BF207", AS_OF), ["H1"]);
}

#[test]
fn bf208_an_exit_verified_by_someone_outside_the_active_team() {
    let s = base();
    person(&s, "P4", &[]);
    for id in ["H1", "H2", "H3"] {
        household(&s, id, "V1", &[]);
    }
    let exit = |id: &str, by: &str| {
        ok(
            &s,
            &[
                "household",
                "exit",
                id,
                "--on",
                "2016-10-01",
                "--income",
                "3000",
                "--verified-by",
                by,
            ],
        );
    };
    exit("H1", "P2");
    exit("H2", "P4");
    household(
        &s,
        "H4",
        "V1",
        &[
            "--status",
            "exited",
            "--exited-on",
            "2016-10-01",
            "--income",
            "3000",
        ],
    );
    assert_eq!(found(&s, "BF208", AS_OF), ["H2", "H4"]);
    assert_eq!(
        messages(&s, "BF208", AS_OF),
        [
            "household H2 (陈大山)'s exit on 2016-10-01 was verified by P4 (赵六), who was not a member of a team active in village V1 that day",
            "household H4 (陈大山) exited on 2016-10-01 but nobody verified the exit",
        ]
    );
    // A verifier whose team was recalled on the exit date was no longer on an active team.
    exit("H3", "P2");
    ok(&s, &["team", "recall", "T1", "--on", "2016-10-01"]);
    assert_eq!(found(&s, "BF208", AS_OF), ["H1", "H2", "H3", "H4"]);
}

// ------------------------------------------------------------------ BF3xx: allocations

/// V1 with official P4 (村主任), households H1 (poor) and H2, and a helper to add
/// allocations approved by team member P1 and official P4.
fn with_official() -> TestStore {
    let s = base();
    person(&s, "P4", &[]);
    ok(
        &s,
        &[
            "village", "official", "V1", "--person", "P4", "--role", "director",
        ],
    );
    household(&s, "H1", "V1", &[]);
    household(&s, "H2", "V1", &[]);
    s
}

fn allocation(s: &TestStore, id: &str, household: Option<&str>, amount: &str, date: &str) {
    let mut args = vec![
        "allocation",
        "add",
        "--id",
        id,
        "--village",
        "V1",
        "--kind",
        "funds",
        "--amount",
        amount,
        "--date",
        date,
        "--approved-by",
        "P1",
        "--approved-by",
        "P4",
    ];
    if let Some(h) = household {
        args.extend(["--household", h]);
    }
    ok(s, &args);
}

#[test]
fn bf301_an_allocation_to_a_non_poor_or_already_exited_household() {
    let s = with_official();
    household(&s, "H3", "V1", &["--status", "non_poor"]);
    ok(
        &s,
        &[
            "household",
            "exit",
            "H2",
            "--on",
            "2016-03-01",
            "--income",
            "3000",
            "--verified-by",
            "P2",
        ],
    );
    allocation(&s, "A1", Some("H1"), "500", "2016-03-02");
    allocation(&s, "A2", Some("H2"), "500", "2016-03-01");
    allocation(&s, "A3", Some("H2"), "500", "2016-03-02");
    allocation(&s, "A4", Some("H3"), "500", "2016-01-02");
    assert_eq!(found(&s, "BF301", AS_OF), ["A3", "A4"]);
    assert_eq!(
        messages(&s, "BF301", AS_OF),
        [
            "allocation A3 of 500.00 yuan on 2016-03-02 went to household H2 (陈大山), which had exited poverty on 2016-03-01",
            "allocation A4 of 500.00 yuan on 2016-01-02 went to household H3 (陈大山), which is not a poor household",
        ]
    );
}

#[test]
fn bf302_kinship_filed_on_the_allocation_date_counts_as_filed() {
    let s = with_official();
    ok(
        &s,
        &[
            "household",
            "relate",
            "H1",
            "--person",
            "P4",
            "--relation",
            "sibling",
        ],
    );
    allocation(&s, "A1", Some("H1"), "500", "2016-03-01");
    allocation(&s, "A2", Some("H2"), "500", "2016-03-01");
    assert_eq!(
        messages(&s, "BF302", AS_OF),
        [
            "allocation A1 on 2016-03-01 went to household H1 (陈大山), kin (sibling) of village director P4 (赵六), and the kinship was never filed"
        ]
    );
    ok(
        &s,
        &[
            "household",
            "relate",
            "H1",
            "--person",
            "P4",
            "--relation",
            "sibling",
            "--filed-on",
            "2016-03-02",
        ],
    );
    assert_eq!(found(&s, "BF302", AS_OF), ["A1"]);
    ok(
        &s,
        &[
            "household",
            "relate",
            "H1",
            "--person",
            "P4",
            "--relation",
            "sibling",
            "--filed-on",
            "2016-03-01",
        ],
    );
    assert!(found(&s, "BF302", AS_OF).is_empty());
}

#[test]
fn bf303_both_signatures_with_the_team_active_on_the_date() {
    let s = with_official();
    allocation(&s, "A1", Some("H1"), "500", "2016-03-01");
    ok(
        &s,
        &[
            "allocation",
            "add",
            "--id",
            "A2",
            "--village",
            "V1",
            "--kind",
            "project",
            "--amount",
            "80000",
            "--date",
            "2016-03-01",
            "--approved-by",
            "P4",
        ],
    );
    ok(
        &s,
        &[
            "allocation",
            "add",
            "--id",
            "A3",
            "--village",
            "V1",
            "--kind",
            "materials",
            "--amount",
            "100",
            "--date",
            "2016-03-01",
            "--approved-by",
            "P2",
        ],
    );
    assert_eq!(found(&s, "BF303", AS_OF), ["A2", "A3"]);
    assert_eq!(
        messages(&s, "BF303", AS_OF),
        [
            "allocation A2 on 2016-03-01 in village V1 lacks the approval of a member of a work team active in the village that day",
            "allocation A3 on 2016-03-01 in village V1 lacks the approval of a village official",
        ]
    );
}

#[test]
fn bf303_a_signature_by_a_team_recalled_the_day_before_is_not_enough() {
    let s = with_official();
    allocation(&s, "A1", Some("H1"), "500", "2016-03-01");
    ok(&s, &["team", "recall", "T1", "--on", "2016-03-02"]);
    assert!(found(&s, "BF303", AS_OF).is_empty());
    ok(&s, &["team", "recall", "T1", "--on", "2016-02-29"]);
    assert_eq!(found(&s, "BF303", AS_OF), ["A1"]);
}

#[test]
fn bf304_exactly_the_factor_times_the_median_passes() {
    let s = with_official();
    household(&s, "H3", "V1", &[]);
    allocation(&s, "A1", Some("H1"), "1000", "2016-03-01");
    allocation(&s, "A2", Some("H2"), "600", "2016-03-01");
    allocation(&s, "A3", Some("H2"), "400", "2016-04-01");
    allocation(&s, "A4", Some("H3"), "3000", "2016-03-01");
    allocation(&s, "A5", None, "90000", "2016-03-01");
    assert!(found(&s, "BF304", AS_OF).is_empty());
    allocation(&s, "A6", Some("H3"), "0.01", "2016-05-01");
    let r = report(&s, "BF304", AS_OF);
    assert_eq!(r["findings"][0]["kind"], "household");
    assert_eq!(
        messages(&s, "BF304", AS_OF),
        [
            "household H3 (陈大山) received 3000.01 yuan in allocations, more than 3 times the median of 1000.00 yuan among the 3 households of village V1 that received any"
        ]
    );
}

#[test]
fn bf304_the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
    let s = with_official();
    household(&s, "H3", "V1", &[]);
    household(&s, "H4", "V1", &[]);
    allocation(&s, "A1", Some("H1"), "100", "2016-03-01");
    allocation(&s, "A2", Some("H2"), "200", "2016-03-01");
    allocation(&s, "A3", Some("H3"), "300", "2016-03-01");
    // Median 250: 750 is exactly three times it.
    allocation(&s, "A4", Some("H4"), "750", "2016-03-01");
    assert!(found(&s, "BF304", AS_OF).is_empty());
    ok(&s, &["policy", "set", "concentration_factor", "2"]);
    assert_eq!(found(&s, "BF304", AS_OF), ["H4"]);
}

// ------------------------------------------------------------------ BF4xx: villages and plans

#[test]
fn bf401_incidence_at_the_threshold_is_found_and_just_below_is_not() {
    let s = base();
    // West: 3%. 3 of 100 people need help: at the threshold.
    village(
        &s,
        "V2",
        &[
            "--status",
            "exited",
            "--exited-on",
            "2019-12-01",
            "--population",
            "100",
        ],
    );
    household(&s, "H1", "V2", &[]);
    ok(&s, &["household", "update", "H1", "--size", "3"]);
    household(&s, "H2", "V2", &["--status", "non_poor"]);
    assert_eq!(
        messages(&s, "BF401", AS_OF),
        [
            "exited village V2 (小河村) has poverty incidence 3.00% (3 of 100 people in households that need help), at or above the 3% threshold of the west region"
        ]
    );
    ok(&s, &["village", "update", "V2", "--population", "101"]);
    assert!(found(&s, "BF401", AS_OF).is_empty());
    ok(&s, &["village", "update", "V2", "--region", "east"]);
    assert_eq!(found(&s, "BF401", AS_OF), ["V2"]);
    ok(&s, &["policy", "set", "exit_incidence_percent.east", "3"]);
    assert!(found(&s, "BF401", AS_OF).is_empty());
}

#[test]
fn bf401_an_exited_village_without_population() {
    let s = base();
    village(
        &s,
        "V2",
        &["--status", "exited", "--exited-on", "2019-12-01"],
    );
    assert_eq!(
        messages(&s, "BF401", AS_OF),
        [
            "exited village V2 (小河村) has no registered population, so its poverty incidence is unknown"
        ]
    );
}

#[test]
fn bf402_a_team_exactly_plan_due_days_in_passes_and_a_day_later_does_not() {
    let s = TestStore::new();
    s.with_village_and_team();
    // Dispatched 2014-03-01; 90 days later is 2014-05-30.
    assert!(found(&s, "BF402", "2014-05-30").is_empty());
    assert_eq!(found(&s, "BF402", "2014-05-31"), ["T1"]);
    assert_eq!(
        messages(&s, "BF402", "2014-05-31"),
        [
            "team T1 in village V1, dispatched on 2014-03-01, has no plan item more than 90 days later"
        ]
    );
    ok(&s, &["policy", "set", "plan_due_days", "91"]);
    assert!(found(&s, "BF402", "2014-05-31").is_empty());
}

#[test]
fn bf402_a_plan_by_an_earlier_team_does_not_count_for_its_successor() {
    let s = base();
    person(&s, "P4", &[]);
    ok(&s, &["team", "recall", "T1", "--on", "2015-01-01"]);
    team(&s, "T2", "V1", &["P4", "P2", "P3"], "2015-01-01");
    assert_eq!(found(&s, "BF402", AS_OF), ["T2"]);
    ok(
        &s,
        &[
            "plan",
            "add",
            "--village",
            "V1",
            "--category",
            "culture",
            "--title",
            "文化广场",
        ],
    );
    assert!(found(&s, "BF402", AS_OF).is_empty());
}

// ------------------------------------------------------------------ BF9xx: hand-edited files

#[test]
fn bf901_dangling_references_in_hand_edited_files_are_reported() {
    let s = base();
    household(&s, "H1", "V1", &[]);
    append(
        &s,
        "villages/V1/households.jsonl",
        r#"{"id":"H2","village":"V1","head":"刘洋","size":2,"status":"poor","causes":["illness"],"measures":["health"],"helper":"P9","relations":[{"person":"P8","relation":"child"}]}"#,
    );
    append(
        &s,
        "people.jsonl",
        r#"{"id":"P7","name":"孙七","home_village":"V9"}"#,
    );
    let r = s
        .run(&[
            "--format", "json", "check", "--as-of", AS_OF, "--rule", "BF901",
        ])
        .status(1)
        .json();
    assert_eq!(
        r["findings"],
        json!([
            {
                "code": "BF901", "rule": "dangling-reference", "severity": "error",
                "village": "V1", "kind": "household", "id": "H2",
                "message": "household H2 refers to records that do not exist: person P9 (helper), person P8 (relations)"
            },
            {
                "code": "BF901", "rule": "dangling-reference", "severity": "error",
                "village": null, "kind": "person", "id": "P7",
                "message": "person P7 refers to a record that does not exist: village V9 (home_village)"
            }
        ])
    );
}

#[test]
fn bf902_duplicate_ids_in_hand_edited_files_are_reported() {
    let s = base();
    village(&s, "V2", &[]);
    household(&s, "H1", "V1", &[]);
    household(&s, "H2", "V2", &[]);
    append(&s, "people.jsonl", r#"{"id":"P2","name":"李明"}"#);
    append(
        &s,
        "villages/V2/households.jsonl",
        r#"{"id":"H1","village":"V2","head":"刘洋","size":2,"status":"poor","causes":["illness"],"measures":["health"],"helper":"P1"}"#,
    );
    let r = s
        .run(&[
            "--format", "json", "check", "--as-of", AS_OF, "--rule", "BF902",
        ])
        .status(1)
        .json();
    let got: Vec<(&str, &str, &Value, &str)> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap(),
                f["id"].as_str().unwrap(),
                &f["village"],
                f["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "household",
                "H1",
                &Value::Null,
                "household id H1 appears 2 times in villages V1, V2"
            ),
            (
                "person",
                "P2",
                &Value::Null,
                "person id P2 appears 2 times in people.jsonl"
            ),
        ]
    );
    // Every other rule still runs over the damaged store.
    s.run(&["check", "--as-of", AS_OF])
        .status(1)
        .stdout_has("BF902");
}

#[test]
fn bf902_covers_members_cases_and_duty_records_too_from_either_village() {
    let s = base();
    village(&s, "V2", &[]);
    household(&s, "H1", "V1", &[]);
    household(&s, "H2", "V2", &[]);
    s.ok("member add --id M1 --household H1 --name 陈小芳 --relation child");
    s.ok("member add --id M2 --household H2 --name 刘小明 --relation child");
    // A merge or a copy leaves member M1 in V2 as well.
    let line = s.read("villages/V1/members.jsonl");
    let copy = line.trim_end().replace("\"H1\"", "\"H2\"");
    append(&s, "villages/V2/members.jsonl", &copy);
    let found = |args: &[&str]| -> Vec<(String, String)> {
        let mut all = vec![
            "--format", "json", "check", "--as-of", AS_OF, "--rule", "BF902",
        ];
        all.extend_from_slice(args);
        s.run(&all).status(1).json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["id"].as_str().unwrap().to_string(),
                    f["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let expected = [(
        "M1".to_string(),
        "member id M1 appears 2 times in villages V1, V2".to_string(),
    )];
    assert_eq!(found(&[]), expected);
    assert_eq!(found(&["--village", "V1"]), expected);
    assert_eq!(found(&["--village", "V2"]), expected);
    // The boundary: M2 once, in its own village, is no finding.
    assert!(!found(&[]).iter().any(|(id, _)| id == "M2"));
}

// ------------------------------------------------------------------ output

#[test]
fn the_table_is_grouped_by_village_with_a_summary() {
    let s = base();
    village(&s, "V2", &[]);
    household(&s, "H1", "V1", &[]);
    ok(
        &s,
        &[
            "household",
            "update",
            "H1",
            "--clear",
            "helper",
            "--clear",
            "measures",
        ],
    );
    s.run(&["check", "--as-of", AS_OF]).status(1).stdout_is(
        "V1 大坪村 · 西秀区 旧州镇
  error    BF201  household H1 (陈大山) needs help but has no helper
  warning  BF205  household H1 (陈大山) needs help but has no measure recorded

V2 小河村 · 西秀区 旧州镇
  error    BF101  poor village V2 (小河村) has no work team active on 2016-06-30

3 findings as of 2016-06-30: 2 errors, 1 warning, 0 info
",
    );
    // -q keeps the findings and drops the summary.
    s.run(&["-q", "check", "--as-of", AS_OF, "--rule", "BF101"])
        .status(1)
        .stdout_is(
            "V2 小河村 · 西秀区 旧州镇\n  error  BF101  poor village V2 (小河村) has no work team active on 2016-06-30\n",
        );
}

#[test]
fn json_has_exactly_the_shape_of_the_spec_sorted_by_village_code_id() {
    let s = base();
    village(&s, "V2", &[]);
    person(&s, "P4", &[]);
    team(&s, "T2", "V2", &["P4", "P2"], "2014-03-01");
    household(&s, "H2", "V1", &[]);
    household(&s, "H1", "V1", &[]);
    ok(&s, &["household", "update", "H1", "--clear", "helper"]);
    ok(&s, &["household", "update", "H2", "--clear", "helper"]);
    let run = s
        .run(&["--format", "json", "check", "--as-of", AS_OF])
        .status(1);
    let r = run.json();
    let keys: Vec<&String> = r.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["as_of", "summary", "findings"]);
    assert_eq!(r["as_of"], "2016-06-30");
    assert_eq!(r["summary"], json!({"error": 3, "warning": 2, "info": 0}));
    let first = r["findings"][0].as_object().unwrap();
    let keys: Vec<&String> = first.keys().collect();
    assert_eq!(
        keys,
        [
            "code", "rule", "severity", "village", "kind", "id", "message"
        ]
    );
    let order: Vec<(Value, &str, &str)> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["village"].clone(),
                f["code"].as_str().unwrap(),
                f["id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        order,
        [
            (json!("V1"), "BF201", "H1"),
            (json!("V1"), "BF201", "H2"),
            (json!("V2"), "BF103", "T2"),
            (json!("V2"), "BF402", "T2"),
            (Value::Null, "BF106", "P2"),
        ]
    );
}

#[test]
fn csv_has_one_row_per_finding() {
    let s = base();
    household(&s, "H1", "V1", &[]);
    ok(&s, &["household", "update", "H1", "--clear", "helper"]);
    s.run(&["--format", "csv", "check", "--as-of", AS_OF])
        .status(1)
        .stdout_is(
            "code,rule,severity,village,kind,id,message
BF201,household-without-helper,error,V1,household,H1,household H1 (陈大山) needs help but has no helper
",
        );
}

// ------------------------------------------------------------------ filters and statuses

/// V1 (county 西秀区) with an error and a warning, V2 (county 平坝区) with an info finding.
fn two_counties() -> TestStore {
    let s = base();
    household(&s, "H1", "V1", &[]);
    ok(
        &s,
        &[
            "household",
            "update",
            "H1",
            "--clear",
            "helper",
            "--clear",
            "causes",
        ],
    );
    ok(
        &s,
        &[
            "village",
            "add",
            "--id",
            "V2",
            "--name",
            "新寨村",
            "--county",
            "平坝区",
            "--township",
            "天龙镇",
        ],
    );
    person(&s, "P4", &[]);
    person(&s, "P5", &[]);
    person(&s, "P6", &[]);
    team(&s, "T2", "V2", &["P4", "P5", "P6"], "2015-01-01");
    ok(
        &s,
        &[
            "plan",
            "add",
            "--village",
            "V2",
            "--team",
            "T2",
            "--category",
            "culture",
            "--title",
            "村史馆",
        ],
    );
    s
}

fn codes(run: &crate::common::Run) -> Vec<String> {
    run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn filters_narrow_the_findings() {
    let s = two_counties();
    let check_as_of = |as_of: &str, extra: &[&str]| {
        let mut args = vec![
            "--format",
            "json",
            "check",
            "--as-of",
            as_of,
            "--fail-on",
            "never",
        ];
        args.extend_from_slice(extra);
        codes(&s.run(&args).success())
    };
    let check = |extra: &[&str]| check_as_of(AS_OF, extra);
    assert_eq!(check(&[]), ["BF201", "BF204", "BF108"]);
    assert_eq!(
        check(&["--rule", "BF204", "--rule", "late-dispatch"]),
        ["BF204", "BF108"]
    );
    assert_eq!(check(&["--village", "V2"]), ["BF108"]);
    assert_eq!(check(&["--county", "西秀区"]), ["BF201", "BF204"]);
    assert_eq!(check(&["--min-severity", "warning"]), ["BF201", "BF204"]);
    assert_eq!(check(&["--min-severity", "error"]), ["BF201"]);
    // As of a date before T2 was dispatched, V2 has no team.
    assert_eq!(
        check_as_of("2014-12-31", &["--village", "V2"]),
        ["BF101", "BF108"]
    );
}

#[test]
fn a_finding_across_villages_is_kept_by_each_of_its_villages() {
    let s = base();
    village(&s, "V2", &[]);
    person(&s, "P4", &[]);
    team(&s, "T2", "V2", &["P4", "P2", "P3"], "2015-01-01");
    for v in ["V1", "V2"] {
        let run = s
            .run(&[
                "--format",
                "json",
                "check",
                "--as-of",
                AS_OF,
                "--rule",
                "BF106",
                "--village",
                v,
            ])
            .status(1);
        assert_eq!(codes(&run), ["BF106", "BF106"], "--village {v}");
    }
}

#[test]
fn the_exit_status_follows_fail_on() {
    let s = two_counties();
    s.run(&["check", "--as-of", AS_OF]).status(1);
    s.run(&["check", "--as-of", AS_OF, "--fail-on", "never"])
        .success();
    s.run(&["check", "--as-of", AS_OF, "--rule", "BF204"])
        .success();
    s.run(&[
        "check",
        "--as-of",
        AS_OF,
        "--rule",
        "BF204",
        "--fail-on",
        "warning",
    ])
    .status(1);
    s.run(&[
        "check",
        "--as-of",
        AS_OF,
        "--rule",
        "BF108",
        "--fail-on",
        "warning",
    ])
    .success();
    s.run(&[
        "check",
        "--as-of",
        AS_OF,
        "--rule",
        "BF108",
        "--fail-on",
        "info",
    ])
    .status(1);
    // What --min-severity hides cannot fail the check, and the summary says it was hidden.
    s.run(&[
        "check",
        "--as-of",
        AS_OF,
        "--min-severity",
        "error",
        "--rule",
        "BF204",
        "--fail-on",
        "warning",
    ])
    .success()
    .stdout_is(&format!(
        "no findings as of {AS_OF}; 1 below error not shown (--min-severity error)\n"
    ));
    s.cmd(&format!(
        "--lang zh check --as-of {AS_OF} --min-severity error --rule BF204 --fail-on never"
    ))
    .success()
    .stdout_is(&format!(
        "截至 {AS_OF} 没有发现问题；另有 1 条低于错误的问题未显示（--min-severity error）\n"
    ));
    // The boundary: nothing hidden, nothing said of it.
    s.run(&[
        "check",
        "--as-of",
        AS_OF,
        "--min-severity",
        "warning",
        "--rule",
        "BF204",
        "--fail-on",
        "never",
    ])
    .success()
    .stdout_lacks("not shown");
}

#[test]
fn bad_values_are_rejected_with_status_3() {
    let s = two_counties();
    s.refuses("check --as-of 2016-02-30", 3)
        .stderr_is("bangfu: error: --as-of 2016-02-30 is not a valid date; expected YYYY-MM-DD\n");
    s.refuses("check --rule BF999", 3).stderr_is(
        "bangfu: error: --rule BF999 is not a known rule; expected a code like BF201 or a name like household-without-helper (see `bangfu rules`)\n",
    );
    s.refuses("check --min-severity fatal", 2)
        .stderr_has("bangfu: error: invalid value 'fatal' for '--min-severity <S>'");
    s.refuses("check --fail-on sometimes", 2)
        .stderr_has("bangfu: error: invalid value 'sometimes' for '--fail-on <S>'");
    s.refuses("check --village V9", 3)
        .stderr_is("bangfu: error: --village V9 is not a known village\n");
    s.refuses("check --county 安顺县", 3).stderr_is(
        "bangfu: error: --county 安顺县 is not the county of any village in the store\n",
    );
}

#[test]
fn policy_can_switch_a_rule_off_or_change_its_severity() {
    let s = two_counties();
    ok(&s, &["policy", "set", "rules.BF201", "warning"]);
    let r = report(&s, "BF201", AS_OF);
    assert_eq!(r["findings"][0]["severity"], "warning");
    s.run(&["check", "--as-of", AS_OF]).success();
    ok(&s, &["policy", "set", "rules.BF204", "off"]);
    ok(&s, &["policy", "set", "rules.BF108", "error"]);
    let run = s
        .run(&["--format", "json", "check", "--as-of", AS_OF])
        .status(1);
    assert_eq!(codes(&run), ["BF201", "BF108"]);
    assert_eq!(
        run.json()["summary"],
        json!({"error": 1, "warning": 1, "info": 0})
    );
}

// ------------------------------------------------------------------ rules

#[test]
fn rules_lists_every_rule_with_its_default_and_effective_severity() {
    let s = TestStore::new();
    ok(&s, &["policy", "set", "rules.BF107", "off"]);
    let run = s.ok("rules");
    let out = run.stdout();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 50);
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["code", "name", "default", "severity", "record"]
    );
    assert!(lines[1].starts_with("BF101  village-without-team "));
    let bf107: Vec<&str> = lines[7].split_whitespace().collect();
    assert_eq!(
        bf107,
        [
            "BF107",
            "member-tied-to-village",
            "warning",
            "off",
            "person"
        ]
    );
    let json = s.ok("--format json rules").json();
    let all: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        all,
        [
            "BF101", "BF102", "BF103", "BF104", "BF105", "BF106", "BF107", "BF108", "BF109",
            "BF110", "BF111", "BF112", "BF113", "BF114", "BF115", "BF201", "BF202", "BF203",
            "BF204", "BF205", "BF206", "BF207", "BF208", "BF209", "BF210", "BF211", "BF212",
            "BF213", "BF214", "BF215", "BF216", "BF301", "BF302", "BF303", "BF304", "BF401",
            "BF402", "BF500", "BF501", "BF502", "BF503", "BF504", "BF505", "BF506", "BF507",
            "BF508", "BF509", "BF901", "BF902"
        ]
    );
}

#[test]
fn rules_explains_one_rule_by_code_or_name() {
    let s = TestStore::new();
    let by_code = s.ok("rules BF201");
    let by_code = by_code
        .stdout_has("BF201 household-without-helper\n")
        .stdout_has("default severity: error; in this store: error; record at fault: household")
        .stdout_has("\nWhat it checks\n  A household that needs help")
        .stdout_has("\nWhy it matters\n")
        .stdout_has("\nHow to fix\n  Assign a helper: `bangfu household assign H --helper P`.");
    s.ok("rules household-without-helper")
        .stdout_is(&by_code.stdout());
    let json = s.ok("--format json rules BF207").json();
    assert_eq!(json["code"], "BF207");
    assert_eq!(json["name"], "exit-below-poverty-line");
    for key in ["what", "why", "fix"] {
        let text = json[key].as_str().unwrap();
        assert!(text.len() > 40 && !text.contains('\n'), "{key}: {text}");
    }
}

#[test]
fn rules_rejects_an_unknown_code_and_works_outside_a_store() {
    let s = TestStore::new();
    s.refuses("rules BF999", 3).stderr_is(
        "bangfu: error: BF999 is not a known rule; expected a code like BF201 or a name like household-without-helper (see `bangfu rules`)\n",
    );
    let outside = TestStore::empty();
    crate::common::bangfu()
        .current_dir(outside.path())
        .args(["rules", "BF101"])
        .assert()
        .success();
}

// ------------------------------------------------- found by exploratory testing

/// The `[id, message]` of each finding of `rule` as of `as_of`.
fn rule_findings(s: &TestStore, rule: &str, as_of: &str) -> Vec<(String, String)> {
    let run = s.ok(&format!(
        "check --as-of {as_of} --rule {rule} --format json --fail-on never"
    ));
    let report = run.json();
    let found = report["findings"].as_array().unwrap();
    let pair = |f: &Value| {
        let text = |k: &str| f[k].as_str().unwrap_or_default().to_string();
        (text("id"), text("message"))
    };
    found.iter().map(pair).collect()
}

fn ids(found: &[(String, String)]) -> Vec<&str> {
    found.iter().map(|(id, _)| id.as_str()).collect()
}

/// SPEC 5: BF211–BF214 concern a household "that has an open case" too, non_poor or not;
/// a case still pending, or eliminated, does not bring it in.
#[test]
fn guarantee_rules_concern_a_non_poor_household_with_an_open_case() {
    let s = TestStore::new();
    s.ok("village add --id V1 --name 大坪村 --county 西秀区 --township 旧州镇");
    s.ok("household add --id H1 --village V1 --head 陈大山 --size 1 --status non_poor --housing c --water-safe false");
    s.ok("member add --id M1 --household H1 --name 陈小 --relation head --born-on 2012-01-01 --medical-insurance none");
    s.ok("case add --id C1 --household H1 --category marginal --source self_report --lead-on 2022-01-01 --notice-from 2022-01-02 --notice-to 2022-01-08 --approved-on 2022-01-10 --risk housing");
    let every = |as_of: &str| -> Vec<String> {
        ["BF211", "BF212", "BF213", "BF214"]
            .iter()
            .flat_map(|r| {
                rule_findings(&s, r, as_of)
                    .into_iter()
                    .map(move |(id, _)| format!("{r} {id}"))
            })
            .collect()
    };
    assert_eq!(
        every("2022-03-01"),
        ["BF211 M1", "BF212 M1", "BF213 H1", "BF214 H1"]
    );
    // Pending on the day (before its approval): no open case, no finding.
    assert!(every("2022-01-09").is_empty());
}

/// SPEC 5: a person serves on a team on D when D is within their term. Who signed an exit
/// (BF208) or an allocation (BF303), who is on two teams (BF106) or tied to the village
/// (BF107) is judged by the terms `team join` and `team leave` record.
#[test]
fn rules_on_who_served_read_the_members_terms() {
    let s = TestStore::new();
    s.ok("village add --id V1 --name 大坪村 --county 西秀区 --township 旧州镇");
    s.ok("village add --id V2 --name 小河村 --county 西秀区 --township 旧州镇");
    for p in ["P1", "P2", "P3", "P5", "P6", "PO"] {
        s.ok(&format!("person add --id {p} --name 王{p}"));
    }
    s.ok("village official V1 --person PO --role director");
    s.ok("team add --id T1 --village V1 --unit 省交通运输厅 --leader P1 --member P1 --member P2 --member P3 --dispatched-on 2019-01-01");
    s.ok("team add --id T2 --village V2 --unit 市农业局 --leader P6 --member P6 --dispatched-on 2019-01-01");
    // P2 serves on T1 to 2020-02-29; P5 from 2020-05-01, and on T2 from 2020-06-01.
    s.ok("team leave T1 --person P2 --on 2020-03-01");
    s.ok("team join T1 --person P5 --on 2020-05-01");
    s.ok("team join T2 --person P5 --on 2020-06-01");
    s.ok("household add --id H1 --village V1 --head 甲 --size 1 --status exited --exited-on 2020-02-28 --income 5000 --exit-verified-by P2");
    s.ok("household add --id H2 --village V1 --head 乙 --size 1 --status exited --exited-on 2019-06-01 --income 5000 --exit-verified-by P5");
    s.ok("allocation add --id A1 --village V1 --kind funds --amount 100 --date 2020-02-28 --approved-by P2 --approved-by PO");
    s.ok("allocation add --id A2 --village V1 --kind funds --amount 100 --date 2019-06-01 --approved-by P5 --approved-by PO");
    s.ok("person update P5 --home-village V1");
    assert_eq!(ids(&rule_findings(&s, "BF208", "2022-01-01")), ["H2"]);
    assert_eq!(ids(&rule_findings(&s, "BF303", "2022-01-01")), ["A2"]);
    // P5 joins T2 on 06-01: one team on 05-15, two on 06-15.
    assert!(rule_findings(&s, "BF106", "2020-05-15").is_empty());
    assert_eq!(ids(&rule_findings(&s, "BF106", "2020-06-15")), ["P5"]);
    // P5 joins T1, in their home village, on 05-01.
    assert!(rule_findings(&s, "BF107", "2020-04-30").is_empty());
    assert_eq!(ids(&rule_findings(&s, "BF107", "2020-05-01")), ["P5"]);
}

/// SPEC 5: BF111 and BF115 give one finding per person and team, also for two teams of
/// one village.
#[test]
fn a_person_on_two_teams_of_one_village_has_a_finding_for_each() {
    let s = TestStore::new();
    s.ok("village add --id V1 --name 大坪村 --county 西秀区 --township 旧州镇");
    for p in ["P1", "P3"] {
        s.ok(&format!("person add --id {p} --name 王{p}"));
    }
    s.ok("team add --id T1 --village V1 --unit 省交通运输厅 --leader P1 --member P1 --dispatched-on 2021-06-01 --term-end 2021-07-31");
    s.ok("team add --id T3 --village V1 --unit 市农业局 --leader P3 --member P3 --member P1 --dispatched-on 2021-08-01");
    let found = rule_findings(&s, "BF111", "2021-10-01");
    assert_eq!(ids(&found), ["P1", "P1", "P3"]);
    assert!(
        found[0].1.contains("team T1") && found[1].1.contains("team T3"),
        "{found:?}"
    );
    // The same order from a kept whole check, and after a change elsewhere.
    assert_eq!(rule_findings(&s, "BF111", "2021-10-01"), found);
    s.ok("team update T1 --term-end 2021-12-31");
    let found = rule_findings(&s, "BF115", "2022-01-02");
    assert_eq!(ids(&found), ["P1", "P1", "P3"]);
}

/// BF112 looks at leaves begun by the as-of date, the leave that begins that day too.
#[test]
fn a_leave_begun_on_the_as_of_date_is_judged() {
    let s = TestStore::new();
    s.ok("village add --id V1 --name 大坪村 --county 西秀区 --township 旧州镇");
    for p in ["P1", "P2", "P3"] {
        s.ok(&format!("person add --id {p} --name 王{p}"));
    }
    s.ok("person add --id PT --name 乡干部 --level township");
    s.ok("team add --id T1 --village V1 --unit 省交通运输厅 --leader P1 --member P1 --member P2 --member P3 --dispatched-on 2021-05-01");
    s.ok("leave add --id Q1 --team T1 --person P1 --from 2021-07-11 --to 2021-07-14 --approved-by PT");
    s.ok("leave add --id Q2 --team T1 --person P2 --from 2021-07-11 --to 2021-07-11");
    assert!(rule_findings(&s, "BF112", "2021-07-10").is_empty());
    assert_eq!(ids(&rule_findings(&s, "BF112", "2021-07-11")), ["Q1", "Q2"]);
}
