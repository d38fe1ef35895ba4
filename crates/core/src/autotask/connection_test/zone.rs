//! Step 1: the zone. A saved zone is used as it is; a typed zone URL is checked; otherwise
//! the unauthenticated lookup, repeated only while a brand-new API user propagates.

use std::time::{Duration, Instant};

use super::report::{CheckId, CheckStatus, TestEvent};
use super::run::Run;
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

/// Runs step 1 for a zone not known yet (typed, or looked up) and reports it.
pub async fn find<F: Fn(TestEvent)>(
    client: &AutotaskClient,
    creds: &Credentials,
    wait: Option<PropagationWait>,
    run: &mut Run<'_, F>,
) -> Result<Zone, ApiError> {
    run.set(
        CheckId::Zone,
        CheckStatus::Running,
        "Looking up the API user's zone…",
    );
    let zone = match &creds.zone_url {
        Some(url) => client.manual_zone(url)?,
        None => look_up(client, &creds.username, wait, run).await?,
    };
    let message = match &zone.name {
        Some(name) => format!("{name} ({})", zone.host),
        None => format!("Using the zone URL you entered ({})", zone.host),
    };
    run.set(CheckId::Zone, CheckStatus::Pass, message);
    run.report.zone = Some(zone.clone());
    Ok(zone)
}

/// What the saved zone turned out to be.
pub enum Confirmed {
    /// The lookup agrees (or could not answer): the sign-in there is the answer.
    Same(Zone, Result<(), ApiError>),
    /// The tenant moved: sign in on the new zone; the old zone's answer means nothing.
    Moved(Zone),
}

/// A saved zone is a hint: the unauthenticated lookup runs beside the sign-in on it, so a
/// tenant that has not moved still costs one round trip here.
pub async fn confirm_saved<F: Fn(TestEvent)>(
    client: &AutotaskClient,
    creds: &Credentials,
    saved: &Zone,
    run: &mut Run<'_, F>,
) -> Result<Confirmed, ApiError> {
    let saved = saved_zone(client, saved)?;
    run.set(
        CheckId::Zone,
        CheckStatus::Running,
        "Confirming the saved zone…",
    );
    run.set(CheckId::SignIn, CheckStatus::Running, "Signing in…");
    let both = async {
        Ok(futures::join!(
            client.zone_lookup(&creds.username),
            super::sign_in::sign_in_once(client, &saved, creds)
        ))
    };
    let (lookup, signed_in) = run.cancellable(both).await?;
    let confirmed = match lookup {
        Ok(found) if !found.host.eq_ignore_ascii_case(&saved.host) => {
            let message = moved_message(&saved.host, &found.host, false);
            run.set(CheckId::Zone, CheckStatus::Warn, message);
            Confirmed::Moved(Zone {
                moved_from: Some(saved.host.clone()),
                ..found
            })
        }
        Ok(found) => {
            // The lookup's tenant number is newer than the saved one (older saves have none).
            let saved = Zone {
                ci: found.ci.or(saved.ci),
                ..saved
            };
            let message = saved_message(&saved);
            run.set(CheckId::Zone, CheckStatus::Pass, message);
            Confirmed::Same(saved, signed_in)
        }
        Err(e) => {
            let message = format!(
                "Could not confirm the saved zone ({}); using it.",
                crate::error::ToIpcError::to_ipc(&e).message
            );
            run.set(CheckId::Zone, CheckStatus::Warn, message);
            Confirmed::Same(saved, signed_in)
        }
    };
    let zone = match &confirmed {
        Confirmed::Same(zone, _) | Confirmed::Moved(zone) => zone.clone(),
    };
    run.report.zone = Some(zone);
    Ok(confirmed)
}

/// The note on a tenant that moved zone; `saved` once the new zone replaced the saved one.
fn moved_message(from: &str, to: &str, saved: bool) -> String {
    let moved = format!(
        "Your Autotask tenant moved from {} to {}",
        short(from),
        short(to)
    );
    if saved {
        format!("{moved}. The new zone was saved; nothing needs doing.")
    } else {
        moved
    }
}

/// After the new zone of a moved tenant was saved, its note says so (the admin has nothing to do).
pub fn note_moved_zone_saved(report: &mut super::TestReport) {
    let Some(zone) = &report.zone else { return };
    let Some(from) = &zone.moved_from else { return };
    let message = moved_message(from, &zone.host, true);
    if let Some(check) = report.checks.iter_mut().find(|c| c.id == CheckId::Zone) {
        check.message = message;
    }
}

fn saved_message(zone: &Zone) -> String {
    match &zone.name {
        Some(name) => format!("{name} ({})", zone.host),
        None => format!("The saved zone ({})", zone.host),
    }
}

/// `webservices15.autotask.net` → `webservices15`, as admins see it in Autotask.
fn short(host: &str) -> &str {
    host.split('.').next().unwrap_or(host)
}
