//! The Autotask REST client: zone lookup, authenticated calls, and a deterministic reading of
//! what the service's answers mean (one [`ApiError`] per answer).

mod answers;
mod call;
mod client;
pub mod connection_test;
pub mod endpoint;
mod error;
mod paging;
mod said;
pub mod ticket_defaults;
pub mod timeline;
pub mod tls;
mod zone_answer;

pub use answers::{classify, BodyText};
pub use call::{Access, Call, Entity};
pub use client::{AutotaskClient, ClientConfig, Zone, ZoneSource, MAX_RESPONSE_BYTES};
pub use endpoint::EndpointPolicy;
pub use error::{permission_fix, ApiError, Credential, REQUIRED_SECURITY_LEVEL};
pub use paging::{next_page, MAX_PAGES};
