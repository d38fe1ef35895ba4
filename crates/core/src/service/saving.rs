//! Saving, replacing and removing the connection.

use super::{Purpose, RecoveryAction, Service, ServiceError};
use crate::autotask::ticket_defaults::TicketDefaults;
use crate::lock::lock;
use crate::service::last_test;
use crate::storage::ConnectionStatus;

impl Service {
    pub fn save_connection(
        &self,
        defaults: TicketDefaults,
    ) -> Result<ConnectionStatus, ServiceError> {
        self.enforce_policy(&defaults)?;
        let store = self.store()?;
        let mut pending = lock(&self.pending);
        let Some(p) = pending.as_ref().filter(|p| p.purpose == Purpose::Setup) else {
            return Err(ServiceError::NoTestedCredentials);
        };
        let defaults = self.checked_defaults(defaults, p.options.as_ref())?;
        store.save(&p.creds, &p.zone, defaults, Some(last_test(&p.report)))?;
        *pending = None;
        self.forget_lists();
        tracing::info!("connection saved");
        Ok(store.status())
    }

    pub fn reset_credentials(&self) -> Result<ConnectionStatus, ServiceError> {
        let store = self.store()?;
        let mut pending = lock(&self.pending);
        let Some(p) = pending.as_ref().filter(|p| p.purpose == Purpose::Reset) else {
            return Err(ServiceError::NoTestedCredentials);
        };
        let defaults = store
            .settings()?
            .map(|s| s.ticket_defaults)
            .unwrap_or_default();
        store.save(&p.creds, &p.zone, defaults, Some(last_test(&p.report)))?;
        *pending = None;
        self.forget_lists();
        tracing::info!("credentials reset");
        Ok(store.status())
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
