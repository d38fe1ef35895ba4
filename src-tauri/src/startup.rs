//! Start-up timing: the UI says when its first screen is interactive (`ui_ready`), and Rust
//! timestamps that against the process's own start, so benchmarks need no polling.

use std::sync::OnceLock;
use std::time::Instant;

static MAIN_ENTERED: OnceLock<Instant> = OnceLock::new();

/// Call first thing in `run()`: the fallback clock where the OS's start time is unknown.
pub fn mark() {
    let _ = MAIN_ENTERED.set(Instant::now());
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
    fn the_process_age_is_plausible() {
        super::mark();
        let ms = super::elapsed_ms();
        assert!(ms < 10 * 60 * 1000, "{ms}");
    }
}
