//! The Autotask REST client: zone lookup, authenticated calls, and a deterministic reading of
//! what the service's answers mean (see `shared/autotask-api.md` §2.2).

mod client;
pub mod connection_test;
pub mod endpoint;
pub mod ticket_defaults;

pub use client::{AutotaskClient, ClientConfig, Zone, ZoneSource};
pub use endpoint::EndpointPolicy;

use crate::error::{ErrorCode, Field, IpcError, ToIpcError};

pub const REQUIRED_SECURITY_LEVEL: &str = "Use an API User (system) security level (or a clone of one), not a regular staff role, with read on Companies, Tickets, Contracts and Time Entries and write on Tickets and Ticket Notes.";

/// Everything that can go wrong talking to Autotask. Never carries a secret: details come
/// from the service's error texts, hosts and status codes only.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    #[error("endpoint not allowed: {url} ({reason})")]
    EndpointNotAllowed { url: String, reason: String },
    #[error("zone information could not be determined for the username")]
    UnknownUser,
    #[error("authentication failed (401)")]
    InvalidCredentials,
    #[error("the integration code is invalid")]
    InvalidIntegrationCode,
    #[error("the API user is locked or inactive: {detail}")]
    AccountLocked { detail: String },
    #[error("missing permission to {verb} {entity}")]
    PermissionDenied { entity: String, verb: String },
    #[error("rate limited: {detail}")]
    RateLimited { detail: String },
    #[error("timed out after {seconds}s waiting for {host}")]
    Timeout { host: String, seconds: u64 },
    #[error("network error reaching {host}: {detail}")]
    Network { host: String, detail: String },
    #[error("TLS error with {host}: {detail}")]
    Tls { host: String, detail: String },
    #[error("Autotask rejected the request ({status}): {}", .messages.join(" "))]
    Rejected { status: u16, messages: Vec<String> },
    #[error("server error {status} from {host}")]
    ServerError { status: u16, host: String },
    #[error("not found")]
    NotFound,
    #[error("unexpected response: {detail}")]
    UnexpectedResponse { detail: String },
    #[error("cancelled")]
    Cancelled,
}

impl ApiError {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::EndpointNotAllowed { .. } => ErrorCode::EndpointNotAllowed,
            Self::UnknownUser => ErrorCode::UnknownUser,
            Self::InvalidCredentials => ErrorCode::InvalidCredentials,
            Self::InvalidIntegrationCode => ErrorCode::InvalidIntegrationCode,
            Self::AccountLocked { .. } => ErrorCode::AccountLocked,
            Self::PermissionDenied { .. } => ErrorCode::PermissionDenied,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::Timeout { .. } => ErrorCode::Timeout,
            Self::Network { .. } => ErrorCode::Network,
            Self::Tls { .. } => ErrorCode::Tls,
            Self::Rejected { .. } | Self::ServerError { .. } => ErrorCode::ServerError,
            Self::NotFound | Self::UnexpectedResponse { .. } => ErrorCode::UnexpectedResponse,
            Self::Cancelled => ErrorCode::Cancelled,
        }
    }
}

pub fn permission_fix(entity: &str, verb: &str) -> String {
    format!(
        "In Autotask, give the API user's security level {verb} access to {entity}. {REQUIRED_SECURITY_LEVEL}"
    )
}

impl ToIpcError for ApiError {
    fn to_ipc(&self) -> IpcError {
        let e =
            |message: String, remediation: &str| IpcError::new(self.code(), message, remediation);
        match self {
            Self::EndpointNotAllowed { url, reason } => e(
                format!("The address {url} is not allowed: {reason}."),
                "Autotask zone URLs look like https://webservicesN.autotask.net/ATServicesRest/. Leave the zone URL empty to detect it automatically.",
            )
            .with_field(Field::ZoneUrl),
            Self::UnknownUser => e(
                "Autotask does not know this API username (the zone lookup answered \"Zone information could not be determined\").".into(),
                "Check the username: copy it from the API user in Autotask (Admin → Resources/Users). A brand-new API user can take up to 5 minutes to become available: choose \"I just created this user\" to wait for it. If your network blocks the zone lookup, paste the zone URL under Advanced.",
            )
            .with_field(Field::Username),
            Self::InvalidCredentials => e(
                "401 Unauthorized: Autotask did not accept the username and secret.".into(),
                "Paste the secret again (it is case-sensitive) and check the username. If the secret was lost, generate a new one on the API user in Autotask. Autotask locks an API user after repeated failed sign-ins, so this app never retries on its own.",
            )
            .with_field(Field::Secret),
            Self::InvalidIntegrationCode => e(
                "Autotask rejected the integration code (\"IntegrationCode is invalid.\").".into(),
                "Copy the Integration Code from the API user's API Tracking Identifier tab (Custom (Internal Integration), named \"Vectis\") in this same Autotask tenant.",
            )
            .with_field(Field::IntegrationCode),
            Self::AccountLocked { detail } => e(
                format!("The API user is locked or inactive in Autotask. {detail}").trim().to_string(),
                "In Autotask, open Admin → Resources/Users, edit the API user, clear \"Locked\" and make sure it is Active. If wrong secrets caused the lock, paste the right secret before testing again.",
            ),
            Self::PermissionDenied { entity, verb } => e(
                format!("403 Forbidden: the API user's security level lacks permission to {verb} {entity}."),
                &permission_fix(entity, verb),
            ),
            Self::RateLimited { detail } => e(
                format!("Autotask is limiting requests: {detail}."),
                "Wait a minute and test again. Autotask allows 3 simultaneous requests per integration and endpoint, and 10,000 requests per hour per database shared by all integrations.",
            ),
            Self::Timeout { host, seconds } => e(
                format!("{host} did not answer within {seconds} seconds."),
                "Check this computer's internet connection, proxy and firewall, then test again. The first connection to a zone can be slow.",
            ),
            Self::Network { host, detail } => e(
                format!("Could not reach {host}: {detail}."),
                "Check that this computer is online and can reach *.autotask.net (proxy, firewall, DNS). If only the zone lookup host is blocked, paste the zone URL under Advanced.",
            ),
            Self::Tls { host, detail } => e(
                format!("A secure connection to {host} could not be established: {detail}."),
                "If your network inspects TLS traffic, install its root certificate in the operating system's certificate store, then test again.",
            ),
            Self::Rejected { status, messages } => e(
                format!("Autotask answered {status}: {}", messages.join(" ")),
                "Check the values named in the message, then try again.",
            ),
            Self::ServerError { status, host } => e(
                format!("{host} answered with a server error ({status})."),
                "This is usually temporary on Autotask's side. Wait a few minutes and test again; if it persists, check Autotask's service status.",
            ),
            Self::NotFound | Self::UnexpectedResponse { .. } => e(
                format!("Autotask's answer could not be understood ({self})."),
                "Test again. If it persists, a proxy or security product may be altering the traffic to *.autotask.net.",
            ),
            Self::Cancelled => e("The test was cancelled.".into(), "Start the test again when you are ready."),
        }
    }
}
