//! Spreadsheets as a county office has them: workbooks read directly, CSV in GBK or with a
//! BOM, dates and money as spreadsheets write them, an ID number turned into a number, the
//! policy in `export all`, and where `-o` may write.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

use crate::common::{self, TestStore, bangfu_path};
use crate::export::full_store;

/// A file of `bytes` in `dir`.
fn file(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn text(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Every record report of a store, unmasked, as CSV text by kind.
pub fn records(s: &TestStore) -> Vec<(String, String)> {
    [
        "villages",
        "people",
        "teams",
        "households",
        "allocations",
        "plans",
    ]
    .iter()
    .map(|k| {
        let out = s.run(&["--unmask", "export", k]).success().stdout();
        (k.to_string(), out)
    })
    .collect()
}

const CHECK: [&str; 5] = ["check", "--as-of", "2020-06-30", "--fail-on", "never"];

/// A full store with policy overrides that change what `check` finds.
fn store_with_policy() -> TestStore {
    let s = full_store();
    s.ok("policy set min_team_members 4");
    s.ok("policy set rules.BF201 off");
    s.ok("policy set poverty_line_yuan.2019 4200");
    s
}

#[test]
fn export_all_to_a_workbook_and_back_keeps_records_policy_and_findings() {
    let source = store_with_policy();
    let tmp = common::scratch();
    let book = tmp.path().join("backup.xlsx");
    source
        .run(&["--unmask", "export", "all", "-o", text(&book)])
        .success()
        .stdout_is("");
    assert!(book.is_file(), "export all -o backup.xlsx writes one file");

    let target = TestStore::new();
    target
        .run(&["import", "all", text(&book)])
        .success()
        .stdout_is("imported 2 villages, 5 people, 2 teams, 3 households, 2 allocations, 2 plans, 0 members, 0 cases, 0 attendance, 0 leaves, 0 assessments, 3 policy settings\n");
    assert_eq!(records(&source), records(&target));
    let checked = |s: &TestStore| s.run(&CHECK).success().stdout();
    assert_eq!(checked(&source), checked(&target));
    assert_eq!(
        source.cmd("policy show").stdout(),
        target.cmd("policy show").stdout()
    );
}

#[test]
fn export_all_to_a_directory_writes_policy_csv_and_import_all_restores_it() {
    let source = store_with_policy();
    let tmp = common::scratch();
    let dir = tmp.path().join("backup");
    source
        .run(&["--unmask", "export", "all", "-o", text(&dir)])
        .success();
    let policy = std::fs::read_to_string(dir.join("policy.csv")).unwrap();
    assert!(policy.starts_with("key,value\n"), "{policy}");
    assert!(policy.contains("\nmin_team_members,4\n"), "{policy}");
    assert!(policy.contains("\nrules.BF201,off\n"), "{policy}");
    assert!(
        policy.contains("\npoverty_line_yuan.2019,4200\n"),
        "{policy}"
    );

    let target = TestStore::new();
    target.run(&["import", "all", text(&dir)]).success();
    let checked = |s: &TestStore| s.run(&CHECK).success().stdout();
    assert_eq!(checked(&source), checked(&target));

    // Without overrides the policy file changes nothing, and the message says nothing of it.
    let plain = full_store();
    let dir = tmp.path().join("plain");
    plain
        .run(&["--unmask", "export", "all", "-o", text(&dir)])
        .success();
    TestStore::new()
        .run(&["import", "all", text(&dir)])
        .success()
        .stdout_is(
            "imported 2 villages, 5 people, 2 teams, 3 households, 2 allocations, 2 plans, 0 members, 0 cases, 0 attendance, 0 leaves, 0 assessments\n",
        );
}

#[test]
fn a_bad_policy_row_is_a_bad_row_and_nothing_is_written() {
    let source = full_store();
    let tmp = common::scratch();
    let dir = tmp.path().join("backup");
    source
        .run(&["--unmask", "export", "all", "-o", text(&dir)])
        .success();
    file(
        &dir,
        "policy.csv",
        "key,value\nmin_team_members,0\nrules.BF999,off\n",
    );
    let target = TestStore::new();
    let d = text(&dir);
    target.rejects(&["import", "all", d], 3).stderr_is(&format!(
        "bangfu: error: import rejected: 2 problems; nothing was written\n\
         {d}/policy.csv:2: min_team_members: 0 is not valid; expected a whole number from 1 to 100\n\
         {d}/policy.csv:3: rules.BF999: BF999 is not a known rule; see `bangfu rules`\n"
    ));
}

#[test]
fn settings_that_go_together_are_judged_once_the_whole_policy_file_is_read() {
    // School ages of 16 to 18: `from` above the default `to` until the row after it.
    let source = full_store();
    source.ok("policy set school_age_to 18");
    source.ok("policy set school_age_from 16");
    let tmp = common::scratch();
    let dir = tmp.path().join("backup");
    source
        .run(&["--unmask", "export", "all", "-o", text(&dir)])
        .success();
    let policy = std::fs::read_to_string(dir.join("policy.csv")).unwrap();
    let (from, to) = (
        policy.find("\nschool_age_from,16\n").unwrap(),
        policy.find("\nschool_age_to,18\n").unwrap(),
    );
    assert!(from < to, "{policy}");
    let target = TestStore::new();
    target.run(&["import", "all", text(&dir)]).success();
    let checked = |s: &TestStore| s.run(&CHECK).success().stdout();
    assert_eq!(checked(&source), checked(&target));
    target
        .ok("policy show")
        .stdout_has("school_age_from")
        .stdout_has("16");

    // Without the row that makes them agree, the file is refused as a whole.
    file(&dir, "policy.csv", "key,value\nschool_age_from,16\n");
    let target = TestStore::new();
    let before = target.snapshot();
    let d = text(&dir);
    target
        .rejects(&["--lang", "zh", "import", "all", d], 3)
        .stderr_is(&format!(
            "bangfu: error: 导入被拒绝：1 个问题；没有写入任何内容\n\
             {d}/policy.csv：政策：政策设置 school_age_from = 16 大于 school_age_to = 15；应为 from ≤ to\n"
        ));
    assert_eq!(target.snapshot(), before);
}

/// A workbook with one sheet `households` of a header and `rows`, each cell written by a
/// closure.
type Writer = Box<dyn Fn(&mut rust_xlsxwriter::Worksheet, u32, u16)>;

fn workbook(path: &Path, sheets: Vec<(&str, Vec<Vec<Writer>>)>) {
    let mut book = Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, write) in row.iter().enumerate() {
                write(sheet, r as u32, c as u16);
            }
        }
    }
    book.save(path).unwrap();
}

fn s(v: &'static str) -> Writer {
    Box::new(move |sheet, r, c| {
        sheet.write_string(r, c, v).unwrap();
    })
}

fn n(v: f64) -> Writer {
    Box::new(move |sheet, r, c| {
        sheet.write_number(r, c, v).unwrap();
    })
}

fn day(y: u16, m: u8, d: u8) -> Writer {
    Box::new(move |sheet, r, c| {
        let date = ExcelDateTime::from_ymd(y, m, d).unwrap();
        let format = Format::new().set_num_format("yyyy/m/d");
        sheet
            .write_datetime_with_format(r, c, &date, &format)
            .unwrap();
    })
}

fn empty() -> Writer {
    Box::new(|_, _, _| {})
}

fn header() -> Vec<Writer> {
    [
        "id",
        "village",
        "head",
        "id_number",
        "size",
        "income_per_capita",
        "identified_on",
    ]
    .into_iter()
    .map(s)
    .collect()
}

#[test]
fn a_workbook_is_read_with_its_cells_typed_as_excel_has_them() {
    let s0 = TestStore::new();
    s0.with_village_and_team();
    let tmp = common::scratch();
    let path = tmp.path().join("户.xlsx");
    let id = common::id_number("52252619900615001");
    let id: &'static str = Box::leak(id.into_boxed_str());
    workbook(
        &path,
        vec![(
            "households",
            vec![
                header(),
                // A text ID number, a number cell for size and money, a date cell.
                vec![
                    s("H1"),
                    s("V1"),
                    s("陈大山"),
                    s(id),
                    n(4.0),
                    n(1850.5),
                    day(2014, 5, 11),
                ],
                // Blank rows are skipped; a row may leave its trailing cells empty.
                vec![],
                vec![s("H2"), s("V1"), s("赵小花"), empty(), n(2.0)],
            ],
        )],
    );
    s0.run(&["import", "households", text(&path)])
        .success()
        .stdout_is("imported 2 households\n");
    let h1 = s0.ok("--unmask --format json household show H1").json();
    assert_eq!(h1["id_number"], id);
    assert_eq!(h1["size"], 4);
    assert_eq!(h1["income_per_capita_fen"], 185_050);
    assert_eq!(h1["identified_on"], "2014-05-11");
}

#[test]
fn bad_rows_of_a_workbook_are_named_by_file_sheet_and_row_and_nothing_is_written() {
    let s0 = TestStore::new();
    s0.with_village_and_team();
    let tmp = common::scratch();
    let path = tmp.path().join("h.xlsx");
    let before_1900: Writer = Box::new(|sheet, r, c| {
        let format = Format::new().set_num_format("yyyy-mm-dd");
        sheet.write_number_with_format(r, c, -5.0, &format).unwrap();
    });
    let formula_error: Writer = Box::new(|sheet, r, c| {
        sheet
            .write_formula(r, c, Formula::new("=1/0").set_result("#DIV/0!"))
            .unwrap();
    });
    let merged: Writer = Box::new(|sheet, r, c| {
        sheet
            .merge_range(r, c, r, c + 1, "合并", &Format::new())
            .unwrap();
    });
    workbook(
        &path,
        vec![
            (
                "households",
                vec![
                    header(),
                    // An 18-digit ID number as a number cell: Excel keeps 15 digits.
                    vec![
                        s("H1"),
                        s("V1"),
                        s("陈"),
                        n(522_526_199_006_150_014.0),
                        n(4.0),
                    ],
                    vec![
                        s("H2"),
                        s("V1"),
                        s("赵"),
                        empty(),
                        n(2.0),
                        n(0.125),
                        before_1900,
                    ],
                    vec![s("H3"), s("V1"), s("孙"), empty(), formula_error],
                    // A merged cell fills its first cell; the others are empty.
                    vec![s("H4"), s("V1"), merged],
                ],
            ),
            ("empty", vec![]),
        ],
    );
    let p = text(&path);
    let run = s0.rejects(&["import", "households", p], 3);
    run.stderr_is(&format!(
        "bangfu: error: import rejected: 5 problems; nothing was written\n\
         {p}:households:2: id_number: 522526********0000 is an ID number that a spreadsheet turned into a number, which keeps only 15 digits; import the .xlsx workbook bangfu exports instead of CSV, or format the column as text before typing or saving it\n\
         {p}:households:3: income_per_capita: 0.125 is not an amount of yuan; expected a number with at most two decimals, e.g. 1234.50\n\
         {p}:households:3: identified_on: -5 is a date cell before 1900, which spreadsheets cannot hold; expected a date from 1900-01-01 (type earlier dates as text YYYY-MM-DD)\n\
         {p}:households:4: size: #DIV/0! is a formula's error value; expected a value\n\
         {p}:households:5: size: is empty; this column is required\n"
    ));
}

#[test]
fn a_workbook_sheet_without_a_header_or_a_file_that_is_no_workbook_is_refused() {
    let s0 = TestStore::new();
    let tmp = common::scratch();
    let path = tmp.path().join("e.xlsx");
    workbook(&path, vec![("households", vec![])]);
    let p = text(&path);
    s0.rejects(&["import", "households", p], 3).stderr_is(&format!(
        "bangfu: error: import rejected: 1 problem; nothing was written\n\
         {p}:households:1: header: is missing; the file is empty, expected the header of a households export\n"
    ));
    workbook(&path, vec![("a", vec![]), ("b", vec![])]);
    s0.rejects(&["import", "households", p], 3).stderr_is(&format!(
        "bangfu: error: {p} has no sheet named households; its sheets are a, b (name the sheet households, or save that sheet alone)\n"
    ));
    let junk = file(tmp.path(), "junk.xlsx", b"PK\x03\x04 not really a zip");
    let run = s0.rejects(&["import", "households", text(&junk)], 3);
    assert_eq!(run.stderr().lines().count(), 1, "{}", run.stderr());
    run.stderr_has("as an Excel workbook (.xlsx)");
}

#[test]
fn import_all_reads_xlsx_files_in_a_directory() {
    let source = full_store();
    let tmp = common::scratch();
    let dir = tmp.path().join("d");
    std::fs::create_dir(&dir).unwrap();
    for kind in [
        "villages",
        "people",
        "teams",
        "households",
        "allocations",
        "plans",
    ] {
        let path = dir.join(format!("{kind}.xlsx"));
        source
            .run(&["--unmask", "export", kind, "-o", text(&path)])
            .success();
    }
    let target = TestStore::new();
    target.run(&["import", "all", text(&dir)]).success();
    assert_eq!(records(&source), records(&target));
    // The same kind twice is refused rather than guessed.
    file(&dir, "plans.csv", "id\n");
    TestStore::new()
        .rejects(&["import", "all", text(&dir)], 3)
        .stderr_has("holds both plans.csv and plans.xlsx");
}

const PEOPLE: &str = "id,name,unit\r\nP1,王芳,省交通运输厅\r\nP2,李明,县农业农村局\r\n";

#[test]
fn csv_in_gbk_is_detected_or_named_and_utf8_may_have_a_bom() {
    let tmp = common::scratch();
    let (gbk, _, _) = encoding_rs::GB18030.encode(PEOPLE);
    let path = file(tmp.path(), "people.csv", &gbk);
    for args in [vec![], vec!["--encoding", "gbk"]] {
        let s0 = TestStore::new();
        let mut full = vec!["import", "people", text(&path)];
        full.extend(args);
        s0.run(&full).success();
        let p1 = s0.cmd("--format json person show P2").json();
        assert_eq!(p1["name"], "李明");
        assert_eq!(p1["unit"], "县农业农村局");
    }
    // Named wrongly, the file is one message, not one per row.
    let s0 = TestStore::new();
    let run = s0.rejects(&["import", "people", text(&path), "--encoding", "utf-8"], 3);
    run.stderr_is(&format!(
        "bangfu: error: could not read {}: line 2 is not UTF-8 text; save the whole file as CSV UTF-8 (or name its encoding with --encoding)\n",
        text(&path)
    ));
    let bom = file(tmp.path(), "bom.csv", format!("\u{feff}{PEOPLE}"));
    s0.run(&["import", "people", text(&bom)])
        .success()
        .stdout_is("imported 2 people\n");
    s0.cmd("import people - --encoding latin1").status(2);
}

#[test]
fn gbk_is_told_by_its_first_chinese_however_far_into_the_file() {
    // Some 100 KB of ids and ASCII before the first Chinese name, past the first look.
    let mut people = String::from("id,name\r\n");
    for i in 0..5000 {
        writeln!(people, "P{i},Wang Fang {i}\r").unwrap();
    }
    people.push_str("P9999,王芳\r\n");
    assert!(people.len() > 100_000);
    let tmp = common::scratch();
    let (gbk, _, _) = encoding_rs::GB18030.encode(&people);
    let path = file(tmp.path(), "people.csv", &gbk);
    let s0 = TestStore::new();
    s0.run(&["import", "people", text(&path)])
        .success()
        .stdout_is("imported 5001 people\n");
    assert_eq!(
        s0.cmd("--format json person show P9999").json()["name"],
        "王芳"
    );
    // The same file in UTF-8 stays UTF-8.
    let path = file(tmp.path(), "people8.csv", people.as_bytes());
    let s1 = TestStore::new();
    s1.run(&["import", "people", text(&path)]).success();
    assert_eq!(
        s1.cmd("--format json person show P9999").json()["name"],
        "王芳"
    );
}

#[test]
fn a_csv_that_is_neither_utf8_nor_gbk_gets_one_message() {
    let tmp = common::scratch();
    let mut bytes = b"id,name\n".to_vec();
    for i in 0..50 {
        bytes.extend_from_slice(format!("P{i},").as_bytes());
        bytes.extend_from_slice(b"\x80\xff\xfe\n");
    }
    let path = file(tmp.path(), "p.csv", &bytes);
    let s0 = TestStore::new();
    s0.rejects(&["import", "people", text(&path)], 3).stderr_is(&format!(
        "bangfu: error: {} is neither UTF-8 nor GBK/GB18030 text; save it as CSV UTF-8 (or name its encoding with --encoding)\n",
        text(&path)
    ));
}

#[test]
fn line_numbers_are_right_for_crlf_and_cr_only_files() {
    let s0 = TestStore::new();
    let lf = "id,name\nP1,王芳\nP2,\nP3,张伟\nP4,\n";
    for (ending, name) in [("\n", "lf"), ("\r\n", "crlf"), ("\r", "cr")] {
        let content = lf.replace('\n', ending);
        let run = s0.run_with(&["import", "people", "-"], &[], Some(content.as_bytes()));
        run.status(3).stderr_is(
            "bangfu: error: import rejected: 2 problems; nothing was written\n\
             <stdin>:3: name: is empty; this column is required\n\
             <stdin>:5: name: is empty; this column is required\n",
        );
        let _ = name;
    }
}

#[test]
fn dates_and_money_are_read_as_spreadsheets_write_them() {
    let s0 = TestStore::new();
    s0.with_village_and_team();
    let csv = "id,village,head,size,income_per_capita,identified_on\n\
               H1,V1,陈,3,\"1,850.50\",2014/5/11\n\
               H2,V1,赵,3,¥1200,2014年5月2日\n\
               H3,V1,孙,3,￥ 2000.5,2014-05-03\n";
    s0.run_with(&["import", "households", "-"], &[], Some(csv.as_bytes()))
        .success();
    let h = |id: &str| {
        s0.run(&["--format", "json", "household", "show", id])
            .success()
            .json()
    };
    assert_eq!(h("H1")["income_per_capita_fen"], 185_050);
    assert_eq!(h("H1")["identified_on"], "2014-05-11");
    assert_eq!(h("H2")["income_per_capita_fen"], 120_000);
    assert_eq!(h("H2")["identified_on"], "2014-05-02");
    assert_eq!(h("H3")["income_per_capita_fen"], 200_050);
    // Just past what is accepted: a 13th month, a separator out of place.
    let bad =
        "id,village,head,size,income_per_capita,identified_on\nH4,V1,钱,3,\"18,50.50\",2014/13/1\n";
    s0.run_with(&["import", "households", "-"], &[], Some(bad.as_bytes()))
        .status(3)
        .stderr_is(
            "bangfu: error: import rejected: 2 problems; nothing was written\n\
             <stdin>:2: income_per_capita: 18,50.50 is not an amount of yuan; expected a number with at most two decimals, e.g. 1234.50\n\
             <stdin>:2: identified_on: 2014/13/1 is not a valid date; expected YYYY-MM-DD\n",
        );
}

#[test]
fn dates_inside_list_cells_are_read_as_spreadsheets_write_them_too() {
    let s0 = TestStore::new();
    s0.with_village_and_team();
    s0.ok("person add --id P9 --name 陈二");
    let csv = "id,village,head,size,relations\n\
               H1,V1,陈,3,P9:sibling:2019/5/1\n\
               H2,V1,赵,3,P9:sibling:2019年5月2日\n";
    s0.run_with(&["import", "households", "-"], &[], Some(csv.as_bytes()))
        .success();
    let h = |id: &str| {
        s0.run(&["--format", "json", "household", "show", id])
            .success()
            .json()
    };
    assert_eq!(h("H1")["relations"][0]["filed_on"], "2019-05-01");
    assert_eq!(h("H2")["relations"][0]["filed_on"], "2019-05-02");
    let csv = "id,household,category,source,lead_on,risks,measures\n\
               C1,H1,unstable,self_report,2025/1/1,illness,health:2025年1月11日;industry:2025/2/3\n";
    s0.run_with(&["import", "cases", "-"], &[], Some(csv.as_bytes()))
        .success();
    let c = s0
        .run(&["--format", "json", "case", "show", "C1"])
        .success()
        .json();
    assert_eq!(c["measures"][0]["on"], "2025-01-11");
    assert_eq!(c["measures"][1]["on"], "2025-02-03");
    // Just past what is accepted: a 13th month inside the cell.
    let bad = "id,household,category,source,lead_on,risks,measures\n\
               C2,H2,unstable,self_report,2025/1/1,illness,health:2025/13/1\n";
    s0.run_with(&["import", "cases", "-"], &[], Some(bad.as_bytes()))
        .status(3)
        .stderr_is(
            "bangfu: error: import rejected: 1 problem; nothing was written\n\
             <stdin>:2: measures: 2025/13/1 is not a valid date; expected YYYY-MM-DD\n",
        );
}

#[test]
fn an_id_number_a_spreadsheet_turned_into_a_number_is_refused_with_the_fix_and_masked() {
    let s0 = TestStore::new();
    s0.with_village_and_team();
    let csv = "id,village,head,size,id_number\nH1,V1,陈,3,5.2279919691004E+17\n";
    let run = s0.run_with(&["import", "households", "-"], &[], Some(csv.as_bytes()));
    run.status(3).stderr_is(
        "bangfu: error: import rejected: 1 problem; nothing was written\n\
         <stdin>:2: id_number: 5.2279*********E+17 is an ID number that a spreadsheet turned into a number, which keeps only 15 digits; import the .xlsx workbook bangfu exports instead of CSV, or format the column as text before typing or saving it\n",
    );
    // A wrong ID number is masked in the message too.
    let csv = "id,village,head,size,id_number\nH1,V1,陈,3,522526199006150015\n";
    let run = s0.run_with(&["import", "households", "-"], &[], Some(csv.as_bytes()));
    let run = run
        .status(3)
        .stderr_has("522526********0015 has a wrong check character");
    assert!(!run.stderr().contains("199006"), "{}", run.stderr());
}

#[test]
fn o_names_the_format_by_its_extension() {
    let s0 = full_store();
    let tmp = common::scratch();
    for bad in ["w.xls", "w.txt", "w"] {
        let path = tmp.path().join(bad);
        s0.rejects(&["export", "villages", "-o", text(&path)], 2)
            .stderr_has("expected a name ending in .csv, .json or .xlsx");
        assert!(!path.exists(), "{bad}");
    }
    let json = tmp.path().join("v.json");
    s0.run(&["export", "villages", "-o", text(&json)]).success();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(v[0]["id"], "V1");
    let csv = tmp.path().join("v.csv");
    s0.run(&["export", "villages", "-o", text(&csv)]).success();
    let stdout = s0.ok("export villages -o -").stdout();
    assert_eq!(stdout, std::fs::read_to_string(&csv).unwrap());
    assert!(!s0.file("-").exists() && !Path::new("-").exists());
    s0.rejects(&["export", "all", "-o", text(&tmp.path().join("a.csv"))], 2);
    s0.refuses("export all", 2);
    let help = s0.ok("export --help").stdout();
    assert!(!help.contains("[default: table]"), "{help}");
}

#[test]
fn no_output_file_may_be_inside_the_store() {
    let s0 = full_store();
    for inside in ["v.csv", "villages/v.xlsx", "backup"] {
        let path = s0.file(inside);
        let report = if inside == "backup" {
            "all"
        } else {
            "villages"
        };
        s0.rejects(&["export", report, "-o", text(&path)], 3)
            .stderr_has("is inside the store");
    }
    // A relative path into the store, from inside it.
    let run = common::run_in(s0.path(), &["export", "villages", "-o", "./x.csv"], &[]);
    run.status(3).stderr_has("is inside the store");
    // Beside the store is fine.
    let tmp = common::scratch();
    s0.run(&["export", "villages", "-o", text(&tmp.path().join("v.csv"))])
        .success();
}

/// Runs `bangfu ARGS | head -1` in bash; returns (bangfu's status, the first line, stderr).
fn piped_to_head(s: &TestStore, args: &str) -> (String, String, String) {
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            r#""$0" --store "$1" {args} | head -1; echo "status ${{PIPESTATUS[0]}}" >&2"#
        ))
        .arg(bangfu_path())
        .arg(s.path())
        .env_remove("BANGFU_STORE")
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let (rest, status) = stderr.rsplit_once("status ").unwrap();
    (
        status.trim().to_string(),
        String::from_utf8(out.stdout).unwrap(),
        rest.to_string(),
    )
}

#[test]
fn check_into_a_closed_pipe_ends_quietly_with_its_findings_status() {
    let s0 = TestStore::new();
    s0.village("V1", "大坪村", "西秀区", "旧州镇");
    // Many households without a helper: far more findings than a pipe holds.
    let mut csv = String::from("id,village,head,size\n");
    for i in 1..=3000 {
        writeln!(csv, "H{i:05},V1,户主{i},3").unwrap();
    }
    s0.run_with(&["import", "households", "-"], &[], Some(csv.as_bytes()))
        .success();
    for (format, first) in [
        ("csv", "code,rule,severity,village,kind,id,message\n"),
        ("table", ""),
    ] {
        let (status, stdout, stderr) = piped_to_head(&s0, &format!("check --format {format}"));
        assert_eq!(status, "1", "{format}: {stderr}");
        assert_eq!(stderr, "", "{format}");
        if !first.is_empty() {
            assert_eq!(stdout, first);
        }
    }
    // With nothing at or above --fail-on, the closed pipe is status 0.
    let (status, _, stderr) = piped_to_head(&s0, "check --format csv --fail-on never");
    assert_eq!((status.as_str(), stderr.as_str()), ("0", ""));
}

#[test]
fn the_policy_sheet_of_a_workbook_is_read_and_a_bad_row_named_by_sheet_and_row() {
    let tmp = common::scratch();
    let path = tmp.path().join("b.xlsx");
    let people = vec![vec![s("id"), s("name")], vec![s("P1"), s("王芳")]];
    workbook(
        &path,
        vec![
            ("people", people),
            (
                "policy",
                vec![
                    vec![s("key"), s("value")],
                    vec![s("max_households_per_helper"), n(8.0)],
                    vec![s("min_team_members"), n(0.0)],
                ],
            ),
        ],
    );
    let p = text(&path);
    let s0 = TestStore::new();
    s0.rejects(&["import", "all", p], 3).stderr_is(&format!(
        "bangfu: error: import rejected: 1 problem; nothing was written\n\
         {p}:policy:3: min_team_members: 0 is not valid; expected a whole number from 1 to 100\n"
    ));
    let people = vec![vec![s("id"), s("name")], vec![s("P1"), s("王芳")]];
    workbook(
        &path,
        vec![
            ("people", people),
            (
                "policy",
                vec![
                    vec![s("key"), s("value")],
                    vec![s("max_households_per_helper"), n(8.0)],
                ],
            ),
        ],
    );
    s0.run(&["import", "all", p])
        .success()
        .stdout_is("imported 1 person, 1 policy setting\n");
    let policy = s0.cmd("--format json policy show").json();
    assert_eq!(policy["max_households_per_helper"], 8);
}

#[test]
fn a_title_row_above_the_header_is_skipped_and_rows_keep_their_numbers() {
    let s0 = TestStore::new();
    let tmp = common::scratch();
    let path = tmp.path().join("p.xlsx");
    let title: Writer = Box::new(|sheet, r, c| {
        sheet
            .merge_range(r, c, r, c + 2, "青山县帮扶干部花名册", &Format::new())
            .unwrap();
    });
    workbook(
        &path,
        vec![(
            "people",
            vec![
                vec![title],
                vec![s("编号"), s("姓名")],
                vec![s("P1"), s("王芳")],
                vec![s("P2"), empty()],
            ],
        )],
    );
    let p = text(&path);
    s0.rejects(&["import", "people", p], 3).stderr_is(&format!(
        "bangfu: error: import rejected: 1 problem; nothing was written\n\
         {p}:people:4: 姓名: is empty; this column is required\n"
    ));
    // A lone cell that is a column name is the header, not a title.
    workbook(&path, vec![("people", vec![vec![s("id")], vec![s("P1")]])]);
    s0.rejects(&["import", "people", p], 3)
        .stderr_has(&format!("{p}:people:1: name: is missing"));
}
