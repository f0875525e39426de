//! The `summary` report: the coverage figures rolled up per county and township. Each
//! county's townships are followed by a row for the whole county (township `total`, or
//! `合计` under Chinese headers), and the last row is the total of the store, which also
//! counts findings that concern no single village (a cadre on teams in two villages).

use crate::error::Result;
use crate::model::VillageStatus;
use crate::policy::Severity;
use crate::rules::Finding;

use super::coverage::{VillageCoverage, percent};
use super::{Cell, Headers, Sink};

#[derive(Debug, Clone, Default)]
struct Totals {
    villages: usize,
    poor_villages: usize,
    with_active_team: usize,
    members: usize,
    needing_help: usize,
    with_helper: usize,
    allocations_fen: i128,
    errors: usize,
    warnings: usize,
}

impl Totals {
    fn add(&mut self, r: &VillageCoverage) {
        self.villages += 1;
        self.poor_villages += usize::from(r.status == VillageStatus::Poor);
        self.with_active_team += usize::from(!r.active_teams.is_empty());
        self.members += r.members;
        self.needing_help += r.needing_help;
        self.with_helper += r.with_helper;
        self.allocations_fen += r.allocations_fen;
        self.errors += r.errors;
        self.warnings += r.warnings;
    }

    fn cells(&self, county: &str, township: &str) -> Vec<Cell> {
        let int = |n: usize| Cell::Int(n as i64);
        vec![
            Cell::text(county),
            if township.is_empty() {
                Cell::Empty
            } else {
                Cell::text(township)
            },
            int(self.villages),
            int(self.poor_villages),
            int(self.with_active_team),
            int(self.members),
            int(self.needing_help),
            int(self.with_helper),
            percent(self.with_helper, self.needing_help),
            Cell::Money(self.allocations_fen),
            int(self.errors),
            int(self.warnings),
        ]
    }
}

const COLUMNS: &[(&str, &str)] = &[
    ("county", "县"),
    ("township", "乡镇"),
    ("villages", "村数"),
    ("poor_villages", "贫困村数"),
    ("villages_with_active_team", "有驻村工作队的村数"),
    ("team_members", "队员数"),
    ("households_needing_help", "需帮扶户数"),
    ("with_helper", "已落实帮扶责任人户数"),
    ("helper_coverage_percent", "帮扶责任人覆盖率(%)"),
    ("allocations_total", "扶贫资源合计(元)"),
    ("errors", "错误"),
    ("warnings", "警告"),
];

/// Writes the roll-up of `rows` (sorted by county and township, as `coverage::compute`
/// gives them).
pub fn write(
    rows: &[VillageCoverage],
    findings: &[Finding],
    headers: Headers,
    sink: &mut dyn Sink,
) -> Result<()> {
    sink.header(&headers.row(COLUMNS))?;
    let total_label = headers.values.pick("total", "合计");
    for county in rows.chunk_by(|a, b| a.county == b.county) {
        let mut county_total = Totals::default();
        for township in county.chunk_by(|a, b| a.township == b.township) {
            let mut t = Totals::default();
            for r in township {
                t.add(r);
                county_total.add(r);
            }
            sink.row(&t.cells(&township[0].county, &township[0].township))?;
        }
        sink.row(&county_total.cells(&county[0].county, total_label))?;
    }
    let mut total = Totals::default();
    for r in rows {
        total.add(r);
    }
    // The store's total counts every finding, also those of no single village.
    total.errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    total.warnings = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    sink.row(&total.cells(total_label, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sink that keeps the rows.
    #[derive(Default)]
    struct Kept(Vec<Vec<Cell>>);

    impl Sink for Kept {
        fn header(&mut self, _: &[&str]) -> Result<()> {
            Ok(())
        }
        fn row(&mut self, cells: &[Cell]) -> Result<()> {
            self.0.push(cells.to_vec());
            Ok(())
        }
        fn finish(self: Box<Self>) -> Result<()> {
            Ok(())
        }
    }

    #[test]
    fn totals_beyond_the_largest_64_bit_number_are_summed_exactly() {
        let village = |id: &str, township: &str| VillageCoverage {
            county: "青山县".into(),
            township: township.into(),
            id: id.into(),
            name: id.into(),
            status: VillageStatus::Poor,
            active_teams: Vec::new(),
            leaders: Vec::new(),
            members: 0,
            needing_help: 0,
            with_helper: 0,
            allocations_fen: i128::from(i64::MAX),
            errors: 0,
            warnings: 0,
        };
        let rows = [
            village("V1", "青石镇"),
            village("V2", "青石镇"),
            village("V3", "白岩乡"),
        ];
        let mut kept = Kept::default();
        write(&rows, &[], Headers::one(crate::lang::Lang::En), &mut kept).unwrap();
        let money: Vec<String> = kept.0.iter().map(|r| r[9].plain().into_owned()).collect();
        // Townships, the county's total, the store's total.
        assert_eq!(
            money,
            [
                "184467440737095516.14",
                "92233720368547758.07",
                "276701161105643274.21",
                "276701161105643274.21"
            ]
        );
        let json: serde_json::Value = serde_json::from_str(&kept.0[3][9].json()).unwrap();
        assert!(json.is_number());
    }
}
