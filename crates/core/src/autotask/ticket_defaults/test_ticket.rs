//! The opt-in test ticket: one ticket with the chosen defaults, and Autotask's refusal of it
//! read as a problem with one of those defaults.

use serde_json::json;

use super::error::{DefaultsError, TicketField};
use super::model::{ChoiceList, TestTicket, TicketDefaults, TicketOptions};
use super::parse::as_id;
use crate::autotask::{ApiError, AutotaskClient, Zone};
use crate::validation::Credentials;

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

/// Autotask's validation message for a ticket, pointed at the field it names; `None` when the
/// failure is not a validation message (network, permissions, ...).
pub fn ticket_rejection(error: &ApiError) -> Option<DefaultsError> {
    let ApiError::Rejected { messages, .. } = error else {
        return None;
    };
    let text = messages.join(" ");
    let lower = text.to_ascii_lowercase();
    // A message can name several fields: the first of these words found wins.
    let field = [
        ("priority", TicketField::Priority),
        ("status", TicketField::Status),
        ("queue", TicketField::Queue),
        ("category", TicketField::Category),
    ]
    .into_iter()
    .find(|(word, _)| lower.contains(word))
    .map(|(_, field)| field);
    Some(DefaultsError::TicketRejected { text, field })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Field, ToIpcError};

    fn rejected(message: &str) -> ApiError {
        ApiError::Rejected {
            status: 500,
            messages: vec![message.into()],
        }
    }

    #[test]
    fn ticket_rejections_point_at_the_field() {
        let e = ticket_rejection(&rejected(
            "Picklist value [99] does not exist for priority.",
        ))
        .unwrap();
        assert_eq!(e.field(), Some(Field::Priority));
        assert!(e
            .to_ipc()
            .message
            .contains("Picklist value [99] does not exist for priority."));
    }

    #[test]
    fn the_first_field_named_wins_and_other_failures_are_not_rejections() {
        let field = |m: &str| ticket_rejection(&rejected(m)).unwrap().field();
        assert_eq!(
            field("Status 9 is not valid for queue 3."),
            Some(Field::Status)
        );
        assert_eq!(field("Queue 3 is inactive."), Some(Field::Queue));
        assert_eq!(
            field("Ticket category 5 is inactive."),
            Some(Field::TicketCategory)
        );
        assert_eq!(field("Something else went wrong."), None);
        assert_eq!(ticket_rejection(&ApiError::InvalidCredentials), None);
    }
}
