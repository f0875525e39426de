//! Attacks through the values a clerk (or a script, or a hand edit) gives: terminal
//! injection, personal data echoed in errors, out-of-range policy and dates, money that wraps.

use crate::common::TestStore;

fn with_village() -> TestStore {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    s
}

#[test]
fn control_and_bidi_characters_in_text_are_rejected_at_write_time() {
    let s = with_village();
    for bad in [
        "王\u{1b}[2J芳",
        "王\u{202e}芳",
        "王\u{2066}芳",
        "王\u{7f}芳",
    ] {
        s.rejects(&["person", "add", "--id", "P1", "--name", bad], 3)
            .stderr_has("contains a control or bidirectional-override character");
    }
    // The message escapes what it quotes: no raw ESC reaches the terminal.
    let run = s.rejects(&["person", "add", "--id", "P1", "--name", "王\u{1b}芳"], 3);
    assert!(!run.stderr().contains('\u{1b}'), "{:?}", run.stderr());
    assert!(run.stderr().contains("\\u{1b}"), "{:?}", run.stderr());
    // Boundary: ordinary text, Chinese punctuation and a zero-width joiner are fine.
    s.ok("person add --id P1 --name 王芳·阿依古丽");
    s.rejects(
        &[
            "household",
            "add",
            "--id",
            "H1",
            "--village",
            "V1",
            "--head",
            "李\u{9b}四",
            "--size",
            "2",
        ],
        3,
    );
}

#[test]
fn a_nul_character_through_an_import_is_rejected() {
    // NUL cannot be a command-line argument; it comes through an import.
    let s = TestStore::new();
    let before = s.snapshot();
    s.run_with(
        &["import", "people", "-"],
        &[],
        Some(b"id,name\nP9,\xe7\x8e\x8b\x00\n"),
    )
    .status(3)
    .stderr_has("NUL");
    assert!(before == s.snapshot());
}

#[test]
fn wrong_check_character_never_reveals_the_number() {
    let s = TestStore::new();
    let run = s.refuses(
        "person add --id P1 --name 王芳 --id-number 522799198001011230",
        3,
    );
    assert!(!run.stderr().contains("522799198001011230"));
    assert!(!run.stderr().contains("expected 9"));
    run.stderr_has("522799********1230 has a wrong check character");
    s.refuses("person add --id P1 --name 王芳 --phone 138001380000x", 3)
        .stderr_has("--phone ********0000x is not");
}

#[test]
fn an_id_number_stored_as_a_json_number_is_masked_in_errors() {
    let s = TestStore::new();
    s.ok("person add --id P1 --name 王芳");
    let people = s.read("people.jsonl").replace(
        r#""name":"王芳""#,
        r#""name":"王芳","id_number":522799198001011239"#,
    );
    std::fs::write(s.file("people.jsonl"), people).unwrap();
    for args in [
        &["person", "list"][..],
        &["export", "people"],
        &["check"],
        &["verify"],
    ] {
        let run = s.run(args);
        let all = format!("{}{}", run.stdout(), run.stderr());
        assert!(!all.contains("522799198001011239"), "{args:?}: {all}");
    }
}

#[test]
fn policy_settings_are_bounded_and_nothing_panics() {
    let s = TestStore::new();
    for (key, value) in [
        ("min_term_years", "19999"),
        ("min_term_years", "11"),
        ("plan_due_days", "7304485"),
        ("plan_due_days", "3651"),
        ("max_households_per_helper", "1001"),
        ("concentration_factor", "101"),
        ("school_age_from", "26"),
        ("school_age_from", "16"),
        ("min_days_in_village", "32"),
        ("notice_min_days", "61"),
        ("elimination_min_months", "61"),
        ("poverty_line_yuan.2021", "100001"),
        ("monitoring_line_yuan.2025", "0"),
        ("dispatch_deadline", "1949-09-30"),
        ("handover_from", "2101-01-01"),
        ("attendance_from", "2021-13"),
        ("team_required_types", "lifted,castle"),
    ] {
        s.rejects(&["policy", "set", key, value], 3)
            .stderr_has(&format!("policy {key}: "));
    }
    // Boundary: the edges of each range are accepted, and every reader still runs.
    for (key, value) in [
        ("min_term_years", "10"),
        ("plan_due_days", "3650"),
        ("school_age_to", "25"),
        ("school_age_from", "25"),
        ("monitoring_line_yuan.2025", "100000"),
        ("dispatch_deadline", "2100-12-31"),
        ("attendance_from", "2100-12"),
        ("team_required_types", "脱贫村,weak_party"),
    ] {
        s.run(&["policy", "set", key, value]).success();
    }
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    s.cmd("check --as-of 2100-12-31").status(1);
    s.ok("stats");
    s.ok("policy show")
        .stdout_has("team_required_types")
        .stdout_has("lifted,weak_party");
}

#[test]
fn a_hand_edited_policy_out_of_range_is_a_store_problem_not_a_panic() {
    let s = TestStore::new();
    let manifest = s
        .read("bangfu.json")
        .replace(r#""policy": {}"#, r#""policy": {"plan_due_days": 7304485}"#);
    std::fs::write(s.file("bangfu.json"), manifest).unwrap();
    s.cmd("check")
        .status(4)
        .stderr_has("plan_due_days = 7304485 is not valid; expected a whole number from 1 to 3650");
}

#[test]
fn a_huge_lock_timeout_does_not_panic() {
    let s = TestStore::new();
    for t in ["1e20", "1e400", "NaN", "-5", "inf", "soon"] {
        s.run_with(
            &["person", "add", "--name", "王芳"],
            &[("BANGFU_LOCK_TIMEOUT", t)],
            None,
        )
        .success();
    }
}

#[test]
fn dates_outside_1900_to_2100_are_rejected_and_a_hand_edited_one_still_exports() {
    let s = with_village();
    s.refuses(
        "village update V1 --status exited --exited-on 1899-12-31",
        3,
    )
    .stderr_has("expected a date from 1900-01-01 to 2100-12-31");
    s.refuses(
        "village update V1 --status exited --exited-on 2101-01-01",
        3,
    );
    s.ok("village update V1 --status exited --exited-on 1900-01-01");
    // A hand edit to 1850 is not refused by readers, and xlsx export does not fail.
    let v = s
        .read("villages/V1/village.json")
        .replace("1900-01-01", "1850-01-01");
    std::fs::write(s.file("villages/V1/village.json"), v).unwrap();
    let dir = crate::common::scratch();
    let out = dir.path().join("out.xlsx");
    s.run(&["export", "villages", "-o", out.to_str().unwrap()])
        .success();
}

#[test]
fn amounts_are_bounded_per_record_and_totals_do_not_wrap() {
    let s = TestStore::new();
    s.with_village_and_team();
    let add = |amount: &str| {
        vec![
            "allocation".to_string(),
            "add".into(),
            "--village".into(),
            "V1".into(),
            "--kind".into(),
            "funds".into(),
            "--amount".into(),
            amount.into(),
            "--date".into(),
            "2016-01-01".into(),
        ]
    };
    let args = add("100000000000.01");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    s.rejects(&args, 3)
        .stderr_has("at most 100000000000.00 yuan");
    let args = add("100000000000");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    s.run(&args).success();
    // Hand-edited amounts far past the bound: totals saturate or widen, never wrap or panic.
    let line = s.read("villages/V1/allocations.jsonl");
    let big = line.replace("10000000000000", "9000000000000000000");
    let mut many = String::new();
    for i in 0..3 {
        many.push_str(&big.replace("\"id\":\"A", &format!("\"id\":\"A{i}")));
    }
    std::fs::write(s.file("villages/V1/allocations.jsonl"), many).unwrap();
    s.ok("--format json stats");
    s.ok("stats").stdout_has("270000000000000000.00");
    s.ok("export coverage");
}

#[test]
fn control_characters_from_hand_edited_files_are_escaped_on_output() {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    s.ok("person add --id P1 --name 王芳");
    let people = s
        .read("people.jsonl")
        .replace("王芳", r"王\u001b[2J\u202e\u009b芳");
    std::fs::write(s.file("people.jsonl"), people).unwrap();
    let v = s
        .read("villages/V1/village.json")
        .replace("大坪村", "大\u{202e}坪村");
    std::fs::write(s.file("villages/V1/village.json"), v).unwrap();
    for args in [
        &["person", "list"][..],
        &["person", "show", "P1"],
        &["--format", "json", "person", "list"],
        &["--format", "csv", "person", "list"],
        &["export", "people"],
        &["--format", "json", "export", "people"],
        &["village", "list"],
        &["village", "show", "V1"],
        &["check"],
        &["log"],
    ] {
        let run = s.run(args);
        let all = run.stdout() + &run.stderr();
        assert!(
            !all.contains(['\u{1b}', '\u{202e}', '\u{9b}']),
            "{args:?} printed a raw control character: {all:?}"
        );
    }
    // JSON keeps the data: the escapes decode to the same characters.
    let json = s.cmd("--format json person show P1").json();
    assert_eq!(json["name"], "王\u{1b}[2J\u{202e}\u{9b}芳");
}

#[test]
fn import_row_errors_mask_id_numbers_and_phones() {
    let s = TestStore::new();
    let csv = "id,name,id_number,phone\nP1,王芳,522799198001011230,13800138000\nP2,李明,11010519491231002X,+86 138 0013 8000 x\n";
    let run = s
        .run_with(&["import", "people", "-"], &[], Some(csv.as_bytes()))
        .status(3);
    let err = run.stderr();
    for secret in ["522799198001011230", "13800138000", "0013 8000"] {
        assert!(!err.contains(secret), "{secret} in {err}");
    }
    run.stderr_has("522799********1230 has a wrong check character")
        .stderr_has("+** *** **** 8000 x is not a phone number");
}

#[test]
fn every_date_field_is_bounded_at_write_time() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.refuses("team update T1 --term-end 2101-01-01", 3)
        .stderr_has("expected a date from 1900-01-01 to 2100-12-31");
    s.ok("team update T1 --term-end 2100-12-31");
}
