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
    RateLimited,
    Timeout,
    Network,
    Tls,
    ServerError,
    UnexpectedResponse,
    Cancelled,
    NotConfigured,
    NoTestedCredentials,
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
    pub const ALL: &'static [ErrorCode] = &[
        Self::InvalidInput,
        Self::EndpointNotAllowed,
        Self::UnknownUser,
        Self::InvalidCredentials,
        Self::InvalidIntegrationCode,
        Self::AccountLocked,
        Self::PermissionDenied,
        Self::RateLimited,
        Self::Timeout,
        Self::Network,
        Self::Tls,
        Self::ServerError,
        Self::UnexpectedResponse,
        Self::Cancelled,
        Self::NotConfigured,
        Self::NoTestedCredentials,
        Self::KeychainUnavailable,
        Self::KeychainLocked,
        Self::KeychainAccessDenied,
        Self::KeychainEntryTooLarge,
        Self::KeychainError,
        Self::SettingsUnreadable,
        Self::SettingsWriteFailed,
        Self::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidInput => "invalid_input",
            Self::EndpointNotAllowed => "endpoint_not_allowed",
            Self::UnknownUser => "unknown_user",
            Self::InvalidCredentials => "invalid_credentials",
            Self::InvalidIntegrationCode => "invalid_integration_code",
            Self::AccountLocked => "account_locked",
            Self::PermissionDenied => "permission_denied",
            Self::RateLimited => "rate_limited",
            Self::Timeout => "timeout",
            Self::Network => "network",
            Self::Tls => "tls",
            Self::ServerError => "server_error",
            Self::UnexpectedResponse => "unexpected_response",
            Self::Cancelled => "cancelled",
            Self::NotConfigured => "not_configured",
            Self::NoTestedCredentials => "no_tested_credentials",
            Self::KeychainUnavailable => "keychain_unavailable",
            Self::KeychainLocked => "keychain_locked",
            Self::KeychainAccessDenied => "keychain_access_denied",
            Self::KeychainEntryTooLarge => "keychain_entry_too_large",
            Self::KeychainError => "keychain_error",
            Self::SettingsUnreadable => "settings_unreadable",
            Self::SettingsWriteFailed => "settings_write_failed",
            Self::Internal => "internal",
        }
    }
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
    fn codes_serialize_as_stable_snake_case() {
        for code in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
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
