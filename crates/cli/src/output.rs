//! How results reach a script or a person: one JSON object with `--json`, readable text
//! otherwise, and exit codes 0 (ok), 1 (failed), 2 (bad usage or input).

use serde_json::json;
use vectis_core::autotask::connection_test::{CheckStatus, TestReport};
use vectis_core::autotask::ZoneSource;
use vectis_core::error::IpcError;

pub const EXIT_OK: i32 = 0;
pub const EXIT_FAILED: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

pub fn print_error(json_out: bool, error: &IpcError) {
    if json_out {
        println!(
            "{}",
            json!({"ok": false, "message": error.message, "error": error})
        );
    } else {
        eprintln!("Error: {}", error.message);
        eprintln!("Fix: {}", error.remediation);
    }
}

fn status_mark(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Pass => "pass",
        CheckStatus::Warn => "warn",
        CheckStatus::Fail => "FAIL",
        CheckStatus::Skipped => "skip",
        CheckStatus::Pending | CheckStatus::Running => "....",
    }
}

pub fn render_report(report: &TestReport) -> String {
    let mut out = format!("{}\n", report.message);
    if let Some(zone) = &report.zone {
        let source = match zone.source {
            ZoneSource::Lookup => "looked up",
            ZoneSource::Manual => "entered",
        };
        out.push_str(&format!(
            "Zone: {} ({source}) {}\n",
            zone.name.as_deref().unwrap_or("unknown name"),
            zone.api_url
        ));
    }
    for check in &report.checks {
        out.push_str(&format!(
            "  [{}] {}",
            status_mark(check.status),
            check.label
        ));
        if !check.message.is_empty() {
            out.push_str(&format!(": {}", check.message));
        }
        out.push('\n');
    }
    if let Some(error) = &report.error {
        out.push_str(&format!("Fix: {}\n", error.remediation));
    }
    out.push_str(&format!("Took {} ms\n", report.elapsed_ms));
    out
}
