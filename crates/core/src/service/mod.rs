//! What the app does, without a window: the Tauri commands and the CLI are thin layers over
//! this. Tested credentials wait here, in memory only, until the admin saves them; the
//! webview never gets them back.

mod breaker;
mod defaults;
mod error;
pub mod fleet;
mod life;
mod managed;
mod saving;
mod support;
mod testing;
mod types;

use std::sync::{Arc, Mutex};

use tokio_util::sync::CancellationToken;

use crate::autotask::connection_test::{PropagationWait, TestReport};
use crate::autotask::ticket_defaults::TicketOptions;
use crate::autotask::{ApiError, AutotaskClient, ClientConfig, EndpointPolicy, Zone};
use crate::error::ToIpcError;
use crate::lock::lock;
use crate::paths::Paths;
use crate::storage::{ConnectionStatus, ConnectionStore, StorageError};
use crate::validation::{self, Credentials, CredentialsInput, ValidationReport};

pub use error::ServiceError;
pub use testing::last_test;
pub use types::{AppInfo, DemoCredentials, FirstScreen, RecoveryAction, TestRequest, TestTarget};

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
    /// The running Test's number and cancel token (numbers keep an old Test from clearing a newer one's).
    running: Mutex<Option<(u64, CancellationToken)>>,
    tests_started: std::sync::atomic::AtomicU64,
    /// Lists loaded with the saved credentials, kept for the session.
    options_cache: Mutex<Option<TicketOptions>>,
    /// One load of the lists at a time: a second caller waits and takes the first's lists
    /// instead of signing in again (N8).
    lists_flight: tokio::sync::Mutex<()>,
    demo: bool,
    paths: Paths,
    propagation: PropagationWait,
    keychain_deadline: std::time::Duration,
    /// The organisation's managed values (empty when none): the window obeys them too.
    policy: crate::policy::Policy,
    /// Test-only: where the window's support bundle is written without the dialog.
    bundle_path: Option<std::path::PathBuf>,
    /// The last Test this process ran, for the support bundle (see `support`).
    last_run: Mutex<Option<crate::support::LastRun>>,
}

impl Service {
    pub fn new(
        policy: Result<EndpointPolicy, ApiError>,
        store: Result<Arc<ConnectionStore>, StorageError>,
        config: ClientConfig,
    ) -> Self {
        let client = policy.and_then(|p| AutotaskClient::new(p, config));
        Self {
            client,
            store,
            pending: Mutex::new(None),
            running: Mutex::new(None),
            tests_started: Default::default(),
            options_cache: Mutex::new(None),
            lists_flight: tokio::sync::Mutex::new(()),
            demo: false,
            paths: Paths::for_mode(false),
            propagation: PropagationWait::default(),
            // A keychain waiting for the user to unlock it may take a while; then say so.
            keychain_deadline: std::time::Duration::from_secs(20),
            policy: Default::default(),
            bundle_path: None,
            last_run: Mutex::new(None),
        }
    }

    /// Tests shorten how long keychain work may take.
    pub fn with_keychain_deadline(mut self, deadline: std::time::Duration) -> Self {
        self.keychain_deadline = deadline;
        self
    }

    /// Removes keychain slots an interrupted save left behind. Run it off the start-up path
    /// (the window's first frame must not wait for the keychain); `status` never does.
    pub fn tidy_keychain(&self) {
        if let Ok(store) = &self.store {
            if let Err(e) = store.reconcile() {
                tracing::warn!("could not tidy keychain slots: {e}");
            }
        }
    }

    /// Runs keychain and settings work on the blocking pool, with a deadline: a locked
    /// keychain or a Secret Service that never answers must not stall the async workers.
    async fn off_thread<T: Send + 'static>(
        &self,
        work: impl FnOnce(&ConnectionStore) -> Result<T, StorageError> + Send + 'static,
    ) -> Result<T, ServiceError> {
        let store = self.store()?.clone();
        let task = tokio::task::spawn_blocking(move || work(&store));
        match tokio::time::timeout(self.keychain_deadline, task).await {
            Ok(Ok(result)) => Ok(result?),
            Ok(Err(_)) | Err(_) => Err(ServiceError::KeychainTimeout(
                self.keychain_deadline.as_secs().max(1),
            )),
        }
    }

    pub fn with_mode(mut self, demo: bool, paths: Paths) -> Self {
        self.demo = demo;
        self.paths = paths;
        self
    }

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

    pub async fn app_info(&self) -> AppInfo {
        let mut info = self.local_app_info();
        if let (Ok(client), true) = (&self.client, self.wants_demo_credentials()) {
            info.demo = client.demo_credentials().await;
        }
        info
    }

    /// The first screen's data, without the network (see [`FirstScreen`]): the app info unless
    /// demo mode's credentials must come from the simulator.
    pub fn first_screen(&self) -> FirstScreen {
        FirstScreen {
            info: (!self.wants_demo_credentials()).then(|| self.local_app_info()),
            status: self.status().ok(),
        }
    }

    fn wants_demo_credentials(&self) -> bool {
        self.demo && self.custom_endpoint().is_some()
    }

    fn local_app_info(&self) -> AppInfo {
        let fatal = match (&self.client, &self.store) {
            (Err(e), _) => Some(e.to_ipc()),
            (_, Err(e)) => Some(e.to_ipc()),
            _ => None,
        };
        AppInfo {
            policy: self.policy.clone(),
            version: env!("CARGO_PKG_VERSION").into(),
            custom_endpoint: self.custom_endpoint(),
            demo: None,
            fatal,
            log_dir: self.paths.log_dir.display().to_string(),
            settings_dir: self.paths.config_dir.display().to_string(),
        }
    }

    pub fn validate(&self, input: &CredentialsInput) -> ValidationReport {
        validation::report(input)
    }

    pub fn status(&self) -> Result<ConnectionStatus, ServiceError> {
        Ok(self.store()?.status().reminding(self.reminder_days()))
    }

    /// The organisation's `RotationReminderDays` (every status shown applies it).
    pub(super) fn reminder_days(&self) -> Option<u32> {
        self.policy.keys.rotation_reminder_days
    }

    /// Without settings: the user name of a keychain entry nothing accounts for (the only copy
    /// of a secret whose settings were deleted), for the window to offer to test and reconnect.
    pub async fn found_secret(&self) -> Result<Option<String>, ServiceError> {
        let found = self.off_thread(|store| store.found_secret()).await?;
        Ok(found.map(|(_, username)| username))
    }

    pub fn discard_pending(&self) {
        *lock(&self.pending) = None;
    }
}
