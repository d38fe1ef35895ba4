//! Turning raw values into managed ones, and applying them to what the admin asks for: a
//! managed value is used as it is, and asking for another one is refused.

use super::sources::Raw;
use super::{ManagedValues, Policy};
use crate::autotask::ticket_defaults::TicketDefaults;
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

fn text(raw: Raw) -> Result<String, String> {
    match raw {
        Raw::Str(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        other => Err(format!("expected text, found {other:?}")),
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
        "QueueId" => first(&mut v.queue_id, id(raw)),
        "CategoryId" => first(&mut v.category_id, id(raw)),
        "StatusId" => first(&mut v.status_id, id(raw)),
        "PriorityId" => first(&mut v.priority_id, id(raw)),
        "OfferTestTicket" => first(&mut v.offer_test_ticket, flag(raw)),
        "AllowCustomEndpoint" => first(&mut v.allow_custom_endpoint, flag(raw)),
        other => Err(format!(
            "unknown key {other:?} ignored (known: {})",
            super::KEYS.join(", ")
        )),
    }
    .map_err(|why| format!("{key}: {why}"))
}

/// One ticket default the admin asked to change: `Some(None)` clears it.
pub type Change = Option<Option<i64>>;

/// The defaults the admin asked for; `None` fields keep the saved value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DefaultsChange {
    pub queue: Change,
    pub category: Change,
    pub status: Change,
    pub priority: Change,
}

impl DefaultsChange {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

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
        key: &'static str,
        field: Field,
        managed: Option<i64>,
        change: Change,
        saved: Option<i64>,
    ) -> Result<Option<i64>, ManagedError> {
        match (managed, change) {
            (Some(m), Some(asked)) if asked != Some(m) => {
                Err(self.refuse(key, m.to_string(), Some(field)))
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
        let k = &self.keys;
        Ok(TicketDefaults {
            queue_id: self.one(
                "QueueId",
                Field::Queue,
                k.queue_id,
                change.queue,
                saved.queue_id,
            )?,
            category_id: self.one(
                "CategoryId",
                Field::TicketCategory,
                k.category_id,
                change.category,
                saved.category_id,
            )?,
            status_id: self.one(
                "StatusId",
                Field::Status,
                k.status_id,
                change.status,
                saved.status_id,
            )?,
            priority_id: self.one(
                "PriorityId",
                Field::Priority,
                k.priority_id,
                change.priority,
                saved.priority_id,
            )?,
            ..TicketDefaults::default()
        })
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
