//! The connection Test: zone lookup → one authenticated call → everything else in parallel.
//! Three sequential round trips with an unknown zone, two with a known one. A failed
//! authenticated call is never retried (repeated bad secrets lock the API user); only the
//! unauthenticated zone lookup is repeated while a new user propagates.

mod details;
mod excess;
mod fan_out;
mod findings;
mod permissions;
mod proof;
mod report;
mod run;
mod sign_in;
mod tenant;
mod zone;

use tokio_util::sync::CancellationToken;

pub use details::details;
pub use excess::{ExcessPermission, LEAST_PRIVILEGE_FIX, NEVER_TOUCHES};
pub use fan_out::{all_info_entities, probe_call, probe_entities};
pub use permissions::{
    judge, AccessKind, AccessLevel, PermissionResult, Proof, Requirement, REQUIRED,
};
pub use proof::LINE_OF_BUSINESS_FIX;
pub use report::{
    Check, CheckId, CheckStatus, TestEvent, TestOutcome, TestReport, Usage, Warning, WarningCode,
};
pub use sign_in::sign_in_once;
pub use tenant::{Tenant, WrongTenant};
pub use zone::{note_moved_zone_saved, PropagationWait};

use super::{AutotaskClient, Zone, REQUIRED_SECURITY_LEVEL};
use crate::error::{ErrorCode, IpcError, ToIpcError};
use crate::validation::Credentials;
use run::Run;

#[derive(Debug, Clone, Default)]
pub struct TestOptions {
    pub wait_for_propagation: Option<PropagationWait>,
    /// A zone saved earlier: no lookup needed (two round trips instead of three).
    pub known_zone: Option<Zone>,
    /// What the organisation requires (managed keys); the Test fails when it is not met.
    pub demands: Demands,
}

/// The organisation's demands on a connection (`RequireLeastPrivilege`, `ExpectedTenant`).
#[derive(Debug, Clone, Default)]
pub struct Demands {
    /// Rights beyond what Vectis needs fail the Test.
    pub least_privilege: bool,
    /// The tenant's company name or number; another tenant fails the Test.
    pub expected_tenant: Option<String>,
}

/// Runs the Test. `on_event` sees every check change; `cancel` stops it at the next await.
pub async fn run_test<F: Fn(TestEvent)>(
    client: &AutotaskClient,
    creds: &Credentials,
    options: TestOptions,
    on_event: &F,
    cancel: &CancellationToken,
) -> TestOutcome {
    let mut run = Run::start(client.policy().is_custom(), on_event, cancel);
    let zone = match &options.known_zone {
        Some(saved) => signed_in_on_saved(client, creds, saved, &mut run).await,
        None => signed_in_on_new(client, creds, &options, &mut run).await,
    };
    let zone = match zone {
        Ok(zone) => zone,
        Err((check, e)) => return run.fail(check, e),
    };
    let answers = match fan_out::fan_out(client, &zone, creds, &mut run).await {
        Ok(answers) => answers,
        Err(e) => return run.fail(None, e),
    };
    findings::tenant(&answers, &zone, &mut run);
    let missing = findings::permissions(&answers, &mut run);
    let demands = &options.demands;
    let excess = findings::excess_rights(&answers, demands.least_privilege, &mut run);
    findings::usage(&answers.usage, &mut run);
    let ticket_options = findings::ticket_options(answers.options, &mut run);
    let wrong = WrongTenant::check(
        run.report.tenant.as_ref(),
        demands.expected_tenant.as_deref(),
    );
    if wrong.is_err() {
        let message = run.report.tenant.as_ref().map_or_else(
            || "Could not be named, so not confirmed".into(),
            Tenant::describe,
        );
        let expected = demands.expected_tenant.clone().unwrap_or_default();
        let text = format!("{message}; your organisation expects \u{201c}{expected}\u{201d}");
        run.set(CheckId::Tenant, CheckStatus::Fail, text);
    }
    let started = run.started();
    let refusal = Refusal {
        wrong_tenant: wrong.err(),
        missing,
        excess: demands.least_privilege && !excess.is_empty(),
    };
    let mut report = verdict(run.report, &zone, refusal);
    Run::<F>::finish(&mut report, started);
    TestOutcome {
        report,
        zone: Some(zone),
        ticket_options,
    }
}

type StepError = (Option<CheckId>, super::ApiError);

/// Steps 1 and 2 for a zone not known yet: find it, then sign in there.
async fn signed_in_on_new<F: Fn(TestEvent)>(
    client: &AutotaskClient,
    creds: &Credentials,
    options: &TestOptions,
    run: &mut Run<'_, F>,
) -> Result<Zone, StepError> {
    let zone = zone::find(client, creds, options.wait_for_propagation, run)
        .await
        .map_err(|e| (Some(CheckId::Zone), e))?;
    sign_in::sign_in(client, &zone, creds, run)
        .await
        .map_err(|e| (Some(CheckId::SignIn), e))?;
    Ok(zone)
}

/// Steps 1 and 2 with a saved zone: lookup and sign-in side by side; a moved tenant signs
/// in again on its new zone.
async fn signed_in_on_saved<F: Fn(TestEvent)>(
    client: &AutotaskClient,
    creds: &Credentials,
    saved: &Zone,
    run: &mut Run<'_, F>,
) -> Result<Zone, StepError> {
    let confirmed = zone::confirm_saved(client, creds, saved, run)
        .await
        .map_err(|e| (Some(CheckId::Zone), e))?;
    let (zone, signed_in) = match confirmed {
        zone::Confirmed::Same(zone, signed_in) => (zone, signed_in),
        zone::Confirmed::Moved(zone) => {
            let signed_in = run
                .cancellable(sign_in::sign_in_once(client, &zone, creds))
                .await;
            (zone, signed_in)
        }
    };
    signed_in.map_err(|e| (Some(CheckId::SignIn), e))?;
    sign_in::passed(creds, run);
    Ok(zone)
}

/// Why a signed-in Test still fails, most important first.
struct Refusal {
    wrong_tenant: Option<WrongTenant>,
    missing: Vec<String>,
    /// Rights beyond need while the organisation requires least privilege.
    excess: bool,
}

/// Connected when it is the expected tenant, with every required permission and (when the
/// organisation requires it) nothing more; otherwise say what is wrong.
fn verdict(mut report: TestReport, zone: &Zone, refusal: Refusal) -> TestReport {
    let host = &zone.host;
    let (message, error) = if let Some(wrong) = refusal.wrong_tenant {
        let message = format!(
            "Signed in to Autotask ({host}), but not to the tenant your organisation expects."
        );
        (message, wrong.to_ipc())
    } else if !refusal.missing.is_empty() {
        let message = format!("Signed in to Autotask ({host}), but the API user's security level is missing permissions.");
        (message, MissingPermissions(refusal.missing).to_ipc())
    } else if refusal.excess {
        let message = format!("Signed in to Autotask ({host}), but the API user can do more than Vectis needs, and your organisation requires least privilege.");
        (
            message,
            ExcessRights(report.excess_permissions.len()).to_ipc(),
        )
    } else {
        report.ok = true;
        report.message = match report.tenant.as_ref().and_then(|t| t.name.as_deref()) {
            Some(name) => format!("Connected to Autotask ({host}) \u{2014} {name}"),
            None => format!("Connected to Autotask ({host})"),
        };
        return report;
    };
    report.message = message;
    report.error = Some(error);
    report
}

/// Rights beyond need while the organisation's `RequireLeastPrivilege` is on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} rights beyond what Vectis needs")]
pub struct ExcessRights(pub usize);

impl ToIpcError for ExcessRights {
    fn to_ipc(&self) -> IpcError {
        IpcError::new(
            ErrorCode::ExcessPermissions,
            format!(
                "The API user has {} right(s) beyond what Vectis needs, and your organisation requires least privilege (RequireLeastPrivilege). Nothing was saved.",
                self.0
            ),
            LEAST_PRIVILEGE_FIX,
        )
    }
}

/// Signed in, but the security level lacks what Vectis needs ("read Contracts", …).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("missing permissions: {}", .0.join("; "))]
pub struct MissingPermissions(pub Vec<String>);

impl ToIpcError for MissingPermissions {
    fn to_ipc(&self) -> IpcError {
        IpcError::new(
            ErrorCode::PermissionDenied,
            format!(
                "The API user's security level lacks permission to: {}.",
                self.0.join("; ")
            ),
            REQUIRED_SECURITY_LEVEL,
        )
    }
}
