//! The rejection breaker against the simulator: a secret Autotask rejected is never sent
//! again without the admin asking, from any path; flows with saved credentials sign in once
//! before they fan out, and keep the lists for the session.

use std::sync::Arc;

use autotask_sim::SimServer;
use test_support::*;
use vectis_core::autotask::ticket_defaults::{DefaultField, TicketDefaults};
use vectis_core::autotask::ClientConfig;
use vectis_core::error::{ErrorCode, ToIpcError};
use vectis_core::secret::Secret;
use vectis_core::service::{Service, TestRequest, TestTarget};
use vectis_core::storage::{ConnectionStore, MemoryStore};
use vectis_core::validation::CredentialsInput;

fn service(sim: &SimServer, dir: &std::path::Path, memory: &Arc<MemoryStore>) -> Service {
    let store = Arc::new(ConnectionStore::new(memory.clone(), dir));
    Service::new(Ok(policy(sim)), Ok(store), ClientConfig::default())
}

fn request(target: TestTarget, retry_rejected: bool) -> TestRequest {
    TestRequest {
        target,
        wait_for_propagation: false,
        retry_rejected,
    }
}

fn new_creds(secret: &str) -> TestTarget {
    TestTarget::New {
        credentials: CredentialsInput {
            integration_code: Secret::new(CODE.as_str()),
            username: USER.to_string(),
            secret: Secret::new(secret),
            zone_url: None,
        },
    }
}

fn authed(sim: &SimServer) -> Vec<String> {
    let log = sim.sim.requests();
    log.iter()
        .filter(|r| r.auth_headers.any())
        .map(|r| r.path.clone())
        .collect()
}

fn set_secret(sim: &SimServer, secret: &str) {
    let mut user = sim.sim.user(&USER).unwrap();
    user.secret = secret.into();
    sim.sim.upsert_user(user);
}

async fn saved(sim: &SimServer, dir: &std::path::Path, memory: &Arc<MemoryStore>) {
    let service = service(sim, dir, memory);
    let report = service
        .start_test(request(new_creds(&SECRET), false), |_| {})
        .await
        .unwrap();
    assert_passed(&report);
    let defaults = TicketDefaults::default()
        .with(DefaultField::Queue, 29682833)
        .with(DefaultField::Category, 3);
    service.save_connection(defaults).await.unwrap();
}

#[tokio::test]
async fn a_rejected_saved_secret_is_not_sent_again_from_any_path_until_asked() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let memory = Arc::new(MemoryStore::default());
    saved(&sim, dir.path(), &memory).await;
    set_secret(&sim, "Rotated*Elsewhere#1"); // someone rotated the secret in Autotask
    sim.sim.clear_requests();

    let app = service(&sim, dir.path(), &memory);
    let report = app
        .start_test(request(TestTarget::Saved, false), |_| {})
        .await
        .unwrap();
    assert_eq!(report.error.unwrap().code, ErrorCode::InvalidCredentials);
    assert_eq!(authed(&sim).len(), 1, "one failed sign-in");
    assert!(
        app.status().unwrap().rejected.is_some(),
        "saved with the connection"
    );

    // A fresh process (another CLI run) sees it too; nothing is sent from any path.
    let other = service(&sim, dir.path(), &memory);
    for service in [&app, &other] {
        let again = service
            .start_test(request(TestTarget::Saved, false), |_| {})
            .await;
        assert_eq!(
            again.unwrap_err().to_ipc().code,
            ErrorCode::CredentialsRejected
        );
        let lists = service.ticket_options().await.unwrap_err().to_ipc();
        assert_eq!(lists.code, ErrorCode::CredentialsRejected);
        let ticket = service.create_test_ticket(TicketDefaults::default()).await;
        assert_eq!(
            ticket.unwrap_err().to_ipc().code,
            ErrorCode::CredentialsRejected
        );
    }
    assert_eq!(authed(&sim).len(), 1, "still only the one failed sign-in");

    // Asked explicitly: exactly one sign-in; once it passes, the breaker closes.
    set_secret(&sim, &SECRET);
    let retry = app
        .start_test(request(TestTarget::Saved, true), |_| {})
        .await
        .unwrap();
    assert!(retry.ok);
    assert_eq!(
        authed(&sim).iter().filter(|p| p.contains("ersion")).count(),
        2
    );
    assert!(app.status().unwrap().rejected.is_none());
}

#[tokio::test]
async fn credentials_on_screen_that_were_rejected_are_not_resent_unchanged() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let memory = Arc::new(MemoryStore::default());
    let app = service(&sim, dir.path(), &memory);
    let first = app
        .start_test(request(new_creds("wrong"), false), |_| {})
        .await
        .unwrap();
    assert_eq!(first.error.unwrap().code, ErrorCode::InvalidCredentials);
    let again = app
        .start_test(request(new_creds("wrong"), false), |_| {})
        .await;
    assert_eq!(
        again.unwrap_err().to_ipc().code,
        ErrorCode::CredentialsRejected
    );
    assert_eq!(authed(&sim).len(), 1);
    // A changed secret is tested; so is the same one when the admin insists.
    let changed = app
        .start_test(request(new_creds(&SECRET), false), |_| {})
        .await
        .unwrap();
    assert!(changed.ok);
    let insisted = app
        .start_test(request(new_creds("wrong"), true), |_| {})
        .await;
    assert!(insisted.is_ok());
}

#[tokio::test]
async fn saved_credentials_sign_in_once_before_the_lists_and_the_lists_load_once() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let memory = Arc::new(MemoryStore::default());
    saved(&sim, dir.path(), &memory).await;
    sim.sim.clear_requests();
    let app = service(&sim, dir.path(), &memory);
    app.ticket_options().await.unwrap();
    let first = authed(&sim);
    assert!(first[0].to_lowercase().ends_with("/version"), "{first:?}");
    assert_eq!(
        first
            .iter()
            .filter(|p| p.to_lowercase().ends_with("/version"))
            .count(),
        1
    );
    app.ticket_options().await.unwrap();
    app.validate_defaults(TicketDefaults::default())
        .await
        .unwrap();
    assert_eq!(
        authed(&sim).len(),
        first.len(),
        "opening the screen again reloads nothing"
    );
}

#[tokio::test]
async fn a_stale_secret_costs_one_failed_sign_in_when_the_lists_are_opened() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let memory = Arc::new(MemoryStore::default());
    saved(&sim, dir.path(), &memory).await;
    set_secret(&sim, "Rotated*Elsewhere#1");
    sim.sim.clear_requests();
    let app = service(&sim, dir.path(), &memory);
    let error = app.ticket_options().await.unwrap_err().to_ipc();
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
    let saved_defaults = TicketDefaults::default()
        .with(DefaultField::Queue, 29682833)
        .with(DefaultField::Category, 3);
    let _ = app.save_defaults(saved_defaults).await;
    let _ = app.ticket_options().await;
    assert_eq!(authed(&sim).len(), 1, "{:?}", authed(&sim));
}

/// N3: when "a sign-in is about to be sent" cannot be recorded (full disk, read-only folder,
/// lock held), nothing is sent and the error says why; a rejection that could not be written
/// keeps the marker, so the next unattended run sends nothing either.
#[tokio::test]
async fn a_sign_in_that_cannot_be_recorded_is_not_sent() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use vectis_core::storage::{SaveStep, StorageError};
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let memory = Arc::new(MemoryStore::default());
    saved(&sim, dir.path(), &memory).await;
    set_secret(&sim, "Rotated*Elsewhere#1");
    sim.sim.clear_requests();
    let full = Arc::new(AtomicBool::new(true));
    let disk = full.clone();
    let store = ConnectionStore::new(memory.clone(), dir.path()).with_step_hook(move |step| {
        match step == SaveStep::SignInRecord && disk.load(Ordering::SeqCst) {
            true => Err(StorageError::SettingsWrite {
                path: "sign-ins.json".into(),
                detail: "No space left on device".into(),
            }),
            false => Ok(()),
        }
    });
    let app = Service::new(
        Ok(policy(&sim)),
        Ok(Arc::new(store)),
        ClientConfig::default(),
    );
    for target in [TestTarget::Saved, new_creds("Other*Secret#9")] {
        let refused = app.start_test(request(target, false), |_| {}).await;
        let error = refused.unwrap_err().to_ipc();
        assert_eq!(error.code, ErrorCode::SignInNotRecorded);
        assert!(error.message.contains("No space left"), "{error:?}");
    }
    assert!(app.ticket_options().await.is_err());
    assert_eq!(authed(&sim).len(), 0, "nothing was sent");

    // The marker is written, the disk fills before the rejection is: the next run refuses.
    let hook = full.clone();
    let store = ConnectionStore::new(memory.clone(), dir.path()).with_step_hook(move |step| {
        if step == SaveStep::SignInRecord && hook.swap(true, Ordering::SeqCst) {
            return Err(StorageError::SettingsWrite {
                path: "sign-ins.json".into(),
                detail: "No space left on device".into(),
            });
        }
        Ok(())
    });
    full.store(false, Ordering::SeqCst);
    let app = Service::new(
        Ok(policy(&sim)),
        Ok(Arc::new(store)),
        ClientConfig::default(),
    );
    let report = app
        .start_test(request(new_creds("Mistyped*1"), false), |_| {})
        .await
        .unwrap();
    assert_eq!(report.error.unwrap().code, ErrorCode::InvalidCredentials);
    let next = service(&sim, dir.path(), &memory);
    let refused = next
        .start_test(request(new_creds("Mistyped*1"), false), |_| {})
        .await;
    assert_eq!(
        refused.unwrap_err().to_ipc().code,
        ErrorCode::SignInNotRecorded
    );
    assert_eq!(authed(&sim).len(), 1, "one failed sign-in in all");
}

/// N7: the same rejected credentials are recognised in a reset and in any username case.
#[tokio::test]
async fn a_reset_with_the_rejected_secret_or_another_username_case_is_not_sent() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let memory = Arc::new(MemoryStore::default());
    saved(&sim, dir.path(), &memory).await;
    set_secret(&sim, "Rotated*Elsewhere#1");
    sim.sim.clear_requests();
    let app = service(&sim, dir.path(), &memory);
    let report = app
        .start_test(request(TestTarget::Saved, false), |_| {})
        .await
        .unwrap();
    assert_eq!(report.error.unwrap().code, ErrorCode::InvalidCredentials);
    let reset = TestTarget::Reset {
        secret: Secret::new(SECRET.as_str()),
        username: None,
        integration_code: None,
    };
    let refused = app.start_test(request(reset, false), |_| {}).await;
    assert_eq!(
        refused.unwrap_err().to_ipc().code,
        ErrorCode::CredentialsRejected
    );
    let shouted = TestTarget::New {
        credentials: CredentialsInput {
            integration_code: Secret::new(CODE.as_str()),
            username: USER.to_uppercase(),
            secret: Secret::new(SECRET.as_str()),
            zone_url: None,
        },
    };
    let refused = app.start_test(request(shouted, false), |_| {}).await;
    assert_eq!(
        refused.unwrap_err().to_ipc().code,
        ErrorCode::CredentialsRejected
    );
    assert_eq!(authed(&sim).len(), 1);
}

/// N9: a Test of old credentials that ends after a newer save never marks the new ones.
#[tokio::test]
async fn an_outcome_about_old_credentials_never_lands_on_a_newer_save() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let memory = Arc::new(MemoryStore::default());
    saved(&sim, dir.path(), &memory).await;
    set_secret(&sim, "Rotated*Elsewhere#1");
    sim.sim.set_faults(autotask_sim::Faults {
        rules: vec![autotask_sim::FaultRule {
            path_contains: "ersion".into(),
            latency_ms: 1500,
            times: Some(1), // the old Test's sign-in only
            ..Default::default()
        }],
        ..Default::default()
    });
    let old = service(&sim, dir.path(), &memory);
    let running = tokio::spawn(async move {
        old.start_test(request(TestTarget::Saved, false), |_| {})
            .await
            .unwrap()
    });
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let newer = service(&sim, dir.path(), &memory);
    newer
        .start_test(request(new_creds("Rotated*Elsewhere#1"), false), |_| {})
        .await
        .unwrap();
    let defaults = TicketDefaults::default()
        .with(DefaultField::Queue, 29682833)
        .with(DefaultField::Category, 3);
    newer.save_connection(defaults).await.unwrap();
    let first = running.await.unwrap();
    assert_eq!(first.error.unwrap().code, ErrorCode::InvalidCredentials);
    let status = newer.status().unwrap();
    assert!(status.rejected.is_none(), "{:?}", status.rejected);
    assert!(status.last_test.unwrap().ok, "the newer save's own Test");
}

/// N8: a 401 to the test ticket (the secret rotated after the lists loaded, so no sign-in probe
/// ran first) opens the breaker: the next click sends nothing.
#[tokio::test]
async fn a_rejected_test_ticket_opens_the_breaker() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let memory = Arc::new(MemoryStore::default());
    saved(&sim, dir.path(), &memory).await;
    let app = service(&sim, dir.path(), &memory);
    app.ticket_options().await.unwrap();
    set_secret(&sim, "Rotated*Elsewhere#1");
    sim.sim.clear_requests();
    let defaults = TicketDefaults::default()
        .with(DefaultField::Queue, 29682833)
        .with(DefaultField::Category, 3);
    let first = app.create_test_ticket(defaults.clone()).await;
    assert_eq!(
        first.unwrap_err().to_ipc().code,
        ErrorCode::InvalidCredentials
    );
    let second = app.create_test_ticket(defaults).await;
    assert_eq!(
        second.unwrap_err().to_ipc().code,
        ErrorCode::CredentialsRejected
    );
    assert_eq!(authed(&sim).len(), 1, "{:?}", authed(&sim));
    assert!(app.status().unwrap().rejected.is_some());
}
