//! Step 2: exactly one authenticated call, never retried (repeated bad secrets lock the API
//! user in Autotask).

use super::report::{CheckId, CheckStatus, TestEvent};
use super::run::Run;
use crate::autotask::{ApiError, AutotaskClient, Call, Entity, Zone};
use crate::validation::Credentials;

/// One authenticated call that proves the credentials, before anything fans out.
pub async fn sign_in_once(
    client: &AutotaskClient,
    zone: &Zone,
    creds: &Credentials,
) -> Result<(), ApiError> {
    match client.call(zone, creds, &Call::version()).await {
        // Zones without `V1.0/Version` (older API): the tenant's own company 0 proves sign-in.
        Err(ApiError::NotFound { .. }) => client
            .call(zone, creds, &Call::read(Entity::Companies, 0))
            .await
            .map(drop),
        other => other.map(drop),
    }
}

pub async fn sign_in<F: Fn(TestEvent)>(
    client: &AutotaskClient,
    zone: &Zone,
    creds: &Credentials,
    run: &mut Run<'_, F>,
) -> Result<(), ApiError> {
    run.set(CheckId::SignIn, CheckStatus::Running, "Signing in…");
    run.cancellable(sign_in_once(client, zone, creds)).await?;
    passed(creds, run);
    Ok(())
}

pub fn passed<F: Fn(TestEvent)>(creds: &Credentials, run: &mut Run<'_, F>) {
    run.set(
        CheckId::SignIn,
        CheckStatus::Pass,
        format!("Signed in as {}", creds.username),
    );
}
