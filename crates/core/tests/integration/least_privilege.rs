//! Beyond "connected" (issue 24), against the simulator: each required read proven by a real
//! query, the Line of Business blind spot, every right beyond need named from the values
//! Autotask reports, the organisation's demands (least privilege, the expected tenant), the
//! tenant named, and what one Test costs.

use autotask_sim::fixture::{Access, AccessWireFormat, EntityAccess, Fixture};
use autotask_sim::RequestRecord;
use test_support::*;
use vectis_core::autotask::connection_test::{
    AccessKind, AccessLevel, CheckId, CheckStatus, Demands, Proof, TestOptions, TestReport,
    WarningCode, NEVER_TOUCHES,
};
use vectis_core::error::ErrorCode;

/// The demo user's access to `entity`, changed by `change` (a missing entity starts at None).
fn demo_access(f: &mut Fixture, entity: &str, change: impl FnOnce(&mut EntityAccess)) {
    let user = f
        .users
        .iter_mut()
        .find(|u| u.username == *USER)
        .expect("the demo user");
    change(user.access.entry(entity.to_string()).or_default());
}

fn check(report: &TestReport, id: CheckId) -> (CheckStatus, String) {
    let c = report.checks.iter().find(|c| c.id == id).unwrap();
    (c.status, c.message.clone())
}

fn row(
    report: &TestReport,
    entity: &str,
    access: AccessKind,
) -> vectis_core::autotask::connection_test::PermissionResult {
    report
        .permissions
        .iter()
        .find(|p| p.entity == entity && p.access == access)
        .unwrap_or_else(|| panic!("{entity} {access:?} in {:#?}", report.permissions))
        .clone()
}

fn authed(log: &[RequestRecord]) -> Vec<&RequestRecord> {
    log.iter().filter(|r| r.auth_headers.any()).collect()
}

async fn test_demanding(sim: &autotask_sim::SimServer, demands: Demands) -> TestReport {
    let options = TestOptions {
        demands,
        ..TestOptions::default()
    };
    test_with(&client(sim), &demo_creds(), options)
        .await
        .0
        .report
}

#[tokio::test]
async fn each_read_is_proven_by_a_one_row_query_in_the_parallel_phase_and_creates_say_they_are_not()
{
    let sim = sim().await;
    let report = test(&client(&sim), &demo_creds()).await.report;
    assert!(report.ok, "{report:#?}");
    for (entity, access, proof) in [
        ("Companies", AccessKind::Read, Proof::Query),
        ("Tickets", AccessKind::Read, Proof::Query),
        ("Contracts", AccessKind::Read, Proof::Query),
        ("TimeEntries", AccessKind::Read, Proof::Query),
        ("Tickets", AccessKind::Create, Proof::Metadata),
        ("TicketNotes", AccessKind::Create, Proof::Metadata),
    ] {
        let r = row(&report, entity, access);
        assert_eq!((r.granted, r.proof), (true, proof), "{entity} {access:?}");
        assert!(
            !r.why.is_empty(),
            "{entity} {access:?} says why Vectis needs it"
        );
    }
    assert!(
        check(&report, CheckId::TicketsCreate)
            .1
            .contains("test ticket"),
        "a create row says it was not tried"
    );
    let log = sim.sim.requests();
    let queries: Vec<&str> = log
        .iter()
        .filter(|r| r.path.ends_with("/query") && !r.path.contains("TicketCategories"))
        .map(|r| r.path.as_str())
        .collect();
    assert_eq!(queries.len(), 4, "one query per required read: {queries:?}");
    let version_end = log
        .iter()
        .find(|r| r.endpoint == "version")
        .unwrap()
        .ended_ms;
    for q in log.iter().filter(|r| r.path.ends_with("/query")) {
        assert!(q.started_ms >= version_end.unwrap(), "after sign-in: {q:?}");
    }
}

#[tokio::test]
async fn a_refused_query_fails_its_row_with_autotasks_own_text_naming_another_entity() {
    let sim = sim_with(|f| {
        demo_access(f, "Contracts", |a| {
            a.refuse_query = Some("projecttype".into())
        })
    })
    .await;
    let report = test(&client(&sim), &demo_creds()).await.report;
    assert_failed(&report);
    assert_eq!(
        report.error.as_ref().unwrap().code,
        ErrorCode::PermissionDenied
    );
    let (status, message) = check(&report, CheckId::ContractsRead);
    assert_eq!(status, CheckStatus::Fail);
    assert!(
        message.contains("adequate permissions to query this entity projecttype"),
        "Autotask's words, whatever entity they name: {message}"
    );
    let contracts = row(&report, "Contracts", AccessKind::Read);
    assert_eq!(
        (contracts.granted, contracts.level, contracts.proof),
        (false, AccessLevel::All, Proof::Query),
        "the metadata said All; the query said no"
    );
    assert!(report.error.unwrap().message.contains("read Contracts"));
}

#[tokio::test]
async fn a_read_that_finds_nothing_where_records_must_exist_warns_about_the_line_of_business() {
    let sim = sim_with(|f| demo_access(f, "Tickets", |a| a.no_rows = true)).await;
    let report = test(&client(&sim), &demo_creds()).await.report;
    assert!(report.ok, "a warning, not a failure: {report:#?}");
    let (status, message) = check(&report, CheckId::TicketsRead);
    assert_eq!(status, CheckStatus::Warn, "{message}");
    assert!(message.contains("Line of Business"), "{message}");
    assert_eq!(report.warnings.len(), 1, "{:#?}", report.warnings);
    let warning = &report.warnings[0];
    assert_eq!(warning.code, WarningCode::LineOfBusiness);
    assert!(warning.remediation.contains("Line of Business"));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["warnings"][0]["code"], "line_of_business");
    assert!(report.details.contains("Warning line_of_business"));
}

/// Rights beyond need, on entities Vectis needs and on one it never touches.
fn broad(f: &mut Fixture) {
    demo_access(f, "Tickets", |a| a.delete = Access::All);
    demo_access(f, "Companies", |a| a.update = Access::Restricted);
    demo_access(f, "Invoices", |a| a.query = Access::All);
}

#[tokio::test]
async fn every_right_beyond_need_is_named_from_the_values_whatever_their_wire_format() {
    for format in [AccessWireFormat::String, AccessWireFormat::Int] {
        let sim = sim_with(|f| {
            broad(f);
            f.settings.access_wire_format = format;
        })
        .await;
        let report = test(&client(&sim), &demo_creds()).await.report;
        assert!(report.ok, "informative unless required: {report:#?}");
        let named: Vec<(String, AccessKind, AccessLevel)> = report
            .excess_permissions
            .iter()
            .map(|e| (e.entity.clone(), e.access, e.level))
            .collect();
        assert_eq!(
            named,
            [
                (
                    "Companies".into(),
                    AccessKind::Update,
                    AccessLevel::Restricted
                ),
                ("Tickets".into(), AccessKind::Delete, AccessLevel::All),
                ("Invoices".into(), AccessKind::Read, AccessLevel::All),
            ],
            "{format:?}"
        );
        let (status, message) = check(&report, CheckId::LeastPrivilege);
        assert_eq!(status, CheckStatus::Warn);
        assert!(message.contains("delete Tickets"), "{message}");
        assert!(report.details.contains("Can't Read Costs"), "the fix, once");
        assert!(report.details.contains("More than Vectis needs (3):"));
        assert!(report.details.contains("  delete Tickets (all)"));
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["excessPermissions"][1]["access"], "delete");
    }
    let clean = sim().await;
    let report = test(&client(&clean), &demo_creds()).await.report;
    assert!(report.excess_permissions.is_empty());
    assert_eq!(check(&report, CheckId::LeastPrivilege).0, CheckStatus::Pass);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["excessPermissions"], serde_json::json!([]));
}

#[tokio::test]
async fn least_privilege_as_policy_fails_a_test_with_rights_beyond_need() {
    let broad_sim = sim_with(broad).await;
    let demands = Demands {
        least_privilege: true,
        ..Demands::default()
    };
    let report = test_demanding(&broad_sim, demands.clone()).await;
    assert_failed(&report);
    let error = report.error.as_ref().unwrap();
    assert_eq!(error.code, ErrorCode::ExcessPermissions);
    assert!(error.remediation.contains("Can't Read Costs"));
    assert_eq!(check(&report, CheckId::LeastPrivilege).0, CheckStatus::Fail);
    let clean = sim().await;
    assert!(
        test_demanding(&clean, demands).await.ok,
        "nothing beyond need: passes"
    );
}

#[tokio::test]
async fn the_tenant_is_named_from_its_own_company_and_the_zone_lookup() {
    let sim = sim().await;
    let report = test(&client(&sim), &demo_creds()).await.report;
    assert_eq!(
        report.message,
        "Connected to Autotask (webservices15.autotask.net) \u{2014} Contoso Managed Services"
    );
    let tenant = report.tenant.as_ref().unwrap();
    assert_eq!(
        (tenant.name.as_deref(), tenant.id),
        (Some("Contoso Managed Services"), Some(20264))
    );
    assert_eq!(report.zone.as_ref().unwrap().ci, Some(20264));
    assert_eq!(check(&report, CheckId::Tenant).0, CheckStatus::Pass);
    assert!(report
        .details
        .contains("Tenant: Contoso Managed Services (tenant 20264)"));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(
        json["tenant"],
        serde_json::json!({"name": "Contoso Managed Services", "id": 20264})
    );
}

#[tokio::test]
async fn the_expected_tenant_is_confirmed_by_name_or_number_and_another_is_refused() {
    let sim = sim().await;
    for expected in ["contoso managed services", "20264"] {
        let demands = Demands {
            expected_tenant: Some(expected.into()),
            ..Demands::default()
        };
        assert!(test_demanding(&sim, demands).await.ok, "{expected}");
    }
    let demands = Demands {
        expected_tenant: Some("Contoso Sandbox".into()),
        ..Demands::default()
    };
    let report = test_demanding(&sim, demands).await;
    assert_failed(&report);
    let error = report.error.clone().unwrap();
    assert_eq!(error.code, ErrorCode::WrongTenant);
    assert!(
        error
            .message
            .contains("Contoso Managed Services (tenant 20264)")
            && error.message.contains("Contoso Sandbox"),
        "which tenant it found and which is expected: {}",
        error.message
    );
    let (status, message) = check(&report, CheckId::Tenant);
    assert_eq!(status, CheckStatus::Fail);
    assert!(message.contains("Contoso Sandbox"), "{message}");
}

/// Budget: one Test costs this many authenticated requests against the tenant's 10,000/hour
/// (README says the same number).
const AUTHENTICATED_PER_TEST: usize = 18;

#[tokio::test]
async fn one_test_costs_eighteen_authenticated_requests_at_most_three_per_endpoint_at_once() {
    let sim = sim().await;
    sim.sim.set_faults(autotask_sim::Faults {
        latency_ms: 100,
        ..Default::default()
    });
    let report = test(&client(&sim), &demo_creds()).await.report;
    assert!(report.ok, "{report:#?}");
    let log = sim.sim.requests();
    let authenticated = authed(&log).len();
    assert_eq!(authenticated, AUTHENTICATED_PER_TEST, "{log:#?}");
    assert!(authenticated <= 30, "the budget is 30 per Test");
    let infos = log
        .iter()
        .filter(|r| r.path.ends_with("/entityInformation"))
        .count();
    assert_eq!(
        infos,
        5 + NEVER_TOUCHES.len(),
        "needed and never-touched entities"
    );
    let peak = sim.sim.max_in_flight();
    assert!(peak.values().all(|n| *n <= 3), "{peak:?}");
    assert_eq!(
        peak.get("tickets"),
        Some(&3),
        "info, query and fields side by side"
    );
}
