//! Policy settings (README, "Policy"): the numbers that vary by locality. The store's
//! `bangfu.json` keeps only the settings that differ from these defaults.
//!
//! Every setting is one row of a table: its key, its default, its source, and the kind of
//! value it takes with its range. `policy set`, `policy show`, the defaults, the pruning of
//! overrides equal to a default and the check of a hand-edited `bangfu.json` all read that
//! table; the typed fields of `Policy` that the rules use are generated from the same rows.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::lang::Text;
use crate::model::{Date, Region};

/// A rule's severity, or `off`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.trim() {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// What policy says of one rule: a severity, or switched off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSetting {
    Off,
    On(Severity),
}

impl RuleSetting {
    pub fn parse(s: &str) -> Option<RuleSetting> {
        if s.trim() == "off" {
            Some(RuleSetting::Off)
        } else {
            Severity::parse(s).map(RuleSetting::On)
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            RuleSetting::Off => "off",
            RuleSetting::On(s) => s.name(),
        }
    }
}

/// A calendar month, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i16,
    pub month: i8,
}

impl Month {
    /// `YYYY-MM`, a real month.
    pub fn parse(s: &str) -> Option<Month> {
        let b = s.as_bytes();
        if b.len() != 7 || b[4] != b'-' {
            return None;
        }
        let year: i16 = s[..4].parse().ok()?;
        let month: i8 = s[5..].parse().ok()?;
        let digits = b
            .iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit());
        (digits && (1..=12).contains(&month)).then_some(Month { year, month })
    }

    /// The month's first day.
    pub fn first_day(self) -> Date {
        Date(jiff::civil::Date::new(self.year, self.month, 1).unwrap_or(jiff::civil::Date::MIN))
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The village types (`types` of a village), as `team_required_types` names them.
pub const VILLAGE_TYPES: &[(&str, &str)] =
    <crate::model::VillageType as crate::model::Labelled>::PAIRS;

/// The earliest and latest date a policy date may be.
const FIRST_POLICY_DATE: &str = "1949-10-01";
const LAST_POLICY_DATE: &str = "2100-12-31";

/// The kind of value a setting takes, with its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Range {
    /// A whole number from `min` to `max`.
    Whole { min: u32, max: u32 },
    /// A date `YYYY-MM-DD` from 1949-10-01 to 2100-12-31.
    Date,
    /// A month `YYYY-MM` in the same span.
    Month,
    /// Village types, comma-separated (English or Chinese labels).
    VillageTypes,
    /// A rule's severity or `off`.
    RuleSetting,
}

impl Range {
    /// What a value must be, for messages.
    pub fn expected(self) -> String {
        match self {
            Range::Whole { min, max } => format!("a whole number from {min} to {max}"),
            Range::Date => {
                format!("a date YYYY-MM-DD from {FIRST_POLICY_DATE} to {LAST_POLICY_DATE}")
            }
            Range::Month => "a month YYYY-MM from 1949-10 to 2100-12".into(),
            Range::VillageTypes => format!(
                "village types separated by commas, from {}",
                VILLAGE_TYPES
                    .iter()
                    .map(|(en, _)| *en)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Range::RuleSetting => "off, info, warning or error".into(),
        }
    }

    /// What a value must be, in Chinese.
    pub fn expected_zh(self) -> String {
        match self {
            Range::Whole { min, max } => format!("{min} 到 {max} 之间的整数"),
            Range::Date => {
                format!("{FIRST_POLICY_DATE} 到 {LAST_POLICY_DATE} 之间的日期 YYYY-MM-DD")
            }
            Range::Month => "1949-10 到 2100-12 之间的月份 YYYY-MM".into(),
            Range::VillageTypes => format!(
                "以逗号分隔的村类型：{}",
                VILLAGE_TYPES
                    .iter()
                    .map(|(_, zh)| *zh)
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            Range::RuleSetting => "off、info、warning 或 error".into(),
        }
    }

    /// Parses a value as typed at `policy set` into its stored JSON form.
    pub fn parse(self, text: &str) -> Option<Value> {
        let text = text.trim();
        let value = match self {
            Range::Whole { .. } => Value::from(text.parse::<u64>().ok()?),
            Range::Date | Range::Month => Value::from(text),
            Range::VillageTypes => {
                let mut types = Vec::new();
                for part in text.split([',', '，']).map(str::trim) {
                    let (en, _) = VILLAGE_TYPES
                        .iter()
                        .find(|(en, zh)| *en == part || *zh == part)?;
                    if !types.contains(en) {
                        types.push(*en);
                    }
                }
                Value::from(types)
            }
            Range::RuleSetting => Value::from(RuleSetting::parse(text)?.name()),
        };
        self.accepts(&value).then_some(value)
    }

    /// Whether a stored value (perhaps edited by hand) is of this kind and in range.
    pub fn accepts(self, value: &Value) -> bool {
        match self {
            Range::Whole { min, max } => value
                .as_u64()
                .is_some_and(|n| (u64::from(min)..=u64::from(max)).contains(&n)),
            Range::Date => value.as_str().is_some_and(|s| {
                s.parse::<Date>().is_ok() && (FIRST_POLICY_DATE..=LAST_POLICY_DATE).contains(&s)
            }),
            Range::Month => value
                .as_str()
                .is_some_and(|s| Month::parse(s).is_some() && ("1949-10"..="2100-12").contains(&s)),
            Range::VillageTypes => value.as_array().is_some_and(|a| {
                a.iter().all(|t| {
                    t.as_str()
                        .is_some_and(|t| VILLAGE_TYPES.iter().any(|(en, _)| *en == t))
                })
            }),
            Range::RuleSetting => value.as_str().and_then(RuleSetting::parse).is_some(),
        }
    }
}

/// One scalar setting: a row of the policy table.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    pub key: &'static str,
    /// The default as `policy set` would take it.
    pub default: &'static str,
    pub range: Range,
    /// Where the default comes from.
    pub source: Source,
}

/// Where a default comes from, in English and in Chinese.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    pub en: &'static str,
    pub zh: &'static str,
}

impl Source {
    pub fn pick(self, lang: crate::lang::Lang) -> &'static str {
        lang.pick(self.en, self.zh)
    }
}

/// A setting with one value per sub-key (`poverty_line_yuan.2016`): a row of the table too.
#[derive(Debug, Clone, Copy)]
pub struct MapRow {
    pub key: &'static str,
    /// What the sub-key is.
    pub sub: Sub,
    pub defaults: &'static [(&'static str, &'static str)],
    pub range: Range,
    pub source: Source,
}

/// The sub-keys a map setting takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sub {
    /// east, central, west.
    Region,
    /// A year from 1978 to 2100.
    Year,
    /// A rule code known to `bangfu rules`.
    RuleCode,
}

impl Sub {
    fn accepts(self, sub: &str, known_rule: &dyn Fn(&str) -> bool) -> bool {
        match self {
            Sub::Region => matches!(sub, "east" | "central" | "west"),
            Sub::Year => {
                sub.len() == 4 && sub.parse::<u16>().is_ok_and(|y| (1978..=2100).contains(&y))
            }
            Sub::RuleCode => known_rule(sub),
        }
    }

    fn expected(self) -> &'static str {
        match self {
            Sub::Region => "east, central or west",
            Sub::Year => "a year from 1978 to 2100",
            Sub::RuleCode => "a rule code of `bangfu rules`",
        }
    }

    fn expected_zh(self) -> &'static str {
        match self {
            Sub::Region => "east、central 或 west",
            Sub::Year => "1978 到 2100 之间的年份",
            Sub::RuleCode => "`bangfu rules` 列出的规则代码",
        }
    }
}

/// Converts a stored JSON value (already checked against its range) into a field's type.
trait FromSetting: Sized {
    fn from_setting(value: &Value) -> Option<Self>;
    fn to_setting(&self) -> Value;
}

impl FromSetting for u32 {
    fn from_setting(value: &Value) -> Option<u32> {
        value.as_u64().and_then(|n| u32::try_from(n).ok())
    }
    fn to_setting(&self) -> Value {
        Value::from(*self)
    }
}

impl FromSetting for Date {
    fn from_setting(value: &Value) -> Option<Date> {
        value.as_str()?.parse().ok()
    }
    fn to_setting(&self) -> Value {
        Value::from(self.to_string())
    }
}

impl FromSetting for Month {
    fn from_setting(value: &Value) -> Option<Month> {
        Month::parse(value.as_str()?)
    }
    fn to_setting(&self) -> Value {
        Value::from(self.to_string())
    }
}

impl FromSetting for Vec<String> {
    fn from_setting(value: &Value) -> Option<Vec<String>> {
        value
            .as_array()?
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect()
    }
    fn to_setting(&self) -> Value {
        Value::from(self.clone())
    }
}

/// Declares the scalar settings once: the `Policy` fields and the rows of `SCALARS`.
macro_rules! scalar_settings {
    ($($field:ident: $ty:ty = $default:literal, $range:expr, $source:literal, $zh:literal;)+) => {
        /// The effective policy of a store: every setting, defaults filled in, each checked
        /// against its range.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Policy {
            $(#[doc = $source] pub $field: $ty,)+
            /// By region: a village exits below this poverty incidence, in percent.
            pub exit_incidence_percent: BTreeMap<String, u32>,
            /// By year: the poverty line in yuan per head.
            pub poverty_line_yuan: BTreeMap<String, u32>,
            /// By year: the monitoring line in yuan per head (none by default).
            pub monitoring_line_yuan: BTreeMap<String, u32>,
            /// Per-rule overrides: "off", "info", "warning", "error".
            pub rules: BTreeMap<String, String>,
        }

        /// The scalar settings, in the order `policy show` lists them.
        pub const SCALARS: &[Row] = &[
            $(Row {
                key: stringify!($field),
                default: $default,
                range: $range,
                source: Source { en: $source, zh: $zh },
            },)+
        ];

        impl Policy {
            /// The scalar fields from values already checked against their ranges.
            fn with_scalars(values: &BTreeMap<&str, Value>, maps: Maps) -> Option<Policy> {
                Some(Policy {
                    $($field: <$ty>::from_setting(values.get(stringify!($field))?)?,)+
                    exit_incidence_percent: maps.exit_incidence_percent,
                    poverty_line_yuan: maps.poverty_line_yuan,
                    monitoring_line_yuan: maps.monitoring_line_yuan,
                    rules: maps.rules,
                })
            }

            fn scalar_values(&self) -> Vec<(&'static str, Value)> {
                vec![$((stringify!($field), self.$field.to_setting()),)+]
            }
        }
    };
}

const fn whole(min: u32, max: u32) -> Range {
    Range::Whole { min, max }
}

scalar_settings! {
    min_team_members: u32 = "3", whole(1, 100),
        "2017 guideline: 每个驻村工作队一般不少于3人",
        "2017年指导意见：每个驻村工作队一般不少于3人";
    min_term_years: u32 = "2", whole(1, 10),
        "2017 guideline: 每期驻村时间不少于2年",
        "2017年指导意见：每期驻村时间不少于2年";
    dispatch_deadline: Date = "2014-06-30", Range::Date,
        "teams were to reach every poor village in the first half of 2014",
        "2014年上半年工作队要进驻每个贫困村";
    max_households_per_helper: u32 = "5", whole(1, 1000),
        "local caps vary",
        "各地上限不一";
    plan_due_days: u32 = "90", whole(1, 3650),
        "days a team has to draw up a plan",
        "工作队制定帮扶规划的期限（天）";
    concentration_factor: u32 = "3", whole(1, 100),
        "times the village median that marks concentrated relief",
        "超过本村中位数的这一倍数即为资源过度集中";
    team_required_types: Vec<String> = "lifted,relocation_site", Range::VillageTypes,
        "2021 意见: 脱贫村 and relocation sites keep teams",
        "2021年意见：脱贫村和易地搬迁安置点继续选派工作队";
    min_days_in_village: u32 = "20", whole(1, 31),
        "local rules: 每月在村不少于20天",
        "地方规定：每月在村不少于20天";
    attendance_from: Month = "2021-06", Range::Month,
        "first month attendance is expected",
        "开始要求考勤的第一个月";
    leave_township_max_days: u32 = "3", whole(1, 31),
        "local rules: leave up to 3 days approved by the township",
        "地方规定：3天以内的请假由乡镇批准";
    handover_min_days: u32 = "10", whole(1, 365),
        "local rules (新老交接): the old team leaves at least 10 days after the new arrives",
        "地方规定（新老交接）：新队到岗后老队至少再留10天";
    handover_from: Date = "2021-01-01", Range::Date,
        "rotations judged by BF114 (the 2021 dispatch onward)",
        "BF114 判断的轮换（自2021年选派起）";
    handover_max_days: u32 = "30", whole(1, 365),
        "how long an overlap of old and new team is a handover, not two teams (BF102)",
        "新老工作队重叠多久算交接，而不算两支工作队（BF102）";
    school_age_from: u32 = "6", whole(3, 25),
        "compulsory education (义务教育) ages, from",
        "义务教育年龄，起";
    school_age_to: u32 = "15", whole(3, 25),
        "compulsory education (义务教育) ages, to",
        "义务教育年龄，止";
    monitoring_from: Date = "2021-01-01", Range::Date,
        "the monitoring mechanism starts with the consolidation years",
        "防止返贫动态监测机制自巩固衔接期开始";
    identification_max_days: u32 = "15", whole(1, 365),
        "lead → approval normally within 15 days",
        "从发现线索到审批一般不超过15天";
    notice_min_days: u32 = "5", whole(1, 60),
        "village 公示 at least 5 days",
        "村内公示不少于5天";
    measure_due_days: u32 = "30", whole(1, 365),
        "a measure within a month of approval",
        "审批后一个月内落实帮扶措施";
    elimination_min_months: u32 = "6", whole(1, 60),
        "income stably above the line for about half a year",
        "收入稳定高于监测线约半年";
}

/// The settings with one value per sub-key.
pub const MAPS: &[MapRow] = &[
    MapRow {
        key: "exit_incidence_percent",
        sub: Sub::Region,
        defaults: &[("east", "2"), ("central", "2"), ("west", "3")],
        range: whole(0, 100),
        source: Source {
            en: "2016 exit mechanism",
            zh: "2016年贫困退出机制",
        },
    },
    MapRow {
        key: "poverty_line_yuan",
        sub: Sub::Year,
        defaults: &[
            ("2011", "2536"),
            ("2012", "2625"),
            ("2013", "2736"),
            ("2014", "2800"),
            ("2015", "2855"),
            ("2016", "2952"),
            ("2017", "2952"),
            ("2018", "2995"),
            ("2019", "3218"),
            ("2020", "4000"),
        ],
        range: whole(1, 100_000),
        source: Source {
            en: "NBS current-price line (2300 yuan at 2010 prices) for 2011–2016; later years \
                 are common defaults: set your locality's",
            zh: "2011–2016年为国家统计局现价贫困线（2010年价格2300元）；以后各年为常用默认值，\
                 请按本地标准设置",
        },
    },
    MapRow {
        key: "monitoring_line_yuan",
        sub: Sub::Year,
        defaults: &[],
        range: whole(1, 100_000),
        source: Source {
            en: "per year, set by the province",
            zh: "按年由省里确定",
        },
    },
    MapRow {
        key: "rules",
        sub: Sub::RuleCode,
        defaults: &[],
        range: Range::RuleSetting,
        source: Source {
            en: "per-rule override (default: the rule's own severity)",
            zh: "逐条规则设置（默认：规则本身的严重程度）",
        },
    },
];

/// The map settings' values, as the `Policy` fields hold them.
#[derive(Default)]
struct Maps {
    exit_incidence_percent: BTreeMap<String, u32>,
    poverty_line_yuan: BTreeMap<String, u32>,
    monitoring_line_yuan: BTreeMap<String, u32>,
    rules: BTreeMap<String, String>,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy::from_overrides(&Map::new()).unwrap_or_else(|e| unreachable!("defaults: {e}"))
    }
}

impl Serialize for Policy {
    /// The whole policy with the defaults filled in: the shape of `bangfu.json`'s `policy`.
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut out = Map::new();
        for (key, value) in self.scalar_values() {
            out.insert(key.to_string(), value);
        }
        for row in MAPS {
            let map: Map<String, Value> = self
                .map_values(row.key)
                .into_iter()
                .map(|(k, v)| (k, v.clone()))
                .collect();
            out.insert(row.key.to_string(), Value::Object(map));
        }
        Value::Object(out).serialize(s)
    }
}

/// The stored default of a scalar row.
fn default_value(row: &Row) -> Value {
    row.range
        .parse(row.default)
        .unwrap_or_else(|| unreachable!("the default of {} is in its range", row.key))
}

/// The first key of `overrides` that is no setting's.
fn unknown_key(overrides: &Map<String, Value>) -> Option<&String> {
    overrides
        .keys()
        .find(|key| !SCALARS.iter().any(|r| r.key == *key) && !MAPS.iter().any(|r| r.key == *key))
}

/// A known rule code for checks that have no rule table at hand (a hand-edited store is
/// checked when it is opened): anything shaped like one.
fn any_rule_code(code: &str) -> bool {
    code.len() == 5 && code.starts_with("BF") && code[2..].bytes().all(|b| b.is_ascii_digit())
}

impl Policy {
    /// The defaults with the store's overrides applied. An override that is unknown or out
    /// of its range (a hand edit) is a store problem, named with its key and value.
    pub fn from_overrides(overrides: &Map<String, Value>) -> Result<Policy> {
        // No command sets a key it does not know, so none removes one: that is a hand edit.
        let (fix, fix_zh) = if unknown_key(overrides).is_some() {
            (
                "remove it from the policy in bangfu.json by hand",
                "请手工从 bangfu.json 的 policy 中删除它",
            )
        } else {
            (
                "fix it with `bangfu policy set`",
                "请用 `bangfu policy set` 改正",
            )
        };
        Policy::build(overrides, &any_rule_code).map_err(|e| {
            Error::store_in(Text {
                en: format!("bangfu.json: the policy {}; {fix}", e.en),
                zh: format!("bangfu.json：政策{}；{fix_zh}", e.zh),
            })
        })
    }

    /// The policy from overrides; the error is the sentence after "the policy" (政策).
    fn build(
        overrides: &Map<String, Value>,
        known_rule: &dyn Fn(&str) -> bool,
    ) -> std::result::Result<Policy, Text> {
        if let Some(key) = unknown_key(overrides) {
            return Err(Text {
                en: format!("has an unknown setting {key}"),
                zh: format!("有未知的设置 {key}"),
            });
        }
        let mut values = BTreeMap::new();
        for row in SCALARS {
            let value = match overrides.get(row.key) {
                Some(v) if row.range.accepts(v) => v.clone(),
                Some(v) => {
                    return Err(Text {
                        en: format!(
                            "setting {} = {v} is not valid; expected {}",
                            row.key,
                            row.range.expected()
                        ),
                        zh: format!(
                            "设置 {} = {v} 无效；应为{}",
                            row.key,
                            row.range.expected_zh()
                        ),
                    });
                }
                None => default_value(row),
            };
            values.insert(row.key, value);
        }
        let mut maps = Maps::default();
        for row in MAPS {
            let mut merged: BTreeMap<String, Value> = row
                .defaults
                .iter()
                .map(|(k, v)| ((*k).to_string(), row.range.parse(v).unwrap_or_default()))
                .collect();
            match overrides.get(row.key) {
                None => {}
                Some(Value::Object(over)) => {
                    for (sub, v) in over {
                        if !row.sub.accepts(sub, known_rule) {
                            let key = row.key;
                            return Err(Text {
                                en: format!(
                                    "setting {key}.{sub} is not known; expected {key}.KEY with KEY {}",
                                    row.sub.expected()
                                ),
                                zh: format!(
                                    "设置 {key}.{sub} 未知；应为 {key}.KEY，KEY 为{}",
                                    row.sub.expected_zh()
                                ),
                            });
                        }
                        if !row.range.accepts(v) {
                            return Err(Text {
                                en: format!(
                                    "setting {}.{sub} = {v} is not valid; expected {}",
                                    row.key,
                                    row.range.expected()
                                ),
                                zh: format!(
                                    "设置 {}.{sub} = {v} 无效；应为{}",
                                    row.key,
                                    row.range.expected_zh()
                                ),
                            });
                        }
                        merged.insert(sub.clone(), v.clone());
                    }
                }
                Some(v) => {
                    let key = row.key;
                    return Err(Text {
                        en: format!(
                            "setting {key} = {v} is not valid; expected an object of {key}.KEY values"
                        ),
                        zh: format!("设置 {key} = {v} 无效；应为由 {key}.KEY 的值组成的对象"),
                    });
                }
            }
            let numbers = || {
                merged
                    .iter()
                    .filter_map(|(k, v)| Some((k.clone(), u32::from_setting(v)?)))
                    .collect()
            };
            match row.key {
                "exit_incidence_percent" => maps.exit_incidence_percent = numbers(),
                "poverty_line_yuan" => maps.poverty_line_yuan = numbers(),
                "monitoring_line_yuan" => maps.monitoring_line_yuan = numbers(),
                _ => {
                    maps.rules = merged
                        .iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                        .collect();
                }
            }
        }
        let policy = Policy::with_scalars(&values, maps)
            .ok_or_else(|| Text::new("does not parse", "无法解析"))?;
        let (from, to) = (policy.school_age_from, policy.school_age_to);
        if from > to {
            return Err(Text {
                en: format!(
                    "setting school_age_from = {from} is above school_age_to = {to}; expected from ≤ to"
                ),
                zh: format!(
                    "设置 school_age_from = {from} 大于 school_age_to = {to}；应为 from ≤ to"
                ),
            });
        }
        Ok(policy)
    }

    fn map_values(&self, key: &str) -> BTreeMap<String, Value> {
        let numbers = |m: &BTreeMap<String, u32>| {
            m.iter()
                .map(|(k, v)| (k.clone(), Value::from(*v)))
                .collect()
        };
        match key {
            "exit_incidence_percent" => numbers(&self.exit_incidence_percent),
            "poverty_line_yuan" => numbers(&self.poverty_line_yuan),
            "monitoring_line_yuan" => numbers(&self.monitoring_line_yuan),
            _ => self
                .rules
                .iter()
                .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
                .collect(),
        }
    }

    /// The compulsory-education ages (`school_age_from`, `school_age_to`).
    pub fn school_ages(&self) -> crate::model::guarantee::SchoolAges {
        let age = |a: u32| i32::try_from(a).unwrap_or(i32::MAX);
        crate::model::guarantee::SchoolAges {
            from: age(self.school_age_from),
            to: age(self.school_age_to),
        }
    }

    /// The poverty line of `year` in fen; `None` when policy sets none for that year.
    pub fn poverty_line_fen(&self, year: i16) -> Option<i64> {
        self.poverty_line_yuan
            .get(&year.to_string())
            .map(|y| i64::from(*y) * 100)
    }

    /// The monitoring line of `year` in fen; `None` when policy sets none for that year.
    pub fn monitoring_line_fen(&self, year: i16) -> Option<i64> {
        self.monitoring_line_yuan
            .get(&year.to_string())
            .map(|y| i64::from(*y) * 100)
    }

    /// The exit threshold of poverty incidence for a region, in percent.
    pub fn exit_incidence(&self, region: Region) -> u32 {
        use crate::model::Labelled;
        self.exit_incidence_percent
            .get(region.en())
            .copied()
            .unwrap_or(if region == Region::West { 3 } else { 2 })
    }

    /// Whether policy keeps a team in villages of this type (its English label).
    pub fn team_required(&self, village_type: &str) -> bool {
        self.team_required_types.iter().any(|t| t == village_type)
    }

    /// What policy says of a rule, if it overrides it.
    pub fn rule_setting(&self, code: &str) -> Option<RuleSetting> {
        self.rules.get(code).and_then(|s| RuleSetting::parse(s))
    }

    /// Applies `policy set KEY VALUE` to a store's overrides and returns the new overrides.
    /// `known_rule` says whether a rule code exists. A value out of its range is rejected, and
    /// so are settings that disagree with each other (`school_age_from` above `school_age_to`).
    pub fn set(
        overrides: &Map<String, Value>,
        key: &str,
        value: &str,
        known_rule: impl Fn(&str) -> bool,
    ) -> Result<Map<String, Value>> {
        let out = Policy::set_alone(overrides, key, value, &known_rule)?;
        Policy::build(&out, &known_rule).map_err(|e| {
            Error::rejected_in(Text {
                en: format!("policy {key}: {}", e.en),
                zh: format!("政策 {key}：{}", e.zh),
            })
        })?;
        Ok(out)
    }

    /// Whether settings agree with each other: the sentence after "the policy" (政策) if not.
    /// An import judges them so once every row is set, since a file sets them in any order.
    pub fn judge(
        overrides: &Map<String, Value>,
        known_rule: impl Fn(&str) -> bool,
    ) -> std::result::Result<(), Text> {
        Policy::build(overrides, &known_rule).map(drop)
    }

    /// `set` judging the value alone, not against the other settings (`judge`).
    pub fn set_alone(
        overrides: &Map<String, Value>,
        key: &str,
        value: &str,
        known_rule: impl Fn(&str) -> bool,
    ) -> Result<Map<String, Value>> {
        if unknown_key(overrides).is_some() {
            // The store's problem, not the setting given: no `set` can mend it.
            Policy::from_overrides(overrides)?;
        }
        let (head, sub) = match key.split_once('.') {
            Some((h, s)) => (h, Some(s)),
            None => (key, None),
        };
        let range = match (SCALARS.iter().find(|r| r.key == head), sub) {
            (Some(row), None) => row.range,
            _ => match (MAPS.iter().find(|r| r.key == head), sub) {
                (Some(row), Some(sub)) if row.sub.accepts(sub, &known_rule) => row.range,
                (Some(row), Some(code)) if row.sub == Sub::RuleCode => {
                    let code = crate::model::value::shown_text(code);
                    return Err(Error::rejected_in(Text {
                        en: format!("policy {key}: {code} is not a known rule; see `bangfu rules`"),
                        zh: format!("政策 {key}：{code} 不是已知的规则；见 `bangfu rules`"),
                    }));
                }
                (Some(row), _) => {
                    return Err(Error::rejected_in(Text {
                        en: format!(
                            "policy {key}: unknown key; expected {}.KEY with KEY {}",
                            row.key,
                            row.sub.expected()
                        ),
                        zh: format!(
                            "政策 {key}：未知的键；应为 {}.KEY，KEY 为{}",
                            row.key,
                            row.sub.expected_zh()
                        ),
                    }));
                }
                (None, _) => {
                    let keys: Vec<String> = SCALARS
                        .iter()
                        .map(|r| r.key.to_string())
                        .chain(MAPS.iter().map(|r| format!("{}.KEY", r.key)))
                        .collect();
                    return Err(Error::rejected_in(Text {
                        en: format!(
                            "policy {key}: unknown key; expected one of {}",
                            keys.join(", ")
                        ),
                        zh: format!("政策 {key}：未知的键；应为以下之一：{}", keys.join(", ")),
                    }));
                }
            },
        };
        let new_value = range.parse(value).ok_or_else(|| {
            let shown = crate::model::value::shown_text(value);
            Error::rejected_in(crate::lang::Text {
                en: format!(
                    "policy {key}: {shown} is not valid; expected {}",
                    range.expected()
                ),
                zh: format!("政策 {key}：{shown} 无效；应为{}", range.expected_zh()),
            })
        })?;
        let mut out = overrides.clone();
        match sub {
            None => {
                out.insert(head.to_string(), new_value);
            }
            Some(sub) => {
                let entry = out
                    .entry(head.to_string())
                    .or_insert_with(|| Value::Object(Map::new()));
                if !entry.is_object() {
                    *entry = Value::Object(Map::new());
                }
                if let Value::Object(m) = entry {
                    m.insert(sub.to_string(), new_value);
                }
            }
        }
        prune_defaults(&mut out);
        Ok(out)
    }

    /// Every setting as `policy show` prints it: dotted key, effective value, default and
    /// source. Sub-keys of the map settings appear when they have a default or are set.
    pub fn settings(&self) -> Vec<Setting> {
        let defaults = Policy::default();
        let show = |v: &Value| match v {
            Value::String(s) => s.clone(),
            Value::Array(a) => a
                .iter()
                .map(|t| t.as_str().unwrap_or_default().to_string())
                .collect::<Vec<_>>()
                .join(","),
            other => other.to_string(),
        };
        let mut out = Vec::new();
        let current: BTreeMap<&str, Value> = self.scalar_values().into_iter().collect();
        for row in SCALARS {
            out.push(Setting {
                key: row.key.to_string(),
                value: current.get(row.key).map(show).unwrap_or_default(),
                default: show(&default_value(row)),
                source: row.source,
            });
        }
        for row in MAPS {
            let mine = self.map_values(row.key);
            let theirs = defaults.map_values(row.key);
            let subs: std::collections::BTreeSet<&String> =
                mine.keys().chain(theirs.keys()).collect();
            for sub in subs {
                let source = match (row.key, sub.parse::<u16>()) {
                    ("poverty_line_yuan", Ok(y)) if (2011..=2016).contains(&y) => Source {
                        en: "NBS current-price line (2300 yuan at 2010 prices)",
                        zh: "国家统计局现价贫困线（2010年价格2300元）",
                    },
                    ("poverty_line_yuan", _) if theirs.contains_key(sub) => Source {
                        en: "common default: set your locality's",
                        zh: "常用默认值：请按本地标准设置",
                    },
                    ("poverty_line_yuan", _) => Source {
                        en: "set for this store",
                        zh: "本库设置",
                    },
                    _ => row.source,
                };
                out.push(Setting {
                    key: format!("{}.{sub}", row.key),
                    value: mine.get(sub).map(show).unwrap_or_default(),
                    default: theirs.get(sub).map(show).unwrap_or_default(),
                    source,
                });
            }
        }
        out
    }
}

/// One policy setting, for `policy show`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    pub key: String,
    pub value: String,
    /// Empty when the setting has no default (a year without a line, a rule override).
    pub default: String,
    pub source: Source,
}

/// Drops overrides equal to their default, so that `bangfu.json` keeps only what differs.
fn prune_defaults(overrides: &mut Map<String, Value>) {
    overrides.retain(|key, value| {
        if let Some(row) = SCALARS.iter().find(|r| r.key == key) {
            return *value != default_value(row);
        }
        let Some(row) = MAPS.iter().find(|r| r.key == key) else {
            return true;
        };
        if let Value::Object(sub) = value {
            sub.retain(|k, v| {
                let default = row.defaults.iter().find(|(d, _)| d == k);
                default.and_then(|(_, d)| row.range.parse(d)).as_ref() != Some(v)
            });
            !sub.is_empty()
        } else {
            true
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_merge_into_defaults() {
        let overrides =
            Policy::set(&Map::new(), "poverty_line_yuan.2021", "4200", |_| true).unwrap();
        let p = Policy::from_overrides(&overrides).unwrap();
        assert_eq!(p.poverty_line_fen(2021), Some(420_000));
        assert_eq!(p.poverty_line_fen(2014), Some(280_000));
        assert!(Policy::set(&Map::new(), "min_team_members", "0", |_| true).is_err());
        assert!(Policy::set(&Map::new(), "rules.BF999", "off", |c| c != "BF999").is_err());
    }

    #[test]
    fn setting_a_default_value_removes_the_override() {
        let set = Policy::set(&Map::new(), "max_households_per_helper", "8", |_| true).unwrap();
        assert_eq!(set.get("max_households_per_helper"), Some(&Value::from(8)));
        let back = Policy::set(&set, "max_households_per_helper", "5", |_| true).unwrap();
        assert!(back.is_empty());
        let line = Policy::set(&Map::new(), "poverty_line_yuan.2014", "2800", |_| true).unwrap();
        assert!(line.is_empty());
        let line = Policy::set(&Map::new(), "poverty_line_yuan.2014", "2900", |_| true).unwrap();
        assert_eq!(line.len(), 1);
    }

    #[test]
    fn every_default_is_in_its_range() {
        for row in SCALARS {
            assert!(row.range.parse(row.default).is_some(), "{}", row.key);
        }
        for row in MAPS {
            for (_, v) in row.defaults {
                assert!(row.range.parse(v).is_some(), "{}", row.key);
            }
        }
        assert_eq!(Policy::default().min_team_members, 3);
    }

    #[test]
    fn ranges_hold_at_their_edges() {
        let set = |k: &str, v: &str| Policy::set(&Map::new(), k, v, |_| true);
        assert!(set("min_term_years", "10").is_ok());
        assert!(set("min_term_years", "11").is_err());
        assert!(set("plan_due_days", "3650").is_ok());
        assert!(set("plan_due_days", "3651").is_err());
        assert!(set("dispatch_deadline", "1949-10-01").is_ok());
        assert!(set("dispatch_deadline", "1949-09-30").is_err());
        assert!(set("attendance_from", "2100-12").is_ok());
        assert!(set("attendance_from", "2101-01").is_err());
        assert!(set("school_age_from", "16").is_err());
        assert!(set("school_age_to", "6").is_ok());
        assert!(set("team_required_types", "lifted,weak_party").is_ok());
        assert!(set("team_required_types", "lifted,nowhere").is_err());
        assert!(set("monitoring_line_yuan.2025", "100000").is_ok());
        assert!(set("monitoring_line_yuan.2025", "100001").is_err());
        assert!(set("exit_incidence_percent.north", "2").is_err());
    }
}
