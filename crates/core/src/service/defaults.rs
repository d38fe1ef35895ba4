//! Ticket defaults: the live lists, validation, saving, and the opt-in test ticket.

use super::{Service, ServiceError};
use crate::autotask::ticket_defaults::{
    self, DefaultsReport, TestTicket, TicketDefaults, TicketOptions,
};
use crate::lock::lock;
use crate::storage::ConnectionStatus;

impl Service {
    pub(super) fn checked_defaults(
        &self,
        defaults: TicketDefaults,
        options: Option<&TicketOptions>,
    ) -> Result<TicketDefaults, ServiceError> {
        match options {
            Some(options) => {
                let report = ticket_defaults::validate_defaults(&defaults, options);
                match report.errors.into_iter().next() {
                    Some(e) => Err(ServiceError::Defaults(e)),
                    None => Ok(report.defaults),
                }
            }
            // Lists unavailable: typed IDs are accepted, but queue and category stay required.
            None => match ticket_defaults::missing_required(&defaults) {
                Some(e) => Err(ServiceError::Defaults(e)),
                None => Ok(defaults),
            },
        }
    }

    pub async fn ticket_options(&self) -> Result<TicketOptions, ServiceError> {
        if let Some(options) = lock(&self.pending).as_ref().and_then(|p| p.options.clone()) {
            return Ok(options);
        }
        let (settings, creds) = self.store()?.credentials()?;
        Ok(ticket_defaults::load_options(self.client()?, &settings.zone, &creds).await?)
    }

    pub async fn validate_defaults(
        &self,
        defaults: TicketDefaults,
    ) -> Result<DefaultsReport, ServiceError> {
        let options = self.ticket_options().await?;
        Ok(ticket_defaults::validate_defaults(&defaults, &options))
    }

    pub async fn save_defaults(
        &self,
        defaults: TicketDefaults,
    ) -> Result<ConnectionStatus, ServiceError> {
        let options = self.ticket_options().await.ok();
        let defaults = self.checked_defaults(defaults, options.as_ref())?;
        let store = self.store()?;
        store.update_settings(|s| s.ticket_defaults = defaults)?;
        Ok(store.status())
    }

    pub async fn create_test_ticket(
        &self,
        defaults: TicketDefaults,
    ) -> Result<TestTicket, ServiceError> {
        let client = self.client()?;
        let pending = lock(&self.pending)
            .as_ref()
            .map(|p| (p.zone.clone(), p.creds.clone(), p.options.clone()));
        let (zone, creds, options) = match pending {
            Some(found) => found,
            None => {
                let (settings, creds) = self.store()?.credentials()?;
                (settings.zone, creds, None)
            }
        };
        let options = match options {
            Some(o) => o,
            None => ticket_defaults::load_options(client, &zone, &creds).await?,
        };
        let defaults = self.checked_defaults(defaults, Some(&options))?;
        ticket_defaults::create_test_ticket(client, &zone, &creds, &defaults, &options)
            .await
            .map_err(|e| match ticket_defaults::ticket_rejection(&e) {
                Some(ipc) => ServiceError::Defaults(ipc),
                None => ServiceError::Api(e),
            })
    }
}
