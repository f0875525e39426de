//! A record's report cells, taken straight from its `Serialize` implementation: each field
//! becomes one typed cell, with no JSON value built in between (a province's export turns a
//! million households into rows; building a map for each took most of its time).
//!
//! Money fields (`_fen`) become money, whole numbers numbers, date fields dates, lists their
//! items joined with `;`, and a list item that is a record (an official, a relation) its
//! values joined with `:`.

use std::fmt::Display;

use serde::ser::{self, Impossible, Serialize};

use super::Cell;
use crate::lang::Lang;
use crate::model::{Date, Field, FieldType, Record};

/// An enumeration's (English, Chinese) labels.
type Labels = &'static [(&'static str, &'static str)];

/// A stored enumeration value in `lang`, by the field's labels.
fn label(labels: Labels, lang: Lang, en: &'static str) -> &'static str {
    labels
        .iter()
        .find(|(e, _)| *e == en)
        .map_or(en, |(e, zh)| lang.pick(e, zh))
}

/// Why a record could not be turned into cells: a shape no record has.
#[derive(Debug)]
pub struct Unsupported(String);

impl Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: Display>(msg: T) -> Self {
        Unsupported(msg.to_string())
    }
}

fn unsupported<T>(what: &str) -> Result<T, Unsupported> {
    Err(Unsupported(format!("a record field cannot be {what}")))
}

/// The record's fields as `(stored name, cell)`, in the order it serializes them; fields it
/// skips (empty optional ones) are absent.
/// Enumeration values are labelled in `lang`.
pub fn fields<R: Record>(record: &R, lang: Lang) -> Vec<(&'static str, Cell)> {
    let mut out = Vec::with_capacity(16);
    // Every record type is a plain struct of the shapes below; a field of another shape
    // is a mistake in its declaration, which every export test would show.
    record
        .serialize(RecordSerializer {
            out: &mut out,
            columns: R::COLUMNS,
            lang,
        })
        .unwrap_or_else(|e| panic!("{} cannot be a report row: {e}", R::KIND.name()));
    out
}

struct RecordSerializer<'o> {
    out: &'o mut Vec<(&'static str, Cell)>,
    columns: &'static [Field],
    lang: Lang,
}

struct RecordFields<'o> {
    out: &'o mut Vec<(&'static str, Cell)>,
    columns: &'static [Field],
    lang: Lang,
}

impl ser::SerializeStruct for RecordFields<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        let ty = column_of(self.columns, key, self.out.len())
            .map_or(FieldType::Text, |i| self.columns[i].ty);
        let cell = value.serialize(CellSerializer {
            ty,
            lang: self.lang,
        })?;
        self.out.push((key, cell));
        Ok(())
    }

    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

/// The position of the column of field `name`, looked for from `from` on and then from the
/// start: fields are mostly serialized in column order, so the first look usually finds it.
pub fn column_of(columns: &[Field], name: &str, from: usize) -> Option<usize> {
    let from = from.min(columns.len());
    let (before, after) = columns.split_at(from);
    after
        .iter()
        .position(|c| c.field == name)
        .map(|i| from + i)
        .or_else(|| before.iter().position(|c| c.field == name))
}

/// Implements the `Serializer` methods that a given serializer does not accept.
macro_rules! reject {
    ($($method:ident($($arg:ty),*) $what:literal;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<Self::Ok, Unsupported> {
            unsupported($what)
        })*
    };
}

/// Implements the `Serializer` methods for shapes no record field has: tuples, maps and
/// variants with data.
macro_rules! reject_compound {
    () => {
        fn serialize_newtype_variant<T: ?Sized + Serialize>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<Self::Ok, Unsupported> {
            unsupported("a variant with data")
        }

        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
            unsupported("a tuple")
        }

        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, Unsupported> {
            unsupported("a tuple")
        }

        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, Unsupported> {
            unsupported("a variant with data")
        }

        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
            unsupported("a map")
        }

        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, Unsupported> {
            unsupported("a variant with data")
        }
    };
}

impl<'o> ser::Serializer for RecordSerializer<'o> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Impossible<(), Unsupported>;
    type SerializeTuple = Impossible<(), Unsupported>;
    type SerializeTupleStruct = Impossible<(), Unsupported>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = Impossible<(), Unsupported>;
    type SerializeStruct = RecordFields<'o>;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    reject_compound!();

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<RecordFields<'o>, Unsupported> {
        Ok(RecordFields {
            out: self.out,
            columns: self.columns,
            lang: self.lang,
        })
    }

    reject! {
        serialize_bool(bool) "a boolean";
        serialize_i8(i8) "a number";
        serialize_i16(i16) "a number";
        serialize_i32(i32) "a number";
        serialize_i64(i64) "a number";
        serialize_u8(u8) "a number";
        serialize_u16(u16) "a number";
        serialize_u32(u32) "a number";
        serialize_u64(u64) "a number";
        serialize_f32(f32) "a number";
        serialize_f64(f64) "a number";
        serialize_char(char) "a character";
        serialize_str(&str) "text";
        serialize_bytes(&[u8]) "bytes";
        serialize_none() "absent";
        serialize_unit() "empty";
        serialize_unit_struct(&'static str) "empty";
        serialize_unit_variant(&'static str, u32, &'static str) "a variant";
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), Unsupported> {
        unsupported("optional")
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unsupported> {
        unsupported("a newtype")
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unsupported> {
        unsupported("a list")
    }
}

/// One field's value as a cell.
struct CellSerializer {
    ty: FieldType,
    lang: Lang,
}

impl CellSerializer {
    fn number(&self, n: i64) -> Cell {
        if self.ty == FieldType::Money {
            Cell::Money(i128::from(n))
        } else {
            Cell::Int(n)
        }
    }
}

/// A list field, its items as text.
struct ListCells {
    items: Vec<String>,
    labels: Labels,
    lang: Lang,
}

impl ser::SerializeSeq for ListCells {
    type Ok = Cell;
    type Error = Unsupported;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.items
            .push(value.serialize(ItemSerializer(self.labels, self.lang))?);
        Ok(())
    }

    fn end(self) -> Result<Cell, Unsupported> {
        Ok(if self.items.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(self.items.join(";"))
        })
    }
}

impl ser::Serializer for CellSerializer {
    type Ok = Cell;
    type Error = Unsupported;
    type SerializeSeq = ListCells;
    type SerializeTuple = Impossible<Cell, Unsupported>;
    type SerializeTupleStruct = Impossible<Cell, Unsupported>;
    type SerializeTupleVariant = Impossible<Cell, Unsupported>;
    type SerializeMap = Impossible<Cell, Unsupported>;
    type SerializeStruct = Impossible<Cell, Unsupported>;
    type SerializeStructVariant = Impossible<Cell, Unsupported>;

    reject_compound!();

    fn serialize_i64(self, n: i64) -> Result<Cell, Unsupported> {
        Ok(self.number(n))
    }

    fn serialize_i32(self, n: i32) -> Result<Cell, Unsupported> {
        Ok(self.number(i64::from(n)))
    }

    fn serialize_u32(self, n: u32) -> Result<Cell, Unsupported> {
        Ok(self.number(i64::from(n)))
    }

    fn serialize_u64(self, n: u64) -> Result<Cell, Unsupported> {
        i64::try_from(n).map_or_else(|_| unsupported("so large"), |n| Ok(self.number(n)))
    }

    fn serialize_str(self, s: &str) -> Result<Cell, Unsupported> {
        if self.ty == FieldType::Date
            && let Ok(d) = s.parse::<Date>()
        {
            return Ok(Cell::Date(d));
        }
        Ok(Cell::Text(s.to_string()))
    }

    fn serialize_none(self) -> Result<Cell, Unsupported> {
        Ok(Cell::Empty)
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<Cell, Unsupported> {
        value.serialize(self)
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Cell, Unsupported> {
        Ok(Cell::Text(
            label(self.ty.labels(), self.lang, variant).to_string(),
        ))
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Cell, Unsupported> {
        value.serialize(self)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<ListCells, Unsupported> {
        Ok(ListCells {
            labels: self.ty.labels(),
            lang: self.lang,
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }

    fn serialize_u8(self, n: u8) -> Result<Cell, Unsupported> {
        Ok(self.number(i64::from(n)))
    }

    fn serialize_bool(self, b: bool) -> Result<Cell, Unsupported> {
        let text = if b {
            self.lang.pick("true", "是")
        } else {
            self.lang.pick("false", "否")
        };
        Ok(Cell::Text(text.to_string()))
    }

    reject! {
        serialize_i8(i8) "a small number";
        serialize_i16(i16) "a small number";
        serialize_u16(u16) "a small number";
        serialize_f32(f32) "a fraction";
        serialize_f64(f64) "a fraction";
        serialize_char(char) "a character";
        serialize_bytes(&[u8]) "bytes";
        serialize_unit() "empty";
        serialize_unit_struct(&'static str) "empty";
    }

    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, Unsupported> {
        unsupported("a nested record")
    }
}

/// One item of a list field as text: an id, an enumeration value, or a record's values
/// joined with `:` (`P1:party_secretary`, `P4:sibling:2015-01-10`).
struct ItemSerializer(Labels, Lang);

struct ItemParts {
    parts: Vec<String>,
    labels: Labels,
    lang: Lang,
}

impl ser::SerializeStruct for ItemParts {
    type Ok = String;
    type Error = Unsupported;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        let part = value.serialize(ItemSerializer(self.labels, self.lang))?;
        self.parts.push(part);
        Ok(())
    }

    fn end(self) -> Result<String, Unsupported> {
        Ok(self.parts.join(":"))
    }
}

impl ser::Serializer for ItemSerializer {
    type Ok = String;
    type Error = Unsupported;
    type SerializeSeq = Impossible<String, Unsupported>;
    type SerializeTuple = Impossible<String, Unsupported>;
    type SerializeTupleStruct = Impossible<String, Unsupported>;
    type SerializeTupleVariant = Impossible<String, Unsupported>;
    type SerializeMap = Impossible<String, Unsupported>;
    type SerializeStruct = ItemParts;
    type SerializeStructVariant = Impossible<String, Unsupported>;

    reject_compound!();

    fn serialize_str(self, s: &str) -> Result<String, Unsupported> {
        Ok(s.to_string())
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, Unsupported> {
        Ok(label(self.0, self.1, variant).to_string())
    }

    fn serialize_none(self) -> Result<String, Unsupported> {
        Ok(String::new())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<String, Unsupported> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, Unsupported> {
        value.serialize(self)
    }

    fn serialize_i64(self, n: i64) -> Result<String, Unsupported> {
        Ok(n.to_string())
    }

    fn serialize_u32(self, n: u32) -> Result<String, Unsupported> {
        Ok(n.to_string())
    }

    fn serialize_struct(self, _: &'static str, len: usize) -> Result<ItemParts, Unsupported> {
        Ok(ItemParts {
            labels: self.0,
            lang: self.1,
            parts: Vec::with_capacity(len),
        })
    }

    reject! {
        serialize_bool(bool) "a boolean";
        serialize_i8(i8) "a small number";
        serialize_i16(i16) "a small number";
        serialize_i32(i32) "a number";
        serialize_u8(u8) "a small number";
        serialize_u16(u16) "a small number";
        serialize_u64(u64) "a number";
        serialize_f32(f32) "a fraction";
        serialize_f64(f64) "a fraction";
        serialize_char(char) "a character";
        serialize_bytes(&[u8]) "bytes";
        serialize_unit() "empty";
        serialize_unit_struct(&'static str) "empty";
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unsupported> {
        unsupported("a list in a list")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Official, Role, Village};

    #[test]
    fn fields_become_typed_cells_in_stored_order() {
        let v = Village {
            id: "V1".into(),
            name: "大坪村".into(),
            province: None,
            county: "西秀区".into(),
            township: "旧州镇".into(),
            region: crate::model::Region::West,
            status: crate::model::VillageStatus::Exited,
            exited_on: "2019-12-01".parse().ok(),
            population: Some(420),
            officials: vec![
                Official {
                    person: "P1".into(),
                    role: Role::PartySecretary,
                },
                Official {
                    person: "P2".into(),
                    role: Role::Director,
                },
            ],
            types: Vec::new(),
        };
        let cells = fields(&v, Lang::En);
        let names: Vec<&str> = cells.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "id",
                "name",
                "county",
                "township",
                "region",
                "status",
                "exited_on",
                "population",
                "officials"
            ]
        );
        assert_eq!(cells[5].1, Cell::Text("exited".into()));
        assert_eq!(cells[6].1, Cell::Date("2019-12-01".parse().unwrap()));
        assert_eq!(cells[7].1, Cell::Int(420));
        assert_eq!(
            cells[8].1,
            Cell::Text("P1:party_secretary;P2:director".into())
        );
    }
}
