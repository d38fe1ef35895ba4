//! `diagnose`: the support bundle from the command line against the simulator: after a failed
//! check with the real binary, its log and the real Secret Service (run through `.ci/session`),
//! the rest in-process (`shell`). A canary secret and integration code, also planted in the log,
//! must not appear in the file in any form.

use crate::shell::Shell;
use crate::support::{assert_exit, Machine, Runner};
use serde_json::Value;
use test_support::canary::{assert_clean, CODE, SECRET, USERNAME};
use test_support::*;

/// Appends a leaky line (raw, JSON-escaped, other case) to the newest log file.
fn plant_in_log(m: &Machine) {
    let dir = m.home.path().join("data/vectis-autotask-setup-custom/logs");
    let newest = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .max_by_key(|p| std::fs::metadata(p).unwrap().modified().unwrap())
        .expect("a log file");
    let line = format!(
        "2026-01-01T00:00:00Z WARN planted secret={SECRET} json={} code={}\n",
        serde_json::to_string(SECRET).unwrap(),
        CODE.to_lowercase()
    );
    let mut text = std::fs::read_to_string(&newest).unwrap();
    text.push_str(&line);
    std::fs::write(&newest, text).unwrap();
}

fn connect(m: &impl Runner) {
    let out = m.cli(
        &[
            "connect",
            "--username",
            USERNAME,
            "--secret-stdin",
            "--queue",
            "29682833",
            "--category",
            "3",
            "--json",
        ],
        Some(&format!("{SECRET}\n")),
        &[("VECTIS_AUTOTASK_INTEGRATION_CODE", CODE)],
    );
    assert_exit(&out, 0, "");
}

#[tokio::test(flavor = "multi_thread")]
async fn diagnose_after_a_failed_check_writes_a_clean_bundle() {
    let sim = canary_sim().await;
    let m = Machine::new(&sim, "diagnose");
    tokio::task::block_in_place(|| {
        connect(&m);
        // Autotask no longer knows the integration code: the check fails (no rejection).
        let patch = autotask_sim::UserPatch {
            integration_codes: Some(vec!["OTHERINTEGRATIONCODE0000000".into()]),
            ..Default::default()
        };
        assert!(sim.sim.patch_user(USERNAME, patch));
        let out = m.run(&["check"], None, &[]);
        assert_exit(&out, 1, "");
        plant_in_log(&m);

        let file = m.home.path().join("bundle.json");
        let out = m.run(
            &["diagnose", "--test", "--output", file.to_str().unwrap()],
            None,
            &[],
        );
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert_exit(&out, 0, "");
        assert!(stderr.contains("Support bundle written to"), "{stderr}");
        assert_clean(&stderr, "stderr");
        assert_clean(&String::from_utf8_lossy(&out.stdout), "stdout");
        let text = std::fs::read_to_string(&file).unwrap();
        assert_clean(&text, "the bundle");
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert!(doc["summary"][0]
            .as_str()
            .unwrap()
            .starts_with("Vectis Autotask Setup "));
        assert_eq!(doc["system"]["webview"], "not applicable");
        assert_eq!(doc["connection"]["integrationCode"], "…31ZZ");
        assert_eq!(doc["connection"]["saved"]["username"], USERNAME);
        assert_eq!(doc["connection"]["breakerOpen"], false);
        let report = &doc["lastTest"]["report"];
        assert_eq!(report["error"]["code"], "invalid_integration_code");
        assert!(report["checks"].as_array().unwrap().len() > 3);
        let timeline = doc["requestTimeline"].as_array().unwrap();
        assert!(timeline
            .iter()
            .any(|r| r["status"].as_u64().is_some_and(|s| s >= 400)));
        assert!(timeline
            .iter()
            .all(|r| r["host"].is_string() && r["ms"].is_u64()));
        let log = doc["log"]["lines"].as_array().unwrap();
        assert!(log.iter().any(|l| l
            .as_str()
            .unwrap()
            .contains("planted secret=[redacted secret]")));
        assert!(doc["mode"]["policy"].is_object());
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn diagnose_without_test_sends_nothing_and_prints_the_bundle() {
    let sim = canary_sim().await;
    let m = Shell::new(&sim);
    tokio::task::block_in_place(|| {
        connect(&m);
        sim.sim.clear_requests();
        let out = m.run(&["diagnose"], None, &[]);
        assert_exit(&out, 0, "");
        assert!(sim.sim.requests().is_empty(), "no request without --test");
        let text = String::from_utf8_lossy(&out.stdout);
        assert_clean(&text, "stdout");
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["lastTest"], Value::Null);
        assert_eq!(doc["connection"]["saved"]["lastTest"]["ok"], true);
        assert!(doc["summary"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l.as_str().unwrap().contains("none ran in this session")));

        let out = m.run(
            &["diagnose", "--output", "/nonexistent-dir/b.json"],
            None,
            &[],
        );
        assert_exit(&out, 1, "an unwritable path fails");
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn autotask_s_own_words_from_a_plain_text_500_reach_the_json_details_and_bundle() {
    let sim = canary_sim().await;
    let m = Shell::new(&sim);
    tokio::task::block_in_place(|| {
        connect(&m);
        // The .NET text the real service leaks when it fails inside: not JSON at all.
        sim.sim.set_faults(autotask_sim::Faults {
            rules: vec![autotask_sim::FaultRule {
                path_contains: "/version".into(),
                kind: Some(autotask_sim::FaultKind::PlainText500),
                ..Default::default()
            }],
            ..Default::default()
        });
        let said = "Object reference not set to an instance of an object.";
        let out = m.run(&["check", "--json"], None, &[]);
        assert_exit(&out, 1, "");
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["error"]["code"], "server_error");
        assert!(
            json["error"]["message"].as_str().unwrap().contains(said),
            "{json}"
        );
        assert!(json["details"].as_str().unwrap().contains(said), "{json}");
        let file = m.home.path().join("bundle.json");
        let out = m.run(
            &["diagnose", "--test", "--output", file.to_str().unwrap()],
            None,
            &[],
        );
        assert_exit(&out, 0, "");
        let text = std::fs::read_to_string(&file).unwrap();
        assert_clean(&text, "the bundle");
        let doc: Value = serde_json::from_str(&text).unwrap();
        let message = doc["lastTest"]["report"]["error"]["message"]
            .as_str()
            .unwrap();
        assert!(message.contains(said), "{message}");
    });
}
