//! The `coverage` report: one row per village with its team, its helper coverage, the
//! relief it received and its findings, as of a date. `summary` rolls these rows up.

use std::collections::HashMap;

use crate::error::Result;
use crate::model::{Date, VillageStatus};
use crate::policy::Severity;
use crate::rules::Finding;
use crate::store::Registry;

use super::{Cell, Headers, Sink};

/// One village's figures.
#[derive(Debug, Clone)]
pub struct VillageCoverage {
    pub county: String,
    pub township: String,
    pub id: String,
    pub name: String,
    pub status: VillageStatus,
    /// Teams active on the date (normally one).
    pub active_teams: Vec<String>,
    /// Their leaders' names.
    pub leaders: Vec<String>,
    /// Members of the active teams.
    pub members: usize,
    /// Households that need help (status poor or returned).
    pub needing_help: usize,
    /// Of them, those with a helper.
    pub with_helper: usize,
    /// Allocations dated on or before the date.
    /// Summed without overflow: a village may hold any number of allocations.
    pub allocations_fen: i128,
    pub errors: usize,
    pub warnings: usize,
}

/// The figures of every village, sorted by county, township and village id.
pub fn compute(registry: &Registry, findings: &[Finding], as_of: Date) -> Vec<VillageCoverage> {
    let names: HashMap<&str, &str> = registry
        .people
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    let mut by_village: HashMap<&str, (usize, usize)> = HashMap::new();
    for f in findings {
        if let Some(v) = &f.village {
            let counts = by_village.entry(v.as_str()).or_default();
            match f.severity {
                Severity::Error => counts.0 += 1,
                Severity::Warning => counts.1 += 1,
                Severity::Info => {}
            }
        }
    }
    let mut rows: Vec<VillageCoverage> = registry
        .villages
        .iter()
        .map(|v| {
            let active: Vec<_> = v.teams.iter().filter(|t| t.active_on(as_of)).collect();
            // Those serving on the date: not one who left before it, nor one who joins later.
            let mut members: Vec<&str> = active.iter().flat_map(|t| t.serving_on(as_of)).collect();
            members.sort_unstable();
            members.dedup();
            let needing: Vec<_> = v.households.iter().filter(|h| h.needs_help()).collect();
            let (errors, warnings) = by_village
                .get(v.village.id.as_str())
                .copied()
                .unwrap_or_default();
            VillageCoverage {
                county: v.village.county.to_string(),
                township: v.village.township.to_string(),
                id: v.village.id.to_string(),
                name: v.village.name.to_string(),
                status: v.village.status,
                active_teams: active.iter().map(|t| t.id.to_string()).collect(),
                leaders: active
                    .iter()
                    .map(|t| {
                        names
                            .get(t.leader.as_str())
                            .map_or_else(|| t.leader.to_string(), ToString::to_string)
                    })
                    .collect(),
                members: members.len(),
                needing_help: needing.len(),
                with_helper: needing.iter().filter(|h| h.helper.is_some()).count(),
                allocations_fen: v
                    .allocations
                    .iter()
                    .filter(|a| a.date <= as_of)
                    .map(|a| i128::from(a.amount_fen))
                    .sum(),
                errors,
                warnings,
            }
        })
        .collect();
    rows.sort_by(|a, b| (&a.county, &a.township, &a.id).cmp(&(&b.county, &b.township, &b.id)));
    rows
}

/// Helper coverage as a percentage; empty when no household needs help.
pub fn percent(with_helper: usize, needing_help: usize) -> Cell {
    if needing_help == 0 {
        Cell::Empty
    } else {
        Cell::Percent(with_helper as f64 * 100.0 / needing_help as f64)
    }
}

const COLUMNS: &[(&str, &str)] = &[
    ("county", "县"),
    ("township", "乡镇"),
    ("village", "村编号"),
    ("village_name", "村名"),
    ("status", "状态"),
    ("active_team", "驻村工作队"),
    ("leader", "第一书记"),
    ("members", "队员数"),
    ("households_needing_help", "需帮扶户数"),
    ("with_helper", "已落实帮扶责任人户数"),
    ("helper_coverage_percent", "帮扶责任人覆盖率(%)"),
    ("allocations_total", "扶贫资源合计(元)"),
    ("errors", "错误"),
    ("warnings", "警告"),
];

pub fn write(rows: &[VillageCoverage], headers: Headers, sink: &mut dyn Sink) -> Result<()> {
    sink.header(&headers.row(COLUMNS))?;
    let joined = |items: &[String]| {
        if items.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(items.join(";"))
        }
    };
    for r in rows {
        sink.row(&[
            Cell::text(r.county.clone()),
            Cell::text(r.township.clone()),
            Cell::text(r.id.clone()),
            Cell::text(r.name.clone()),
            Cell::text(headers.values.label(r.status)),
            joined(&r.active_teams),
            joined(&r.leaders),
            Cell::Int(r.members as i64),
            Cell::Int(r.needing_help as i64),
            Cell::Int(r.with_helper as i64),
            percent(r.with_helper, r.needing_help),
            Cell::Money(r.allocations_fen),
            Cell::Int(r.errors as i64),
            Cell::Int(r.warnings as i64),
        ])?;
    }
    Ok(())
}
