//! The console CLI as a process, as an RMM runs it on a schedule: time from process start to
//! its first request, and the whole `check` at injected latency L, against a floor (a minimal
//! client doing only the zone lookup and one authenticated call with the same HTTP stack).
//! Needs release binaries: `cargo build --release -p vectis-cli -p vectis-setup` (.ci/bench).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

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

fn version_row(name: &str) {
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
    let (m, lo, hi) = stats(times);
    println!("| `{name} --version` | – | – | {m:.1} ({lo:.1}–{hi:.1}) | – | – |");
}

#[tokio::main]
async fn main() {
    let mut fixture = Fixture::default_demo();
    fixture.settings.zone_host_style = ZoneHostStyle::Loopback;
    fixture.tenants[0].hourly_limit = 1_000_000;
    let sim = SimServer::start(fixture).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let known = format!("http://127.0.0.1:{}/ATServicesRest/", sim.addr.port());
    println!("| Binary and zone | L (ms) | Start → first request, ms | Whole `check`, ms | Budget | Within |");
    println!("|---|---|---|---|---|---|");
    version_row("vectis-setup-cli");
    version_row("vectis-setup");
    let mut floors = std::collections::BTreeMap::new();
    for latency in [0u64, 50, 200] {
        set_latency(&sim, latency);
        let mut times = Vec::new();
        for _ in 0..RUNS {
            times.push(floor(&sim).await);
        }
        floors.insert(latency, stats(times).0);
        for (name, zone) in [
            ("vectis-setup-cli", None),
            ("vectis-setup-cli", Some(known.as_str())),
            ("vectis-setup", None),
        ] {
            let runs: Vec<Run> = (0..RUNS)
                .map(|_| check(&binary(name), &sim, zone, home.path(), latency))
                .collect();
            let (first, f_lo, f_hi) = stats(runs.iter().map(|r| r.first_request_ms).collect());
            let (wall, w_lo, w_hi) = stats(runs.iter().map(|r| r.wall_ms).collect());
            let zone_label = if zone.is_some() { "known" } else { "unknown" };
            let budget = 3.0 * latency as f64 + 150.0;
            let within = if name == "vectis-setup-cli" && zone.is_none() {
                if wall <= budget && first <= 30.0 {
                    "yes"
                } else {
                    "NO"
                }
            } else {
                "–"
            };
            println!("| `{name}`, {zone_label} zone | {latency} | {first:.1} ({f_lo:.1}–{f_hi:.1}) | {wall:.1} ({w_lo:.1}–{w_hi:.1}) | first ≤ 30, whole ≤ {budget:.0} | {within} |");
        }
    }
    println!();
    println!("Floor (zone lookup + one authenticated call, same HTTP stack, in-process):");
    println!();
    println!("| L (ms) | Floor, ms | Whole `vectis-setup-cli check` ÷ floor | Target |");
    println!("|---|---|---|---|");
    for (latency, floor_ms) in &floors {
        set_latency(&sim, *latency);
        let runs: Vec<f64> = (0..RUNS)
            .map(|_| {
                check(
                    &binary("vectis-setup-cli"),
                    &sim,
                    None,
                    home.path(),
                    *latency,
                )
                .wall_ms
            })
            .collect();
        let ratio = stats(runs).0 / floor_ms;
        let target = if *latency == 200 {
            if ratio <= 1.6 {
                "≤ 1.6: yes"
            } else {
                "≤ 1.6: NO"
            }
        } else {
            "–"
        };
        println!("| {latency} | {floor_ms:.1} | {ratio:.2} | {target} |");
    }
    sim.shutdown().await;
}
