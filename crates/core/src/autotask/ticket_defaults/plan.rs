//! What the test ticket will be sent with, decided before anything is sent: the checked
//! required defaults, and for each optional one the chosen value, else the picklist's flagged
//! default, else its fallback (status: the system value 1 "New") when that is active.

use super::by_default::ByDefault;
use super::error::DefaultsError;
use super::fields::{DefaultSpec, DEFAULT_FIELDS};
use super::model::{Choice, ChoiceList, PlanSource, PlannedValue, TestTicketPlan};
use super::model::{TicketDefaults, TicketOptions};
use super::validate::check_defaults;

/// The title says what the ticket is, for whoever finds it in a queue.
pub const TEST_TICKET_TITLE: &str = "Vectis test ticket \u{2014} safe to close";
/// The due date is set one day after sending (Autotask may require one; see `dueDateTime`).
pub const DUE_IN_HOURS: u32 = 24;

/// The chosen value, else the list's flagged default, else the spec's fallback when it is
/// active; a required default must be chosen.
fn pick(
    spec: &DefaultSpec,
    checked: &TicketDefaults,
    list: &ChoiceList,
) -> Result<PlannedValue, DefaultsError> {
    if let Some(id) = checked.id(spec.field) {
        return Ok(PlannedValue {
            id,
            label: checked.label(spec.field).map(str::to_string),
            source: PlanSource::Chosen,
        });
    }
    if spec.required {
        return Err(DefaultsError::Missing(spec.field.into()));
    }
    let planned = |choice: &Choice, source| PlannedValue {
        id: choice.id,
        label: Some(choice.label.clone()),
        source,
    };
    if let Some(default) = list.choices.iter().find(|c| c.is_default) {
        return Ok(planned(default, PlanSource::AutotaskDefault));
    }
    spec.fallback
        .and_then(|id| list.choices.iter().find(|c| c.id == id))
        .map(|c| planned(c, PlanSource::SystemNew))
        .ok_or(DefaultsError::NoDefault(spec.field.into()))
}

/// The test ticket's values, or the first problem with the choice (in [`DEFAULT_FIELDS`]
/// order). Pure: the UI shows it before the admin sends the ticket.
pub fn test_ticket_plan(
    defaults: &TicketDefaults,
    options: &TicketOptions,
) -> Result<TestTicketPlan, DefaultsError> {
    let checked = check_defaults(defaults, options).into_result()?;
    let mut values = Vec::with_capacity(DEFAULT_FIELDS.len());
    for spec in &DEFAULT_FIELDS {
        values.push(pick(spec, &checked, options.list(spec.field))?);
    }
    let mut values = values.into_iter();
    Ok(TestTicketPlan {
        title: TEST_TICKET_TITLE.into(),
        values: ByDefault::from_fn(|_| values.next().expect("one value per default")),
        due_in_hours: DUE_IN_HOURS,
    })
}

#[cfg(test)]
mod tests {
    use crate::autotask::ticket_defaults::{DefaultField, TicketField};
    use serde_json::json;

    use super::super::parse::options_from;
    use super::super::parse::tests::{cats, fields};
    use super::*;
    use crate::error::Field;

    fn choice() -> TicketDefaults {
        TicketDefaults::default()
            .with(DefaultField::Queue, 29682833)
            .with(DefaultField::Category, 113)
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
            &choice()
                .with(DefaultField::Status, 5)
                .with(DefaultField::Priority, 2),
            &options,
        )
        .unwrap();
        assert_eq!(plan.title, "Vectis test ticket — safe to close");
        assert_eq!(
            (
                plan.values[DefaultField::Queue].id,
                plan.values[DefaultField::Queue].label.as_deref()
            ),
            (29682833, Some("level I"))
        );
        assert_eq!(
            plan.values[DefaultField::Category].label.as_deref(),
            Some("Incident")
        );
        assert_eq!(
            plan.values[DefaultField::Status],
            PlannedValue {
                id: 5,
                label: Some("Complete".into()),
                source: PlanSource::Chosen
            }
        );
        assert_eq!(
            plan.values[DefaultField::Priority].source,
            PlanSource::Chosen
        );
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
            (
                plan.values[DefaultField::Status].id,
                plan.values[DefaultField::Status].source
            ),
            (1, PlanSource::AutotaskDefault)
        );
        assert_eq!(
            (
                plan.values[DefaultField::Priority].id,
                plan.values[DefaultField::Priority].source
            ),
            (2, PlanSource::AutotaskDefault)
        );

        let no_flags = options_with(
            json!([{"value": "8", "label": "In Progress"}, {"value": "1", "label": "New"}]),
            json!([{"value": "2", "label": "Medium", "isDefaultValue": true}]),
        );
        let plan = test_ticket_plan(&choice(), &no_flags).unwrap();
        assert_eq!(
            plan.values[DefaultField::Status],
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
        assert_eq!(
            e,
            DefaultsError::NoDefault(TicketField::Default(DefaultField::Status))
        );
        assert_eq!(e.field(), Some(Field::Status));

        let no_priority_default = options_with(
            json!([{"value": "1", "label": "New"}]),
            json!([{"value": "4", "label": "P1"}, {"value": "1", "label": "High"}]),
        );
        let e = test_ticket_plan(&choice(), &no_priority_default).unwrap_err();
        assert_eq!(
            e,
            DefaultsError::NoDefault(TicketField::Default(DefaultField::Priority))
        );

        // A chosen value is still checked, and queue and category stay required.
        let options = options_from(&fields(), &cats());
        let stale = choice().with(DefaultField::Status, 12);
        assert!(matches!(
            test_ticket_plan(&stale, &options),
            Err(DefaultsError::Inactive {
                field: TicketField::Default(DefaultField::Status),
                ..
            })
        ));
        assert_eq!(
            test_ticket_plan(&TicketDefaults::default(), &options).unwrap_err(),
            DefaultsError::Missing(TicketField::Default(DefaultField::Queue))
        );
    }
}
