//! Managed configuration: non-secret settings an organisation sets (and so locks) through
//! Group Policy, an MDM profile or a file. A key that is present is managed; a managed value
//! cannot be changed on the machine. Read once at start, highest source first:
//!
//! - Windows: `HKLM\SOFTWARE\Policies\Vectis\AutotaskSetup`, then the same under HKCU;
//! - macOS: managed preferences for `com.vectis.autotask-setup` (computer, then user);
//! - Linux: `/etc/vectis-autotask-setup/policy.json` (one JSON object).
//!
//! Tests replace every source with one file ([`crate::config::POLICY_FILE_VAR`]), honoured
//! only when the custom-endpoint switch is on.

#[cfg(target_os = "macos")]
mod macos;
mod resolve;
mod sources;
#[cfg(windows)]
mod windows;

use serde::Serialize;
use ts_rs::TS;

use crate::config::Config;

pub use resolve::{DefaultsChange, ManagedError};
pub use sources::{parse_json, Raw};

/// The keys, as every source names them (registry values, plist keys, JSON keys).
pub const KEYS: &[&str] = &[
    "ZoneUrl",
    "QueueId",
    "CategoryId",
    "StatusId",
    "PriorityId",
    "OfferTestTicket",
    "AllowCustomEndpoint",
];

/// The Linux machine-wide policy file.
pub const LINUX_POLICY_FILE: &str = "/etc/vectis-autotask-setup/policy.json";
/// The macOS bundle id whose managed preferences are read.
pub const BUNDLE_ID: &str = "com.vectis.autotask-setup";
/// The Windows policy key (under HKLM, then HKCU).
pub const REGISTRY_KEY: &str = r"SOFTWARE\Policies\Vectis\AutotaskSetup";

/// The managed values. `None`: not managed, the admin may choose.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct ManagedValues {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub zone_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub queue_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub category_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub status_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub priority_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub offer_test_ticket: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub allow_custom_endpoint: Option<bool>,
}

/// What the organisation manages on this machine, and where it was read from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    /// The highest source that set a key (e.g. `HKLM\SOFTWARE\Policies\Vectis\AutotaskSetup`).
    pub source: Option<String>,
    /// Every source that set a key, highest first.
    pub sources: Vec<String>,
    /// The managed keys and their values (only keys that are present).
    pub keys: ManagedValues,
    /// Values that could not be used (wrong type, unknown key, unreadable file).
    pub warnings: Vec<String>,
}

impl Policy {
    /// Reads the sources for this platform (or the test file) once; never fails: a source
    /// that cannot be read is a warning.
    pub fn load(config: &Config) -> Self {
        let found = match config.policy_file.as_ref() {
            Some(path) if config.allow_custom_endpoint => vec![sources::file(path)],
            _ => sources::platform(),
        };
        Self::merge(found)
    }

    /// Merges sources given highest first: a key takes the first value found.
    pub fn merge(found: Vec<sources::Found>) -> Self {
        let mut policy = Self::default();
        for source in found {
            policy.warnings.extend(source.warnings);
            let mut contributed = false;
            for (key, raw) in source.values {
                match resolve::assign(&mut policy.keys, &key, raw) {
                    Ok(true) => contributed = true,
                    Ok(false) => {}
                    Err(why) => policy.warnings.push(format!("{}: {why}", source.name)),
                }
            }
            if contributed {
                policy.source.get_or_insert_with(|| source.name.clone());
                policy.sources.push(source.name);
            }
        }
        policy
    }

    pub fn is_managed(&self) -> bool {
        self.source.is_some()
    }

    /// The organisation's endpoint switch wins over the environment's.
    pub fn apply_to_config(&self, config: &mut Config) {
        if let Some(allow) = self.keys.allow_custom_endpoint {
            config.allow_custom_endpoint = allow;
        }
    }
}
