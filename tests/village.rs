//! `bangfu village add|list|show|update|remove|official`

use crate::common::TestStore;

#[test]
fn a_village_is_stored_with_defaults_and_chinese_labels_in_english() {
    let s = TestStore::new();
    s.ok("village add --id 520402101001 --name 大坪村 --province 贵州省 --county 西秀区 --township 旧州镇 --region 中部 --status 已出列 --exited-on 2019-12-31 --population 1234")
    .stdout_is("520402101001\n");
    let stored: serde_json::Value =
        serde_json::from_str(&s.read("villages/520402101001/village.json")).unwrap();
    assert_eq!(
        stored,
        serde_json::json!({"id": "520402101001", "name": "大坪村", "province": "贵州省",
            "county": "西秀区", "township": "旧州镇", "region": "central", "status": "exited",
            "exited_on": "2019-12-31", "population": 1234, "officials": []})
    );
    s.ok("village add --name 小河村 --county 西秀区 --township 七眼桥镇")
        .stdout_is("V000001\n");
    let stored: serde_json::Value =
        serde_json::from_str(&s.read("villages/V000001/village.json")).unwrap();
    assert_eq!(stored["region"], "west");
    assert_eq!(stored["status"], "poor");
}

#[test]
fn villages_are_listed_by_county_township_and_status() {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    s.village("V2", "小河村", "西秀区", "七眼桥镇");
    s.village("V3", "云峰村", "平坝区", "天龙镇");
    s.ok("village update V2 --status non_poor");
    assert_eq!(s.listed("village", &[]), ["V1", "V2", "V3"]);
    assert_eq!(s.listed("village", &["--county", "西秀区"]), ["V1", "V2"]);
    assert_eq!(s.listed("village", &["--township", "天龙镇"]), ["V3"]);
    assert_eq!(
        s.listed("village", &["--county", "西秀区", "--township", "天龙镇"]),
        Vec::<String>::new()
    );
    assert_eq!(s.listed("village", &["--status", "贫困村"]), ["V1", "V3"]);
    assert_eq!(s.listed("village", &["--status", "non_poor"]), ["V2"]);
    assert_eq!(s.listed("village", &["--village", "V3"]), ["V3"]);
    assert_eq!(
        s.listed("village", &["--village", "V3", "--county", "西秀区"]),
        Vec::<String>::new()
    );
    s.cmd("village list --status rich")
        .status(3)
        .stderr_is("bangfu: error: --status rich is not recognised; expected one of poor 贫困村, exited 已出列, non_poor 非贫困村\n");
    s.cmd("village list --village V9")
        .status(3)
        .stderr_is("bangfu: error: --village V9 is not a known village\n");
    s.ok("village list").stdout_is(
        "id  name    county  township  region  status    exited_on  population\n\
         V1  大坪村  西秀区  旧州镇    west    poor\n\
         V2  小河村  西秀区  七眼桥镇  west    non_poor\n\
         V3  云峰村  平坝区  天龙镇    west    poor\n",
    );
}

#[test]
fn show_gives_the_village_its_team_and_its_households() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.household("H1", "V1", "陈大山");
    s.household("H2", "V1", "李四");
    s.ok("household assign H1 --helper P2");
    s.ok("village official V1 --person P3 --role 村主任");
    s.ok("team update T1 --term-end 2016-03-01");
    s.ok("village show V1").stdout_is(
        "id 编号              V1\n\
         name 村名            大坪村\n\
         province 省\n\
         county 县            西秀区\n\
         township 乡镇        旧州镇\n\
         region 区域          west\n\
         status 状态          poor\n\
         exited_on 出列日期\n\
         population 户籍人口\n\
         officials 村干部     P3:director\n\
         types 村类型\n\
         \n\
         team 工作队 T1: 省交通运输厅 · leader P1 · 3 members · dispatched 2014-03-01 · not active\n\
         households 贫困户: 2 in all, 2 needing help, 1 of them with a helper\n",
    );
    let json = s.ok("village show V1 --format json").json();
    assert_eq!(
        json["officials"],
        serde_json::json!([{"person": "P3", "role": "director"}])
    );
    s.cmd("village show V9")
        .status(3)
        .stderr_is("bangfu: error: village V9 does not exist\n");
}

#[test]
fn official_adds_an_official_or_changes_the_role() {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    s.person("P1", "王芳");
    s.person("P2", "李明");
    s.ok("village official V1 --person P1 --role 村支书")
        .stdout_is("updated village V1\n");
    s.ok("village official V1 --person P2 --role accountant");
    s.ok("village official V1 --person P1 --role director");
    let stored: serde_json::Value =
        serde_json::from_str(&s.read("villages/V1/village.json")).unwrap();
    assert_eq!(
        stored["officials"],
        serde_json::json!([{"person": "P1", "role": "director"}, {"person": "P2", "role": "accountant"}])
    );
    s.refuses("village official V1 --person P9 --role director", 3)
        .stderr_is("bangfu: error: village V1: --person P9 is not a known person\n");
    s.refuses("village official V1 --person P1 --role mayor", 3)
        .stderr_has(
            "village V1: --role mayor is not recognised; expected one of party_secretary 村支书",
        );
    s.refuses("village official V9 --person P1 --role director", 3)
        .stderr_is("bangfu: error: village V9 does not exist\n");
    s.refuses("village official V1 --person P1", 2);
}

#[test]
fn update_changes_only_the_flags_given() {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    s.ok("village update V1 --population 800 --province 贵州省");
    s.ok("village update V1 --status exited --exited-on 2018-10-01");
    s.ok("village update V1 --clear province");
    let stored: serde_json::Value =
        serde_json::from_str(&s.read("villages/V1/village.json")).unwrap();
    assert_eq!(
        stored,
        serde_json::json!({"id": "V1", "name": "大坪村", "county": "西秀区", "township": "旧州镇",
            "region": "west", "status": "exited", "exited_on": "2018-10-01", "population": 800,
            "officials": []})
    );
}

#[test]
fn exit_dates_go_with_the_exited_status_only() {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    s.refuses("village update V1 --status exited", 3)
        .stderr_is("bangfu: error: village V1: --exited-on is missing; a village with status exited needs --exited-on\n");
    s.refuses("village update V1 --exited-on 2018-10-01", 3)
        .stderr_is("bangfu: error: village V1: --exited-on 2018-10-01 is set but the status is poor; only an exited village has an exit date\n");
    s.ok("village update V1 --status exited --exited-on 2018-10-01");
    s.refuses("village update V1 --clear exited_on", 3);
    s.ok("village update V1 --status poor --clear exited-on");
}

#[test]
fn bad_village_values_are_rejected() {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    let add = |extra: &[&str]| {
        let mut args = vec![
            "village",
            "add",
            "--id",
            "V2",
            "--name",
            "小河村",
            "--county",
            "西秀区",
            "--township",
            "旧州镇",
        ];
        args.extend_from_slice(extra);
        args.iter().map(|a| (*a).to_string()).collect::<Vec<_>>()
    };
    for (extra, message) in [
        (
            &["--region", "north"][..],
            "village V2: --region north is not recognised; expected one of east 东部, central 中部, west 西部",
        ),
        (
            &["--status", "rich"],
            "village V2: --status rich is not recognised; expected one of poor 贫困村, exited 已出列, non_poor 非贫困村",
        ),
        (
            &["--status", "exited", "--exited-on", "2023-02-29"],
            "village V2: --exited-on 2023-02-29 is not a valid date; expected YYYY-MM-DD",
        ),
        (
            &["--status", "exited", "--exited-on", "2024-13-01"],
            "village V2: --exited-on 2024-13-01 is not a valid date; expected YYYY-MM-DD",
        ),
        (
            &["--population", "many"],
            "village V2: --population many is not a whole number; expected a whole number from 0 to 10000000",
        ),
        (
            &["--population=-5"],
            "village V2: --population -5 is out of range; expected a whole number from 0 to 10000000",
        ),
    ] {
        let args = add(extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        s.rejects(&args, 3)
            .stderr_is(&format!("bangfu: error: {message}\n"));
    }
    s.refuses("village add --id V1 --name x --county c --township t", 3)
        .stderr_is("bangfu: error: village V1: --id V1 is already taken; expected a new id\n");
    s.refuses("village add --id ../V1 --name x --county c --township t", 3)
        .stderr_has("--id ../V1 is not a valid id");
    s.refuses("village add --name x", 2)
        .stderr_is("bangfu: error: village add needs --county, --township\n");
    s.refuses("village update V1 --clear county", 3).stderr_has(
        "--clear county: not an optional field; expected one of province, exited_on, population",
    );
}

#[test]
fn a_village_with_records_or_residents_is_not_removed() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.household("H1", "V1", "陈大山");
    s.ok("person update P3 --home-village V1");
    s.refuses("village remove V1", 3).stderr_is(
        "bangfu: error: village V1 cannot be removed: it still has 1 team, 1 household, person P3 (home_village); remove or move them first\n",
    );
    s.refuses("village remove V9", 3)
        .stderr_is("bangfu: error: village V9 does not exist\n");
    s.ok("household remove H1");
    s.ok("team remove T1");
    s.ok("person update P3 --clear home_village");
    s.ok("village remove V1");
    assert!(
        s.file("removed/villages/V1/teams.jsonl").exists()
            || s.file("removed/villages/V1/village.json").exists()
    );
    assert_eq!(s.listed("village", &[]), Vec::<String>::new());
}
