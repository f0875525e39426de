//! Any text as a date, an amount of yuan and a resident ID number.
#![no_main]

use bangfu::model::{Date, check_id_number, format_yuan, parse_yuan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(date) = text.parse::<Date>() {
        assert_eq!(date.to_string(), text);
    }
    if let Ok(fen) = parse_yuan("amount", text) {
        assert_eq!(parse_yuan("amount", &format_yuan(fen)).ok(), Some(fen));
    }
    if let Ok(id) = check_id_number("id_number", text) {
        assert_eq!(id.len(), 18);
    }
});
