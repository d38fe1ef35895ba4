//! The fixture: tenants, their picklists and data, and the API users that can sign in.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::demo::DemoRole;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fixture {
    #[serde(default)]
    pub settings: SimSettings,
    pub tenants: Vec<Tenant>,
    pub users: Vec<ApiUser>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SimSettings {
    /// Wrong secrets in a row before the API user is locked.
    pub lockout_after: u32,
    /// Concurrent requests allowed per (integration code, endpoint).
    pub thread_limit: usize,
    /// Status for a missing permission: 500 (what Autotask does) or 403 (what its docs say).
    pub permission_error_status: u16,
    /// Newer zones answer `V1.0/Version`; the 2020 API did not.
    pub has_version_endpoint: bool,
    /// `userAccessFor*` as `string` (None/All/Restricted, what peers see on the wire and the
    /// default) or `int` (0/1/2, what Autotask's help documents).
    pub access_wire_format: AccessWireFormat,
    /// Locked and inactive API users get an empty 401, like a wrong secret (no REST source shows
    /// anything else). `true` gives them 401s with explanatory `errors` bodies instead: the SOAP
    /// lock text and an invented inactive text.
    pub account_state_bodies: bool,
    /// `loopback`: zone URLs are `http://127.0.0.1:PORT/ATServicesRest/`, usable by any client.
    /// `autotask`: `http://webservicesN.autotask.net:PORT/ATServicesRest/`, for a client that
    /// maps `*.autotask.net` to this simulator (the app's custom-endpoint mode does).
    pub zone_host_style: ZoneHostStyle,
    /// Extra latency (ms) once a tenant has used 50% and 75% of its hourly threshold.
    pub threshold_latency_ms: [u64; 2],
    /// The zone answer's `url` after the host: `ATServicesRest/` (Autotask's own example),
    /// `atservicesrest/` or without the trailing slash; clients must accept each.
    pub zone_url_path: String,
    /// Permission refusals end "this entity type." unless this names an entity: the real
    /// service sometimes names another one than the call's ("…this entity projecttype").
    pub permission_error_entity: Option<String>,
    /// A POSTed query's `nextPageUrl` must be POSTed with the original body (GET 405, empty
    /// POST 500), as on the real service. `false`: the URL carries the search, either verb works.
    pub next_page_needs_body: bool,
    /// Whether picklists keep the `isDefaultValue` flags of the fixture; real lists may flag
    /// none (`false`).
    pub picklist_defaults: bool,
    /// Dates the simulator writes (`createDate` of a new ticket): `utc` ("…T16:01:23.604Z") or
    /// `unzoned` ("…T00:00:00", no offset); the real service sends both forms.
    pub date_style: DateStyle,
    /// `GET <Entity>/{id}` for an id that does not exist: `itemNull` (`200 {"item": null}`,
    /// what several live reports show), `emptyBody` (200 with nothing, also reported) or
    /// `notFound` (the 404 two READMEs claim).
    pub missing_record: MissingRecord,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MissingRecord {
    ItemNull,
    EmptyBody,
    NotFound,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DateStyle {
    Utc,
    Unzoned,
}

impl Default for SimSettings {
    fn default() -> Self {
        Self {
            lockout_after: 5,
            thread_limit: 3,
            permission_error_status: 500,
            has_version_endpoint: true,
            access_wire_format: AccessWireFormat::String,
            account_state_bodies: false,
            zone_host_style: ZoneHostStyle::Loopback,
            threshold_latency_ms: [500, 1000],
            zone_url_path: "ATServicesRest/".into(),
            permission_error_entity: None,
            next_page_needs_body: true,
            picklist_defaults: true,
            date_style: DateStyle::Utc,
            missing_record: MissingRecord::ItemNull,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AccessWireFormat {
    /// 0 / 1 / 2 (`"numbers"` is accepted too).
    #[serde(alias = "numbers")]
    Int,
    /// "None" / "All" / "Restricted" (`"names"` is accepted too).
    #[serde(alias = "names")]
    String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ZoneHostStyle {
    Loopback,
    Autotask,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tenant {
    pub id: String,
    pub zone_number: u32,
    pub zone_name: String,
    pub ci: i64,
    #[serde(default = "default_hourly_limit")]
    pub hourly_limit: u64,
    /// Defaults to `https://ww{zoneNumber}.autotask.net/`.
    #[serde(default)]
    pub web_url: Option<String>,
    #[serde(default)]
    pub companies: Vec<Value>,
    #[serde(default)]
    pub contracts: Vec<Value>,
    #[serde(default)]
    pub resources: Vec<Value>,
    #[serde(default)]
    pub tickets: Vec<Value>,
    #[serde(default)]
    pub time_entries: Vec<Value>,
    #[serde(default)]
    pub picklists: BTreeMap<String, Vec<PicklistValue>>,
    #[serde(default)]
    pub ticket_categories: Vec<TicketCategory>,
}

fn default_hourly_limit() -> u64 {
    10_000
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PicklistValue {
    pub value: String,
    pub label: String,
    #[serde(default)]
    pub is_default_value: bool,
    #[serde(default)]
    pub sort_order: i32,
    #[serde(default)]
    pub parent_value: String,
    #[serde(default = "yes")]
    pub is_active: bool,
    #[serde(default)]
    pub is_system: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TicketCategory {
    pub id: i64,
    pub name: String,
    #[serde(default)]
    pub nickname: String,
    #[serde(default = "yes")]
    pub is_active: bool,
    #[serde(default)]
    pub is_global_default: bool,
    #[serde(default)]
    pub is_api_only: bool,
    #[serde(default)]
    pub display_color_rgb: i64,
    /// Tickets in this category must name a queue ("queueID is required").
    #[serde(default)]
    pub requires_queue: bool,
    /// The category gives new tickets a default due date and time, so a ticket in it may come
    /// without `dueDateTime`; in any other category Autotask refuses such a ticket.
    #[serde(default)]
    pub supplies_due_date: bool,
    #[serde(default)]
    pub field_defaults: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Access {
    #[default]
    None,
    All,
    Restricted,
}

impl Access {
    pub fn wire(self, format: AccessWireFormat) -> Value {
        match (format, self) {
            (AccessWireFormat::Int, Access::None) => 0.into(),
            (AccessWireFormat::Int, Access::All) => 1.into(),
            (AccessWireFormat::Int, Access::Restricted) => 2.into(),
            (AccessWireFormat::String, a) => format!("{a:?}").into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub struct EntityAccess {
    pub query: Access,
    pub create: Access,
    pub update: Access,
    pub delete: Access,
    /// Queries are refused although `query` allows them, naming this entity in the refusal (the
    /// real service names another entity than the one called: `projecttype`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refuse_query: Option<String>,
    /// Queries answer no rows: the records belong to a Line of Business the user lacks.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub no_rows: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiUser {
    pub username: String,
    pub secret: String,
    pub tenant: String,
    pub integration_codes: Vec<String>,
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default)]
    pub locked: bool,
    /// Seconds after the user was added (simulator start or a control call) before the API
    /// knows it: new API users can take minutes to propagate.
    #[serde(default)]
    pub live_after_seconds: u64,
    /// Entity name (as in the URL, any case) to access; missing entities have no access.
    #[serde(default)]
    pub access: BTreeMap<String, EntityAccess>,
    /// Marks one of the documented demo users (see [`Fixture::demo_credentials`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demo: Option<DemoRole>,
}

#[derive(Debug, thiserror::Error)]
pub enum FixtureError {
    #[error("cannot read fixture {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("fixture {path} is not valid: {source}")]
    Parse {
        path: String,
        source: serde_json::Error,
    },
    #[error("fixture user {0} names an unknown tenant")]
    UnknownTenant(String),
    #[error("fixture marks more than one user \"demo\": {0:?}")]
    DuplicateDemo(DemoRole),
    #[error("fixture demo user {0} has no integration code")]
    DemoWithoutCode(String),
}

impl Fixture {
    pub fn load(path: &Path) -> Result<Self, FixtureError> {
        let text = std::fs::read_to_string(path).map_err(|source| FixtureError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let fixture: Fixture =
            serde_json::from_str(&text).map_err(|source| FixtureError::Parse {
                path: path.display().to_string(),
                source,
            })?;
        fixture.check()?;
        Ok(fixture)
    }

    /// The fixture that ships for demo mode and most tests.
    pub fn default_demo() -> Self {
        serde_json::from_str(include_str!("../fixtures/default.json"))
            .expect("the bundled default fixture parses")
    }

    pub fn check(&self) -> Result<(), FixtureError> {
        for user in &self.users {
            if !self.tenants.iter().any(|t| t.id == user.tenant) {
                return Err(FixtureError::UnknownTenant(user.username.clone()));
            }
            if user.demo.is_some() && user.integration_codes.is_empty() {
                return Err(FixtureError::DemoWithoutCode(user.username.clone()));
            }
        }
        for role in [DemoRole::Full, DemoRole::Limited] {
            if self.users.iter().filter(|u| u.demo == Some(role)).count() > 1 {
                return Err(FixtureError::DuplicateDemo(role));
            }
        }
        Ok(())
    }

    pub fn access_for(user: &ApiUser, entity: &str) -> EntityAccess {
        user.access
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(entity))
            .map(|(_, access)| access.clone())
            .unwrap_or_default()
    }
}
