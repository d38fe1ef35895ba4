//! Step 1: the zone. A saved zone is used as it is; a typed zone URL is checked; otherwise
//! the unauthenticated lookup, repeated only while a brand-new API user propagates.

use std::time::{Duration, Instant};

use super::report::{CheckId, CheckStatus, TestEvent};
use super::run::Run;
use super::TestOptions;
use crate::autotask::{ApiError, AutotaskClient, Zone};
use crate::validation::Credentials;

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

fn saved_zone(client: &AutotaskClient, zone: &Zone) -> Result<Zone, ApiError> {
    let api_url = url::Url::parse(&zone.api_url).map_err(|_| ApiError::EndpointNotAllowed {
        url: zone.api_url.clone(),
        reason: "the saved zone URL is not a URL".into(),
    })?;
    client.policy().check_zone_url(&api_url)?;
    Ok(zone.clone())
}

/// Waits one interval before the next lookup; `Err(UnknownUser)` when the wait is over.
async fn wait_for_propagation<F: Fn(TestEvent)>(
    run: &Run<'_, F>,
    wait: PropagationWait,
    started: Instant,
    attempt: u32,
) -> Result<(), ApiError> {
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
    .await
}

async fn look_up<F: Fn(TestEvent)>(
    client: &AutotaskClient,
    username: &str,
    wait: Option<PropagationWait>,
    run: &Run<'_, F>,
) -> Result<Zone, ApiError> {
    let started = Instant::now();
    let mut attempt = 1;
    loop {
        match run.cancellable(client.zone_lookup(username)).await {
            Err(ApiError::UnknownUser) => {
                let wait = wait.ok_or(ApiError::UnknownUser)?;
                wait_for_propagation(run, wait, started, attempt).await?;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// Runs step 1 and reports it.
pub async fn find<F: Fn(TestEvent)>(
    client: &AutotaskClient,
    creds: &Credentials,
    options: &TestOptions,
    run: &mut Run<'_, F>,
) -> Result<Zone, ApiError> {
    run.set(
        CheckId::Zone,
        CheckStatus::Running,
        "Looking up the API user's zone…",
    );
    let zone = match (&options.known_zone, &creds.zone_url) {
        (Some(zone), _) => saved_zone(client, zone)?,
        (None, Some(url)) => client.manual_zone(url)?,
        (None, None) => look_up(client, &creds.username, options.wait_for_propagation, run).await?,
    };
    let message = match &zone.name {
        Some(name) => format!("{name} ({})", zone.host),
        None => format!("Using the zone URL you entered ({})", zone.host),
    };
    run.set(CheckId::Zone, CheckStatus::Pass, message);
    run.report.zone = Some(zone.clone());
    Ok(zone)
}
