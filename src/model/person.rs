//! A person: a dispatched cadre or a village official (人员).

use serde::{Deserialize, Serialize};

use super::value::labelled;
use super::{
    Column, Invalid, Kind, Record, check_id, check_id_number, check_phone, col, mask_id_number,
    mask_phone, not_clearable,
};

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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_village: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

const CLEARABLE: &[&str] = &["id_number", "unit", "level", "home_village", "phone"];

impl Record for Person {
    const KIND: Kind = Kind::Person;
    const COLUMNS: &'static [Column] = &[
        col("id", "id", "编号"),
        col("name", "name", "姓名"),
        col("id_number", "id_number", "身份证号"),
        col("unit", "unit", "单位"),
        col("level", "level", "级别"),
        col("home_village", "home_village", "户籍村"),
        col("phone", "phone", "电话"),
    ];

    fn id(&self) -> &str {
        &self.id
    }

    fn village(&self) -> Option<&str> {
        None
    }

    fn validate(&self) -> Result<(), Invalid> {
        check_id("id", &self.id)?;
        if self.name.trim().is_empty() {
            return Err(Invalid::new(
                "name",
                &self.name,
                "is empty; a name is required",
            ));
        }
        if let Some(n) = &self.id_number {
            check_id_number("id_number", n)?;
        }
        if let Some(p) = &self.phone {
            check_phone("phone", p)?;
        }
        Ok(())
    }

    fn mask(&mut self) {
        if let Some(n) = &mut self.id_number {
            *n = mask_id_number(n);
        }
        if let Some(p) = &mut self.phone {
            *p = mask_phone(p);
        }
    }

    fn references(&self) -> Vec<(Kind, &'static str, &str)> {
        self.home_village
            .iter()
            .map(|v| (Kind::Village, "home_village", v.as_str()))
            .collect()
    }

    fn clear(&mut self, field: &str) -> Result<(), String> {
        match field {
            "id_number" => self.id_number = None,
            "unit" => self.unit = None,
            "level" => self.level = None,
            "home_village" => self.home_village = None,
            "phone" => self.phone = None,
            _ => return Err(not_clearable(field, CLEARABLE)),
        }
        Ok(())
    }
}
