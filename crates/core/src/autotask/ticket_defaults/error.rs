//! What can be wrong with the chosen defaults, typed; it reads as an `IpcError` (pointing at
//! the field at fault) only through `ToIpcError`.

use crate::error::{ErrorCode, Field, IpcError, ToIpcError};

/// The four ticket fields the admin chooses defaults for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketField {
    Queue,
    Category,
    Status,
    Priority,
}

impl TicketField {
    /// The input field in the UI.
    pub fn field(self) -> Field {
        match self {
            Self::Queue => Field::Queue,
            Self::Category => Field::TicketCategory,
            Self::Status => Field::Status,
            Self::Priority => Field::Priority,
        }
    }
}

impl std::fmt::Display for TicketField {
    /// As a sentence names it: "Choose a ticket category".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Queue => "queue",
            Self::Category => "ticket category",
            Self::Status => "status",
            Self::Priority => "priority",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DefaultsError {
    /// Queue and category are required on every new ticket.
    #[error("no {0} is chosen")]
    Missing(TicketField),
    #[error("the {field} {label:?} ({id}) is inactive")]
    Inactive {
        field: TicketField,
        id: i64,
        label: String,
    },
    #[error("there is no {field} with ID {id}")]
    Unknown { field: TicketField, id: i64 },
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
            Self::Missing(field) | Self::Inactive { field, .. } | Self::Unknown { field, .. } => {
                Some(*field)
            }
            Self::TicketRejected { field, .. } => *field,
        }
    }

    /// The input field at fault, when known.
    pub fn field(&self) -> Option<Field> {
        self.ticket_field().map(TicketField::field)
    }
}

impl ToIpcError for DefaultsError {
    fn to_ipc(&self) -> IpcError {
        let pick_active = |field: &TicketField| {
            format!("Pick an active {field} from the list. Rules can still override it per action.")
        };
        let (message, remediation) = match self {
            Self::Missing(field) => (
                format!("Choose a {field}: Autotask requires one on every new ticket."),
                format!("Pick a {field} from the list, or type its numeric ID."),
            ),
            Self::Inactive { field, id, label } => (
                format!("The {field} \"{label}\" ({id}) is inactive in Autotask."),
                pick_active(field),
            ),
            Self::Unknown { field, id } => (
                format!("There is no {field} with ID {id} in this Autotask tenant."),
                pick_active(field),
            ),
            Self::TicketRejected { text, .. } => (
                format!("Autotask refused the test ticket: {text}"),
                "Pick a different value for the field named in the message, then send the test ticket again.".into(),
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

    #[test]
    fn each_error_points_at_its_own_field() {
        let cases = [
            (
                DefaultsError::Missing(TicketField::Queue),
                Some(Field::Queue),
            ),
            (
                DefaultsError::Missing(TicketField::Category),
                Some(Field::TicketCategory),
            ),
            (
                DefaultsError::Inactive {
                    field: TicketField::Status,
                    id: 12,
                    label: "Escalated".into(),
                },
                Some(Field::Status),
            ),
            (
                DefaultsError::Unknown {
                    field: TicketField::Priority,
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
        let missing = DefaultsError::Missing(TicketField::Category).to_ipc();
        assert_eq!(
            missing.message,
            "Choose a ticket category: Autotask requires one on every new ticket."
        );
        assert_eq!(
            missing.remediation,
            "Pick a ticket category from the list, or type its numeric ID."
        );
        let inactive = DefaultsError::Inactive {
            field: TicketField::Queue,
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
            field: TicketField::Priority,
            id: 99,
        };
        assert_eq!(
            unknown.to_ipc().message,
            "There is no priority with ID 99 in this Autotask tenant."
        );
    }
}
