//! Integration tests through the real binary, a fresh temporary store each.

mod common;

mod household;
mod output;
mod records;
mod relief;
mod store;
