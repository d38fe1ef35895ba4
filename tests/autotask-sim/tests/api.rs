//! The simulator against what `docs/autotask-api.md` says the real service does, with the
//! modelled responses validated against Autotask's own Swagger schemas (`schema/`).

use std::sync::LazyLock;
use std::time::Duration;

use autotask_sim::{DemoCredentials, Fixture, SimServer};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

// The demo users as the fixture states them: it is the one place their credentials are written.
static DEMO: LazyLock<DemoCredentials> =
    LazyLock::new(|| Fixture::default_demo().demo_credentials());
static LIMITED: LazyLock<DemoCredentials> =
    LazyLock::new(|| Fixture::default_demo().limited_credentials());

fn user() -> &'static str {
    &DEMO.username
}

fn secret() -> &'static str {
    &DEMO.secret
}

fn code() -> &'static str {
    &DEMO.integration_code
}

/// `(username, secret, integration code)` as `Call::raw` takes them.
fn auth(credentials: &'static DemoCredentials) -> (&'static str, &'static str, &'static str) {
    (
        &credentials.username,
        &credentials.secret,
        &credentials.integration_code,
    )
}

fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// The Swagger subset as a JSON Schema. Swagger 2.0 has no `null`, but Autotask sends `null`
/// for empty fields, so every typed property also admits null; model objects admit no
/// properties the Swagger does not name, so a misspelt field in the simulator fails.
fn schema_for(definition: &str) -> jsonschema::Validator {
    let swagger: Value = serde_json::from_str(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/autotask-openapi-subset.json"
    )))
    .expect("swagger subset parses");
    // Definition names like `QueryActionResult[TicketModel,Ticket]` are not valid in a URI
    // fragment; rename them (and every `$ref`) to plain names.
    let plain = |name: &str| name.replace(['[', ']', ','], "_");
    let mut definitions: serde_json::Map<String, Value> = swagger["definitions"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (plain(k), v.clone()))
        .collect::<serde_json::Map<_, _>>();
    let mut definitions = Value::Object(std::mem::take(&mut definitions));
    fn loosen(value: &mut Value) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(t)) = map.get("type").cloned() {
                    map.insert("type".into(), json!([t, "null"]));
                    if t == "object" && map.contains_key("properties") {
                        map.insert("additionalProperties".into(), json!(false));
                    }
                }
                if let Some(Value::String(r)) = map.get("$ref").cloned() {
                    map.insert("$ref".into(), json!(r.replace(['[', ']', ','], "_")));
                }
                map.remove("readOnly");
                map.remove("format");
                for v in map.values_mut() {
                    loosen(v);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(loosen),
            _ => {}
        }
    }
    loosen(&mut definitions);
    // The Swagger types access levels as an empty object; the wire carries 0/1/2 or
    // "None"/"All"/"Restricted" (docs/autotask-api.md, "Permissions").
    definitions["RestUserAccessLevel"] = json!({"type": ["integer", "string"]});
    // `itemId` is an "Object" in the Swagger and a number on the wire.
    // `Object` (e.g. `itemId`, `isSupportedWebhookField`) is untyped in the Swagger.
    definitions["Object"] = json!({"type": ["integer", "string", "object", "boolean"]});
    let schema =
        json!({"definitions": definitions, "$ref": format!("#/definitions/{}", plain(definition))});
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn assert_valid(definition: &str, body: &Value) {
    let validator = schema_for(definition);
    let problems: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(problems.is_empty(), "{definition}: {problems:?}\n{body}");
}

struct Call<'a> {
    sim: &'a SimServer,
    client: Client,
}

impl<'a> Call<'a> {
    fn new(sim: &'a SimServer) -> Self {
        Self {
            sim,
            client: client(),
        }
    }

    async fn raw(
        &self,
        method: Method,
        path: &str,
        auth: Option<(&str, &str, &str)>,
        body: Option<Value>,
    ) -> (StatusCode, String) {
        let mut request = self.client.request(
            method,
            format!("{}{}", self.sim.base_url(), path.trim_start_matches('/')),
        );
        if let Some((user, secret, code)) = auth {
            request = request
                .header("UserName", user)
                .header("Secret", secret)
                .header("ApiIntegrationCode", code);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request sent");
        (response.status(), response.text().await.unwrap_or_default())
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        let (status, text) = self.raw(Method::GET, path, Some(auth(&DEMO)), None).await;
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let (status, text) = self
            .raw(Method::POST, path, Some(auth(&DEMO)), Some(body))
            .await;
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

async fn start() -> SimServer {
    SimServer::start(Fixture::default_demo()).await.unwrap()
}

#[tokio::test]
async fn version_information_lists_v2_but_only_v1_zone_lookup_exists() {
    let sim = start().await;
    let call = Call::new(&sim);
    let (status, body) = call
        .raw(Method::GET, "atservicesrest/versioninformation", None, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body, json!({"apiVersions": ["V1.0", "V2.0"]}));
    assert_valid("ApiVersionResultModel", &body);
    let (status, _) = call
        .raw(
            Method::GET,
            &format!("atservicesrest/V2.0/zoneInformation?user={}", user()),
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn zone_lookup_is_unauthenticated_case_insensitive_and_points_back_at_the_simulator() {
    let sim = start().await;
    let call = Call::new(&sim);
    for path in [
        "atservicesrest/v1.0/zoneInformation",
        "ATServicesRest/V1.0/ZoneInformation",
    ] {
        let (status, text) = call
            .raw(
                Method::GET,
                &format!(
                    "{path}?user={}",
                    url::form_urlencoded::byte_serialize(user().as_bytes()).collect::<String>()
                ),
                None,
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let zone: Value = serde_json::from_str(&text).unwrap();
        assert_valid("ZoneInformationResultModel", &zone);
        assert_eq!(zone["zoneName"], "America West 2");
        assert_eq!(zone["url"], format!("http://{}/ATServicesRest/", sim.addr));
        assert_eq!(zone["webUrl"], "https://ww15.autotask.net/");
        assert_eq!(zone["ci"], 20264);
    }
    let (status, text) = call
        .raw(
            Method::GET,
            "atservicesrest/v1.0/zoneInformation?user=nobody%40example.com",
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        json!({"errors": ["Zone information could not be determined"]})
    );
    assert!(sim.sim.requests().iter().all(|r| !r.auth_headers.any()));
}

#[tokio::test]
async fn autotask_host_style_names_the_zone_host() {
    let mut fixture = Fixture::default_demo();
    fixture.settings.zone_host_style = autotask_sim::ZoneHostStyle::Autotask;
    let sim = SimServer::start(fixture).await.unwrap();
    let (_, text) = Call::new(&sim)
        .raw(
            Method::GET,
            &format!("atservicesrest/v1.0/zoneInformation?user={}", user()),
            None,
            None,
        )
        .await;
    let zone: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        zone["url"],
        format!(
            "http://webservices15.autotask.net:{}/ATServicesRest/",
            sim.addr.port()
        )
    );
}

#[tokio::test]
async fn credential_errors_have_the_real_shapes() {
    let sim = start().await;
    let call = Call::new(&sim);
    let path = "ATServicesRest/V1.0/Version";
    let (status, body) = call
        .raw(
            Method::GET,
            path,
            Some(("ghost@contoso-msp.com", secret(), code())),
            None,
        )
        .await;
    assert_eq!(
        (status, body.as_str()),
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            r#"{"errors":["Zone information could not be determined"]}"#
        )
    );
    let (status, body) = call
        .raw(Method::GET, path, Some((user(), "wrong", code())), None)
        .await;
    assert_eq!((status, body.as_str()), (StatusCode::UNAUTHORIZED, ""));
    let (status, body) = call
        .raw(
            Method::GET,
            path,
            Some((user(), secret(), "NOTTHECODE")),
            None,
        )
        .await;
    assert_eq!(
        (status, body.as_str()),
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            r#"{"errors":["IntegrationCode is invalid."]}"#
        )
    );
    let (status, text) = call.raw(Method::GET, path, Some(auth(&DEMO)), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_valid(
        "AutotaskVersionResultModel",
        &serde_json::from_str(&text).unwrap(),
    );
    // Header names are case-insensitive, as peers that send `Username` rely on.
    let response = client()
        .get(format!("{}atservicesrest/v1.0/version", sim.base_url()))
        .header("username", user())
        .header("SECRET", secret())
        .header("ApiIntegrationcode", code())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn repeated_wrong_secrets_lock_the_user_and_inactive_users_are_refused() {
    let sim = start().await;
    let call = Call::new(&sim);
    for _ in 0..5 {
        let (status, _) = call
            .raw(
                Method::GET,
                "atservicesrest/v1.0/Version",
                Some((user(), "bad", code())),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, body) = call
        .raw(
            Method::GET,
            "atservicesrest/v1.0/Version",
            Some(auth(&DEMO)),
            None,
        )
        .await;
    // No REST source shows more than the empty 401 for a locked user.
    assert_eq!((status, body.as_str()), (StatusCode::UNAUTHORIZED, ""));
    assert!(sim.sim.user(user()).unwrap().locked);

    // An admin unlocks it through the control API; then deactivates it.
    let control = client();
    let url = format!("{}_sim/users/{}", sim.base_url(), user());
    assert_eq!(
        control
            .patch(&url)
            .json(&json!({"locked": false}))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        call.get("atservicesrest/v1.0/Version").await.0,
        StatusCode::OK
    );
    control
        .patch(&url)
        .json(&json!({"active": false}))
        .send()
        .await
        .unwrap();
    let (status, body) = call
        .raw(
            Method::GET,
            "atservicesrest/v1.0/Version",
            Some(auth(&DEMO)),
            None,
        )
        .await;
    assert_eq!((status, body.as_str()), (StatusCode::UNAUTHORIZED, ""));
}

#[tokio::test]
async fn a_new_user_is_unknown_until_it_has_propagated() {
    let sim = start().await;
    let call = Call::new(&sim);
    let mut fresh = sim.sim.user(user()).unwrap();
    fresh.username = "fresh@contoso-msp.com".into();
    fresh.live_after_seconds = 1;
    let response = client()
        .post(format!("{}_sim/users", sim.base_url()))
        .json(&fresh)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let lookup = "atservicesrest/v1.0/zoneInformation?user=fresh%40contoso-msp.com";
    assert_eq!(
        call.raw(Method::GET, lookup, None, None).await.0,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    let (status, body) = call
        .raw(
            Method::GET,
            "atservicesrest/v1.0/Version",
            Some(("fresh@contoso-msp.com", secret(), code())),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(body.contains("Zone information"));
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(
        call.raw(Method::GET, lookup, None, None).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn entity_information_reports_the_users_access_as_names_or_numbers() {
    let sim = start().await;
    let call = Call::new(&sim);
    let (status, body) = call
        .get("atservicesrest/v1.0/Tickets/entityInformation")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_valid("EntityInformationResultModel", &body);
    assert_eq!(body["info"]["userAccessForCreate"], "All");
    assert_eq!(body["info"]["canDelete"], false);

    sim.sim
        .update_settings(|s| s.access_wire_format = autotask_sim::fixture::AccessWireFormat::Int);
    let (_, body) = call
        .get("atservicesrest/v1.0/Tickets/entityInformation")
        .await;
    assert_valid("EntityInformationResultModel", &body);
    assert_eq!(body["info"]["userAccessForCreate"], 1);
    assert_eq!(body["info"]["userAccessForDelete"], 0);

    sim.sim.update_settings(|s| {
        s.access_wire_format = autotask_sim::fixture::AccessWireFormat::String
    });
    let limited = auth(&LIMITED);
    let (_, text) = call
        .raw(
            Method::GET,
            "atservicesrest/v1.0/Tickets/entityInformation",
            Some(limited),
            None,
        )
        .await;
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["info"]["userAccessForQuery"], "Restricted");
    assert_eq!(body["info"]["userAccessForCreate"], "None");
}

#[tokio::test]
async fn ticket_fields_carry_string_picklists_with_parents_and_inactive_values() {
    let sim = start().await;
    let (status, body) = Call::new(&sim)
        .get("atservicesrest/v1.0/Tickets/entityInformation/fields")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_valid("FieldInformationResultModel", &body);
    let fields = body["fields"].as_array().unwrap();
    let find = |name: &str| fields.iter().find(|f| f["name"] == name).unwrap().clone();
    let queue = find("queueID");
    assert_eq!(queue["isPickList"], true);
    assert!(queue["picklistValues"]
        .as_array()
        .unwrap()
        .iter()
        .all(|v| v["value"].is_string()));
    assert!(queue["picklistValues"]
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v["isActive"] == false));
    assert_eq!(
        find("subIssueType")["picklistParentValueField"],
        "IssueType"
    );
    assert_eq!(find("status")["isRequired"], true);
    assert_eq!(find("title")["picklistValues"], Value::Null);
}

#[tokio::test]
async fn queries_need_a_filter_and_come_in_the_real_envelope() {
    let sim = start().await;
    let call = Call::new(&sim);
    let (status, body) = call
        .post("atservicesrest/v1.0/TicketCategories/query", json!({}))
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(body["errors"][0].as_str().unwrap().contains("filter"));

    let filter = json!({"filter":[{"op":"eq","field":"isActive","value":true}]});
    let (status, body) = call
        .post("atservicesrest/v1.0/TicketCategories/query", filter.clone())
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_valid(
        "QueryActionResult[TicketCategoryModel,TicketCategory]",
        &body,
    );
    let names: Vec<&str> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Datto RMM Alert", "Standard", "Incident"]);
    assert_eq!(body["pageDetails"]["requestCount"], 500);

    let search =
        url::form_urlencoded::byte_serialize(filter.to_string().as_bytes()).collect::<String>();
    let (status, by_get) = call
        .get(&format!(
            "atservicesrest/v1.0/TicketCategories/query?search={search}"
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(by_get, body);

    let (_, count) = call
        .post("atservicesrest/v1.0/TicketCategories/query/count", filter)
        .await;
    assert_valid("QueryCountResultModel", &count);
    assert_eq!(count, json!({"queryCount": 3}));

    let (_, company) = call.get("atservicesrest/v1.0/Companies/0").await;
    assert_valid("ItemQueryResultModel[CompanyModel,Account]", &company);
    assert_eq!(company["item"]["companyName"], "Contoso Managed Services");
    let (status, miss) = call.get("atservicesrest/v1.0/Companies/424242").await;
    assert_eq!((status, miss), (StatusCode::OK, json!({"item": null})));

    let (_, defaults) = call
        .get("atservicesrest/v1.0/TicketCategories/113/FieldDefaults")
        .await;
    assert_valid(
        "QueryActionResult[TicketCategoryFieldDefaultsModel,TicketCategoryFieldDefaults]",
        &defaults,
    );
    assert_eq!(defaults["items"][0]["queueID"], 29682833);
}

#[tokio::test]
async fn results_over_500_are_paged_with_an_absolute_next_url_posted_with_the_original_body() {
    let mut fixture = Fixture::default_demo();
    fixture.tenants[0].companies = (0..1203)
        .map(|i| json!({"id": i, "companyName": format!("Company {i}"), "isActive": true}))
        .collect();
    let sim = SimServer::start(fixture).await.unwrap();
    let call = Call::new(&sim);
    let search = json!({"filter":[{"op":"gte","field":"id","value":0}],"includeFields":["id"]});
    let (_, first) = call
        .post("atservicesrest/v1.0/Companies/query", search.clone())
        .await;
    assert_valid("QueryActionResult[CompanyModel,Account]", &first);
    assert_eq!(first["items"].as_array().unwrap().len(), 500);
    assert_eq!(first["items"][0], json!({"id": 0}));
    let mut next = first["pageDetails"]["nextPageUrl"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        next.starts_with(&format!(
            "http://{}/ATServicesRest/V1.0/Companies/query/next?paging=",
            sim.addr
        )),
        "{next}"
    );
    // Autotask's cursor: the next page starts at the id after this page's last.
    let paging = url::Url::parse(&next)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "paging")
        .map(|(_, v)| serde_json::from_str::<Value>(&v).unwrap())
        .unwrap();
    assert_eq!(
        paging,
        json!({"pageSize": 500, "previousIds": [-1], "nextIds": [500]})
    );
    let send = |url: &str, method: Method, body: Option<&Value>| {
        let mut request = client()
            .request(method, url)
            .header("UserName", user())
            .header("Secret", secret())
            .header("ApiIntegrationCode", code());
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send()
    };
    // A GET of a POSTed query's next page is ASP.NET's 405; an empty POST a 500.
    let get = send(&next, Method::GET, None).await.unwrap();
    assert_eq!(get.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        get.json::<Value>().await.unwrap(),
        json!({"Message": "The requested resource does not support http method 'GET'."})
    );
    let empty = send(&next, Method::POST, None).await.unwrap();
    assert_eq!(empty.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let mut seen = 500;
    let mut last = 499;
    while !next.is_empty() {
        let page: Value = send(&next, Method::POST, Some(&search))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let items = page["items"].as_array().unwrap();
        // Each page follows the last exactly: no overlap, no gap.
        assert_eq!(items[0]["id"], json!(last + 1));
        last = items.last().unwrap()["id"].as_i64().unwrap();
        seen += items.len();
        next = page["pageDetails"]["nextPageUrl"]
            .as_str()
            .unwrap_or("")
            .to_string();
    }
    assert_eq!(seen, 1203);
}

#[tokio::test]
async fn missing_permissions_answer_500_or_403_with_the_adequate_permissions_text() {
    let sim = start().await;
    let call = Call::new(&sim);
    let limited = auth(&LIMITED);
    let body = json!({"filter":[{"op":"gte","field":"id","value":0}]});
    let (status, text) = call
        .raw(
            Method::POST,
            "atservicesrest/v1.0/Contracts/query",
            Some(limited),
            Some(body.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        text,
        r#"{"errors":["The logged in Resource does not have the adequate permissions to query this entity type."]}"#
    );
    let (status, text) = call
        .raw(
            Method::POST,
            "atservicesrest/v1.0/Tickets",
            Some(limited),
            Some(json!({"title":"x"})),
        )
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(text.contains("permissions to create this entity type"));
    sim.sim.update_settings(|s| s.permission_error_status = 403);
    let (status, _) = call
        .raw(
            Method::POST,
            "atservicesrest/v1.0/Contracts/query",
            Some(limited),
            Some(body),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn ticket_creation_validates_like_autotask() {
    let sim = start().await;
    let call = Call::new(&sim);
    let base = json!({"companyID": 0, "title": "Vectis connection test", "status": 1, "priority": 2, "queueID": 29682833, "ticketCategory": 3});
    let (status, created) = call.post("atservicesrest/v1.0/Tickets", base.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_valid("OperationResultModel", &created);
    let id = created["itemId"].as_i64().unwrap();
    let (_, fetched) = call.get(&format!("atservicesrest/v1.0/Tickets/{id}")).await;
    assert_valid("ItemQueryResultModel[TicketModel,Ticket]", &fetched);
    assert_eq!(fetched["item"]["title"], "Vectis connection test");

    let cases = [
        (
            json!({"priority": 99}),
            "Picklist value [99] does not exist for priority.",
        ),
        (
            json!({"status": 12}),
            "Picklist value [12] is inactive for status.",
        ),
        (json!({"priority": null}), "priority is required"),
        (
            json!({"companyID": 777}),
            "Value does not reference an existing entity for companyID . ",
        ),
        (
            json!({"ticketCategory": 5}),
            "Value does not reference an existing entity for ticketCategory . ",
        ),
        (
            json!({"ticketCategory": 113, "queueID": null}),
            "queueID is required",
        ),
    ];
    for (change, message) in cases {
        let mut ticket = base.clone();
        for (k, v) in change.as_object().unwrap() {
            ticket[k] = v.clone();
        }
        let (status, body) = call.post("atservicesrest/v1.0/Tickets", ticket).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{change}");
        assert_eq!(body, json!({"errors": [message]}), "{change}");
    }
    // Input field names are case-insensitive (atrest posts `Title`, `CompanyID`).
    let (status, _) = call
        .post(
            "atservicesrest/v1.0/Tickets",
            json!({"CompanyID": 0, "Title": "x", "Status": "1", "Priority": "2"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let (status, note) = call
        .post(
            &format!("atservicesrest/v1.0/Tickets/{id}/Notes"),
            json!({"title": "n", "description": "d", "noteType": 1, "publish": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(note["itemId"].as_i64().is_some());
    assert_eq!(sim.sim.records("contoso", "TicketNotes").len(), 1);
}

#[tokio::test]
async fn more_than_three_concurrent_requests_per_endpoint_get_429() {
    let sim = start().await;
    sim.sim.set_faults(autotask_sim::Faults {
        latency_ms: 300,
        ..Default::default()
    });
    let call = Call::new(&sim);
    let requests = (0..5).map(|_| call.get("atservicesrest/v1.0/Tickets/entityInformation"));
    let results = futures::future::join_all(requests).await;
    let limited: Vec<&Value> = results
        .iter()
        .filter(|(s, _)| *s == StatusCode::TOO_MANY_REQUESTS)
        .map(|(_, b)| b)
        .collect();
    assert_eq!(limited.len(), 2, "{results:?}");
    assert_eq!(
        limited[0]["errors"][0],
        "API thread threshold of 3 threads has been exceeded"
    );
    assert_eq!(sim.sim.max_in_flight()["tickets"], 3);
    // Another endpoint has threads of its own.
    let (a, b) = tokio::join!(
        call.get("atservicesrest/v1.0/Companies/entityInformation"),
        call.get("atservicesrest/v1.0/Version")
    );
    assert_eq!((a.0, b.0), (StatusCode::OK, StatusCode::OK));
}

#[tokio::test]
async fn the_hourly_threshold_slows_then_refuses() {
    let mut fixture = Fixture::default_demo();
    fixture.tenants[0].hourly_limit = 4;
    fixture.settings.threshold_latency_ms = [150, 300];
    let sim = SimServer::start(fixture).await.unwrap();
    let call = Call::new(&sim);
    let mut timings = Vec::new();
    for _ in 0..4 {
        let started = std::time::Instant::now();
        assert_eq!(
            call.get("atservicesrest/v1.0/Version").await.0,
            StatusCode::OK
        );
        timings.push(started.elapsed());
    }
    assert!(timings[0] < Duration::from_millis(150), "{timings:?}");
    assert!(timings[1] >= Duration::from_millis(150), "{timings:?}");
    assert!(timings[2] >= Duration::from_millis(300), "{timings:?}");
    let (status, body) = call.get("atservicesrest/v1.0/ThresholdInformation").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(body["errors"][0].as_str().unwrap().contains("threshold"));
}

#[tokio::test]
async fn threshold_information_counts_requests() {
    let sim = start().await;
    let call = Call::new(&sim);
    call.get("atservicesrest/v1.0/Version").await;
    let (_, body) = call.get("atservicesrest/v1.0/ThresholdInformation").await;
    assert_valid("ThresholdStatusResultModel", &body);
    assert_eq!(
        body,
        json!({"externalRequestThreshold": 10000, "requestThresholdTimeframe": 60, "currentTimeframeRequestCount": 2})
    );
}

#[tokio::test]
async fn faults_hang_reset_malformed_and_html_503() {
    let sim = start().await;
    let faults = json!({"rules": [
        {"pathContains": "/version", "kind": "hang", "times": 1},
        {"pathContains": "companies/0", "kind": "reset", "times": 1},
        {"pathContains": "thresholdinformation", "kind": "malformedJson", "times": 1},
        {"pathContains": "zoneinformation", "kind": "html503", "times": 1}
    ]});
    let control = client();
    assert_eq!(
        control
            .put(format!("{}_sim/faults", sim.base_url()))
            .json(&faults)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    let quick = Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let hung = quick
        .get(format!("{}atservicesrest/v1.0/Version", sim.base_url()))
        .send()
        .await;
    assert!(hung.unwrap_err().is_timeout());
    let reset = client()
        .get(format!("{}atservicesrest/v1.0/Companies/0", sim.base_url()))
        .header("UserName", user())
        .send()
        .await;
    let failed = match reset {
        Err(_) => true,
        Ok(response) => response.text().await.is_err(),
    };
    assert!(
        failed,
        "a reset connection must not read as a complete answer"
    );
    let (status, text) = Call::new(&sim)
        .raw(
            Method::GET,
            "atservicesrest/v1.0/ThresholdInformation",
            Some(auth(&DEMO)),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(serde_json::from_str::<Value>(&text).is_err());
    let (status, text) = Call::new(&sim)
        .raw(
            Method::GET,
            &format!("atservicesrest/v1.0/zoneInformation?user={}", user()),
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(text.starts_with("<!DOCTYPE html>"));
    // `times` ran out: the next call is normal.
    assert_eq!(
        Call::new(&sim).get("atservicesrest/v1.0/Version").await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_request_log_records_auth_headers_present_but_never_their_values() {
    let sim = start().await;
    let call = Call::new(&sim);
    call.get("atservicesrest/v1.0/Version").await;
    let log: Value = client()
        .get(format!("{}_sim/requests", sim.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let text = log.to_string();
    assert!(
        !text.contains(secret()) && !text.contains(code()) && !text.contains(user()),
        "{text}"
    );
    assert_eq!(
        log[0]["authHeaders"],
        json!({"apiIntegrationCode": true, "userName": true, "secret": true})
    );
    assert_eq!(log[0]["status"], 200);
    assert_eq!(log[0]["endpoint"], "version");
    assert!(log[0]["endedMs"].as_u64().unwrap() >= log[0]["startedMs"].as_u64().unwrap());
    client()
        .post(format!("{}_sim/reset", sim.base_url()))
        .send()
        .await
        .unwrap();
    assert!(sim.sim.requests().is_empty());
}

#[tokio::test]
async fn missing_version_endpoint_answers_404_for_older_zones() {
    let mut fixture = Fixture::default_demo();
    fixture.settings.has_version_endpoint = false;
    let sim = SimServer::start(fixture).await.unwrap();
    assert_eq!(
        Call::new(&sim).get("atservicesrest/v1.0/Version").await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn demo_credentials_come_from_the_fixture_and_sign_in() {
    let sim = start().await;
    let url = format!("{}_sim/demo-credentials", sim.base_url());
    let response = client().get(&url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({"integrationCode": code(), "username": user(), "secret": secret()})
    );
    // What demo mode shows is what the simulator accepts, for both demo users.
    let call = Call::new(&sim);
    for credentials in [&*DEMO, &*LIMITED] {
        let (status, _) = call
            .raw(
                Method::GET,
                "atservicesrest/v1.0/Version",
                Some(auth(credentials)),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{}", credentials.username);
    }
    // The route reports the user as it stands, after a control call changed its secret.
    sim.sim.patch_user(
        user(),
        autotask_sim::UserPatch {
            secret: Some("Rotated*Secret".into()),
            ..Default::default()
        },
    );
    let now: DemoCredentials = client()
        .get(&url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(now.secret, "Rotated*Secret");

    // A fixture that marks no demo user has none to give.
    let mut fixture = Fixture::default_demo();
    fixture.users.iter_mut().for_each(|u| u.demo = None);
    let bare = SimServer::start(fixture).await.unwrap();
    let response = client()
        .get(format!("{}_sim/demo-credentials", bare.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[test]
fn the_readme_documents_the_fixture_demo_credentials() {
    // README's demo table is documentation of the fixture, the credentials' one source.
    let readme = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"));
    let fixture = Fixture::default_demo();
    for demo in [fixture.demo_credentials(), fixture.limited_credentials()] {
        for value in [&demo.integration_code, &demo.username, &demo.secret] {
            assert!(
                readme.contains(&format!("`{value}`")),
                "README lacks {value}"
            );
        }
    }
}
