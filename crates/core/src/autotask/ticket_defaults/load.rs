//! Loading the live lists from the tenant.

use serde_json::json;

use super::model::TicketOptions;
use super::parse::options_from;
use crate::autotask::{ApiError, AutotaskClient, Zone};
use crate::validation::Credentials;

/// Loads the four lists: two calls, in parallel.
pub async fn load_options(
    client: &AutotaskClient,
    zone: &Zone,
    creds: &Credentials,
) -> Result<TicketOptions, ApiError> {
    let categories_query = json!({"filter": [{"op": "gte", "field": "id", "value": 0}]});
    let (fields, category_items) = futures::join!(
        client.get(
            zone,
            creds,
            "Tickets/entityInformation/fields",
            "Tickets",
            "query"
        ),
        // Large tenants have more than one page (500) of categories: read them all.
        client.query_all(
            zone,
            creds,
            "TicketCategories",
            &categories_query,
            "Ticket Categories"
        ),
    );
    Ok(options_from(&fields?, &category_items?))
}
