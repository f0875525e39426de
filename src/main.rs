use std::process::ExitCode;

// Loading a province makes millions of small allocations (every record's strings); mimalloc
// serves them markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match bangfu::parse() {
        Ok(cli) => cli,
        Err(e) => return bangfu::cli::usage_error(&e),
    };
    let lang = bangfu::lang::Lang::detect(cli.lang);
    match bangfu::run(cli) {
        Ok(status) => ExitCode::from(status.code()),
        Err(bangfu::Error::ClosedPipe) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bangfu: error: {}", err.message(lang));
            ExitCode::from(err.status().code())
        }
    }
}
