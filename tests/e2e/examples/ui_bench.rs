//! Start-up time and memory of the real app (set VECTIS_E2E_APP to the release binary).
//! Start-up: from the app process's start to the first interactive frame, as the app itself
//! reports it (the UI calls `ui_ready` after its first paint; Rust timestamps it). Memory: resident set of the app and all its WebKit
//! child processes, after start and after a connection Test. Prints Markdown rows.

use std::time::Duration;

use vectis_e2e::test_ids as tid;
use vectis_e2e::{check_prerequisites, App, World};

fn stat(pid: u32) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may contain spaces: split after its closing parenthesis.
    let rest = &text[text.rfind(')')? + 2..];
    Some(rest.split_whitespace().map(str::to_string).collect())
}

fn app_pid() -> Option<u32> {
    let target = std::fs::canonicalize(vectis_e2e::app_binary()).ok()?;
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .find(|pid| {
            std::fs::read_link(format!("/proc/{pid}/exe"))
                .ok()
                .as_deref()
                == Some(target.as_path())
        })
}

fn descendants(root: u32) -> Vec<u32> {
    let all: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| Some((pid, stat(pid)?.get(1)?.parse().ok()?)))
        .collect();
    let mut family = vec![root];
    let mut i = 0;
    while i < family.len() {
        let parent = family[i];
        family.extend(
            all.iter()
                .filter(|(_, ppid)| *ppid == parent)
                .map(|(pid, _)| *pid),
        );
        i += 1;
    }
    family
}

/// A "Key:   1234 kB" figure from a /proc file, in MB.
fn proc_mb(pid: u32, file: &str, key: &str) -> f64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/{file}")).unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

fn rss_mb(pid: u32) -> f64 {
    proc_mb(pid, "status", "VmRSS:")
}

/// Proportional set size: shared pages (libwebkit2gtk is mapped by every WebKit process)
/// counted once across the family instead of once per process.
fn pss_mb(pid: u32) -> f64 {
    proc_mb(pid, "smaps_rollup", "Pss:")
}

/// (RSS, PSS) of the app and all its WebKit child processes, in MB.
fn family_memory(root: u32) -> (f64, f64) {
    let family = descendants(root);
    (
        family.iter().map(|p| rss_mb(*p)).sum(),
        family.iter().map(|p| pss_mb(*p)).sum(),
    )
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn stats(mut v: Vec<f64>) -> String {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    format!("{:.0} ({:.0}–{:.0})", v[v.len() / 2], v[0], v[v.len() - 1])
}

/// The floor: the same app window showing an empty page (`VECTIS_BENCH_EMPTY_WINDOW=1`).
async fn empty_window_floor(runs: usize) {
    let (mut rss, mut pss) = (Vec::new(), Vec::new());
    for run in 0..runs {
        let world = World::new("bench-empty").await;
        let app = App::launch(&world, &format!("empty{run}")).await;
        let pid = app_pid().expect("the app process");
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let (r, p) = family_memory(pid);
        rss.push(r);
        pss.push(p);
        app.close().await;
    }
    println!(
        "| Floor: an empty Tauri window, after start, PSS (MB) | {} | – |",
        stats(pss)
    );
    println!(
        "| Floor: an empty Tauri window, after start, RSS summed (MB) | {} | – |",
        stats(rss)
    );
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    check_prerequisites();
    if std::env::var_os("VECTIS_BENCH_EMPTY_WINDOW").is_some() {
        return empty_window_floor(3).await;
    }
    let runs: usize = std::env::var("VECTIS_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let mut cold = None;
    let mut startup = Vec::new();
    let (mut rss_start, mut pss_start) = (Vec::new(), Vec::new());
    let (mut rss_tested, mut pss_tested) = (Vec::new(), Vec::new());
    for run in 0..=runs {
        let world = World::new("bench").await;
        let app = App::launch(&world, &format!("bench{run}")).await;
        let pid = app_pid().expect("the app process");
        // The UI reports its first painted interactive frame; Rust timestamps it against the
        // process start. No polling interval is in this figure.
        app.wait_js(
            "return !!document.body.dataset.readyMs",
            Duration::from_secs(20),
        )
        .await;
        let ready_ms: f64 = app
            .js("return document.body.dataset.readyMs")
            .await
            .as_str()
            .and_then(|v| v.parse().ok())
            .expect("the UI reported its first frame");
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let after_start = family_memory(pid);
        // Drive a Test with the demo credentials.
        app.js("document.querySelectorAll('button').forEach(b => { if (b.textContent.trim() === 'Fill in the demo credentials') b.click(); }); return true;").await;
        app.click_button("Next").await;
        app.click_button("Next").await;
        app.type_into("#integration-code", &world.code).await;
        app.type_into("#username", &world.username).await;
        app.type_into("#secret", &world.secret).await;
        app.click_button("Next").await;
        app.click(tid::RUN_TEST).await;
        app.wait_js(
            &format!("return !!document.querySelector('{}')", tid::TEST_SUCCESS),
            Duration::from_secs(20),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(1000)).await;
        let after_test = family_memory(pid);
        app.close().await;
        // The first launch warms caches; the budget is for a warm start.
        if run == 0 {
            cold = Some(ready_ms);
        } else {
            startup.push(ready_ms);
            rss_start.push(after_start.0);
            pss_start.push(after_start.1);
            rss_tested.push(after_test.0);
            pss_tested.push(after_test.1);
        }
    }
    let within = if median(&startup) <= 600.0 {
        "yes"
    } else {
        "NO"
    };
    println!(
        "| Start-up to the first interactive frame, warm (ms) | {} | ≤ 600: {within} |",
        stats(startup)
    );
    println!("| Start-up to the first interactive frame, cold: first launch of the run (ms) | {:.0} | – |", cold.unwrap_or(0.0));
    let rows = [
        (
            "Memory after start, app + WebKit processes, RSS summed (MB)",
            rss_start,
        ),
        (
            "Memory after start, PSS: shared pages counted once (MB)",
            pss_start,
        ),
        ("Memory after a Test, RSS summed (MB)", rss_tested),
        ("Memory after a Test, PSS (MB)", pss_tested),
    ];
    for (label, values) in rows {
        println!("| {label} | {} | ≤ 150 |", stats(values));
    }
}
