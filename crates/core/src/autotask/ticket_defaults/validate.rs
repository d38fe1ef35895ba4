//! Checking a choice of defaults against the live lists (or, without them, for the required
//! fields only).

use super::error::{DefaultsError, TicketField};
use super::model::{ChoiceList, DefaultsReport, TicketDefaults, TicketOptions};
use crate::error::ToIpcError;

/// A checked choice: labels filled in from the live lists, and every problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultsCheck {
    pub defaults: TicketDefaults,
    pub errors: Vec<DefaultsError>,
}

impl DefaultsCheck {
    /// The checked choice, or the first problem (queue, category, status, priority).
    pub fn into_result(self) -> Result<TicketDefaults, DefaultsError> {
        match self.errors.into_iter().next() {
            Some(e) => Err(e),
            None => Ok(self.defaults),
        }
    }
}

impl From<DefaultsCheck> for DefaultsReport {
    fn from(check: DefaultsCheck) -> Self {
        Self {
            ok: check.errors.is_empty(),
            errors: check.errors.iter().map(ToIpcError::to_ipc).collect(),
            defaults: check.defaults,
        }
    }
}

/// Queue and category are required even when the live lists could not be loaded.
pub fn missing_required(defaults: &TicketDefaults) -> Option<DefaultsError> {
    if defaults.queue_id.is_none() {
        Some(DefaultsError::Missing(TicketField::Queue))
    } else if defaults.category_id.is_none() {
        Some(DefaultsError::Missing(TicketField::Category))
    } else {
        None
    }
}

/// The label of the chosen value, `None` when nothing optional was chosen.
fn check_one(
    id: Option<i64>,
    list: &ChoiceList,
    field: TicketField,
    required: bool,
) -> Result<Option<String>, DefaultsError> {
    let Some(id) = id else {
        return if required {
            Err(DefaultsError::Missing(field))
        } else {
            Ok(None)
        };
    };
    if let Some(choice) = list.choices.iter().find(|c| c.id == id) {
        return Ok(Some(choice.label.clone()));
    }
    Err(match list.inactive.iter().find(|c| c.id == id) {
        Some(c) => DefaultsError::Inactive {
            field,
            id,
            label: c.label.clone(),
        },
        None => DefaultsError::Unknown { field, id },
    })
}

/// Queue and category required, present and active; status and priority optional, valid when given.
pub fn check_defaults(defaults: &TicketDefaults, options: &TicketOptions) -> DefaultsCheck {
    let mut errors = Vec::new();
    let mut label = |id, list, field, required| {
        check_one(id, list, field, required).unwrap_or_else(|e| {
            errors.push(e);
            None
        })
    };
    let checked = TicketDefaults {
        queue_label: label(defaults.queue_id, &options.queues, TicketField::Queue, true),
        category_label: label(
            defaults.category_id,
            &options.categories,
            TicketField::Category,
            true,
        ),
        status_label: label(
            defaults.status_id,
            &options.statuses,
            TicketField::Status,
            false,
        ),
        priority_label: label(
            defaults.priority_id,
            &options.priorities,
            TicketField::Priority,
            false,
        ),
        ..defaults.clone()
    };
    DefaultsCheck {
        defaults: checked,
        errors,
    }
}

/// [`check_defaults`] as the UI shows it.
pub fn validate_defaults(defaults: &TicketDefaults, options: &TicketOptions) -> DefaultsReport {
    check_defaults(defaults, options).into()
}

#[cfg(test)]
mod tests {
    use super::super::parse::options_from;
    use super::super::parse::tests::{cats, fields};
    use super::*;
    use crate::error::Field;

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
    fn queue_then_category_are_required_without_lists() {
        let none = TicketDefaults::default();
        assert_eq!(missing_required(&none).unwrap().field(), Some(Field::Queue));
        let queue_only = TicketDefaults {
            queue_id: Some(1),
            ..Default::default()
        };
        assert_eq!(
            missing_required(&queue_only).unwrap().field(),
            Some(Field::TicketCategory)
        );
        let both = TicketDefaults {
            queue_id: Some(1),
            category_id: Some(2),
            ..Default::default()
        };
        assert!(missing_required(&both).is_none());
    }

    #[test]
    fn a_check_keeps_the_ids_fills_the_labels_and_fails_on_its_first_problem() {
        let options = options_from(&fields(), &cats());
        let choice = TicketDefaults {
            queue_id: Some(29682834),
            category_id: Some(113),
            status_id: Some(1),
            queue_label: Some("stale label".into()),
            ..Default::default()
        };
        let checked = check_defaults(&choice, &options).into_result().unwrap();
        assert_eq!(checked.queue_id, Some(29682834));
        assert_eq!(checked.queue_label.as_deref(), Some("Level II"));
        assert_eq!(checked.category_label.as_deref(), Some("Incident"));
        assert_eq!(checked.status_label.as_deref(), Some("New"));
        assert_eq!(checked.priority_label, None);

        let bad = TicketDefaults {
            status_id: Some(12),
            priority_id: Some(99),
            ..choice
        };
        assert_eq!(
            check_defaults(&bad, &options).into_result().unwrap_err(),
            DefaultsError::Inactive {
                field: TicketField::Status,
                id: 12,
                label: "Escalated".into()
            }
        );
    }
}
