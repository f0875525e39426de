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
mod lang;
mod libreoffice;
mod offices;
mod output;
mod person;
mod policy;
mod records;
mod relief;
mod seal;
mod sheets;
mod stats;
mod store;
mod team;
mod village;
