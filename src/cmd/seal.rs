//! `bangfu seal`, and the `--seal DIGEST` check of `bangfu verify` (README, "bangfu seal").

use crate::cli::Format;
use crate::error::{ExitStatus, Result};
use std::path::Path;

use crate::store::verify::{Finding, Problem};
use crate::store::{Store, seal};

use super::Ctx;

pub fn run(ctx: &mut Ctx) -> Result<ExitStatus> {
    let store = ctx.store()?;
    let actor = ctx.actor()?;
    let sealed = seal::seal(&store, &actor)?;
    match ctx.out.format {
        Format::Json => ctx.out.json(&sealed)?,
        _ => ctx.out.line(&sealed.digest)?,
    }
    Ok(ExitStatus::Success)
}

/// What `verify --seal DIGEST` finds: one problem per sealed journal that diverges.
pub fn problems(store: &Store, digest: &str) -> Result<Vec<Finding>> {
    let (_, diverging) = seal::check(store.layout(), digest)?;
    Ok(diverging
        .into_iter()
        .map(|d| {
            Finding::new(
                Problem::SealBroken { message: d.message },
                Path::new(&d.journal),
                None,
            )
        })
        .collect())
}
