//! The entry point for every non-control request: log it, apply injected faults, and route it
//! to the unauthenticated calls, to a 404 / 405 for calls that do not exist, or through sign-in
//! and limits to the entity endpoints.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::errors::{json_response, method_not_allowed, not_found};
use super::request::ApiRequest;
use super::routes::{self, Miss, Route};
use super::{auth, entities, faults, limits, zone};
use crate::state::{FaultKind, RequestRecord};
use crate::Sim;

pub async fn handle(
    State(sim): State<Arc<Sim>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut request = ApiRequest::new(method, uri, headers, body);
    let (id, fault) = log_start(&sim, &mut request);
    let response = match fault {
        Some(kind) => {
            sleep(request.delay_ms).await;
            faults::respond(kind, &request.headers).await
        }
        None => route(&sim, &request).await,
    };
    log_end(&sim, id, &response);
    response
}

/// Logs the request and picks its fault; sets the latency it is to suffer.
fn log_start(sim: &Sim, request: &mut ApiRequest) -> (u64, Option<FaultKind>) {
    let mut state = sim.lock();
    let id = state.log.len() as u64 + 1;
    let started_ms = state.elapsed_ms();
    state.log.push(RequestRecord {
        id,
        method: request.method.to_string(),
        path: request.uri.path().to_string(),
        endpoint: request.endpoint.clone(),
        auth_headers: request.auth_headers_seen(),
        status: None,
        started_ms,
        ended_ms: None,
    });
    let jitter = state.faults.jitter_ms;
    let fault = state.take_fault(&request.lower_path);
    request.delay_ms =
        state.faults.latency_ms + state.jitter(jitter) + fault.as_ref().map_or(0, |f| f.latency_ms);
    (id, fault.and_then(|f| f.kind))
}

fn log_end(sim: &Sim, id: u64, response: &Response) {
    let mut state = sim.lock();
    let ended = state.elapsed_ms();
    if let Some(record) = state.log.iter_mut().find(|r| r.id == id) {
        record.status = Some(response.status().as_u16());
        record.ended_ms = Some(ended);
    }
}

async fn sleep(ms: u64) {
    tokio::time::sleep(Duration::from_millis(ms)).await;
}

async fn route(sim: &Arc<Sim>, request: &ApiRequest) -> Response {
    let segments = request.segments();
    if let ["atservicesrest", "v1.0", rest @ ..] = segments.as_slice() {
        if !rest.is_empty() && rest[0] != "zoneinformation" {
            // The route is known (or not) before anyone signs in: a 404 or 405 costs no sign-in,
            // no wrong-secret count and no thread.
            let resolved = routes::resolve(&sim.lock(), &request.method, rest);
            return match resolved {
                // Authenticated calls spend their latency while holding a thread.
                Ok(route) => authenticated(sim, request, route).await,
                Err(miss) => {
                    sleep(request.delay_ms).await;
                    miss_response(request, miss)
                }
            };
        }
    }
    sleep(request.delay_ms).await;
    let get = request.method == Method::GET;
    match segments.as_slice() {
        ["atservicesrest", "versioninformation"] if get => {
            json_response(StatusCode::OK, json!({ "apiVersions": ["V1.0", "V2.0"] }))
        }
        ["atservicesrest", "v1.0", "zoneinformation"] if get => {
            zone::zone_information(sim, request)
        }
        ["atservicesrest", "versioninformation"]
        | ["atservicesrest", "v1.0", "zoneinformation"] => method_not_allowed(&request.method),
        _ => not_found(request),
    }
}

fn miss_response(request: &ApiRequest, miss: Miss) -> Response {
    match miss {
        Miss::NotFound => not_found(request),
        Miss::NotAllowed => method_not_allowed(&request.method),
    }
}

/// Signs in, takes a thread and a place in the hourly count, waits out the latency, then
/// answers the call.
async fn authenticated(sim: &Arc<Sim>, request: &ApiRequest, route: Route) -> Response {
    let admitted = {
        let mut state = sim.lock();
        auth::sign_in(&mut state, request).and_then(|(user, code)| {
            let admission = limits::admit(sim, &mut state, &user.tenant, code, &request.endpoint)?;
            Ok((user, admission))
        })
    };
    let (user, admission) = match admitted {
        Ok(admitted) => admitted,
        Err(refusal) => return refusal.into_response(),
    };
    // Latency is spent while holding a thread, as a slow real request would.
    sleep(admission.delay_ms + request.delay_ms).await;
    // `state` is declared after `admission`, so it is released before the thread is given
    // back (which locks again).
    let mut state = sim.lock();
    let caller = entities::Caller {
        user: &user,
        request,
        port: sim.port(),
    };
    entities::call(&mut state, &caller, route)
}
