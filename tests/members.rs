//! Household members (issue 13) through the real binary: every member and new household
//! field validated and rejected with the store unchanged, masking of members' ID numbers
//! everywhere, imports with bad rows, moves, the journal and `verify`.

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::common::{self, TestStore, id_number};

/// A girl born 2010-03-01 (17th digit even).
fn girl() -> String {
    id_number("52040220100301002")
}

/// Her number masked.
fn girl_masked() -> String {
    format!("520402********{}", &girl()[14..])
}

/// V1 with household H1 (size 2).
fn store() -> TestStore {
    let s = TestStore::new();
    s.village("V1", "小河村", "西秀区", "旧州镇");
    s.ok("household add --id H1 --village V1 --head 陈大山 --size 2");
    s
}

fn add_member(s: &TestStore, extra: &[&str]) -> common::Run {
    let mut args = vec!["member", "add", "--household", "H1", "--name", "陈芳"];
    if !extra.contains(&"--relation") {
        args.extend(["--relation", "child"]);
    }
    args.extend_from_slice(extra);
    s.run(&args)
}

fn rejected_member(s: &TestStore, extra: &[&str], stderr: &str) {
    let mut args = vec![
        "member",
        "add",
        "--id",
        "M9",
        "--household",
        "H1",
        "--name",
        "陈芳",
    ];
    if !extra.contains(&"--relation") {
        args.extend(["--relation", "child"]);
    }
    args.extend_from_slice(extra);
    s.rejects(&args, 3)
        .stderr_is(&format!("bangfu: error: member M9: {stderr}\n"));
}

// ------------------------------------------------------------------ validation

#[test]
fn sex_and_birth_date_must_agree_with_the_id_number() {
    let s = store();
    let n = girl();
    rejected_member(
        &s,
        &["--id-number", &n, "--sex", "male"],
        "--sex male does not agree with the ID number, whose 17th digit says female",
    );
    rejected_member(
        &s,
        &["--id-number", &n, "--born-on", "2010-03-02"],
        "--born-on 2010-03-02 does not agree with the birth date in the ID number",
    );
    // The near miss: both agree.
    add_member(
        &s,
        &["--id-number", &n, "--sex", "女", "--born-on", "2010-03-01"],
    )
    .success()
    .stdout_is("M000001\n");
    // An update that would break the agreement is refused too, the number masked.
    s.refuses("member update M000001 --sex male", 3)
        .stderr_is("bangfu: error: member M000001: --sex male does not agree with the ID number, whose 17th digit says female\n");
    let boy = id_number("52040220100301001");
    let run = s.rejects(&["member", "update", "M000001", "--id-number", &boy], 3);
    assert!(!run.stderr().contains(&boy), "{}", run.stderr());
    // In Chinese the sex reads as Chinese, whichever way it was typed.
    s.rejects(
        &["--lang", "zh", "member", "update", "M000001", "--sex", "男"],
        3,
    )
    .stderr_is("bangfu: error: 家庭成员 M000001：--sex 男 与身份证号不符，其第 17 位表明为女\n");
    // Without an ID number, sex and birth date stand alone.
    add_member(&s, &["--sex", "male", "--born-on", "2011-05-05"]).success();
}

#[test]
fn insurance_takes_the_labels_spec_gives_each_kind_of_insurance() {
    let s = store();
    add_member(
        &s,
        &[
            "--medical-insurance",
            "职工基本医疗保险",
            "--pension-insurance",
            "城乡居民基本养老保险",
        ],
    )
    .success();
    let m = &s.records("villages/V1/members.jsonl")[0];
    assert_eq!(m["medical_insurance"], "employee");
    assert_eq!(m["pension_insurance"], "resident");
    s.cmd("--lang zh member show M000001")
        .success()
        .stdout_has("职工基本医疗保险")
        .stdout_has("城乡居民基本养老保险");
    // The boundary: each kind's label is its own; a pension label is not a medical one.
    let before = s.snapshot();
    rejected_member(
        &s,
        &["--medical-insurance", "城乡居民基本养老保险"],
        "--medical-insurance 城乡居民基本养老保险 is not recognised; expected one of resident 城乡居民基本医疗保险, employee 职工基本医疗保险, none 未参保",
    );
    assert_eq!(s.snapshot(), before);
}

#[test]
fn disability_grade_only_with_health_disabled() {
    let s = store();
    rejected_member(
        &s,
        &["--health", "chronic", "--disability-grade", "2"],
        "--disability-grade 2 is set but health is not disabled; a disability grade goes with --health disabled",
    );
    rejected_member(
        &s,
        &["--disability-grade", "2"],
        "--disability-grade 2 is set but health is not disabled; a disability grade goes with --health disabled",
    );
    rejected_member(
        &s,
        &["--health", "disabled", "--disability-grade", "5"],
        "--disability-grade 5 is out of range; expected a whole number from 1 to 4",
    );
    add_member(&s, &["--health", "残疾", "--disability-grade", "4"]).success();
    // Clearing the health while the grade stands is refused.
    s.refuses("member update M000001 --health healthy", 3);
    s.ok("member update M000001 --health healthy --clear disability_grade");
}

#[test]
fn every_member_field_is_checked() {
    let s = store();
    rejected_member(
        &s,
        &["--relation", "cousin"],
        "--relation cousin is not recognised; expected one of head 户主, spouse 配偶, child 子女, parent 父母, grandchild 孙子女, grandparent 祖父母, sibling 兄弟姐妹, child_in_law 儿媳女婿, other 其他",
    );
    rejected_member(
        &s,
        &["--work-months", "13"],
        "--work-months 13 is out of range; expected a whole number from 0 to 12",
    );
    rejected_member(
        &s,
        &["--dibao", "maybe"],
        "--dibao maybe is not true or false; expected true, false, 是 or 否",
    );
    rejected_member(
        &s,
        &["--born-on", "2999-01-01"],
        "--born-on 2999-01-01 is out of range; expected a date from 1900-01-01 to 2100-12-31",
    );
    for bad in [
        vec!["--schooling", "college"],
        vec!["--education", "phd"],
        vec!["--labour", "strong"],
        vec!["--medical-insurance", "private"],
        vec!["--pension-insurance", "private"],
        vec!["--health", "ill"],
        vec!["--sex", "x"],
        vec!["--id-number", "520402201003010021"],
    ] {
        let mut args = vec![
            "member",
            "add",
            "--household",
            "H1",
            "--name",
            "陈芳",
            "--relation",
            "child",
        ];
        args.extend_from_slice(&bad);
        s.rejects(&args, 3);
    }
    s.rejects(
        &[
            "member",
            "add",
            "--household",
            "H1",
            "--name",
            " ",
            "--relation",
            "child",
        ],
        3,
    );
    s.refuses("member add --household H9 --name 陈芳 --relation child", 3)
        .stderr_has("--household H9 is not a known household");
    // Chinese labels for every enumeration.
    add_member(
        &s,
        &[
            "--relation",
            "孙子女",
            "--sex",
            "女",
            "--education",
            "初中",
            "--schooling",
            "非在校生",
            "--health",
            "大病",
            "--labour",
            "弱劳动力或半劳动力",
            "--medical-insurance",
            "城乡居民基本医疗保险",
            "--pension-insurance",
            "未参保",
            "--dibao",
            "是",
            "--work-months",
            "0",
        ],
    )
    .success();
    let m = &s.records("villages/V1/members.jsonl")[0];
    assert_eq!(m["relation"], "grandchild");
    assert_eq!(m["labour"], "weak");
    assert_eq!(m["medical_insurance"], "resident");
    s.ok("--format json member show M000001")
        .stdout_has("\"schooling\": \"not_in_school\"")
        .stdout_has("\"dibao\": true");
}

#[test]
fn every_new_household_field_is_checked() {
    let s = store();
    let bad = |flag: &str, value: &str, why: &str| {
        s.rejects(&["household", "update", "H1", flag, value], 3)
            .stderr_is(&format!(
                "bangfu: error: household H1: {flag} {value} {why}\n"
            ));
    };
    bad(
        "--housing",
        "e",
        "is not recognised; expected one of a A级, b B级, c C级危房, d D级危房",
    );
    bad(
        "--water-safe",
        "maybe",
        "is not true or false; expected true, false, 是 or 否",
    );
    bad(
        "--income-year",
        "1800",
        "is out of range; expected a whole number from 1949 to 2100",
    );
    for flag in [
        "--wage-income",
        "--business-income",
        "--business-cost",
        "--property-income",
        "--transfer-income",
        "--out-of-pocket",
    ] {
        s.rejects(&["household", "update", "H1", flag, "-1"], 3);
        s.rejects(&["household", "update", "H1", flag, "1.234"], 3);
    }
    s.ok("household update H1 --housing D级危房 --water-safe 是 --income-year 2023 --wage-income 12000.50 --business-income 3000 --business-cost 1000 --property-income 0 --transfer-income 800 --out-of-pocket 600");
    let h = &s.records("villages/V1/households.jsonl")[0];
    assert_eq!(h["housing"], "d");
    assert_eq!(h["water_safe"], true);
    assert_eq!(h["income_year"], 2023);
    assert_eq!(h["wage_income_fen"], 1_200_050);
    assert_eq!(h["out_of_pocket_fen"], 60_000);
    s.ok("household update H1 --clear housing");
    assert!(s.records("villages/V1/households.jsonl")[0]["housing"].is_null());
}

// ------------------------------------------------------------------ masking

#[test]
fn member_id_numbers_are_masked_everywhere_unless_unmasked() {
    let s = store();
    let (n, masked) = (girl(), girl_masked());
    add_member(&s, &["--id-number", &n]).success();
    for args in [
        vec!["member", "list"],
        vec!["--format", "json", "member", "list"],
        vec!["--format", "csv", "member", "list"],
        vec!["member", "show", "M000001"],
        vec!["household", "show", "H1"],
        vec!["export", "members"],
        vec!["--format", "json", "export", "members"],
        vec!["--format", "json", "log", "--kind", "member"],
    ] {
        s.run(&args).success().stdout_has(&masked).stdout_lacks(&n);
    }
    s.ok("--unmask member show M000001").stdout_has(&n);
    s.ok("--unmask --format json log --kind member")
        .stdout_has(&n);
    // A workbook: the masked number as a text cell; unmasked, the full number as text.
    let tmp = common::scratch();
    for (unmask, expected) in [(false, &masked), (true, &n)] {
        let path = tmp.path().join(format!("members-{unmask}.xlsx"));
        let mut args = vec!["export", "members", "-o", path.to_str().unwrap()];
        if unmask {
            args.insert(0, "--unmask");
        }
        s.run(&args).success();
        let mut book: Xlsx<_> = open_workbook(&path).unwrap();
        let range = book.worksheet_range("members").unwrap();
        assert_eq!(
            range.get_value((0, 3)),
            Some(&Data::String("id_number".into()))
        );
        assert_eq!(
            range.get_value((1, 3)),
            Some(&Data::String(expected.clone()))
        );
    }
    // Check messages never print it; errors mask it.
    s.run(&[
        "household",
        "add",
        "--id",
        "H2",
        "--village",
        "V1",
        "--head",
        "陈芳",
        "--size",
        "1",
        "--id-number",
        &n,
    ])
    .success();
    s.cmd("check --rule BF206")
        .status(1)
        .stdout_has("member M000001 (陈芳) has the same ID number")
        .stdout_lacks(&n)
        .stdout_lacks(&masked);
    let run = s.refuses("member update M000001 --sex male", 3);
    assert!(!run.stderr().contains(&n), "{}", run.stderr());
}

// ------------------------------------------------------------------ import

#[test]
fn an_import_of_members_reports_every_bad_row() {
    let s = store();
    let (n, masked) = (girl(), girl_masked());
    let dir = common::scratch();
    let file = dir.path().join("members.csv");
    std::fs::write(
        &file,
        format!(
            "id,household,name,id_number,relation,sex,born_on,health,disability_grade,schooling\n\
             M1,H1,陈芳,{n},child,female,2010-03-01,,,primary\n\
             M2,H9,陈明,,child,,,,,\n\
             M3,H1,,,child,,,,,\n\
             M4,H1,陈亮,{n},child,male,,,,\n\
             M5,H1,陈红,,表亲,,,,,\n\
             M6,H1,陈军,,child,,,chronic,2,\n\
             M7,H1,陈兵,{masked},child,,,,,\n\
             M1,H1,陈芳,,child,,,,,\n"
        ),
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let run = s.rejects(&["import", "members", f], 3);
    let err = run.stderr();
    assert!(
        err.starts_with("bangfu: error: import rejected: 7 problems; nothing was written\n"),
        "{err}"
    );
    for line in [
        format!("{f}:3: household: H9 is not a known household"),
        format!("{f}:4: name: is empty; this column is required"),
        format!("{f}:5: sex: male does not agree with the ID number, whose 17th digit says female"),
        format!("{f}:6: relation: 表亲 is not recognised"),
        format!(
            "{f}:7: disability_grade: 2 is set but health is not disabled; a disability grade goes with health disabled"
        ),
        format!("{f}:8: id_number: {masked} is masked"),
        format!("{f}:9: id: M1 is also on line 2; expected each id once"),
    ] {
        assert!(err.contains(&line), "missing {line:?} in\n{err}");
    }
    assert!(!err.contains(&n), "{err}");
    // Fixed, it goes in, each member in its household's village.
    std::fs::write(
        &file,
        format!(
            "id,household,name,id_number,relation,sex,born_on\n\
             M1,H1,陈芳,{n},child,female,2010-03-01\n\
             M2,H1,陈大山,,户主,,\n"
        ),
    )
    .unwrap();
    s.run(&["import", "members", f]).success();
    assert_eq!(s.listed("member", &["--household", "H1"]), ["M1", "M2"]);
}

// ------------------------------------------------------------------ moves, journal, verify

#[test]
fn a_household_moves_with_its_members_in_one_journaled_change() {
    let s = store();
    s.village("V2", "大坪村", "西秀区", "旧州镇");
    add_member(&s, &["--id", "M1"]).success();
    add_member(&s, &["--id", "M2", "--relation", "head"]).success();
    s.ok("household update H1 --village V2");
    assert!(
        !s.file("villages/V1/members.jsonl").exists()
            || s.read("villages/V1/members.jsonl").is_empty()
    );
    let moved: Vec<String> = s
        .records("villages/V2/members.jsonl")
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(moved, ["M1", "M2"]);
    assert_eq!(s.listed("member", &["--village", "V2"]), ["M1", "M2"]);
    // The journal of each village says so, and log names the villages.
    let log = s.ok("--format json log --kind member").json();
    let seen: Vec<(String, String, String)> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["op"].as_str().unwrap().to_string(),
                e["id"].as_str().unwrap().to_string(),
                e["village"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (op, id, village) in [
        ("remove", "M1", "V1"),
        ("remove", "M2", "V1"),
        ("add", "M1", "V2"),
        ("add", "M2", "V2"),
    ] {
        assert!(
            seen.iter()
                .any(|(o, i, v)| o == op && i == id && v == village),
            "{op} {id} {village} not in {seen:?}"
        );
    }
    s.ok("log --kind member --village V2")
        .stdout_has("member  M1")
        .stdout_lacks("remove");
    s.ok("verify");
    // Removing the household is refused while it has members.
    s.refuses("household remove H1", 3).stderr_has("member M1");
    s.ok("member remove M1");
    s.ok("member remove M2");
    s.ok("household remove H1");
    s.ok("verify");
}

#[test]
fn verify_sees_a_member_edited_by_hand() {
    let s = store();
    add_member(&s, &["--id", "M1", "--labour", "none"]).success();
    s.ok("verify");
    let path = s.file("villages/V1/members.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("\"none\"", "\"skilled\"")).unwrap();
    s.cmd("verify")
        .status(1)
        .stdout_has("villages/V1/members.jsonl:1: damage: member M1 differs from the journal's last entry for it");
}
