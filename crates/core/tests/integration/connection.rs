//! The connection Test against the Autotask simulator: every error code it can produce, the
//! round trips, concurrency, the no-retry rule, propagation, and the endpoint policy.

use std::time::Duration;

use autotask_sim::{FaultKind, Faults, RequestRecord, UserPatch};
use test_support::*;
use vectis_core::autotask::connection_test::{
    AccessLevel, CheckId, CheckStatus, PropagationWait, TestEvent, TestOptions, REQUIRED,
};
use vectis_core::autotask::ticket_defaults::{self, DefaultField, TicketDefaults};
use vectis_core::autotask::{ApiError, Call, EndpointPolicy, ZoneSource};
use vectis_core::error::{ErrorCode, Field};

fn authed(log: &[RequestRecord]) -> Vec<&RequestRecord> {
    log.iter().filter(|r| r.auth_headers.any()).collect()
}

#[tokio::test]
async fn success_with_unknown_zone_takes_three_sequential_round_trips() {
    let sim = sim().await;
    sim.sim.set_faults(Faults {
        latency_ms: 150,
        ..Default::default()
    });
    let outcome = test(&client(&sim), &demo_creds()).await;
    let report = &outcome.report;
    assert!(report.ok, "{report:#?}");
    assert_eq!(
        report.message,
        "Connected to Autotask (webservices15.autotask.net) \u{2014} Contoso Managed Services"
    );
    let zone = report.zone.as_ref().unwrap();
    assert_eq!(
        (zone.name.as_deref(), zone.source),
        (Some("America West 2"), ZoneSource::Lookup)
    );
    assert_eq!(zone.web_url.as_deref(), Some("https://ww15.autotask.net/"));
    assert!(
        report.checks.iter().all(|c| c.status == CheckStatus::Pass),
        "{:#?}",
        report.checks
    );
    assert_eq!(report.permissions.len(), 6);
    assert!(report
        .permissions
        .iter()
        .all(|p| p.granted && p.level == AccessLevel::All));
    let usage = report.usage.as_ref().unwrap();
    assert_eq!((usage.limit, usage.window_minutes), (10_000, 60));
    assert!(report.custom_endpoint);
    let options = outcome.ticket_options.unwrap();
    assert!(options.lists[DefaultField::Queue]
        .choices
        .iter()
        .any(|q| q.id == 29682833));

    // Round trips, from the simulator's log: zone → Version → the rest, all at once.
    let log = sim.sim.requests();
    let zone_call = &log[0];
    assert!(
        zone_call.path.to_lowercase().contains("zoneinformation") && !zone_call.auth_headers.any()
    );
    let version = &log[1];
    assert_eq!(version.endpoint, "version");
    assert!(version.started_ms >= zone_call.ended_ms.unwrap());
    // The permission matrix (needed and never-touched entities), a query per required read
    // (the tenant's own company among them), usage, the fields and the categories.
    let rest = &log[2..];
    assert_eq!(rest.len(), 17, "{log:#?}");
    let first_end = rest.iter().map(|r| r.ended_ms.unwrap()).min().unwrap();
    for r in rest {
        assert!(
            r.started_ms >= version.ended_ms.unwrap(),
            "{r:?} started before sign-in finished"
        );
        assert!(r.started_ms < first_end, "{r:?} did not run in parallel");
    }
    assert!(sim.sim.max_in_flight().values().all(|n| *n <= 3));
}

#[tokio::test]
async fn a_known_zone_takes_two_round_trips_and_no_lookup() {
    let sim = sim().await;
    let creds = demo_creds_in_known_zone(&sim);
    let outcome = test(&client(&sim), &creds).await;
    assert!(outcome.report.ok, "{:#?}", outcome.report);
    let zone = outcome.report.zone.unwrap();
    assert_eq!((zone.source, zone.name), (ZoneSource::Manual, None));
    let log = sim.sim.requests();
    assert!(log
        .iter()
        .all(|r| !r.path.to_lowercase().contains("zoneinformation")));
    assert_eq!(log[0].endpoint, "version");
    assert!(log[1..]
        .iter()
        .all(|r| r.started_ms >= log[0].ended_ms.unwrap()));
}

#[tokio::test]
async fn a_wrong_secret_is_tried_exactly_once() {
    let sim = sim().await;
    let outcome = test(&client(&sim), &creds(&USER, "not-the-secret", &CODE)).await;
    assert_failed(&outcome.report);
    let error = outcome.report.error.clone().unwrap();
    assert_eq!(
        (error.code, error.field),
        (ErrorCode::InvalidCredentials, Some(Field::Secret))
    );
    assert!(error.message.contains("401"));
    assert!(error.remediation.contains("never retries"));
    assert_eq!(authed(&sim.sim.requests()).len(), 1);
    let sign_in = outcome
        .report
        .checks
        .iter()
        .find(|c| c.id == CheckId::SignIn)
        .unwrap();
    assert_eq!(sign_in.status, CheckStatus::Fail);
    assert!(outcome
        .report
        .checks
        .iter()
        .filter(|c| REQUIRED.iter().any(|r| r.check == c.id))
        .all(|c| c.status == CheckStatus::Skipped));
}

#[tokio::test]
async fn an_unknown_user_fails_at_the_zone_lookup_without_signing_in() {
    let sim = sim().await;
    let outcome = test(
        &client(&sim),
        &creds("nobody@contoso-msp.com", &SECRET, &CODE),
    )
    .await;
    let error = outcome.report.error.unwrap();
    assert_eq!(
        (error.code, error.field),
        (ErrorCode::UnknownUser, Some(Field::Username))
    );
    assert!(error.remediation.contains("5 minutes"));
    assert!(authed(&sim.sim.requests()).is_empty());
}

#[tokio::test]
async fn a_bad_integration_code_locked_and_inactive_users() {
    // The explanatory bodies some zones send (opt-in; the default is an empty 401).
    let sim = sim_with(|f| f.settings.account_state_bodies = true).await;
    let c = client(&sim);
    let outcome = test(&c, &creds(&USER, &SECRET, "WRONGCODE")).await;
    assert_eq!(
        outcome.report.error.as_ref().map(|e| (e.code, e.field)),
        Some((
            ErrorCode::InvalidIntegrationCode,
            Some(Field::IntegrationCode)
        ))
    );

    sim.sim.patch_user(
        &USER,
        UserPatch {
            locked: Some(true),
            ..Default::default()
        },
    );
    let outcome = test(&c, &demo_creds()).await;
    assert_error(&outcome.report, ErrorCode::AccountLocked);
    assert!(outcome.report.error.unwrap().remediation.contains("Locked"));

    sim.sim.patch_user(
        &USER,
        UserPatch {
            locked: Some(false),
            active: Some(false),
            ..Default::default()
        },
    );
    assert_error(
        &test(&c, &demo_creds()).await.report,
        ErrorCode::AccountLocked,
    );
}

#[tokio::test]
async fn the_permission_matrix_names_each_missing_entity() {
    for status in [500, 403] {
        let sim = sim_with(|f| f.settings.permission_error_status = status).await;
        let outcome = test(&client(&sim), &creds(&LIMITED, &LIMITED_SECRET, &CODE)).await;
        let report = outcome.report;
        assert_failed(&report);
        let error = report.error.unwrap();
        assert_eq!(error.code, ErrorCode::PermissionDenied);
        assert!(
            error.message.contains("read Contracts")
                && error.message.contains("create Tickets")
                && error.message.contains("create Ticket Notes"),
            "{}",
            error.message
        );
        assert!(error.remediation.contains("API User (system)"));
        let find = |entity: &str, access| {
            report
                .permissions
                .iter()
                .find(|p| p.entity == entity && p.access == access)
                .unwrap()
        };
        use vectis_core::autotask::connection_test::AccessKind::*;
        assert!(!find("Contracts", Read).granted);
        assert!(find("Contracts", Read)
            .fix
            .as_ref()
            .unwrap()
            .contains("read access to Contracts"));
        let tickets = find("Tickets", Read);
        assert_eq!(
            (tickets.granted, tickets.level),
            (true, AccessLevel::Restricted)
        );
        let check = report
            .checks
            .iter()
            .find(|c| c.id == CheckId::TicketsRead)
            .unwrap();
        assert_eq!(check.status, CheckStatus::Warn);
        // Categories are readable, so the lists still load; the Tickets fields too.
        assert!(report.checks.iter().any(|c| c.id == CheckId::TicketOptions));
    }
}

#[tokio::test]
async fn access_levels_arrive_as_strings_on_some_zones() {
    let sim = sim_with(|f| {
        f.settings.access_wire_format = autotask_sim::fixture::AccessWireFormat::String
    })
    .await;
    let outcome = test(&client(&sim), &demo_creds()).await;
    assert!(outcome.report.ok, "{:#?}", outcome.report.permissions);
}

#[tokio::test]
async fn zones_without_the_version_endpoint_sign_in_through_company_zero() {
    let sim = sim_with(|f| f.settings.has_version_endpoint = false).await;
    let outcome = test(&client(&sim), &demo_creds()).await;
    assert!(outcome.report.ok, "{:#?}", outcome.report);
    let log = sim.sim.requests();
    assert_eq!(log[1].endpoint, "version");
    assert_eq!(log[1].status, Some(404));
    assert!(log[2].path.ends_with("Companies/0"), "{:?}", log[2]);
}

#[tokio::test]
async fn transport_failures_have_their_own_codes() {
    let cases = [
        ("/version", FaultKind::Hang, ErrorCode::Timeout),
        (
            "/version",
            FaultKind::MalformedJson,
            ErrorCode::UnexpectedResponse,
        ),
        (
            "zoneinformation",
            FaultKind::Html503,
            ErrorCode::ServerError,
        ),
        ("/version", FaultKind::Reset, ErrorCode::Network),
    ];
    for (path, kind, code) in cases {
        let sim = sim().await;
        sim.sim.set_faults(fault(path, kind));
        let started = std::time::Instant::now();
        let outcome = test(
            &client_with_timeout(&sim, Duration::from_millis(800)),
            &demo_creds(),
        )
        .await;
        let got = outcome.report.error.as_ref().map(|e| e.code);
        assert_eq!(got, Some(code), "{kind:?}: {:#?}", outcome.report.error);
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{kind:?} took {:?}",
            started.elapsed()
        );
    }
}

#[tokio::test]
async fn thread_limit_answers_read_as_rate_limited() {
    let sim = sim_with(|f| f.settings.thread_limit = 0).await;
    assert_error(
        &test(&client(&sim), &demo_creds()).await.report,
        ErrorCode::RateLimited,
    );
}

#[tokio::test]
async fn nothing_listening_reads_as_network_and_plain_http_to_tls_as_tls() {
    let sim = sim().await;
    let port = sim.addr.port();
    sim.shutdown().await;
    let policy =
        EndpointPolicy::custom(&format!("http://127.0.0.1:{port}/atservicesrest/")).unwrap();
    let c = vectis_core::autotask::AutotaskClient::new(policy, Default::default()).unwrap();
    let outcome = test(&c, &demo_creds()).await;
    assert_error(&outcome.report, ErrorCode::Network);

    let sim = test_support::sim().await;
    let mut creds = demo_creds();
    creds.zone_url = Some(
        url::Url::parse(&format!(
            "https://webservices15.autotask.net:{}/ATServicesRest/",
            sim.addr.port()
        ))
        .unwrap(),
    );
    let outcome = test(&client(&sim), &creds).await;
    assert_error(&outcome.report, ErrorCode::Tls);
}

#[tokio::test]
async fn a_zone_url_off_the_allowed_hosts_is_refused_before_any_credential_is_sent() {
    let sim =
        sim_with(|f| f.settings.zone_host_style = autotask_sim::ZoneHostStyle::Loopback).await;
    // Lookup through "localhost" while the zone answers 127.0.0.1: another host.
    let policy = EndpointPolicy::custom(&format!(
        "http://localhost:{}/atservicesrest/",
        sim.addr.port()
    ))
    .unwrap();
    let c = vectis_core::autotask::AutotaskClient::new(policy, Default::default()).unwrap();
    let outcome = test(&c, &demo_creds()).await;
    assert_error(&outcome.report, ErrorCode::EndpointNotAllowed);
    assert!(authed(&sim.sim.requests()).is_empty());

    let mut creds = demo_creds();
    creds.zone_url = Some(url::Url::parse("http://10.9.8.7/ATServicesRest/").unwrap());
    let outcome = test(&client(&sim), &creds).await;
    assert_eq!(
        outcome.report.error.map(|e| (e.code, e.field)),
        Some((ErrorCode::EndpointNotAllowed, Some(Field::ZoneUrl)))
    );
}

#[tokio::test]
async fn a_new_user_becomes_live_during_the_propagation_wait() {
    let sim = sim().await;
    let mut user = sim.sim.user(&USER).unwrap();
    user.username = "brandnew@contoso-msp.com".into();
    user.live_after_seconds = 1;
    sim.sim.upsert_user(user);
    let options = TestOptions {
        wait_for_propagation: Some(PropagationWait {
            total: Duration::from_secs(10),
            interval: Duration::from_millis(400),
        }),
        known_zone: None,
        ..TestOptions::default()
    };
    let (outcome, events) = test_with(
        &client(&sim),
        &creds("brandnew@contoso-msp.com", &SECRET, &CODE),
        options,
    )
    .await;
    assert!(outcome.report.ok, "{:#?}", outcome.report);
    let waits: Vec<_> = events
        .iter()
        .filter(|e| matches!(e, TestEvent::Waiting { .. }))
        .collect();
    assert!(!waits.is_empty());
    // Only the unauthenticated lookup was repeated.
    let log = sim.sim.requests();
    let lookups = log
        .iter()
        .filter(|r| r.path.to_lowercase().contains("zoneinformation"))
        .count();
    assert!(lookups >= 2);
    assert!(log.iter().filter(|r| r.endpoint == "version").count() == 1);
}

#[tokio::test]
async fn the_propagation_wait_gives_up_and_can_be_cancelled() {
    let sim = sim().await;
    let options = TestOptions {
        wait_for_propagation: Some(PropagationWait {
            total: Duration::from_millis(600),
            interval: Duration::from_millis(200),
        }),
        known_zone: None,
        ..TestOptions::default()
    };
    let (outcome, _) = test_with(
        &client(&sim),
        &creds("never@contoso-msp.com", &SECRET, &CODE),
        options.clone(),
    )
    .await;
    assert_error(&outcome.report, ErrorCode::UnknownUser);

    let options = TestOptions {
        wait_for_propagation: Some(PropagationWait {
            total: Duration::from_secs(60),
            interval: Duration::from_secs(30),
        }),
        known_zone: None,
        ..TestOptions::default()
    };
    let cancel = tokio_util::sync::CancellationToken::new();
    let c = client(&sim);
    let creds = creds("never@contoso-msp.com", &SECRET, &CODE);
    let stopper = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        stopper.cancel();
    });
    let started = std::time::Instant::now();
    let outcome =
        vectis_core::autotask::connection_test::run_test(&c, &creds, options, &|_| {}, &cancel)
            .await;
    assert_error(&outcome.report, ErrorCode::Cancelled);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn ticket_options_and_the_test_ticket() {
    let sim = sim().await;
    let c = client(&sim);
    let outcome = test(&c, &demo_creds()).await;
    let zone = outcome.zone.unwrap();
    let options = outcome.ticket_options.unwrap();
    let queues: Vec<_> = options.lists[DefaultField::Queue]
        .choices
        .iter()
        .map(|q| q.label.as_str())
        .collect();
    assert_eq!(
        queues,
        [
            "Client Portal",
            "Level I Support",
            "Level II Support",
            "Monitoring Alerts",
            "Post Sale"
        ]
    );
    assert_eq!(
        options.lists[DefaultField::Queue].inactive[0].label,
        "Old Helpdesk"
    );
    let statuses: Vec<_> = options.lists[DefaultField::Status]
        .choices
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(statuses, [1, 8, 7, 5]);
    assert!(options.lists[DefaultField::Category]
        .choices
        .iter()
        .any(|c| c.label == "Standard" && c.is_default));

    let defaults = TicketDefaults::default()
        .with(DefaultField::Queue, 29682833)
        .with(DefaultField::Category, 113);
    let plan = ticket_defaults::test_ticket_plan(&defaults, &options).unwrap();
    let ticket = ticket_defaults::create_test_ticket(&c, &zone, &demo_creds(), &plan)
        .await
        .unwrap();
    assert_eq!(ticket.url.as_deref(), Some(format!("https://ww15.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID={}", ticket.id).as_str()));
    let stored = sim.sim.records("contoso", "Tickets");
    assert_eq!(stored.len(), 2, "the fixture's ticket and the test ticket");
    let stored = stored.iter().find(|t| t["id"] == ticket.id).unwrap();
    assert_eq!(stored["companyID"], 0);
    assert_eq!(stored["status"], 1, "the picklist default status");
    assert_eq!(stored["priority"], 2, "the picklist default priority");

    // A value the lists no longer hold (changed since they loaded): Autotask's own refusal.
    let mut bad = plan.clone();
    bad.values[DefaultField::Priority].id = 99;
    let error = ticket_defaults::create_test_ticket(&c, &zone, &demo_creds(), &bad)
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ApiError::Rejected {
            status: 500,
            messages: vec!["Picklist value [99] does not exist for priority.".into()]
        }
    );
    assert_eq!(
        ticket_defaults::ticket_rejection(&error).unwrap().field(),
        Some(Field::Priority)
    );
}

#[tokio::test]
async fn stopping_the_parallel_phase_leaves_sign_in_passed_and_says_stopped() {
    let sim = sim().await;
    sim.sim
        .set_faults(fault("/thresholdinformation", FaultKind::Hang));
    let cancel = tokio_util::sync::CancellationToken::new();
    let stopper = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(400)).await;
        stopper.cancel();
    });
    let c = client(&sim);
    let outcome = vectis_core::autotask::connection_test::run_test(
        &c,
        &demo_creds(),
        TestOptions::default(),
        &|_| {},
        &cancel,
    )
    .await;
    assert_error(&outcome.report, ErrorCode::Cancelled);
    let status = |id: CheckId| {
        outcome
            .report
            .checks
            .iter()
            .find(|c| c.id == id)
            .map(|c| (c.status, c.message.clone()))
            .unwrap()
    };
    assert_eq!(status(CheckId::SignIn).0, CheckStatus::Pass);
    let (usage, why) = status(CheckId::Usage);
    assert_eq!(usage, CheckStatus::Skipped);
    assert!(why.contains("stopped"), "{why}");
}

fn saved_zone_options(zone: vectis_core::autotask::Zone) -> TestOptions {
    TestOptions {
        wait_for_propagation: None,
        known_zone: Some(zone),
        ..TestOptions::default()
    }
}

#[tokio::test]
async fn a_saved_zone_is_confirmed_by_a_lookup_beside_the_sign_in() {
    let sim = sim().await;
    let c = client(&sim);
    let zone = test(&c, &demo_creds()).await.zone.unwrap();
    sim.sim.set_faults(Faults {
        latency_ms: 150,
        ..Default::default()
    });
    sim.sim.clear_requests();
    let (outcome, _) = test_with(&c, &demo_creds(), saved_zone_options(zone)).await;
    assert!(outcome.report.ok, "{:#?}", outcome.report);
    let log = sim.sim.requests();
    let lookup = log
        .iter()
        .find(|r| r.path.to_lowercase().contains("zoneinformation"))
        .unwrap();
    let sign_in = log.iter().find(|r| r.endpoint == "version").unwrap();
    // Side by side: neither waits for the other, so a tenant that stayed costs two round trips.
    assert!(lookup.started_ms < sign_in.ended_ms.unwrap());
    assert!(sign_in.started_ms < lookup.ended_ms.unwrap());
    assert!(outcome.report.zone.unwrap().moved_from.is_none());
}

#[tokio::test]
async fn a_failed_lookup_with_a_working_saved_zone_passes_with_a_warning() {
    let sim = sim().await;
    let c = client(&sim);
    let zone = test(&c, &demo_creds()).await.zone.unwrap();
    sim.sim
        .set_faults(fault("zoneinformation", FaultKind::Html503));
    let (outcome, _) = test_with(&c, &demo_creds(), saved_zone_options(zone)).await;
    assert!(outcome.report.ok, "{:#?}", outcome.report);
    let zone_check = outcome
        .report
        .checks
        .iter()
        .find(|c| c.id == CheckId::Zone)
        .unwrap();
    assert_eq!(zone_check.status, CheckStatus::Warn);
    assert!(
        zone_check.message.contains("Could not confirm"),
        "{}",
        zone_check.message
    );
}

#[tokio::test]
async fn a_tenant_that_moved_zone_signs_in_at_the_new_zone_not_as_a_wrong_secret() {
    let sim = sim().await;
    let c = client(&sim);
    let zone = test(&c, &demo_creds()).await.zone.unwrap();
    assert_eq!(zone.host, "webservices15.autotask.net");
    assert!(sim.sim.move_tenant("contoso", 16, "America West 3"));
    sim.sim.clear_requests();
    let (outcome, _) = test_with(&c, &demo_creds(), saved_zone_options(zone)).await;
    let report = &outcome.report;
    assert!(report.ok, "{report:#?}");
    let moved = report.zone.as_ref().unwrap();
    assert_eq!(moved.host, "webservices16.autotask.net");
    assert_eq!(
        moved.moved_from.as_deref(),
        Some("webservices15.autotask.net")
    );
    let zone_check = report
        .checks
        .iter()
        .find(|c| c.id == CheckId::Zone)
        .unwrap();
    assert_eq!(
        zone_check.message,
        "Your Autotask tenant moved from webservices15 to webservices16"
    );
    // The old zone refused the sign-in; that answer was not taken for a wrong secret.
    let signed_in_at: Vec<_> = authed(&sim.sim.requests())
        .iter()
        .filter(|r| r.endpoint == "version")
        .map(|r| r.status)
        .collect();
    assert_eq!(signed_in_at, [Some(401), Some(200)]);
    assert_eq!(
        report.message,
        "Connected to Autotask (webservices16.autotask.net) \u{2014} Contoso Managed Services"
    );
}

/// A service over the simulator with a saved, tested connection (the keychain in memory).
mod saved_connection {
    use std::sync::Arc;

    use autotask_sim::SimServer;
    use vectis_core::autotask::ticket_defaults::{DefaultField, TicketDefaults};
    use vectis_core::autotask::ClientConfig;
    use vectis_core::secret::Secret;
    use vectis_core::service::{Service, TestRequest, TestTarget};
    use vectis_core::storage::{ConnectionStore, MemoryStore};
    use vectis_core::validation::CredentialsInput;

    use test_support::*;

    pub fn defaults() -> TicketDefaults {
        TicketDefaults::default()
            .with(DefaultField::Queue, 29682833)
            .with(DefaultField::Category, 3)
    }

    pub fn service(sim: &SimServer, dir: &std::path::Path, memory: &Arc<MemoryStore>) -> Service {
        let store = Arc::new(ConnectionStore::new(memory.clone(), dir));
        Service::new(Ok(policy(sim)), Ok(store), ClientConfig::default())
    }

    pub fn request(target: TestTarget) -> TestRequest {
        TestRequest {
            target,
            wait_for_propagation: false,
            retry_rejected: false,
        }
    }

    /// Tests the demo credentials and saves them; gives the keychain.
    pub async fn save(sim: &SimServer, dir: &std::path::Path) -> Arc<MemoryStore> {
        let memory = Arc::new(MemoryStore::default());
        let service = service(sim, dir, &memory);
        let new = TestTarget::New {
            credentials: CredentialsInput {
                integration_code: Secret::new(CODE.as_str()),
                username: USER.to_string(),
                secret: Secret::new(SECRET.as_str()),
                zone_url: None,
            },
        };
        let report = service.start_test(request(new), |_| {}).await.unwrap();
        assert!(report.ok, "{report:#?}");
        service.save_connection(defaults()).await.unwrap();
        memory
    }

    pub fn edit_settings(path: &std::path::Path, edit: impl FnOnce(&mut serde_json::Value)) {
        let mut saved: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        edit(&mut saved);
        std::fs::write(path, saved.to_string()).unwrap();
    }
}

#[tokio::test]
async fn a_saved_zone_edited_to_another_host_sends_no_credentials_from_any_path() {
    use saved_connection::*;
    use vectis_core::error::ToIpcError;
    use vectis_core::service::TestTarget;
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let memory = save(&sim, dir.path()).await;
    // "localhost" reaches the simulator too, but the policy only allows its lookup host.
    let hosts = [
        "https://evil.example/ATServicesRest/".to_string(),
        format!("http://localhost:{}/ATServicesRest/", sim.addr.port()),
    ];
    for host in hosts {
        edit_settings(&dir.path().join("settings.json"), |s| {
            s["zone"]["apiUrl"] = host.clone().into();
        });
        let service = service(&sim, dir.path(), &memory);
        sim.sim.clear_requests();
        let report = service
            .start_test(request(TestTarget::Saved), |_| {})
            .await
            .unwrap();
        let error = report.error.unwrap();
        assert_eq!(
            (error.code, error.field),
            (ErrorCode::EndpointNotAllowed, Some(Field::ZoneUrl)),
            "{host}: {error:?}"
        );
        assert!(error.message.contains(&host), "{}", error.message);
        let lists = service.ticket_options().await.unwrap_err().to_ipc();
        assert_eq!(
            lists.code,
            ErrorCode::EndpointNotAllowed,
            "{host}: {lists:?}"
        );
        let ticket = service
            .create_test_ticket(defaults())
            .await
            .unwrap_err()
            .to_ipc();
        assert_eq!(
            ticket.code,
            ErrorCode::EndpointNotAllowed,
            "{host}: {ticket:?}"
        );
        assert!(authed(&sim.sim.requests()).is_empty(), "{host}");
    }
}

#[tokio::test]
async fn a_damaged_saved_zone_or_slot_is_moved_aside_and_nothing_is_sent() {
    use saved_connection::*;
    use vectis_core::error::ToIpcError;
    use vectis_core::service::TestTarget;
    type Edit = fn(&mut serde_json::Value);
    let edits: [(&str, Edit); 3] = [
        ("not a web address", |s| {
            s["zone"]["apiUrl"] = "garbage".into()
        }),
        ("not a web address", |s| {
            s["zone"]["apiUrl"] = "javascript:alert(1)".into()
        }),
        ("keychain slot is 9", |s| s["keychainSlot"] = 9.into()),
    ];
    for (reason, edit) in edits {
        let sim = sim().await;
        let dir = tempfile::tempdir().unwrap();
        let memory = save(&sim, dir.path()).await;
        edit_settings(&dir.path().join("settings.json"), edit);
        let service = service(&sim, dir.path(), &memory);
        sim.sim.clear_requests();
        // The first look moves the file aside and says why; nothing is deleted.
        let status = service.status().unwrap();
        assert!(!status.configured, "{reason}");
        let notice = status.notice.expect(reason);
        assert!(notice.message.contains(reason), "{}", notice.message);
        assert!(std::path::Path::new(&notice.moved_to).exists(), "{reason}");
        let error = service
            .start_test(request(TestTarget::Saved), |_| {})
            .await
            .unwrap_err()
            .to_ipc();
        assert_eq!(error.code, ErrorCode::NotConfigured, "{reason}: {error:?}");
        assert!(service.ticket_options().await.is_err());
        assert!(authed(&sim.sim.requests()).is_empty(), "{reason}");
    }
}

#[tokio::test]
async fn a_restored_backup_with_a_zone_on_another_host_sends_no_credentials() {
    use saved_connection::*;
    use vectis_core::service::{RecoveryAction, TestTarget};
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let memory = save(&sim, dir.path()).await;
    let settings = dir.path().join("settings.json");
    std::fs::copy(&settings, dir.path().join("settings.json.bak")).unwrap();
    edit_settings(&dir.path().join("settings.json.bak"), |s| {
        s["zone"]["apiUrl"] =
            format!("http://localhost:{}/ATServicesRest/", sim.addr.port()).into();
    });
    std::fs::write(&settings, "{ torn").unwrap();
    let service = service(&sim, dir.path(), &memory);
    assert!(service.status().unwrap().notice.is_some());
    let restored = service
        .settings_recovery(RecoveryAction::RestoreBackup)
        .unwrap();
    assert!(restored.configured && restored.secret_present);
    sim.sim.clear_requests();
    let report = service
        .start_test(request(TestTarget::Saved), |_| {})
        .await
        .unwrap();
    assert_eq!(
        report.error.map(|e| e.code),
        Some(ErrorCode::EndpointNotAllowed)
    );
    assert!(service.ticket_options().await.is_err());
    assert!(authed(&sim.sim.requests()).is_empty());
}

/// A bare HTTP server answering every request with `body` (chunked, or with a length), so
/// bodies of any size can be served without the simulator.
async fn serve_body(body: Vec<u8>, chunked: bool) -> std::net::SocketAddr {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let body = std::sync::Arc::new(body);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let body = body.clone();
            tokio::spawn(async move {
                let mut seen = Vec::new();
                let mut buf = [0u8; 4096];
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                let head = if chunked {
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_string()
                } else {
                    format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len())
                };
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                if !chunked {
                    let _ = socket.write_all(&body).await;
                    return;
                }
                for chunk in body.chunks(64 * 1024) {
                    let framed =
                        [format!("{:x}\r\n", chunk.len()).as_bytes(), chunk, b"\r\n"].concat();
                    if socket.write_all(&framed).await.is_err() {
                        return;
                    }
                }
                let _ = socket.write_all(b"0\r\n\r\n").await;
            });
        }
    });
    addr
}

fn json_of_size(bytes: usize) -> Vec<u8> {
    let mut body = b"{\"pad\":\"".to_vec();
    body.resize(bytes - 2, b'x');
    body.extend_from_slice(b"\"}");
    body
}

#[tokio::test]
async fn answers_over_four_mib_are_refused_whether_or_not_their_length_is_announced() {
    use vectis_core::autotask::AutotaskClient;
    use vectis_core::autotask::MAX_RESPONSE_BYTES;
    assert_eq!(MAX_RESPONSE_BYTES, 4 * 1024 * 1024);
    for chunked in [false, true] {
        let addr = serve_body(json_of_size(MAX_RESPONSE_BYTES + 1), chunked).await;
        let policy =
            EndpointPolicy::custom(&format!("http://127.0.0.1:{}/atservicesrest/", addr.port()))
                .unwrap();
        let c = AutotaskClient::new(policy, Default::default()).unwrap();
        let lookup = c.zone_lookup(&USER).await.unwrap_err();
        let zone = test_support::zones::local(addr.port());
        let authed = c
            .call(&zone, &demo_creds(), &Call::version())
            .await
            .unwrap_err();
        for e in [lookup, authed] {
            let ApiError::UnexpectedResponse { detail } = &e else {
                panic!("chunked {chunked}: {e:?}");
            };
            assert!(detail.contains("larger than 4 MiB"), "{detail}");
            assert_eq!(
                vectis_core::error::ToIpcError::to_ipc(&e).code,
                ErrorCode::UnexpectedResponse
            );
        }
    }
    // Just under the cap is read in full.
    let addr = serve_body(json_of_size(MAX_RESPONSE_BYTES), true).await;
    let zone = test_support::zones::local(addr.port());
    let policy =
        EndpointPolicy::custom(&format!("http://127.0.0.1:{}/atservicesrest/", addr.port()))
            .unwrap();
    let c = AutotaskClient::new(policy, Default::default()).unwrap();
    let answer = c
        .call(&zone, &demo_creds(), &Call::version())
        .await
        .unwrap();
    assert_eq!(
        answer["pad"].as_str().unwrap().len(),
        MAX_RESPONSE_BYTES - 10
    );
}

/// The gate on what the machine cannot move (issue 27): at L = 200 ms each round trip is plain in
/// the simulator's log and in the wall time, so a probe added later that costs one more trip, more
/// requests than the budget or a fourth request on one endpoint fails here, on any machine.
#[tokio::test]
async fn one_test_stays_within_its_request_budget_at_200_ms() {
    use autotask_sim::cost::{Cost, BUDGET};
    const L: u64 = 200;
    let sim = sim().await;
    let known = demo_creds_in_known_zone(&sim);
    let cases = [
        (
            "unknown zone",
            demo_creds(),
            BUDGET.round_trips_unknown_zone,
        ),
        ("known zone", known, BUDGET.round_trips_known_zone),
    ];
    for (label, creds, trips) in cases {
        // The counts must hold on every run; the wall time may be stretched by a loaded machine,
        // so the fastest of up to three runs stands for it.
        let mut fastest = u64::MAX;
        for _ in 0..3 {
            sim.sim.reset();
            sim.sim.set_faults(Faults {
                latency_ms: L,
                ..Default::default()
            });
            let started = std::time::Instant::now();
            let outcome = test(&client(&sim), &creds).await;
            fastest = fastest.min(started.elapsed().as_millis() as u64);
            assert!(outcome.report.ok, "{label}: {:#?}", outcome.report.error);
            let cost = Cost::so_far(&sim.sim);
            assert_eq!(
                cost.round_trips, trips,
                "{label}: sequential round trips in the log: {cost}"
            );
            assert!(
                cost.authenticated <= BUDGET.authenticated_requests,
                "{label}: over the budget of {} authenticated requests: {cost}",
                BUDGET.authenticated_requests
            );
            assert!(
                cost.max_in_flight <= BUDGET.in_flight_per_endpoint,
                "{label}: more than {} in flight on one endpoint: {cost}",
                BUDGET.in_flight_per_endpoint
            );
            if fastest / L == trips as u64 {
                break;
            }
        }
        assert_eq!(
            fastest / L,
            trips as u64,
            "{label}: the fastest of three Tests took {fastest} ms, not {trips} × {L} ms plus a little"
        );
    }
}
