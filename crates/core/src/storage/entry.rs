//! The keychain value: versioned, the integration code and secret together, and the one rule
//! for whether a value belongs to the saved user name.

use serde::{Deserialize, Serialize};

use super::StorageError;
use crate::secret::Secret;
use crate::validation::Credentials;

/// Windows limits a credential blob to 2,560 bytes (UTF-16); stay well under.
pub const MAX_ENTRY_BYTES: usize = 1024;
const ENTRY_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    version: u32,
    username: String,
    integration_code: String,
    secret: String,
}

impl Entry {
    fn parse(value: &str) -> Option<Self> {
        serde_json::from_str(value).ok()
    }

    /// Autotask user names are e-mail addresses: case does not make another user.
    fn belongs_to(&self, username: &str) -> bool {
        self.username.eq_ignore_ascii_case(username)
    }
}

/// The value to store for `creds`, refused before anything is written when it is too large.
pub(super) fn encode(creds: &Credentials) -> Result<String, StorageError> {
    let value = serde_json::to_string(&Entry {
        version: ENTRY_VERSION,
        username: creds.username.clone(),
        integration_code: creds.integration_code.expose().to_string(),
        secret: creds.secret.expose().to_string(),
    })
    .map_err(|_| StorageError::DamagedEntry)?;
    if value.len() > MAX_ENTRY_BYTES {
        return Err(StorageError::EntryTooLarge {
            bytes: Some(value.len()),
            max: MAX_ENTRY_BYTES,
        });
    }
    Ok(value)
}

/// The credentials in a stored value, which must be this version's and `username`'s.
pub(super) fn decode(value: &str, username: &str) -> Result<Credentials, StorageError> {
    let entry = Entry::parse(value).ok_or(StorageError::DamagedEntry)?;
    if entry.version != ENTRY_VERSION || !entry.belongs_to(username) {
        return Err(StorageError::DamagedEntry);
    }
    // The zone is in the settings; callers use it as a known zone.
    Ok(Credentials {
        integration_code: Secret::new(entry.integration_code),
        username: entry.username,
        secret: Secret::new(entry.secret),
        zone_url: None,
    })
}

/// The user name a stored value belongs to, when it is one of this app's entries.
pub(super) fn username(value: &str) -> Option<String> {
    Entry::parse(value)
        .filter(|entry| entry.version == ENTRY_VERSION && !entry.username.trim().is_empty())
        .map(|entry| entry.username)
}

/// Whether a stored value is `username`'s entry (of any version), to find the right slot.
pub(super) fn holds_user(value: &str, username: &str) -> bool {
    Entry::parse(value).is_some_and(|entry| entry.belongs_to(username))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds(username: &str, secret: &str) -> Credentials {
        Credentials {
            integration_code: Secret::new("ABCDEFGHIJKLMNOPQRSTUVWXY27"),
            username: username.into(),
            secret: Secret::new(secret),
            zone_url: None,
        }
    }

    #[test]
    fn a_value_decodes_only_for_its_own_user_name_in_any_case() {
        let value = encode(&creds("Key@MSP.com", "s3cret")).unwrap();
        let read = decode(&value, "key@msp.com").unwrap();
        assert_eq!(read.secret.expose(), "s3cret");
        assert_eq!(
            read.integration_code.expose(),
            "ABCDEFGHIJKLMNOPQRSTUVWXY27"
        );
        assert_eq!(read.username, "Key@MSP.com");
        assert!(holds_user(&value, "KEY@msp.COM"));
        assert_eq!(
            decode(&value, "other@msp.com").unwrap_err(),
            StorageError::DamagedEntry
        );
        assert!(!holds_user(&value, "other@msp.com"));
    }

    #[test]
    fn damaged_or_other_version_values_are_refused() {
        assert_eq!(
            decode("{ torn", "key@msp.com").unwrap_err(),
            StorageError::DamagedEntry
        );
        assert!(!holds_user("{ torn", "key@msp.com"));
        let newer = r#"{"version":2,"username":"key@msp.com","integrationCode":"C","secret":"s"}"#;
        assert_eq!(
            decode(newer, "key@msp.com").unwrap_err(),
            StorageError::DamagedEntry
        );
        assert!(
            holds_user(newer, "key@msp.com"),
            "the slot is still the user's"
        );
    }

    #[test]
    fn the_stored_shape_is_versioned_camel_case_json_within_the_limit() {
        let value = encode(&creds("key@msp.com", "s")).unwrap();
        assert!(value.contains("\"version\":1"), "{value}");
        assert!(value.contains("\"integrationCode\":"), "{value}");
        let e = encode(&creds("key@msp.com", &"x".repeat(MAX_ENTRY_BYTES))).unwrap_err();
        assert!(matches!(
            e,
            StorageError::EntryTooLarge {
                bytes: Some(bytes),
                max: MAX_ENTRY_BYTES
            } if bytes > MAX_ENTRY_BYTES
        ));
    }
}
