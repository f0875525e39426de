//! The declaration of a record kind: one line per field naming its stored name, Chinese
//! header, type and presence. Report columns, cell types, command-line and import parsing,
//! masking, `--clear` and reference checking all follow from it (the `record!` macro).

use serde_json::{Map, Value};

use super::value::{
    Invalid, check_id, check_id_number, check_phone, format_yuan, mask_id_number, mask_phone,
    parse_date, parse_yuan,
};
use super::{Date, Kind};
use crate::lang::Text;

/// What a field holds, which decides how it is parsed, shown and written to a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// The record's own id.
    Id,
    /// The id of a record of another kind.
    Ref(Kind),
    /// A list of ids of records of another kind.
    Refs(Kind),
    /// Free text.
    Text,
    /// An 18-character resident ID number; always masked on output.
    IdNumber,
    /// A phone number; always masked on output.
    Phone,
    /// A whole number from `min` to `max`.
    Int {
        min: i64,
        max: i64,
    },
    /// Money stored in fen, given and shown in yuan.
    Money,
    Date,
    /// A calendar month `YYYY-MM`.
    Month,
    /// `true`/`false`, also 是/否.
    Bool,
    /// An enumeration: (English, Chinese) labels.
    Enum(&'static [(&'static str, &'static str)]),
    /// A list of an enumeration's values.
    Enums(&'static [(&'static str, &'static str)]),
    /// A list of `{person, <enum field>}` items written `person:value`, e.g. officials.
    PersonTags {
        key: &'static str,
        labels: &'static [(&'static str, &'static str)],
    },
    /// A list of `{person, relation, filed_on?}` items written `person:relation[:filed_on]`.
    Relations(&'static [(&'static str, &'static str)]),
    /// A list of `{measure, on}` items written `measure:YYYY-MM-DD`: an enumeration's value
    /// and the day it applies from.
    Dated(&'static [(&'static str, &'static str)]),
    /// A list of `{person, from, to?}` items written `person:from[:to]` (a team's
    /// member_terms).
    Terms,
}

impl FieldType {
    /// The kind of record this field refers to, if any.
    pub fn target(self) -> Option<Kind> {
        match self {
            FieldType::Ref(k) | FieldType::Refs(k) => Some(k),
            FieldType::PersonTags { .. } | FieldType::Relations(_) | FieldType::Terms => {
                Some(Kind::Person)
            }
            _ => None,
        }
    }

    /// The (English, Chinese) labels of the enumeration this field holds, if any.
    pub fn labels(self) -> &'static [(&'static str, &'static str)] {
        match self {
            FieldType::Enum(l)
            | FieldType::Enums(l)
            | FieldType::Relations(l)
            | FieldType::Dated(l)
            | FieldType::PersonTags { labels: l, .. } => l,
            _ => &[],
        }
    }

    /// Whether a report cell of this field is a list joined with `;`.
    pub fn is_list(self) -> bool {
        matches!(
            self,
            FieldType::Refs(_)
                | FieldType::Enums(_)
                | FieldType::PersonTags { .. }
                | FieldType::Relations(_)
                | FieldType::Dated(_)
                | FieldType::Terms
        )
    }
}

/// Whether a field must be given, has a default, or may be left empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// `add` needs it; an import row needs it.
    Required,
    /// Takes a default when not given; cannot be cleared.
    Defaulted,
    /// May be absent; `--clear` empties it.
    Optional,
}

/// One field of a record kind.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The stored name, e.g. `income_per_capita_fen`.
    pub field: &'static str,
    /// The report's English header: the stored name without `_fen`.
    pub en: &'static str,
    /// The report's Chinese header.
    pub zh: &'static str,
    pub ty: FieldType,
    pub presence: Presence,
    /// The command-line flag without `--`, with `_` for `-`: `income` for
    /// `income_per_capita_fen`, `member` for `members`.
    pub flag: &'static str,
    /// Shown as a column of a `list` table.
    pub listed: bool,
}

impl Field {
    /// A field of type `ty`, optional until said otherwise; the macro names it.
    pub const fn new(zh: &'static str, ty: FieldType) -> Field {
        Field {
            field: "",
            en: "",
            zh,
            ty,
            presence: Presence::Optional,
            flag: "",
            listed: false,
        }
    }

    #[must_use]
    pub const fn required(mut self) -> Field {
        self.presence = Presence::Required;
        self
    }

    #[must_use]
    pub const fn defaulted(mut self) -> Field {
        self.presence = Presence::Defaulted;
        self
    }

    #[must_use]
    pub const fn listed(mut self) -> Field {
        self.listed = true;
        self
    }

    /// A flag other than the stored name (and a report header other than it, when the
    /// stored name ends in `_fen`).
    #[must_use]
    pub const fn flag(mut self, flag: &'static str) -> Field {
        self.flag = flag;
        self
    }

    /// Sets the stored name, and the header and flag where they were left to follow it.
    #[must_use]
    pub const fn named(mut self, name: &'static str) -> Field {
        self.field = name;
        self.en = strip_fen(name);
        if self.flag.is_empty() {
            self.flag = self.en;
        }
        self
    }

    /// The flag as typed: `--income`.
    pub fn cli_flag(&self) -> String {
        format!("--{}", self.flag.replace('_', "-"))
    }

    /// Whether `--clear` may empty this field.
    pub fn clearable(&self) -> bool {
        self.presence == Presence::Optional
    }

    /// Whether `name` (stored name, header or flag, with `-` or `_`) names this field.
    pub fn answers_to(&self, name: &str) -> bool {
        let name = name.trim_start_matches("--").replace('-', "_");
        name == self.field || name == self.en || name == self.flag
    }

    /// Parses the values given for this field on the command line (a list field may be
    /// given several times, each value may also hold `;`-separated items) into its stored
    /// JSON form.
    pub fn parse(&self, values: &[String]) -> Result<Value, Invalid> {
        if self.ty.is_list() {
            let items: Vec<&str> = values.iter().flat_map(|v| items(v)).collect();
            return list(self, &items, parse_date);
        }
        let s = values.last().map_or("", String::as_str);
        scalar(self, s)
    }

    /// Parses one report cell: `None` for an empty cell (the field's default).
    pub fn parse_cell(&self, cell: &str) -> Result<Option<Value>, Invalid> {
        self.parse_cell_dated(cell, parse_date)
    }

    /// `parse_cell`, the dates inside a list's items (`P1:spouse:2019/5/1`,
    /// `health:2025年3月20日`) read by `read_date`: an import reads them in the forms
    /// spreadsheets write.
    pub fn parse_cell_dated(
        &self,
        cell: &str,
        read_date: ReadDate,
    ) -> Result<Option<Value>, Invalid> {
        let s = cell.trim();
        if s.is_empty() {
            return if self.presence == Presence::Required {
                Err(Invalid::said(
                    self.field,
                    "",
                    Text::new("is empty; this column is required", "为空；此列必填"),
                ))
            } else {
                Ok(None)
            };
        }
        if self.ty.is_list() {
            return list(self, &items(s).collect::<Vec<_>>(), read_date).map(Some);
        }
        scalar(self, s).map(Some)
    }

    /// A stored value as people read it: enumerations as their Chinese label when `zh`,
    /// money in yuan, lists joined with `;`.
    pub fn display(&self, value: &Value, zh: bool) -> String {
        let label = |labels: &[(&str, &str)], v: &str| {
            labels.iter().find(|(en, _)| *en == v).map_or_else(
                || v.to_string(),
                |(en, z)| (if zh { *z } else { *en }).into(),
            )
        };
        let text = |v: &Value| match v {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        match (self.ty, value) {
            (_, Value::Null) => String::new(),
            (FieldType::Money, Value::Number(n)) => {
                n.as_i64().map_or_else(|| n.to_string(), format_yuan)
            }
            (FieldType::Enum(labels), Value::String(s)) => label(labels, s),
            (FieldType::Bool, Value::Bool(b)) => match (zh, b) {
                (true, true) => "是".into(),
                (true, false) => "否".into(),
                (false, b) => b.to_string(),
            },
            (_, Value::Array(items)) => items
                .iter()
                .map(|item| match (self.ty, item) {
                    (FieldType::Enums(labels), Value::String(s)) => label(labels, s),
                    (FieldType::PersonTags { key, labels }, Value::Object(o)) => format!(
                        "{}:{}",
                        text(&o["person"]),
                        label(labels, &text(o.get(key).unwrap_or(&Value::Null)))
                    ),
                    (FieldType::Relations(labels), Value::Object(o)) => {
                        let mut s = format!(
                            "{}:{}",
                            text(&o["person"]),
                            label(labels, &text(o.get("relation").unwrap_or(&Value::Null)))
                        );
                        if let Some(d) = o.get("filed_on") {
                            s.push(':');
                            s.push_str(&text(d));
                        }
                        s
                    }
                    (FieldType::Dated(labels), Value::Object(o)) => format!(
                        "{}:{}",
                        label(labels, &text(o.get("measure").unwrap_or(&Value::Null))),
                        text(o.get("on").unwrap_or(&Value::Null))
                    ),
                    (FieldType::Terms, Value::Object(o)) => ["person", "from", "to"]
                        .iter()
                        .filter_map(|k| o.get(*k).map(text))
                        .collect::<Vec<_>>()
                        .join(":"),
                    (_, v) => text(v),
                })
                .collect::<Vec<_>>()
                .join(";"),
            (_, v) => text(v),
        }
    }
}

/// `income_per_capita_fen` → `income_per_capita`, at compile time.
const fn strip_fen(name: &'static str) -> &'static str {
    let b = name.as_bytes();
    let n = b.len();
    if n > 4 && b[n - 4] == b'_' && b[n - 3] == b'f' && b[n - 2] == b'e' && b[n - 1] == b'n' {
        match name.split_at_checked(n - 4) {
            Some((head, _)) => head,
            None => name,
        }
    } else {
        name
    }
}

/// The items of a list cell, split at `;` (also the full-width `；`).
fn items(s: &str) -> impl Iterator<Item = &str> {
    s.split([';', '；'])
        .map(str::trim)
        .filter(|i| !i.is_empty())
}

/// The English label that `s` (English or Chinese) names.
fn label(
    field: &'static str,
    labels: &'static [(&'static str, &'static str)],
    s: &str,
) -> Result<&'static str, Invalid> {
    let s = s.trim();
    labels
        .iter()
        .find(|(en, zh)| *en == s || *zh == s)
        .map(|(en, _)| *en)
        .ok_or_else(|| {
            let expected: Vec<String> =
                labels.iter().map(|(en, zh)| format!("{en} {zh}")).collect();
            Invalid::said(
                field,
                s,
                Text {
                    en: format!("is not recognised; expected one of {}", expected.join(", ")),
                    zh: format!("无法识别；应为以下之一：{}", expected.join(", ")),
                },
            )
        })
}

/// `YYYY-MM`, a real month.
pub fn parse_month(field: &'static str, s: &str) -> Result<String, Invalid> {
    let t = s.trim();
    let first = (t.len() == 7 && t.as_bytes()[4] == b'-')
        .then(|| format!("{t}-01").parse::<Date>().ok())
        .flatten();
    if let Some(first) = first {
        // The span every date keeps to, 1900 to 2100.
        if !super::value::date_in_range(first) {
            return Err(Invalid::said(
                field,
                s,
                Text::new(
                    "is out of range; expected a month from 1900-01 to 2100-12",
                    "超出范围；应为 1900-01 到 2100-12 之间的月份",
                ),
            ));
        }
        Ok(t.to_string())
    } else {
        Err(Invalid::said(
            field,
            s,
            Text::new("is not a month; expected YYYY-MM", "不是月份；应为 YYYY-MM"),
        ))
    }
}

/// `true`/`false`, also 是/否, yes/no.
pub fn parse_bool(field: &'static str, s: &str) -> Result<bool, Invalid> {
    match s.trim().to_lowercase().as_str() {
        "true" | "是" | "yes" | "y" | "1" => Ok(true),
        "false" | "否" | "no" | "n" | "0" => Ok(false),
        _ => Err(Invalid::said(
            field,
            s,
            Text::new(
                "is not true or false; expected true, false, 是 or 否",
                "无法识别为是或否；应为 true、false、是 或 否",
            ),
        )),
    }
}

fn scalar(f: &Field, s: &str) -> Result<Value, Invalid> {
    let name = f.field;
    let t = s.trim();
    Ok(match f.ty {
        FieldType::Id | FieldType::Ref(_) => {
            check_id(name, t)?;
            Value::from(t)
        }
        FieldType::Text => {
            if t.is_empty() {
                return Err(Invalid::said(
                    name,
                    s,
                    Text::new("is empty; expected some text", "为空；应填写文字"),
                ));
            }
            Value::from(t)
        }
        FieldType::IdNumber => Value::from(check_id_number(name, s)?),
        FieldType::Phone => {
            if t.contains('*') {
                return Err(Invalid::said(
                    name,
                    t,
                    Text::new(
                        "is masked; expected the full phone number (export with --unmask)",
                        "已被遮盖；应为完整的电话号码（导出时加 --unmask）",
                    ),
                ));
            }
            check_phone(name, t)?;
            Value::from(t)
        }
        FieldType::Int { min, max } => match t.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Value::from(n),
            Ok(_) => {
                return Err(Invalid::said(
                    name,
                    s,
                    Text {
                        en: format!("is out of range; expected a whole number from {min} to {max}"),
                        zh: format!("超出范围；应为 {min} 到 {max} 之间的整数"),
                    },
                ));
            }
            Err(_) => {
                return Err(Invalid::said(
                    name,
                    s,
                    Text {
                        en: format!(
                            "is not a whole number; expected a whole number from {min} to {max}"
                        ),
                        zh: format!("不是整数；应为 {min} 到 {max} 之间的整数"),
                    },
                ));
            }
        },
        FieldType::Money => Value::from(parse_yuan(name, s)?),
        FieldType::Date => Value::from(parse_date(name, s)?.to_string()),
        FieldType::Month => Value::from(parse_month(name, s)?),
        FieldType::Bool => Value::from(parse_bool(name, s)?),
        FieldType::Enum(labels) => Value::from(label(name, labels, s)?),
        FieldType::Refs(_)
        | FieldType::Enums(_)
        | FieldType::PersonTags { .. }
        | FieldType::Relations(_)
        | FieldType::Dated(_)
        | FieldType::Terms => list(f, &[t], parse_date)?,
    })
}

/// Reads a date given for a field.
pub type ReadDate = fn(&'static str, &str) -> Result<Date, Invalid>;

fn list(f: &Field, items: &[&str], read_date: ReadDate) -> Result<Value, Invalid> {
    let name = f.field;
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for item in items {
        let v = match f.ty {
            FieldType::Refs(_) => {
                check_id(name, item)?;
                Value::from(*item)
            }
            FieldType::Enums(labels) => Value::from(label(name, labels, item)?),
            FieldType::PersonTags { key, labels } => {
                let Some((person, tag)) = item.split_once([':', '：']) else {
                    return Err(Invalid::said(
                        name,
                        *item,
                        Text {
                            en: format!(
                                "is not person:{key}; expected e.g. P000001:{}",
                                labels[0].0
                            ),
                            zh: format!("不是 人员:{key} 的形式；应如 P000001:{}", labels[0].0),
                        },
                    ));
                };
                check_id(name, person.trim())?;
                let mut o = Map::new();
                o.insert("person".into(), person.trim().into());
                o.insert(key.into(), label(name, labels, tag)?.into());
                Value::Object(o)
            }
            FieldType::Relations(labels) => {
                let mut parts = item.splitn(3, [':', '：']);
                let (Some(person), Some(relation)) = (parts.next(), parts.next()) else {
                    return Err(Invalid::said(
                        name,
                        *item,
                        Text::new(
                            "is not person:relation; expected e.g. P000001:spouse or P000001:spouse:2019-05-01",
                            "不是 人员:关系 的形式；应如 P000001:spouse 或 P000001:spouse:2019-05-01",
                        ),
                    ));
                };
                check_id(name, person.trim())?;
                let mut o = Map::new();
                o.insert("person".into(), person.trim().into());
                o.insert("relation".into(), label(name, labels, relation)?.into());
                if let Some(filed) = parts.next() {
                    o.insert(
                        "filed_on".into(),
                        read_date(name, filed)?.to_string().into(),
                    );
                }
                Value::Object(o)
            }
            FieldType::Dated(labels) => {
                let Some((value, on)) = item.rsplit_once([':', '：']) else {
                    return Err(Invalid::said(
                        name,
                        *item,
                        Text {
                            en: format!(
                                "is not {}:date; expected e.g. {}:2025-03-20",
                                f.flag, labels[0].0
                            ),
                            zh: format!(
                                "不是 {}:日期 的形式；应如 {}:2025-03-20",
                                f.flag, labels[0].0
                            ),
                        },
                    ));
                };
                let mut o = Map::new();
                o.insert("measure".into(), label(name, labels, value)?.into());
                o.insert("on".into(), read_date(name, on)?.to_string().into());
                Value::Object(o)
            }
            FieldType::Terms => {
                let mut parts = item.splitn(3, [':', '：']);
                let (Some(person), Some(from)) = (parts.next(), parts.next()) else {
                    return Err(Invalid::said(
                        name,
                        *item,
                        Text::new(
                            "is not person:from; expected e.g. P000001:2021-06-01 or P000001:2021-06-01:2022-06-01",
                            "不是 人员:起始日期 的形式；应如 P000001:2021-06-01 或 P000001:2021-06-01:2022-06-01",
                        ),
                    ));
                };
                check_id(name, person.trim())?;
                let mut o = Map::new();
                o.insert("person".into(), person.trim().into());
                o.insert("from".into(), read_date(name, from)?.to_string().into());
                if let Some(to) = parts.next() {
                    o.insert("to".into(), read_date(name, to)?.to_string().into());
                }
                Value::Object(o)
            }
            _ => scalar(f, item)?,
        };
        // A repeated enumeration value is taken once (`--cause illness --cause 因病`); a
        // repeated id is for the record's own rules to refuse.
        if !(matches!(f.ty, FieldType::Enums(_)) && out.contains(&v)) {
            out.push(v);
        }
    }
    Ok(Value::Array(out))
}

/// What a record's field values offer the declaration: masking, the ids they refer to, and
/// being emptied by `--clear`. Types that hold none of these keep the defaults.
pub trait FieldValue {
    fn mask(&mut self, _ty: FieldType) {}

    fn refs(&self) -> Vec<&str> {
        Vec::new()
    }

    fn clear(&mut self) {}
}

impl FieldValue for super::value::Str {
    fn mask(&mut self, ty: FieldType) {
        match ty {
            FieldType::IdNumber => *self = mask_id_number(self).into(),
            FieldType::Phone => *self = mask_phone(self).into(),
            _ => {}
        }
    }

    fn refs(&self) -> Vec<&str> {
        vec![self.as_str()]
    }
}

impl<T: FieldValue> FieldValue for Option<T> {
    fn mask(&mut self, ty: FieldType) {
        if let Some(v) = self {
            v.mask(ty);
        }
    }

    fn refs(&self) -> Vec<&str> {
        self.as_ref().map(FieldValue::refs).unwrap_or_default()
    }

    fn clear(&mut self) {
        *self = None;
    }
}

impl<T: FieldValue> FieldValue for Vec<T> {
    fn mask(&mut self, ty: FieldType) {
        for v in self {
            v.mask(ty);
        }
    }

    fn refs(&self) -> Vec<&str> {
        self.iter().flat_map(FieldValue::refs).collect()
    }

    fn clear(&mut self) {
        Vec::clear(self);
    }
}

impl FieldValue for u32 {}
impl FieldValue for i64 {}
impl FieldValue for i32 {}
impl FieldValue for u8 {}
impl FieldValue for bool {}
impl FieldValue for Date {}

/// Declares a record kind: the struct with its serde attributes, and the `Record`
/// implementation that follows from its fields' declarations.
///
/// ```ignore
/// record! {
///     /// A plan item.
///     pub struct Plan: Kind::Plan, lives in village, validated by validate {
///         pub id: String => Field::new("编号", Id).required().listed(),
///         ...
///     }
/// }
/// ```
/// A record as a tuple of all its fields in declaration order, every one written: the form
/// of the binary snapshots under `.cache/` (README, "Derived data"). The stored JSON leaves
/// out empty optional fields, which only a self-describing format can read back; a snapshot
/// format reads fields by position, so it gets them all. `record!` implements it.
pub trait Packed: Sized {
    fn pack<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error>;
    fn unpack<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

macro_rules! record {
    (
        $(#[$meta:meta])*
        pub struct $name:ident : $kind:expr, lives in $($home:ident)+, validated by $validate:path {
            $(
                $(#[$fmeta:meta])*
                pub $f:ident : $t:ty => $decl:expr,
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $( $(#[$fmeta])* pub $f: $t, )+
        }

        impl $crate::model::Record for $name {
            const KIND: $crate::model::Kind = $kind;
            const COLUMNS: &'static [$crate::model::Field] = &[
                $( { #[allow(unused_imports)] use $crate::model::FieldType::*; $decl.named(stringify!($f)) }, )+
            ];

            fn id(&self) -> &str {
                &self.id
            }

            fn village(&self) -> Option<&str> {
                $crate::model::field::record!(@home self $($home)+)
            }

            fn parent(&self) -> Option<($crate::model::Kind, &str)> {
                $crate::model::field::record!(@parent self $($home)+)
            }

            fn validate(&self) -> Result<(), $crate::model::Invalid> {
                $validate(self)
            }

            #[allow(unused_assignments)]
            fn mask(&mut self) {
                let mut i = 0;
                $(
                    $crate::model::FieldValue::mask(&mut self.$f, Self::COLUMNS[i].ty);
                    i += 1;
                )+
            }

            #[allow(unused_assignments)]
            fn references(&self) -> Vec<($crate::model::Kind, &'static str, &str)> {
                let mut out = Vec::new();
                let mut i = 0;
                $(
                    if let Some(kind) = Self::COLUMNS[i].ty.target() {
                        let name = Self::COLUMNS[i].field;
                        for target in $crate::model::FieldValue::refs(&self.$f) {
                            out.push((kind, name, target));
                        }
                    }
                    i += 1;
                )+
                out
            }

            fn clear(&mut self, field: &str) -> Result<(), $crate::lang::Text> {
                let Some(column) = Self::COLUMNS.iter().find(|c| c.answers_to(field)) else {
                    return Err($crate::model::not_clearable(field, Self::COLUMNS));
                };
                if !column.clearable() {
                    return Err($crate::model::not_clearable(field, Self::COLUMNS));
                }
                $(
                    if column.field == stringify!($f) {
                        $crate::model::FieldValue::clear(&mut self.$f);
                    }
                )+
                Ok(())
            }
        }
        impl $crate::model::field::Packed for $name {
            fn pack<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeTuple as _;
                let mut t = s.serialize_tuple(<Self as $crate::model::Record>::COLUMNS.len())?;
                $( t.serialize_element(&self.$f)?; )+
                t.end()
            }

            fn unpack<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Fields;
                impl<'de> serde::de::Visitor<'de> for Fields {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("the fields of ", stringify!($name)))
                    }

                    fn visit_seq<A: serde::de::SeqAccess<'de>>(
                        self,
                        mut seq: A,
                    ) -> Result<$name, A::Error> {
                        // A struct expression evaluates its fields in the order written.
                        Ok($name {
                            $( $f: seq.next_element::<$t>()?.ok_or_else(|| {
                                serde::de::Error::custom(concat!("no field ", stringify!($f)))
                            })?, )+
                        })
                    }
                }
                d.deserialize_tuple(<Self as $crate::model::Record>::COLUMNS.len(), Fields)
            }
        }
    };
    (@home $s:ident village) => { Some(&$s.village) };
    (@home $s:ident itself) => { Some(&$s.id) };
    (@home $s:ident store) => { None };
    (@home $s:ident parent $p:ident) => { None };
    (@parent $s:ident parent $p:ident) => {
        Self::COLUMNS
            .iter()
            .find(|c| c.field == stringify!($p))
            .and_then(|c| c.ty.target())
            .map(|kind| (kind, $s.$p.as_str()))
    };
    (@parent $s:ident $($other:ident)+) => { None };
}
pub(crate) use record;
