//! What crosses IPC into and out of the service (TypeScript types are generated from these).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::IpcError;
use crate::secret::Secret;
use crate::validation::CredentialsInput;

/// What to test: new credentials, the saved ones, or a reset (new secret, optionally a new
/// username or integration code, the rest taken from the saved connection).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum TestTarget {
    New {
        credentials: CredentialsInput,
    },
    Saved,
    /// A keychain entry found without settings (see `ConnectionStore::found_secret`): tested
    /// as is, then saved like new credentials, which rebuilds the settings.
    Found,
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
    /// Send credentials Autotask already rejected once more (the admin asked for it).
    #[serde(default)]
    #[ts(optional, as = "Option<bool>")]
    pub retry_rejected: bool,
}

/// Demo mode's credentials, as the simulator's fixture states them (the one source).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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
    /// What the organisation manages here ("Set by your organization" in the window).
    pub policy: crate::policy::Policy,
}

/// What the window's first screen starts from, handed to the page before its script runs so
/// the first frame waits on no IPC round trip. A part left out (demo mode's app info, which the
/// simulator states; a status that failed) is asked for over IPC as before.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FirstScreen {
    pub info: Option<AppInfo>,
    pub status: Option<crate::storage::ConnectionStatus>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RecoveryAction {
    RestoreBackup,
    StartOver,
}
