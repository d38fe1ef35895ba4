//! The support bundle's part of the service: the last Test this process ran (report, request
//! timeline, and the values to redact for it), and the redacted document built from it.

use std::future::Future;
use std::path::Path;

use super::Service;
use crate::autotask::connection_test::TestOutcome;
use crate::autotask::timeline::Timeline;
use crate::error::{ErrorCode, IpcError};
use crate::lock::lock;
use crate::storage::now_rfc3339;
use crate::support::bundle::{document, last_four};
use crate::support::{
    logs, redact_report, system, write_bundle, BundleAbout, BundleParts, LastRun, Redactor,
};
use crate::validation::Credentials;

fn write_failed(path: &Path, e: &std::io::Error) -> IpcError {
    IpcError::new(
        ErrorCode::Internal,
        format!(
            "The support bundle could not be written to {} ({e}).",
            path.display()
        ),
        "Choose a folder you can write to (for example Documents) and save again.",
    )
}

impl Service {
    /// Runs a Test's requests on a timeline, keeps the outcome for the support bundle, and
    /// hands it on with every text a person reads or copies redacted.
    pub(super) async fn recorded(
        &self,
        creds: &Credentials,
        run: impl Future<Output = TestOutcome>,
    ) -> TestOutcome {
        let timeline = Timeline::new(&creds.username);
        let mut outcome = timeline.scope(run).await;
        let redactor = Redactor::for_credentials(creds);
        redact_report(&redactor, &mut outcome.report);
        *lock(&self.last_run) = Some(LastRun {
            at: now_rfc3339(),
            username: creds.username.clone(),
            report: outcome.report.clone(),
            timeline: timeline.entries(),
            redactor,
        });
        outcome
    }

    /// The values every text for a person is cleaned of: the last Test's credentials (kept in
    /// memory only) and, when `saved`, the saved ones (read from the keychain).
    pub async fn redactor(&self, saved: bool) -> Redactor {
        let last = lock(&self.last_run).as_ref().map(|r| r.redactor.clone());
        let mut redactor = last.unwrap_or_default();
        if saved {
            if let Ok((_, creds)) = self.off_thread(|store| store.credentials()).await {
                redactor = redactor.merge(&Redactor::for_credentials(&creds));
            }
        }
        redactor
    }

    /// The saved connection as the bundle shows it, and the values to redact for it.
    async fn saved_parts(&self, parts: &mut BundleParts) -> Redactor {
        let days = self.reminder_days();
        match self
            .off_thread(move |store| Ok(store.status().reminding(days)))
            .await
        {
            Ok(status) => {
                if let Some(notice) = &status.notice {
                    parts.problems.push(notice.message.clone());
                }
                parts.connection = Some(status);
            }
            Err(e) => parts.problems.push(format!("Storage: {e}")),
        }
        if !parts.connection.as_ref().is_some_and(|s| s.configured) {
            return Redactor::new();
        }
        match self.off_thread(|store| store.credentials()).await {
            Ok((_, creds)) => {
                parts.integration_code_end = Some(last_four(creds.integration_code.expose()));
                Redactor::for_credentials(&creds)
            }
            Err(e) => {
                parts.problems.push(format!("Keychain: {e}"));
                Redactor::new()
            }
        }
    }

    /// The custom endpoint (simulator) in use, if any. Not `app_info`: in demo mode that asks
    /// the simulator, and the bundle sends nothing.
    pub fn custom_endpoint(&self) -> Option<String> {
        self.client
            .as_ref()
            .ok()
            .filter(|c| c.policy().is_custom())
            .map(|c| c.policy().lookup_base().to_string())
    }

    /// The support bundle: one JSON document, redacted, ready to show or write.
    pub async fn support_bundle(&self, about: BundleAbout) -> String {
        let custom_endpoint = self.custom_endpoint();
        let mut parts = BundleParts {
            generated_at: now_rfc3339(),
            app: Some(system::AppBuild::current()),
            os: system::os_version(),
            webview: about.webview,
            demo: self.demo,
            custom_endpoint,
            policy: about.policy,
            log: logs::tail(&self.paths.log_dir, logs::LOG_LINES),
            ..Default::default()
        };
        let saved = self.saved_parts(&mut parts).await;
        let last = lock(&self.last_run).clone();
        let redactor = saved.merge(
            &last
                .as_ref()
                .map(|r| r.redactor.clone())
                .unwrap_or_default(),
        );
        parts.last_run = last;
        document(&parts, &redactor)
    }

    /// Writes a bundle the window previewed, as shown: it must be one of ours, and it must
    /// hold none of the known values (it is refused otherwise, never half-cleaned).
    pub async fn save_previewed_bundle(&self, text: &str, path: &Path) -> Result<(), IpcError> {
        let ours = serde_json::from_str::<serde_json::Value>(text)
            .is_ok_and(|doc| doc["format"] == crate::support::bundle::FORMAT);
        if !ours || self.redactor(true).await.finds(text) {
            return Err(IpcError::new(
                ErrorCode::InvalidInput,
                "That is not a support bundle this app made; it was not written.",
                "Open the preview again, then save.",
            ));
        }
        write_bundle(path, text).map_err(|e| write_failed(path, &e))?;
        tracing::info!(path = %path.display(), "support bundle saved");
        Ok(())
    }

    /// Builds the bundle and writes it to `path`; returns what was written.
    pub async fn save_support_bundle(
        &self,
        about: BundleAbout,
        path: &Path,
    ) -> Result<String, IpcError> {
        let text = self.support_bundle(about).await;
        write_bundle(path, &text).map_err(|e| write_failed(path, &e))?;
        tracing::info!(path = %path.display(), "support bundle saved");
        Ok(text)
    }
}
