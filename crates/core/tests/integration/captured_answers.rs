//! The app against the simulator answering as public captures of the real service show
//! (`tests/fixtures/wire/`): bodies that are not Autotask's JSON, queries longer than a page,
//! tenant-specific picklists without defaults, and a ticket that cannot be read back.

use std::time::Duration;

use autotask_sim::{FaultKind, Faults};
use serde_json::json;
use test_support::*;
use vectis_core::autotask::connection_test::{details, PropagationWait, TestEvent, TestOptions};
use vectis_core::autotask::ticket_defaults::{
    self, DefaultField, DefaultsError, TicketDefaults, TicketField,
};
use vectis_core::autotask::{Call, Entity};
use vectis_core::error::ErrorCode;

const CORPUS_USER: &str = "corpus9t4v6b2x@northwind-it.example";
const CORPUS_SECRET: &str = "Corpus*Secret#2026";
const CORPUS_CODE: &str = "CORPUSVECTISINTEGRATIONCD27";

#[tokio::test]
async fn a_plain_text_or_html_500_keeps_autotask_s_words_in_the_report_and_details() {
    for (kind, said) in [
        (
            FaultKind::PlainText500,
            "Autotask answered 500: Object reference not set to an instance of an object.",
        ),
        (
            FaultKind::Html500,
            "answered with a server error (500): a web page saying \u{201c}Runtime Error\u{201d}",
        ),
    ] {
        let sim = sim().await;
        sim.sim.set_faults(fault("/version", kind));
        let outcome = test(&client(&sim), &demo_creds()).await;
        let error = outcome.report.error.clone().expect("the sign-in failed");
        assert_eq!(error.code, ErrorCode::ServerError, "{kind:?}");
        assert!(error.message.contains(said), "{kind:?}: {}", error.message);
        assert!(details(&outcome.report).contains(said), "{kind:?}");
        assert!(!error.message.contains('<'), "no markup: {}", error.message);
    }
}

#[tokio::test]
async fn an_outage_page_on_the_zone_lookup_is_a_server_error_and_no_wait_for_a_new_user() {
    let sim = sim().await;
    sim.sim
        .set_faults(fault("zoneinformation", FaultKind::Html500));
    let options = TestOptions {
        wait_for_propagation: Some(PropagationWait {
            total: Duration::from_secs(30),
            interval: Duration::from_secs(10),
        }),
        known_zone: None,
        ..TestOptions::default()
    };
    let (outcome, events) = test_with(&client(&sim), &demo_creds(), options).await;
    let error = outcome.report.error.expect("the lookup failed");
    assert_eq!(error.code, ErrorCode::ServerError);
    assert_eq!(error.field, None, "not the username's fault");
    assert!(error.message.contains("Runtime Error"), "{}", error.message);
    assert!(!events
        .iter()
        .any(|e| matches!(e, TestEvent::Waiting { .. })));
}

#[tokio::test]
async fn more_than_a_page_of_categories_is_read_to_the_end_by_posting_each_next_page() {
    let sim = sim_with(|f| {
        let template = f.tenants[0].ticket_categories[0].clone();
        f.tenants[0].ticket_categories = (1..=1203)
            .map(|id| {
                let mut c = template.clone();
                c.id = id;
                c.name = format!("Category {id:04}");
                c.is_active = id != 1203;
                c.is_api_only = false;
                c
            })
            .collect();
    })
    .await;
    let outcome = test(&client(&sim), &demo_creds()).await;
    assert_eq!(outcome.report.error, None);
    let categories = outcome.ticket_options.unwrap().lists[DefaultField::Category].clone();
    assert_eq!(categories.choices.len(), 1202);
    assert_eq!(
        categories.inactive[0].label, "Category 1203",
        "the last page's"
    );
    let pages: Vec<_> = sim
        .sim
        .requests()
        .into_iter()
        .filter(|r| {
            r.path
                .to_ascii_lowercase()
                .contains("ticketcategories/query")
        })
        .map(|r| (r.method, r.status))
        .collect();
    assert_eq!(pages.len(), 3, "{pages:?}");
    assert!(
        pages.iter().all(|(m, s)| m == "POST" && *s == Some(200)),
        "{pages:?}"
    );
}

#[tokio::test]
async fn a_tenant_list_without_a_default_or_a_value_3_sends_nothing_it_does_not_hold() {
    let sim = sim().await;
    let c = client(&sim);
    let who = creds(CORPUS_USER, CORPUS_SECRET, CORPUS_CODE);
    let outcome = test(&c, &who).await;
    assert_eq!(outcome.report.error, None);
    let zone = outcome.zone.unwrap();
    assert_eq!(zone.name.as_deref(), Some("AE02"));
    let options = outcome.ticket_options.unwrap();
    let chosen = TicketDefaults::default()
        .with(DefaultField::Queue, 29682969)
        .with(DefaultField::Category, 3);
    // No priority flagged default and none chosen: no plan, nothing sent.
    assert_eq!(
        ticket_defaults::test_ticket_plan(&chosen, &options),
        Err(DefaultsError::NoDefault(TicketField::Default(
            DefaultField::Priority
        )))
    );
    // A priority or status the tenant's lists lack ("Medium" 3 elsewhere) is refused here.
    for (status, priority, field) in [
        (None, Some(3), TicketField::Default(DefaultField::Priority)),
        (Some(3), Some(4), TicketField::Default(DefaultField::Status)),
    ] {
        let mut odd = chosen.clone();
        odd.ids[DefaultField::Status] = status;
        odd.ids[DefaultField::Priority] = priority;
        let refused = ticket_defaults::test_ticket_plan(&odd, &options).unwrap_err();
        assert_eq!(refused, DefaultsError::Unknown { field, id: 3 });
    }
    assert!(sim.sim.records("northwind", "Tickets").is_empty());
    let plan = ticket_defaults::test_ticket_plan(&chosen.with(DefaultField::Priority, 4), &options)
        .unwrap();
    assert_eq!(
        (
            plan.values[DefaultField::Status].id,
            plan.values[DefaultField::Priority].id
        ),
        (1, 4),
        "the system New, the chosen Prio 1"
    );
    ticket_defaults::create_test_ticket(&c, &zone, &who, &plan)
        .await
        .unwrap();
    let stored = sim.sim.records("northwind", "Tickets");
    assert_eq!(
        (&stored[0]["status"], &stored[0]["priority"]),
        (&json!(1), &json!(4))
    );
}

#[tokio::test]
async fn a_created_ticket_that_cannot_be_read_back_is_named_by_its_id_only() {
    let sim = sim().await;
    let c = client(&sim);
    let outcome = test(&c, &demo_creds()).await;
    let (zone, options) = (outcome.zone.unwrap(), outcome.ticket_options.unwrap());
    let chosen = TicketDefaults::default()
        .with(DefaultField::Queue, 29682833)
        .with(DefaultField::Category, 3);
    let plan = ticket_defaults::test_ticket_plan(&chosen, &options).unwrap();
    sim.sim
        .set_faults(fault("v1.0/tickets/", FaultKind::PlainText500));
    let ticket = ticket_defaults::create_test_ticket(&c, &zone, &demo_creds(), &plan)
        .await
        .unwrap();
    let stored = sim.sim.records("contoso", "Tickets");
    assert_eq!(stored.last().unwrap()["id"], json!(ticket.id));
    assert_eq!(ticket.ticket_number, None);
    let name = ticket.name();
    assert!(name.starts_with(&format!("ID {} (", ticket.id)), "{name}");
    assert!(name.contains("could not be read back"), "{name}");
    sim.sim.set_faults(Faults::default());
    let read = ticket_defaults::create_test_ticket(&c, &zone, &demo_creds(), &plan)
        .await
        .unwrap();
    let number = read.ticket_number.clone().unwrap();
    assert_eq!(read.name(), format!("{number} (ID {})", read.id));
}

#[tokio::test]
async fn a_query_longer_than_the_page_bound_is_refused_not_read_in_part() {
    let pages = vectis_core::autotask::MAX_PAGES;
    let sim = sim_with(|f| {
        let template = f.tenants[0].ticket_categories[0].clone();
        f.tenants[0].ticket_categories = (1..=(pages * 500 + 1) as i64)
            .map(|id| {
                let mut c = template.clone();
                c.id = id;
                c
            })
            .collect();
    })
    .await;
    let c = client(&sim);
    let zone = c.zone_lookup(&USER).await.unwrap();
    let query = json!({"filter": [{"op": "gte", "field": "id", "value": 0}]});
    let query = Call::query(Entity::TicketCategories, query);
    let error = c.query_all(&zone, &demo_creds(), &query).await.unwrap_err();
    assert_eq!(error.to_string(), format!("unexpected response: the Ticket Categories query has more than {pages} pages, more than this app reads"));
    let asked = sim
        .sim
        .requests()
        .iter()
        .filter(|r| {
            r.path
                .to_ascii_lowercase()
                .contains("ticketcategories/query")
        })
        .count();
    assert_eq!(asked, pages, "stops at the bound");
}

#[tokio::test]
async fn a_zone_url_in_lower_case_without_its_slash_still_signs_in_under_its_path() {
    let sim = sim_with(|f| f.settings.zone_url_path = "atservicesrest".into()).await;
    let outcome = test(&client(&sim), &demo_creds()).await;
    assert_eq!(outcome.report.error, None);
    let zone = outcome.zone.unwrap();
    assert!(
        zone.api_url.ends_with(
            ".autotask.net:{}/atservicesrest/"
                .replace("{}", &sim.addr.port().to_string())
                .as_str()
        ),
        "{}",
        zone.api_url
    );
    assert!(sim
        .sim
        .requests()
        .iter()
        .filter(|r| r.auth_headers.any())
        .all(|r| r
            .path
            .to_ascii_lowercase()
            .starts_with("/atservicesrest/v1.0/")));
}
