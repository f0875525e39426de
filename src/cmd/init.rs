//! `bangfu init [DIR] [--name NAME]`

use crate::cli::InitArgs;
use crate::error::{ExitStatus, Result};
use crate::lang::Text;
use crate::store::Store;

use super::Ctx;

pub fn run(ctx: &mut Ctx, args: InitArgs) -> Result<ExitStatus> {
    let dir = args.dir.unwrap_or_else(|| std::path::PathBuf::from("."));
    let store = Store::init(&dir, args.name)?;
    let root = store.root().display();
    let text = Text {
        en: format!("created a bangfu store in {root}"),
        zh: format!("已在 {root} 创建 bangfu 存储"),
    };
    ctx.out.note(&text.into_lang(ctx.out.lang))?;
    Ok(ExitStatus::Success)
}
