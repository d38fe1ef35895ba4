//! Saving, replacing and removing the connection.

use super::{Purpose, RecoveryAction, Service, ServiceError};
use crate::autotask::ticket_defaults::{TicketDefaults, TicketOptions};
use crate::autotask::Zone;
use crate::error::ErrorCode;
use crate::lock::lock;
use crate::service::last_test;
use crate::storage::{ConnectionStatus, ConnectionStore, CredentialChange, LastTest, StorageError};
use crate::validation::Credentials;

/// The tested credentials a save writes.
struct Committed {
    creds: Credentials,
    zone: Zone,
    last: LastTest,
}

impl Service {
    /// [`Self::save_connection`], and what the save changed (a `connect` reports a switch).
    pub(super) async fn save_tested(
        &self,
        defaults: TicketDefaults,
    ) -> Result<(ConnectionStatus, CredentialChange), ServiceError> {
        self.enforce_policy(&defaults)?;
        let (pending, options) = self.pending_for(Purpose::Setup)?;
        let defaults = self.checked_defaults(defaults, options.as_ref(), None)?;
        let (status, change) = self.commit(pending, move |_| Ok(defaults)).await?;
        tracing::info!(?change, "connection saved");
        Ok((status, change))
    }

    /// Saves the tested credentials with `defaults` (checked against the live lists).
    pub async fn save_connection(
        &self,
        defaults: TicketDefaults,
    ) -> Result<ConnectionStatus, ServiceError> {
        Ok(self.save_tested(defaults).await?.0)
    }

    /// Replaces the saved credentials with the tested ones; the saved defaults stay.
    pub async fn reset_credentials(&self) -> Result<ConnectionStatus, ServiceError> {
        let (pending, _) = self.pending_for(Purpose::Reset)?;
        let saved_defaults = |store: &ConnectionStore| {
            Ok(store
                .settings()?
                .map(|s| s.ticket_defaults)
                .unwrap_or_default())
        };
        let (status, change) = self.commit(pending, saved_defaults).await?;
        tracing::info!(?change, "credentials reset");
        Ok(status)
    }

    /// What a save needs of the tested credentials for `purpose`, and their live lists.
    fn pending_for(
        &self,
        purpose: Purpose,
    ) -> Result<(Committed, Option<TicketOptions>), ServiceError> {
        let pending = lock(&self.pending);
        let p = pending
            .as_ref()
            .filter(|p| p.purpose == purpose)
            .ok_or_else(|| self.why_nothing_to_save())?;
        let committed = Committed {
            creds: p.creds.clone(),
            zone: p.zone.clone(),
            last: last_test(&p.report, self.store()?.now_rfc3339()),
        };
        Ok((committed, p.options.clone()))
    }

    /// Why there is nothing to save: the organisation refused what the last Test found (another
    /// tenant, rights beyond need), said again; otherwise no Test passed.
    fn why_nothing_to_save(&self) -> ServiceError {
        let last = lock(&self.last_run);
        let refused = last.as_ref().and_then(|run| run.report.error.clone());
        match refused {
            Some(e)
                if matches!(
                    e.code,
                    ErrorCode::WrongTenant | ErrorCode::ExcessPermissions
                ) =>
            {
                ServiceError::Refused(e)
            }
            _ => ServiceError::NoTestedCredentials,
        }
    }

    /// The save transaction off the async workers, within the keychain deadline (a keychain
    /// prompt or a hung Secret Service never blocks the runtime); then the pending Test is done.
    async fn commit(
        &self,
        c: Committed,
        defaults: impl FnOnce(&ConnectionStore) -> Result<TicketDefaults, StorageError> + Send + 'static,
    ) -> Result<(ConnectionStatus, CredentialChange), ServiceError> {
        let days = self.reminder_days();
        let saved = self
            .off_thread(move |store| {
                let saved = store.save_as(&c.creds, &c.zone, defaults(store)?, Some(c.last))?;
                Ok((store.status().reminding(days), saved.change))
            })
            .await?;
        self.discard_pending();
        self.forget_lists();
        Ok(saved)
    }

    pub fn disconnect(&self) -> Result<ConnectionStatus, ServiceError> {
        let store = self.store()?;
        self.discard_pending();
        store.disconnect()?;
        self.forget_lists();
        tracing::info!("disconnected");
        Ok(store.status().reminding(self.reminder_days()))
    }

    pub fn settings_recovery(
        &self,
        action: RecoveryAction,
    ) -> Result<ConnectionStatus, ServiceError> {
        let store = self.store()?;
        match action {
            RecoveryAction::RestoreBackup => {
                store.restore_backup()?;
            }
            RecoveryAction::StartOver => store.disconnect()?,
        }
        self.forget_lists();
        Ok(store.status().reminding(self.reminder_days()))
    }
}
