//! `bangfu man`: the manual page, in roff, made from the command-line types.

use crate::error::{Error, ExitStatus, Result};

use super::Ctx;

pub fn run(ctx: &mut Ctx) -> Result<ExitStatus> {
    let mut page = Vec::new();
    clap_mangen::Man::new(crate::command())
        .render(&mut page)
        .map_err(|e| {
            Error::store_in(crate::lang::Text {
                en: format!("could not write the manual page: {e}"),
                zh: format!("无法生成手册页：{e}"),
            })
        })?;
    ctx.out.write(&String::from_utf8_lossy(&page))?;
    Ok(ExitStatus::Success)
}
