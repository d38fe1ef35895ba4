//! Loading the live lists from the tenant.

use serde_json::json;

use super::model::TicketOptions;
use super::parse::options_from;
use crate::autotask::{ApiError, AutotaskClient, Call, Entity, Zone};
use crate::validation::Credentials;

/// Loads the four lists: two calls, in parallel.
pub async fn load_options(
    client: &AutotaskClient,
    zone: &Zone,
    creds: &Credentials,
) -> Result<TicketOptions, ApiError> {
    let categories_query = json!({"filter": [{"op": "gte", "field": "id", "value": 0}]});
    let fields = Call::fields(Entity::Tickets);
    let categories = Call::query(Entity::TicketCategories, categories_query);
    let (fields, category_items) = futures::join!(
        client.call(zone, creds, &fields),
        // Large tenants have more than one page (500) of categories: read them all.
        client.query_all(zone, creds, &categories),
    );
    Ok(options_from(&fields?, &category_items?))
}
