//! The rejection breaker. A secret Autotask rejected (401, or a locked or inactive API user)
//! is never sent again without the admin asking: repeated failed sign-ins lock the API user,
//! which stops every integration that uses it. Every sign-in, with saved credentials or not,
//! goes through the store's sign-in ledger (`storage::sign_ins`), which outlives the process
//! and fails closed; the saved connection also carries its rejection in the settings, for the
//! status screen and `status --json`.

use super::{Service, ServiceError};
use crate::error::{ErrorCode, IpcError};
use crate::storage::{now_rfc3339, Rejection, Settings, SignInOutcome};
use crate::validation::Credentials;

/// Whether an answer means "these credentials are not accepted".
pub fn is_rejection(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::InvalidCredentials | ErrorCode::AccountLocked
    )
}

pub fn rejection(error: &IpcError) -> Option<Rejection> {
    is_rejection(error.code).then(|| Rejection {
        at: now_rfc3339(),
        code: error.code,
        message: error.message.clone(),
    })
}

/// Failures a Test reports only after Autotask accepted the sign-in.
fn after_sign_in(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::PermissionDenied | ErrorCode::WrongTenant | ErrorCode::ExcessPermissions
    )
}

/// What a sign-in's result says about the credentials: `None` is a sign-in Autotask accepted.
pub fn outcome_of(error: Option<&IpcError>) -> SignInOutcome {
    match error {
        None => SignInOutcome::Accepted,
        Some(e) if after_sign_in(e.code) => SignInOutcome::Accepted,
        Some(e) if is_rejection(e.code) => SignInOutcome::Rejected {
            code: e.code,
            message: e.message.clone(),
        },
        Some(_) => SignInOutcome::Inconclusive,
    }
}

impl Service {
    /// Refuses credentials Autotask already rejected (unless `retry`) and records that a
    /// sign-in is about to be sent; nothing may be sent when this fails.
    pub(super) async fn begin_sign_in(
        &self,
        creds: &Credentials,
        retry: bool,
    ) -> Result<(), ServiceError> {
        let creds = creds.clone();
        self.off_thread(move |store| Ok(store.begin_sign_in(&creds, retry)))
            .await?
            .map_err(ServiceError::from)
    }

    /// Records what the answer said. A failure is logged; the ledger then still holds the
    /// "about to send" marker, so the next unattended send is refused (fail closed).
    pub(super) async fn finish_sign_in(&self, creds: &Credentials, error: Option<&IpcError>) {
        let (creds, outcome) = (creds.clone(), outcome_of(error));
        let finish = self.off_thread(move |store| store.finish_sign_in(&creds, outcome));
        if let Err(e) = finish.await {
            tracing::warn!("could not record the sign-in outcome: {e}");
        }
    }

    /// The saved credentials, unless Autotask rejected them and `retry` was not asked for.
    pub(super) async fn saved_for_sending(
        &self,
        retry: bool,
    ) -> Result<(Settings, Credentials), ServiceError> {
        let (settings, creds) = self.off_thread(|store| store.credentials()).await?;
        match &settings.rejected {
            Some(why) if !retry => Err(ServiceError::CredentialsRejected(why.clone())),
            _ => Ok((settings, creds)),
        }
    }

    /// Records what Autotask said about the saved credentials in the settings (for the status),
    /// when they are still the ones saved at `saved_at`: a rejection opens the breaker, an
    /// accepted sign-in closes it.
    pub(super) async fn record_saved(&self, saved_at: &str, outcome: Option<&IpcError>) {
        let rejected = outcome.and_then(rejection);
        if outcome.is_some_and(|e| !after_sign_in(e.code)) && rejected.is_none() {
            return; // another failure (network, server…) says nothing about the secret
        }
        let saved_at = saved_at.to_string();
        let update = self.off_thread(move |store| {
            store.update_settings_of(&saved_at, |s| s.rejected = rejected)
        });
        if let Err(e) = update.await {
            tracing::warn!("could not record the sign-in outcome in the settings: {e}");
        }
    }
}
