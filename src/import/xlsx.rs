//! Reading an Excel workbook (`.xlsx`) with calamine: the sheets an import asks for, as
//! ranges of typed cells. A workbook calamine cannot read — not a zip, a damaged part, an
//! `.xls` renamed — is one rejection naming the file, never a panic.

use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx};

use crate::error::{Error, Result};
use crate::lang::Text;

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
                    Error::rejected_in(Text {
                        en: format!("could not read {name} as an Excel workbook (.xlsx): {e}"),
                        zh: format!("无法把 {name} 当作 Excel 工作簿（.xlsx）读取：{e}"),
                    })
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
            let name = &self.name;
            Error::rejected_in(Text {
                en: format!("could not read sheet {sheet} of {name}: {e}"),
                zh: format!("无法读取 {name} 的工作表 {sheet}：{e}"),
            })
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
            let (name, sheets) = (&self.name, names.join(", "));
            return Err(Error::rejected_in(Text {
                en: format!(
                    "{name} has no sheet named {wanted}; its sheets are {sheets} (name the sheet {wanted}, or save that sheet alone)"
                ),
                zh: format!(
                    "{name} 没有名为 {wanted} 的工作表；它的工作表是 {sheets}（把工作表命名为 {wanted}，或只保存那一张工作表）"
                ),
            }));
        };
        let range = self.sheet(&name)?;
        Ok((name, range))
    }
}
