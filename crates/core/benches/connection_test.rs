//! Connection Test latency against the simulator with injected per-request latency L.
//! Prints a Markdown table (median, min–max over RUNS runs) and the round-trip ratio to L.
//! Run by `.ci/bench`; not a timed test: budgets are reported, not asserted.

use std::time::Instant;

use autotask_sim::cost::{Cost, BUDGET};
use autotask_sim::Faults;
use test_support::{demo_creds, demo_creds_in_known_zone, policy, sim_with};
use vectis_core::autotask::connection_test::{run_test, TestOptions};
use vectis_core::autotask::{AutotaskClient, ClientConfig};

const RUNS: usize = 9;

fn stats(mut ms: Vec<f64>) -> (f64, f64, f64) {
    ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (ms[ms.len() / 2], ms[0], ms[ms.len() - 1])
}

#[tokio::main]
async fn main() {
    // Keep the threshold latency out of the figures.
    let sim = sim_with(|f| f.tenants[0].hourly_limit = 1_000_000).await;
    let client = AutotaskClient::new(policy(&sim), ClientConfig::default()).unwrap();
    let (creds, known) = (demo_creds(), demo_creds_in_known_zone(&sim));
    println!("| Zone | L (ms) | Test wall time, median (min–max) ms | (median − L0 median) / L | Budget | Within | Round trips in the log | Authenticated requests (≤ {}) | Max in flight per endpoint (≤ {}) | 429s |", BUDGET.authenticated_requests, BUDGET.in_flight_per_endpoint);
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let cases = [
        ("unknown", &creds, BUDGET.round_trips_unknown_zone as f64),
        ("known", &known, BUDGET.round_trips_known_zone as f64),
    ];
    for (label, creds, trips) in cases {
        let mut base = 0.0;
        for latency in [0u64, 50, 200] {
            sim.sim.set_faults(Faults {
                latency_ms: latency,
                ..Default::default()
            });
            let mut times = Vec::new();
            let mut limited = 0;
            let mut cost: Option<Cost> = None;
            for _ in 0..RUNS {
                sim.sim.reset();
                sim.sim.set_faults(Faults {
                    latency_ms: latency,
                    ..Default::default()
                });
                let cancel = tokio_util::sync::CancellationToken::new();
                let started = Instant::now();
                let outcome =
                    run_test(&client, creds, TestOptions::default(), &|_| {}, &cancel).await;
                times.push(started.elapsed().as_secs_f64() * 1000.0);
                assert!(outcome.report.ok, "{:?}", outcome.report.error);
                limited += sim
                    .sim
                    .requests()
                    .iter()
                    .filter(|r| r.status == Some(429))
                    .count();
                let this = Cost::so_far(&sim.sim);
                // The costliest run: a Test that sometimes needs more is over budget sometimes.
                cost = Some(cost.map_or(this, |c| {
                    if this.authenticated > c.authenticated {
                        this
                    } else {
                        c
                    }
                }));
            }
            let (median, min, max) = stats(times);
            if latency == 0 {
                base = median;
            }
            let ratio = if latency == 0 {
                "–".to_string()
            } else {
                format!("{:.2}", (median - base) / latency as f64)
            };
            let budget = trips * latency as f64 + 100.0;
            let within = if median <= budget { "yes" } else { "NO" };
            let cost = cost.expect("at least one run");
            // Round trips are only told apart in the log when each takes visibly long.
            let trips_seen = if latency >= 50 {
                cost.round_trips.to_string()
            } else {
                "–".into()
            };
            println!("| {label} | {latency} | {median:.1} ({min:.1}–{max:.1}) | {ratio} (expected {trips}) | ≤ {budget:.0} | {within} | {trips_seen} | {} | {} | {limited} |", cost.authenticated, cost.max_in_flight);
        }
    }
    sim.shutdown().await;
}
