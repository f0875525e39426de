//! Durable file writes: a synced temporary file renamed over the target, and the directory
//! synced after. New files are readable by their owner only; new directories likewise.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::error::{Error, Result};

/// Creates a directory and its parents, owner-only on Unix.
pub fn create_dir_all(dir: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| Error::io("create directory", dir, &e))
}

/// Opens a new file for writing, owner-only on Unix.
pub fn create_private(path: &Path, truncate: bool) -> Result<File> {
    let mut opts = OpenOptions::new();
    opts.write(true).create(true).truncate(truncate);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    opts.open(path).map_err(|e| Error::io("open", path, &e))
}

/// Syncs a directory so that a rename in it survives a power cut.
pub fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let d = File::open(dir).map_err(|e| Error::io("open directory", dir, &e))?;
        d.sync_all()
            .map_err(|e| Error::io("sync directory", dir, &e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

static TEMP_COUNTER: AtomicU32 = AtomicU32::new(0);

/// The name of a temporary file beside `target`, hidden so that loaders skip it.
pub fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    target.with_file_name(format!(".{name}.tmp-{}-{n}", std::process::id()))
}

/// Writes `bytes` to a new temporary file beside `target` and syncs it; returns its path.
pub fn stage(target: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let tmp = temp_path(target);
    let result = (|| {
        let mut f = create_private(&tmp, true)?;
        f.write_all(bytes)
            .map_err(|e| Error::io("write", &tmp, &e))?;
        f.sync_all().map_err(|e| Error::io("sync", &tmp, &e))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map(|()| tmp)
}

/// Replaces `target` with `bytes` atomically: readers see the old file or the new one.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = stage(target, bytes)?;
    if let Err(e) = fs::rename(&tmp, target) {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io("replace", target, &e));
    }
    sync_dir(parent(target))
}

/// The directory holding `path`.
pub fn parent(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new("."))
}

/// Reads a whole file; `None` when it does not exist.
pub fn read_optional(path: &Path) -> Result<Option<Vec<u8>>> {
    match File::open(path) {
        Ok(mut f) => {
            let mut buf = Vec::new();
            f.read_to_end(&mut buf)
                .map_err(|e| Error::io("read", path, &e))?;
            Ok(Some(buf))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("read", path, &e)),
    }
}

/// Reads a whole UTF-8 file; `None` when it does not exist.
pub fn read_text(path: &Path) -> Result<Option<String>> {
    read_optional(path)?
        .map(|b| {
            String::from_utf8(b).map_err(|e| {
                let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let line = valid.split(|c| *c == b'\n').count();
                Error::malformed(path, line, "is not valid UTF-8")
            })
        })
        .transpose()
}
