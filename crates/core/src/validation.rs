//! Input validation, in one place: the UI asks it through a command, the CLI calls it
//! directly. Pasted whitespace is trimmed (and said so); each failure names the field and the fix.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use url::Url;

use crate::error::{ErrorCode, Field, IpcError};
use crate::secret::Secret;

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

#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[error("{} field(s) need attention", .0.len())]
pub struct ValidationError(pub Vec<IpcError>);

impl crate::error::ToIpcError for ValidationError {
    fn to_ipc(&self) -> IpcError {
        self.0.first().cloned().unwrap_or_else(|| {
            IpcError::new(
                ErrorCode::InvalidInput,
                "The input is not valid.",
                "Check the fields.",
            )
        })
    }
}

pub const INTEGRATION_CODE_LENGTH: usize = 27;

fn invalid(field: Field, message: &str, remediation: &str) -> IpcError {
    IpcError::new(ErrorCode::InvalidInput, message, remediation).with_field(field)
}

/// Trims and records a notice when something was trimmed.
fn trimmed(value: &str, field: Field, label: &str, notices: &mut Vec<Notice>) -> String {
    let t = value.trim();
    if t.len() != value.len() {
        notices.push(Notice {
            field,
            message: format!("Removed spaces or line breaks pasted around the {label}."),
        });
    }
    t.to_string()
}

pub fn validate_username(username: &str) -> Result<(), IpcError> {
    let fix = "Copy the API user's Username (Key) from Autotask: Admin → Resources/Users → the API user → General. It looks like key@yourcompany.com.";
    if username.is_empty() {
        return Err(invalid(
            Field::Username,
            "Enter the API user's username.",
            fix,
        ));
    }
    let mut parts = username.split('@');
    let (key, domain) = (parts.next().unwrap_or(""), parts.next());
    let valid_domain = domain.is_some_and(|d| {
        d.contains('.')
            && !d.starts_with('.')
            && !d.ends_with('.')
            && !d.contains(char::is_whitespace)
    });
    if key.is_empty() || !valid_domain || parts.next().is_some() {
        return Err(invalid(
            Field::Username,
            "The username must look like key@domain.",
            fix,
        ));
    }
    if key.contains(['(', ')', ';', ':', '[', ']', '|', '\\', '"'])
        || key.contains(char::is_whitespace)
    {
        return Err(invalid(
            Field::Username,
            "The part before @ contains a character Autotask does not allow in an API username.",
            fix,
        ));
    }
    Ok(())
}

pub fn validate_integration_code(code: &str, notices: &mut Vec<Notice>) -> Result<(), IpcError> {
    let fix = "Copy the Integration Code from the API user's API Tracking Identifier tab (Custom (Internal Integration)). It is upper-case letters and digits.";
    if code.is_empty() {
        return Err(invalid(
            Field::IntegrationCode,
            "Enter the integration code.",
            fix,
        ));
    }
    if !code
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return Err(invalid(
            Field::IntegrationCode,
            "The integration code may contain only upper-case letters A–Z and digits.",
            fix,
        ));
    }
    if code.len() != INTEGRATION_CODE_LENGTH {
        notices.push(Notice {
            field: Field::IntegrationCode,
            message: format!(
                "Autotask integration codes are usually {INTEGRATION_CODE_LENGTH} characters; this one has {}. Check that it was copied whole.",
                code.len()
            ),
        });
    }
    Ok(())
}

pub fn validate_secret(secret: &str) -> Result<(), IpcError> {
    if secret.is_empty() {
        return Err(invalid(
            Field::Secret,
            "Enter the API user's secret.",
            "Paste the secret (password) you copied when you saved the API user. If you no longer have it, generate a new one on the API user in Autotask.",
        ));
    }
    if secret.chars().any(|c| c.is_control() || !c.is_ascii()) {
        return Err(invalid(
            Field::Secret,
            "The secret contains characters that cannot be sent to Autotask (control or non-ASCII characters).",
            "Paste the secret again from Autotask, or generate a new one with Autotask's password generator.",
        ));
    }
    Ok(())
}

pub fn validate_zone_url(value: &str) -> Result<Url, IpcError> {
    let fix = "Paste the zone's API address, e.g. https://webservices15.autotask.net/ATServicesRest/, or leave the field empty to detect it.";
    let url = Url::parse(value)
        .map_err(|_| invalid(Field::ZoneUrl, "The zone URL is not a valid address.", fix))?;
    if url.host_str().is_none() || !matches!(url.scheme(), "https" | "http") {
        return Err(invalid(
            Field::ZoneUrl,
            "The zone URL must be a web address.",
            fix,
        ));
    }
    Ok(url)
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
        return (Err(ValidationError(errors)), notices);
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
    let errors = result.err().map(|e| e.0).unwrap_or_default();
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
    fn any_domain_is_accepted_but_the_shape_is_not_optional() {
        assert!(validate_username("vectis@APIUSER.com").is_ok());
        assert!(validate_username("x7k2m9q4p1z8c3v@contoso-msp.co.uk").is_ok());
        for bad in [
            "",
            "noat",
            "@msp.com",
            "key@",
            "key@nodot",
            "a@b@c.com",
            "ke(y@msp.com",
            "k y@msp.com",
        ] {
            let e = validate_username(bad).unwrap_err();
            assert_eq!(
                (e.code, e.field),
                (ErrorCode::InvalidInput, Some(Field::Username)),
                "{bad}"
            );
            assert!(e.remediation.contains("key@"), "{bad}");
        }
    }

    #[test]
    fn integration_code_must_be_upper_alphanumeric_and_warns_on_length() {
        let mut notices = Vec::new();
        assert!(validate_integration_code(CODE, &mut notices).is_ok());
        assert!(notices.is_empty());
        assert!(validate_integration_code("ABC123", &mut notices).is_ok());
        assert_eq!(notices.len(), 1);
        assert!(notices[0].message.contains("27"));
        for bad in ["", "abc", "ABC-123", "ÄBC"] {
            assert_eq!(
                validate_integration_code(bad, &mut notices)
                    .unwrap_err()
                    .field,
                Some(Field::IntegrationCode)
            );
        }
    }

    #[test]
    fn secret_must_fit_in_an_http_header() {
        assert!(validate_secret("Aa1*#$~@!").is_ok());
        assert!(validate_secret("").is_err());
        assert!(validate_secret("pässword").is_err());
        assert!(validate_secret("a\u{7}b").is_err());
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
