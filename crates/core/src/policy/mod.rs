//! Managed configuration: non-secret settings an organisation sets (and so locks) through
//! Group Policy, an MDM profile or a file. A key that is present is managed; a managed value
//! cannot be changed on the machine. Read once at start, highest source first:
//!
//! - Windows: `HKLM\SOFTWARE\Policies\Vectis\AutotaskSetup`, then the same under HKCU;
//! - macOS: managed preferences for `com.vectis.autotask-setup` (computer, then user);
//! - Linux: `/etc/vectis-autotask-setup/policy.json` (one JSON object).
//!
//! The platform's sources are always read, first: a user's environment cannot replace them.
//! Tests may add one file ([`crate::config::POLICY_FILE_VAR`], honoured only with the
//! custom-endpoint switch), whose keys only fill what the platform leaves unset. A source that
//! exists but cannot be read or parsed turns the custom endpoint off (fail closed), and only
//! a machine-wide source may allow it.

#[cfg(target_os = "macos")]
mod macos;
mod resolve;
mod sources;
#[cfg(windows)]
mod windows;

use serde::Serialize;
use ts_rs::TS;

use crate::autotask::ticket_defaults::{ByDefault, DefaultField, PolicyKey, DEFAULT_FIELDS};
use crate::config::Config;

pub use resolve::{DefaultsChange, ManagedError};
pub use sources::{parse_json, Found, Raw};

/// The keys, as every source names them (registry values, plist keys, JSON keys): the zone,
/// one per ticket default (from [`DEFAULT_FIELDS`]), and the switches.
pub fn keys() -> Vec<&'static str> {
    let defaults = DEFAULT_FIELDS.iter().map(|spec| spec.policy_key);
    std::iter::once("ZoneUrl")
        .chain(defaults)
        .chain([
            "OfferTestTicket",
            "AllowCustomEndpoint",
            "RotationReminderDays",
            "RequireLeastPrivilege",
            "ExpectedTenant",
        ])
        .collect()
}

/// The one key that may widen where credentials go; machine-wide sources only.
const ENDPOINT_KEY: &str = "AllowCustomEndpoint";

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
    /// Each ticket default's managed ID (`QueueId`, …).
    #[serde(flatten)]
    #[ts(flatten)]
    pub defaults: ByDefault<Option<i64>, PolicyKey>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub offer_test_ticket: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub allow_custom_endpoint: Option<bool>,
    /// Days after which the status asks for a new secret (off when unset).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub rotation_reminder_days: Option<u32>,
    /// Rights beyond what Vectis needs fail the Test (and so `connect` and Save).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub require_least_privilege: Option<bool>,
    /// The tenant the credentials must belong to: its company name or its number.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub expected_tenant: Option<String>,
}

impl ManagedValues {
    /// The same values with `field` managed as `id`.
    pub fn managing(mut self, field: DefaultField, id: i64) -> Self {
        self.defaults[field] = Some(id);
        self
    }
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
        Self::load_with(config, sources::platform)
    }

    /// [`Self::load`] with the platform's sources from `platform` (tests).
    pub fn load_with(config: &Config, platform: impl FnOnce() -> Vec<sources::Found>) -> Self {
        let mut found = platform();
        if let (Some(path), true) = (config.policy_file.as_ref(), config.allow_custom_endpoint) {
            found.push(sources::file(path));
        }
        Self::merge(found)
    }

    /// Merges sources given highest first: a key takes the first value found.
    pub fn merge(found: Vec<sources::Found>) -> Self {
        let mut policy = Self::default();
        let mut fail_closed = false;
        for source in found {
            policy.warnings.extend(source.warnings);
            fail_closed |= source.failed;
            let mut contributed = false;
            for (key, raw) in source.values {
                if key == ENDPOINT_KEY && source.user_scope {
                    let why = format!("{ENDPOINT_KEY} is a machine-wide setting; ignored here");
                    policy.warnings.push(format!("{}: {why}", source.name));
                    continue;
                }
                match resolve::assign(&mut policy.keys, &key, raw) {
                    Ok(true) => contributed = true,
                    Ok(false) => {}
                    Err(why) => {
                        fail_closed |= key == ENDPOINT_KEY;
                        policy.warnings.push(format!("{}: {why}", source.name));
                    }
                }
            }
            if contributed {
                policy.source.get_or_insert_with(|| source.name.clone());
                policy.sources.push(source.name);
            }
        }
        if fail_closed {
            policy.keys.allow_custom_endpoint = Some(false);
            policy.warnings.push(format!(
                "{ENDPOINT_KEY} is off: a policy source could not be used, so production Autotask only"
            ));
        }
        policy
    }

    pub fn is_managed(&self) -> bool {
        self.source.is_some()
    }

    /// What every Test must meet on this machine.
    pub fn demands(&self) -> crate::autotask::connection_test::Demands {
        crate::autotask::connection_test::Demands {
            least_privilege: self.keys.require_least_privilege.unwrap_or(false),
            expected_tenant: self.keys.expected_tenant.clone(),
        }
    }

    /// What both front ends start from: the policy, read once, and the configuration it
    /// leaves (its endpoint switch wins over the environment's).
    pub fn governed(config: &Config) -> (Config, Self) {
        Self::governed_with(config, sources::platform)
    }

    /// [`Self::governed`] with the platform's sources from `platform` (tests).
    pub fn governed_with(
        config: &Config,
        platform: impl FnOnce() -> Vec<sources::Found>,
    ) -> (Config, Self) {
        let policy = Self::load_with(config, platform);
        let mut governed = config.clone();
        policy.apply_to_config(&mut governed);
        (governed, policy)
    }

    /// The organisation's endpoint switch wins over the environment's.
    pub fn apply_to_config(&self, config: &mut Config) {
        if let Some(allow) = self.keys.allow_custom_endpoint {
            config.allow_custom_endpoint = allow;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    const ADMX: &str = include_str!("../../../../docs/deploy/vectis-autotask-setup.admx");
    const ADML: &str = include_str!("../../../../docs/deploy/en-US/vectis-autotask-setup.adml");
    const PROFILE: &str =
        include_str!("../../../../docs/deploy/vectis-autotask-setup.mobileconfig");
    const EXAMPLE: &str = include_str!("../../../../docs/deploy/policy.example.json");

    fn between<'a>(text: &'a str, open: &str, close: &str) -> BTreeSet<&'a str> {
        text.split(open)
            .skip(1)
            .filter_map(|rest| rest.split(close).next())
            .collect()
    }

    fn key_set() -> BTreeSet<&'static str> {
        keys().into_iter().collect()
    }

    #[test]
    fn only_the_machine_can_allow_a_custom_endpoint_in_the_admx() {
        let policy = ADMX
            .split("<policy ")
            .find(|p| p.contains("valueName=\"AllowCustomEndpoint\""))
            .expect("the ADMX has AllowCustomEndpoint");
        assert!(
            policy.contains("class=\"Machine\""),
            "AllowCustomEndpoint is a machine policy (HKCU may not allow it): {policy}"
        );
    }

    #[test]
    fn the_admx_template_writes_exactly_the_keys_the_code_reads() {
        assert_eq!(between(ADMX, "valueName=\"", "\""), key_set());
        for key in between(ADMX, "key=\"", "\"") {
            assert_eq!(key, REGISTRY_KEY);
        }
        for id in between(ADMX, "$(string.", ")") {
            assert!(
                ADML.contains(&format!("<string id=\"{id}\">")),
                "ADML misses {id}"
            );
        }
        for id in between(ADMX, "$(presentation.", ")") {
            assert!(
                ADML.contains(&format!("<presentation id=\"{id}\">")),
                "ADML misses {id}"
            );
        }
    }

    #[test]
    fn the_example_profile_and_policy_file_name_every_key() {
        let profile: BTreeSet<_> = between(PROFILE, "<key>", "</key>")
            .into_iter()
            .filter(|k| !k.starts_with("Payload"))
            .collect();
        assert_eq!(profile, key_set());
        assert!(PROFILE.contains(&format!("<string>{BUNDLE_ID}</string>")));
        let policy = Policy::merge(vec![parse_json("example", EXAMPLE)]);
        assert!(policy.warnings.is_empty(), "{:?}", policy.warnings);
        let set = serde_json::to_value(&policy.keys).unwrap();
        assert_eq!(set.as_object().unwrap().len(), keys().len());
    }

    #[test]
    fn the_highest_source_wins_each_key_and_bad_values_are_warnings() {
        let machine = parse_json("HKLM", r#"{"QueueId": 5, "OfferTestTicket": 0}"#);
        let user = parse_json(
            "HKCU",
            r#"{"QueueId": 6, "CategoryId": "7", "StatusId": -1, "Nope": 1}"#,
        );
        let policy = Policy::merge(vec![machine, user]);
        assert_eq!(policy.keys.defaults[DefaultField::Queue], Some(5));
        assert_eq!(policy.keys.defaults[DefaultField::Category], Some(7));
        assert_eq!(policy.keys.offer_test_ticket, Some(false));
        assert_eq!(policy.keys.defaults[DefaultField::Status], None);
        assert_eq!(
            (policy.source.as_deref(), policy.sources.len()),
            (Some("HKLM"), 2)
        );
        assert_eq!(policy.warnings.len(), 2, "{:?}", policy.warnings);
        let broken = Policy::merge(vec![parse_json("f", "[1]")]);
        assert!(!broken.is_managed() && broken.warnings.len() == 2);
    }

    #[test]
    fn the_rotation_reminder_is_a_number_of_days_and_off_when_unset() {
        let days = |json: &str| {
            let policy = Policy::merge(vec![parse_json("p", json)]);
            (policy.keys.rotation_reminder_days, policy.warnings.len())
        };
        assert_eq!(days("{}"), (None, 0));
        assert_eq!(days(r#"{"RotationReminderDays": 90}"#), (Some(90), 0));
        assert_eq!(days(r#"{"RotationReminderDays": " 365 "}"#), (Some(365), 0));
        assert_eq!(days(r#"{"RotationReminderDays": 3650}"#), (Some(3650), 0));
        for bad in ["0", "-7", "3651", "true", "\"ninety\""] {
            let json = format!(r#"{{"RotationReminderDays": {bad}}}"#);
            assert_eq!(days(&json), (None, 1), "{json}");
        }
    }

    #[test]
    fn a_managed_default_is_used_and_only_the_same_value_is_accepted() {
        let policy = Policy::merge(vec![parse_json("p", r#"{"QueueId": 5}"#)]);
        let saved = TicketDefaultsFixture::saved();
        let keep = policy
            .resolve_defaults(&DefaultsChange::default(), &saved)
            .unwrap();
        assert_eq!(
            (
                keep.id(DefaultField::Queue),
                keep.id(DefaultField::Category)
            ),
            (Some(5), Some(3))
        );
        let same = DefaultsChange::default()
            .with(DefaultField::Queue, Some(Some(5)))
            .with(DefaultField::Priority, Some(None));
        let resolved = policy.resolve_defaults(&same, &saved).unwrap();
        assert_eq!(
            resolved.id(DefaultField::Priority),
            None,
            "an unmanaged value can be cleared"
        );
        let other = DefaultsChange::default().with(DefaultField::Queue, Some(Some(6)));
        let refused = policy.resolve_defaults(&other, &saved).unwrap_err();
        use crate::error::ToIpcError;
        assert_eq!(
            refused.to_ipc().code,
            crate::error::ErrorCode::ManagedByPolicy
        );
        assert_eq!(refused.to_ipc().field, Some(crate::error::Field::Queue));
    }

    struct TicketDefaultsFixture;
    impl TicketDefaultsFixture {
        fn saved() -> crate::autotask::ticket_defaults::TicketDefaults {
            crate::autotask::ticket_defaults::TicketDefaults::default()
                .with(DefaultField::Queue, 9)
                .with(DefaultField::Category, 3)
                .with(DefaultField::Priority, 4)
        }
    }

    fn sim_config(dir: &std::path::Path, file: &str) -> Config {
        let path = dir.join("policy.json");
        std::fs::write(&path, file).unwrap();
        Config {
            zone_lookup_url: Some("http://127.0.0.1:9/atservicesrest/".into()),
            allow_custom_endpoint: true,
            policy_file: Some(path),
            ..Config::default()
        }
    }

    #[test]
    fn the_machine_policy_wins_over_a_test_file_named_in_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let config = sim_config(
            dir.path(),
            r#"{"AllowCustomEndpoint": 1, "QueueId": 9, "CategoryId": 3}"#,
        );
        let machine = || {
            vec![parse_json(
                "HKLM",
                r#"{"AllowCustomEndpoint":0,"QueueId":5}"#,
            )]
        };
        let (governed, policy) = Policy::governed_with(&config, machine);
        assert!(!governed.allow_custom_endpoint);
        assert_eq!(
            (
                policy.keys.defaults[DefaultField::Queue],
                policy.keys.defaults[DefaultField::Category]
            ),
            (Some(5), Some(3)),
            "the file only fills what the machine leaves unset"
        );
        assert_eq!(policy.source.as_deref(), Some("HKLM"));
        let nowhere = Config {
            policy_file: Some(dir.path().join("nonexistent.json")),
            ..config
        };
        assert!(
            !Policy::governed_with(&nowhere, machine)
                .0
                .allow_custom_endpoint
        );
    }

    #[test]
    fn an_unusable_policy_source_turns_the_custom_endpoint_off() {
        let dir = tempfile::tempdir().unwrap();
        let config = sim_config(dir.path(), "{}");
        let unreadable = || vec![Found::new("/etc/x/policy.json").failed("cannot be read".into())];
        let (governed, policy) = Policy::governed_with(&config, unreadable);
        assert!(!governed.allow_custom_endpoint);
        assert!(policy.warnings.iter().any(|w| w.contains("cannot be read")));
        let trailing_comma = || vec![parse_json("/etc/x/policy.json", r#"{"QueueId": 5,}"#)];
        assert!(
            !Policy::governed_with(&config, trailing_comma)
                .0
                .allow_custom_endpoint
        );
        let wrong_type = || vec![parse_json("HKLM", r#"{"AllowCustomEndpoint": "perhaps"}"#)];
        assert!(
            !Policy::governed_with(&config, wrong_type)
                .0
                .allow_custom_endpoint
        );
        let mut user = parse_json("HKCU", r#"{"AllowCustomEndpoint": 1}"#);
        user.user_scope = true;
        let machine_off = Config {
            allow_custom_endpoint: false,
            policy_file: None,
            ..config.clone()
        };
        let user_only = Policy::governed_with(&machine_off, || vec![user.clone()]);
        assert!(
            !user_only.0.allow_custom_endpoint,
            "a user source cannot allow it"
        );
        assert!(
            Policy::governed_with(&config, Vec::new)
                .0
                .allow_custom_endpoint
        );
    }

    #[test]
    fn the_test_policy_file_needs_the_custom_endpoint_switch() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("policy.json");
        std::fs::write(&path, r#"{"AllowCustomEndpoint": false}"#).unwrap();
        let mut config = Config {
            policy_file: Some(path.clone()),
            ..Config::default()
        };
        let name = path.display().to_string();
        assert!(!Policy::load(&config).sources.contains(&name));
        config.allow_custom_endpoint = true;
        let policy = Policy::load(&config);
        assert_eq!(policy.keys.allow_custom_endpoint, Some(false));
        policy.apply_to_config(&mut config);
        assert!(
            !config.allow_custom_endpoint,
            "the organisation's switch wins"
        );
    }
}
