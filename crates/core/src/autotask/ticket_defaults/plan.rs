//! What the test ticket will be sent with, decided before anything is sent: the checked
//! queue and category, and for status and priority the chosen value, else the picklist's
//! flagged default, else (status only) the system value 1 "New" when it is active.

use super::error::{DefaultsError, TicketField};
use super::model::TicketOptions;
use super::model::{ChoiceList, PlanSource, PlannedValue, TestTicketPlan, TicketDefaults};
use super::validate::check_defaults;

/// The title says what the ticket is, for whoever finds it in a queue.
pub const TEST_TICKET_TITLE: &str = "Vectis test ticket \u{2014} safe to close";
/// The due date is set one day after sending (Autotask may require one; see `dueDateTime`).
pub const DUE_IN_HOURS: u32 = 24;
/// Autotask's system status "New".
const STATUS_NEW: i64 = 1;

fn chosen(id: Option<i64>, label: Option<String>) -> Option<PlannedValue> {
    id.map(|id| PlannedValue {
        id,
        label,
        source: PlanSource::Chosen,
    })
}

/// The chosen value, else the list's flagged default, else `fallback` when it is active.
fn pick(
    chosen_value: Option<PlannedValue>,
    list: &ChoiceList,
    field: TicketField,
    fallback: Option<i64>,
) -> Result<PlannedValue, DefaultsError> {
    if let Some(value) = chosen_value {
        return Ok(value);
    }
    let planned = |choice: &super::model::Choice, source| PlannedValue {
        id: choice.id,
        label: Some(choice.label.clone()),
        source,
    };
    if let Some(default) = list.choices.iter().find(|c| c.is_default) {
        return Ok(planned(default, PlanSource::AutotaskDefault));
    }
    fallback
        .and_then(|id| list.choices.iter().find(|c| c.id == id))
        .map(|c| planned(c, PlanSource::SystemNew))
        .ok_or(DefaultsError::NoDefault(field))
}

/// The test ticket's values, or the first problem with the choice (queue, category, status,
/// priority). Pure: the UI shows it before the admin sends the ticket.
pub fn test_ticket_plan(
    defaults: &TicketDefaults,
    options: &TicketOptions,
) -> Result<TestTicketPlan, DefaultsError> {
    let checked = check_defaults(defaults, options).into_result()?;
    let required = |value: Option<PlannedValue>, field| value.ok_or(DefaultsError::Missing(field));
    Ok(TestTicketPlan {
        title: TEST_TICKET_TITLE.into(),
        queue: required(
            chosen(checked.queue_id, checked.queue_label),
            TicketField::Queue,
        )?,
        category: required(
            chosen(checked.category_id, checked.category_label),
            TicketField::Category,
        )?,
        status: pick(
            chosen(checked.status_id, checked.status_label),
            &options.statuses,
            TicketField::Status,
            Some(STATUS_NEW),
        )?,
        priority: pick(
            chosen(checked.priority_id, checked.priority_label),
            &options.priorities,
            TicketField::Priority,
            None,
        )?,
        due_in_hours: DUE_IN_HOURS,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::parse::options_from;
    use super::super::parse::tests::{cats, fields};
    use super::*;
    use crate::error::Field;

    fn choice() -> TicketDefaults {
        TicketDefaults {
            queue_id: Some(29682833),
            category_id: Some(113),
            ..Default::default()
        }
    }

    fn options_with(status: serde_json::Value, priority: serde_json::Value) -> TicketOptions {
        let fields = json!({"fields": [
            {"name": "queueID", "picklistValues": [{"value": "29682833", "label": "Level I"}]},
            {"name": "status", "picklistValues": status},
            {"name": "priority", "picklistValues": priority}
        ]});
        options_from(&fields, &cats())
    }

    #[test]
    fn chosen_values_win_and_are_reported_with_their_labels() {
        let options = options_from(&fields(), &cats());
        let plan = test_ticket_plan(
            &TicketDefaults {
                status_id: Some(5),
                priority_id: Some(2),
                ..choice()
            },
            &options,
        )
        .unwrap();
        assert_eq!(plan.title, "Vectis test ticket — safe to close");
        assert_eq!(
            (plan.queue.id, plan.queue.label.as_deref()),
            (29682833, Some("level I"))
        );
        assert_eq!(plan.category.label.as_deref(), Some("Incident"));
        assert_eq!(
            plan.status,
            PlannedValue {
                id: 5,
                label: Some("Complete".into()),
                source: PlanSource::Chosen
            }
        );
        assert_eq!(plan.priority.source, PlanSource::Chosen);
        assert_eq!(plan.due_in_hours, 24);
    }

    #[test]
    fn without_a_choice_the_flagged_default_then_new_is_used() {
        let options = options_with(
            json!([{"value": "8", "label": "In Progress"}, {"value": "1", "label": "New", "isDefaultValue": true}]),
            json!([{"value": "4", "label": "P1"}, {"value": "2", "label": "Medium", "isDefaultValue": true}]),
        );
        let plan = test_ticket_plan(&choice(), &options).unwrap();
        assert_eq!(
            (plan.status.id, plan.status.source),
            (1, PlanSource::AutotaskDefault)
        );
        assert_eq!(
            (plan.priority.id, plan.priority.source),
            (2, PlanSource::AutotaskDefault)
        );

        let no_flags = options_with(
            json!([{"value": "8", "label": "In Progress"}, {"value": "1", "label": "New"}]),
            json!([{"value": "2", "label": "Medium", "isDefaultValue": true}]),
        );
        let plan = test_ticket_plan(&choice(), &no_flags).unwrap();
        assert_eq!(
            plan.status,
            PlannedValue {
                id: 1,
                label: Some("New".into()),
                source: PlanSource::SystemNew
            }
        );
    }

    #[test]
    fn when_nothing_can_be_chosen_the_error_names_the_field() {
        let inactive_new = options_with(
            json!([{"value": "8", "label": "In Progress"}, {"value": "1", "label": "New", "isActive": false}]),
            json!([{"value": "2", "label": "Medium", "isDefaultValue": true}]),
        );
        let e = test_ticket_plan(&choice(), &inactive_new).unwrap_err();
        assert_eq!(e, DefaultsError::NoDefault(TicketField::Status));
        assert_eq!(e.field(), Some(Field::Status));

        let no_priority_default = options_with(
            json!([{"value": "1", "label": "New"}]),
            json!([{"value": "4", "label": "P1"}, {"value": "1", "label": "High"}]),
        );
        let e = test_ticket_plan(&choice(), &no_priority_default).unwrap_err();
        assert_eq!(e, DefaultsError::NoDefault(TicketField::Priority));

        // A chosen value is still checked, and queue and category stay required.
        let options = options_from(&fields(), &cats());
        let stale = TicketDefaults {
            status_id: Some(12),
            ..choice()
        };
        assert!(matches!(
            test_ticket_plan(&stale, &options),
            Err(DefaultsError::Inactive {
                field: TicketField::Status,
                ..
            })
        ));
        assert_eq!(
            test_ticket_plan(&TicketDefaults::default(), &options).unwrap_err(),
            DefaultsError::Missing(TicketField::Queue)
        );
    }
}
