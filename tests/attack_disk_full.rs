//! Attacks through a full disk: an import of hundreds of households into a store on a disk
//! with less and less room left. Whatever step runs out of room (staging the temporary
//! files, writing the intent, appending the journal), the command exits 0 with every row
//! imported and journaled, or 4 with the store byte for byte as it was; `verify` accepts
//! the store either way.
//!
//! The disk is a small tmpfs mounted for the test (as root). Where mounting is not allowed,
//! the file-size limit stands in for the full disk (`ulimit -f` in a shell that ignores
//! SIGXFSZ, so that a write past it fails with EFBIG as a full disk fails with ENOSPC): it
//! stops the one file that grows past it, which is the journal of a large import.
//! The room left is stepped down to where the import's temporary files fit but its journal
//! append does not, the case that must be undone; `BANGFU_LONG_TESTS=1` steps more finely.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::bangfu;

const ROWS: usize = 300;

/// A tmpfs mounted on a temporary directory, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

fn run(store: &Path, args: &[&str]) -> Output {
    bangfu()
        .arg("--store")
        .arg(store)
        .args(args)
        .output()
        .unwrap()
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p.clone());
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf(), Vec::new());
            } else if p.file_name().is_some_and(|n| n != ".lock") {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

fn csv(dir: &Path, prefix: &str) -> PathBuf {
    let path = dir.join(format!("{prefix}.csv"));
    let mut text = String::from("id,village,head,size,income_per_capita\n");
    for i in 0..ROWS {
        let _ = writeln!(text, "{prefix}{i:04},V1,张三丰{i},3,2345.67");
    }
    std::fs::write(&path, text).unwrap();
    path
}

fn fresh_store(store: &Path) {
    let _ = std::fs::remove_dir_all(store);
    assert!(
        bangfu()
            .arg("init")
            .arg(store)
            .output()
            .unwrap()
            .status
            .success()
    );
    let out = run(
        store,
        &[
            "village",
            "add",
            "--id",
            "V1",
            "--name",
            "大坪村",
            "--county",
            "西秀区",
            "--township",
            "旧州镇",
        ],
    );
    assert!(out.status.success(), "{out:?}");
}

/// Checks one import's outcome: all of it there and journaled, or nothing changed.
fn check_outcome(store: &Path, out: &Output, before: &BTreeMap<PathBuf, Vec<u8>>) -> bool {
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 4)),
        "import exited {code:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed = run(store, &["--format", "json", "household", "list"]);
    let households: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap_or_default();
    let count = households.as_array().map_or(0, Vec::len);
    let verify = run(store, &["--format", "json", "verify"]);
    let report: serde_json::Value = serde_json::from_slice(&verify.stdout).unwrap();
    assert_eq!(report["clean"], true, "verify found damage: {report:#}");
    if code == Some(0) {
        assert_eq!(count, ROWS);
        let log = run(store, &["--format", "json", "log", "--kind", "household"]);
        let log: serde_json::Value = serde_json::from_slice(&log.stdout).unwrap();
        assert_eq!(
            log.as_array().unwrap().len(),
            ROWS,
            "rows without journal lines"
        );
        true
    } else {
        assert_eq!(count, 0, "a failed import left households");
        let after = snapshot(store);
        let changed: Vec<_> = before
            .keys()
            .chain(after.keys())
            .filter(|k| before.get(*k) != after.get(*k))
            .collect();
        assert!(changed.is_empty(), "a failed import changed {changed:?}");
        false
    }
}

fn step() -> usize {
    if std::env::var_os("BANGFU_LONG_TESTS").is_some() {
        4096
    } else {
        32 * 1024
    }
}

/// Runs one import with `room` bytes left on the disk; true when it succeeded, with the
/// error it gave otherwise.
fn import_with_room(disk: &Tmpfs, inputs: &Path, n: usize, room: usize) -> (bool, String) {
    let store = disk.path().join("store");
    let filler = disk.path().join("filler");
    fresh_store(&store);
    let input = csv(inputs, &format!("H{n}x"));
    // Fill the disk to the brim, then give back `room` bytes.
    let mut f = std::fs::File::create(&filler).unwrap();
    for size in [64 * 1024, 4096, 1] {
        let block = vec![0u8; size];
        while f.write_all(&block).is_ok() {}
    }
    let len = f.metadata().unwrap().len();
    f.set_len(len.saturating_sub(room as u64)).unwrap();
    drop(f);
    let before = snapshot(&store);
    let out = run(&store, &["import", "households", input.to_str().unwrap()]);
    std::fs::remove_file(&filler).unwrap();
    let ok = check_outcome(&store, &out, &before);
    (ok, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn an_import_on_a_filling_disk_is_all_or_nothing() {
    let Some(disk) = Tmpfs::mount("8m") else {
        eprintln!("tmpfs cannot be mounted here; the file-size limit test covers the full disk");
        return;
    };
    let inputs = tempfile::tempdir().unwrap();
    let mut errors = Vec::new();
    let mut n = 0;
    // Coarse: find the least room that suffices (the first import writes the id index too,
    // a few hundred small files: about 2 MiB in all).
    let coarse = 96 * 1024;
    let mut enough = None;
    for room in (0..=2560 * 1024).step_by(coarse) {
        n += 1;
        let (ok, err) = import_with_room(&disk, inputs.path(), n, room);
        if ok {
            enough = Some(room);
            break;
        }
        errors.push(err);
    }
    let enough = enough.expect("no import succeeded with 2.5 MiB of room");
    // Fine: just below it, the temporary files fit but the journal append does not.
    let fine = if std::env::var_os("BANGFU_LONG_TESTS").is_some() {
        2048
    } else {
        8192
    };
    for room in (enough.saturating_sub(coarse)..enough).step_by(fine) {
        n += 1;
        let (ok, err) = import_with_room(&disk, inputs.path(), n, room);
        if !ok {
            errors.push(err);
        }
    }
    assert!(
        errors.iter().any(|e| e.contains("could not append to")),
        "no import ran out of room in the journal append: {errors:#?}"
    );
    assert!(errors.iter().any(|e| e.contains(".tmp-")), "{errors:#?}");
}

#[test]
fn an_import_past_the_file_size_limit_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let (mut ok, mut failed) = (0, 0);
    // `ulimit -f` counts 512-byte blocks in POSIX sh.
    for (n, blocks) in (40..=400).step_by(step() / 512 * 2).enumerate() {
        fresh_store(&store);
        let input = csv(dir.path(), &format!("F{n}x"));
        let before = snapshot(&store);
        let script = format!(
            "trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" --store \"$1\" import households \"$2\""
        );
        let out = Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg(assert_cmd::cargo::cargo_bin("bangfu"))
            .arg(&store)
            .arg(&input)
            .output()
            .unwrap();
        if check_outcome(&store, &out, &before) {
            ok += 1;
        } else {
            failed += 1;
        }
    }
    assert!(
        ok > 0 && failed > 0,
        "{ok} imports succeeded, {failed} failed"
    );
}
