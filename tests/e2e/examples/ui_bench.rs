//! Start-up time and memory of the real app (VECTIS_E2E_APP, the release binary) against its
//! floor, an empty Tauri window built the same way (VECTIS_BENCH_FLOOR, the `empty_window`
//! example), launched alternately in the same run under the same Xvfb and levers.
//! Start-up: from the process's start to the first interactive frame, as each reports it (the
//! page calls `ui_ready` in its first animation frame; Rust timestamps it), with the phases
//! before it, for a first-time admin (the wizard) and, against the floor, a returning one (a
//! connection saved: settings and keychain read before the first frame, the status screen).
//! Memory: PSS and RSS of the process and all its WebKit children, after start and
//! (the app) after a connection Test; CPU time of the same processes by the first memory sample.
//! Ratios are the median of each app launch over the floor launch after it (the ratio of the
//! medians beside it). Prints Markdown tables. `VECTIS_BENCH_STARTUP_ONLY=1` skips the Test.

use std::path::{Path, PathBuf};
use std::time::Duration;

use vectis_e2e::test_ids as tid;
use vectis_e2e::{check_prerequisites, App, World};

fn stat(pid: u32) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may contain spaces: split after its closing parenthesis.
    let rest = &text[text.rfind(')')? + 2..];
    Some(rest.split_whitespace().map(str::to_string).collect())
}

fn pid_of(binary: &Path) -> Option<u32> {
    let target = std::fs::canonicalize(binary).ok()?;
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

/// CPU time on the clock of every thread of `pid` (schedstat, ns), in ms.
fn cpu_ms(pid: u32) -> f64 {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0.0;
    };
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .sum::<f64>()
        / 1e6
}

/// [UI process, WebKit web process, the whole family] CPU time, ms; each process read once.
fn family_cpu_ms(root: u32) -> [f64; 3] {
    let family: Vec<(u32, f64)> = descendants(root)
        .into_iter()
        .map(|p| (p, cpu_ms(p)))
        .collect();
    let sum = |keep: &dyn Fn(u32) -> bool| -> f64 {
        family
            .iter()
            .filter(|(p, _)| keep(*p))
            .map(|(_, ms)| ms)
            .sum()
    };
    let web = |p: u32| {
        std::fs::read_to_string(format!("/proc/{p}/comm"))
            .is_ok_and(|c| c.starts_with("WebKitWebProces"))
    };
    [sum(&|p| p == root), sum(&web), sum(&|_| true)]
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
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// The median of each app launch over the floor launch right after it: the machine's speed
/// drifts over a run (other tenants, clocks), and a pair shares its moment.
fn paired_ratio(app: &[f64], floor: &[f64]) -> f64 {
    let ratios: Vec<f64> = app.iter().zip(floor).map(|(a, f)| a / f).collect();
    median(&ratios)
}

fn stats(mut v: Vec<f64>) -> String {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    format!("{:.0} ({:.0}–{:.0})", v[v.len() / 2], v[0], v[v.len() - 1])
}

/// What one launch measured.
#[derive(Default)]
struct Launch {
    ready_ms: f64,
    /// (phase, ms since the process started), Rust's then the page's.
    phases: Vec<(String, f64)>,
    after_start: (f64, f64),
    after_test: Option<(f64, f64)>,
    /// CPU time of the process and its WebKit children, ms: (UI process, web process, all).
    cpu: [f64; 3],
}

/// The page's report: Rust phases on the process clock, page phases moved onto it by `origin`.
async fn read_report(app: &App) -> Launch {
    app.wait_js(
        "return !!document.body.dataset.readyMs",
        Duration::from_secs(20),
    )
    .await;
    let report = app
        .js("return JSON.parse(document.body.dataset.startup)")
        .await;
    let ready_ms: f64 = app
        .js("return document.body.dataset.readyMs")
        .await
        .as_str()
        .and_then(|v| v.parse().ok())
        .expect("the page reported its first frame");
    let origin = report["origin"].as_f64().unwrap_or(0.0);
    let mut phases: Vec<(String, f64)> = report["rust"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            (
                p["name"].as_str().unwrap_or("?").into(),
                p["ms"].as_f64().unwrap_or(0.0),
            )
        })
        .collect();
    phases.push(("page created".into(), origin));
    phases.extend(report["ui"].as_array().into_iter().flatten().map(|p| {
        let at = origin + p["ms"].as_f64().unwrap_or(0.0);
        (format!("page: {}", p["name"].as_str().unwrap_or("?")), at)
    }));
    phases.push(("first frame".into(), ready_ms));
    Launch {
        ready_ms,
        phases,
        ..Default::default()
    }
}

/// A connection Test with the demo credentials, through the wizard.
async fn run_a_test(app: &App, world: &World) {
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
}

/// How a launch starts: the app as a first-time admin finds it (then a Test), the app with a
/// connection saved (its settings and keychain entry read before the first frame), or the floor.
#[derive(Clone, Copy, PartialEq)]
enum Start {
    Fresh,
    Saved,
    Floor,
}

/// One launch of `binary`: start-up, memory after start and, for a fresh app, after a Test.
async fn launch(binary: &Path, run: &str, start: Start) -> Launch {
    let world = World::new("bench").await;
    if start == Start::Saved {
        world.save_connection();
    }
    // Every launch starts on a settled machine: not in the wake of the previous launch's exit
    // or of the CLI that saved the connection (the keyring and simulator still at work).
    tokio::time::sleep(Duration::from_millis(1000)).await;
    // The log level an admin runs with: the scenarios' debug level (and its copy on stderr) is
    // not what start-up costs on a desktop.
    let app = App::launch_binary(&world, run, &[("VECTIS_LOG", "")], binary).await;
    let pid = pid_of(binary).expect("the process under test");
    let mut launch = read_report(&app).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    launch.after_start = family_memory(pid);
    launch.cpu = family_cpu_ms(pid);
    // Quick start-up comparisons while working on it: no Test, so no memory after one.
    if start == Start::Fresh && std::env::var_os("VECTIS_BENCH_STARTUP_ONLY").is_none() {
        run_a_test(&app, &world).await;
        tokio::time::sleep(Duration::from_millis(1000)).await;
        launch.after_test = Some(family_memory(pid));
    }
    app.close().await;
    // The worlds share one keychain service: the next fresh launch must find no entry.
    if start == Start::Saved {
        assert!(world.cli(&["forget", "--yes"]).status.success());
    }
    launch
}

/// One table row: the app, the floor, the median of their paired ratios against a budget (× the
/// floor), the ratio of their medians beside it.
fn row(label: &str, app: Vec<f64>, floor: Vec<f64>, budget: Option<f64>) {
    let ratio = paired_ratio(&app, &floor);
    let (floor_text, ratio_text) = if floor.is_empty() {
        ("–".to_string(), "–".to_string())
    } else {
        let of_medians = median(&app) / median(&floor);
        (stats(floor), format!("{ratio:.2}× ({of_medians:.2}×)"))
    };
    let budget = match budget {
        Some(b) if ratio.is_finite() => {
            format!("≤ {b:.2}×: {}", if ratio <= b { "yes" } else { "NO" })
        }
        Some(b) => format!("≤ {b:.2}×"),
        None => "–".into(),
    };
    println!(
        "| {label} | {} | {floor_text} | {ratio_text} | {budget} |",
        stats(app)
    );
}

fn print_measures(apps: &[Launch], saved: &[Launch], floors: &[Launch]) {
    println!("| Measure | App, median (min–max) | Empty window, median (min–max) | App ÷ empty window, median of pairs (of medians) | Budget |");
    println!("|---|---|---|---|---|");
    let warm =
        |all: &[Launch], f: &dyn Fn(&Launch) -> f64| all.iter().skip(1).map(f).collect::<Vec<_>>();
    let cold = |all: &[Launch]| all.first().map(|l| vec![l.ready_ms]).unwrap_or_default();
    row(
        "Start-up to the first interactive frame, warm (ms)",
        warm(apps, &|l| l.ready_ms),
        warm(floors, &|l| l.ready_ms),
        Some(1.15),
    );
    if !saved.is_empty() {
        row(
            "Start-up, warm, with a connection saved (settings and keychain read first; the status screen) (ms)",
            warm(saved, &|l| l.ready_ms),
            warm(floors, &|l| l.ready_ms),
            Some(1.15),
        );
    }
    for (label, pick) in [
        (
            "CPU time to start, UI process (ms; 1.5 s after the first frame)",
            0,
        ),
        ("CPU time to start, web process (ms)", 1),
        ("CPU time to start, all processes (ms)", 2),
    ] {
        let get = move |l: &Launch| l.cpu[pick];
        row(label, warm(apps, &get), warm(floors, &get), None);
    }
    row(
        "Start-up to the first interactive frame, cold: first launch of the run (ms)",
        cold(apps),
        cold(floors),
        None,
    );
    row(
        "Memory after start, PSS: shared pages counted once (MB)",
        warm(apps, &|l| l.after_start.1),
        warm(floors, &|l| l.after_start.1),
        Some(1.15),
    );
    row(
        "Memory after start, RSS summed over the processes (MB)",
        warm(apps, &|l| l.after_start.0),
        warm(floors, &|l| l.after_start.0),
        Some(1.15),
    );
    if apps.iter().all(|l| l.after_test.is_none()) {
        return;
    }
    let tested = |i: usize| {
        warm(apps, &move |l: &Launch| {
            l.after_test.map_or(0.0, |m| if i == 0 { m.0 } else { m.1 })
        })
    };
    row(
        "Memory after a Test, PSS (MB; floor: after start)",
        tested(1),
        warm(floors, &|l| l.after_start.1),
        Some(1.25),
    );
    row(
        "Memory after a Test, RSS summed (MB; floor: after start)",
        tested(0),
        warm(floors, &|l| l.after_start.0),
        Some(1.25),
    );
}

/// Each phase's median time since the process started, and what the app's own steps cost.
fn print_phases(apps: &[Launch], saved: &[Launch], floors: &[Launch]) {
    println!("| Before the first frame | App, ms since start | Empty window, ms since start | The app's step, ms | A connection saved: ms since start | Its step, ms |");
    println!("|---|---|---|---|---|---|");
    let at = |all: &[Launch], name: &str| {
        let v: Vec<f64> = all
            .iter()
            .filter_map(|l| l.phases.iter().find(|p| p.0 == name).map(|p| p.1))
            .collect();
        (!v.is_empty()).then(|| median(&v))
    };
    let names: Vec<String> = apps
        .first()
        .map(|l| l.phases.iter().map(|p| p.0.clone()).collect())
        .unwrap_or_default();
    let (mut before, mut saved_before) = (0.0, 0.0);
    for name in names {
        let app = at(apps, &name).unwrap_or(f64::NAN);
        let floor = at(floors, &name).map_or("–".into(), |f| format!("{f:.0}"));
        let returning = at(saved, &name).unwrap_or(f64::NAN);
        println!(
            "| {name} | {app:.0} | {floor} | {:.0} | {returning:.0} | {:.0} |",
            app - before,
            returning - saved_before
        );
        before = app;
        saved_before = returning;
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    check_prerequisites();
    let runs: usize = std::env::var("VECTIS_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let app = vectis_e2e::app_binary();
    let floor = std::env::var_os("VECTIS_BENCH_FLOOR").map(PathBuf::from);
    let (mut apps, mut floors) = (Vec::new(), Vec::new());
    // Alternating, so whatever the machine does meanwhile weighs on both alike. The first
    // launch of each warms the caches: it is the cold figure.
    // A returning admin's launch follows the floor's: each is paired with the floor before it.
    let mut saved = Vec::new();
    for run in 0..=runs {
        apps.push(launch(&app, &format!("app{run}"), Start::Fresh).await);
        // Without a floor (the memory levers' runs) the returning admin's ratio has nothing to
        // stand on: those launches are skipped.
        if let Some(floor) = &floor {
            floors.push(launch(floor, &format!("floor{run}"), Start::Floor).await);
            saved.push(launch(&app, &format!("saved{run}"), Start::Saved).await);
        }
    }
    print_measures(&apps, &saved, &floors);
    println!();
    print_phases(
        &apps[1..],
        saved.get(1..).unwrap_or_default(),
        floors.get(1..).unwrap_or_default(),
    );
}
