//! The Test as plain text: what "Copy details" in the window and the CLI's human output show.
//! One writer, so both say the same; it holds only what the report holds (no secret, no
//! integration code).

use super::report::{CheckStatus, TestReport};
use crate::autotask::ZoneSource;

fn mark(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Pass => "pass",
        CheckStatus::Warn => "warn",
        CheckStatus::Fail => "FAIL",
        CheckStatus::Skipped => "skip",
        CheckStatus::Pending | CheckStatus::Running => "....",
    }
}

fn zone_line(report: &TestReport) -> String {
    let Some(zone) = &report.zone else {
        return "Zone: not found".into();
    };
    let name = match (&zone.name, zone.source) {
        (Some(name), _) => name.as_str(),
        (None, ZoneSource::Manual) => "entered manually",
        (None, ZoneSource::Lookup) => "unknown name",
    };
    format!("Zone: {name} ({}) {}", zone.host, zone.api_url)
}

/// The rights beyond need, one per line, with the fix once.
fn excess_lines(report: &TestReport, lines: &mut Vec<String>) {
    if report.excess_permissions.is_empty() {
        return;
    }
    lines.push(format!(
        "More than Vectis needs ({}):",
        report.excess_permissions.len()
    ));
    for e in &report.excess_permissions {
        let level = serde_json::to_value(e.level).unwrap_or_default();
        lines.push(format!(
            "  {} ({})",
            e.words(),
            level.as_str().unwrap_or("")
        ));
    }
    lines.push(format!("  Fix: {}", super::excess::LEAST_PRIVILEGE_FIX));
}

pub fn details(report: &TestReport) -> String {
    let mut lines = vec![
        format!("Vectis Autotask Setup: {}", report.message),
        zone_line(report),
    ];
    if let Some(tenant) = &report.tenant {
        lines.push(format!("Tenant: {}", tenant.describe()));
    }
    for check in &report.checks {
        let mut line = format!("  [{}] {}", mark(check.status), check.label);
        if !check.message.is_empty() {
            line.push_str(&format!(": {}", check.message));
        }
        lines.push(line);
    }
    excess_lines(report, &mut lines);
    for w in &report.warnings {
        let code = serde_json::to_value(w.code).unwrap_or_default();
        lines.push(format!(
            "Warning {}: {}",
            code.as_str().unwrap_or(""),
            w.message
        ));
        lines.push(format!("  Fix: {}", w.remediation));
    }
    if let Some(error) = &report.error {
        let code = serde_json::to_value(error.code).unwrap_or_default();
        lines.push(format!(
            "Error {}: {}",
            code.as_str().unwrap_or(""),
            error.message
        ));
        lines.push(format!("Fix: {}", error.remediation));
    }
    lines.push(format!("Took {} ms", report.elapsed_ms));
    lines.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::autotask::connection_test::CheckId;
    use crate::autotask::Zone;
    use crate::error::{ErrorCode, IpcError};

    #[test]
    fn details_carry_codes_and_messages_one_line_per_check() {
        let mut report = TestReport::new(false);
        report.message = "Could not reach Autotask".into();
        report.zone = Some(Zone {
            name: None,
            api_url: "https://webservices15.autotask.net/ATServicesRest/".into(),
            web_url: None,
            host: "webservices15.autotask.net".into(),
            source: ZoneSource::Manual,
            moved_from: None,
            ci: None,
        });
        report
            .checks
            .retain(|c| matches!(c.id, CheckId::Zone | CheckId::SignIn));
        report.checks[0].status = CheckStatus::Pass;
        report.checks[0].message = "ok".into();
        report.checks[1].status = CheckStatus::Fail;
        report.error = Some(IpcError::new(ErrorCode::Timeout, "Too slow.", "Try again."));
        report.elapsed_ms = 42;
        assert_eq!(
            details(&report).lines().collect::<Vec<_>>(),
            [
                "Vectis Autotask Setup: Could not reach Autotask",
                "Zone: entered manually (webservices15.autotask.net) https://webservices15.autotask.net/ATServicesRest/",
                "  [pass] Find the Autotask zone: ok",
                "  [FAIL] Sign in as the API user",
                "Error timeout: Too slow.",
                "Fix: Try again.",
                "Took 42 ms",
            ]
        );
    }
}
