//! Turning raw values into managed ones, and applying them to what the admin asks for: a
//! managed value is used as it is, and asking for another one is refused.

use super::sources::Raw;
use super::{ManagedValues, Policy};
use crate::autotask::ticket_defaults::{
    ByDefault, DefaultField, DefaultSpec, TicketDefaults, DEFAULT_FIELDS,
};
use crate::error::{ErrorCode, Field, IpcError, ToIpcError};

fn id(raw: Raw) -> Result<i64, String> {
    match raw {
        Raw::Int(n) if n > 0 => Ok(n),
        Raw::Str(s) if s.trim().parse::<i64>().is_ok_and(|n| n > 0) => {
            Ok(s.trim().parse().unwrap_or_default())
        }
        other => Err(format!("expected a positive number, found {other:?}")),
    }
}

fn flag(raw: Raw) -> Result<bool, String> {
    match raw {
        Raw::Bool(b) => Ok(b),
        Raw::Int(0) => Ok(false),
        Raw::Int(1) => Ok(true),
        Raw::Str(s) if s.eq_ignore_ascii_case("true") || s == "1" => Ok(true),
        Raw::Str(s) if s.eq_ignore_ascii_case("false") || s == "0" => Ok(false),
        other => Err(format!("expected true/false (1/0), found {other:?}")),
    }
}

/// The longest reminder: ten years (a larger number is a typo, not a schedule).
pub const MAX_REMINDER_DAYS: i64 = 3650;

fn days(raw: Raw) -> Result<u32, String> {
    let n = match raw {
        Raw::Int(n) => Some(n),
        Raw::Str(ref s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    match n {
        Some(n) if (1..=MAX_REMINDER_DAYS).contains(&n) => Ok(u32::try_from(n).unwrap_or(1)),
        _ => Err(format!(
            "expected a number of days from 1 to {MAX_REMINDER_DAYS}, found {raw:?}"
        )),
    }
}

fn text(raw: Raw) -> Result<String, String> {
    match raw {
        Raw::Str(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        other => Err(format!("expected text, found {other:?}")),
    }
}

/// A company name or a tenant number (a registry DWORD arrives as a number).
fn tenant(raw: Raw) -> Result<String, String> {
    match raw {
        Raw::Int(n) if n > 0 => Ok(n.to_string()),
        other => text(other),
    }
}

fn first<T>(slot: &mut Option<T>, value: Result<T, String>) -> Result<bool, String> {
    let value = value?;
    Ok(slot.is_none() && {
        *slot = Some(value);
        true
    })
}

/// Sets `key` unless a higher source already did. `Ok(false)`: already set.
pub fn assign(values: &mut ManagedValues, key: &str, raw: Raw) -> Result<bool, String> {
    let v = values;
    match key {
        "ZoneUrl" => first(&mut v.zone_url, text(raw)),
        "OfferTestTicket" => first(&mut v.offer_test_ticket, flag(raw)),
        "AllowCustomEndpoint" => first(&mut v.allow_custom_endpoint, flag(raw)),
        "RotationReminderDays" => first(&mut v.rotation_reminder_days, days(raw)),
        "RequireLeastPrivilege" => first(&mut v.require_least_privilege, flag(raw)),
        "ExpectedTenant" => first(&mut v.expected_tenant, tenant(raw)),
        other => match DefaultField::from_policy_key(other) {
            Some(field) => first(&mut v.defaults[field], id(raw)),
            None => Err(format!(
                "unknown key {other:?} ignored (known: {})",
                super::keys().join(", ")
            )),
        },
    }
    .map_err(|why| format!("{key}: {why}"))
}

/// One ticket default the admin asked to change: `Some(None)` clears it.
pub type Change = Option<Option<i64>>;

/// The defaults the admin asked for, one [`Change`] each; `None` keeps the saved value.
pub type DefaultsChange = ByDefault<Change>;

/// Asking to change a value the organisation manages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key} is managed by policy ({value} in {origin})")]
pub struct ManagedError {
    pub key: &'static str,
    pub value: String,
    pub origin: String,
    pub field: Option<Field>,
}

impl ToIpcError for ManagedError {
    fn to_ipc(&self) -> IpcError {
        let error = IpcError::new(
            ErrorCode::ManagedByPolicy,
            format!(
                "{} is set by your organization ({} in {}) and cannot be changed on this machine.",
                self.key, self.value, self.origin
            ),
            "Leave this setting out (the managed value is used), or ask your IT administrator to change the policy.",
        );
        match self.field {
            Some(field) => error.with_field(field),
            None => error,
        }
    }
}

impl Policy {
    /// The error for trying to change a managed value.
    fn refuse(&self, key: &'static str, value: String, field: Option<Field>) -> ManagedError {
        ManagedError {
            key,
            value,
            origin: self.source.clone().unwrap_or_else(|| "policy".into()),
            field,
        }
    }

    fn one(
        &self,
        spec: &DefaultSpec,
        change: Change,
        saved: Option<i64>,
    ) -> Result<Option<i64>, ManagedError> {
        match (self.keys.defaults[spec.field], change) {
            (Some(m), Some(asked)) if asked != Some(m) => {
                Err(self.refuse(spec.policy_key, m.to_string(), Some(spec.input)))
            }
            (Some(m), _) => Ok(Some(m)),
            (None, Some(asked)) => Ok(asked),
            (None, None) => Ok(saved),
        }
    }

    /// The defaults to save: managed values as set, the rest as asked, else as saved.
    pub fn resolve_defaults(
        &self,
        change: &DefaultsChange,
        saved: &TicketDefaults,
    ) -> Result<TicketDefaults, ManagedError> {
        let mut resolved = TicketDefaults::default();
        for spec in &DEFAULT_FIELDS {
            resolved.ids[spec.field] = self.one(spec, change[spec.field], saved.id(spec.field))?;
        }
        Ok(resolved)
    }

    /// The zone URL to use: the managed one, unless another was asked for (refused).
    pub fn resolve_zone_url(&self, asked: Option<String>) -> Result<Option<String>, ManagedError> {
        match (&self.keys.zone_url, asked) {
            (Some(m), Some(a)) if a.trim().trim_end_matches('/') != m.trim_end_matches('/') => {
                Err(self.refuse("ZoneUrl", m.clone(), Some(Field::ZoneUrl)))
            }
            (Some(m), _) => Ok(Some(m.clone())),
            (None, asked) => Ok(asked),
        }
    }

    /// Whether the opt-in test ticket may be created here.
    pub fn check_test_ticket(&self) -> Result<(), ManagedError> {
        match self.keys.offer_test_ticket {
            Some(false) => Err(self.refuse("OfferTestTicket", "false".into(), None)),
            _ => Ok(()),
        }
    }
}
