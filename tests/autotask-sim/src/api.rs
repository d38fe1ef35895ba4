//! The Autotask REST surface: routing (case-insensitive), authentication, limits, faults and
//! the entity endpoints the app touches.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::fixture::{Access, ApiUser, Fixture, Tenant};
use crate::query::{Query, PAGE_SIZE};
use crate::state::{AuthHeadersSeen, FaultKind, RequestRecord, SimState, DATA_ENTITIES};
use crate::Sim;

pub const ZONE_ERROR: &str = "Zone information could not be determined";
pub const INTEGRATION_CODE_ERROR: &str = "IntegrationCode is invalid.";
pub const LOCKED_ERROR: &str =
    "The user account has been locked. Please see your Autotask Administrator for details.";
pub const INACTIVE_ERROR: &str = "The user account is inactive.";

pub fn permission_error(verb: &str) -> String {
    format!(
        "The logged in Resource does not have the adequate permissions to {verb} this entity type."
    )
}

fn thread_error(limit: usize) -> String {
    format!("API thread threshold of {limit} threads has been exceeded")
}

fn json_response(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

fn errors(status: StatusCode, message: impl Into<String>) -> Response {
    json_response(status, json!({ "errors": [message.into()] }))
}

fn not_found() -> Response {
    // IIS' answer for a route that does not exist.
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html")],
        "<html><body><h2>404 - File or directory not found.</h2></body></html>",
    )
        .into_response()
}

/// Case-insensitive header read; the real service accepts `UserName`, `Username`, `username`.
fn header_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Decrements the in-flight counter however the request ends (answered, hung and dropped).
struct InFlight {
    sim: Arc<Sim>,
    key: (String, String),
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut state = self.sim.lock();
        if let Some(n) = state.in_flight.get_mut(&self.key) {
            *n = n.saturating_sub(1);
        }
    }
}

pub async fn handle(
    State(sim): State<Arc<Sim>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let lower = path.to_lowercase();
    let segments: Vec<&str> = lower.split('/').filter(|s| !s.is_empty()).collect();
    let auth_headers = AuthHeadersSeen {
        api_integration_code: headers.contains_key("apiintegrationcode"),
        user_name: headers.contains_key("username"),
        secret: headers.contains_key("secret"),
    };
    let endpoint = endpoint_of(&segments);
    let (id, fault, delay) = {
        let mut state = sim.lock();
        let id = state.log.len() as u64 + 1;
        let started_ms = state.elapsed_ms();
        state.log.push(RequestRecord {
            id,
            method: method.to_string(),
            path: path.clone(),
            endpoint: endpoint.clone(),
            auth_headers,
            status: None,
            started_ms,
            ended_ms: None,
        });
        let jitter = state.faults.jitter_ms;
        let fault = state.take_fault(&lower);
        let delay = state.faults.latency_ms
            + state.jitter(jitter)
            + fault.as_ref().map_or(0, |f| f.latency_ms);
        (id, fault, delay)
    };
    let response = match fault.and_then(|f| f.kind) {
        Some(kind) => {
            tokio::time::sleep(Duration::from_millis(delay)).await;
            fault_response(kind).await
        }
        None => {
            route(
                &sim, &method, &uri, &segments, &headers, &body, &endpoint, delay,
            )
            .await
        }
    };
    let mut state = sim.lock();
    let ended = state.elapsed_ms();
    if let Some(record) = state.log.iter_mut().find(|r| r.id == id) {
        record.status = Some(response.status().as_u16());
        record.ended_ms = Some(ended);
    }
    response
}

async fn fault_response(kind: FaultKind) -> Response {
    match kind {
        FaultKind::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            not_found()
        }
        FaultKind::Reset => reset_response(),
        FaultKind::MalformedJson => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            "{\"item\": {\"id\": 0,",
        )
            .into_response(),
        FaultKind::Html503 => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/html")],
            "<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your request.</p></body></html>",
        )
            .into_response(),
    }
}

/// A body that fails after the headers: the client sees the connection dropped.
fn reset_response() -> Response {
    let stream = futures::stream::once(async {
        Err::<Bytes, _>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "connection reset by simulator",
        ))
    });
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, "1000")
        .body(Body::from_stream(stream))
        .expect("static response parts are valid")
}

/// The thread-limited endpoint: the entity (or call) right after the version segment.
fn endpoint_of(segments: &[&str]) -> String {
    match segments {
        ["atservicesrest", version, entity, ..] if version.starts_with('v') => entity.to_string(),
        ["atservicesrest", rest] => rest.to_string(),
        _ => String::new(),
    }
}

#[allow(clippy::too_many_arguments)]
async fn route(
    sim: &Arc<Sim>,
    method: &Method,
    uri: &Uri,
    segments: &[&str],
    headers: &HeaderMap,
    body: &Bytes,
    endpoint: &str,
    delay: u64,
) -> Response {
    if !matches!(segments, ["atservicesrest", "v1.0", rest @ ..] if !rest.is_empty() && rest[0] != "zoneinformation")
    {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    match segments {
        ["atservicesrest", "versioninformation"] if method == Method::GET => {
            json_response(StatusCode::OK, json!({ "apiVersions": ["V1.0", "V2.0"] }))
        }
        ["atservicesrest", "v1.0", "zoneinformation"] if method == Method::GET => {
            zone_information(sim, uri)
        }
        ["atservicesrest", "v1.0", rest @ ..] if !rest.is_empty() => {
            authenticated(sim, method, uri, rest, headers, body, endpoint, delay).await
        }
        _ => not_found(),
    }
}

fn query_param(uri: &Uri, name: &str) -> Option<String> {
    url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.into_owned())
}

fn zone_url(state: &SimState, tenant: &Tenant, port: u16) -> String {
    match state.settings().zone_host_style {
        crate::ZoneHostStyle::Loopback => format!("http://127.0.0.1:{port}/ATServicesRest/"),
        crate::ZoneHostStyle::Autotask => format!(
            "http://webservices{}.autotask.net:{port}/ATServicesRest/",
            tenant.zone_number
        ),
    }
}

fn web_url(tenant: &Tenant) -> String {
    tenant
        .web_url
        .clone()
        .unwrap_or_else(|| format!("https://ww{}.autotask.net/", tenant.zone_number))
}

fn zone_information(sim: &Arc<Sim>, uri: &Uri) -> Response {
    let state = sim.lock();
    let user = query_param(uri, "user").unwrap_or_default();
    let Some(user) = state.live_user(&user) else {
        return errors(StatusCode::INTERNAL_SERVER_ERROR, ZONE_ERROR);
    };
    let Some(tenant) = state.fixture.tenants.iter().find(|t| t.id == user.tenant) else {
        return errors(StatusCode::INTERNAL_SERVER_ERROR, ZONE_ERROR);
    };
    json_response(
        StatusCode::OK,
        json!({
            "zoneName": tenant.zone_name,
            "url": zone_url(&state, tenant, sim.port()),
            "webUrl": web_url(tenant),
            "ci": tenant.ci,
        }),
    )
}

/// Signs the caller in: unknown user, wrong secret, locked, inactive, bad integration code,
/// in the order the real service checks them.
#[allow(clippy::result_large_err)] // the refusal is the response itself, built once
fn sign_in(state: &mut SimState, headers: &HeaderMap) -> Result<(ApiUser, String), Response> {
    let username = header_value(headers, "username").unwrap_or("");
    let secret = header_value(headers, "secret");
    let code = header_value(headers, "apiintegrationcode");
    let Some(user) = state.live_user(username).cloned() else {
        return Err(errors(StatusCode::INTERNAL_SERVER_ERROR, ZONE_ERROR));
    };
    let key = user.username.to_lowercase();
    if user.locked {
        return Err(errors(StatusCode::UNAUTHORIZED, LOCKED_ERROR));
    }
    if secret != Some(user.secret.as_str()) {
        let lockout_after = state.settings().lockout_after;
        let failures = state.failed_secrets.entry(key.clone()).or_default();
        *failures += 1;
        if lockout_after > 0 && *failures >= lockout_after {
            if let Some(u) = state.user_mut(&key) {
                u.locked = true;
            }
        }
        // The real service answers a wrong secret with an empty 401.
        return Err(StatusCode::UNAUTHORIZED.into_response());
    }
    state.failed_secrets.remove(&key);
    if !user.active {
        return Err(errors(StatusCode::UNAUTHORIZED, INACTIVE_ERROR));
    }
    let code = code.unwrap_or("");
    if !user.integration_codes.iter().any(|c| c == code) {
        return Err(errors(
            StatusCode::INTERNAL_SERVER_ERROR,
            INTEGRATION_CODE_ERROR,
        ));
    }
    Ok((user, code.to_lowercase()))
}

#[allow(clippy::too_many_arguments)]
async fn authenticated(
    sim: &Arc<Sim>,
    method: &Method,
    uri: &Uri,
    rest: &[&str],
    headers: &HeaderMap,
    body: &Bytes,
    endpoint: &str,
    latency: u64,
) -> Response {
    let (user, _guard, threshold_delay) = {
        let mut state = sim.lock();
        let (user, code) = match sign_in(&mut state, headers) {
            Ok(found) => found,
            Err(response) => return response,
        };
        let hourly_limit = state
            .fixture
            .tenants
            .iter()
            .find(|t| t.id == user.tenant)
            .map_or(10_000, |t| t.hourly_limit);
        if state.hourly_count(&user.tenant) >= hourly_limit {
            return errors(
                StatusCode::TOO_MANY_REQUESTS,
                format!("The request threshold of {hourly_limit} requests per hour has been exceeded for this database. Requests will be accepted again when usage drops below the threshold."),
            );
        }
        let key = (code, endpoint.to_string());
        let limit = state.settings().thread_limit;
        let current = state.in_flight.get(&key).copied().unwrap_or(0);
        if current >= limit {
            return errors(StatusCode::TOO_MANY_REQUESTS, thread_error(limit));
        }
        state.in_flight.insert(key.clone(), current + 1);
        let max = state.max_in_flight.entry(endpoint.to_string()).or_default();
        *max = (*max).max(current + 1);
        let guard = InFlight {
            sim: sim.clone(),
            key,
        };
        let used = state.count_hourly(&user.tenant);
        let [half, three_quarters] = state.settings().threshold_latency_ms;
        let delay = if used * 4 >= hourly_limit * 3 {
            three_quarters
        } else if used * 2 >= hourly_limit {
            half
        } else {
            0
        };
        (user, guard, delay)
    };
    // Latency is spent while holding a thread, as a slow real request would.
    tokio::time::sleep(Duration::from_millis(threshold_delay + latency)).await;
    let mut state = sim.lock();
    entity_call(&mut state, &user, method, uri, rest, body, sim.port())
}

fn canonical_entity(name: &str) -> Option<&'static str> {
    DATA_ENTITIES
        .iter()
        .copied()
        .find(|e| e.eq_ignore_ascii_case(name))
}

fn entity_call(
    state: &mut SimState,
    user: &ApiUser,
    method: &Method,
    uri: &Uri,
    rest: &[&str],
    body: &Bytes,
    port: u16,
) -> Response {
    let tenant = match state.fixture.tenants.iter().find(|t| t.id == user.tenant) {
        Some(t) => t.clone(),
        None => return errors(StatusCode::INTERNAL_SERVER_ERROR, ZONE_ERROR),
    };
    if let ["version"] = rest {
        return if state.settings().has_version_endpoint && method == Method::GET {
            json_response(
                StatusCode::OK,
                json!({"majorVersion":"2026","minorVersion":"1","build":"26.1.12.0","customerType":"Production"}),
            )
        } else {
            not_found()
        };
    }
    if let ["thresholdinformation"] = rest {
        return json_response(
            StatusCode::OK,
            json!({
                "externalRequestThreshold": tenant.hourly_limit,
                "requestThresholdTimeframe": 60,
                "currentTimeframeRequestCount": state.hourly_count(&tenant.id),
            }),
        );
    }
    let Some((first, tail)) = rest.split_first() else {
        return not_found();
    };
    let Some(entity) = canonical_entity(first) else {
        return not_found();
    };
    let access = Fixture::access_for(user, entity);
    let deny = |verb: &str, state: &SimState| {
        let status = StatusCode::from_u16(state.settings().permission_error_status)
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        errors(status, permission_error(verb))
    };
    match (method.clone(), tail) {
        (Method::GET, ["entityinformation"]) => {
            let format = state.settings().access_wire_format;
            let can_create = matches!(
                entity,
                "Tickets" | "TicketNotes" | "TimeEntries" | "Companies" | "Contracts"
            );
            json_response(
                StatusCode::OK,
                json!({"info": {
                    "name": entity.trim_end_matches('s').replace("Entrie", "Entry").replace("Companie", "Company"),
                    "canCreate": can_create,
                    "canDelete": matches!(entity, "TicketNotes" | "TimeEntries"),
                    "canQuery": true,
                    "canUpdate": entity != "Resources",
                    "userAccessForCreate": access.create.wire(format),
                    "userAccessForDelete": Access::None.wire(format),
                    "userAccessForQuery": access.query.wire(format),
                    "userAccessForUpdate": access.update.wire(format),
                    "hasUserDefinedFields": matches!(entity, "Companies" | "Tickets" | "Contracts"),
                    "supportsWebhookCallouts": matches!(entity, "Companies" | "Tickets" | "TicketNotes"),
                }}),
            )
        }
        (Method::GET, ["entityinformation", "fields"]) => json_response(
            StatusCode::OK,
            json!({ "fields": fields_for(state, &tenant, entity) }),
        ),
        (Method::GET | Method::POST, ["query", rest @ ..]) => {
            if access.query == Access::None {
                return deny("query", state);
            }
            let search = if method == Method::GET {
                match query_param(uri, "search") {
                    Some(s) => serde_json::from_str::<Value>(&s).unwrap_or(Value::Null),
                    None => Value::Null,
                }
            } else {
                serde_json::from_slice::<Value>(body).unwrap_or(Value::Null)
            };
            let query = match Query::parse(&search) {
                Ok(q) => q,
                Err(message) => return errors(StatusCode::INTERNAL_SERVER_ERROR, message),
            };
            let items: Vec<Value> = state
                .data
                .get(&(tenant.id.clone(), entity.to_lowercase()))
                .map(|items| items.iter().filter(|i| query.matches(i)).cloned().collect())
                .unwrap_or_default();
            match rest {
                ["count"] => json_response(StatusCode::OK, json!({ "queryCount": items.len() })),
                [] => page(state, &tenant, entity, &query, &search, items, 0, port),
                ["next"] => {
                    let offset = query_param(uri, "paging")
                        .and_then(|p| serde_json::from_str::<Value>(&p).ok())
                        .and_then(|p| p.get("offset").and_then(Value::as_u64))
                        .unwrap_or(0) as usize;
                    page(state, &tenant, entity, &query, &search, items, offset, port)
                }
                _ => not_found(),
            }
        }
        (Method::POST, []) if entity == "Tickets" => {
            if access.create == Access::None {
                return deny("create", state);
            }
            create_ticket(state, &tenant, body)
        }
        (Method::POST, [id, "notes"]) if entity == "Tickets" => {
            if Fixture::access_for(user, "TicketNotes").create == Access::None {
                return deny("create", state);
            }
            create_note(state, &tenant, id, body)
        }
        (Method::GET, [id, "fielddefaults"]) if entity == "TicketCategories" => {
            if access.query == Access::None {
                return deny("query", state);
            }
            let id: i64 = id.parse().unwrap_or(i64::MIN);
            let items: Vec<Value> = tenant
                .ticket_categories
                .iter()
                .filter(|c| c.id == id)
                .map(|c| {
                    let mut defaults = serde_json::Map::new();
                    defaults.insert("id".into(), json!(c.id * 10));
                    defaults.insert("ticketCategoryID".into(), json!(c.id));
                    for (k, v) in &c.field_defaults {
                        defaults.insert(k.clone(), v.clone());
                    }
                    Value::Object(defaults)
                })
                .collect();
            envelope(items, None, None)
        }
        (Method::GET, [id]) => {
            if access.query == Access::None {
                return deny("query", state);
            }
            let Ok(id) = id.parse::<i64>() else {
                return not_found();
            };
            let item = state
                .data
                .get(&(tenant.id.clone(), entity.to_lowercase()))
                .and_then(|items| {
                    items
                        .iter()
                        .find(|i| i.get("id").and_then(Value::as_i64) == Some(id))
                })
                .cloned()
                .unwrap_or(Value::Null);
            // A miss is `200 {"item": null}`, as the live API answers it.
            json_response(StatusCode::OK, json!({ "item": item }))
        }
        _ => {
            // Known entity, unsupported verb: IIS answers 405.
            (StatusCode::METHOD_NOT_ALLOWED, [(header::CONTENT_TYPE, "application/json")], json!({"Message": format!("The requested resource does not support http method '{method}'.")}).to_string()).into_response()
        }
    }
}

/// The query envelope: `{"items": [...], "pageDetails": {...}}`.
fn envelope(items: Vec<Value>, prev: Option<String>, next: Option<String>) -> Response {
    json_response(
        StatusCode::OK,
        json!({
            "items": items,
            "pageDetails": {"count": items.len(), "requestCount": PAGE_SIZE, "prevPageUrl": prev, "nextPageUrl": next}
        }),
    )
}

#[allow(clippy::too_many_arguments)]
fn page(
    state: &SimState,
    tenant: &Tenant,
    entity: &str,
    query: &Query,
    search: &Value,
    mut items: Vec<Value>,
    offset: usize,
    port: u16,
) -> Response {
    items.sort_by_key(|i| i.get("id").and_then(Value::as_i64).unwrap_or(0));
    let total = items.len();
    let page: Vec<Value> = items
        .iter()
        .skip(offset)
        .take(query.max_records)
        .map(|i| query.project(i))
        .collect();
    // `maxRecords` caps the whole answer; only full pages of 500 have a next page.
    let next = (query.max_records == PAGE_SIZE && offset + PAGE_SIZE < total).then(|| {
        let paging = json!({"pageSize": PAGE_SIZE, "offset": offset + PAGE_SIZE}).to_string();
        let mut url = url::Url::parse(&format!(
            "{}V1.0/{entity}/query/next",
            zone_url(state, tenant, port)
        ))
        .expect("zone url is valid");
        url.query_pairs_mut()
            .append_pair("paging", &paging)
            .append_pair("search", &search.to_string());
        url.to_string()
    });
    // Autotask fills prevPageUrl on later pages; clients ignore its content.
    let prev =
        (offset > 0).then(|| format!("{}V1.0/{entity}/query/next", zone_url(state, tenant, port)));
    envelope(page, prev, next)
}

fn field(name: &str, data_type: &str, required: bool, read_only: bool) -> Value {
    json!({
        "name": name, "dataType": data_type, "length": if data_type == "string" { 255 } else { 0 },
        "isRequired": required, "isReadOnly": read_only, "isQueryable": true,
        "isReference": name.ends_with("ID") && name != "id", "referenceEntityType": "",
        "isPickList": false, "picklistValues": null, "picklistParentValueField": "",
        "isSupportedWebhookField": false,
    })
}

fn fields_for(state: &SimState, tenant: &Tenant, entity: &str) -> Vec<Value> {
    if entity != "Tickets" {
        let mut names: Vec<(String, &'static str)> = vec![("id".into(), "long")];
        if let Some(first) = state
            .data
            .get(&(tenant.id.clone(), entity.to_lowercase()))
            .and_then(|items| items.first())
            .and_then(Value::as_object)
        {
            for (k, v) in first {
                if k != "id" {
                    let t = match v {
                        Value::Bool(_) => "boolean",
                        Value::Number(_) => "integer",
                        _ => "string",
                    };
                    names.push((k.clone(), t));
                }
            }
        }
        return names
            .into_iter()
            .map(|(n, t)| field(&n, t, false, n == "id"))
            .collect();
    }
    let mut fields = vec![
        field("id", "long", true, true),
        field("companyID", "integer", true, false),
        field("title", "string", true, false),
        field("description", "string", false, false),
        field("dueDateTime", "datetime", false, false),
        field("ticketCategory", "integer", false, false),
        field("createDate", "datetime", false, true),
    ];
    for (name, required, parent) in [
        ("status", true, ""),
        ("priority", true, ""),
        ("queueID", false, ""),
        ("source", false, ""),
        ("issueType", false, ""),
        ("subIssueType", false, "IssueType"),
        ("ticketType", false, ""),
    ] {
        let values = tenant.picklists.get(name).cloned().unwrap_or_default();
        let mut f = field(name, "integer", required, false);
        f["isPickList"] = json!(true);
        f["isReference"] = json!(false);
        f["picklistValues"] = serde_json::to_value(values).unwrap_or(Value::Null);
        f["picklistParentValueField"] = json!(parent);
        fields.push(f);
    }
    fields
}

/// Reads a body field case-insensitively (`Title` and `title` both work).
fn body_field<'a>(body: &'a Value, name: &str) -> Option<&'a Value> {
    body.as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
        .filter(|v| !v.is_null())
}

fn as_int(value: &Value) -> Option<i64> {
    value
        .as_i64()
        .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
}

fn create_ticket(state: &mut SimState, tenant: &Tenant, body: &Bytes) -> Response {
    let Ok(ticket) = serde_json::from_slice::<Value>(body) else {
        return errors(StatusCode::BAD_REQUEST, "The request is invalid.");
    };
    for required in ["companyID", "title", "status", "priority"] {
        if body_field(&ticket, required).is_none() {
            return errors(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("{required} is required"),
            );
        }
    }
    let title = body_field(&ticket, "title")
        .and_then(Value::as_str)
        .unwrap_or("");
    if title.len() > 255 {
        return errors(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Value exceeds the maximum length of 255 for title.",
        );
    }
    for name in [
        "status",
        "priority",
        "queueID",
        "source",
        "issueType",
        "subIssueType",
        "ticketType",
    ] {
        let Some(value) = body_field(&ticket, name) else {
            continue;
        };
        let wanted = as_int(value)
            .map(|v| v.to_string())
            .unwrap_or_else(|| value.to_string());
        let values = tenant.picklists.get(name).cloned().unwrap_or_default();
        match values.iter().find(|v| v.value == wanted) {
            None => {
                return errors(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("Picklist value [{wanted}] does not exist for {name}."),
                )
            }
            Some(v) if !v.is_active => {
                return errors(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("Picklist value [{wanted}] is inactive for {name}."),
                )
            }
            Some(_) => {}
        }
    }
    let company = body_field(&ticket, "companyID").and_then(as_int);
    let companies = state
        .data
        .get(&(tenant.id.clone(), "companies".into()))
        .cloned()
        .unwrap_or_default();
    if !companies
        .iter()
        .any(|c| c.get("id").and_then(Value::as_i64) == company)
    {
        return errors(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Value does not reference an existing entity for companyID . ",
        );
    }
    let category = match body_field(&ticket, "ticketCategory") {
        Some(v) => {
            let id = as_int(v);
            match tenant
                .ticket_categories
                .iter()
                .find(|c| Some(c.id) == id && c.is_active)
            {
                Some(c) => Some(c.clone()),
                None => {
                    return errors(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "Value does not reference an existing entity for ticketCategory . ",
                    )
                }
            }
        }
        None => tenant
            .ticket_categories
            .iter()
            .find(|c| c.is_global_default)
            .cloned(),
    };
    if category.as_ref().is_some_and(|c| c.requires_queue)
        && body_field(&ticket, "queueID").is_none()
    {
        return errors(StatusCode::INTERNAL_SERVER_ERROR, "queueID is required");
    }
    let id = state.next_id();
    let mut stored = ticket.as_object().cloned().unwrap_or_default();
    stored.insert("id".into(), json!(id));
    stored.insert("ticketNumber".into(), json!(format!("T20261122.{id:04}")));
    if let Some(c) = category {
        stored.insert("ticketCategory".into(), json!(c.id));
    }
    state
        .data
        .entry((tenant.id.clone(), "tickets".into()))
        .or_default()
        .push(Value::Object(stored));
    json_response(StatusCode::OK, json!({ "itemId": id }))
}

fn create_note(state: &mut SimState, tenant: &Tenant, ticket_id: &str, body: &Bytes) -> Response {
    let ticket_id: Option<i64> = ticket_id.parse().ok();
    let exists = state
        .data
        .get(&(tenant.id.clone(), "tickets".into()))
        .is_some_and(|t| {
            t.iter()
                .any(|t| t.get("id").and_then(Value::as_i64) == ticket_id)
        });
    if !exists {
        return errors(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Value does not reference an existing entity for ticketID . ",
        );
    }
    let Ok(note) = serde_json::from_slice::<Value>(body) else {
        return errors(StatusCode::BAD_REQUEST, "The request is invalid.");
    };
    for required in ["description", "noteType", "publish"] {
        if body_field(&note, required).is_none() {
            return errors(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("{required} is required"),
            );
        }
    }
    let id = state.next_id();
    let mut stored = note.as_object().cloned().unwrap_or_default();
    stored.insert("id".into(), json!(id));
    stored.insert("ticketID".into(), json!(ticket_id));
    state
        .data
        .entry((tenant.id.clone(), "ticketnotes".into()))
        .or_default()
        .push(Value::Object(stored));
    json_response(StatusCode::OK, json!({ "itemId": id }))
}
