//! `bangfu household add|list|show|update|remove|assign|relate|exit`

use crate::common::{TestStore, id_number};

#[test]
fn enumerations_in_chinese_are_stored_in_english_and_yuan_as_fen() {
    let s = TestStore::new();
    s.with_village_and_team();
    let number = id_number("52040219751203004");
    s.run(&[
        "household",
        "add",
        "--village",
        "V1",
        "--head",
        "陈大山",
        "--id-number",
        &number,
        "--size",
        "4",
        "--status",
        "返贫",
        "--category",
        "低保贫困户",
        "--cause",
        "因病",
        "--cause",
        "lack_of_skills",
        "--cause",
        "因病",
        "--measure",
        "发展生产",
        "--measure",
        "health",
        "--income",
        "2300.5",
        "--identified-on",
        "2014-05-01",
        "--helper",
        "P2",
    ])
    .success()
    .stdout_is("H000001\n");
    assert_eq!(
        s.records("villages/V1/households.jsonl"),
        [serde_json::json!({
            "id": "H000001", "village": "V1", "head": "陈大山", "id_number": number, "size": 4,
            "status": "returned", "category": "dibao", "causes": ["illness", "lack_of_skills"],
            "measures": ["industry", "health"], "income_per_capita_fen": 230_050,
            "identified_on": "2014-05-01", "helper": "P2", "relations": []
        })]
    );
    for (yuan, fen) in [("0", 0), ("0.07", 7), ("12", 1200), ("2536.10", 253_610)] {
        s.run(&["household", "update", "H000001", "--income", yuan])
            .success();
        assert_eq!(
            s.records("villages/V1/households.jsonl")[0]["income_per_capita_fen"],
            fen
        );
    }
}

#[test]
fn households_are_listed_by_village_county_township_status_and_helper() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.village("V2", "小河村", "平坝区", "天龙镇");
    s.household("H1", "V1", "陈大山");
    s.household("H2", "V1", "李四");
    s.household("H3", "V2", "王五");
    s.ok("household update H2 --status non_poor");
    s.ok("household assign H3 --helper P2");
    assert_eq!(s.listed("household", &[]), ["H1", "H2", "H3"]);
    assert_eq!(s.listed("household", &["--village", "V1"]), ["H1", "H2"]);
    assert_eq!(s.listed("household", &["--county", "平坝区"]), ["H3"]);
    assert_eq!(
        s.listed("household", &["--township", "旧州镇"]),
        ["H1", "H2"]
    );
    assert_eq!(s.listed("household", &["--status", "未脱贫"]), ["H1", "H3"]);
    assert_eq!(s.listed("household", &["--status", "non_poor"]), ["H2"]);
    assert_eq!(s.listed("household", &["--helper", "P2"]), ["H3"]);
    s.cmd("household list --status rich")
        .status(3)
        .stderr_has("--status rich is not recognised; expected one of poor 未脱贫");
}

#[test]
fn show_lists_the_allocations_received_and_their_total_in_a_table_only() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.household("H1", "V1", "陈大山");
    s.household("H2", "V1", "李四");
    s.ok("allocation add --id A1 --village V1 --household H1 --kind 资金 --amount 1500 --date 2015-03-01 --approved-by P1");
    s.ok("allocation add --id A2 --village V1 --household H1 --kind materials --amount 320.5 --date 2015-09-10");
    s.ok("allocation add --id A3 --village V1 --household H2 --kind funds --amount 999 --date 2015-03-01");
    let table = s.ok("household show H1").stdout();
    assert!(
        table.ends_with(
            "out_of_pocket 合规自付支出\n\
             \n\
             members 家庭成员: none recorded\n\
             compulsory education 义务教育保障: no gap recorded\n\
             basic medical insurance 基本医疗保障: no gap recorded\n\
             safe housing 住房安全保障: no gap recorded\n\
             safe drinking water 饮水安全保障: no gap recorded\n\
             \n\
             cases 监测对象: none\n\
             \n\
             allocations 扶贫资源: 2 received, 1820.50 yuan in all\n\
             id  date        kind       amount   approved_by\n\
             A1  2015-03-01  funds      1500.00  P1\n\
             A2  2015-09-10  materials  320.50\n"
        ),
        "{table}"
    );
    // The kind follows the language, as in `allocation list`.
    s.ok("--lang zh household show H1")
        .stdout_has("A1    2015-03-01  资金  1500.00  P1\n");
    let json = s.ok("household show H1 --format json").json();
    assert_eq!(json["id"], "H1");
    assert!(json.get("allocations").is_none());
    s.household("H4", "V1", "赵六");
    s.ok("household show H4")
        .stdout_has("\nallocations 扶贫资源: none\n");
    s.ok("-q household show H4")
        .stdout_lacks("allocations 扶贫资源");
}

#[test]
fn update_changes_only_the_flags_given_and_clear_empties_fields() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.ok("household add --id H1 --village V1 --head 陈大山 --size 4 --cause illness --measure industry --income 1200 --helper P2 --category general");
    s.ok("household update H1 --size 5")
        .stdout_is("updated household H1\n");
    let h = &s.records("villages/V1/households.jsonl")[0];
    assert_eq!(h["size"], 5);
    assert_eq!(h["causes"], serde_json::json!(["illness"]));
    assert_eq!(h["helper"], "P2");
    assert_eq!(h["income_per_capita_fen"], 120_000);
    s.ok("household update H1 --cause 缺资金 --cause 因学");
    assert_eq!(
        s.records("villages/V1/households.jsonl")[0]["causes"],
        serde_json::json!(["lack_of_funds", "education"])
    );
    s.ok("household update H1 --clear income --clear helper --clear causes --clear category");
    assert_eq!(
        s.records("villages/V1/households.jsonl")[0],
        serde_json::json!({"id": "H1", "village": "V1", "head": "陈大山", "size": 5,
            "status": "poor", "causes": [], "measures": ["industry"], "relations": []})
    );
    s.refuses("household update H1 --clear bogus", 3)
        .stderr_is("bangfu: error: household H1: --clear bogus: not an optional field; expected one of id_number, category, causes, measures, income_per_capita_fen, identified_on, exited_on, exit_verified_by, helper, relations, housing, water_safe, income_year, wage_income_fen, business_income_fen, business_cost_fen, property_income_fen, transfer_income_fen, out_of_pocket_fen\n");
    s.refuses("household update H1 --clear head", 3);
    // Clearing a field and setting it in one command: neither is guessed (status 2).
    s.refuses("household update H1 --clear helper --helper P2", 2)
        .stderr_is("bangfu: error: --clear helper and --helper both given; give one of them\n");
    s.refuses(
        "household update H1 --clear income_per_capita_fen --income 5",
        2,
    );
    // The boundary: clearing one field while setting another.
    s.ok("household update H1 --clear helper --size 4");
    s.refuses("household update H9 --size 2", 3)
        .stderr_is("bangfu: error: household H9 does not exist\n");
}

#[test]
fn a_household_moves_village_unless_allocations_name_it() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.village("V2", "小河村", "平坝区", "天龙镇");
    s.household("H1", "V1", "陈大山");
    s.ok("household update H1 --village V2");
    assert!(!s.file("villages/V1/households.jsonl").exists());
    assert_eq!(
        s.records("villages/V2/households.jsonl")[0]["village"],
        "V2"
    );
    s.ok("household show H1 --format json")
        .stdout_has("\"village\": \"V2\"");
    s.ok("allocation add --id A1 --village V2 --household H1 --kind funds --amount 10 --date 2015-01-01");
    s.refuses("household update H1 --village V1", 3)
        .stderr_is("bangfu: error: household H1: --village V1 cannot be changed: allocation A1 of village V2 refers to it; remove them first\n");
}

#[test]
fn assign_relate_and_exit() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.household("H1", "V1", "陈大山");
    s.ok("household assign H1 --helper P2")
        .stdout_is("updated household H1\n");
    s.ok("household relate H1 --person P3 --relation 兄弟姐妹");
    s.ok("household relate H1 --person P1 --relation in_law --filed-on 2015-04-01");
    // Relating the same person again changes the tie and keeps the filing date.
    s.ok("household relate H1 --person P1 --relation 配偶");
    s.ok("household exit H1 --on 2016-11-30 --income 3120.5 --verified-by P3");
    let json = s.ok("household show H1 --format json").json();
    assert_eq!(
        json,
        serde_json::json!({"id": "H1", "village": "V1", "head": "陈大山", "size": 3,
            "status": "exited", "causes": [], "measures": [], "income_per_capita_fen": 312_050,
            "exited_on": "2016-11-30", "exit_verified_by": "P3", "helper": "P2",
            "income_year": 2016,
            "relations": [{"person": "P3", "relation": "sibling"},
                          {"person": "P1", "relation": "spouse", "filed_on": "2015-04-01"}]})
    );
    s.refuses("household assign H1 --helper P9", 3)
        .stderr_is("bangfu: error: household H1: --helper P9 is not a known person\n");
    s.refuses("household assign H9 --helper P1", 3)
        .stderr_is("bangfu: error: household H9 does not exist\n");
    s.refuses("household relate H1 --person P9 --relation spouse", 3)
        .stderr_is("bangfu: error: household H1: --person P9 is not a known person\n");
    s.refuses("household relate H1 --person P2 --relation friend", 3)
        .stderr_has(
            "household H1: --relation friend is not recognised; expected one of spouse 配偶",
        );
    s.refuses("household relate H1 --person P2 --relation spouse --filed-on 2015-02-29", 3)
        .stderr_is("bangfu: error: household H1: --filed-on 2015-02-29 is not a valid date; expected YYYY-MM-DD\n");
    s.refuses("household exit H1 --on 2016-11-30 --income 3120.555 --verified-by P3", 3)
        .stderr_is("bangfu: error: household H1: --income 3120.555 is not an amount of yuan; expected a number with at most two decimals, e.g. 1234.50\n");
    s.refuses(
        "household exit H1 --on 2016-11-30 --income 3000 --verified-by P8",
        3,
    )
    .stderr_is("bangfu: error: household H1: --verified-by P8 is not a known person\n");
    s.refuses("household exit H1 --on 2016-11-30", 2);
    s.refuses("household assign H1", 2);
}

#[test]
fn bad_household_values_are_rejected() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.village("V2", "小河村", "平坝区", "天龙镇");
    s.household("H1", "V1", "陈大山");
    let base = [
        "household",
        "add",
        "--id",
        "H2",
        "--village",
        "V1",
        "--head",
        "李四",
    ];
    for (extra, message) in [
        (
            &["--size", "0"][..],
            "--size 0 is out of range; expected a whole number from 1 to 30",
        ),
        (
            &["--size", "31"],
            "--size 31 is out of range; expected a whole number from 1 to 30",
        ),
        (
            &["--size", "3", "--status", "rich"],
            "--status rich is not recognised; expected one of poor 未脱贫, exited 已脱贫, returned 返贫, non_poor 非贫困户",
        ),
        (
            &["--size", "3", "--category", "vip"],
            "--category vip is not recognised; expected one of general 一般贫困户, dibao 低保贫困户, tekun 特困供养贫困户",
        ),
        (
            &["--size", "3", "--cause", "bad_luck"],
            "--cause bad_luck is not recognised; expected one of illness 因病, disability 因残, education 因学, disaster 因灾, lack_of_land 缺土地, lack_of_water 缺水, lack_of_skills 缺技术, lack_of_labor 缺劳动力, lack_of_funds 缺资金, poor_transport 交通条件落后, lack_of_motivation 自身发展动力不足, other 其他",
        ),
        (
            &["--size", "3", "--measure", "prayer"],
            "--measure prayer is not recognised; expected one of industry 发展生产, employment 转移就业, relocation 易地搬迁, ecological 生态补偿, education 发展教育, health 健康扶贫, housing 危房改造, social_security 社会保障兜底, microcredit 小额信贷, other 其他",
        ),
        (
            &["--size", "3", "--income", "1.234"],
            "--income 1.234 is not an amount of yuan; expected a number with at most two decimals, e.g. 1234.50",
        ),
        (
            &["--size", "3", "--income=-5"],
            "--income -5 is negative; expected a number of yuan not below 0, e.g. 1234.50",
        ),
        (
            &["--size", "3", "--income", "1,000"],
            "--income 1,000 is not an amount of yuan; expected a number with at most two decimals, e.g. 1234.50",
        ),
        (
            &["--size", "3", "--identified-on", "2023-02-29"],
            "--identified-on 2023-02-29 is not a valid date; expected YYYY-MM-DD",
        ),
        (
            &["--size", "3", "--identified-on", "2024-13-01"],
            "--identified-on 2024-13-01 is not a valid date; expected YYYY-MM-DD",
        ),
        (
            &["--size", "3", "--status", "exited"],
            "--exited-on is missing; a household with status exited needs --exited-on",
        ),
        (
            &[
                "--size",
                "3",
                "--identified-on",
                "2015-01-01",
                "--status",
                "exited",
                "--exited-on",
                "2014-12-31",
            ],
            "--exited-on 2014-12-31 is before the household was identified on 2015-01-01",
        ),
        (
            &["--size", "3", "--id-number", "110105194912310021"],
            "--id-number 110105********0021 has a wrong check character; expected the MOD 11-2 check character of its 17 digits",
        ),
        (
            &["--size", "3", "--helper", "P9"],
            "--helper P9 is not a known person",
        ),
        (
            &["--size", "3", "--exit-verified-by", "P9"],
            "--exit-verified-by P9 is not a known person",
        ),
    ] {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(extra);
        s.rejects(&args, 3)
            .stderr_is(&format!("bangfu: error: household H2: {message}\n"));
    }
    s.refuses("household add --id H2 --village V9 --head 李四 --size 3", 3)
        .stderr_is("bangfu: error: household H2: --village V9 is not a known village\n");
    s.refuses(
        "household add --id H2 --village ../V1 --head 李四 --size 3",
        3,
    )
    .stderr_has("--village ../V1 is not a valid id");
    // Ids are unique in the store, across villages.
    s.refuses("household add --id H1 --village V2 --head 李四 --size 3", 3)
        .stderr_is("bangfu: error: household H1: --id H1 is already taken; expected a new id\n");
    s.refuses("household add --village V1 --head 李四", 2)
        .stderr_is("bangfu: error: household add needs --size\n");
    s.refuses(
        "household add --village V1 --head 李四 --size 3 --sise 4",
        2,
    );
}

#[test]
fn a_household_is_removed_unless_an_allocation_names_it() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.household("H1", "V1", "陈大山");
    s.household("H2", "V1", "李四");
    s.ok("allocation add --id A1 --village V1 --household H1 --kind funds --amount 10 --date 2015-01-01");
    s.refuses("household remove H1", 3).stderr_is(
        "bangfu: error: household H1 cannot be removed: allocation A1 (household) still refers to it; change or remove them first\n",
    );
    s.ok("household remove H2")
        .stdout_is("removed household H2\n");
    assert_eq!(s.listed("household", &[]), ["H1"]);
    s.refuses("household remove H2", 3)
        .stderr_is("bangfu: error: household H2 does not exist\n");
}
