//! A Test in progress: the report so far, live events, and cancellation.

use std::future::Future;
use std::time::Instant;

use tokio_util::sync::CancellationToken;

use super::report::{CheckId, CheckStatus, TestEvent, TestOutcome, TestReport};
use crate::autotask::ApiError;
use crate::error::ToIpcError;

pub struct Run<'a, F: Fn(TestEvent)> {
    pub report: TestReport,
    pub on_event: &'a F,
    cancel: &'a CancellationToken,
    started: Instant,
}

impl<'a, F: Fn(TestEvent)> Run<'a, F> {
    pub fn start(custom_endpoint: bool, on_event: &'a F, cancel: &'a CancellationToken) -> Self {
        let run = Self {
            report: TestReport::new(custom_endpoint),
            on_event,
            cancel,
            started: Instant::now(),
        };
        for check in &run.report.checks {
            on_event(TestEvent::Check {
                check: check.clone(),
            });
        }
        run
    }

    pub fn set(&mut self, id: CheckId, status: CheckStatus, message: impl Into<String>) {
        if let Some(check) = self.report.checks.iter_mut().find(|c| c.id == id) {
            check.status = status;
            check.message = message.into();
            (self.on_event)(TestEvent::Check {
                check: check.clone(),
            });
        }
    }

    /// Marks every check not yet finished as not run, saying why.
    fn skip_unfinished(&mut self, why: &str) {
        let unfinished: Vec<CheckId> = self
            .report
            .checks
            .iter()
            .filter(|c| matches!(c.status, CheckStatus::Pending | CheckStatus::Running))
            .map(|c| c.id)
            .collect();
        for id in unfinished {
            self.set(id, CheckStatus::Skipped, why);
        }
    }

    pub async fn cancellable<T>(
        &self,
        work: impl Future<Output = Result<T, ApiError>>,
    ) -> Result<T, ApiError> {
        tokio::select! {
            biased;
            _ = self.cancel.cancelled() => Err(ApiError::Cancelled),
            result = work => result,
        }
    }

    /// Final touches once the verdict is in: the time taken and the text version.
    pub fn finish(report: &mut TestReport, started: Instant) {
        report.elapsed_ms = started.elapsed().as_millis() as u64;
        report.details = super::details::details(report);
    }

    pub fn started(&self) -> Instant {
        self.started
    }

    /// Ends the Test on `error`: `check` failed (or, with `None`, the phase running when it
    /// was stopped); everything after it is not run.
    pub fn fail(mut self, check: Option<CheckId>, error: ApiError) -> TestOutcome {
        let ipc = error.to_ipc();
        let stopped = error == ApiError::Cancelled;
        let why = if stopped {
            "Not run: the test was stopped."
        } else {
            "Not run: an earlier step failed."
        };
        // A stopped step did not fail: it is not run, like everything after it.
        if let (Some(check), false) = (check, stopped) {
            self.set(check, CheckStatus::Fail, ipc.message.clone());
        }
        self.skip_unfinished(why);
        self.report.message = ipc.message.clone();
        self.report.error = Some(ipc);
        Self::finish(&mut self.report, self.started);
        let zone = self.report.zone.clone();
        TestOutcome {
            report: self.report,
            zone,
            ticket_options: None,
        }
    }
}
