//! `bangfu person add|list|show|update|remove`, and the rejections shared by every kind:
//! ids, ID numbers, enumerations, references, duplicates and usage.

use crate::common::{TestStore, id_number};

#[test]
fn a_person_is_added_with_every_field_and_stored_in_english() {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    let number = id_number("52040219800101123");
    s.run(&[
        "person",
        "add",
        "--name",
        "王芳",
        "--id-number",
        &number.to_lowercase(),
        "--unit",
        "省交通运输厅",
        "--level",
        "省",
        "--home-village",
        "V1",
        "--phone",
        "138 1234 5678",
    ])
    .success()
    .stdout_is("P000001\n");
    assert_eq!(
        s.records("people.jsonl"),
        [serde_json::json!({
            "id": "P000001", "name": "王芳", "id_number": number, "unit": "省交通运输厅",
            "level": "province", "home_village": "V1", "phone": "138 1234 5678"
        })]
    );
}

#[test]
fn people_are_listed_filtered_and_shown() {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    s.ok("person add --id P1 --name 王芳 --unit 省交通运输厅 --level province");
    s.ok("person add --id P2 --name 李明 --level 村 --home-village V1");
    s.ok("person add --id P3 --name 张伟 --unit 省交通运输厅");
    let ids = |args: &[&str]| -> Vec<String> {
        let mut full = vec!["person", "list", "--format", "json"];
        full.extend_from_slice(args);
        s.run(&full)
            .success()
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&[]), ["P1", "P2", "P3"]);
    assert_eq!(ids(&["--village", "V1"]), ["P2"]);
    assert_eq!(ids(&["--unit", "省交通运输厅"]), ["P1", "P3"]);
    assert_eq!(ids(&["--level", "village"]), ["P2"]);
    assert_eq!(ids(&["--level", "省"]), ["P1"]);
    s.cmd("person list --level 部")
        .status(3)
        .stderr_has("--level 部 is not recognised; expected one of province 省");
    s.ok("person show P2").stdout_is(
        "id 编号              P2\n\
         name 姓名            李明\n\
         id_number 身份证号\n\
         unit 单位\n\
         level 级别           village\n\
         home_village 户籍村  V1\n\
         phone 电话\n",
    );
    s.cmd("person show P9")
        .status(3)
        .stderr_is("bangfu: error: person P9 does not exist\n");
}

#[test]
fn update_changes_only_the_flags_given_and_clear_empties_a_field() {
    let s = TestStore::new();
    s.ok("person add --id P1 --name 王芳 --unit 省交通运输厅 --phone 13812345678");
    s.ok("person update P1 --level county")
        .stdout_is("updated person P1\n");
    assert_eq!(
        s.records("people.jsonl")[0],
        serde_json::json!({"id": "P1", "name": "王芳", "unit": "省交通运输厅", "level": "county", "phone": "13812345678"})
    );
    s.ok("person update P1 --clear phone --clear unit --name 王小芳");
    assert_eq!(
        s.records("people.jsonl")[0],
        serde_json::json!({"id": "P1", "name": "王小芳", "level": "county"})
    );
    s.ok("-q person update P1 --name 王芳").stdout_is("");
    s.refuses("person update P1 --clear name", 3)
        .stderr_is("bangfu: error: person P1: --clear name: not an optional field; expected one of id_number, unit, level, home_village, phone\n");
    s.refuses("person update P1 --id P2", 3)
        .stderr_has("--id P2 cannot be changed by update");
    s.refuses("person update P9 --name x", 3)
        .stderr_is("bangfu: error: person P9 does not exist\n");
}

#[test]
fn a_person_nobody_refers_to_is_removed() {
    let s = TestStore::new();
    s.person("P1", "王芳");
    s.ok("person remove P1").stdout_is("removed person P1\n");
    assert!(!s.file("people.jsonl").exists() || s.read("people.jsonl").is_empty());
    s.refuses("person remove P1", 3)
        .stderr_is("bangfu: error: person P1 does not exist\n");
}

#[test]
fn a_person_still_referred_to_is_not_removed_and_the_referrers_are_named() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.household("H1", "V1", "陈大山");
    s.ok("household assign H1 --helper P2");
    s.ok("village official V1 --person P3 --role 村主任");
    s.refuses("person remove P1", 3).stderr_is(
        "bangfu: error: person P1 cannot be removed: team T1 (leader), team T1 (members) still refer to it; change or remove them first\n",
    );
    s.refuses("person remove P2", 3).stderr_is(
        "bangfu: error: person P2 cannot be removed: team T1 (members), household H1 (helper) still refer to it; change or remove them first\n",
    );
    s.refuses("person remove P3", 3)
        .stderr_has("village V1 (officials)");
}

#[test]
fn ids_that_could_name_a_path_or_a_flag_are_rejected() {
    let s = TestStore::new();
    let long = "x".repeat(65);
    for bad in ["../x", ".x", "a/b", "a b", "张", long.as_str()] {
        s.rejects(&["person", "add", "--id", bad, "--name", "王芳"], 3)
            .stderr_is(&format!(
                "bangfu: error: person {bad}: --id {bad} is not a valid id; expected 1-64 characters from A-Z a-z 0-9 . _ - not starting with . or -\n"
            ));
    }
    // `-x` after `--id` reads as a flag (status 2); given as `--id=-x` it is a bad id (3).
    s.refuses("person add --id -x --name 王芳", 2);
    s.refuses("person add --id=-x --name 王芳", 3)
        .stderr_has("--id -x is not a valid id");
    let ok = "x".repeat(64);
    s.run(&["person", "add", "--id", &ok, "--name", "王芳"])
        .success()
        .stdout_is(&format!("{ok}\n"));
    s.ok("person add --id a.b_c-9 --name 王芳");
}

#[test]
fn id_numbers_need_eighteen_characters_a_checksum_and_a_birth_date() {
    let s = TestStore::new();
    let good = id_number("11010519491231002");
    assert_eq!(good, "11010519491231002X");
    let wrong_check = "110105194912310021";
    let no_such_day = id_number("11010519490230002");
    let future = id_number("11010530000101002");
    for (bad, problem) in [
        (
            wrong_check,
            "has a wrong check character; expected the MOD 11-2 check character of its 17 digits",
        ),
        (
            no_such_day.as_str(),
            "has an impossible birth date in digits 7-14; expected a real date since 1900",
        ),
        (
            future.as_str(),
            "has an impossible birth date in digits 7-14; expected a real date since 1900",
        ),
        (
            "11010519491231002",
            "is not a resident ID number; expected 17 digits and a check character 0-9 or X",
        ),
        (
            "1101051949123100201",
            "is not a resident ID number; expected 17 digits and a check character 0-9 or X",
        ),
        (
            "110105********002X",
            "is masked; expected a full 18-character resident ID number (export with --unmask)",
        ),
    ] {
        s.rejects(
            &[
                "person",
                "add",
                "--id",
                "P1",
                "--name",
                "王芳",
                "--id-number",
                bad,
            ],
            3,
        )
        .stderr_is(&format!(
            "bangfu: error: person P1: --id-number {} {problem}\n",
            masked(bad)
        ));
    }
    s.run(&["person", "add", "--name", "王芳", "--id-number", &good])
        .success();
}

#[test]
fn bad_values_references_and_duplicates_are_rejected() {
    let s = TestStore::new();
    s.person("P1", "王芳");
    for (args, message) in [
        (
            &[
                "person", "add", "--id", "P2", "--name", "李明", "--level", "部",
            ][..],
            "person P2: --level 部 is not recognised; expected one of province 省, city 市, county 县, township 乡, village 村",
        ),
        (
            &[
                "person", "add", "--id", "P2", "--name", "李明", "--phone", "138-abc",
            ],
            "person P2: --phone 138-abc is not a phone number; expected digits, +, - and spaces",
        ),
        (
            &[
                "person",
                "add",
                "--id",
                "P2",
                "--name",
                "李明",
                "--home-village",
                "V9",
            ],
            "person P2: --home-village V9 is not a known village",
        ),
        (
            &["person", "add", "--id", "P2", "--name", " "],
            "person P2: --name \" \" is empty; expected some text",
        ),
        (
            &["person", "add", "--id", "P1", "--name", "李明"],
            "person P1: --id P1 is already taken; expected a new id",
        ),
    ] {
        s.rejects(args, 3)
            .stderr_is(&format!("bangfu: error: {message}\n"));
    }
}

#[test]
fn a_missing_required_flag_or_an_unknown_flag_is_bad_usage() {
    let s = TestStore::new();
    s.refuses("person add", 2)
        .stderr_is("bangfu: error: person add needs --name\n");
    s.refuses("person add --name 王芳 --colour red", 2)
        .stderr_has("unexpected argument '--colour'");
    s.refuses("person show", 2);
    s.refuses("person", 2);
    s.refuses("persons list", 2);
}

/// An ID number as errors show it: the first 6 and last 4 characters kept.
fn masked(s: &str) -> String {
    let n = s.chars().count();
    if n <= 10 {
        return "*".repeat(n);
    }
    format!("{}{}{}", &s[..6], "*".repeat(n - 10), &s[n - 4..])
}
