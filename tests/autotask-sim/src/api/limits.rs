//! The hourly request threshold per database and the thread limit per (integration code,
//! endpoint) (docs/autotask-api.md, "Thresholds and rate limits").

use std::sync::Arc;

use axum::http::StatusCode;

use super::errors::{hourly_error, thread_error, ApiError};
use crate::state::SimState;
use crate::Sim;

/// Used when the fixture has no tenant for the user (it always does once checked).
const DEFAULT_HOURLY_LIMIT: u64 = 10_000;

/// Permission to run: holds a thread until dropped, and says how much the threshold slows it.
pub(super) struct Admission {
    _thread: InFlight,
    pub delay_ms: u64,
}

/// Decrements the in-flight counter however the request ends (answered, hung and dropped).
struct InFlight {
    sim: Arc<Sim>,
    key: (String, String),
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut state = self.sim.lock();
        if let Some(n) = state.in_flight.get_mut(&self.key) {
            *n = n.saturating_sub(1);
        }
    }
}

/// Refuses when the tenant's hourly threshold or the endpoint's threads are used up; otherwise
/// takes a thread and counts the request. `code` is the lower-cased integration code.
pub(super) fn admit(
    sim: &Arc<Sim>,
    state: &mut SimState,
    tenant: &str,
    code: String,
    endpoint: &str,
) -> Result<Admission, ApiError> {
    let hourly_limit = state
        .tenant(tenant)
        .map_or(DEFAULT_HOURLY_LIMIT, |t| t.hourly_limit);
    if state.hourly_count(tenant) >= hourly_limit {
        return Err(ApiError::Errors(
            StatusCode::TOO_MANY_REQUESTS,
            hourly_error(hourly_limit),
        ));
    }
    let key = (code, endpoint.to_string());
    let limit = state.settings().thread_limit;
    let current = state.in_flight.get(&key).copied().unwrap_or(0);
    if current >= limit {
        return Err(ApiError::Errors(
            StatusCode::TOO_MANY_REQUESTS,
            thread_error(limit),
        ));
    }
    state.in_flight.insert(key.clone(), current + 1);
    let max = state.max_in_flight.entry(endpoint.to_string()).or_default();
    *max = (*max).max(current + 1);
    let thread = InFlight {
        sim: sim.clone(),
        key,
    };
    // Counted only once admitted: a refused request does not use up the threshold.
    let used = state.count_hourly(tenant);
    Ok(Admission {
        _thread: thread,
        delay_ms: threshold_delay(state, used, hourly_limit),
    })
}

/// Autotask slows a database down past 50% and 75% of its hourly threshold.
fn threshold_delay(state: &SimState, used: u64, limit: u64) -> u64 {
    let [half, three_quarters] = state.settings().threshold_latency_ms;
    if used * 4 >= limit * 3 {
        three_quarters
    } else if used * 2 >= limit {
        half
    } else {
        0
    }
}
