//! Integration tests through the real binary, a fresh temporary store each.

mod common;

mod audit;
mod checks;
mod concurrency;
mod crash;
mod crash_import;
mod export;
mod export_findings;
mod fuzz;
mod household;
mod import;
mod offices;
mod output;
mod person;
mod policy;
mod records;
mod relief;
mod seal;
mod stats;
mod store;
mod team;
mod village;
