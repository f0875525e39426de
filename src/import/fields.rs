//! Turning one CSV cell into a stored field: what type each column holds, which columns a
//! row cannot do without, and the parse of each type into the JSON the record is built from.

use serde_json::{Map, Value};

use crate::model::{
    AllocationKind, Cause, HouseholdCategory, HouseholdStatus, Invalid, Kind, Labelled, Level,
    Measure, PlanCategory, PlanStatus, Region, Relationship, Role, VillageStatus, check_id,
    check_phone, parse_enum,
};

use super::sheet_values;

type LabelParser = fn(&'static str, &str) -> Result<&'static str, Invalid>;

/// What a column holds.
#[derive(Clone, Copy)]
enum Type {
    Id,
    Text,
    IdNumber,
    Phone,
    Count,
    Money,
    Date,
    Label(LabelParser),
    Labels(LabelParser),
    Ids,
    Officials,
    Relations,
}

fn label<T: Labelled>(field: &'static str, s: &str) -> Result<&'static str, Invalid> {
    parse_enum::<T>(field, s).map(T::en)
}

fn type_of(kind: Kind, field: &str) -> Type {
    match (kind, field) {
        (Kind::Person, "level") => Type::Label(label::<Level>),
        (Kind::Village, "region") => Type::Label(label::<Region>),
        (Kind::Village, "status") => Type::Label(label::<VillageStatus>),
        (Kind::Household, "status") => Type::Label(label::<HouseholdStatus>),
        (Kind::Household, "category") => Type::Label(label::<HouseholdCategory>),
        (Kind::Allocation, "kind") => Type::Label(label::<AllocationKind>),
        (Kind::Plan, "category") => Type::Label(label::<PlanCategory>),
        (Kind::Plan, "status") => Type::Label(label::<PlanStatus>),
        (_, "causes") => Type::Labels(label::<Cause>),
        (_, "measures") => Type::Labels(label::<Measure>),
        (_, "officials") => Type::Officials,
        (_, "relations") => Type::Relations,
        (_, "members" | "approved_by") => Type::Ids,
        (_, "id_number") => Type::IdNumber,
        (_, "phone") => Type::Phone,
        (_, "size" | "population") => Type::Count,
        (_, f) if f.ends_with("_fen") => Type::Money,
        (
            _,
            "exited_on" | "dispatched_on" | "term_end" | "recalled_on" | "identified_on" | "date"
            | "due",
        ) => Type::Date,
        (
            _,
            "id" | "village" | "home_village" | "household" | "team" | "leader" | "helper"
            | "exit_verified_by",
        ) => Type::Id,
        _ => Type::Text,
    }
}

/// The fields a row of `kind` must have.
pub fn required(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Person => &["id", "name"],
        Kind::Village => &["id", "name", "county", "township"],
        Kind::Team => &["id", "village", "unit", "leader", "dispatched_on"],
        Kind::Household => &["id", "village", "head", "size"],
        Kind::Allocation => &["id", "village", "kind", "amount_fen", "date"],
        Kind::Plan => &["id", "village", "category", "title"],
    }
}

/// The items of a list cell, split at `;`.
fn items(s: &str) -> impl Iterator<Item = &str> {
    s.split(';').map(str::trim).filter(|i| !i.is_empty())
}

/// The stored value of a cell of `field`; `None` for an empty cell (the field's default).
pub fn value(kind: Kind, field: &'static str, cell: &str) -> Result<Option<Value>, Invalid> {
    let s = cell.trim();
    if s.is_empty() {
        return if required(kind).contains(&field) {
            Err(Invalid::new(field, "", "is empty; this column is required"))
        } else {
            Ok(None)
        };
    }
    let text = |s: &str| Value::String(s.to_string());
    let v = match type_of(kind, field) {
        Type::Id => {
            check_id(field, s)?;
            text(s)
        }
        Type::Text => text(s),
        Type::IdNumber => text(&sheet_values::id_number(field, s)?),
        Type::Phone => {
            if s.contains('*') {
                return Err(Invalid::new(
                    field,
                    s,
                    "is masked; expected the full phone number (export with --unmask)",
                ));
            }
            check_phone(field, s)?;
            text(s)
        }
        Type::Count => match s.parse::<u32>() {
            Ok(n) => Value::from(n),
            Err(_) => {
                return Err(Invalid::new(
                    field,
                    s,
                    "is not a whole number; expected 0 or more",
                ));
            }
        },
        Type::Money => Value::from(sheet_values::money(field, s)?),
        Type::Date => text(&sheet_values::date(field, s)?.to_string()),
        Type::Label(parse) => text(parse(field, s)?),
        Type::Labels(parse) => Value::Array(
            items(s)
                .map(|i| parse(field, i).map(text))
                .collect::<Result<_, _>>()?,
        ),
        Type::Ids => Value::Array(
            items(s)
                .map(|i| check_id(field, i).map(|()| text(i)))
                .collect::<Result<_, _>>()?,
        ),
        Type::Officials => Value::Array(
            items(s)
                .map(|i| official(field, i))
                .collect::<Result<_, _>>()?,
        ),
        Type::Relations => Value::Array(
            items(s)
                .map(|i| relation(field, i))
                .collect::<Result<_, _>>()?,
        ),
    };
    Ok(Some(v))
}

/// `person:role`
fn official(field: &'static str, item: &str) -> Result<Value, Invalid> {
    let Some((person, role)) = item.split_once(':') else {
        return Err(Invalid::new(
            field,
            item,
            "is not person:role; expected e.g. P000001:party_secretary",
        ));
    };
    check_id(field, person.trim())?;
    let mut o = Map::new();
    o.insert("person".into(), person.trim().into());
    o.insert("role".into(), label::<Role>(field, role)?.into());
    Ok(Value::Object(o))
}

/// `person:relation` or `person:relation:filed_on`
fn relation(field: &'static str, item: &str) -> Result<Value, Invalid> {
    let mut parts = item.splitn(3, ':');
    let (Some(person), Some(relation)) = (parts.next(), parts.next()) else {
        return Err(Invalid::new(
            field,
            item,
            "is not person:relation; expected e.g. P000001:spouse or P000001:spouse:2019-05-01",
        ));
    };
    check_id(field, person.trim())?;
    let mut o = Map::new();
    o.insert("person".into(), person.trim().into());
    o.insert(
        "relation".into(),
        label::<Relationship>(field, relation)?.into(),
    );
    if let Some(filed) = parts.next() {
        o.insert(
            "filed_on".into(),
            sheet_values::date(field, filed)?.to_string().into(),
        );
    }
    Ok(Value::Object(o))
}
