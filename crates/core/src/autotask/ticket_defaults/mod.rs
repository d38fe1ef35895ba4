//! Ticket defaults: the tenant's live lists (queues, categories, statuses, priorities), checking
//! a choice against them, and the opt-in test ticket.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

use super::{ApiError, AutotaskClient, Zone};
use crate::error::{ErrorCode, Field, IpcError};
use crate::validation::Credentials;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Choice {
    #[ts(type = "number")]
    pub id: i64,
    pub label: String,
    pub is_default: bool,
}

/// Active values to choose from, and inactive ones only to recognise stale saved values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChoiceList {
    pub choices: Vec<Choice>,
    pub inactive: Vec<Choice>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketOptions {
    pub queues: ChoiceList,
    pub categories: ChoiceList,
    pub statuses: ChoiceList,
    pub priorities: ChoiceList,
}

/// The admin's choice. Labels are the ones last seen, kept for display when offline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketDefaults {
    #[ts(type = "number | null")]
    pub queue_id: Option<i64>,
    #[ts(type = "number | null")]
    pub category_id: Option<i64>,
    #[ts(type = "number | null")]
    pub status_id: Option<i64>,
    #[ts(type = "number | null")]
    pub priority_id: Option<i64>,
    #[serde(default)]
    pub queue_label: Option<String>,
    #[serde(default)]
    pub category_label: Option<String>,
    #[serde(default)]
    pub status_label: Option<String>,
    #[serde(default)]
    pub priority_label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DefaultsReport {
    pub ok: bool,
    pub errors: Vec<IpcError>,
    /// The choice with labels filled in from the live lists.
    pub defaults: TicketDefaults,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TestTicket {
    #[ts(type = "number")]
    pub id: i64,
    pub url: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PicklistValue {
    value: Value,
    label: String,
    #[serde(default)]
    is_default_value: bool,
    #[serde(default)]
    sort_order: i64,
    #[serde(default = "yes")]
    is_active: bool,
}

fn yes() -> bool {
    true
}

/// Picklist values are strings on the wire, though some fixtures write ints: accept both.
fn as_id(value: &Value) -> Option<i64> {
    value
        .as_i64()
        .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
}

fn split(mut values: Vec<(i64, Choice, bool)>) -> ChoiceList {
    // Autotask lists picklists by sort order, then label.
    values.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.label.to_lowercase().cmp(&b.1.label.to_lowercase()))
    });
    let mut list = ChoiceList::default();
    for (_, choice, active) in values {
        if active {
            list.choices.push(choice);
        } else {
            list.inactive.push(choice);
        }
    }
    list
}

pub fn picklist(fields: &Value, name: &str) -> ChoiceList {
    let values = fields
        .get("fields")
        .and_then(Value::as_array)
        .and_then(|fields| {
            fields.iter().find(|f| {
                f.get("name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
        })
        .and_then(|f| f.get("picklistValues"))
        .and_then(|v| serde_json::from_value::<Vec<PicklistValue>>(v.clone()).ok())
        .unwrap_or_default();
    split(
        values
            .into_iter()
            .filter_map(|v| {
                let id = as_id(&v.value)?;
                Some((
                    v.sort_order,
                    Choice {
                        id,
                        label: v.label,
                        is_default: v.is_default_value,
                    },
                    v.is_active,
                ))
            })
            .collect(),
    )
}

pub fn categories(query: &Value) -> ChoiceList {
    let items = query
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    split(
        items
            .iter()
            .filter_map(|c| {
                let id = c.get("id").and_then(as_id)?;
                let label = c
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let active = c.get("isActive").and_then(Value::as_bool).unwrap_or(true);
                let is_default = c
                    .get("isGlobalDefault")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                Some((
                    0,
                    Choice {
                        id,
                        label,
                        is_default,
                    },
                    active,
                ))
            })
            .collect(),
    )
}

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
        client.post(
            zone,
            creds,
            "TicketCategories/query",
            &categories_query,
            "Ticket Categories",
            "query"
        ),
    );
    Ok(options_from(&fields?, &category_items?))
}

pub fn options_from(fields: &Value, category_items: &Value) -> TicketOptions {
    TicketOptions {
        queues: picklist(fields, "queueID"),
        categories: categories(category_items),
        statuses: picklist(fields, "status"),
        priorities: picklist(fields, "priority"),
    }
}

fn required_error(field: Field, name: &str) -> IpcError {
    IpcError::new(
        ErrorCode::InvalidInput,
        format!("Choose a {name}: Autotask requires one on every new ticket."),
        format!("Pick a {name} from the list, or type its numeric ID."),
    )
    .with_field(field)
}

/// Queue and category are required even when the live lists could not be loaded.
pub fn missing_required(defaults: &TicketDefaults) -> Option<IpcError> {
    if defaults.queue_id.is_none() {
        Some(required_error(Field::Queue, "queue"))
    } else if defaults.category_id.is_none() {
        Some(required_error(Field::TicketCategory, "ticket category"))
    } else {
        None
    }
}

fn check_one(
    id: Option<i64>,
    list: &ChoiceList,
    field: Field,
    name: &str,
    required: bool,
    errors: &mut Vec<IpcError>,
) -> Option<String> {
    let Some(id) = id else {
        if required {
            errors.push(required_error(field, name));
        }
        return None;
    };
    if let Some(choice) = list.choices.iter().find(|c| c.id == id) {
        return Some(choice.label.clone());
    }
    let message = match list.inactive.iter().find(|c| c.id == id) {
        Some(c) => format!("The {name} \"{}\" ({id}) is inactive in Autotask.", c.label),
        None => format!("There is no {name} with ID {id} in this Autotask tenant."),
    };
    errors.push(
        IpcError::new(
            ErrorCode::InvalidInput,
            message,
            format!("Pick an active {name} from the list. Rules can still override it per action."),
        )
        .with_field(field),
    );
    None
}

/// Queue and category required, present and active; status and priority optional, valid when given.
pub fn validate_defaults(defaults: &TicketDefaults, options: &TicketOptions) -> DefaultsReport {
    let mut errors = Vec::new();
    let mut checked = defaults.clone();
    checked.queue_label = check_one(
        defaults.queue_id,
        &options.queues,
        Field::Queue,
        "queue",
        true,
        &mut errors,
    );
    checked.category_label = check_one(
        defaults.category_id,
        &options.categories,
        Field::TicketCategory,
        "ticket category",
        true,
        &mut errors,
    );
    checked.status_label = check_one(
        defaults.status_id,
        &options.statuses,
        Field::Status,
        "status",
        false,
        &mut errors,
    );
    checked.priority_label = check_one(
        defaults.priority_id,
        &options.priorities,
        Field::Priority,
        "priority",
        false,
        &mut errors,
    );
    DefaultsReport {
        ok: errors.is_empty(),
        errors,
        defaults: checked,
    }
}

fn default_of(list: &ChoiceList) -> Option<i64> {
    list.choices
        .iter()
        .find(|c| c.is_default)
        .or(list.choices.first())
        .map(|c| c.id)
}

/// Posts one ticket on the tenant's own company (id 0) with the chosen defaults.
pub async fn create_test_ticket(
    client: &AutotaskClient,
    zone: &Zone,
    creds: &Credentials,
    defaults: &TicketDefaults,
    options: &TicketOptions,
) -> Result<TestTicket, ApiError> {
    // Status and priority are required by Autotask; "Autotask default" means the picklist default.
    let ticket = json!({
        "companyID": 0,
        "title": "Vectis connection test (safe to close)",
        "description": "Created by Vectis Autotask Setup to confirm that the integration can create tickets with the chosen defaults.",
        "queueID": defaults.queue_id,
        "ticketCategory": defaults.category_id,
        "status": defaults.status_id.or_else(|| default_of(&options.statuses)),
        "priority": defaults.priority_id.or_else(|| default_of(&options.priorities)),
    });
    let created = client
        .post(zone, creds, "Tickets", &ticket, "Tickets", "create")
        .await?;
    let id = created
        .get("itemId")
        .and_then(as_id)
        .ok_or_else(|| ApiError::UnexpectedResponse {
            detail: "the new ticket's itemId is missing".into(),
        })?;
    let url = zone.web_url.as_ref().map(|web| {
        format!(
            "{}/Mvc/ServiceDesk/TicketDetail.mvc?workspace=False&mode=0&TicketID={id}",
            web.trim_end_matches('/')
        )
    });
    Ok(TestTicket { id, url })
}

/// Autotask's validation message for a ticket, pointed at the field it names.
pub fn ticket_rejection(error: &ApiError) -> Option<IpcError> {
    let ApiError::Rejected { messages, .. } = error else {
        return None;
    };
    let text = messages.join(" ");
    let lower = text.to_ascii_lowercase();
    let field = if lower.contains("priority") {
        Some(Field::Priority)
    } else if lower.contains("status") {
        Some(Field::Status)
    } else if lower.contains("queue") {
        Some(Field::Queue)
    } else if lower.contains("category") {
        Some(Field::TicketCategory)
    } else {
        None
    };
    let mut e = IpcError::new(
        ErrorCode::InvalidInput,
        format!("Autotask refused the test ticket: {text}"),
        "Pick a different value for the field named in the message, then send the test ticket again.",
    );
    e.field = field;
    Some(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Value {
        json!({"fields": [
            {"name": "status", "picklistValues": [
                {"value": "5", "label": "Complete", "sortOrder": 5, "isActive": true},
                {"value": "1", "label": "New", "sortOrder": 1, "isActive": true, "isDefaultValue": true},
                {"value": 12, "label": "Escalated", "sortOrder": 2, "isActive": false}
            ]},
            {"name": "queueID", "picklistValues": [
                {"value": "29682834", "label": "Level II", "sortOrder": 0, "isActive": true},
                {"value": "29682833", "label": "level I", "sortOrder": 0, "isActive": true}
            ]},
            {"name": "priority", "picklistValues": [{"value": "2", "label": "Medium", "sortOrder": 1, "isActive": true}]}
        ]})
    }

    fn cats() -> Value {
        json!({"items": [
            {"id": 113, "name": "Incident", "isActive": true, "isGlobalDefault": false},
            {"id": 3, "name": "Standard", "isActive": true, "isGlobalDefault": true},
            {"id": 5, "name": "Old", "isActive": false}
        ]})
    }

    #[test]
    fn lists_are_sorted_like_autotask_with_inactive_values_set_apart() {
        let options = options_from(&fields(), &cats());
        let labels: Vec<_> = options
            .statuses
            .choices
            .iter()
            .map(|c| c.label.as_str())
            .collect();
        assert_eq!(labels, ["New", "Complete"]);
        assert_eq!(options.statuses.inactive[0].id, 12);
        let queues: Vec<_> = options.queues.choices.iter().map(|c| c.id).collect();
        assert_eq!(queues, [29682833, 29682834]);
        let categories: Vec<_> = options
            .categories
            .choices
            .iter()
            .map(|c| (c.label.as_str(), c.is_default))
            .collect();
        assert_eq!(categories, [("Incident", false), ("Standard", true)]);
        assert_eq!(options.categories.inactive.len(), 1);
    }

    #[test]
    fn queue_and_category_are_required_and_must_be_active() {
        let options = options_from(&fields(), &cats());
        let report = validate_defaults(&TicketDefaults::default(), &options);
        let fields: Vec<_> = report.errors.iter().map(|e| e.field.unwrap()).collect();
        assert_eq!(fields, [Field::Queue, Field::TicketCategory]);

        let choice = TicketDefaults {
            queue_id: Some(29682833),
            category_id: Some(3),
            ..Default::default()
        };
        let report = validate_defaults(&choice, &options);
        assert!(report.ok, "{:?}", report.errors);
        assert_eq!(report.defaults.queue_label.as_deref(), Some("level I"));

        let stale = TicketDefaults {
            queue_id: Some(29682833),
            category_id: Some(5),
            status_id: Some(12),
            priority_id: Some(99),
            ..Default::default()
        };
        let report = validate_defaults(&stale, &options);
        let messages: Vec<_> = report.errors.iter().map(|e| e.message.as_str()).collect();
        assert!(messages[0].contains("inactive"), "{messages:?}");
        assert!(messages[1].contains("inactive"), "{messages:?}");
        assert!(
            messages[2].contains("no priority with ID 99"),
            "{messages:?}"
        );
    }

    #[test]
    fn ticket_rejections_point_at_the_field() {
        let e = ticket_rejection(&ApiError::Rejected {
            status: 500,
            messages: vec!["Picklist value [99] does not exist for priority.".into()],
        })
        .unwrap();
        assert_eq!(e.field, Some(Field::Priority));
        assert!(e
            .message
            .contains("Picklist value [99] does not exist for priority."));
    }
}

#[cfg(test)]
mod required_tests {
    use super::*;

    #[test]
    fn queue_then_category_are_required_without_lists() {
        let none = TicketDefaults::default();
        assert_eq!(missing_required(&none).unwrap().field, Some(Field::Queue));
        let queue_only = TicketDefaults {
            queue_id: Some(1),
            ..Default::default()
        };
        assert_eq!(
            missing_required(&queue_only).unwrap().field,
            Some(Field::TicketCategory)
        );
        let both = TicketDefaults {
            queue_id: Some(1),
            category_id: Some(2),
            ..Default::default()
        };
        assert!(missing_required(&both).is_none());
    }
}
