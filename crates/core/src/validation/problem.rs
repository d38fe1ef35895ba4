//! What can be wrong with the typed credentials, typed; each problem names its field and reads
//! as an `IpcError` only through `ToIpcError`.

use crate::error::{ErrorCode, Field, IpcError, ToIpcError};

const USERNAME_FIX: &str = "Copy the API user's Username (Key) from Autotask: Admin → Resources/Users → the API user → General. It looks like key@yourcompany.com.";
const INTEGRATION_CODE_FIX: &str = "Copy the Integration Code from the API user's API Tracking Identifier tab, where Custom (Internal Integration) is chosen. It is upper-case letters and digits.";
const ZONE_URL_FIX: &str = "Paste the zone's API address, e.g. https://webservices15.autotask.net/ATServicesRest/, or leave the field empty to detect it.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("the username is empty")]
    UsernameEmpty,
    #[error("the username is not shaped like key@domain")]
    UsernameShape,
    #[error("the username's key has a character Autotask does not allow")]
    UsernameCharacter,
    #[error("the integration code is empty")]
    IntegrationCodeEmpty,
    #[error("the integration code has characters other than A–Z and 0–9")]
    IntegrationCodeCharacter,
    #[error("the secret is empty")]
    SecretEmpty,
    #[error("the secret has control or non-ASCII characters")]
    SecretCharacter,
    #[error("the zone URL does not parse")]
    ZoneUrlUnparsable,
    #[error("the zone URL is not a web address")]
    ZoneUrlNotWeb,
}

impl Problem {
    pub fn field(self) -> Field {
        match self {
            Self::UsernameEmpty | Self::UsernameShape | Self::UsernameCharacter => Field::Username,
            Self::IntegrationCodeEmpty | Self::IntegrationCodeCharacter => Field::IntegrationCode,
            Self::SecretEmpty | Self::SecretCharacter => Field::Secret,
            Self::ZoneUrlUnparsable | Self::ZoneUrlNotWeb => Field::ZoneUrl,
        }
    }

    fn message(self) -> &'static str {
        match self {
            Self::UsernameEmpty => "Enter the API user's username.",
            Self::UsernameShape => "The username must look like key@domain.",
            Self::UsernameCharacter => {
                "The part before @ contains a character Autotask does not allow in a Username (Key)."
            }
            Self::IntegrationCodeEmpty => "Enter the integration code.",
            Self::IntegrationCodeCharacter => {
                "The integration code may contain only upper-case letters A–Z and digits."
            }
            Self::SecretEmpty => "Enter the API user's secret.",
            Self::SecretCharacter => "The secret contains characters that cannot be sent to Autotask (control or non-ASCII characters).",
            Self::ZoneUrlUnparsable => "The zone URL is not a valid address.",
            Self::ZoneUrlNotWeb => "The zone URL must be a web address.",
        }
    }

    fn remediation(self) -> &'static str {
        match self {
            Self::UsernameEmpty | Self::UsernameShape | Self::UsernameCharacter => USERNAME_FIX,
            Self::IntegrationCodeEmpty | Self::IntegrationCodeCharacter => INTEGRATION_CODE_FIX,
            Self::SecretEmpty => "Paste the secret (password) you copied when you saved the API user. If you no longer have it, generate a new one on the API user in Autotask.",
            Self::SecretCharacter => "Paste the secret again from Autotask, or generate a new one with Autotask's password generator.",
            Self::ZoneUrlUnparsable | Self::ZoneUrlNotWeb => ZONE_URL_FIX,
        }
    }
}

impl ToIpcError for Problem {
    fn to_ipc(&self) -> IpcError {
        IpcError::new(ErrorCode::InvalidInput, self.message(), self.remediation())
            .with_field(self.field())
    }
}

/// Every field that needs attention, in the order the form shows them.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[error("{} field(s) need attention", .problems.len())]
pub struct ValidationError {
    pub problems: Vec<Problem>,
}

impl ToIpcError for ValidationError {
    /// One error crosses as the failure: the first field's.
    fn to_ipc(&self) -> IpcError {
        self.problems.first().map_or_else(
            || {
                IpcError::new(
                    ErrorCode::InvalidInput,
                    "The input is not valid.",
                    "Check the fields.",
                )
            },
            ToIpcError::to_ipc,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_problem_points_at_its_field_with_that_fields_fix() {
        let cases = [
            (Problem::UsernameShape, Field::Username, "key@"),
            (
                Problem::IntegrationCodeCharacter,
                Field::IntegrationCode,
                "Integration Code",
            ),
            (Problem::SecretEmpty, Field::Secret, "Paste the secret"),
            (Problem::ZoneUrlNotWeb, Field::ZoneUrl, "ATServicesRest"),
        ];
        for (problem, field, fix) in cases {
            let e = problem.to_ipc();
            assert_eq!((e.code, e.field), (ErrorCode::InvalidInput, Some(field)));
            assert!(
                e.remediation.contains(fix),
                "{problem:?}: {}",
                e.remediation
            );
        }
        assert_eq!(
            Problem::UsernameShape.to_ipc().message,
            "The username must look like key@domain."
        );
    }

    #[test]
    fn the_first_problem_is_the_error_that_crosses() {
        let error = ValidationError {
            problems: vec![Problem::SecretEmpty, Problem::ZoneUrlNotWeb],
        };
        assert_eq!(error.to_ipc(), Problem::SecretEmpty.to_ipc());
        assert_eq!(error.to_string(), "2 field(s) need attention");
        let none = ValidationError { problems: vec![] }.to_ipc();
        assert_eq!((none.code, none.field), (ErrorCode::InvalidInput, None));
    }
}
