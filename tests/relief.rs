//! `bangfu allocation add|list|show|remove` and `bangfu plan add|list|show|update|remove`.

use crate::common::TestStore;

/// V1 with team T1 (P1–P3), V2 in another county with team T2 (P4–P6), households H1 H2 in
/// V1 and H3 in V2.
fn two_villages() -> TestStore {
    let s = TestStore::new();
    s.with_village_and_team();
    s.village("V2", "小河村", "平坝区", "天龙镇");
    for p in ["P4", "P5", "P6"] {
        s.person(p, "队员");
    }
    s.ok("team add --id T2 --village V2 --unit 市农业局 --leader P4 --member P4 --member P5 --member P6 --dispatched-on 2015-01-01");
    s.household("H1", "V1", "陈大山");
    s.household("H2", "V1", "李四");
    s.household("H3", "V2", "王五");
    s
}

#[test]
fn an_allocation_is_stored_in_fen_with_its_approvers() {
    let s = two_villages();
    s.ok("allocation add --village V1 --household H1 --kind 小额信贷 --amount 50000 --date 2016-04-01 --source 县扶贫办 --purpose 养牛 --approved-by P1 --approved-by P3")
    .stdout_is("A000001\n");
    s.ok("allocation add --village V1 --kind project --amount 0.01 --date 2016-05-01")
        .stdout_is("A000002\n");
    assert_eq!(
        s.records("villages/V1/allocations.jsonl"),
        [
            serde_json::json!({"id": "A000001", "village": "V1", "household": "H1",
                "kind": "microcredit", "amount_fen": 5_000_000, "date": "2016-04-01",
                "source": "县扶贫办", "purpose": "养牛", "approved_by": ["P1", "P3"]}),
            serde_json::json!({"id": "A000002", "village": "V1", "kind": "project",
                "amount_fen": 1, "date": "2016-05-01", "approved_by": []}),
        ]
    );
    s.ok("allocation show A000001").stdout_is(
        "id 编号             A000001\n\
         village 村          V1\n\
         household 贫困户    H1\n\
         kind 类型           microcredit\n\
         amount 金额         50000.00\n\
         date 日期           2016-04-01\n\
         source 来源         县扶贫办\n\
         purpose 用途        养牛\n\
         approved_by 审批人  P1;P3\n",
    );
    s.cmd("allocation show A9")
        .status(3)
        .stderr_is("bangfu: error: allocation A9 does not exist\n");
}

#[test]
fn allocations_are_listed_by_place_household_kind_and_dates() {
    let s = two_villages();
    for (id, village, household, kind, date) in [
        ("A1", "V1", Some("H1"), "funds", "2015-03-01"),
        ("A2", "V1", Some("H2"), "materials", "2015-06-30"),
        ("A3", "V1", None, "project", "2015-07-01"),
        ("A4", "V2", Some("H3"), "funds", "2016-01-01"),
    ] {
        let mut args = vec![
            "allocation",
            "add",
            "--id",
            id,
            "--village",
            village,
            "--kind",
            kind,
            "--amount",
            "100",
            "--date",
            date,
        ];
        if let Some(h) = household {
            args.extend(["--household", h]);
        }
        s.run(&args).success();
    }
    assert_eq!(s.listed("allocation", &[]), ["A1", "A2", "A3", "A4"]);
    assert_eq!(s.listed("allocation", &["--village", "V2"]), ["A4"]);
    assert_eq!(
        s.listed("allocation", &["--county", "西秀区"]),
        ["A1", "A2", "A3"]
    );
    assert_eq!(s.listed("allocation", &["--township", "天龙镇"]), ["A4"]);
    assert_eq!(s.listed("allocation", &["--household", "H2"]), ["A2"]);
    assert_eq!(s.listed("allocation", &["--kind", "资金"]), ["A1", "A4"]);
    assert_eq!(
        s.listed("allocation", &["--from", "2015-06-30"]),
        ["A2", "A3", "A4"]
    );
    assert_eq!(
        s.listed("allocation", &["--to", "2015-06-30"]),
        ["A1", "A2"]
    );
    assert_eq!(
        s.listed(
            "allocation",
            &[
                "--from",
                "2015-04-01",
                "--to",
                "2015-12-31",
                "--kind",
                "project"
            ]
        ),
        ["A3"]
    );
    s.cmd("allocation list --kind gold")
        .status(3)
        .stderr_has("--kind gold is not recognised; expected one of funds 资金");
    s.cmd("allocation list --from 2015-02-30")
        .status(3)
        .stderr_is("bangfu: error: --from 2015-02-30 is not a valid date; expected YYYY-MM-DD\n");
    s.cmd("allocation list --status poor").status(3);
    s.ok("allocation list --village V1").stdout_is(
        "id  village  household  kind       amount  date        source  approved_by\n\
         A1  V1       H1         funds      100.00  2015-03-01\n\
         A2  V1       H2         materials  100.00  2015-06-30\n\
         A3  V1                  project    100.00  2015-07-01\n",
    );
}

#[test]
fn bad_allocations_are_rejected() {
    let s = two_villages();
    let base = ["allocation", "add", "--id", "A1", "--village", "V1"];
    for (extra, message) in [
        (
            &[
                "--kind",
                "funds",
                "--amount",
                "1.234",
                "--date",
                "2015-01-01",
            ][..],
            "--amount 1.234 is not an amount of yuan; expected a number with at most two decimals, e.g. 1234.50",
        ),
        (
            &["--kind", "funds", "--amount", "-3", "--date", "2015-01-01"],
            "--amount -3 is negative; expected a number of yuan not below 0, e.g. 1234.50",
        ),
        (
            &["--kind", "funds", "--amount", "0", "--date", "2015-01-01"],
            "--amount 0.00 is not above zero; expected a positive amount of yuan",
        ),
        (
            &[
                "--kind",
                "funds",
                "--amount",
                "0.00",
                "--date",
                "2015-01-01",
            ],
            "--amount 0.00 is not above zero; expected a positive amount of yuan",
        ),
        (
            &["--kind", "gold", "--amount", "1", "--date", "2015-01-01"],
            "--kind gold is not recognised; expected one of funds 资金, materials 物资, project 项目, microcredit 小额信贷, other 其他",
        ),
        (
            &["--kind", "funds", "--amount", "1", "--date", "2015-02-29"],
            "--date 2015-02-29 is not a valid date; expected YYYY-MM-DD",
        ),
        (
            &[
                "--kind",
                "funds",
                "--amount",
                "1",
                "--date",
                "2015-01-01",
                "--household",
                "H3",
            ],
            "--household H3 is in village V2, not V1; expected a household of the same village",
        ),
        (
            &[
                "--kind",
                "funds",
                "--amount",
                "1",
                "--date",
                "2015-01-01",
                "--household",
                "H9",
            ],
            "--household H9 is not a known household",
        ),
        (
            &[
                "--kind",
                "funds",
                "--amount",
                "1",
                "--date",
                "2015-01-01",
                "--approved-by",
                "P9",
            ],
            "--approved-by P9 is not a known person",
        ),
        (
            &[
                "--kind",
                "funds",
                "--amount",
                "1",
                "--date",
                "2015-01-01",
                "--approved-by",
                "P1",
                "--approved-by",
                "P1",
            ],
            "--approved-by P1 is listed twice; expected no repeats",
        ),
    ] {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(extra);
        s.rejects(&args, 3)
            .stderr_is(&format!("bangfu: error: allocation A1: {message}\n"));
    }
    s.refuses(
        "allocation add --id A1 --village V9 --kind funds --amount 1 --date 2015-01-01",
        3,
    )
    .stderr_is("bangfu: error: allocation A1: --village V9 is not a known village\n");
    // A negative amount is a value, not a flag: rejected as input.
    s.refuses(
        "allocation add --village V1 --kind funds --amount -3 --date 2015-01-01",
        3,
    );
    s.refuses("allocation add --village V1 --kind funds", 2)
        .stderr_is("bangfu: error: allocation add needs --amount, --date\n");
    s.ok("allocation add --id A1 --village V1 --kind funds --amount 1 --date 2015-01-01");
    s.refuses(
        "allocation add --id A1 --village V2 --kind funds --amount 1 --date 2015-01-01",
        3,
    )
    .stderr_is("bangfu: error: allocation A1: --id A1 is already taken; expected a new id\n");
}

#[test]
fn an_allocation_is_removed() {
    let s = two_villages();
    s.ok("allocation add --id A1 --village V1 --household H1 --kind funds --amount 1 --date 2015-01-01");
    s.ok("allocation remove A1")
        .stdout_is("removed allocation A1\n");
    assert!(!s.file("villages/V1/allocations.jsonl").exists());
    s.refuses("allocation remove A1", 3)
        .stderr_is("bangfu: error: allocation A1 does not exist\n");
    // Now nothing names H1, so it can go.
    s.ok("household remove H1");
}

#[test]
fn plans_are_added_listed_shown_updated_and_removed() {
    let s = two_villages();
    s.ok("plan add --village V1 --team T1 --category 基础设施 --title 通组公路硬化 --budget 350000 --due 2016-12-31")
    .stdout_is("L000001\n");
    s.ok("plan add --id L2 --village V1 --category culture --title 文化广场 --status 实施中");
    s.ok("plan add --id L3 --village V2 --team T2 --category industry --title 茶叶基地 --status done");
    assert_eq!(
        s.records("villages/V1/plans.jsonl"),
        [
            serde_json::json!({"id": "L000001", "village": "V1", "team": "T1",
                "category": "infrastructure", "title": "通组公路硬化", "budget_fen": 35_000_000,
                "status": "planned", "due": "2016-12-31"}),
            serde_json::json!({"id": "L2", "village": "V1", "category": "culture",
                "title": "文化广场", "status": "in_progress"}),
        ]
    );
    assert_eq!(s.listed("plan", &[]), ["L000001", "L2", "L3"]);
    assert_eq!(s.listed("plan", &["--village", "V2"]), ["L3"]);
    assert_eq!(s.listed("plan", &["--county", "西秀区"]), ["L000001", "L2"]);
    assert_eq!(s.listed("plan", &["--township", "天龙镇"]), ["L3"]);
    assert_eq!(s.listed("plan", &["--status", "计划"]), ["L000001"]);
    assert_eq!(s.listed("plan", &["--status", "done"]), ["L3"]);
    assert_eq!(s.listed("plan", &["--category", "文化设施"]), ["L2"]);
    assert_eq!(
        s.listed("plan", &["--category", "industry", "--status", "planned"]),
        Vec::<String>::new()
    );
    s.cmd("plan list --category roads")
        .status(3)
        .stderr_has("--category roads is not recognised; expected one of infrastructure 基础设施");
    s.ok("plan list --village V1").stdout_is(
        "id       village  team  category        title         budget     status       due\n\
         L000001  V1       T1    infrastructure  通组公路硬化  350000.00  planned      2016-12-31\n\
         L2       V1             culture         文化广场                 in_progress\n",
    );

    s.ok("plan update L000001 --status in_progress --clear budget")
        .stdout_is("updated plan L000001\n");
    assert_eq!(
        s.records("villages/V1/plans.jsonl")[0],
        serde_json::json!({"id": "L000001", "village": "V1", "team": "T1",
            "category": "infrastructure", "title": "通组公路硬化", "status": "in_progress",
            "due": "2016-12-31"})
    );
    s.ok("plan show L000001 --format json")
        .stdout_has("\"status\": \"in_progress\"");
    s.cmd("plan show L9")
        .status(3)
        .stderr_is("bangfu: error: plan L9 does not exist\n");
    s.ok("plan remove L2").stdout_is("removed plan L2\n");
    assert_eq!(s.listed("plan", &[]), ["L000001", "L3"]);
    s.refuses("plan remove L2", 3)
        .stderr_is("bangfu: error: plan L2 does not exist\n");
}

#[test]
fn bad_plans_are_rejected() {
    let s = two_villages();
    let base = [
        "plan",
        "add",
        "--id",
        "L1",
        "--village",
        "V1",
        "--title",
        "修路",
    ];
    for (extra, message) in [
        (
            &["--category", "roads"][..],
            "--category roads is not recognised; expected one of infrastructure 基础设施, industry 产业发展, culture 文化设施, other 其他",
        ),
        (
            &["--category", "other", "--team", "T2"],
            "--team T2 is stationed in village V2, not V1; expected a team of the same village",
        ),
        (
            &["--category", "other", "--team", "T9"],
            "--team T9 is not a known team",
        ),
        (
            &["--category", "other", "--budget", "10.001"],
            "--budget 10.001 is not an amount of yuan; expected a number with at most two decimals, e.g. 1234.50",
        ),
        (
            &["--category", "other", "--budget=-1"],
            "--budget -1 is negative; expected a number of yuan not below 0, e.g. 1234.50",
        ),
        (
            &["--category", "other", "--status", "abandoned"],
            "--status abandoned is not recognised; expected one of planned 计划, in_progress 实施中, done 已完成",
        ),
        (
            &["--category", "other", "--due", "2016-04-31"],
            "--due 2016-04-31 is not a valid date; expected YYYY-MM-DD",
        ),
    ] {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(extra);
        s.rejects(&args, 3)
            .stderr_is(&format!("bangfu: error: plan L1: {message}\n"));
    }
    s.rejects(
        &[
            "plan",
            "add",
            "--id",
            "L1",
            "--village",
            "V1",
            "--category",
            "other",
            "--title",
            "",
        ],
        3,
    )
    .stderr_is("bangfu: error: plan L1: --title is empty; expected some text\n");
    s.refuses("plan add --village V1 --title 修路", 2)
        .stderr_is("bangfu: error: plan add needs --category\n");
    s.ok("plan add --id L1 --village V1 --category other --title 修路 --team T1");
    s.refuses("plan update L1 --team T2", 3)
        .stderr_is("bangfu: error: plan L1: --team T2 is stationed in village V2, not V1; expected a team of the same village\n");
    s.refuses("plan update L1 --clear title", 3)
        .stderr_has("--clear title: not an optional field; expected one of team, budget_fen, due");
}
