//! The OS keychain behind one small trait: keyring 3 with the native backend per OS in the
//! app, an in-memory store for unit tests.

use std::collections::HashMap;
use std::sync::Mutex;

use super::StorageError;
use crate::lock::lock;

pub const SERVICE: &str = "com.vectis.autotask-setup";

pub trait SecretStore: Send + Sync {
    /// Where secrets live, for the admin ("Secret Service", "macOS Keychain", ...).
    fn backend_name(&self) -> &'static str;
    fn read(&self, account: &str) -> Result<Option<String>, StorageError>;
    fn write(&self, account: &str, value: &str) -> Result<(), StorageError>;
    /// Deleting a missing entry is not an error.
    fn delete(&self, account: &str) -> Result<(), StorageError>;
}

pub struct KeyringStore {
    service: String,
}

pub fn native_backend_name() -> &'static str {
    if cfg!(target_os = "windows") {
        "Windows Credential Manager"
    } else if cfg!(target_os = "macos") {
        "macOS Keychain"
    } else {
        "Secret Service"
    }
}

impl KeyringStore {
    /// Refuses keyring's mock backend: it keeps nothing after the process ends.
    pub fn new(service: &str) -> Result<Self, StorageError> {
        use keyring::credential::CredentialPersistence;
        let builder = keyring::default::default_credential_builder();
        if !matches!(builder.persistence(), CredentialPersistence::UntilDelete) {
            return Err(StorageError::NonPersistentBackend);
        }
        Ok(Self {
            service: service.to_string(),
        })
    }

    fn entry(&self, account: &str) -> Result<keyring::Entry, StorageError> {
        // An empty account is a wildcard on macOS: never build one (refused, not a panic:
        // the trait is public).
        if account.is_empty() {
            return Err(StorageError::Keychain {
                detail: "an empty account name was refused".into(),
            });
        }
        keyring::Entry::new(&self.service, account).map_err(map_keyring_error)
    }
}

/// Reads a keyring failure into a specific error with a fix.
pub fn map_keyring_error(error: keyring::Error) -> StorageError {
    let detail = error.to_string();
    let lower = detail.to_ascii_lowercase();
    let unavailable = [
        "serviceunknown",
        "was not provided by any",
        "dbus_session_bus_address",
        "no such file or directory",
        "connection refused",
        "failed to connect",
        "no secret service",
    ];
    match error {
        keyring::Error::TooLong(_, max) => StorageError::EntryTooLarge {
            bytes: None,
            max: max as usize,
        },
        _ if unavailable.iter().any(|needle| lower.contains(needle)) => {
            StorageError::KeychainUnavailable { detail }
        }
        _ if lower.contains("locked") || lower.contains("dismissed") => {
            StorageError::KeychainLocked { detail }
        }
        keyring::Error::NoStorageAccess(_) => StorageError::KeychainAccessDenied { detail },
        _ => StorageError::Keychain { detail },
    }
}

impl SecretStore for KeyringStore {
    fn backend_name(&self) -> &'static str {
        native_backend_name()
    }

    fn read(&self, account: &str) -> Result<Option<String>, StorageError> {
        match self.entry(account)?.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_keyring_error(e)),
        }
    }

    fn write(&self, account: &str, value: &str) -> Result<(), StorageError> {
        self.entry(account)?
            .set_password(value)
            .map_err(map_keyring_error)
    }

    fn delete(&self, account: &str) -> Result<(), StorageError> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_keyring_error(e)),
        }
    }
}

/// In-memory store for unit tests, with an optional failure on write or delete.
#[derive(Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<String, String>>,
    pub fail_writes: Mutex<Option<StorageError>>,
    pub fail_deletes: Mutex<Option<StorageError>>,
}

impl MemoryStore {
    pub fn accounts(&self) -> Vec<String> {
        let mut names: Vec<String> = lock(&self.entries).keys().cloned().collect();
        names.sort();
        names
    }
}

impl SecretStore for MemoryStore {
    fn backend_name(&self) -> &'static str {
        "memory (tests only)"
    }

    fn read(&self, account: &str) -> Result<Option<String>, StorageError> {
        Ok(lock(&self.entries).get(account).cloned())
    }

    fn write(&self, account: &str, value: &str) -> Result<(), StorageError> {
        if let Some(e) = lock(&self.fail_writes).clone() {
            return Err(e);
        }
        lock(&self.entries).insert(account.to_string(), value.to_string());
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<(), StorageError> {
        if let Some(e) = lock(&self.fail_deletes).clone() {
            return Err(e);
        }
        lock(&self.entries).remove(account);
        Ok(())
    }
}
