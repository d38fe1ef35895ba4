//! Reading Autotask's answers into choice lists: the Ticket field picklists and the ticket
//! categories, sorted the way Autotask shows them.

use serde_json::Value;

use super::by_default::ByDefault;
use super::fields::ListSource;
use super::model::{Choice, ChoiceList, TicketOptions};

/// Picklist values are strings on the wire, though some fixtures write ints: accept both.
pub(super) fn as_id(value: &Value) -> Option<i64> {
    value
        .as_i64()
        .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
}

/// A flag as `true`/`false` or `"true"`/`"false"`; absent or `null` reads as `default`.
fn flag(item: &Value, key: &str, default: bool) -> bool {
    match item.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => true,
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => false,
        _ => default,
    }
}

/// A label as a string, or a number written where a string was expected.
fn label_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// One picklist value: its sort order, the choice, and whether it is active. `None` (with a
/// warning) for a value without a usable id or label; the rest of the list stays.
fn picklist_value(name: &str, item: &Value) -> Option<(i64, Choice, bool)> {
    let id = item.get("value").and_then(as_id);
    let label = label_of(item.get("label"));
    let (Some(id), Some(label)) = (id, label) else {
        tracing::warn!(picklist = name, value = %item, "picklist value skipped: no usable value or label");
        return None;
    };
    let sort_order = item.get("sortOrder").and_then(as_id).unwrap_or(0);
    let choice = Choice {
        id,
        label,
        is_default: flag(item, "isDefaultValue", false),
    };
    Some((sort_order, choice, flag(item, "isActive", true)))
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

/// The named Ticket field's picklist, read value by value.
pub fn picklist(fields: &Value, name: &str) -> ChoiceList {
    let field = fields
        .get("fields")
        .and_then(Value::as_array)
        .and_then(|fields| {
            fields.iter().find(|f| {
                f.get("name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
        });
    let values = match field.and_then(|f| f.get("picklistValues")) {
        Some(Value::Array(values)) => values.as_slice(),
        Some(other) if !other.is_null() => {
            tracing::warn!(picklist = name, "picklist values are not a list; none used");
            &[]
        }
        _ => &[],
    };
    split(
        values
            .iter()
            .filter_map(|v| picklist_value(name, v))
            .collect(),
    )
}

/// One ticket category as a choice; `None` (with a warning) without a usable id.
fn category(item: &Value) -> Option<(i64, Choice, bool)> {
    let Some(id) = item.get("id").and_then(as_id) else {
        tracing::warn!(category = %item, "ticket category skipped: no usable id");
        return None;
    };
    let choice = Choice {
        id,
        label: label_of(item.get("name")).unwrap_or_default(),
        is_default: flag(item, "isGlobalDefault", false),
    };
    Some((0, choice, flag(item, "isActive", true)))
}

fn items(query: &Value) -> &[Value] {
    query
        .get("items")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

pub fn categories(query: &Value) -> ChoiceList {
    split(items(query).iter().filter_map(category).collect())
}

/// The first active category (in list order) that has `flag` set.
fn active_category_with(query: &Value, list: &ChoiceList, key: &str) -> Option<i64> {
    let flagged: Vec<i64> = items(query)
        .iter()
        .filter(|c| flag(c, key, false))
        .filter_map(|c| c.get("id").and_then(as_id))
        .collect();
    list.choices
        .iter()
        .map(|c| c.id)
        .find(|id| flagged.contains(id))
}

pub fn options_from(fields: &Value, category_items: &Value) -> TicketOptions {
    let categories = categories(category_items);
    TicketOptions {
        suggested_category: active_category_with(category_items, &categories, "isApiOnly"),
        default_category: active_category_with(category_items, &categories, "isGlobalDefault"),
        lists: ByDefault::from_fn(|spec| match spec.source {
            ListSource::Picklist(name) => picklist(fields, name),
            ListSource::Categories => categories.clone(),
        }),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use crate::autotask::ticket_defaults::DefaultField;
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
        let labels: Vec<_> = options.lists[DefaultField::Status]
            .choices
            .iter()
            .map(|c| c.label.as_str())
            .collect();
        assert_eq!(labels, ["New", "Complete"]);
        assert_eq!(options.lists[DefaultField::Status].inactive[0].id, 12);
        let queues: Vec<_> = options.lists[DefaultField::Queue]
            .choices
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(queues, [29682833, 29682834]);
        let categories: Vec<_> = options.lists[DefaultField::Category]
            .choices
            .iter()
            .map(|c| (c.label.as_str(), c.is_default))
            .collect();
        assert_eq!(categories, [("Incident", false), ("Standard", true)]);
        assert_eq!(options.lists[DefaultField::Category].inactive.len(), 1);
    }

    #[test]
    fn one_odd_picklist_value_is_skipped_not_the_whole_list() {
        let fields = json!({"fields": [
            {"name": "priority", "picklistValues": [
                null,
                {"value": null, "label": "No value"},
                {"value": "4", "label": null},
                {"value": "x", "label": "Not a number"},
                {"value": 2, "label": "Medium", "sortOrder": "3", "isDefaultValue": null, "isActive": null},
                {"value": "1", "label": 1, "sortOrder": 1, "isActive": "true"},
                {"value": "3", "label": "Low", "sortOrder": 4, "isDefaultValue": true, "isActive": true, "isSystem": null}
            ]}
        ]});
        let list = picklist(&fields, "priority");
        let choices: Vec<_> = list
            .choices
            .iter()
            .map(|c| (c.id, c.label.as_str(), c.is_default))
            .collect();
        assert_eq!(
            choices,
            [(1, "1", false), (2, "Medium", false), (3, "Low", true)]
        );
        assert!(list.inactive.is_empty());
        let not_a_list =
            json!({"fields": [{"name": "priority", "picklistValues": {"value": "1"}}]});
        assert_eq!(picklist(&not_a_list, "priority"), ChoiceList::default());
    }

    #[test]
    fn the_api_only_and_global_default_categories_are_offered_when_active() {
        let cats = json!({"items": [
            {"id": 9, "name": "Old RMM", "isActive": false, "isApiOnly": true},
            {"id": 2, "name": "Datto RMM Alert", "isActive": true, "isApiOnly": true},
            {"id": 3, "name": "Standard", "isActive": true, "isGlobalDefault": true},
            {"id": null, "name": "Broken"},
            {"id": 113, "name": "Incident", "isActive": true, "isApiOnly": null}
        ]});
        let options = options_from(&fields(), &cats);
        assert_eq!(options.suggested_category, Some(2));
        assert_eq!(options.default_category, Some(3));
        assert_eq!(options.lists[DefaultField::Category].choices.len(), 3);
        let none = options_from(
            &fields(),
            &json!({"items": [{"id": 3, "isGlobalDefault": true, "isActive": false}]}),
        );
        assert_eq!(
            (none.suggested_category, none.default_category),
            (None, None)
        );
    }
}
