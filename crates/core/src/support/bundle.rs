//! The support bundle: one JSON document, a short readable `summary` first, every string in it
//! passed through the [`Redactor`] before it is written.

use serde::Serialize;
use serde_json::{json, Value};

use super::logs::LogTail;
use super::redact::Redactor;
use super::system::AppBuild;
use crate::autotask::connection_test::TestReport;
use crate::autotask::timeline::TimelineEntry;
use crate::error::ErrorCode;
use crate::policy::Policy;
use crate::storage::ConnectionStatus;

/// The format's name and version, for whoever reads the file.
/// Version 2: `summary` is a list of lines (version 1 had one string with `\n` in it, which a
/// JSON viewer shows as literal `\n`) and `lastTest` names the API user tested.
pub const FORMAT: &str = "vectis-support-bundle/2";

/// The last Test this process ran: its report (already redacted), requests and the values to
/// redact for it (its credentials, which may never have been saved).
#[derive(Debug, Clone)]
pub struct LastRun {
    pub at: String,
    /// The API user that was tested (not a secret; an unsaved Test has no other record of it).
    pub username: String,
    pub report: TestReport,
    pub timeline: Vec<TimelineEntry>,
    pub redactor: Redactor,
}

/// Everything the document is made of, gathered by the service.
#[derive(Debug, Default)]
pub struct BundleParts {
    pub generated_at: String,
    pub app: Option<AppBuild>,
    pub os: String,
    pub webview: String,
    pub demo: bool,
    pub custom_endpoint: Option<String>,
    pub policy: Option<Policy>,
    pub connection: Option<ConnectionStatus>,
    /// `…` and the integration code's last four characters.
    pub integration_code_end: Option<String>,
    /// Why the saved connection or its keychain entry could not be read.
    pub problems: Vec<String>,
    pub last_run: Option<LastRun>,
    pub log: LogTail,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document {
    summary: Vec<String>,
    format: &'static str,
    generated_at: String,
    app: Value,
    system: Value,
    mode: Value,
    connection: Value,
    last_test: Value,
    request_timeline: Value,
    log: Value,
}

/// `…` and the last four characters; nothing of a value too short to hide the rest.
pub fn last_four(value: &str) -> String {
    let chars: Vec<char> = value.trim().chars().collect();
    if chars.len() <= 8 {
        return "…".into();
    }
    format!("…{}", chars[chars.len() - 4..].iter().collect::<String>())
}

fn connection_line(parts: &BundleParts) -> String {
    let Some(status) = parts.connection.as_ref().filter(|s| s.configured) else {
        return "Connection: none saved.".into();
    };
    let zone = status.zone.as_ref().map_or("no zone".into(), |z| {
        format!(
            "{} ({})",
            z.name.as_deref().unwrap_or("unnamed zone"),
            z.host
        )
    });
    let mut line = format!(
        "Connection: {} in {zone}, integration code {}, secret {}.",
        status.username.as_deref().unwrap_or("?"),
        parts.integration_code_end.as_deref().unwrap_or("unknown"),
        if status.secret_present {
            "stored"
        } else {
            "MISSING"
        },
    );
    if let Some(tenant) = &status.tenant {
        line.push_str(&format!(" Tenant: {}.", tenant.describe()));
    }
    if let Some(last) = &status.last_test {
        let verdict = match (last.ok, last.code) {
            (true, _) => "passed",
            (false, Some(ErrorCode::Cancelled)) => "was stopped",
            (false, _) => "failed",
        };
        line.push_str(&format!(" Last saved Test {verdict} at {}.", last.at));
    }
    if status.rejected.is_some() {
        line.push_str(" Autotask rejected these credentials: nothing is sent until a retry.");
    }
    line.push_str(&life_text(&status.life));
    line
}

/// The secret's age, the reminder and a switch, for the summary.
fn life_text(life: &crate::storage::SecretLife) -> String {
    let mut text = String::new();
    if let (Some(at), Some(days)) = (&life.secret_set_at, life.secret_age_days) {
        text.push_str(&format!(" Secret saved {days} days ago ({at})"));
        match &life.last_verified_at {
            Some(v) => text.push_str(&format!(", last verified {v}.")),
            None => text.push_str(", never verified since."),
        }
    }
    if life.rotation_due {
        let days = life.rotation_reminder_days.unwrap_or_default();
        text.push_str(&format!(" Rotation due (policy: every {days} days)."));
    }
    if let Some(old) = &life.old_user {
        let retired = old
            .retired_at
            .as_deref()
            .map_or("not yet confirmed retired".into(), |at| {
                format!("confirmed retired {at}")
            });
        text.push_str(&format!(
            " Switched from API user {} at {} ({retired}).",
            old.username, old.switched_at
        ));
    }
    text
}

/// What the admin affirmed in the guide (the API cannot verify it), with dates.
fn affirmed_line(parts: &BundleParts) -> String {
    let affirmed = parts
        .connection
        .as_ref()
        .map(|c| &c.affirmed[..])
        .unwrap_or_default();
    if affirmed.is_empty() {
        return "Affirmed in the setup guide (not verifiable by the API): nothing.".into();
    }
    let items: Vec<String> = affirmed
        .iter()
        .map(|a| format!("{} ({})", a.statement.trim_end_matches('.'), a.at))
        .collect();
    format!(
        "Affirmed in the setup guide (not verifiable by the API): {}.",
        items.join("; ")
    )
}

fn test_line(run: Option<&LastRun>) -> String {
    let Some(run) = run else {
        return "Test: none ran in this session.".into();
    };
    let r = &run.report;
    let stopped = r
        .error
        .as_ref()
        .is_some_and(|e| e.code == ErrorCode::Cancelled);
    let verdict = match (r.ok, stopped) {
        (true, _) => "passed",
        (false, true) => "Stopped (not a result)",
        (false, false) => "FAILED",
    };
    let mut line = format!(
        "Test of {} at {}: {verdict} in {} ms: {}",
        run.username, run.at, r.elapsed_ms, r.message
    );
    if let Some(e) = &r.error {
        let code = serde_json::to_value(e.code).unwrap_or_default();
        line.push_str(&format!(
            " [{}] Fix: {}",
            code.as_str().unwrap_or(""),
            e.remediation
        ));
    }
    if !r.excess_permissions.is_empty() {
        let words: Vec<String> = r.excess_permissions.iter().map(|e| e.words()).collect();
        line.push_str(&format!(" More than Vectis needs: {}.", words.join(", ")));
    }
    for w in &r.warnings {
        line.push_str(&format!(" Warning: {}", w.message));
    }
    let failed = run
        .timeline
        .iter()
        .filter(|t| t.status.is_none_or(|s| s >= 400))
        .count();
    line.push_str(&format!(
        " Requests: {} ({failed} failed).",
        run.timeline.len()
    ));
    line
}

/// One line per entry, so the document shows real line breaks wherever it is read.
fn summary(parts: &BundleParts) -> Vec<String> {
    let app = parts.app.clone().unwrap_or_else(AppBuild::current);
    let mode = match (&parts.custom_endpoint, parts.demo) {
        (Some(url), true) => format!("Demo against the simulator at {url}."),
        (Some(url), false) => format!("Custom endpoint {url} (not Autotask's own servers)."),
        (None, _) => "Autotask's own servers.".into(),
    };
    let policy = match parts.policy.as_ref().and_then(|p| p.source.as_deref()) {
        Some(source) => format!(" Managed by policy ({source})."),
        None => String::new(),
    };
    [
        format!(
            "Vectis Autotask Setup {} ({}, {}) on {}; WebView {}.",
            app.version, app.profile, app.target, parts.os, parts.webview
        ),
        format!("{mode}{policy}"),
        connection_line(parts),
        affirmed_line(parts),
        test_line(parts.last_run.as_ref()),
        log_line(&parts.log),
    ]
    .into()
}

fn log_line(log: &LogTail) -> String {
    let mut line = format!("Log: the last {} lines.", log.lines.len());
    if log.left_out > 0 {
        line.push_str(&format!(
            " {} keychain library debug lines left out (lookups of the keychain entry; they carry no secret).",
            log.left_out
        ));
    }
    line
}

fn connection(parts: &BundleParts) -> Value {
    let mut value = json!({
        "saved": parts.connection,
        "integrationCode": parts.integration_code_end,
        "secret": "never included",
        "breakerOpen": parts.connection.as_ref().is_some_and(|c| c.rejected.is_some()),
    });
    if !parts.problems.is_empty() {
        value["problems"] = json!(parts.problems);
    }
    value
}

/// The document as pretty JSON, every string redacted.
pub fn document(parts: &BundleParts, redactor: &Redactor) -> String {
    let clean = |mut v: Value| {
        redactor.redact_json(&mut v);
        v
    };
    let run = parts.last_run.as_ref();
    let doc = Document {
        summary: summary(parts).iter().map(|l| redactor.redact(l)).collect(),
        format: FORMAT,
        generated_at: parts.generated_at.clone(),
        app: clean(json!(parts.app.clone().unwrap_or_else(AppBuild::current))),
        system: clean(json!({ "os": parts.os, "webview": parts.webview })),
        mode: clean(json!({
            "demo": parts.demo,
            "customEndpoint": parts.custom_endpoint,
            "policy": parts.policy,
        })),
        connection: clean(connection(parts)),
        last_test: clean(json!(run.map(
            |r| json!({ "at": r.at, "username": r.username, "report": r.report })
        ))),
        request_timeline: clean(json!(run.map(|r| &r.timeline))),
        log: clean(json!(parts.log)),
    };
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    // Every string was redacted; this only guards against a value split across strings.
    if redactor.finds(&text) {
        return redactor.redact(&text);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ErrorCode, IpcError};
    use crate::storage::Rejection;

    const SECRET: &str = "Canary\"Se/cret\\7731$zz";
    const CODE: &str = "CANARYINTEGRATIONCODE7731ZZ";

    fn parts() -> BundleParts {
        let mut report = TestReport::new(true);
        report.message = format!("Autotask said: secret {SECRET} is wrong");
        report.error = Some(IpcError::new(
            ErrorCode::InvalidIntegrationCode,
            format!("IntegrationCode {} is invalid.", CODE.to_lowercase()),
            "Copy the integration code again.",
        ));
        report.excess_permissions = vec![crate::autotask::connection_test::ExcessPermission {
            entity: "Invoices".into(),
            label: "Invoices".into(),
            access: crate::autotask::connection_test::AccessKind::Read,
            level: crate::autotask::connection_test::AccessLevel::All,
        }];
        let status = ConnectionStatus {
            configured: true,
            secret_present: true,
            username: Some("key@msp.com".into()),
            zone: None,
            tenant: Some(crate::autotask::connection_test::Tenant {
                name: Some("Contoso Managed Services".into()),
                id: Some(20264),
            }),
            backend: "memory".into(),
            last_test: None,
            defaults: None,
            saved_at: None,
            notice: None,
            rejected: Some(Rejection {
                at: "2026-01-01T00:00:00Z".into(),
                code: ErrorCode::InvalidCredentials,
                message: "Autotask refused the secret".into(),
            }),
            life: crate::storage::SecretLife {
                secret_set_at: Some("2025-10-10T00:00:00Z".into()),
                secret_age_days: Some(84),
                rotation_reminder_days: Some(60),
                rotation_due: true,
                ..Default::default()
            },
            affirmed: vec![crate::storage::Affirmed {
                item: crate::storage::Affirmation::AllLinesOfBusiness,
                at: "2025-10-09T08:00:00Z".into(),
                statement: crate::storage::Affirmation::AllLinesOfBusiness
                    .statement()
                    .into(),
            }],
        };
        BundleParts {
            generated_at: "2026-01-02T00:00:00Z".into(),
            os: "Linux".into(),
            webview: "unknown".into(),
            custom_endpoint: Some("http://127.0.0.1:1/atservicesrest/".into()),
            connection: Some(status),
            integration_code_end: Some(last_four(CODE)),
            last_run: Some(LastRun {
                at: "2026-01-02T00:00:00Z".into(),
                username: "tested@msp.com".into(),
                report,
                timeline: vec![TimelineEntry {
                    seq: 0,
                    at_ms: 0,
                    method: "GET".into(),
                    host: "webservices15.autotask.net".into(),
                    path: "/ATServicesRest/V1.0/Version".into(),
                    status: Some(500),
                    ms: 12,
                    failure: None,
                    messages: vec![format!("echo: {}", SECRET.to_uppercase())],
                }],
                redactor: Redactor::new(),
            }),
            log: LogTail {
                file: Some("x.log".into()),
                lines: vec![format!(
                    "INFO secret={}",
                    serde_json::to_string(SECRET).unwrap()
                )],
                left_out: 12,
            },
            ..Default::default()
        }
    }

    #[test]
    fn the_document_starts_with_a_summary_and_holds_no_canary() {
        let redactor = Redactor::new()
            .with_secret(SECRET)
            .with_integration_code(CODE);
        let text = document(&parts(), &redactor);
        assert!(
            text.starts_with("{\n  \"summary\": [\n    \"Vectis Autotask Setup "),
            "{text}"
        );
        let json_secret = serde_json::to_string(SECRET).unwrap();
        for probe in [SECRET, CODE, &json_secret[1..json_secret.len() - 1]] {
            for hay in [text.clone(), text.to_uppercase(), text.to_lowercase()] {
                assert!(!hay.contains(&probe.to_uppercase()), "{probe} in {text}");
                assert!(!hay.contains(&probe.to_lowercase()), "{probe} in {text}");
            }
        }
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["format"], FORMAT);
        assert_eq!(doc["connection"]["integrationCode"], "…31ZZ");
        assert_eq!(doc["connection"]["breakerOpen"], true);
        assert_eq!(doc["requestTimeline"][0]["status"], 500);
        assert_eq!(
            doc["lastTest"]["report"]["error"]["code"],
            "invalid_integration_code"
        );
        let lines: Vec<&str> = doc["summary"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect();
        // One line per entry: a viewer shows line breaks, never a literal `\n`.
        assert_eq!(lines.len(), 6, "{lines:#?}");
        assert!(lines.iter().all(|l| !l.contains('\n')), "{lines:#?}");
        assert!(
            lines[4].starts_with("Test of tested@msp.com at 2026-01-02T00:00:00Z: FAILED"),
            "the API user tested, saved or not: {}",
            lines[4]
        );
        assert_eq!(doc["lastTest"]["username"], "tested@msp.com");
        assert!(lines[5].contains("12 keychain library debug lines left out"));
        let summary = lines.join("\n");
        assert!(summary.contains("rejected these credentials"), "{summary}");
        assert!(summary.contains("Requests: 1 (1 failed)"), "{summary}");
        assert!(
            summary.contains("Tenant: Contoso Managed Services (tenant 20264).")
                && summary.contains("More than Vectis needs: read Invoices."),
            "the tenant and the rights beyond need: {summary}"
        );
        assert_eq!(
            doc["lastTest"]["report"]["excessPermissions"][0]["entity"],
            "Invoices"
        );
        assert!(
            summary.contains("Secret saved 84 days ago (2025-10-10T00:00:00Z), never verified")
                && summary.contains("Rotation due (policy: every 60 days)")
                && summary.contains(
                    "Line of Business association (or none are used) (2025-10-09T08:00:00Z)"
                ),
            "{summary}"
        );
        assert_eq!(doc["connection"]["saved"]["secretAgeDays"], 84);
        assert_eq!(doc["connection"]["saved"]["rotationDue"], true);
        assert_eq!(
            doc["connection"]["saved"]["affirmed"][0]["item"],
            "allLinesOfBusiness"
        );
        assert!(last_four("short").starts_with('…') && last_four("short").len() < 5);
    }
}
