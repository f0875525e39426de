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
            None => ctx.out.note(ctx.out.lang.pick(
                "no office code is set: automatic ids have no office part; set one with \
                 `bangfu office set CODE`",
                "尚未设置办公室代码：自动编号不含办公室部分；用 `bangfu office set CODE` 设置",
            ))?,
        },
        OfficeCommand::Set { code } => {
            office::set_code(store.layout(), &code)?;
            let en = format!("office code {code}: automatic ids now look like H{code}-000001");
            let zh = format!("办公室代码 {code}：此后自动编号形如 H{code}-000001");
            ctx.out.note(ctx.out.lang.pick(&en, &zh))?;
        }
    }
    Ok(ExitStatus::Success)
}
