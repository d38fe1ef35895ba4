//! One check per input field. Each returns the first problem with its field, so the form can
//! show it next to the input.

use url::Url;

use super::{Notice, Problem};
use crate::error::Field;

pub const INTEGRATION_CODE_LENGTH: usize = 27;

/// Trims and records a notice when something was trimmed.
pub(super) fn trimmed(value: &str, field: Field, label: &str, notices: &mut Vec<Notice>) -> String {
    let t = value.trim();
    if t.len() != value.len() {
        notices.push(Notice {
            field,
            message: format!("Removed spaces or line breaks pasted around the {label}."),
        });
    }
    t.to_string()
}

pub fn validate_username(username: &str) -> Result<(), Problem> {
    if username.is_empty() {
        return Err(Problem::UsernameEmpty);
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
        return Err(Problem::UsernameShape);
    }
    if key.contains(['(', ')', ';', ':', '[', ']', '|', '\\', '"'])
        || key.contains(char::is_whitespace)
    {
        return Err(Problem::UsernameCharacter);
    }
    Ok(())
}

pub fn validate_integration_code(code: &str, notices: &mut Vec<Notice>) -> Result<(), Problem> {
    if code.is_empty() {
        return Err(Problem::IntegrationCodeEmpty);
    }
    if !code
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return Err(Problem::IntegrationCodeCharacter);
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

pub fn validate_secret(secret: &str) -> Result<(), Problem> {
    if secret.is_empty() {
        return Err(Problem::SecretEmpty);
    }
    // It travels in an HTTP header.
    if secret.chars().any(|c| c.is_control() || !c.is_ascii()) {
        return Err(Problem::SecretCharacter);
    }
    Ok(())
}

pub fn validate_zone_url(value: &str) -> Result<Url, Problem> {
    let url = Url::parse(value).map_err(|_| Problem::ZoneUrlUnparsable)?;
    if url.host_str().is_none() || !matches!(url.scheme(), "https" | "http") {
        return Err(Problem::ZoneUrlNotWeb);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ErrorCode, ToIpcError};

    const CODE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXY27";

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
            let e = validate_username(bad).unwrap_err().to_ipc();
            assert_eq!(
                (e.code, e.field),
                (ErrorCode::InvalidInput, Some(Field::Username)),
                "{bad}"
            );
            assert!(e.remediation.contains("key@"), "{bad}");
        }
        assert_eq!(validate_username(""), Err(Problem::UsernameEmpty));
        assert_eq!(validate_username("key@nodot"), Err(Problem::UsernameShape));
        assert_eq!(
            validate_username("ke(y@msp.com"),
            Err(Problem::UsernameCharacter)
        );
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
                    .field(),
                Field::IntegrationCode
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
    fn a_zone_url_must_parse_and_be_a_web_address() {
        assert!(validate_zone_url("https://webservices15.autotask.net/ATServicesRest/").is_ok());
        assert_eq!(
            validate_zone_url("not a url"),
            Err(Problem::ZoneUrlUnparsable)
        );
        assert_eq!(
            validate_zone_url("ftp://webservices15.autotask.net/"),
            Err(Problem::ZoneUrlNotWeb)
        );
    }
}
