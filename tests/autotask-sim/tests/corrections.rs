//! Where the simulator follows the real service as the second review of the notes corrected it
//! (docs/autotask-api.md: zones and zone moves, `dueDateTime`, access levels as names, the empty
//! 401 of locked and inactive users, 404 / 405 before sign-in in ASP.NET's `Message` shape).

use std::net::SocketAddr;
use std::time::Duration;

use autotask_sim::api::DUE_DATE_REQUIRED;
use autotask_sim::fixture::AccessWireFormat;
use autotask_sim::{DemoCredentials, Fixture, SimServer, ZoneHostStyle};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

fn demo() -> DemoCredentials {
    Fixture::default_demo().demo_credentials()
}

/// A client that, like the app in custom-endpoint mode, resolves the zone hosts it is given to
/// the simulator, so requests carry `Host: webservicesN.autotask.net:PORT`.
fn client_for(addr: SocketAddr, zones: &[u32]) -> Client {
    let mut builder = Client::builder().timeout(Duration::from_secs(10));
    for n in zones {
        builder = builder.resolve(&format!("webservices{n}.autotask.net"), addr);
    }
    builder.build().unwrap()
}

/// A simulator whose zone URLs name `webservicesN.autotask.net`, as the app's tests run it.
async fn start() -> SimServer {
    let mut fixture = Fixture::default_demo();
    fixture.settings.zone_host_style = ZoneHostStyle::Autotask;
    SimServer::start(fixture).await.unwrap()
}

/// One call as `who` to `base` + `path`; gives the status and the raw body.
async fn call(
    client: &Client,
    method: Method,
    url: &str,
    who: Option<&DemoCredentials>,
    body: Option<Value>,
) -> (StatusCode, String) {
    let mut request = client.request(method, url);
    if let Some(who) = who {
        request = request
            .header("UserName", &who.username)
            .header("Secret", &who.secret)
            .header("ApiIntegrationCode", &who.integration_code);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("request sent");
    (response.status(), response.text().await.unwrap())
}

fn zone_base(zone: u32, sim: &SimServer) -> String {
    format!(
        "http://webservices{zone}.autotask.net:{}/ATServicesRest/",
        sim.addr.port()
    )
}

async fn zone_info(client: &Client, sim: &SimServer, who: &DemoCredentials) -> Value {
    let url = format!("{}v1.0/zoneInformation", sim.lookup_url());
    let response = client
        .get(url)
        .query(&[("user", &who.username)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_tenant_lives_on_one_zone_host_and_other_zone_hosts_refuse_its_users() {
    let sim = start().await;
    let who = demo();
    let client = client_for(sim.addr, &[15, 16]);
    let version = |zone: u32| format!("{}V1.0/Version", zone_base(zone, &sim));
    // Its own zone host (the one `zoneInformation` names) and the plain loopback address work.
    let zone = zone_info(&client, &sim, &who).await;
    assert_eq!(zone["url"], zone_base(15, &sim));
    let own = call(&client, Method::GET, &version(15), Some(&who), None).await;
    assert_eq!(own.0, StatusCode::OK);
    let loopback = format!("{}V1.0/Version", sim.lookup_url());
    let plain = call(&client, Method::GET, &loopback, Some(&who), None).await;
    assert_eq!(plain.0, StatusCode::OK);
    // Another zone's host answers a user from elsewhere with an empty 401, however often, and
    // that never counts as a wrong secret.
    for _ in 0..6 {
        let other = call(&client, Method::GET, &version(16), Some(&who), None).await;
        assert_eq!(other, (StatusCode::UNAUTHORIZED, String::new()));
    }
    assert!(!sim.sim.user(&who.username).unwrap().locked);
    // Any zone host still answers the (unauthenticated) zone lookup.
    let lookup = format!(
        "{}v1.0/zoneInformation?user={}",
        zone_base(16, &sim),
        who.username.replace('@', "%40")
    );
    let (status, text) = call(&client, Method::GET, &lookup, None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), zone);
}

#[tokio::test]
async fn a_control_call_moves_a_tenant_to_another_zone() {
    let sim = start().await;
    let who = demo();
    let client = client_for(sim.addr, &[15, 16, 29]);
    let moved = client
        .post(format!("{}_sim/tenants/contoso/zone", sim.base_url()))
        .json(&json!({"zoneNumber": 16, "zoneName": "America West 3"}))
        .send()
        .await
        .unwrap();
    assert_eq!(moved.status(), StatusCode::NO_CONTENT);
    let zone = zone_info(&client, &sim, &who).await;
    assert_eq!(zone["zoneName"], "America West 3");
    assert_eq!(zone["url"], zone_base(16, &sim));
    assert_eq!(zone["webUrl"], "https://ww16.autotask.net/");
    let version = |zone: u32| format!("{}V1.0/Version", zone_base(zone, &sim));
    let old = call(&client, Method::GET, &version(15), Some(&who), None).await;
    assert_eq!(old, (StatusCode::UNAUTHORIZED, String::new()));
    let new = call(&client, Method::GET, &version(16), Some(&who), None).await;
    assert_eq!(new.0, StatusCode::OK);

    // The same from Rust; an unknown tenant is refused both ways.
    assert!(sim
        .sim
        .move_tenant("contoso", 29, "Australia / New Zealand"));
    assert_eq!(
        zone_info(&client, &sim, &who).await["zoneName"],
        "Australia / New Zealand"
    );
    let old = call(&client, Method::GET, &version(16), Some(&who), None).await;
    assert_eq!(old.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        call(&client, Method::GET, &version(29), Some(&who), None)
            .await
            .0,
        StatusCode::OK
    );
    assert!(!sim.sim.move_tenant("nobody", 3, "Pre-Release"));
    let missing = client
        .post(format!("{}_sim/tenants/nobody/zone", sim.base_url()))
        .json(&json!({"zoneNumber": 3, "zoneName": "Pre-Release"}))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn ticket_create_requires_a_due_date_unless_the_category_supplies_one() {
    let sim = start().await;
    let who = demo();
    let client = client_for(sim.addr, &[15]);
    let url = format!("{}V1.0/Tickets", zone_base(15, &sim));
    let ticket = |change: Value| {
        let mut t = json!({"companyID": 0, "title": "Due date", "status": 1, "priority": 2, "queueID": 29682833});
        for (k, v) in change.as_object().unwrap() {
            t[k] = v.clone();
        }
        t
    };
    let create = |body: Value| call(&client, Method::POST, &url, Some(&who), Some(body));
    // Category 2 (Datto RMM Alert) supplies no due date: Autotask's refusal.
    let (status, text) = create(ticket(json!({"ticketCategory": 2}))).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        json!({"errors": ["dueDateTime is required.; on record number [0]."]})
    );
    assert!(DUE_DATE_REQUIRED.starts_with("dueDateTime is required."));
    let due = json!({"ticketCategory": 2, "DueDateTime": "2026-11-23T17:00:00Z"});
    assert_eq!(create(ticket(due)).await.0, StatusCode::OK);
    // Categories 3 (Standard, the global default) and 113 (Incident) supply one.
    for change in [
        json!({"ticketCategory": 3}),
        json!({"ticketCategory": 113}),
        json!({}),
    ] {
        assert_eq!(
            create(ticket(change.clone())).await.0,
            StatusCode::OK,
            "{change}"
        );
    }
    // Without a category the global default decides.
    let mut fixture = Fixture::default_demo();
    for category in &mut fixture.tenants[0].ticket_categories {
        category.supplies_due_date = false;
    }
    let strict = SimServer::start(fixture).await.unwrap();
    let url = format!("{}v1.0/Tickets", strict.lookup_url());
    let (status, text) = call(
        &client,
        Method::POST,
        &url,
        Some(&who),
        Some(ticket(json!({}))),
    )
    .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(text.contains("dueDateTime is required."), "{text}");
}

#[tokio::test]
async fn access_levels_travel_as_names_unless_the_fixture_asks_for_numbers() {
    let sim = start().await;
    let client = client_for(sim.addr, &[15]);
    let url = format!("{}V1.0/Tickets/entityInformation", zone_base(15, &sim));
    let access = |text: String| {
        let info = serde_json::from_str::<Value>(&text).unwrap()["info"].clone();
        ["Create", "Delete", "Query", "Update"].map(|v| info[format!("userAccessFor{v}")].clone())
    };
    let limited = Fixture::default_demo().limited_credentials();
    let (_, text) = call(&client, Method::GET, &url, Some(&limited), None).await;
    assert_eq!(
        access(text),
        [
            json!("None"),
            json!("None"),
            json!("Restricted"),
            json!("None")
        ]
    );
    // The fixture option, in the fixture's own spelling.
    let fixture: Fixture = serde_json::from_value({
        let mut f = serde_json::to_value(Fixture::default_demo()).unwrap();
        f["settings"]["accessWireFormat"] = json!("int");
        f
    })
    .unwrap();
    assert_eq!(fixture.settings.access_wire_format, AccessWireFormat::Int);
    let numbers = SimServer::start(fixture).await.unwrap();
    let url = format!("{}v1.0/Tickets/entityInformation", numbers.lookup_url());
    let (_, text) = call(&client, Method::GET, &url, Some(&limited), None).await;
    assert_eq!(access(text), [json!(0), json!(0), json!(2), json!(0)]);
}

#[tokio::test]
async fn locked_and_inactive_users_get_an_empty_401_unless_bodies_are_opted_in() {
    let sim = start().await;
    let who = demo();
    let client = client_for(sim.addr, &[15]);
    let url = format!("{}V1.0/Version", zone_base(15, &sim));
    let states = [
        (json!({"locked": true}), "locked"),
        (json!({"locked": false, "active": false}), "inactive"),
    ];
    for bodies in [false, true] {
        sim.sim.update_settings(|s| s.account_state_bodies = bodies);
        for (patch, word) in &states {
            sim.sim.patch_user(
                &who.username,
                serde_json::from_value(patch.clone()).unwrap(),
            );
            let (status, text) = call(&client, Method::GET, &url, Some(&who), None).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{word}");
            if bodies {
                let body: Value = serde_json::from_str(&text).unwrap();
                assert!(body["errors"][0].as_str().unwrap().contains(word), "{text}");
            } else {
                assert_eq!(text, "", "{word}");
            }
        }
        sim.sim.patch_user(
            &who.username,
            serde_json::from_value(json!({"active": true})).unwrap(),
        );
    }
    // The bodies are a fixture setting too.
    let mut settings = serde_json::to_value(Fixture::default_demo().settings).unwrap();
    assert_eq!(settings["accountStateBodies"], false);
    settings["accountStateBodies"] = json!(true);
    let settings: autotask_sim::SimSettings = serde_json::from_value(settings).unwrap();
    assert!(settings.account_state_bodies);
}

#[tokio::test]
async fn unknown_routes_answer_404_before_any_sign_in() {
    let sim = start().await;
    let who = demo();
    let client = client_for(sim.addr, &[15]);
    let base = zone_base(15, &sim);
    let wrong = DemoCredentials {
        secret: "wrong".into(),
        ..who.clone()
    };
    let ghost = DemoCredentials {
        username: "ghost@contoso-msp.com".into(),
        ..who.clone()
    };
    let unknown = [
        "V1.0/Widgets",
        "V1.0/Tickets/entityInformation/sideways",
        "V1.0/Tickets/not-a-number",
        "V1.0/Tickets/query/sideways",
        "V2.0/Tickets/query",
    ];
    // Wrong secrets well past `lockoutAfter`, an unknown user, no credentials at all: all 404s.
    for path in unknown {
        for caller in [Some(&wrong), Some(&ghost), None] {
            let url = format!("{base}{path}");
            let (status, _) = call(&client, Method::GET, &url, caller, None).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        }
    }
    assert!(!sim.sim.user(&who.username).unwrap().locked);
    // Nothing was signed in or counted against the hourly threshold.
    let url = format!("{base}V1.0/ThresholdInformation");
    let (status, text) = call(&client, Method::GET, &url, Some(&who), None).await;
    assert_eq!(status, StatusCode::OK);
    let threshold: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(threshold["currentTimeframeRequestCount"], 1);
    // A known route still signs in first.
    let url = format!("{base}V1.0/Version");
    assert_eq!(
        call(&client, Method::GET, &url, Some(&wrong), None).await,
        (StatusCode::UNAUTHORIZED, String::new())
    );
}

#[tokio::test]
async fn not_found_and_method_not_allowed_come_as_asp_net_message_bodies() {
    let sim = start().await;
    let client = client_for(sim.addr, &[15]);
    let base = zone_base(15, &sim);
    let url = format!("{base}V1.0/Widgets/query?search=%7B%7D");
    let (status, text) = call(&client, Method::GET, &url, None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        json!({"Message": format!("No HTTP resource was found that matches the request URI '{url}'.")})
    );
    // A known route, a verb it lacks: 405, also before sign-in.
    for (method, path) in [
        (Method::DELETE, "V1.0/Tickets/1"),
        (Method::POST, "V1.0/Tickets/entityInformation"),
        (Method::POST, "V1.0/Companies"),
    ] {
        let url = format!("{base}{path}");
        let (status, text) = call(&client, method.clone(), &url, None, None).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_eq!(
            serde_json::from_str::<Value>(&text).unwrap(),
            json!({"Message": format!("The requested resource does not support http method '{method}'.")})
        );
    }
    // The version lookup's route exists only for GET.
    let url = format!("{}versioninformation", sim.lookup_url());
    let (status, text) = call(&client, Method::POST, &url, None, None).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(text.contains("'POST'"), "{text}");
}

#[tokio::test]
async fn posting_top_level_ticket_notes_is_a_404_and_notes_go_under_their_ticket() {
    let sim = start().await;
    let who = demo();
    let client = client_for(sim.addr, &[15]);
    let base = zone_base(15, &sim);
    let note =
        json!({"ticketID": 1, "title": "n", "description": "d", "noteType": 1, "publish": 1});
    let url = format!("{base}V1.0/TicketNotes");
    let (status, text) = call(&client, Method::POST, &url, Some(&who), Some(note.clone())).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        text.starts_with(r#"{"Message":"No HTTP resource was found"#),
        "{text}"
    );
    assert!(sim.sim.records("contoso", "TicketNotes").is_empty());

    let ticket = json!({"companyID": 0, "title": "t", "status": 1, "priority": 2});
    let url = format!("{base}V1.0/Tickets");
    let (status, text) = call(&client, Method::POST, &url, Some(&who), Some(ticket)).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let id = serde_json::from_str::<Value>(&text).unwrap()["itemId"].clone();
    let url = format!("{base}V1.0/Tickets/{id}/Notes");
    let (status, _) = call(&client, Method::POST, &url, Some(&who), Some(note)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(sim.sim.records("contoso", "TicketNotes").len(), 1);
}
