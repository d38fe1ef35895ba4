//! Ticket defaults: the live lists, validation, saving, and the opt-in test ticket.

use super::{Purpose, Service, ServiceError};
use crate::autotask::connection_test::sign_in_once;
use crate::autotask::ticket_defaults::{
    self, DefaultsReport, TestTicket, TestTicketPlan, TicketDefaults, TicketOptions,
};
use crate::autotask::{ApiError, Zone};
use crate::error::ToIpcError;
use crate::lock::lock;
use crate::storage::ConnectionStatus;
use crate::support::Redactor;
use crate::validation::Credentials;

impl Service {
    /// `saved`: the defaults saved before, whose checked labels an unchanged ID keeps.
    pub(super) fn checked_defaults(
        &self,
        defaults: TicketDefaults,
        options: Option<&TicketOptions>,
        saved: Option<&TicketDefaults>,
    ) -> Result<TicketDefaults, ServiceError> {
        match options {
            Some(options) => ticket_defaults::check_defaults(&defaults, options)
                .into_result()
                .map_err(ServiceError::Defaults),
            // Lists unavailable: typed IDs are accepted, but queue and category stay required,
            // and an ID not checked keeps no name (H3).
            None => match ticket_defaults::missing_required(&defaults) {
                Some(e) => Err(ServiceError::Defaults(e)),
                None => Ok(ticket_defaults::unchecked(&defaults, saved)),
            },
        }
    }

    /// The live lists: from the Test that just passed (loaded again with its credentials when
    /// they failed then), from this session's cache, or loaded with the saved credentials after
    /// one sign-in (and not at all while the breaker is open).
    pub async fn ticket_options(&self) -> Result<TicketOptions, ServiceError> {
        let pending = lock(&self.pending).as_ref().map(|p| {
            (
                p.options.clone(),
                p.zone.clone(),
                p.creds.clone(),
                p.purpose,
            )
        });
        match pending {
            Some((Some(options), ..)) => return Ok(options),
            // New credentials, not saved yet (a re-test of the saved ones takes the saved way).
            Some((None, zone, creds, purpose)) if purpose != Purpose::Retest => {
                return self.pending_lists(zone, creds).await
            }
            _ => {}
        }
        if let Some(options) = lock(&self.options_cache).clone() {
            return Ok(options);
        }
        let _flight = self.lists_flight.lock().await;
        // Whoever held the flight before may have loaded them.
        if let Some(options) = lock(&self.options_cache).clone() {
            return Ok(options);
        }
        let (zone, creds) = self.signed_in_saved().await?;
        let options = self.lists(&zone, &creds).await?;
        *lock(&self.options_cache) = Some(options.clone());
        self.recheck_saved_defaults(&options).await;
        Ok(options)
    }

    /// The lists came back: the saved defaults are checked against them (an ID saved
    /// unchecked gets its name, or stays unnamed when it is not there). The first problem, if any.
    pub(super) async fn recheck_saved_defaults(
        &self,
        options: &TicketOptions,
    ) -> Option<ticket_defaults::DefaultsError> {
        let options = options.clone();
        let recheck = self.off_thread(move |store| {
            let mut problem = None;
            store.update_settings(|s| {
                let (relabeled, found) =
                    ticket_defaults::recheck_saved(&s.ticket_defaults, &options);
                s.ticket_defaults = relabeled;
                problem = found;
            })?;
            Ok(problem)
        });
        recheck.await.unwrap_or_else(|e| {
            tracing::warn!("could not check the saved defaults: {e}");
            None
        })
    }

    /// The live lists; an error reaches the admin without an echoed credential (N11).
    async fn lists(&self, zone: &Zone, creds: &Credentials) -> Result<TicketOptions, ServiceError> {
        let loaded = ticket_defaults::load_options(self.client()?, zone, creds).await;
        loaded.map_err(|e| ServiceError::Api(redacted(creds, e)))
    }

    /// "Load the lists again" after a Test that passed but whose lists failed: its credentials
    /// ask again (counted like a sign-in: they may have been changed in Autotask since).
    async fn pending_lists(
        &self,
        zone: Zone,
        creds: Credentials,
    ) -> Result<TicketOptions, ServiceError> {
        let _flight = self.lists_flight.lock().await;
        let client = self.client()?.clone();
        self.begin_sign_in(&creds, false).await?;
        let loaded = ticket_defaults::load_options(&client, &zone, &creds).await;
        let error = loaded.as_ref().err().map(|e| e.to_ipc());
        self.finish_sign_in(&creds, error.as_ref()).await;
        let options = loaded.map_err(|e| ServiceError::Api(redacted(&creds, e)))?;
        if let Some(p) = lock(&self.pending).as_mut() {
            if p.creds.username == creds.username {
                p.options = Some(options.clone());
            }
        }
        Ok(options)
    }

    /// The saved zone and credentials, after one sign-in that succeeded.
    async fn signed_in_saved(&self) -> Result<(Zone, Credentials), ServiceError> {
        let (settings, creds) = self.saved_for_sending(false).await?;
        self.begin_sign_in(&creds, false).await?;
        let signed_in = sign_in_once(self.client()?, &settings.zone, &creds).await;
        let error = signed_in.as_ref().err().map(|e| e.to_ipc());
        self.finish_sign_in(&creds, error.as_ref()).await;
        self.record_saved(&settings.saved_at, error.as_ref()).await;
        signed_in.map_err(|e| redacted(&creds, e))?;
        Ok((settings.zone, creds))
    }

    /// Forgets lists loaded with credentials that no longer apply.
    pub(super) fn forget_lists(&self) {
        *lock(&self.options_cache) = None;
    }

    pub async fn validate_defaults(
        &self,
        defaults: TicketDefaults,
    ) -> Result<DefaultsReport, ServiceError> {
        // Tested credentials whose lists did not load: typed IDs finish the wizard (queue and
        // category still required); they are checked live when the test ticket is created.
        let lists_missing = lock(&self.pending)
            .as_ref()
            .is_some_and(|p| p.options.is_none());
        if lists_missing {
            let errors = ticket_defaults::missing_required(&defaults)
                .into_iter()
                .collect();
            return Ok(ticket_defaults::DefaultsCheck { defaults, errors }.into());
        }
        let options = self.ticket_options().await?;
        Ok(ticket_defaults::validate_defaults(&defaults, &options))
    }

    pub async fn save_defaults(
        &self,
        defaults: TicketDefaults,
    ) -> Result<ConnectionStatus, ServiceError> {
        self.enforce_policy(&defaults)?;
        let options = self.ticket_options().await.ok();
        let saved = self.off_thread(|store| Ok(store.status())).await?.defaults;
        let defaults = self.checked_defaults(defaults, options.as_ref(), saved.as_ref())?;
        let days = self.reminder_days();
        self.off_thread(move |store| {
            store.update_settings(|s| s.ticket_defaults = defaults)?;
            Ok(store.status().reminding(days))
        })
        .await
    }

    /// Where a test ticket goes and with which lists: the Test that just passed, or the
    /// saved connection (after one sign-in).
    async fn ticket_context(&self) -> Result<(Zone, Credentials, TicketOptions), ServiceError> {
        let pending = lock(&self.pending)
            .as_ref()
            .map(|p| (p.zone.clone(), p.creds.clone(), p.options.clone()));
        Ok(match pending {
            Some((zone, creds, Some(options))) => (zone, creds, options),
            // Lists did not load during the Test: type-an-ID defaults still get checked live.
            Some((zone, creds, None)) => {
                let options = self.lists(&zone, &creds).await?;
                (zone, creds, options)
            }
            None => {
                let options = self.ticket_options().await?;
                let (settings, creds) = self.saved_for_sending(false).await?;
                (settings.zone, creds, options)
            }
        })
    }

    /// What the test ticket will be (title, each ticket default, due date),
    /// decided before anything is sent so the admin sees it first.
    pub async fn test_ticket_plan(
        &self,
        defaults: TicketDefaults,
    ) -> Result<TestTicketPlan, ServiceError> {
        self.enforce_test_ticket()?;
        self.enforce_policy(&defaults)?;
        let (_, _, options) = self.ticket_context().await?;
        let defaults = self.checked_defaults(defaults, Some(&options), None)?;
        ticket_defaults::test_ticket_plan(&defaults, &options).map_err(ServiceError::Defaults)
    }

    pub async fn create_test_ticket(
        &self,
        defaults: TicketDefaults,
    ) -> Result<TestTicket, ServiceError> {
        self.enforce_test_ticket()?;
        self.enforce_policy(&defaults)?;
        let saved = lock(&self.pending).is_none();
        let (zone, creds, options) = self.ticket_context().await?;
        let defaults = self.checked_defaults(defaults, Some(&options), None)?;
        let plan = ticket_defaults::test_ticket_plan(&defaults, &options)
            .map_err(ServiceError::Defaults)?;
        let created =
            ticket_defaults::create_test_ticket(self.client()?, &zone, &creds, &plan).await;
        if let (true, Err(e)) = (saved, &created) {
            self.record_rejected_saved(&creds, &e.to_ipc()).await;
        }
        created.map_err(|e| {
            let e = redacted(&creds, e);
            match ticket_defaults::ticket_rejection(&e) {
                Some(rejection) => ServiceError::Defaults(rejection),
                None => ServiceError::Api(e),
            }
        })
    }

    /// A 401 outside the sign-in probe (the secret was rotated mid-session) opens the breaker
    /// like one from the probe: the next click sends nothing.
    async fn record_rejected_saved(&self, creds: &Credentials, error: &crate::error::IpcError) {
        if super::breaker::rejection(error).is_none() {
            return;
        }
        self.finish_sign_in(creds, Some(error)).await;
        if let Ok(Some(settings)) = self.saved_settings().await {
            self.record_saved(&settings.saved_at, Some(error)).await;
        }
    }
}

/// `error` without the credentials it was sent with, should the server have echoed them.
fn redacted(creds: &Credentials, error: ApiError) -> ApiError {
    let redactor = Redactor::for_credentials(creds);
    error.map_texts(|text| redactor.redact(text))
}
