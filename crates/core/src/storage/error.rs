//! What can go wrong storing the connection, typed; it reads as an `IpcError` only through
//! `ToIpcError`.

use crate::error::{ErrorCode, IpcError, ToIpcError};

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
    /// A newer version wrote the settings: left as they are, never moved aside or overwritten.
    #[error("{path} was written by a newer version (settings version {version})")]
    NewerSettings { path: String, version: u64 },
    #[error("no connection is saved")]
    NotConfigured,
    /// A failure a test asked for (see `storage::fault`).
    #[cfg(any(test, feature = "fault-injection"))]
    #[error("injected failure at {0:?}")]
    Injected(super::SaveStep),
}

impl StorageError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::NonPersistentBackend | Self::KeychainUnavailable { .. } => {
                ErrorCode::KeychainUnavailable
            }
            Self::KeychainLocked { .. } => ErrorCode::KeychainLocked,
            Self::KeychainAccessDenied { .. } => ErrorCode::KeychainAccessDenied,
            Self::EntryTooLarge { .. } => ErrorCode::KeychainEntryTooLarge,
            Self::Keychain { .. } | Self::DamagedEntry => ErrorCode::KeychainError,
            Self::SettingsUnreadable { .. } | Self::NewerSettings { .. } => {
                ErrorCode::SettingsUnreadable
            }
            Self::SettingsWrite { .. } => ErrorCode::SettingsWriteFailed,
            Self::NotConfigured => ErrorCode::NotConfigured,
            #[cfg(any(test, feature = "fault-injection"))]
            Self::Injected(_) => ErrorCode::Internal,
        }
    }

    fn message(&self) -> String {
        match self {
            Self::NonPersistentBackend => "This build has no way to store secrets permanently on this system.".into(),
            Self::KeychainUnavailable { detail } => format!("No keychain service is available to store the secret ({detail})."),
            Self::KeychainLocked { detail } => format!("The keychain is locked ({detail})."),
            Self::KeychainAccessDenied { detail } => format!("Access to the keychain was denied ({detail})."),
            Self::EntryTooLarge { bytes: Some(bytes), max } => format!("The credentials are too large for the keychain ({bytes} bytes; at most {max})."),
            Self::EntryTooLarge { bytes: None, max } => format!("The keychain refused the credentials as too large (at most {max} bytes)."),
            Self::Keychain { detail } => format!("The keychain reported an error: {detail}."),
            Self::DamagedEntry => "The saved secret in the keychain is damaged or belongs to another user name.".into(),
            Self::SettingsUnreadable { path, detail } => format!("The settings file {path} cannot be read ({detail})."),
            Self::NewerSettings { path, version } => format!("The settings file {path} was written by a newer version of this app (settings version {version}); it was left as it is."),
            Self::SettingsWrite { path, detail } => format!("The settings could not be saved to {path} ({detail}). Your previous settings are unchanged."),
            Self::NotConfigured => "No Autotask connection is saved yet.".into(),
            #[cfg(any(test, feature = "fault-injection"))]
            Self::Injected(step) => format!("Injected failure at {step:?}."),
        }
    }

    fn remediation(&self) -> &'static str {
        match self {
            Self::NonPersistentBackend => "Use an official build of Vectis Autotask Setup; it stores secrets in Windows Credential Manager, the macOS Keychain or the Secret Service.",
            Self::KeychainUnavailable { .. } if cfg!(target_os = "linux") => "Start a Secret Service provider, e.g. install gnome-keyring (or KWallet) and log in to a desktop session; headless: run `dbus-run-session -- sh -c 'gnome-keyring-daemon --unlock --components=secrets; vectis-setup ...'`.",
            Self::KeychainUnavailable { .. } => "Make sure you are signed in to a normal desktop session, then try again.",
            Self::KeychainLocked { .. } => "Unlock your keychain (log in again or unlock it in your keychain app), then try again.",
            Self::KeychainAccessDenied { .. } => "Allow Vectis Autotask Setup to use the keychain when your system asks, then try again.",
            Self::EntryTooLarge { .. } => "Check that the username, integration code and secret were pasted correctly; nothing was saved.",
            Self::Keychain { .. } => "Try again. If it persists, restart your session or your keychain service.",
            Self::DamagedEntry => "Use Reset credentials to store the secret again.",
            Self::SettingsUnreadable { .. } => "Check the file's permissions, or disconnect and set the connection up again.",
            Self::NewerSettings { .. } => "Update Vectis Autotask Setup (and its command-line tool) on this computer to the newest version. Nothing was changed.",
            Self::SettingsWrite { .. } => "Free some disk space or fix the folder's permissions, then save again.",
            Self::NotConfigured => "Run the setup to connect to Autotask.",
            #[cfg(any(test, feature = "fault-injection"))]
            Self::Injected(_) => "Tests only.",
        }
    }
}

impl ToIpcError for StorageError {
    fn to_ipc(&self) -> IpcError {
        IpcError::new(self.code(), self.message(), self.remediation())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_size_in_a_too_large_error_is_told_when_known() {
        let known = StorageError::EntryTooLarge {
            bytes: Some(2100),
            max: 1024,
        }
        .to_ipc();
        assert_eq!(known.code, ErrorCode::KeychainEntryTooLarge);
        assert_eq!(
            known.message,
            "The credentials are too large for the keychain (2100 bytes; at most 1024)."
        );
        let refused = StorageError::EntryTooLarge {
            bytes: None,
            max: 2560,
        };
        assert_eq!(
            refused.to_ipc().message,
            "The keychain refused the credentials as too large (at most 2560 bytes)."
        );
    }

    #[test]
    fn keychain_and_settings_errors_keep_their_own_codes() {
        let cases = [
            (
                StorageError::NonPersistentBackend,
                ErrorCode::KeychainUnavailable,
            ),
            (StorageError::DamagedEntry, ErrorCode::KeychainError),
            (StorageError::NotConfigured, ErrorCode::NotConfigured),
            (
                StorageError::SettingsWrite {
                    path: "p".into(),
                    detail: "d".into(),
                },
                ErrorCode::SettingsWriteFailed,
            ),
        ];
        for (error, code) in cases {
            let ipc = error.to_ipc();
            assert_eq!((ipc.code, ipc.field), (code, None), "{error:?}");
        }
    }
}
