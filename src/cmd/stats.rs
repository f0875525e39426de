//! `bangfu stats` (not built yet).

use crate::error::{Error, ExitStatus, Result};

use super::Ctx;

pub fn run(ctx: &mut Ctx) -> Result<ExitStatus> {
    let _ = ctx;

    Err(Error::Usage("`bangfu stats` is not available yet".into()))
}
