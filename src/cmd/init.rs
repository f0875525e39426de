//! `bangfu init [DIR] [--name NAME] [--office CODE]`

use crate::cli::InitArgs;
use crate::error::{ExitStatus, Result};
use crate::lang::Text;
use crate::store::Store;

use super::Ctx;

pub fn run(ctx: &mut Ctx, args: InitArgs) -> Result<ExitStatus> {
    let dir = args.dir.unwrap_or_else(|| std::path::PathBuf::from("."));
    if let Some(code) = &args.office {
        crate::store::office::check_code(code)?;
    }
    let store = Store::init(&dir, args.name)?;
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
