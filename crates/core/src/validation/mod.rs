//! Input validation, in one place: the UI asks it through a command, the CLI calls it
//! directly. Pasted whitespace is trimmed (and said so); each failure names the field and the fix.

mod fields;
mod problem;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use url::Url;

use crate::error::{Field, IpcError, ToIpcError};
use crate::secret::Secret;
use fields::trimmed;
pub use fields::{
    validate_integration_code, validate_secret, validate_username, validate_zone_url,
    INTEGRATION_CODE_LENGTH,
};
pub use problem::{Problem, ValidationError};

/// What the admin typed or pasted.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CredentialsInput {
    pub integration_code: Secret,
    pub username: String,
    pub secret: Secret,
    #[serde(default)]
    #[ts(optional)]
    pub zone_url: Option<String>,
}

/// Credentials that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub struct Credentials {
    pub integration_code: Secret,
    pub username: String,
    pub secret: Secret,
    /// The admin's own zone URL, when given (skips the zone lookup).
    pub zone_url: Option<Url>,
}

/// Something worth telling the admin that does not stop them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Notice {
    pub field: Field,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ValidationReport {
    pub ok: bool,
    pub errors: Vec<IpcError>,
    pub notices: Vec<Notice>,
}

/// Validates every field; all errors are reported at once so each field can show its own.
pub fn validate_credentials(
    input: &CredentialsInput,
) -> (Result<Credentials, ValidationError>, Vec<Notice>) {
    let mut notices = Vec::new();
    let mut errors = Vec::new();
    let code = trimmed(
        input.integration_code.expose(),
        Field::IntegrationCode,
        "integration code",
        &mut notices,
    );
    let username = trimmed(&input.username, Field::Username, "username", &mut notices);
    let secret = trimmed(input.secret.expose(), Field::Secret, "secret", &mut notices);
    if let Err(e) = validate_integration_code(&code, &mut notices) {
        errors.push(e);
    }
    if let Err(e) = validate_username(&username) {
        errors.push(e);
    }
    if let Err(e) = validate_secret(&secret) {
        errors.push(e);
    }
    let zone_url = match input
        .zone_url
        .as_deref()
        .map(str::trim)
        .filter(|z| !z.is_empty())
    {
        None => None,
        Some(z) => match validate_zone_url(z) {
            Ok(url) => Some(url),
            Err(e) => {
                errors.push(e);
                None
            }
        },
    };
    if !errors.is_empty() {
        return (Err(ValidationError { problems: errors }), notices);
    }
    (
        Ok(Credentials {
            integration_code: Secret::new(code),
            username,
            secret: Secret::new(secret),
            zone_url,
        }),
        notices,
    )
}

pub fn report(input: &CredentialsInput) -> ValidationReport {
    let (result, notices) = validate_credentials(input);
    let errors: Vec<IpcError> = result
        .err()
        .map(|e| e.problems.iter().map(ToIpcError::to_ipc).collect())
        .unwrap_or_default();
    ValidationReport {
        ok: errors.is_empty(),
        errors,
        notices,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(code: &str, user: &str, secret: &str, zone: Option<&str>) -> CredentialsInput {
        CredentialsInput {
            integration_code: Secret::new(code),
            username: user.into(),
            secret: Secret::new(secret),
            zone_url: zone.map(str::to_string),
        }
    }

    const CODE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXY27";

    #[test]
    fn trims_pasted_whitespace_and_says_so() {
        let (creds, notices) = validate_credentials(&input(
            &format!(" {CODE}\n"),
            " key@msp.com\t",
            "s3cr$t*#\n",
            None,
        ));
        let creds = creds.unwrap();
        assert_eq!(creds.integration_code.expose(), CODE);
        assert_eq!(creds.username, "key@msp.com");
        assert_eq!(creds.secret.expose(), "s3cr$t*#");
        let fields: Vec<Field> = notices.iter().map(|n| n.field).collect();
        assert_eq!(
            fields,
            [Field::IntegrationCode, Field::Username, Field::Secret]
        );
    }

    #[test]
    fn all_field_errors_come_back_together_and_never_echo_the_secret() {
        let report = report(&input("bad code", "nope", "pä", Some("not a url")));
        assert!(!report.ok);
        let fields: Vec<_> = report.errors.iter().map(|e| e.field.unwrap()).collect();
        assert_eq!(
            fields,
            [
                Field::IntegrationCode,
                Field::Username,
                Field::Secret,
                Field::ZoneUrl
            ]
        );
        assert!(!serde_json::to_string(&report).unwrap().contains("pä"));
    }

    #[test]
    fn an_empty_zone_url_means_detect() {
        let (creds, _) = validate_credentials(&input(CODE, "k@m.com", "s", Some("  ")));
        assert_eq!(creds.unwrap().zone_url, None);
    }
}
