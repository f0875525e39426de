//! Household members and the guarantees (issue 13): BF206 across heads and members,
//! BF209–BF216, BF207 on the derived income, each with a trigger and a near miss.

use crate::checks::{found, messages, report};
use crate::common::{TestStore, id_number};

fn ok(s: &TestStore, args: &[&str]) {
    s.run(args).success();
}

/// A store with village V1 and nothing else.
fn store() -> TestStore {
    let s = TestStore::new();
    s.village("V1", "小河村", "西秀区", "旧州镇");
    s
}

/// Household `id` in V1 of the given size, with extra flags.
fn household(s: &TestStore, id: &str, size: &str, extra: &[&str]) {
    let mut args = vec![
        "household",
        "add",
        "--id",
        id,
        "--village",
        "V1",
        "--head",
        "陈大山",
        "--size",
        size,
    ];
    args.extend_from_slice(extra);
    ok(s, &args);
}

/// Member `id` of household `h`, with extra flags.
fn member(s: &TestStore, id: &str, h: &str, relation: &str, extra: &[&str]) {
    let mut args = vec![
        "member",
        "add",
        "--id",
        id,
        "--household",
        h,
        "--name",
        "陈小芳",
        "--relation",
        relation,
    ];
    args.extend_from_slice(extra);
    ok(s, &args);
}

// ------------------------------------------------------------------ BF206

#[test]
fn bf206_a_member_sharing_a_number_with_another_households_head() {
    let s = store();
    let number = id_number("52040219800101001");
    household(&s, "H1", "2", &["--id-number", &number]);
    household(&s, "H2", "2", &[]);
    member(&s, "M1", "H2", "spouse", &["--id-number", &number]);
    assert_eq!(found(&s, "BF206", "2024-01-01"), ["H1", "H2"]);
    assert_eq!(
        messages(&s, "BF206", "2024-01-01"),
        [
            "household H1 (陈大山)'s head has the same ID number as household H2 (陈大山) in village V1",
            "household H2 (陈大山)'s member M1 (陈小芳) has the same ID number as household H1 (陈大山) in village V1",
        ]
    );
    s.cmd("check --as-of 2024-01-01 --rule BF206")
        .status(1)
        .stdout_lacks(&number);
}

#[test]
fn bf206_a_head_also_recorded_as_a_member_of_the_same_household_is_one_person() {
    let s = store();
    let number = id_number("52040219800101001");
    household(&s, "H1", "2", &["--id-number", &number]);
    member(&s, "M1", "H1", "head", &["--id-number", &number]);
    assert!(found(&s, "BF206", "2024-01-01").is_empty());
    // The same person in a second household is a duplicate again: one finding each.
    household(&s, "H2", "2", &[]);
    member(&s, "M2", "H2", "child", &["--id-number", &number]);
    assert_eq!(found(&s, "BF206", "2024-01-01"), ["H1", "H2"]);
}

#[test]
fn bf206_a_head_recorded_as_a_member_is_still_found_beside_another_villages_head() {
    let s = store();
    s.village("V2", "大河村", "西秀区", "旧州镇");
    let number = id_number("52040219800101001");
    household(&s, "H1", "2", &["--id-number", &number]);
    member(&s, "M1", "H1", "head", &["--id-number", &number]);
    s.cmd(&format!(
        "household add --id H2 --village V2 --head 陈大山 --size 2 --id-number {number}"
    ))
    .success();
    assert_eq!(found(&s, "BF206", "2024-01-01"), ["H1", "H2"]);
    let other = id_number("52040219800101002");
    s.cmd(&format!("household update H2 --id-number {other}"))
        .success();
    assert!(found(&s, "BF206", "2024-01-01").is_empty());
}

#[test]
fn bf206_a_head_as_member_under_a_household_id_used_twice_is_not_left_out() {
    // V2's household, renamed by hand to the id of V1's: the store's H1 is V1's (read
    // first), so V2's head, again as member M1, holds the number in V1's H1 too. Two
    // households hold it; both are H1 of village V2, one finding.
    let s = store();
    s.village("V2", "大河村", "西秀区", "旧州镇");
    household(&s, "H1", "2", &[]);
    let number = id_number("52040219800101001");
    s.cmd(&format!(
        "household add --id H2 --village V2 --head 陈大山 --size 2 --id-number {number}"
    ))
    .success();
    member(&s, "M1", "H2", "head", &["--id-number", &number]);
    for file in ["villages/V2/households.jsonl", "villages/V2/members.jsonl"] {
        let text = s.read(file).replace("\"H2\"", "\"H1\"");
        std::fs::write(s.file(file), text).unwrap();
    }
    let bf206: Vec<String> = report(&s, "BF206", "2024-01-01")["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["village"].as_str().unwrap(),
                f["id"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(bf206, ["V2 H1"]);
}

#[test]
fn bf206_members_of_two_households_sharing_a_number() {
    let s = store();
    let number = id_number("52040220100301002");
    household(&s, "H1", "2", &[]);
    household(&s, "H2", "2", &[]);
    household(&s, "H3", "2", &[]);
    member(&s, "M1", "H1", "child", &["--id-number", &number]);
    member(&s, "M2", "H2", "grandchild", &["--id-number", &number]);
    member(
        &s,
        "M3",
        "H3",
        "child",
        &["--id-number", &id_number("52040220100301003")],
    );
    assert_eq!(found(&s, "BF206", "2024-01-01"), ["H1", "H2"]);
}

// ------------------------------------------------------------------ BF209, BF210

#[test]
fn bf209_members_counted_against_size() {
    let s = store();
    household(&s, "H1", "2", &[]);
    household(&s, "H2", "2", &[]);
    household(&s, "H3", "2", &[]);
    member(&s, "M1", "H1", "head", &[]);
    member(&s, "M2", "H1", "spouse", &[]);
    member(&s, "M3", "H2", "head", &[]);
    member(&s, "M4", "H2", "spouse", &[]);
    member(&s, "M5", "H2", "child", &[]);
    // H1: two of two; H3: none recorded, not checked.
    assert_eq!(found(&s, "BF209", "2024-01-01"), ["H2"]);
    assert_eq!(
        messages(&s, "BF209", "2024-01-01"),
        ["household H2 (陈大山) has 3 members recorded but a size of 2"]
    );
    s.ok("household update H2 --size 3");
    assert!(found(&s, "BF209", "2024-01-01").is_empty());
}

#[test]
fn bf210_none_or_several_heads() {
    let s = store();
    household(&s, "H1", "2", &[]);
    household(&s, "H2", "2", &[]);
    household(&s, "H3", "2", &[]);
    household(&s, "H4", "2", &[]);
    member(&s, "M1", "H1", "head", &[]);
    member(&s, "M2", "H1", "spouse", &[]);
    member(&s, "M3", "H2", "spouse", &[]);
    member(&s, "M4", "H2", "child", &[]);
    member(&s, "M5", "H3", "户主", &[]);
    member(&s, "M6", "H3", "head", &[]);
    assert_eq!(found(&s, "BF210", "2024-01-01"), ["H2", "H3"]);
    assert_eq!(
        messages(&s, "BF210", "2024-01-01"),
        [
            "household H2 (陈大山) has members recorded but none of them is the head",
            "household H3 (陈大山) has 2 members recorded as head",
        ]
    );
}

// ------------------------------------------------------------------ BF211

#[test]
fn bf211_school_age_is_counted_on_the_31_august_that_begins_the_school_year() {
    let s = store();
    household(&s, "H1", "6", &[]);
    // As of 2024-06-30 the school year began on 2023-08-31.
    member(&s, "M1", "H1", "child", &["--born-on", "2017-08-31"]); // 6 then: school age
    member(&s, "M2", "H1", "child", &["--born-on", "2017-09-01"]); // 5 then
    member(&s, "M3", "H1", "child", &["--born-on", "2008-08-31"]); // 15 then: school age
    member(&s, "M4", "H1", "child", &["--born-on", "2007-08-31"]); // 16 then
    member(
        &s,
        "M5",
        "H1",
        "child",
        &["--born-on", "2012-03-01", "--schooling", "primary"],
    );
    member(
        &s,
        "M6",
        "H1",
        "child",
        &["--born-on", "2012-03-01", "--schooling", "not_in_school"],
    );
    assert_eq!(found(&s, "BF211", "2024-06-30"), ["M1", "M3", "M6"]);
    let m = messages(&s, "BF211", "2024-06-30");
    assert_eq!(
        m[0],
        "member M1 (陈小芳) of household H1 (陈大山), aged 6 on 2023-08-31 (school age 6 to 15), has no schooling recorded"
    );
    assert_eq!(
        m[2],
        "member M6 (陈小芳) of household H1 (陈大山), aged 11 on 2023-08-31 (school age 6 to 15), is not in school"
    );
    // Policy moves the ages.
    s.ok("policy set school_age_to 14");
    assert_eq!(found(&s, "BF211", "2024-06-30"), ["M1", "M6"]);
}

#[test]
fn bf211_a_child_turning_6_on_the_as_of_date() {
    let s = store();
    household(&s, "H1", "2", &[]);
    member(&s, "M1", "H1", "child", &["--born-on", "2018-08-31"]);
    member(&s, "M2", "H1", "child", &["--born-on", "2018-09-01"]);
    // M1 turns 6 on 2024-08-31, the start of the school year: of school age that day.
    assert_eq!(found(&s, "BF211", "2024-08-31"), ["M1"]);
    assert!(found(&s, "BF211", "2024-08-30").is_empty());
    // M2 turns 6 on 2024-09-01, after the school year began: not of school age until 2025.
    assert_eq!(found(&s, "BF211", "2024-09-01"), ["M1"]);
    assert_eq!(found(&s, "BF211", "2025-08-31"), ["M1", "M2"]);
}

#[test]
fn bf211_to_bf214_concern_households_that_are_or_were_poor() {
    let s = store();
    for (h, status) in [("H1", "poor"), ("H2", "returned"), ("H3", "non_poor")] {
        household(
            &s,
            h,
            "1",
            &[
                "--status",
                status,
                "--housing",
                "d",
                "--water-safe",
                "false",
            ],
        );
    }
    household(
        &s,
        "H4",
        "1",
        &[
            "--status",
            "exited",
            "--exited-on",
            "2020-10-01",
            "--housing",
            "D级危房",
            "--water-safe",
            "否",
        ],
    );
    for (m, h) in [("M1", "H1"), ("M2", "H2"), ("M3", "H3"), ("M4", "H4")] {
        member(
            &s,
            m,
            h,
            "head",
            &["--born-on", "2014-01-01", "--medical-insurance", "none"],
        );
    }
    let as_of = "2024-01-01";
    assert_eq!(found(&s, "BF211", as_of), ["M1", "M2", "M4"]);
    assert_eq!(found(&s, "BF212", as_of), ["M1", "M2", "M4"]);
    assert_eq!(found(&s, "BF213", as_of), ["H1", "H2", "H4"]);
    assert_eq!(found(&s, "BF214", as_of), ["H1", "H2", "H4"]);
}

// ------------------------------------------------------------------ BF212–BF214

#[test]
fn bf212_only_a_member_recorded_as_uninsured() {
    let s = store();
    household(&s, "H1", "3", &[]);
    member(&s, "M1", "H1", "head", &["--medical-insurance", "none"]);
    member(
        &s,
        "M2",
        "H1",
        "spouse",
        &["--medical-insurance", "城乡居民基本医疗保险"],
    );
    member(&s, "M3", "H1", "child", &[]);
    assert_eq!(
        messages(&s, "BF212", "2024-01-01"),
        ["member M1 (陈小芳) of household H1 (陈大山) has no basic medical insurance"]
    );
    s.ok("member update M1 --medical-insurance employee");
    assert!(found(&s, "BF212", "2024-01-01").is_empty());
}

#[test]
fn bf213_grades_c_and_d_but_not_b() {
    let s = store();
    household(&s, "H1", "1", &["--housing", "c"]);
    household(&s, "H2", "1", &["--housing", "b"]);
    household(&s, "H3", "1", &[]);
    assert_eq!(
        messages(&s, "BF213", "2024-01-01"),
        ["household H1 (陈大山) lives in a house appraised C (C级危房)"]
    );
    s.ok("household update H1 --housing A级");
    assert!(found(&s, "BF213", "2024-01-01").is_empty());
}

#[test]
fn bf214_water_recorded_unsafe_but_not_unknown() {
    let s = store();
    household(&s, "H1", "1", &["--water-safe", "false"]);
    household(&s, "H2", "1", &["--water-safe", "true"]);
    household(&s, "H3", "1", &[]);
    assert_eq!(
        messages(&s, "BF214", "2024-01-01"),
        ["household H1 (陈大山) has no safe drinking water"]
    );
}

// ------------------------------------------------------------------ BF215, BF207

#[test]
fn bf215_a_breakdown_within_one_yuan_passes_and_one_fen_more_does_not() {
    let s = store();
    // 5000 yuan for 2 people: 2500.00 a head.
    household(
        &s,
        "H1",
        "2",
        &["--wage-income", "5000", "--income", "2499"],
    );
    household(
        &s,
        "H2",
        "2",
        &["--wage-income", "5000", "--income", "2498.99"],
    );
    household(
        &s,
        "H3",
        "2",
        &["--wage-income", "5000", "--income", "2501"],
    );
    household(
        &s,
        "H4",
        "2",
        &["--wage-income", "5000", "--income", "2501.01"],
    );
    // Rounded toward negative infinity: 6000 − 1000.01 cost → 2499.995 → 2499.99 a head.
    household(
        &s,
        "H5",
        "2",
        &[
            "--wage-income",
            "6000",
            "--business-cost",
            "1000.01",
            "--income",
            "2500.99",
        ],
    );
    household(&s, "H6", "2", &["--wage-income", "5000"]);
    household(&s, "H7", "2", &["--income", "100"]);
    assert_eq!(found(&s, "BF215", "2024-01-01"), ["H2", "H4"]);
    assert_eq!(
        messages(&s, "BF215", "2024-01-01")[0],
        "household H2 (陈大山) records an income per head of 2498.99 yuan but its income breakdown gives 2500.00 yuan"
    );
    s.ok("household update H5 --income 2501");
    assert_eq!(found(&s, "BF215", "2024-01-01"), ["H2", "H4", "H5"]);
}

#[test]
fn bf207_uses_the_breakdown_when_no_income_per_head_is_recorded() {
    let s = store();
    s.person("P1", "赵六");
    let exited = |id: &str, wage: &str| {
        household(
            &s,
            id,
            "2",
            &[
                "--status",
                "exited",
                "--exited-on",
                "2020-10-01",
                "--exit-verified-by",
                "P1",
                "--wage-income",
                wage,
            ],
        );
    };
    // The 2020 line is 4000 yuan: 8000 for two passes, 7999.98 does not.
    exited("H1", "8000");
    exited("H2", "7999.98");
    assert_eq!(found(&s, "BF207", "2021-01-01"), ["H2"]);
    assert_eq!(
        messages(&s, "BF207", "2021-01-01"),
        [
            "household H2 (陈大山) exited on 2020-10-01 with income per head 3999.99 yuan, below the 2020 line of 4000.00 yuan"
        ]
    );
}

// ------------------------------------------------------------------ BF216

#[test]
fn bf216_a_member_under_16_recorded_as_labour() {
    let s = store();
    household(&s, "H1", "4", &["--status", "non_poor"]);
    member(
        &s,
        "M1",
        "H1",
        "child",
        &["--born-on", "2008-06-30", "--labour", "ordinary"],
    );
    member(
        &s,
        "M2",
        "H1",
        "child",
        &["--born-on", "2008-07-01", "--labour", "普通劳动力"],
    );
    member(
        &s,
        "M3",
        "H1",
        "child",
        &["--born-on", "2010-01-01", "--labour", "none"],
    );
    member(&s, "M4", "H1", "child", &["--born-on", "2010-01-01"]);
    // M1 turns 16 on the as-of date: not a minor. M2 is a day short of it.
    assert_eq!(found(&s, "BF216", "2024-06-30"), ["M2"]);
    assert_eq!(
        messages(&s, "BF216", "2024-06-30"),
        [
            "member M2 (陈小芳) of household H1 (陈大山) is 15 on 2024-06-30 and recorded as labour ordinary"
        ]
    );
}

#[test]
fn rules_explain_the_new_rules_with_their_policy_source() {
    let s = TestStore::new();
    for (code, source) in [
        ("BF211", "Compulsory Education Law"),
        ("BF212", "全员参保"),
        ("BF213", "农村危房改造"),
        ("BF216", "Labour Law"),
    ] {
        s.run(&["rules", code]).success().stdout_has(source);
    }
    s.ok("--lang zh rules BF211").stdout_has("义务教育法");
}

// ------------------------------------------------------------------ stats

#[test]
fn stats_counts_members_and_the_gaps_behind_each_guarantee() {
    let s = store();
    household(&s, "H1", "3", &["--housing", "c", "--water-safe", "false"]);
    household(
        &s,
        "H2",
        "1",
        &[
            "--status",
            "non_poor",
            "--housing",
            "d",
            "--water-safe",
            "false",
        ],
    );
    household(&s, "H3", "1", &["--housing", "b", "--water-safe", "true"]);
    member(&s, "M1", "H1", "head", &["--medical-insurance", "none"]);
    member(&s, "M2", "H1", "child", &["--born-on", "2016-01-01"]);
    member(
        &s,
        "M3",
        "H1",
        "child",
        &["--born-on", "2016-01-01", "--schooling", "junior"],
    );
    // Not counted: a non_poor household without a case.
    member(
        &s,
        "M4",
        "H2",
        "head",
        &["--born-on", "2016-01-01", "--medical-insurance", "none"],
    );
    let stats = s.ok("--format json stats").json();
    assert_eq!(stats["members"]["total"], 4);
    assert_eq!(
        stats["guarantees"],
        serde_json::json!({
            "out_of_school": 1,
            "without_medical_insurance": 1,
            "unsafe_housing": 1,
            "unsafe_water": 1,
        })
    );
    s.ok("stats")
        .stdout_has("\nmembers 家庭成员 ")
        .stdout_has("\n  out of school 适龄儿童失学 ")
        .stdout_has("\n  in C/D houses 危房户 ");
    let zh = s.ok("--lang zh stats");
    let zh = zh
        .stdout_has("\n家庭成员 ")
        .stdout_has("\n  适龄儿童失学辍学 ")
        .stdout_has("\n  饮水不安全的户 ");
    assert_eq!(bangfu::lang::english_word_in(&zh.stdout()), None);
}

#[test]
fn household_show_says_what_fails_a_guarantee_in_the_reader_s_language() {
    let s = store();
    household(&s, "H1", "1", &["--housing", "c", "--water-safe", "false"]);
    let en = s.ok("household show H1").stdout();
    assert!(
        en.contains("safe housing 住房安全保障: fails — house graded C\n"),
        "{en}"
    );
    assert!(
        en.contains("safe drinking water 饮水安全保障: fails — unsafe drinking water\n"),
        "{en}"
    );
    s.ok("--lang zh household show H1")
        .stdout_has("住房安全保障：未落实 — C级危房\n")
        .stdout_has("饮水安全保障：未落实 — 饮水不安全\n");
    // The boundary: a B grade and safe water fail nothing.
    s.ok("household update H1 --housing b --water-safe true");
    s.ok("household show H1")
        .stdout_has("safe housing 住房安全保障: no gap recorded\n")
        .stdout_has("safe drinking water 饮水安全保障: no gap recorded\n");
}

#[test]
fn household_show_counts_school_age_by_policy() {
    let s = store();
    household(&s, "H1", "1", &[]);
    // Thirteen or fourteen on the 31 August that began this school year, whatever today is.
    let year = s.ok("--format json stats").json()["as_of"]
        .as_str()
        .unwrap()[..4]
        .parse::<i32>()
        .unwrap();
    let born = format!("{}-01-01", year - 14);
    member(&s, "M1", "H1", "head", &["--born-on", &born]);
    s.ok("household show H1")
        .stdout_has("compulsory education 义务教育保障: fails — 陈小芳\n");
    s.ok("policy set school_age_to 12");
    s.ok("household show H1")
        .stdout_has("compulsory education 义务教育保障: no gap recorded\n");
}
