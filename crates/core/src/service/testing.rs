//! Running the connection Test for new, saved or reset credentials.

use tokio_util::sync::CancellationToken;

use super::{Pending, Purpose, Service, ServiceError, TestRequest, TestTarget};
use crate::autotask::connection_test::{self, TestEvent, TestOptions, TestReport};
use crate::autotask::Zone;
use crate::lock::lock;
use crate::storage::{now_rfc3339, LastTest};
use crate::validation::{self, Credentials, CredentialsInput};

impl Service {
    fn resolve_target(
        &self,
        target: TestTarget,
    ) -> Result<(Credentials, Purpose, Option<Zone>), ServiceError> {
        match target {
            TestTarget::New { credentials } => {
                let (creds, _) = validation::validate_credentials(&credentials);
                Ok((creds?, Purpose::Setup, None))
            }
            TestTarget::Saved => {
                let (settings, creds) = self.store()?.credentials()?;
                Ok((creds, Purpose::Retest, Some(settings.zone)))
            }
            TestTarget::Reset {
                secret,
                username,
                integration_code,
            } => {
                let (settings, saved) = self.store()?.credentials()?;
                let username = username.filter(|u| !u.trim().is_empty());
                let changed_user = username.is_some();
                let input = CredentialsInput {
                    integration_code: integration_code
                        .filter(|c| !c.expose().trim().is_empty())
                        .unwrap_or(saved.integration_code),
                    username: username.unwrap_or(saved.username),
                    secret,
                    zone_url: None,
                };
                let (creds, _) = validation::validate_credentials(&input);
                // A new username may live in another zone: look it up again.
                Ok((
                    creds?,
                    Purpose::Reset,
                    (!changed_user).then_some(settings.zone),
                ))
            }
        }
    }

    pub async fn start_test(
        &self,
        request: TestRequest,
        on_event: impl Fn(TestEvent),
    ) -> Result<TestReport, ServiceError> {
        let client = self.client()?.clone();
        let (creds, purpose, known_zone) = self.resolve_target(request.target)?;
        let cancel = CancellationToken::new();
        {
            let mut running = lock(&self.running);
            if running.as_ref().is_some_and(|t| !t.is_cancelled()) {
                return Err(ServiceError::Busy);
            }
            *running = Some(cancel.clone());
        }
        let options = TestOptions {
            wait_for_propagation: request.wait_for_propagation.then_some(self.propagation),
            known_zone,
        };
        tracing::info!(purpose = ?purpose, "connection test started");
        let outcome = connection_test::run_test(&client, &creds, options, &on_event, &cancel).await;
        *lock(&self.running) = None;
        let report = outcome.report.clone();
        tracing::info!(ok = report.ok, code = ?report.error.as_ref().map(|e| e.code), elapsed_ms = report.elapsed_ms, "connection test finished");
        if let (true, Some(zone)) = (report.ok, outcome.zone) {
            *lock(&self.pending) = Some(Pending {
                creds,
                zone,
                options: outcome.ticket_options,
                report: report.clone(),
                purpose,
            });
        } else if purpose != Purpose::Retest {
            *lock(&self.pending) = None;
        }
        if purpose == Purpose::Retest {
            let last = last_test(&report);
            let _ = self.store()?.update_settings(|s| s.last_test = Some(last));
        }
        Ok(report)
    }

    pub fn cancel_test(&self) -> bool {
        match lock(&self.running).as_ref() {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }
}

pub fn last_test(report: &TestReport) -> LastTest {
    LastTest {
        at: now_rfc3339(),
        ok: report.ok,
        message: report.message.clone(),
        code: report.error.as_ref().map(|e| e.code),
    }
}
