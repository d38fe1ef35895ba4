//! The opt-in test ticket: one ticket sent with a plan decided beforehand (see `plan`), read
//! back for its number, and Autotask's refusal of it read as a problem with one of its fields.

use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

use super::error::{DefaultsError, TicketField};
use super::fields::{DefaultSpec, DEFAULT_FIELDS};
use super::model::{TestTicket, TestTicketPlan};
use super::parse::as_id;
use crate::autotask::{ApiError, AutotaskClient, Call, Entity, Zone};
use crate::links::check_link;
use crate::validation::Credentials;

/// `dueDateTime` for a ticket sent at `now`: `hours` later, in UTC, RFC 3339 to the second
/// (`2026-11-25T09:30:00Z`), as Autotask's ISO-8601 UTC times.
pub fn due_date_time(now: OffsetDateTime, hours: u32) -> String {
    let due = now.to_offset(time::UtcOffset::UTC) + Duration::hours(i64::from(hours));
    due.replace_nanosecond(0)
        .unwrap_or(due)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Autotask's documented link to a ticket, on the zone's web host (`webUrl`), only when that
/// host passes the same check as every link the app opens.
pub fn ticket_link(web_url: Option<&str>, ticket_id: i64) -> Option<String> {
    let mut url = check_link(web_url?)
        .ok()?
        .join("/Autotask/AutotaskExtend/ExecuteCommand.aspx")
        .ok()?;
    url.query_pairs_mut()
        .append_pair("Code", "OpenTicketDetail")
        .append_pair("TicketID", &ticket_id.to_string());
    check_link(url.as_str()).ok().map(String::from)
}

/// The ticket as Autotask receives it: on the tenant's own company (id 0).
fn ticket_body(plan: &TestTicketPlan, due: &str) -> Value {
    let mut body = json!({
        "companyID": 0,
        "title": plan.title,
        "description": "Created by Vectis Autotask Setup to confirm that the integration can create tickets with the chosen defaults. It is safe to close.",
        "dueDateTime": due,
    });
    for (spec, value) in plan.values.iter() {
        body[spec.autotask_field] = value.id.into();
    }
    body
}

/// The id in a create answer, `{"itemId": N}` (a number, or a string of one).
pub fn created_item_id(answer: &Value) -> Result<i64, ApiError> {
    answer
        .get("itemId")
        .and_then(as_id)
        .ok_or_else(|| ApiError::UnexpectedResponse {
            detail: "the new ticket's itemId is missing".into(),
        })
}

/// The number in a `Tickets/{id}` answer, `{"item": {"ticketNumber": "T20250930.0256"}}`;
/// `None` for a missing record (`{"item": null}`, an empty body) or an empty number.
pub fn ticket_number_of(answer: &Value) -> Option<String> {
    answer
        .get("item")
        .and_then(|item| item.get("ticketNumber"))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
}

/// The new ticket's number (`T20261124.0001`); `None` when it cannot be read back (the ticket
/// exists all the same and is named by its id).
async fn ticket_number(
    client: &AutotaskClient,
    zone: &Zone,
    creds: &Credentials,
    id: i64,
) -> Option<String> {
    match client
        .call(zone, creds, &Call::read(Entity::Tickets, id))
        .await
    {
        Ok(answer) => {
            let number = ticket_number_of(&answer);
            if number.is_none() {
                tracing::warn!(
                    "the test ticket {id} was created but its number was not in the answer"
                );
            }
            number
        }
        Err(e) => {
            tracing::warn!("the test ticket {id} was created but not read back: {e}");
            None
        }
    }
}

/// Sends one ticket with `plan` (see [`super::test_ticket_plan`]) and reads its number back.
pub async fn create_test_ticket(
    client: &AutotaskClient,
    zone: &Zone,
    creds: &Credentials,
    plan: &TestTicketPlan,
) -> Result<TestTicket, ApiError> {
    let due = due_date_time(OffsetDateTime::now_utc(), plan.due_in_hours);
    let create = Call::create(Entity::Tickets, ticket_body(plan, &due));
    let created = client.call(zone, creds, &create).await?;
    let id = created_item_id(&created)?;
    Ok(TestTicket {
        id,
        ticket_number: ticket_number(client, zone, creds, id).await,
        url: ticket_link(zone.web_url.as_deref(), id),
        plan: plan.clone(),
        due_date_time: due,
    })
}

/// Autotask's validation message for a ticket, pointed at the field it names; `None` when the
/// failure is not a validation message (network, permissions, ...).
pub fn ticket_rejection(error: &ApiError) -> Option<DefaultsError> {
    let ApiError::Rejected { messages, .. } = error else {
        return None;
    };
    let text = messages.join(" ");
    let lower = text.to_ascii_lowercase();
    // A message can name several fields: the due date wins (Vectis sets it, not the admin),
    // else the default named first, by its Autotask field name or its name in sentences.
    let due = ["duedatetime", "due date"]
        .iter()
        .any(|w| lower.contains(w))
        .then_some(TicketField::DueDate);
    let named_at = |spec: &DefaultSpec| {
        let word = spec.name.rsplit(' ').next().unwrap_or(spec.name);
        [spec.autotask_field, word]
            .iter()
            .filter_map(|w| lower.find(&w.to_ascii_lowercase()))
            .min()
    };
    let first_default = DEFAULT_FIELDS
        .iter()
        .filter_map(|spec| named_at(spec).map(|at| (at, spec.field)))
        .min_by_key(|(at, _)| *at)
        .map(|(_, field)| TicketField::from(field));
    let field = due.or(first_default);
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
        assert_eq!(
            ticket_rejection(&ApiError::InvalidCredentials {
                said: String::new()
            }),
            None
        );
    }

    #[test]
    fn due_date_rejections_point_at_the_due_date() {
        let e =
            ticket_rejection(&rejected("dueDateTime is required.; on record number [0].")).unwrap();
        assert_eq!(e.field(), Some(Field::DueDate));
    }

    #[test]
    fn the_due_date_is_a_day_ahead_in_utc_to_the_second() {
        let now = time::macros::datetime!(2026-11-24 23:30:15.123456 +02:00);
        assert_eq!(due_date_time(now, 24), "2026-11-25T21:30:15Z");
        let parsed = OffsetDateTime::parse(
            &due_date_time(OffsetDateTime::now_utc(), 24),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap();
        let ahead = parsed - OffsetDateTime::now_utc();
        assert!(
            ahead > Duration::hours(23) && ahead <= Duration::hours(24),
            "{ahead}"
        );
    }

    #[test]
    fn the_link_is_autotask_s_documented_one_on_a_checked_web_host_only() {
        assert_eq!(
            ticket_link(Some("https://ww15.autotask.net/"), 7).as_deref(),
            Some("https://ww15.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=7")
        );
        assert_eq!(
            ticket_link(Some("https://ww3.autotask.net/some/path?x=1"), 7).as_deref(),
            Some("https://ww3.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=7")
        );
        for bad in [
            "http://ww15.autotask.net/",
            "https://evil.example/",
            "https://ww15.autotask.net.evil.example/",
            "https://ww15.autotask.net:8443/",
            "not a url",
            "",
        ] {
            assert_eq!(ticket_link(Some(bad), 7), None, "{bad}");
        }
        assert_eq!(ticket_link(None, 7), None);
    }
}
