use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = bangfu::cli::Cli::parse();
    match bangfu::run(cli) {
        Ok(status) => ExitCode::from(status.code()),
        Err(bangfu::Error::ClosedPipe) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bangfu: error: {err}");
            ExitCode::from(err.status().code())
        }
    }
}
