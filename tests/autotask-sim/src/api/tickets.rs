//! `POST Tickets` and `POST Tickets/{id}/Notes`, validated the way Autotask does it: 500s with
//! its messages (docs/autotask-api.md, "Creating a ticket").

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::entities::{deny, EntityCtx};
use super::errors::{json_response, ApiError};
use super::fields::TICKET_PICKLISTS;
use crate::fixture::{Access, DateStyle, Fixture, Tenant, TicketCategory};
use crate::state::SimState;

/// Fields `entityInformation/fields` marks required on a ticket.
const TICKET_REQUIRED: [&str; 4] = ["companyID", "title", "status", "priority"];
const NOTE_REQUIRED: [&str; 3] = ["description", "noteType", "publish"];
const TITLE_MAX: usize = 255;
/// Autotask's refusal of a ticket without `dueDateTime` when its category supplies none.
pub const DUE_DATE_REQUIRED: &str = "dueDateTime is required.; on record number [0].";

pub(super) fn create_ticket(state: &mut SimState, ctx: &EntityCtx) -> Response {
    if ctx.access.create == Access::None {
        return deny(state, "create");
    }
    let tenant = &ctx.tenant;
    match validate_ticket(state, tenant, &ctx.caller.request.body) {
        Ok((ticket, category)) => store_ticket(state, tenant, ticket, category),
        Err(refusal) => refusal.into_response(),
    }
}

pub(super) fn create_note(state: &mut SimState, ctx: &EntityCtx, ticket_id: i64) -> Response {
    if Fixture::access_for(ctx.caller.user, "TicketNotes").create == Access::None {
        return deny(state, "create");
    }
    match validate_note(state, &ctx.tenant, ticket_id, &ctx.caller.request.body) {
        Ok(note) => {
            let id = state.next_id();
            let mut stored = note.as_object().cloned().unwrap_or_default();
            stored.insert("id".into(), json!(id));
            stored.insert("ticketID".into(), json!(ticket_id));
            store(state, tenant_key(&ctx.tenant, "ticketnotes"), stored);
            json_response(StatusCode::OK, json!({ "itemId": id }))
        }
        Err(refusal) => refusal.into_response(),
    }
}

/// The checks in Autotask's order; gives the ticket and the category it ends up in.
fn validate_ticket(
    state: &SimState,
    tenant: &Tenant,
    body: &[u8],
) -> Result<(Value, Option<TicketCategory>), ApiError> {
    let ticket = serde_json::from_slice::<Value>(body).map_err(|_| ApiError::invalid_request())?;
    require(&ticket, &TICKET_REQUIRED)?;
    let title = body_field(&ticket, "title")
        .and_then(Value::as_str)
        .unwrap_or("");
    if title.len() > TITLE_MAX {
        return Err(ApiError::server(format!(
            "Value exceeds the maximum length of {TITLE_MAX} for title."
        )));
    }
    check_picklists(tenant, &ticket)?;
    let company = body_field(&ticket, "companyID").and_then(as_int);
    if !exists(state, tenant, "companies", company) {
        return Err(ApiError::server(
            "Value does not reference an existing entity for companyID . ",
        ));
    }
    let category = category_of(tenant, &ticket)?;
    // Some categories' rules want a queue; Autotask itself does not require one.
    if category.as_ref().is_some_and(|c| c.requires_queue)
        && body_field(&ticket, "queueID").is_none()
    {
        return Err(ApiError::server("queueID is required"));
    }
    // Autotask wants a due date unless the category gives tickets a default one.
    if !category.as_ref().is_some_and(|c| c.supplies_due_date)
        && body_field(&ticket, "dueDateTime").is_none()
    {
        return Err(ApiError::server(DUE_DATE_REQUIRED));
    }
    Ok((ticket, category))
}

fn validate_note(
    state: &SimState,
    tenant: &Tenant,
    ticket_id: i64,
    body: &[u8],
) -> Result<Value, ApiError> {
    if !exists(state, tenant, "tickets", Some(ticket_id)) {
        return Err(ApiError::server(
            "Value does not reference an existing entity for ticketID . ",
        ));
    }
    let note = serde_json::from_slice::<Value>(body).map_err(|_| ApiError::invalid_request())?;
    require(&note, &NOTE_REQUIRED)?;
    Ok(note)
}

fn require(body: &Value, fields: &[&str]) -> Result<(), ApiError> {
    match fields.iter().find(|f| body_field(body, f).is_none()) {
        Some(missing) => Err(ApiError::server(format!("{missing} is required"))),
        None => Ok(()),
    }
}

/// Picklist values must exist and be active; they may come as numbers or strings.
fn check_picklists(tenant: &Tenant, ticket: &Value) -> Result<(), ApiError> {
    for name in TICKET_PICKLISTS.iter().map(|p| p.name) {
        let Some(value) = body_field(ticket, name) else {
            continue;
        };
        let wanted = as_int(value)
            .map(|v| v.to_string())
            .unwrap_or_else(|| value.to_string());
        let values = tenant.picklists.get(name).cloned().unwrap_or_default();
        match values.iter().find(|v| v.value == wanted) {
            None => {
                return Err(ApiError::server(format!(
                    "Picklist value [{wanted}] does not exist for {name}."
                )))
            }
            Some(v) if !v.is_active => {
                return Err(ApiError::server(format!(
                    "Picklist value [{wanted}] is inactive for {name}."
                )))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// The named active category, or the global default when the ticket names none.
fn category_of(tenant: &Tenant, ticket: &Value) -> Result<Option<TicketCategory>, ApiError> {
    let categories = &tenant.ticket_categories;
    let Some(named) = body_field(ticket, "ticketCategory") else {
        return Ok(categories.iter().find(|c| c.is_global_default).cloned());
    };
    let id = as_int(named);
    match categories.iter().find(|c| Some(c.id) == id && c.is_active) {
        Some(c) => Ok(Some(c.clone())),
        None => Err(ApiError::server(
            "Value does not reference an existing entity for ticketCategory . ",
        )),
    }
}

fn store_ticket(
    state: &mut SimState,
    tenant: &Tenant,
    ticket: Value,
    category: Option<TicketCategory>,
) -> Response {
    let id = state.next_id();
    let mut stored = ticket.as_object().cloned().unwrap_or_default();
    stored.insert("id".into(), json!(id));
    stored.insert("ticketNumber".into(), json!(format!("T20261122.{id:04}")));
    stored.insert("createDate".into(), json!(now(state.settings().date_style)));
    if let Some(c) = category {
        stored.insert("ticketCategory".into(), json!(c.id));
    }
    store(state, tenant_key(tenant, "tickets"), stored);
    json_response(StatusCode::OK, json!({ "itemId": id }))
}

/// Now as the real service writes dates: with milliseconds and `Z`, or with no offset at all.
fn now(style: DateStyle) -> String {
    let t = time::OffsetDateTime::now_utc();
    let (date, clock) = (t.date(), t.time());
    let day = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        date.year(),
        u8::from(date.month()),
        date.day(),
        clock.hour(),
        clock.minute(),
        clock.second()
    );
    match style {
        DateStyle::Utc => format!("{day}.{:03}Z", clock.millisecond()),
        DateStyle::Unzoned => day,
    }
}

fn tenant_key(tenant: &Tenant, entity: &str) -> (String, String) {
    (tenant.id.clone(), entity.to_string())
}

fn store(state: &mut SimState, key: (String, String), record: serde_json::Map<String, Value>) {
    state
        .data
        .entry(key)
        .or_default()
        .push(Value::Object(record));
}

/// Whether the tenant has a record of `entity` (lower-cased) with this id.
fn exists(state: &SimState, tenant: &Tenant, entity: &str, id: Option<i64>) -> bool {
    state
        .data
        .get(&tenant_key(tenant, entity))
        .is_some_and(|items| {
            items
                .iter()
                .any(|i| i.get("id").and_then(Value::as_i64) == id)
        })
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
