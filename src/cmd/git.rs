//! `bangfu git-setup` and `bangfu merge-file` (section 9 of the spec): git carries the
//! changes between offices, and bangfu's driver merges the store's files record by record.

use std::process::Command;

use crate::cli::MergeFileArgs;
use crate::error::{Error, ExitStatus, Result};

use super::Ctx;

/// Registers the merge driver in the git config of the clone that holds the store.
pub fn setup(ctx: &mut Ctx) -> Result<ExitStatus> {
    let store = ctx.store()?;
    let exe = std::env::current_exe()
        .and_then(std::fs::canonicalize)
        .map_err(|e| Error::Store(format!("could not find this bangfu binary's path: {e}")))?;
    let driver = format!(
        "{} merge-file %O %A %B %P",
        shell_quote(&exe.to_string_lossy())
    );
    for (key, value) in [
        (
            "merge.bangfu.name",
            "bangfu: merge store files record by record",
        ),
        ("merge.bangfu.driver", driver.as_str()),
    ] {
        let out = Command::new("git")
            .arg("-C")
            .arg(store.root())
            .args(["config", "--local", key, value])
            .output()
            .map_err(|e| Error::Store(format!("could not run git: {e}; is git installed?")))?;
        if !out.status.success() {
            return Err(Error::Store(format!(
                "git config {key} failed in {}: {}; run `git init` there first",
                store.root().display(),
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
    }
    ctx.out.note(&format!(
        "registered the merge driver for {}: {driver}",
        store.root().display()
    ))?;
    Ok(ExitStatus::Success)
}

/// Quotes a path for the shell git runs the driver with.
fn shell_quote(s: &str) -> String {
    if s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-+".contains(&b))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

pub fn merge_file(args: MergeFileArgs) -> Result<ExitStatus> {
    crate::merge::merge_file(&args.base, &args.ours, &args.theirs, &args.path)
}
