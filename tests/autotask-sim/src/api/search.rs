//! `<Entity>/query`, `/query/count` and `/query/next`: filtering, the 500-record pages and the
//! envelope they come in (docs/autotask-api.md, "Queries and paging").

use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::entities::{deny, EntityCtx};
use super::errors::{errors, json_response};
use super::routes::Page;
use super::zone::zone_url;
use crate::fixture::Access;
use crate::query::{Query, PAGE_SIZE};
use crate::state::SimState;

/// A parsed query and the JSON it came from (next-page URLs carry it along).
struct Search {
    query: Query,
    text: Value,
}

/// `query`, `query/count` or `query/next`.
pub(super) fn query(state: &SimState, ctx: &EntityCtx, page_of: Page) -> Response {
    if ctx.access.query == Access::None {
        return deny(state, "query");
    }
    let text = search_text(ctx);
    let search = match Query::parse(&text) {
        Ok(query) => Search { query, text },
        Err(message) => return errors(StatusCode::INTERNAL_SERVER_ERROR, message),
    };
    let items: Vec<Value> = state
        .data
        .get(&(ctx.tenant.id.clone(), ctx.entity.to_lowercase()))
        .map(|items| {
            items
                .iter()
                .filter(|i| search.query.matches(i))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    match page_of {
        Page::Count => json_response(StatusCode::OK, json!({ "queryCount": items.len() })),
        Page::First => page(state, ctx, &search, items, 0),
        Page::Next => page(state, ctx, &search, items, next_offset(ctx)),
    }
}

/// The query JSON: `?search=` for GET, the body for POST; anything unparsable is `null`,
/// which `Query::parse` refuses.
fn search_text(ctx: &EntityCtx) -> Value {
    let request = ctx.caller.request;
    if request.method == Method::GET {
        match request.query_param("search") {
            Some(s) => serde_json::from_str::<Value>(&s).unwrap_or(Value::Null),
            None => Value::Null,
        }
    } else {
        serde_json::from_slice::<Value>(&request.body).unwrap_or(Value::Null)
    }
}

/// The offset in a next-page URL's `paging` JSON.
fn next_offset(ctx: &EntityCtx) -> usize {
    ctx.caller
        .request
        .query_param("paging")
        .and_then(|p| serde_json::from_str::<Value>(&p).ok())
        .and_then(|p| p.get("offset").and_then(Value::as_u64))
        .unwrap_or(0) as usize
}

/// The query envelope: `{"items": [...], "pageDetails": {...}}`.
pub(super) fn envelope(items: Vec<Value>, prev: Option<String>, next: Option<String>) -> Response {
    json_response(
        StatusCode::OK,
        json!({
            "items": items,
            "pageDetails": {"count": items.len(), "requestCount": PAGE_SIZE, "prevPageUrl": prev, "nextPageUrl": next}
        }),
    )
}

fn page(
    state: &SimState,
    ctx: &EntityCtx,
    search: &Search,
    mut items: Vec<Value>,
    offset: usize,
) -> Response {
    items.sort_by_key(|i| i.get("id").and_then(Value::as_i64).unwrap_or(0));
    let total = items.len();
    let query = &search.query;
    let page: Vec<Value> = items
        .iter()
        .skip(offset)
        .take(query.max_records)
        .map(|i| query.project(i))
        .collect();
    let next_url = format!(
        "{}V1.0/{}/query/next",
        zone_url(state, &ctx.tenant, ctx.caller.port),
        ctx.entity
    );
    // `maxRecords` caps the whole answer; only full pages of 500 have a next page.
    let next = (query.max_records == PAGE_SIZE && offset + PAGE_SIZE < total).then(|| {
        let paging = json!({"pageSize": PAGE_SIZE, "offset": offset + PAGE_SIZE}).to_string();
        let mut url = url::Url::parse(&next_url).expect("zone url is valid");
        url.query_pairs_mut()
            .append_pair("paging", &paging)
            .append_pair("search", &search.text.to_string());
        url.to_string()
    });
    // Autotask fills prevPageUrl on later pages; clients ignore its content.
    let prev = (offset > 0).then_some(next_url);
    envelope(page, prev, next)
}
