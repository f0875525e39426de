//! What a copy of the store knows about itself and git (README, "Several offices"): its office
//! code in `.bangfu/office`, the merge conflicts the driver parked in `.bangfu/conflicts/`,
//! and the `.gitignore` and `.gitattributes` that `init` writes. `.bangfu/` is never tracked:
//! it belongs to one clone.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::lang::Text;

use super::fsio;
use super::layout::Layout;

/// The directory of this clone's own state.
pub const LOCAL: &str = ".bangfu";

/// `.gitignore`: what git must not carry between offices.
pub const GITIGNORE: &str = "\
# bangfu: derived data, this clone's own state, the writers' lock and temporary files
/.cache/
/.bangfu/
/.lock
/.intent.json
.*.tmp-*
";

/// `.gitattributes`: the store's files are merged by `bangfu merge-file` (`bangfu git-setup`
/// registers the driver in each clone).
pub const GITATTRIBUTES: &str = "\
# bangfu: record files, journals and the manifest merge record by record
*.jsonl merge=bangfu
bangfu.json merge=bangfu
village.json merge=bangfu
";

pub fn local_dir(layout: &Layout) -> PathBuf {
    layout.root().join(LOCAL)
}

pub fn office_file(layout: &Layout) -> PathBuf {
    local_dir(layout).join("office")
}

pub fn conflicts_dir(root: &Path) -> PathBuf {
    root.join(LOCAL).join("conflicts")
}

/// Checks an office code: 1–16 characters from `A-Z a-z 0-9`, since it becomes part of ids.
pub fn check_code(code: &str) -> Result<()> {
    if code.is_empty() || code.len() > 16 || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::rejected_in(Text {
            en: format!(
                "office code {code:?}: expected 1 to 16 letters or digits, e.g. a county code \
                 such as 522799"
            ),
            zh: format!("单位代码 {code:?}：应为 1 到 16 个字母或数字，如县代码 522799"),
        }));
    }
    Ok(())
}

/// This copy's office code, if one is set; read once per process and store (an import
/// assigns thousands of ids).
pub fn code(layout: &Layout) -> Result<Option<String>> {
    static READ: std::sync::Mutex<Option<(PathBuf, Option<String>)>> = std::sync::Mutex::new(None);
    let path = office_file(layout);
    let mut read = READ
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((p, code)) = read.as_ref()
        && *p == path
    {
        return Ok(code.clone());
    }
    let code = read_code(layout)?;
    *read = Some((path, code.clone()));
    Ok(code)
}

fn read_code(layout: &Layout) -> Result<Option<String>> {
    let path = office_file(layout);
    let Some(text) = fsio::read_text(&path)? else {
        return Ok(None);
    };
    let code = text.trim().to_string();
    if code.is_empty() {
        return Ok(None);
    }
    check_code(&code).map_err(|_| {
        crate::error::Error::malformed(
            &path,
            1,
            format!("{code:?} is not an office code; set one with `bangfu office set CODE`"),
        )
    })?;
    Ok(Some(code))
}

/// Records this copy's office code.
pub fn set_code(layout: &Layout, code: &str) -> Result<()> {
    check_code(code)?;
    fsio::create_dir_all(&local_dir(layout))?;
    fsio::write_atomic(&office_file(layout), format!("{code}\n").as_bytes())
}

/// Writes `.gitignore` and `.gitattributes` into the store, or adds bangfu's lines to ones
/// already there (a store made inside an existing repository); returns the files changed.
pub fn write_git_files(layout: &Layout) -> Result<Vec<PathBuf>> {
    let mut changed = Vec::new();
    for (name, block) in [(".gitignore", GITIGNORE), (".gitattributes", GITATTRIBUTES)] {
        let path = layout.root().join(name);
        let text = match fsio::read_text(&path)? {
            None => block.to_string(),
            Some(t) if t.contains("# bangfu:") => continue,
            Some(t) if t.is_empty() || t.ends_with('\n') => format!("{t}{block}"),
            Some(t) => format!("{t}\n{block}"),
        };
        fsio::write_atomic(&path, text.as_bytes())?;
        changed.push(path);
    }
    Ok(changed)
}

/// The prefix of an automatic id: the kind's letter, then the office code and `-` if set.
pub fn id_prefix(letter: char, office: Option<&str>) -> String {
    match office {
        Some(code) => format!("{letter}{code}-"),
        None => letter.to_string(),
    }
}

/// The number in `id` if it is `prefix` followed by digits only.
pub fn number_after(prefix: &str, id: &str) -> Option<u64> {
    let digits = id.strip_prefix(prefix)?;
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The office prefix and number of an id of the automatic form with an office code
/// (`H522799-000042` → `("H522799-", 42)`), for raising the high-water mark when such an id
/// arrives explicitly (an import, `--id`).
pub fn office_number(letter: char, id: &str) -> Option<(String, u64)> {
    let rest = id.strip_prefix(letter)?;
    let (code, _) = rest.split_once('-')?;
    check_code(code).ok()?;
    let prefix = id_prefix(letter, Some(code));
    let n = number_after(&prefix, id)?;
    Some((prefix, n))
}
