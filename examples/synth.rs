//! Generates a realistic synthetic registry, deterministically from a seed, through bangfu's
//! own store API: a county for tests and demos, a province for the benchmark.
//!
//! ```sh
//! cargo run --release --example synth -- --villages 10000 --households-per-village 100 \
//!     --seed 1 --out /tmp/province
//! ```
//!
//! Each village gets 1–2 officials, a team of 3–5 cadres (who are also the helpers of its
//! households, about four households needing help each), households of whom about one in
//! seven still needs_help help, allocations (about one per two households) signed by a team
//! member and an official, and two or three plan items. About 2% of each kind carries a gap
//! that `bangfu check` should find: a poor village without a team, a team of two, a member
//! from the village itself, a household without a helper or without causes, an overloaded
//! helper, an exit below the poverty line or not verified, an allocation to an official's
//! unfiled kin, one without the second signature, one far above the village median, a team
//! without a plan. Seven households in eight have their members recorded, as many as their
//! size (about 3.5 members per household in all), the head among them with the household's ID
//! number; about 2% of members have no medical insurance or a school child out of school.

use std::path::PathBuf;
use std::time::Instant;

use bangfu::model::{
    Allocation, AllocationKind, Assessment, Attendance, Case, CaseCategory, CaseMeasure,
    CaseSource, Cause, Date, DatedMeasure, Elimination, Grade, Household, HouseholdCategory,
    HouseholdStatus, Housing, Leave, Measure, Official, Person, Plan, PlanCategory, PlanStatus,
    Region, Relation, Relationship, Risk, Role, Team, Village, VillageStatus, id_number_check,
};
use bangfu::model::{Labour, MedicalInsurance, Member, MemberRelation, Schooling};
use bangfu::store::{Store, Txn};
use clap::Parser;

/// Generate a synthetic bangfu store.
#[derive(Parser)]
struct Args {
    /// Number of villages
    #[arg(long)]
    villages: u32,
    /// Households in each village
    #[arg(long)]
    households_per_village: u32,
    /// Seed of the generator; the same seed gives the same registry
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Directory of the new store (must not hold a store yet)
    #[arg(long)]
    out: PathBuf,
    /// Villages written per transaction
    #[arg(long, default_value_t = 1000)]
    batch: u32,
}

/// SplitMix64: small, fast, and stable across versions, so a seed always gives the same
/// registry (a crate's generator may change its stream between releases).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// True with probability `percent`/100.
    fn percent(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "罗", "高", "林", "龙", "韦", "蒙", "潘", "石", "杜", "田", "雷", "吕", "彭",
];
const GIVEN: &[&str] = &[
    "芳", "明", "伟", "秀英", "国强", "建华", "玉兰", "志刚", "桂英", "德才", "小红", "春生",
    "海燕", "永福", "金花", "文军", "丽娟", "大山", "水生", "翠花", "光荣", "兴旺", "秋菊", "红梅",
    "立新", "宝山", "凤英", "长青", "世平", "正清",
];
const PLACE: &[&str] = &[
    "青", "石", "松", "竹", "河", "坪", "岭", "溪", "坡", "湾", "岩", "塘", "枫", "桃", "李", "杨",
    "柳", "云", "龙", "凤", "马", "牛", "羊", "沙", "田", "山", "水", "木", "金", "银",
];
const UNITS: &[&str] = &[
    "省交通运输厅",
    "省农业农村厅",
    "省卫生健康委",
    "省教育厅",
    "市人民医院",
    "市财政局",
    "县水务局",
    "县农业银行",
    "县住建局",
    "县供电局",
];

fn name(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
}

fn place(rng: &mut Rng, suffix: &str) -> String {
    format!("{}{}{suffix}", rng.pick(PLACE), rng.pick(PLACE))
}

fn date(y: i16, m: i8, d: i8) -> Date {
    Date(jiff::civil::date(y, m, d))
}

/// A fictional resident ID number with a valid check character.
fn id_number(rng: &mut Rng, region: u32) -> String {
    let birth = date(
        1950 + rng.below(50) as i16,
        1 + rng.below(12) as i8,
        1 + rng.below(28) as i8,
    );
    let digits = format!(
        "{region:06}{}{:03}",
        birth.to_string().replace('-', ""),
        rng.below(1000)
    );
    let check = id_number_check(digits.as_bytes());
    format!("{digits}{check}")
}

/// Counters for ids and planted gaps.
#[derive(Default)]
struct Counts {
    person: u64,
    team: u64,
    household: u64,
    allocation: u64,
    plan: u64,
    member: u64,
    case: u64,
    attendance: u64,
    leave: u64,
    assessment: u64,
}

fn next(counter: &mut u64, prefix: char) -> String {
    *counter += 1;
    format!("{prefix}{:06}", *counter)
}

/// Writes one village and everything in it.
fn village(
    txn: &mut Txn<'_>,
    rng: &mut Rng,
    counts: &mut Counts,
    n: u32,
    households: u32,
) -> bangfu::Result<()> {
    let county_no = n / 300;
    let township_no = n / 15;
    let id = format!("V{:06}", n + 1);
    let region = 520_000 + county_no;
    let exited = rng.percent(30);
    let mut v = Village {
        id: Into::into(id.clone()),
        name: Into::into(place(rng, "村")),
        province: Some(Into::into("黔南省".to_string())),
        county: Into::into(format!(
            "{}县{county_no:03}",
            PLACE[(county_no % 30) as usize]
        )),
        township: Into::into(format!(
            "{}镇{township_no:04}",
            PLACE[(township_no % 30) as usize]
        )),
        region: if n.is_multiple_of(10) {
            Region::Central
        } else {
            Region::West
        },
        status: if exited {
            VillageStatus::Exited
        } else {
            VillageStatus::Poor
        },
        exited_on: exited.then(|| date(2018 + rng.below(3) as i16, 11, 30)),
        population: Some(households * 4 + rng.below(200) as u32),
        officials: Vec::new(),
        types: Vec::new(),
    };

    // Officials live in the village.
    let mut officials = Vec::new();
    for role in [Role::PartySecretary, Role::Director] {
        if role == Role::Director && rng.percent(40) {
            continue;
        }
        let pid = next(&mut counts.person, 'P');
        txn.insert(&Person {
            id: Into::into(pid.clone()),
            name: Into::into(name(rng)),
            id_number: Some(Into::into(id_number(rng, region))),
            unit: Some(Into::into(format!("{}村民委员会", v.name))),
            level: Some(bangfu::model::Level::Village),
            home_village: Some(Into::into(id.clone())),
            phone: Some(Into::into(format!("139{:08}", rng.below(100_000_000)))),
        })?;
        v.officials.push(Official {
            person: Into::into(pid.clone()),
            role,
        });
        officials.push(pid);
    }
    txn.insert(&v)?;

    // The team: 3–5 cadres from outside; 2% of poor villages have none, 2% a team of two.
    let mut members = Vec::new();
    let without_team = !exited && rng.percent(2);
    let size = if rng.percent(2) { 2 } else { 3 + rng.below(3) };
    if !without_team {
        let unit = rng.pick(UNITS).to_string();
        for i in 0..size {
            let pid = next(&mut counts.person, 'P');
            let home = (i == 0 && rng.percent(2)).then(|| id.clone());
            txn.insert(&Person {
                id: Into::into(pid.clone()),
                name: Into::into(name(rng)),
                id_number: Some(Into::into(id_number(rng, 520_100))),
                unit: Some(Into::into(unit.clone())),
                level: Some(*rng.pick(&[
                    bangfu::model::Level::Province,
                    bangfu::model::Level::City,
                    bangfu::model::Level::County,
                ])),
                home_village: home.map(Into::into),
                phone: Some(Into::into(format!("138{:08}", rng.below(100_000_000)))),
            })?;
            members.push(pid);
        }
        let dispatched = if rng.percent(2) {
            date(2015, 3, 1)
        } else {
            date(2014, 1 + rng.below(6) as i8, 1 + rng.below(28) as i8)
        };
        let team_id = next(&mut counts.team, 'T');
        txn.insert(&Team {
            id: Into::into(team_id.clone()),
            village: Into::into(id.clone()),
            unit: Into::into(unit),
            leader: Into::into(members[0].clone()),
            members: members.iter().map(Into::into).collect(),
            dispatched_on: dispatched,
            term_end: Some(date(2021, 6, 30)),
            recalled_on: None,
            member_terms: Vec::new(),
        })?;
        // Duty: 12 months of attendance for every member (July 2020 to June 2021, the team's
        // last year), a leave for about one in five, and the 2020 grade.
        for m in &members {
            let mut absences = 0;
            for k in 0..12u8 {
                let (year, month) = if k < 6 { (2020, 7 + k) } else { (2021, k - 5) };
                let unexcused = u8::from(rng.percent(2));
                absences += unexcused;
                txn.insert(&Attendance {
                    id: Into::into(next(&mut counts.attendance, 'D')),
                    team: Into::into(team_id.clone()),
                    person: Into::into(m.clone()),
                    month: Into::into(format!("{year}-{month:02}")),
                    days_in_village: if rng.percent(5) {
                        15
                    } else {
                        20 + rng.below(8) as u8
                    },
                    leave_days: if rng.percent(10) { 2 } else { 0 },
                    unexcused_absences: unexcused,
                })?;
            }
            if rng.percent(20) {
                let from = date(2021, 3, 1 + rng.below(20) as i8);
                txn.insert(&Leave {
                    id: Into::into(next(&mut counts.leave, 'Q')),
                    team: Into::into(team_id.clone()),
                    person: Into::into(m.clone()),
                    from,
                    to: from.plus_days(rng.below(6) as i32),
                    approved_by: if rng.percent(90) {
                        Some(members[0].as_str().into())
                    } else {
                        None
                    },
                })?;
            }
            txn.insert(&Assessment {
                id: Into::into(next(&mut counts.assessment, 'E')),
                team: Into::into(team_id.clone()),
                person: Into::into(m.clone()),
                year: 2020,
                grade: match absences {
                    0 if rng.percent(20) => Grade::Excellent,
                    0 | 1 => Grade::Competent,
                    2 => Grade::BasicallyCompetent,
                    _ => Grade::Incompetent,
                },
            })?;
        }
        if !rng.percent(2) {
            for k in 0..2 + rng.below(2) {
                let pid = next(&mut counts.plan, 'L');
                txn.insert(&Plan {
                    id: Into::into(pid),
                    village: Into::into(id.clone()),
                    team: Some(Into::into(team_id.clone())),
                    category: *rng.pick(&[
                        PlanCategory::Infrastructure,
                        PlanCategory::Industry,
                        PlanCategory::Culture,
                    ]),
                    title: Into::into(format!(
                        "{}项目{k}",
                        rng.pick(&[
                            "通组路硬化",
                            "饮水工程",
                            "茶叶基地",
                            "文化广场",
                            "养牛合作社"
                        ])
                    )),
                    budget_fen: Some(i64::try_from(rng.below(500_000)).unwrap_or(0) * 100),
                    status: *rng.pick(&[
                        PlanStatus::Planned,
                        PlanStatus::InProgress,
                        PlanStatus::Done,
                    ]),
                    due: Some(date(2019 + rng.below(3) as i16, 12, 31)),
                })?;
            }
        }
    }

    // Households: about one in seven still needs_help help; helpers are the team's members.
    let mut ids = Vec::new();
    let mut needing = Vec::new();
    let overloaded = rng.percent(2);
    for h in 0..households {
        let hid = next(&mut counts.household, 'H');
        let roll = rng.below(100);
        let status = match roll {
            0..=12 => HouseholdStatus::Poor,
            13 => HouseholdStatus::Returned,
            14 => HouseholdStatus::NonPoor,
            _ => HouseholdStatus::Exited,
        };
        let needs_help = matches!(status, HouseholdStatus::Poor | HouseholdStatus::Returned);
        let helper = if members.is_empty() || (needs_help && rng.percent(2)) {
            None
        } else if overloaded {
            Some(members[0].as_str().into())
        } else {
            Some(members[(h as usize) % members.len()].clone())
        };
        let exit_year = 2016 + rng.below(5) as i16;
        let line = [2952, 2952, 2995, 3218, 4000][(exit_year - 2016) as usize];
        let exited = status == HouseholdStatus::Exited;
        let income_yuan = if exited && rng.percent(2) {
            line - 100
        } else {
            line + 500 + rng.below(6000) as i64
        };
        let mut relations = Vec::new();
        if !officials.is_empty() && rng.percent(3) {
            relations.push(Relation {
                person: Into::into(officials[0].clone()),
                relation: *rng.pick(&[
                    Relationship::Sibling,
                    Relationship::Child,
                    Relationship::InLaw,
                ]),
                filed_on: rng.percent(50).then(|| date(2015, 1, 10)),
            });
        }
        let causes = if needs_help && rng.percent(2) {
            Vec::new()
        } else {
            vec![*rng.pick(&[
                Cause::Illness,
                Cause::Disability,
                Cause::LackOfSkills,
                Cause::LackOfFunds,
                Cause::Education,
            ])]
        };
        let (head, head_number, size) =
            (name(rng), id_number(rng, region), 1 + rng.below(7) as u32);
        txn.insert(&Household {
            id: Into::into(hid.clone()),
            village: Into::into(id.clone()),
            head: Into::into(head.clone()),
            id_number: Some(Into::into(head_number.clone())),
            size,
            status,
            category: Some(*rng.pick(&[
                HouseholdCategory::General,
                HouseholdCategory::General,
                HouseholdCategory::Dibao,
                HouseholdCategory::Tekun,
            ])),
            causes,
            measures: vec![*rng.pick(&[
                Measure::Industry,
                Measure::Employment,
                Measure::Health,
                Measure::Education,
                Measure::Housing,
            ])],
            income_per_capita_fen: Some(income_yuan * 100),
            identified_on: Some(date(2014, 4, 15)),
            exited_on: exited.then(|| date(exit_year, 11, 20)),
            exit_verified_by: if exited && !members.is_empty() && !rng.percent(2) {
                Some(members[0].as_str().into())
            } else {
                None
            },
            helper: helper.map(Into::into),
            relations,
            // About 2% in a C house, like the other planted gaps.
            housing: Some(if rng.percent(2) {
                Housing::C
            } else {
                *rng.pick(&[Housing::A, Housing::B])
            }),
            water_safe: Some(!rng.percent(2)),
            income_year: None,
            wage_income_fen: None,
            business_income_fen: None,
            business_cost_fen: None,
            property_income_fen: None,
            transfer_income_fen: None,
            out_of_pocket_fen: None,
        })?;
        if !rng.percent(13) {
            members_of(txn, rng, counts, (&id, &hid), (&head, &head_number), size)?;
        }
        if needs_help {
            needing.push(hid.clone());
        }
        // About 5% of households are monitored; 2% of those cases carry a gap (no notice,
        // no measure, or an elimination below the line).
        if rng.percent(5) {
            monitoring_case(txn, rng, counts, &hid, exited, members.first())?;
        }
        ids.push(hid);
    }

    // Allocations: about one per two households, signed by a member and an official.
    for k in 0..households / 2 {
        let aid = next(&mut counts.allocation, 'A');
        // Mostly to households that still need help; 2% to anyone (some exited or non-poor).
        let household = if k % 10 == 0 {
            None
        } else if needing.is_empty() || rng.percent(2) {
            Some(rng.pick(&ids).clone())
        } else {
            Some(rng.pick(&needing).clone())
        };
        let mut approved_by = Vec::new();
        if let Some(m) = members.first() {
            approved_by.push(m.clone());
        }
        if let Some(o) = officials.first()
            && !rng.percent(2)
        {
            approved_by.push(o.clone());
        }
        let big = rng.percent(1);
        txn.insert(&Allocation {
            id: Into::into(aid),
            village: Into::into(id.clone()),
            household: household.map(Into::into),
            kind: *rng.pick(&[
                AllocationKind::Funds,
                AllocationKind::Materials,
                AllocationKind::Microcredit,
            ]),
            amount_fen: (if big {
                50_000
            } else {
                500 + rng.below(3000) as i64
            }) * 100,
            date: date(
                2016 + rng.below(4) as i16,
                1 + rng.below(12) as i8,
                1 + rng.below(28) as i8,
            ),
            source: Some(
                (*rng.pick(&["财政专项扶贫资金", "东西部协作资金", "定点帮扶单位"])).into(),
            ),
            purpose: Some(
                (*rng.pick(&["产业扶持", "危房改造补助", "教育资助", "医疗救助"])).into(),
            ),
            approved_by: approved_by.into_iter().map(Into::into).collect(),
        })?;
    }
    Ok(())
}

/// The members of household `hid` of village `v`: the head (with the household's ID number),
/// a spouse, then children, as many as `size`.
fn members_of(
    txn: &mut Txn<'_>,
    rng: &mut Rng,
    counts: &mut Counts,
    (v, hid): (&str, &str),
    (head, number): (&str, &str),
    size: u32,
) -> bangfu::Result<()> {
    for k in 0..size {
        let (relation, name, id_number, born_on) = match k {
            0 => (
                MemberRelation::Head,
                head.to_string(),
                Some(number.to_string()),
                None,
            ),
            1 => (
                MemberRelation::Spouse,
                name(rng),
                None,
                Some(date(1950 + rng.below(40) as i16, 3, 15)),
            ),
            _ => (
                MemberRelation::Child,
                name(rng),
                None,
                Some(date(1995 + rng.below(25) as i16, 6, 1)),
            ),
        };
        let child = k >= 2;
        txn.insert_at(
            &Member {
                id: Into::into(next(&mut counts.member, 'M')),
                household: Into::into(hid.to_string()),
                name: Into::into(name),
                id_number: id_number.map(Into::into),
                relation,
                sex: None,
                born_on,
                education: None,
                schooling: (child && !rng.percent(2)).then_some(Schooling::Primary),
                dropout_reason: None,
                health: None,
                disability_grade: None,
                labour: Some(if child {
                    Labour::None
                } else {
                    Labour::Ordinary
                }),
                work_months: None,
                medical_insurance: Some(if rng.percent(2) {
                    MedicalInsurance::None
                } else {
                    MedicalInsurance::Resident
                }),
                pension_insurance: None,
                dibao: false,
                tekun: false,
            },
            Some(v.to_string()),
        )?;
    }
    Ok(())
}

/// A monitoring case of household `hid` in 2025–2026: open, pending or eliminated.
fn monitoring_case(
    txn: &mut Txn<'_>,
    rng: &mut Rng,
    counts: &mut Counts,
    hid: &str,
    exited: bool,
    contact: Option<&String>,
) -> bangfu::Result<()> {
    let lead = date(2025, 1 + rng.below(12) as i8, 1 + rng.below(28) as i8);
    let gap = rng.percent(2);
    let (risk, measure) = *rng.pick(&[
        (Risk::Illness, CaseMeasure::Health),
        (Risk::UnstableWork, CaseMeasure::Employment),
        (Risk::Education, CaseMeasure::Education),
        (Risk::IndustryFailure, CaseMeasure::Industry),
        (Risk::LackOfLabor, CaseMeasure::SocialProtection),
    ]);
    let state = rng.below(3);
    let approved = (state > 0).then(|| lead.plus_days(10));
    let eliminated =
        (state == 2 && lead < date(2025, 12, 1)).then(|| lead.plus_days(10).plus_months(7));
    let id = next(&mut counts.case, 'C');
    txn.insert(&Case {
        id: Into::into(id),
        household: Into::into(hid.to_string()),
        category: if exited {
            CaseCategory::Unstable
        } else {
            *rng.pick(&[CaseCategory::Marginal, CaseCategory::Sudden])
        },
        source: *rng.pick(&[
            CaseSource::SelfReport,
            CaseSource::CadreVisit,
            CaseSource::DepartmentAlert,
        ]),
        lead_on: lead,
        notice_from: (!gap).then(|| lead.plus_days(3)),
        notice_to: (!gap).then(|| lead.plus_days(7)),
        approved_on: approved,
        risks: vec![risk],
        income_per_capita_fen: Some((5000 + rng.below(3000) as i64) * 100),
        measures: if gap || approved.is_none() {
            Vec::new()
        } else {
            vec![DatedMeasure {
                measure,
                on: lead.plus_days(15),
            }]
        },
        contact: contact.map(|c| c.as_str().into()),
        eliminated_on: eliminated,
        elimination: eliminated.map(|_| Elimination::Assisted),
        income_at_elimination_fen: eliminated.map(|_| {
            (if gap {
                8000
            } else {
                9000 + rng.below(3000) as i64
            }) * 100
        }),
        eliminated_verified_by: eliminated.and(contact.map(|c| c.as_str().into())),
    })
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let start = Instant::now();
    let result = (|| -> bangfu::Result<()> {
        let store = Store::init(&args.out, Some(format!("合成数据 seed {}", args.seed)))?;
        let mut rng = Rng(args.seed);
        let mut counts = Counts::default();
        // The monitoring lines of the consolidation years (illustrative; 2025 is Yunnan's).
        store.write("synth", |txn| {
            let mut overrides = txn.manifest().policy.clone();
            for (year, line) in [
                (2021, 6000),
                (2022, 6500),
                (2023, 7000),
                (2024, 7600),
                (2025, 8700),
                (2026, 9000),
            ] {
                overrides = bangfu::policy::Policy::set(
                    &overrides,
                    &format!("monitoring_line_yuan.{year}"),
                    &line.to_string(),
                    |_| true,
                )?;
            }
            txn.set_policy("monitoring_line_yuan", overrides)
        })?;
        let mut n = 0;
        while n < args.villages {
            let end = (n + args.batch).min(args.villages);
            store.write("synth", |txn| {
                for v in n..end {
                    village(txn, &mut rng, &mut counts, v, args.households_per_village)?;
                }
                Ok(())
            })?;
            n = end;
            eprintln!(
                "synth: {n}/{} villages ({:.1} s)",
                args.villages,
                start.elapsed().as_secs_f64()
            );
        }
        eprintln!(
            "synth: {} villages, {} people, {} teams, {} households, {} members, {} allocations, {} plans, {} cases, {} attendance, {} leaves, {} assessments in {:.1} s",
            args.villages,
            counts.person,
            counts.team,
            counts.household,
            counts.member,
            counts.allocation,
            counts.plan,
            counts.case,
            counts.attendance,
            counts.leave,
            counts.assessment,
            start.elapsed().as_secs_f64()
        );
        Ok(())
    })();
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("synth: error: {e}");
            std::process::ExitCode::from(e.status().code())
        }
    }
}
