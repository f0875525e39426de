//! Monitoring cases (监测对象): the case commands and their write-time rules, the household's
//! cases, the rules BF500–BF509 each triggered and near-missed at its boundary, `--as-of`
//! replay, and the notice and monitoring reports.

use crate::checks::{found, report};
use crate::common::{TestStore, id_number};

/// `defaults` (flag, value pairs after the first `lead` words) with `extra` appended, less the
/// defaults whose flag `extra` gives.
fn with<'a>(lead: &[&'a str], defaults: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = lead.to_vec();
    for pair in defaults.chunks(2) {
        if !extra.contains(&pair[0]) {
            args.extend_from_slice(pair);
        }
    }
    args.extend_from_slice(extra);
    args
}

fn ok(s: &TestStore, args: &[&str]) -> String {
    s.run(args).success().stdout()
}

/// V1 with P1, households H1–H3, and the 2024 and 2025 monitoring lines.
fn base() -> TestStore {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇")
        .person("P1", "王芳")
        .household("H1", "V1", "陈大山")
        .household("H2", "V1", "李二")
        .household("H3", "V1", "张三");
    s.ok("policy set monitoring_line_yuan.2024 8300");
    s.ok("policy set monitoring_line_yuan.2025 8700");
    s
}

/// Case `id` of `household`, lead on `lead_on`, with `extra` flags.
fn case(s: &TestStore, id: &str, household: &str, lead_on: &str, extra: &[&str]) {
    let risk = if extra.contains(&"--risk") {
        vec![]
    } else {
        vec!["--risk", "illness"]
    };
    let mut args = with(
        &["case", "add", "--id", id, "--household", household],
        &[
            "--category",
            "unstable",
            "--source",
            "cadre_visit",
            "--lead-on",
            lead_on,
        ],
        extra,
    );
    args.extend(risk);
    ok(s, &args);
}

/// A case in good order: noticed 5 days, approved 15 days after its lead, measured, and
/// still open.
fn good_case(s: &TestStore, id: &str, household: &str) {
    case(
        s,
        id,
        household,
        "2025-03-01",
        &[
            "--notice-from",
            "2025-03-05",
            "--notice-to",
            "2025-03-09",
            "--approved-on",
            "2025-03-16",
            "--measure",
            "health:2025-03-20",
        ],
    );
}

/// The JSON report of `check` for one rule, also run in Chinese: the same findings, each
/// message without an English word.
// ------------------------------------------------------------------ commands

#[test]
fn the_life_of_a_case_one_command_a_step_each_in_the_journal() {
    let s = base();
    let id = ok(
        &s,
        &[
            "case",
            "add",
            "--household",
            "H1",
            "--category",
            "脱贫不稳定户",
            "--source",
            "农户自主申报",
            "--lead-on",
            "2025-03-02",
            "--risk",
            "因病",
            "--risk",
            "因务工就业不稳",
            "--income",
            "7800",
        ],
    );
    assert_eq!(id, "C000001\n");
    s.ok("case notice C000001 --from 2025-03-06 --to 2025-03-11");
    s.ok("case approve C000001 --on 2025-03-14");
    s.ok("case measure C000001 --measure 健康帮扶 --on 2025-03-20");
    s.ok("case eliminate C000001 --on 2025-10-30 --way 帮扶消除 --income 9100 --verified-by P1");
    let stored = &s.records("villages/V1/cases.jsonl")[0];
    assert_eq!(stored["category"], "unstable");
    assert_eq!(
        stored["risks"],
        serde_json::json!(["illness", "unstable_work"])
    );
    assert_eq!(
        stored["measures"],
        serde_json::json!([{"measure": "health", "on": "2025-03-20"}])
    );
    assert_eq!(stored["income_at_elimination_fen"], 910_000);
    assert_eq!(stored["elimination"], "assisted");
    let show = ok(&s, &["case", "show", "C000001"]);
    for line in [
        "2025-03-02  lead (self_report) for risks illness, unstable_work",
        "2025-03-06  public notice begins, until 2025-03-11 (6 days)",
        "2025-03-14  approved by the county, 12 days after the lead",
        "2025-03-20  measure: health",
        "2025-10-30  risk eliminated (assisted)",
    ] {
        assert!(show.contains(line), "{line} in {show}");
    }
    let zh = ok(&s, &["--lang", "zh", "case", "show", "C000001"]);
    assert!(zh.contains("2025-03-14  县级审定，距线索 12 天"), "{zh}");
    let log = ok(&s, &["log", "--id", "C000001"]);
    for change in [
        "eliminated_on: (none) → 2025-10-30",
        "measures: (none)",
        "approved_on: (none) → 2025-03-14",
        "notice_from: (none) → 2025-03-06",
        "add",
    ] {
        assert!(log.contains(change), "{change} in {log}");
    }
    s.ok("export cases")
        .stdout_has("health:2025-03-20")
        .stdout_has("illness;unstable_work");
}

#[test]
fn list_filters_open_category_village_and_replays_as_of() {
    let s = base();
    good_case(&s, "C1", "H1");
    case(&s, "C2", "H2", "2025-03-01", &["--category", "marginal"]);
    let listed = |args: &[&str]| s.listed("case", args);
    assert_eq!(listed(&[]), ["C1", "C2"]);
    assert_eq!(listed(&["--open", "--as-of", "2025-06-01"]), ["C1"]);
    assert_eq!(
        listed(&["--open", "--as-of", "2025-03-15"]),
        Vec::<String>::new()
    );
    assert_eq!(listed(&["--category", "边缘易致贫户"]), ["C2"]);
    assert_eq!(
        listed(&["--village", "V1", "--open", "--category", "unstable"]),
        ["C1"]
    );
    s.refuses("case list --category poorest", 3);
}

#[test]
fn write_time_rules_refuse_with_status_3_and_write_nothing() {
    let s = base();
    good_case(&s, "C1", "H1");
    case(&s, "C2", "H2", "2025-03-01", &[]);
    let before = s.snapshot();
    let refused: &[&[&str]] = &[
        // A second case of a household not eliminated.
        &[
            "case",
            "add",
            "--household",
            "H1",
            "--category",
            "sudden",
            "--source",
            "self_report",
            "--lead-on",
            "2025-05-01",
            "--risk",
            "accident",
        ],
        // No risk, six risks.
        &["case", "update", "C1", "--clear", "risks"],
        &[
            "case",
            "update",
            "C1",
            "--risk",
            "illness",
            "--risk",
            "disability",
            "--risk",
            "education",
            "--risk",
            "disaster",
            "--risk",
            "accident",
            "--risk",
            "water",
        ],
        // Dates out of order.
        &[
            "case",
            "notice",
            "C2",
            "--from",
            "2025-02-28",
            "--to",
            "2025-03-05",
        ],
        &[
            "case",
            "notice",
            "C2",
            "--from",
            "2025-03-05",
            "--to",
            "2025-03-04",
        ],
        &["case", "approve", "C2", "--on", "2025-02-28"],
        &["case", "approve", "C1", "--on", "2025-03-08"],
        &[
            "case",
            "measure",
            "C2",
            "--measure",
            "health",
            "--on",
            "2025-02-28",
        ],
        &[
            "case",
            "eliminate",
            "C1",
            "--on",
            "2025-03-15",
            "--way",
            "natural",
            "--income",
            "9000",
            "--verified-by",
            "P1",
        ],
        // Eliminating a pending case.
        &[
            "case",
            "eliminate",
            "C2",
            "--on",
            "2025-12-01",
            "--way",
            "natural",
            "--income",
            "9000",
            "--verified-by",
            "P1",
        ],
        // elimination exactly when eliminated_on.
        &["case", "update", "C1", "--elimination", "natural"],
        &["case", "update", "C1", "--eliminated-on", "2025-12-01"],
        // Unknown values and references.
        &[
            "case",
            "measure",
            "C1",
            "--measure",
            "cash",
            "--on",
            "2025-04-01",
        ],
        &["case", "update", "C1", "--measure", "health"],
        &["case", "update", "C1", "--contact", "P9"],
        &[
            "case",
            "add",
            "--household",
            "H9",
            "--category",
            "sudden",
            "--source",
            "self_report",
            "--lead-on",
            "2025-05-01",
            "--risk",
            "accident",
        ],
        &[
            "case",
            "eliminate",
            "C1",
            "--on",
            "2025-12-01",
            "--way",
            "natural",
            "--income",
            "9000",
            "--verified-by",
            "P9",
        ],
        // A household with a case is not removed.
        &["household", "remove", "H1"],
    ];
    for args in refused {
        s.rejects(args, 3);
        assert_eq!(s.snapshot(), before, "{args:?} wrote something");
    }
    s.refuses("case add --household H3", 2);
    s.refuses(
        "case eliminate C9 --on 2025-12-01 --way natural --income 1 --verified-by P1",
        3,
    )
    .stderr_has("C9");
    s.cmd(
        "--lang zh case eliminate C2 --on 2025-12-01 --way natural --income 9000 --verified-by P1",
    )
    .status(3)
    .stderr_has("尚未审定");
}

#[test]
fn undoing_an_elimination_reopens_the_case_and_a_returning_risk_gets_a_new_one() {
    let s = base();
    good_case(&s, "C1", "H1");
    s.ok("case eliminate C1 --on 2025-10-01 --way assisted --income 9000 --verified-by P1");
    // Eliminated: the household may get a new case.
    case(&s, "C2", "H1", "2025-11-01", &[]);
    s.ok("case remove C2");
    s.ok("case update C1 --clear eliminated_on");
    let c = &s.records("villages/V1/cases.jsonl")[0];
    for gone in [
        "eliminated_on",
        "elimination",
        "income_at_elimination_fen",
        "eliminated_verified_by",
    ] {
        assert!(c.get(gone).is_none(), "{gone} still in {c}");
    }
    s.refuses("case add --household H1 --category sudden --source self_report --lead-on 2025-12-01 --risk accident", 3);
    // `update --measure` replaces the list.
    s.ok("case update C1 --measure social_aid:2025-04-01 --measure employment:2025-05-01");
    let c = &s.records("villages/V1/cases.jsonl")[0];
    assert_eq!(c["measures"].as_array().unwrap().len(), 2);
}

#[test]
fn a_household_shows_its_cases_open_first_and_moves_with_them() {
    let s = base();
    case(
        &s,
        "C0",
        "H1",
        "2024-01-01",
        &[
            "--approved-on",
            "2024-01-10",
            "--eliminated-on",
            "2024-09-01",
            "--elimination",
            "natural",
            "--income-at-elimination",
            "9000",
        ],
    );
    good_case(&s, "C1", "H1");
    let show = ok(&s, &["household", "show", "H1"]);
    let (open, closed) = (show.find("C1 ").unwrap(), show.find("C0 ").unwrap());
    assert!(open < closed, "{show}");
    assert!(show.contains("cases 监测对象: 2"), "{show}");
    s.village("V2", "新村", "西秀区", "旧州镇");
    s.ok("household update H1 --village V2");
    assert_eq!(s.records("villages/V2/cases.jsonl").len(), 2);
    assert!(s.listed("case", &["--village", "V1"]).is_empty());
    // The write-time rule still holds in the new village.
    s.refuses("case add --household H1 --category sudden --source self_report --lead-on 2025-12-01 --risk accident", 3);
}

// ------------------------------------------------------------------ rules

#[test]
fn bf5xx_rules_run_only_from_monitoring_from() {
    let s = base();
    case(&s, "C1", "H1", "2020-03-01", &[]);
    assert!(found(&s, "BF502", "2020-12-31").is_empty());
    assert_eq!(found(&s, "BF502", "2021-01-01"), ["C1"]);
}

#[test]
fn bf500_a_year_without_a_monitoring_line_is_found_once_until_set() {
    let s = base();
    case(
        &s,
        "C1",
        "H1",
        "2023-01-01",
        &[
            "--approved-on",
            "2023-01-05",
            "--eliminated-on",
            "2023-08-01",
            "--elimination",
            "natural",
            "--income-at-elimination",
            "9000",
        ],
    );
    case(
        &s,
        "C2",
        "H2",
        "2023-01-01",
        &[
            "--approved-on",
            "2023-01-05",
            "--eliminated-on",
            "2023-09-01",
            "--elimination",
            "natural",
            "--income-at-elimination",
            "9000",
        ],
    );
    let r = report(&s, "BF500", "2025-12-31");
    assert_eq!(r["findings"][0]["id"], "2023");
    assert_eq!(r["findings"][0]["kind"], "policy");
    assert_eq!(r["findings"].as_array().unwrap().len(), 1);
    // BF509 skips the year meanwhile.
    assert!(found(&s, "BF509", "2025-12-31").is_empty());
    // In Chinese the finding's kind reads 政策, in CSV as in the table.
    let csv = s
        .ok("--lang zh --format csv check --as-of 2025-12-31 --rule BF500")
        .stdout();
    assert!(csv.contains(",政策,2023,"), "{csv}");
    // With BF509 off no rule needs the line; with it on again, it is asked for again.
    s.ok("policy set rules.BF509 off");
    assert!(found(&s, "BF500", "2025-12-31").is_empty());
    s.ok("policy set rules.BF509 warning");
    assert_eq!(found(&s, "BF500", "2025-12-31"), ["2023"]);
    s.ok("policy set monitoring_line_yuan.2023 6000");
    assert!(found(&s, "BF500", "2025-12-31").is_empty());
}

#[test]
fn bf501_an_exited_household_below_the_line_without_an_open_case() {
    let s = base();
    let exited = |id: &str, income: &str, extra: &[&str]| {
        let args = with(
            &[
                "household",
                "add",
                "--id",
                id,
                "--village",
                "V1",
                "--head",
                "赵四",
            ],
            &[
                "--size",
                "2",
                "--status",
                "exited",
                "--exited-on",
                "2019-12-01",
                "--income",
                income,
                "--income-year",
                "2025",
            ],
            extra,
        );
        ok(&s, &args);
    };
    exited("H10", "8699.99", &[]);
    exited("H11", "8700", &[]);
    // At the line, but 0.02 yuan per head of out-of-pocket spending takes it below.
    exited("H12", "8700.01", &["--out-of-pocket", "0.04"]);
    exited("H13", "8700.01", &["--out-of-pocket", "0.02"]);
    exited("H14", "5000", &[]);
    good_case(&s, "C1", "H14");
    exited("H15", "5000", &["--income-year", "2020"]);
    assert_eq!(found(&s, "BF501", "2025-12-31"), ["H10", "H12"]);
    // Before C1 is approved it is not open: H14 is found too.
    assert_eq!(found(&s, "BF501", "2025-03-10"), ["H10", "H12", "H14"]);
}

#[test]
fn bf502_approval_exactly_15_days_after_the_lead_passes() {
    let s = base();
    good_case(&s, "C1", "H1"); // 2025-03-01 → 2025-03-16
    case(
        &s,
        "C2",
        "H2",
        "2025-03-01",
        &["--approved-on", "2025-03-17"],
    );
    case(&s, "C3", "H3", "2025-03-01", &[]);
    assert_eq!(found(&s, "BF502", "2025-03-16"), Vec::<String>::new());
    assert_eq!(found(&s, "BF502", "2025-03-17"), ["C2", "C3"]);
    s.ok("policy set identification_max_days 16");
    assert!(found(&s, "BF502", "2025-03-17").is_empty());
}

#[test]
fn bf503_a_notice_of_exactly_5_days_passes() {
    let s = base();
    good_case(&s, "C1", "H1"); // 5 to 9 March: 5 days
    case(
        &s,
        "C2",
        "H2",
        "2025-03-01",
        &[
            "--notice-from",
            "2025-03-05",
            "--notice-to",
            "2025-03-08",
            "--approved-on",
            "2025-03-10",
        ],
    );
    case(
        &s,
        "C3",
        "H3",
        "2025-03-01",
        &["--approved-on", "2025-03-10"],
    );
    assert_eq!(found(&s, "BF503", "2025-04-01"), ["C2", "C3"]);
    // Not yet approved on the as-of date: not checked.
    assert!(found(&s, "BF503", "2025-03-09").is_empty());
}

#[test]
fn bf504_a_measure_is_due_30_days_after_approval_and_a_later_one_does_not_count_earlier() {
    let s = base();
    case(
        &s,
        "C1",
        "H1",
        "2025-03-01",
        &[
            "--approved-on",
            "2025-03-16",
            "--measure",
            "health:2025-05-01",
        ],
    );
    assert!(found(&s, "BF504", "2025-04-15").is_empty());
    assert_eq!(found(&s, "BF504", "2025-04-16"), ["C1"]);
    assert!(found(&s, "BF504", "2025-05-01").is_empty());
}

#[test]
fn bf505_a_risk_needs_one_of_its_fitting_measures() {
    let s = base();
    good_case(&s, "C1", "H1"); // illness, health
    case(
        &s,
        "C2",
        "H2",
        "2025-03-01",
        &[
            "--approved-on",
            "2025-03-10",
            "--risk",
            "water",
            "--measure",
            "health:2025-03-20",
        ],
    );
    case(
        &s,
        "C3",
        "H3",
        "2025-03-01",
        &[
            "--approved-on",
            "2025-03-10",
            "--risk",
            "illness",
            "--risk",
            "water",
            "--risk",
            "disaster",
            "--measure",
            "social_aid:2025-03-20",
            "--measure",
            "water:2025-04-20",
        ],
    );
    assert_eq!(found(&s, "BF505", "2025-04-01"), ["C2", "C3"]);
    assert_eq!(found(&s, "BF505", "2025-04-20"), ["C2"]);
    // A case without any measure is BF504's, not BF505's.
    assert!(found(&s, "BF505", "2025-03-15").is_empty());
}

#[test]
fn bf506_elimination_exactly_6_months_after_approval_passes() {
    let s = base();
    let eliminated = |id: &str, h: &str, approved: &str, on: &str| {
        case(
            &s,
            id,
            h,
            "2024-08-20",
            &[
                "--approved-on",
                approved,
                "--eliminated-on",
                on,
                "--elimination",
                "assisted",
                "--income-at-elimination",
                "9000",
            ],
        );
    };
    eliminated("C1", "H1", "2025-03-16", "2025-09-16");
    eliminated("C2", "H2", "2025-03-16", "2025-09-15");
    // From 31 August, six months is 28 February.
    eliminated("C3", "H3", "2024-08-31", "2025-02-28");
    assert_eq!(found(&s, "BF506", "2025-12-31"), ["C2"]);
}

#[test]
fn bf507_and_bf508_read_the_household_and_its_members_on_the_elimination_date() {
    let s = base();
    for h in ["H1", "H2"] {
        case(
            &s,
            &format!("C{h}"),
            h,
            "2024-01-01",
            &[
                "--approved-on",
                "2024-01-10",
                "--eliminated-on",
                "2024-09-01",
                "--elimination",
                "assisted",
                "--income-at-elimination",
                "9000",
            ],
        );
    }
    let member = |h: &str, name: &str, extra: &[&str]| {
        let mut args = vec![
            "member",
            "add",
            "--household",
            h,
            "--name",
            name,
            "--relation",
            "child",
        ];
        args.extend_from_slice(extra);
        ok(&s, &args);
    };
    // H1: a child of 15 on 31 August 2024 (born 1 September 2008), out of school, and a member who cannot work.
    member(
        "H1",
        "陈小",
        &[
            "--born-on",
            "2008-09-01",
            "--schooling",
            "not_in_school",
            "--labour",
            "none",
        ],
    );
    member(
        "H1",
        "陈老",
        &["--labour", "lost", "--medical-insurance", "resident"],
    );
    // H2: one weak labourer, insured.
    member(
        "H2",
        "李强",
        &["--labour", "weak", "--medical-insurance", "resident"],
    );
    assert_eq!(found(&s, "BF507", "2025-12-31"), ["CH1"]);
    assert_eq!(found(&s, "BF508", "2025-12-31"), ["CH1"]);
    // A day older and the child is past school age; with a weak labourer H1 is not BF508's.
    let s2 = base();
    case(
        &s2,
        "C1",
        "H1",
        "2024-01-01",
        &[
            "--approved-on",
            "2024-01-10",
            "--eliminated-on",
            "2024-09-01",
            "--elimination",
            "assisted",
            "--income-at-elimination",
            "9000",
        ],
    );
    s2.ok("member add --household H1 --name 陈小 --relation child --born-on 2008-08-31 --schooling not_in_school --labour weak");
    s2.ok("member add --household H1 --name 陈老 --relation parent --labour lost");
    assert!(found(&s2, "BF507", "2025-12-31").is_empty());
    assert!(found(&s2, "BF508", "2025-12-31").is_empty());
    // Unsafe water and an uninsured member are gaps too.
    s2.ok("household update H1 --water-safe false");
    assert_eq!(found(&s2, "BF507", "2025-12-31"), ["C1"]);
}

#[test]
fn bf509_income_at_elimination_exactly_at_the_line_passes() {
    let s = base();
    let eliminated = |id: &str, h: &str, income: &[&str]| {
        let mut extra = vec![
            "--approved-on",
            "2025-01-10",
            "--eliminated-on",
            "2025-08-01",
            "--elimination",
            "assisted",
        ];
        extra.extend_from_slice(income);
        case(&s, id, h, "2025-01-01", &extra);
    };
    eliminated("C1", "H1", &["--income-at-elimination", "8700"]);
    eliminated("C2", "H2", &["--income-at-elimination", "8699.99"]);
    eliminated("C3", "H3", &[]);
    assert_eq!(found(&s, "BF509", "2025-12-31"), ["C2", "C3"]);
    // Replayed before the elimination, nothing is eliminated yet.
    assert!(found(&s, "BF509", "2025-07-31").is_empty());
}

#[test]
fn rules_explains_the_three_guarantees() {
    let s = base();
    s.ok("rules BF507").stdout_has("compulsory education");
    s.ok("--lang zh rules BF507").stdout_has("义务教育");
}

// ------------------------------------------------------------------ reports

#[test]
fn the_notice_list_never_shows_id_numbers_phones_income_or_health_even_unmasked() {
    let s = base();
    let number = id_number("52040219800101001");
    ok(
        &s,
        &[
            "household",
            "update",
            "H1",
            "--id-number",
            &number,
            "--income",
            "7654.32",
        ],
    );
    ok(
        &s,
        &[
            "member",
            "add",
            "--household",
            "H1",
            "--name",
            "陈小",
            "--relation",
            "child",
            "--id-number",
            &number,
            "--health",
            "serious",
        ],
    );
    case(
        &s,
        "C1",
        "H1",
        "2025-03-01",
        &[
            "--notice-from",
            "2025-03-05",
            "--notice-to",
            "2025-03-09",
            "--income",
            "6543.21",
        ],
    );
    case(
        &s,
        "C2",
        "H2",
        "2025-03-01",
        &["--notice-from", "2025-03-10", "--notice-to", "2025-03-14"],
    );
    let unmasked = s
        .ok("--unmask export notice --village V1 --as-of 2025-03-09")
        .stdout();
    assert_eq!(
        unmasked,
        "village,household,head,size,category,lead_on,notice_from,notice_to\n\
         V1,H1,陈大山,3,unstable,2025-03-01,2025-03-05,2025-03-09\n"
    );
    for secret in [
        &number[..],
        &number[14..],
        "7654",
        "6543",
        "illness",
        "serious",
        "因病",
    ] {
        assert!(!unmasked.contains(secret), "{secret} in {unmasked}");
    }
    let json = s
        .ok("--unmask --format json export notice --village V1 --as-of 2025-03-10")
        .stdout();
    assert!(json.contains("H2") && !json.contains("H1") && !json.contains(&number[..6]));
    s.ok("--lang zh export notice --village V1 --as-of 2025-03-10")
        .stdout_has("村,户编号,户主,人口数,监测对象类别,线索日期,公示开始,公示结束")
        .stdout_has("脱贫不稳定户");
    let dir = crate::common::scratch();
    let xlsx = dir.path().join("notice.xlsx");
    s.run(&[
        "--unmask",
        "export",
        "notice",
        "--village",
        "V1",
        "--as-of",
        "2025-03-09",
        "-o",
        xlsx.to_str().unwrap(),
    ])
    .success();
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 0);
    s.refuses("export notice", 2);
    s.refuses("export summary --village V1", 2);
    s.refuses("export notice --village V9", 3);
}

#[test]
fn the_monitoring_report_has_a_row_per_village_with_a_case() {
    let s = base();
    s.village("V2", "新村", "西秀区", "旧州镇");
    good_case(&s, "C1", "H1");
    case(&s, "C2", "H2", "2025-03-01", &["--category", "sudden"]);
    case(
        &s,
        "C3",
        "H3",
        "2024-01-01",
        &[
            "--approved-on",
            "2024-01-10",
            "--eliminated-on",
            "2025-02-01",
            "--elimination",
            "natural",
            "--income-at-elimination",
            "9000",
        ],
    );
    s.ok("export monitoring --as-of 2025-12-31")
        .stdout_is(
            "county,township,village,name,open_unstable,open_marginal,open_sudden,pending,opened,eliminated,identification_overdue,without_measure\n\
             西秀区,旧州镇,V1,大坪村,1,0,0,1,1,1,1,0\n",
        );
    s.ok("export monitoring --as-of 2025-12-31 --village V2")
        .stdout_is("county,township,village,name,open_unstable,open_marginal,open_sudden,pending,opened,eliminated,identification_overdue,without_measure\n");
}

#[test]
fn stats_counts_open_cases_by_category_and_risk() {
    let s = base();
    good_case(&s, "C1", "H1");
    case(&s, "C2", "H2", "2025-03-01", &[]);
    let stats = s.ok("--format json stats").json();
    assert_eq!(stats["cases"]["open"], 1);
    assert_eq!(stats["cases"]["pending"], 1);
    assert_eq!(stats["cases"]["open_by_category"]["unstable"], 1);
    assert_eq!(stats["cases"]["open_by_risk"]["illness"], 1);
    s.ok("stats").stdout_has("cases open 监测中的监测对象");
}

#[test]
fn cases_round_trip_through_export_all_and_import_all() {
    let s = base();
    good_case(&s, "C1", "H1");
    let dir = crate::common::scratch();
    let out = dir.path().join("all");
    ok(&s, &["export", "all", "-o", out.to_str().unwrap()]);
    let t = TestStore::new();
    t.run(&["import", "all", out.to_str().unwrap()])
        .success()
        .stdout_has("1 case,");
    assert_eq!(
        t.read("villages/V1/cases.jsonl"),
        s.read("villages/V1/cases.jsonl")
    );
}

#[test]
fn bf901_a_hand_edited_case_of_an_unknown_household_is_reported() {
    use std::io::Write;
    let s = base();
    good_case(&s, "C1", "H1");
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(s.file("villages/V1/cases.jsonl"))
        .unwrap();
    writeln!(
        f,
        r#"{{"id":"C2","household":"H9","category":"sudden","source":"self_report","lead_on":"2025-03-01","risks":["accident"],"measures":[],"contact":"P8"}}"#
    )
    .unwrap();
    let r = report(&s, "BF901", "2025-04-01");
    assert_eq!(r["findings"].as_array().unwrap().len(), 1);
    assert_eq!(r["findings"][0]["id"], "C2");
    assert_eq!(
        r["findings"][0]["message"],
        "case C2 refers to records that do not exist: household H9 (household), person P8 (contact)"
    );
}

#[test]
fn import_keeps_one_case_not_eliminated_per_household_against_the_store_and_the_file() {
    let s = base();
    case(&s, "C1", "H1", "2025-03-02", &[]);
    let header = s.ok("export cases").stdout();
    let header = header.lines().next().unwrap().to_string();
    let row = |id: &str, household: &str| {
        let cells: Vec<String> = header
            .split(',')
            .map(|c| {
                match c {
                    "id" => id,
                    "household" => household,
                    "category" => "unstable",
                    "source" => "self_report",
                    "lead_on" => "2025-04-01",
                    "risks" => "illness",
                    _ => "",
                }
                .to_string()
            })
            .collect();
        cells.join(",")
    };
    let dir = crate::common::scratch();
    let file = dir.path().join("cases.csv");
    let text = format!(
        "{header}\n{}\n{}\n{}\n",
        row("C7", "H1"),
        row("C8", "H2"),
        row("C9", "H2")
    );
    std::fs::write(&file, text).unwrap();
    let run = s.refuses(&format!("import cases {}", file.display()), 3);
    let err = run.stderr();
    assert!(err.contains(":2: household: "), "{err}");
    assert!(err.contains(":4: household: "), "{err}");
    assert!(!err.contains(":3: "), "{err}");
    // Boundary: one case for a household with none imports.
    std::fs::write(&file, format!("{header}\n{}\n", row("C8", "H2"))).unwrap();
    s.ok(&format!("import cases {}", file.display()));
}

/// An error names the flags the user typed: `case approve --on`, `case notice --from/--to`,
/// `case eliminate --way/--verified-by`, `--risk`, `household exit --verified-by`, `team
/// join --person`, in both languages; a flag that only starts the same stays as it is.
#[test]
fn errors_name_the_flags_of_the_command_typed() {
    let s = base();
    case(&s, "C1", "H1", "2025-03-01", &[]);
    s.refuses("case approve C1 --on 2025-02-01", 3)
        .stderr_has("case C1: --on 2025-02-01 is before")
        .stderr_lacks("--approved-on");
    s.refuses("--lang zh case approve C1 --on 2025-02-01", 3)
        .stderr_has("监测对象 C1：--on 2025-02-01 早于");
    s.refuses("case notice C1 --from 2025-03-09 --to 2025-03-05", 3)
        .stderr_has("--to 2025-03-05")
        .stderr_lacks("--notice-");
    s.ok("case approve C1 --on 2025-03-10");
    s.refuses(
        "case eliminate C1 --on 2025-10-01 --way maybe --income 9000 --verified-by P1",
        3,
    )
    .stderr_has("--way maybe")
    .stderr_lacks("--elimination");
    s.refuses(
        "case eliminate C1 --on 2025-10-01 --way natural --income 9000 --verified-by P9",
        3,
    )
    .stderr_has("--verified-by P9")
    .stderr_lacks("--eliminated-verified-by");
    let six = "--risk illness --risk disability --risk education --risk disaster --risk accident --risk business";
    s.refuses(&format!("case add --household H2 --category unstable --source cadre_visit --lead-on 2025-03-01 {six}"), 3)
        .stderr_has("--risk ")
        .stderr_lacks("--risks");
    s.refuses(
        "household exit H3 --on 2025-01-01 --income 9000 --verified-by P9",
        3,
    )
    .stderr_has("--verified-by P9")
    .stderr_lacks("--exit-verified-by");
    s.ok("team add --id T1 --village V1 --unit 省交通运输厅 --leader P1 --member P1 --dispatched-on 2024-01-01");
    s.refuses("team join T1 --person P9 --on 2024-06-01", 3)
        .stderr_has("--person P9")
        .stderr_lacks("--member");
    // The boundary: `update` sets the field by its own flag, and says so.
    s.refuses("case update C1 --approved-on 2025-02-01", 3)
        .stderr_has("--approved-on 2025-02-01");
}

#[test]
fn refusals_of_a_case_speak_of_监测对象_and_审定_in_chinese() {
    let s = base();
    case(&s, "C2", "H2", "2025-03-01", &[]);
    let said = s
        .refuses(
            "--lang zh case update C2 --eliminated-on 2025-12-01 --elimination natural",
            3,
        )
        .stderr();
    assert!(
        said.contains("填在了尚未审定的监测对象上；须先审定（case approve），再消除风险"),
        "{said}"
    );
    assert!(!said.contains("案件") && !said.contains("审批"), "{said}");
}

#[test]
fn a_case_step_refused_names_the_flag_the_clerk_typed() {
    let s = base();
    good_case(&s, "C1", "H1");
    let before = s.snapshot();
    s.refuses("case measure C1 --measure health --on 2025-02-28", 3)
        .stderr_is("bangfu: error: case C1: --on 2025-02-28 is before the lead on 2025-03-01; expected a date on or after it\n");
    s.refuses(
        "--lang zh case measure C1 --measure health --on 2025-02-30",
        3,
    )
    .stderr_is("bangfu: error: 监测对象 C1：--on 2025-02-30 不是有效的日期；应为 YYYY-MM-DD\n");
    // A notice ending after the approval is said of `--to`, the date this command sets.
    s.refuses("case notice C1 --from 2025-03-05 --to 2025-03-17", 3)
        .stderr_is("bangfu: error: case C1: --to 2025-03-17 is after the approval on 2025-03-16; expected a date on or before it\n");
    s.refuses("--lang zh case notice C1 --from 2025-03-05 --to 2025-03-17", 3)
        .stderr_is("bangfu: error: 监测对象 C1：--to 2025-03-17 晚于审定日期 2025-03-16；应为当天或之前的日期\n");
    // A case without a risk is told what is missing, as any other required flag (status 2).
    s.refuses(
        "case add --household H2 --category unstable --source cadre_visit --lead-on 2025-03-01",
        2,
    )
    .stderr_is("bangfu: error: case add needs --risk\n");
    // An elimination date without its way names no value for the way.
    s.refuses("case update C1 --eliminated-on 2025-12-01", 3)
        .stderr_is("bangfu: error: case C1: --elimination is missing; an elimination date needs --elimination assisted or natural\n");
    assert_eq!(s.snapshot(), before);
    // The boundaries: a measure on the lead day, a notice ending on the approval day.
    s.ok("case measure C1 --measure health --on 2025-03-01");
    s.ok("case notice C1 --from 2025-03-05 --to 2025-03-16");
}
