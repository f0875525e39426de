//! Integration tests through the real binary, a fresh temporary store each.

mod common;

mod audit;
mod concurrency;
mod crash;
mod fuzz;
mod records;
