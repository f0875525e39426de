//! `bangfu git-setup` and `bangfu merge-file` (README, "Several offices"): git carries the
//! changes between offices, and bangfu's driver merges the store's files record by record.

use std::path::Path;
use std::process::Command;

use crate::cli::MergeFileArgs;
use crate::error::{Error, ExitStatus, Result};
use crate::lang::Text;
use crate::store::fsio;

use super::Ctx;

/// Registers the merge driver in the git config of the clone that holds the store.
pub fn setup(ctx: &mut Ctx) -> Result<ExitStatus> {
    let store = ctx.store()?;
    let exe = std::env::current_exe()
        .and_then(std::fs::canonicalize)
        .map_err(|e| {
            Error::store_in(Text {
                en: format!("could not find this bangfu binary's path: {e}"),
                zh: format!("找不到本 bangfu 程序的路径：{e}"),
            })
        })?;
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
        // In a criss-cross merge git first merges the merge bases into a virtual one; let it
        // take their own common ancestor instead, so that the driver (which records
        // conflicts for `bangfu conflicts`) runs only on the real merge.
        ("merge.bangfu.recursive", "binary"),
    ] {
        let out = Command::new("git")
            .arg("-C")
            .arg(store.root())
            .args(["config", "--local", key, value])
            .output()
            .map_err(|e| {
                Error::store_in(Text {
                    en: format!("could not run git: {e}; is git installed?"),
                    zh: format!("无法运行 git：{e}；是否已安装 git？"),
                })
            })?;
        if !out.status.success() {
            let (root, said) = (store.root().display(), String::from_utf8_lossy(&out.stderr));
            let said = said.trim();
            return Err(Error::store_in(Text {
                en: format!(
                    "git config {key} failed in {root}: {said}; run `git init` there first"
                ),
                zh: format!(
                    "在 {root} 执行 git config {key} 失败：{said}；请先在那里运行 `git init`"
                ),
            }));
        }
    }
    let root = store.root().display();
    ctx.out.note(ctx.out.lang.pick(
        &format!("registered the merge driver for {root}: {driver}"),
        &format!("已为 {root} 登记合并驱动：{driver}"),
    ))?;
    install_hook(ctx, store.root(), &exe)?;
    // A store made before `init` wrote them gets them now.
    for path in crate::store::office::write_git_files(store.layout())? {
        let file = store.layout().relative(&path);
        let file = file.display();
        ctx.out.note(ctx.out.lang.pick(
            &format!("wrote bangfu's lines into {file}: commit it"),
            &format!("已把 bangfu 的设置行写入 {file}：请提交"),
        ))?;
    }
    Ok(ExitStatus::Success)
}

const HOOK_MARK: &str = "# bangfu: reconcile records moved in one copy and changed in the other";

/// Installs the post-merge hook that runs `bangfu reconcile` after each merge git completes,
/// unless the clone has a hook of its own there.
fn install_hook(ctx: &mut Ctx, root: &Path, exe: &Path) -> Result<()> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--git-path", "hooks/post-merge"])
        .output()
        .map_err(|e| {
            Error::store_in(Text {
                en: format!("could not run git: {e}"),
                zh: format!("无法运行 git：{e}"),
            })
        })?;
    let rel = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() || rel.is_empty() {
        return Err(Error::store_in(Text {
            en: format!(
                "could not find the git hooks directory of {}",
                root.display()
            ),
            zh: format!("找不到 {} 的 git 钩子目录", root.display()),
        }));
    }
    let hook = root.join(rel);
    if let Some(existing) = fsio::read_text(&hook)?
        && !existing.contains(HOOK_MARK)
    {
        let hook = hook.display();
        ctx.out.note(ctx.out.lang.pick(
            &format!("{hook} exists and is not bangfu's: add `bangfu reconcile` to it yourself"),
            &format!("{hook} 已存在且不是 bangfu 的：请自行在其中加入 `bangfu reconcile`"),
        ))?;
        return Ok(());
    }
    // git runs a hook from the top of the work tree: the store is named from there, so
    // that the hook still finds it when the clone is moved or renamed.
    let root = std::fs::canonicalize(root).map_err(|e| Error::io("find", root, &e))?;
    let top = Command::new("git")
        .arg("-C")
        .arg(&root)
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| std::fs::canonicalize(String::from_utf8_lossy(&o.stdout).trim()).ok());
    let store = match top.as_deref().and_then(|top| root.strip_prefix(top).ok()) {
        Some(rel) if rel.as_os_str().is_empty() => Path::new(".").to_path_buf(),
        Some(rel) => rel.to_path_buf(),
        None => root.clone(),
    };
    let text = format!(
        "#!/bin/sh\n{HOOK_MARK}\nexec {} --store {} reconcile\n",
        shell_quote(&exe.to_string_lossy()),
        shell_quote(&store.to_string_lossy())
    );
    fsio::create_dir_all(fsio::parent(&hook))?;
    fsio::write_atomic(&hook, text.as_bytes())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| Error::io("make executable", &hook, &e))?;
    }
    Ok(())
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

pub fn merge_file(args: MergeFileArgs, lang: crate::lang::Lang) -> Result<ExitStatus> {
    crate::merge::merge_file(&args.base, &args.ours, &args.theirs, &args.path, lang)
}
