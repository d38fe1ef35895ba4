//! What the app does, without a window: the Tauri commands and the CLI are thin layers over
//! this. Tested credentials wait here, in memory only, until the admin saves them; the
//! webview never gets them back.

use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::autotask::connection_test::{self, PropagationWait, TestEvent, TestOptions, TestReport};
use crate::autotask::ticket_defaults::{
    self, DefaultsReport, TestTicket, TicketDefaults, TicketOptions,
};
use crate::autotask::{ApiError, AutotaskClient, ClientConfig, EndpointPolicy, Zone};
use crate::error::{ErrorCode, IpcError, ToIpcError};
use crate::secret::Secret;
use crate::storage::{now_rfc3339, ConnectionStatus, ConnectionStore, LastTest, StorageError};
use crate::validation::{self, Credentials, CredentialsInput, ValidationError, ValidationReport};

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Validation(#[from] ValidationError),
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("no tested credentials are waiting to be saved")]
    NoTestedCredentials,
    #[error("a test is already running")]
    Busy,
    #[error(transparent)]
    Defaults(IpcError),
}

impl ToIpcError for ServiceError {
    fn to_ipc(&self) -> IpcError {
        match self {
            Self::Validation(e) => e.to_ipc(),
            Self::Api(e) => e.to_ipc(),
            Self::Storage(e) => e.to_ipc(),
            Self::NoTestedCredentials => IpcError::new(
                ErrorCode::NoTestedCredentials,
                "These credentials have not passed a Test yet.",
                "Run the Test; credentials are saved only after it succeeds.",
            ),
            Self::Busy => IpcError::new(
                ErrorCode::Internal,
                "A test is already running.",
                "Wait for it to finish or cancel it.",
            ),
            Self::Defaults(e) => e.clone(),
        }
    }
}

impl From<ServiceError> for IpcError {
    fn from(e: ServiceError) -> Self {
        e.to_ipc()
    }
}

/// What to test: new credentials, the saved ones, or a reset (new secret, optionally a new
/// username or integration code, the rest taken from the saved connection).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum TestTarget {
    New {
        credentials: CredentialsInput,
    },
    Saved,
    Reset {
        secret: Secret,
        #[ts(optional)]
        username: Option<String>,
        #[ts(optional)]
        #[serde(rename = "integrationCode")]
        integration_code: Option<Secret>,
    },
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TestRequest {
    pub target: TestTarget,
    /// The admin just created the API user: wait for it to propagate (zone lookup only).
    #[serde(default)]
    pub wait_for_propagation: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DemoCredentials {
    pub integration_code: String,
    pub username: String,
    pub secret: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    pub custom_endpoint: Option<String>,
    /// Shown only in demo mode (simulator): the documented demo credentials.
    pub demo: Option<DemoCredentials>,
    /// Set when the app cannot work at all (e.g. no keychain); the UI shows it instead.
    pub fatal: Option<IpcError>,
    pub log_dir: String,
    pub settings_dir: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RecoveryAction {
    RestoreBackup,
    StartOver,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Setup,
    Reset,
    Retest,
}

struct Pending {
    creds: Credentials,
    zone: Zone,
    options: Option<TicketOptions>,
    report: TestReport,
    purpose: Purpose,
}

pub struct Service {
    client: Result<AutotaskClient, ApiError>,
    store: Result<Arc<ConnectionStore>, StorageError>,
    pending: Mutex<Option<Pending>>,
    running: Mutex<Option<CancellationToken>>,
    demo: bool,
    propagation: PropagationWait,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

pub const DEMO_ENV: &str = "VECTIS_DEMO";

impl Service {
    pub fn new(
        policy: Result<EndpointPolicy, ApiError>,
        store: Result<Arc<ConnectionStore>, StorageError>,
        config: ClientConfig,
    ) -> Self {
        let client = policy.and_then(|p| AutotaskClient::new(p, config));
        if let Ok(store) = &store {
            if let Err(e) = store.reconcile() {
                tracing::warn!("could not tidy keychain slots: {e}");
            }
        }
        let demo = crate::paths::is_demo();
        Self {
            client,
            store,
            pending: Mutex::new(None),
            running: Mutex::new(None),
            demo,
            propagation: PropagationWait::default(),
        }
    }

    /// Tests shorten the propagation wait.
    pub fn with_propagation(mut self, wait: PropagationWait) -> Self {
        self.propagation = wait;
        self
    }

    fn client(&self) -> Result<&AutotaskClient, ServiceError> {
        self.client
            .as_ref()
            .map_err(|e| ServiceError::Api(e.clone()))
    }

    fn store(&self) -> Result<&Arc<ConnectionStore>, ServiceError> {
        self.store
            .as_ref()
            .map_err(|e| ServiceError::Storage(e.clone()))
    }

    pub fn app_info(&self) -> AppInfo {
        let custom = self
            .client
            .as_ref()
            .ok()
            .filter(|c| c.policy().is_custom())
            .map(|c| c.policy().lookup_base().to_string());
        let demo = (self.demo && custom.is_some()).then(|| DemoCredentials {
            integration_code: "DEMOVECTISINTEGRATIONCODE27".into(),
            username: "demo7x3kq2p9m1v@contoso-msp.com".into(),
            secret: "Demo*Secret#2026$Vectis".into(),
        });
        let fatal = match (&self.client, &self.store) {
            (Err(e), _) => Some(e.to_ipc()),
            (_, Err(e)) => Some(e.to_ipc()),
            _ => None,
        };
        AppInfo {
            version: env!("CARGO_PKG_VERSION").into(),
            custom_endpoint: custom,
            demo,
            fatal,
            log_dir: crate::paths::log_dir().display().to_string(),
            settings_dir: crate::paths::config_dir().display().to_string(),
        }
    }

    pub fn validate(&self, input: &CredentialsInput) -> ValidationReport {
        validation::report(input)
    }

    /// The credentials to test, why, and the zone when it is already known.
    fn resolve_target(
        &self,
        target: TestTarget,
    ) -> Result<(Credentials, Purpose, Option<Zone>), ServiceError> {
        match target {
            TestTarget::New { credentials } => {
                let (creds, _) = validation::validate_credentials(&credentials);
                Ok((creds?, Purpose::Setup, None))
            }
            TestTarget::Saved => {
                let (settings, creds) = self.store()?.credentials()?;
                Ok((creds, Purpose::Retest, Some(settings.zone)))
            }
            TestTarget::Reset {
                secret,
                username,
                integration_code,
            } => {
                let (settings, saved) = self.store()?.credentials()?;
                let username = username.filter(|u| !u.trim().is_empty());
                let changed_user = username.is_some();
                let input = CredentialsInput {
                    integration_code: integration_code
                        .filter(|c| !c.expose().trim().is_empty())
                        .unwrap_or(saved.integration_code),
                    username: username.unwrap_or(saved.username),
                    secret,
                    zone_url: None,
                };
                let (creds, _) = validation::validate_credentials(&input);
                // A new username may live in another zone: look it up again.
                Ok((
                    creds?,
                    Purpose::Reset,
                    (!changed_user).then_some(settings.zone),
                ))
            }
        }
    }

    /// Runs the Test; `on_event` sees live progress. The credentials wait in memory for
    /// `save_connection` / `reset_credentials` when it succeeds.
    pub async fn start_test(
        &self,
        request: TestRequest,
        on_event: impl Fn(TestEvent),
    ) -> Result<TestReport, ServiceError> {
        let client = self.client()?.clone();
        let (creds, purpose, known_zone) = self.resolve_target(request.target)?;
        let cancel = CancellationToken::new();
        {
            let mut running = lock(&self.running);
            if running.as_ref().is_some_and(|t| !t.is_cancelled()) {
                return Err(ServiceError::Busy);
            }
            *running = Some(cancel.clone());
        }
        let options = TestOptions {
            wait_for_propagation: request.wait_for_propagation.then_some(self.propagation),
            known_zone,
        };
        tracing::info!(purpose = ?purpose, "connection test started");
        let outcome = connection_test::run_test(&client, &creds, options, &on_event, &cancel).await;
        *lock(&self.running) = None;
        let report = outcome.report.clone();
        tracing::info!(ok = report.ok, code = ?report.error.as_ref().map(|e| e.code), elapsed_ms = report.elapsed_ms, "connection test finished");
        if let (true, Some(zone)) = (report.ok, outcome.zone) {
            *lock(&self.pending) = Some(Pending {
                creds,
                zone,
                options: outcome.ticket_options,
                report: report.clone(),
                purpose,
            });
        } else if purpose != Purpose::Retest {
            *lock(&self.pending) = None;
        }
        if purpose == Purpose::Retest {
            let last = last_test(&report);
            let _ = self.store()?.update_settings(|s| s.last_test = Some(last));
        }
        Ok(report)
    }

    pub fn cancel_test(&self) -> bool {
        match lock(&self.running).as_ref() {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }

    pub fn status(&self) -> Result<ConnectionStatus, ServiceError> {
        Ok(self.store()?.status())
    }

    /// Saves the connection that just passed the Test, with its ticket defaults.
    pub fn save_connection(
        &self,
        defaults: TicketDefaults,
    ) -> Result<ConnectionStatus, ServiceError> {
        let store = self.store()?;
        let mut pending = lock(&self.pending);
        let Some(p) = pending.as_ref().filter(|p| p.purpose == Purpose::Setup) else {
            return Err(ServiceError::NoTestedCredentials);
        };
        let defaults = self.checked_defaults(defaults, p.options.as_ref())?;
        store.save(&p.creds, &p.zone, defaults, Some(last_test(&p.report)))?;
        *pending = None;
        tracing::info!("connection saved");
        Ok(store.status())
    }

    /// Replaces the saved credentials with the ones that just passed a reset Test.
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
        tracing::info!("credentials reset");
        Ok(store.status())
    }

    /// Forgets tested-but-unsaved credentials (the admin cancelled).
    pub fn discard_pending(&self) {
        *lock(&self.pending) = None;
    }

    pub fn disconnect(&self) -> Result<ConnectionStatus, ServiceError> {
        let store = self.store()?;
        self.discard_pending();
        store.disconnect()?;
        tracing::info!("disconnected");
        Ok(store.status())
    }

    fn checked_defaults(
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

    /// The live lists: from the pending Test when there is one, otherwise fetched with the
    /// saved credentials.
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
        Ok(store.status())
    }
}

pub fn last_test(report: &TestReport) -> LastTest {
    LastTest {
        at: now_rfc3339(),
        ok: report.ok,
        message: report.message.clone(),
        code: report.error.as_ref().map(|e| e.code),
    }
}
