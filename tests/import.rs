//! `bangfu import`: validated, all-or-nothing CSV import of one kind or a whole export.

use crate::common::{self, TestStore};
use crate::export::full_store;

/// Writes `text` into a file beside the store and returns its path as given to bangfu.
fn csv_file(s: &TestStore, name: &str, text: &str) -> String {
    let dir = s.path().parent().unwrap().join(format!(
        "{}-in",
        s.path().file_name().unwrap().to_string_lossy()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn households_go_in_with_english_headers_and_are_journaled() {
    let s = TestStore::new();
    s.with_village_and_team();
    let file = csv_file(
        &s,
        "households.csv",
        "id,village,head,size,causes,income_per_capita,helper,relations\n\
         H1,V1,陈大山,4,illness;缺技术,2100.5,P1,P2:spouse:2019-05-01;P3:sibling\n\
         H2,V1,李四,2,,,,\n",
    );
    s.run(&["import", "households", &file])
        .success()
        .stdout_is("imported 2 households\n")
        .stderr_is("");
    let h1 = s.ok("--format json household show H1").json();
    assert_eq!(
        h1["causes"],
        serde_json::json!(["illness", "lack_of_skills"])
    );
    assert_eq!(h1["income_per_capita_fen"], 210_050);
    assert_eq!(h1["relations"][0]["filed_on"], "2019-05-01");
    let journal = s.read("villages/V1/journal.jsonl");
    assert!(journal.contains(r#""op":"add","kind":"household","id":"H1""#));
    assert!(journal.contains(r#""op":"add","kind":"household","id":"H2""#));
}

/// An import's journal lines are made only when it commits, from the records it holds: each
/// village's lines must still follow its rows in file order, chain on from the journal's
/// last line, and carry each record exactly as its file stores it.
#[test]
fn an_imports_journal_lines_follow_its_rows_in_each_village_and_carry_the_stored_records() {
    let s = TestStore::new();
    s.with_village_and_team()
        .village("V2", "小河村", "西秀区", "旧州镇")
        .household("H0", "V1", "陈大山");
    let file = csv_file(
        &s,
        "households.csv",
        "id,village,head,size\nH3,V1,李四,2\nH2,V2,王五,3\nH1,V1,赵六,4\n",
    );
    s.run(&["import", "households", &file])
        .success()
        .stdout_is("imported 3 households\n");
    for (village, ids) in [("V1", vec!["H0", "H3", "H1"]), ("V2", vec!["H2"])] {
        let journal = s.records(&format!("villages/{village}/journal.jsonl"));
        let households: Vec<&serde_json::Value> = journal
            .iter()
            .filter(|e| e["kind"] == "household")
            .collect();
        let journaled: Vec<&str> = households
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        assert_eq!(journaled, ids, "{village}: in the order of the rows");
        for pair in journal.windows(2) {
            assert_eq!(pair[1]["prev"], pair[0]["hash"], "{village}: chained");
            assert_eq!(pair[1]["seq"], pair[0]["seq"].as_u64().unwrap() + 1);
        }
        let stored = s.lines(&format!("villages/{village}/households.jsonl"));
        let raw = s.lines(&format!("villages/{village}/journal.jsonl"));
        for id in &ids {
            let line = stored
                .iter()
                .find(|l| l.contains(&format!(r#""id":"{id}""#)))
                .unwrap();
            let entry = raw
                .iter()
                .find(|l| l.contains(&format!(r#""kind":"household","id":"{id}""#)))
                .unwrap();
            assert!(
                entry.contains(&format!(r#","after":{line},"prev":"#)),
                "{village} {id}: the journal carries the stored line\n{entry}\n{line}"
            );
        }
    }
    s.ok("verify").stdout_has("no damage");
}

#[test]
fn chinese_headers_with_a_bom_and_chinese_labels_are_read() {
    let s = TestStore::new();
    s.with_village_and_team();
    let file = csv_file(
        &s,
        "户.csv",
        "\u{feff}户编号,村,户主,人口数,状态,帮扶措施\nH7,V1,陈大山,3,返贫,健康扶贫;industry\n",
    );
    s.run(&["import", "households", &file]).success();
    let h = s.ok("--format json household show H7").json();
    assert_eq!(h["status"], "returned");
    assert_eq!(h["measures"], serde_json::json!(["health", "industry"]));
}

#[test]
fn the_formula_prefix_is_removed_on_import() {
    let s = TestStore::new();
    let file = csv_file(
        &s,
        "people.csv",
        "id,name,unit\nP1,'=cmd,'-1\nP2,'plain,a'b\nP3,'''x,\n",
    );
    s.run(&["import", "people", &file]).success();
    let people = s.ok("--format json person list").json();
    assert_eq!(people[0]["name"], "=cmd");
    assert_eq!(people[0]["unit"], "-1");
    assert_eq!(
        people[1]["name"], "'plain",
        "a ' not before a formula character stays"
    );
    assert_eq!(people[1]["unit"], "a'b");
    assert_eq!(
        people[2]["name"], "''x",
        "one ' is removed, as export adds one"
    );
}

#[test]
fn every_bad_row_is_reported_and_nothing_is_written() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.ok("household add --id H9 --village V1 --head 老户 --size 1");
    let file = csv_file(
        &s,
        "households.csv",
        "id,village,head,id_number,size,status,helper\n\
         H1,V1,陈大山,,4,poor,P1\n\
         H2,V1,李四,,0,poor,P1\n\
         H3,V9,王五,,2,poor,P9\n\
         H1,V1,重复,,2,poor,\n\
         H4,V1,赵六,520402********1231,2,,\n\
         H5,V1,钱七,,2,穷,\n\
         H9,V1,老户,,1,,\n\
         H6,V1,孙八,,2\n",
    );
    s.rejects(&["import", "households", &file], 3).stderr_is(&format!(
        "bangfu: error: import rejected: 8 problems; nothing was written\n\
         {file}:3: size: 0 is out of range; expected a whole number from 1 to 30\n\
         {file}:4: village: V9 is not a known village\n\
         {file}:4: helper: P9 is not a known person\n\
         {file}:5: id: H1 is also on line 2; expected each id once\n\
         {file}:6: id_number: 520402********1231 is masked; expected a full 18-character resident ID number (export with --unmask)\n\
         {file}:7: status: 穷 is not recognised; expected one of poor 未脱贫, exited 已脱贫, returned 返贫, non_poor 非贫困户\n\
         {file}:8: id: H9 already exists in the store; import adds new records and does not change existing ones\n\
         {file}:9: row: has 5 cells; expected 7 as in the header\n"
    ));
}

#[test]
fn a_bad_row_s_id_still_counts_against_the_rows_after_it_and_the_store() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.ok("household add --id H9 --village V1 --head 老户 --size 1");
    let file = csv_file(
        &s,
        "h.csv",
        "id,village,head,size\nH1,V1,,3\nH1,V1,陈大山,3\nH9,V1,,1\nH2,V1,李四,2\n",
    );
    let before = s.snapshot();
    s.rejects(&["import", "households", &file], 3)
        .stderr_is(&format!(
            "bangfu: error: import rejected: 4 problems; nothing was written\n\
             {file}:2: head: is empty; this column is required\n\
             {file}:3: id: H1 is also on line 2; expected each id once\n\
             {file}:4: head: is empty; this column is required\n\
             {file}:4: id: H9 already exists in the store; import adds new records and does not change existing ones\n"
        ));
    assert_eq!(s.snapshot(), before);
    // The boundary: a bad row with an id of its own adds no problem of ids.
    let file = csv_file(
        &s,
        "h2.csv",
        "id,village,head,size\nH1,V1,,3\nH2,V1,李四,2\n",
    );
    s.rejects(&["import", "households", &file], 3)
        .stderr_is(&format!(
            "bangfu: error: import rejected: 1 problem; nothing was written\n\
             {file}:2: head: is empty; this column is required\n"
        ));
}

#[test]
fn a_line_break_in_a_cell_is_a_bad_row_among_the_others() {
    let s = TestStore::new();
    s.with_village_and_team();
    // Alt+Enter in a spreadsheet's cell: a quoted line break; and a tab.
    let file = csv_file(
        &s,
        "h.csv",
        "id,village,head,size\nH0,V1,,1\nH1,V1,\"张\n三\",1\nH2,V1,李\t四,0\nH3,V1,王五,2\n",
    );
    let before = s.snapshot();
    s.rejects(&["--lang", "zh", "import", "households", &file], 3)
        .stderr_is(&format!(
            "bangfu: error: 导入被拒绝：4 个问题；没有写入任何内容\n\
             {file}:2：head：为空；此列必填\n\
             {file}:3：head：张\\u{{a}}三 含有换行符或制表符；应为一行文字\n\
             {file}:5：head：李\\u{{9}}四 含有换行符或制表符；应为一行文字\n\
             {file}:5：size：0 超出范围；应为 1 到 30 之间的整数\n"
        ));
    assert_eq!(s.snapshot(), before);
    // The boundary: the same name on one line goes in.
    let file = csv_file(&s, "h2.csv", "id,village,head,size\nH1,V1,\"张三\",1\n");
    s.ok(&format!("import households {file}"));
}

#[test]
fn empty_columns_a_spreadsheet_leaves_after_the_last_are_passed_over() {
    let s = TestStore::new();
    s.with_village_and_team();
    let file = csv_file(
        &s,
        "h.csv",
        "id,village,head,size,,\r\nH1,V1,陈大山,1,,\r\nH2,V1,李四,2,,\r\n",
    );
    s.ok(&format!("import households {file}"))
        .stdout_is("imported 2 households\n");
    // The boundary: a value under a column without a header is not dropped unseen.
    let file = csv_file(&s, "h2.csv", "id,village,head,size,,\nH3,V1,王五,1,,备注\n");
    let before = s.snapshot();
    s.rejects(&["import", "households", &file], 3)
        .stderr_is(&format!(
            "bangfu: error: import rejected: 1 problem; nothing was written\n\
             {file}:2: #6: holds a value but the column has no header; expected a header naming the column, or the cell empty\n"
        ));
    assert_eq!(s.snapshot(), before);
}

#[test]
fn a_record_s_own_rule_speaks_of_the_file_s_columns_not_of_flags() {
    let s = TestStore::new();
    s.with_village_and_team();
    let file = csv_file(
        &s,
        "h.csv",
        "id,village,head,size,status\nH1,V1,陈大山,1,exited\n",
    );
    s.rejects(&["import", "households", &file], 3)
        .stderr_is(&format!(
            "bangfu: error: import rejected: 1 problem; nothing was written\n\
             {file}:2: exited_on: is missing; a household with status exited needs exited_on\n"
        ));
    let file = csv_file(
        &s,
        "h2.csv",
        "户编号,村,户主,人口数,状态\nH1,V1,陈大山,1,已脱贫\n",
    );
    let said = s
        .rejects(&["--lang", "zh", "import", "households", &file], 3)
        .stderr();
    // A column the Chinese file leaves out is named in Chinese too.
    assert!(
        said.contains(&format!(
            "{file}:2：脱贫日期：缺失；状态为已脱贫的贫困户需要 脱贫日期\n"
        )),
        "{said}"
    );
    assert!(!said.contains("--"), "{said}");
    // The same rule on the command line still names the flag.
    s.refuses(
        "household add --village V1 --head 陈大山 --size 1 --status exited",
        3,
    )
    .stderr_has("needs --exited-on");
}

#[test]
fn problems_are_named_by_the_column_as_the_file_names_it() {
    let s = TestStore::new();
    s.with_village_and_team();
    let file = csv_file(
        &s,
        "h.csv",
        "户编号,村,户主,人口数,人均纯收入,识别日期\nH1,V1,,2,12.345,2014-02-30\n",
    );
    s.rejects(&["import", "households", &file], 3).stderr_is(&format!(
        "bangfu: error: import rejected: 3 problems; nothing was written\n\
         {file}:2: 户主: is empty; this column is required\n\
         {file}:2: 人均纯收入: 12.345 is not an amount of yuan; expected a number with at most two decimals, e.g. 1234.50\n\
         {file}:2: 识别日期: 2014-02-30 is not a valid date; expected YYYY-MM-DD\n"
    ));
}

#[test]
fn a_wrong_header_is_rejected_before_any_row() {
    let s = TestStore::new();
    s.with_village_and_team();
    let file = csv_file(&s, "h.csv", "id,village,户主姓名,size\nH1,V1,陈大山,2\n");
    s.rejects(&["import", "households", &file], 3).stderr_is(&format!(
        "bangfu: error: import rejected: 2 problems; nothing was written\n\
         {file}:1: 户主姓名: is not a column of households; expected id, village, head, id_number, size, status, category, causes, measures, income_per_capita, identified_on, exited_on, exit_verified_by, helper, relations, housing, water_safe, income_year, wage_income, business_income, business_cost, property_income, transfer_income, out_of_pocket (or their Chinese names)\n\
         {file}:1: head: is missing; every row of households needs it\n"
    ));
    let empty = csv_file(&s, "empty.csv", "");
    s.rejects(&["import", "people", &empty], 3)
        .stderr_is(&format!(
            "bangfu: error: import rejected: 1 problem; nothing was written\n\
         {empty}:1: header: is missing; the file is empty, expected the header of a people export\n"
        ));
    s.rejects(&["import", "cows", &empty], 2).stderr_is(
        "bangfu: error: invalid value 'cows' for '<KIND>'\n  [possible values: villages, \
         people, teams, households, allocations, plans, members, cases, attendance, leaves, \
         assessments, all]\n\nFor more information, try '--help'.\n",
    );
    s.ok("import --help")
        .stdout_has("[possible values: villages, people, teams, households,");
    // A kind's singular name is taken too, and the file stays the second argument.
    s.rejects(&["import", "person", &empty], 3)
        .stderr_has("expected the header of a people export");
}

#[test]
fn references_resolve_against_the_store_and_same_village() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.village("V2", "小河村", "西秀区", "旧州镇");
    s.ok("household add --id H1 --village V2 --head 陈大山 --size 1");
    let file = csv_file(
        &s,
        "allocations.csv",
        "id,village,household,kind,amount,date,approved_by\n\
         A1,V1,H1,funds,100,2015-01-01,P1;P8\n\
         A2,V2,H1,funds,100,2015-01-01,P1\n",
    );
    s.rejects(&["import", "allocations", &file], 3).stderr_is(&format!(
        "bangfu: error: import rejected: 2 problems; nothing was written\n\
         {file}:2: household: H1 belongs to village V2, not V1; expected a household of the same village\n\
         {file}:2: approved_by: P8 is not a known person\n"
    ));
}

#[test]
fn dry_run_validates_and_writes_nothing() {
    let s = TestStore::new();
    s.with_village_and_team();
    let file = csv_file(&s, "h.csv", "id,village,head,size\nH1,V1,陈大山,2\n");
    let before = s.snapshot();
    s.run(&["import", "households", &file, "--dry-run"])
        .success()
        .stdout_is("would import 1 household; nothing written (--dry-run)\n");
    assert!(before == s.snapshot(), "--dry-run changed the store");
    let bad = csv_file(&s, "bad.csv", "id,village,head,size\nH1,V1,陈大山,99\n");
    s.rejects(&["import", "households", &bad, "--dry-run"], 3)
        .stderr_has(&format!("{bad}:2: size: 99 is out of range"));
}

#[test]
fn standard_input_is_read_for_a_dash() {
    let s = TestStore::new();
    let run = s.run_with(
        &["--format", "json", "import", "people", "-"],
        &[],
        Some("id,name\nP1,王芳\nP2,\n".as_bytes()),
    );
    run.status(3)
        .stderr_is("bangfu: error: import rejected: 1 problem; nothing was written\n<stdin>:3: name: is empty; this column is required\n");
    let run = s.run_with(
        &["--format", "json", "import", "people", "-"],
        &[],
        Some("id,name\nP1,王芳\n".as_bytes()),
    );
    let out = run.success().json();
    assert_eq!(
        out,
        serde_json::json!({"dry_run": false, "imported": {"people": 1}})
    );
}

#[test]
fn import_all_resolves_references_between_files_in_one_change() {
    let source = full_store();
    let tmp = common::scratch();
    let dir = tmp.path().join("export");
    let dir = dir.to_str().unwrap();
    source
        .run(&["--unmask", "export", "all", "-o", dir])
        .success();
    let target = TestStore::new();
    target
        .run(&["import", "all", dir])
        .success()
        .stdout_is("imported 2 villages, 5 people, 2 teams, 3 households, 2 allocations, 2 plans, 0 members, 0 cases, 0 attendance, 0 leaves, 0 assessments\n")
        .stderr_is("");
    let v1 = target.ok("--format json village show V1").json();
    assert_eq!(
        v1["officials"][0],
        serde_json::json!({"person": "P4", "role": "party_secretary"})
    );
    // Importing the same directory again finds every id taken and writes nothing.
    let again = target.rejects(&["import", "all", dir], 3);
    again
        .stderr_has("problems; nothing was written\n")
        .stderr_has(&format!(
            "{dir}/villages.csv:2: id: V1 already exists in the store"
        ));
}

#[test]
fn import_all_reports_an_official_who_is_nowhere() {
    let source = full_store();
    let tmp = common::scratch();
    let dir = tmp.path().join("export");
    let d = dir.to_str().unwrap();
    source
        .run(&["--unmask", "export", "all", "-o", d])
        .success();
    // Leave out P5 (an official and a relation) and everything that names P5.
    let people = std::fs::read_to_string(dir.join("people.csv")).unwrap();
    let people: String = people
        .lines()
        .filter(|l| !l.starts_with("P5,"))
        .flat_map(|l| [l, "\n"])
        .collect();
    std::fs::write(dir.join("people.csv"), people).unwrap();
    let target = TestStore::new();
    target.rejects(&["import", "all", d], 3).stderr_is(&format!(
        "bangfu: error: import rejected: 3 problems; nothing was written\n\
         {d}/villages.csv:2: officials: P5 is not a known person (village V1)\n\
         {d}/households.csv:2: relations: P5 is not a known person\n\
         {d}/allocations.csv:3: approved_by: P5 is not a known person\n"
    ));
}

#[test]
fn an_unmasked_export_imported_into_an_empty_store_exports_the_same_bytes() {
    let source = full_store();
    let tmp = common::scratch();
    let first = tmp.path().join("first");
    source
        .run(&["--unmask", "export", "all", "-o", first.to_str().unwrap()])
        .success();
    let target = TestStore::new();
    target
        .run(&["import", "all", first.to_str().unwrap()])
        .success();
    let second = tmp.path().join("second");
    target
        .run(&["--unmask", "export", "all", "-o", second.to_str().unwrap()])
        .success();
    for kind in [
        "villages",
        "people",
        "teams",
        "households",
        "allocations",
        "plans",
    ] {
        let a = std::fs::read(first.join(format!("{kind}.csv"))).unwrap();
        let b = std::fs::read(second.join(format!("{kind}.csv"))).unwrap();
        assert!(
            a == b,
            "{kind}.csv differs:\n{}\n---\n{}",
            String::from_utf8_lossy(&a),
            String::from_utf8_lossy(&b)
        );
    }
    // The records themselves are stored alike too.
    assert_eq!(
        source.read("villages/V1/households.jsonl"),
        target.read("villages/V1/households.jsonl")
    );
    assert_eq!(source.read("people.jsonl"), target.read("people.jsonl"));
}

#[test]
fn a_masked_export_cannot_be_imported() {
    let source = full_store();
    let tmp = common::scratch();
    let dir = tmp.path().join("masked");
    source
        .run(&["export", "all", "-o", dir.to_str().unwrap()])
        .success();
    let target = TestStore::new();
    let d = dir.to_str().unwrap();
    target.rejects(&["import", "all", d], 3).stderr_has(&format!(
        "{d}/people.csv:2: id_number: 520402********1231 is masked; expected a full 18-character resident ID number (export with --unmask)\n\
         {d}/people.csv:2: phone: +** ***-****-5678 is masked; expected the full phone number (export with --unmask)\n"
    ));
}
