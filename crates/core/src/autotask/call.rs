//! Every Autotask call the app makes, each built in one place: its method and path, the entity
//! as Autotask names it, and the access it exercises (what a permission error names). Call sites
//! say *which* call (`Call::entity_information(Entity::Tickets)`), never strings that must agree.

use reqwest::Method;
use serde_json::{json, Value};

/// The Autotask entities the app touches: the path segment Autotask uses, and a label for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entity {
    Companies,
    Contracts,
    TicketCategories,
    TicketNotes,
    Tickets,
    TimeEntries,
    // Entities Vectis never touches: the Test only reads what the API user may do with them.
    BillingItems,
    ContractCharges,
    ExpenseReports,
    Invoices,
    Resources,
}

impl Entity {
    /// As Autotask names it in paths and in `entityInformation` (`TimeEntries`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Companies => "Companies",
            Self::Contracts => "Contracts",
            Self::TicketCategories => "TicketCategories",
            Self::TicketNotes => "TicketNotes",
            Self::Tickets => "Tickets",
            Self::TimeEntries => "TimeEntries",
            Self::BillingItems => "BillingItems",
            Self::ContractCharges => "ContractCharges",
            Self::ExpenseReports => "ExpenseReports",
            Self::Invoices => "Invoices",
            Self::Resources => "Resources",
        }
    }

    /// As an admin reads it in Autotask's security-level editor ("Time Entries").
    pub const fn label(self) -> &'static str {
        match self {
            Self::Companies => "Companies",
            Self::Contracts => "Contracts",
            Self::TicketCategories => "Ticket Categories",
            Self::TicketNotes => "Ticket Notes",
            Self::Tickets => "Tickets",
            Self::TimeEntries => "Time Entries",
            Self::BillingItems => "Billing Items",
            Self::ContractCharges => "Contract Charges",
            Self::ExpenseReports => "Expense Reports",
            Self::Invoices => "Invoices",
            Self::Resources => "Resources",
        }
    }
}

/// What a call does to its entity, as a permission error words it ("cannot query Contracts").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Query,
    Read,
    Create,
}

impl Access {
    pub const fn verb(self) -> &'static str {
        match self {
            Self::Query => "query",
            Self::Read => "read",
            Self::Create => "create",
        }
    }
}

/// One authenticated request, complete: the client adds only the zone and the credentials.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub method: Method,
    /// Below `V1.0/` on the zone's API URL.
    pub path: String,
    /// What a permission error names: an entity's label, or the resource for non-entities.
    pub subject: &'static str,
    pub access: Access,
    pub body: Option<Value>,
}

impl Call {
    fn get(path: String, subject: &'static str, access: Access) -> Self {
        Self {
            method: Method::GET,
            path,
            subject,
            access,
            body: None,
        }
    }

    fn post(path: String, subject: &'static str, access: Access, body: Value) -> Self {
        Self {
            method: Method::POST,
            path,
            subject,
            access,
            body: Some(body),
        }
    }

    /// The API version: the cheapest call that proves the credentials.
    pub fn version() -> Self {
        Self::get("Version".into(), "Version", Access::Query)
    }

    /// The API usage against the hourly limit.
    pub fn threshold_information() -> Self {
        Self::get(
            "ThresholdInformation".into(),
            "ThresholdInformation",
            Access::Query,
        )
    }

    /// What the API user may do with `entity` (`userAccessFor*`).
    pub fn entity_information(entity: Entity) -> Self {
        let path = format!("{}/entityInformation", entity.name());
        Self::get(path, entity.label(), Access::Query)
    }

    /// `entity`'s fields with their picklists.
    pub fn fields(entity: Entity) -> Self {
        let path = format!("{}/entityInformation/fields", entity.name());
        Self::get(path, entity.label(), Access::Query)
    }

    /// One record of `entity` by id (`{"item": …}`).
    pub fn read(entity: Entity, id: i64) -> Self {
        Self::get(
            format!("{}/{id}", entity.name()),
            entity.label(),
            Access::Read,
        )
    }

    /// A query with Autotask's filter body (`{"filter": […]}`).
    pub fn query(entity: Entity, body: Value) -> Self {
        let path = format!("{}/query", entity.name());
        Self::post(path, entity.label(), Access::Query, body)
    }

    /// The cheapest real read of `entity`: at most one record, only its id. Proves what
    /// `entityInformation` only claims (a read it calls "All" can still be refused).
    pub fn first_row(entity: Entity) -> Self {
        let body = json!({
            "filter": [{"op": "gte", "field": "id", "value": 0}],
            "maxRecords": 1,
            "includeFields": ["id"],
        });
        Self::query(entity, body)
    }

    /// The tenant's own company (id 0, always there) with its name: proves the Companies read
    /// and names the tenant in one request.
    pub fn own_company() -> Self {
        let body = json!({
            "filter": [{"op": "eq", "field": "id", "value": 0}],
            "maxRecords": 1,
            "includeFields": ["id", "companyName"],
        });
        Self::query(Entity::Companies, body)
    }

    /// Creates one record of `entity` (`{"itemId": …}`).
    pub fn create(entity: Entity, body: Value) -> Self {
        Self::post(entity.name().into(), entity.label(), Access::Create, body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_call_builds_its_path_from_the_entity_it_names() {
        let cases = [
            (Call::version(), "GET", "Version", "Version", "query"),
            (
                Call::entity_information(Entity::TimeEntries),
                "GET",
                "TimeEntries/entityInformation",
                "Time Entries",
                "query",
            ),
            (
                Call::fields(Entity::Tickets),
                "GET",
                "Tickets/entityInformation/fields",
                "Tickets",
                "query",
            ),
            (
                Call::query(Entity::TicketCategories, json!({})),
                "POST",
                "TicketCategories/query",
                "Ticket Categories",
                "query",
            ),
            (
                Call::create(Entity::Tickets, json!({})),
                "POST",
                "Tickets",
                "Tickets",
                "create",
            ),
            (
                Call::read(Entity::Companies, 0),
                "GET",
                "Companies/0",
                "Companies",
                "read",
            ),
        ];
        for (call, method, path, subject, verb) in cases {
            assert_eq!(
                (
                    call.method.as_str(),
                    call.path.as_str(),
                    call.subject,
                    call.access.verb()
                ),
                (method, path, subject, verb),
                "{call:?} is built from one entity, so its path and its name cannot disagree"
            );
        }
    }
}
