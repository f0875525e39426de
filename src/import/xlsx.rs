//! Reading an Excel workbook (`.xlsx`) with calamine: the sheets an import asks for, as
//! ranges of typed cells. A workbook calamine cannot read — not a zip, a damaged part, an
//! `.xls` renamed — is one rejection naming the file, never a panic.

use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx};

use crate::error::{Result, rejected};

/// An open workbook.
pub struct Workbook {
    name: String,
    book: Xlsx<std::io::BufReader<std::fs::File>>,
}

/// Runs calamine's `f`, turning a panic inside it into an error, with the panic's message
/// kept off the terminal.
fn guarded<T>(
    f: impl FnOnce() -> std::result::Result<T, String>,
) -> std::result::Result<T, String> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    result.unwrap_or_else(|_| Err("the workbook is damaged".to_string()))
}

impl Workbook {
    pub fn open(path: &Path) -> Result<Workbook> {
        let name = path.display().to_string();
        let book =
            guarded(|| calamine::open_workbook::<Xlsx<_>, _>(path).map_err(|e| e.to_string()))
                .map_err(|e| {
                    rejected(format!(
                        "could not read {name} as an Excel workbook (.xlsx): {e}"
                    ))
                })?;
        Ok(Workbook { name, book })
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.book.sheet_names()
    }

    /// The cells of sheet `sheet`.
    pub fn sheet(&mut self, sheet: &str) -> Result<Range<Data>> {
        let book = &mut self.book;
        guarded(|| book.worksheet_range(sheet).map_err(|e| e.to_string())).map_err(|e| {
            rejected(format!(
                "could not read sheet {sheet} of {}: {e}",
                self.name
            ))
        })
    }

    /// The sheet of records of one kind: the sheet named `wanted`, else the only sheet.
    pub fn sheet_for(&mut self, wanted: &str) -> Result<(String, Range<Data>)> {
        let names = self.sheet_names();
        let name = if names.iter().any(|n| n == wanted) {
            wanted.to_string()
        } else if let [only] = names.as_slice() {
            only.clone()
        } else {
            return Err(rejected(format!(
                "{} has no sheet named {wanted}; its sheets are {} (name the sheet {wanted}, or save that sheet alone)",
                self.name,
                names.join(", ")
            )));
        };
        let range = self.sheet(&name)?;
        Ok((name, range))
    }
}
