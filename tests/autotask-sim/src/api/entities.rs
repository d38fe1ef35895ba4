//! The signed-in calls: `Version`, `ThresholdInformation` and the entity endpoints, with the
//! permission check each one makes (docs/autotask-api.md, "Permissions").

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::errors::{errors, json_response, permission_error, ZONE_ERROR};
use super::request::ApiRequest;
use super::routes::{Action, Route};
use super::{fields, search, tickets};
use crate::fixture::{Access, ApiUser, EntityAccess, Fixture, MissingRecord, Tenant};
use crate::state::SimState;

/// Who is calling, and how.
pub(super) struct Caller<'a> {
    pub user: &'a ApiUser,
    pub request: &'a ApiRequest,
    /// The simulator's port, for the URLs it hands out.
    pub port: u16,
}

/// An entity call once the entity is known: the caller, their tenant and their access to it.
pub(super) struct EntityCtx<'a> {
    pub caller: &'a Caller<'a>,
    pub tenant: Tenant,
    /// Canonical spelling (`TicketNotes`), whatever case the URL used.
    pub entity: &'static str,
    pub access: EntityAccess,
}

/// Answers a signed-in call to a route [`super::routes::resolve`] found.
pub(super) fn call(state: &mut SimState, caller: &Caller, route: Route) -> Response {
    // Cloned so handlers can change the state while reading the tenant.
    let Some(tenant) = state.tenant(&caller.user.tenant).cloned() else {
        return errors(StatusCode::INTERNAL_SERVER_ERROR, ZONE_ERROR);
    };
    let (entity, action) = match route {
        Route::Version => return version(),
        Route::ThresholdInformation => return threshold_information(state, &tenant),
        Route::Entity(entity, action) => (entity, action),
    };
    let ctx = EntityCtx {
        caller,
        access: Fixture::access_for(caller.user, entity),
        tenant,
        entity,
    };
    dispatch(state, &ctx, action)
}

fn dispatch(state: &mut SimState, ctx: &EntityCtx, action: Action) -> Response {
    match action {
        Action::Info => entity_information(state, ctx),
        Action::Fields => json_response(
            StatusCode::OK,
            json!({ "fields": fields::fields_for(state, &ctx.tenant, ctx.entity) }),
        ),
        Action::UserDefinedFields => json_response(StatusCode::OK, json!({ "fields": [] })),
        Action::Query(page) => search::query(state, ctx, page),
        Action::CreateTicket => tickets::create_ticket(state, ctx),
        Action::CreateNote(id) => tickets::create_note(state, ctx, id),
        Action::FieldDefaults(id) => field_defaults(state, ctx, id),
        Action::Get(id) => get_by_id(state, ctx, id),
    }
}

/// The permission refusal: a 500 as Autotask sends it, or the 403 its docs promise when the
/// settings ask for that.
pub(super) fn deny(state: &SimState, verb: &str) -> Response {
    deny_naming(
        state,
        verb,
        state.settings().permission_error_entity.as_deref(),
    )
}

/// [`deny`] naming `entity` (the user's `refuseQuery`, or the settings' entity).
pub(super) fn deny_naming(state: &SimState, verb: &str, entity: Option<&str>) -> Response {
    let status = StatusCode::from_u16(state.settings().permission_error_status)
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    errors(status, permission_error(verb, entity))
}

/// `V1.0/Version` (only newer zones have the route; see [`super::routes::resolve`]).
fn version() -> Response {
    json_response(
        StatusCode::OK,
        json!({"majorVersion":"2026","minorVersion":"1","build":"26.1.12.0","customerType":"Production"}),
    )
}

/// `V1.0/ThresholdInformation`, counting this request itself.
fn threshold_information(state: &SimState, tenant: &Tenant) -> Response {
    json_response(
        StatusCode::OK,
        json!({
            "externalRequestThreshold": tenant.hourly_limit,
            "requestThresholdTimeframe": 60,
            "currentTimeframeRequestCount": state.hourly_count(&tenant.id),
        }),
    )
}

/// `can*` is what the API allows on the entity at all; `userAccessFor*` is the caller's
/// security level, as ints or names depending on the settings.
fn entity_information(state: &SimState, ctx: &EntityCtx) -> Response {
    let format = state.settings().access_wire_format;
    let (entity, access) = (ctx.entity, &ctx.access);
    let can_create = matches!(
        entity,
        "Tickets" | "TicketNotes" | "TimeEntries" | "Companies" | "Contracts"
    );
    json_response(
        StatusCode::OK,
        json!({"info": {
            "name": entity.trim_end_matches('s').replace("Entrie", "Entry").replace("Companie", "Company"),
            "canCreate": can_create,
            "canDelete": matches!(entity, "TicketNotes" | "TimeEntries" | "BillingItems" | "ContractCharges"),
            "canQuery": true,
            "canUpdate": true,
            "userAccessForCreate": access.create.wire(format),
            "userAccessForDelete": access.delete.wire(format),
            "userAccessForQuery": access.query.wire(format),
            "userAccessForUpdate": access.update.wire(format),
            "hasUserDefinedFields": matches!(entity, "Companies" | "Tickets" | "Contracts"),
            "supportsWebhookCallouts": matches!(entity, "Companies" | "Tickets" | "TicketNotes"),
        }}),
    )
}

/// `TicketCategories/{id}/FieldDefaults`: the category's defaults as a one-item collection.
fn field_defaults(state: &SimState, ctx: &EntityCtx, id: i64) -> Response {
    if ctx.access.query == Access::None {
        return deny(state, "query");
    }
    let items: Vec<Value> = ctx
        .tenant
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
    search::envelope(items, None, None)
}

fn get_by_id(state: &SimState, ctx: &EntityCtx, id: i64) -> Response {
    if ctx.access.query == Access::None {
        return deny(state, "query");
    }
    let item = state
        .data
        .get(&(ctx.tenant.id.clone(), ctx.entity.to_lowercase()))
        .and_then(|items| {
            items
                .iter()
                .find(|i| i.get("id").and_then(Value::as_i64) == Some(id))
        })
        .cloned();
    match (item, state.settings().missing_record) {
        (Some(item), _) => json_response(StatusCode::OK, json!({ "item": item })),
        // A miss is `200 {"item": null}` as live reports show it, or one of the other answers.
        (None, MissingRecord::ItemNull) => json_response(StatusCode::OK, json!({ "item": null })),
        (None, MissingRecord::EmptyBody) => StatusCode::OK.into_response(),
        (None, MissingRecord::NotFound) => {
            errors(StatusCode::NOT_FOUND, "No matching records found.")
        }
    }
}
