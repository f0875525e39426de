//! A person: a dispatched cadre or a village official (人员).

use super::field::record;
use super::value::Str;
use super::value::labelled;
use super::{Field, Invalid, Kind, Labelled, check_id, check_id_number, check_phone};
use crate::lang::Text;

labelled! {
    /// The level of government a person comes from.
    Level {
        Province = "province" "省",
        City = "city" "市",
        County = "county" "县",
        Township = "township" "乡",
        Village = "village" "村",
    }
}

record! {
    /// A person: a dispatched cadre or a village official (人员).
    pub struct Person: Kind::Person, lives in store, validated by validate {
        pub id: Str => Field::new("编号", Id).required().listed(),
        pub name: Str => Field::new("姓名", Text).required().listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub id_number: Option<Str> => Field::new("身份证号", IdNumber).listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub unit: Option<Str> => Field::new("单位", Text).listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub level: Option<Level> => Field::new("级别", Enum(Level::PAIRS)).listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub home_village: Option<Str> => Field::new("户籍村", Ref(Kind::Village)).listed(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub phone: Option<Str> => Field::new("电话", Phone).listed(),
    }
}

fn validate(p: &Person) -> Result<(), Invalid> {
    check_id("id", &p.id)?;
    if p.name.trim().is_empty() {
        return Err(Invalid::said(
            "name",
            p.name.as_str(),
            Text::new("is empty; a name is required", "为空；姓名必填"),
        ));
    }
    if let Some(n) = &p.id_number {
        check_id_number("id_number", n)?;
    }
    if let Some(p) = &p.phone {
        check_phone("phone", p)?;
    }
    Ok(())
}
