//! What can be wrong with the chosen defaults, typed; it reads as an `IpcError` (pointing at
//! the field at fault) only through `ToIpcError`.

use super::fields::DefaultField;
use crate::error::{ErrorCode, Field, IpcError, ToIpcError};

/// A field of the test ticket: a ticket default, or the due date Vectis sets itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketField {
    Default(DefaultField),
    /// `dueDateTime`: Vectis sets it on the test ticket; Autotask's rejection may name it.
    DueDate,
}

impl TicketField {
    /// The input field in the UI.
    pub fn field(self) -> Field {
        match self {
            Self::Default(d) => d.spec().input,
            Self::DueDate => Field::DueDate,
        }
    }
}

impl From<DefaultField> for TicketField {
    fn from(field: DefaultField) -> Self {
        Self::Default(field)
    }
}

impl std::fmt::Display for TicketField {
    /// As a sentence names it: "Choose a ticket category".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Default(d) => d.fmt(f),
            Self::DueDate => f.write_str("due date"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DefaultsError {
    /// Queue and category are required on every new ticket: Vectis's rule, not Autotask's.
    #[error("no {0} is chosen")]
    Missing(TicketField),
    /// Nothing is chosen for a required value of the test ticket, and Autotask's list offers
    /// no default (nor, for the status, an active "New").
    #[error("no {0} can be chosen for the test ticket")]
    NoDefault(TicketField),
    #[error("the {field} {label:?} ({id}) is inactive")]
    Inactive {
        field: TicketField,
        id: i64,
        label: String,
    },
    #[error("there is no {field} with ID {id}")]
    Unknown { field: TicketField, id: i64 },
    /// A saved value that was found (and named) when saved and is gone now.
    #[error("the saved {field} {label:?} ({id}) no longer exists")]
    Deleted {
        field: TicketField,
        id: i64,
        label: String,
    },
    /// Autotask's own validation refused the test ticket; `field` is the one its text names.
    #[error("Autotask refused the test ticket: {text}")]
    TicketRejected {
        text: String,
        field: Option<TicketField>,
    },
}

impl DefaultsError {
    pub fn ticket_field(&self) -> Option<TicketField> {
        match self {
            Self::Missing(field)
            | Self::NoDefault(field)
            | Self::Inactive { field, .. }
            | Self::Unknown { field, .. }
            | Self::Deleted { field, .. } => Some(*field),
            Self::TicketRejected { field, .. } => *field,
        }
    }

    /// The input field at fault, when known.
    pub fn field(&self) -> Option<Field> {
        self.ticket_field().map(TicketField::field)
    }
}

fn no_default_message(field: TicketField) -> String {
    let fallback = match field {
        TicketField::Default(d) => d.spec().fallback,
        TicketField::DueDate => None,
    };
    match fallback {
        // Status 1 is the system value "New".
        Some(id) => format!("Autotask marks no {field} as its default and {field} {id} \"New\" is not active, so Vectis cannot choose a {field} for the test ticket."),
        None => format!("Autotask marks no {field} as its default, so Vectis cannot choose one for the test ticket."),
    }
}

fn rejection_fix(field: Option<TicketField>) -> String {
    match field {
        Some(TicketField::DueDate) => "Vectis sends a due date one day ahead (UTC) on the test ticket. Check the due-date rules of the ticket category in Autotask, or choose another category.".into(),
        _ => "Pick a different value for the field named in the message, then send the test ticket again.".into(),
    }
}

impl ToIpcError for DefaultsError {
    fn to_ipc(&self) -> IpcError {
        let pick_active = |field: &TicketField| {
            format!("Pick an active {field} from the list. Rules can still override it per action.")
        };
        let (message, remediation) = match self {
            Self::Missing(field) => (
                format!("Choose a {field}: Vectis needs a queue and a ticket category for the tickets its rules create."),
                format!("Pick a {field} from the list, or type its numeric ID."),
            ),
            Self::NoDefault(field) => (
                no_default_message(*field),
                format!("Choose a {field} for the test ticket from the list."),
            ),
            Self::Inactive { field, id, label } => (
                format!("The {field} \"{label}\" ({id}) is inactive in Autotask."),
                pick_active(field),
            ),
            Self::Unknown { field, id } => (
                format!("There is no {field} with ID {id} in this Autotask tenant."),
                pick_active(field),
            ),
            Self::Deleted { field, id, label } => (
                format!("The saved {field} \"{label}\" ({id}) no longer exists in Autotask: it was deleted."),
                format!("Open Edit ticket defaults and {}", pick_active(field).to_lowercase()),
            ),
            Self::TicketRejected { text, field } => (
                format!("Autotask refused the test ticket: {text}"),
                rejection_fix(*field),
            ),
        };
        let mut e = IpcError::new(ErrorCode::InvalidInput, message, remediation);
        e.field = self.field();
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::autotask::ticket_defaults::DefaultField;

    #[test]
    fn each_error_points_at_its_own_field() {
        let cases = [
            (
                DefaultsError::Missing(TicketField::Default(DefaultField::Queue)),
                Some(Field::Queue),
            ),
            (
                DefaultsError::Missing(TicketField::Default(DefaultField::Category)),
                Some(Field::TicketCategory),
            ),
            (
                DefaultsError::Inactive {
                    field: TicketField::Default(DefaultField::Status),
                    id: 12,
                    label: "Escalated".into(),
                },
                Some(Field::Status),
            ),
            (
                DefaultsError::Unknown {
                    field: TicketField::Default(DefaultField::Priority),
                    id: 99,
                },
                Some(Field::Priority),
            ),
            (
                DefaultsError::TicketRejected {
                    text: "?".into(),
                    field: None,
                },
                None,
            ),
            (
                DefaultsError::TicketRejected {
                    text: "dueDateTime is required.".into(),
                    field: Some(TicketField::DueDate),
                },
                Some(Field::DueDate),
            ),
            (
                DefaultsError::NoDefault(TicketField::Default(DefaultField::Priority)),
                Some(Field::Priority),
            ),
        ];
        for (error, field) in cases {
            let ipc = error.to_ipc();
            assert_eq!(
                (ipc.code, ipc.field),
                (ErrorCode::InvalidInput, field),
                "{error:?}"
            );
        }
    }

    #[test]
    fn messages_name_the_field_the_value_and_the_fix() {
        let missing = DefaultsError::Missing(TicketField::Default(DefaultField::Category)).to_ipc();
        assert_eq!(
            missing.message,
            "Choose a ticket category: Vectis needs a queue and a ticket category for the tickets its rules create."
        );
        assert_eq!(
            missing.remediation,
            "Pick a ticket category from the list, or type its numeric ID."
        );
        let inactive = DefaultsError::Inactive {
            field: TicketField::Default(DefaultField::Queue),
            id: 7,
            label: "Old Helpdesk".into(),
        }
        .to_ipc();
        assert_eq!(
            inactive.message,
            "The queue \"Old Helpdesk\" (7) is inactive in Autotask."
        );
        assert_eq!(
            inactive.remediation,
            "Pick an active queue from the list. Rules can still override it per action."
        );
        let unknown = DefaultsError::Unknown {
            field: TicketField::Default(DefaultField::Priority),
            id: 99,
        };
        assert_eq!(
            unknown.to_ipc().message,
            "There is no priority with ID 99 in this Autotask tenant."
        );
    }

    #[test]
    fn the_required_queue_and_category_are_vectis_rule_not_autotask_rule() {
        for field in [
            TicketField::Default(DefaultField::Queue),
            TicketField::Default(DefaultField::Category),
        ] {
            let e = DefaultsError::Missing(field).to_ipc();
            assert!(
                e.message.contains(
                    "Vectis needs a queue and a ticket category for the tickets its rules create"
                ),
                "{}",
                e.message
            );
            assert!(!e.message.contains("Autotask requires"), "{}", e.message);
        }
    }

    #[test]
    fn no_default_and_due_date_rejections_say_what_to_do() {
        let status = DefaultsError::NoDefault(TicketField::Default(DefaultField::Status)).to_ipc();
        assert!(
            status.message.contains("\"New\" is not active"),
            "{}",
            status.message
        );
        assert_eq!(
            status.remediation,
            "Choose a status for the test ticket from the list."
        );
        let due = DefaultsError::TicketRejected {
            text: "dueDateTime is required.; on record number [0].".into(),
            field: Some(TicketField::DueDate),
        }
        .to_ipc();
        assert!(due.remediation.contains("due date"), "{}", due.remediation);
    }
}
