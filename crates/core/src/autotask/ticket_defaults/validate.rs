//! Checking a choice of defaults against the live lists (or, without them, for the required
//! fields only).

use super::error::{DefaultsError, TicketField};
use super::fields::{DefaultSpec, DEFAULT_FIELDS};
use super::model::{ChoiceList, DefaultsReport, TicketDefaults, TicketOptions};
use crate::error::ToIpcError;

/// A checked choice: labels filled in from the live lists, and every problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultsCheck {
    pub defaults: TicketDefaults,
    pub errors: Vec<DefaultsError>,
}

impl DefaultsCheck {
    /// The checked choice, or the first problem (in [`DEFAULT_FIELDS`] order).
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

/// The first required default not chosen; checked even when the live lists could not be loaded.
pub fn missing_required(defaults: &TicketDefaults) -> Option<DefaultsError> {
    DEFAULT_FIELDS
        .iter()
        .find(|spec| spec.required && defaults.id(spec.field).is_none())
        .map(|spec| DefaultsError::Missing(spec.field.into()))
}

/// The label of the chosen value, `None` when nothing optional was chosen.
fn check_one(
    id: Option<i64>,
    list: &ChoiceList,
    spec: &DefaultSpec,
) -> Result<Option<String>, DefaultsError> {
    let field = spec.field.into();
    let Some(id) = id else {
        return if spec.required {
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

/// Required defaults present and active; optional ones valid when given. Every problem, in
/// [`DEFAULT_FIELDS`] order.
pub fn check_defaults(defaults: &TicketDefaults, options: &TicketOptions) -> DefaultsCheck {
    let mut errors = Vec::new();
    let labels = defaults.ids.map(|spec, id| {
        check_one(*id, options.list(spec.field), spec).unwrap_or_else(|e| {
            errors.push(e);
            None
        })
    });
    DefaultsCheck {
        defaults: TicketDefaults {
            ids: defaults.ids,
            labels,
        },
        errors,
    }
}

/// The saved choice checked against lists that just loaded: labels from the lists, a saved
/// label kept where its ID is gone (so the problem can name what was deleted), and the first
/// problem. An ID saved unchecked (no label) that is not found was never there.
pub fn recheck_saved(
    saved: &TicketDefaults,
    options: &TicketOptions,
) -> (TicketDefaults, Option<DefaultsError>) {
    let check = check_defaults(saved, options);
    let labels = check
        .defaults
        .labels
        .map(|spec, label| label.clone().or_else(|| saved.labels[spec.field].clone()));
    let problem = check.errors.into_iter().next().map(|e| match e {
        DefaultsError::Unknown {
            field: field @ TicketField::Default(f),
            id,
        } => match saved.label(f) {
            Some(label) => DefaultsError::Deleted {
                field,
                id,
                label: label.to_string(),
            },
            None => DefaultsError::Unknown { field, id },
        },
        other => other,
    });
    let relabeled = TicketDefaults {
        ids: saved.ids,
        labels,
    };
    (relabeled, problem)
}

/// IDs saved while the lists could not be asked: a label is kept only where the ID is the one
/// checked and saved before; every other ID is "not checked" and carries no name (H3).
pub fn unchecked(defaults: &TicketDefaults, saved: Option<&TicketDefaults>) -> TicketDefaults {
    let labels = defaults.ids.map(|spec, id| {
        saved
            .filter(|s| id.is_some() && s.id(spec.field) == *id)
            .and_then(|s| s.labels[spec.field].clone())
    });
    TicketDefaults {
        ids: defaults.ids,
        labels,
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
    use crate::autotask::ticket_defaults::{DefaultField, TicketField};
    use crate::error::Field;

    #[test]
    fn queue_and_category_are_required_and_must_be_active() {
        let options = options_from(&fields(), &cats());
        let report = validate_defaults(&TicketDefaults::default(), &options);
        let fields: Vec<_> = report.errors.iter().map(|e| e.field.unwrap()).collect();
        assert_eq!(fields, [Field::Queue, Field::TicketCategory]);

        let choice = TicketDefaults::default()
            .with(DefaultField::Queue, 29682833)
            .with(DefaultField::Category, 3);
        let report = validate_defaults(&choice, &options);
        assert!(report.ok, "{:?}", report.errors);
        assert_eq!(report.defaults.label(DefaultField::Queue), Some("level I"));

        let stale = TicketDefaults::default()
            .with(DefaultField::Queue, 29682833)
            .with(DefaultField::Category, 5)
            .with(DefaultField::Status, 12)
            .with(DefaultField::Priority, 99);
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
        let queue_only = TicketDefaults::default().with(DefaultField::Queue, 1);
        assert_eq!(
            missing_required(&queue_only).unwrap().field(),
            Some(Field::TicketCategory)
        );
        let both = TicketDefaults::default()
            .with(DefaultField::Queue, 1)
            .with(DefaultField::Category, 2);
        assert!(missing_required(&both).is_none());
    }

    #[test]
    fn a_check_keeps_the_ids_fills_the_labels_and_fails_on_its_first_problem() {
        let options = options_from(&fields(), &cats());
        let choice = TicketDefaults::default()
            .with(DefaultField::Queue, 29682834)
            .with(DefaultField::Category, 113)
            .with(DefaultField::Status, 1)
            .with_label(DefaultField::Queue, "stale label");
        let checked = check_defaults(&choice, &options).into_result().unwrap();
        assert_eq!(checked.id(DefaultField::Queue), Some(29682834));
        assert_eq!(checked.label(DefaultField::Queue), Some("Level II"));
        assert_eq!(checked.label(DefaultField::Category), Some("Incident"));
        assert_eq!(checked.label(DefaultField::Status), Some("New"));
        assert_eq!(checked.label(DefaultField::Priority), None);

        let bad = choice
            .with(DefaultField::Status, 12)
            .with(DefaultField::Priority, 99);
        assert_eq!(
            check_defaults(&bad, &options).into_result().unwrap_err(),
            DefaultsError::Inactive {
                field: TicketField::Default(DefaultField::Status),
                id: 12,
                label: "Escalated".into()
            }
        );
    }

    #[test]
    fn a_recheck_names_what_was_deleted_and_what_was_never_found() {
        let opts = options_from(&fields(), &cats());
        let named = TicketDefaults::default()
            .with(DefaultField::Queue, 424242)
            .with_label(DefaultField::Queue, "Level II Support");
        let (kept, problem) = recheck_saved(&named, &opts);
        assert_eq!(kept.label(DefaultField::Queue), Some("Level II Support"));
        assert!(matches!(
            problem,
            Some(DefaultsError::Deleted { id: 424242, .. })
        ));
        let unnamed = TicketDefaults::default().with(DefaultField::Queue, 424242);
        let (_, problem) = recheck_saved(&unnamed, &opts);
        assert!(matches!(
            problem,
            Some(DefaultsError::Unknown { id: 424242, .. })
        ));
    }

    #[test]
    fn ids_saved_unchecked_keep_a_name_only_when_unchanged() {
        let saved = TicketDefaults::default()
            .with(DefaultField::Queue, 1)
            .with_label(DefaultField::Queue, "Q")
            .with(DefaultField::Category, 2)
            .with_label(DefaultField::Category, "C");
        let typed = saved.clone().with(DefaultField::Queue, 99);
        let typed = TicketDefaults {
            labels: saved.labels.clone(),
            ..typed
        };
        let kept = unchecked(&typed, Some(&saved));
        assert_eq!(kept.label(DefaultField::Queue), None);
        assert_eq!(kept.label(DefaultField::Category), Some("C"));
        assert_eq!(unchecked(&saved, None).label(DefaultField::Category), None);
    }
}
