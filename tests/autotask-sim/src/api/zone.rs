//! Zone lookup: which host serves a user's database (docs/autotask-api.md, "Zone lookup").

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use super::errors::{errors, json_response, ZONE_ERROR};
use super::request::ApiRequest;
use crate::fixture::{Tenant, ZoneHostStyle};
use crate::state::SimState;
use crate::Sim;

/// `GET v1.0/zoneInformation?user=`: unauthenticated; an unknown (or not yet propagated) user
/// is a 500 with the zone error.
pub(super) fn zone_information(sim: &Arc<Sim>, request: &ApiRequest) -> Response {
    let state = sim.lock();
    let user = request.query_param("user").unwrap_or_default();
    let Some(user) = state.live_user(&user) else {
        return errors(StatusCode::INTERNAL_SERVER_ERROR, ZONE_ERROR);
    };
    let Some(tenant) = state.tenant(&user.tenant) else {
        return errors(StatusCode::INTERNAL_SERVER_ERROR, ZONE_ERROR);
    };
    json_response(
        StatusCode::OK,
        json!({
            "zoneName": tenant.zone_name,
            "url": answered_zone_url(&state, tenant, sim.port()),
            "webUrl": web_url(tenant),
            "ci": tenant.ci,
        }),
    )
}

/// The tenant's API base, with the trailing slash the real `url` carries; it points back at
/// this simulator.
pub(super) fn zone_url(state: &SimState, tenant: &Tenant, port: u16) -> String {
    match state.settings().zone_host_style {
        ZoneHostStyle::Loopback => format!("http://127.0.0.1:{port}/ATServicesRest/"),
        ZoneHostStyle::Autotask => format!(
            "http://webservices{}.autotask.net:{port}/ATServicesRest/",
            tenant.zone_number
        ),
    }
}

/// The zone answer's `url`: [`zone_url`] with the path the settings ask for (case, slash).
fn answered_zone_url(state: &SimState, tenant: &Tenant, port: u16) -> String {
    let base = zone_url(state, tenant, port);
    let origin = base.trim_end_matches("ATServicesRest/");
    format!(
        "{origin}{}",
        state.settings().zone_url_path.trim_start_matches('/')
    )
}

/// The web UI host; its number follows the API host's.
fn web_url(tenant: &Tenant) -> String {
    tenant
        .web_url
        .clone()
        .unwrap_or_else(|| format!("https://ww{}.autotask.net/", tenant.zone_number))
}
