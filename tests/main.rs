//! Integration tests through the real binary, a fresh temporary store each.

mod common;

mod checks;
mod policy;
mod records;
