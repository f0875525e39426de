//! Reports that need the rules: `findings`, and the error counts of `coverage`, `summary` and
//! `stats`. Registered in tests/main.rs once the checks land. They rely only on BF201 (a
//! household that needs help has no helper: error) and BF101 (a poor village without an
//! active team: error).

use crate::common::TestStore;

/// V1 (poor, team T1 active from 2014-03-01) with H1 (no helper) and H2 (helper P1);
/// V2 (poor, no team) with nothing else.
fn store() -> TestStore {
    let s = TestStore::new();
    s.with_village_and_team();
    s.village("V2", "小河村", "西秀区", "七眼桥镇");
    s.ok("household add --id H1 --village V1 --head 陈大山 --size 4 --cause illness --measure industry");
    s.ok("household add --id H2 --village V1 --head 李四 --size 2 --cause illness --measure industry --helper P1");
    s
}

#[test]
fn findings_report_has_one_row_per_finding() {
    let s = store();
    let out = s.ok("export findings --as-of 2015-01-01").stdout();
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows[0], "code,rule,severity,village,kind,id,message");
    assert!(
        rows.iter()
            .any(|r| r.starts_with("BF201,household-without-helper,error,V1,household,H1,")),
        "{out}"
    );
    assert!(
        rows.iter()
            .any(|r| r.starts_with("BF101,village-without-team,error,V2,village,V2,")),
        "{out}"
    );
    assert!(
        !rows
            .iter()
            .any(|r| r.contains(",household,H2,") && r.starts_with("BF201"))
    );
}

#[test]
fn coverage_and_summary_count_errors_per_village() {
    let s = store();
    let out = s.ok("export coverage --as-of 2015-01-01").stdout();
    let v1 = out.lines().find(|l| l.contains(",V1,")).unwrap();
    let v2 = out.lines().find(|l| l.contains(",V2,")).unwrap();
    assert!(
        v1.starts_with("西秀区,旧州镇,V1,大坪村,poor,T1,王芳,3,2,1,50.0,0.00,"),
        "{v1}"
    );
    let errors = |line: &str| {
        line.split(',')
            .rev()
            .nth(1)
            .unwrap()
            .parse::<u32>()
            .unwrap()
    };
    assert!(errors(v1) >= 1, "{v1}");
    assert!(errors(v2) >= 1, "{v2}");
    let summary = s.ok("export summary --as-of 2015-01-01").stdout();
    let total = summary.lines().last().unwrap();
    assert!(
        total.starts_with("total,,2,2,1,3,2,1,50.0,0.00,"),
        "{total}"
    );
    assert!(errors(total) >= 2, "{total}");
}

#[test]
fn stats_counts_findings_by_severity() {
    let s = store();
    let stats = s.ok("--format json stats").json();
    assert!(stats["findings"]["error"].as_u64().unwrap() >= 2, "{stats}");
}
