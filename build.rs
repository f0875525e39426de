//! Gives each build an identity taken from its sources. What a store keeps under `.cache/`
//! (snapshots, the last check's findings) is stamped with it, so a build whose code differs
//! in any way, a rule's included, never reads what another build kept: it rebuilds it once.

use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

fn main() {
    let mut files = vec![PathBuf::from("Cargo.lock"), PathBuf::from("Cargo.toml")];
    sources(Path::new("src"), &mut files);
    files.sort();
    // SipHash with fixed keys: the same sources give the same identity on every build by the
    // same compiler, which is all a cache key needs.
    let mut hash = DefaultHasher::new();
    for file in &files {
        let path = file.to_string_lossy();
        let content = fs::read(file).unwrap_or_default();
        hash.write_usize(path.len());
        hash.write(path.as_bytes());
        hash.write_usize(content.len());
        hash.write(&content);
    }
    println!("cargo::rustc-env=BANGFU_SOURCES={:016x}", hash.finish());
    println!("cargo::rerun-if-changed=src");
    println!("cargo::rerun-if-changed=Cargo.lock");
    println!("cargo::rerun-if-changed=Cargo.toml");
}

/// Every file under `dir`.
fn sources(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, files);
        } else {
            files.push(path);
        }
    }
}
