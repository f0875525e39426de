//! `bangfu init [DIR] [--name NAME]`

use crate::cli::InitArgs;
use crate::error::{ExitStatus, Result};
use crate::store::Store;

use super::Ctx;

pub fn run(ctx: &mut Ctx, args: InitArgs) -> Result<ExitStatus> {
    let dir = args.dir.unwrap_or_else(|| std::path::PathBuf::from("."));
    let store = Store::init(&dir, args.name)?;
    ctx.out.note(&format!(
        "created a bangfu store in {}",
        store.root().display()
    ))?;
    Ok(ExitStatus::Success)
}
