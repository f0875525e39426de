//! The language bangfu speaks to people: Chinese or English (`--lang zh|en`).
//!
//! Two languages fit in the type system: a text for people is a `Text` with both, or a
//! `match` on `Lang` with an arm for each, so that a missing translation does not compile.
//! Stored forms (JSON, ids, codes) stay English in both languages.

use crate::model::Labelled;
use crate::policy::Severity;

/// The language of output for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl From<crate::cli::LangArg> for Lang {
    fn from(arg: crate::cli::LangArg) -> Lang {
        match arg {
            crate::cli::LangArg::Zh => Lang::Zh,
            crate::cli::LangArg::En => Lang::En,
        }
    }
}

impl Lang {
    /// `--lang` when given, else Chinese when the first non-empty of `LC_ALL`, `LC_MESSAGES`
    /// and `LANG` starts with `zh`, else English.
    pub fn detect(given: Option<crate::cli::LangArg>) -> Lang {
        given.map_or_else(
            || Lang::from_locale(|name| std::env::var(name).ok()),
            Lang::from,
        )
    }

    /// The language a locale environment names, read through `var`.
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(var)
            .find(|v| !v.is_empty());
        match locale {
            Some(l) if l.starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// The text of this language.
    pub fn pick<'t>(self, en: &'t str, zh: &'t str) -> &'t str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// The header row of a report whose columns are `(English, Chinese)` names.
    pub fn row(self, columns: &[(&'static str, &'static str)]) -> Vec<&'static str> {
        columns.iter().map(|(en, zh)| self.pick(en, zh)).collect()
    }

    /// An enumeration value as people read it: its English or its Chinese label.
    pub fn label<T: Labelled>(self, value: T) -> &'static str {
        match self {
            Lang::En => value.en(),
            Lang::Zh => value.zh(),
        }
    }

    /// A severity: `error`, `warning`, `info` or 错误, 警告, 提示.
    pub fn severity(self, s: Severity) -> &'static str {
        match (self, s) {
            (Lang::En, s) => s.name(),
            (Lang::Zh, Severity::Error) => "错误",
            (Lang::Zh, Severity::Warning) => "警告",
            (Lang::Zh, Severity::Info) => "提示",
        }
    }

    /// A record kind by its stored name (`household`): itself in English, its Chinese name
    /// otherwise.
    pub fn kind(self, kind: &'static str) -> &'static str {
        match (self, crate::model::Kind::from_name(kind)) {
            (Lang::Zh, Some(k)) => k.zh(),
            // A finding about the policy (BF500) is not about a record.
            (Lang::Zh, None) if kind == "policy" => "政策",
            _ => kind,
        }
    }
}

/// A text for people in both languages. Building one needs both, so none can be missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub en: String,
    pub zh: String,
}

impl Text {
    /// A text of its English and its Chinese.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// The text in `lang`, keeping only it.
    pub fn into_lang(self, lang: Lang) -> String {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }
}

/// Whether a Chinese text has an English word in it: a run of two or more ASCII letters
/// outside backquotes that is not an id or code (letters followed by digits, as `H0001`,
/// `BF201`). For tests of the Chinese texts.
pub fn english_word_in(text: &str) -> Option<String> {
    let mut outside = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 0 {
            outside.push_str(part);
        }
        outside.push(' ');
    }
    let mut word = String::new();
    let mut found = None;
    for c in outside.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            word.push(c);
            continue;
        }
        let letters = word.chars().take_while(char::is_ascii_alphabetic).count();
        let rest_is_id = word[letters..]
            .chars()
            .all(|c| c.is_ascii_digit() || c == '_' || c == '-' || c.is_ascii_alphabetic())
            && word[letters..].starts_with(|c: char| c.is_ascii_digit());
        if letters >= 2 && !rest_is_id && found.is_none() {
            found = Some(word.clone());
        }
        word.clear();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let owned: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect();
        move |name| {
            owned
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn the_first_non_empty_locale_variable_decides() {
        assert_eq!(Lang::from_locale(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
        assert_eq!(Lang::from_locale(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_locale(env(&[])), Lang::En);
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale(env(&[
                ("LC_ALL", ""),
                ("LC_MESSAGES", "zh_TW"),
                ("LANG", "C")
            ])),
            Lang::Zh
        );
    }

    #[test]
    fn every_declared_enumeration_has_a_chinese_label_for_each_value() {
        for kind in crate::model::Kind::ALL {
            for column in kind.columns() {
                for (en, zh) in column.ty.labels() {
                    assert!(
                        !en.is_empty() && !zh.is_empty(),
                        "{} {}",
                        kind.name(),
                        column.field
                    );
                    assert_eq!(english_word_in(zh), None, "{} {en}: {zh}", column.field);
                }
            }
        }
    }

    #[test]
    fn english_words_are_found_outside_code_and_ids() {
        assert_eq!(english_word_in("贫困户 H0001 无帮扶责任人"), None);
        assert_eq!(english_word_in("运行 `bangfu household assign`"), None);
        assert_eq!(english_word_in("BF201：贫困户"), None);
        assert_eq!(
            english_word_in("贫困户 needs help"),
            Some("needs".to_string())
        );
    }
}
