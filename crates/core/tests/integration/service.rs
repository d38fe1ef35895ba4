//! The app's flows without a window: save only after a passing Test, reset that never leaves
//! the admin worse off, defaults, disconnect. HTTP goes to the simulator; the keychain is the
//! in-memory store (the real one has its own tests).

use std::sync::Arc;
use std::time::Duration;

use autotask_sim::SimServer;
use test_support::*;
use vectis_core::autotask::connection_test::PropagationWait;
use vectis_core::autotask::ticket_defaults::{DefaultField, TicketDefaults};
use vectis_core::autotask::ClientConfig;
use vectis_core::error::{ErrorCode, Field, ToIpcError};
use vectis_core::secret::Secret;
use vectis_core::service::{Service, ServiceError, TestRequest, TestTarget};
use vectis_core::storage::{ConnectionStore, MemoryStore};
use vectis_core::validation::CredentialsInput;

fn service(sim: &SimServer, dir: &std::path::Path) -> (Service, Arc<MemoryStore>) {
    let memory = Arc::new(MemoryStore::default());
    let store = Arc::new(ConnectionStore::new(memory.clone(), dir));
    let service = Service::new(Ok(policy(sim)), Ok(store), ClientConfig::default())
        .with_propagation(PropagationWait {
            total: Duration::from_secs(5),
            interval: Duration::from_millis(300),
        });
    (service, memory)
}

fn new_target(secret: &str) -> TestRequest {
    TestRequest {
        target: TestTarget::New {
            credentials: CredentialsInput {
                integration_code: Secret::new(format!(" {} ", *CODE)),
                username: USER.to_string(),
                secret: Secret::new(secret),
                zone_url: None,
            },
        },
        wait_for_propagation: false,
        retry_rejected: false,
    }
}

fn reset_target(secret: &str) -> TestRequest {
    TestRequest {
        target: TestTarget::Reset {
            secret: Secret::new(secret),
            username: None,
            integration_code: None,
        },
        wait_for_propagation: false,
        retry_rejected: false,
    }
}

async fn retest_saved(service: &Service) -> vectis_core::autotask::connection_test::TestReport {
    let request = TestRequest {
        target: TestTarget::Saved,
        wait_for_propagation: false,
        retry_rejected: false,
    };
    service.start_test(request, |_| {}).await.unwrap()
}

fn defaults() -> TicketDefaults {
    TicketDefaults::default()
        .with(DefaultField::Queue, 29682833)
        .with(DefaultField::Category, 3)
}

#[tokio::test]
async fn nothing_is_saved_before_a_passing_test() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let (service, memory) = service(&sim, dir.path());
    let error = service.save_connection(defaults()).await.unwrap_err();
    assert_eq!(error.to_ipc().code, ErrorCode::NoTestedCredentials);

    let report = service
        .start_test(new_target("wrong"), |_| {})
        .await
        .unwrap();
    assert_failed(&report);
    assert!(matches!(
        service.save_connection(defaults()).await,
        Err(ServiceError::NoTestedCredentials)
    ));
    assert!(memory.accounts().is_empty());

    let report = service
        .start_test(new_target(&SECRET), |_| {})
        .await
        .unwrap();
    assert_passed(&report);
    // Queue and category are required.
    let error = service
        .save_connection(TicketDefaults::default())
        .await
        .unwrap_err()
        .to_ipc();
    assert_eq!(
        (error.code, error.field),
        (ErrorCode::InvalidInput, Some(Field::Queue))
    );
    let status = service.save_connection(defaults()).await.unwrap();
    assert!(status.configured && status.secret_present);
    let saved = status.defaults.unwrap();
    assert_eq!(saved.label(DefaultField::Queue), Some("Level I Support"));
    assert_eq!(saved.label(DefaultField::Category), Some("Standard"));
    assert!(status.last_test.unwrap().ok);
    // The pending credentials are used once.
    assert!(service.save_connection(defaults()).await.is_err());
}

#[tokio::test]
async fn invalid_input_is_refused_before_any_request() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let (service, _) = service(&sim, dir.path());
    let mut request = new_target("pässword");
    if let TestTarget::New { credentials } = &mut request.target {
        credentials.username = "not-an-email".into();
    }
    let error = service
        .start_test(request, |_| {})
        .await
        .unwrap_err()
        .to_ipc();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(sim.sim.requests().is_empty());
}

async fn saved_service(sim: &SimServer, dir: &std::path::Path) -> (Service, Arc<MemoryStore>) {
    let (service, memory) = service(sim, dir);
    assert!(
        service
            .start_test(new_target(&SECRET), |_| {})
            .await
            .unwrap()
            .ok
    );
    service.save_connection(defaults()).await.unwrap();
    (service, memory)
}

#[tokio::test]
async fn a_failed_reset_keeps_the_old_credentials_and_they_still_pass() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let (service, memory) = saved_service(&sim, dir.path()).await;
    let before = memory.accounts();

    let report = service
        .start_test(reset_target("wrong-new-secret"), |_| {})
        .await
        .unwrap();
    assert_eq!(report.error.unwrap().code, ErrorCode::InvalidCredentials);
    assert!(matches!(
        service.reset_credentials().await,
        Err(ServiceError::NoTestedCredentials)
    ));
    assert_eq!(memory.accounts(), before);

    let retest = retest_saved(&service).await;
    assert!(retest.ok, "{retest:#?}");
    // A saved zone is known: no zone lookup on a re-test.
    let log = sim.sim.requests();
    assert!(!log
        .last()
        .unwrap()
        .path
        .to_lowercase()
        .contains("zoneinformation"));
}

#[tokio::test]
async fn a_passing_reset_replaces_the_secret_and_a_cancelled_one_changes_nothing() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let (service, memory) = saved_service(&sim, dir.path()).await;
    sim.sim.patch_user(
        &USER,
        autotask_sim::UserPatch {
            secret: Some("Rotated*Secret#2".into()),
            ..Default::default()
        },
    );

    // The old secret no longer works in Autotask; the new one passes, then the admin cancels.
    assert!(
        service
            .start_test(reset_target("Rotated*Secret#2"), |_| {})
            .await
            .unwrap()
            .ok
    );
    service.discard_pending();
    assert!(matches!(
        service.reset_credentials().await,
        Err(ServiceError::NoTestedCredentials)
    ));
    assert_eq!(memory.accounts(), ["autotask-default.1"]);

    assert!(
        service
            .start_test(reset_target("Rotated*Secret#2"), |_| {})
            .await
            .unwrap()
            .ok
    );
    let status = service.reset_credentials().await.unwrap();
    assert!(status.secret_present);
    assert_eq!(memory.accounts(), ["autotask-default.2"]);
    assert_eq!(
        status.defaults.unwrap().id(DefaultField::Queue),
        Some(29682833),
        "defaults survive a reset"
    );
    let retest = retest_saved(&service).await;
    assert!(retest.ok);
}

#[tokio::test]
async fn defaults_can_be_edited_and_stale_values_are_refused() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let (service, _) = saved_service(&sim, dir.path()).await;
    let options = service.ticket_options().await.unwrap();
    assert!(options.lists[DefaultField::Priority]
        .choices
        .iter()
        .any(|p| p.label == "P1 Critical"));
    let stale = defaults().with(DefaultField::Queue, 29682836);
    let report = service.validate_defaults(stale.clone()).await.unwrap();
    assert!(
        !report.ok,
        "expected the defaults to be refused: {report:?}"
    );
    assert!(report.errors[0].message.contains("Old Helpdesk"));
    assert!(service.save_defaults(stale).await.is_err());
    let changed = defaults().with(DefaultField::Priority, 4);
    let status = service.save_defaults(changed).await.unwrap();
    assert_eq!(
        status.defaults.unwrap().label(DefaultField::Priority),
        Some("P1 Critical")
    );
}

#[tokio::test]
async fn a_test_ticket_uses_the_saved_connection() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let (service, _) = saved_service(&sim, dir.path()).await;
    let ticket = service.create_test_ticket(defaults()).await.unwrap();
    assert!(ticket
        .url
        .unwrap()
        .starts_with("https://ww15.autotask.net/"));
    let bad = service
        .create_test_ticket(defaults().with(DefaultField::Status, 777))
        .await
        .unwrap_err()
        .to_ipc();
    assert_eq!(bad.field, Some(Field::Status));
}

#[tokio::test]
async fn disconnect_forgets_everything() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let (service, memory) = saved_service(&sim, dir.path()).await;
    let status = service.disconnect().unwrap();
    assert!(!status.configured);
    assert!(memory.accounts().is_empty());
    assert!(!dir.path().join("settings.json").exists());
    assert!(!service.disconnect().unwrap().configured);
}

#[tokio::test]
async fn a_refused_custom_endpoint_is_reported_not_crashed() {
    let refused = vectis_core::config::Config {
        zone_lookup_url: Some("http://127.0.0.1:1/atservicesrest/".into()),
        ..Default::default()
    }
    .endpoint_policy();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(ConnectionStore::new(
        Arc::new(MemoryStore::default()),
        dir.path(),
    ));
    let service = Service::new(refused, Ok(store), ClientConfig::default());
    let info = service.app_info().await;
    assert_eq!(info.fatal.unwrap().code, ErrorCode::EndpointNotAllowed);
    assert!(info.custom_endpoint.is_none());
}

/// A keychain that never answers (locked, or a Secret Service that hangs).
struct Hanging;

impl vectis_core::storage::SecretStore for Hanging {
    fn backend_name(&self) -> &'static str {
        "hanging (tests only)"
    }
    fn read(&self, _: &str) -> Result<Option<String>, vectis_core::storage::StorageError> {
        std::thread::sleep(Duration::from_secs(2));
        Ok(None)
    }
    fn write(&self, _: &str, _: &str) -> Result<(), vectis_core::storage::StorageError> {
        std::thread::sleep(Duration::from_secs(2));
        Ok(())
    }
    fn delete(&self, _: &str) -> Result<(), vectis_core::storage::StorageError> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_keychain_that_never_answers_is_reported_not_waited_on() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let (service, _) = saved_service(&sim, dir.path()).await;
    drop(service);
    let store = Arc::new(ConnectionStore::new(Arc::new(Hanging), dir.path()));
    let service = Service::new(Ok(policy(&sim)), Ok(store), ClientConfig::default())
        .with_keychain_deadline(Duration::from_millis(300));
    let started = std::time::Instant::now();
    let error = service.ticket_options().await.unwrap_err().to_ipc();
    assert_eq!(error.code, ErrorCode::KeychainUnavailable);
    assert!(
        error.message.contains("did not answer"),
        "{}",
        error.message
    );
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_save_to_a_keychain_that_never_answers_is_reported_within_the_deadline() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(ConnectionStore::new(Arc::new(Hanging), dir.path()));
    let service = Service::new(Ok(policy(&sim)), Ok(store), ClientConfig::default())
        .with_keychain_deadline(Duration::from_millis(300));
    let report = service
        .start_test(new_target(&SECRET), |_| {})
        .await
        .unwrap();
    assert!(report.ok, "the Test needs no keychain: {:?}", report.error);
    let started = std::time::Instant::now();
    let error = service
        .save_connection(defaults())
        .await
        .unwrap_err()
        .to_ipc();
    assert_eq!(
        error.code,
        ErrorCode::KeychainUnavailable,
        "a save off the async workers gives up at the keychain deadline"
    );
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "the save waited {:?} for a keychain that answers after 2 s",
        started.elapsed()
    );
}

#[tokio::test]
async fn when_the_lists_do_not_load_typed_ids_still_finish_the_wizard() {
    let sim = sim().await;
    sim.sim
        .set_faults(fault("ticketcategories", autotask_sim::FaultKind::Html503));
    let dir = tempfile::tempdir().unwrap();
    let (service, _) = service(&sim, dir.path());
    let report = service
        .start_test(new_target(&SECRET), |_| {})
        .await
        .unwrap();
    assert!(report.ok, "the Test passes without the lists");
    // No saved connection exists yet: the check must not fall back to one.
    let missing = service
        .validate_defaults(TicketDefaults::default())
        .await
        .unwrap();
    assert_eq!(missing.errors[0].field, Some(Field::Queue));
    let typed = service.validate_defaults(defaults()).await.unwrap();
    assert!(typed.ok, "{:?}", typed.errors);
    assert!(
        service
            .save_connection(defaults())
            .await
            .unwrap()
            .configured
    );
}

#[tokio::test]
async fn the_window_cannot_change_a_value_the_organisation_manages() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let (service, _) = saved_service(&sim, dir.path()).await;
    let policy = vectis_core::policy::Policy {
        source: Some("policy.json (test)".into()),
        keys: vectis_core::policy::ManagedValues {
            defaults: Default::default(),
            offer_test_ticket: Some(false),
            ..Default::default()
        }
        .managing(DefaultField::Queue, 5),
        ..Default::default()
    };
    let service = service.with_policy(policy);
    let error = service
        .save_defaults(defaults())
        .await
        .unwrap_err()
        .to_ipc();
    assert_eq!(error.code, ErrorCode::ManagedByPolicy);
    assert_eq!(error.field, Some(Field::Queue));
    let mut managed = defaults();
    managed.ids[DefaultField::Queue] = Some(5);
    assert!(service.save_defaults(managed.clone()).await.is_ok());
    let ticket = service
        .create_test_ticket(managed)
        .await
        .unwrap_err()
        .to_ipc();
    assert_eq!(ticket.code, ErrorCode::ManagedByPolicy);
    assert!(service.app_info().await.policy.keys.defaults[DefaultField::Queue] == Some(5));
}

#[tokio::test]
async fn a_retest_saves_the_zone_a_moved_tenant_answers_from() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let (service, _) = saved_service(&sim, dir.path()).await;
    let before = service.status().unwrap().zone.unwrap();
    assert_eq!(before.host, "webservices15.autotask.net");
    assert!(sim.sim.move_tenant("contoso", 16, "America West 3"));
    let report = retest_saved(&service).await;
    assert!(report.ok, "{:?}", report.error);
    // The note says the move was taken care of: the admin has nothing to do (L9).
    let note = &report
        .checks
        .iter()
        .find(|c| c.id == vectis_core::autotask::connection_test::CheckId::Zone)
        .unwrap()
        .message;
    assert_eq!(
        note,
        "Your Autotask tenant moved from webservices15 to webservices16. The new zone was saved; nothing needs doing."
    );
    let moved = report.zone.unwrap();
    assert_eq!(
        moved.moved_from.as_deref(),
        Some("webservices15.autotask.net")
    );
    let saved = service.status().unwrap().zone.unwrap();
    assert_eq!(saved.host, "webservices16.autotask.net");
    assert_eq!(
        saved.moved_from, None,
        "the move is news for the report, not a setting"
    );
    // The next Test starts at the new zone: no refused sign-in on the old one.
    sim.sim.clear_requests();
    assert!(retest_saved(&service).await.ok);
    let refused = sim
        .sim
        .requests()
        .iter()
        .filter(|r| r.status == Some(401))
        .count();
    assert_eq!(refused, 0);
}

#[tokio::test]
async fn demo_mode_offers_the_simulators_own_demo_credentials() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let (service, _) = service(&sim, dir.path());
    assert!(service.app_info().await.demo.is_none(), "not in demo mode");
    let paths = vectis_core::paths::Paths::for_mode(true);
    let demo = service
        .with_mode(true, paths)
        .app_info()
        .await
        .demo
        .unwrap();
    let fixture = autotask_sim::Fixture::default_demo().demo_credentials();
    assert_eq!(
        (demo.integration_code, demo.username, demo.secret),
        (fixture.integration_code, fixture.username, fixture.secret)
    );
}

/// The window's first screen starts from what Rust knows without the network; demo mode's app
/// info waits for the simulator, so it is left for the page to ask.
#[tokio::test]
async fn the_first_screen_is_the_app_info_and_status_except_in_demo_mode() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let (service, _) = service(&sim, dir.path());
    let first = service.first_screen();
    let info = first
        .info
        .expect("outside demo mode the app info needs no network");
    assert_eq!(
        serde_json::to_value(info).unwrap(),
        serde_json::to_value(service.app_info().await).unwrap()
    );
    assert!(!first.status.expect("the status").configured);
    let demo = service.with_mode(true, vectis_core::paths::Paths::for_mode(true));
    assert!(
        demo.first_screen().info.is_none(),
        "demo mode asks the simulator"
    );
}

/// N12: a managed ZoneUrl holds for the window's Test too: another zone is refused before
/// anything is sent, and no zone lookup is made.
#[tokio::test]
async fn a_managed_zone_url_holds_for_every_test() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let (service, _) = service(&sim, dir.path());
    let managed = "https://webservices15.autotask.net/ATServicesRest/";
    let policy = vectis_core::policy::Policy {
        source: Some("policy.json (test)".into()),
        keys: vectis_core::policy::ManagedValues {
            zone_url: Some(managed.into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let service = service.with_policy(policy);
    let mut other = new_target(&SECRET);
    if let TestTarget::New { credentials } = &mut other.target {
        credentials.zone_url = Some("https://webservices16.autotask.net/ATServicesRest/".into());
    }
    let refused = service
        .start_test(other, |_| {})
        .await
        .unwrap_err()
        .to_ipc();
    assert_eq!(refused.code, ErrorCode::ManagedByPolicy);
    assert_eq!(refused.field, Some(Field::ZoneUrl));
    assert!(sim.sim.requests().is_empty(), "nothing was sent");
    let _ = service.start_test(new_target(&SECRET), |_| {}).await;
    let lookups = sim.sim.requests();
    assert!(
        !lookups
            .iter()
            .any(|r| r.path.to_lowercase().contains("zoneinformation")),
        "the managed zone is used, not looked up: {:?}",
        lookups.iter().map(|r| &r.path).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn an_echoed_integration_code_never_reaches_the_admin_from_the_lists() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let (service, _) = saved_service(&sim, dir.path()).await;
    sim.sim.set_faults(autotask_sim::Faults {
        rules: vec![autotask_sim::FaultRule {
            path_contains: "ticketcategories".into(),
            kind: Some(autotask_sim::FaultKind::EchoIntegrationCode500),
            ..Default::default()
        }],
        ..Default::default()
    });
    let error = service.ticket_options().await.unwrap_err().to_ipc();
    let text = serde_json::to_string(&error).unwrap();
    assert!(
        text.contains("[redacted integration code]"),
        "the server's words are kept, the code replaced: {text}"
    );
    assert!(
        !text.to_lowercase().contains(&CODE.to_lowercase()),
        "the integration code reached the admin: {text}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn two_list_loads_at_once_sign_in_once() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let (service, _) = saved_service(&sim, dir.path()).await;
    sim.sim.set_faults(autotask_sim::Faults {
        latency_ms: 100,
        ..Default::default()
    });
    let before = sim
        .sim
        .requests()
        .iter()
        .filter(|r| r.endpoint == "version")
        .count();
    let (a, b) = tokio::join!(service.ticket_options(), service.ticket_options());
    assert_eq!(a.unwrap(), b.unwrap(), "both callers get the same lists");
    let sign_ins = sim
        .sim
        .requests()
        .iter()
        .filter(|r| r.endpoint == "version")
        .count()
        - before;
    assert_eq!(
        sign_ins, 1,
        "the second caller waits for the first's lists instead of signing in"
    );
}

fn expecting(service: Service, tenant: &str) -> Service {
    service.with_policy(vectis_core::policy::Policy {
        source: Some("policy.json (test)".into()),
        keys: vectis_core::policy::ManagedValues {
            expected_tenant: Some(tenant.into()),
            ..Default::default()
        },
        ..Default::default()
    })
}

#[tokio::test]
async fn save_and_reset_refuse_another_tenant_than_expected_and_change_nothing() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let (service, memory) = service(&sim, dir.path());
    let service = expecting(service, "Contoso Sandbox");
    let report = service
        .start_test(new_target(&SECRET), |_| {})
        .await
        .unwrap();
    assert_eq!(report.error.unwrap().code, ErrorCode::WrongTenant);
    let refused = service
        .save_connection(defaults())
        .await
        .unwrap_err()
        .to_ipc();
    assert_eq!(
        refused.code,
        ErrorCode::WrongTenant,
        "Save says why: {refused:?}"
    );
    assert!(
        refused.message.contains("Contoso Sandbox"),
        "{}",
        refused.message
    );
    assert!(!service.status().unwrap().configured, "nothing saved");

    // Saved for the expected tenant (by number), then a reset is refused for another one.
    let store = Arc::new(ConnectionStore::new(memory.clone(), dir.path()));
    let fresh = || Service::new(Ok(policy(&sim)), Ok(store.clone()), ClientConfig::default());
    let service = expecting(fresh(), "20264");
    assert!(
        service
            .start_test(new_target(&SECRET), |_| {})
            .await
            .unwrap()
            .ok
    );
    let saved = service.save_connection(defaults()).await.unwrap();
    assert_eq!(
        saved.tenant.as_ref().and_then(|t| t.name.as_deref()),
        Some("Contoso Managed Services")
    );
    let service = expecting(fresh(), "Northwind IT");
    let report = service
        .start_test(reset_target(&SECRET), |_| {})
        .await
        .unwrap();
    assert_eq!(report.error.unwrap().code, ErrorCode::WrongTenant);
    let refused = service.reset_credentials().await.unwrap_err().to_ipc();
    assert_eq!(refused.code, ErrorCode::WrongTenant);
    assert_eq!(
        service.status().unwrap().saved_at,
        saved.saved_at,
        "the saved connection stays"
    );
}

/// M2: a stopped re-test of the saved connection leaves the last completed Test as the status.
#[tokio::test]
async fn a_stopped_retest_keeps_the_last_completed_test() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let (service, _) = saved_service(&sim, dir.path()).await;
    assert!(retest_saved(&service).await.ok);
    let passed = service.status().unwrap().last_test.unwrap();
    sim.sim.set_faults(autotask_sim::Faults {
        latency_ms: 1500,
        ..Default::default()
    });
    let request = TestRequest {
        target: TestTarget::Saved,
        wait_for_propagation: false,
        retry_rejected: false,
    };
    let (report, _) = tokio::join!(service.start_test(request, |_| {}), async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(service.cancel_test());
    });
    let report = report.unwrap();
    assert_eq!(report.error.map(|e| e.code), Some(ErrorCode::Cancelled));
    let status = service.status().unwrap();
    assert_eq!(status.last_test, Some(passed), "a stop is not a result");
    let bundle = service
        .support_bundle(vectis_core::support::BundleAbout::default())
        .await;
    assert!(bundle.contains("Stopped (not a result)"), "{bundle}");
    assert!(!bundle.contains("FAILED"), "{bundle}");
}

/// H3: an ID typed while the lists fail is saved without a name ("not checked"), and the next
/// Test of the saved connection checks it and fails with the fix.
#[tokio::test]
async fn ids_typed_while_the_lists_fail_are_saved_unnamed_and_the_next_test_checks_them() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let (first, memory) = saved_service(&sim, dir.path()).await;
    drop(first);
    // A new session: no lists cached.
    let store = Arc::new(ConnectionStore::new(memory, dir.path()));
    let service = Service::new(Ok(policy(&sim)), Ok(store), ClientConfig::default());
    sim.sim
        .set_faults(fault("ticketcategories", autotask_sim::FaultKind::Html503));
    let saved = service.status().unwrap().defaults.unwrap();
    assert!(saved.label(DefaultField::Queue).is_some());
    let typed = saved.clone().with(DefaultField::Queue, 99);
    let defaults = service
        .save_defaults(typed)
        .await
        .unwrap()
        .defaults
        .unwrap();
    assert_eq!(defaults.id(DefaultField::Queue), Some(99));
    assert_eq!(defaults.label(DefaultField::Queue), None, "no old name");
    assert_eq!(
        defaults.label(DefaultField::Category),
        saved.label(DefaultField::Category),
        "an unchanged ID keeps the name it was checked with"
    );
    sim.sim.set_faults(autotask_sim::Faults::default());
    let report = retest_saved(&service).await;
    assert!(
        !report.ok,
        "a Test of the saved connection checks the defaults"
    );
    let error = report.error.unwrap();
    assert_eq!(error.field, Some(Field::Queue));
    assert!(
        error.message.contains("There is no queue with ID 99"),
        "never found, not deleted: {}",
        error.message
    );
    let last = service.status().unwrap().last_test.unwrap();
    assert!(!last.ok);
}

/// L11: a Test that passed while the lists failed; "Load the lists again" asks with the tested
/// (unsaved) credentials, and what was typed is then checked against the lists.
#[tokio::test]
async fn the_lists_load_again_with_the_tested_credentials_after_they_failed() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let (service, _) = service(&sim, dir.path());
    sim.sim
        .set_faults(fault("ticketcategories", autotask_sim::FaultKind::Html503));
    let report = service
        .start_test(new_target(&SECRET), |_| {})
        .await
        .unwrap();
    assert_passed(&report);
    assert!(service.ticket_options().await.is_err(), "still failing");
    sim.sim.set_faults(autotask_sim::Faults::default());
    let options = service.ticket_options().await.unwrap();
    assert!(options
        .list(DefaultField::Queue)
        .choices
        .iter()
        .any(|c| c.id == 29682833));
    let typed = defaults().with(DefaultField::Queue, 99);
    let checked = service.validate_defaults(typed).await.unwrap();
    assert!(!checked.ok, "a typed ID is checked once the lists are back");
    assert_eq!(checked.errors[0].field, Some(Field::Queue));
    let status = service.save_connection(defaults()).await.unwrap();
    assert_eq!(
        status.defaults.unwrap().label(DefaultField::Queue),
        Some("Level I Support"),
        "saved with the name the reloaded lists gave"
    );
}
