//! Enrolment and managed configuration for scripts (RMM, MDM): `connect` tests new credentials
//! and saves them only when the Test passes, in the same save transaction as the window; the
//! organisation's policy decides what may be chosen on the machine.

use super::{Service, ServiceError, TestRequest, TestTarget};
use crate::autotask::connection_test::{TestEvent, TestReport};
use crate::autotask::ticket_defaults::{self, DefaultsError, TestTicket, TicketDefaults};
use crate::error::{IpcError, ToIpcError};
use crate::lock::lock;
use crate::policy::{DefaultsChange, ManagedError, Policy};
use crate::secret::Secret;
use crate::storage::{ConnectionStatus, CredentialChange, Settings};
use crate::validation::CredentialsInput;

/// What can stop `connect` or `defaults` before anything is saved.
#[derive(Debug, thiserror::Error)]
pub enum FleetError {
    /// A value the organisation manages was asked to change (nothing was sent).
    #[error(transparent)]
    Managed(#[from] ManagedError),
    /// No queue or category: neither given, saved nor managed (nothing was sent).
    #[error("no ticket defaults: {0}")]
    NoDefaults(DefaultsError),
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl ToIpcError for FleetError {
    fn to_ipc(&self) -> IpcError {
        match self {
            Self::Managed(e) => e.to_ipc(),
            Self::NoDefaults(e) => e.to_ipc(),
            Self::Service(e) => e.to_ipc(),
        }
    }
}

/// New credentials to enrol with; what is left out comes from the saved connection.
#[derive(Debug, Clone)]
pub struct ConnectRequest {
    pub username: Option<String>,
    pub integration_code: Option<Secret>,
    pub secret: Secret,
    pub zone_url: Option<String>,
    pub wait_for_propagation: bool,
    pub defaults: DefaultsChange,
    /// Send credentials Autotask already rejected once more (the admin asked for it).
    pub retry_rejected: bool,
}

/// What `connect` did: the Test's report, and whether the connection was saved.
#[derive(Debug, Clone)]
pub struct ConnectOutcome {
    pub report: TestReport,
    pub saved: bool,
    /// The defaults saved (or that would have been saved).
    pub defaults: TicketDefaults,
    /// Why a passing Test was not saved (defaults rejected by the live lists, storage).
    pub save_error: Option<IpcError>,
    /// What the save changed: a new connection, a new secret, or a switch to another user.
    pub change: Option<CredentialChange>,
    /// After a switch: the API user the machine used before (to retire in Autotask).
    pub switched_from: Option<String>,
}

impl Service {
    /// The settings file only: never the keychain.
    pub async fn saved_settings(&self) -> Result<Option<Settings>, ServiceError> {
        self.off_thread(|store| store.settings()).await
    }

    /// The defaults `connect` or `defaults` would save, before anything is sent: managed
    /// values applied, queue and category required.
    pub async fn planned_defaults(
        &self,
        policy: &Policy,
        change: &DefaultsChange,
    ) -> Result<TicketDefaults, FleetError> {
        let saved = self
            .saved_settings()
            .await?
            .map(|s| s.ticket_defaults)
            .unwrap_or_default();
        let planned = policy.resolve_defaults(change, &saved)?;
        match ticket_defaults::missing_required(&planned) {
            Some(e) => Err(FleetError::NoDefaults(e)),
            None => Ok(planned),
        }
    }

    async fn enrol_input(
        &self,
        request: &ConnectRequest,
        policy: &Policy,
    ) -> Result<CredentialsInput, FleetError> {
        let zone_url = policy.resolve_zone_url(request.zone_url.clone())?;
        let mut input = CredentialsInput {
            integration_code: request
                .integration_code
                .clone()
                .unwrap_or_else(|| Secret::new("")),
            username: request.username.clone().unwrap_or_default(),
            secret: request.secret.clone(),
            zone_url,
        };
        let missing =
            input.username.trim().is_empty() || input.integration_code.expose().trim().is_empty();
        if missing && self.saved_settings().await?.is_some() {
            // A rotation: the rest as saved (the keychain is read for the integration code).
            let (_, saved) = self.off_thread(|store| store.credentials()).await?;
            if input.username.trim().is_empty() {
                input.username = saved.username;
            }
            if input.integration_code.expose().trim().is_empty() {
                input.integration_code = saved.integration_code;
            }
        }
        Ok(input)
    }

    /// Tests the credentials and, only when every check passes, saves them with the defaults
    /// (validated against the live lists) in one transaction. On failure nothing changes.
    pub async fn connect(
        &self,
        request: ConnectRequest,
        policy: &Policy,
        on_event: impl Fn(TestEvent),
    ) -> Result<ConnectOutcome, FleetError> {
        let defaults = self.planned_defaults(policy, &request.defaults).await?;
        let credentials = self.enrol_input(&request, policy).await?;
        let test = TestRequest {
            target: TestTarget::New { credentials },
            wait_for_propagation: request.wait_for_propagation,
            retry_rejected: request.retry_rejected,
        };
        let report = self.start_test(test, on_event).await?;
        let mut outcome = ConnectOutcome {
            report,
            saved: false,
            defaults: defaults.clone(),
            save_error: None,
            change: None,
            switched_from: None,
        };
        if !outcome.report.ok {
            return Ok(outcome);
        }
        let saved = match self.load_pending_lists().await {
            Ok(()) => self.save_tested(defaults).await,
            Err(e) => Err(e),
        };
        self.discard_pending();
        match saved {
            Ok((status, change)) => {
                outcome.saved = true;
                outcome.defaults = status.defaults.unwrap_or_default();
                outcome.change = Some(change);
                outcome.switched_from = (change == CredentialChange::Switch)
                    .then(|| status.life.old_user.map(|u| u.username))
                    .flatten();
                tracing::info!(?change, "connection enrolled");
            }
            Err(e) => outcome.save_error = Some(e.to_ipc()),
        }
        Ok(outcome)
    }

    /// The Test passed but its lists did not load: load them now, so defaults are checked live.
    async fn load_pending_lists(&self) -> Result<(), ServiceError> {
        let pending = lock(&self.pending)
            .as_ref()
            .filter(|p| p.options.is_none())
            .map(|p| (p.zone.clone(), p.creds.clone()));
        if let Some((zone, creds)) = pending {
            let options = ticket_defaults::load_options(self.client()?, &zone, &creds).await?;
            if let Some(p) = lock(&self.pending).as_mut() {
                p.options = Some(options);
            }
        }
        Ok(())
    }

    /// Saves ticket defaults as asked, with managed values applied: one sign-in first (and
    /// none while the breaker is open), then validation against the live lists.
    pub async fn save_managed_defaults(
        &self,
        policy: &Policy,
        change: &DefaultsChange,
    ) -> Result<ConnectionStatus, FleetError> {
        let defaults = self.planned_defaults(policy, change).await?;
        let options = self.ticket_options().await?;
        self.checked_defaults(defaults.clone(), Some(&options), None)?;
        Ok(self.save_defaults(defaults).await?)
    }

    /// The opt-in test ticket with the saved defaults, unless the organisation turned it off.
    pub async fn saved_test_ticket(&self, policy: &Policy) -> Result<TestTicket, FleetError> {
        policy.check_test_ticket()?;
        self.ticket_options().await?;
        let defaults = self
            .saved_settings()
            .await?
            .map(|s| s.ticket_defaults)
            .unwrap_or_default();
        Ok(self.create_test_ticket(defaults).await?)
    }
}
