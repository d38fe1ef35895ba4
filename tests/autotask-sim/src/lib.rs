//! A local simulator of the Autotask PSA REST API, faithful to what the real service does
//! (see `docs/autotask-api.md`), quirks included: case-insensitive routes and headers, the
//! 500-with-`errors` answers, the empty 401, per-endpoint thread limits and the hourly threshold.
//!
//! Tests start it in-process with [`SimServer::start`]; the `autotask-sim` binary serves a
//! fixture file for demo mode. Control endpoints live under `/_sim/`; the demo users'
//! credentials come from the fixture ([`Fixture::demo_credentials`], `GET /_sim/demo-credentials`).

pub mod api;
mod control;
pub mod cost;
mod demo;
pub mod fixture;
pub mod query;
mod server;
pub mod state;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use serde_json::Value;

pub use control::router;
pub use demo::{DemoCredentials, DemoRole};
pub use fixture::{Access, ApiUser, EntityAccess, Fixture, SimSettings, ZoneHostStyle};
pub use server::SimServer;
pub use state::{FaultKind, FaultRule, Faults, RequestRecord, UserPatch};

/// Shared simulator: state behind one lock (held only briefly, never across an await).
pub struct Sim {
    state: Mutex<state::SimState>,
    initial: Fixture,
    addr: OnceLock<SocketAddr>,
}

impl Sim {
    pub fn new(fixture: Fixture) -> Arc<Self> {
        Arc::new(Self {
            state: Mutex::new(state::SimState::new(fixture.clone())),
            initial: fixture,
            addr: OnceLock::new(),
        })
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, state::SimState> {
        // A panic in a handler must not take the whole simulator down with a poisoned lock.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn port(&self) -> u16 {
        self.addr.get().map_or(0, SocketAddr::port)
    }

    pub fn reset(&self) {
        *self.lock() = state::SimState::new(self.initial.clone());
    }

    pub fn requests(&self) -> Vec<RequestRecord> {
        self.lock().log.clone()
    }

    pub fn clear_requests(&self) {
        self.lock().log.clear();
    }

    /// The most requests seen in flight at once, per endpoint.
    pub fn max_in_flight(&self) -> std::collections::BTreeMap<String, usize> {
        self.lock().max_in_flight.clone()
    }

    pub fn set_faults(&self, faults: Faults) {
        self.lock().faults = faults;
    }

    pub fn update_settings(&self, change: impl FnOnce(&mut SimSettings)) {
        change(&mut self.lock().fixture.settings);
    }

    pub fn upsert_user(&self, user: ApiUser) {
        self.lock().upsert_user(user);
    }

    pub fn patch_user(&self, username: &str, patch: UserPatch) -> bool {
        self.lock().patch_user(username, patch)
    }

    /// Moves `tenant` to zone `zone_number` (`webservices{zone_number}`) named `zone_name`;
    /// afterwards `zoneInformation` names the new zone and the old zone host refuses the
    /// tenant's users. False when the fixture has no such tenant. Same as
    /// `POST /_sim/tenants/{tenant}/zone {"zoneNumber": N, "zoneName": "..."}`.
    pub fn move_tenant(&self, tenant: &str, zone_number: u32, zone_name: &str) -> bool {
        self.lock().move_tenant(tenant, zone_number, zone_name)
    }

    pub fn user(&self, username: &str) -> Option<ApiUser> {
        let key = username.to_lowercase();
        self.lock()
            .fixture
            .users
            .iter()
            .find(|u| u.username.to_lowercase() == key)
            .cloned()
    }

    /// Records of one entity of a tenant (e.g. the tickets the app created).
    pub fn records(&self, tenant: &str, entity: &str) -> Vec<Value> {
        self.lock()
            .data
            .get(&(tenant.to_string(), entity.to_lowercase()))
            .cloned()
            .unwrap_or_default()
    }
}
