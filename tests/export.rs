//! `bangfu export`: every report, CSV safety, masking, Chinese headers, JSON and workbooks.

use crate::common::{self, TestStore};

/// A store with every kind of record and every field: Chinese text, officials, relations
/// with and without a filing date, lists, money, dates, phones with `+` and spaces, and text
/// that a spreadsheet would take for a formula.
pub fn full_store() -> TestStore {
    let s = TestStore::new();
    let run = |args: &[&str]| {
        s.run(args).success();
    };
    run(&[
        "village",
        "add",
        "--id",
        "V1",
        "--name",
        "大坪村",
        "--province",
        "贵州省",
        "--county",
        "西秀区",
        "--township",
        "旧州镇",
        "--region",
        "中部",
        "--population",
        "1200",
    ]);
    run(&[
        "village",
        "add",
        "--id",
        "V2",
        "--name",
        "小河村",
        "--county",
        "西秀区",
        "--township",
        "七眼桥镇",
        "--status",
        "exited",
        "--exited-on",
        "2019-12-01",
    ]);
    run(&[
        "person",
        "add",
        "--id",
        "P1",
        "--name",
        "王芳",
        "--id-number",
        "520402198001011231",
        "--unit",
        "省交通运输厅",
        "--level",
        "province",
        "--phone",
        "+86 138-1234-5678",
    ]);
    run(&[
        "person",
        "add",
        "--id",
        "P2",
        "--name",
        "李明",
        "--unit",
        "=HYPERLINK(\"x\")",
        "--level",
        "市",
    ]);
    run(&[
        "person",
        "add",
        "--id",
        "P3",
        "--name",
        "张伟",
        "--phone",
        "0851-3322 1100",
    ]);
    run(&[
        "person",
        "add",
        "--id",
        "P4",
        "--name",
        "陈支书",
        "--home-village",
        "V1",
        "--level",
        "village",
        "--id-number",
        "520402197512314563",
    ]);
    run(&[
        "person",
        "add",
        "--id",
        "P5",
        "--name",
        "刘主任",
        "--home-village",
        "V1",
    ]);
    run(&[
        "village",
        "official",
        "V1",
        "--person",
        "P4",
        "--role",
        "村支书",
    ]);
    run(&[
        "village", "official", "V1", "--person", "P5", "--role", "director",
    ]);
    run(&[
        "team",
        "add",
        "--id",
        "T1",
        "--village",
        "V1",
        "--unit",
        "省交通运输厅",
        "--leader",
        "P1",
        "--member",
        "P1",
        "--member",
        "P2",
        "--member",
        "P3",
        "--dispatched-on",
        "2014-03-01",
        "--term-end",
        "2016-03-01",
    ]);
    run(&[
        "team",
        "add",
        "--id",
        "T2",
        "--village",
        "V1",
        "--unit",
        "市农业局",
        "--leader",
        "P2",
        "--member",
        "P2",
        "--member",
        "P3",
        "--dispatched-on",
        "2016-03-02",
    ]);
    run(&["team", "recall", "T2", "--on", "2017-01-01"]);
    run(&[
        "household",
        "add",
        "--id",
        "H1",
        "--village",
        "V1",
        "--head",
        "陈大山",
        "--id-number",
        "522526199006150014",
        "--size",
        "4",
        "--category",
        "低保贫困户",
        "--cause",
        "illness",
        "--cause",
        "缺技术",
        "--measure",
        "industry",
        "--measure",
        "健康扶贫",
        "--income",
        "2100.5",
        "--identified-on",
        "2014-05-01",
        "--helper",
        "P1",
    ]);
    run(&[
        "household",
        "relate",
        "H1",
        "--person",
        "P4",
        "--relation",
        "spouse",
        "--filed-on",
        "2019-05-01",
    ]);
    run(&[
        "household",
        "relate",
        "H1",
        "--person",
        "P5",
        "--relation",
        "兄弟姐妹",
    ]);
    run(&[
        "household",
        "add",
        "--id",
        "H2",
        "--village",
        "V2",
        "--head",
        "赵小花",
        "--size",
        "2",
        "--helper",
        "P3",
        "--identified-on",
        "2014-05-02",
    ]);
    run(&[
        "household",
        "exit",
        "H2",
        "--on",
        "2019-10-01",
        "--income",
        "4100",
        "--verified-by",
        "P2",
    ]);
    run(&[
        "household",
        "add",
        "--id",
        "H3",
        "--village",
        "V1",
        "--head",
        "孙老汉",
        "--size",
        "1",
        "--status",
        "returned",
    ]);
    run(&[
        "allocation",
        "add",
        "--id",
        "A1",
        "--village",
        "V1",
        "--household",
        "H1",
        "--kind",
        "funds",
        "--amount",
        "1500",
        "--date",
        "2015-03-01",
        "--source",
        "扶贫专项资金",
        "--purpose",
        "=SUM(A1:A3)",
        "--approved-by",
        "P1",
        "--approved-by",
        "P4",
    ]);
    run(&[
        "allocation",
        "add",
        "--id",
        "A2",
        "--village",
        "V1",
        "--kind",
        "项目",
        "--amount",
        "250000.75",
        "--date",
        "2019-01-01",
        "--approved-by",
        "P2",
        "--approved-by",
        "P5",
    ]);
    run(&[
        "plan",
        "add",
        "--id",
        "L1",
        "--village",
        "V1",
        "--team",
        "T1",
        "--category",
        "infrastructure",
        "--title",
        "+1 通组公路",
        "--budget",
        "300000",
        "--status",
        "实施中",
        "--due",
        "2020-12-31",
    ]);
    run(&[
        "plan",
        "add",
        "--id",
        "L2",
        "--village",
        "V2",
        "--category",
        "culture",
        "--title",
        "文化广场",
    ]);
    s
}

const VILLAGES: &str = "\
id,name,province,county,township,region,status,exited_on,population,officials,types
V1,大坪村,贵州省,西秀区,旧州镇,central,poor,,1200,P4:party_secretary;P5:director,
V2,小河村,,西秀区,七眼桥镇,west,exited,2019-12-01,,,
";

const PEOPLE: &str = "\
id,name,id_number,unit,level,home_village,phone
P1,王芳,520402********1231,省交通运输厅,province,,'+** ***-****-5678
P2,李明,,\"'=HYPERLINK(\"\"x\"\")\",city,,
P3,张伟,,,,,****-**** 1100
P4,陈支书,520402********4563,,village,V1,
P5,刘主任,,,,V1,
";

const TEAMS: &str = "\
id,village,unit,leader,members,dispatched_on,term_end,recalled_on,member_terms
T1,V1,省交通运输厅,P1,P1;P2;P3,2014-03-01,2016-03-01,,
T2,V1,市农业局,P2,P2;P3,2016-03-02,,2017-01-01,
";

const HOUSEHOLDS: &str = "\
id,village,head,id_number,size,status,category,causes,measures,income_per_capita,identified_on,exited_on,exit_verified_by,helper,relations,housing,water_safe,income_year,wage_income,business_income,business_cost,property_income,transfer_income,out_of_pocket
H1,V1,陈大山,522526********0014,4,poor,dibao,illness;lack_of_skills,industry;health,2100.50,2014-05-01,,,P1,P4:spouse:2019-05-01;P5:sibling,,,,,,,,,
H2,V2,赵小花,,2,exited,,,,4100.00,2014-05-02,2019-10-01,P2,P3,,,,2019,,,,,,
H3,V1,孙老汉,,1,returned,,,,,,,,,,,,,,,,,,
";

const ALLOCATIONS: &str = "\
id,village,household,kind,amount,date,source,purpose,approved_by
A1,V1,H1,funds,1500.00,2015-03-01,扶贫专项资金,'=SUM(A1:A3),P1;P4
A2,V1,,project,250000.75,2019-01-01,,,P2;P5
";

const PLANS: &str = "\
id,village,team,category,title,budget,status,due
L1,V1,T1,infrastructure,'+1 通组公路,300000.00,in_progress,2020-12-31
L2,V2,,culture,文化广场,,planned,
";

#[test]
fn record_reports_have_one_row_per_record_sorted_by_id_across_villages() {
    let s = full_store();
    for (report, expected) in [
        ("villages", VILLAGES),
        ("people", PEOPLE),
        ("teams", TEAMS),
        ("households", HOUSEHOLDS),
        ("allocations", ALLOCATIONS),
        ("plans", PLANS),
    ] {
        s.run(&["export", report]).success().stdout_is(expected);
    }
}

#[test]
fn record_reports_keep_id_order_when_ids_do_not_follow_villages() {
    let s = full_store();
    // H0 lives in V2, before H1 of V1: the rows must still come out by id.
    s.household("H0", "V2", "钱一");
    let out = s.ok("export households").stdout();
    let ids: Vec<&str> = out.lines().skip(1).map(|l| &l[..2]).collect();
    assert_eq!(ids, ["H0", "H1", "H2", "H3"]);
}

#[test]
fn coverage_has_one_row_per_village_as_of_a_date() {
    let s = full_store();
    s.ok("export coverage --as-of 2015-06-01")
        .stdout_is(
            "county,township,village,village_name,status,active_team,leader,members,households_needing_help,with_helper,helper_coverage_percent,allocations_total,errors,warnings\n\
             西秀区,七眼桥镇,V2,小河村,exited,,,0,0,0,,0.00,2,0\n\
             西秀区,旧州镇,V1,大坪村,poor,T1,王芳,3,2,1,50.0,1500.00,2,3\n",
        );
    // A year later T1 and T2 have both gone; the 2019 project is still in the future.
    s.ok("export coverage --as-of 2018-01-01")
        .stdout_has("西秀区,旧州镇,V1,大坪村,poor,,,0,2,1,50.0,1500.00,3,3\n");
}

#[test]
fn summary_rolls_coverage_up_per_township_and_county_with_a_total() {
    let s = full_store();
    s.village("V3", "龙井村", "普定县", "马官镇");
    s.ok("export summary --as-of 2019-06-01")
        .stdout_is(
            "county,township,villages,poor_villages,villages_with_active_team,team_members,households_needing_help,with_helper,helper_coverage_percent,allocations_total,errors,warnings\n\
             普定县,马官镇,1,1,0,0,0,0,,0.00,1,0\n\
             普定县,total,1,1,0,0,0,0,,0.00,1,0\n\
             西秀区,七眼桥镇,1,0,0,0,0,0,,0.00,2,0\n\
             西秀区,旧州镇,1,1,0,0,2,1,50.0,251500.75,3,3\n\
             西秀区,total,2,1,0,0,2,1,50.0,251500.75,5,3\n\
             total,,3,2,0,0,2,1,50.0,251500.75,6,3\n",
        );
    s.ok("--lang zh export summary --as-of 2019-06-01")
        .stdout_has("\n西秀区,合计,2,")
        .stdout_has("\n合计,,3,2,");
}

#[test]
fn findings_report_has_the_finding_columns() {
    let s = full_store();
    s.ok("export findings --as-of 2015-06-01")
        .stdout_has("code,rule,severity,village,kind,id,message\n");
    s.ok("export findings --headers zh")
        .stdout_has("代码,规则,严重程度,村,类型,编号,说明\n");
}

#[test]
fn bom_starts_the_csv_only_when_asked() {
    let s = full_store();
    let with = s.ok("export villages --bom");
    assert!(with.output.stdout.starts_with(b"\xEF\xBB\xBFid,name,"));
    let without = s.ok("export villages");
    assert!(without.output.stdout.starts_with(b"id,name,"));
}

#[test]
fn text_that_looks_like_a_formula_is_neutralised() {
    let s = full_store();
    s.ok("person add --id P6 --name @SUM(1) --unit=-1");
    s.ok("person add --id P7 --name 王=芳 --unit a+b");
    s.ok("export people")
        .stdout_has("\nP6,'@SUM(1),,'-1,,,\n")
        .stdout_has("\nP7,王=芳,,a+b,,,\n");
}

#[test]
fn id_numbers_and_phones_are_masked_unless_unmask() {
    let s = full_store();
    s.ok("export people")
        .stdout_lacks("520402198001011231")
        .stdout_lacks("1234-5678");
    s.ok("--unmask export people")
        .stdout_has("P1,王芳,520402198001011231,省交通运输厅,province,,'+86 138-1234-5678\n")
        .stdout_has("P3,张伟,,,,,0851-3322 1100\n");
    s.ok("--unmask export households")
        .stdout_has("H1,V1,陈大山,522526199006150014,");
}

#[test]
fn chinese_headers_name_the_columns() {
    let s = full_store();
    s.ok("export households --headers zh")
        .stdout_has("户编号,村,户主,户主身份证号,人口数,状态,贫困户属性,致贫原因,帮扶措施,人均纯收入,识别日期,脱贫日期,脱贫核验人,帮扶责任人,亲属关系,住房安全等级,饮水安全,收入年度,工资性收入,生产经营性收入,生产经营性支出,财产性收入,转移性收入,合规自付支出\nH1,V1,");
    s.ok("export coverage --headers zh")
        .stdout_has("县,乡镇,村编号,村名,");
}

#[test]
fn json_export_keeps_numbers_as_numbers() {
    let s = full_store();
    let rows = s.ok("--format json export households").json();
    assert_eq!(rows.as_array().unwrap().len(), 3);
    let h1 = &rows[0];
    assert_eq!(h1["id"], "H1");
    assert_eq!(h1["size"], 4);
    assert_eq!(h1["income_per_capita"], 2100.5);
    assert_eq!(h1["identified_on"], "2014-05-01");
    assert_eq!(h1["id_number"], "522526********0014");
    assert_eq!(h1["causes"], "illness;lack_of_skills");
    assert!(h1["exited_on"].is_null());
    let zh = s
        .ok("--format json export coverage --headers zh --as-of 2015-06-01")
        .json();
    assert_eq!(zh[1]["帮扶责任人覆盖率(%)"], 50.0);
    assert_eq!(zh[1]["扶贫资源合计(元)"], 1500.0);
}

#[test]
fn month_belongs_to_the_attendance_report_alone() {
    let s = full_store();
    for report in [
        "notice --village V1",
        "coverage",
        "monitoring",
        "households",
    ] {
        s.refuses(&format!("export {report} --month 2016-01"), 2)
            .stderr_is("bangfu: error: --month belongs to the attendance report alone\n");
    }
    s.refuses("--lang zh export notice --village V1 --month 2016-01", 2)
        .stderr_is("bangfu: error: --month 只用于考勤报表 attendance\n");
    s.ok("export attendance --month 2016-01");
    // A month keeps to the span of every date, 1900 to 2100.
    s.refuses("export attendance --month 1899-12", 3).stderr_is(
        "bangfu: error: --month 1899-12 is out of range; expected a month from 1900-01 to 2100-12\n",
    );
    s.ok("export attendance --month 1900-01");
    s.ok("export attendance --month 2100-12");
    s.refuses("export attendance --month 2101-01", 3);
}

/// `-o` writes the format its name's extension names, whatever `--format` says.
#[test]
fn the_extension_of_o_names_the_format_over_format() {
    let s = full_store();
    let tmp = common::scratch();
    let csv = tmp.path().join("c.csv");
    let json = tmp.path().join("c.json");
    s.run(&[
        "--format",
        "json",
        "export",
        "coverage",
        "-o",
        csv.to_str().unwrap(),
    ])
    .success();
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("county,township,village,"), "{text}");
    s.run(&[
        "--format",
        "csv",
        "export",
        "coverage",
        "-o",
        json.to_str().unwrap(),
    ])
    .success();
    let text = std::fs::read_to_string(&json).unwrap();
    assert!(
        serde_json::from_str::<serde_json::Value>(&text).is_ok(),
        "{text}"
    );
    // A directory's files are CSV, as their names say, and import back.
    let dir = tmp.path().join("all");
    s.run(&[
        "--unmask",
        "--format",
        "json",
        "export",
        "all",
        "-o",
        dir.to_str().unwrap(),
    ])
    .success();
    let villages = std::fs::read_to_string(dir.join("villages.csv")).unwrap();
    assert!(villages.starts_with("id,name,"), "{villages}");
    TestStore::new()
        .run(&["import", "all", dir.to_str().unwrap()])
        .success();
    // On standard output `--format` decides.
    let out = s.ok("--format json export coverage").stdout();
    assert!(out.starts_with('['), "{out}");
}

/// `-o FILE.json` is JSON as `--format json` is: English keys and values in any language,
/// Chinese ones when `--headers zh` asks.
#[test]
fn a_json_file_keeps_english_keys_as_format_json_does() {
    let s = full_store();
    let tmp = common::scratch();
    let out = tmp.path().join("h.json");
    let path = out.to_str().unwrap();
    let read = || -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap()
    };
    s.run(&["--lang", "zh", "export", "households", "-o", path])
        .success();
    let stdout = s.ok("--lang zh --format json export households").stdout();
    assert_eq!(
        read(),
        serde_json::from_str::<serde_json::Value>(&stdout).unwrap()
    );
    assert_eq!(read()[0]["status"], "poor");
    s.run(&[
        "--lang",
        "zh",
        "export",
        "households",
        "-o",
        path,
        "--headers",
        "zh",
    ])
    .success();
    assert_eq!(read()[0]["状态"], "未脱贫");
}

#[test]
fn output_file_gets_the_report_and_stdout_stays_empty() {
    let s = full_store();
    let tmp = common::scratch();
    let out = tmp.path().join("out.csv");
    s.run(&["export", "plans", "-o", out.to_str().unwrap()])
        .success()
        .stdout_is("");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), PLANS);
}

#[test]
fn export_all_writes_one_file_per_kind() {
    let s = full_store();
    let tmp = common::scratch();
    let dir = tmp.path().join("export");
    s.run(&["export", "all", "-o", dir.to_str().unwrap()])
        .success();
    for (kind, expected) in [
        ("villages", VILLAGES),
        ("people", PEOPLE),
        ("teams", TEAMS),
        ("households", HOUSEHOLDS),
        ("allocations", ALLOCATIONS),
        ("plans", PLANS),
    ] {
        let text = std::fs::read_to_string(dir.join(format!("{kind}.csv"))).unwrap();
        assert_eq!(text, expected, "{kind}.csv");
    }
    s.cmd("export all").status(2).stderr_has("-o DIR");
}

#[test]
fn a_workbook_has_text_ids_date_cells_and_money_numbers() {
    use calamine::{Data, Reader, Xlsx, open_workbook};

    let s = full_store();
    let tmp = common::scratch();
    let path = tmp.path().join("households.xlsx");
    s.run(&[
        "--unmask",
        "export",
        "households",
        "-o",
        path.to_str().unwrap(),
    ])
    .success()
    .stdout_is("");
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["households"]);
    let range = book.worksheet_range("households").unwrap();
    let cell = |row: u32, col: u32| range.get_value((row, col)).cloned().unwrap();
    assert_eq!(cell(0, 0), Data::String("id".into()));
    assert_eq!(cell(0, 3), Data::String("id_number".into()));
    // H1: the ID number stays text, the size and income are numbers, the date a date.
    assert_eq!(cell(1, 3), Data::String("522526199006150014".into()));
    assert_eq!(cell(1, 4), Data::Float(4.0));
    assert_eq!(cell(1, 9), Data::Float(2100.5));
    match cell(1, 10) {
        Data::DateTime(d) => {
            assert!(d.is_datetime());
            assert!(
                (d.as_f64() - 41760.0).abs() < 1e-9,
                "2014-05-01 is Excel day 41760"
            );
        }
        other => panic!("identified_on is {other:?}, expected a date"),
    }
    assert_eq!(
        cell(1, 14),
        Data::String("P4:spouse:2019-05-01;P5:sibling".into())
    );
    // A workbook has no formula injection to fear: text is written as text, unprefixed.
    let people = tmp.path().join("people.xlsx");
    s.run(&["export", "people", "-o", people.to_str().unwrap()])
        .success();
    let mut book: Xlsx<_> = open_workbook(&people).unwrap();
    let range = book.worksheet_range("people").unwrap();
    assert_eq!(
        range.get_value((1, 2)),
        Some(&Data::String("520402********1231".into()))
    );
    assert_eq!(
        range.get_value((1, 6)),
        Some(&Data::String("+** ***-****-5678".into()))
    );
    assert_eq!(
        range.get_value((2, 3)),
        Some(&Data::String("=HYPERLINK(\"x\")".into()))
    );
}

#[test]
fn bad_export_arguments_are_rejected() {
    let s = full_store();
    // clap knows the reports, from the one list `export` reads.
    s.refuses("export cows", 2).stderr_is(
        "bangfu: error: invalid value 'cows' for '<REPORT>'\n  [possible values: people, \
         villages, teams, households, allocations, plans, members, cases, attendance, leaves, \
         assessments, findings, coverage, summary, notice, monitoring, all]\n\n\
         For more information, try '--help'.\n",
    );
    s.ok("export --help")
        .stdout_has("[possible values: people, villages, teams, households,");
    s.ok("completions bash")
        .stdout_has("findings coverage summary notice monitoring all");
    // A report name is whole: no plural-less or padded form.
    s.refuses("export household", 2);
    s.refuses("export \" households\"", 2);
    s.refuses("export villages --headers fr", 2)
        .stderr_has("bangfu: error: invalid value 'fr' for '--headers <HEADERS>'");
    s.refuses("export coverage --as-of 2015-13-01", 3)
        .stderr_is("bangfu: error: --as-of 2015-13-01 is not a valid date; expected YYYY-MM-DD\n");
}

/// The cells of one CSV line.
fn cells(line: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(line.as_bytes());
    let record = reader.records().next().unwrap().unwrap();
    record.iter().map(str::to_string).collect()
}

/// SPEC 7: `--village` narrows the record reports, findings and coverage. Each narrowed
/// report is the whole report's header and, in the same order, the rows of the village: its
/// own row, the people whose home village it is, the records kept in it, the members of its
/// households.
#[test]
fn village_narrows_record_reports_findings_and_coverage_to_the_villages_rows() {
    let s = full_store();
    s.ok("member add --household H1 --name 陈小妹 --relation child");
    s.ok("member add --household H2 --name 赵大哥 --relation spouse");
    let rows_of = |text: &str, column: &str, values: &[&str]| -> Vec<String> {
        let mut lines = text.lines();
        let header = lines.next().unwrap();
        let at = cells(header)
            .iter()
            .position(|c| c == column)
            .unwrap_or_else(|| panic!("no column {column} in {header}"));
        std::iter::once(header)
            .chain(lines.filter(|l| values.contains(&cells(l)[at].as_str())))
            .map(str::to_string)
            .collect()
    };
    let reports: [(&str, &str, &[&str]); 8] = [
        ("villages", "id", &["V1"]),
        ("people", "home_village", &["V1"]),
        ("teams", "village", &["V1"]),
        ("households", "village", &["V1"]),
        ("allocations", "village", &["V1"]),
        ("plans", "village", &["V1"]),
        ("members", "household", &["H1", "H3"]),
        ("coverage", "village", &["V1"]),
    ];
    let mut fewer = 0;
    for (report, column, values) in reports {
        let whole = s
            .ok(&format!("export {report} --as-of 2020-01-01"))
            .stdout();
        let narrowed = s
            .ok(&format!("export {report} --village V1 --as-of 2020-01-01"))
            .stdout();
        let expected = rows_of(&whole, column, values);
        assert_eq!(narrowed.lines().collect::<Vec<_>>(), expected, "{report}");
        assert!(expected.len() > 1, "{report} has rows of V1");
        fewer += usize::from(expected.len() < whole.lines().count());
    }
    assert_eq!(fewer, 6, "V2's rows were left out of six reports");
    // The findings, as `check --village` finds them.
    let whole = s.ok("export findings --as-of 2020-01-01").stdout();
    let narrowed = s
        .ok("export findings --village V1 --as-of 2020-01-01")
        .stdout();
    let checked = s
        .ok("--format csv check --village V1 --as-of 2020-01-01 --fail-on never")
        .stdout();
    let ids = |text: &str| -> Vec<(String, String)> {
        let rows = text.lines().skip(1).map(cells);
        rows.map(|r| (r[0].clone(), r[5].clone())).collect()
    };
    assert!(!ids(&narrowed).is_empty());
    assert_eq!(ids(&narrowed), ids(&checked));
    // Every row of V1 in the whole report, and only rows of the whole report.
    for row in rows_of(&whole, "village", &["V1"]) {
        assert!(narrowed.lines().any(|n| n == row), "{row}");
    }
    for row in narrowed.lines() {
        assert!(whole.lines().any(|w| w == row), "{row}");
    }
    assert!(ids(&whole).len() > ids(&narrowed).len());
    s.refuses("export summary --village V1", 2);
    s.refuses("export all -o backup --village V1", 2);
    s.refuses("export households --village V9", 3);
}

/// `-o` into a directory that does not exist says which, and writes nothing; a bare file
/// name is written in the current directory.
#[test]
fn output_into_a_missing_directory_is_refused_naming_it() {
    let s = full_store();
    let tmp = common::scratch();
    let out = tmp.path().join("没有/x.csv");
    let missing = tmp.path().join("没有");
    s.rejects(
        &[
            "--lang",
            "zh",
            "export",
            "people",
            "-o",
            out.to_str().unwrap(),
        ],
        3,
    )
    .stderr_has(&format!("目录 {} 不存在", missing.display()))
    .stderr_lacks("at path");
    assert!(!missing.exists());
    let store = s.path().to_str().unwrap();
    common::run_in(
        tmp.path(),
        &["--store", store, "export", "plans", "-o", "plans.csv"],
        &[],
    )
    .success();
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("plans.csv")).unwrap(),
        PLANS
    );
}
