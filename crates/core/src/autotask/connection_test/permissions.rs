//! The permission matrix: what Vectis needs from the API user's security level, read from
//! `entityInformation` (`userAccessFor*`); reads are then proven by a real query (`proof.rs`).

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
    Update,
    Delete,
}

impl AccessKind {
    /// Every access `entityInformation` reports, in the order Autotask's editor shows them.
    pub const ALL: [AccessKind; 4] = [Self::Read, Self::Create, Self::Update, Self::Delete];

    pub fn verb(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Create => "create",
            Self::Update => "update",
            Self::Delete => "delete",
        }
    }

    /// The `entityInformation` field that reports this access.
    pub fn info_key(self) -> &'static str {
        match self {
            Self::Read => "userAccessForQuery",
            Self::Create => "userAccessForCreate",
            Self::Update => "userAccessForUpdate",
            Self::Delete => "userAccessForDelete",
        }
    }
}

/// How a granted permission was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Proof {
    /// A real query ran (one row at most).
    Query,
    /// From `entityInformation` only: creates are proven by the opt-in test ticket.
    Metadata,
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
    /// Why Vectis needs this right (one line).
    pub why: String,
    /// Whether a real query proved it, or only the metadata says so.
    pub proof: Proof,
}

/// One permission Vectis needs, with the check that reports it.
pub struct Requirement {
    pub check: CheckId,
    pub entity: Entity,
    pub access: AccessKind,
    /// Why Vectis needs it, in one line for the admin.
    pub why: &'static str,
    /// A read that must find records when it works: none found means the API user may lack a
    /// Line of Business (the tenant's own company always exists; tickets and contracts usually).
    pub expects_rows: bool,
}

/// What Vectis needs from the security level: the one list (the matrix, the TS table, the texts,
/// and what counts as more than Vectis needs).
pub const REQUIRED: &[Requirement] = &[
    Requirement {
        check: CheckId::CompaniesRead,
        entity: Entity::Companies,
        access: AccessKind::Read,
        why: "Vectis's rules look up the company a ticket is for.",
        expects_rows: true,
    },
    Requirement {
        check: CheckId::TicketsRead,
        entity: Entity::Tickets,
        access: AccessKind::Read,
        why: "Vectis's rules read tickets: one already open, and its state.",
        expects_rows: true,
    },
    Requirement {
        check: CheckId::ContractsRead,
        entity: Entity::Contracts,
        access: AccessKind::Read,
        why: "Vectis's rules decide by the company's contract.",
        expects_rows: true,
    },
    Requirement {
        check: CheckId::TimeEntriesRead,
        entity: Entity::TimeEntries,
        access: AccessKind::Read,
        why: "Vectis's rules read the time logged on tickets.",
        expects_rows: false,
    },
    Requirement {
        check: CheckId::TicketsCreate,
        entity: Entity::Tickets,
        access: AccessKind::Create,
        why: "Vectis's rules create tickets.",
        expects_rows: false,
    },
    Requirement {
        check: CheckId::TicketNotesCreate,
        entity: Entity::TicketNotes,
        access: AccessKind::Create,
        why: "Vectis's rules add notes to tickets.",
        expects_rows: false,
    },
];

/// Whether Vectis needs `access` to `entity` (anything else granted is more than it needs).
pub fn needed(entity: Entity, access: AccessKind) -> bool {
    REQUIRED
        .iter()
        .any(|r| r.entity == entity && r.access == access)
}

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

pub(super) fn row(
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
        why: r.why.into(),
        proof: Proof::Metadata,
    }
}

/// `access` as `info` (an `entityInformation` answer) reports it.
pub fn level_in(info: &Value, access: AccessKind) -> AccessLevel {
    AccessLevel::parse(info.get("info").and_then(|i| i.get(access.info_key())))
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
    let level = level_in(info, r.access);
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
                _ => format!(
                    "Restricted: the API user can {} {} only under some conditions.",
                    r.access.verb(),
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
    let message = match r.access {
        AccessKind::Read => "Granted".into(),
        // Nothing is created to prove it: the opt-in test ticket does that.
        _ => "Granted by the security level (not tried: the optional test ticket proves it)".into(),
    };
    Verdict {
        status: CheckStatus::Pass,
        message,
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
