//! The connection Test: zone lookup → one authenticated call → everything else in parallel.
//! Three sequential round trips with an unknown zone, two with a known one. A failed
//! authenticated call is never retried (repeated bad secrets lock the API user); only the
//! unauthenticated zone lookup is repeated while a new user propagates.

use std::future::Future;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use super::ticket_defaults::{self, TicketOptions};
use super::{permission_fix, ApiError, AutotaskClient, Zone, REQUIRED_SECURITY_LEVEL};
use crate::error::{ErrorCode, IpcError, ToIpcError};
use crate::validation::Credentials;

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    pub id: String,
    pub label: String,
    pub status: CheckStatus,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AccessKind {
    Read,
    Create,
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
    pub entity: String,
    pub access: AccessKind,
    pub level: AccessLevel,
    pub granted: bool,
    /// What to change in Autotask when not granted (or only restricted).
    pub fix: Option<String>,
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
    pub usage: Option<Usage>,
    pub error: Option<IpcError>,
    #[ts(type = "number")]
    pub elapsed_ms: u64,
    /// A custom endpoint (simulator) was used instead of Autotask's own.
    pub custom_endpoint: bool,
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

#[derive(Debug, Clone, Copy)]
pub struct PropagationWait {
    pub total: Duration,
    pub interval: Duration,
}

impl Default for PropagationWait {
    fn default() -> Self {
        // Autotask: "can sometimes take up to 5 minutes to become available".
        Self {
            total: Duration::from_secs(300),
            interval: Duration::from_secs(15),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct TestOptions {
    pub wait_for_propagation: Option<PropagationWait>,
    /// A zone saved earlier: no lookup needed (two round trips instead of three).
    pub known_zone: Option<Zone>,
}

/// The report plus what the app keeps in memory for the next step (never sent as-is).
#[derive(Debug, Clone)]
pub struct TestOutcome {
    pub report: TestReport,
    pub zone: Option<Zone>,
    pub ticket_options: Option<TicketOptions>,
}

struct Required {
    entity: &'static str,
    label: &'static str,
    access: AccessKind,
}

const REQUIRED: &[Required] = &[
    Required {
        entity: "Companies",
        label: "Companies",
        access: AccessKind::Read,
    },
    Required {
        entity: "Tickets",
        label: "Tickets",
        access: AccessKind::Read,
    },
    Required {
        entity: "Contracts",
        label: "Contracts",
        access: AccessKind::Read,
    },
    Required {
        entity: "TimeEntries",
        label: "Time Entries",
        access: AccessKind::Read,
    },
    Required {
        entity: "Tickets",
        label: "Tickets",
        access: AccessKind::Create,
    },
    Required {
        entity: "TicketNotes",
        label: "Ticket Notes",
        access: AccessKind::Create,
    },
];

/// Entities whose `entityInformation` the matrix reads, each once.
const INFO_ENTITIES: &[&str] = &[
    "Companies",
    "Tickets",
    "Contracts",
    "TimeEntries",
    "TicketNotes",
];

fn verb(access: AccessKind) -> &'static str {
    match access {
        AccessKind::Read => "read",
        AccessKind::Create => "create",
    }
}

fn permission_check_id(r: &Required) -> String {
    format!("permission.{}.{}", r.entity, verb(r.access))
}

fn initial_checks() -> Vec<Check> {
    let mut checks = vec![
        Check {
            id: "zone".into(),
            label: "Find the Autotask zone".into(),
            status: CheckStatus::Pending,
            message: String::new(),
        },
        Check {
            id: "signIn".into(),
            label: "Sign in as the API user".into(),
            status: CheckStatus::Pending,
            message: String::new(),
        },
    ];
    checks.extend(REQUIRED.iter().map(|r| Check {
        id: permission_check_id(r),
        label: format!("Permission: {} {}", verb(r.access), r.label),
        status: CheckStatus::Pending,
        message: String::new(),
    }));
    checks.push(Check {
        id: "usage".into(),
        label: "API usage this hour".into(),
        status: CheckStatus::Pending,
        message: String::new(),
    });
    checks.push(Check {
        id: "ticketOptions".into(),
        label: "Load queues, categories, statuses and priorities".into(),
        status: CheckStatus::Pending,
        message: String::new(),
    });
    checks
}

struct Run<'a, F: Fn(TestEvent)> {
    report: TestReport,
    on_event: &'a F,
    cancel: &'a CancellationToken,
}

impl<F: Fn(TestEvent)> Run<'_, F> {
    fn set(&mut self, id: &str, status: CheckStatus, message: impl Into<String>) {
        if let Some(check) = self.report.checks.iter_mut().find(|c| c.id == id) {
            check.status = status;
            check.message = message.into();
            (self.on_event)(TestEvent::Check {
                check: check.clone(),
            });
        }
    }

    fn skip_pending(&mut self) {
        let pending: Vec<String> = self
            .report
            .checks
            .iter()
            .filter(|c| matches!(c.status, CheckStatus::Pending | CheckStatus::Running))
            .map(|c| c.id.clone())
            .collect();
        for id in pending {
            self.set(
                &id,
                CheckStatus::Skipped,
                "Not run: an earlier step failed.",
            );
        }
    }

    async fn cancellable<T>(
        &self,
        work: impl Future<Output = Result<T, ApiError>>,
    ) -> Result<T, ApiError> {
        tokio::select! {
            biased;
            _ = self.cancel.cancelled() => Err(ApiError::Cancelled),
            result = work => result,
        }
    }

    fn fail(mut self, check: &str, error: ApiError, started: Instant) -> TestOutcome {
        let ipc = error.to_ipc();
        self.set(check, CheckStatus::Fail, ipc.message.clone());
        self.skip_pending();
        self.report.message = ipc.message.clone();
        self.report.error = Some(ipc);
        self.report.elapsed_ms = started.elapsed().as_millis() as u64;
        let zone = self.report.zone.clone();
        TestOutcome {
            report: self.report,
            zone,
            ticket_options: None,
        }
    }
}

async fn find_zone<F: Fn(TestEvent)>(
    client: &AutotaskClient,
    creds: &Credentials,
    options: &TestOptions,
    run: &Run<'_, F>,
) -> Result<Zone, ApiError> {
    if let Some(zone) = &options.known_zone {
        let api_url = url::Url::parse(&zone.api_url).map_err(|_| ApiError::EndpointNotAllowed {
            url: zone.api_url.clone(),
            reason: "the saved zone URL is not a URL".into(),
        })?;
        client.policy().check_zone_url(&api_url)?;
        return Ok(zone.clone());
    }
    if let Some(url) = &creds.zone_url {
        return client.manual_zone(url);
    }
    let started = Instant::now();
    let mut attempt = 1;
    loop {
        match run.cancellable(client.zone_lookup(&creds.username)).await {
            Err(ApiError::UnknownUser) => {
                let Some(wait) = options.wait_for_propagation else {
                    return Err(ApiError::UnknownUser);
                };
                let remaining = wait.total.saturating_sub(started.elapsed());
                if remaining.is_zero() {
                    return Err(ApiError::UnknownUser);
                }
                let pause = wait.interval.min(remaining);
                (run.on_event)(TestEvent::Waiting {
                    attempt,
                    next_attempt_in_seconds: pause.as_secs_f64().ceil() as u64,
                    remaining_seconds: remaining.as_secs_f64().ceil() as u64,
                });
                run.cancellable(async {
                    tokio::time::sleep(pause).await;
                    Ok(())
                })
                .await?;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// Runs the Test. `on_event` sees every check change; `cancel` stops it at the next await.
pub async fn run_test<F: Fn(TestEvent)>(
    client: &AutotaskClient,
    creds: &Credentials,
    options: TestOptions,
    on_event: &F,
    cancel: &CancellationToken,
) -> TestOutcome {
    let started = Instant::now();
    let mut run = Run {
        report: TestReport {
            ok: false,
            message: String::new(),
            zone: None,
            checks: initial_checks(),
            permissions: Vec::new(),
            usage: None,
            error: None,
            elapsed_ms: 0,
            custom_endpoint: client.policy().is_custom(),
        },
        on_event,
        cancel,
    };
    for check in run.report.checks.clone() {
        on_event(TestEvent::Check { check });
    }

    // 1. Zone (unauthenticated; skipped when the admin typed a zone URL).
    run.set(
        "zone",
        CheckStatus::Running,
        "Looking up the API user's zone…",
    );
    let zone = match find_zone(client, creds, &options, &run).await {
        Ok(zone) => zone,
        Err(e) => return run.fail("zone", e, started),
    };
    let zone_message = match (&zone.name, zone.source) {
        (Some(name), _) => format!("{name} ({})", zone.host),
        (None, _) => format!("Using the zone URL you entered ({})", zone.host),
    };
    run.set("zone", CheckStatus::Pass, zone_message);
    run.report.zone = Some(zone.clone());

    // 2. Exactly one authenticated call; never retried.
    run.set("signIn", CheckStatus::Running, "Signing in…");
    let signed_in = match run
        .cancellable(client.get(&zone, creds, "Version", "Version", "query"))
        .await
    {
        // Zones without `V1.0/Version` (older API): the tenant's own company 0 proves sign-in.
        Err(ApiError::NotFound) => {
            run.cancellable(client.get(&zone, creds, "Companies/0", "Companies", "read"))
                .await
        }
        other => other,
    };
    if let Err(e) = signed_in {
        return run.fail("signIn", e, started);
    }
    run.set(
        "signIn",
        CheckStatus::Pass,
        format!("Signed in as {}", creds.username),
    );

    // 3. Everything else in parallel, one request per endpoint at most (limit: 3).
    for r in REQUIRED {
        run.set(&permission_check_id(r), CheckStatus::Running, "Checking…");
    }
    run.set("usage", CheckStatus::Running, "Reading…");
    run.set("ticketOptions", CheckStatus::Running, "Loading…");
    let info_paths: Vec<String> = INFO_ENTITIES
        .iter()
        .map(|e| format!("{e}/entityInformation"))
        .collect();
    let infos = futures::future::join_all(
        INFO_ENTITIES
            .iter()
            .zip(&info_paths)
            .map(|(entity, path)| client.get(&zone, creds, path, entity, "query")),
    );
    let usage = client.get(
        &zone,
        creds,
        "ThresholdInformation",
        "ThresholdInformation",
        "query",
    );
    let options_load = ticket_defaults::load_options(client, &zone, creds);
    let joined = run
        .cancellable(async {
            let (infos, usage, options) = futures::join!(infos, usage, options_load);
            Ok((infos, usage, options))
        })
        .await;
    let (infos, usage, ticket_options) = match joined {
        Ok(all) => all,
        Err(e) => return run.fail("signIn", e, started),
    };

    let mut missing = Vec::new();
    for r in REQUIRED {
        let index = INFO_ENTITIES
            .iter()
            .position(|e| *e == r.entity)
            .expect("every required entity is read");
        let id = permission_check_id(r);
        let key = match r.access {
            AccessKind::Read => "userAccessForQuery",
            AccessKind::Create => "userAccessForCreate",
        };
        let level = match &infos[index] {
            Ok(info) => AccessLevel::parse(info.get("info").and_then(|i| i.get(key))),
            Err(e) => {
                let ipc = e.to_ipc();
                run.set(&id, CheckStatus::Fail, ipc.message.clone());
                run.report.permissions.push(PermissionResult {
                    entity: r.label.into(),
                    access: r.access,
                    level: AccessLevel::Unknown,
                    granted: false,
                    fix: Some(ipc.remediation),
                });
                missing.push(format!("{} {}", verb(r.access), r.label));
                continue;
            }
        };
        let fix = permission_fix(r.label, verb(r.access));
        let (status, granted, message, fix) = match level {
            AccessLevel::All => (CheckStatus::Pass, true, "Granted".to_string(), None),
            AccessLevel::Restricted => (
                CheckStatus::Warn,
                true,
                format!(
                    "Restricted: the API user sees only some {}. Vectis may miss records.",
                    r.label
                ),
                Some(fix),
            ),
            AccessLevel::None | AccessLevel::Unknown => {
                missing.push(format!("{} {}", verb(r.access), r.label));
                (
                    CheckStatus::Fail,
                    false,
                    format!(
                        "Missing: the security level cannot {} {}.",
                        verb(r.access),
                        r.label
                    ),
                    Some(fix),
                )
            }
        };
        run.set(&id, status, message);
        run.report.permissions.push(PermissionResult {
            entity: r.label.into(),
            access: r.access,
            level,
            granted,
            fix,
        });
    }

    match usage {
        Ok(u) => {
            let n = |k: &str| u.get(k).and_then(Value::as_u64);
            let usage = Usage {
                used: n("currentTimeframeRequestCount").unwrap_or(0),
                limit: n("externalRequestThreshold").unwrap_or(10_000),
                window_minutes: n("requestThresholdTimeframe").unwrap_or(60),
            };
            let share = usage.used as f64 / usage.limit.max(1) as f64;
            let message = format!(
                "{} of {} requests in the last {} minutes",
                usage.used, usage.limit, usage.window_minutes
            );
            // Autotask slows every request down from 50% of the threshold on.
            let status = if share >= 0.5 {
                CheckStatus::Warn
            } else {
                CheckStatus::Pass
            };
            run.set("usage", status, message);
            run.report.usage = Some(usage);
        }
        Err(e) => run.set(
            "usage",
            CheckStatus::Warn,
            format!("Could not read API usage: {}", e.to_ipc().message),
        ),
    }

    let ticket_options = match ticket_options {
        Ok(o) => {
            run.set(
                "ticketOptions",
                CheckStatus::Pass,
                format!(
                    "{} queues, {} categories",
                    o.queues.choices.len(),
                    o.categories.choices.len()
                ),
            );
            Some(o)
        }
        Err(e) => {
            run.set(
                "ticketOptions",
                CheckStatus::Warn,
                format!(
                    "Could not load the lists: {} You can still type IDs.",
                    e.to_ipc().message
                ),
            );
            None
        }
    };

    let mut report = run.report;
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    if missing.is_empty() {
        report.ok = true;
        report.message = format!("Connected to Autotask ({})", zone.host);
    } else {
        report.message = format!(
            "Signed in to Autotask ({}), but the API user's security level is missing permissions.",
            zone.host
        );
        report.error = Some(IpcError::new(
            ErrorCode::PermissionDenied,
            format!(
                "The API user's security level lacks permission to: {}.",
                missing.join("; ")
            ),
            REQUIRED_SECURITY_LEVEL,
        ));
    }
    TestOutcome {
        report,
        zone: Some(zone),
        ticket_options,
    }
}
