//! `bangfu verify` (not built yet).

use crate::error::{Error, ExitStatus, Result};

use super::Ctx;

pub fn run(ctx: &mut Ctx, args: crate::cli::VerifyArgs) -> Result<ExitStatus> {
    let _ = ctx;
    let _ = args;
    Err(Error::Usage("`bangfu verify` is not available yet".into()))
}
