//! Configuration from the environment. Every `VECTIS_*` name the app and the CLI read is here;
//! the environment is read once at start ([`Config::from_env`]) and the result passed in.

use std::time::Duration;

use crate::autotask::{ApiError, ClientConfig, EndpointPolicy};
use crate::paths::{Mode, Paths};

/// A custom zone lookup base (the simulator), e.g. `http://127.0.0.1:PORT/atservicesrest/`.
pub const ZONE_LOOKUP_VAR: &str = "VECTIS_ZONE_LOOKUP_URL";
/// `1` allows [`ZONE_LOOKUP_VAR`]; without it a custom endpoint is refused.
pub const ALLOW_CUSTOM_VAR: &str = "VECTIS_ALLOW_CUSTOM_ENDPOINT";
/// Shorter HTTP timeouts in seconds, honoured only with a custom endpoint (tests).
pub const TIMEOUT_VAR: &str = "VECTIS_HTTP_TIMEOUT_SECS";
/// `1`: demo mode against the simulator, with its own settings, logs and keychain entry.
pub const DEMO_VAR: &str = "VECTIS_DEMO";
/// The log filter (e.g. `debug`); when set, the app also logs to stderr.
pub const LOG_VAR: &str = "VECTIS_LOG";
/// Benchmark only (with a custom endpoint): which webview memory levers to pull.
pub const WEBVIEW_LEVERS_VAR: &str = "VECTIS_WEBVIEW_LEVERS";
/// Test-only: where the window's "Save support bundle…" writes without its dialog, honoured
/// only with a custom endpoint (the E2E suite's simulator), through the same writer.
pub const BUNDLE_PATH_VAR: &str = "VECTIS_SUPPORT_BUNDLE_PATH";
/// The CLI's secret when `--secret-stdin` is not given.
pub const SECRET_VAR: &str = "VECTIS_AUTOTASK_SECRET";
/// The CLI's username when `--username` is not given.
pub const USERNAME_VAR: &str = "VECTIS_AUTOTASK_USERNAME";
/// The CLI's integration code when `--integration-code` is not given.
pub const INTEGRATION_CODE_VAR: &str = "VECTIS_AUTOTASK_INTEGRATION_CODE";
/// A JSON policy file read instead of the platform's managed configuration (tests), honoured
/// only with [`ALLOW_CUSTOM_VAR`]`=1`, as the shorter timeouts are.
pub const POLICY_FILE_VAR: &str = "VECTIS_POLICY_FILE";
/// Another keychain service name (tests, so they never touch a real entry), honoured only with
/// a custom endpoint allowed, as the shorter timeouts are.
pub const KEYCHAIN_SERVICE_VAR: &str = "VECTIS_KEYCHAIN_SERVICE";

/// What the environment asked for, read once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub zone_lookup_url: Option<String>,
    pub allow_custom_endpoint: bool,
    pub http_timeout_secs: Option<u64>,
    pub demo: bool,
    pub log_filter: Option<String>,
    pub policy_file: Option<std::path::PathBuf>,
    pub keychain_service: Option<String>,
    pub webview_levers: Option<String>,
    pub bundle_path: Option<std::path::PathBuf>,
}

impl Config {
    pub fn from_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the variables through `get` (tests pass a map).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Self {
        let set = |name: &str| {
            get(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        Self {
            zone_lookup_url: set(ZONE_LOOKUP_VAR),
            allow_custom_endpoint: set(ALLOW_CUSTOM_VAR).as_deref() == Some("1"),
            http_timeout_secs: set(TIMEOUT_VAR)
                .and_then(|v| v.parse().ok())
                .filter(|s| *s > 0),
            demo: set(DEMO_VAR).as_deref() == Some("1"),
            log_filter: set(LOG_VAR),
            policy_file: set(POLICY_FILE_VAR).map(std::path::PathBuf::from),
            keychain_service: set(KEYCHAIN_SERVICE_VAR),
            webview_levers: set(WEBVIEW_LEVERS_VAR),
            bundle_path: set(BUNDLE_PATH_VAR).map(std::path::PathBuf::from),
        }
    }

    /// Production unless a custom lookup URL is set *and* explicitly allowed.
    pub fn endpoint_policy(&self) -> Result<EndpointPolicy, ApiError> {
        let Some(lookup) = &self.zone_lookup_url else {
            return Ok(EndpointPolicy::production());
        };
        if !self.allow_custom_endpoint {
            return Err(ApiError::EndpointNotAllowed {
                url: lookup.clone(),
                reason: format!("{ZONE_LOOKUP_VAR} is set but {ALLOW_CUSTOM_VAR}=1 is not; a custom endpoint must be allowed explicitly"),
            });
        }
        EndpointPolicy::custom(lookup)
    }

    /// Timeouts: shortened only against a custom endpoint, never in production.
    pub fn client_config(&self, custom_endpoint: bool) -> ClientConfig {
        match self.http_timeout_secs {
            Some(secs) if custom_endpoint => {
                ClientConfig::default().with_request_timeout(Duration::from_secs(secs))
            }
            _ => ClientConfig::default(),
        }
    }

    /// The benchmark's lever switch: honoured only against a custom endpoint, so a production
    /// install always runs with the kept levers.
    pub fn webview_levers_switch(&self) -> Option<&str> {
        let custom = self.zone_lookup_url.is_some() && self.allow_custom_endpoint;
        self.webview_levers.as_deref().filter(|_| custom)
    }

    /// The support bundle's test path, likewise only against a custom endpoint.
    pub fn bundle_path_switch(&self) -> Option<&std::path::Path> {
        let custom = self.zone_lookup_url.is_some() && self.allow_custom_endpoint;
        self.bundle_path.as_deref().filter(|_| custom)
    }

    /// The custom endpoint is on (the simulator): both switches, as the policy left them.
    pub fn custom_endpoint(&self) -> bool {
        self.allow_custom_endpoint && self.zone_lookup_url.is_some()
    }

    /// Demo and custom-endpoint runs never read or write the real connection.
    pub fn paths(&self) -> Paths {
        let mode = match (self.demo, self.custom_endpoint()) {
            (true, _) => Mode::Demo,
            (false, true) => Mode::Custom,
            (false, false) => Mode::Real,
        };
        let mut paths = Paths::of(mode);
        if let Some(service) = self.keychain_service.as_ref() {
            if self.custom_endpoint() {
                paths.keychain_service = service.clone();
            }
        }
        paths
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> Config {
        let vars: std::collections::HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn a_custom_lookup_url_needs_the_explicit_switch() {
        let sim = "http://127.0.0.1:4100/atservicesrest/";
        assert!(matches!(
            config(&[(ZONE_LOOKUP_VAR, sim)]).endpoint_policy(),
            Err(ApiError::EndpointNotAllowed { .. })
        ));
        assert!(config(&[(ZONE_LOOKUP_VAR, sim), (ALLOW_CUSTOM_VAR, "yes")])
            .endpoint_policy()
            .is_err());
        assert_eq!(
            config(&[(ALLOW_CUSTOM_VAR, "1")])
                .endpoint_policy()
                .unwrap(),
            EndpointPolicy::production()
        );
        let custom = config(&[(ZONE_LOOKUP_VAR, sim), (ALLOW_CUSTOM_VAR, "1")]);
        assert!(custom.endpoint_policy().unwrap().is_custom());
    }

    #[test]
    fn timeouts_shorten_only_against_a_custom_endpoint() {
        let c = config(&[(TIMEOUT_VAR, "4")]);
        assert_eq!(
            c.client_config(true).request_timeout,
            Duration::from_secs(4)
        );
        assert_eq!(
            c.client_config(false).request_timeout,
            ClientConfig::default().request_timeout
        );
        assert_eq!(config(&[(TIMEOUT_VAR, "0")]).http_timeout_secs, None);
    }

    #[test]
    fn a_custom_endpoint_never_uses_the_real_connection() {
        let sim = "http://127.0.0.1:4100/atservicesrest/";
        let custom = config(&[(ZONE_LOOKUP_VAR, sim), (ALLOW_CUSTOM_VAR, "1")]).paths();
        let real = config(&[]).paths();
        assert_ne!(custom.config_dir, real.config_dir);
        assert_ne!(custom.keychain_service, real.keychain_service);
        let refused = config(&[(ZONE_LOOKUP_VAR, sim)]).paths();
        assert_eq!(
            refused, real,
            "not allowed: nothing is sent, the real paths stay"
        );
    }

    #[test]
    fn demo_mode_keeps_its_own_files_and_keychain_entry() {
        let demo = config(&[(DEMO_VAR, "1")]).paths();
        let real = config(&[]).paths();
        assert_ne!(demo.config_dir, real.config_dir);
        assert_ne!(demo.keychain_service, real.keychain_service);
    }
}
