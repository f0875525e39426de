//! Teams after 2020: attendance, leave, assessment, team join/leave, and BF102–BF103 as
//! amended and BF109–BF115 at their boundaries.

use crate::checks::found;
use crate::common::TestStore;

fn ok(s: &TestStore, args: &[&str]) {
    s.run(args).success();
}

/// People P1..P6 (P5 a township cadre, P6 a county cadre), village V1 (脱贫村) and team T1
/// of P1 P2 P3 dispatched 2024-04-10 with its term to 2026-04-09.
fn store() -> TestStore {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    s.ok("village update V1 --type 脱贫村");
    for p in ["P1", "P2", "P3", "P4"] {
        s.person(p, "队员");
    }
    s.ok("person add --id P5 --name 乡干部 --level township");
    s.ok("person add --id P6 --name 县干部 --level county");
    team(
        &s,
        "T1",
        "V1",
        &["P1", "P2", "P3"],
        "2024-04-10",
        Some("2026-04-09"),
    );
    s
}

fn team(s: &TestStore, id: &str, village: &str, members: &[&str], on: &str, end: Option<&str>) {
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
        on,
    ];
    for m in members {
        args.extend(["--member", m]);
    }
    if let Some(end) = end {
        args.extend(["--term-end", end]);
    }
    ok(s, &args);
}

fn days(s: &TestStore, id: &str, person: &str, month: &str, days: &str, leave: &str, absent: &str) {
    ok(
        s,
        &[
            "attendance",
            "add",
            "--id",
            id,
            "--team",
            "T1",
            "--person",
            person,
            "--month",
            month,
            "--days",
            days,
            "--leave-days",
            leave,
            "--unexcused",
            absent,
        ],
    );
}

fn messages(s: &TestStore, rule: &str, as_of: &str) -> String {
    s.run(&[
        "check",
        "--as-of",
        as_of,
        "--rule",
        rule,
        "--fail-on",
        "never",
    ])
    .success()
    .stdout()
}

#[test]
fn duty_records_are_kept_in_the_team_village_and_listed_by_month_team_and_person() {
    let s = store();
    s.ok("attendance add --team T1 --person P2 --month 2025-10 --days 21 --leave-days 2 --unexcused 0")
    .stdout_is("D000001\n");
    days(&s, "D2", "P3", "2025-09", "22", "0", "0");
    assert_eq!(
        s.records("villages/V1/attendance.jsonl")[0],
        serde_json::json!({"id": "D000001", "team": "T1", "person": "P2", "month": "2025-10",
            "days_in_village": 21, "leave_days": 2, "unexcused_absences": 0})
    );
    assert_eq!(
        s.listed("attendance", &["--month", "2025-10", "--village", "V1"]),
        ["D000001"]
    );
    assert_eq!(s.listed("attendance", &["--person", "P3"]), ["D2"]);
    s.ok("attendance update D2 --days-in-village 25");
    // A kind with no optional field says so, not "one of" nothing.
    s.refuses("--lang zh attendance update D2 --clear leave_days", 3)
        .stderr_has("--clear leave_days：这种记录没有可清空的字段");
    s.ok("attendance show D2").stdout_has("25");
    s.ok("leave add --team T1 --person P2 --from 2025-10-08 --to 2025-10-13 --approved-by P6")
        .stdout_is("Q000001\n");
    s.ok("assessment add --team T1 --person P2 --year 2025 --grade 称职")
        .stdout_is("E000001\n");
    assert_eq!(
        s.listed("assessment", &["--year", "2025", "--team", "T1"]),
        ["E000001"]
    );
    assert_eq!(s.listed("leave", &["--person", "P2"]), ["Q000001"]);
    // A person who has none is an empty list; one who does not exist is a mistake.
    assert_eq!(s.listed("leave", &["--person", "P3"]), Vec::<String>::new());
    for kind in ["attendance", "leave", "assessment"] {
        s.refuses(&format!("--lang zh {kind} list --person P99"), 3)
            .stderr_has("--person P99 不是已知的人员");
    }
    s.ok("leave remove Q000001");
    assert_eq!(s.listed("leave", &[]), Vec::<String>::new());
    s.ok("log --kind attendance").stdout_has("D2");
    s.ok("verify");
}

#[test]
fn write_time_rules_refuse_with_status_3_and_write_nothing() {
    let s = store();
    days(&s, "D1", "P2", "2025-10", "21", "0", "0");
    s.refuses(
        "attendance add --team T1 --person P4 --month 2025-10 --days 20",
        3,
    )
    .stderr_is(
        "bangfu: error: attendance D000002: --person P4 is not and was not a member of team T1\n",
    );
    s.refuses(
        "attendance add --team T1 --person P2 --month 2025-10 --days 20",
        3,
    )
    .stderr_has("already has an attendance record for 2025-10 (D1)");
    // 28 days in February 2025: 28 is fine, 29 is not.
    s.refuses(
        "attendance add --team T1 --person P3 --month 2025-02 --days 29",
        3,
    )
    .stderr_has("--days-in-village 29 is more than the 28 days of 2025-02");
    s.ok("attendance add --team T1 --person P3 --month 2025-02 --days 28");
    s.refuses(
        "leave add --team T1 --person P2 --from 2025-10-08 --to 2025-10-07",
        3,
    )
    .stderr_has("--to 2025-10-07 is before --from 2025-10-08");
    s.ok("leave add --team T1 --person P2 --from 2025-10-08 --to 2025-10-08");
    s.ok("assessment add --team T1 --person P2 --year 2025 --grade competent");
    s.refuses(
        "assessment add --team T1 --person P2 --year 2025 --grade 优秀",
        3,
    )
    .stderr_has("already has an assessment for 2025");
    s.ok("assessment add --team T1 --person P2 --year 2024 --grade 优秀");
    // An update into a second record of the same month is refused too.
    s.ok("attendance add --id D9 --team T1 --person P2 --month 2025-11 --days 20");
    s.refuses("attendance update D9 --month 2025-10", 3);
    s.cmd("--lang zh attendance add --team T1 --person P4 --month 2025-10 --days 20")
        .status(3)
        .stderr_has("不是也从未是工作队 T1 的队员");
}

#[test]
fn a_team_with_duty_records_is_not_removed_and_moves_with_them() {
    let s = store();
    days(&s, "D1", "P2", "2025-10", "21", "0", "0");
    s.ok("assessment add --id E1 --team T1 --person P2 --year 2025 --grade competent");
    s.refuses("team remove T1", 3)
        .stderr_has("attendance D1 (team), assessment E1 (team)");
    s.village("V2", "小河村", "西秀区", "旧州镇");
    s.ok("team update T1 --village V2");
    assert_eq!(s.records("villages/V2/attendance.jsonl").len(), 1);
    assert_eq!(s.records("villages/V2/assessments.jsonl").len(), 1);
    assert!(
        !s.file("villages/V1/attendance.jsonl").exists()
            || s.read("villages/V1/attendance.jsonl").is_empty()
    );
    s.ok("verify");
}

#[test]
fn team_join_and_leave_keep_terms_and_members() {
    let s = store();
    s.ok("team join T1 --person P4 --on 2025-03-01");
    s.ok("team leave T1 --person P3 --on 2025-06-01");
    let t = &s.records("villages/V1/teams.jsonl")[0];
    assert_eq!(t["members"], serde_json::json!(["P1", "P2", "P4"]));
    assert_eq!(
        t["member_terms"],
        serde_json::json!([{"person": "P4", "from": "2025-03-01"},
            {"person": "P3", "from": "2024-04-10", "to": "2025-06-01"}])
    );
    // One who served may still have the months of the term recorded.
    days(&s, "D1", "P3", "2025-05", "21", "0", "0");
    s.refuses("team join T1 --person P4 --on 2025-04-01", 3)
        .stderr_has("already a member");
    s.refuses("team leave T1 --person P3 --on 2025-07-01", 3)
        .stderr_has("not a member");
    s.refuses("team join T1 --person P5 --on 2024-01-01", 3)
        .stderr_has("before the dispatch date");
}

#[test]
fn a_rejoin_within_the_earlier_term_and_the_leader_leaving_are_refused() {
    let s = store();
    s.ok("team leave T1 --person P3 --on 2025-06-01");
    let before = s.snapshot();
    s.refuses("team join T1 --person P3 --on 2025-05-01", 3)
        .stderr_is("bangfu: error: team T1: --person P3 left the team on 2025-06-01; expected --on 2025-05-01 to be on or after it\n");
    s.refuses("--lang zh team leave T1 --person P1 --on 2025-07-01", 3)
        .stderr_is("bangfu: error: 工作队 T1：--person P1 是该工作队的第一书记；应先任命新的第一书记（team update --leader）\n");
    assert_eq!(s.snapshot(), before);
    // The boundary: back on the day the earlier term ended.
    s.ok("team join T1 --person P3 --on 2025-06-01");
    let t = &s.records("villages/V1/teams.jsonl")[0];
    assert_eq!(
        t["member_terms"],
        serde_json::json!([{"person": "P3", "from": "2024-04-10", "to": "2025-06-01"},
            {"person": "P3", "from": "2025-06-01"}])
    );
}

#[test]
fn imported_member_terms_are_held_to_what_team_join_and_leave_would_write() {
    let s = store();
    let csv = "id,village,unit,leader,members,dispatched_on,member_terms\n\
               T2,V1,u,P1,P1;P2;P4,2025-01-01,P2:2024-12-31\n\
               T3,V1,u,P1,P1;P2;P4,2025-01-01,P3:2025-02-01\n\
               T4,V1,u,P1,P1;P2;P4,2025-01-01,P2:2025-02-01:2025-03-01;P2:2025-02-28\n";
    let before = s.snapshot();
    s.run_with(&["import", "teams", "-"], &[], Some(csv.as_bytes()))
        .status(3)
        .stderr_is(
            "bangfu: error: import rejected: 3 problems; nothing was written\n\
             <stdin>:2: member_terms: P2:2024-12-31 begins before the dispatch date 2025-01-01; expected a term on or after it\n\
             <stdin>:3: member_terms: P3:2025-02-01 has no end but the person is not among the members; expected an end date, or the person among the members\n\
             <stdin>:4: member_terms: P2:2025-02-28 overlaps another term of the same person; expected one term at a time\n",
        );
    assert_eq!(s.snapshot(), before);
    // The boundaries: a term from the dispatch day, a closed term of one no longer a member,
    // and a second term from the day the first ended.
    let csv = "id,village,unit,leader,members,dispatched_on,member_terms\n\
               T2,V1,u,P1,P1;P2;P4,2025-01-01,P2:2025-01-01\n\
               T3,V1,u,P1,P1;P2;P4,2025-01-01,P3:2025-02-01:2025-03-01\n\
               T4,V1,u,P1,P1;P2;P4,2025-01-01,P2:2025-02-01:2025-03-01;P2:2025-03-01\n";
    s.run_with(&["import", "teams", "-"], &[], Some(csv.as_bytes()))
        .success();
}

#[test]
fn team_show_adds_each_member_s_last_six_months_and_last_grade() {
    let s = store();
    days(&s, "D1", "P2", "2025-10", "21", "0", "0");
    days(&s, "D2", "P2", "2025-05", "19", "0", "0");
    s.ok("assessment add --team T1 --person P2 --year 2024 --grade excellent");
    let out = s.ok("team show T1").stdout();
    let table: Vec<&str> = out.lines().skip_while(|l| !l.is_empty()).skip(1).collect();
    assert_eq!(
        table[0].split_whitespace().collect::<Vec<_>>(),
        [
            "member", "name", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10",
            "last", "grade"
        ]
    );
    assert_eq!(
        table[2].split_whitespace().collect::<Vec<_>>(),
        [
            "P2",
            "队员",
            "19",
            "-",
            "-",
            "-",
            "-",
            "21",
            "2024",
            "excellent"
        ]
    );
}

// ------------------------------------------------------------------ rules

#[test]
fn bf110_counts_leave_and_stops_at_exactly_twenty_days_and_skips_a_mid_month_dispatch() {
    let s = store();
    days(&s, "D1", "P2", "2024-05", "18", "2", "0"); // exactly 20: fine
    days(&s, "D2", "P3", "2024-05", "19", "0", "0"); // 19: finding
    days(&s, "D3", "P2", "2024-04", "5", "0", "0"); // dispatched 10 April: not counted
    days(&s, "D4", "P3", "2024-07", "3", "0", "0"); // not yet due on 2024-07-31
    assert_eq!(found(&s, "BF110", "2024-07-31"), ["D2"]);
    assert_eq!(found(&s, "BF110", "2024-08-01"), ["D2", "D4"]);
    assert!(messages(&s, "BF110", "2024-07-31").contains("fewer than the 20 policy requires"));
}

#[test]
fn bf111_names_the_due_months_without_a_record_for_each_person() {
    let s = store();
    for p in ["P1", "P2", "P3"] {
        days(&s, &format!("D5{p}"), p, "2024-05", "22", "0", "0");
        days(&s, &format!("D6{p}"), p, "2024-06", "22", "0", "0");
    }
    // April (dispatched mid-month) is not due; July is due on 2024-08-01, not on 2024-07-31.
    assert!(found(&s, "BF111", "2024-07-31").is_empty());
    assert_eq!(found(&s, "BF111", "2024-08-01"), ["P1", "P2", "P3"]);
    assert!(
        messages(&s, "BF111", "2024-08-01").contains("no attendance record for 1 month: 2024-07")
    );
    // Every month is named: a run of three or more by its first and last, two apart.
    days(&s, "D9", "P1", "2024-09", "22", "0", "0");
    let said = messages(&s, "BF111", "2025-01-01");
    assert!(
        said.contains("P1 (队员) of team T1 has no attendance record for 5 months: 2024-07, 2024-08, 2024-10 to 2024-12\n"),
        "{said}"
    );
    assert!(
        said.contains("has no attendance record for 6 months: 2024-07 to 2024-12\n"),
        "{said}"
    );
    let said = s
        .ok("--lang zh check --as-of 2025-01-01 --rule BF111")
        .stdout();
    assert!(
        said.contains(
            "工作队 T1 的 P1（队员） 有 5 个月没有考勤记录：2024-07、2024-08、2024-10 至 2024-12\n"
        ),
        "{said}"
    );
}

#[test]
fn bf112_township_may_approve_exactly_three_days() {
    let s = store();
    let leave = |id: &str, from: &str, to: &str, by: Option<&str>| {
        let mut args = vec![
            "leave", "add", "--id", id, "--team", "T1", "--person", "P2", "--from", from, "--to",
            to,
        ];
        if let Some(by) = by {
            args.extend(["--approved-by", by]);
        }
        ok(&s, &args);
    };
    leave("Q1", "2024-05-01", "2024-05-03", Some("P5")); // 3 days, township: fine
    leave("Q2", "2024-06-01", "2024-06-04", Some("P5")); // 4 days, township: finding
    leave("Q3", "2024-07-01", "2024-07-06", Some("P6")); // 6 days, county: fine
    leave("Q4", "2024-08-01", "2024-08-01", None); // no approver: finding
    leave("Q5", "2024-09-01", "2024-09-09", Some("P4")); // level unknown: not judged
    assert_eq!(found(&s, "BF112", "2024-12-31"), ["Q2", "Q4"]);
    assert!(
        messages(&s, "BF112", "2024-12-31")
            .contains("from 2024-08-01 to 2024-08-01 (1 day) has no approver")
    );
}

#[test]
fn bf112_judges_whole_a_leave_that_runs_into_the_first_month_of_duty_records() {
    let s = store();
    s.ok("policy set attendance_from 2024-06");
    // 17 days from 2024-05-25, 10 of them in June: judged whole. One ending on 31 May is
    // before duty records begin.
    s.ok("leave add --id Q1 --team T1 --person P2 --from 2024-05-25 --to 2024-06-10 --approved-by P5");
    s.ok("leave add --id Q2 --team T1 --person P3 --from 2024-05-20 --to 2024-05-31 --approved-by P5");
    assert_eq!(found(&s, "BF112", "2024-12-31"), ["Q1"]);
    assert!(
        messages(&s, "BF112", "2024-12-31").contains("from 2024-05-25 to 2024-06-10 is 17 days")
    );
}

#[test]
fn bf113_caps_the_grade_by_the_year_s_unexcused_absences() {
    let s = store();
    days(&s, "D1", "P2", "2024-05", "20", "0", "1");
    days(&s, "D2", "P2", "2024-06", "20", "0", "1");
    days(&s, "D3", "P3", "2024-06", "20", "0", "1");
    let grade = |id: &str, p: &str, g: &str| {
        ok(
            &s,
            &[
                "assessment",
                "add",
                "--id",
                id,
                "--team",
                "T1",
                "--person",
                p,
                "--year",
                "2024",
                "--grade",
                g,
            ],
        );
    };
    grade("E1", "P2", "competent"); // 2 absences: basically_competent at best
    grade("E2", "P3", "competent"); // 1 absence: competent is fine
    grade("E3", "P1", "excellent"); // none
    assert_eq!(found(&s, "BF113", "2025-01-10"), ["E1"]);
    s.ok("assessment update E1 --grade basically_competent");
    assert!(found(&s, "BF113", "2025-01-10").is_empty());
}

#[test]
fn bf114_the_old_team_stays_at_least_ten_days() {
    let s = store();
    for (v, end) in [("V2", "2023-03-10"), ("V3", "2023-03-09")] {
        s.village(v, "村", "西秀区", "旧州镇");
        team(&s, &format!("A{v}"), v, &["P4"], "2021-03-01", Some(end));
    }
    // Leaves the day after term_end: V2's predecessor 10 days after, V3's 9.
    team(&s, "BV2", "V2", &["P5"], "2023-03-01", None);
    team(&s, "BV3", "V3", &["P6"], "2023-03-01", None);
    assert_eq!(found(&s, "BF114", "2023-12-31"), ["BV3"]);
    // Not yet left on the as-of date: no finding.
    assert!(found(&s, "BF114", "2023-03-05").is_empty());
}

#[test]
fn bf115_a_member_serving_on_31_december_is_assessed() {
    let s = store();
    s.ok("assessment add --team T1 --person P1 --year 2024 --grade competent");
    s.ok("team leave T1 --person P3 --on 2024-12-31");
    // P3 left on 31 December (not served that day); P2 serves and has no grade.
    assert!(found(&s, "BF115", "2024-12-31").is_empty());
    assert_eq!(found(&s, "BF115", "2025-01-01"), ["P2"]);
}

#[test]
fn bf109_a_lifted_village_keeps_a_team() {
    let s = store();
    s.village("V2", "小河村", "西秀区", "旧州镇");
    s.ok("village update V2 --type relocation_site");
    s.village("V3", "三村", "西秀区", "旧州镇");
    s.ok("village update V3 --type revitalization");
    assert_eq!(found(&s, "BF109", "2025-01-01"), ["V2"]);
    // Before attendance_from the rule does not run; before the dispatch V1 has no team.
    assert!(found(&s, "BF109", "2021-05-31").is_empty());
    assert_eq!(found(&s, "BF109", "2024-04-09"), ["V1", "V2"]);
}

#[test]
fn bf102_and_bf103_as_amended() {
    let s = store();
    // A successor dispatched 2025-06-01: T1 is still there, handing over for 30 days.
    team(&s, "T2", "V1", &["P4", "P5", "P6"], "2025-06-01", None);
    assert!(found(&s, "BF102", "2025-07-01").is_empty());
    assert_eq!(found(&s, "BF102", "2025-07-02"), ["V1"]);
    // A first secretary alone: fine in a weak-party village, not in a lifted one.
    s.village("V2", "小河村", "西秀区", "旧州镇");
    s.ok("village update V2 --type weak_party");
    s.ok("person add --id P7 --name 书记");
    s.ok("person add --id P8 --name 书记");
    team(&s, "T3", "V2", &["P7"], "2025-01-01", None);
    s.village("V3", "三村", "西秀区", "旧州镇");
    s.ok("village update V3 --type lifted");
    team(&s, "T4", "V3", &["P8"], "2025-01-01", None);
    assert_eq!(found(&s, "BF103", "2025-02-01"), ["T4"]);
}

#[test]
fn bf103_counts_those_serving_on_the_date_checked() {
    let s = store();
    // P3 leaves on 2025-06-01: three served until then, two from that day.
    s.ok("team leave T1 --person P3 --on 2025-06-01");
    assert!(found(&s, "BF103", "2025-05-31").is_empty());
    assert_eq!(found(&s, "BF103", "2025-06-01"), ["T1"]);
    // P4 joins on 2025-09-01: two until the day before, three from it.
    s.ok("team join T1 --person P4 --on 2025-09-01");
    assert_eq!(found(&s, "BF103", "2025-08-31"), ["T1"]);
    assert!(found(&s, "BF103", "2025-09-01").is_empty());
    // Messages count the same people.
    s.cmd("check --as-of 2025-08-31 --rule BF103")
        .success()
        .stdout_has("team T1 in village V1 has 2 members, fewer than the 3 policy requires");
}

#[test]
fn coverage_and_summary_count_the_members_serving_on_the_as_of_date() {
    let s = store();
    s.ok("team leave T1 --person P3 --on 2025-06-01");
    s.ok("team join T1 --person P4 --on 2025-09-01");
    let members = |as_of: &str| {
        let report = s
            .ok(&format!("--format json export coverage --as-of {as_of}"))
            .json();
        let summary = s
            .ok(&format!("--format json export summary --as-of {as_of}"))
            .json();
        (
            report[0]["members"].as_u64().unwrap(),
            summary[0]["team_members"].as_u64().unwrap(),
        )
    };
    // P1–P3 until P3 leaves; P1, P2 until P4 joins; then P1, P2, P4.
    assert_eq!(members("2025-05-31"), (3, 3));
    assert_eq!(members("2025-06-01"), (2, 2));
    assert_eq!(members("2025-08-31"), (2, 2));
    assert_eq!(members("2025-09-01"), (3, 3));
}

#[test]
fn the_month_sheet_lists_every_serving_member_and_imports_back() {
    let s = store();
    s.ok("team join T1 --person P4 --on 2025-10-15");
    days(&s, "D1", "P2", "2025-10", "21", "2", "0");
    let sheet = s.ok("export attendance --month 2025-10").stdout();
    assert_eq!(
        sheet,
        "team,village,person,name,month,days_in_village,leave_days,unexcused_absences,recorded\n\
         T1,V1,P1,队员,2025-10,,,,false\n\
         T1,V1,P2,队员,2025-10,21,2,0,true\n\
         T1,V1,P3,队员,2025-10,,,,false\n\
         T1,V1,P4,队员,2025-10,,,,false\n"
    );
    s.ok("--lang zh export attendance --month 2025-10")
        .stdout_has("工作队,村,队员,姓名,月份,在村天数,请假天数,无故缺勤次数,已记录\n")
        .stdout_has("T1,V1,P1,队员,2025-10,,,,否\n");
    s.refuses("export teams --month 2025-10", 2);
    let tmp = crate::common::scratch();
    let file = tmp.path().join("sheet.csv");
    // A filled-in row becomes a record; a row without days is skipped; a recorded row agrees.
    let filled = sheet.replace(
        "T1,V1,P1,队员,2025-10,,,,false",
        "T1,V1,P1,队员,2025-10,22,0,1,false",
    );
    std::fs::write(&file, &filled).unwrap();
    s.run(&["import", "attendance", file.to_str().unwrap()])
        .success()
        .stdout_is("imported 1 attendance\n");
    assert_eq!(s.listed("attendance", &["--person", "P1"]).len(), 1);
    // A row that disagrees with the store is a bad row: nothing is written.
    let wrong = filled
        .replace(
            "T1,V1,P2,队员,2025-10,21,2,0,true",
            "T1,V1,P2,队员,2025-10,20,2,0,true",
        )
        .replace(
            "T1,V1,P3,队员,2025-10,,,,false",
            "T1,V1,P3,队员,2025-10,25,0,0,false",
        );
    std::fs::write(&file, &wrong).unwrap();
    s.rejects(&["import", "attendance", file.to_str().unwrap()], 3)
        .stderr_has("sheet.csv:3: days_in_village: P2 2025-10 is recorded as D1");
    // A sheet with an id column too (a recorded row's id kept beside it): the ids are
    // still assigned, and a filled-in row becomes a record.
    let with_ids = "id,team,village,person,name,month,days_in_village,leave_days,unexcused_absences,recorded\n\
                    D77,T1,V1,P4,队员,2025-10,20,1,0,false\n";
    std::fs::write(&file, with_ids).unwrap();
    s.run(&["import", "attendance", file.to_str().unwrap()])
        .success()
        .stdout_is("imported 1 attendance\n");
    assert_eq!(s.listed("attendance", &["--person", "P4"]).len(), 1);
    // The record report imports back as any kind does.
    let records = s.ok("export attendance").stdout();
    assert!(
        records.starts_with("id,team,person,month,days_in_village,leave_days,unexcused_absences\n")
    );
}
