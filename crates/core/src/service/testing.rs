//! Running the connection Test for new, saved or reset credentials.

use std::sync::atomic::Ordering;

use tokio_util::sync::CancellationToken;

use super::{Pending, Purpose, Service, ServiceError, TestRequest, TestTarget};
use crate::autotask::connection_test::{self, TestEvent, TestOptions, TestOutcome, TestReport};
use crate::autotask::Zone;
use crate::error::{ErrorCode, ToIpcError};
use crate::lock::lock;
use crate::secret::Secret;
use crate::storage::{now_rfc3339, LastTest, SignInHistory};
use crate::support::Redactor;
use crate::validation::{self, Credentials, CredentialsInput};

/// A Test event as it may leave the process: its check text without the credentials.
fn redacted(redactor: &Redactor, event: TestEvent) -> TestEvent {
    match event {
        TestEvent::Check { mut check } => {
            check.message = redactor.redact(&check.message);
            TestEvent::Check { check }
        }
        waiting => waiting,
    }
}

/// What a Test is about: the credentials, why, and the zone when it is already known.
struct Target {
    creds: Credentials,
    purpose: Purpose,
    known_zone: Option<Zone>,
    /// For saved credentials: which save they came from (outcomes are written only to it).
    saved_at: Option<String>,
}

impl Service {
    async fn resolve_target(
        &self,
        target: TestTarget,
        retry: bool,
    ) -> Result<Target, ServiceError> {
        let target = match target {
            TestTarget::New { mut credentials } => Target {
                creds: {
                    // A managed ZoneUrl holds for every Test, not only `connect` (no lookup).
                    credentials.zone_url = self.policy.resolve_zone_url(credentials.zone_url)?;
                    validation::validate_credentials(&credentials).0?
                },
                purpose: Purpose::Setup,
                known_zone: None,
                saved_at: None,
            },
            TestTarget::Saved => {
                let (settings, creds) = self.saved_for_sending(retry).await?;
                Target {
                    creds,
                    purpose: Purpose::Retest,
                    known_zone: Some(settings.zone),
                    saved_at: Some(settings.saved_at),
                }
            }
            TestTarget::Found => Target {
                creds: self.off_thread(|store| store.found_credentials()).await?,
                purpose: Purpose::Setup,
                known_zone: None,
                saved_at: None,
            },
            TestTarget::Reset {
                secret,
                username,
                integration_code,
            } => {
                self.reset_target(secret, username, integration_code)
                    .await?
            }
        };
        Ok(target)
    }

    /// A new secret, and optionally a new username or integration code; the rest as saved.
    async fn reset_target(
        &self,
        secret: Secret,
        username: Option<String>,
        integration_code: Option<Secret>,
    ) -> Result<Target, ServiceError> {
        let (settings, saved) = self.off_thread(|store| store.credentials()).await?;
        let username = username.filter(|u| !u.trim().is_empty());
        let changed_user = username.is_some();
        let input = CredentialsInput {
            integration_code: integration_code
                .filter(|c| !c.expose().trim().is_empty())
                .unwrap_or(saved.integration_code),
            username: username.unwrap_or(saved.username),
            secret,
            zone_url: self.policy.resolve_zone_url(None)?,
        };
        Ok(Target {
            creds: validation::validate_credentials(&input).0?,
            purpose: Purpose::Reset,
            // A new username may live in another zone: look it up again.
            known_zone: (!changed_user).then_some(settings.zone),
            saved_at: None,
        })
    }

    /// Claims the one Test slot; the number lets only this Test release it.
    fn claim_slot(&self) -> Result<(u64, CancellationToken), ServiceError> {
        let mut running = lock(&self.running);
        if running.as_ref().is_some_and(|(_, t)| !t.is_cancelled()) {
            return Err(ServiceError::Busy);
        }
        let number = self.tests_started.fetch_add(1, Ordering::Relaxed);
        let token = CancellationToken::new();
        *running = Some((number, token.clone()));
        Ok((number, token))
    }

    fn release_slot(&self, number: u64) {
        let mut running = lock(&self.running);
        if running.as_ref().is_some_and(|(n, _)| *n == number) {
            *running = None;
        }
    }

    pub async fn start_test(
        &self,
        request: TestRequest,
        on_event: impl Fn(TestEvent),
    ) -> Result<TestReport, ServiceError> {
        let client = self.client()?.clone();
        // The slot first: a Stop pressed while the target is still being read (keychain) is not lost.
        let (number, cancel) = self.claim_slot()?;
        let retry = request.retry_rejected;
        let target = match self.resolve_target(request.target, retry).await {
            Ok(target) => match self.begin_sign_in(&target.creds, retry).await {
                Ok(()) => target,
                Err(error) => {
                    self.release_slot(number);
                    return Err(error);
                }
            },
            Err(error) => {
                self.release_slot(number);
                return Err(error);
            }
        };
        let options = TestOptions {
            wait_for_propagation: request.wait_for_propagation.then_some(self.propagation),
            known_zone: target.known_zone.clone(),
            demands: self.policy.demands(),
        };
        tracing::info!(purpose = ?target.purpose, "connection test started");
        // Live check texts carry Autotask's words, which may echo what was sent (N11).
        let redactor = Redactor::for_credentials(&target.creds);
        let on_event = |event| on_event(redacted(&redactor, event));
        let run = connection_test::run_test(&client, &target.creds, options, &on_event, &cancel);
        let mut outcome = self.recorded(&target.creds, run).await;
        self.finish_sign_in(&target.creds, outcome.report.error.as_ref())
            .await;
        if target.purpose == Purpose::Retest {
            self.check_saved_defaults(&mut outcome).await;
        }
        self.release_slot(number);
        let mut report = outcome.report.clone();
        tracing::info!(ok = report.ok, code = ?report.error.as_ref().map(|e| e.code), elapsed_ms = report.elapsed_ms, "connection test finished");
        if self.keep_outcome(target, outcome).await {
            connection_test::note_moved_zone_saved(&mut report);
        }
        Ok(report)
    }

    /// Passing credentials wait in memory for saving; what Autotask said is remembered.
    /// True when a moved tenant's new zone was saved.
    async fn keep_outcome(&self, target: Target, outcome: TestOutcome) -> bool {
        let report = outcome.report;
        // Where the tenant answered; `moved_from` belongs to this report, not to the settings.
        let zone = outcome.zone.map(|z| Zone {
            moved_from: None,
            ..z
        });
        let mut moved_saved = false;
        if let (Purpose::Retest, Some(saved_at)) = (target.purpose, target.saved_at.as_deref()) {
            self.record_saved(saved_at, report.error.as_ref()).await;
            let at = self
                .store()
                .map_or_else(|_| now_rfc3339(), |s| s.now_rfc3339());
            let last = last_test(&report, at);
            let known = target
                .known_zone
                .as_ref()
                .map_or("", |k| k.api_url.as_str());
            let moved = zone.clone().filter(|z| report.ok && z.api_url != known);
            moved_saved = moved.is_some();
            let saved_at = saved_at.to_string();
            let update = self.off_thread(move |store| {
                store.update_settings_of(&saved_at, |s| {
                    let mut last = last;
                    // A Test that could not name the tenant (a timeout) keeps the one known.
                    if last.tenant.is_none() {
                        last.tenant = s.last_test.as_ref().and_then(|t| t.tenant.clone());
                    }
                    if last.ok {
                        s.last_verified_at = Some(last.at.clone());
                    }
                    // A stop is not a result: the last completed Test stays the status (M2).
                    if last.code != Some(ErrorCode::Cancelled) {
                        s.last_test = Some(last);
                    }
                    if let Some(zone) = moved {
                        s.zone = zone; // a tenant that moved is saved at its new zone at once
                    }
                })
            });
            moved_saved &= update.await.is_ok();
            if let Some(options) = &outcome.ticket_options {
                *lock(&self.options_cache) = Some(options.clone());
            }
        }
        match (report.ok, zone) {
            (true, Some(zone)) => {
                *lock(&self.pending) = Some(Pending {
                    creds: target.creds,
                    zone,
                    options: outcome.ticket_options,
                    report,
                    purpose: target.purpose,
                })
            }
            _ if target.purpose != Purpose::Retest => *lock(&self.pending) = None,
            _ => {}
        }
        moved_saved
    }

    /// What this computer knows about sign-ins as the target's username: the count a
    /// deliberate re-send ("Test once anyway") shows before it sends. Sends nothing.
    pub async fn sign_in_history(&self, target: TestTarget) -> Result<SignInHistory, ServiceError> {
        let creds = self.resolve_target(target, true).await?.creds;
        self.off_thread(move |store| Ok(store.ledger.history(&creds)))
            .await
    }

    /// A re-test of the saved connection also checks the saved defaults against the lists it
    /// loaded: Vectis's tickets would fail (or land elsewhere) behind a passing Test (H3).
    async fn check_saved_defaults(&self, outcome: &mut TestOutcome) {
        let Some(options) = outcome.ticket_options.clone().filter(|_| outcome.report.ok) else {
            return;
        };
        if let Some(problem) = self.recheck_saved_defaults(&options).await {
            let error = problem.to_ipc();
            let report = &mut outcome.report;
            report.ok = false;
            report.message = format!(
                "Signed in, but a saved ticket default is wrong: {}",
                error.message
            );
            report.error = Some(error);
        }
    }

    pub fn cancel_test(&self) -> bool {
        match lock(&self.running).as_ref() {
            Some((_, token)) => {
                token.cancel();
                true
            }
            None => false,
        }
    }
}

/// The Test's outcome as the settings keep it, stamped `at` (the store's clock).
pub fn last_test(report: &TestReport, at: String) -> LastTest {
    LastTest {
        at,
        ok: report.ok,
        message: report.message.clone(),
        code: report.error.as_ref().map(|e| e.code),
        tenant: report.tenant.clone(),
    }
}
