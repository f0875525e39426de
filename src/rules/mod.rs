//! The checks (README, "Checks"): each rule finds problems in the registry as of a date.
//!
//! `RULES` is the table (code → rule), in the order of their codes. Each rule lives in its own
//! file, named after it, which holds its explanation in English and Chinese (`explain!`) and
//! its `check` function, whose findings' messages are `Text`s with both languages.
//! Adding a rule is one file and one line in `rule_table!`. `check_rules` builds one `Index`
//! over the registry and runs the rules against it, so a check is one pass, linear in the
//! registry.

mod cases;
mod index;

use rayon::prelude::*;
use serde::Serialize;

use crate::lang::{Lang, Text};
use crate::model::{Date, Kind};
use crate::policy::{Policy, RuleSetting, Severity};
use crate::store::Registry;

pub use index::Index;

/// One problem, on one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub rule: &'static str,
    pub severity: Severity,
    /// The village the finding concerns; none for a person in several villages.
    pub village: Option<String>,
    /// The kind of the record at fault.
    pub kind: &'static str,
    pub id: String,
    /// One sentence a clerk understands, naming the records involved, in the language of
    /// the check.
    pub message: String,
}

/// A finding with the villages it concerns, for `--village` and `--county`: its own village,
/// or for a person serving or helping in several villages (whose `village` is none), each of
/// them.
#[derive(Debug, Clone)]
pub struct Located {
    pub finding: Finding,
    /// The villages of a finding whose `village` is none; empty otherwise.
    pub across: Vec<String>,
}

impl Located {
    /// The villages the finding concerns.
    pub fn villages(&self) -> impl Iterator<Item = &str> {
        self.finding
            .village
            .as_deref()
            .into_iter()
            .chain(self.across.iter().map(String::as_str))
    }
}

/// One rule of the table.
#[derive(Debug)]
pub struct Rule {
    pub code: &'static str,
    /// Kebab-case, the rule's file name with `-` for `_`.
    pub name: &'static str,
    pub default_severity: Severity,
    /// The kind of record at fault; none when it depends on the finding (BF901, BF902).
    pub kind: Option<Kind>,
    /// The name as people read it in Chinese (in English the name itself).
    pub label_zh: &'static str,
    /// The explanation in English, in the sections of `SECTIONS`.
    pub doc_en: &'static str,
    /// The explanation in Chinese, in the sections of `SECTIONS_ZH`.
    pub doc_zh: &'static str,
    pub check: fn(&Index<'_>, &mut Findings<'_>),
}

/// The sections every rule's explanation has, in order.
pub const SECTIONS: [&str; 3] = ["What it checks", "Why it matters", "How to fix"];

/// The same sections of the Chinese explanation.
pub const SECTIONS_ZH: [&str; 3] = ["检查什么", "为什么重要", "如何处理"];

/// The section headings in `lang`.
pub fn sections(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::En => SECTIONS,
        Lang::Zh => SECTIONS_ZH,
    }
}

impl Rule {
    /// The rule's name as people read it in `lang`.
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.name, self.label_zh)
    }

    /// The text of one section of the explanation in `lang` (a heading of `sections(lang)`),
    /// without its heading, lines unindented.
    pub fn section(&self, lang: Lang, heading: &str) -> Option<String> {
        let doc = lang.pick(self.doc_en, self.doc_zh);
        let mut lines = doc.lines().map(|l| l.strip_prefix(' ').unwrap_or(l));
        lines.find(|l| l.strip_prefix("## ") == Some(heading))?;
        let body: Vec<&str> = lines.take_while(|l| !l.starts_with("## ")).collect();
        let text = body.join("\n").trim().to_string();
        (!text.is_empty()).then_some(text)
    }

    /// The severity policy gives this rule, or none when policy switches it off.
    pub fn effective_severity(&self, policy: &Policy) -> Option<Severity> {
        match policy.rule_setting(self.code) {
            Some(RuleSetting::Off) => None,
            Some(RuleSetting::On(s)) => Some(s),
            None => Some(self.default_severity),
        }
    }

    /// What the record at fault is, for `bangfu rules`.
    pub fn fault(&self, lang: Lang) -> &'static str {
        match (self.kind, self.code) {
            (Some(kind), _) => lang.kind(kind.name()),
            (None, "BF902") => lang.pick("the duplicated record", "编号重复的记录"),
            (None, "BF500") => lang.pick("policy (the year)", "政策（年份）"),
            (None, _) => lang.pick("the record holding the reference", "含有该引用的记录"),
        }
    }
}

/// Captures a rule file's `///` explanations, English then Chinese, and its Chinese label,
/// into `DOC_EN`, `DOC_ZH` and `LABEL_ZH`: a rule without either language does not compile.
/// Defined before the rule modules, so they see it by textual scope.
macro_rules! explain {
    (
        en { $(#[doc = $en:literal])+ }
        zh $label:literal { $(#[doc = $zh:literal])+ }
    ) => {
        /// The rule's explanation in English, as `bangfu rules CODE` prints it.
        pub const DOC_EN: &str = concat!($($en, "\n"),+);
        /// The rule's explanation in Chinese.
        pub const DOC_ZH: &str = concat!($($zh, "\n"),+);
        /// The rule's name in Chinese.
        pub const LABEL_ZH: &str = $label;
    };
}

/// Declares each rule's module and its line in `RULES`.
macro_rules! rule_table {
    ($($code:ident $module:ident $name:literal $severity:ident $kind:ident;)+) => {
        $(mod $module;)+

        /// Every rule, in the order of their codes.
        pub static RULES: &[Rule] = &[
            $(Rule {
                code: stringify!($code),
                name: $name,
                default_severity: Severity::$severity,
                kind: $kind,
                label_zh: $module::LABEL_ZH,
                doc_en: $module::DOC_EN,
                doc_zh: $module::DOC_ZH,
                check: $module::check,
            },)+
        ];
    };
}

const VILLAGE: Option<Kind> = Some(Kind::Village);
const TEAM: Option<Kind> = Some(Kind::Team);
const PERSON: Option<Kind> = Some(Kind::Person);
const HOUSEHOLD: Option<Kind> = Some(Kind::Household);
const ALLOCATION: Option<Kind> = Some(Kind::Allocation);
const MEMBER: Option<Kind> = Some(Kind::Member);
const CASE: Option<Kind> = Some(Kind::Case);
const ATTENDANCE: Option<Kind> = Some(Kind::Attendance);
const LEAVE: Option<Kind> = Some(Kind::Leave);
const ASSESSMENT: Option<Kind> = Some(Kind::Assessment);
const ANY: Option<Kind> = None;

rule_table! {
    // code  file                                 name                                 default  record at fault
    BF101 village_without_team              "village-without-team"              Error   VILLAGE;
    BF102 village_with_several_teams        "village-with-several-teams"        Warning VILLAGE;
    BF103 team_below_minimum_size           "team-below-minimum-size"           Warning TEAM;
    BF104 team_leader_not_member            "team-leader-not-member"            Error   TEAM;
    BF105 team_term_too_short               "team-term-too-short"               Warning TEAM;
    BF106 member_on_several_teams           "member-on-several-teams"           Error   PERSON;
    BF107 member_tied_to_village            "member-tied-to-village"            Warning PERSON;
    BF108 late_dispatch                     "late-dispatch"                     Info    VILLAGE;
    BF109 village_type_without_team         "village-type-without-team"         Error   VILLAGE;
    BF110 too_few_days_in_village           "too-few-days-in-village"           Warning ATTENDANCE;
    BF111 attendance_not_recorded           "attendance-not-recorded"           Info    PERSON;
    BF112 leave_approved_at_wrong_level     "leave-approved-at-wrong-level"     Warning LEAVE;
    BF113 grade_above_absences              "grade-above-absences"              Error   ASSESSMENT;
    BF114 handover_too_short                "handover-too-short"                Warning TEAM;
    BF115 member_not_assessed               "member-not-assessed"               Info    PERSON;
    BF201 household_without_helper          "household-without-helper"          Error   HOUSEHOLD;
    BF202 helper_overloaded                 "helper-overloaded"                 Warning PERSON;
    BF203 helper_is_kin                     "helper-is-kin"                     Warning HOUSEHOLD;
    BF204 household_without_cause           "household-without-cause"           Warning HOUSEHOLD;
    BF205 household_without_measures        "household-without-measures"        Warning HOUSEHOLD;
    BF206 duplicate_id_number               "duplicate-id-number"               Error   HOUSEHOLD;
    BF207 exit_below_poverty_line           "exit-below-poverty-line"           Error   HOUSEHOLD;
    BF208 exit_not_verified                 "exit-not-verified"                 Error   HOUSEHOLD;
    BF209 household_size_mismatch           "household-size-mismatch"           Warning HOUSEHOLD;
    BF210 household_head_unclear            "household-head-unclear"            Warning HOUSEHOLD;
    BF211 child_out_of_school               "child-out-of-school"               Error   MEMBER;
    BF212 member_without_medical_insurance  "member-without-medical-insurance"  Error   MEMBER;
    BF213 unsafe_housing                    "unsafe-housing"                    Error   HOUSEHOLD;
    BF214 unsafe_water                      "unsafe-water"                      Error   HOUSEHOLD;
    BF215 income_breakdown_mismatch         "income-breakdown-mismatch"         Warning HOUSEHOLD;
    BF216 minor_with_labour                 "minor-with-labour"                 Info    MEMBER;
    BF301 allocation_to_non_poor            "allocation-to-non-poor"            Warning ALLOCATION;
    BF302 allocation_to_official_kin        "allocation-to-official-kin"        Warning ALLOCATION;
    BF303 allocation_without_dual_approval  "allocation-without-dual-approval"  Error   ALLOCATION;
    BF304 allocation_concentrated           "allocation-concentrated"           Info    HOUSEHOLD;
    BF401 village_exit_incidence_too_high   "village-exit-incidence-too-high"   Error   VILLAGE;
    BF402 team_without_plan                 "team-without-plan"                 Warning TEAM;
    BF500 monitoring_line_not_set           "monitoring-line-not-set"           Warning ANY;
    BF501 lifted_household_below_line_unmonitored "lifted-household-below-line-unmonitored" Error HOUSEHOLD;
    BF502 identification_overdue            "identification-overdue"            Warning CASE;
    BF503 notice_too_short                  "notice-too-short"                  Warning CASE;
    BF504 case_without_measure              "case-without-measure"              Error   CASE;
    BF505 measure_does_not_fit_risk         "measure-does-not-fit-risk"         Warning CASE;
    BF506 elimination_too_early             "elimination-too-early"             Warning CASE;
    BF507 elimination_with_open_guarantee   "elimination-with-open-guarantee"   Error   CASE;
    BF508 elimination_without_labour        "elimination-without-labour"        Error   CASE;
    BF509 elimination_below_line            "elimination-below-line"            Error   CASE;
    BF901 dangling_reference                "dangling-reference"                Error   ANY;
    BF902 duplicate_id                      "duplicate-id"                      Error   ANY;
}

/// A rule by its code (`BF201`), its name (`household-without-helper`) or its Chinese label.
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    let wanted = code_or_name.trim();
    RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(wanted) || r.name == wanted || r.label_zh == wanted)
}

/// Where one rule puts its findings: it knows the rule and the severity policy gives it.
pub struct Findings<'a> {
    rule: &'static Rule,
    severity: Severity,
    lang: Lang,
    found: &'a mut Vec<Located>,
}

impl Findings<'_> {
    /// A finding on a record of the rule's kind, in one village (or none, for a person).
    pub fn flag(&mut self, village: Option<&str>, id: &str, message: Text) {
        let kind = self.rule.kind.map_or("record", Kind::name);
        self.flag_kind(kind, village, id, message);
    }

    /// A finding on a record of the given kind (for rules whose record at fault varies).
    pub fn flag_kind(
        &mut self,
        kind: &'static str,
        village: Option<&str>,
        id: &str,
        message: Text,
    ) {
        self.push(kind, village.map(str::to_string), Vec::new(), id, message);
    }

    /// A finding that concerns every village of `villages`: its village is the one they
    /// share, or none when there are several.
    pub fn flag_across(&mut self, kind: &'static str, villages: &[&str], id: &str, message: Text) {
        let mut all: Vec<String> = villages.iter().map(ToString::to_string).collect();
        all.sort_unstable();
        all.dedup();
        if all.len() == 1 {
            self.push(kind, all.pop(), Vec::new(), id, message);
        } else {
            self.push(kind, None, all, id, message);
        }
    }

    fn push(
        &mut self,
        kind: &'static str,
        village: Option<String>,
        across: Vec<String>,
        id: &str,
        message: Text,
    ) {
        self.found.push(Located {
            finding: Finding {
                code: self.rule.code,
                rule: self.rule.name,
                severity: self.severity,
                village,
                kind,
                id: id.to_string(),
                message: message.into_lang(self.lang),
            },
            across,
        });
    }
}

/// Runs `rules` (those policy leaves on) and returns the findings with the villages each
/// concerns, sorted by village (findings of no single village last), code, id; one finding
/// per record at fault and rule.
pub fn check_rules(
    registry: &Registry,
    policy: &Policy,
    as_of: Date,
    rules: &[&'static Rule],
    lang: Lang,
) -> Vec<Located> {
    let index = Index::new(registry, policy, as_of);
    // The rules only read the index: run them on every core. The table ends with the rules
    // that visit every record (BF901, BF902), so they are started first and the shorter
    // ones fill in around them.
    let mut found: Vec<Located> = rules
        .par_iter()
        .rev()
        .filter_map(|&rule| Some((rule, rule.effective_severity(policy)?)))
        .flat_map_iter(|(rule, severity)| {
            let mut found = Vec::new();
            let mut sink = Findings {
                rule,
                severity,
                lang,
                found: &mut found,
            };
            (rule.check)(&index, &mut sink);
            found
        })
        .collect();
    order(&mut found);
    found
}

/// Sorts findings as `check_rules` gives them: by village (findings of no single village
/// last), code, id, message; one finding per record at fault and rule, but for a person,
/// whom a rule may find once per team (BF111, BF115: "one finding per person and team").
pub fn order(found: &mut Vec<Located>) {
    found.sort_by(|a, b| {
        let (a, b) = (&a.finding, &b.finding);
        (
            a.village.is_none(),
            &a.village,
            a.code,
            &a.id,
            a.kind,
            &a.message,
        )
            .cmp(&(
                b.village.is_none(),
                &b.village,
                b.code,
                &b.id,
                b.kind,
                &b.message,
            ))
    });
    // A record whose id is duplicated (BF902) may be found twice by the same rule. A
    // person's findings come from the people's one file, where no rule reads a duplicate
    // twice: two of them are two teams'.
    found.dedup_by(|a, b| {
        let (a, b) = (&a.finding, &b.finding);
        a.code == b.code
            && a.kind == b.kind
            && a.id == b.id
            && a.village == b.village
            && (a.kind != Kind::Person.name() || a.message == b.message)
    });
}

/// The values through which a rule relates the records of one village to those of another,
/// hashed: every record's id (BF902, and a reference across villages), every reference to a
/// record that is not a person (BF901), the people serving on teams (BF106, BF111, BF115),
/// the helpers of households (BF202), and the ID numbers of heads and members (BF206).
///
/// A check of some villages (`--village`, `--county`) loads, besides them, every village
/// sharing one of these with them, so that each rule sees what it sees in the whole
/// registry. A rule that comes to relate villages through another value adds it here; the
/// tests compare every village's scoped check with the full one. Two values with the same
/// hash only load a village more.
pub fn cross_keys(v: &crate::store::VillageRecords) -> Vec<CrossKey> {
    use crate::model::Record;
    fn records<'a, R: Record>(records: &'a [R], keys: &mut Vec<&'a str>) {
        for r in records {
            keys.push(r.id());
            for (kind, _, target) in r.references() {
                if kind != Kind::Person {
                    keys.push(target);
                }
            }
        }
    }
    let mut keys: Vec<&str> = vec![v.village.id.as_str()];
    records(&v.teams, &mut keys);
    records(&v.households, &mut keys);
    records(&v.allocations, &mut keys);
    records(&v.plans, &mut keys);
    records(&v.members, &mut keys);
    records(&v.cases, &mut keys);
    records(&v.attendance, &mut keys);
    records(&v.leaves, &mut keys);
    records(&v.assessments, &mut keys);
    for t in &v.teams {
        keys.extend(t.people());
        keys.push(&t.leader);
    }
    keys.extend(v.households.iter().filter_map(|h| h.helper.as_deref()));
    let numbers = v.households.iter().filter_map(|h| h.id_number.as_deref());
    let numbers = numbers.chain(v.members.iter().filter_map(|m| m.id_number.as_deref()));
    let mut hashed: Vec<CrossKey> = keys.into_iter().map(key_hash).collect();
    // Compared as BF206 compares them: a final `x` is an `X`.
    hashed.extend(numbers.map(|n| key_hash(&n.to_ascii_uppercase())));
    hashed.sort_unstable();
    hashed.dedup();
    hashed
}

/// A value of `cross_keys`, hashed. Sixty-four bits: a county's two hundred thousand values
/// against a province's seven million would share some two hundred 32-bit hashes by chance,
/// each loading a village that the check does not need.
pub type CrossKey = u64;

/// A value of `cross_keys`, hashed.
pub fn key_hash(value: &str) -> CrossKey {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    value.hash(&mut h);
    h.finish()
}

/// `P1 (王芳)` when the person is known, else `P1`; in Chinese `P1（王芳）`.
fn person_label(index: &Index<'_>, id: &str) -> Text {
    match index.people.get(id) {
        Some(p) => Text {
            en: format!("{id} ({})", p.name),
            zh: format!("{id}（{}）", p.name),
        },
        None => Text {
            en: id.to_string(),
            zh: id.to_string(),
        },
    }
}

/// `household H000042 (陈大山)`, `贫困户 H000042（陈大山）`.
fn household_label(h: &crate::model::Household) -> Text {
    Text {
        en: format!("household {} ({})", h.id, h.head),
        zh: format!("贫困户 {}（{}）", h.id, h.head),
    }
}

/// `member M3 (王小芳) of household H1 (陈大山)`, `贫困户 H1（陈大山）的成员 M3（王小芳）`.
fn member_label(m: &crate::model::Member, h: &crate::model::Household) -> Text {
    let household = household_label(h);
    Text {
        en: format!("member {} ({}) of {}", m.id, m.name, household.en),
        zh: format!("{}的成员 {}（{}）", household.zh, m.id, m.name),
    }
}

/// `village V1 (大坪村)`, `村 V1（大坪村）`.
fn village_label(v: &crate::model::Village) -> Text {
    Text {
        en: format!("village {} ({})", v.id, v.name),
        zh: format!("村 {}（{}）", v.id, v.name),
    }
}

/// "1 household", "2 households".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The names of `ids`, at most `shown` of them, then "and N more" (“等，另有 N 个”): keeps
/// messages short and the check linear when many records share a problem.
fn list_some(ids: &[String], shown: usize) -> Text {
    let first: Vec<&str> = ids.iter().take(shown).map(String::as_str).collect();
    let (en, zh) = (first.join(", "), first.join("、"));
    if ids.len() > shown {
        let more = ids.len() - shown;
        Text {
            en: format!("{en} and {more} more"),
            zh: format!("{zh}等（另有 {more} 个）"),
        }
    } else {
        Text { en, zh }
    }
}

/// Every item named, a run of three or more that follow each other (`follows(a, b)`: b comes
/// right after a) as its first and last: "2021-06 to 2021-11, 2022-03" ("2021-06 至
/// 2021-11、2022-03"). For the months or years a rule names, which a clerk has to fill in.
fn name_runs<T: Copy + std::fmt::Display>(items: &[T], follows: impl Fn(T, T) -> bool) -> Text {
    let (mut en, mut zh) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < items.len() {
        let mut j = i;
        while j + 1 < items.len() && follows(items[j], items[j + 1]) {
            j += 1;
        }
        if j - i >= 2 {
            en.push(format!("{} to {}", items[i], items[j]));
            zh.push(format!("{} 至 {}", items[i], items[j]));
        } else {
            for item in &items[i..=j] {
                en.push(item.to_string());
                zh.push(item.to_string());
            }
        }
        i = j + 1;
    }
    Text {
        en: en.join(", "),
        zh: zh.join("、"),
    }
}

/// What every rule file needs.
mod prelude {
    pub(super) use super::index::{HashMap, HashSet, last_day, served_on};
    pub(super) use super::{
        Findings, Index, count, household_label, list_some, member_label, name_runs, person_label,
        village_label,
    };
    pub(super) use crate::lang::Text;
    pub(super) use crate::model::Date;
    pub(super) use crate::model::Labelled;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_code_a_name_a_severity_and_each_section() {
        assert_eq!(RULES.len(), 49);
        for (i, rule) in RULES.iter().enumerate() {
            assert!(
                rule.code.len() == 5
                    && rule.code.starts_with("BF")
                    && rule.code[2..].bytes().all(|b| b.is_ascii_digit()),
                "{}: code",
                rule.code
            );
            assert!(
                RULES[..i]
                    .iter()
                    .all(|o| o.code != rule.code && o.name != rule.name),
                "{}: code or name repeated",
                rule.code
            );
            assert!(
                !rule.name.is_empty()
                    && rule
                        .name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}: name {:?}",
                rule.code,
                rule.name
            );
            assert!(
                matches!(
                    rule.default_severity,
                    Severity::Info | Severity::Warning | Severity::Error
                ),
                "{}: severity",
                rule.code
            );
            for lang in [Lang::En, Lang::Zh] {
                for heading in sections(lang) {
                    let text = rule.section(lang, heading);
                    assert!(
                        text.as_ref().is_some_and(|t| t.chars().count() > 12),
                        "{}: {lang:?} section {heading:?} is missing or empty",
                        rule.code
                    );
                }
            }
            let chinese = format!("{}\n{}", rule.label_zh, rule.doc_zh);
            assert!(
                rule.label_zh.chars().count() >= 4,
                "{}: Chinese label {:?}",
                rule.code,
                rule.label_zh
            );
            assert_eq!(
                crate::lang::english_word_in(&chinese),
                None,
                "{}: an English word in the Chinese explanation",
                rule.code
            );
            assert!(
                !rule.doc_en.contains("## 检查") && !rule.doc_zh.contains("## What"),
                "{}: the explanations are in the wrong blocks",
                rule.code
            );
        }
    }

    #[test]
    fn rules_are_found_by_code_or_name() {
        assert_eq!(
            find("BF201").map(|r| r.name),
            Some("household-without-helper")
        );
        assert_eq!(
            find("household-without-helper").map(|r| r.code),
            Some("BF201")
        );
        assert!(find("BF999").is_none());
    }
}
