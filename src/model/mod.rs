//! The records of section 2 of the spec, one type per file, and the value types they share:
//! ids, dates, money in fen, resident ID numbers and bilingual enumerations.

mod allocation;
mod household;
mod person;
mod plan;
mod team;
pub mod value;
mod village;

pub use allocation::{Allocation, AllocationKind};
pub use household::{
    Cause, Household, HouseholdCategory, HouseholdStatus, Measure, Relation, Relationship,
};
pub use person::{Level, Person};
pub use plan::{Plan, PlanCategory, PlanStatus};
pub use team::Team;
pub use value::{
    Date, Invalid, Labelled, check_id, check_id_number, check_phone, format_yuan, id_number_check,
    mask_id_number, mask_phone, parse_date, parse_enum, parse_yuan,
};
pub use village::{Official, Region, Role, Village, VillageStatus};

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The kinds of record, in the order the spec lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Person,
    Village,
    Team,
    Household,
    Allocation,
    Plan,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Person,
        Kind::Village,
        Kind::Team,
        Kind::Household,
        Kind::Allocation,
        Kind::Plan,
    ];

    /// The singular name used in messages and in the journal's `kind`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Village => "village",
            Kind::Team => "team",
            Kind::Household => "household",
            Kind::Allocation => "allocation",
            Kind::Plan => "plan",
        }
    }

    /// The plural used for report names, export files and collection files.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Person => "people",
            Kind::Village => "villages",
            Kind::Team => "teams",
            Kind::Household => "households",
            Kind::Allocation => "allocations",
            Kind::Plan => "plans",
        }
    }

    /// The prefix of ids the tool assigns.
    pub fn prefix(self) -> char {
        match self {
            Kind::Person => 'P',
            Kind::Village => 'V',
            Kind::Team => 'T',
            Kind::Household => 'H',
            Kind::Allocation => 'A',
            Kind::Plan => 'L',
        }
    }

    /// Whether records of this kind live in a village's directory, one file per kind.
    pub fn in_village(self) -> bool {
        !matches!(self, Kind::Person | Kind::Village)
    }

    /// A kind from its singular or plural name.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name() == name || k.plural() == name)
    }
}

/// What every record type offers the store, the output and the import.
pub trait Record: Serialize + DeserializeOwned + Clone + Send + Sync + 'static {
    const KIND: Kind;

    /// The columns of this kind's report: the stored field name, the report's English header
    /// (money fields drop `_fen`) and its Chinese header.
    const COLUMNS: &'static [Column];

    fn id(&self) -> &str;

    /// The village the record lives in (the village itself for a village; none for a person).
    fn village(&self) -> Option<&str>;

    /// Field rules that need nothing but the record itself.
    fn validate(&self) -> Result<(), Invalid>;

    /// Masks personal ID numbers and phones for output.
    fn mask(&mut self) {}

    /// The ids this record refers to, by kind, with the field that holds them.
    fn references(&self) -> Vec<(Kind, &'static str, &str)>;

    /// Empties an optional field by its stored name; `Err` names the expected fields.
    fn clear(&mut self, field: &str) -> Result<(), String>;
}

/// One column of a report.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub field: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
}

/// Shorthand for a column table entry.
pub(crate) const fn col(field: &'static str, en: &'static str, zh: &'static str) -> Column {
    Column { field, en, zh }
}

/// The error for `--clear` of a field that cannot be cleared.
pub(crate) fn not_clearable(field: &str, clearable: &[&str]) -> String {
    format!(
        "--clear {field}: not an optional field; expected one of {}",
        clearable.join(", ")
    )
}
