//! Everything that can go wrong talking to Autotask, and how each failure reads to an admin.

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
    /// `said`: the 401's body in Autotask's words; usually empty.
    #[error("authentication failed (401)")]
    InvalidCredentials { said: String },
    #[error("the integration code is invalid")]
    InvalidIntegrationCode,
    #[error("the API user is locked or inactive: {detail}")]
    AccountLocked { detail: String },
    /// `said`: Autotask's text, which may name another entity than the one called.
    #[error("missing permission to {verb} {entity}")]
    PermissionDenied {
        entity: String,
        verb: String,
        said: String,
    },
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
    /// `said`: what the body held ([`super::BodyText::summary`]): a page's line, or "an empty answer".
    #[error("server error {status} from {host}: {said}")]
    ServerError {
        status: u16,
        host: String,
        said: String,
    },
    #[error("not found{}", colon_then(.said))]
    NotFound { said: String },
    #[error("unexpected response: {detail}")]
    UnexpectedResponse { detail: String },
    #[error("cancelled")]
    Cancelled,
    /// A credential holds characters an HTTP header cannot carry; nothing was sent.
    #[error("the {0} cannot be sent in an HTTP header")]
    NotSendable(Credential),
}

/// The three credential headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    IntegrationCode,
    Username,
    Secret,
}

impl std::fmt::Display for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::IntegrationCode => "integration code",
            Self::Username => "username",
            Self::Secret => "secret",
        })
    }
}

impl Credential {
    fn field(self) -> Field {
        match self {
            Self::IntegrationCode => Field::IntegrationCode,
            Self::Username => Field::Username,
            Self::Secret => Field::Secret,
        }
    }
}

/// ": text", or nothing for no text.
fn colon_then(said: &str) -> String {
    if said.is_empty() {
        String::new()
    } else {
        format!(": {said}")
    }
}

/// Autotask's words in typographic quotes.
fn quoted(said: &str) -> String {
    format!("\u{201c}{said}\u{201d}")
}

/// "saying “…”", or `otherwise` when Autotask said nothing.
fn quoted_or(said: &str, otherwise: &str) -> String {
    if said.is_empty() {
        otherwise.to_string()
    } else {
        format!("saying {}", quoted(said))
    }
}

pub fn permission_fix(entity: &str, verb: &str) -> String {
    format!(
        "In Autotask, give the API user's security level {verb} access to {entity}. {REQUIRED_SECURITY_LEVEL}"
    )
}

impl ApiError {
    /// The same error with every text it carries passed through `f` (the service redacts the
    /// credentials a server may have echoed before an error leaves it).
    pub fn map_texts(self, f: impl Fn(&str) -> String) -> Self {
        match self {
            Self::EndpointNotAllowed { url, reason } => Self::EndpointNotAllowed {
                url: f(&url),
                reason: f(&reason),
            },
            Self::InvalidCredentials { said } => Self::InvalidCredentials { said: f(&said) },
            Self::AccountLocked { detail } => Self::AccountLocked { detail: f(&detail) },
            Self::PermissionDenied { entity, verb, said } => Self::PermissionDenied {
                entity,
                verb,
                said: f(&said),
            },
            Self::RateLimited { detail } => Self::RateLimited { detail: f(&detail) },
            Self::Network { host, detail } => Self::Network {
                host,
                detail: f(&detail),
            },
            Self::Tls { host, detail } => Self::Tls {
                host,
                detail: f(&detail),
            },
            Self::Rejected { status, messages } => Self::Rejected {
                status,
                messages: messages.iter().map(|m| f(m)).collect(),
            },
            Self::ServerError { status, host, said } => Self::ServerError {
                status,
                host,
                said: f(&said),
            },
            Self::NotFound { said } => Self::NotFound { said: f(&said) },
            Self::UnexpectedResponse { detail } => Self::UnexpectedResponse { detail: f(&detail) },
            other => other,
        }
    }
}

impl ApiError {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::EndpointNotAllowed { .. } => ErrorCode::EndpointNotAllowed,
            Self::UnknownUser => ErrorCode::UnknownUser,
            Self::InvalidCredentials { .. } => ErrorCode::InvalidCredentials,
            Self::InvalidIntegrationCode => ErrorCode::InvalidIntegrationCode,
            Self::AccountLocked { .. } => ErrorCode::AccountLocked,
            Self::PermissionDenied { .. } => ErrorCode::PermissionDenied,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::Timeout { .. } => ErrorCode::Timeout,
            Self::Network { .. } => ErrorCode::Network,
            Self::Tls { .. } => ErrorCode::Tls,
            Self::Rejected { .. } | Self::ServerError { .. } => ErrorCode::ServerError,
            Self::NotFound { .. } | Self::UnexpectedResponse { .. } => {
                ErrorCode::UnexpectedResponse
            }
            Self::Cancelled => ErrorCode::Cancelled,
            Self::NotSendable(_) => ErrorCode::InvalidInput,
        }
    }

    /// The input the admin should look at, when one is at fault.
    fn field(&self) -> Option<Field> {
        match self {
            Self::EndpointNotAllowed { .. } => Some(Field::ZoneUrl),
            Self::UnknownUser => Some(Field::Username),
            Self::InvalidCredentials { .. } => Some(Field::Secret),
            Self::InvalidIntegrationCode => Some(Field::IntegrationCode),
            Self::NotSendable(credential) => Some(credential.field()),
            _ => None,
        }
    }

    fn message(&self) -> String {
        match self {
            Self::EndpointNotAllowed { url, reason } => format!("The address {url} is not allowed: {reason}."),
            Self::UnknownUser => "Autotask does not know this Username (Key) (the zone lookup answered \"Zone information could not be determined\").".into(),
            Self::InvalidCredentials { said } => format!("Autotask refused the sign-in (401) {}. Likely causes: the secret or the username is wrong; the API user is locked or inactive (Autotask e-mails the API user's address when it locks it); or the API user is brand new and not live yet.", quoted_or(said, "without saying why")),
            Self::InvalidIntegrationCode => "Autotask rejected the integration code (\"IntegrationCode is invalid.\").".into(),
            Self::AccountLocked { detail } => format!("The API user is locked or inactive in Autotask. {detail}").trim().to_string(),
            Self::PermissionDenied { entity, verb, said } => format!("The API user's security level lacks permission to {verb} {entity}{}.", if said.is_empty() { String::new() } else { format!(" (Autotask: {})", quoted(said)) }),
            Self::RateLimited { detail } => format!("Autotask is limiting requests: {detail}."),
            Self::Timeout { host, seconds } => format!("{host} did not answer within {seconds} seconds."),
            Self::Network { host, detail } => format!("Could not reach {host}: {detail}."),
            Self::Tls { host, detail } => format!("A secure connection to {host} could not be established: {detail}."),
            Self::Rejected { status, messages } => format!("Autotask answered {status}: {}", messages.join(" ")),
            Self::ServerError { status, host, said } => format!("{host} answered with a server error ({status}): {said}."),
            Self::NotFound { .. } | Self::UnexpectedResponse { .. } => format!("Autotask's answer could not be understood ({self})."),
            Self::Cancelled => "The test was cancelled.".into(),
            Self::NotSendable(credential) => format!("The {credential} contains characters that cannot be sent to Autotask; nothing was sent."),
        }
    }

    fn remediation(&self) -> String {
        match self {
            Self::EndpointNotAllowed { .. } => "Autotask zone URLs look like https://webservicesN.autotask.net/ATServicesRest/. Leave the zone URL empty to detect it automatically.".into(),
            Self::UnknownUser => "Check the username: copy it from the API user in Autotask (Admin → Resources/Users). A brand-new API user can take up to 5 minutes to become available: choose \"I just created this user\" to wait for it. If your network blocks the zone lookup, paste the zone URL under Advanced.".into(),
            Self::InvalidCredentials { .. } => "Paste the secret again (it is case-sensitive) and check the username; if the secret was lost, generate a new one on the API user in Autotask. In Autotask (Admin → Resources/Users), check that the API user is Active and not Locked. If you just created the user, wait a few minutes, then try once more. Autotask locks an API user after repeated failed sign-ins, so this app never retries on its own.".into(),
            Self::InvalidIntegrationCode => "Copy the Integration Code from the API user's API Tracking Identifier tab in this same Autotask tenant: the Custom (Internal Integration) one named \"Vectis\".".into(),
            Self::AccountLocked { .. } => "In Autotask, open Admin → Resources/Users, edit the API user, clear \"Locked\" and make sure it is Active. If wrong secrets caused the lock, paste the right secret before testing again.".into(),
            Self::PermissionDenied { entity, verb, .. } => permission_fix(entity, verb),
            Self::RateLimited { .. } => "Wait a minute and test again. Autotask allows 3 simultaneous requests per integration and endpoint, and 10,000 requests per hour per database shared by all integrations.".into(),
            Self::Timeout { .. } => "Check this computer's internet connection, proxy and firewall, then test again. The first connection to a zone can be slow.".into(),
            Self::Network { .. } => "Check that this computer is online and can reach *.autotask.net (proxy, firewall, DNS). If only the zone lookup host is blocked, paste the zone URL under Advanced.".into(),
            Self::Tls { .. } => "If your network inspects TLS traffic, install its root certificate in the operating system's certificate store, then test again.".into(),
            Self::Rejected { .. } => "Check the values named in the message, then try again.".into(),
            Self::ServerError { .. } => "This is usually temporary on Autotask's side. Wait a few minutes and test again; if it persists, check Autotask's service status.".into(),
            Self::NotFound { .. } | Self::UnexpectedResponse { .. } => "Test again. If it persists, a proxy or security product may be altering the traffic to *.autotask.net.".into(),
            Self::Cancelled => "Start the test again when you are ready.".into(),
            Self::NotSendable(credential) => format!("Paste the {credential} again, copied from Autotask, without other characters."),
        }
    }
}

impl ToIpcError for ApiError {
    fn to_ipc(&self) -> IpcError {
        let mut e = IpcError::new(self.code(), self.message(), self.remediation());
        e.field = self.field();
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_about_an_input_point_at_it_and_others_at_nothing() {
        let fields = [
            (
                ApiError::EndpointNotAllowed {
                    url: "u".into(),
                    reason: "r".into(),
                },
                Some(Field::ZoneUrl),
            ),
            (ApiError::UnknownUser, Some(Field::Username)),
            (
                ApiError::InvalidCredentials {
                    said: String::new(),
                },
                Some(Field::Secret),
            ),
            (
                ApiError::InvalidIntegrationCode,
                Some(Field::IntegrationCode),
            ),
            (
                ApiError::NotSendable(Credential::Secret),
                Some(Field::Secret),
            ),
            (
                ApiError::NotFound {
                    said: String::new(),
                },
                None,
            ),
            (ApiError::Cancelled, None),
        ];
        for (error, field) in fields {
            assert_eq!(error.to_ipc().field, field, "{error:?}");
        }
    }

    #[test]
    fn messages_carry_the_details_and_the_fix() {
        let e = ApiError::PermissionDenied {
            entity: "Contracts".into(),
            verb: "query".into(),
            said: String::new(),
        }
        .to_ipc();
        assert_eq!(e.code, ErrorCode::PermissionDenied);
        assert_eq!(
            e.message,
            "The API user's security level lacks permission to query Contracts."
        );
        assert_eq!(e.remediation, permission_fix("Contracts", "query"));
        let locked = ApiError::AccountLocked {
            detail: String::new(),
        };
        assert_eq!(
            locked.to_ipc().message,
            "The API user is locked or inactive in Autotask."
        );
        let odd = ApiError::UnexpectedResponse {
            detail: "no JSON".into(),
        };
        assert_eq!(
            odd.to_ipc().message,
            "Autotask's answer could not be understood (unexpected response: no JSON)."
        );
    }

    #[test]
    fn an_empty_401_names_every_likely_cause_and_never_a_retry() {
        let e = ApiError::InvalidCredentials {
            said: String::new(),
        }
        .to_ipc();
        for cause in [
            "secret or the username is wrong",
            "locked or inactive",
            "e-mails",
            "brand new",
        ] {
            assert!(e.message.contains(cause), "{cause}: {}", e.message);
        }
        for step in ["wait a few minutes, then try once more", "never retries"] {
            assert!(e.remediation.contains(step), "{step}: {}", e.remediation);
        }
        assert_eq!(e.field, Some(Field::Secret));
    }

    #[test]
    fn permission_messages_never_print_a_status_code() {
        for verb in ["query", "create", "read"] {
            let e = ApiError::PermissionDenied {
                entity: "Tickets".into(),
                verb: verb.into(),
                said: "The logged in Resource does not have the adequate permissions to query this entity projecttype".into(),
            }
            .to_ipc();
            assert!(!e.message.contains("403") && !e.message.contains("Forbidden"));
            assert!(!e.remediation.contains("403"));
        }
    }
}
