//! Integration tests through the real binary, a fresh temporary store each.

mod common;

mod audit;
mod concurrency;
mod crash;
mod fuzz;
mod household;
mod output;
mod person;
mod records;
mod relief;
mod store;
mod team;
mod village;
