//! Hostile input, by property tests that run in `cargo test` (a few hundred cases each; the
//! cargo-fuzz targets in `fuzz/` run the same functions for as long as one likes): the record
//! loaders, the journal reader and `verify` on arbitrary bytes, the CSV and workbook import
//! on arbitrary files, and the value parsers on arbitrary text. None may panic; a bad input gets an error
//! that names its file and line.

use std::path::Path;

use bangfu::lang::Lang;
use bangfu::model::{
    Allocation, Date, Household, Person, Plan, Team, check_id_number, format_yuan, parse_yuan,
};
use bangfu::store::journal::{self, Change, Head, Op, Subject};
use bangfu::store::{Store, read_jsonl, verify};
use proptest::prelude::*;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Bytes that look like a `.jsonl` file often enough to reach past the first parse error.
fn jsonl_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..512),
        proptest::collection::vec(
            prop_oneof![
                Just(r#"{"id":"H1","village":"V1","head":"陈","size":3,"status":"poor","causes":[],"measures":[],"relations":[]}"#.to_string()),
                Just(r#"{"id":"P1","name":"王芳"}"#.to_string()),
                "[ -~]{0,40}",
                r#"\{"id":"[A-Za-z0-9.]{0,6}"(,"[a-z_]{1,8}":("[^"\\]{0,6}"|[0-9]{1,3}|null|\[\]))*\}"#,
            ],
            0..6,
        )
        .prop_map(|lines| lines.join("\n").into_bytes()),
    ]
}

fn newlines(bytes: &[u8]) -> u64 {
    bytes.split(|b| *b == b'\n').count() as u64 - 1
}

/// Every error from a loader names the file, and a line where one applies.
fn assert_clear<T>(path: &Path, result: bangfu::Result<Vec<T>>) {
    if let Err(e) = result {
        let text = e.to_string();
        assert!(
            text.starts_with(&path.display().to_string()),
            "an error that does not name its file: {text}"
        );
        assert_eq!(e.status(), bangfu::ExitStatus::Store);
    }
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn record_loaders_take_any_bytes(bytes in jsonl_bytes()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records.jsonl");
        std::fs::write(&path, &bytes).unwrap();
        assert_clear(&path, read_jsonl::<Person>(&path));
        assert_clear(&path, read_jsonl::<Team>(&path));
        assert_clear(&path, read_jsonl::<Household>(&path));
        assert_clear(&path, read_jsonl::<Allocation>(&path));
        assert_clear(&path, read_jsonl::<Plan>(&path));
    }

    #[test]
    fn the_journal_reader_takes_any_bytes(bytes in jsonl_bytes()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        std::fs::write(&path, &bytes).unwrap();
        let (problems, entries) = verify::check_journal(Path::new("journal.jsonl"), &bytes);
        // Arbitrary bytes are never a sound journal, unless they are empty.
        prop_assert_eq!(problems.is_empty(), bytes.is_empty());
        prop_assert!(entries <= newlines(&bytes));
        for p in &problems {
            prop_assert!(p.line.is_some());
        }
        prop_assert_eq!(journal::read_head(&path).is_ok(), bytes.is_empty());
        let _ = journal::read_entries(&path);
    }

    #[test]
    fn dates_take_any_text(text in prop_oneof![any::<String>(), "[0-9]{4}-[0-9]{2}-[0-9]{2}"]) {
        if let Ok(date) = text.parse::<Date>() {
            prop_assert_eq!(date.to_string(), text);
        }
    }

    #[test]
    fn money_takes_any_text(
        text in prop_oneof![any::<String>(), r"[0-9]{1,20}(\.[0-9]{0,3})?", r" ?-?[0-9.]{1,8} ?"]
    ) {
        if let Ok(fen) = parse_yuan("amount", &text) {
            prop_assert!(fen >= 0);
            prop_assert_eq!(parse_yuan("amount", &format_yuan(fen)).ok(), Some(fen));
        }
    }

    #[test]
    fn id_numbers_take_any_text(text in prop_oneof![any::<String>(), "[0-9]{17}[0-9Xx*]", "[0-9*]{18}"]) {
        if let Ok(id) = check_id_number("id_number", &text) {
            prop_assert_eq!(id.len(), 18);
            prop_assert_eq!(id, text.trim().to_ascii_uppercase());
        }
    }
}

/// A journal of `n` entries written as the tool writes them.
fn sound_journal(n: usize) -> Vec<u8> {
    let mut head = Head::empty();
    let mut out = String::new();
    for i in 0..n {
        let id = format!("H{i}");
        let after = format!(r#"{{"id":"{id}","village":"V1","head":"陈大山","size":{i}}}"#);
        out.push_str(&journal::append_line(
            &mut head,
            &Change {
                at: "2026-01-01T00:00:00.000Z",
                actor: "clerk",
                op: Op::Add,
                kind: Subject::Record(bangfu::model::Kind::Household),
                id: &id,
                before: None,
                after: Some(&after),
            },
        ));
    }
    out.into_bytes()
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn any_change_to_one_byte_of_a_journal_is_found(at in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut bytes = sound_journal(4);
        assert!(verify::check_journal(Path::new("journal.jsonl"), &bytes).0.is_empty());
        let i = at.index(bytes.len());
        prop_assume!(bytes[i] != byte);
        bytes[i] = byte;
        let (problems, _) = verify::check_journal(Path::new("journal.jsonl"), &bytes);
        prop_assert!(!problems.is_empty(), "byte {} changed unnoticed", i);
    }

    #[test]
    fn any_cut_of_a_journal_is_found_or_whole(cut in 0usize..2000) {
        let bytes = sound_journal(4);
        let cut = cut.min(bytes.len());
        let (problems, entries) = verify::check_journal(Path::new("journal.jsonl"), &bytes[..cut]);
        let whole_lines = newlines(&bytes[..cut]);
        prop_assert_eq!(entries, whole_lines);
        prop_assert_eq!(problems.is_empty(), cut == 0 || bytes[cut - 1] == b'\n');
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn verify_takes_a_store_of_any_bytes(
        households in jsonl_bytes(),
        journal in jsonl_bytes(),
        village in jsonl_bytes(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::init(dir.path(), None).unwrap();
        let v1 = dir.path().join("villages").join("V1");
        std::fs::create_dir_all(&v1).unwrap();
        std::fs::write(v1.join("households.jsonl"), &households).unwrap();
        std::fs::write(v1.join("journal.jsonl"), &journal).unwrap();
        std::fs::write(v1.join("village.json"), &village).unwrap();
        let report = verify::verify(&store, None, None).unwrap();
        for p in &report.problems {
            prop_assert!(!p.message(Lang::En).is_empty());
            prop_assert!(!p.message(Lang::Zh).is_empty());
        }
        // Whatever it found, a repair leaves nothing repairable behind.
        let repaired = verify::verify(&store, Some("V1"), Some("fuzz")).unwrap();
        prop_assert!(repaired.problems.iter().all(|p| !p.repairable), "{:?}", repaired.problems);
    }
}

#[test]
fn deeply_nested_json_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("households.jsonl");
    let deep = "[".repeat(200_000);
    std::fs::write(&path, format!("{deep}\n")).unwrap();
    let err = read_jsonl::<Household>(&path).unwrap_err().to_string();
    assert!(err.contains("households.jsonl:1:"), "{err}");
    let (problems, _) =
        verify::check_journal(Path::new("journal.jsonl"), format!("{deep}\n").as_bytes());
    assert_eq!(problems.len(), 2, "{problems:?}");
}

/// Bytes that look like a households CSV often enough to reach the rows.
fn csv_bytes() -> impl Strategy<Value = Vec<u8>> {
    let header = "id,village,head,id_number,size,status,category,causes,measures,income_per_capita,identified_on,exited_on,exit_verified_by,helper,relations";
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..512),
        proptest::collection::vec(
            prop_oneof![
                Just("H1,V1,陈大山,,3,poor,,illness,,2500.50,,,,,".to_string()),
                "[ -~]{0,40}",
                "H[0-9]{1,3},V1,[a-z]{0,4},[0-9X*]{0,18},[0-9-]{0,3},[a-z_]{0,8},,[a-z;]{0,12},,[0-9.-]{0,8},[0-9-]{0,10},,,P[0-9]?,[A-Za-z0-9:;-]{0,12}",
            ],
            0..6,
        )
        .prop_map(move |rows| format!("{header}\n{}", rows.join("\n")).into_bytes()),
    ]
}

proptest! {
    #![proptest_config(config(24))]

    /// Any file given to `import` is imported or rejected with status 3, never a crash, and a
    /// rejection writes nothing.
    #[test]
    fn import_takes_any_csv(bytes in csv_bytes()) {
        let s = crate::common::TestStore::new();
        s.with_village_and_team();
        let before = s.snapshot();
        let run = s.run_with(&["import", "households", "-"], &[], Some(&bytes));
        prop_assert!(matches!(run.code(), 0 | 3), "status {}: {}", run.code(), run.stderr());
        if run.code() == 3 {
            prop_assert!(s.snapshot() == before, "a rejected import changed the store");
            prop_assert!(run.stderr().starts_with("bangfu: error: "), "{}", run.stderr());
        }
    }
}

/// One cell of a generated workbook.
#[derive(Debug, Clone)]
enum SheetCell {
    Text(String),
    Number(f64),
    Date(f64),
    Formula(String, String),
    Merged(String),
    Empty,
}

fn sheet_cell() -> impl Strategy<Value = SheetCell> {
    prop_oneof![
        prop_oneof![
            Just("H1".to_string()),
            Just("V1".to_string()),
            "[A-Za-z0-9 ,.:;/年月日¥-]{0,12}",
            any::<String>(),
        ]
        .prop_map(SheetCell::Text),
        prop_oneof![any::<f64>(), -1e6..1e18f64, 0.0..10.0f64].prop_map(SheetCell::Number),
        (-1000.0..80_000.0f64).prop_map(SheetCell::Date),
        ("[=A-Z0-9+/()]{1,10}", "[A-Za-z0-9#!/]{0,8}").prop_map(|(f, r)| SheetCell::Formula(f, r)),
        "[a-z]{0,4}".prop_map(SheetCell::Merged),
        Just(SheetCell::Empty),
    ]
}

/// A workbook whose first sheet may be named for the kind, with a households header (or
/// not) and rows of any cells; its bytes may then be damaged at one place.
fn workbook_bytes() -> impl Strategy<Value = Vec<u8>> {
    let rows = proptest::collection::vec(proptest::collection::vec(sheet_cell(), 0..8), 0..6);
    (
        rows,
        any::<bool>(),
        any::<bool>(),
        proptest::option::of((any::<prop::sample::Index>(), any::<u8>())),
    )
        .prop_map(|(rows, named, with_header, damage)| {
            use rust_xlsxwriter::{Format, Formula, Workbook};
            let mut book = Workbook::new();
            let sheet = book.add_worksheet();
            let _ = sheet.set_name(if named { "households" } else { "Sheet1" });
            let date = Format::new().set_num_format("yyyy-mm-dd");
            let header = [
                "id",
                "village",
                "head",
                "id_number",
                "size",
                "income_per_capita",
                "identified_on",
            ];
            let first = u32::from(with_header);
            if with_header {
                for (c, h) in header.iter().enumerate() {
                    let _ = sheet.write_string(0, c as u16, *h);
                }
            }
            for (r, row) in rows.iter().enumerate() {
                let r = r as u32 + first;
                for (c, cell) in row.iter().enumerate() {
                    let c = c as u16;
                    let _ = match cell {
                        SheetCell::Text(s) => sheet.write_string(r, c, s).map(drop),
                        SheetCell::Number(x) => sheet.write_number(r, c, *x).map(drop),
                        SheetCell::Date(x) => {
                            sheet.write_number_with_format(r, c, *x, &date).map(drop)
                        }
                        SheetCell::Formula(f, v) => sheet
                            .write_formula(r, c, Formula::new(f.as_str()).set_result(v.as_str()))
                            .map(drop),
                        SheetCell::Merged(s) => sheet
                            .merge_range(r, c, r + 1, c + 1, s, &Format::new())
                            .map(drop),
                        SheetCell::Empty => Ok(()),
                    };
                }
            }
            let mut bytes = book.save_to_buffer().unwrap_or_default();
            if let Some((at, byte)) = damage
                && !bytes.is_empty()
            {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
            bytes
        })
}

proptest! {
    #![proptest_config(config(24))]

    /// Any workbook given to `import` is imported or rejected with status 3, never a crash,
    /// and a rejection writes nothing.
    #[test]
    fn import_takes_any_workbook(bytes in workbook_bytes()) {
        let s = crate::common::TestStore::new();
        s.with_village_and_team();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.xlsx");
        std::fs::write(&path, &bytes).unwrap();
        let before = s.snapshot();
        let run = s.run(&["import", "households", path.to_str().unwrap()]);
        prop_assert!(matches!(run.code(), 0 | 3), "status {}: {}", run.code(), run.stderr());
        if run.code() == 3 {
            prop_assert!(s.snapshot() == before, "a rejected import changed the store");
            prop_assert!(run.stderr().starts_with("bangfu: error: "), "{}", run.stderr());
            prop_assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
        }
    }
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn spreadsheet_dates_and_money_take_any_text(
        text in prop_oneof![
            any::<String>(),
            "[0-9]{1,5}[/年-][0-9]{1,3}[/月-][0-9]{1,3}日?",
            "[¥￥]? ?[0-9,]{1,12}(\\.[0-9]{0,3})?",
        ]
    ) {
        use bangfu::import::sheet_values::{date, money};
        if let Ok(d) = date("date", &text) {
            prop_assert_eq!(date("date", &d.to_string()).ok(), Some(d));
        }
        if let Ok(fen) = money("amount", &text) {
            prop_assert!(fen >= 0);
            prop_assert_eq!(money("amount", &format_yuan(fen)).ok(), Some(fen));
        }
    }
}
