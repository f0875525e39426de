//! The one index every rule reads: built in a single pass over the registry, so that each
//! rule is a loop over records with constant-time look-ups, and a check stays linear.

use std::collections::HashMap;

use crate::model::{Date, Household, Person, Relation, Team};
use crate::policy::Policy;
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
    /// The teams active on `as_of` that each person is a member of.
    pub memberships: HashMap<&'r str, Vec<&'r Team>>,
    /// Households that need help, by helper.
    pub helped: HashMap<&'r str, Vec<&'r Household>>,
    /// Kin ties: (village, person) → the first household of that village that is kin of the
    /// person, with the tie.
    pub kin: HashMap<(&'r str, &'r str), (&'r Household, &'r Relation)>,
}

impl<'r> Index<'r> {
    pub fn new(registry: &'r Registry, policy: &'r Policy, as_of: Date) -> Index<'r> {
        let mut ix = Index {
            registry,
            policy,
            as_of,
            people: HashMap::with_capacity(registry.people.len()),
            villages: HashMap::with_capacity(registry.villages.len()),
            teams: HashMap::new(),
            households: HashMap::new(),
            active_teams: HashMap::new(),
            memberships: HashMap::new(),
            helped: HashMap::new(),
            kin: HashMap::new(),
        };
        for p in &registry.people {
            ix.people.entry(p.id.as_str()).or_insert(p);
        }
        for vr in &registry.villages {
            let v = vr.village.id.as_str();
            ix.villages.entry(v).or_insert(vr);
            for t in &vr.teams {
                ix.teams.entry(t.id.as_str()).or_insert(t);
                if t.active_on(as_of) {
                    ix.active_teams.entry(v).or_default().push(t);
                    for m in &t.members {
                        ix.memberships.entry(m.as_str()).or_default().push(t);
                    }
                }
            }
            for h in &vr.households {
                ix.households.entry(h.id.as_str()).or_insert(h);
                if h.needs_help()
                    && let Some(helper) = &h.helper
                {
                    ix.helped.entry(helper.as_str()).or_default().push(h);
                }
                for r in &h.relations {
                    ix.kin.entry((v, r.person.as_str())).or_insert((h, r));
                }
            }
        }
        ix
    }

    /// Every village with its records, sorted by id.
    pub fn villages(&self) -> impl Iterator<Item = &'r VillageRecords> {
        self.registry.villages.iter()
    }

    /// The teams active on `as_of` in village `v`.
    pub fn active_in(&self, v: &str) -> &[&'r Team] {
        self.active_teams.get(v).map_or(&[], Vec::as_slice)
    }

    /// The teams stationed in village `v`, active or not.
    pub fn teams_in(&self, v: &str) -> &'r [Team] {
        self.villages.get(v).map_or(&[], |vr| vr.teams.as_slice())
    }

    /// Whether `person` was a member of a team active in village `v` on `date`.
    pub fn served_on(&self, person: &str, v: &str, date: Date) -> bool {
        self.teams_in(v)
            .iter()
            .any(|t| t.active_on(date) && t.has_member(person))
    }
}
