//! `entityInformation/fields`: field metadata, with the Ticket picklists the app reads
//! (docs/autotask-api.md, "Picklists and ticket fields").

use serde_json::{json, Value};

use crate::fixture::Tenant;
use crate::state::SimState;

/// A Ticket picklist field the app reads.
pub(super) struct PicklistField {
    pub name: &'static str,
    pub required: bool,
    /// `picklistParentValueField`: the field whose value filters this one's values.
    pub parent: &'static str,
}

/// The Ticket picklists, in the order both the fields call and ticket validation use.
pub(super) const TICKET_PICKLISTS: [PicklistField; 7] = [
    picklist("status", true, ""),
    picklist("priority", true, ""),
    picklist("queueID", false, ""),
    picklist("source", false, ""),
    picklist("issueType", false, ""),
    picklist("subIssueType", false, "IssueType"),
    picklist("ticketType", false, ""),
];

const fn picklist(name: &'static str, required: bool, parent: &'static str) -> PicklistField {
    PicklistField {
        name,
        required,
        parent,
    }
}

pub(super) fn fields_for(state: &SimState, tenant: &Tenant, entity: &str) -> Vec<Value> {
    if entity == "Tickets" {
        ticket_fields(tenant, state.settings().picklist_defaults)
    } else {
        inferred_fields(state, tenant, entity)
    }
}

fn field(name: &str, data_type: &str, required: bool, read_only: bool) -> Value {
    json!({
        "name": name, "dataType": data_type, "length": if data_type == "string" { 255 } else { 0 },
        "isRequired": required, "isReadOnly": read_only, "isQueryable": true,
        "isReference": name.ends_with("ID") && name != "id", "referenceEntityType": "",
        "isPickList": false, "picklistValues": null, "picklistParentValueField": "",
        "isSupportedWebhookField": false,
    })
}

/// Entities other than Tickets: `id` plus the fields of the first record, typed by its values.
fn inferred_fields(state: &SimState, tenant: &Tenant, entity: &str) -> Vec<Value> {
    let mut names: Vec<(String, &'static str)> = vec![("id".into(), "long")];
    if let Some(first) = state
        .data
        .get(&(tenant.id.clone(), entity.to_lowercase()))
        .and_then(|items| items.first())
        .and_then(Value::as_object)
    {
        for (k, v) in first {
            if k != "id" {
                let t = match v {
                    Value::Bool(_) => "boolean",
                    Value::Number(_) => "integer",
                    _ => "string",
                };
                names.push((k.clone(), t));
            }
        }
    }
    names
        .into_iter()
        .map(|(n, t)| field(&n, t, false, n == "id"))
        .collect()
}

/// Ticket fields: the four required on create, a few others, and the picklists with their
/// values as strings (as on the wire), inactive ones included; without `defaults`, no value is
/// flagged `isDefaultValue`.
fn ticket_fields(tenant: &Tenant, defaults: bool) -> Vec<Value> {
    let mut fields = vec![
        field("id", "long", true, true),
        field("companyID", "integer", true, false),
        field("title", "string", true, false),
        field("description", "string", false, false),
        field("dueDateTime", "datetime", false, false),
        field("ticketCategory", "integer", false, false),
        field("createDate", "datetime", false, true),
    ];
    for picklist in &TICKET_PICKLISTS {
        let mut values = tenant
            .picklists
            .get(picklist.name)
            .cloned()
            .unwrap_or_default();
        if !defaults {
            values.iter_mut().for_each(|v| v.is_default_value = false);
        }
        let mut f = field(picklist.name, "integer", picklist.required, false);
        f["isPickList"] = json!(true);
        f["isReference"] = json!(false);
        f["picklistValues"] = serde_json::to_value(values).unwrap_or(Value::Null);
        f["picklistParentValueField"] = json!(picklist.parent);
        fields.push(f);
    }
    fields
}
