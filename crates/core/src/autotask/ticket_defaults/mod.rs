//! Ticket defaults: the tenant's live lists, checking a choice against them, and the opt-in
//! test ticket. Which defaults there are is declared once, in `fields`.

mod by_default;
mod error;
mod fields;
mod load;
mod model;
mod parse;
mod plan;
mod test_ticket;
mod validate;

pub use by_default::{ByDefault, IdKey, KeyStyle, LabelKey, ListKey, PolicyKey, Slot, StemKey};
pub use error::{DefaultsError, TicketField};
pub use fields::{DefaultField, DefaultSpec, ListSource, DEFAULT_FIELDS};
pub use load::load_options;
pub use model::{
    Choice, ChoiceList, DefaultsReport, PlanSource, PlannedValue, TestTicket, TestTicketPlan,
    TicketDefaults, TicketOptions,
};
pub use parse::{categories, options_from, picklist};
pub use plan::{test_ticket_plan, DUE_IN_HOURS, TEST_TICKET_TITLE};
pub use test_ticket::{
    create_test_ticket, created_item_id, due_date_time, ticket_link, ticket_number_of,
    ticket_rejection,
};
pub use validate::{
    check_defaults, missing_required, recheck_saved, unchecked, validate_defaults, DefaultsCheck,
};
