//! The connection Test: zone lookup → one authenticated call → everything else in parallel.
//! Three sequential round trips with an unknown zone, two with a known one. A failed
//! authenticated call is never retried (repeated bad secrets lock the API user); only the
//! unauthenticated zone lookup is repeated while a new user propagates.

mod details;
mod fan_out;
mod findings;
mod permissions;
mod report;
mod run;
mod sign_in;
mod zone;

use tokio_util::sync::CancellationToken;

pub use details::details;
pub use permissions::{judge, AccessKind, AccessLevel, PermissionResult, Requirement, REQUIRED};
pub use report::{Check, CheckId, CheckStatus, TestEvent, TestOutcome, TestReport, Usage};
pub use sign_in::sign_in_once;
pub use zone::PropagationWait;

use super::{AutotaskClient, Zone, REQUIRED_SECURITY_LEVEL};
use crate::error::{ErrorCode, IpcError, ToIpcError};
use crate::validation::Credentials;
use run::Run;

#[derive(Debug, Clone, Default)]
pub struct TestOptions {
    pub wait_for_propagation: Option<PropagationWait>,
    /// A zone saved earlier: no lookup needed (two round trips instead of three).
    pub known_zone: Option<Zone>,
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
    let missing = findings::permissions(&answers, &mut run);
    findings::usage(&answers.usage, &mut run);
    let ticket_options = findings::ticket_options(answers.options, &mut run);
    let started = run.started();
    let mut report = verdict(run.report, &zone, &missing);
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

/// Connected when every required permission is there; otherwise say which are missing.
fn verdict(mut report: TestReport, zone: &Zone, missing: &[String]) -> TestReport {
    if missing.is_empty() {
        report.ok = true;
        report.message = format!("Connected to Autotask ({})", zone.host);
        return report;
    }
    report.message = format!(
        "Signed in to Autotask ({}), but the API user's security level is missing permissions.",
        zone.host
    );
    report.error = Some(MissingPermissions(missing.to_vec()).to_ipc());
    report
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
