//! Reading Autotask's answers into choice lists: the Ticket field picklists and the ticket
//! categories, sorted the way Autotask shows them.

use serde::Deserialize;
use serde_json::Value;

use super::model::{Choice, ChoiceList, TicketOptions};

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
pub(super) fn as_id(value: &Value) -> Option<i64> {
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

pub fn options_from(fields: &Value, category_items: &Value) -> TicketOptions {
    TicketOptions {
        queues: picklist(fields, "queueID"),
        categories: categories(category_items),
        statuses: picklist(fields, "status"),
        priorities: picklist(fields, "priority"),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use serde_json::json;

    use super::*;

    pub(crate) fn fields() -> Value {
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

    pub(crate) fn cats() -> Value {
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
}
