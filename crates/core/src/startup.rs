//! Start-up timing: the UI says when its first screen is interactive (`ui_ready`), and Rust
//! timestamps that against the process's own start, so benchmarks need no polling. The steps the
//! app takes before its first frame are recorded as phases, so the benchmark can price each one
//! against an empty window that takes none of them.

use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde::Serialize;
use ts_rs::TS;

/// When `main` began: on the monotonic clock, and in ms since the process started.
static MAIN_ENTERED: OnceLock<(Instant, u64)> = OnceLock::new();
static PHASES: Mutex<Vec<StartupPhase>> = Mutex::new(Vec::new());
static FIRST_FRAME: Gate = Gate::new();

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
    /// The process's start on the wall clock (ms since the Unix epoch): the page puts its own
    /// times on the process clock with `performance.timeOrigin`, not with the reply's arrival,
    /// which comes late whenever the UI process is busy presenting a frame.
    pub started_epoch_ms: f64,
}

/// Call first thing in `run()`: the process's age is read once, here, and later phases add the
/// monotonic clock to it, so steps a few ms apart are not lost to the OS's 10 ms start-time tick.
pub fn mark() {
    let _ = MAIN_ENTERED.set((Instant::now(), since_exec_ms().unwrap_or(0)));
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

/// Opens once: threads waiting on it go on (`after_first_frame`).
struct Gate {
    open: Mutex<bool>,
    opened: Condvar,
}

impl Gate {
    const fn new() -> Self {
        Self {
            open: Mutex::new(false),
            opened: Condvar::new(),
        }
    }

    fn open(&self) {
        *self.open.lock().unwrap_or_else(|e| e.into_inner()) = true;
        self.opened.notify_all();
    }

    /// Blocks until the gate opens or `deadline` passes.
    fn wait(&self, deadline: Duration) {
        let open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let _ = self
            .opened
            .wait_timeout_while(open, deadline, |open| !*open);
    }
}

/// Runs `work` on its own thread once the first frame is reported, or after `deadline` if the UI
/// never reports: start-up work that no screen waits for (tidying the keychain) must not take the
/// CPU the first frame needs on a two-core desktop.
pub fn after_first_frame(deadline: Duration, work: impl FnOnce() + Send + 'static) {
    std::thread::spawn(move || {
        FIRST_FRAME.wait(deadline);
        work();
    });
}

/// The first frame, now, with the phases recorded so far.
pub fn ready() -> StartupTiming {
    FIRST_FRAME.open();
    let phases = PHASES.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let ready_ms = elapsed_ms();
    StartupTiming {
        ready_ms,
        phases,
        started_epoch_ms: epoch_ms() - ready_ms as f64,
    }
}

/// Now on the wall clock, ms since the Unix epoch: the clock the page's `timeOrigin` is on.
fn epoch_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// Milliseconds since the process started (exec included on Linux; since `main` elsewhere).
pub fn elapsed_ms() -> u64 {
    match MAIN_ENTERED.get() {
        Some((at, age)) => age + at.elapsed().as_millis() as u64,
        None => since_exec_ms().unwrap_or(0),
    }
}

fn since_exec_ms() -> Option<u64> {
    #[cfg(target_os = "linux")]
    return linux_since_exec_ms();
    #[cfg(not(target_os = "linux"))]
    None
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
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    #[test]
    fn work_after_the_first_frame_waits_for_it_or_for_its_deadline() {
        let gate = Arc::new(super::Gate::new());
        let waiter = {
            let gate = gate.clone();
            std::thread::spawn(move || {
                gate.wait(Duration::from_secs(30));
                Instant::now()
            })
        };
        std::thread::sleep(Duration::from_millis(100));
        assert!(!waiter.is_finished(), "ran before the first frame");
        let opened = Instant::now();
        gate.open();
        assert!(waiter.join().unwrap() >= opened);
        // Open stays open; a closed gate gives up at the deadline.
        gate.wait(Duration::from_secs(30));
        let started = Instant::now();
        super::Gate::new().wait(Duration::from_millis(50));
        assert!(started.elapsed() >= Duration::from_millis(50));
    }

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
        let age = super::epoch_ms() - timing.started_epoch_ms;
        assert!(
            age >= timing.ready_ms as f64 && age < 10.0 * 60.0 * 1000.0,
            "{timing:?}"
        );
    }
}
