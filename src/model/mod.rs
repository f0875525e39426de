//! The records (README, "The store"), one type per file, and the value types they share:
//! ids, dates, money in fen, resident ID numbers and bilingual enumerations.

mod allocation;
mod case;
mod duty;
pub(crate) mod field;
pub mod guarantee;
mod household;
mod member;
mod person;
mod plan;
mod team;
pub mod value;
mod village;

pub use allocation::{Allocation, AllocationKind};
pub use case::{
    Case, CaseCategory, CaseMeasure, CaseSource, CaseState, DatedMeasure, Elimination, Risk,
    not_after, not_before,
};
pub use duty::{Assessment, Attendance, Grade, Leave, month_span};
pub use field::{Field, FieldType, FieldValue, Presence};
pub use household::{
    Cause, Household, HouseholdCategory, HouseholdStatus, Housing, Measure, Relation, Relationship,
};
pub use member::{
    Education, Health, Labour, MedicalInsurance, Member, MemberRelation, PensionInsurance,
    Schooling, Sex, id_number_birth,
};
pub use person::{Level, Person};
pub use plan::{Plan, PlanCategory, PlanStatus};
pub use team::{MemberTerm, Team};
pub use value::{
    Date, Invalid, Labelled, Str, check_id, check_id_number, check_phone, check_text, format_yuan,
    id_number_check, mask_id_number, mask_phone, parse_date, parse_enum, parse_yuan,
};
pub use village::{Official, Region, Role, Village, VillageStatus, VillageType};

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Declares the kinds of record, each in one line: its name, the plural that names its
/// report and collection file, the prefix of the ids the tool assigns, its Chinese name,
/// where its records live (the store's own file, or one file per village), and its type.
macro_rules! kinds {
    ($($kind:ident = $name:literal $plural:literal $prefix:literal $zh:literal $home:ident $ty:ident,)+) => {
        /// The kinds of record, in the order the records are described.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kind {
            $($kind,)+
        }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$kind,)+];

            /// The singular name used in messages and in the journal's `kind`.
            pub fn name(self) -> &'static str {
                match self { $(Kind::$kind => $name,)+ }
            }

            /// The plural used for report names, export files and collection files.
            pub fn plural(self) -> &'static str {
                match self { $(Kind::$kind => $plural,)+ }
            }

            /// The prefix of ids the tool assigns.
            pub fn prefix(self) -> char {
                match self { $(Kind::$kind => $prefix,)+ }
            }

            /// The kind's Chinese name.
            pub fn zh(self) -> &'static str {
                match self { $(Kind::$kind => $zh,)+ }
            }

            /// Whether records of this kind live in a village's directory, one file per kind.
            pub fn in_village(self) -> bool {
                match self { $(Kind::$kind => kinds!(@in_village $home),)+ }
            }

            /// Calls `visitor` with this kind's record type.
            pub fn visit<V: KindVisitor>(self, visitor: V) -> V::Out {
                match self { $(Kind::$kind => visitor.visit::<$ty>(),)+ }
            }
        }
    };
    (@in_village store) => { false };
    (@in_village village) => { true };
}

kinds! {
    Person = "person" "people" 'P' "人员" store Person,
    Village = "village" "villages" 'V' "村" store Village,
    Team = "team" "teams" 'T' "驻村工作队" village Team,
    Household = "household" "households" 'H' "贫困户" village Household,
    Allocation = "allocation" "allocations" 'A' "扶贫资源" village Allocation,
    Plan = "plan" "plans" 'L' "发展规划" village Plan,
    Member = "member" "members" 'M' "家庭成员" village Member,
    Case = "case" "cases" 'C' "监测对象" village Case,
    Attendance = "attendance" "attendance" 'D' "考勤" village Attendance,
    Leave = "leave" "leaves" 'Q' "请假" village Leave,
    Assessment = "assessment" "assessments" 'E' "年度考核" village Assessment,
}

/// Work that needs a kind's record type: `kind.visit(visitor)` calls `visit::<R>()`, so code
/// that handles every kind matches on it in one place, the declaration above.
pub trait KindVisitor {
    type Out;
    fn visit<R: Record>(self) -> Self::Out;
}

impl Kind {
    /// A kind from its singular or plural name.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL
            .iter()
            .copied()
            .find(|k| k.name() == name || k.plural() == name)
    }

    /// The declared fields of this kind.
    pub fn columns(self) -> &'static [Field] {
        struct Columns;
        impl KindVisitor for Columns {
            type Out = &'static [Field];
            fn visit<R: Record>(self) -> &'static [Field] {
                R::COLUMNS
            }
        }
        self.visit(Columns)
    }
}

/// What every record type offers the store, the output and the import.
pub trait Record: Serialize + DeserializeOwned + Clone + Send + Sync + 'static {
    const KIND: Kind;

    /// The declared fields: the columns of this kind's report, and everything that follows
    /// from them (see `field::record!`).
    const COLUMNS: &'static [Field];

    fn id(&self) -> &str;

    /// The village the record lives in (the village itself for a village; none for a person,
    /// nor for a record that lives where its parent does).
    fn village(&self) -> Option<&str>;

    /// The record whose village this one lives in: a member's household, a team member's
    /// attendance's team.
    fn parent(&self) -> Option<(Kind, &str)>;

    /// Field rules that need nothing but the record itself.
    fn validate(&self) -> Result<(), Invalid>;

    /// Masks personal ID numbers and phones for output.
    fn mask(&mut self) {}

    /// The ids this record refers to, by kind, with the field that holds them.
    fn references(&self) -> Vec<(Kind, &'static str, &str)>;

    /// Empties an optional field by its stored name; `Err` names the expected fields.
    fn clear(&mut self, field: &str) -> Result<(), crate::lang::Text>;
}

/// The error for `--clear` of a field that cannot be cleared.
pub(crate) fn not_clearable(field: &str, columns: &[Field]) -> crate::lang::Text {
    let clearable: Vec<&str> = columns
        .iter()
        .filter(|c| c.clearable())
        .map(|c| c.field)
        .collect();
    if clearable.is_empty() {
        return crate::lang::Text {
            en: format!(
                "--clear {field}: this record has no optional field; give the field's flag with its new value"
            ),
            zh: format!("--clear {field}：这种记录没有可清空的字段；请用该字段的参数给出新值"),
        };
    }
    let clearable = clearable.join(", ");
    crate::lang::Text {
        en: format!("--clear {field}: not an optional field; expected one of {clearable}"),
        zh: format!("--clear {field}：不是可选字段；应为以下之一：{clearable}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error names a field by its flag (`value::flag_for`), which it finds by the field's
    /// name alone: a name shared by kinds must have one flag.
    #[test]
    fn no_field_name_is_declared_with_two_flags() {
        let mut flags = std::collections::HashMap::new();
        for kind in Kind::ALL {
            for c in kind.columns() {
                let first = *flags.entry(c.field).or_insert(c.flag);
                assert_eq!(first, c.flag, "{} {}", kind.name(), c.field);
            }
        }
        assert_eq!(value::flag_for("risks"), "--risk");
        assert_eq!(value::flag_for("income_per_capita_fen"), "--income");
        assert_eq!(value::flag_for("eliminated_verified_by"), "--verified-by");
    }
}
