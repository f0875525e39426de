//! Integration tests through the real binary, a fresh temporary store each.

mod common;

mod export;
mod import;
mod records;
mod stats;
