use std::process::ExitCode;

// Loading a province makes millions of small allocations (every record's strings); mimalloc
// serves them markedly faster than the system allocator. Built without its transparent huge
// pages (`no_thp`): asked for them, the kernel zeroed and compacted 2 MB at a fault, and a
// first check of the province spent more time in the kernel than in bangfu.
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
