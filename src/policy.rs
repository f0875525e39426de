//! Policy settings (section 6 of the spec): the numbers that vary by locality. The store's
//! `bangfu.json` keeps only the settings that differ from these defaults.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::lang::Text;
use crate::model::{Date, Region};

/// A rule's severity, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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

/// The effective policy of a store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// 2017 guideline: 每个驻村工作队一般不少于3人.
    pub min_team_members: u32,
    /// 2017 guideline: 每期驻村时间不少于2年.
    pub min_term_years: u32,
    /// Teams were to reach every poor village in the first half of 2014.
    pub dispatch_deadline: Date,
    /// Local caps vary; 5 is a common one.
    pub max_households_per_helper: u32,
    pub plan_due_days: u32,
    pub concentration_factor: u32,
    /// 2016 exit mechanism: a village exits below 2% (3% in the western region).
    pub exit_incidence_percent: BTreeMap<String, u32>,
    /// NBS current-price line (2300 yuan at 2010 prices) for 2011–2016; later years are
    /// common defaults that a locality sets for itself.
    pub poverty_line_yuan: BTreeMap<String, u32>,
    /// Per-rule overrides: "off", "info", "warning", "error".
    pub rules: BTreeMap<String, String>,
}

impl Default for Policy {
    fn default() -> Policy {
        let lines = [
            (2011, 2536),
            (2012, 2625),
            (2013, 2736),
            (2014, 2800),
            (2015, 2855),
            (2016, 2952),
            (2017, 2952),
            (2018, 2995),
            (2019, 3218),
            (2020, 4000),
        ];
        Policy {
            min_team_members: 3,
            min_term_years: 2,
            dispatch_deadline: "2014-06-30".parse().unwrap_or_else(|()| Date::today()),
            max_households_per_helper: 5,
            plan_due_days: 90,
            concentration_factor: 3,
            exit_incidence_percent: [("east", 2), ("central", 2), ("west", 3)]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            poverty_line_yuan: lines.into_iter().map(|(y, v)| (y.to_string(), v)).collect(),
            rules: BTreeMap::new(),
        }
    }
}

impl Policy {
    /// The defaults with the store's overrides applied.
    pub fn from_overrides(overrides: &Map<String, Value>) -> Result<Policy> {
        let mut merged = serde_json::to_value(Policy::default()).unwrap_or_default();
        merge(&mut merged, &Value::Object(overrides.clone()));
        serde_json::from_value(merged).map_err(|e| {
            Error::store_in(Text {
                en: format!("bangfu.json: the policy does not parse: {e}"),
                zh: format!("bangfu.json：政策设置无法解析：{e}"),
            })
        })
    }

    /// The poverty line of `year` in fen; `None` when policy sets none for that year.
    pub fn poverty_line_fen(&self, year: i16) -> Option<i64> {
        self.poverty_line_yuan
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

    /// What policy says of a rule, if it overrides it.
    pub fn rule_setting(&self, code: &str) -> Option<RuleSetting> {
        self.rules.get(code).and_then(|s| RuleSetting::parse(s))
    }

    /// Applies `policy set KEY VALUE` to a store's overrides and returns the new overrides.
    /// `known_rule` says whether a rule code exists.
    pub fn set(
        overrides: &Map<String, Value>,
        key: &str,
        value: &str,
        known_rule: impl Fn(&str) -> bool,
    ) -> Result<Map<String, Value>> {
        let bad = |expected: (&str, &str)| {
            Error::rejected_in(Text {
                en: format!(
                    "policy {key}: {value} is not valid; expected {}",
                    expected.0
                ),
                zh: format!("政策 {key}：{value} 无效；应为{}", expected.1),
            })
        };
        let positive = |v: &str| v.trim().parse::<u32>().ok().filter(|n| *n > 0);
        let (head, sub) = match key.split_once('.') {
            Some((h, s)) => (h, Some(s)),
            None => (key, None),
        };
        let new_value: Value = match (head, sub) {
            (
                "min_team_members"
                | "min_term_years"
                | "max_households_per_helper"
                | "plan_due_days"
                | "concentration_factor",
                None,
            ) => Value::from(
                positive(value).ok_or_else(|| bad(("a whole number above 0", "大于 0 的整数")))?,
            ),
            ("dispatch_deadline", None) => Value::from(
                value
                    .trim()
                    .parse::<Date>()
                    .map_err(|()| bad(("a date YYYY-MM-DD", "日期 YYYY-MM-DD")))?
                    .to_string(),
            ),
            ("exit_incidence_percent", Some(region @ ("east" | "central" | "west"))) => {
                let _ = region;
                Value::from(
                    value
                        .trim()
                        .parse::<u32>()
                        .ok()
                        .filter(|n| *n <= 100)
                        .ok_or_else(|| {
                            bad(("a whole percentage from 0 to 100", "0 到 100 的整数百分比"))
                        })?,
                )
            }
            ("exit_incidence_percent", _) => {
                return Err(Error::rejected_in(Text {
                    en: format!(
                        "policy {key}: unknown key; expected exit_incidence_percent.east, .central or .west"
                    ),
                    zh: format!(
                        "政策 {key}：未知的设置项；应为 exit_incidence_percent.east、.central 或 .west"
                    ),
                }));
            }
            ("poverty_line_yuan", Some(year)) => {
                let ok_year = year.len() == 4
                    && year
                        .parse::<u16>()
                        .is_ok_and(|y| (1978..=2100).contains(&y));
                if !ok_year {
                    return Err(Error::rejected_in(Text {
                        en: format!(
                            "policy {key}: {year} is not a year; expected poverty_line_yuan.YYYY"
                        ),
                        zh: format!("政策 {key}：{year} 不是年份；应为 poverty_line_yuan.YYYY"),
                    }));
                }
                Value::from(
                    positive(value)
                        .ok_or_else(|| bad(("whole yuan above 0", "大于 0 的整数元")))?,
                )
            }
            ("rules", Some(code)) => {
                if !known_rule(code) {
                    return Err(Error::rejected_in(Text {
                        en: format!("policy {key}: {code} is not a known rule; see `bangfu rules`"),
                        zh: format!("政策 {key}：{code} 不是已知的规则；见 `bangfu rules`"),
                    }));
                }
                let setting = RuleSetting::parse(value).ok_or_else(|| {
                    bad((
                        "off, info, warning or error",
                        " off、info、warning 或 error",
                    ))
                })?;
                Value::from(setting.name())
            }
            _ => {
                let keys = "min_team_members, min_term_years, dispatch_deadline, \
                            max_households_per_helper, plan_due_days, concentration_factor, \
                            exit_incidence_percent.REGION, poverty_line_yuan.YEAR, rules.CODE";
                return Err(Error::rejected_in(Text {
                    en: format!("policy {key}: unknown key; expected one of {keys}"),
                    zh: format!("政策 {key}：未知的设置项；应为以下之一：{keys}"),
                }));
            }
        };
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
        Policy::from_overrides(&out)?;
        Ok(out)
    }

    /// Every setting as `policy show` prints it: dotted key, effective value, default and
    /// source. Years of `poverty_line_yuan` and `rules` overrides appear when set.
    pub fn settings(&self) -> Vec<Setting> {
        let defaults = Policy::default();
        let mut out = Vec::new();
        let mut push = |key: String, value: String, default: String, source: Source| {
            out.push(Setting {
                key,
                value,
                default,
                source,
            });
        };
        let scalars = [
            (
                "min_team_members",
                self.min_team_members,
                defaults.min_team_members,
                (
                    "2017 guideline: 每个驻村工作队一般不少于3人",
                    "2017 年意见：每个驻村工作队一般不少于3人",
                ),
            ),
            (
                "min_term_years",
                self.min_term_years,
                defaults.min_term_years,
                (
                    "2017 guideline: 每期驻村时间不少于2年",
                    "2017 年意见：每期驻村时间不少于2年",
                ),
            ),
        ];
        for (key, value, default, source) in scalars {
            push(key.into(), value.to_string(), default.to_string(), source);
        }
        push(
            "dispatch_deadline".into(),
            self.dispatch_deadline.to_string(),
            defaults.dispatch_deadline.to_string(),
            (
                "teams were to reach every poor village in the first half of 2014",
                "2014 年上半年工作队应覆盖所有贫困村",
            ),
        );
        let scalars = [
            (
                "max_households_per_helper",
                self.max_households_per_helper,
                defaults.max_households_per_helper,
                ("local caps vary", "各地上限不同"),
            ),
            (
                "plan_due_days",
                self.plan_due_days,
                defaults.plan_due_days,
                ("days a team has to draw up a plan", "工作队制定规划的天数"),
            ),
            (
                "concentration_factor",
                self.concentration_factor,
                defaults.concentration_factor,
                (
                    "times the village median that marks concentrated relief",
                    "超过村中位数多少倍算资源过于集中",
                ),
            ),
        ];
        for (key, value, default, source) in scalars {
            push(key.into(), value.to_string(), default.to_string(), source);
        }
        for region in ["east", "central", "west"] {
            let show = |p: &Policy| {
                p.exit_incidence_percent
                    .get(region)
                    .map(ToString::to_string)
                    .unwrap_or_default()
            };
            push(
                format!("exit_incidence_percent.{region}"),
                show(self),
                show(&defaults),
                ("2016 exit mechanism", "2016 年退出机制"),
            );
        }
        let years: std::collections::BTreeSet<&String> = self
            .poverty_line_yuan
            .keys()
            .chain(defaults.poverty_line_yuan.keys())
            .collect();
        for year in years {
            let show = |p: &Policy| {
                p.poverty_line_yuan
                    .get(year)
                    .map(ToString::to_string)
                    .unwrap_or_default()
            };
            let y: u16 = year.parse().unwrap_or(0);
            push(
                format!("poverty_line_yuan.{year}"),
                show(self),
                show(&defaults),
                if (2011..=2016).contains(&y) {
                    (
                        "NBS current-price line (2300 yuan at 2010 prices)",
                        "国家统计局现价贫困线（2010 年价格 2300 元）",
                    )
                } else if defaults.poverty_line_yuan.contains_key(year) {
                    (
                        "common default: set your locality's",
                        "通用默认值：请设置当地的标准",
                    )
                } else {
                    ("set for this store", "本库设置")
                },
            );
        }
        for (code, setting) in &self.rules {
            push(
                format!("rules.{code}"),
                setting.clone(),
                String::new(),
                (
                    "per-rule override (default: the rule's own severity)",
                    "单条规则的设置（默认：规则本身的严重程度）",
                ),
            );
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

/// Where a setting's default comes from, in English and Chinese.
pub type Source = (&'static str, &'static str);

/// Drops overrides equal to their default, so that `bangfu.json` keeps only what differs.
fn prune_defaults(overrides: &mut Map<String, Value>) {
    let defaults = serde_json::to_value(Policy::default()).unwrap_or_default();
    overrides.retain(|key, value| {
        let default = defaults.get(key);
        if let (Value::Object(sub), Some(Value::Object(dsub))) = (&mut *value, default) {
            sub.retain(|k, v| dsub.get(k) != Some(v));
            !sub.is_empty()
        } else {
            default != Some(value)
        }
    });
}

/// Merges `over` into `base`, objects key by key.
fn merge(base: &mut Value, over: &Value) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(k) {
                    Some(slot) if slot.is_object() && v.is_object() => merge(slot, v),
                    _ => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (b, o) => *b = o.clone(),
    }
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
}
