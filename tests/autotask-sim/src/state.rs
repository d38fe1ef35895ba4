//! Mutable simulator state: users as they change at run time, data, counters, the request log
//! and the faults tests inject.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::fixture::{ApiUser, Fixture, SimSettings, Tenant};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct AuthHeadersSeen {
    pub api_integration_code: bool,
    pub user_name: bool,
    pub secret: bool,
}

impl AuthHeadersSeen {
    pub fn any(&self) -> bool {
        self.api_integration_code || self.user_name || self.secret
    }
}

/// One API request as tests see it. Header values are never recorded.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestRecord {
    pub id: u64,
    pub method: String,
    pub path: String,
    /// Lower-cased endpoint the thread limit counts against (`version`, `tickets`, ...).
    pub endpoint: String,
    pub auth_headers: AuthHeadersSeen,
    pub status: Option<u16>,
    pub started_ms: u64,
    pub ended_ms: Option<u64>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum FaultKind {
    /// Never answer (until the client gives up).
    Hang,
    /// Drop the connection mid-response.
    Reset,
    /// 200 with a body that is not JSON.
    MalformedJson,
    /// The HTML 503 page an edge proxy serves when the service is down.
    Html503,
    /// A 500 whose body is an HTML error page (IIS / ASP.NET), not JSON.
    Html500,
    /// A 500 whose body is .NET's plain text "Object reference not set to an instance of an
    /// object." (seen live when the service fails inside).
    PlainText500,
    /// A 500 whose error text repeats the `ApiIntegrationCode` header it was sent (a proxy or
    /// service that echoes a request), for tests that no credential reaches a person.
    EchoIntegrationCode500,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct FaultRule {
    /// Applies when the lower-cased path contains this; every path when empty.
    pub path_contains: String,
    pub kind: Option<FaultKind>,
    /// Extra latency for matching requests.
    pub latency_ms: u64,
    /// How many more requests it applies to; unlimited when absent.
    pub times: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Faults {
    /// Latency added to every API request (control calls excluded).
    pub latency_ms: u64,
    /// Up to this much more, uniformly.
    pub jitter_ms: u64,
    pub rules: Vec<FaultRule>,
}

/// Partial update of an API user through the control API.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct UserPatch {
    pub secret: Option<String>,
    pub active: Option<bool>,
    pub locked: Option<bool>,
    pub live_after_seconds: Option<u64>,
    pub integration_codes: Option<Vec<String>>,
    pub access: Option<BTreeMap<String, crate::fixture::EntityAccess>>,
}

pub struct SimState {
    pub fixture: Fixture,
    pub started: Instant,
    pub user_added_at: HashMap<String, Instant>,
    pub failed_secrets: HashMap<String, u32>,
    /// (tenant, lower-cased entity) → records.
    pub data: HashMap<(String, String), Vec<Value>>,
    pub next_id: i64,
    pub in_flight: HashMap<(String, String), usize>,
    pub max_in_flight: BTreeMap<String, usize>,
    pub hourly: HashMap<String, VecDeque<Instant>>,
    pub log: Vec<RequestRecord>,
    pub faults: Faults,
    rng: u64,
}

pub const DATA_ENTITIES: &[&str] = &[
    "Companies",
    "Tickets",
    "TicketNotes",
    "Contracts",
    "TimeEntries",
    "TicketCategories",
    "Resources",
    // Entities Vectis never touches; only their `entityInformation` is asked for.
    "Invoices",
    "BillingItems",
    "ContractCharges",
    "ExpenseReports",
];

impl SimState {
    pub fn new(fixture: Fixture) -> Self {
        let now = Instant::now();
        let mut data = HashMap::new();
        for tenant in &fixture.tenants {
            let categories = tenant
                .ticket_categories
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "id": c.id, "name": c.name, "nickname": c.nickname,
                        "isActive": c.is_active, "isGlobalDefault": c.is_global_default,
                        "isApiOnly": c.is_api_only, "displayColorRGB": c.display_color_rgb,
                    })
                })
                .collect();
            for (entity, items) in [
                ("companies", tenant.companies.clone()),
                ("contracts", tenant.contracts.clone()),
                ("resources", tenant.resources.clone()),
                ("tickets", tenant.tickets.clone()),
                ("timeentries", tenant.time_entries.clone()),
                ("ticketnotes", Vec::new()),
                ("ticketcategories", categories),
            ] {
                data.insert((tenant.id.clone(), entity.to_string()), items);
            }
        }
        let user_added_at = fixture
            .users
            .iter()
            .map(|u| (u.username.to_lowercase(), now))
            .collect();
        Self {
            fixture,
            started: now,
            user_added_at,
            failed_secrets: HashMap::new(),
            data,
            next_id: 1000,
            in_flight: HashMap::new(),
            max_in_flight: BTreeMap::new(),
            hourly: HashMap::new(),
            log: Vec::new(),
            faults: Faults::default(),
            rng: 0x9E37_79B9_7F4A_7C15,
        }
    }

    pub fn settings(&self) -> &SimSettings {
        &self.fixture.settings
    }

    pub fn tenant(&self, id: &str) -> Option<&Tenant> {
        self.fixture.tenants.iter().find(|t| t.id == id)
    }

    pub fn elapsed_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    /// The user by username (case-insensitive), if it has propagated yet.
    pub fn live_user(&self, username: &str) -> Option<&ApiUser> {
        let key = username.to_lowercase();
        let user = self
            .fixture
            .users
            .iter()
            .find(|u| u.username.to_lowercase() == key)?;
        let added = self
            .user_added_at
            .get(&key)
            .copied()
            .unwrap_or(self.started);
        (added.elapsed() >= Duration::from_secs(user.live_after_seconds)).then_some(user)
    }

    pub fn user_mut(&mut self, username: &str) -> Option<&mut ApiUser> {
        let key = username.to_lowercase();
        self.fixture
            .users
            .iter_mut()
            .find(|u| u.username.to_lowercase() == key)
    }

    pub fn upsert_user(&mut self, user: ApiUser) {
        let key = user.username.to_lowercase();
        self.fixture
            .users
            .retain(|u| u.username.to_lowercase() != key);
        self.fixture.users.push(user);
        self.user_added_at.insert(key.clone(), Instant::now());
        self.failed_secrets.remove(&key);
    }

    pub fn patch_user(&mut self, username: &str, patch: UserPatch) -> bool {
        let key = username.to_lowercase();
        let Some(user) = self.user_mut(username) else {
            return false;
        };
        if let Some(secret) = patch.secret {
            user.secret = secret;
        }
        if let Some(active) = patch.active {
            user.active = active;
        }
        if let Some(locked) = patch.locked {
            user.locked = locked;
        }
        if let Some(codes) = patch.integration_codes {
            user.integration_codes = codes;
        }
        if let Some(access) = patch.access {
            user.access = access;
        }
        if let Some(live) = patch.live_after_seconds {
            user.live_after_seconds = live;
            self.user_added_at.insert(key.clone(), Instant::now());
        }
        if patch.locked == Some(false) {
            self.failed_secrets.remove(&key);
        }
        true
    }

    /// Moves a tenant to another zone, as Autotask migrates databases between zones: the zone
    /// lookup names the new one and the old zone host stops knowing the tenant's users. The web
    /// URL follows the new number. False when there is no such tenant.
    pub fn move_tenant(&mut self, tenant: &str, zone_number: u32, zone_name: &str) -> bool {
        let Some(tenant) = self.fixture.tenants.iter_mut().find(|t| t.id == tenant) else {
            return false;
        };
        tenant.zone_number = zone_number;
        tenant.zone_name = zone_name.to_string();
        tenant.web_url = None;
        true
    }

    /// A jitter in `0..=max` from a small xorshift generator (no need for real randomness).
    pub fn jitter(&mut self, max: u64) -> u64 {
        if max == 0 {
            return 0;
        }
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        self.rng % (max + 1)
    }

    /// The first fault rule matching `path`, consuming one of its uses.
    pub fn take_fault(&mut self, path: &str) -> Option<FaultRule> {
        let rule = self.faults.rules.iter_mut().find(|rule| {
            path.contains(&rule.path_contains.to_lowercase()) && rule.times != Some(0)
        })?;
        if let Some(times) = rule.times.as_mut() {
            *times -= 1;
        }
        Some(rule.clone())
    }

    /// Requests in the rolling hour for a tenant, after counting this one.
    pub fn count_hourly(&mut self, tenant: &str) -> u64 {
        let window = self.hourly.entry(tenant.to_string()).or_default();
        let now = Instant::now();
        while window
            .front()
            .is_some_and(|t| now.duration_since(*t) > Duration::from_secs(3600))
        {
            window.pop_front();
        }
        window.push_back(now);
        window.len() as u64
    }

    pub fn hourly_count(&self, tenant: &str) -> u64 {
        self.hourly.get(tenant).map_or(0, |w| w.len() as u64)
    }

    pub fn next_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }
}
