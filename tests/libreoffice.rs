//! A round trip through a real spreadsheet: LibreOffice headless (`soffice --headless
//! --convert-to`) stands in for the clerk's Excel or WPS. bangfu's workbook goes through
//! LibreOffice to xlsx and to CSV and back through `import`, and the records must come back
//! the same. Needs the Debian package `libreoffice-calc-nogui`; where `soffice` cannot be
//! found each test says so on stderr and passes without running.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{self, TestStore};
use crate::export::full_store;
use crate::sheets::records;

/// `soffice` on PATH, or `None` with a message saying the test is skipped.
fn soffice(test: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("soffice"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        eprintln!(
            "SKIPPED {test}: soffice not found on PATH; install the Debian package libreoffice-calc-nogui to run it"
        );
    }
    found
}

/// Converts `file` with LibreOffice into `out` (a directory) with the given target, using a
/// profile of its own so that tests run side by side.
fn convert(soffice: &Path, file: &Path, target: &str, out: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", target, "--outdir"])
        .arg(out)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// A full store whose policy differs from the defaults.
fn source() -> TestStore {
    let s = full_store();
    s.ok("policy set min_team_members 4");
    s.ok("policy set rules.BF201 off");
    s
}

const CHECK: [&str; 5] = ["check", "--as-of", "2020-06-30", "--fail-on", "never"];

#[test]
fn a_workbook_saved_again_by_libreoffice_imports_the_same_records() {
    let Some(soffice) = soffice("a_workbook_saved_again_by_libreoffice_imports_the_same_records")
    else {
        return;
    };
    let s = source();
    let tmp = common::scratch();
    let book = tmp.path().join("backup.xlsx");
    s.run(&["--unmask", "export", "all", "-o", book.to_str().unwrap()])
        .success();
    let out = tmp.path().join("out");
    convert(&soffice, &book, "xlsx", &out);
    let again = out.join("backup.xlsx");
    assert_ne!(
        std::fs::read(&book).unwrap(),
        std::fs::read(&again).unwrap()
    );
    let target = TestStore::new();
    target
        .run(&["import", "all", again.to_str().unwrap()])
        .success();
    assert_eq!(records(&s), records(&target));
    assert_eq!(
        s.run(&CHECK).success().stdout(),
        target.run(&CHECK).success().stdout()
    );
}

#[test]
fn a_workbook_saved_as_csv_by_libreoffice_imports_the_same_records() {
    let Some(soffice) = soffice("a_workbook_saved_as_csv_by_libreoffice_imports_the_same_records")
    else {
        return;
    };
    let s = source();
    let tmp = common::scratch();
    let book = tmp.path().join("b.xlsx");
    s.run(&["--unmask", "export", "all", "-o", book.to_str().unwrap()])
        .success();
    let out = tmp.path().join("out");
    // Every sheet to its own CSV file (b-SHEET.csv), UTF-8, cells as shown.
    let filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1";
    convert(&soffice, &book, filter, &out);
    let dir = tmp.path().join("csv");
    std::fs::create_dir(&dir).unwrap();
    for sheet in [
        "villages",
        "people",
        "teams",
        "households",
        "allocations",
        "plans",
        "policy",
    ] {
        std::fs::rename(
            out.join(format!("b-{sheet}.csv")),
            dir.join(format!("{sheet}.csv")),
        )
        .unwrap();
    }
    let target = TestStore::new();
    target
        .run(&["import", "all", dir.to_str().unwrap()])
        .success();
    assert_eq!(records(&s), records(&target));
    assert_eq!(
        s.run(&CHECK).success().stdout(),
        target.run(&CHECK).success().stdout()
    );
}

#[test]
fn a_csv_opened_in_libreoffice_loses_id_numbers_and_import_says_so() {
    let Some(soffice) = soffice("a_csv_opened_in_libreoffice_loses_id_numbers_and_import_says_so")
    else {
        return;
    };
    let s = full_store();
    let tmp = common::scratch();
    let csv = tmp.path().join("people.csv");
    s.run(&["--unmask", "export", "people", "-o", csv.to_str().unwrap()])
        .success();
    let out = tmp.path().join("out");
    convert(&soffice, &csv, "xlsx", &out);
    let book = out.join("people.xlsx");
    let target = TestStore::new();
    let run = target.rejects(&["import", "people", book.to_str().unwrap()], 3);
    run.stderr_has(&format!(
        "{}:people:2: id_number: 520402********1000 is an ID number that a spreadsheet turned into a number",
        book.display()
    ))
    .stderr_has("import the .xlsx workbook bangfu exports instead of CSV");
}
