//! `bangfu office show|set CODE`: this copy's office code (README, "Several offices").

use crate::cli::OfficeCommand;
use crate::error::{ExitStatus, Result};
use crate::store::office;

use super::Ctx;

pub fn run(ctx: &mut Ctx, command: OfficeCommand) -> Result<ExitStatus> {
    let store = ctx.store()?;
    match command {
        OfficeCommand::Show => match office::code(store.layout())? {
            Some(code) => ctx.out.line(&code)?,
            None => ctx.out.note(
                "no office code is set: automatic ids have no office part; set one with \
                 `bangfu office set CODE`",
            )?,
        },
        OfficeCommand::Set { code } => {
            office::set_code(store.layout(), &code)?;
            ctx.out.note(&format!(
                "office code {code}: automatic ids now look like H{code}-000001"
            ))?;
        }
    }
    Ok(ExitStatus::Success)
}
