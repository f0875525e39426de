//! `bangfu stats`: the registry at a glance, as of today.

use serde_json::{Map, Value, json};

use crate::cli::Format;
use crate::error::{ExitStatus, Result};
use crate::lang::{Lang, Text};
use crate::model::{CaseState, Date, Labelled};
use crate::policy::{Policy, Severity};

use super::Ctx;

/// Counts per value of an enumeration, every value listed (zero included), in its order.
fn by_label<T: Labelled + PartialEq>(values: impl Iterator<Item = T>) -> Vec<(T, usize)> {
    let mut counts: Vec<(T, usize)> = T::LABELS.iter().map(|(v, _, _)| (*v, 0)).collect();
    for v in values {
        if let Some(c) = counts.iter_mut().find(|(k, _)| *k == v) {
            c.1 += 1;
        }
    }
    counts
}

fn json_counts<T: Labelled>(counts: &[(T, usize)]) -> Value {
    Value::Object(
        counts
            .iter()
            .map(|(k, n)| (k.en().to_string(), json!(n)))
            .collect::<Map<_, _>>(),
    )
}

pub fn run(ctx: &mut Ctx) -> Result<ExitStatus> {
    let store = ctx.store()?;
    let policy = Policy::from_overrides(&store.manifest().policy)?;
    let today = Date::today();
    // As `check` finds them today: the last whole check's, when nothing changed since.
    let findings = super::check::every_rule(&store, &policy, today, ctx.out.lang)?;
    let registry = store.load()?;

    let villages = &registry.villages;
    let village_status = by_label(villages.iter().map(|v| v.village.status));
    let teams = villages.iter().map(|v| v.teams.len()).sum::<usize>();
    let active_teams = villages
        .iter()
        .flat_map(|v| &v.teams)
        .filter(|t| t.active_on(today))
        .count();
    let households = villages.iter().flat_map(|v| &v.households);
    let household_status = by_label(households.clone().map(|h| h.status));
    let needing_help = households.clone().filter(|h| h.needs_help()).count();
    let with_helper = households
        .clone()
        .filter(|h| h.needs_help() && h.helper.is_some())
        .count();
    let coverage = (needing_help > 0).then(|| {
        let p = with_helper as f64 * 100.0 / needing_help as f64;
        format!("{p:.1}").parse::<f64>().unwrap_or(p)
    });
    let allocations = villages.iter().flat_map(|v| &v.allocations);
    let allocation_kinds = by_label(allocations.clone().map(|a| a.kind));
    let amount_fen: i128 = allocations.clone().map(|a| i128::from(a.amount_fen)).sum();
    let plan_status = by_label(villages.iter().flat_map(|v| &v.plans).map(|p| p.status));
    let members: usize = villages.iter().map(|v| v.members.len()).sum();
    let gaps = Gaps::count(&registry, &policy, today);
    let cases = villages.iter().flat_map(|v| &v.cases);
    let open_cases = cases.clone().filter(|c| c.state(today) == CaseState::Open);
    let pending_cases = cases
        .clone()
        .filter(|c| c.state(today) == CaseState::Pending)
        .count();
    let case_category = by_label(open_cases.clone().map(|c| c.category));
    let case_risk = by_label(open_cases.clone().flat_map(|c| c.risks.iter().copied()));
    let severity = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let findings_by = [
        (Severity::Error, severity(Severity::Error)),
        (Severity::Warning, severity(Severity::Warning)),
        (Severity::Info, severity(Severity::Info)),
    ];

    if ctx.out.format == Format::Json {
        let value = json!({
            "as_of": today.to_string(),
            "villages": {"total": villages.len(), "by_status": json_counts(&village_status)},
            "teams": {"total": teams, "active": active_teams},
            "people": {"total": registry.people.len()},
            "households": {
                "total": total(&household_status),
                "by_status": json_counts(&household_status),
                "needing_help": needing_help,
                "with_helper": with_helper,
                "helper_coverage_percent": coverage,
            },
            "members": {"total": members},
            "guarantees": {
                "out_of_school": gaps.out_of_school,
                "without_medical_insurance": gaps.uninsured,
                "unsafe_housing": gaps.housing,
                "unsafe_water": gaps.water,
            },
            "allocations": {
                "total": total(&allocation_kinds),
                "by_kind": json_counts(&allocation_kinds),
                // Exact up to 18,446,744,073,709,551,615 fen (amounts are positive), over a
                // thousand times China's yearly output.
                "amount_fen": u64::try_from(amount_fen)
                    .map_or_else(|_| json!(amount_fen as f64), |f| json!(f)),
            },
            "plans": {
                "total": total(&plan_status),
                "by_status": json_counts(&plan_status),
            },
            "cases": {
                "open": total(&case_category),
                "pending": pending_cases,
                "open_by_category": json_counts(&case_category),
                "open_by_risk": json_counts(&case_risk),
            },
            "findings": findings_by
                .iter()
                .map(|(s, n)| (s.name().to_string(), json!(n)))
                .collect::<Map<_, _>>(),
        });
        ctx.out.json(&value)?;
        // The process ends next: freeing a province's records one by one would only delay it.
        std::mem::forget(registry);
        return Ok(ExitStatus::Success);
    }

    let mut t = Lines {
        lang: ctx.out.lang,
        rows: Vec::new(),
    };
    let as_of = Text {
        en: format!("as of {today}"),
        zh: format!("截至 {today}"),
    };
    t.line((&as_of.en, &as_of.zh), String::new());
    t.line(("villages 村", "村"), villages.len().to_string());
    t.counts(&village_status);
    t.line(("teams 驻村工作队", "驻村工作队"), teams.to_string());
    t.line(
        ("  active today 在岗", "  今日在岗"),
        active_teams.to_string(),
    );
    t.line(("people 人员", "人员"), registry.people.len().to_string());
    t.line(
        ("households 贫困户", "贫困户"),
        total(&household_status).to_string(),
    );
    t.counts(&household_status);
    t.line(
        ("  needing help 需帮扶", "  需帮扶"),
        needing_help.to_string(),
    );
    t.line(
        ("  with a helper 已落实帮扶责任人", "  已落实帮扶责任人"),
        with_helper.to_string(),
    );
    t.line(
        ("  helper coverage 帮扶责任人覆盖率", "  帮扶责任人覆盖率"),
        coverage.map_or_else(|| "-".to_string(), |p| format!("{p:.1}%")),
    );
    t.line(("members 家庭成员", "家庭成员"), members.to_string());
    t.line(
        ("guarantees 三保障及饮水", "三保障及饮水安全"),
        String::new(),
    );
    t.line(
        ("  out of school 适龄儿童失学", "  适龄儿童失学辍学"),
        gaps.out_of_school.to_string(),
    );
    t.line(
        ("  no medical insurance 未参保", "  未参加基本医疗保险"),
        gaps.uninsured.to_string(),
    );
    t.line(
        ("  in C/D houses 危房户", "  住房为C/D级危房的户"),
        gaps.housing.to_string(),
    );
    t.line(
        ("  unsafe water 饮水不安全户", "  饮水不安全的户"),
        gaps.water.to_string(),
    );
    t.line(
        ("allocations 扶贫资源", "扶贫资源"),
        total(&allocation_kinds).to_string(),
    );
    t.counts(&allocation_kinds);
    t.line(
        ("  amount (yuan) 金额(元)", "  金额(元)"),
        crate::model::value::format_yuan_total(amount_fen),
    );
    t.line(
        ("plans 发展规划", "发展规划"),
        total(&plan_status).to_string(),
    );
    t.counts(&plan_status);
    t.line(
        ("cases open 监测中的监测对象", "监测中的监测对象"),
        total(&case_category).to_string(),
    );
    t.counts(&case_category);
    t.line(("  by risk 按风险类型", "  按风险类型"), String::new());
    t.counts(&case_risk);
    t.line(
        ("cases pending 待审定监测对象", "待审定监测对象"),
        pending_cases.to_string(),
    );
    t.line(("findings 问题", "问题"), findings.len().to_string());
    for (s, n) in findings_by {
        let (en, zh) = (Lang::En.severity(s), Lang::Zh.severity(s));
        t.line((&format!("  {en}"), &format!("  {zh}")), n.to_string());
    }
    let rows = t.rows;
    if ctx.out.format == Format::Csv {
        let lang = ctx.out.lang;
        ctx.out
            .csv_rows(&csv_headers(lang), &csv_rows(&rows, lang, today))?;
    } else {
        ctx.out.table(&[], &rows)?;
    }
    std::mem::forget(registry);
    Ok(ExitStatus::Success)
}

fn csv_headers(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::En => ["section", "item", "value"],
        Lang::Zh => ["类别", "项目", "数值"],
    }
}

/// The table's lines (after its date line) as CSV rows: the heading a line is indented
/// under, the line, its figure; a heading's own row has no item. The date comes first.
fn csv_rows(lines: &[Vec<String>], lang: Lang, as_of: Date) -> Vec<Vec<String>> {
    let date = lang.pick("as of", "截至").to_string();
    let mut out = vec![vec![date, String::new(), as_of.to_string()]];
    let mut section = String::new();
    for line in lines.iter().skip(1) {
        let (label, figure) = (&line[0], line[1].clone());
        if let Some(item) = label.strip_prefix("  ") {
            out.push(vec![section.clone(), item.trim().to_string(), figure]);
        } else {
            section.clone_from(label);
            out.push(vec![section.clone(), String::new(), figure]);
        }
    }
    out
}

/// The counts behind each guarantee, over the households the guarantee rules concern
/// (BF211–BF214: poor, returned or exited, or with an open case), as of `on`: members of
/// school age out of school (or with schooling not recorded), members without medical
/// insurance, households in C/D houses, households without safe water.
struct Gaps {
    out_of_school: usize,
    uninsured: usize,
    housing: usize,
    water: usize,
}

impl Gaps {
    fn count(registry: &crate::store::Registry, policy: &Policy, on: Date) -> Gaps {
        let ix = crate::rules::Index::new(registry, policy, on);
        let ages = policy.school_ages();
        let mut gaps = Gaps {
            out_of_school: 0,
            uninsured: 0,
            housing: 0,
            water: 0,
        };
        for vr in &registry.villages {
            for h in vr.households.iter().filter(|h| ix.guaranteed(h)) {
                gaps.housing += usize::from(h.unsafe_housing());
                gaps.water += usize::from(h.unsafe_water());
            }
            for m in &vr.members {
                let (out_of_school, uninsured) = (m.out_of_school(on, ages), m.uninsured());
                if (out_of_school || uninsured)
                    && ix
                        .households
                        .get(m.household.as_str())
                        .is_some_and(|h| ix.guaranteed(h))
                {
                    gaps.out_of_school += usize::from(out_of_school);
                    gaps.uninsured += usize::from(uninsured);
                }
            }
        }
        gaps
    }
}

fn total<T>(counts: &[(T, usize)]) -> usize {
    counts.iter().map(|c| c.1).sum()
}

/// The rows of the table: a label and a figure.
struct Lines {
    lang: Lang,
    rows: Vec<Vec<String>>,
}

impl Lines {
    /// A line labelled `(English, Chinese)`, in the language.
    fn line(&mut self, (en, zh): (&str, &str), figure: String) {
        self.rows
            .push(vec![self.lang.pick(en, zh).to_string(), figure]);
    }

    /// One indented line per value of an enumeration: in English with its Chinese label
    /// too, in Chinese with that alone.
    fn counts<T: Labelled>(&mut self, counts: &[(T, usize)]) {
        for (k, n) in counts {
            let en = format!("  {} {}", k.en(), k.zh());
            self.line((&en, &format!("  {}", k.zh())), n.to_string());
        }
    }
}
