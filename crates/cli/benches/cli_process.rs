//! The console CLI as a process, as an RMM runs it on a schedule: time from process start to
//! its first request, and the whole `check` at injected latency L, against a floor (a minimal
//! client doing only the zone lookup and one authenticated call with the same HTTP stack).
//! Needs release binaries: `cargo build --release -p vectis-cli -p vectis-setup` (.ci/bench).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use autotask_sim::cost::{Cost, BUDGET};
use autotask_sim::{Faults, Fixture, SimServer, ZoneHostStyle};

const RUNS: usize = 9;

fn binary(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/release")
        .join(name)
}

fn stats(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (v[v.len() / 2], v[0], v[v.len() - 1])
}

struct Run {
    wall_ms: f64,
    first_request_ms: f64,
    cost: Cost,
}

/// One `check` process with explicit credentials (no keychain is touched).
fn check(bin: &Path, sim: &SimServer, zone_url: Option<&str>, home: &Path, latency: u64) -> Run {
    let demo = Fixture::default_demo().demo_credentials();
    let mut args = vec!["check", "--username", demo.username.as_str(), "--json"];
    if let Some(url) = zone_url {
        args.extend(["--zone-url", url]);
    }
    sim.sim.reset(); // the simulator's clock starts now: request times are since this spawn
    set_latency(sim, latency); // a reset clears the faults too
    let started = Instant::now();
    let status = Command::new(bin)
        .args(&args)
        .env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("VECTIS_ZONE_LOOKUP_URL", sim.lookup_url())
        .env("VECTIS_ALLOW_CUSTOM_ENDPOINT", "1")
        .env("VECTIS_AUTOTASK_SECRET", &demo.secret)
        .env("VECTIS_AUTOTASK_INTEGRATION_CODE", &demo.integration_code)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("the CLI runs");
    let wall_ms = started.elapsed().as_secs_f64() * 1000.0;
    assert!(status.success(), "{bin:?} check failed");
    let first = sim.sim.requests().first().map_or(0, |r| r.started_ms);
    Run {
        wall_ms,
        first_request_ms: first as f64,
        cost: Cost::so_far(&sim.sim),
    }
}

/// The floor: the zone lookup and one authenticated call, nothing else, same HTTP stack.
async fn floor(sim: &SimServer) -> f64 {
    let demo = Fixture::default_demo().demo_credentials();
    let started = Instant::now();
    let http = reqwest::Client::new();
    let lookup = format!(
        "{}v1.0/zoneInformation?user={}",
        sim.lookup_url(),
        demo.username
    );
    let zone: serde_json::Value = http.get(lookup).send().await.unwrap().json().await.unwrap();
    let url = zone["url"]
        .as_str()
        .unwrap()
        .replace("webservices15.autotask.net", "127.0.0.1");
    let version = http
        .get(format!("{url}v1.0/Version"))
        .header("ApiIntegrationCode", &demo.integration_code)
        .header("UserName", &demo.username)
        .header("Secret", &demo.secret)
        .send()
        .await
        .unwrap();
    assert!(version.status().is_success());
    started.elapsed().as_secs_f64() * 1000.0
}

fn set_latency(sim: &SimServer, latency: u64) {
    sim.sim.set_faults(Faults {
        latency_ms: latency,
        ..Default::default()
    });
}

/// Median wall time of `name --version`: the binary's own start-up, the floor of its first request.
fn version_ms(name: &str) -> f64 {
    let times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            let ok = Command::new(binary(name))
                .arg("--version")
                .stdout(Stdio::null())
                .status();
            assert!(ok.unwrap().success());
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    stats(times).0
}

const FIRST_BUDGET: f64 = 2.5; // start → first request, × the same binary's `--version`
const WHOLE_BUDGET: f64 = 1.6; // whole `check` at L = 200, × the floor client

/// One row: a binary and zone at latency L, each figure beside the floor it is a ratio to.
fn row(
    sim: &SimServer,
    home: &Path,
    name: &str,
    zone: Option<&str>,
    latency: u64,
    floors: (f64, f64),
) {
    let (version, floor) = floors;
    let runs: Vec<Run> = (0..RUNS)
        .map(|_| check(&binary(name), sim, zone, home, latency))
        .collect();
    let (first, f_lo, f_hi) = stats(runs.iter().map(|r| r.first_request_ms).collect());
    let (wall, w_lo, w_hi) = stats(runs.iter().map(|r| r.wall_ms).collect());
    let cost = runs
        .iter()
        .map(|r| r.cost)
        .max_by_key(|c| c.authenticated)
        .unwrap();
    let zone_label = if zone.is_some() { "known" } else { "unknown" };
    // Round trips are only told apart in the log when each takes visibly long.
    let trips = if latency >= 50 {
        cost.round_trips.to_string()
    } else {
        "–".into()
    };
    let (first_ratio, whole_ratio) = (first / version, wall / floor);
    let gated = name == "vectis-setup-cli" && zone.is_none() && latency == 200;
    let within = if !gated {
        "–"
    } else if first_ratio <= FIRST_BUDGET
        && whole_ratio <= WHOLE_BUDGET
        && cost.authenticated <= BUDGET.authenticated_requests
    {
        "yes"
    } else {
        "NO"
    };
    println!("| `{name}`, {zone_label} zone | {latency} | {first:.1} ({f_lo:.1}–{f_hi:.1}) | {first_ratio:.2}× | {wall:.1} ({w_lo:.1}–{w_hi:.1}) | {whole_ratio:.2}× | {} | {trips} | {} | {within} |", cost.authenticated, cost.max_in_flight);
}

#[tokio::main]
async fn main() {
    let mut fixture = Fixture::default_demo();
    fixture.settings.zone_host_style = ZoneHostStyle::Loopback;
    fixture.tenants[0].hourly_limit = 1_000_000;
    let sim = SimServer::start(fixture).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let known = format!("http://127.0.0.1:{}/ATServicesRest/", sim.addr.port());
    let versions: Vec<(&str, f64)> = ["vectis-setup-cli", "vectis-setup"]
        .map(|n| (n, version_ms(n)))
        .to_vec();
    println!("Floors: `--version` of each binary (its own start-up): {}; the floor client does the zone lookup and one authenticated call in-process with the same HTTP stack.", versions.iter().map(|(n, ms)| format!("`{n}` {ms:.1} ms")).collect::<Vec<_>>().join(", "));
    println!();
    println!("| Binary and zone | L (ms) | Start → first request, ms | ÷ its `--version` | Whole `check`, ms | ÷ floor client | Authenticated requests | Round trips | Max in flight per endpoint | Within (L = 200: first ≤ {FIRST_BUDGET}×, whole ≤ {WHOLE_BUDGET}×, requests ≤ {}) |", BUDGET.authenticated_requests);
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for latency in [0u64, 50, 200] {
        set_latency(&sim, latency);
        let mut times = Vec::new();
        for _ in 0..RUNS {
            times.push(floor(&sim).await);
        }
        let floor_ms = stats(times).0;
        println!("| floor client | {latency} | – | – | {floor_ms:.1} | 1.00× | 1 | 2 | 1 | – |");
        for (name, zone) in [
            ("vectis-setup-cli", None),
            ("vectis-setup-cli", Some(known.as_str())),
            ("vectis-setup", None),
        ] {
            let version = versions.iter().find(|(n, _)| *n == name).unwrap().1;
            row(&sim, home.path(), name, zone, latency, (version, floor_ms));
        }
    }
    sim.shutdown().await;
}
