//! The saved connection: the secret and integration code in the OS keychain, everything else
//! in the settings file, written as one transaction.
//!
//! The keychain has two fixed slots per connection. A save writes the new secret to the slot
//! the settings do *not* point at, then atomically replaces the settings to point at it (the
//! commit point), then deletes the old slot. Whatever step fails or is killed, the settings
//! point at a complete slot: the old pair or the new pair. Orphaned slots are removed on start.

pub mod keychain;
mod process_lock;
pub mod settings;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::autotask::ticket_defaults::TicketDefaults;
use crate::autotask::Zone;
use crate::error::{ErrorCode, IpcError, ToIpcError};
use crate::secret::Secret;
use crate::validation::Credentials;
pub use keychain::{KeyringStore, MemoryStore, SecretStore, SERVICE};
pub use settings::{
    LastTest, Loaded, Rejection, Settings, SettingsFile, SettingsNotice, SETTINGS_VERSION,
};

/// Windows limits a credential blob to 2,560 bytes (UTF-16); stay well under.
pub const MAX_ENTRY_BYTES: usize = 1024;
const CONNECTION: &str = "autotask-default";
const ENTRY_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    #[error("keyring has no persistent backend on this system")]
    NonPersistentBackend,
    #[error("no keychain service is running: {detail}")]
    KeychainUnavailable { detail: String },
    #[error("the keychain is locked: {detail}")]
    KeychainLocked { detail: String },
    #[error("access to the keychain was denied: {detail}")]
    KeychainAccessDenied { detail: String },
    #[error("the keychain entry is too large; the limit is {max} bytes")]
    EntryTooLarge { bytes: Option<usize>, max: usize },
    #[error("keychain error: {detail}")]
    Keychain { detail: String },
    #[error("the keychain entry is damaged")]
    DamagedEntry,
    #[error("cannot read {path}: {detail}")]
    SettingsUnreadable { path: String, detail: String },
    #[error("cannot write {path}: {detail}")]
    SettingsWrite { path: String, detail: String },
    #[error("no connection is saved")]
    NotConfigured,
    #[error("injected failure at {0:?}")]
    Injected(SaveStep),
}

impl ToIpcError for StorageError {
    fn to_ipc(&self) -> IpcError {
        let (code, message, remediation): (ErrorCode, String, String) = match self {
            Self::NonPersistentBackend => (
                ErrorCode::KeychainUnavailable,
                "This build has no way to store secrets permanently on this system.".into(),
                "Use an official build of Vectis Autotask Setup; it stores secrets in Windows Credential Manager, the macOS Keychain or the Secret Service.".into(),
            ),
            Self::KeychainUnavailable { detail } => (
                ErrorCode::KeychainUnavailable,
                format!("No keychain service is available to store the secret ({detail})."),
                if cfg!(target_os = "linux") {
                    "Start a Secret Service provider, e.g. install gnome-keyring (or KWallet) and log in to a desktop session; headless: run `dbus-run-session -- sh -c 'gnome-keyring-daemon --unlock --components=secrets; vectis-setup ...'`.".into()
                } else {
                    "Make sure you are signed in to a normal desktop session, then try again.".into()
                },
            ),
            Self::KeychainLocked { detail } => (
                ErrorCode::KeychainLocked,
                format!("The keychain is locked ({detail})."),
                "Unlock your keychain (log in again or unlock it in your keychain app), then try again.".into(),
            ),
            Self::KeychainAccessDenied { detail } => (
                ErrorCode::KeychainAccessDenied,
                format!("Access to the keychain was denied ({detail})."),
                "Allow Vectis Autotask Setup to use the keychain when your system asks, then try again.".into(),
            ),
            Self::EntryTooLarge { bytes, max } => (
                ErrorCode::KeychainEntryTooLarge,
                match bytes {
                    Some(bytes) => format!("The credentials are too large for the keychain ({bytes} bytes; at most {max})."),
                    None => format!("The keychain refused the credentials as too large (at most {max} bytes)."),
                },
                "Check that the username, integration code and secret were pasted correctly; nothing was saved.".into(),
            ),
            Self::Keychain { detail } => (
                ErrorCode::KeychainError,
                format!("The keychain reported an error: {detail}."),
                "Try again. If it persists, restart your session or your keychain service.".into(),
            ),
            Self::DamagedEntry => (
                ErrorCode::KeychainError,
                "The saved secret in the keychain is damaged or belongs to another user name.".into(),
                "Use Reset credentials to store the secret again.".into(),
            ),
            Self::SettingsUnreadable { path, detail } => (
                ErrorCode::SettingsUnreadable,
                format!("The settings file {path} cannot be read ({detail})."),
                "Check the file's permissions, or disconnect and set the connection up again.".into(),
            ),
            Self::SettingsWrite { path, detail } => (
                ErrorCode::SettingsWriteFailed,
                format!("The settings could not be saved to {path} ({detail}). Your previous settings are unchanged."),
                "Free some disk space or fix the folder's permissions, then save again.".into(),
            ),
            Self::NotConfigured => (
                ErrorCode::NotConfigured,
                "No Autotask connection is saved yet.".into(),
                "Run the setup to connect to Autotask.".into(),
            ),
            Self::Injected(step) => (ErrorCode::Internal, format!("Injected failure at {step:?}."), "Tests only.".into()),
        };
        IpcError::new(code, message, remediation)
    }
}

/// The steps of a save, for failure injection in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveStep {
    KeychainWrite,
    SettingsWrite,
    OldSlotDelete,
}

type StepHook = Box<dyn Fn(SaveStep) -> Result<(), StorageError> + Send + Sync>;

/// The keychain value: versioned, integration code and secret together.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    version: u32,
    username: String,
    integration_code: String,
    secret: String,
}

/// What a status screen may show: never the secret or the integration code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionStatus {
    pub configured: bool,
    pub secret_present: bool,
    pub username: Option<String>,
    pub zone: Option<Zone>,
    pub backend: String,
    pub last_test: Option<LastTest>,
    pub defaults: Option<TicketDefaults>,
    pub saved_at: Option<String>,
    pub notice: Option<SettingsNotice>,
    /// Set while Autotask's rejection of the saved credentials stands (the breaker is open).
    pub rejected: Option<Rejection>,
}

pub struct ConnectionStore {
    secrets: Arc<dyn SecretStore>,
    settings: SettingsFile,
    /// Serializes every keychain and settings operation (keychains are not re-entrant).
    lock: Mutex<()>,
    hook: Option<StepHook>,
}

fn account(slot: u8) -> String {
    format!("{CONNECTION}.{slot}")
}

pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

impl ConnectionStore {
    pub fn new(secrets: Arc<dyn SecretStore>, settings_dir: impl Into<PathBuf>) -> Self {
        Self {
            secrets,
            settings: SettingsFile::new(settings_dir),
            lock: Mutex::new(()),
            hook: None,
        }
    }

    /// Test hook: runs before each save step; an error aborts the save there.
    pub fn with_step_hook(
        mut self,
        hook: impl Fn(SaveStep) -> Result<(), StorageError> + Send + Sync + 'static,
    ) -> Self {
        self.hook = Some(Box::new(hook));
        self
    }

    pub fn settings_file(&self) -> &SettingsFile {
        &self.settings
    }

    /// This process's lock, then the one across processes (see `process_lock`).
    fn guard(
        &self,
    ) -> Result<(std::sync::MutexGuard<'_, ()>, process_lock::ProcessLock), StorageError> {
        let local = crate::lock::lock(&self.lock);
        let shared = process_lock::acquire(self.settings.dir())?;
        Ok((local, shared))
    }

    fn step(&self, step: SaveStep) -> Result<(), StorageError> {
        self.hook.as_ref().map_or(Ok(()), |hook| hook(step))
    }

    fn current(&self) -> Result<(Option<Settings>, Option<SettingsNotice>), StorageError> {
        Ok(match self.settings.load()? {
            Loaded::Missing => (None, None),
            Loaded::Found(s) => (Some(*s), None),
            Loaded::MovedAside(notice) => (None, Some(notice)),
        })
    }

    /// Removes keychain slots the settings do not point at (left by an interrupted save).
    /// Without settings, slots are kept while a backup could still be restored.
    pub fn reconcile(&self) -> Result<(), StorageError> {
        let _g = self.guard()?;
        let active = match self.settings.load()? {
            Loaded::Found(s) => Some(s.keychain_slot),
            _ if self.settings.has_leftovers() => return Ok(()),
            _ => None,
        };
        for slot in [1, 2] {
            if Some(slot) != active {
                self.secrets.delete(&account(slot))?;
            }
        }
        Ok(())
    }

    /// Saves a tested connection as one transaction (see the module docs).
    pub fn save(
        &self,
        creds: &Credentials,
        zone: &Zone,
        defaults: TicketDefaults,
        last_test: Option<LastTest>,
    ) -> Result<Settings, StorageError> {
        let _g = self.guard()?;
        let (current, _) = self.current()?;
        let old_slot = current.as_ref().map(|s| s.keychain_slot);
        let new_slot = if old_slot == Some(1) { 2 } else { 1 };
        let value = serde_json::to_string(&Entry {
            version: ENTRY_VERSION,
            username: creds.username.clone(),
            integration_code: creds.integration_code.expose().to_string(),
            secret: creds.secret.expose().to_string(),
        })
        .map_err(|_| StorageError::DamagedEntry)?;
        if value.len() > MAX_ENTRY_BYTES {
            return Err(StorageError::EntryTooLarge {
                bytes: Some(value.len()),
                max: MAX_ENTRY_BYTES,
            });
        }
        self.step(SaveStep::KeychainWrite)?;
        self.secrets.write(&account(new_slot), &value)?;
        let settings = Settings {
            version: SETTINGS_VERSION,
            username: creds.username.clone(),
            zone: zone.clone(),
            keychain_slot: new_slot,
            ticket_defaults: defaults,
            last_test,
            saved_at: now_rfc3339(),
            rejected: None,
        };
        if let Err(e) = self
            .step(SaveStep::SettingsWrite)
            .and_then(|()| self.settings.write(&settings))
        {
            // Not committed: the old settings still point at the old slot. Drop the new one.
            let _ = self.secrets.delete(&account(new_slot));
            return Err(e);
        }
        if let Some(old) = old_slot {
            // Committed. A failure from here on leaves only an orphan that reconcile removes.
            if let Err(e) = self
                .step(SaveStep::OldSlotDelete)
                .and_then(|()| self.secrets.delete(&account(old)))
            {
                tracing::warn!("old keychain slot not deleted yet: {e}");
            }
        }
        Ok(settings)
    }

    /// Updates non-secret settings (defaults, last Test) without touching the keychain.
    pub fn update_settings(
        &self,
        change: impl FnOnce(&mut Settings),
    ) -> Result<Settings, StorageError> {
        let _g = self.guard()?;
        let (Some(mut settings), _) = self.current()? else {
            return Err(StorageError::NotConfigured);
        };
        change(&mut settings);
        self.settings.write(&settings)?;
        Ok(settings)
    }

    pub fn settings(&self) -> Result<Option<Settings>, StorageError> {
        let _g = self.guard()?;
        Ok(self.current()?.0)
    }

    /// The saved credentials, read from the keychain.
    pub fn credentials(&self) -> Result<(Settings, Credentials), StorageError> {
        let _g = self.guard()?;
        let (Some(settings), _) = self.current()? else {
            return Err(StorageError::NotConfigured);
        };
        let value = self
            .secrets
            .read(&account(settings.keychain_slot))?
            .ok_or(StorageError::DamagedEntry)?;
        let entry: Entry = serde_json::from_str(&value).map_err(|_| StorageError::DamagedEntry)?;
        if entry.version != ENTRY_VERSION
            || !entry.username.eq_ignore_ascii_case(&settings.username)
        {
            return Err(StorageError::DamagedEntry);
        }
        // The zone is in the settings; callers use it as a known zone.
        let creds = Credentials {
            integration_code: Secret::new(entry.integration_code),
            username: entry.username,
            secret: Secret::new(entry.secret),
            zone_url: None,
        };
        Ok((settings, creds))
    }

    pub fn status(&self) -> ConnectionStatus {
        // Read-only: a process lock that cannot be had (say, read-only settings folder) must
        // not hide the status; the settings file is replaced atomically anyway.
        let _local = crate::lock::lock(&self.lock);
        let _shared = process_lock::acquire(self.settings.dir()).ok();
        let backend = self.secrets.backend_name().to_string();
        let (settings, notice) = match self.current() {
            Ok(found) => found,
            Err(e) => {
                let ipc = e.to_ipc();
                (
                    None,
                    Some(SettingsNotice {
                        message: format!("{} {}", ipc.message, ipc.remediation),
                        moved_to: String::new(),
                        backup_available: false,
                    }),
                )
            }
        };
        let secret_present = settings
            .as_ref()
            .is_some_and(|s| matches!(self.secrets.read(&account(s.keychain_slot)), Ok(Some(_))));
        ConnectionStatus {
            configured: settings.is_some(),
            secret_present,
            username: settings.as_ref().map(|s| s.username.clone()),
            zone: settings.as_ref().map(|s| s.zone.clone()),
            backend,
            last_test: settings.as_ref().and_then(|s| s.last_test.clone()),
            defaults: settings.as_ref().map(|s| s.ticket_defaults.clone()),
            saved_at: settings.as_ref().map(|s| s.saved_at.clone()),
            rejected: settings.as_ref().and_then(|s| s.rejected.clone()),
            notice,
        }
    }

    /// Removes the settings, then both keychain slots. Safe to repeat, and with either missing.
    pub fn disconnect(&self) -> Result<(), StorageError> {
        let _g = self.guard()?;
        // Settings first: if the keychain step fails, reconcile removes the orphan later.
        self.settings.remove()?;
        for slot in [1, 2] {
            self.secrets.delete(&account(slot))?;
        }
        Ok(())
    }

    /// Puts the previous settings back after the current file was moved aside.
    pub fn restore_backup(&self) -> Result<Option<Settings>, StorageError> {
        let _g = self.guard()?;
        let Some(mut settings) = self.settings.read_backup() else {
            return Ok(None);
        };
        // The backup may name the slot a later save replaced: point it at the slot that
        // still holds this user's secret.
        for slot in [settings.keychain_slot, 3 - settings.keychain_slot] {
            let holds_user = self
                .secrets
                .read(&account(slot))
                .ok()
                .flatten()
                .is_some_and(|v| {
                    serde_json::from_str::<Entry>(&v)
                        .is_ok_and(|e| e.username.eq_ignore_ascii_case(&settings.username))
                });
            if holds_user {
                settings.keychain_slot = slot;
                break;
            }
        }
        self.settings.write(&settings)?;
        Ok(Some(settings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::autotask::ZoneSource;

    fn zone() -> Zone {
        Zone {
            name: Some("America West 2".into()),
            api_url: "https://webservices15.autotask.net/ATServicesRest/".into(),
            web_url: Some("https://ww15.autotask.net/".into()),
            host: "webservices15.autotask.net".into(),
            source: ZoneSource::Lookup,
            moved_from: None,
        }
    }

    fn creds(secret: &str) -> Credentials {
        Credentials {
            integration_code: Secret::new("ABCDEFGHIJKLMNOPQRSTUVWXY27"),
            username: "key@msp.com".into(),
            secret: Secret::new(secret),
            zone_url: None,
        }
    }

    fn store(dir: &std::path::Path) -> (Arc<MemoryStore>, ConnectionStore) {
        let memory = Arc::new(MemoryStore::default());
        (memory.clone(), ConnectionStore::new(memory, dir))
    }

    #[test]
    fn save_then_read_back_and_the_settings_file_holds_no_secret() {
        let dir = tempfile::tempdir().unwrap();
        let (memory, store) = store(dir.path());
        store
            .save(
                &creds("first-secret"),
                &zone(),
                TicketDefaults::default(),
                None,
            )
            .unwrap();
        let (settings, read) = store.credentials().unwrap();
        assert_eq!(read.secret.expose(), "first-secret");
        assert_eq!(settings.keychain_slot, 1);
        let text = std::fs::read_to_string(store.settings_file().path()).unwrap();
        assert!(
            !text.contains("first-secret") && !text.contains("ABCDEFGHIJKLMNOPQRSTUVWXY27"),
            "{text}"
        );
        assert!(text.contains("\"version\": 1"));
        assert_eq!(memory.accounts(), ["autotask-default.1"]);

        store
            .save(
                &creds("second-secret"),
                &zone(),
                TicketDefaults::default(),
                None,
            )
            .unwrap();
        assert_eq!(
            store.credentials().unwrap().1.secret.expose(),
            "second-secret"
        );
        assert_eq!(
            memory.accounts(),
            ["autotask-default.2"],
            "the old slot is gone"
        );
        assert!(store.settings_file().backup_path().exists());
        let status = store.status();
        assert!(status.configured && status.secret_present);
        assert!(!serde_json::to_string(&status)
            .unwrap()
            .contains("second-secret"));
    }

    #[test]
    fn a_failure_at_any_step_leaves_the_old_pair_or_the_new_pair() {
        for failing in [
            SaveStep::KeychainWrite,
            SaveStep::SettingsWrite,
            SaveStep::OldSlotDelete,
        ] {
            let dir = tempfile::tempdir().unwrap();
            let memory = Arc::new(MemoryStore::default());
            ConnectionStore::new(memory.clone(), dir.path())
                .save(
                    &creds("old-secret"),
                    &zone(),
                    TicketDefaults::default(),
                    None,
                )
                .unwrap();
            let store =
                ConnectionStore::new(memory.clone(), dir.path()).with_step_hook(move |step| {
                    if step == failing {
                        Err(StorageError::Injected(step))
                    } else {
                        Ok(())
                    }
                });
            let result = store.save(
                &creds("new-secret"),
                &zone(),
                TicketDefaults::default(),
                None,
            );
            let after = store.credentials().unwrap().1.secret.expose().to_string();
            match failing {
                SaveStep::KeychainWrite | SaveStep::SettingsWrite => {
                    assert!(result.is_err(), "{failing:?}");
                    assert_eq!(after, "old-secret", "{failing:?}");
                    assert_eq!(memory.accounts(), ["autotask-default.1"], "{failing:?}");
                }
                SaveStep::OldSlotDelete => {
                    assert!(result.is_ok());
                    assert_eq!(after, "new-secret");
                    store.reconcile().unwrap();
                    assert_eq!(memory.accounts(), ["autotask-default.2"]);
                }
            }
        }
    }

    #[test]
    fn a_keychain_error_saves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (memory, store) = store(dir.path());
        *memory.fail_writes.lock().unwrap() = Some(StorageError::KeychainLocked {
            detail: "locked".into(),
        });
        let e = store
            .save(&creds("s"), &zone(), TicketDefaults::default(), None)
            .unwrap_err();
        assert_eq!(e.to_ipc().code, ErrorCode::KeychainLocked);
        assert!(!store.settings_file().path().exists());
        assert!(!store.status().configured);
    }

    #[test]
    fn oversized_entries_are_refused_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        let (memory, store) = store(dir.path());
        let e = store
            .save(
                &creds(&"x".repeat(2000)),
                &zone(),
                TicketDefaults::default(),
                None,
            )
            .unwrap_err();
        assert!(matches!(
            e,
            StorageError::EntryTooLarge {
                max: MAX_ENTRY_BYTES,
                ..
            }
        ));
        assert!(memory.accounts().is_empty());
    }

    #[test]
    fn disconnect_is_idempotent_and_tolerates_half_state() {
        let dir = tempfile::tempdir().unwrap();
        let (memory, store) = store(dir.path());
        store.disconnect().unwrap();
        store
            .save(&creds("s"), &zone(), TicketDefaults::default(), None)
            .unwrap();
        memory.delete("autotask-default.1").unwrap();
        assert!(!store.status().secret_present);
        store.disconnect().unwrap();
        store.disconnect().unwrap();
        assert!(!store.status().configured);
        assert!(memory.accounts().is_empty());
    }

    #[test]
    fn corrupt_or_newer_settings_are_moved_aside_and_the_backup_can_be_restored() {
        let dir = tempfile::tempdir().unwrap();
        let (_memory, store) = store(dir.path());
        store
            .save(&creds("a"), &zone(), TicketDefaults::default(), None)
            .unwrap();
        store
            .save(&creds("b"), &zone(), TicketDefaults::default(), None)
            .unwrap();
        std::fs::write(store.settings_file().path(), "{ torn").unwrap();
        let status = store.status();
        assert!(!status.configured);
        let notice = status.notice.unwrap();
        assert!(notice.message.contains("not valid JSON"));
        assert!(notice.backup_available);
        assert!(std::path::Path::new(&notice.moved_to).exists());
        store.reconcile().unwrap();
        let restored = store.restore_backup().unwrap().unwrap();
        assert_eq!(
            restored.keychain_slot, 2,
            "points at the slot that still holds the secret"
        );
        assert_eq!(store.credentials().unwrap().1.secret.expose(), "b");

        std::fs::write(store.settings_file().path(), r#"{"version": 99}"#).unwrap();
        assert!(store
            .status()
            .notice
            .unwrap()
            .message
            .contains("newer version"));
    }

    #[test]
    fn orphans_from_an_interrupted_first_save_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let (memory, store) = store(dir.path());
        memory.write("autotask-default.1", "orphan").unwrap();
        store.reconcile().unwrap();
        assert!(memory.accounts().is_empty());
    }
}
