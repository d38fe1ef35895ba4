//! The settings file: everything but the secret and the integration code. Written atomically
//! (temp file, fsync, rename) with the previous file kept as a backup; a corrupt or newer file
//! is moved aside instead of crashing the app.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::secret_life::OldUser;
use super::StorageError;
use crate::autotask::connection_test::Tenant;
use crate::autotask::ticket_defaults::TicketDefaults;
use crate::autotask::Zone;
use crate::error::ErrorCode;

pub const SETTINGS_VERSION: u32 = 1;
const FILE_NAME: &str = "settings.json";
const BACKUP_NAME: &str = "settings.json.bak";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LastTest {
    /// RFC 3339, UTC.
    pub at: String,
    pub ok: bool,
    pub message: String,
    pub code: Option<ErrorCode>,
    /// The tenant that Test found (its own company's name and number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub tenant: Option<Tenant>,
}

/// Autotask rejected the saved credentials (401, or a locked or inactive API user): nothing is
/// sent with them again until they change or the admin asks for one more try.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Rejection {
    /// RFC 3339, UTC.
    pub at: String,
    pub code: ErrorCode,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub version: u32,
    pub username: String,
    pub zone: Zone,
    /// Which of the two keychain slots holds the secret (see `storage::ConnectionStore`).
    pub keychain_slot: u8,
    #[serde(default)]
    pub ticket_defaults: TicketDefaults,
    #[serde(default)]
    pub last_test: Option<LastTest>,
    pub saved_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected: Option<Rejection>,
    /// RFC 3339, UTC: when the current secret was saved (a save of the same secret keeps it).
    /// Files from before it existed use `saved_at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_set_at: Option<String>,
    /// RFC 3339, UTC: when these credentials last passed a Test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_verified_at: Option<String>,
    /// After a switch to another API user: the old one, to retire in Autotask.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_user: Option<OldUser>,
}

/// Why a settings file was moved aside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsNotice {
    pub message: String,
    pub moved_to: String,
    pub backup_available: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    Missing,
    Found(Box<Settings>),
    MovedAside(SettingsNotice),
}

#[derive(Debug, Clone)]
pub struct SettingsFile {
    dir: PathBuf,
}

fn write_error(path: &Path, e: std::io::Error) -> StorageError {
    StorageError::SettingsWrite {
        path: path.display().to_string(),
        detail: e.to_string(),
    }
}

impl SettingsFile {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The folder the settings (and the lock beside them) live in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    pub fn backup_path(&self) -> PathBuf {
        self.dir.join(BACKUP_NAME)
    }

    /// A file this app can use: readable, not newer, and with a zone address that is a web
    /// address. The endpoint policy itself is applied where requests are built, since only
    /// the client knows whether a custom endpoint is configured.
    fn parse(text: &str) -> Result<Settings, String> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("it is not valid JSON ({e})"))?;
        let settings: Settings = serde_json::from_value(value)
            .map_err(|e| format!("it is incomplete or damaged ({e})"))?;
        check_zone_address(&settings.zone.api_url)?;
        Ok(settings)
    }

    /// [`Self::parse`], and the keychain slot must be one of the two (a restored backup's
    /// slot is repaired instead, see `ConnectionStore::restore_backup`).
    fn parse_current(text: &str) -> Result<Settings, String> {
        let settings = Self::parse(text)?;
        if !super::slots::ALL.contains(&settings.keychain_slot) {
            return Err(format!(
                "its keychain slot is {}, not 1 or 2",
                settings.keychain_slot
            ));
        }
        Ok(settings)
    }

    pub fn load(&self) -> Result<Loaded, StorageError> {
        let path = self.path();
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Loaded::Missing),
            Err(e) => {
                return Err(StorageError::SettingsUnreadable {
                    path: path.display().to_string(),
                    detail: e.to_string(),
                })
            }
        };
        if let Some(version) = newer_version(&text) {
            // An older copy (a fleet's RMM-deployed CLI) must not destroy a newer app's settings.
            return Err(StorageError::NewerSettings {
                path: path.display().to_string(),
                version,
            });
        }
        match Self::parse_current(&text) {
            Ok(settings) => Ok(Loaded::Found(Box::new(settings))),
            Err(reason) => {
                let aside = self.aside_name().map_err(|e| write_error(&self.dir, e))?;
                fs::rename(&path, &aside).map_err(|e| write_error(&aside, e))?;
                tracing::warn!(moved_to = %aside.display(), "settings file moved aside: {reason}");
                Ok(Loaded::MovedAside(SettingsNotice {
                    message: format!("The saved settings could not be used because {reason}. They were moved aside; nothing was deleted."),
                    moved_to: aside.display().to_string(),
                    backup_available: self.read_backup().is_some(),
                }))
            }
        }
    }

    /// A name no earlier moved-aside file has (reserved by creating it), so none is replaced.
    fn aside_name(&self) -> std::io::Result<PathBuf> {
        let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
        let mut n = 0u32;
        loop {
            let suffix = if n == 0 {
                String::new()
            } else {
                format!("-{n}")
            };
            let aside = self
                .dir
                .join(format!("settings.json.unreadable-{stamp}{suffix}"));
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&aside)
            {
                Ok(_) => return Ok(aside),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
                Err(e) => return Err(e),
            }
        }
    }

    pub fn read_backup(&self) -> Option<Settings> {
        fs::read_to_string(self.backup_path())
            .ok()
            .filter(|text| newer_version(text).is_none())
            .and_then(|text| Self::parse(&text).ok())
    }

    /// Atomic replace: a reader sees the old file or the new one, never a torn one.
    pub fn write(&self, settings: &Settings) -> Result<(), StorageError> {
        let path = self.path();
        fs::create_dir_all(&self.dir).map_err(|e| write_error(&self.dir, e))?;
        let text =
            serde_json::to_string_pretty(settings).map_err(|e| StorageError::SettingsWrite {
                path: path.display().to_string(),
                detail: e.to_string(),
            })?;
        let mut temp = tempfile::Builder::new()
            .prefix(".settings-")
            .suffix(".tmp")
            .tempfile_in(&self.dir)
            .map_err(|e| write_error(&path, e))?;
        temp.write_all(text.as_bytes())
            .map_err(|e| write_error(&path, e))?;
        temp.as_file()
            .sync_all()
            .map_err(|e| write_error(&path, e))?;
        if path.exists() {
            // Copy, not rename: there must be a settings.json at every instant. Copied to a
            // temp file first, so a full disk never truncates the backup already there.
            self.replace_backup(&path)?;
        }
        temp.persist(&path)
            .map_err(|e| write_error(&path, e.error))?;
        sync_dir(&self.dir);
        Ok(())
    }

    fn replace_backup(&self, current: &Path) -> Result<(), StorageError> {
        let backup = self.backup_path();
        let fail = |e: std::io::Error| write_error(&backup, e);
        let temp = tempfile::Builder::new()
            .prefix(".settings-bak-")
            .tempfile_in(&self.dir)
            .map_err(fail)?;
        fs::copy(current, temp.path()).map_err(fail)?;
        temp.as_file().sync_all().map_err(fail)?;
        temp.persist(&backup).map_err(|e| fail(e.error))?;
        Ok(())
    }

    pub fn remove(&self) -> Result<(), StorageError> {
        for file in [self.path(), self.backup_path()] {
            match fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(write_error(&file, e)),
            }
        }
        sync_dir(&self.dir);
        Ok(())
    }

    /// A backup or a moved-aside file exists: the admin may still want its keychain entry.
    pub fn has_leftovers(&self) -> bool {
        self.backup_path().exists()
            || fs::read_dir(&self.dir).is_ok_and(|entries| {
                entries.flatten().any(|e| {
                    e.file_name()
                        .to_string_lossy()
                        .starts_with("settings.json.unreadable-")
                })
            })
    }
}

/// The settings version of `text` when a newer version of this app wrote it.
fn newer_version(text: &str) -> Option<u64> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let version = value.get("version")?.as_u64()?;
    (version > u64::from(SETTINGS_VERSION)).then_some(version)
}

/// The saved zone address must parse as an http(s) URL with a host.
fn check_zone_address(api_url: &str) -> Result<(), String> {
    let shown: String = api_url.chars().take(100).collect();
    let damaged = || format!("its zone address {shown:?} is not a web address");
    let url = url::Url::parse(api_url).map_err(|_| damaged())?;
    if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none_or(str::is_empty) {
        return Err(damaged());
    }
    Ok(())
}

/// Makes a rename durable on Unix; Windows has no directory handles to sync.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}
