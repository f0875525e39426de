//! `bangfu completions SHELL`

use crate::cli::CompletionsArgs;
use crate::error::{ExitStatus, Result};

use super::Ctx;

pub fn run(ctx: &mut Ctx, args: CompletionsArgs) -> Result<ExitStatus> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut crate::command(), "bangfu", &mut buf);
    ctx.out.write(&String::from_utf8_lossy(&buf))?;
    Ok(ExitStatus::Success)
}
