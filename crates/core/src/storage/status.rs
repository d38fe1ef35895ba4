//! What a status screen may show about the saved connection: never the secret or the
//! integration code.

use serde::Serialize;
use ts_rs::TS;

use super::affirmations::Affirmed;
use super::secret_life::SecretLife;
use super::{LastTest, Rejection, Settings, SettingsNotice, StorageError};
use crate::autotask::connection_test::Tenant;
use crate::autotask::ticket_defaults::TicketDefaults;
use crate::autotask::Zone;
use crate::error::ToIpcError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionStatus {
    pub configured: bool,
    pub secret_present: bool,
    pub username: Option<String>,
    pub zone: Option<Zone>,
    /// The tenant the last Test found (its own company's name and number).
    pub tenant: Option<Tenant>,
    pub backend: String,
    pub last_test: Option<LastTest>,
    pub defaults: Option<TicketDefaults>,
    pub saved_at: Option<String>,
    pub notice: Option<SettingsNotice>,
    /// Set while Autotask's rejection of the saved credentials stands (the breaker is open).
    pub rejected: Option<Rejection>,
    /// The secret's age and the rotation reminder (`secretSetAt`, `secretAgeDays`, …).
    #[serde(flatten)]
    #[ts(flatten)]
    pub life: SecretLife,
    /// What the admin affirmed in the guide that the API cannot check, with dates.
    pub affirmed: Vec<Affirmed>,
}

impl ConnectionStatus {
    pub(super) fn new(
        settings: Option<&Settings>,
        secret_present: bool,
        backend: String,
        notice: Option<SettingsNotice>,
    ) -> Self {
        Self {
            configured: settings.is_some(),
            secret_present,
            username: settings.map(|s| s.username.clone()),
            zone: settings.map(|s| s.zone.clone()),
            tenant: settings.and_then(|s| s.last_test.as_ref()?.tenant.clone()),
            backend,
            last_test: settings.and_then(|s| s.last_test.clone()),
            defaults: settings.map(|s| s.ticket_defaults.clone()),
            saved_at: settings.map(|s| s.saved_at.clone()),
            rejected: settings.and_then(|s| s.rejected.clone()),
            notice,
            life: SecretLife::default(),
            affirmed: Vec::new(),
        }
    }

    /// The organisation's rotation reminder applied (see [`SecretLife::remind_after`]).
    pub fn reminding(mut self, days: Option<u32>) -> Self {
        self.life.remind_after(days);
        self
    }
}

/// Settings that could not be read at all, told as a notice: the status still answers.
pub(super) fn unreadable_notice(error: &StorageError) -> SettingsNotice {
    let ipc = error.to_ipc();
    SettingsNotice {
        message: format!("{} {}", ipc.message, ipc.remediation),
        moved_to: String::new(),
        backup_available: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_settings_nothing_is_configured_and_an_unreadable_file_says_why() {
        let error = StorageError::SettingsUnreadable {
            path: "/x/settings.json".into(),
            detail: "permission denied".into(),
        };
        let status = ConnectionStatus::new(
            None,
            false,
            "memory".into(),
            Some(unreadable_notice(&error)),
        );
        assert!(!status.configured && status.username.is_none() && status.zone.is_none());
        let notice = status.notice.unwrap();
        assert!(
            notice.message.starts_with(
                "The settings file /x/settings.json cannot be read (permission denied)."
            ) && notice.message.ends_with("set the connection up again."),
            "{}",
            notice.message
        );
        assert!(!notice.backup_available && notice.moved_to.is_empty());
    }
}
