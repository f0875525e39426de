//! The "two assurances and three guarantees" (两不愁三保障) and safe drinking water, read
//! from a household and its members: which of compulsory education, basic medical
//! insurance, safe housing and safe water fail, and for whom.

use super::{Date, Household, Housing, MedicalInsurance, Member, Schooling};
use crate::lang::Text;

/// The compulsory-education ages (义务教育), from policy: `school_age_from`, `school_age_to`.
#[derive(Debug, Clone, Copy)]
pub struct SchoolAges {
    pub from: i32,
    pub to: i32,
}

impl Default for SchoolAges {
    /// Six to fifteen: nine years of compulsory education from six.
    fn default() -> Self {
        SchoolAges { from: 6, to: 15 }
    }
}

/// The 31 August that begins the school year of `d`: the latest one on or before it, as
/// children enrol in September.
pub fn school_year_start(d: Date) -> Date {
    let year = d.year();
    let this_year = jiff::civil::date(year, 8, 31);
    if d.0 >= this_year {
        Date(this_year)
    } else {
        Date(jiff::civil::date(year - 1, 8, 31))
    }
}

impl Member {
    /// Whether the member is of school age in the school year of `on`; `None` when the age
    /// is unknown.
    pub fn of_school_age(&self, on: Date, ages: SchoolAges) -> Option<bool> {
        let age = self.age_on(school_year_start(on))?;
        Some((ages.from..=ages.to).contains(&age))
    }

    /// A child of school age who is not in school, or whose schooling is not recorded.
    pub fn out_of_school(&self, on: Date, ages: SchoolAges) -> bool {
        // The schooling first: it is read, the age is worked out.
        matches!(self.schooling, None | Some(Schooling::NotInSchool))
            && self.of_school_age(on, ages) == Some(true)
    }

    /// Recorded as having no basic medical insurance.
    pub fn uninsured(&self) -> bool {
        self.medical_insurance == Some(MedicalInsurance::None)
    }
}

/// One guarantee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guarantee {
    Education,
    Medical,
    Housing,
    Water,
}

impl Guarantee {
    pub const ALL: [Guarantee; 4] = [
        Guarantee::Education,
        Guarantee::Medical,
        Guarantee::Housing,
        Guarantee::Water,
    ];

    /// Its name as a clerk knows it.
    pub fn zh(self) -> &'static str {
        match self {
            Guarantee::Education => "义务教育保障",
            Guarantee::Medical => "基本医疗保障",
            Guarantee::Housing => "住房安全保障",
            Guarantee::Water => "饮水安全保障",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Guarantee::Education => "compulsory education",
            Guarantee::Medical => "basic medical insurance",
            Guarantee::Housing => "safe housing",
            Guarantee::Water => "safe drinking water",
        }
    }
}

impl Household {
    /// Lives in a house graded C or D.
    pub fn unsafe_housing(&self) -> bool {
        matches!(self.housing, Some(Housing::C | Housing::D))
    }

    /// Recorded as without safe drinking water.
    pub fn unsafe_water(&self) -> bool {
        self.water_safe == Some(false)
    }
}

/// Whether `guarantee` holds for the household on `on`: `None` when it holds (or nothing is
/// recorded against it), else who or what fails it, in both languages (a member's name is
/// the same in each).
pub fn failure(
    guarantee: Guarantee,
    h: &Household,
    members: &[&Member],
    on: Date,
    ages: SchoolAges,
) -> Option<Vec<Text>> {
    let named = |pick: &dyn Fn(&Member) -> bool| -> Option<Vec<Text>> {
        let who: Vec<Text> = members
            .iter()
            .filter(|m| pick(m))
            .map(|m| Text::new(m.name.as_str(), m.name.as_str()))
            .collect();
        (!who.is_empty()).then_some(who)
    };
    match guarantee {
        Guarantee::Education => named(&|m| m.out_of_school(on, ages)),
        Guarantee::Medical => named(&Member::uninsured),
        Guarantee::Housing => h.unsafe_housing().then(|| {
            let grade = h.housing.map(|g| {
                Text::new(
                    format!(
                        "house graded {}",
                        super::Labelled::en(g).to_ascii_uppercase()
                    ),
                    super::Labelled::zh(g),
                )
            });
            vec![grade.unwrap_or_else(|| Text::new("", ""))]
        }),
        Guarantee::Water => h
            .unsafe_water()
            .then(|| vec![Text::new("unsafe drinking water", "饮水不安全")]),
    }
}
