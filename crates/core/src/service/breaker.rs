//! The rejection breaker. A secret Autotask rejected (401, or a locked or inactive API user)
//! is never sent again without the admin asking: repeated failed sign-ins lock the API user,
//! which stops every integration that uses it. Saved credentials carry the rejection in the
//! settings (so every process and path sees it); credentials still on screen carry it here,
//! as a keyed hash, for the life of the process.

use std::hash::BuildHasher;

use super::{Service, ServiceError};
use crate::error::{ErrorCode, IpcError};
use crate::lock::lock;
use crate::storage::{now_rfc3339, Rejection, Settings};
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

impl Service {
    fn fingerprint(&self, creds: &Credentials) -> u64 {
        self.hasher.hash_one((
            &creds.username,
            creds.integration_code.expose(),
            creds.secret.expose(),
        ))
    }

    /// Refuses credentials on screen that Autotask already rejected, unless `retry`.
    pub(super) fn check_unsaved(
        &self,
        creds: &Credentials,
        retry: bool,
    ) -> Result<(), ServiceError> {
        let rejected = lock(&self.rejected_unsaved);
        match rejected.as_ref() {
            Some((print, why)) if !retry && *print == self.fingerprint(creds) => {
                Err(ServiceError::CredentialsRejected(why.clone()))
            }
            _ => Ok(()),
        }
    }

    pub(super) fn remember_unsaved(&self, creds: &Credentials, outcome: Option<&IpcError>) {
        let mut rejected = lock(&self.rejected_unsaved);
        match outcome.and_then(rejection) {
            Some(why) => *rejected = Some((self.fingerprint(creds), why)),
            None if outcome.is_none() => *rejected = None,
            None => {}
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

    /// Records what Autotask said about the saved credentials: a rejection opens the breaker,
    /// an accepted sign-in closes it.
    pub(super) async fn record_saved(&self, outcome: Option<&IpcError>) {
        let rejected = outcome.and_then(rejection);
        if outcome.is_some() && rejected.is_none() {
            return; // another failure (network, permissions…) says nothing about the secret
        }
        let update = self.off_thread(move |store| store.update_settings(|s| s.rejected = rejected));
        if let Err(e) = update.await {
            tracing::warn!("could not record the sign-in outcome: {e}");
        }
    }
}
