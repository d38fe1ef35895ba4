//! The save journal: which keychain slot a save is about to write, written *before* the
//! keychain and cleared once the settings point at it (or the slot was removed again). Start-up
//! clean-up deletes only what this proves orphaned: without settings, a slot that no journal
//! names may be the only copy of a secret Autotask will not show again.

use std::fs;
use std::path::{Path, PathBuf};

use super::StorageError;

const NAME: &str = "save-pending";

pub struct Journal {
    path: PathBuf,
}

impl Journal {
    pub fn new(dir: &Path) -> Self {
        Self {
            path: dir.join(NAME),
        }
    }

    /// Records that `slots` are about to be written (or, for a disconnect, removed); an
    /// operation that cannot record it changes nothing.
    pub fn begin(&self, slots: &[u8]) -> Result<(), StorageError> {
        let write = |e: std::io::Error| StorageError::SettingsWrite {
            path: self.path.display().to_string(),
            detail: e.to_string(),
        };
        if let Some(dir) = self.path.parent() {
            fs::create_dir_all(dir).map_err(write)?;
        }
        let file = fs::File::create(&self.path).map_err(write)?;
        let text: Vec<String> = slots.iter().map(u8::to_string).collect();
        std::io::Write::write_all(&mut &file, text.join(" ").as_bytes()).map_err(write)?;
        file.sync_all().map_err(write)
    }

    /// The slots an interrupted save or disconnect was changing (none without a journal).
    pub fn pending(&self) -> Vec<u8> {
        let text = fs::read_to_string(&self.path).unwrap_or_default();
        text.split_whitespace()
            .filter_map(|n| n.parse().ok())
            .filter(|n| super::slots::ALL.contains(n))
            .collect()
    }

    pub fn clear(&self) {
        if let Err(e) = fs::remove_file(&self.path) {
            if e.kind() != std::io::ErrorKind::NotFound {
                tracing::warn!("save journal not cleared: {e}");
            }
        }
    }
}
