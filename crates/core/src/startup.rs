//! Start-up timing: the UI says when its first screen is interactive (`ui_ready`), and Rust
//! timestamps that against the process's own start, so benchmarks need no polling. The steps the
//! app takes before its first frame are recorded as phases, so the benchmark can price each one
//! against an empty window that takes none of them.

use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use serde::Serialize;
use ts_rs::TS;

static MAIN_ENTERED: OnceLock<Instant> = OnceLock::new();
static PHASES: Mutex<Vec<StartupPhase>> = Mutex::new(Vec::new());

/// One step before the first frame, finished `ms` after the process started.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StartupPhase {
    pub name: String,
    #[ts(type = "number")]
    pub ms: u64,
}

/// What `ui_ready` answers: the first interactive frame and the phases before it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StartupTiming {
    #[ts(type = "number")]
    pub ready_ms: u64,
    pub phases: Vec<StartupPhase>,
}

/// Call first thing in `run()`: the fallback clock where the OS's start time is unknown.
pub fn mark() {
    let _ = MAIN_ENTERED.set(Instant::now());
    phase("main");
}

/// Records that the step `name` has just finished.
pub fn phase(name: &str) {
    let ms = elapsed_ms();
    let mut phases = PHASES.lock().unwrap_or_else(|e| e.into_inner());
    phases.push(StartupPhase {
        name: name.into(),
        ms,
    });
}

/// The first frame, now, with the phases recorded so far.
pub fn ready() -> StartupTiming {
    let phases = PHASES.lock().unwrap_or_else(|e| e.into_inner()).clone();
    StartupTiming {
        ready_ms: elapsed_ms(),
        phases,
    }
}

/// Milliseconds since the process started (exec included on Linux; since `main` elsewhere).
pub fn elapsed_ms() -> u64 {
    #[cfg(target_os = "linux")]
    if let Some(ms) = linux_since_exec_ms() {
        return ms;
    }
    MAIN_ENTERED
        .get()
        .map_or(0, |t| t.elapsed().as_millis() as u64)
}

/// From /proc: the process's start time (clock ticks since boot) against the uptime.
#[cfg(target_os = "linux")]
fn linux_since_exec_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name may contain spaces: fields count from after its closing parenthesis.
    let fields: Vec<&str> = stat[stat.rfind(')')? + 2..].split_whitespace().collect();
    let start_ticks: f64 = fields.get(19)?.parse().ok()?;
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    // 100 ticks per second on every mainstream Linux configuration.
    Some(((uptime - start_ticks / 100.0) * 1000.0).max(0.0) as u64)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_process_age_is_plausible_and_phases_come_in_order() {
        super::mark();
        super::phase("later");
        let timing = super::ready();
        assert!(timing.ready_ms < 10 * 60 * 1000, "{timing:?}");
        let names: Vec<&str> = timing.phases.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["main", "later"]);
        assert!(timing.phases.windows(2).all(|w| w[0].ms <= w[1].ms));
        assert!(timing.phases.iter().all(|p| p.ms <= timing.ready_ms));
    }
}
