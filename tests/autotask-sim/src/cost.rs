//! What one Test or `check` cost the tenant, read from the simulator's log: the requests that
//! carried credentials (they count against the tenant's 10,000 an hour), the most requests in
//! flight on one endpoint (Autotask allows 3), and the sequential round trips — the longest chain
//! of requests each started after the one before it ended. None of these moves with the machine,
//! which is why `.ci/test` gates on them and `.ci/bench` prints them beside the wall-clock figures.

use std::collections::BTreeMap;
use std::fmt;

use crate::RequestRecord;

/// The budget one connection Test (and one `check`) must stay within. README states it.
pub struct Budget {
    pub authenticated_requests: usize,
    pub in_flight_per_endpoint: usize,
    pub round_trips_unknown_zone: usize,
    pub round_trips_known_zone: usize,
}

pub const BUDGET: Budget = Budget {
    authenticated_requests: 30,
    in_flight_per_endpoint: 3,
    round_trips_unknown_zone: 3,
    round_trips_known_zone: 2,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    pub requests: usize,
    pub authenticated: usize,
    pub max_in_flight: usize,
    pub round_trips: usize,
}

impl Cost {
    /// The cost of everything in `log` (reset the simulator before the run measured). Round trips
    /// are only told apart when each request takes visibly long: inject latency (L = 200 ms).
    pub fn of(log: &[RequestRecord], in_flight: &BTreeMap<String, usize>) -> Cost {
        Cost {
            requests: log.len(),
            authenticated: log.iter().filter(|r| r.auth_headers.any()).count(),
            max_in_flight: in_flight.values().copied().max().unwrap_or(0),
            round_trips: round_trips(log),
        }
    }

    /// The simulator's log and in-flight counts as they stand.
    pub fn so_far(sim: &crate::Sim) -> Cost {
        Cost::of(&sim.requests(), &sim.max_in_flight())
    }
}

/// The longest chain of requests where each starts once the one before it has ended.
fn round_trips(log: &[RequestRecord]) -> usize {
    let mut sorted: Vec<&RequestRecord> = log.iter().collect();
    sorted.sort_by_key(|r| r.started_ms);
    let mut depth: Vec<usize> = Vec::with_capacity(sorted.len());
    for (i, request) in sorted.iter().enumerate() {
        let before = sorted[..i]
            .iter()
            .zip(&depth)
            .filter(|(earlier, _)| earlier.ended_ms.is_some_and(|e| e <= request.started_ms))
            .map(|(_, d)| *d)
            .max()
            .unwrap_or(0);
        depth.push(before + 1);
    }
    depth.into_iter().max().unwrap_or(0)
}

impl fmt::Display for Cost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} requests ({} authenticated), {} sequential round trips, at most {} in flight on one endpoint",
            self.requests, self.authenticated, self.round_trips, self.max_in_flight
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::AuthHeadersSeen;

    fn record(started_ms: u64, ended_ms: u64, authed: bool) -> RequestRecord {
        RequestRecord {
            id: started_ms,
            method: "GET".into(),
            path: "/".into(),
            endpoint: "x".into(),
            auth_headers: AuthHeadersSeen {
                api_integration_code: authed,
                user_name: authed,
                secret: authed,
            },
            status: Some(200),
            started_ms,
            ended_ms: Some(ended_ms),
        }
    }

    #[test]
    fn parallel_requests_are_one_round_trip_and_a_chain_is_one_each() {
        // Lookup, then sign-in, then three side by side.
        let log = [
            record(0, 200, false),
            record(201, 401, true),
            record(402, 602, true),
            record(403, 603, true),
            record(405, 605, true),
        ];
        let cost = Cost::of(&log, &BTreeMap::from([("a".into(), 2), ("b".into(), 1)]));
        assert_eq!(
            cost,
            Cost {
                requests: 5,
                authenticated: 4,
                max_in_flight: 2,
                round_trips: 3
            }
        );
        // A fourth wave after the last ends is one more trip; a request still open never chains.
        let mut longer = log.to_vec();
        longer.push(record(700, 900, true));
        assert_eq!(Cost::of(&longer, &BTreeMap::new()).round_trips, 4);
        longer[5].ended_ms = None;
        longer.push(record(950, 960, true));
        assert_eq!(Cost::of(&longer, &BTreeMap::new()).round_trips, 4);
    }
}
