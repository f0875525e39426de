//! Integration tests through the real binary, a fresh temporary store each.

mod common;

mod output;
mod records;
mod store;
