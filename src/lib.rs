//! bangfu (帮扶): a registry of resident work teams in poor villages.
//!
//! The crate keeps villages, the teams stationed in them, the cadres, poor households with
//! their helpers, relief allocations and development plans in a directory of JSON files
//! (`store`), checks them against the policy (`rules`), and writes reports (`report`).
//! `run` is the whole command line; `main` only maps its result to an exit status.

pub mod cli;
mod cmd;
pub mod error;
pub mod import;
pub mod lang;
pub mod merge;
pub mod model;
pub mod output;
pub mod policy;
pub mod report;
pub mod rules;
pub mod store;

pub use error::{Error, ExitStatus, Result};

/// This build's identity: the crate's version and a hash of its sources (`build.rs`). What
/// is kept under a store's `.cache/` carries it and is read back only by the same build.
pub const BUILD: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("BANGFU_SOURCES"));

/// Runs one command line.
pub fn run(cli: cli::Cli) -> Result<ExitStatus> {
    cmd::run(cli)
}

/// The command line, with the values that come from the declarations added to it: the
/// reports `export` writes and the kinds `import` reads. clap lists them in `--help`, the man
/// page and completions, and refuses any other as bad usage (status 2). `cli` declares the
/// arguments alone; the lists are made here from `report::Report::names` and `import::ORDER`,
/// so that they are declared once.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    use clap::builder::{PossibleValue, PossibleValuesParser};
    let reports = PossibleValuesParser::new(report::Report::names());
    let kinds = PossibleValuesParser::new(
        import::ORDER
            .iter()
            .map(|k| {
                let value = PossibleValue::new(k.plural());
                if k.name() == k.plural() {
                    value
                } else {
                    value.alias(k.name())
                }
            })
            .chain([PossibleValue::new("all")]),
    );
    // Each is the first positional argument; `mut_arg` would otherwise move it after the
    // others, so the places are given.
    cli::Cli::command()
        .mut_subcommand("export", |c| {
            c.mut_arg("report", |a| a.value_parser(reports).index(1))
        })
        .mut_subcommand("import", |c| {
            c.mut_arg("kind", |a| a.value_parser(kinds).index(1))
                .mut_arg("file", |a| a.index(2))
        })
}

/// Parses the process's arguments through `command`.
pub fn parse() -> std::result::Result<cli::Cli, clap::Error> {
    use clap::FromArgMatches;
    let mut command = command();
    let matches = command.try_get_matches_from_mut(std::env::args_os())?;
    cli::Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut command))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_with_its_lists_is_well_formed() {
        super::command().debug_assert();
    }
}
