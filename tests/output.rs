//! Output: aligned tables, JSON in stored names, CSV, masking, colour, `-q`, closed pipes,
//! and completions.

use std::fmt::Write as _;
use std::process::Command;

use crate::common::{TestStore, bangfu_path, id_number};

/// V1 with team T1, and households whose heads have names of different display widths.
fn store_with_households() -> TestStore {
    let s = TestStore::new();
    s.with_village_and_team();
    s.run(&[
        "household",
        "add",
        "--id",
        "H1",
        "--village",
        "V1",
        "--head",
        "陈大山",
        "--size",
        "4",
        "--helper",
        "P2",
        "--income",
        "2300.5",
        "--id-number",
        &id_number("52040219751203004"),
    ])
    .success();
    s.ok("household add --id H10 --village V1 --head 欧阳 --size 12 --status 返贫");
    s.run(&[
        "household",
        "add",
        "--id",
        "H2",
        "--village",
        "V1",
        "--head",
        "Li Si",
        "--size",
        "1",
        "--status",
        "non_poor",
    ])
    .success();
    s
}

#[test]
fn a_table_is_aligned_by_display_width() {
    let s = store_with_households();
    s.ok("household list").stdout_is(
        "id   village  head    id_number           size  status    income_per_capita  helper\n\
         H1   V1       陈大山  520402********0042  4     poor      2300.50            P2\n\
         H10  V1       欧阳                        12    returned\n\
         H2   V1       Li Si                       1     non_poor\n",
    );
}

#[test]
fn add_prints_only_the_id_even_when_quiet_and_json_prints_the_record() {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    let id = s
        .ok("household add --village V1 --head 陈大山 --size 2")
        .stdout();
    assert_eq!(id, "H000001\n");
    s.ok("-q household add --village V1 --head 李四 --size 2")
        .stdout_is("H000002\n");
    s.ok("household add --village V1 --head 王五 --size 2 --format json")
        .stdout_is(
            "{\n  \"id\": \"H000003\",\n  \"village\": \"V1\",\n  \"head\": \"王五\",\n  \"size\": 2,\n  \"status\": \"poor\",\n  \"causes\": [],\n  \"measures\": [],\n  \"relations\": []\n}\n",
        );
    // The id works in a script.
    let out = Command::new("sh")
        .arg("-c")
        .arg(r#"id=$("$0" --store "$1" household add --village V1 --head 赵六 --size 3) && "$0" --store "$1" household show "$id" --format json"#)
        .arg(bangfu_path())
        .arg(s.path())
        .env_remove("BANGFU_STORE")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"id\": \"H000004\""));
}

#[test]
fn json_uses_the_stored_field_names() {
    let s = store_with_households();
    let list = s.ok("household list --format json").json();
    let first = &list.as_array().unwrap()[0];
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "village",
            "head",
            "id_number",
            "size",
            "status",
            "causes",
            "measures",
            "income_per_capita_fen",
            "helper",
            "relations"
        ]
    );
    assert_eq!(first["income_per_capita_fen"], 230_050);
    assert_eq!(first["status"], "poor");
    let team = s.ok("team list --format json").json();
    assert_eq!(team[0]["members"], serde_json::json!(["P1", "P2", "P3"]));
    // An update in JSON prints the record as stored.
    let updated = s.ok("household update H2 --size 2 --format json").json();
    assert_eq!(updated["size"], 2);
    assert_eq!(updated["status"], "non_poor");
}

#[test]
fn csv_has_the_report_columns_and_neutralises_formulas() {
    let s = store_with_households();
    s.run(&[
        "person",
        "add",
        "--id",
        "P4",
        "--name",
        "=HYPERLINK(\"x\")",
        "--phone",
        "+86 138 1234 5678",
    ])
    .success();
    s.ok("household list --format csv").stdout_is(
        "id,village,head,id_number,size,status,category,causes,measures,income_per_capita,identified_on,exited_on,exit_verified_by,helper,relations,housing,water_safe,income_year,wage_income,business_income,business_cost,property_income,transfer_income,out_of_pocket\n\
         H1,V1,陈大山,520402********0042,4,poor,,,,2300.50,,,,P2,,,,,,,,,,\n\
         H10,V1,欧阳,,12,returned,,,,,,,,,,,,,,,,,,\n\
         H2,V1,Li Si,,1,non_poor,,,,,,,,,,,,,,,,,,\n",
    );
    s.ok("person show P4 --format csv").stdout_is(
        "id,name,id_number,unit,level,home_village,phone\n\
         P4,\"'=HYPERLINK(\"\"x\"\")\",,,,,'+** *** **** 5678\n",
    );
}

#[test]
fn id_numbers_and_phones_are_masked_everywhere_unless_unmask() {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    let number = id_number("52040219800101123");
    let masked = format!("520402********{}", &number[14..]);
    s.run(&[
        "person",
        "add",
        "--id",
        "P1",
        "--name",
        "王芳",
        "--id-number",
        &number,
        "--phone",
        "13812345678",
    ])
    .success();
    s.run(&[
        "household",
        "add",
        "--id",
        "H1",
        "--village",
        "V1",
        "--head",
        "陈大山",
        "--size",
        "2",
        "--id-number",
        &number,
    ])
    .success();
    let views: [&[&str]; 8] = [
        &["person", "list"],
        &["person", "list", "--format", "json"],
        &["person", "list", "--format", "csv"],
        &["person", "show", "P1"],
        &["person", "show", "P1", "--format", "json"],
        &[
            "person",
            "update",
            "P1",
            "--unit",
            "县民政局",
            "--format",
            "json",
        ],
        &["household", "show", "H1"],
        &["household", "list", "--format", "csv"],
    ];
    for args in views {
        s.run(args)
            .success()
            .stdout_has(&masked)
            .stdout_lacks(&number);
    }
    s.ok("person list")
        .stdout_has("*******5678")
        .stdout_lacks("13812345678");
    for args in views {
        let mut unmasked = vec!["--unmask"];
        unmasked.extend_from_slice(args);
        s.run(&unmasked)
            .success()
            .stdout_has(&number)
            .stdout_lacks(&masked);
    }
    s.ok("person show P1 --unmask --format json")
        .stdout_has("\"phone\": \"13812345678\"");
    // Masking is for output only: the store keeps the full values.
    assert!(s.read("people.jsonl").contains(&number));
    assert!(s.read("villages/V1/households.jsonl").contains(&number));
}

#[test]
fn no_colour_when_not_a_terminal() {
    let s = store_with_households();
    for args in [
        &["household", "list"][..],
        &["village", "show", "V1"],
        &["team", "list"],
    ] {
        let out = s.run(args).success().stdout();
        assert!(!out.contains('\u{1b}'), "{out:?}");
    }
}

#[test]
fn quiet_prints_nothing_but_errors_and_new_ids() {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    s.ok("-q person add --name 王芳").stdout_is("P000001\n");
    s.ok("-q person update P000001 --unit x").stdout_is("");
    s.ok("-q village show V1").stdout_lacks("households 贫困户");
    s.ok("-q person remove P000001").stdout_is("");
    s.cmd("-q person remove P000001")
        .status(3)
        .stderr_is("bangfu: error: person P000001 does not exist\n");
}

/// Runs `bangfu ARGS | head -1` through the shell; returns (bangfu's status, the first line,
/// bangfu's stderr).
fn piped_to_head(s: &TestStore, args: &str) -> (String, String, String) {
    let status_file = s.file("status.txt");
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            r#"{{ "$0" --store "$1" {args}; echo $? >"$2"; }} | head -1"#
        ))
        .arg(bangfu_path())
        .arg(s.path())
        .arg(&status_file)
        .env_remove("BANGFU_STORE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .output()
        .unwrap();
    assert!(out.status.success());
    (
        std::fs::read_to_string(&status_file).unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_closed_pipe_ends_quietly_with_status_0() {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    // Many households, written directly: far more output than a pipe holds.
    let mut lines = String::new();
    // Export makes its rows 8192 at a time while writing the rows before them: enough for
    // the writer to stop with batches still being made.
    for i in 1..=30000 {
        writeln!(
            lines,
            "{{\"id\":\"H{i:06}\",\"village\":\"V1\",\"head\":\"户主{i:05}\",\"size\":3,\"status\":\"poor\",\"causes\":[],\"measures\":[],\"relations\":[]}}"
        )
        .unwrap();
    }
    std::fs::write(s.file("villages/V1/households.jsonl"), lines).unwrap();
    for (format, first) in [
        (
            "table",
            "id       village  head       id_number  size  status  income_per_capita  helper\n",
        ),
        ("json", "[\n"),
        (
            "csv",
            "id,village,head,id_number,size,status,category,causes,measures,income_per_capita,identified_on,exited_on,exit_verified_by,helper,relations,housing,water_safe,income_year,wage_income,business_income,business_cost,property_income,transfer_income,out_of_pocket\n",
        ),
    ] {
        let (status, stdout, stderr) =
            piped_to_head(&s, &format!("household list --format {format}"));
        assert_eq!(
            (status.as_str(), stdout.as_str(), stderr.as_str()),
            ("0\n", first, ""),
            "{format}"
        );
    }
    let (status, stdout, stderr) = piped_to_head(&s, "export households");
    assert_eq!(
        (status.as_str(), stdout.as_str(), stderr.as_str()),
        (
            "0\n",
            "id,village,head,id_number,size,status,category,causes,measures,income_per_capita,identified_on,exited_on,exit_verified_by,helper,relations,housing,water_safe,income_year,wage_income,business_income,business_cost,property_income,transfer_income,out_of_pocket\n",
            ""
        )
    );
}

#[test]
fn completions_are_printed_for_every_shell() {
    let s = TestStore::empty();
    for (shell, marker) in [
        ("bash", "_bangfu()"),
        ("zsh", "#compdef bangfu"),
        ("fish", "complete -c bangfu"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "set edit:completion:arg-completer[bangfu]"),
    ] {
        let run = crate::common::run_in(s.path(), &["completions", shell], &[]).success();
        assert!(run.stdout().contains(marker), "{shell}");
        assert!(run.stdout().contains("household"), "{shell}");
    }
    crate::common::run_in(s.path(), &["completions", "tcsh"], &[]).status(2);
}
