//! The writers' lock: an exclusive lock on `.lock`, a file no rename ever replaces.

use std::fs::{File, TryLockError};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::lang::Text;

use super::fsio;

/// Held while a command writes; released when dropped (or when the process dies).
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// The longest wait `$BANGFU_LOCK_TIMEOUT` may ask for: a day.
const MAX_TIMEOUT_SECS: f64 = 86_400.0;

/// How long a writer waits for another: `$BANGFU_LOCK_TIMEOUT` seconds, default 60, at most
/// a day. A value that is not a number of seconds (`1e400`, `NaN`, `-1`) is the default;
/// a huge one is a day: parsing the setting never panics.
fn timeout() -> Duration {
    let secs = std::env::var("BANGFU_LOCK_TIMEOUT")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map_or(60.0, |s| s.min(MAX_TIMEOUT_SECS));
    Duration::try_from_secs_f64(secs).unwrap_or(Duration::from_secs(60))
}

impl Lock {
    /// Waits for the store's lock, polling, up to the timeout.
    pub fn acquire(path: &Path) -> Result<Lock> {
        let file = fsio::create_private(path, false)?;
        Lock::wait(path, file)
    }

    /// The lock for a reader that wants a still view of the whole store (`verify`), or `None`
    /// when the store is read-only (a copy on a read-only disk), where no writer can run.
    pub fn acquire_if_writable(path: &Path) -> Result<Option<Lock>> {
        fsio::no_links(path)?;
        let mut opts = std::fs::OpenOptions::new();
        // Opened, never created: `verify` without `--repair` writes nothing, not even this.
        fsio::nofollow(opts.write(true));
        match opts.open(path) {
            Ok(file) => Lock::wait(path, file).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
                ) =>
            {
                Ok(None)
            }
            Err(e) => Err(Error::io("open", path, &e)),
        }
    }

    /// A reader's lock: shared with other readers, excluded by a writer, so that a reader
    /// sees the store before or after each change, never during one. `None` when the store
    /// has no `.lock` and cannot get one (a read-only copy: no writer can run there).
    pub fn acquire_shared(path: &Path) -> Result<Option<Lock>> {
        fsio::no_links(path)?;
        let file = match fsio::nofollow(std::fs::OpenOptions::new().read(true)).open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                match fsio::create_private(path, false) {
                    Ok(f) => f,
                    Err(_) => return Ok(None),
                }
            }
            Err(e) => return Err(Error::io("open", path, &e)),
        };
        Lock::wait_for(path, file, true).map(Some)
    }

    fn wait(path: &Path, file: File) -> Result<Lock> {
        Lock::wait_for(path, file, false)
    }

    fn wait_for(path: &Path, file: File, shared: bool) -> Result<Lock> {
        let start = Instant::now();
        let limit = timeout();
        let mut pause = Duration::from_millis(1);
        loop {
            let attempt = if shared {
                file.try_lock_shared()
            } else {
                file.try_lock()
            };
            match attempt {
                Ok(()) => return Ok(Lock { _file: file }),
                Err(TryLockError::WouldBlock) if start.elapsed() < limit => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(50));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(Error::store_in(Text {
                        en: format!(
                            "could not lock the store ({}): another bangfu has been writing for {} s; \
                             try again, or raise BANGFU_LOCK_TIMEOUT",
                            path.display(),
                            limit.as_secs()
                        ),
                        zh: format!(
                            "无法锁定存储（{}）：另一个 bangfu 已写入了 {} 秒；请重试，或调大 BANGFU_LOCK_TIMEOUT",
                            path.display(),
                            limit.as_secs()
                        ),
                    }));
                }
                Err(TryLockError::Error(e)) => return Err(Error::io("lock", path, &e)),
            }
        }
    }
}
