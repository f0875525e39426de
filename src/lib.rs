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

/// Runs one command line.
pub fn run(cli: cli::Cli) -> Result<ExitStatus> {
    cmd::run(cli)
}
