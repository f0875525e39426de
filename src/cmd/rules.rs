//! `bangfu rules` (not built yet).

use crate::error::{Error, ExitStatus, Result};

use super::Ctx;

pub fn run(ctx: &mut Ctx, args: crate::cli::RulesArgs) -> Result<ExitStatus> {
    let _ = ctx;
    let _ = args;
    Err(Error::Usage("`bangfu rules` is not available yet".into()))
}
