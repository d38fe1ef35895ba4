//! `<Entity>/query`, `/query/count` and `/query/next`: filtering, the 500-record pages and the
//! envelope they come in (docs/autotask-api.md, "Queries and paging").

use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::entities::{deny, deny_naming, EntityCtx};
use super::errors::{errors, json_response, method_not_allowed};
use super::routes::Page;
use super::zone::zone_url;
use crate::fixture::Access;
use crate::query::{Query, PAGE_SIZE};
use crate::state::SimState;

/// A parsed query and the JSON it came from (a GET query's next-page URL carries it along).
struct Search {
    query: Query,
    text: Value,
}

/// `query`, `query/count` or `query/next`.
pub(super) fn query(state: &SimState, ctx: &EntityCtx, page_of: Page) -> Response {
    if ctx.access.query == Access::None {
        return deny(state, "query");
    }
    if let Some(named) = &ctx.access.refuse_query {
        return deny_naming(state, "query", Some(named));
    }
    let request = ctx.caller.request;
    // The real service: a POSTed query's next page must be POSTed with the original body; a
    // GET of it is ASP.NET's 405 (a GET query's next URL carries its `search=` and is GET).
    if page_of == Page::Next
        && request.method == Method::GET
        && request.query_param("search").is_none()
        && state.settings().next_page_needs_body
    {
        return method_not_allowed(&request.method);
    }
    let text = search_text(state, ctx, page_of);
    let search = match Query::parse(&text) {
        Ok(query) => Search { query, text },
        Err(message) => return errors(StatusCode::INTERNAL_SERVER_ERROR, message),
    };
    // Records of a Line of Business the user lacks are not there for it.
    let hidden = ctx.access.no_rows;
    let mut items: Vec<Value> = state
        .data
        .get(&(ctx.tenant.id.clone(), ctx.entity.to_lowercase()))
        .filter(|_| !hidden)
        .map(|items| {
            items
                .iter()
                .filter(|i| search.query.matches(i))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    items.sort_by_key(id_of);
    match page_of {
        Page::Count => json_response(StatusCode::OK, json!({ "queryCount": items.len() })),
        Page::First => page(state, ctx, &search, items, None),
        Page::Next => page(state, ctx, &search, items, cursor(ctx)),
    }
}

fn id_of(item: &Value) -> i64 {
    item.get("id").and_then(Value::as_i64).unwrap_or(0)
}

/// The query JSON: `?search=` for GET (and for a next page whose URL carries it when the
/// original-body rule is off), the body for POST; anything unparsable is `null`, which
/// `Query::parse` refuses (an empty POST of a next page is a 500, as on the real service).
fn search_text(state: &SimState, ctx: &EntityCtx, page_of: Page) -> Value {
    let request = ctx.caller.request;
    let from_url = request.method == Method::GET
        || (page_of == Page::Next
            && request.body.is_empty()
            && !state.settings().next_page_needs_body);
    if from_url {
        match request.query_param("search") {
            Some(s) => serde_json::from_str::<Value>(&s).unwrap_or(Value::Null),
            None => Value::Null,
        }
    } else {
        serde_json::from_slice::<Value>(&request.body).unwrap_or(Value::Null)
    }
}

/// The first id of the next page from the URL's `paging` cursor
/// (`{"pageSize":500,"previousIds":[-1],"nextIds":[725]}`, as Autotask writes it).
fn cursor(ctx: &EntityCtx) -> Option<i64> {
    ctx.caller
        .request
        .query_param("paging")
        .and_then(|p| serde_json::from_str::<Value>(&p).ok())
        .and_then(|p| p.get("nextIds")?.get(0)?.as_i64())
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

/// One page of `items` (sorted by id) from the id `from` on; the next page's URL has
/// Autotask's cursor (and, for a GET query, the `search=` it came with).
fn page(
    state: &SimState,
    ctx: &EntityCtx,
    search: &Search,
    items: Vec<Value>,
    from: Option<i64>,
) -> Response {
    let query = &search.query;
    let start = from.map_or(0, |id| items.partition_point(|i| id_of(i) < id));
    let rest = &items[start..];
    let page: Vec<Value> = rest
        .iter()
        .take(query.max_records)
        .map(|i| query.project(i))
        .collect();
    let next_url = format!(
        "{}V1.0/{}/query/next",
        zone_url(state, &ctx.tenant, ctx.caller.port),
        ctx.entity
    );
    // `maxRecords` caps the whole answer; only full pages of 500 have a next page.
    let next = rest.get(PAGE_SIZE).filter(|_| query.max_records == PAGE_SIZE).map(|first| {
        let previous = if start == 0 { -1 } else { id_of(&items[start]) };
        let paging = json!({"pageSize": PAGE_SIZE, "previousIds": [previous], "nextIds": [id_of(first)]});
        let mut url = url::Url::parse(&next_url).expect("zone url is valid");
        url.query_pairs_mut().append_pair("paging", &paging.to_string());
        let get_query = ctx.caller.request.method == Method::GET;
        if get_query || !state.settings().next_page_needs_body {
            url.query_pairs_mut().append_pair("search", &search.text.to_string());
        }
        url.to_string()
    });
    // Autotask fills prevPageUrl on later pages; clients ignore its content.
    let prev = (start > 0).then_some(next_url);
    envelope(page, prev, next)
}
