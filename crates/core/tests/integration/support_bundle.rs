//! The support bundle end to end inside the service: a canary secret and integration code in
//! the credentials, in a log line and in an error text a server echoes back must not appear
//! anywhere in the bundle or the report, in any case and after JSON escaping.

use std::sync::Arc;

use serde_json::Value;
use test_support::canary::{assert_clean, CODE, SECRET, USERNAME};
use test_support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use vectis_core::autotask::ticket_defaults::{DefaultField, TicketDefaults};
use vectis_core::autotask::{ClientConfig, EndpointPolicy};
use vectis_core::paths::Paths;
use vectis_core::secret::Secret;
use vectis_core::service::{Service, TestRequest, TestTarget};
use vectis_core::storage::{ConnectionStore, MemoryStore};
use vectis_core::support::BundleAbout;
use vectis_core::validation::CredentialsInput;

fn header<'a>(request: &'a str, name: &str) -> &'a str {
    request
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
        .unwrap_or("")
}

/// A server that finds the zone, then answers every call with a 500 echoing the credentials.
async fn echo_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/", listener.local_addr().unwrap());
    let zone = format!("{base}ATServicesRest/");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let zone = zone.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                let n = socket.read(&mut buf).await.unwrap_or(0);
                let request = String::from_utf8_lossy(&buf[..n]).to_string();
                let (status, body) = if request.contains("zoneInformation") {
                    let zone = serde_json::json!({ "zoneName": "Echo", "url": zone });
                    ("200 OK", zone.to_string())
                } else {
                    let echo = format!(
                        "Secret {} with code {} refused",
                        header(&request, "Secret"),
                        header(&request, "ApiIntegrationCode").to_lowercase()
                    );
                    (
                        "500 Internal Server Error",
                        serde_json::json!({ "errors": [echo] }).to_string(),
                    )
                };
                let answer = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(answer.as_bytes()).await;
            });
        }
    });
    format!("{base}atservicesrest/")
}

fn service(lookup: &str, dir: &std::path::Path) -> Service {
    let store = Arc::new(ConnectionStore::new(
        Arc::new(MemoryStore::default()),
        dir.join("config"),
    ));
    let paths = Paths {
        config_dir: dir.join("config"),
        log_dir: dir.join("logs"),
        keychain_service: "test".into(),
    };
    std::fs::create_dir_all(&paths.log_dir).unwrap();
    let policy = EndpointPolicy::custom(lookup).unwrap();
    Service::new(Ok(policy), Ok(store), ClientConfig::default()).with_mode(false, paths)
}

fn new_request(username: &str, secret: &str, code: &str) -> TestRequest {
    TestRequest {
        target: TestTarget::New {
            credentials: CredentialsInput {
                integration_code: Secret::new(code),
                username: username.into(),
                secret: Secret::new(secret),
                zone_url: None,
            },
        },
        wait_for_propagation: false,
        retry_rejected: false,
    }
}

/// A leaky log line, as if something had written the canary (raw, JSON-escaped, upper-case).
fn leaky_log(dir: &std::path::Path) {
    let line = format!(
        "2026-01-01T00:00:00Z WARN oops secret={SECRET} json={} CODE={}\n",
        serde_json::to_string(SECRET).unwrap(),
        CODE.to_lowercase()
    );
    std::fs::write(dir.join("logs/vectis-setup.2026-01-01.log"), line).unwrap();
}

#[tokio::test]
async fn an_echoed_canary_never_reaches_the_bundle_or_the_report() {
    let lookup = echo_server().await;
    let dir = tempfile::tempdir().unwrap();
    let service = service(&lookup, dir.path());
    leaky_log(dir.path());
    let report = service
        .start_test(new_request(USERNAME, SECRET, CODE), |_| {})
        .await
        .unwrap();
    assert_failed(&report);
    assert_clean(&serde_json::to_string(&report).unwrap(), "the report");
    assert_clean(&report.details, "Copy details");
    let text = service
        .support_bundle(BundleAbout {
            webview: "unknown".into(),
            policy: None,
        })
        .await;
    assert_clean(&text, "the bundle");
    let doc: Value = serde_json::from_str(&text).unwrap();
    let timeline = doc["requestTimeline"].as_array().unwrap();
    assert_eq!(
        timeline[0]["path"],
        "/atservicesrest/v1.0/zoneInformation?user=[username]"
    );
    assert_eq!(timeline[1]["status"], 500);
    let echoed = timeline[1]["messages"][0].as_str().unwrap();
    assert!(
        echoed.contains("[redacted secret]") && echoed.contains("[redacted integration code]"),
        "{echoed}"
    );
    let log = doc["log"]["lines"][0].as_str().unwrap();
    assert!(log.contains("secret=[redacted secret]"), "{log}");
    let summary = doc["summary"].as_array().unwrap();
    let test = summary
        .iter()
        .filter_map(Value::as_str)
        .find(|l| l.starts_with("Test of"))
        .unwrap();
    // An unsaved Test has no other record of the API user it tried (L7).
    assert!(
        test.starts_with(&format!("Test of {USERNAME} at ")) && test.contains("FAILED"),
        "{test}"
    );
    assert_eq!(doc["lastTest"]["username"], USERNAME);
    for header in ["apiintegrationcode", "\"secret:", "username:"] {
        assert!(
            !text.to_lowercase().contains(header),
            "no headers: {header}"
        );
    }
}

#[tokio::test]
async fn an_echoed_canary_never_reaches_the_live_test_events() {
    let lookup = echo_server().await;
    let dir = tempfile::tempdir().unwrap();
    let service = service(&lookup, dir.path());
    let seen = std::sync::Mutex::new(Vec::new());
    service
        .start_test(new_request(USERNAME, SECRET, CODE), |event| {
            seen.lock()
                .unwrap()
                .push(serde_json::to_string(&event).unwrap());
        })
        .await
        .unwrap();
    let seen = seen.into_inner().unwrap();
    let echoed: Vec<_> = seen.iter().filter(|e| e.contains("[redacted")).collect();
    assert!(
        !echoed.is_empty(),
        "the server's echo reaches a check message, redacted: {seen:#?}"
    );
    for event in &seen {
        assert_clean(
            event,
            "a live Test event (what the window's progress shows)",
        );
    }
}

#[tokio::test]
async fn a_saved_connection_shows_its_code_end_and_the_breaker() {
    let sim = canary_sim().await;
    let dir = tempfile::tempdir().unwrap();
    let service = service(&sim.lookup_url(), dir.path());
    leaky_log(dir.path());
    let report = service
        .start_test(new_request(USERNAME, SECRET, CODE), |_| {})
        .await
        .unwrap();
    assert!(report.ok, "{}", report.message);
    let defaults = TicketDefaults::default()
        .with(DefaultField::Queue, 29682833)
        .with(DefaultField::Category, 3);
    service.save_connection(defaults).await.unwrap();
    let patch = autotask_sim::UserPatch {
        secret: Some("another-secret-1".into()),
        ..Default::default()
    };
    assert!(sim.sim.patch_user(USERNAME, patch));
    let saved = TestRequest {
        target: TestTarget::Saved,
        wait_for_propagation: false,
        retry_rejected: false,
    };
    let report = service.start_test(saved, |_| {}).await.unwrap();
    assert_failed(&report);
    let text = service.support_bundle(BundleAbout::default()).await;
    assert_clean(&text, "the bundle");
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["connection"]["integrationCode"], "…31ZZ");
    assert_eq!(doc["connection"]["breakerOpen"], true);
    assert_eq!(doc["connection"]["saved"]["username"], USERNAME);
    assert_eq!(
        doc["lastTest"]["report"]["error"]["code"],
        "invalid_credentials"
    );
    assert!(doc["requestTimeline"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["status"] == 401 && r["host"] == "webservices15.autotask.net"));
}
