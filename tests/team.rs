//! `bangfu team add|list|show|update|remove|recall`

use crate::common::TestStore;

#[test]
fn a_team_is_stored_in_its_village() {
    let s = TestStore::new();
    s.with_village_and_team();
    assert_eq!(
        s.records("villages/V1/teams.jsonl"),
        [
            serde_json::json!({"id": "T1", "village": "V1", "unit": "省交通运输厅", "leader": "P1",
            "members": ["P1", "P2", "P3"], "dispatched_on": "2014-03-01"})
        ]
    );
    s.ok("team show T1").stdout_is(
        "id 编号                  T1\n\
         village 村               V1\n\
         unit 派出单位            省交通运输厅\n\
         leader 第一书记          P1\n\
         members 队员             P1;P2;P3\n\
         dispatched_on 派驻日期   2014-03-01\n\
         term_end 任期届满\n\
         recalled_on 召回日期\n\
         member_terms 队员任职期\n\
         \n\
         member  name  last grade\n\
         P1      王芳  -\n\
         P2      李明  -\n\
         P3      张伟  -\n",
    );
    s.cmd("team show T9")
        .status(3)
        .stderr_is("bangfu: error: team T9 does not exist\n");
}

#[test]
fn teams_are_listed_by_place_and_by_the_date_they_are_active_on() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.village("V2", "小河村", "平坝区", "天龙镇");
    for p in ["P4", "P5", "P6"] {
        s.person(p, "队员");
    }
    s.ok("team add --village V2 --unit 市农业局 --leader P4 --member P4 --member P5 --member P6 --dispatched-on 2015-06-01 --term-end 2017-05-31")
    .stdout_is("T000002\n");
    s.ok("team recall T1 --on 2016-01-01")
        .stdout_is("updated team T1\n");
    assert_eq!(s.listed("team", &[]), ["T1", "T000002"]);
    assert_eq!(s.listed("team", &["--county", "平坝区"]), ["T000002"]);
    assert_eq!(s.listed("team", &["--township", "旧州镇"]), ["T1"]);
    assert_eq!(s.listed("team", &["--village", "V1"]), ["T1"]);
    // Active: dispatched_on <= D, D <= term_end, D < recalled_on.
    assert_eq!(
        s.listed("team", &["--active-on", "2014-02-28"]),
        Vec::<String>::new()
    );
    assert_eq!(s.listed("team", &["--active-on", "2014-03-01"]), ["T1"]);
    assert_eq!(
        s.listed("team", &["--active-on", "2015-12-31"]),
        ["T1", "T000002"]
    );
    assert_eq!(
        s.listed("team", &["--active-on", "2016-01-01"]),
        ["T000002"]
    );
    assert_eq!(
        s.listed("team", &["--active-on", "2017-05-31"]),
        ["T000002"]
    );
    assert_eq!(
        s.listed("team", &["--active-on", "2017-06-01"]),
        Vec::<String>::new()
    );
    s.cmd("team list --active-on 2017-02-30")
        .status(3)
        .stderr_is(
            "bangfu: error: --active-on 2017-02-30 is not a valid date; expected YYYY-MM-DD\n",
        );
    s.cmd("team list --status poor")
        .status(3)
        .stderr_is("bangfu: error: --status does not apply to teams; use --active-on DATE\n");
    s.ok("team list").stdout_is(
        "id       village  unit          leader  members   dispatched_on  term_end    recalled_on\n\
         T1       V1       省交通运输厅  P1      P1;P2;P3  2014-03-01                 2016-01-01\n\
         T000002  V2       市农业局      P4      P4;P5;P6  2015-06-01     2017-05-31\n",
    );
}

#[test]
fn update_replaces_the_members_and_keeps_the_rest() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.person("P4", "赵强");
    s.ok("team update T1 --member P1 --member P4 --term-end 2016-02-29");
    assert_eq!(
        s.records("villages/V1/teams.jsonl")[0],
        serde_json::json!({"id": "T1", "village": "V1", "unit": "省交通运输厅", "leader": "P1",
            "members": ["P1", "P4"], "dispatched_on": "2014-03-01", "term_end": "2016-02-29"})
    );
    s.ok("team update T1 --clear term_end");
    assert!(
        s.records("villages/V1/teams.jsonl")[0]
            .get("term_end")
            .is_none()
    );
}

#[test]
fn recall_dates_are_checked() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.refuses("team recall T1 --on 2014-02-28", 3)
        .stderr_is("bangfu: error: team T1: --on 2014-02-28 is before the dispatch date 2014-03-01; expected a date on or after it\n");
    s.refuses("team recall T1 --on 2014-02-30", 3).stderr_is(
        "bangfu: error: team T1: --on 2014-02-30 is not a valid date; expected YYYY-MM-DD\n",
    );
    s.refuses("team recall T9 --on 2015-01-01", 3)
        .stderr_is("bangfu: error: team T9 does not exist\n");
    s.refuses("team recall T1", 2);
    s.ok("team recall T1 --on 2014-03-01");
    s.ok("team update T1 --clear recalled_on");
}

#[test]
fn bad_teams_are_rejected() {
    let s = TestStore::new();
    s.with_village_and_team();
    let base = [
        "team",
        "add",
        "--id",
        "T2",
        "--village",
        "V1",
        "--unit",
        "县教育局",
        "--dispatched-on",
        "2015-01-01",
    ];
    for (extra, message) in [
        (
            &["--leader", "P1", "--member", "P2", "--member", "P3"][..],
            "team T2: --leader P1 is not among the members; the first secretary must be a member of the team",
        ),
        (
            &["--leader", "P9", "--member", "P9"],
            "team T2: --leader P9 is not a known person",
        ),
        (
            &["--leader", "P1", "--member", "P1", "--member", "P8"],
            "team T2: --member P8 is not a known person",
        ),
        (
            &["--leader", "P1", "--member", "P1", "--member", "P1"],
            "team T2: --member P1 is listed twice; expected no repeats",
        ),
        (
            &[
                "--leader",
                "P1",
                "--member",
                "P1",
                "--term-end",
                "2014-12-31",
            ],
            "team T2: --term-end 2014-12-31 is before the dispatch date 2015-01-01; expected a date on or after it",
        ),
        (
            &[
                "--leader",
                "P1",
                "--member",
                "P1",
                "--term-end",
                "2015-02-29",
            ],
            "team T2: --term-end 2015-02-29 is not a valid date; expected YYYY-MM-DD",
        ),
    ] {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(extra);
        s.rejects(&args, 3)
            .stderr_is(&format!("bangfu: error: {message}\n"));
    }
    s.refuses(
        "team add --id T2 --village V9 --unit u --leader P1 --member P1 --dispatched-on 2015-01-01",
        3,
    )
    .stderr_is("bangfu: error: team T2: --village V9 is not a known village\n");
    s.refuses(
        "team add --id T1 --village V1 --unit u --leader P1 --member P1 --dispatched-on 2015-01-01",
        3,
    )
    .stderr_is("bangfu: error: team T1: --id T1 is already taken; expected a new id\n");
    s.refuses("team add --village V1 --unit u", 2)
        .stderr_is("bangfu: error: team add needs --leader, --member, --dispatched-on\n");
    s.refuses("team update T1 --leader P9", 3);
    s.refuses("team update T1 --clear leader", 3)
        .stderr_has("--clear leader: not an optional field; expected one of term_end, recalled_on");
}

#[test]
fn a_team_is_removed_unless_a_plan_names_it() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.ok("plan add --id L1 --village V1 --team T1 --category 产业发展 --title 茶叶基地");
    s.refuses("team remove T1", 3).stderr_is(
        "bangfu: error: team T1 cannot be removed: plan L1 (team) still refers to it; change or remove them first\n",
    );
    s.ok("plan update L1 --clear team");
    s.ok("team remove T1").stdout_is("removed team T1\n");
    assert!(!s.file("villages/V1/teams.jsonl").exists());
    s.refuses("team remove T1", 3)
        .stderr_is("bangfu: error: team T1 does not exist\n");
}

#[test]
fn a_team_moves_village_unless_a_plan_of_the_old_village_names_it() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.village("V2", "石坪村", "西秀区", "旧州镇");
    s.ok("plan add --id L1 --village V1 --team T1 --category 产业发展 --title 茶叶基地");
    s.refuses("team update T1 --village V2", 3).stderr_is(
        "bangfu: error: team T1: --village V2 cannot be changed: plan item L1 of village V1 names the team; change or remove them first\n",
    );
    s.ok("plan update L1 --clear team");
    s.ok("team update T1 --village V2");
    assert!(!s.file("villages/V1/teams.jsonl").exists());
    assert_eq!(s.records("villages/V2/teams.jsonl")[0]["id"], "T1");
}
