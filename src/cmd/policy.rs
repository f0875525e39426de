//! `bangfu policy` (not built yet).

use crate::error::{Error, ExitStatus, Result};

use super::Ctx;

pub fn run(ctx: &mut Ctx, command: crate::cli::PolicyCommand) -> Result<ExitStatus> {
    let _ = ctx;
    let _ = command;
    Err(Error::Usage("`bangfu policy` is not available yet".into()))
}
