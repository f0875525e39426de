//! `bangfu export` (not built yet).

use crate::error::{Error, ExitStatus, Result};

use super::Ctx;

pub fn run(ctx: &mut Ctx, args: crate::cli::ExportArgs) -> Result<ExitStatus> {
    let _ = ctx;
    let _ = args;
    Err(Error::Usage("`bangfu export` is not available yet".into()))
}
