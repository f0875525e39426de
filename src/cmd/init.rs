//! `bangfu init [DIR] [--name NAME] [--office CODE]`

use crate::cli::InitArgs;
use std::path::Path;

use crate::error::{Error, ExitStatus, Result};
use crate::lang::Text;
use crate::store::Store;

use super::Ctx;

/// A store inside another would have its files taken for the outer store's (and git
/// would track them twice): refused, naming the outer store.
fn refuse_inside_a_store(dir: &Path) -> Result<()> {
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    for outer in absolute.ancestors().skip(1) {
        if outer.join(crate::store::layout::MANIFEST).is_file() {
            return Err(Error::rejected_in(Text {
                en: format!(
                    "{} is inside the bangfu store {}; create a store outside any other",
                    dir.display(),
                    outer.display()
                ),
                zh: format!(
                    "{} 位于 bangfu 存储 {} 之内；请在其他存储之外创建",
                    dir.display(),
                    outer.display()
                ),
            }));
        }
    }
    Ok(())
}

pub fn run(ctx: &mut Ctx, args: InitArgs) -> Result<ExitStatus> {
    // DIR, else --store (or $BANGFU_STORE), else here.
    let dir = args
        .dir
        .or_else(|| ctx.store_dir.clone())
        .unwrap_or_else(|| std::path::PathBuf::from("."));
    refuse_inside_a_store(&dir)?;
    if let Some(code) = &args.office {
        crate::store::office::check_code(code)?;
    }
    // Unnamed, the store takes its directory's name, as the manifest always has one.
    let name = args.name.or_else(|| {
        let whole = std::path::absolute(&dir).ok()?;
        Some(whole.file_name()?.to_string_lossy().into_owned())
    });
    let store = Store::init(&dir, name)?;
    if let Some(code) = &args.office {
        crate::store::office::set_code(store.layout(), code)?;
    }
    let root = store.root().display();
    let text = Text {
        en: format!("created a bangfu store in {root}"),
        zh: format!("已在 {root} 创建 bangfu 存储"),
    };
    ctx.out.note(&text.into_lang(ctx.out.lang))?;
    Ok(ExitStatus::Success)
}
