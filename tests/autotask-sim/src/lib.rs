//! A local simulator of the Autotask PSA REST API, faithful to what the real service does
//! (see `shared/autotask-api.md`), quirks included: case-insensitive routes and headers, the
//! 500-with-`errors` answers, the empty 401, per-endpoint thread limits and the hourly threshold.
//!
//! Tests start it in-process with [`SimServer::start`]; the `autotask-sim` binary serves a
//! fixture file for demo mode. Control endpoints live under `/_sim/`.

pub mod api;
pub mod fixture;
pub mod query;
pub mod state;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, patch, post, put};
use axum::{Json, Router};
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub use fixture::{Access, ApiUser, EntityAccess, Fixture, SimSettings, ZoneHostStyle};
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

pub fn router(sim: Arc<Sim>) -> Router {
    Router::new()
        .route("/_sim/reset", post(control_reset))
        .route(
            "/_sim/requests",
            get(control_requests).delete(control_clear_requests),
        )
        .route("/_sim/stats", get(control_stats))
        .route(
            "/_sim/faults",
            put(control_set_faults).delete(control_clear_faults),
        )
        .route("/_sim/users", post(control_upsert_user))
        .route("/_sim/users/{username}", patch(control_patch_user))
        .route("/_sim/settings", patch(control_patch_settings))
        .route("/_sim/records/{tenant}/{entity}", get(control_records))
        .fallback(api::handle)
        .with_state(sim)
}

async fn control_reset(State(sim): State<Arc<Sim>>) -> StatusCode {
    sim.reset();
    StatusCode::NO_CONTENT
}

async fn control_requests(State(sim): State<Arc<Sim>>) -> Json<Vec<RequestRecord>> {
    Json(sim.requests())
}

async fn control_clear_requests(State(sim): State<Arc<Sim>>) -> StatusCode {
    sim.clear_requests();
    StatusCode::NO_CONTENT
}

async fn control_stats(State(sim): State<Arc<Sim>>) -> Json<Value> {
    Json(json!({ "maxInFlight": sim.max_in_flight() }))
}

async fn control_set_faults(State(sim): State<Arc<Sim>>, Json(faults): Json<Faults>) -> StatusCode {
    sim.set_faults(faults);
    StatusCode::NO_CONTENT
}

async fn control_clear_faults(State(sim): State<Arc<Sim>>) -> StatusCode {
    sim.set_faults(Faults::default());
    StatusCode::NO_CONTENT
}

async fn control_upsert_user(State(sim): State<Arc<Sim>>, Json(user): Json<ApiUser>) -> StatusCode {
    sim.upsert_user(user);
    StatusCode::NO_CONTENT
}

async fn control_patch_user(
    State(sim): State<Arc<Sim>>,
    Path(username): Path<String>,
    Json(patch): Json<UserPatch>,
) -> StatusCode {
    if sim.patch_user(&username, patch) {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::NOT_FOUND
    }
}

async fn control_patch_settings(
    State(sim): State<Arc<Sim>>,
    Json(patch): Json<Value>,
) -> Result<StatusCode, (StatusCode, String)> {
    let mut state = sim.lock();
    let mut current = serde_json::to_value(&state.fixture.settings).map_err(bad_request)?;
    if let (Some(target), Some(changes)) = (current.as_object_mut(), patch.as_object()) {
        for (k, v) in changes {
            target.insert(k.clone(), v.clone());
        }
    }
    state.fixture.settings = serde_json::from_value(current).map_err(bad_request)?;
    Ok(StatusCode::NO_CONTENT)
}

async fn control_records(
    State(sim): State<Arc<Sim>>,
    Path((tenant, entity)): Path<(String, String)>,
) -> Json<Vec<Value>> {
    Json(sim.records(&tenant, &entity))
}

fn bad_request(e: serde_json::Error) -> (StatusCode, String) {
    (StatusCode::BAD_REQUEST, e.to_string())
}

/// A running simulator on 127.0.0.1; stops when dropped or on [`SimServer::shutdown`].
pub struct SimServer {
    pub addr: SocketAddr,
    pub sim: Arc<Sim>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl SimServer {
    /// Binds 127.0.0.1:`port` (0 picks a free one) and serves in the background.
    pub async fn start_on(fixture: Fixture, port: u16) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let sim = Sim::new(fixture);
        let _ = sim.addr.set(addr);
        let (tx, rx) = oneshot::channel::<()>();
        let app = router(sim.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        Ok(Self {
            addr,
            sim,
            shutdown: Some(tx),
            task: Some(task),
        })
    }

    pub async fn start(fixture: Fixture) -> std::io::Result<Self> {
        Self::start_on(fixture, 0).await
    }

    /// `http://127.0.0.1:PORT/`
    pub fn base_url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// What the app's `VECTIS_ZONE_LOOKUP_URL` takes: `http://127.0.0.1:PORT/atservicesrest/`.
    pub fn lookup_url(&self) -> String {
        format!("{}atservicesrest/", self.base_url())
    }

    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            // Hung requests would hold a graceful shutdown open forever.
            let _ = tokio::time::timeout(std::time::Duration::from_secs(2), task).await;
        }
    }
}

impl Drop for SimServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
