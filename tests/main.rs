//! Integration tests through the real binary, a fresh temporary store each.

mod common;

mod attack_disk_full;
mod attack_input;
mod attack_permissions;
mod attack_readers;
mod attack_symlinks;
mod attack_tamper;
mod audit;
mod checks;
mod concurrency;
mod crash;
mod crash_import;
mod duty;
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
