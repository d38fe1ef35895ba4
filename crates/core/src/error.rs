//! What crosses IPC (and the CLI's `--json`) when something fails: a stable `code`, a message
//! saying what happened, a remediation saying what to do, and the input field at fault.
//! Each layer has its own `thiserror` type and turns itself into an [`IpcError`].

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The fixed, documented set of error codes. Stable: the UI and scripts match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidInput,
    EndpointNotAllowed,
    UnknownUser,
    InvalidCredentials,
    InvalidIntegrationCode,
    AccountLocked,
    PermissionDenied,
    /// Rights beyond what Vectis needs while the organisation requires least privilege.
    ExcessPermissions,
    /// The credentials belong to another tenant than the organisation's `ExpectedTenant`.
    WrongTenant,
    RateLimited,
    Timeout,
    Network,
    Tls,
    ServerError,
    UnexpectedResponse,
    Cancelled,
    NotConfigured,
    NoTestedCredentials,
    TestRunning,
    CredentialsRejected,
    /// The one deliberate re-send of rejected credentials was used this session.
    RetrySpent,
    /// New credentials for a username with several rejected secrets: the admin confirms first.
    ConfirmSignIn,
    /// Whether a sign-in was rejected could not be recorded (or is unknown): nothing is sent
    /// unattended until the admin asks for one more try.
    SignInNotRecorded,
    ManagedByPolicy,
    KeychainUnavailable,
    KeychainLocked,
    KeychainAccessDenied,
    KeychainEntryTooLarge,
    KeychainError,
    SettingsUnreadable,
    SettingsWriteFailed,
    Internal,
}

impl ErrorCode {
    /// Every code, for documentation and tests (a test proves it names every variant).
    pub const ALL: &'static [ErrorCode] = &[
        Self::InvalidInput,
        Self::EndpointNotAllowed,
        Self::UnknownUser,
        Self::InvalidCredentials,
        Self::InvalidIntegrationCode,
        Self::AccountLocked,
        Self::PermissionDenied,
        Self::ExcessPermissions,
        Self::WrongTenant,
        Self::RateLimited,
        Self::Timeout,
        Self::Network,
        Self::Tls,
        Self::ServerError,
        Self::UnexpectedResponse,
        Self::Cancelled,
        Self::NotConfigured,
        Self::NoTestedCredentials,
        Self::TestRunning,
        Self::CredentialsRejected,
        Self::RetrySpent,
        Self::ConfirmSignIn,
        Self::SignInNotRecorded,
        Self::ManagedByPolicy,
        Self::KeychainUnavailable,
        Self::KeychainLocked,
        Self::KeychainAccessDenied,
        Self::KeychainEntryTooLarge,
        Self::KeychainError,
        Self::SettingsUnreadable,
        Self::SettingsWriteFailed,
        Self::Internal,
    ];
}

/// The input fields an error can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Field {
    IntegrationCode,
    Username,
    Secret,
    ZoneUrl,
    Queue,
    TicketCategory,
    Status,
    Priority,
    /// The test ticket's due date (`dueDateTime`), which Vectis sets itself.
    DueDate,
    /// A link the app was asked to open.
    Link,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    pub remediation: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
}

impl IpcError {
    pub fn new(
        code: ErrorCode,
        message: impl Into<String>,
        remediation: impl Into<String>,
    ) -> Self {
        Self {
            code,
            message: message.into(),
            remediation: remediation.into(),
            field: None,
        }
    }

    pub fn with_field(mut self, field: Field) -> Self {
        self.field = Some(field);
        self
    }
}

impl std::error::Error for IpcError {}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.message, self.remediation)
    }
}

/// Every layer's error knows how it reads to an admin.
pub trait ToIpcError {
    fn to_ipc(&self) -> IpcError;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_list_is_complete_and_documented() {
        // The TypeScript declaration is derived from the enum: it names every variant once.
        let decl = ErrorCode::decl();
        assert_eq!(
            decl.matches('"').count() / 2,
            ErrorCode::ALL.len(),
            "{decl}"
        );
        let readme = include_str!("../../../README.md");
        for code in ErrorCode::ALL {
            let wire = serde_json::to_value(code).unwrap();
            let name = wire.as_str().unwrap();
            assert!(decl.contains(&format!("\"{name}\"")), "{name}");
            let documented = readme.contains(&format!("`{name}`"))
                || name.starts_with("keychain_") && readme.contains("`keychain_*`");
            assert!(documented, "README's error codes miss {name}");
        }
    }

    #[test]
    fn errors_serialize_with_an_optional_field() {
        let e = IpcError::new(ErrorCode::UnknownUser, "m", "r").with_field(Field::Username);
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"code":"unknown_user","message":"m","remediation":"r","field":"username"})
        );
        let no_field = IpcError::new(ErrorCode::Timeout, "m", "r");
        assert!(serde_json::to_value(no_field)
            .unwrap()
            .get("field")
            .is_none());
    }
}
