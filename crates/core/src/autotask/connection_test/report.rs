//! What a Test reports: checks with stable ids, the permission matrix, usage, the verdict,
//! and the live events the window shows while it runs.

use serde::Serialize;
use ts_rs::TS;

use super::excess::ExcessPermission;
use super::permissions::PermissionResult;
use super::tenant::Tenant;
use crate::autotask::ticket_defaults::TicketOptions;
use crate::autotask::Zone;
use crate::error::IpcError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CheckStatus {
    Pending,
    Running,
    Pass,
    Warn,
    Fail,
    Skipped,
}

impl CheckStatus {
    /// A pass becomes a warning; a warning or failure stays what it is.
    pub fn max_warn(self) -> Self {
        match self {
            Self::Pass => Self::Warn,
            other => other,
        }
    }
}

/// Something the admin should look at that does not fail the Test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// A read works but finds nothing where records must exist.
    LineOfBusiness,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    pub code: WarningCode,
    pub message: String,
    pub remediation: String,
}

/// Every check a Test runs, in the order shown. The UI and scripts match on these ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
pub enum CheckId {
    #[serde(rename = "zone")]
    Zone,
    #[serde(rename = "signIn")]
    SignIn,
    #[serde(rename = "tenant")]
    Tenant,
    #[serde(rename = "permission.Companies.read")]
    CompaniesRead,
    #[serde(rename = "permission.Tickets.read")]
    TicketsRead,
    #[serde(rename = "permission.Contracts.read")]
    ContractsRead,
    #[serde(rename = "permission.TimeEntries.read")]
    TimeEntriesRead,
    #[serde(rename = "permission.Tickets.create")]
    TicketsCreate,
    #[serde(rename = "permission.TicketNotes.create")]
    TicketNotesCreate,
    #[serde(rename = "leastPrivilege")]
    LeastPrivilege,
    #[serde(rename = "usage")]
    Usage,
    #[serde(rename = "ticketOptions")]
    TicketOptions,
}

impl CheckId {
    /// In the order a Test runs them (a test proves the list names every variant).
    pub const ALL: &'static [CheckId] = &[
        Self::Zone,
        Self::SignIn,
        Self::Tenant,
        Self::CompaniesRead,
        Self::TicketsRead,
        Self::ContractsRead,
        Self::TimeEntriesRead,
        Self::TicketsCreate,
        Self::TicketNotesCreate,
        Self::LeastPrivilege,
        Self::Usage,
        Self::TicketOptions,
    ];

    pub fn label(self) -> String {
        match self {
            Self::Zone => "Find the Autotask zone".into(),
            Self::SignIn => "Sign in as the API user".into(),
            Self::Tenant => "Which Autotask tenant".into(),
            Self::LeastPrivilege => "Rights beyond what Vectis needs".into(),
            Self::Usage => "API usage this hour".into(),
            Self::TicketOptions => "Load queues, categories, statuses and priorities".into(),
            permission => super::permissions::requirement(permission)
                .map(|r| format!("Permission: {} {}", r.access.verb(), r.entity.label()))
                .unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    pub id: CheckId,
    pub label: String,
    pub status: CheckStatus,
    pub message: String,
}

impl Check {
    pub fn pending(id: CheckId) -> Self {
        Self {
            id,
            label: id.label(),
            status: CheckStatus::Pending,
            message: String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    #[ts(type = "number")]
    pub used: u64,
    #[ts(type = "number")]
    pub limit: u64,
    #[ts(type = "number")]
    pub window_minutes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TestReport {
    pub ok: bool,
    pub message: String,
    pub zone: Option<Zone>,
    pub checks: Vec<Check>,
    pub permissions: Vec<PermissionResult>,
    /// Every right the API user has that Vectis does not need (empty: none).
    pub excess_permissions: Vec<ExcessPermission>,
    /// The tenant the credentials belong to, when it could be read.
    pub tenant: Option<Tenant>,
    /// What to look at although the Test passed (`line_of_business`).
    pub warnings: Vec<Warning>,
    pub usage: Option<Usage>,
    pub error: Option<IpcError>,
    #[ts(type = "number")]
    pub elapsed_ms: u64,
    /// A custom endpoint (simulator) was used instead of Autotask's own.
    pub custom_endpoint: bool,
    /// The whole report as text, for "Copy details" and the CLI (see `details`).
    pub details: String,
}

impl TestReport {
    pub fn new(custom_endpoint: bool) -> Self {
        Self {
            ok: false,
            message: String::new(),
            zone: None,
            checks: CheckId::ALL.iter().map(|id| Check::pending(*id)).collect(),
            permissions: Vec::new(),
            excess_permissions: Vec::new(),
            tenant: None,
            warnings: Vec::new(),
            usage: None,
            error: None,
            elapsed_ms: 0,
            custom_endpoint,
            details: String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "kind"
)]
pub enum TestEvent {
    Check {
        check: Check,
    },
    /// Waiting for a new API user to propagate before the next zone lookup.
    Waiting {
        attempt: u32,
        #[ts(type = "number")]
        next_attempt_in_seconds: u64,
        #[ts(type = "number")]
        remaining_seconds: u64,
    },
}

/// The report plus what the app keeps in memory for the next step (never sent as-is).
#[derive(Debug, Clone)]
pub struct TestOutcome {
    pub report: TestReport,
    pub zone: Option<Zone>,
    pub ticket_options: Option<TicketOptions>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_id_is_listed_once_and_labelled() {
        // The TypeScript declaration is derived from the enum itself: it names every variant.
        let decl = CheckId::decl();
        let declared = decl.matches('"').count() / 2;
        assert_eq!(declared, CheckId::ALL.len(), "{decl}");
        for id in CheckId::ALL {
            let wire = serde_json::to_value(id).unwrap();
            assert!(decl.contains(&wire.to_string()), "{wire} in {decl}");
            assert!(!id.label().is_empty(), "{id:?} has a label");
        }
    }
}
