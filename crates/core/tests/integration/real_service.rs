//! What the real service does that the app must read right (docs/autotask-api.md): the test
//! ticket with a due date and a plan, Autotask's error texts read without misleading the
//! admin, and the categories a tenant offers. Against the simulator, which follows the notes.

use autotask_sim::RequestRecord;
use serde_json::json;
use test_support::*;
use time::OffsetDateTime;
use vectis_core::autotask::ticket_defaults::{
    self, DefaultField, PlanSource, TicketDefaults, TicketOptions,
};
use vectis_core::autotask::{ApiError, AutotaskClient, Call, Entity, Zone};
use vectis_core::error::{ErrorCode, Field, ToIpcError};

fn authed(log: &[RequestRecord]) -> Vec<&RequestRecord> {
    log.iter().filter(|r| r.auth_headers.any()).collect()
}

async fn tested(sim: &autotask_sim::SimServer) -> (AutotaskClient, Zone, TicketOptions) {
    let c = client(sim);
    let outcome = test(&c, &demo_creds()).await;
    assert!(outcome.report.ok, "{:#?}", outcome.report);
    (c, outcome.zone.unwrap(), outcome.ticket_options.unwrap())
}

/// Category 2, "Datto RMM Alert": API-only, and it supplies no due date.
fn api_only_choice() -> TicketDefaults {
    TicketDefaults::default()
        .with(DefaultField::Queue, 29682833)
        .with(DefaultField::Category, 2)
}

#[tokio::test]
async fn the_test_ticket_carries_a_due_date_a_vectis_title_and_its_planned_values() {
    let sim = sim().await;
    let (c, zone, options) = tested(&sim).await;
    let plan = ticket_defaults::test_ticket_plan(&api_only_choice(), &options).unwrap();
    assert_eq!(
        (
            plan.values[DefaultField::Status].id,
            plan.values[DefaultField::Status].source
        ),
        (1, PlanSource::AutotaskDefault)
    );
    assert_eq!(
        (
            plan.values[DefaultField::Priority].id,
            plan.values[DefaultField::Priority].label.as_deref()
        ),
        (2, Some("Medium"))
    );
    let before = OffsetDateTime::now_utc();
    let ticket = ticket_defaults::create_test_ticket(&c, &zone, &demo_creds(), &plan)
        .await
        .unwrap();
    let stored = sim.sim.records("contoso", "Tickets");
    let stored = stored.last().unwrap();
    assert_eq!(stored["title"], "Vectis test ticket — safe to close");
    assert_eq!(
        (stored["status"].clone(), stored["priority"].clone()),
        (json!(1), json!(2))
    );
    assert_eq!(stored["ticketCategory"], 2);
    let due = stored["dueDateTime"].as_str().unwrap();
    assert_eq!(due, ticket.due_date_time);
    assert!(due.ends_with('Z'), "{due}");
    let due = OffsetDateTime::parse(due, &time::format_description::well_known::Rfc3339).unwrap();
    let ahead = due - before;
    assert!(
        ahead > time::Duration::hours(23) && ahead <= time::Duration::hours(25),
        "{ahead}"
    );
    assert_eq!(ticket.plan, plan);
    // The number is read back from the new ticket, beside its id.
    assert_eq!(
        ticket.ticket_number.as_deref(),
        stored["ticketNumber"].as_str()
    );
    assert!(ticket.ticket_number.unwrap().starts_with('T'));
    assert_eq!(
        ticket.url.unwrap(),
        format!("https://ww15.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID={}", ticket.id)
    );
}

#[tokio::test]
async fn a_zone_whose_web_address_is_not_autotask_gets_no_ticket_link() {
    for web_url in ["https://evil.example/", "http://ww15.autotask.net/"] {
        let sim = sim_with(|f| f.tenants[0].web_url = Some(web_url.into())).await;
        let (c, zone, options) = tested(&sim).await;
        let plan = ticket_defaults::test_ticket_plan(&api_only_choice(), &options).unwrap();
        let ticket = ticket_defaults::create_test_ticket(&c, &zone, &demo_creds(), &plan)
            .await
            .unwrap();
        assert_eq!(ticket.url, None, "{web_url}");
        assert!(ticket.ticket_number.is_some());
    }
}

#[tokio::test]
async fn autotask_s_due_date_refusal_points_at_the_due_date() {
    let sim = sim().await;
    let (c, zone, _) = tested(&sim).await;
    // What the test ticket used to send: no dueDateTime, in a category that supplies none.
    let ticket = json!({"companyID": 0, "title": "t", "status": 1, "priority": 2, "queueID": 29682833, "ticketCategory": 2});
    let create = Call::create(Entity::Tickets, ticket);
    let error = c.call(&zone, &demo_creds(), &create).await.unwrap_err();
    let rejection = ticket_defaults::ticket_rejection(&error).unwrap();
    assert_eq!(rejection.field(), Some(Field::DueDate));
    assert!(rejection
        .to_ipc()
        .message
        .contains("dueDateTime is required"));
}

#[tokio::test]
async fn an_inactive_picklist_value_is_a_rejection_of_that_field_not_a_locked_account() {
    let sim = sim().await;
    let (c, zone, options) = tested(&sim).await;
    let mut plan = ticket_defaults::test_ticket_plan(&api_only_choice(), &options).unwrap();
    plan.values[DefaultField::Status].id = 12; // "Escalated (retired)", inactive since the lists loaded
    let error = ticket_defaults::create_test_ticket(&c, &zone, &demo_creds(), &plan)
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ApiError::Rejected {
            status: 500,
            messages: vec!["Picklist value [12] is inactive for status.".into()]
        }
    );
    let rejection = ticket_defaults::ticket_rejection(&error).unwrap();
    assert_eq!(rejection.field(), Some(Field::Status));
}

#[tokio::test]
async fn a_wrong_verb_s_message_body_is_read_as_autotask_s_words() {
    let sim = sim().await;
    let (c, zone, _) = tested(&sim).await;
    // No typed call sends this on purpose: a GET where Autotask wants a POST.
    let wrong_verb = Call {
        method: reqwest::Method::GET,
        ..Call::create(Entity::Tickets, json!({}))
    };
    let error = c.call(&zone, &demo_creds(), &wrong_verb).await.unwrap_err();
    assert_eq!(
        error,
        ApiError::Rejected {
            status: 405,
            messages: vec!["The requested resource does not support http method 'GET'.".into()]
        }
    );
    assert!(error
        .to_ipc()
        .message
        .contains("does not support http method 'GET'"));
}

#[tokio::test]
async fn a_locked_user_s_empty_401_names_every_likely_cause_and_is_sent_once() {
    let sim = sim().await;
    sim.sim.patch_user(
        &USER,
        autotask_sim::UserPatch {
            locked: Some(true),
            ..Default::default()
        },
    );
    let outcome = test(&client(&sim), &demo_creds()).await;
    let error = outcome.report.error.unwrap();
    assert_eq!(
        (error.code, error.field),
        (ErrorCode::InvalidCredentials, Some(Field::Secret))
    );
    for cause in [
        "secret or the username is wrong",
        "locked or inactive",
        "brand new",
    ] {
        assert!(error.message.contains(cause), "{cause}: {}", error.message);
    }
    assert!(
        error.remediation.contains("try once more"),
        "{}",
        error.remediation
    );
    assert!(error.remediation.contains("never retries"));
    assert_eq!(authed(&sim.sim.requests()).len(), 1);
}

#[tokio::test]
async fn the_lists_offer_the_api_only_category_and_the_global_default() {
    let sim = sim().await;
    let (_, _, options) = tested(&sim).await;
    assert_eq!(options.suggested_category, Some(2));
    assert_eq!(options.default_category, Some(3));
    let wire = serde_json::to_value(&options).unwrap();
    assert_eq!(
        (
            wire["suggestedCategory"].clone(),
            wire["defaultCategory"].clone()
        ),
        (json!(2), json!(3))
    );
}

#[tokio::test]
async fn restricted_create_access_reads_as_only_under_some_conditions() {
    use autotask_sim::fixture::{Access, EntityAccess};
    use vectis_core::autotask::connection_test::{CheckId, CheckStatus};
    let sim = sim().await;
    let mut user = sim.sim.user(&USER).unwrap();
    user.access.insert(
        "Tickets".into(),
        EntityAccess {
            query: Access::Restricted,
            create: Access::Restricted,
            update: Access::All,
            ..EntityAccess::default()
        },
    );
    sim.sim.upsert_user(user);
    let outcome = test(&client(&sim), &demo_creds()).await;
    let check = |id| {
        outcome
            .report
            .checks
            .iter()
            .find(|c| c.id == id)
            .map(|c| (c.status, c.message.clone()))
            .unwrap()
    };
    let (status, create) = check(CheckId::TicketsCreate);
    assert_eq!(status, CheckStatus::Warn);
    assert_eq!(
        create,
        "Restricted: the API user can create Tickets only under some conditions."
    );
    assert!(!create.contains("sees only some"));
    let (_, read) = check(CheckId::TicketsRead);
    assert!(read.contains("sees only some Tickets"), "{read}");
}
