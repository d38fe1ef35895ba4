//! Step 2: exactly one authenticated call, never retried (repeated bad secrets lock the API
//! user in Autotask).

use super::report::{CheckId, CheckStatus, TestEvent};
use super::run::Run;
use crate::autotask::{ApiError, AutotaskClient, Zone};
use crate::validation::Credentials;

pub async fn sign_in<F: Fn(TestEvent)>(
    client: &AutotaskClient,
    zone: &Zone,
    creds: &Credentials,
    run: &mut Run<'_, F>,
) -> Result<(), ApiError> {
    run.set(CheckId::SignIn, CheckStatus::Running, "Signing in…");
    let answer = run
        .cancellable(client.get(zone, creds, "Version", "Version", "query"))
        .await;
    let answer = match answer {
        // Zones without `V1.0/Version` (older API): the tenant's own company 0 proves sign-in.
        Err(ApiError::NotFound) => {
            run.cancellable(client.get(zone, creds, "Companies/0", "Companies", "read"))
                .await
        }
        other => other,
    };
    answer?;
    run.set(
        CheckId::SignIn,
        CheckStatus::Pass,
        format!("Signed in as {}", creds.username),
    );
    Ok(())
}
