//! Saving, replacing and removing the connection.

use super::{Purpose, RecoveryAction, Service, ServiceError};
use crate::autotask::ticket_defaults::{TicketDefaults, TicketOptions};
use crate::autotask::Zone;
use crate::lock::lock;
use crate::service::last_test;
use crate::storage::{ConnectionStatus, ConnectionStore, LastTest, StorageError};
use crate::validation::Credentials;

/// The tested credentials a save writes.
struct Committed {
    creds: Credentials,
    zone: Zone,
    last: LastTest,
}

impl Service {
    /// Saves the tested credentials with `defaults` (checked against the live lists).
    pub async fn save_connection(
        &self,
        defaults: TicketDefaults,
    ) -> Result<ConnectionStatus, ServiceError> {
        self.enforce_policy(&defaults)?;
        let (pending, options) = self.pending_for(Purpose::Setup)?;
        let defaults = self.checked_defaults(defaults, options.as_ref())?;
        let status = self.commit(pending, move |_| Ok(defaults)).await?;
        tracing::info!("connection saved");
        Ok(status)
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
        let status = self.commit(pending, saved_defaults).await?;
        tracing::info!("credentials reset");
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
            .ok_or(ServiceError::NoTestedCredentials)?;
        let committed = Committed {
            creds: p.creds.clone(),
            zone: p.zone.clone(),
            last: last_test(&p.report),
        };
        Ok((committed, p.options.clone()))
    }

    /// The save transaction off the async workers, within the keychain deadline (a keychain
    /// prompt or a hung Secret Service never blocks the runtime); then the pending Test is done.
    async fn commit(
        &self,
        c: Committed,
        defaults: impl FnOnce(&ConnectionStore) -> Result<TicketDefaults, StorageError> + Send + 'static,
    ) -> Result<ConnectionStatus, ServiceError> {
        let status = self
            .off_thread(move |store| {
                store.save(&c.creds, &c.zone, defaults(store)?, Some(c.last))?;
                Ok(store.status())
            })
            .await?;
        self.discard_pending();
        self.forget_lists();
        Ok(status)
    }

    pub fn disconnect(&self) -> Result<ConnectionStatus, ServiceError> {
        let store = self.store()?;
        self.discard_pending();
        store.disconnect()?;
        self.forget_lists();
        tracing::info!("disconnected");
        Ok(store.status())
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
        Ok(store.status())
    }
}
