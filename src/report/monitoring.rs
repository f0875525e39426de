//! The reports of the monitoring cases: `notice`, the public-notice list (公示名单) of one
//! village, and `monitoring`, one row per village with any case.

use crate::error::Result;
use crate::model::{Case, CaseCategory, CaseState, Date, Household};
use crate::rules::Finding;
use crate::store::{Registry, Store};

use super::{Cell, Headers, Sink};

/// The notice list's columns. By construction it has no ID number, phone, income or health
/// field, nor the risks (因病 or 因残 would reveal health): `--unmask` has nothing to unmask.
const NOTICE: &[(&str, &str)] = &[
    ("village", "村"),
    ("household", "户编号"),
    ("head", "户主"),
    ("size", "人口数"),
    ("category", "监测对象类别"),
    ("lead_on", "线索日期"),
    ("notice_from", "公示开始"),
    ("notice_to", "公示结束"),
];

/// The cases of `village` whose notice period includes `as_of`, sorted by household.
pub fn write_notice(
    store: &Store,
    village: &str,
    as_of: Date,
    headers: Headers,
    sink: &mut dyn Sink,
) -> Result<()> {
    let households: Vec<Household> = store.records::<Household>(village)?;
    let mut cases: Vec<Case> = store
        .records::<Case>(village)?
        .into_iter()
        .filter(|c| matches!((c.notice_from, c.notice_to), (Some(f), Some(t)) if f <= as_of && as_of <= t))
        .collect();
    cases.sort_by(|a, b| (&a.household, &a.id).cmp(&(&b.household, &b.id)));
    sink.header(&headers.row(NOTICE))?;
    for c in &cases {
        let h = households.iter().find(|h| h.id == c.household);
        sink.row(&[
            Cell::text(village),
            Cell::text(c.household.clone()),
            h.map_or(Cell::Empty, |h| Cell::text(h.head.clone())),
            h.map_or(Cell::Empty, |h| Cell::Int(i64::from(h.size))),
            Cell::text(headers.values.label(c.category)),
            Cell::Date(c.lead_on),
            c.notice_from.map_or(Cell::Empty, Cell::Date),
            c.notice_to.map_or(Cell::Empty, Cell::Date),
        ])?;
    }
    Ok(())
}

const MONITORING: &[(&str, &str)] = &[
    ("county", "县"),
    ("township", "乡镇"),
    ("village", "村编号"),
    ("name", "村名"),
    ("open_unstable", "监测中脱贫不稳定户"),
    ("open_marginal", "监测中边缘易致贫户"),
    ("open_sudden", "监测中突发严重困难户"),
    ("pending", "待审定"),
    ("opened", "本年审定"),
    ("eliminated", "本年风险消除"),
    ("identification_overdue", "识别超时"),
    ("without_measure", "未落实帮扶措施"),
];

/// One row per village (of `villages`, or all when none) with any case whose lead came in
/// by `as_of`: cases by state on `as_of`, approvals and eliminations of its year, and the
/// BF502 and BF504 findings.
pub fn write_monitoring(
    registry: &Registry,
    found: &[Finding],
    as_of: Date,
    village: Option<&str>,
    headers: Headers,
    sink: &mut dyn Sink,
) -> Result<()> {
    sink.header(&headers.row(MONITORING))?;
    let mut villages: Vec<_> = registry
        .villages
        .iter()
        .filter(|vr| village.is_none_or(|v| v == vr.village.id))
        .filter(|vr| vr.cases.iter().any(|c| c.lead_on <= as_of))
        .collect();
    villages.sort_by(|a, b| {
        (&a.village.county, &a.village.township, &a.village.id).cmp(&(
            &b.village.county,
            &b.village.township,
            &b.village.id,
        ))
    });
    let year = as_of.year();
    for vr in villages {
        let (mut open, mut pending, mut opened, mut eliminated) = ([0i64; 3], 0i64, 0i64, 0i64);
        for c in &vr.cases {
            match c.state(as_of) {
                CaseState::Open => {
                    open[match c.category {
                        CaseCategory::Unstable => 0,
                        CaseCategory::Marginal => 1,
                        CaseCategory::Sudden => 2,
                    }] += 1;
                }
                CaseState::Pending => pending += 1,
                CaseState::Eliminated | CaseState::NotYet => {}
            }
            if c.approved_by(as_of).is_some_and(|d| d.year() == year) {
                opened += 1;
            }
            if c.eliminated_by(as_of).is_some_and(|d| d.year() == year) {
                eliminated += 1;
            }
        }
        let findings = |code: &str| {
            found
                .iter()
                .filter(|f| f.code == code && f.village.as_deref() == Some(&vr.village.id))
                .count() as i64
        };
        let v = &vr.village;
        sink.row(&[
            Cell::text(v.county.clone()),
            Cell::text(v.township.clone()),
            Cell::text(v.id.clone()),
            Cell::text(v.name.clone()),
            Cell::Int(open[0]),
            Cell::Int(open[1]),
            Cell::Int(open[2]),
            Cell::Int(pending),
            Cell::Int(opened),
            Cell::Int(eliminated),
            Cell::Int(findings("BF502")),
            Cell::Int(findings("BF504")),
        ])?;
    }
    Ok(())
}
