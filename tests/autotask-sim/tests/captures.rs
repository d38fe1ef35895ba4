//! The simulator against what public captures of the real service show (the app's replay
//! corpus, `tests/fixtures/wire/`): each behaviour as a `/_sim` switch, with the default the
//! corpus supports. A plain HTTP client, no app code.

use std::time::Duration;

use autotask_sim::{Fixture, SimServer};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

const CORPUS_USER: &str = "corpus9t4v6b2x@northwind-it.example";
const CORPUS_SECRET: &str = "Corpus*Secret#2026";
const CORPUS_CODE: &str = "CORPUSVECTISINTEGRATIONCD27";

fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

async fn start() -> SimServer {
    SimServer::start(Fixture::default_demo()).await.unwrap()
}

/// One call to the simulator; gives the status, the content type and the raw body.
async fn call(
    sim: &SimServer,
    method: Method,
    path: &str,
    who: Option<(&str, &str, &str)>,
    body: Option<Value>,
) -> (StatusCode, String, String) {
    let url = format!("{}{}", sim.base_url(), path.trim_start_matches('/'));
    let mut request = client().request(method, url);
    if let Some((user, secret, code)) = who {
        request = request
            .header("UserName", user)
            .header("Secret", secret)
            .header("ApiIntegrationCode", code);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (status, kind, response.text().await.unwrap())
}

fn demo() -> (String, String, String) {
    let d = Fixture::default_demo().demo_credentials();
    (d.username, d.secret, d.integration_code)
}

async fn switch(sim: &SimServer, path: &str, method: Method, body: Value) {
    let (status, _, text) = call(sim, method, path, None, Some(body)).await;
    assert!(status.is_success(), "{path}: {status} {text}");
}

async fn zone_of(sim: &SimServer, user: &str) -> Value {
    let path = format!(
        "atservicesrest/v1.0/zoneInformation?user={}",
        user.replace('@', "%40")
    );
    let (status, _, text) = call(sim, Method::GET, &path, None, None).await;
    assert_eq!(status, StatusCode::OK);
    serde_json::from_str(&text).unwrap()
}

#[tokio::test]
async fn the_zone_answer_s_url_and_name_come_in_each_captured_form() {
    let sim = start().await;
    let port = sim.addr.port();
    let (user, ..) = demo();
    // Default: Autotask's own example, mixed case with the trailing slash.
    let zone = zone_of(&sim, &user).await;
    assert_eq!(
        zone["url"],
        format!("http://127.0.0.1:{port}/ATServicesRest/")
    );
    assert_eq!(zone["zoneName"], "America West 2");
    for (path, url) in [
        ("atservicesrest/", "atservicesrest/"),
        ("atservicesrest", "atservicesrest"),
    ] {
        switch(
            &sim,
            "_sim/settings",
            Method::PATCH,
            json!({"zoneUrlPath": path}),
        )
        .await;
        let zone = zone_of(&sim, &user).await;
        assert_eq!(zone["url"], format!("http://127.0.0.1:{port}/{url}"));
    }
    // zoneName is a label: a long name, "Pre Release", or a short code.
    let moved = json!({"zoneNumber": 2, "zoneName": "Pre Release"});
    switch(&sim, "_sim/tenants/contoso/zone", Method::POST, moved).await;
    assert_eq!(zone_of(&sim, &user).await["zoneName"], "Pre Release");
    assert_eq!(zone_of(&sim, CORPUS_USER).await["zoneName"], "AE02");
}

#[tokio::test]
async fn plain_text_and_html_500_bodies_are_switches() {
    let sim = start().await;
    let (u, s, c) = demo();
    let who = Some((u.as_str(), s.as_str(), c.as_str()));
    for (kind, content_type, text) in [
        (
            "plainText500",
            "text/plain",
            "Object reference not set to an instance of an object.",
        ),
        ("html500", "text/html", "<title>Runtime Error</title>"),
    ] {
        let rule = json!({"rules": [{"pathContains": "/version", "kind": kind, "times": 1}]});
        switch(&sim, "_sim/faults", Method::PUT, rule).await;
        let (status, got_type, body) =
            call(&sim, Method::GET, "atservicesrest/v1.0/Version", who, None).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{kind}");
        assert!(got_type.starts_with(content_type), "{kind}: {got_type}");
        assert!(body.contains(text), "{kind}: {body}");
        assert!(
            serde_json::from_str::<Value>(&body).is_err(),
            "{kind}: not JSON"
        );
    }
}

#[tokio::test]
async fn a_permission_refusal_can_name_another_entity() {
    let sim = start().await;
    let limited = Fixture::default_demo().limited_credentials();
    let who = Some((
        limited.username.as_str(),
        limited.secret.as_str(),
        limited.integration_code.as_str(),
    ));
    let query = json!({"filter": [{"op": "gte", "field": "id", "value": 0}]});
    let refused = |body: &str| serde_json::from_str::<Value>(body).unwrap()["errors"][0].clone();
    let (status, _, body) = call(
        &sim,
        Method::POST,
        "atservicesrest/v1.0/Contracts/query",
        who,
        Some(query.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        refused(&body),
        "The logged in Resource does not have the adequate permissions to query this entity type."
    );
    switch(
        &sim,
        "_sim/settings",
        Method::PATCH,
        json!({"permissionErrorEntity": "projecttype"}),
    )
    .await;
    let (_, _, body) = call(
        &sim,
        Method::POST,
        "atservicesrest/v1.0/Contracts/query",
        who,
        Some(query),
    )
    .await;
    assert_eq!(
        refused(&body),
        "The logged in Resource does not have the adequate permissions to query this entity projecttype"
    );
}

fn picklist<'a>(fields: &'a Value, name: &str) -> &'a [Value] {
    fields["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .and_then(|f| f["picklistValues"].as_array())
        .map(Vec::as_slice)
        .unwrap()
}

#[tokio::test]
async fn the_corpus_tenant_has_sparse_negative_unflagged_picklists_and_refuses_unlisted_values() {
    let sim = start().await;
    let who = Some((CORPUS_USER, CORPUS_SECRET, CORPUS_CODE));
    let (status, _, body) = call(
        &sim,
        Method::GET,
        "atservicesrest/v1.0/Tickets/entityInformation/fields",
        who,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let fields: Value = serde_json::from_str(&body).unwrap();
    let ids = |name| -> Vec<String> {
        picklist(&fields, name)
            .iter()
            .map(|v| v["value"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("priority"), ["4", "1", "2", "5"], "no priority 3");
    assert!(ids("source").contains(&"-2".to_string()));
    assert!(
        ids("queueID").contains(&"29682969".to_string())
            && ids("queueID").contains(&"5".to_string())
    );
    for name in ["status", "priority", "queueID"] {
        assert!(
            picklist(&fields, name)
                .iter()
                .all(|v| v["isDefaultValue"] == false),
            "{name}"
        );
    }
    let ticket = |priority: i64| {
        json!({"companyID": 0, "title": "t", "status": 1, "priority": priority,
        "queueID": 29682833, "ticketCategory": 3})
    };
    let (status, _, body) = call(
        &sim,
        Method::POST,
        "atservicesrest/v1.0/Tickets",
        who,
        Some(ticket(3)),
    )
    .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        body.contains("Picklist value [3] does not exist for priority"),
        "{body}"
    );
    let (status, _, body) = call(
        &sim,
        Method::POST,
        "atservicesrest/v1.0/Tickets",
        who,
        Some(ticket(4)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Category 5 is this tenant's "RMA", not the demo tenant's retired "Standard (non-editable)".
    let query = json!({"filter": [{"op": "eq", "field": "id", "value": 5}]});
    let (_, _, body) = call(
        &sim,
        Method::POST,
        "atservicesrest/v1.0/TicketCategories/query",
        who,
        Some(query),
    )
    .await;
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["items"][0]["name"],
        "RMA"
    );
}

#[tokio::test]
async fn picklist_default_flags_and_date_forms_are_switches() {
    let sim = start().await;
    let (u, s, c) = demo();
    let who = Some((u.as_str(), s.as_str(), c.as_str()));
    let flagged = |body: &str| {
        let fields: Value = serde_json::from_str(body).unwrap();
        picklist(&fields, "status")
            .iter()
            .filter(|v| v["isDefaultValue"] == true)
            .count()
    };
    let path = "atservicesrest/v1.0/Tickets/entityInformation/fields";
    assert_eq!(
        flagged(&call(&sim, Method::GET, path, who, None).await.2),
        1
    );
    switch(
        &sim,
        "_sim/settings",
        Method::PATCH,
        json!({"picklistDefaults": false}),
    )
    .await;
    assert_eq!(
        flagged(&call(&sim, Method::GET, path, who, None).await.2),
        0
    );

    let ticket = json!({"companyID": 0, "title": "t", "status": 1, "priority": 2, "queueID": 29682833,
        "ticketCategory": 3});
    let mut dates = Vec::new();
    for style in ["utc", "unzoned"] {
        switch(
            &sim,
            "_sim/settings",
            Method::PATCH,
            json!({"dateStyle": style}),
        )
        .await;
        let (_, _, body) = call(
            &sim,
            Method::POST,
            "atservicesrest/v1.0/Tickets",
            who,
            Some(ticket.clone()),
        )
        .await;
        let id = serde_json::from_str::<Value>(&body).unwrap()["itemId"]
            .as_i64()
            .unwrap();
        let (_, _, read) = call(
            &sim,
            Method::GET,
            &format!("atservicesrest/v1.0/Tickets/{id}"),
            who,
            None,
        )
        .await;
        let read: Value = serde_json::from_str(&read).unwrap();
        dates.push(read["item"]["createDate"].as_str().unwrap().to_string());
    }
    assert!(
        dates[0].ends_with('Z') && dates[0].len() == "2025-09-16T16:01:23.604Z".len(),
        "{dates:?}"
    );
    assert!(
        !dates[1].ends_with('Z') && dates[1].len() == "2026-06-10T00:00:00".len(),
        "{dates:?}"
    );
    // A missing id is 200 with `item: null` by default.
    let (status, _, body) = call(
        &sim,
        Method::GET,
        "atservicesrest/v1.0/Tickets/987654",
        who,
        None,
    )
    .await;
    assert_eq!(
        (status, serde_json::from_str::<Value>(&body).unwrap()),
        (StatusCode::OK, json!({"item": null}))
    );
    // The other answers reported for a miss, on request.
    let missing = "atservicesrest/v1.0/Tickets/987654";
    switch(
        &sim,
        "_sim/settings",
        Method::PATCH,
        json!({"missingRecord": "emptyBody"}),
    )
    .await;
    let (status, _, body) = call(&sim, Method::GET, missing, who, None).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, ""));
    switch(
        &sim,
        "_sim/settings",
        Method::PATCH,
        json!({"missingRecord": "notFound"}),
    )
    .await;
    assert_eq!(
        call(&sim, Method::GET, missing, who, None).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_get_query_s_next_page_carries_its_search_and_the_body_rule_is_a_switch() {
    let mut fixture = Fixture::default_demo();
    fixture.tenants[0].companies = (0..1001)
        .map(|i| json!({"id": i, "isActive": true}))
        .collect();
    let sim = SimServer::start(fixture).await.unwrap();
    let (u, s, c) = demo();
    let who = Some((u.as_str(), s.as_str(), c.as_str()));
    let search = json!({"filter": [{"op": "gte", "field": "id", "value": 0}]});
    let next_of = |body: &str| {
        let page: Value = serde_json::from_str(body).unwrap();
        let next = page["pageDetails"]["nextPageUrl"]
            .as_str()
            .unwrap()
            .to_string();
        format!(
            "ATServicesRest/{}",
            next.split_once("/ATServicesRest/").unwrap().1
        )
    };
    let get_path = format!(
        "atservicesrest/v1.0/Companies/query?search={}",
        search.to_string().replace('"', "%22")
    );
    let (_, _, body) = call(&sim, Method::GET, &get_path, who, None).await;
    let (status, _, _) = call(&sim, Method::GET, &next_of(&body), who, None).await;
    assert_eq!(status, StatusCode::OK, "a GET query's next page is a GET");
    // Off: a POSTed query's next URL carries the search and an empty POST or a GET works.
    switch(
        &sim,
        "_sim/settings",
        Method::PATCH,
        json!({"nextPageNeedsBody": false}),
    )
    .await;
    let (_, _, body) = call(
        &sim,
        Method::POST,
        "atservicesrest/v1.0/Companies/query",
        who,
        Some(search),
    )
    .await;
    let next = next_of(&body);
    assert_eq!(
        call(&sim, Method::GET, &next, who, None).await.0,
        StatusCode::OK
    );
    assert_eq!(
        call(&sim, Method::POST, &next, who, None).await.0,
        StatusCode::OK
    );
}
