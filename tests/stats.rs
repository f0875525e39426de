//! `bangfu stats`: the registry at a glance.

use crate::common::TestStore;
use crate::export::full_store;

#[test]
fn stats_counts_records_by_status_with_helper_coverage() {
    let s = full_store();
    let stats = s.ok("--format json stats").json();
    assert_eq!(stats["villages"]["total"], 2);
    assert_eq!(stats["villages"]["by_status"]["poor"], 1);
    assert_eq!(stats["villages"]["by_status"]["exited"], 1);
    assert_eq!(stats["villages"]["by_status"]["non_poor"], 0);
    assert_eq!(stats["teams"], serde_json::json!({"total": 2, "active": 0}));
    assert_eq!(stats["people"]["total"], 5);
    assert_eq!(stats["households"]["total"], 3);
    assert_eq!(stats["households"]["by_status"]["returned"], 1);
    assert_eq!(stats["households"]["needing_help"], 2);
    assert_eq!(stats["households"]["with_helper"], 1);
    assert_eq!(stats["households"]["helper_coverage_percent"], 50.0);
    assert_eq!(stats["allocations"]["total"], 2);
    assert_eq!(stats["allocations"]["by_kind"]["project"], 1);
    assert_eq!(stats["allocations"]["amount_fen"], 25_150_075);
    assert_eq!(stats["plans"]["by_status"]["in_progress"], 1);
    assert!(stats["findings"]["error"].is_u64());
    assert!(stats["findings"]["warning"].is_u64());
    assert!(stats["findings"]["info"].is_u64());
}

#[test]
fn stats_table_is_for_people() {
    let s = full_store();
    s.ok("team add --id T3 --village V1 --unit 县农业局 --leader P3 --member P3 --dispatched-on 2020-01-01");
    s.ok("stats")
        .stdout_has("\nvillages 村                         2\n")
        .stdout_has("\n  active today 在岗                 1\n")
        .stdout_has("\n  helper coverage 帮扶责任人覆盖率  50.0%\n")
        .stdout_has("\n  amount (yuan) 金额(元)            251500.75\n");
}

#[test]
fn stats_of_an_empty_store_has_no_coverage() {
    let s = TestStore::new();
    let stats = s.ok("--format json stats").json();
    assert_eq!(stats["households"]["total"], 0);
    assert!(stats["households"]["helper_coverage_percent"].is_null());
    s.ok("stats")
        .stdout_has("helper coverage 帮扶责任人覆盖率  -\n");
}

/// `--format csv` gives the table's lines as rows of heading, item and figure, in the
/// language: one row a line, the date first.
#[test]
fn stats_in_csv_is_the_tables_lines_as_rows() {
    let s = full_store();
    let table = s.ok("--lang zh stats").stdout();
    let csv = s.ok("--lang zh --format csv stats").stdout();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["类别", "项目", "数值"]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), table.lines().count());
    assert_eq!(rows[0][0], "截至");
    assert!(rows.contains(&vec!["贫困户".to_string(), String::new(), "3".to_string()]));
    assert!(rows.contains(&vec![
        "贫困户".to_string(),
        "未脱贫".to_string(),
        "1".to_string()
    ]));
    let en = s.ok("--lang en --format csv stats").stdout();
    assert!(en.starts_with("section,item,value\nas of,,"), "{en}");
}
