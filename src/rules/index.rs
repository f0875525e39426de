//! The one index every rule reads: built in one pass over the registry (the members on a
//! second core), so that each rule is a loop over records with constant-time look-ups, and
//! a check stays linear.

use crate::model::{CaseState, Date, Household, HouseholdStatus, Kind, Member, Person, Team};
use crate::policy::{Month, Policy};
use crate::store::{Registry, VillageRecords};

/// Look-ups over a registry as of a date. Records of a village's directory are keyed by that
/// village; when an id is duplicated (BF902), the first record read wins.
pub struct Index<'r> {
    pub registry: &'r Registry,
    pub policy: &'r Policy,
    pub as_of: Date,
    pub people: HashMap<&'r str, &'r Person>,
    pub villages: HashMap<&'r str, &'r VillageRecords>,
    pub teams: HashMap<&'r str, &'r Team>,
    pub households: HashMap<&'r str, &'r Household>,
    /// Teams active on `as_of`, by village.
    pub active_teams: HashMap<&'r str, Vec<&'r Team>>,
    /// The teams active on `as_of` that each person serves on that day (`Team::serves_on`).
    pub memberships: HashMap<&'r str, Vec<&'r Team>>,
    /// Households that need help, by helper.
    pub helped: HashMap<&'r str, Vec<&'r Household>>,
    /// The members recorded for each household, by household id, in the order read.
    pub members: HashMap<&'r str, Vec<&'r Member>>,
    /// Households with a monitoring case open on `as_of` (approved, not yet eliminated).
    pub open_cases: HashSet<&'r str>,
    /// Ids of people, villages, teams and households seen a second time while building the
    /// maps above (BF902 finds the duplicated allocations and plans itself).
    pub duplicates: HashSet<(Kind, &'r str)>,
}

/// A `HashMap` with a fast hash (rustc's FxHash): ids come from the store's own files, not
/// from an adversary, and the default SipHash dominated the time of a check on a province.
pub type HashMap<K, V> = rustc_hash::FxHashMap<K, V>;
pub type HashSet<K> = rustc_hash::FxHashSet<K>;

impl<'r> Index<'r> {
    pub fn new(registry: &'r Registry, policy: &'r Policy, as_of: Date) -> Index<'r> {
        let ix = Index {
            registry,
            policy,
            as_of,
            people: HashMap::default(),
            villages: HashMap::default(),
            teams: HashMap::default(),
            households: HashMap::default(),
            active_teams: HashMap::default(),
            memberships: HashMap::default(),
            helped: HashMap::default(),
            members: HashMap::default(),
            open_cases: HashSet::default(),
            duplicates: HashSet::default(),
        };
        // The members' map is the largest: it is built on another core meanwhile.
        let members = || {
            let mut members: HashMap<&'r str, Vec<&'r Member>> = HashMap::default();
            for m in registry.villages.iter().flat_map(|vr| &vr.members) {
                members.entry(m.household.as_str()).or_default().push(m);
            }
            members
        };
        let (members, mut ix) = rayon::join(members, || ix.without_members());
        ix.members = members;
        ix
    }

    /// This index filled but for its members' map.
    fn without_members(mut self) -> Index<'r> {
        let (registry, as_of) = (self.registry, self.as_of);
        let ix = &mut self;
        let households: usize = registry.villages.iter().map(|v| v.households.len()).sum();
        ix.people.reserve(registry.people.len());
        ix.villages.reserve(registry.villages.len());
        ix.households.reserve(households);
        for p in &registry.people {
            if taken(&mut ix.people, &p.id, p) {
                ix.duplicates.insert((Kind::Person, &p.id));
            }
        }
        for vr in &registry.villages {
            let v = vr.village.id.as_str();
            if taken(&mut ix.villages, v, vr) {
                ix.duplicates.insert((Kind::Village, v));
            }
            for t in &vr.teams {
                if taken(&mut ix.teams, &t.id, t) {
                    ix.duplicates.insert((Kind::Team, &t.id));
                }
                if t.active_on(as_of) {
                    ix.active_teams.entry(v).or_default().push(t);
                    // Who serves that day, by their terms (a member who left, one who joined
                    // later), as SPEC 5 defines serving.
                    for person in t.people() {
                        if t.serves_on(person, as_of) {
                            ix.memberships.entry(person).or_default().push(t);
                        }
                    }
                }
            }
            for c in &vr.cases {
                if c.state(as_of) == CaseState::Open {
                    ix.open_cases.insert(&c.household);
                }
            }
            for h in &vr.households {
                if taken(&mut ix.households, &h.id, h) {
                    ix.duplicates.insert((Kind::Household, &h.id));
                }
                if h.needs_help()
                    && let Some(helper) = &h.helper
                {
                    ix.helped.entry(helper.as_str()).or_default().push(h);
                }
            }
        }
        self
    }

    /// Every village with its records, sorted by id.
    pub fn villages(&self) -> impl Iterator<Item = &'r VillageRecords> {
        self.registry.villages.iter()
    }

    /// The members recorded for household `h`.
    pub fn members_of(&self, h: &str) -> &[&'r Member] {
        self.members.get(h).map_or(&[], Vec::as_slice)
    }

    /// Whether household `h` has a monitoring case open on `as_of`.
    pub fn open_case(&self, h: &Household) -> bool {
        self.open_cases.contains(h.id.as_str())
    }

    /// Whether the guarantee rules (BF211–BF214) concern `h`: its status is poor, returned
    /// or exited, or it has an open case — not a non_poor household without one.
    pub fn guaranteed(&self, h: &Household) -> bool {
        matches!(
            h.status,
            HouseholdStatus::Poor | HouseholdStatus::Returned | HouseholdStatus::Exited
        ) || self.open_case(h)
    }

    /// The teams active on `as_of` in village `v`.
    pub fn active_in(&self, v: &str) -> &[&'r Team] {
        self.active_teams.get(v).map_or(&[], Vec::as_slice)
    }
}

/// Whether `person` served on a team of the village on `date`: the team active, the day
/// within the person's term (`Team::serves_on`).
pub fn served_on(village: &VillageRecords, person: &str, date: Date) -> bool {
    village.teams.iter().any(|t| t.serves_on(person, date))
}

/// Inserts `value` under `id` unless the id is taken (the first record read wins); true when
/// it was taken, that is when the id is a duplicate.
fn taken<'r, V>(map: &mut HashMap<&'r str, V>, id: &'r str, value: V) -> bool {
    match map.entry(id) {
        std::collections::hash_map::Entry::Occupied(_) => true,
        std::collections::hash_map::Entry::Vacant(slot) => {
            slot.insert(value);
            false
        }
    }
}

/// The month after `m`.
pub fn next_month(m: Month) -> Month {
    if m.month == 12 {
        Month {
            year: m.year + 1,
            month: 1,
        }
    } else {
        Month {
            year: m.year,
            month: m.month + 1,
        }
    }
}

/// The month a date is in.
pub fn month_of(d: Date) -> Month {
    Month {
        year: d.0.year(),
        month: d.0.month(),
    }
}

/// The last day of month `m`.
pub fn last_day(m: Month) -> Date {
    next_month(m).first_day().plus_days(-1)
}

impl Index<'_> {
    /// The first day the duty rules look at: the first day of `attendance_from`.
    pub fn duty_start(&self) -> Date {
        self.policy.attendance_from.first_day()
    }

    /// The due months (section 5) from the month of `from` on: not before `attendance_from`,
    /// and ended before the as-of date.
    pub fn due_months(&self, from: Date) -> impl Iterator<Item = Month> + use<'_> {
        let start = month_of(from).max(self.policy.attendance_from);
        std::iter::successors(Some(start), |m| Some(next_month(*m)))
            .take_while(|m| last_day(*m) < self.as_of)
    }

    /// The due years (section 5) from the year of `from` on.
    pub fn due_years(&self, from: Date) -> impl Iterator<Item = i16> + use<'_> {
        let start = from.year().max(self.policy.attendance_from.year);
        (start..)
            .take_while(|y| jiff::civil::Date::new(*y, 12, 31).is_ok_and(|d| Date(d) < self.as_of))
    }
}
