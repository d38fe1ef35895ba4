//! The Autotask REST surface (see `docs/autotask-api.md`): case-insensitive routing, sign-in,
//! the hourly threshold and thread limits, injected faults, and the entity endpoints the app
//! touches.
//!
//! A request goes `routing` (log, faults) → `routes` (does the call exist: 404 / 405 before any
//! sign-in) → `auth` (who is asking, on which zone host) → `limits` (may it run now) →
//! `entities` (what it asked for), with `search` and `tickets` for the bigger entity calls.

mod auth;
mod entities;
mod errors;
mod faults;
mod fields;
mod limits;
mod request;
mod routes;
mod routing;
mod search;
mod tickets;
mod zone;

pub use errors::{
    permission_error, INACTIVE_ERROR, INTEGRATION_CODE_ERROR, LOCKED_ERROR, ZONE_ERROR,
};
pub use routing::handle;
pub use tickets::DUE_DATE_REQUIRED;
