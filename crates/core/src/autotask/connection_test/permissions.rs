//! The permission matrix: what Vectis needs from the API user's security level, read from
//! `entityInformation` (`userAccessForQuery` / `userAccessForCreate`).

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use super::report::{CheckId, CheckStatus};
use crate::autotask::{permission_fix, ApiError, Entity};
use crate::error::ToIpcError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AccessKind {
    Read,
    Create,
}

impl AccessKind {
    pub fn verb(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Create => "create",
        }
    }

    /// The `entityInformation` field that reports this access.
    pub fn info_key(self) -> &'static str {
        match self {
            Self::Read => "userAccessForQuery",
            Self::Create => "userAccessForCreate",
        }
    }
}

/// The API user's access as Autotask reports it: 0 None, 1 All, 2 Restricted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AccessLevel {
    None,
    All,
    Restricted,
    Unknown,
}

impl AccessLevel {
    /// `userAccessFor*` arrives as an int or as a string, depending on the zone's version.
    pub fn parse(value: Option<&Value>) -> Self {
        match value {
            Some(Value::Number(n)) => match n.as_i64() {
                Some(0) => Self::None,
                Some(1) => Self::All,
                Some(2) => Self::Restricted,
                _ => Self::Unknown,
            },
            Some(Value::String(s)) => match s.to_ascii_lowercase().as_str() {
                "none" | "0" => Self::None,
                "all" | "1" => Self::All,
                "restricted" | "2" => Self::Restricted,
                _ => Self::Unknown,
            },
            _ => Self::Unknown,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PermissionResult {
    /// Autotask's entity name (`Companies`, `TimeEntries`, …), for scripts.
    pub entity: String,
    /// The same for people ("Time Entries").
    pub label: String,
    pub access: AccessKind,
    pub level: AccessLevel,
    pub granted: bool,
    /// What to change in Autotask when not granted (or only restricted).
    pub fix: Option<String>,
}

/// One permission Vectis needs, with the check that reports it.
pub struct Requirement {
    pub check: CheckId,
    pub entity: Entity,
    pub access: AccessKind,
}

const fn need(check: CheckId, entity: Entity, access: AccessKind) -> Requirement {
    Requirement {
        check,
        entity,
        access,
    }
}

/// What Vectis needs from the security level: the one list (the matrix, the TS table, the texts).
pub const REQUIRED: &[Requirement] = &[
    need(CheckId::CompaniesRead, Entity::Companies, AccessKind::Read),
    need(CheckId::TicketsRead, Entity::Tickets, AccessKind::Read),
    need(CheckId::ContractsRead, Entity::Contracts, AccessKind::Read),
    need(
        CheckId::TimeEntriesRead,
        Entity::TimeEntries,
        AccessKind::Read,
    ),
    need(CheckId::TicketsCreate, Entity::Tickets, AccessKind::Create),
    need(
        CheckId::TicketNotesCreate,
        Entity::TicketNotes,
        AccessKind::Create,
    ),
];

pub fn requirement(check: CheckId) -> Option<&'static Requirement> {
    REQUIRED.iter().find(|r| r.check == check)
}

/// The entities whose `entityInformation` the matrix reads, each once, in order.
pub fn info_entities() -> Vec<Entity> {
    let mut entities: Vec<Entity> = Vec::new();
    for r in REQUIRED {
        if !entities.contains(&r.entity) {
            entities.push(r.entity);
        }
    }
    entities
}

/// One requirement judged: the check's status and message, and the matrix row.
pub struct Verdict {
    pub status: CheckStatus,
    pub message: String,
    pub result: PermissionResult,
}

impl Verdict {
    pub fn missing(&self) -> bool {
        !self.result.granted
    }
}

fn row(
    r: &Requirement,
    level: AccessLevel,
    granted: bool,
    fix: Option<String>,
) -> PermissionResult {
    PermissionResult {
        entity: r.entity.name().into(),
        label: r.entity.label().into(),
        access: r.access,
        level,
        granted,
        fix,
    }
}

/// Judges `r` from its entity's `entityInformation` answer.
pub fn judge(r: &Requirement, info: Option<&Result<Value, ApiError>>) -> Verdict {
    let info = match info {
        Some(Ok(info)) => info,
        Some(Err(e)) => {
            let ipc = e.to_ipc();
            return Verdict {
                status: CheckStatus::Fail,
                message: ipc.message,
                result: row(r, AccessLevel::Unknown, false, Some(ipc.remediation)),
            };
        }
        None => &Value::Null,
    };
    let level = AccessLevel::parse(info.get("info").and_then(|i| i.get(r.access.info_key())));
    let fix = Some(permission_fix(r.entity.label(), r.access.verb()));
    let (status, granted, message) = match level {
        AccessLevel::All => return granted(r, level),
        AccessLevel::Restricted => (
            CheckStatus::Warn,
            true,
            match r.access {
                AccessKind::Read => format!(
                    "Restricted: the API user sees only some {}. Vectis may miss records.",
                    r.entity.label()
                ),
                // Autotask: "may perform the action under specific conditions".
                AccessKind::Create => format!(
                    "Restricted: the API user can create {} only under some conditions.",
                    r.entity.label()
                ),
            },
        ),
        AccessLevel::None | AccessLevel::Unknown => (
            CheckStatus::Fail,
            false,
            format!(
                "Missing: the security level cannot {} {}.",
                r.access.verb(),
                r.entity.label()
            ),
        ),
    };
    Verdict {
        status,
        message,
        result: row(r, level, granted, fix),
    }
}

fn granted(r: &Requirement, level: AccessLevel) -> Verdict {
    Verdict {
        status: CheckStatus::Pass,
        message: "Granted".into(),
        result: row(r, level, true, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_entity_is_read_once_and_every_permission_check_has_a_requirement() {
        assert_eq!(
            info_entities(),
            [
                Entity::Companies,
                Entity::Tickets,
                Entity::Contracts,
                Entity::TimeEntries,
                Entity::TicketNotes
            ]
        );
        let permission_checks = CheckId::ALL
            .iter()
            .filter(|id| serde_json::to_string(id).unwrap().contains("permission."));
        for id in permission_checks {
            assert!(requirement(*id).is_some(), "{id:?}");
        }
    }

    #[test]
    fn access_levels_read_as_numbers_or_names() {
        let r = &REQUIRED[0];
        let info = |v: Value| Ok(serde_json::json!({"info": {"userAccessForQuery": v}}));
        assert!(!judge(r, Some(&info(1.into()))).missing());
        assert_eq!(
            judge(r, Some(&info("Restricted".into()))).status,
            CheckStatus::Warn
        );
        assert!(judge(r, Some(&info(0.into()))).missing());
        assert!(judge(r, None).missing());
    }
}
