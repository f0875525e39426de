//! Integration tests through the real binary, a fresh temporary store each.

mod common;

mod audit;
mod concurrency;
mod crash;
mod crash_import;
mod export;
mod fuzz;
mod household;
mod import;
mod output;
mod person;
mod records;
mod relief;
mod stats;
mod store;
mod team;
mod village;
