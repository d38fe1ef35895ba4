//! One lock across processes. The window, a scheduled `check`, and an RMM's `connect` may run
//! at once: every keychain-and-settings operation holds an exclusive lock on `settings.lock`
//! beside the settings, so clean-up in one process can never delete the slot another process
//! is saving, and a read-modify-write of the settings cannot undo a concurrent save.

use std::fs::{File, OpenOptions};
use std::path::Path;
use std::time::{Duration, Instant};

use fs4::{FileExt, TryLockError};

use super::StorageError;

pub const LOCK_NAME: &str = "settings.lock";
/// Saves take milliseconds; waiting longer than this means another process is stuck.
const WAIT: Duration = Duration::from_secs(15);

/// Held while it lives; the OS releases it when the process ends, even on a crash.
pub struct ProcessLock {
    file: File,
}

impl Drop for ProcessLock {
    fn drop(&mut self) {
        let _ = FileExt::unlock(&self.file);
    }
}

fn busy(path: &Path, detail: String) -> StorageError {
    StorageError::SettingsWrite {
        path: path.display().to_string(),
        detail,
    }
}

pub fn acquire(dir: &Path) -> Result<ProcessLock, StorageError> {
    let path = dir.join(LOCK_NAME);
    std::fs::create_dir_all(dir).map_err(|e| busy(&path, e.to_string()))?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| busy(&path, e.to_string()))?;
    let started = Instant::now();
    loop {
        // Fully qualified: newer std has an inherent `File::try_lock` the MSRV lacks.
        match FileExt::try_lock(&file) {
            Ok(()) => return Ok(ProcessLock { file }),
            Err(TryLockError::WouldBlock) if started.elapsed() < WAIT => {
                std::thread::sleep(Duration::from_millis(5))
            }
            Err(TryLockError::WouldBlock) => {
                return Err(busy(
                    &path,
                    "another Vectis Autotask Setup process kept the settings locked; close it and try again".into(),
                ))
            }
            Err(TryLockError::Error(e)) => return Err(busy(&path, e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire(dir.path()).unwrap();
        let path = dir.path().to_path_buf();
        let second = std::thread::spawn(move || {
            let started = Instant::now();
            let _lock = acquire(&path).unwrap();
            started.elapsed()
        });
        std::thread::sleep(Duration::from_millis(200));
        drop(first);
        assert!(second.join().unwrap() >= Duration::from_millis(150));
    }
}
