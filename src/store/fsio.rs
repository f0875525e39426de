//! Durable file writes: a synced temporary file renamed over the target, and the directory
//! synced after. New files are readable by their owner only; new directories likewise.
//!
//! Nothing outside the store is ever written: temporary files are created exclusively under
//! unpredictable names (the tempfile crate), every file the store writes, appends to or
//! locks is opened without following a symbolic link, and a path inside the store that
//! passes through a link is refused before anything is written (`no_links`).

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::error::{Error, Result};

/// The lines of `bytes`, as `bytes.split(|b| *b == b'\n')` gives them (a last piece after
/// the last newline, empty when the bytes end in one), found with `memchr`: the journals
/// `verify` reads hold gigabytes.
pub fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', bytes)
        .map(Some)
        .chain(std::iter::once(None))
        .map(move |end| {
            let end = end.unwrap_or(bytes.len());
            let line = &bytes[start..end];
            start = end + 1;
            line
        })
}

/// The store this process works on, for `no_links`.
static ROOT: OnceLock<PathBuf> = OnceLock::new();

/// Names the store's root: paths below it are checked for symbolic links before a write.
pub fn set_root(root: &Path) {
    let _ = ROOT.set(root.to_path_buf());
}

/// Refuses a path inside the store any part of which (below the root) is a symbolic link:
/// a planted link must never make a write land outside the store. Paths outside the store
/// (an export's output) are not the store's to police.
pub fn no_links(path: &Path) -> Result<()> {
    let Some(root) = ROOT.get() else {
        return Ok(());
    };
    let Ok(rel) = path.strip_prefix(root) else {
        return Ok(());
    };
    let mut at = root.clone();
    for part in rel.components() {
        at.push(part);
        match fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let at = at.display();
                return Err(Error::store_in(crate::lang::Text {
                    en: format!(
                        "{at} is a symbolic link; bangfu never writes through one, so that \
                         nothing outside the store is touched: run `bangfu verify`"
                    ),
                    zh: format!(
                        "{at} 是符号链接；bangfu 从不经由符号链接写入，以免动到仓库之外的文件：\
                         请运行 `bangfu verify`"
                    ),
                }));
            }
            Ok(_) => {}
            Err(_) => break, // not there yet: nothing below it can be a link
        }
    }
    Ok(())
}

/// Open options that refuse to follow a symbolic link at the last component.
pub fn nofollow(opts: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(opts, libc::O_NOFOLLOW);
    opts
}

/// Creates a directory and its parents, owner-only on Unix.
pub fn create_dir_all(dir: &Path) -> Result<()> {
    no_links(dir)?;
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
    no_links(path)?;
    let mut opts = OpenOptions::new();
    nofollow(opts.write(true).create(true).truncate(truncate));
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

/// Syncs each file system holding one of `dirs`, once (`syncfs`): every file and directory
/// written there before it, whoever wrote it, is on the disk when it returns. A change to
/// thousands of files syncs so at each point where the order of its writes matters, instead
/// of syncing each file and directory: one flush of a file system's journal, not thousands.
/// The directories are told apart by device, as a store's directories may be mounted from
/// more than one. Elsewhere than on Linux, where there is no `syncfs`, `sync` does the same.
pub fn sync_file_systems<'a>(dirs: impl IntoIterator<Item = &'a Path>) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt;
        let mut done = std::collections::BTreeSet::new();
        for dir in dirs {
            let dev = fs::metadata(dir)
                .map_err(|e| Error::io("read", dir, &e))?
                .dev();
            if done.insert(dev) {
                let d = File::open(dir).map_err(|e| Error::io("open directory", dir, &e))?;
                rustix::fs::syncfs(&d).map_err(|e| Error::io("sync", dir, &e.into()))?;
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dirs.into_iter().count();
        rustix::fs::sync();
    }
    Ok(())
}

/// Writes `bytes` to a new temporary file beside `target` and syncs it; returns its path.
/// The file is `.<name>.tmp-<random>`, hidden so that loaders skip it, created exclusively
/// (never an existing file or link) and readable by its owner only.
pub fn stage(target: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let mut staging = Staging::new(target)?;
    staging.write(bytes)?;
    staging.keep()
}

/// A temporary file beside a target, as `stage` makes it, written a part at a time: the
/// journal lines of a change to thousands of villages go into one file, not one each.
/// Removed when dropped unless kept.
pub struct Staging {
    file: tempfile::NamedTempFile,
    path: PathBuf,
    len: u64,
}

impl Staging {
    pub fn new(target: &Path) -> Result<Staging> {
        no_links(target)?;
        let dir = parent(target);
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let prefix = format!(".{name}.tmp-");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).rand_bytes(12);
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600));
        let file = builder
            .tempfile_in(dir)
            .map_err(|e| Error::io("create a temporary file in", dir, &e))?;
        // Beside the target as the caller named it (tempfile may have made the path
        // absolute; the intent records paths relative to the store's root as given).
        let path = match file.path().file_name() {
            Some(n) => dir.join(n),
            None => file.path().to_path_buf(),
        };
        Ok(Staging { file, path, len: 0 })
    }

    /// Appends a part; returns where it lies in the file: `(from, length)`.
    pub fn write(&mut self, bytes: &[u8]) -> Result<(u64, u64)> {
        self.file
            .write_all(bytes)
            .map_err(|e| Error::io("write", &self.path, &e))?;
        let from = self.len;
        self.len += bytes.len() as u64;
        Ok((from, bytes.len() as u64))
    }

    /// Syncs the file and keeps it; returns its path. From here on the caller renames it
    /// into place or removes it.
    pub fn keep(self) -> Result<PathBuf> {
        self.file
            .as_file()
            .sync_all()
            .map_err(|e| Error::io("sync", &self.path, &e))?;
        self.keep_unsynced()
    }

    /// Keeps the file without syncing it, for a caller that syncs the file system after
    /// (`sync_file_systems`); returns its path.
    pub fn keep_unsynced(self) -> Result<PathBuf> {
        let tmp = self.path;
        self.file
            .into_temp_path()
            .keep()
            .map(|_| tmp.clone())
            .map_err(|e| Error::io("keep", &tmp, &e.error))
    }
}

/// `length` bytes of a file from `from`; `None` when the file does not exist.
pub fn read_part(path: &Path, from: u64, length: u64) -> Result<Option<Vec<u8>>> {
    use std::io::{Seek, SeekFrom};
    let mut f = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("read", path, &e)),
    };
    let mut buf = Vec::new();
    f.seek(SeekFrom::Start(from))
        .and_then(|_| (&mut f).take(length).read_to_end(&mut buf))
        .map_err(|e| Error::io("read", path, &e))?;
    if buf.len() as u64 != length {
        let e = std::io::Error::from(std::io::ErrorKind::UnexpectedEof);
        return Err(Error::io("read", path, &e));
    }
    Ok(Some(buf))
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

#[cfg(test)]
mod tests {
    #[test]
    fn lines_are_the_pieces_between_newlines() {
        for bytes in [
            &b""[..],
            b"\n",
            b"\n\n",
            b"a",
            b"a\n",
            b"a\nb",
            b"\na\n\nb\n",
            "户\n主".as_bytes(),
        ] {
            let found: Vec<&[u8]> = super::lines(bytes).collect();
            let split: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
            assert_eq!(found, split, "{bytes:?}");
        }
    }
}
