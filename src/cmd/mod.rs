//! One file per command group: each turns its arguments into store reads and changes, and
//! hands the result to `Output`. The work itself lives in `store`, `rules` and `report`.

mod allocation;
pub(crate) mod case;
mod check;
mod completions;
mod conflicts;
pub(crate) mod duty;
mod export;
mod fields;
mod git;
mod household;
mod import;
mod init;
mod log;
mod man;
mod member;
mod office;
mod person;
mod plan;
mod policy;
mod rules;
mod seal;
mod stats;
mod team;
mod verify;
mod village;

use std::path::PathBuf;

use crate::cli::{Cli, Command};
use crate::error::{ExitStatus, Result};
use crate::output::Output;
use crate::store::Store;

/// What every command needs besides its own arguments.
pub struct Ctx {
    pub out: Output,
    store_dir: Option<PathBuf>,
    actor: Option<String>,
}

impl Ctx {
    /// The store, found as the README's "The store" says, open for reading (see `Store::reading`).
    pub fn store(&self) -> Result<Store> {
        Store::discover(self.store_dir.as_deref())?.reading()
    }

    /// Who makes the change: `--actor` (or `$BANGFU_ACTOR`, which clap reads for it), else
    /// `$USER`, else the login name the system reports; with none of these the change is
    /// refused rather than journaled as nobody's.
    pub fn actor(&self) -> Result<String> {
        let given = self.actor.clone().filter(|a| !a.trim().is_empty());
        given
            .or_else(|| std::env::var("USER").ok().filter(|a| !a.trim().is_empty()))
            .or_else(|| whoami::username().ok().filter(|a| !a.trim().is_empty()))
            .ok_or_else(|| {
                crate::error::Error::usage_in(crate::lang::Text {
                    en: "no actor for the journal: give --actor NAME or set BANGFU_ACTOR".into(),
                    zh: "日志缺少操作人：请用 --actor NAME 或设置 BANGFU_ACTOR".into(),
                })
            })
    }
}

pub fn run(cli: Cli) -> Result<ExitStatus> {
    let mut ctx = Ctx {
        out: Output::new(cli.format, cli.unmask, cli.quiet)
            .in_lang(crate::lang::Lang::detect(cli.lang)),
        store_dir: cli.store,
        actor: cli.actor,
    };
    let status = match cli.command {
        Command::Init(args) => init::run(&mut ctx, args),
        Command::Person(c) => person::run(&mut ctx, c),
        Command::Village(c) => village::run(&mut ctx, c),
        Command::Team(c) => team::run(&mut ctx, c),
        Command::Household(c) => household::run(&mut ctx, c),
        Command::Member(c) => member::run(&mut ctx, c),
        Command::Case(c) => case::run(&mut ctx, c),
        Command::Allocation(c) => allocation::run(&mut ctx, c),
        Command::Plan(c) => plan::run(&mut ctx, c),
        Command::Attendance(c) => duty::attendance(&mut ctx, c),
        Command::Leave(c) => duty::leave(&mut ctx, c),
        Command::Assessment(c) => duty::assessment(&mut ctx, c),
        Command::Check(args) => check::run(&mut ctx, args),
        Command::Rules(args) => rules::run(&mut ctx, args),
        Command::Policy(c) => policy::run(&mut ctx, c),
        Command::Export(args) => export::run(&mut ctx, args),
        Command::Import(args) => import::run(&mut ctx, args),
        Command::Log(args) => log::run(&mut ctx, args),
        Command::Verify(args) => verify::run(&mut ctx, args),
        Command::Stats => stats::run(&mut ctx),
        Command::Completions(args) => completions::run(&mut ctx, args),
        Command::Man => man::run(&mut ctx),
        Command::Office(c) => office::run(&mut ctx, c),
        Command::GitSetup => git::setup(&mut ctx),
        Command::MergeFile(args) => git::merge_file(args, ctx.out.lang),
        Command::Conflicts => conflicts::list(&mut ctx),
        Command::Resolve(args) => conflicts::resolve(&mut ctx, args),
        Command::Reconcile => conflicts::reconcile(&mut ctx),
        Command::Seal => seal::run(&mut ctx),
    }?;
    // What is still buffered meets a closed pipe quietly, keeping the command's status.
    match ctx.out.flush() {
        Ok(()) | Err(crate::error::Error::ClosedPipe) => Ok(status),
        Err(e) => Err(e),
    }
}
