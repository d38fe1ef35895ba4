//! The control API under `/_sim/`: what tests and demo mode use to steer and inspect the
//! simulator. Everything else falls through to the Autotask surface in [`crate::api`].

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, patch, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::{api, ApiUser, DemoCredentials, DemoRole, Faults, RequestRecord, Sim, UserPatch};

pub fn router(sim: Arc<Sim>) -> Router {
    Router::new()
        .route("/_sim/reset", post(control_reset))
        .route(
            "/_sim/requests",
            get(control_requests).delete(control_clear_requests),
        )
        .route("/_sim/stats", get(control_stats))
        .route(
            "/_sim/faults",
            put(control_set_faults).delete(control_clear_faults),
        )
        .route("/_sim/users", post(control_upsert_user))
        .route("/_sim/users/{username}", patch(control_patch_user))
        .route("/_sim/settings", patch(control_patch_settings))
        .route("/_sim/tenants/{tenant}/zone", post(control_move_tenant))
        .route("/_sim/records/{tenant}/{entity}", get(control_records))
        .route("/_sim/demo-credentials", get(control_demo_credentials))
        .fallback(api::handle)
        .with_state(sim)
}

async fn control_reset(State(sim): State<Arc<Sim>>) -> StatusCode {
    sim.reset();
    StatusCode::NO_CONTENT
}

async fn control_requests(State(sim): State<Arc<Sim>>) -> Json<Vec<RequestRecord>> {
    Json(sim.requests())
}

async fn control_clear_requests(State(sim): State<Arc<Sim>>) -> StatusCode {
    sim.clear_requests();
    StatusCode::NO_CONTENT
}

async fn control_stats(State(sim): State<Arc<Sim>>) -> Json<Value> {
    Json(json!({ "maxInFlight": sim.max_in_flight() }))
}

async fn control_set_faults(State(sim): State<Arc<Sim>>, Json(faults): Json<Faults>) -> StatusCode {
    sim.set_faults(faults);
    StatusCode::NO_CONTENT
}

async fn control_clear_faults(State(sim): State<Arc<Sim>>) -> StatusCode {
    sim.set_faults(Faults::default());
    StatusCode::NO_CONTENT
}

async fn control_upsert_user(State(sim): State<Arc<Sim>>, Json(user): Json<ApiUser>) -> StatusCode {
    sim.upsert_user(user);
    StatusCode::NO_CONTENT
}

async fn control_patch_user(
    State(sim): State<Arc<Sim>>,
    Path(username): Path<String>,
    Json(patch): Json<UserPatch>,
) -> StatusCode {
    if sim.patch_user(&username, patch) {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::NOT_FOUND
    }
}

/// Body of `POST /_sim/tenants/{tenant}/zone`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ZoneMove {
    zone_number: u32,
    zone_name: String,
}

async fn control_move_tenant(
    State(sim): State<Arc<Sim>>,
    Path(tenant): Path<String>,
    Json(zone): Json<ZoneMove>,
) -> StatusCode {
    if sim.move_tenant(&tenant, zone.zone_number, &zone.zone_name) {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::NOT_FOUND
    }
}

async fn control_patch_settings(
    State(sim): State<Arc<Sim>>,
    Json(patch): Json<Value>,
) -> Result<StatusCode, (StatusCode, String)> {
    let mut state = sim.lock();
    let mut current = serde_json::to_value(&state.fixture.settings).map_err(bad_request)?;
    if let (Some(target), Some(changes)) = (current.as_object_mut(), patch.as_object()) {
        for (k, v) in changes {
            target.insert(k.clone(), v.clone());
        }
    }
    state.fixture.settings = serde_json::from_value(current).map_err(bad_request)?;
    Ok(StatusCode::NO_CONTENT)
}

async fn control_records(
    State(sim): State<Arc<Sim>>,
    Path((tenant, entity)): Path<(String, String)>,
) -> Json<Vec<Value>> {
    Json(sim.records(&tenant, &entity))
}

/// The full demo user's credentials as they stand now (a control call may have changed the
/// secret), so demo mode need not hard-code them; 404 when the fixture marks no demo user.
async fn control_demo_credentials(
    State(sim): State<Arc<Sim>>,
) -> Result<Json<DemoCredentials>, StatusCode> {
    sim.lock()
        .fixture
        .credentials_of(DemoRole::Full)
        .map(Json)
        .ok_or(StatusCode::NOT_FOUND)
}

fn bad_request(e: serde_json::Error) -> (StatusCode, String) {
    (StatusCode::BAD_REQUEST, e.to_string())
}
